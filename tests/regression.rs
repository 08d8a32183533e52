//! Inputs that once crashed gongwen, found by the fuzz targets in `fuzz/`, kept as ordinary
//! tests. Each input is one file in `tests/data/regression/`, named after what it broke; the
//! prefix says which path it goes through (the fuzz target that found it):
//!
//! - `text-*`: decode → normalize → structure and figures → check → rendered findings;
//! - `xml-*`: the XML reader → check → write → read, which must give the same report;
//! - `docx-*`: the DOCX reader → check;
//! - `html-*`: the HTML reader → check, each figure's place inside the page;
//! - `pipeline-*`: text → DOCX and PDF (built-in font).
//!
//! An error is fine for any of them; a panic is the bug.

use gongwen::diag::{Lang, render};
use gongwen::format::{docx, html, pdf, xml};
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

fn input(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/regression")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(bytes: &[u8]) {
    for lossy in [false, true] {
        let options = gongwen::ReadOptions {
            encoding: None,
            lossy,
        };
        if let Ok(document) = gongwen::read_text(bytes, &options) {
            let findings = gongwen::check::check(&document.report).findings;
            let checked = render::Checked {
                name: "regression.txt",
                document: &document,
                findings: &findings,
            };
            let mut out = Vec::new();
            render::write_text(&mut out, &checked, Lang::En).expect("text findings");
            render::write_json(&mut out, &checked, Lang::Zh).expect("JSON findings");
            render::write_sarif(&mut out, &[checked], Lang::En).expect("SARIF findings");
        }
    }
}

fn xml(bytes: &[u8]) {
    let Ok(report) = xml::read(bytes) else {
        return;
    };
    gongwen::check::check(&report);
    if let Ok(written) = xml::write(&report) {
        assert_eq!(xml::read(&written).expect("reads back"), report);
    }
}

fn docx(bytes: &[u8]) {
    if let Ok(document) = docx::read(bytes) {
        gongwen::check::check(&document.report);
    }
}

fn html(bytes: &[u8]) {
    for lossy in [false, true] {
        let options = gongwen::ReadOptions {
            encoding: None,
            lossy,
        };
        let Ok(document) = html::read(bytes, &options) else {
            continue;
        };
        gongwen::check::check(&document.report);
        for figure in document.report.figures() {
            assert!(document.map.to_source(figure.span.end) <= document.source.len());
            let _ = document.line_col(figure.span.start);
        }
    }
}

fn pipeline(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let options = gongwen::ReadOptions {
        encoding: gongwen::decode::encoding_for_name("utf-8").ok(),
        lossy: false,
    };
    let Ok(document) = gongwen::read_text(text.as_bytes(), &options) else {
        return;
    };
    let docx_options = docx::DocxOptions {
        timestamp: Some(0),
        ..Default::default()
    };
    docx::write(&document.report, &docx_options).expect("DOCX");
    let pdf_options = pdf::PdfOptions {
        system_fonts: false,
        created: Some(UNIX_EPOCH + Duration::from_secs(1_600_000_000)),
        ..Default::default()
    };
    match pdf::write(&document.report, &pdf_options) {
        Ok(bytes) => assert!(bytes.starts_with(b"%PDF-")),
        Err(gongwen::Error::MissingGlyphs(_)) => {}
        Err(e) => panic!("the PDF writer failed: {e}"),
    }
}

/// Runs every file in the directory through its path, so an input added without a test of its
/// own still runs.
#[test]
fn every_regression_input_runs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/regression");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let bytes = input(&name);
        match name.split('-').next() {
            Some("text") => text(&bytes),
            Some("xml") => xml(&bytes),
            Some("docx") => docx(&bytes),
            Some("html") => html(&bytes),
            Some("pipeline") => pipeline(&bytes),
            _ if name == "README.md" => continue,
            _ => panic!("{name}: name it text-*, xml-*, docx-*, html-* or pipeline-*"),
        }
        count += 1;
    }
    assert!(count > 0);
}

// Found by `xml_read`: a figure whose stated offsets fall inside a character of the paragraph's
// text (the text was edited after the XML was written) made the 8个领域 relation finder slice
// through a character.
#[test]
fn xml_figure_span_inside_char_relations() {
    xml(&input("xml-figure-span-inside-char-relations.xml"));
}

// Found by `xml_read`: figures whose stated spans run backwards (a later figure stated before an
// earlier one) made the structure finder (三次产业结构 9.3、41.0、49.6) slice a reversed range. The
// finders now take each figure's place from the paragraph's text, not from its stated span. The
// input keeps only the figures' ids and spans: its other attributes contradicted the text, which
// the reader now refuses, and left out they are read from the text.
#[test]
fn xml_figures_out_of_order_structure() {
    let bytes = input("xml-figures-out-of-order-structure.xml");
    let read = xml::read(&bytes);
    assert!(read.is_ok(), "it must reach the relation finders: {read:?}");
    xml(&bytes);
}

// Found by `html_read`: `&O` in a page's text is no character reference (there is no such
// name), so the tokenizer keeps it as written; taking it for one shifted the place of every later
// character by one byte, and the last figure of the page ended past the end of the source. A
// reference is now taken only where the decoded text does not have it literally, and places are
// bounded by the source's length.
#[test]
fn html_unknown_reference_drift() {
    let bytes = input("html-unknown-reference-drift.html");
    html(&bytes);
    let document = html::read(
        &bytes,
        &gongwen::ReadOptions {
            encoding: None,
            lossy: true,
        },
    )
    .expect("the page reads");
    for figure in document.report.figures() {
        let from: String = document.source[document.map.to_source(figure.span.start)..]
            .chars()
            .filter(|&c| c != '\n')
            .take(figure.text.chars().count())
            .collect();
        assert_eq!(from, figure.text.as_str());
    }
}
