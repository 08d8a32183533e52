"""check: the findings of `gongwen check --format json`."""

import gongwen
import io
import json
import os
import zipfile
from xml.etree import ElementTree

import pytest

from conftest import cli_json, run


def assert_same_findings(cli, path, *args, **options):
    findings = gongwen.check(path, **options)
    expected = cli_json(cli, "check", str(path), "--format", "json", *args)["findings"]
    assert [f.to_dict() for f in findings] == expected
    return findings


def test_the_sample_has_the_findings_of_the_command_line(cli, sample):
    findings = assert_same_findings(cli, sample)
    assert findings, "the sample has findings"
    rounding = [f for f in findings if f.rule == "ratio.rounding"]
    assert rounding and rounding[0].severity == "info"
    first = rounding[0]
    assert first.line > 0 and first.column > 0 and first.expected and first.figures
    assert all(ref.id.startswith("f") and ref.line > 0 for ref in first.figures)
    # In Chinese, with a rule allowed.
    zh = assert_same_findings(cli, sample, "--lang", "zh", lang="zh")
    assert [f.rule for f in zh] == [f.rule for f in findings]
    quiet = assert_same_findings(
        cli, sample, "--allow", "style.punctuation", allow=["style.punctuation"]
    )
    assert all(f.rule != "style.punctuation" for f in quiet)


def test_the_corpus_has_the_findings_of_the_command_line(cli, corpus):
    for path in corpus:
        assert_same_findings(cli, path)


def test_a_report_read_once_is_checked_as_its_file(sample):
    report = gongwen.read(sample)
    assert gongwen.check(report) == gongwen.check(sample)


@pytest.mark.parametrize("to", ["text", "json", "sarif", "html"])
def test_the_report_of_a_check_is_the_command_lines(cli, sample, to):
    expected = run(cli, "check", str(sample), "--format", to, "--lang", "zh").stdout.decode()
    written = gongwen.check_report(sample, to=to, lang="zh")
    assert written == expected
    if to == "sarif":
        log = json.loads(written)
        assert log["version"] == "2.1.0"
        results = log["runs"][0]["results"]
        assert len(results) == len(gongwen.check(sample))
    if to == "html":
        assert written.startswith("<!DOCTYPE html>")
    quiet = gongwen.check_report(sample, to=to, allow=["style.punctuation"])
    allowed = run(cli, "check", str(sample), "--format", to, "--allow", "style.punctuation")
    assert quiet == allowed.stdout.decode() != gongwen.check_report(sample, to=to)


def test_the_annotated_docx_is_the_command_lines(cli, sample, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    env = dict(os.environ)
    reviewed = tmp_path / "reviewed.docx"
    run(
        cli, "check", str(sample), "--annotate", "-o", str(reviewed), "--lang", "zh",
        "--highlight-figures", env=env,
    )
    written = gongwen.annotate(sample, lang="zh", highlight_figures=True)
    assert written == reviewed.read_bytes()
    with zipfile.ZipFile(io.BytesIO(written)) as docx:
        root = ElementTree.fromstring(docx.read("word/comments.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    comments = ["".join(t.text or "" for t in c.iter(w + "t")) for c in root.iter(w + "comment")]
    findings = gongwen.check(sample, lang="zh")
    assert len(comments) == len(findings)
    for comment, finding in zip(comments, findings):
        assert finding.message in comment
