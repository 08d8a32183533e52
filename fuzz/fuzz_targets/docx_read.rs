//! Bytes → the DOCX reader (zip package, document and styles parts, custom XML) → check.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(document) = gongwen::format::docx::read(data) {
        let _ = gongwen::check::check(&document.report);
    }
});
