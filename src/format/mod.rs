//! Formats: readers and writers around the model, and the table from format name to them.

pub mod docx;
pub mod gbt9704;
pub mod html;
pub mod markdown;
pub mod ofd;
pub(crate) mod package;
pub mod pdf;
pub mod xml;

use crate::error::Result;
use crate::{Document, ReadOptions};
use std::path::Path;

/// A format gongwen reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputFormat {
    /// Plain text in any supported encoding.
    Text,
    /// gongwen's report XML.
    Xml,
    /// A Word document (OOXML).
    Docx,
    /// A web page.
    Html,
    /// A PDF with a text layer.
    Pdf,
    /// An OFD with text.
    Ofd,
}

impl InputFormat {
    /// The format of an input, from its file extension ([`Format::extensions`], and the other
    /// kinds a reader takes to name them: `.xlsx`, `.pptx`, `.odt` … go to the DOCX reader,
    /// which says what they are), else from its first bytes ([`Format::sniff`], in the table's
    /// order), else text.
    pub fn detect(path: Option<&Path>, bytes: &[u8]) -> InputFormat {
        let extension = path
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let readable = || FORMATS.iter().filter_map(|f| Some((f, f.input?)));
        if let Some(extension) = extension.as_deref()
            && let Some((_, input)) = readable().find(|(f, _)| {
                f.extensions.contains(&extension) || f.also_reads.contains(&extension)
            })
        {
            return input;
        }
        readable()
            .find(|(f, _)| f.sniff.is_some_and(|sniff| sniff(bytes)))
            .map_or(InputFormat::Text, |(_, input)| input)
    }
}

/// One format gongwen reads or writes: a row of [`FORMATS`].
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// Its name, as `--to` takes it.
    pub name: &'static str,
    /// Its name in messages (`DOCX`, `Markdown`).
    pub label: &'static str,
    /// Other names `--to` takes for it.
    pub aliases: &'static [&'static str],
    /// The file extensions of the format, lower case, the usual one first.
    pub extensions: &'static [&'static str],
    /// Extensions of other kinds of file its reader takes, to say what they are.
    pub also_reads: &'static [&'static str],
    /// Returns true if and only if bytes look like this format (its first bytes).
    pub sniff: Option<fn(&[u8]) -> bool>,
    /// Its reader, if gongwen reads it.
    pub input: Option<InputFormat>,
    /// Its writer, if gongwen writes it.
    pub output: Option<OutputFormat>,
}

/// The formats, one row each: the CLI's `--to` values, the kinds of input searched for in a
/// directory, the messages that list them, and format detection all come from here. The order
/// is the order of sniffing; text, which any bytes may be, is last and sniffs nothing.
pub const FORMATS: &[Format] = &[
    Format {
        name: "xml",
        label: "XML",
        aliases: &[],
        extensions: &["xml"],
        also_reads: &[],
        sniff: Some(looks_like_report_xml),
        input: Some(InputFormat::Xml),
        output: Some(OutputFormat::Xml),
    },
    Format {
        name: "ofd",
        label: "OFD",
        aliases: &[],
        extensions: &["ofd"],
        also_reads: &[],
        sniff: Some(ofd::looks_like_ofd),
        input: Some(InputFormat::Ofd),
        output: Some(OutputFormat::Ofd),
    },
    Format {
        name: "docx",
        label: "DOCX",
        aliases: &[],
        extensions: &["docx"],
        also_reads: &["doc", "xlsx", "pptx", "odt", "ods", "odp"],
        sniff: Some(docx::looks_like_docx),
        input: Some(InputFormat::Docx),
        output: Some(OutputFormat::Docx),
    },
    Format {
        name: "html",
        label: "HTML",
        aliases: &[],
        extensions: &["html", "htm", "shtml", "xhtml"],
        also_reads: &[],
        sniff: Some(html::looks_like_html),
        input: Some(InputFormat::Html),
        output: None,
    },
    Format {
        name: "pdf",
        label: "PDF",
        aliases: &[],
        extensions: &["pdf"],
        also_reads: &[],
        sniff: Some(looks_like_pdf),
        input: Some(InputFormat::Pdf),
        output: Some(OutputFormat::Pdf),
    },
    Format {
        name: "json",
        label: "JSON",
        aliases: &[],
        extensions: &["json"],
        also_reads: &[],
        sniff: None,
        input: None,
        output: Some(OutputFormat::Json),
    },
    Format {
        name: "md",
        label: "Markdown",
        aliases: &["markdown"],
        extensions: &["md", "markdown"],
        also_reads: &[],
        sniff: None,
        input: None,
        output: Some(OutputFormat::Markdown),
    },
    Format {
        name: "txt",
        label: "text",
        aliases: &["text"],
        extensions: &["txt", "text"],
        also_reads: &[],
        sniff: None,
        input: Some(InputFormat::Text),
        output: None,
    },
];

