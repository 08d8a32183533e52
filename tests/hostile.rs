//! Hostile shapes through the whole pipeline — read → check → XML → DOCX → PDF: a 5 MB paragraph
//! without a single break opportunity, 5 MB of one CJK character without a full stop, 100,000
//! headings, a line of 1,000,000 digits. Each must finish with a correct result and an output
//! of bounded size (the time is measured in `benches/hostile.rs`, not asserted here).

use gongwen::format::{docx, pdf, xml};
use gongwen::{Document, ReadOptions};
use std::time::{Duration, UNIX_EPOCH};

/// Sizes of the outputs, for the bounds each test asserts.
struct Outputs {
    xml: usize,
    docx: usize,
    pdf: usize,
    pages: usize,
    findings: usize,
}

fn pipeline(text: &str) -> (Document, Outputs) {
    let document = gongwen::read_text(text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(
        document.report.text(),
        text.trim_end(),
        "text lost or changed"
    );
    let findings = gongwen::check::check(&document.report).findings.len();
    let xml_bytes = xml::write(&document.report).unwrap();
    assert_eq!(xml::read(&xml_bytes).unwrap(), document.report);
    let docx_bytes = docx::write(
        &document.report,
        &docx::DocxOptions {
            timestamp: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    let layout = pdf::lay_out(&document.report).unwrap();
    let laid_out: usize = layout
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.kind != pdf::layout::LineKind::PageNumber)
        .map(|l| l.char_count())
        .sum();
    // Every line stays inside the text block, however long its paragraph.
    let right = pdf::layout::BLOCK_LEFT + pdf::layout::BLOCK_WIDTH + 0.01;
    for (n, page) in layout.pages.iter().enumerate() {
        for line in page
            .lines
            .iter()
            .filter(|l| l.kind == pdf::layout::LineKind::Body)
        {
            assert!(
                line.x + line.width <= right,
                "page {}: a line ends at {} pt, past the block's edge at {right} pt",
                n + 1,
                line.x + line.width
            );
        }
    }
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    assert!(
        laid_out >= visible,
        "{laid_out} characters set of {visible}"
    );
    let pdf_bytes = pdf::write(
        &document.report,
        &pdf::PdfOptions {
            created: Some(UNIX_EPOCH + Duration::from_secs(1_600_000_000)),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(pdf_bytes.starts_with(b"%PDF-"));
    let outputs = Outputs {
        xml: xml_bytes.len(),
        docx: docx_bytes.len(),
        pdf: pdf_bytes.len(),
        pages: layout.pages.len(),
        findings,
    };
    (document, outputs)
}

#[test]
fn paragraph_of_5_mb_without_a_break_opportunity() {
    let text = "a".repeat(5 << 20);
    let (document, out) = pipeline(&text);
    assert_eq!(document.report.body.len(), 1);
    assert!(document.report.figures().is_empty());
    assert_eq!(out.findings, 0);
    assert!(out.xml < text.len() + 4096, "XML {} bytes", out.xml);
    assert!(out.docx < text.len() / 10, "DOCX {} bytes", out.docx);
    // Broken by force at the edge of the text block: every page full.
    assert!(out.pages > 1000, "{} pages", out.pages);
    assert!(out.pdf < text.len(), "PDF {} bytes", out.pdf);
}

#[test]
fn paragraph_of_5_mb_of_one_cjk_character() {
    let text = "国".repeat((5 << 20) / 3);
    let (document, out) = pipeline(&text);
    assert_eq!(document.report.body.len(), 1);
    assert!(document.report.figures().is_empty());
    assert_eq!(out.findings, 0);
    assert!(out.xml < text.len() + 4096, "XML {} bytes", out.xml);
    assert!(out.docx < text.len() / 10, "DOCX {} bytes", out.docx);
    // 28 × 22 characters a page, give or take a character a line.
    let chars = text.chars().count();
    assert!(
        out.pages >= chars / (28 * 22) && out.pages <= chars / (26 * 22),
        "{} pages",
        out.pages
    );
    assert!(out.pdf < text.len(), "PDF {} bytes", out.pdf);
}

#[test]
fn a_hundred_thousand_headings() {
    let text = "1.x\n".repeat(100_000);
    let (document, out) = pipeline(&text);
    let sections = document.report.sections();
    assert_eq!(sections.len(), 100_000);
    assert!(sections.iter().all(|s| s.heading.marker.number == 1));
    // At most one numbering finding a heading.
    assert!(out.findings < 100_000, "{} findings", out.findings);
    // Bounded by a constant per heading (the PDF has a bookmark for each).
    assert!(out.xml < 300 * 100_000, "XML {} bytes", out.xml);
    assert!(out.docx < 60 * 100_000, "DOCX {} bytes", out.docx);
    assert!(out.pdf < 400 * 100_000, "PDF {} bytes", out.pdf);
    assert!(out.pages >= 100_000 / 22, "{} pages", out.pages);
}

#[test]
fn a_line_of_a_million_digits() {
    let text = "1234567890".repeat(100_000);
    let (document, out) = pipeline(&text);
    let figures = document.report.figures();
    assert_eq!(figures.len(), 1);
    assert_eq!(figures[0].text.len(), 1_000_000);
    assert!(out.findings <= 1);
    // The value is kept (once in the text, once as `value`).
    assert!(out.xml < 2 * text.len() + 4096, "XML {} bytes", out.xml);
    assert!(out.docx < text.len(), "DOCX {} bytes", out.docx);
    assert!(out.pdf < 2 * text.len(), "PDF {} bytes", out.pdf);
}
