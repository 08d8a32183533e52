//! Bytes → the OFD reader (the zip package within its limits, OFD.xml, Document.xml, the pages'
//! TextCodes, then the PDF reader's lines and paragraphs) → check.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(document) = gongwen::format::ofd::read(data) {
        let report = &document.report;
        // Every figure maps to a place inside the OFD's text.
        for figure in report.figures() {
            let at = document.map.to_source(figure.span.start);
            assert!(at <= document.source.len());
        }
        let _ = gongwen::check::check(report);
    }
});