/// The extensions of the files gongwen reads as reports, in the table's order (`xml`, `docx`,
/// `html` …): what a directory is searched for.
pub fn input_extensions() -> impl Iterator<Item = &'static str> {
    FORMATS
        .iter()
        .filter(|f| f.input.is_some())
        .flat_map(|f| f.extensions.iter().copied())
}

/// The names of the formats gongwen writes (`xml`, `ofd`, `docx`, `pdf`, `json`, `md`).
pub fn output_names() -> impl Iterator<Item = &'static str> {
    FORMATS
        .iter()
        .filter(|f| f.output.is_some())
        .map(|f| f.name)
}

/// Returns true if and only if the bytes start as a PDF does.
fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

fn looks_like_report_xml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let head = String::from_utf8_lossy(head);
    let head = head.trim_start();
    (head.starts_with("<?xml") || head.starts_with("<report")) && head.contains(xml::NAMESPACE)
}

/// Reads a report in the given format. The bytes are taken: text drops them once decoded, so a
/// large input is not held twice while it is parsed.
pub fn read(bytes: Vec<u8>, format: InputFormat, options: &ReadOptions) -> Result<Document> {
    match format {
        InputFormat::Text => {
            let decoded = crate::decode::decode(&bytes, options.encoding, options.lossy)?;
            drop(bytes);
            Ok(crate::read_decoded(decoded, &[], &[]))
        }
        InputFormat::Xml => {
            let report = xml::read(&bytes)?;
            if !report.has_text() {
                return Err(crate::error::Error::Empty);
            }
            Ok(Document {
                source: report.text(),
                map: Default::default(),
                report,
            })
        }
        InputFormat::Docx => docx::read(&bytes),
        InputFormat::Html => html::read(&bytes, options),
        InputFormat::Pdf => pdf::read::read(&bytes),
        InputFormat::Ofd => ofd::read(&bytes),
    }
}

/// A format gongwen writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutputFormat {
    /// gongwen's report XML.
    Xml,
    /// The model as JSON.
    Json,
    /// A Word document laid out as a 公文 ([`WriteOptions::docx`]).
    Docx,
    /// PDF laid out per GB/T 9704 (PDF/A with [`WriteOptions::pdf`]).
    Pdf,
    /// Markdown (CommonMark with GFM tables).
    Markdown,
    /// OFD laid out as the PDF (OFD-A with [`WriteOptions::ofd`]).
    Ofd,
}

impl OutputFormat {
    /// Parses a format name ([`output_names`]: `xml`, `docx`, `pdf`, `json`, `md`, or an alias
    /// such as `markdown`).
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        let name = name.to_ascii_lowercase();
        FORMATS
            .iter()
            .find(|f| f.name == name || f.aliases.contains(&name.as_str()))
            .and_then(|f| f.output)
    }

    /// Its name in messages (`DOCX`, `Markdown`), from [`FORMATS`].
    pub fn label(self) -> &'static str {
        FORMATS
            .iter()
            .find(|f| f.output == Some(self))
            .map_or("?", |f| f.label)
    }

    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        FORMATS
            .iter()
            .find(|f| f.extensions.contains(&extension.as_str()))
            .and_then(|f| f.output)
    }
}

/// Options for the writers that have any.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// DOCX options: fonts, highlighting, punctuation.
    pub docx: docx::DocxOptions,
    /// PDF options: PDF/A level and fonts; the fonts, date and punctuation of OFD too.
    pub pdf: pdf::PdfOptions,
    /// OFD options: OFD-A.
    pub ofd: ofd::OfdOptions,
}

