//! HTML input: the text of a web page as a reader sees it, through the text pipeline.
//!
//! Government sites publish their reports as web pages. A page is decoded (byte-order mark, else
//! the charset its `<meta>` declares, else detection), tokenized by html5gum (the WHATWG
//! tokenizer), and its visible text set out in lines: block elements and `<br>` end a line, white
//! space collapses as a browser collapses it (a line break between two Chinese characters is no
//! space), and scripts, styles, the head, navigation, footers and asides are left out (also
//! `<div class="nav">`, `id="footer"` and elements whose class or id has the word menu,
//! breadcrumb, sidebar, share, copyright or toolbar). A data
//! table becomes `|`-separated rows; a layout table (one holding another table, or cells of long
//! passages) gives its cells' text as lines. `<h1>`–`<h6>` without a written number become
//! sections by their level. The text then goes through normalize, structure and figures like any
//! text, and the places of figures and findings point into the HTML source.

use crate::decode::{self, Decoded};
use crate::error::{Error, Result};
use crate::format::pdf::linebreak::is_cjk;
use crate::model::{Meta, Property};
use crate::normalize::OffsetMap;
use crate::{Document, OutlineLevel, ReadOptions};
use encoding_rs::Encoding;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Elements whose content is not part of the text.
const HIDDEN: &[&[u8]] = &[
    b"head",
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"title",
    b"svg",
    b"math",
    b"iframe",
    b"object",
    b"canvas",
    b"select",
    b"textarea",
    b"button",
    b"nav",
    b"footer",
    b"aside",
];

/// Words in a `class` or `id` that mark an element as page furniture rather than the article:
/// `<div class="nav">`, `<div id="footer">`, `<ul class="site-menu">`.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "menu",
    "footer",
    "foot",
    "breadcrumb",
    "crumb",
    "crumbs",
    "sidebar",
    "share",
    "copyright",
    "toolbar",
];

/// `<meta name>`s kept as properties, and which field of the report's metadata each can fill.
const META_NAMES: &[(&str, Field)] = &[
    ("articletitle", Field::Title),
    ("pubdate", Field::Date),
    ("contentsource", Field::Issuer),
    ("author", Field::Issuer),
];

/// A metadata field a page's `<title>` or `<meta>` can fill when the text does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Date,
    Issuer,
}

/// Elements that never have content or an end tag.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// Elements that begin and end a line.
const BLOCKS: &[&[u8]] = &[
    b"address",
    b"article",
    b"blockquote",
    b"body",
    b"br",
    b"caption",
    b"center",
    b"dd",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hgroup",
    b"hr",
    b"html",
    b"legend",
    b"li",
    b"main",
    b"menu",
    b"ol",
    b"p",
    b"pre",
    b"section",
    b"summary",
    b"ul",
];

/// A table cell longer than this (in characters) makes its table a layout table.
const LONGEST_DATA_CELL: usize = 200;

/// Hidden elements nested deeper than this are counted, not stacked, so that looking up an end
/// tag among the open ones stays cheap.
const MAX_HIDDEN_DEPTH: usize = 64;

/// Tables nested deeper than this are read as plain blocks: each level copies its text once
/// more into the level around it.
const MAX_TABLE_DEPTH: usize = 8;

/// Reads a web page into a document whose positions point into the page's source.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Document> {
    let decoded = match (options.encoding, declared_charset(bytes)) {
        (None, Some(declared)) => match decode::decode(bytes, Some(declared), false) {
            Ok(decoded) => decoded,
            // Bytes that contradict their declaration (a page re-encoded as UTF-8 that still
            // declares gb2312): detect, as for text.
            Err(Error::Decode { .. }) => decode::decode(bytes, None, options.lossy)?,
            Err(e) => return Err(e),
        },
        (forced, _) => decode::decode(bytes, forced, options.lossy)?,
    };
    let page = extract(&decoded.text);
    if page.text.trim().is_empty() {
        return Err(Error::Empty);
    }
    let outline = page.outline();
    let mut document = crate::read_decoded(
        Decoded {
            text: page.text,
            encoding: decoded.encoding,
            replaced: decoded.replaced,
        },
        &outline,
        &[],
    );
    document.map = document.map.then(&page.map).within(decoded.text.len());
    document.source = decoded.text;
    fill_meta(&mut document.report.meta, page.properties);
    Ok(document)
}

