//! The geometry of a 公文 per GB/T 9704-2012, and its font roles: the one place both the PDF and
//! the DOCX writer take them from.
//!
//! Lengths are kept in millimetres as the standard gives them; [`pt`] converts to PostScript
//! points (the PDF writer), [`twips`] to twentieths of a point (the DOCX writer). Font sizes are
//! in points: 2号 22 pt, 3号 16 pt, 4号 14 pt.

/// Millimetres to points.
pub const fn pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// Millimetres to twips, rounded to the nearest.
pub const fn twips(mm: f32) -> u32 {
    (mm * 1440.0 / 25.4 + 0.5) as u32
}

/// A4 width (mm).
pub const PAGE_WIDTH: f32 = 210.0;
/// A4 height (mm).
pub const PAGE_HEIGHT: f32 = 297.0;
/// Top margin, 天头 (mm): the text block starts 37 mm from the top edge.
pub const MARGIN_TOP: f32 = 37.0;
/// Left margin, 订口 (mm).
pub const MARGIN_LEFT: f32 = 28.0;
/// Width of the text block, 版心 (mm).
pub const BLOCK_WIDTH: f32 = 156.0;
/// Height of the text block (mm).
pub const BLOCK_HEIGHT: f32 = 225.0;
/// Right margin (mm).
pub const MARGIN_RIGHT: f32 = PAGE_WIDTH - MARGIN_LEFT - BLOCK_WIDTH;
/// Bottom margin (mm).
pub const MARGIN_BOTTOM: f32 = PAGE_HEIGHT - MARGIN_TOP - BLOCK_HEIGHT;
/// Lines per page.
pub const LINES_PER_PAGE: usize = 22;
/// Characters per full line.
pub const CHARS_PER_LINE: usize = 28;
/// Distance between lines (mm).
pub const LINE_PITCH: f32 = BLOCK_HEIGHT / LINES_PER_PAGE as f32;
/// Advance of a body character on the grid (mm).
pub const CHAR_PITCH: f32 = BLOCK_WIDTH / CHARS_PER_LINE as f32;
/// The page number's em box starts this far below the text block (mm): 一字线 7 mm below 版心.
pub const PAGE_NUMBER_GAP: f32 = 7.0;

/// Body text, headings, 版头 lines other than the mark, 主送, 署名 and 日期 (3号).
pub const BODY_SIZE: f32 = 16.0;
/// The title (2号).
pub const TITLE_SIZE: f32 = 22.0;
/// Page numbers and the 版记 (4号).
pub const SMALL_SIZE: f32 = 14.0;

/// The top edge of the 发文机关标志 below the top of the text block in the ordinary form (mm).
pub const ISSUER_MARK_TOP: f32 = 35.0;
/// The top edge of the 发文机关标志 below the top edge of the page in the letter form (mm).
pub const LETTER_MARK_TOP: f32 = 30.0;
/// The 发文机关标志 is at most this wide and no larger than this (pt); it shrinks to fit.
pub const ISSUER_MARK_SIZE: f32 = 30.0;
/// The red separator below the 发文字号 (mm, below the 发文字号's baseline box).
pub const SEPARATOR_BELOW_NUMBER: f32 = 4.0;
/// Thickness of the red separator (mm).
pub const SEPARATOR_WIDTH: f32 = 0.5;
/// The letter form's double lines: 170 mm long, 4 mm below the mark and 20 mm above the bottom
/// edge of the page.
pub const LETTER_LINE_LENGTH: f32 = 170.0;
/// Distance of the letter form's lower double line from the bottom edge of the page (mm).
pub const LETTER_LOWER_LINE: f32 = 20.0;
/// Thick and thin strokes of the letter form's double lines (mm), and the gap between them.
pub const LETTER_THICK: f32 = 1.0;
/// See [`LETTER_THICK`].
pub const LETTER_THIN: f32 = 0.35;
/// See [`LETTER_THICK`].
pub const LETTER_GAP: f32 = 0.7;
/// First and last rule of the 版记 (mm).
pub const IMPRINT_THICK: f32 = 0.35;
/// Rules between the 版记's elements (mm).
pub const IMPRINT_THIN: f32 = 0.25;
/// The red of the 版头, as RGB.
pub const RED: (u8, u8, u8) = (0xE6, 0x00, 0x12);

