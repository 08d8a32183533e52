//! The DOCX reader: a defensive look into the package, then the paragraphs in document order.

use crate::Document;
use crate::error::{Error, Result};
use crate::format::package::{PackageReader, attr, reference_text};
use crate::model::{Figure, Report};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::ops::Range;

/// The magic number of OLE compound files: legacy `.doc`, and encrypted OOXML of any kind.
pub(super) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The text of a DOCX, paragraph by paragraph, and the gongwen report stored in it, if any.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extracted {
    /// The paragraphs of the main document in order; a table row is one paragraph whose cells
    /// are joined with `|` ([`ExtractedParagraph::table_row`]).
    pub paragraphs: Vec<ExtractedParagraph>,
    /// The report XML from a custom XML part written by gongwen.
    pub report_xml: Option<Vec<u8>>,
}

/// One paragraph of a DOCX.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExtractedParagraph {
    /// The text of its runs; tabs as `\t`, line breaks as `\n`.
    pub text: String,
    /// The paragraph style's id (`Heading2`), if one is set.
    pub style: Option<String>,
    /// The outline level, 0 for a level-1 heading, from the paragraph or its style chain.
    pub outline_level: Option<u8>,
    /// True if and only if the paragraph mark is hidden (Word's style separator), so the paragraph
    /// prints on one line with the next one.
    pub joins_next: bool,
    /// True if and only if this is a row of a table: `text` holds one cell per grid column,
    /// joined with `|`, up to the row's last cell. A cell spanning columns (`w:gridSpan`) is
    /// followed by an empty cell for each further column it covers, a cell that continues a
    /// merged one (`w:vMerge`) is empty, and so are the columns a row skips before its first
    /// cell (`w:gridBefore`); a `|` inside a cell is written `｜`.
    pub table_row: bool,
}

impl Extracted {
    /// The paragraphs with text, each with where it starts in [`Extracted::text`]: after a `\n`,
    /// or right after the previous one when that one joins it. A table row is a line of its
    /// own.
    fn placed(&self) -> impl Iterator<Item = (usize, &ExtractedParagraph)> {
        let mut at = 0;
        let mut joined = false;
        let mut first = true;
        self.paragraphs
            .iter()
            .filter(|p| !p.text.is_empty())
            .map(move |p| {
                if !first && (!joined || p.table_row) {
                    at += 1;
                }
                first = false;
                let start = at;
                at += p.text.len();
                joined = p.joins_next && !p.table_row;
                (start, p)
            })
    }

    /// Where the heading paragraphs (outline levels 1–9 of Word, stored 0–8) stand in
    /// [`Extracted::text`], with their 1-based level.
    pub fn outline(&self) -> Vec<crate::OutlineLevel> {
        self.placed()
            .filter_map(|(start, p)| {
                let level = p.outline_level.filter(|&l| l < 9)?;
                Some(crate::OutlineLevel {
                    start,
                    end: start + p.text.len(),
                    level: level + 1,
                })
            })
            .collect()
    }

    /// Where the table rows stand in [`Extracted::text`].
    pub fn table_rows(&self) -> Vec<Range<usize>> {
        self.placed()
            .filter(|(_, p)| p.table_row)
            .map(|(start, p)| start..start + p.text.len())
            .collect()
    }

    /// The document as text, one paragraph a line, paragraphs joined by a style separator kept
    /// on one line, empty paragraphs left out.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (start, p) in self.placed() {
            if start > out.len() {
                out.push('\n');
            }
            out.push_str(&p.text);
        }
        out
    }
}