/// Keeps the page's title and publishing metadata as properties, and fills the title, date and
/// issuer the text did not give.
fn fill_meta(meta: &mut Meta, properties: Vec<Property>) {
    for property in &properties {
        let field = if property.key == "title" {
            // `标题_站点名`: the site's name follows the title.
            Some((
                Field::Title,
                property.value.split(['_', '|']).next().unwrap_or(""),
            ))
        } else {
            let key = property.key.to_ascii_lowercase();
            META_NAMES
                .iter()
                .find(|(name, _)| *name == key)
                .map(|&(_, field)| (field, property.value.as_str()))
        };
        let Some((field, value)) = field.filter(|(_, v)| !v.trim().is_empty()) else {
            continue;
        };
        let slot = match field {
            Field::Title => &mut meta.title,
            Field::Date => &mut meta.date,
            Field::Issuer => &mut meta.issuer,
        };
        slot.get_or_insert_with(|| value.trim().to_string());
    }
    meta.properties.extend(properties);
}

/// Returns true if and only if the bytes open like an HTML document (`<!DOCTYPE html`, `<html`).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// The encoding a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 1024 bytes
/// declares, as the WHATWG prescan finds it (a UTF-16 declaration means UTF-8: the bytes it was
/// read from are ASCII).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(1024)].to_ascii_lowercase();
    let mut rest = head.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at..];
        let tag = &tag[..tag.iter().position(|&b| b == b'>').unwrap_or(tag.len())];
        if let Some(at) = find(tag, b"charset") {
            let value = tag[at + b"charset".len()..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .skip_while(|&&b| b == b'=')
                .skip_while(|&&b| b.is_ascii_whitespace() || b == b'"' || b == b'\'');
            let label: Vec<u8> = value
                .take_while(|&&b| !(b.is_ascii_whitespace() || b"\"';/>".contains(&b)))
                .copied()
                .collect();
            if let Some(encoding) = Encoding::for_label(&label) {
                return Some(
                    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                        encoding_rs::UTF_8
                    } else {
                        encoding
                    },
                );
            }
        }
        rest = &rest[at + b"<meta".len()..];
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The visible text of a page.
struct Page {
    /// Lines of text.
    text: String,
    /// Offsets in `text` to offsets in the HTML.
    map: OffsetMap,
    /// Headings: byte range in `text` and level 1–6 (`<h1>` is 1).
    headings: Vec<(usize, usize, u8)>,
    /// The `<title>` and the `<meta>` that publishing systems fill in (`ArticleTitle`, `PubDate`,
    /// `ContentSource`, `author`), as written.
    properties: Vec<Property>,
}

impl Page {
    /// The headings as outline levels. Levels are counted from the highest heading element that
    /// is used more than once: a page's single `<h1>` is its title, not a section.
    fn outline(&self) -> Vec<OutlineLevel> {
        let used = |level: u8| self.headings.iter().filter(|h| h.2 == level).count();
        let Some(top) = (1..=6).find(|&level| used(level) > 1) else {
            return Vec::new();
        };
        self.headings
            .iter()
            .filter(|h| h.2 >= top)
            .map(|&(start, end, level)| OutlineLevel {
                start,
                end,
                level: level - top + 1,
            })
            .collect()
    }
}

/// Text being set out in lines, with where each character came from.
#[derive(Default)]
struct Flow {
    text: String,
    map: OffsetMap,
    /// Collapsible white space seen since the last character: its HTML offset, and whether it
    /// held a line break.
    space: Option<(usize, bool)>,
}

impl Flow {
    fn push(&mut self, c: char, at: usize) {
        self.map.push(self.text.len(), at);
        self.text.push(c);
    }

