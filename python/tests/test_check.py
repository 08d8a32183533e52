"""check: the findings of `gongwen check --format json`."""

import gongwen
from conftest import cli_json


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
