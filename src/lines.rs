//! Line and column lookup: byte offsets to 1-based line and character column.

/// An index of line starts in a text, for turning byte offsets into line:column.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`. A line ends at `\n`, at `\r\n`, or at a lone `\r`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { text, starts }
    }

    /// The 1-based line and 1-based column (in characters) of a byte offset. Offsets past the end
    /// or inside a character are clamped to the nearest character boundary before them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> &'a str {
        let start = self.starts[line.clamp(1, self.starts.len()) - 1];
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
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
}
