//! Arbitrary text → the pipeline → DOCX bytes and PDF bytes (built-in font only). The PDF writer
//! may refuse characters no font has (an error), never panic.
#![no_main]

use gongwen::format::{docx, pdf};
use libfuzzer_sys::fuzz_target;
use std::time::{Duration, UNIX_EPOCH};

fuzz_target!(|text: &str| {
    let options = gongwen::ReadOptions {
        encoding: gongwen::decode::encoding_for_name("utf-8").ok(),
        lossy: false,
    };
    let Ok(document) = gongwen::read_text(text.as_bytes(), &options) else {
        return;
    };
    let docx_options = docx::DocxOptions {
        fix_punctuation: text.len().is_multiple_of(2),
        highlight_figures: text.len().is_multiple_of(3),
        timestamp: Some(0),
        ..Default::default()
    };
    if let Ok(bytes) = docx::write(&document.report, &docx_options) {
        assert!(bytes.starts_with(b"PK"));
    }
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
});
