//! The OFD reader: the characters of every `TextCode` placed on their pages, then lines,
//! paragraphs and headings as for a PDF ([`crate::format::pdf::read`]).
//!
//! The package is read within the limits of [`PackageReader`] (parts, sizes, compression ratio,
//! entry names). `OFD.xml` names the document's root; its `Document.xml` lists the pages and
//! the template pages; the `TextObject`s of each page, and of the templates it names, give
//! their characters' positions: the object's `Boundary` origin, its `CTM`, and each
//! `TextCode`'s `X`, `Y`, `DeltaX` and `DeltaY` (with the `g` repetitions of GB/T 33190).
//! Positions in findings are page and line, as for a PDF.

use crate::Document;
use crate::error::{Error, Result};
use crate::format::package::{PackageReader, attr, reference_text};
use crate::format::pdf::read::{Glyph, PAGE_LIMIT, RawPage, read_extracted, set_lines};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// Points per millimetre.
const PT: f32 = 72.0 / 25.4;
/// The most characters of template pages repeated on the pages that name them, in all: a small
/// package may not name a large template on every one of many pages.
const TEMPLATE_COPY_LIMIT: usize = 1 << 20;
/// The most characters read from one `TextCode` (and deltas from its `g` repetitions).
const DELTA_LIMIT: usize = 1 << 16;

fn invalid(message: String) -> Error {
    Error::OfdInput(message)
}

/// Reads an OFD into a document: the text of its pages, in lines and paragraphs, goes through
/// the text pipeline.
///
/// Errors: [`Error::OfdInput`] for a package that is not an OFD, is damaged or over the limits,
/// or has no text (a scan).
pub fn read(bytes: &[u8]) -> Result<Document> {
    let pages = pages(bytes)?;
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(invalid(format!(
            "the document has no text ({} {} of images, a scan?): run OCR on it first, or give \
             the report as text, DOCX or HTML",
            pages.len(),
            if pages.len() == 1 { "page" } else { "pages" }
        )));
    }
    Ok(read_extracted(&set_lines(pages)))
}

/// The glyphs of every page of the first document of an OFD.
fn pages(bytes: &[u8]) -> Result<Vec<RawPage>> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let mut package = PackageReader::open(bytes, "an OFD document", invalid)?;
    let ofd = package
        .read("OFD.xml")?
        .ok_or_else(|| invalid("the package has no OFD.xml: not an OFD document".to_string()))?;
    let root = first_text(&ofd, "OFD.xml", "DocRoot")?
        .ok_or_else(|| invalid("OFD.xml names no DocRoot".to_string()))?;
    let root = resolve("", &root);
    let document = package
        .read(&root)?
        .ok_or_else(|| invalid(format!("the package has no {root}, the document's root")))?;
    let list = page_list(&document, &root)?;
    let dir = parent(&root);
    let mut content = |location: &str, what: &str| {
        let name = resolve(dir, location);
        let bytes = package
            .read(&name)?
            .ok_or_else(|| invalid(format!("the package has no {name}, {what}")))?;
        Ok::<_, Error>((bytes, name))
    };
    // A template's characters are drawn on every page that names it: read once, kept.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, (id, _)) in list.templates.iter().enumerate() {
        by_id.entry(id).or_insert(i); // the first of a repeated ID
    }
    let mut templates: Vec<Option<Vec<Glyph>>> = vec![None; list.templates.len()];
    let mut pages = Vec::with_capacity(list.pages.len());
    let mut copied = 0;
    for location in &list.pages {
        let (bytes, name) = content(location, "a page's content")?;
        let (mut page, used) = page(&bytes, &name, list.page_box)?;
        for id in used {
            let Some(&i) = by_id.get(id.as_str()) else {
                continue;
            };
            let glyphs = match &mut templates[i] {
                Some(glyphs) => glyphs,
                slot @ None => {
                    let (bytes, name) = content(&list.templates[i].1, "a template page")?;
                    slot.insert(self::page(&bytes, &name, list.page_box)?.0.glyphs)
                }
            };
            copied += glyphs.len();
            if copied > TEMPLATE_COPY_LIMIT {
                return Err(invalid(format!(
                    "its template pages repeat more than {TEMPLATE_COPY_LIMIT} characters"
                )));
            }
            page.glyphs.extend_from_slice(glyphs);
        }
        pages.push(page);
    }
    Ok(pages)
}

/// The directory of a part (`Doc_0/Document.xml` → `Doc_0`).
fn parent(part: &str) -> &str {
    part.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// A location relative to a directory, or to the package's root when it starts with `/`.
fn resolve(dir: &str, location: &str) -> String {
    let location = location.trim();
    match location.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if dir.is_empty() => location.to_string(),
        None => format!("{dir}/{location}"),
    }
}

