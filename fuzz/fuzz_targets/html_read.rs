//! Bytes → the HTML reader (charset prescan, decode, tokenizer, text extraction, offset maps) →
//! check. Errors (undecodable bytes, a page without text) are fine; panics are not, and every
//! figure must map to a place inside the page.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod decoding;

fuzz_target!(|data: &[u8]| {
    let (options, bytes) = decoding::options_and_bytes(data);
    let Ok(document) = gongwen::format::html::read(bytes, &options) else {
        return;
    };
    for figure in document.report.figures() {
        assert!(document.map.to_source(figure.span.end) <= document.source.len());
        let _ = document.line_col(figure.span.start);
    }
    let _ = gongwen::check::check(&document.report);
});
