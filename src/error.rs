//! The library's error type. Errors are for input gongwen cannot read; problems with the numbers in
//! a readable report are findings, not errors.

use std::fmt;

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a report could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The input holds no text at all.
    #[error("the input is empty")]
    Empty,
    /// The input is a binary file of a known kind, not a report.
    #[error("this is a {0}, not a report (expected text, DOCX, HTML, PDF, OFD or gongwen XML)")]
    Binary(&'static str),
    /// The bytes are not valid in the encoding (detected or forced).
    #[error(
        "invalid {encoding} at line {line} (byte {offset}){cut}: {hint}",
        cut = if *.cut { ", the file ends mid-character (was it cut off?)" } else { "" },
        hint = DecodeHint { forced: *.forced }
    )]
    Decode {
        /// The encoding the bytes were decoded with.
        encoding: &'static str,
        /// Byte offset of the first undecodable sequence.
        offset: usize,
        /// Its 1-based line.
        line: usize,
        /// Whether the encoding was forced (`--encoding`) rather than detected.
        forced: bool,
        /// Whether the sequence is an incomplete character at the very end.
        cut: bool,
    },
    /// Some lines are UTF-8 and others in a legacy encoding (text pasted together from files in
    /// different encodings).
    #[error(
        "the file mixes encodings: {utf8} lines are UTF-8 and {count} {other} ({lines}{more}): \
         save it in one encoding, or pass --lossy to decode each line in its own",
        count = .lines.len(),
        lines = LineList(.lines),
        more = if .lines.len() > LineList::SHOWN { " …" } else { "" }
    )]
    MixedEncodings {
        /// How many lines are UTF-8 (with characters beyond ASCII).
        utf8: usize,
        /// The encoding of the other lines.
        other: &'static str,
        /// The 1-based numbers of the other lines.
        lines: Vec<usize>,
    },
    /// With `--lossy`, too much of the input is replacement characters for it to be text in the
    /// encoding it was decoded with.
    #[error(
        "even with --lossy, {replaced} of {chars} characters are undecodable as {encoding}: this \
         is not {encoding} text; pass --encoding with the file's encoding"
    )]
    Garbled {
        /// The encoding used.
        encoding: &'static str,
        /// Characters replaced with U+FFFD.
        replaced: usize,
        /// Characters in all.
        chars: usize,
    },
    /// An encoding name given by the user is unknown.
    #[error("unknown encoding `{0}` (try utf-8, gb18030, gbk, big5, utf-16le, utf-16be)")]
    UnknownEncoding(String),
    /// The XML is not well formed or not a gongwen report.
    #[error("invalid report XML at byte {position}: {message}")]
    Xml {
        /// Byte offset in the XML where the problem was found.
        position: u64,
        /// What is wrong.
        message: String,
    },
    /// A `<figure>` in well-formed report XML contradicts its own text, states a value that is
    /// not a number, or reuses another figure's id.
    #[error("line {line}, column {column}: {message}")]
    XmlFigure {
        /// 1-based line of the `<figure` tag in the XML.
        line: usize,
        /// 1-based column, in characters, of the `<figure` tag.
        column: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// The DOCX package cannot be read: not a zip, encrypted, malformed, or over the size limits.
    #[error("invalid DOCX: {0}")]
    Docx(String),
    /// The input is an office document of another kind (a spreadsheet, a presentation, an
    /// OpenDocument file), named by what it is.
    #[error("this is {0}, not a Word document: save the report as DOCX or text and try again")]
    NotWord(&'static str),
    /// Some characters have a glyph in none of the fonts chosen for them (nor in the built-in
    /// font), so they cannot be drawn without empty boxes.
    #[error(
        "no font has a glyph for {chars}: pass --font ROLE=PATH (body, title, heading1, heading2) \
         with a font that has them",
        chars = CharList(.0)
    )]
    MissingGlyphs(Vec<char>),
    /// A font file could not be read or is not a usable font.
    #[error("font {path}: {message}")]
    Font {
        /// The file (or family) the font came from.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The PDF cannot be read: not a PDF, damaged, encrypted with a password, or too slow to
    /// parse.
    #[error("invalid PDF: {0}")]
    PdfInput(String),
    /// The PDF holds no text, only images: a scan, which must go through OCR first.
    #[error(
        "the PDF has no text layer ({pages} {word} of images, a scan?): run OCR on it first, or \
         give the report as text, DOCX or HTML",
        word = if *.pages == 1 { "page" } else { "pages" }
    )]
    NoTextLayer {
        /// How many pages it has.
        pages: usize,
    },
    /// Too many of a page's characters are no characters of a Chinese report (U+FFFD,
    /// private use, scripts such a report does not use): its fonts map glyphs to no Unicode
    /// characters, so the text would be junk.
    #[error(
        "the PDF's text layer is garbled: on page {page}, {bad} of {chars} characters are not \
         text (fonts without a usable ToUnicode map); run OCR on it, or give the report as \
         text, DOCX or HTML"
    )]
    GarbledPdf {
        /// The 1-based page.
        page: usize,
        /// Characters that are no characters of a Chinese report.
        bad: usize,
        /// Characters on the page.
        chars: usize,
    },
    /// The PDF could not be written, e.g. because it would not conform to the PDF/A level asked.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// The OFD cannot be read: not an OFD package, damaged, or over the size limits.
    #[error("invalid OFD: {0}")]
    OfdInput(String),
    /// The OFD could not be written.
    #[error("cannot write the OFD: {0}")]
    Ofd(String),
    /// The input is larger than the limit set for it.
    #[error(
        "the input is {size} bytes, over the limit of {limit} bytes; if it really is one report, \
         raise the limit with --max-input {suggested}M",
        size = match .size { Some(n) => n.to_string(), None => format!("more than {limit}") },
        suggested = .size.unwrap_or(limit.saturating_mul(2)).div_ceil(1 << 20).max(1)
    )]
    TooLarge {
        /// Its size, when known before reading (a file's length).
        size: Option<u64>,
        /// The limit.
        limit: u64,
    },
    /// An output file could not be written.
    #[error("{path}: cannot write")]
    Write {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Options that do not go together, or that the work asked for cannot use.
    #[error("{0}")]
    Usage(String),
    /// An archive run cannot start or go on: colliding outputs, an unreadable directory.
    #[error("{0}")]
    Archive(String),
}