/// The writer options that apply to some output formats only, by their command-line name
/// (`--highlight-figures`), with the formats that read them. Given for another format, the
/// command line and the Python package refuse them, naming these formats.
pub const SCOPED_OPTIONS: &[(&str, &[OutputFormat])] = &[
    ("highlight-figures", &[OutputFormat::Docx]),
    ("fonts", &[OutputFormat::Docx]),
    (
        "fix-punctuation",
        &[OutputFormat::Docx, OutputFormat::Pdf, OutputFormat::Ofd],
    ),
    ("pdfa", &[OutputFormat::Pdf]),
    ("font", &[OutputFormat::Pdf, OutputFormat::Ofd]),
];

/// Formats listed for a message by their labels: `PDF`, `PDF and OFD`, `DOCX, PDF and OFD` (with
/// `or` for alternatives).
pub fn listed(formats: &[OutputFormat], conjunction: &str) -> String {
    let labels: Vec<&str> = formats.iter().map(|f| f.label()).collect();
    match labels.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// The formats a writer option of [`SCOPED_OPTIONS`] applies to (none for another name).
pub fn option_formats(name: &str) -> &'static [OutputFormat] {
    SCOPED_OPTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[], |(_, formats)| formats)
}

/// Writes a report in the given format.
///
/// The document is taken, not borrowed: the writers need only the model, so the source text goes
/// first, and the PDF writer drops the model too as soon as it has what it needs of it, before
/// the pages are serialized.
pub fn write(document: Document, format: OutputFormat, options: &WriteOptions) -> Result<Vec<u8>> {
    let Document {
        report,
        source,
        map,
    } = document;
    drop((source, map));
    match format {
        OutputFormat::Xml => xml::write(&report),
        OutputFormat::Json => {
            let mut out = serde_json::to_vec_pretty(&report).map_err(std::io::Error::from)?;
            out.push(b'\n');
            Ok(out)
        }
        OutputFormat::Docx => docx::write(&report, &options.docx),
        OutputFormat::Pdf => pdf::write_owned(report, &options.pdf),
        OutputFormat::Markdown => Ok(markdown::write(&report)),
        OutputFormat::Ofd => ofd::write(&report, &options.pdf, &options.ofd),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_extension_and_name_belongs_to_one_format() {
        let mut seen = std::collections::HashSet::new();
        for f in FORMATS {
            for key in f.extensions.iter().chain(f.also_reads) {
                assert!(seen.insert(*key), "extension {key} twice");
            }
        }
        let mut names = std::collections::HashSet::new();
        for f in FORMATS {
            for name in std::iter::once(&f.name).chain(f.aliases) {
                assert!(names.insert(*name), "name {name} twice");
            }
        }
    }

    #[test]
    fn detection_and_names_follow_the_table() {
        for f in FORMATS {
            for extension in f.extensions.iter().chain(f.also_reads) {
                let path = format!("report.{}", extension.to_ascii_uppercase());
                let detected = InputFormat::detect(Some(Path::new(&path)), b"");
                assert_eq!(
                    Some(detected),
                    f.input.or(Some(InputFormat::Text)),
                    "{path}"
                );
                // Only the format's own extensions name it as an output.
                let output = f.output.filter(|_| f.extensions.contains(extension));
                assert_eq!(OutputFormat::from_path(Path::new(&path)), output, "{path}");
            }
            for name in std::iter::once(&f.name).chain(f.aliases) {
                assert_eq!(OutputFormat::from_name(name), f.output, "{name}");
            }
        }
        assert_eq!(
            output_names().collect::<Vec<_>>(),
            ["xml", "ofd", "docx", "pdf", "json", "md"]
        );
        assert_eq!(
            input_extensions().collect::<Vec<_>>(),
            [
                "xml", "ofd", "docx", "html", "htm", "shtml", "xhtml", "pdf", "txt", "text"
            ]
        );
        assert_eq!(InputFormat::detect(None, b"%PDF-1.7\n"), InputFormat::Pdf);
        assert_eq!(
            InputFormat::detect(None, "一、总体".as_bytes()),
            InputFormat::Text
        );
    }
}