/// Characters of indentation (in body characters) of the elements GB/T 9704 sets apart from the
/// left or right edge.
pub mod indent {
    /// Paragraphs' first lines, 附件说明 and 附注.
    pub const PARAGRAPH: usize = 2;
    /// The signature stands this many characters from the right without a seal (右空二字).
    pub const SIGNATURE_RIGHT: usize = 2;
    /// The date stands this many characters from the right with a seal (右空四字).
    pub const SEALED_DATE_RIGHT: usize = 4;
    /// 抄送机关 and 印发 lines stand in one character from both edges.
    pub const IMPRINT: usize = 1;
    /// 发文字号 and 签发人 of a report to a higher authority stand in one character.
    pub const UPWARD: usize = 1;
}

/// What a face is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Running text, level 3–4 headings, most elements: 仿宋.
    Body,
    /// The title and the 发文机关标志: 小标宋.
    Title,
    /// Level 1 headings (`一、`), the 份号/密级/紧急 lines and the 附件 label: 黑体.
    Heading1,
    /// Level 2 headings (`（一）`) and the name after 签发人: 楷体.
    Heading2,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Body, Role::Title, Role::Heading1, Role::Heading2];

    /// The name used on the command line (`body`, `title`, `heading1`, `heading2`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::Title => "title",
            Role::Heading1 => "heading1",
            Role::Heading2 => "heading2",
        }
    }

    /// Parses the name used on the command line.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(name))
    }

    /// The role of a heading of a level (1–4).
    pub fn of_heading(level: u8) -> Role {
        match level {
            1 => Role::Heading1,
            2 => Role::Heading2,
            _ => Role::Body,
        }
    }

    /// The family names of the installed 公文 fonts that serve this role, best first.
    pub fn families(self) -> &'static [&'static str] {
        match self {
            Role::Body => &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "华文仿宋",
                "STFangsong",
            ],
            Role::Title => &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05",
                "方正小标宋",
            ],
            Role::Heading1 => &["黑体", "SimHei", "华文黑体", "STHeiti"],
            Role::Heading2 => &[
                "楷体_GB2312",
                "KaiTi_GB2312",
                "楷体",
                "KaiTi",
                "华文楷体",
                "STKaiti",
            ],
        }
    }

    /// Index for per-role tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

// The closing

/// Where a line of the closing stands across the text block, in characters of the body grid
/// ([`CHAR_PITCH`]) from the block's edges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    /// Right-aligned, this far from the right edge.
    Right(f32),
    /// Left-aligned, this far from the left edge.
    Left(f32),
    /// Centred between these distances from the left and the right edge.
    Centred(f32, f32),
}

impl Place {
    /// Where a text this wide starts, in characters from the block's left edge.
    pub fn start(self, width: f32) -> f32 {
        match self {
            Place::Right(right) => CHARS_PER_LINE as f32 - right - width,
            Place::Left(left) => left,
            Place::Centred(left, right) => (left + CHARS_PER_LINE as f32 - right - width) / 2.0,
        }
    }
}