/// Reads a DOCX into a document: its paragraphs go through the text pipeline (normalize,
/// structure, figures), so headings are found from their numbering, and table rows stay rows
/// with their cells in their columns. A report stored by gongwen is taken instead while it
/// agrees with the document (the same paragraphs and figures): it keeps what the text cannot
/// (metadata, what normalization removed, figures as the XML gave them).
///
/// Errors: [`Error::Empty`] when the document has no text (empty table cells are none), [`Error::NotWord`] for a
/// spreadsheet, a presentation or an OpenDocument file, [`Error::Docx`] for a package that
/// cannot be read.
pub fn read(bytes: &[u8]) -> Result<Document> {
    let extracted = extract(bytes)?;
    let blank = |p: &ExtractedParagraph| {
        p.text
            .chars()
            .all(|c| c.is_whitespace() || (p.table_row && c == '|'))
    };
    if extracted.paragraphs.iter().all(blank) {
        return Err(Error::Empty);
    }
    let text = extracted.text();
    let decoded = crate::decode::Decoded {
        text,
        encoding: encoding_rs::UTF_8,
        replaced: 0,
    };
    let document = crate::read_decoded(decoded, &extracted.outline(), &extracted.table_rows());
    let stored = extracted
        .report_xml
        .as_deref()
        .and_then(|xml| crate::format::xml::read(xml).ok())
        .filter(|report| agrees(report, &extracted, &document.report));
    Ok(match stored {
        Some(report) => Document {
            source: report.text(),
            map: Default::default(),
            report,
        },
        None => document,
    })
}

/// Returns true if and only if a stored report says what the document says: the paragraphs
/// the writer sets for it (its leaf blocks, and the 公文 elements in the writer's order, with
/// those the user gave) are the document's paragraphs ([`same_text`] one by one), and its
/// figures are those read from the document, with the same kinds, values and units. Someone
/// who edits the document in Word changes its paragraphs; one who edits the stored part
/// changes its text or figures: either way the document, which is what they see, wins.
fn agrees(stored: &Report, document: &Extracted, read: &Report) -> bool {
    let leaves = super::elements::paragraph_texts(stored);
    let mut leaves = leaves.iter().filter(|t| !t.is_empty());
    let mut paragraphs = document.paragraphs.iter().filter(|p| !p.text.is_empty());
    let same_paragraphs = loop {
        match (leaves.next(), paragraphs.next()) {
            (Some(leaf), Some(p)) if same_text(leaf, &p.text) => {}
            (None, None) => break true,
            _ => break false,
        }
    };
    let (stored_figures, read_figures) = (stored.figures(), read.figures());
    same_paragraphs
        && stored_figures.len() == read_figures.len()
        && stored_figures
            .iter()
            .zip(&read_figures)
            .all(|(a, b)| same_figure(a, b))
}

/// Returns true if and only if two figures state the same quantity: text (as [`same_text`]),
/// kind, value, range and unit.
fn same_figure(a: &Figure, b: &Figure) -> bool {
    same_text(&a.text, &b.text)
        && (a.kind, &a.value, &a.value_max, a.exponent, &a.unit)
            == (b.kind, &b.value, &b.value_max, b.exponent, &b.unit)
}

/// Returns true if and only if two texts differ at most in white space (table cells lose the
/// spaces around their separators in a DOCX) and in the width of the punctuation marks the
/// writer prints full-width on request (`,` and `，`).
fn same_text(a: &str, b: &str) -> bool {
    fn visible(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace()).map(half_width)
    }
    !a.is_empty() && visible(a).eq(visible(b))
}

/// The ASCII mark for a full-width one the writer may print in its place.
fn half_width(c: char) -> char {
    match c {
        '，' => ',',
        '；' => ';',
        '：' => ':',
        '（' => '(',
        '）' => ')',
        '？' => '?',
        '！' => '!',
        _ => c,
    }
}

