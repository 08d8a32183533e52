//! Bytes → decode → normalize → structure and figures → check → rendered findings.
//! Errors (undecodable bytes, empty input) are fine; panics are not.
#![no_main]

use gongwen::diag::{Lang, render};
use libfuzzer_sys::fuzz_target;

mod decoding;

fuzz_target!(|data: &[u8]| {
    let (options, bytes) = decoding::options_and_bytes(data);
    let Ok(document) = gongwen::read_text(bytes, &options) else {
        return;
    };
    let findings = gongwen::check::check(&document.report).findings;
    let checked = render::Checked {
        name: "fuzz.txt",
        document: &document,
        findings: &findings,
    };
    let mut text = Vec::new();
    render::write_text(&mut text, &checked, Lang::En).unwrap();
    assert!(findings.is_empty() || !text.is_empty());
    let mut json = Vec::new();
    render::write_json(&mut json, &checked, Lang::Zh).unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        parsed["findings"].as_array().map(Vec::len),
        Some(findings.len())
    );
});
