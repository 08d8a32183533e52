//! Structure: title, preface, numbered sections, run-in headings, paragraphs, tables, and the
//! inline figures and 一是/二是 markers within them.

use crate::model::Report;

/// Parses normalized text (one paragraph per line) into a report body.
pub fn parse(text: &str) -> Report {
    let _ = text;
    Report::default()
}

/// Fills title, issuer, year and region in the metadata from the body and the furniture.
pub fn fill_meta(report: &mut Report) {
    let _ = report;
}
