//! Bytes → the PDF reader (pdf_oxide under its guard, lines, furniture, paragraphs, offset maps)
//! → check.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(document) = gongwen::format::pdf::read::read(data) {
        let report = &document.report;
        // Every figure maps to a place inside the PDF's text.
        for figure in report.figures() {
            let at = document.map.to_source(figure.span.start);
            assert!(at <= document.source.len());
        }
        let _ = gongwen::check::check(report);
    }
});
