//! DOCX: a writer that lays a report out as a 公文 (GB/T 9704-2012) and a reader for the drafts
//! editors keep in Word.
//!
//! # Writing
//! The package is written by hand with quick-xml and zip, part by part: content types,
//! relationships, `word/document.xml`, styles, settings, font table, an odd and an even footer,
//! core and app properties, and the report's XML as a custom XML part.
//!
//! - **Page and grid.** A4, margins 37/35/28/26 mm (top, bottom, left, right). The section has a
//!   `lines` document grid with a 579-twip pitch, paragraphs have exact 579-twip line spacing and
//!   runs −0.25 pt character spacing: 22 lines of 28 characters fit the 156 × 225 mm block in
//!   Word *and* in LibreOffice (the usual `linesAndChars` grid halves the characters per line in
//!   LibreOffice).
//! - **Styles.** `Normal` (the default: 16 pt 仿宋, first line indented two characters, written as
//!   `w:firstLineChars` with `w:firstLine` beside it for readers that ignore character units),
//!   `Title`, and `heading 1`–`heading 4` with outline levels 0–3, so Word's navigation pane and
//!   python-docx see the structure. Fonts are named in all four slots, and every run carries
//!   `w:hint="eastAsia"` so quotes and dashes take the CJK font.
//! - **Run-in headings** (`1.标题。正文…`) start the body paragraph they lead, their runs in
//!   their level's face (黑体, 楷体, 仿宋): one paragraph, as in the text, which Word, WPS and
//!   every LibreOffice show on one line and break into the same lines as the PDF. Word's style
//!   separator (a heading paragraph whose mark is hidden) would keep them in the navigation
//!   pane, but LibreOffice before 24.8 shows it as two paragraphs, a line more each; 公文
//!   templates set these headings as body text too. The reader finds them again from their
//!   numbering, and still joins a style separator in documents from Word.
//! - **The title** is off the grid with exact spacing (LibreOffice gives a 22 pt line two grid
//!   lines otherwise) and leaves one blank line below it, as the PDF does.
//! - **Custom XML.** The report XML ([`crate::format::xml`]) is stored as `customXml/item1.xml`, so
//!   a DOCX written by gongwen reads back losslessly (figures, metadata, what normalization
//!   removed). The reader trusts that part only while it agrees with the document: the same
//!   paragraphs and the same figures with the same values. Once somebody edits the text in
//!   Word, or a figure in the part, the document wins, since it is what they see.
//!
//! - **Comments.** [`annotate`] writes the same document with each finding of `check` as a Word
//!   comment (`word/comments.xml`), anchored on the finding's figures: runs are split where a
//!   comment starts or ends, so the commented text is exactly the figure.
//! - **Punctuation.** With [`DocxOptions::fix_punctuation`] the ASCII marks in Chinese text that
//!   `style.punctuation` reports are printed full-width; the model and the custom XML keep them.
//!
//! # Reading
//! [`read`] opens the package defensively (no path traversal, size and ratio caps against zip
//! bombs, OLE files recognised as encrypted or legacy `.doc`), reads only the main document and
//! the custom XML parts, and extracts the paragraphs in order ([`extract`]). Without a matching
//! gongwen part the paragraphs become lines of text that go through the same pipeline as a text
//! file, so headings are found from their numbering even when the draft uses no heading styles
//! (the usual case). A table row becomes a line of its cells joined with `|`, one cell per
//! column of the table's grid (a spanned or merged cell leaves empty cells, so an empty
//! top-left cell keeps every heading over its column), and the pipeline is told it is a row:
//! it stays a table row whatever its text looks like (`1.食品烟酒|2.6` is no heading). A
//! spreadsheet, a presentation or an OpenDocument file is refused by name, a document without
//! text as empty.

mod comments;
mod elements;
mod read;
mod styles;
mod write;

pub use comments::annotate;
pub use read::{Extracted, ExtractedParagraph, extract, read};
pub use write::write;

/// Which font family names the DOCX asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Fonts {
    /// The fonts a 公文 is set in: 方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312 (with the
    /// common Windows fonts as alternative names).
    #[default]
    Gongwen,
    /// Fonts every Chinese Windows or macOS system has: 宋体 (SimSun), 黑体 (SimHei),
    /// 楷体 (KaiTi), 仿宋 (FangSong). Use it when the document goes to machines without the
    /// GB2312 fonts.
    Plain,
    /// The 公文 fonts in their GBK editions, which have the Traditional and the rarer
    /// characters the GB2312 editions lack: 方正小标宋_GBK, 黑体, 楷体, 仿宋. The writer names
    /// them instead of [`Fonts::Gongwen`] for a text with a character outside GB2312.
    GongwenGbk,
}

impl Fonts {
    /// Parses a name used on the command line (`gongwen`, `gongwen-gbk`, `plain`).
    pub fn from_name(name: &str) -> Option<Fonts> {
        match name {
            "gongwen" => Some(Fonts::Gongwen),
            "gongwen-gbk" => Some(Fonts::GongwenGbk),
            "plain" => Some(Fonts::Plain),
            _ => None,
        }
    }

    /// The fonts to name for a report: the GBK editions of the 公文 fonts in place of the
    /// GB2312 ones when a character of the text is not in GB2312 (a Traditional text, a rare
    /// name), so that no character falls back to another face.
    pub fn covering(self, report: &crate::model::Report) -> Fonts {
        if self != Fonts::Gongwen {
            return self;
        }
        let mut seen = std::collections::HashSet::new();
        let text = report.text();
        let given = report.meta.given.iter().map(|g| g.text.as_str());
        let outside = std::iter::once(text.as_str())
            .chain(given)
            .flat_map(str::chars)
            .filter(|c| !c.is_ascii() && seen.insert(*c))
            .any(|c| !in_gb2312(c));
        if outside { Fonts::GongwenGbk } else { self }
    }
}

/// Returns true if and only if `c` is ASCII or a character of GB 2312 (two bytes A1A1–F7FE in
/// its EUC form).
fn in_gb2312(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut buffer = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buffer));
    !unmappable
        && matches!(*bytes, [lead @ 0xA1..=0xF7, 0xA1..=0xFE] if !(0xAA..=0xAF).contains(&lead))
}

/// Options for writing a DOCX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocxOptions {
    /// Mark every figure with a yellow highlight, for proofreading the numbers.
    pub highlight_figures: bool,
    /// Which fonts the styles name.
    pub fonts: Fonts,
    /// Print ASCII `, : ; ( ) ? !` inside Chinese text full-width (，：；（）？！), as a 公文
    /// must: the marks `style.punctuation` reports, and those of heading markers like `(一)`.
    /// The custom XML part keeps the source characters.
    pub fix_punctuation: bool,
    /// Creation and modification time for the core properties, in seconds since the Unix epoch;
    /// `None` takes the current time. Set it for reproducible output.
    pub timestamp: Option<u64>,
}

/// Returns true if and only if `bytes` start like a zip package or an OLE compound file (a
/// legacy `.doc` or an encrypted Word document), so that the DOCX reader should explain them.
pub fn looks_like_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&read::OLE_MAGIC)
}

/// The WordprocessingML main namespace.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace used inside parts (`r:id`).
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