/// The messages of an error and of its causes, outermost first, each as `message` gives it and
/// each once: a library error that wraps an I/O error displays that error as its own message.
pub fn messages(
    error: &(dyn std::error::Error + 'static),
    message: impl Fn(&(dyn std::error::Error + 'static)) -> String,
) -> Vec<String> {
    let mut messages: Vec<String> = Vec::new();
    let mut cause = Some(error);
    while let Some(e) = cause {
        let text = message(e);
        if messages.last() != Some(&text) {
            messages.push(text);
        }
        cause = e.source();
    }
    messages
}

/// The first I/O error among an error and its causes.
pub fn io_cause<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut cause = Some(error);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cause = e.source();
    }
    None
}

/// What to do about an I/O error, where the error itself does not say.
pub fn io_hint(e: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind;
    Some(match e.kind() {
        ErrorKind::NotFound => "check the path",
        ErrorKind::PermissionDenied => "check the file's permissions",
        ErrorKind::IsADirectory => "give a file, not a directory",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
            "free some space or write elsewhere; an existing output was left as it was"
        }
        ErrorKind::ReadOnlyFilesystem => "write the output elsewhere",
        _ => return None,
    })
}

/// An error on one line, as the command line prints it after `gongwen: `: its [`messages`]
/// joined with `: `, then the [`io_hint`] of an I/O error among its causes in parentheses
/// (`a.txt: No such file or directory (os error 2) (check the path)`).
pub fn one_line(error: &(dyn std::error::Error + 'static)) -> String {
    let mut line = messages(error, ToString::to_string).join(": ");
    if let Some(hint) = io_cause(error).and_then(io_hint) {
        line.push_str(&format!(" ({hint})"));
    }
    line
}

struct CharList<'a>(&'a [char]);

impl fmt::Display for CharList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "U+{:04X} '{c}'", u32::from(*c))?;
        }
        Ok(())
    }
}

struct DecodeHint {
    forced: bool,
}

impl fmt::Display for DecodeHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.forced {
            f.write_str(
                "the file is not in the --encoding given; give another (utf-8, gb18030, big5, \
                 utf-16le …), leave it out to detect the encoding, or pass --lossy to replace \
                 the undecodable bytes with U+FFFD",
            )
        } else {
            f.write_str(
                "the file is damaged or in another encoding; pass --encoding NAME (gb18030, \
                 big5, utf-16le …) if you know it, or --lossy to replace the undecodable bytes \
                 with U+FFFD",
            )
        }
    }
}

/// Line numbers, the first few of them.
struct LineList<'a>(&'a [usize]);

impl LineList<'_> {
    const SHOWN: usize = 5;
}

impl fmt::Display for LineList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = if self.0.len() == 1 { "line" } else { "lines" };
        write!(f, "{word} ")?;
        for (i, line) in self.0.iter().take(Self::SHOWN).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_says_each_cause_once_and_what_to_do() {
        let missing = std::io::Error::from_raw_os_error(2);
        let e = Error::Io(missing);
        assert_eq!(
            one_line(&e),
            "No such file or directory (os error 2) (check the path)"
        );
        let e = Error::Write {
            path: "out.pdf".into(),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        assert_eq!(messages(&e, ToString::to_string).len(), 2);
        assert!(one_line(&e).starts_with("out.pdf: cannot write: "));
        assert!(one_line(&e).ends_with(
            "(free some space or write elsewhere; an existing output was left as it was)"
        ));
        assert_eq!(one_line(&Error::Empty), "the input is empty");
    }

    #[test]
    fn decode_error_names_offset_and_remedy() {
        let e = Error::Decode {
            encoding: "UTF-8",
            offset: 17,
            line: 2,
            forced: false,
            cut: false,
        };
        assert_eq!(
            e.to_string(),
            "invalid UTF-8 at line 2 (byte 17): the file is damaged or in another encoding; pass \
             --encoding NAME (gb18030, big5, utf-16le …) if you know it, or --lossy to replace \
             the undecodable bytes with U+FFFD"
        );
        let e = Error::MixedEncodings {
            utf8: 40,
            other: "gb18030",
            lines: vec![3, 4, 9, 10, 11, 12],
        };
        assert_eq!(
            e.to_string(),
            "the file mixes encodings: 40 lines are UTF-8 and 6 gb18030 (lines 3, 4, 9, 10, 11 …): \
             save it in one encoding, or pass --lossy to decode each line in its own"
        );
    }

    #[test]
    fn missing_glyphs_lists_code_points() {
        let e = Error::MissingGlyphs(vec!['\u{2A6D6}', '\u{E000}']);
        let message = e.to_string();
        assert!(
            message.starts_with("no font has a glyph for U+2A6D6 '\u{2A6D6}', U+E000 '\u{E000}'")
        );
        assert!(message.contains("--font"));
    }
}
