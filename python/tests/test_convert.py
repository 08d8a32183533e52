"""convert: the bytes `gongwen convert --to FORMAT` writes."""

import os

import pytest

import gongwen
from conftest import ROOT, SAMPLES, run


@pytest.mark.parametrize("to", ["xml", "json", "md", "pdf", "docx", "ofd"])
def test_each_format_is_written_as_the_command_line_writes_it(cli, sample, to, monkeypatch):
    # A fixed date, so the PDF, DOCX and OFD are the same from run to run.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    env = dict(os.environ)
    written = gongwen.convert(sample, to=to)
    assert written == run(cli, "convert", str(sample), "--to", to, env=env).stdout
    magic = {"pdf": b"%PDF-", "docx": b"PK", "ofd": b"PK", "xml": b"<?xml"}
    assert written.startswith(magic.get(to, b""))


def test_options_are_those_of_the_command_line(cli, sample, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    env = dict(os.environ)
    pdfa = gongwen.convert(sample, to="pdf", pdfa="2b", fix_punctuation=True)
    expected = run(
        cli, "convert", str(sample), "--to", "pdf", "--pdfa", "2b", "--fix-punctuation", env=env
    ).stdout
    assert pdfa == expected
    report = gongwen.read(sample)
    assert gongwen.convert(report, to="md") == gongwen.convert(sample, to="md")


def test_fonts_are_those_of_the_command_line(cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    env = dict(os.environ)
    sample = SAMPLES[0]
    kai = ROOT / "fonts" / "WenKai-gongwen.ttf"
    for to in ("pdf", "ofd"):
        written = gongwen.convert(sample, to=to, fonts={"body": kai, "title": str(kai)})
        expected = run(
            cli, "convert", str(sample), "--to", to,
            "--font", f"body={kai}", "--font", f"title={kai}", env=env,
        ).stdout
        assert written == expected
        assert written != gongwen.convert(sample, to=to)
    with pytest.raises(gongwen.GongwenError, match="`bold` is not a font role"):
        gongwen.convert(sample, to="pdf", fonts={"bold": kai})
    with pytest.raises(gongwen.GongwenError, match="`fonts` applies to PDF and OFD output, not DOCX"):
        gongwen.convert(sample, to="docx", fonts={"body": kai})


def test_docx_options_and_elements_are_those_of_the_command_line(cli, sample, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    env = dict(os.environ)
    docx = gongwen.convert(sample, to="docx", highlight_figures=True, docx_fonts="plain")
    expected = run(
        cli, "convert", str(sample), "--to", "docx", "--highlight-figures", "--fonts", "plain",
        env=env,
    ).stdout
    assert docx == expected
    assert docx != gongwen.convert(sample, to="docx")
    elements = {
        "issuer_mark": "天津市静海区人民政府文件",
        "doc-number": "静海政发〔2021〕5号",
        "密级": "机密",
        "form": "letter",
        "seal": "yes",
    }
    for to in ("xml", "docx", "pdf"):
        written = gongwen.convert(sample, to=to, elements=elements)
        expected = run(
            cli, "convert", str(sample), "--to", to,
            "--issuer-mark", "天津市静海区人民政府文件", "--doc-number", "静海政发〔2021〕5号",
            "--set", "密级=机密", "--form", "letter", "--seal", env=env,
        ).stdout
        assert written == expected, to
    xml = gongwen.convert(sample, to="xml", elements=elements).decode()
    assert "天津市静海区人民政府文件" in xml and "机密" in xml
