//! Bytes → the report XML reader; whatever it accepts must write and read back to the same
//! report.
#![no_main]

use gongwen::format::xml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(report) = xml::read(data) else {
        return;
    };
    let _ = gongwen::check::check(&report);
    let Ok(written) = xml::write(&report) else {
        return;
    };
    match xml::read(&written) {
        Ok(again) => assert_eq!(again, report, "write → read changed the report"),
        Err(e) => panic!("the writer's own XML does not read back: {e}"),
    }
});