    /// Adds one character of text at HTML offset `at`, collapsing white space unless `pre`.
    fn character(&mut self, c: char, at: usize, pre: bool) {
        if pre {
            self.push(c, at);
            return;
        }
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            let newline = c == '\n' || self.space.is_some_and(|(_, n)| n);
            self.space = Some((self.space.map_or(at, |(a, _)| a), newline));
            return;
        }
        if let Some((space_at, newline)) = self.space.take() {
            let last = self.text.chars().next_back();
            let at_line_start = last.is_none_or(|l| l == '\n');
            let between_cjk = newline && last.is_some_and(is_cjk) && is_cjk(c);
            if !at_line_start && !between_cjk {
                self.push(' ', space_at);
            }
        }
        self.push(c, at);
    }

    /// Ends the current line, if it has any text.
    fn line_break(&mut self, at: usize) {
        self.space = None;
        if self.text.chars().next_back().is_some_and(|c| c != '\n') {
            self.push('\n', at);
        }
    }

    /// Appends another flow's text, its line breaks as spaces if `one_line`.
    fn append(&mut self, other: &Flow, one_line: bool) {
        for (i, c) in other.text.trim_end_matches('\n').char_indices() {
            let at = other.map.to_source(i);
            match c {
                '\n' if one_line => self.push(' ', at),
                '\n' => self.line_break(at),
                _ => self.push(c, at),
            }
        }
    }
}

/// A table being read: its rows of cells.
#[derive(Default)]
struct TableBuilder {
    rows: Vec<Vec<Flow>>,
    cell: Option<Flow>,
    /// It holds another table, so it lays the page out rather than holding data.
    holds_table: bool,
}

impl TableBuilder {
    fn close_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            match self.rows.last_mut() {
                Some(row) => row.push(cell),
                None => self.rows.push(vec![cell]),
            }
        }
    }

    fn new_row(&mut self) {
        self.close_cell();
        if self.rows.last().is_none_or(|r| !r.is_empty()) {
            self.rows.push(Vec::new());
        }
    }

    /// The cell text goes to, opened if there is none.
    fn cell(&mut self) -> &mut Flow {
        self.cell.get_or_insert_with(Flow::default)
    }

    /// A data table: no table inside, two or more columns, and short cells without a `|` (which
    /// would read as a cell boundary in the text).
    fn is_data(&self) -> bool {
        !self.holds_table
            && self.rows.iter().any(|r| r.len() > 1)
            && self
                .rows
                .iter()
                .flatten()
                .all(|c| !c.text.contains('|') && c.text.chars().count() <= LONGEST_DATA_CELL)
    }
}

/// Walks the tokens of a page and sets out its visible text.
#[derive(Default)]
struct Extractor {
    out: Flow,
    tables: Vec<TableBuilder>,
    /// Open tables nested past [`MAX_TABLE_DEPTH`], read as plain blocks.
    deep_tables: usize,
    /// Open hidden elements, innermost last.
    hidden: Vec<Vec<u8>>,
    /// Open hidden elements past [`MAX_HIDDEN_DEPTH`].
    deep_hidden: usize,
    /// Open `<pre>` elements.
    pre: usize,
    /// The open heading: start in `out` and level.
    heading: Option<(usize, u8)>,
    headings: Vec<(usize, usize, u8)>,
    /// The text of `<title>`, while in it and after.
    title: Option<String>,
    properties: Vec<Property>,
}

impl Extractor {
    /// Where text goes: the innermost open table's cell, else the page.
    fn flow(&mut self) -> &mut Flow {
        match self.tables.last_mut() {
            Some(table) => table.cell(),
            None => &mut self.out,
        }
    }

    fn line_break(&mut self, at: usize) {
        match self.tables.last_mut() {
            Some(table) => {
                if let Some(cell) = table.cell.as_mut() {
                    cell.line_break(at);
                }
            }
            None => self.out.line_break(at),
        }
    }