/// The places of the 发文机关署名 and the 成文日期 (§7.3.5), given their widths in body
/// characters (0 for one the document lacks).
///
/// Without a seal the 署名 stands two characters from the right and the date starts two
/// characters right of the 署名's first character: the date is set from the left edge, so its
/// place depends only on the 署名's width (ideographs, exact on the grid), not on how wide a font
/// sets its digits. When that would bring the date closer than two characters to the right edge
/// (the date is the longer), the date stands two characters from the right and the 署名 moves
/// left so that the two first characters keep their distance.
///
/// With a seal the date stands four characters from the right and the 署名 is centred over it,
/// between distances that leave room for the longer of the two and a character more (so that no
/// font wraps it); without a date the 署名 stands where the date would end.
pub fn signature_and_date(signature: f32, date: f32, seal: bool) -> (Place, Place) {
    let block = CHARS_PER_LINE as f32;
    if seal {
        let right = indent::SEALED_DATE_RIGHT as f32;
        if date == 0.0 {
            return (Place::Right(right), Place::Right(right));
        }
        let centre = block - right - date / 2.0;
        let half = (signature.max(date) + 1.0) / 2.0;
        let signature = Place::Centred((centre - half).max(0.0), (block - centre - half).max(0.0));
        return (signature, Place::Right(right));
    }
    let two = indent::SIGNATURE_RIGHT as f32;
    let shift = 2.0;
    let date_start = (block - two - signature) + shift;
    if signature > 0.0 && date_start + date + two <= block {
        (Place::Right(two), Place::Left(date_start))
    } else {
        let date_start = (block - two - date).max(0.0);
        let signature_right = (block - (date_start - shift).max(0.0) - signature).max(0.0);
        (Place::Right(signature_right), Place::Right(two))
    }
}

/// Blank lines between the body (or the 附件说明) and the 署名, or the 成文日期 when there is no
/// 署名: one, two with a seal, whose top may reach up to a line below the text (§7.3.5.1).
pub fn blank_lines_before_closing(seal: bool) -> usize {
    if seal {
        2
    } else {
        BLANK_LINES_BEFORE_BODY_ELEMENT
    }
}