/// Opens a DOCX and extracts its paragraphs and the gongwen custom XML part.
pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    let mut package = Package::open(bytes)?;
    if let Some(kind) = package.other_kind()? {
        return Err(Error::NotWord(kind));
    }
    let main = package.main_document()?;
    let document = package
        .read(&main)?
        .ok_or_else(|| invalid(format!("no {main} in the package: not a Word document")))?;
    let styles = match package.read(&sibling(&main, "styles.xml"))? {
        Some(xml) => parse_styles(&xml)?,
        None => Styles::default(),
    };
    let mut paragraphs = parse_document(&document)?;
    for p in &mut paragraphs {
        if p.outline_level.is_none() {
            p.outline_level = p.style.as_deref().and_then(|s| styles.outline_level(s));
        }
    }
    let report_xml = package.report_xml()?;
    Ok(Extracted {
        paragraphs,
        report_xml,
    })
}

fn invalid(message: String) -> Error {
    Error::Docx(message)
}

/// `word/document.xml`, `styles.xml` → `word/styles.xml`.
fn sibling(part: &str, name: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    }
}

/// A Word document's package, read within the limits of [`PackageReader`].
struct Package<'a>(PackageReader<'a>);

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Package<'a>> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(invalid(
                "this is an encrypted document or a legacy .doc file: remove the password, \
                 or save it as .docx, and try again"
                    .to_string(),
            ));
        }
        if bytes.starts_with(b"\x89PNG") {
            return Err(Error::Binary("PNG image"));
        }
        if bytes.starts_with(b"%PDF") {
            return Err(Error::Binary("PDF file"));
        }
        PackageReader::open(bytes, "a Word document", invalid).map(Package)
    }

    /// Reads a part, or `None` if the package has no such part.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        self.0.read(name)
    }

    /// What the package is when it is an office document of another kind: a spreadsheet, a
    /// presentation, an OpenDocument file (by its `mimetype`). A Word document is none of these.
    fn other_kind(&mut self) -> Result<Option<&'static str>> {
        let has = |package: &Self, name: &str| package.0.has(name);
        if has(self, "word/document.xml") {
            return Ok(None);
        }
        if has(self, "xl/workbook.xml") {
            return Ok(Some("an XLSX spreadsheet"));
        }
        if has(self, "ppt/presentation.xml") {
            return Ok(Some("a PPTX presentation"));
        }
        let Some(mimetype) = self.read("mimetype")? else {
            return Ok(None);
        };
        let Some(kind) = mimetype.strip_prefix(b"application/vnd.oasis.opendocument.") else {
            return Ok(None);
        };
        Ok(Some(match kind.trim_ascii() {
            b"text" => "an OpenDocument text (ODT)",
            b"spreadsheet" => "an OpenDocument spreadsheet (ODS)",
            b"presentation" => "an OpenDocument presentation (ODP)",
            _ => "an OpenDocument file",
        }))
    }

    /// The main document part named by the package relationships, else `word/document.xml`.
    fn main_document(&mut self) -> Result<String> {
        let fallback = "word/document.xml".to_string();
        let Some(rels) = self.read("_rels/.rels")? else {
            return Ok(fallback);
        };
        let text = xml_text(&rels, "_rels/.rels")?;
        let mut reader = Reader::from_str(text);
        loop {
            match reader.read_event() {
                Ok(Event::Empty(e) | Event::Start(e))
                    if e.local_name().as_ref() == "Relationship" =>
                {
                    let is_main = attr(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument"));
                    if let (true, Some(target)) = (is_main, attr(&e, "Target")) {
                        return Ok(target.trim_start_matches('/').to_string());
                    }
                }
                Ok(Event::Eof) => return Ok(fallback),
                Ok(_) => {}
                Err(e) => return Err(xml_error("_rels/.rels", &reader, e)),
            }
        }
    }

    /// The first custom XML part holding a gongwen report.
    fn report_xml(&mut self) -> Result<Option<Vec<u8>>> {
        let names: Vec<String> = self
            .0
            .names()
            .filter(|n| {
                n.strip_prefix("customXml/item")
                    .and_then(|rest| rest.strip_suffix(".xml"))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .map(|n| n.into_owned())
            .collect();
        for name in names {
            if let Some(bytes) = self.read(&name)?
                && is_report_xml(&bytes)
            {
                return Ok(Some(bytes));
            }
        }
        Ok(None)
    }
}

/// Returns true if and only if the root element of `bytes` is in the gongwen report namespace.
fn is_report_xml(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut reader = Reader::from_str(text.trim_start_matches('\u{feff}'));
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return e.local_name().as_ref() == "report"
                    && e.attributes()
                        .flatten()
                        .any(|a| a.value.as_ref() == crate::format::xml::NAMESPACE);
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

fn xml_text<'b>(bytes: &'b [u8], part: &str) -> Result<&'b str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map_err(|e| invalid(format!("{part} is not UTF-8 at byte {}", e.valid_up_to())))
}

fn xml_error(part: &str, reader: &Reader<&[u8]>, e: quick_xml::Error) -> Error {
    invalid(format!(
        "malformed XML in {part} at byte {}: {e}",
        reader.error_position()
    ))
}

/// Returns true if and only if a toggle property (`<w:vanish/>`, `<w:b w:val="0"/>`) is on.
fn toggle_on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Paragraph styles: outline levels and what each is based on.
#[derive(Debug, Default)]
struct Styles {
    /// Style id → (explicit outline level, based-on style id, name).
    styles: HashMap<String, (Option<u8>, Option<String>, String)>,
}

impl Styles {
    /// The outline level a style gives, following `basedOn`; Word's built-in `heading N` styles
    /// have level N − 1 even where the part does not say so.
    fn outline_level(&self, id: &str) -> Option<u8> {
        let mut id = id;
        for _ in 0..16 {
            let (level, based_on, name) = self.styles.get(id)?;
            if let Some(level) = level {
                return (*level < 9).then_some(*level);
            }
            if let Some(n) = name.to_ascii_lowercase().strip_prefix("heading ")
                && let Ok(n @ 1..=9) = n.trim().parse::<u8>()
            {
                return Some(n - 1);
            }
            id = based_on.as_deref()?;
        }
        None
    }
}

fn parse_styles(bytes: &[u8]) -> Result<Styles> {
    let part = "styles.xml";
    let mut reader = Reader::from_str(xml_text(bytes, part)?);
    let mut styles = Styles::default();
    let mut current: Option<(String, Option<u8>, Option<String>, String)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(part, &reader, e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" => {
                    let is_paragraph = attr(e, "type").is_none_or(|t| t == "paragraph");
                    current = attr(e, "styleId")
                        .filter(|_| is_paragraph)
                        .map(|id| (id, None, None, String::new()));
                }
                "name" => {
                    if let Some(c) = &mut current {
                        c.3 = attr(e, "val").unwrap_or_default();
                    }
                }
                "basedOn" => {
                    if let Some(c) = &mut current {
                        c.2 = attr(e, "val");
                    }
                }
                "outlineLvl" => {
                    if let Some(c) = &mut current {
                        c.1 = attr(e, "val").and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, level, based_on, name)) = current.take() {
                    styles.styles.insert(id, (level, based_on, name));
                }
            }
            Event::Eof => return Ok(styles),
            _ => {}
        }
    }
}

