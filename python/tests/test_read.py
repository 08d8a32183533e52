"""read: the report's figures, sections, metadata, XML and model as the command line gives them."""

from pathlib import Path

import gongwen
from conftest import SAMPLES, cli_json, run


def figures_as_cli(report: gongwen.Report) -> list:
    rows = []
    for f in report.figures:
        row = {k: getattr(f, k) for k in ("id", "line", "column", "kind", "text", "value",
                                          "value_max", "unit", "approx")}
        row["subject"] = f.measure
        rows.append(row)
    return rows


def assert_same_as_cli(cli: str, path: Path) -> None:
    report = gongwen.read(path)
    assert figures_as_cli(report) == cli_json(cli, "figures", str(path), "--format", "json")
    xml = run(cli, "convert", str(path), "--to", "xml").stdout
    assert report.to_xml().encode("utf-8") == xml
    assert report.to_dict() == cli_json(cli, "convert", str(path), "--to", "json")


def test_the_sample_reads_as_the_command_line_reads_it(cli, sample):
    assert_same_as_cli(cli, sample)


def test_the_corpus_reads_as_the_command_line_reads_it(cli, corpus):
    for path in corpus:
        assert_same_as_cli(cli, path)


def test_the_report_has_its_title_metadata_sections_and_figures(sample):
    report = gongwen.read(sample)
    assert report.title and report.title == report.metadata["title"]
    assert report.metadata["encoding"] == "UTF-8"
    assert report.name == str(sample)
    levels = {s.level for s in report.sections}
    assert 1 in levels and all(1 <= level <= 4 for level in levels)
    first = report.sections[0]
    assert first.marker.startswith("一") and first.number == 1 and first.title
    kinds = {f.kind for f in report.figures}
    assert {"count", "percent"} <= kinds
    counted = [f for f in report.figures if f.kind == "count" and f.measure]
    assert counted and all(f.value and f.unit for f in counted)
    assert str(report).startswith("<gongwen.Report")


def test_bytes_read_as_the_file_does(sample):
    from_file = gongwen.read(sample)
    from_bytes = gongwen.read(sample.read_bytes())
    assert from_bytes.name == "<bytes>"
    assert from_bytes.to_xml() == from_file.to_xml()
    assert from_bytes.figures == from_file.figures
    # An encoding is detected, or forced.
    gbk = sample.read_text("utf-8").encode("gb18030")
    assert gongwen.read(gbk).metadata["encoding"] == "gb18030"
    assert gongwen.read(gbk, "gb18030").figures == from_file.figures


def test_its_own_xml_reads_back_to_the_same_report(sample):
    report = gongwen.read(sample)
    again = gongwen.read(report.to_xml().encode("utf-8"))
    assert again.to_xml() == report.to_xml()


def test_there_are_samples():
    assert SAMPLES, "samples/*.txt"
