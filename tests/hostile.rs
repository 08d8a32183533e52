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
    let layout = pdf::lay_out(&document.report, false).unwrap();
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

/// One line of `size` bytes with a figure every few characters and a 其中 in every clause, the
/// densest text the finders meet.
fn dense_figures(size: usize) -> String {
    const UNITS: [&str; 8] = ["件", "人", "万元", "%", "个", "亿元", "次", "项"];
    let mut text = String::from("标题\n");
    let mut n: u64 = 1;
    while text.len() < size {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let unit = UNITS[(n >> 60) as usize % UNITS.len()];
        text.push_str(&format!(
            "其中甲{}{unit}，增长{}.{}%，",
            (n >> 20) % 999 + 1,
            (n >> 40) % 99 + 1,
            (n >> 50) % 10
        ));
    }
    text.push_str("。\n");
    text
}

/// Read, check and render the findings as text, the fastest of two runs.
fn check_time(text: &str) -> Duration {
    (0..2)
        .map(|_| {
            let started = std::time::Instant::now();
            let document = gongwen::read_text(text.as_bytes(), &ReadOptions::default()).unwrap();
            let findings = gongwen::check::check(&document.report).findings;
            let mut out = Vec::new();
            let checked = gongwen::diag::render::Checked {
                name: "dense.txt",
                document: &document,
                findings: &findings,
            };
            gongwen::diag::render::write_text(&mut out, &checked, gongwen::diag::Lang::En).unwrap();
            assert!(!findings.is_empty() && !out.is_empty());
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// Checking grows in proportion to the text, however dense its figures: at 8× the size, well
/// under 8 × 2.5 the time (a quadratic path would take 64×).
#[test]
fn dense_figures_check_in_linear_time() {
    let times: Vec<(usize, Duration)> = [50_000, 100_000, 200_000, 400_000]
        .into_iter()
        .map(|size| (size, check_time(&dense_figures(size))))
        .collect();
    let ratio = times[3].1.as_secs_f64() / times[0].1.as_secs_f64();
    assert!(
        ratio < 20.0,
        "8× the text took {ratio:.1}× the time: {times:?}"
    );
}

/// Many reports one after another (a year's reports of a county pasted into one file): the
/// cross-paragraph finders — families of measures, one quantity stated twice — grow with the
/// text, not with the square of how often a phrase recurs (it took 74 s for 50 MB, now 6 s):
/// at 8× the size, well under 8 × 1.75 the time.
#[test]
fn repeated_reports_check_in_linear_time() {
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/jinghai-2020-rule-of-law-report.txt"
    ))
    .unwrap()
        + "\n";
    let times: Vec<(usize, Duration)> = [1usize, 2, 4, 8]
        .into_iter()
        .map(|mb| {
            let text = sample.repeat((mb << 20) / sample.len() + 1);
            (mb, check_time(&text))
        })
        .collect();
    let ratio = times[3].1.as_secs_f64() / times[0].1.as_secs_f64();
    assert!(
        ratio < 14.0,
        "8× the text took {ratio:.1}× the time: {times:?}"
    );
}