/// Elements whose content is not part of the running text: drawings and text boxes (their
/// paragraphs would nest inside ours), the fallback copy of alternate content, field
/// instructions, deleted text.
const SKIPPED: [&str; 7] = [
    "drawing",
    "pict",
    "object",
    "Fallback",
    "instrText",
    "delText",
    "txbxContent",
];

/// The most columns a table row gets from spans and skipped grid columns (Word's own limit is
/// 63), so that a hostile `w:gridSpan` cannot grow the text beyond the input's size.
const MAX_COLUMNS: usize = 63;

/// The walk through `document.xml`.
#[derive(Default)]
struct Walk {
    paragraphs: Vec<ExtractedParagraph>,
    paragraph: ExtractedParagraph,
    /// Depth inside skipped elements.
    skip: usize,
    in_run: bool,
    in_text: bool,
    in_paragraph_properties: bool,
    in_mark_properties: bool,
    /// Open tables, innermost last.
    tables: Vec<OpenTable>,
}

/// A table being read: its grid, the cells of its current row, and the current cell.
#[derive(Default)]
struct OpenTable {
    /// How many columns its grid declares (`w:gridCol`).
    grid: usize,
    /// The cells of the current row, one per grid column.
    cells: Vec<String>,
    /// The text of the current cell.
    cell: String,
    /// How many grid columns the current cell spans (`w:gridSpan`).
    span: usize,
    /// True if and only if the current cell continues a merged cell (`w:vMerge` without
    /// `restart`, or the legacy `w:hMerge`): its column is empty in this row.
    continued: bool,
    /// The empty cells the last cell's span owes the row, added when another cell follows: a
    /// row ends at its last cell, like the model's short rows, whose last cell the writer
    /// spans over the missing columns.
    owed: usize,
}

