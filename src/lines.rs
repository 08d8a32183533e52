//! Line and column lookup: byte offsets to 1-based line and character column.
//!
//! Columns count characters, and lines in real reports are whole paragraphs, often thousands of
//! characters long; counting from the line start for every lookup would make listing the figures
//! of one long line quadratic. The index therefore also keeps the number of characters before
//! every 64-byte block, so a lookup counts at most 64 bytes.

/// Bytes per block of the character-count table.
const BLOCK: usize = 64;

/// An index of line starts in a text, for turning byte offsets into line:column.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `chars_before[i]`: characters in `text[..i * BLOCK]`.
    chars_before: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`. A line ends at `\n`, at `\r\n`, or at a lone `\r`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        let mut chars_before = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut count = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before.push(count);
            count += char_starts(block);
        }
        // An offset at the very end of a text that fills its last block looks up one block
        // further.
        if bytes.len().is_multiple_of(BLOCK) {
            chars_before.push(count);
        }
        LineIndex {
            text,
            starts,
            chars_before,
        }
    }

    /// Characters in `text[..offset]`; `offset` must be a char boundary.
    fn chars_to(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let base = self.chars_before.get(block).copied().unwrap_or(0);
        base + char_starts(&self.text.as_bytes()[block * BLOCK..offset])
    }

    /// The 1-based line and 1-based column (in characters) of a byte offset. Offsets past the end
    /// or inside a character are clamped to the nearest character boundary before them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.chars_to(offset) - self.chars_to(self.starts[line]) + 1;
        (line + 1, column)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> &'a str {
        let (start, end) = self.bounds(line);
        &self.text[start..end]
    }

    /// The byte range of a 1-based line, without its line ending.
    pub fn bounds(&self, line: usize) -> (usize, usize) {
        let start = self.starts[line.clamp(1, self.starts.len()) - 1];
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        (
            start,
            start + self.text[start..end].trim_end_matches(['\n', '\r']).len(),
        )
    }
}

/// The characters starting in `bytes`: every byte that does not continue a UTF-8 sequence starts
/// one. A plain loop over at most a block, which the compiler turns into vector instructions.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_all_line_endings() {
        let idx = LineIndex::new("一二\r\n三4\r五\n");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (1, 2));
        assert_eq!(idx.line_col(8), (2, 1));
        assert_eq!(idx.line_col(11), (2, 2));
        assert_eq!(idx.line_col(13), (3, 1));
        assert_eq!(idx.line(2), "三4");
        assert_eq!(idx.line(3), "五");
    }

    #[test]
    fn long_lines_count_across_blocks() {
        let text = format!("a\n{}", "中文ab".repeat(100));
        let idx = LineIndex::new(&text);
        for (i, (offset, _)) in text[2..].char_indices().enumerate() {
            assert_eq!(idx.line_col(offset + 2), (2, i + 1));
        }
        assert_eq!(idx.line_col(text.len()), (2, 401));
    }
}
