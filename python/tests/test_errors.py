"""Bad input raises gongwen.GongwenError with the message the command line prints."""

import pytest

import gongwen
from conftest import run


def cli_message(cli, *args):
    done = run(cli, *args, check=False)
    assert done.returncode == 2
    line = done.stderr.decode().strip()
    assert line.startswith("gongwen: ")
    return line[len("gongwen: "):]


def test_the_error_is_a_value_error():
    assert issubclass(gongwen.GongwenError, ValueError)
    assert gongwen.GongwenError.__module__ == "gongwen"


def test_a_missing_file(cli, tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(gongwen.GongwenError) as raised:
        gongwen.read(missing)
    assert str(raised.value) == cli_message(cli, "figures", str(missing))
    assert isinstance(raised.value.__cause__, FileNotFoundError)
    with pytest.raises(gongwen.GongwenError):
        gongwen.check(missing)


@pytest.mark.parametrize(
    "name, data, encoding",
    [
        ("empty.txt", b"", None),
        ("zip.txt", b"PK\x03\x04" + bytes(40), None),
        ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(40), None),
        ("bad-utf8.txt", "一、总体情况\n".encode() + b"\xff\xfe\xfa" * 3, "utf-8"),
        ("doc.txt", "一、总体情况".encode(), "no-such-encoding"),
        ("broken.xml", b'<?xml version="1.0"?><report xmlns="urn:gongwen:report:1"><meta>', None),
        ("broken.docx", b"PK\x03\x04 not really a zip", None),
    ],
)
def test_unreadable_input(cli, tmp_path, name, data, encoding):
    path = tmp_path / name
    path.write_bytes(data)
    args = ["figures", str(path)] + (["--encoding", encoding] if encoding else [])
    expected = cli_message(cli, *args)
    with pytest.raises(gongwen.GongwenError) as raised:
        gongwen.read(path, encoding)
    assert str(raised.value) == expected
    # From bytes (format from the content alone): an error too, and for text the same message
    # without the file's name.
    with pytest.raises(gongwen.GongwenError) as raised:
        gongwen.read(data, encoding)
    if name.endswith(".txt") and not data.startswith((b"PK", b"\x89")):
        assert str(raised.value) == expected[len(f"{path}: "):]


def test_bad_options(sample, tmp_path):
    with pytest.raises(gongwen.GongwenError, match="`rtf` is not an output format"):
        gongwen.convert(sample, to="rtf")
    with pytest.raises(gongwen.GongwenError, match="`pdfa` applies to PDF output, not DOCX"):
        gongwen.convert(sample, to="docx", pdfa="3b")
    with pytest.raises(gongwen.GongwenError, match="`highlight_figures` applies to DOCX output"):
        gongwen.convert(sample, to="pdf", highlight_figures=True)
    with pytest.raises(gongwen.GongwenError, match="`bold` is not a choice of DOCX fonts"):
        gongwen.convert(sample, to="docx", docx_fonts="bold")
    with pytest.raises(gongwen.GongwenError, match="elements: unknown element `stamp`"):
        gongwen.convert(sample, to="docx", elements={"stamp": "x"})
    with pytest.raises(gongwen.GongwenError, match="`pdf` is not a report format"):
        gongwen.check_report(sample, to="pdf")
    with pytest.raises(gongwen.GongwenError, match="no such rule"):
        gongwen.check(sample, allow=["no.such.rule"])
    with pytest.raises(gongwen.GongwenError, match="not a language"):
        gongwen.check(sample, lang="fr")
    with pytest.raises(gongwen.GongwenError, match="no reports found"):
        gongwen.archive([tmp_path], tmp_path / "archive")
    with pytest.raises(gongwen.GongwenError, match="shard 3/3"):
        gongwen.archive([sample], tmp_path / "archive", shard="3/3")
    with pytest.raises(gongwen.GongwenError, match="no shard here"):
        gongwen.merge(tmp_path)