impl OpenTable {
    /// Adds `n` empty cells to the row, within the grid (or [`MAX_COLUMNS`]).
    fn pad(&mut self, n: usize) {
        let limit = match self.grid {
            0 => MAX_COLUMNS,
            grid => grid.min(MAX_COLUMNS),
        };
        let n = n.min(limit.saturating_sub(self.cells.len()));
        self.cells.extend(std::iter::repeat_n(String::new(), n));
    }
}

/// The number in a `w:val` attribute (`w:gridSpan`, `w:gridBefore`), if it is one.
fn count(e: &BytesStart) -> Option<usize> {
    attr(e, "val").and_then(|v| v.trim().parse().ok())
}

impl Walk {
    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0 || SKIPPED.contains(&name) {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        match name {
            "p" if empty => self.end_paragraph(),
            "p" => self.paragraph = ExtractedParagraph::default(),
            "pPr" => self.in_paragraph_properties = !empty,
            "rPr" if self.in_paragraph_properties => self.in_mark_properties = !empty,
            "pStyle" if self.in_paragraph_properties => self.paragraph.style = attr(e, "val"),
            "outlineLvl" if self.in_paragraph_properties => {
                self.paragraph.outline_level = attr(e, "val")
                    .and_then(|v| v.parse().ok())
                    .filter(|&l: &u8| l < 9);
            }
            "vanish" | "specVanish" if self.in_mark_properties => {
                self.paragraph.joins_next |= toggle_on(e);
            }
            "r" => self.in_run = !empty,
            "t" if self.in_run => self.in_text = !empty,
            "tab" if self.in_run => self.paragraph.text.push('\t'),
            "br" | "cr" if self.in_run => self.paragraph.text.push('\n'),
            "noBreakHyphen" if self.in_run => self.paragraph.text.push('\u{2011}'),
            "tbl" if !empty => self.tables.push(OpenTable::default()),
            _ => self.table_start(name, e, empty),
        }
    }