fn xml_error(part: &str, reader: &Reader<&[u8]>, e: impl std::fmt::Display) -> Error {
    invalid(format!(
        "{part} is not well-formed XML at byte {}: {e}",
        reader.buffer_position()
    ))
}

fn xml_str<'b>(bytes: &'b [u8], part: &str) -> Result<&'b str> {
    std::str::from_utf8(bytes)
        .map(|t| t.trim_start_matches('\u{feff}'))
        .map_err(|_| invalid(format!("{part} is not UTF-8")))
}

/// The text of the first element of a local name.
fn first_text(bytes: &[u8], part: &str, name: &str) -> Result<Option<String>> {
    let mut reader = Reader::from_str(xml_str(bytes, part)?);
    let mut inside = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => inside = e.local_name().as_ref() == name,
            Ok(Event::Text(t)) if inside => {
                let text = t.xml10_content();
                return Ok(Some(text.into_owned()));
            }
            Ok(Event::Eof) => return Ok(None),
            Ok(_) => inside = false,
            Err(e) => return Err(xml_error(part, &reader, e)),
        }
    }
}

/// The default page box (millimetres) and the content location of every page, from
/// `Document.xml`.
/// What `Document.xml` says of the pages.
struct PageList {
    /// The default page box (`PhysicalBox`), millimetres.
    page_box: [f32; 4],
    /// Each page's content, in order.
    pages: Vec<String>,
    /// The template pages: ID and content.
    templates: Vec<(String, String)>,
}

fn page_list(bytes: &[u8], part: &str) -> Result<PageList> {
    let mut reader = Reader::from_str(xml_str(bytes, part)?);
    let mut physical = false;
    let mut page_box = [0.0, 0.0, 210.0, 297.0];
    let mut pages = Vec::new();
    let mut templates = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "TemplatePage" && templates.len() < PAGE_LIMIT =>
            {
                if let (Some(id), Some(location)) = (attr(&e, "ID"), attr(&e, "BaseLoc")) {
                    templates.push((id, location));
                }
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "PhysicalBox" => physical = true,
            // `<Page …/>`, or `<Page …></Page>` as some producers write it.
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Page" => {
                if pages.len() == PAGE_LIMIT {
                    return Err(invalid(format!(
                        "the document has more than {PAGE_LIMIT} pages, the most read"
                    )));
                }
                if let Some(location) = attr(&e, "BaseLoc") {
                    pages.push(location);
                }
            }
            Ok(Event::Text(t)) if physical => {
                let text = t.xml10_content();
                if let Some(b) = numbers(&text).get(..4) {
                    page_box = [b[0], b[1], b[2], b[3]];
                }
                physical = false;
            }
            Ok(Event::Eof) => {
                return Ok(PageList {
                    page_box,
                    pages,
                    templates,
                });
            }
            Ok(_) => physical = false,
            Err(e) => return Err(xml_error(part, &reader, e)),
        }
    }
}

/// The numbers of a list separated by spaces; words that are not numbers are left out.
fn numbers(text: &str) -> Vec<f32> {
    text.split_ascii_whitespace()
        .filter_map(|n| n.parse::<f32>().ok())
        .filter(|n| n.is_finite())
        .collect()
}

/// A `DeltaX` or `DeltaY` list with `g COUNT VALUE` repetitions expanded, at most `limit` long.
fn deltas(text: &str, limit: usize) -> Vec<f32> {
    let mut out = Vec::new();
    let mut words = text.split_ascii_whitespace();
    while out.len() < limit {
        let Some(word) = words.next() else { break };
        if word == "g" {
            let count = words.next().and_then(|n| n.parse::<usize>().ok());
            let value = words.next().and_then(|n| n.parse::<f32>().ok());
            if let (Some(count), Some(value)) = (count, value) {
                out.extend(std::iter::repeat_n(value, count.min(limit - out.len())));
            }
        } else if let Ok(value) = word.parse::<f32>() {
            out.push(value);
        }
    }
    out
}

/// A text object being read: where its coordinates go on the page, and its size.
#[derive(Clone, Copy)]
struct TextObject {
    /// Object space to page space (millimetres): `a b c d e f` as a CTM, Boundary origin added.
    ctm: [f32; 6],
    size: f32,
}

impl TextObject {
    fn of(e: &BytesStart) -> TextObject {
        let boundary = attr(e, "Boundary").map(|b| numbers(&b)).unwrap_or_default();
        let mut ctm = attr(e, "CTM")
            .map(|c| numbers(&c))
            .and_then(|c| <[f32; 6]>::try_from(c.get(..6)?).ok())
            .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        ctm[4] += boundary.first().copied().unwrap_or(0.0);
        ctm[5] += boundary.get(1).copied().unwrap_or(0.0);
        let size = attr(e, "Size").and_then(|s| s.trim().parse::<f32>().ok());
        TextObject {
            ctm,
            size: size.filter(|s| s.is_finite() && *s > 0.0).unwrap_or(3.5),
        }
    }

