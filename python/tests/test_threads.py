"""The GIL is released while the library works: threads read, check and convert at once, and
get what one thread gets."""

import threading
import time
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


def test_python_runs_while_the_library_works():
    """While one thread writes a PDF, another runs Python: with the GIL held it would stand
    still for the whole conversion."""
    report = gongwen.read(SAMPLES[0])
    done = threading.Event()
    took = []

    def convert():
        started = time.perf_counter()
        gongwen.convert(report, to="pdf")
        took.append(time.perf_counter() - started)
        done.set()

    thread = threading.Thread(target=convert)
    longest, last = 0.0, time.perf_counter()
    thread.start()
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    thread.join()
    assert longest < took[0] / 2, f"Python stood still {longest:.3f} s of {took[0]:.3f} s"
