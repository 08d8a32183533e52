//! Formats: readers and writers around the model, and the table from format name to them.

pub mod docx;
pub mod gbt9704;
pub mod html;
pub mod markdown;
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
}

impl InputFormat {
    /// The format of an input, from its file extension, else from its first bytes. Office
    /// packages of other kinds (`.xlsx`, `.pptx`, `.odt` …) go to the DOCX reader, which says
    /// what they are.
    pub fn detect(path: Option<&Path>, bytes: &[u8]) -> InputFormat {
        let extension = path
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("xml") => InputFormat::Xml,
            Some("docx" | "doc" | "xlsx" | "pptx" | "odt" | "ods" | "odp") => InputFormat::Docx,
            Some("html" | "htm" | "shtml" | "xhtml") => InputFormat::Html,
            Some("pdf") => InputFormat::Pdf,
            Some("txt" | "text") => InputFormat::Text,
            _ if bytes.starts_with(b"%PDF-") => InputFormat::Pdf,
            _ if looks_like_report_xml(bytes) => InputFormat::Xml,
            _ if docx::looks_like_docx(bytes) => InputFormat::Docx,
            _ if html::looks_like_html(bytes) => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }
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
}

impl OutputFormat {
    /// Parses a format name (`xml`, `json`, `docx`, `pdf`, `md`).
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        match name.to_ascii_lowercase().as_str() {
            "xml" => Some(OutputFormat::Xml),
            "json" => Some(OutputFormat::Json),
            "docx" => Some(OutputFormat::Docx),
            "pdf" => Some(OutputFormat::Pdf),
            "md" | "markdown" => Some(OutputFormat::Markdown),
            _ => None,
        }
    }

    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        OutputFormat::from_name(path.extension()?.to_str()?)
    }
}

/// Options for the writers that have any.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// DOCX options: fonts, highlighting, punctuation.
    pub docx: docx::DocxOptions,
    /// PDF options: PDF/A level and fonts.
    pub pdf: pdf::PdfOptions,
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
    }
}