    /// The elements that lay out the innermost table's grid, rows and cells.
    fn table_start(&mut self, name: &str, e: &BytesStart, empty: bool) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        match name {
            "gridCol" => table.grid += 1,
            "tr" => {
                table.cells.clear();
                table.owed = 0;
            }
            "gridBefore" => table.pad(count(e).unwrap_or(0)),
            "tc" => {
                let owed = std::mem::take(&mut table.owed);
                table.pad(owed);
                table.cell.clear();
                table.span = 1;
                table.continued = false;
                if empty {
                    table.cells.push(String::new());
                }
            }
            "gridSpan" => table.span = count(e).unwrap_or(1).max(1),
            "vMerge" | "hMerge" => {
                table.continued = attr(e, "val").is_none_or(|v| v == "continue");
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            "p" => self.end_paragraph(),
            "pPr" => self.in_paragraph_properties = false,
            "rPr" => self.in_mark_properties = false,
            "r" => self.in_run = false,
            "t" => self.in_text = false,
            "tc" => {
                if let Some(table) = self.tables.last_mut() {
                    let cell = std::mem::take(&mut table.cell);
                    table
                        .cells
                        .push(if table.continued { String::new() } else { cell });
                    table.owed = table.span - 1;
                }
            }
            "tr" => self.end_row(),
            "tbl" => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip == 0 && self.in_text {
            self.paragraph.text.push_str(text);
        }
    }

    /// A finished paragraph goes to the current table cell, or to the list.
    fn end_paragraph(&mut self) {
        let paragraph = std::mem::take(&mut self.paragraph);
        match self.tables.last_mut() {
            Some(table) => append_spaced(&mut table.cell, paragraph.text.trim()),
            None => self.paragraphs.push(paragraph),
        }
    }

    /// A finished row is a table row paragraph, or text of the enclosing cell when its table is
    /// nested.
    fn end_row(&mut self) {
        let depth = self.tables.len();
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let cells = std::mem::take(&mut table.cells);
        match self.tables.get_mut(depth.wrapping_sub(2)) {
            Some(outer) => {
                for cell in &cells {
                    append_spaced(&mut outer.cell, cell);
                }
            }
            None => self.paragraphs.push(ExtractedParagraph {
                text: row_text(&cells),
                table_row: true,
                ..Default::default()
            }),
        }
    }
}

/// A row's cells joined with `|`, the way the model writes a row as a line: a `|` inside a cell
/// becomes the full-width `｜` and a line break a space, so the row stays one line with one
/// separator between each two columns.
fn row_text(cells: &[String]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        out.extend(cell.chars().map(|c| match c {
            '|' => '｜',
            '\n' => ' ',
            c => c,
        }));
    }
    out
}

fn append_spaced(out: &mut String, text: &str) {
    if !out.is_empty() && !text.is_empty() {
        out.push(' ');
    }
    out.push_str(text);
}

fn parse_document(bytes: &[u8]) -> Result<Vec<ExtractedParagraph>> {
    let part = "document.xml";
    let mut reader = Reader::from_str(xml_text(bytes, part)?);
    let mut walk = Walk::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(part, &reader, e))?;
        match event {
            Event::Start(e) => walk.start(&e, false),
            Event::Empty(e) => walk.start(&e, true),
            Event::End(e) => walk.end(e.local_name().as_ref()),
            Event::Text(t) => walk.text(&t.xml10_content()),
            Event::CData(t) => walk.text(&t.xml10_content()),
            Event::GeneralRef(r) => match reference_text(&r) {
                Some(text) => walk.text(&text),
                None => {
                    return Err(invalid(format!(
                        "malformed XML in {part} at byte {}: unknown entity &{};",
                        reader.buffer_position(),
                        r.xml10_content()
                    )));
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(walk.paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_separator_joins_paragraphs() {
        let extracted = Extracted {
            paragraphs: vec![
                ExtractedParagraph {
                    text: "1.标题。".into(),
                    joins_next: true,
                    ..Default::default()
                },
                ExtractedParagraph {
                    text: "正文。".into(),
                    ..Default::default()
                },
                ExtractedParagraph::default(),
                ExtractedParagraph {
                    text: "下一段。".into(),
                    ..Default::default()
                },
            ],
            report_xml: None,
        };
        assert_eq!(extracted.text(), "1.标题。正文。\n下一段。");
    }

    #[test]
    fn text_comparison_ignores_white_space_and_punctuation_width_only() {
        assert!(same_text("甲 | 1 |\n乙", "甲|1|\n乙"));
        assert!(same_text("2020年,全区(含)", "2020年，全区（含）"));
        assert!(!same_text("甲|1|", "甲|2|"));
        assert!(!same_text("甲,乙", "甲。乙"));
        assert!(!same_text("", ""));
    }
}
