"""archive and merge: the manifest and checksums of `gongwen archive`, in one piece or in shards."""

import shutil
from pathlib import Path

import pytest

import gongwen
from conftest import SAMPLES, run


@pytest.fixture
def reports(tmp_path, corpus_or_samples, monkeypatch):
    """A directory of reports (the corpus and the sample, some in a subdirectory), archived
    with a fixed date so every run writes the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    directory = tmp_path / "reports"
    (directory / "sub").mkdir(parents=True)
    for i, path in enumerate(corpus_or_samples):
        shutil.copy(path, directory / ("sub" if i % 3 == 0 else "") / path.name)
    return directory


def lines(path):
    return sorted(path.read_bytes().splitlines())


def assert_same_archive(a, b):
    for name in ("manifest.jsonl", "SHA256SUMS"):
        assert lines(a / name) == lines(b / name), name


def test_an_archive_is_the_command_lines(cli, reports, tmp_path):
    done = gongwen.archive([reports], tmp_path / "py", jobs=2)
    count = sum(1 for p in reports.rglob("*.txt"))
    assert (done.archived, done.unchanged, done.failed) == (count, 0, 0)
    assert (done.inputs, done.jobs) == (count, count)
    assert done.manifest == str(tmp_path / "py" / "manifest.jsonl")
    run(cli, "archive", str(reports), "-o", str(tmp_path / "cli"), "-q", "-j", "2")
    assert_same_archive(tmp_path / "py", tmp_path / "cli")
    # Run again: nothing to do.
    again = gongwen.archive(str(reports), tmp_path / "py", jobs=2)
    assert (again.archived, again.unchanged) == (0, count)


def test_shards_merge_into_the_one_shot_archive(cli, reports, tmp_path):
    out = tmp_path / "shards"
    parts = [gongwen.archive([reports], out, shard=f"{i}/3", jobs=1) for i in range(2)]
    with pytest.raises(gongwen.GongwenError, match="shard 2/3 is missing"):
        gongwen.merge(out)
    parts.append(gongwen.archive([reports], out, shard=(2, 3), jobs=1))
    assert sum(p.jobs for p in parts) == parts[0].inputs
    assert parts[1].manifest == str(out / "manifest.1-of-3.jsonl")
    merged = gongwen.merge(out)
    assert (merged.shards, merged.inputs, merged.failed) == (3, parts[0].inputs, 0)
    run(cli, "archive", str(reports), "-o", str(tmp_path / "cli"), "-q")
    assert_same_archive(out, tmp_path / "cli")


def test_ofd_and_a_failed_input(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SAMPLES[0], reports)
    (reports / "empty.txt").write_bytes(b"")
    done = gongwen.archive([reports], tmp_path / "py", format="ofd", jobs=1)
    assert (done.archived, done.failed) == (1, 1)
    cli_run = run(cli, "archive", str(reports), "-o", str(tmp_path / "cli"), "--format", "ofd",
                  "-q", check=False)
    assert cli_run.returncode == 2
    assert_same_archive(tmp_path / "py", tmp_path / "cli")


def test_progress_is_called_as_each_input_finishes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(3):
        shutil.copy(SAMPLES[0], reports / f"r{i}.txt")
    (reports / "empty.txt").write_bytes(b"")
    calls = []
    done = gongwen.archive([reports], tmp_path / "a", jobs=2, progress=lambda *c: calls.append(c))
    assert (done.archived, done.failed) == (3, 1)
    assert [c[0] for c in calls] == [1, 2, 3, 4]
    assert {c[1] for c in calls} == {4}
    outcomes = sorted((Path(c[2]).name, c[3]) for c in calls)
    assert outcomes == [
        ("empty.txt", "failed"),
        ("r0.txt", "archived"),
        ("r1.txt", "archived"),
        ("r2.txt", "archived"),
    ]
    again = []
    gongwen.archive([reports], tmp_path / "a", jobs=2, progress=lambda *c: again.append(c[3]))
    assert sorted(again) == ["failed", "unchanged", "unchanged", "unchanged"]

    # An exception in the callback stops the calls; the run ends, then it is raised.
    seen = []

    def stop(*call):
        seen.append(call)
        raise KeyError("stop")

    with pytest.raises(KeyError, match="stop"):
        gongwen.archive([reports], tmp_path / "b", jobs=1, progress=stop)
    assert len(seen) == 1
    assert len((tmp_path / "b" / "manifest.jsonl").read_text().splitlines()) == 4
