"""Shared fixtures: the built command line to compare with, the sample and the corpus.

``GONGWEN_BIN`` names the ``gongwen`` binary (``tests/python.rs`` passes the one ``cargo test``
built). The corpus of real reports is looked for in ``../shared/corpus`` beside the checkout;
when it is absent its tests are skipped, saying so, unless ``GONGWEN_REQUIRE_ALL`` is set.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus" / "raw"


def _missing(what: str) -> None:
    if os.environ.get("GONGWEN_REQUIRE_ALL"):
        pytest.fail(f"{what} (GONGWEN_REQUIRE_ALL is set)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def cli() -> str:
    """The path of the gongwen command line."""
    path = os.environ.get("GONGWEN_BIN")
    if not path or not Path(path).is_file():
        _missing("GONGWEN_BIN does not name the built gongwen binary")
    return path


def run(cli: str, *args: str, env=None, check: bool = True) -> subprocess.CompletedProcess:
    """Runs the command line; with ``check``, fails the test unless it exits 0 (or 1 for
    ``check`` finding errors)."""
    done = subprocess.run([cli, *args], capture_output=True, env=env)
    if check and done.returncode not in (0, 1):
        pytest.fail(f"gongwen {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
    return done


def cli_json(cli: str, *args: str):
    return json.loads(run(cli, *args).stdout)


@pytest.fixture(scope="session")
def corpus() -> list:
    """The corpus's reports, or a skip that says where they were looked for."""
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        _missing(f"corpus not found at {CORPUS}")
    return files


@pytest.fixture(params=SAMPLES, ids=lambda p: p.name)
def sample(request) -> Path:
    return request.param


@pytest.fixture(scope="session")
def corpus_or_samples() -> list:
    """The corpus's reports and the samples; the samples alone when the corpus is absent."""
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files and os.environ.get("GONGWEN_REQUIRE_ALL"):
        pytest.fail(f"corpus not found at {CORPUS} (GONGWEN_REQUIRE_ALL is set)")
    return files + SAMPLES