    fn text(&mut self, value: &str, raw: &str, at: usize) {
        if !self.hidden.is_empty() {
            if self.hidden.last().is_some_and(|h| h == b"title") {
                self.title.get_or_insert_with(String::new).push_str(value);
            }
            return;
        }
        // White space between rows and cells opens no cell.
        if self.tables.last().is_some_and(|t| t.cell.is_none())
            && value.chars().all(char::is_whitespace)
        {
            return;
        }
        let pre = self.pre > 0;
        let flow = self.flow();
        for (c, offset) in aligned(value, raw) {
            flow.character(c, at + offset, pre);
        }
    }

    /// A start tag; `furniture` if its class or id marks page furniture.
    fn start(&mut self, name: &[u8], self_closing: bool, furniture: bool, at: usize) {
        if name == b"body" {
            // The head ends where the body starts, whether or not it was closed.
            if let Some(i) = self.hidden.iter().position(|h| h == b"head") {
                self.hidden.truncate(i);
                self.deep_hidden = 0;
            }
        }
        if HIDDEN.contains(&name) || furniture || !self.hidden.is_empty() {
            // Inside a hidden element every element is stacked, so that its end tag finds its
            // own start and not the hidden one's.
            if !self_closing && !VOID.contains(&name) {
                if self.hidden.len() < MAX_HIDDEN_DEPTH {
                    self.hidden.push(name.to_vec());
                } else {
                    self.deep_hidden += 1;
                }
            }
            return;
        }
        match name {
            b"table" if self.tables.len() < MAX_TABLE_DEPTH => {
                if let Some(outer) = self.tables.last_mut() {
                    outer.holds_table = true;
                }
                self.tables.push(TableBuilder::default());
            }
            b"table" => {
                self.deep_tables += 1;
                self.line_break(at);
            }
            b"tr" | b"td" | b"th" => self.row_or_cell(name, true),
            _ => {
                if BLOCKS.contains(&name) {
                    self.line_break(at);
                }
                if name == b"pre" {
                    self.pre += 1;
                }
                if let Some(level) = heading_level(name)
                    && self.tables.is_empty()
                {
                    self.close_heading();
                    self.heading = Some((self.out.text.len(), level));
                }
            }
        }
    }

    fn end(&mut self, name: &[u8], at: usize) {
        if self.deep_hidden > 0 {
            self.deep_hidden -= 1;
            return;
        }
        if let Some(i) = self.hidden.iter().rposition(|h| h == name) {
            self.hidden.truncate(i);
            return;
        }
        if !self.hidden.is_empty() {
            return;
        }
        match name {
            b"table" if self.deep_tables > 0 => {
                self.deep_tables -= 1;
                self.line_break(at);
            }
            b"table" => self.close_table(at),
            b"tr" | b"td" | b"th" => self.row_or_cell(name, false),
            _ => {
                if heading_level(name).is_some() && self.tables.is_empty() {
                    self.close_heading();
                }
                if name == b"pre" {
                    self.pre = self.pre.saturating_sub(1);
                }
                if BLOCKS.contains(&name) {
                    self.line_break(at);
                }
            }
        }
    }

    /// A row or cell tag of the innermost table: `<tr>` and `</tr>` end the row, `<td>` opens a
    /// cell and `</td>` closes it.
    fn row_or_cell(&mut self, name: &[u8], opening: bool) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        if name == b"tr" {
            table.new_row();
        } else {
            table.close_cell();
            if opening {
                table.cell();
            }
        }
    }

    fn close_heading(&mut self) {
        if let Some((start, level)) = self.heading.take() {
            let end = self.out.text.trim_end().len();
            if end > start {
                self.headings.push((start, end, level));
            }
        }
    }

    /// Closes the innermost table and sets its text out where it stands.
    fn close_table(&mut self, at: usize) {
        let Some(mut table) = self.tables.pop() else {
            return;
        };
        table.close_cell();
        let data = table.is_data();
        self.line_break(at);
        let flow = self.flow();
        let rows = table
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.text.trim().is_empty()));
        for row in rows {
            if data {
                for cell in row {
                    flow.push('|', at);
                    flow.push(' ', at);
                    flow.append(cell, true);
                    flow.push(' ', at);
                }
                flow.push('|', at);
                flow.line_break(at);
            } else {
                for cell in row {
                    flow.append(cell, false);
                    flow.line_break(at);
                }
            }
        }
    }

    fn finish(mut self, end: usize) -> Page {
        while !self.tables.is_empty() {
            self.close_table(end);
        }
        self.close_heading();
        let text_len = self.out.text.trim_end().len();
        self.out.text.truncate(text_len);
        let title = self
            .title
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut properties: Vec<Property> = title
            .filter(|t| !t.is_empty())
            .map(|value| Property {
                key: "title".to_string(),
                value,
            })
            .into_iter()
            .collect();
        properties.extend(self.properties);
        Page {
            text: self.out.text,
            map: self.out.map,
            headings: self.headings,
            properties,
        }
    }
}

