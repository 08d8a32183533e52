"""An archive spread over a Dask ``distributed`` cluster.

:func:`archive` splits the run into shards, as ``gongwen archive --shard I/N`` does, and runs one
task per shard: each worker calls :func:`gongwen.archive` with its shard, which lists every input,
keeps those whose relative path hashes to the shard and journals them into
``manifest.I-of-N.jsonl``. When every shard is done one more task merges them
(:func:`gongwen.merge`) into ``manifest.jsonl`` and ``SHA256SUMS``. The inputs and the archive
directory must be on a file system every worker sees (and the paths the same on each).

A worker that dies (killed, preempted, out of memory) takes its task with it; the scheduler runs
the task again elsewhere, and the shard resumes from its journal: what it had archived is
``unchanged``, the rest is done. Running :func:`archive` again after a failure does the same
for the whole run, as long as ``shards`` is the same.

Works on any cluster a :class:`distributed.Client` connects to: a ``LocalCluster``,
``dask_jobqueue.SLURMCluster`` (or PBS, SGE …), ``dask_kubernetes``' ``KubeCluster``. The
workers need ``gongwen`` installed, and ``SOURCE_DATE_EPOCH`` in their environment for
byte-identical PDFs from run to run.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Union

import gongwen

__all__ = ["DaskArchive", "archive"]


@dataclass(frozen=True)
class DaskArchive:
    """What :func:`archive` did: the merge, and each shard's summary (in shard order)."""

    merged: gongwen.MergeSummary
    shards: List[gongwen.ArchiveSummary]


def _archive_shard(
    index: int,
    count: int,
    paths: Sequence[str],
    out_dir: str,
    jobs: int,
    options: Dict[str, Any],
) -> gongwen.ArchiveSummary:
    """The task of one shard: the library's shard archive, as ``--shard index/count``."""
    return gongwen.archive(paths, out_dir, shard=(index, count), jobs=jobs, **options)


def archive(
    paths: Sequence[Union[str, "os.PathLike[str]"]],
    out_dir: Union[str, "os.PathLike[str]"],
    client: Any,
    shards: Optional[int] = None,
    *,
    jobs: int = 1,
    **options: Any,
) -> DaskArchive:
    """Archives ``paths`` (files, or directories searched for reports) into ``out_dir`` on the
    cluster of ``client`` (a :class:`distributed.Client`), in ``shards`` tasks (by default four
    for each worker thread, so a lost task costs little), each converting ``jobs`` files at
    once; then merges the shards. ``options`` are those of :func:`gongwen.archive` (``format``,
    ``pdfa``, ``encoding``, ``lossy``, ``max_input``, ``review``).

    Blocks until the merge is written. A shard or the merge that fails raises its error
    (:class:`gongwen.GongwenError`); inputs that fail alone are counted in ``failed``.
    """
    inputs = [os.fspath(p) for p in paths]
    directory = os.fspath(out_dir)
    if shards is None:
        shards = 4 * max(1, sum(client.nthreads().values()))
    if shards < 1:
        raise gongwen.GongwenError(f"shards={shards}: give at least one shard")
    run = uuid.uuid4().hex[:8]  # names the tasks on the dashboard, distinct from run to run
    futures = client.map(
        _archive_shard,
        range(shards),
        count=shards,
        paths=inputs,
        out_dir=directory,
        jobs=jobs,
        options=options,
        key=[f"gongwen-archive-{run}-{i}-of-{shards}" for i in range(shards)],
        pure=False,
    )
    done: List[gongwen.ArchiveSummary] = client.gather(futures)
    merged: gongwen.MergeSummary = client.submit(
        gongwen.merge, directory, key=f"gongwen-merge-{run}", pure=False
    ).result()
    return DaskArchive(merged=merged, shards=done)
