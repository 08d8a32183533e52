"""gongwen.dask: an archive over a Dask cluster of two worker processes, one of them killed
midway, merges into what one `gongwen archive` run writes."""

import os
import re
import signal
import threading
import time

import pytest

import gongwen
from conftest import CORPUS, SAMPLES, _missing, run

# How many reports to generate (fewer for a quick run by hand).
REPORTS = int(os.environ.get("GONGWEN_DASK_REPORTS", "1000"))
SHARDS = 8


def generate(directory, count):
    """`count` distinct reports: the sample and the corpus, each copy with its own title and
    figures, ten to a subdirectory."""
    sources = []
    for path in SAMPLES + (sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []):
        try:
            sources.append(path.read_text("utf-8"))
        except UnicodeDecodeError:
            continue  # the corpus's copies in their original encodings
    for i in range(count):
        text = sources[i % len(sources)]
        title, _, body = text.partition("\n")
        # Every figure of the first paragraph that has one shifted by the copy's number.
        body = re.sub(r"\d+(?=件|个|项|人|家)", lambda m: str(int(m.group()) + i), body, count=3)
        sub = directory / f"{i // 10:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"report-{i:04d}.txt").write_text(f"{title}（第{i}号）\n{body}", "utf-8")


class Killer(threading.Thread):
    """Kills (SIGKILL) the worker process running a shard once that shard has journaled a few
    reports, so the shard is cut midway; remembers which."""

    def __init__(self, client, out):
        super().__init__(daemon=True)
        self.client, self.out = client, out
        self.killed = None
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(0.2):
            for shard in range(SHARDS):
                journal = self.out / f"manifest.{shard}-of-{SHARDS}.jsonl"
                done = self.out / f"shard.{shard}-of-{SHARDS}.json"
                if done.exists() or not journal.exists() or journal.read_bytes().count(b"\n") < 5:
                    continue
                for worker, keys in self.client.processing().items():
                    if any(f"-{shard}-of-{SHARDS}" in str(key) for key in keys):
                        pid = self.client.run(os.getpid, workers=[worker])[worker]
                        os.kill(pid, signal.SIGKILL)
                        self.killed = shard
                        return


def test_a_dask_archive_survives_a_dead_worker(cli, tmp_path, monkeypatch):
    try:
        import distributed
    except ImportError:
        _missing("distributed is not installed (pip install -r tests/tools/requirements.txt)")
    import gongwen.dask

    # Workers inherit the environment: the same date in every PDF, as in the one-shot run.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    reports = tmp_path / "reports"
    generate(reports, REPORTS)
    out = tmp_path / "dask"
    started = time.monotonic()
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        killer = Killer(client, out)
        killer.start()
        done = gongwen.dask.archive([reports], out, client, shards=SHARDS)
        killer.stop.set()
        killer.join()
    took = time.monotonic() - started
    assert killer.killed is not None, "no worker was killed: the run was over too soon"
    assert (done.merged.shards, done.merged.inputs, done.merged.failed) == (SHARDS, REPORTS, 0)
    assert sum(s.jobs for s in done.shards) == REPORTS
    # The shard cut midway ran again and resumed: what it had journaled was left as it was.
    assert done.shards[killer.killed].unchanged >= 5

    started = time.monotonic()
    run(cli, "archive", str(reports), "-o", str(tmp_path / "cli"), "-q", "-j", "2")
    one_shot = time.monotonic() - started
    for name in ("manifest.jsonl", "SHA256SUMS"):
        ours = sorted((out / name).read_bytes().splitlines())
        theirs = sorted((tmp_path / "cli" / name).read_bytes().splitlines())
        assert ours == theirs, name
    print(f"{REPORTS} reports: Dask {took:.1f} s (a worker killed), one-shot -j 2 {one_shot:.1f} s")