/// True if a `class` or `id` value has a word that marks page furniture.
fn names_furniture(value: &[u8]) -> bool {
    String::from_utf8_lossy(value)
        .to_ascii_lowercase()
        .split(|c: char| c.is_ascii_whitespace() || c == '-' || c == '_')
        .any(|word| FURNITURE_WORDS.contains(&word))
}

fn heading_level(name: &[u8]) -> Option<u8> {
    match name {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// Sets out the visible text of an HTML document.
fn extract(html: &str) -> Page {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut extractor = Extractor::default();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) if tag.name.eq_ignore_ascii_case(b"meta") => {
                let attribute = |key: &[u8]| {
                    tag.attributes
                        .get(key)
                        .map(|v| String::from_utf8_lossy(&v.value).trim().to_string())
                };
                if let (Some(key), Some(value)) = (attribute(b"name"), attribute(b"content"))
                    && META_NAMES
                        .iter()
                        .any(|(name, _)| key.eq_ignore_ascii_case(name))
                {
                    extractor.properties.push(Property { key, value });
                }
            }
            Token::StartTag(tag) => {
                let furniture = [&b"class"[..], b"id"].iter().any(|key| {
                    tag.attributes
                        .get(*key)
                        .is_some_and(|value| names_furniture(&value.value))
                });
                extractor.start(
                    &tag.name.to_ascii_lowercase(),
                    tag.self_closing,
                    furniture,
                    tag.span.start,
                )
            }
            Token::EndTag(tag) => extractor.end(&tag.name.to_ascii_lowercase(), tag.span.start),
            Token::String(s) => {
                let value = String::from_utf8_lossy(&s.value);
                let raw = html.get(s.span.start..s.span.end).unwrap_or_default();
                extractor.text(&value, raw, s.span.start);
            }
            _ => {}
        }
    }
    extractor.finish(html.len())
}

/// Pairs each character of a decoded string with the offset in `raw` (the source it was decoded
/// from) where it was written: a character reference (`&amp;`, `&#20013;`) stands for the
/// characters it produces, `\r\n` for the `\n` it became.
fn aligned<'a>(value: &'a str, raw: &'a str) -> impl Iterator<Item = (char, usize)> + 'a {
    let mut at = 0;
    value.char_indices().map(move |(consumed, c)| {
        let here = at.min(raw.len());
        let rest = raw.get(here..).unwrap_or_default();
        // `&` followed by a name is a reference, unless the decoded text has it literally (an
        // unknown name such as `&O` is kept as written).
        let is_reference = rest.starts_with('&')
            && rest[1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphanumeric() || n == '#')
            && !value[consumed..].starts_with(&rest[..reference_len(rest)]);
        at = here
            + if is_reference {
                reference_len(rest)
            } else if rest.starts_with(c) {
                c.len_utf8()
            } else if rest.starts_with("\r\n") && c == '\n' {
                2
            } else {
                rest.chars().next().map_or(0, char::len_utf8)
            };
        (c, here)
    })
}

/// The length of the character reference at the start of `s`: up to its `;`, or, for the legacy
/// references written without one, the name's letters and digits.
fn reference_len(s: &str) -> usize {
    let body = s
        .char_indices()
        .skip(1)
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
        .map_or(s.len(), |(i, _)| i);
    if s[body..].starts_with(';') {
        body + 1
    } else {
        body.max(1)
    }
}
