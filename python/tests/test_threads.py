"""The GIL is released while the library works: threads read, check and convert at once, and
get what one thread gets."""

from concurrent.futures import ThreadPoolExecutor

import gongwen
from conftest import SAMPLES


def work(path):
    report = gongwen.read(path)
    return (
        report.to_xml(),
        report.figures,
        gongwen.check(report),
        gongwen.convert(report, to="md"),
    )


def test_four_threads_read_as_one(corpus_or_samples):
    inputs = corpus_or_samples * 2
    alone = [work(p) for p in inputs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(work, inputs))
    assert together == alone


def test_pdfs_written_at_once_are_those_written_alone(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    alone = gongwen.convert(SAMPLES[0], to="pdf")
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda _: gongwen.convert(SAMPLES[0], to="pdf"), range(4)))
    assert together == [alone] * 4