/// The width of a text in body characters as the 公文 fonts set it: ASCII (digits and Latin
/// letters, half-width) counts half, everything else one.
pub fn char_widths(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

// Tables

/// Padding of a table cell on either side (pt).
pub const CELL_PAD: f32 = 4.0;

/// The widths of a table's columns from their natural widths (the widest cell's text and
/// padding), in any unit: the natural widths while they fit `available`; else columns
/// narrower than a fair share keep their width and the others share what is left in
/// proportion.
pub fn column_widths(natural: &[f32], available: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= available || natural.is_empty() {
        return natural.to_vec();
    }
    let fair = available / natural.len() as f32;
    let narrow: f32 = natural.iter().filter(|&&w| w <= fair).sum();
    let wide: f32 = natural.iter().filter(|&&w| w > fair).sum();
    let scale = (available - narrow) / wide.max(f32::MIN_POSITIVE);
    natural
        .iter()
        .map(|&w| if w <= fair { w } else { w * scale })
        .collect()
}

// DOCX

/// Blank lines (of the body grid) GB/T 9704 leaves between elements: 发文字号 下空二行 below
/// the 发文机关标志 (§7.2.4), the title 下空二行 below the red separator (§7.3.1).
pub const BLANK_LINES_BELOW_MARK: usize = 2;
/// See [`BLANK_LINES_BELOW_MARK`].
pub const BLANK_LINES_BELOW_SEPARATOR: usize = 2;
/// Below a title, one blank line: the 主送机关 下空一行 (§7.3.2), and the body where there is no
/// 主送机关.
pub const BLANK_LINES_BELOW_TITLE: usize = 1;
/// The 附件说明 below the body (§7.3.4), the 署名 below the body or the 附件说明 without a seal
/// (§7.3.5, [`blank_lines_before_closing`]).
pub const BLANK_LINES_BEFORE_BODY_ELEMENT: usize = 1;
/// An attachment's title stands on the third line of its page, below the label (§7.3.7):
/// one blank line between them.
pub const BLANK_LINES_BELOW_ATTACHMENT_LABEL: usize = 1;

// The parts of elements

/// The label a 签发人 line starts with.
pub const SIGNER_LABEL: &str = "签发人：";

/// Splits a 签发人 text into its label and the name: `签发人：张三` at the colon; a bare name
/// (as a user gives it) has no label.
pub fn split_signer(text: &str) -> (Option<usize>, &str) {
    let rest = text.trim_start();
    match rest.strip_prefix("签发人") {
        Some(after) => {
            let name = after.trim_start_matches([':', '：', ' ', '\u{3000}']);
            (Some(text.len() - name.len()), name)
        }
        None => (None, text),
    }
}

/// The byte offset after the label of a labelled line (`抄送：`, `出席：`): after its first
/// colon, full- or half-width; 0 without one.
pub fn label_end(text: &str) -> usize {
    text.find(['：', ':']).map_or(0, |at| {
        at + text[at..].chars().next().map_or(1, char::len_utf8)
    })
}

/// Where the 印发 line breaks between the printing office and the date: the byte offset after
/// the last run of spaces, else before the first ASCII digit, if the date follows a name.
pub fn printer_split(text: &str) -> Option<usize> {
    let trimmed = text.trim_end();
    let spaces = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8());
    spaces
        .or_else(|| trimmed.find(|c: char| c.is_ascii_digit()))
        .filter(|&at| at > 0 && at < trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signer_and_printer_lines_split_where_their_parts_meet() {
        assert_eq!(
            split_signer("签发人：张三"),
            (Some("签发人：".len()), "张三")
        );
        assert_eq!(split_signer("张三"), (None, "张三"));
        let printer = "天津市静海区人民政府办公室　　2021年3月30日印发";
        let at = printer_split(printer).expect("a split");
        assert_eq!(&printer[at..], "2021年3月30日印发");
        let at = printer_split("某办公室2021年3月30日印发").expect("a split");
        assert_eq!(at, "某办公室".len());
    }

    #[test]
    fn the_date_starts_two_characters_right_of_the_signature() {
        // 天津市静海区人民政府 (10) and 2021年3月29日 (6.5).
        let (signature, date) = signature_and_date(10.0, 6.5, false);
        assert_eq!(signature, Place::Right(2.0));
        assert_eq!(date, Place::Left(28.0 - 2.0 - 10.0 + 2.0));
        assert_eq!(signature.start(10.0) + 2.0, date.start(6.5));
    }

    #[test]
    fn a_longer_date_stands_two_characters_from_the_right_and_pushes_the_signature_left() {
        let (signature, date) = signature_and_date(4.0, 6.5, false);
        assert_eq!(date, Place::Right(2.0));
        assert_eq!(date.start(6.5), 28.0 - 2.0 - 6.5);
        assert_eq!(signature.start(4.0), date.start(6.5) - 2.0);
        // A date alone stands two characters from the right too.
        assert_eq!(signature_and_date(0.0, 6.5, false).1, Place::Right(2.0));
    }

    #[test]
    fn with_a_seal_the_signature_is_centred_over_the_date_four_characters_from_the_right() {
        let (signature, date) = signature_and_date(10.0, 6.5, true);
        assert_eq!(date, Place::Right(4.0));
        let centre = |place: Place, width: f32| place.start(width) + width / 2.0;
        assert!((centre(signature, 10.0) - centre(date, 6.5)).abs() < 1e-4);
        let Place::Centred(left, right) = signature else {
            panic!("{signature:?}")
        };
        assert!(28.0 - left - right >= 11.0);
    }

    #[test]
    fn twips_match_the_values_word_writes_for_a4_and_the_margins() {
        assert_eq!(twips(PAGE_WIDTH), 11906);
        assert_eq!(twips(PAGE_HEIGHT), 16838);
        assert_eq!(twips(MARGIN_TOP), 2098);
        assert_eq!(twips(MARGIN_LEFT), 1587);
        assert_eq!(twips(MARGIN_RIGHT), 1474);
        assert_eq!(twips(MARGIN_BOTTOM), 1984);
    }

    #[test]
    fn twenty_eight_characters_and_twenty_two_lines_fill_the_block() {
        assert!((CHAR_PITCH * CHARS_PER_LINE as f32 - BLOCK_WIDTH).abs() < 1e-3);
        assert!((LINE_PITCH * LINES_PER_PAGE as f32 - BLOCK_HEIGHT).abs() < 1e-3);
        assert!((pt(25.4) - 72.0).abs() < 1e-4);
    }
}