    /// A point of object space on the page.
    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.ctm;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// The size on the page (the CTM's scale).
    fn page_size(&self) -> f32 {
        let [a, b, c, d, ..] = self.ctm;
        let scale = (a * d - b * c).abs().sqrt();
        self.size * if scale > 0.0 { scale } else { 1.0 }
    }
}

/// A `TextCode` being read: its attributes, until its text comes.
struct TextCode {
    x: f32,
    y: f32,
    delta_x: Vec<f32>,
    delta_y: Vec<f32>,
    /// Characters placed so far.
    placed: usize,
}

/// The glyphs of a page's content (or a template page's), and the templates it names.
fn page(bytes: &[u8], part: &str, page_box: [f32; 4]) -> Result<(RawPage, Vec<String>)> {
    let mut reader = Reader::from_str(xml_str(bytes, part)?);
    let mut object: Option<TextObject> = None;
    let mut code: Option<TextCode> = None;
    // A TextCode without X or Y takes the previous one's.
    let (mut last_x, mut last_y) = (0.0, 0.0);
    let mut glyphs = Vec::new();
    let mut width = page_box[2];
    let mut physical = false;
    let mut templates = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "Template" && templates.len() < PAGE_LIMIT =>
            {
                templates.extend(attr(&e, "TemplateID"));
            }
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "TextObject" => object = Some(TextObject::of(&e)),
                "TextCode" if object.is_some() => {
                    let number = |name: &str| attr(&e, name).and_then(|v| v.trim().parse().ok());
                    last_x = number("X").unwrap_or(last_x);
                    last_y = number("Y").unwrap_or(last_y);
                    code = Some(TextCode {
                        x: last_x,
                        y: last_y,
                        delta_x: deltas(&attr(&e, "DeltaX").unwrap_or_default(), DELTA_LIMIT),
                        delta_y: deltas(&attr(&e, "DeltaY").unwrap_or_default(), DELTA_LIMIT),
                        placed: 0,
                    });
                }
                "PhysicalBox" => physical = true,
                _ => {}
            },
            Ok(Event::Text(t)) => {
                let text = t.xml10_content();
                if physical {
                    if let Some(&w) = numbers(&text).get(2) {
                        width = w;
                    }
                } else if let (Some(object), Some(code)) = (&object, &mut code) {
                    place_code(object, code, &text, &mut glyphs);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let (Some(object), Some(code)) = (&object, &mut code) {
                    let text = reference_text(&r).unwrap_or_default();
                    place_code(object, code, &text, &mut glyphs);
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "TextObject" => object = None,
                "TextCode" => code = None,
                _ => physical = false,
            },
            Ok(Event::Eof) => {
                let page = RawPage {
                    width: width * PT,
                    glyphs,
                };
                return Ok((page, templates));
            }
            Ok(_) => {}
            Err(e) => return Err(xml_error(part, &reader, e)),
        }
    }
}

/// Places the characters of a piece of a `TextCode`'s text; the code's position moves past
/// them, so the next piece (after an entity) goes on.
fn place_code(object: &TextObject, code: &mut TextCode, text: &str, glyphs: &mut Vec<Glyph>) {
    let size = object.page_size();
    for c in text.chars().take(DELTA_LIMIT.saturating_sub(code.placed)) {
        let (x, y) = object.apply(code.x, code.y);
        let advance = code
            .delta_x
            .get(code.placed)
            .copied()
            .unwrap_or(object.size * narrow(c));
        let (x1, _) = object.apply(code.x + advance, code.y);
        if !c.is_whitespace() && !c.is_control() {
            glyphs.push(Glyph {
                c,
                x0: x * PT,
                x1: x1.max(x) * PT,
                base: y * PT,
                size: size * PT,
            });
        }
        code.x += advance;
        code.y += code.delta_y.get(code.placed).copied().unwrap_or(0.0);
        code.placed += 1;
    }
}

/// The advance of a character without a delta, in ems: a full em for CJK, half for the rest.
fn narrow(c: char) -> f32 {
    if unicode_width::UnicodeWidthChar::width(c) == Some(2) {
        1.0
    } else {
        0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_repetitions_expand_within_the_limit() {
        assert_eq!(deltas("1 g 3 2.5 4", 10), [1.0, 2.5, 2.5, 2.5, 4.0]);
        assert_eq!(deltas("g 4000000000 1", 3), [1.0, 1.0, 1.0]);
        assert_eq!(deltas("x 2", 5), [2.0]);
    }

    #[test]
    fn locations_resolve_against_their_part() {
        assert_eq!(
            resolve("Doc_0", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(resolve("Doc_0", "/Doc_0/Res/a.otf"), "Doc_0/Res/a.otf");
        assert_eq!(resolve("", "Doc_0/Document.xml"), "Doc_0/Document.xml");
    }
}
