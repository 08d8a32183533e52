//! gongwen reads Chinese official reports (公文) — plain text in any common encoding, DOCX, web
//! pages or gongwen XML — into a lossless document model of sections, paragraphs and figures,
//! checks the figures against each other, and writes schema-valid XML, DOCX and PDF laid out per
//! GB/T 9704-2012.
//!
//! ```
//! let doc = gongwen::read_text("一、总体情况\n全年办理案件515件。".as_bytes(), &Default::default())?;
//! let figures = doc.report.figures();
//! assert_eq!(figures[0].value.as_deref(), Some("515"));
//! let xml = gongwen::format::xml::write(&doc.report)?;
//! assert_eq!(gongwen::format::xml::read(&xml)?, doc.report);
//! # Ok::<(), gongwen::Error>(())
//! ```
#![deny(missing_docs)]
// Nothing read from an input may panic the library: errors are returned, not unwrapped.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod archive;
pub mod check;
pub mod decimal;
pub mod decode;
pub mod diag;
mod elements;
pub mod error;
pub mod figures;
pub mod format;
pub mod gold;
pub mod lexicon;
pub mod lines;
pub mod listing;
pub mod measures;
pub mod model;
pub mod normalize;
pub mod output;
mod punctuation;
pub mod relations;
pub mod reporter;
pub mod structure;

pub use error::{Error, Result};
pub use model::Report;

use encoding_rs::Encoding;
use std::ops::Range;

/// Options for reading text input.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<&'static Encoding>,
    /// Replace undecodable bytes with U+FFFD instead of failing.
    pub lossy: bool,
}

/// A report read from text, with the decoded source it came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The report.
    pub report: Report,
    /// The decoded source text (before normalization).
    pub source: String,
    /// Maps offsets in the report's normalized text to offsets in `source`.
    pub map: normalize::OffsetMap,
}

impl Document {
    /// The 1-based line and character column in the source of a normalized byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        lines::LineIndex::new(&self.source).line_col(self.map.to_source(offset))
    }
}

/// Reads a plain-text report: decode, normalize, structure, figures.
pub fn read_text(bytes: &[u8], options: &ReadOptions) -> Result<Document> {
    let decoded = decode::decode(bytes, options.encoding, options.lossy)?;
    Ok(read_decoded(decoded, &[], &[]))
}

/// A stretch of the source text that is a heading by its outline level (a Word heading style):
/// byte range and 1-based level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlineLevel {
    /// First byte of the paragraph in the source text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its level, 1 for the top.
    pub level: u8,
}

/// Normalizes, structures and annotates decoded text. `outline` (sorted by `start`) marks source
/// paragraphs that are headings by their outline level; `table_rows` (sorted) the source lines
/// that are rows of a table whatever their text, their cells separated by `|`.
pub(crate) fn read_decoded(
    decoded: decode::Decoded,
    outline: &[OutlineLevel],
    table_rows: &[Range<usize>],
) -> Document {
    let normalized = normalize::normalize(&decoded.text);
    let level_at = |start: usize| {
        let source = normalized.map.to_source(start);
        holding(outline, |o| o.start..o.end, source).map(|o| o.level)
    };
    let row_at = |start: usize| {
        let source = normalized.map.to_source(start);
        holding(table_rows, Range::clone, source).is_some()
    };
    let mut report = structure::parse_outlined(&normalized.text, &level_at, &row_at);
    report.meta.encoding = decoded.encoding.name().to_string();
    report.meta.replaced = decoded.replaced;
    report.meta.script = normalize::detect_script(&normalized.text);
    report.meta.removed = normalized.removed;
    report.meta.properties = normalized.properties;
    for (key, value) in normalized.front_matter {
        // A key that names no element, form or seal is kept as a property.
        if report.meta.set(&key, &value).is_err() {
            report.meta.properties.push(model::Property { key, value });
        }
    }
    structure::fill_meta(&mut report);
    Document {
        report,
        source: decoded.text,
        map: normalized.map,
    }
}

/// The item among `items` (sorted by the start of their ranges, not overlapping) whose range
/// holds `offset`.
fn holding<T>(items: &[T], range: impl Fn(&T) -> Range<usize>, offset: usize) -> Option<&T> {
    let i = items.partition_point(|item| range(item).start <= offset);
    let item = items.get(i.checked_sub(1)?)?;
    range(item).contains(&offset).then_some(item)
}
