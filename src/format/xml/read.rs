//! Reading a report from XML.
//!
//! A recursive-descent parser over quick-xml's events. It accepts what `schemas/report.xsd`
//! describes (plus comments and processing instructions anywhere) and refuses everything else
//! with an [`Error::Xml`] that names the problem and its byte offset. Document type declarations
//! are refused outright, so no entity can expand; the element depth is capped at [`MAX_DEPTH`], so
//! recursion is bounded; the work is linear in the input.
//!
//! A figure's attributes are not taken on trust: XML is corrected by hand, and a value left
//! behind by an edit of the text would be checked in place of what the text says. Each run of
//! text and figures between items is scanned with [`figures::scan`], exactly as the text pipeline
//! scans it (the context before and after a figure decides its kind and subject), and each
//! `<figure>` must hold exactly one figure of that scan. Attributes the element leaves out are
//! taken from the scan; one that disagrees with it, or an id used twice, is an
//! [`Error::XmlFigure`] naming the element's line and column.

use std::collections::HashMap;
use std::str::FromStr;

use compact_str::CompactString;

use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;
use quick_xml::{XmlVersion, escape::resolve_predefined_entity};

use super::{MAX_DEPTH, NAMESPACE, VERSION, first_forbidden_char, is_xml_char};
use crate::error::{Error, Result};
use crate::figures;
use crate::lines::LineIndex;
use crate::model::{
    Approx, Block, Bound, Cell, Element, ElementKind, Figure, FigureKind, Form, Given, Heading,
    Inline, Item, Marker, MarkerStyle, Meta, Paragraph, Property, Removed, RemovedKind, Report,
    Row, Script, Section, Span, Table, Text,
};

/// Namespace of `xsi:schemaLocation` and friends, which the reader ignores.
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Reads a report from XML written by [`write`](super::write) (or edited by a user).
///
/// The input must be UTF-8 (a byte order mark is allowed). Fails with [`Error::Xml`] if it is
/// not well-formed XML or not a gongwen report, and with [`Error::XmlFigure`] if a figure's
/// attributes disagree with its text or its id is used twice.
pub fn read(xml: &[u8]) -> Result<Report> {
    let (xml, base) = match xml.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (xml, 0),
    };
    let text = std::str::from_utf8(xml).map_err(|e| Error::Xml {
        position: (base + e.valid_up_to()) as u64,
        message: "not XML: the input is not valid UTF-8".to_string(),
    })?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut parser = Parser {
        reader,
        input: text,
        base: base as u64,
        depth: 0,
        started: false,
        pos: 0,
        ids: HashMap::new(),
    };
    parser.document()
}

/// The elements of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    Report,
    Meta,
    Title,
    Issuer,
    Year,
    Region,
    Date,
    Script,
    Encoding,
    Property,
    Removed,
    Body,
    P,
    Section,
    Heading,
    Marker,
    Table,
    Row,
    Cell,
    Figure,
    Item,
    Text,
    Given,
    Layout,
    /// A 公文 element in the body (`<date>` is one there, the date of issue in `<meta>`).
    Element(ElementKind),
}

impl Elem {
    fn from_name(name: &str) -> Option<Elem> {
        Some(match name {
            "given" => Elem::Given,
            "layout" => Elem::Layout,
            "report" => Elem::Report,
            "meta" => Elem::Meta,
            "title" => Elem::Title,
            "issuer" => Elem::Issuer,
            "year" => Elem::Year,
            "region" => Elem::Region,
            "date" => Elem::Date,
            "script" => Elem::Script,
            "encoding" => Elem::Encoding,
            "property" => Elem::Property,
            "removed" => Elem::Removed,
            "body" => Elem::Body,
            "p" => Elem::P,
            "section" => Elem::Section,
            "heading" => Elem::Heading,
            "marker" => Elem::Marker,
            "table" => Elem::Table,
            "row" => Elem::Row,
            "cell" => Elem::Cell,
            "figure" => Elem::Figure,
            "item" => Elem::Item,
            "text" => Elem::Text,
            other => Elem::Element(ElementKind::ALL.into_iter().find(|k| k.as_str() == other)?),
        })
    }
}

/// A start tag: its local name, whether it is in the report namespace, and its attributes.
struct Tag {
    name: String,
    in_namespace: bool,
    attrs: Attrs,
}

/// The unqualified attributes of a start tag, taken one by one as the element is read.
struct Attrs {
    element: String,
    list: Vec<(String, String)>,
    pos: u64,
}

/// A parse event, simplified: comments and processing instructions are skipped, references
/// resolved.
enum Ev {
    Start(Tag),
    End,
    Text(String),
    Eof,
}

struct Parser<'a> {
    reader: NsReader<&'a [u8]>,
    /// The reader's input, for turning positions into lines and columns.
    input: &'a str,
    /// Bytes before the reader's input (a byte order mark).
    base: u64,
    /// Open elements.
    depth: usize,
    /// True once the first event has been read.
    started: bool,
    /// Where the last event started.
    pos: u64,
    /// The id of every figure read so far, and where its element starts.
    ids: HashMap<CompactString, u64>,
}

/// The attributes a `<figure>` states about its text (`None` where absent), and where it starts.
struct Stated {
    pos: u64,
    kind: Option<FigureKind>,
    value: Option<CompactString>,
    value_max: Option<CompactString>,
    exponent: Option<i32>,
    unit: Option<CompactString>,
    approx: Option<Approx>,
    subject: Option<CompactString>,
}

fn error_at(position: u64, message: impl Into<String>) -> Error {
    Error::Xml {
        position,
        message: message.into(),
    }
}

fn is_xml_space(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

impl Attrs {
    fn error(&self, message: String) -> Error {
        error_at(self.pos, message)
    }

    /// Takes an optional attribute.
    fn take(&mut self, name: &str) -> Option<String> {
        let i = self.list.iter().position(|(n, _)| n == name)?;
        Some(self.list.swap_remove(i).1)
    }

    /// Takes a required attribute.
    fn required(&mut self, name: &str) -> Result<String> {
        self.take(name).ok_or_else(|| self.missing(name))
    }

    fn missing(&self, name: &str) -> Error {
        self.error(format!("missing attribute `{name}` on <{}>", self.element))
    }

    /// Parses a number (surrounding XML whitespace allowed, as in XML Schema).
    fn parse<T: FromStr>(&self, name: &str, value: &str) -> Result<T> {
        value
            .trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
            .parse()
            .map_err(|_| {
                self.error(format!(
                    "attribute `{name}` on <{}> is not a valid number: `{value}`",
                    self.element
                ))
            })
    }

    /// Takes and parses a required number.
    fn number<T: FromStr>(&mut self, name: &str) -> Result<T> {
        let value = self.required(name)?;
        self.parse(name, &value)
    }

    /// Takes and parses an optional number.
    fn optional_number<T: FromStr>(&mut self, name: &str) -> Result<Option<T>> {
        match self.take(name) {
            Some(value) => self.parse(name, &value).map(Some),
            None => Ok(None),
        }
    }

    /// Takes and parses an optional boolean (`true`, `false`, `1`, `0`).
    fn boolean(&mut self, name: &str) -> Result<Option<bool>> {
        let Some(v) = self.take(name) else {
            return Ok(None);
        };
        match v.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            _ => Err(self.error(format!(
                "attribute `{name}` on <{}> is not a boolean: `{v}`",
                self.element
            ))),
        }
    }

    /// Takes and parses a required enumerated value.
    fn named<T>(&mut self, name: &str, what: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
        self.optional_named(name, what, parse)?
            .ok_or_else(|| self.missing(name))
    }

    /// Takes and parses an optional enumerated value.
    fn optional_named<T>(
        &mut self,
        name: &str,
        what: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>> {
        let Some(value) = self.take(name) else {
            return Ok(None);
        };
        parse(&value).map(Some).ok_or_else(|| {
            self.error(format!(
                "unknown {what} `{value}` in attribute `{name}` on <{}>",
                self.element
            ))
        })
    }

    /// Takes `start` and `end`.
    fn span(&mut self) -> Result<Span> {
        let start: usize = self.number("start")?;
        let end: usize = self.number("end")?;
        if start > end {
            return Err(self.error(format!(
                "start {start} is after end {end} on <{}>",
                self.element
            )));
        }
        Ok(Span { start, end })
    }

    /// Fails if an attribute was not taken.
    fn finish(self) -> Result<()> {
        match self.list.first() {
            Some((name, _)) => {
                Err(self.error(format!("unknown attribute `{name}` on <{}>", self.element)))
            }
            None => Ok(()),
        }
    }
}

impl<'a> Parser<'a> {
    fn error(&self, message: impl Into<String>) -> Error {
        error_at(self.pos, message)
    }

    /// The next event.
    fn next(&mut self) -> Result<Ev> {
        loop {
            self.pos = self.base + self.reader.buffer_position();
            let first = !self.started;
            self.started = true;
            let (resolved, event) = match self.reader.read_resolved_event() {
                Ok(r) => r,
                Err(e) => {
                    return Err(error_at(
                        self.base + self.reader.error_position(),
                        format!("not well-formed XML: {e}"),
                    ));
                }
            };
            let in_namespace =
                matches!(resolved, ResolveResult::Bound(Namespace(ns)) if ns == NAMESPACE);
            match event {
                Event::Start(start) | Event::Empty(start) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(
                            self.error(format!("elements nest deeper than {MAX_DEPTH} levels"))
                        );
                    }
                    let name = start.local_name().into_inner().to_string();
                    let mut list = Vec::new();
                    for attr in start.attributes() {
                        let attr =
                            attr.map_err(|e| self.error(format!("not well-formed XML: {e}")))?;
                        if attr.key.as_namespace_binding().is_some() {
                            continue;
                        }
                        let (ns, local) = self.reader.resolver().resolve_attribute(attr.key);
                        let local = local.into_inner();
                        match ns {
                            ResolveResult::Unbound => {}
                            ResolveResult::Bound(Namespace(ns)) if ns == XSI => continue,
                            _ => {
                                return Err(self.error(format!(
                                    "unknown attribute `{}` on <{name}>",
                                    attr.key.into_inner()
                                )));
                            }
                        }
                        let value = attr
                            .normalized_value(XmlVersion::Implicit1_0)
                            .map_err(|e| self.error(format!("not well-formed XML: {e}")))?;
                        if let Some(c) = first_forbidden_char(&value) {
                            return Err(self.forbidden(c));
                        }
                        list.push((local.to_string(), value.into_owned()));
                    }
                    return Ok(Ev::Start(Tag {
                        attrs: Attrs {
                            element: name.clone(),
                            list,
                            pos: self.pos,
                        },
                        name,
                        in_namespace,
                    }));
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Ev::End);
                }
                Event::Text(t) => {
                    let text = t.xml10_content();
                    if let Some(c) = first_forbidden_char(&text) {
                        return Err(self.forbidden(c));
                    }
                    return Ok(Ev::Text(text.into_owned()));
                }
                Event::CData(t) => {
                    let text = t.xml10_content();
                    if let Some(c) = first_forbidden_char(&text) {
                        return Err(self.forbidden(c));
                    }
                    return Ok(Ev::Text(text.into_owned()));
                }
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => match resolve_predefined_entity(&r) {
                            Some(s) => s.to_string(),
                            None => {
                                return Err(self.error(format!(
                                    "unknown entity `&{};` (only the five predefined entities \
                                     and character references are allowed)",
                                    &*r
                                )));
                            }
                        },
                        Err(e) => {
                            return Err(self.error(format!("not well-formed XML: {e}")));
                        }
                    };
                    if let Some(bad) = c.chars().find(|&c| !is_xml_char(c)) {
                        return Err(self.forbidden(bad));
                    }
                    return Ok(Ev::Text(c));
                }
                Event::Decl(decl) => {
                    if !first {
                        return Err(
                            self.error("not well-formed XML: an XML declaration must come first")
                        );
                    }
                    self.check_decl(&decl)?;
                }
                Event::DocType(_) => {
                    return Err(self.error(
                        "a DOCTYPE declaration is not allowed in report XML (entities could \
                         expand without bound)",
                    ));
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => return Ok(Ev::Eof),
            }
        }
    }

    fn forbidden(&self, c: char) -> Error {
        self.error(format!(
            "not well-formed XML: U+{:04X} is not allowed in XML 1.0",
            c as u32
        ))
    }

    fn check_decl(&self, decl: &quick_xml::events::BytesDecl<'_>) -> Result<()> {
        let version = decl
            .version()
            .map_err(|e| self.error(format!("not well-formed XML: {e}")))?;
        if &*version != "1.0" {
            return Err(self.error(format!(
                "XML version {version} is not supported (report XML is XML 1.0)"
            )));
        }
        if let Some(encoding) = decl.encoding() {
            let encoding = encoding.map_err(|e| self.error(format!("not well-formed XML: {e}")))?;
            if !encoding.eq_ignore_ascii_case("utf-8") {
                return Err(self.error(format!(
                    "the XML declares encoding `{encoding}`; report XML must be UTF-8"
                )));
            }
        }
        Ok(())
    }

    /// Maps a tag to a known element of the report namespace.
    fn elem(&self, tag: &Tag) -> Result<Elem> {
        if !tag.in_namespace {
            return Err(self.error(format!(
                "element <{}> is not in the namespace {NAMESPACE}",
                tag.name
            )));
        }
        Elem::from_name(&tag.name)
            .ok_or_else(|| self.error(format!("unknown element <{}>", tag.name)))
    }

    fn document(&mut self) -> Result<Report> {
        let report = loop {
            match self.next()? {
                Ev::Text(t) if is_xml_space(&t) => {}
                Ev::Text(_) => return Err(self.error("not XML: text before the root element")),
                Ev::Start(tag) => {
                    if tag.name != "report" {
                        return Err(self.error(format!(
                            "the root element is <{}>; expected <report xmlns=\"{NAMESPACE}\">",
                            tag.name
                        )));
                    }
                    if !tag.in_namespace {
                        return Err(self.error(format!(
                            "the root element <report> is not in the namespace {NAMESPACE}"
                        )));
                    }
                    break self.report(tag.attrs)?;
                }
                Ev::End => return Err(self.error("not well-formed XML: unexpected end tag")),
                Ev::Eof => return Err(self.error("not XML: no root element")),
            }
        };
        loop {
            match self.next()? {
                Ev::Text(t) if is_xml_space(&t) => {}
                Ev::Eof => return Ok(report),
                _ => return Err(self.error("not well-formed XML: content after the root element")),
            }
        }
    }

    /// The next child element of a block container, or `None` at its end tag.
    fn child(&mut self, parent: &str) -> Result<Option<(Elem, Tag)>> {
        loop {
            match self.next()? {
                Ev::Text(t) if is_xml_space(&t) => {}
                Ev::Text(t) => {
                    return Err(self.error(format!(
                        "text is not allowed directly inside <{parent}>: `{}`",
                        t.trim()
                    )));
                }
                Ev::Start(tag) => {
                    let elem = self.elem(&tag)?;
                    return Ok(Some((elem, tag)));
                }
                Ev::End => return Ok(None),
                Ev::Eof => return Err(self.unexpected_eof(parent)),
            }
        }
    }

    fn unexpected_eof(&self, parent: &str) -> Error {
        self.error(format!(
            "not well-formed XML: the input ends inside <{parent}>"
        ))
    }

    fn misplaced(&self, tag: &Tag, parent: &str) -> Error {
        self.error(format!("<{}> is not allowed inside <{parent}>", tag.name))
    }

    fn report(&mut self, mut attrs: Attrs) -> Result<Report> {
        let version = attrs.required("version")?;
        if version != VERSION {
            return Err(attrs.error(format!(
                "unsupported report version `{version}` (this reader knows version {VERSION})"
            )));
        }
        attrs.finish()?;
        let meta = match self.child("report")? {
            Some((Elem::Meta, tag)) => self.meta(tag.attrs)?,
            Some((_, tag)) => {
                return Err(self.error(format!(
                    "expected <meta> as the first child of <report>, found <{}>",
                    tag.name
                )));
            }
            None => return Err(self.error("<report> lacks <meta> and <body>")),
        };
        let body = match self.child("report")? {
            Some((Elem::Body, tag)) => {
                tag.attrs.finish()?;
                let mut body = Vec::new();
                self.blocks("body", &mut body)?;
                body
            }
            Some((_, tag)) => {
                return Err(self.error(format!(
                    "expected <body> after <meta>, found <{}>",
                    tag.name
                )));
            }
            None => return Err(self.error("<report> lacks <body>")),
        };
        if let Some((_, tag)) = self.child("report")? {
            return Err(self.error(format!("<{}> is not allowed after <body>", tag.name)));
        }
        Ok(Report { meta, body })
    }

    fn meta(&mut self, attrs: Attrs) -> Result<Meta> {
        attrs.finish()?;
        let mut meta = Meta::default();
        let (mut script, mut encoding) = (None, None);
        let mut last_rank = None;
        while let Some((elem, tag)) = self.child("meta")? {
            let (rank, repeats) = match elem {
                Elem::Title => (0, false),
                Elem::Issuer => (1, false),
                Elem::Year => (2, false),
                Elem::Region => (3, false),
                Elem::Date => (4, false),
                Elem::Script => (5, false),
                Elem::Encoding => (6, false),
                Elem::Property => (7, true),
                Elem::Removed => (8, true),
                Elem::Given => (9, true),
                Elem::Layout => (10, false),
                _ => return Err(self.misplaced(&tag, "meta")),
            };
            if let Some(last) = last_rank
                && (rank < last || (rank == last && !repeats))
            {
                return Err(self.error(format!(
                    "<{}> is repeated or out of order in <meta> (the order is title, issuer, \
                     year, region, date, script, encoding, property…, removed…, given…, layout)",
                    tag.name
                )));
            }
            last_rank = Some(rank);
            let mut attrs = tag.attrs;
            match elem {
                Elem::Property => {
                    let key = attrs.required("key")?;
                    attrs.finish()?;
                    let value = self.text_only("property")?;
                    meta.properties.push(Property { key, value });
                }
                Elem::Removed => {
                    let kind = attrs.named("kind", "removed kind", RemovedKind::from_name)?;
                    let line = attrs.number("line")?;
                    attrs.finish()?;
                    let text = self.text_only("removed")?;
                    meta.removed.push(Removed { kind, line, text });
                }
                Elem::Given => {
                    let kind = attrs.named("kind", "element kind", ElementKind::from_name)?;
                    attrs.finish()?;
                    let text = self.text_only("given")?;
                    meta.given.push(Given { kind, text });
                }
                Elem::Layout => {
                    meta.layout.form = attrs.named("form", "form", Form::from_name)?;
                    meta.layout.seal = attrs.boolean("seal")?.unwrap_or(false);
                    attrs.finish()?;
                    self.text_only("layout")?;
                }
                Elem::Encoding => {
                    meta.replaced = attrs.optional_number("replaced")?.unwrap_or(0);
                    attrs.finish()?;
                    encoding = Some(self.text_only("encoding")?);
                }
                _ => {
                    attrs.finish()?;
                    let text = self.text_only(&tag.name)?;
                    match elem {
                        Elem::Title => meta.title = Some(text),
                        Elem::Issuer => meta.issuer = Some(text),
                        Elem::Year => {
                            let year = text
                                .trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
                                .parse()
                                .map_err(|_| {
                                    self.error(format!("<year> is not a valid number: `{text}`"))
                                })?;
                            meta.year = Some(year);
                        }
                        Elem::Region => meta.region = Some(text),
                        Elem::Date => meta.date = Some(text),
                        Elem::Script => {
                            script = Some(Script::from_name(&text).ok_or_else(|| {
                                self.error(format!(
                                    "unknown script `{text}` (expected simplified or traditional)"
                                ))
                            })?);
                        }
                        // Property, removed and encoding are read above.
                        _ => {}
                    }
                }
            }
        }
        meta.script = script.ok_or_else(|| self.error("<meta> lacks <script>"))?;
        meta.encoding = encoding.ok_or_else(|| self.error("<meta> lacks <encoding>"))?;
        Ok(meta)
    }

    /// The text of an element that holds text only, up to its end tag.
    fn text_only(&mut self, element: &str) -> Result<String> {
        let mut text = String::new();
        loop {
            match self.next()? {
                Ev::Text(t) => text.push_str(&t),
                Ev::Start(tag) => return Err(self.misplaced(&tag, element)),
                Ev::End => return Ok(text),
                Ev::Eof => return Err(self.unexpected_eof(element)),
            }
        }
    }

    /// Block children up to the end tag of `parent`.
    fn blocks(&mut self, parent: &str, out: &mut Vec<Block>) -> Result<()> {
        while let Some((elem, tag)) = self.child(parent)? {
            let block = match elem {
                Elem::Title => Block::Title(self.paragraph("title", tag.attrs)?),
                Elem::P => Block::Paragraph(self.paragraph("p", tag.attrs)?),
                Elem::Section => Block::Section(Box::new(self.section(tag.attrs)?)),
                Elem::Table => Block::Table(self.table(tag.attrs)?),
                Elem::Element(kind) => self.element(kind, &tag.name, tag.attrs)?,
                Elem::Date => self.element(ElementKind::Date, &tag.name, tag.attrs)?,
                _ => return Err(self.misplaced(&tag, parent)),
            };
            out.push(block);
        }
        Ok(())
    }

    fn paragraph(&mut self, name: &str, mut attrs: Attrs) -> Result<Paragraph> {
        let span = attrs.span()?;
        attrs.finish()?;
        let inlines = self.inlines(name, span.start)?;
        Ok(Paragraph { inlines, span })
    }

    fn element(&mut self, kind: ElementKind, name: &str, attrs: Attrs) -> Result<Block> {
        let Paragraph { inlines, span } = self.paragraph(name, attrs)?;
        Ok(Block::Element(Box::new(Element {
            kind,
            inlines,
            span,
        })))
    }

    fn section(&mut self, mut attrs: Attrs) -> Result<Section> {
        let level: u8 = attrs.number("level")?;
        if !(1..=4).contains(&level) {
            return Err(attrs.error(format!("section level {level} is outside 1–4")));
        }
        let span = attrs.span()?;
        attrs.finish()?;
        let heading = match self.child("section")? {
            Some((Elem::Heading, tag)) => self.heading(tag.attrs)?,
            Some((_, tag)) => {
                return Err(self.error(format!(
                    "a <section> must start with <heading>, not <{}>",
                    tag.name
                )));
            }
            None => return Err(self.error("a <section> must start with <heading>")),
        };
        let mut blocks = Vec::new();
        self.blocks("section", &mut blocks)?;
        Ok(Section {
            level,
            heading,
            blocks,
            span,
        })
    }

    fn heading(&mut self, mut attrs: Attrs) -> Result<Heading> {
        let run_in = attrs.boolean("run-in")?.unwrap_or(false);
        let span = attrs.span()?;
        attrs.finish()?;
        let marker = match self.next()? {
            Ev::Start(tag) if self.elem(&tag)? == Elem::Marker => {
                let mut attrs = tag.attrs;
                let style = attrs.named("style", "marker style", MarkerStyle::from_name)?;
                let number = attrs.number("number")?;
                let span = attrs.span()?;
                attrs.finish()?;
                let text = self.text_only("marker")?;
                Marker {
                    text: text.into(),
                    number,
                    style,
                    span,
                }
            }
            Ev::Start(tag) => {
                return Err(self.error(format!(
                    "a <heading> must start with <marker>, not <{}>",
                    tag.name
                )));
            }
            Ev::Text(_) => {
                return Err(self.error(
                    "a <heading> must start with <marker>: text (even white space) before it \
                     would be part of the heading",
                ));
            }
            Ev::End => return Err(self.error("a <heading> must start with <marker>")),
            Ev::Eof => return Err(self.unexpected_eof("heading")),
        };
        let inlines = self.inlines("heading", marker.span.end)?;
        Ok(Heading {
            marker,
            inlines,
            run_in,
            span,
        })
    }

    fn table(&mut self, mut attrs: Attrs) -> Result<Table> {
        let span = attrs.span()?;
        attrs.finish()?;
        let mut rows = Vec::new();
        while let Some((elem, tag)) = self.child("table")? {
            if elem != Elem::Row {
                return Err(self.misplaced(&tag, "table"));
            }
            let mut attrs = tag.attrs;
            let span = attrs.span()?;
            attrs.finish()?;
            let mut cells = Vec::new();
            while let Some((elem, tag)) = self.child("row")? {
                if elem != Elem::Cell {
                    return Err(self.misplaced(&tag, "row"));
                }
                let mut attrs = tag.attrs;
                let span = attrs.span()?;
                attrs.finish()?;
                let inlines = self.inlines("cell", span.start)?;
                cells.push(Cell { inlines, span });
            }
            rows.push(Row { cells, span });
        }
        Ok(Table { rows, span })
    }

    /// Inline content up to the end tag of `parent`; `cursor` is where the first text run starts.
    fn inlines(&mut self, parent: &str, mut cursor: usize) -> Result<Vec<Inline>> {
        let mut out = Vec::new();
        let mut text = String::new();
        // The run of text and figures since the last item (what the pipeline scans at once), and
        // what its figures state.
        let mut run = 0;
        let mut stated = Vec::new();
        loop {
            let ev = self.next()?;
            if !matches!(ev, Ev::Text(_)) && !text.is_empty() {
                let start = cursor;
                let end = start
                    .checked_add(text.len())
                    .ok_or_else(|| self.error("a text run's span overflows"))?;
                out.push(Inline::Text(Text {
                    text: std::mem::take(&mut text),
                    span: Span { start, end },
                }));
                cursor = end;
            }
            match ev {
                Ev::Text(t) => text.push_str(&t),
                Ev::Start(tag) => {
                    let elem = self.elem(&tag)?;
                    let inline = match elem {
                        Elem::Figure => {
                            let (figure, says) = self.figure(tag.attrs)?;
                            stated.push(says);
                            Inline::Figure(Box::new(figure))
                        }
                        Elem::Item => {
                            self.resolve_figures(&mut out[run..], &mut stated)?;
                            let mut attrs = tag.attrs;
                            let number = attrs.number("number")?;
                            let span = attrs.span()?;
                            attrs.finish()?;
                            let text = self.text_only("item")?;
                            Inline::Item(Box::new(Item {
                                text: text.into(),
                                number,
                                span,
                            }))
                        }
                        Elem::Text => {
                            let mut attrs = tag.attrs;
                            let span = attrs.span()?;
                            attrs.finish()?;
                            let text = self.text_only("text")?;
                            Inline::Text(Text { text, span })
                        }
                        _ => return Err(self.misplaced(&tag, parent)),
                    };
                    cursor = inline.span().end;
                    out.push(inline);
                    if elem == Elem::Item {
                        run = out.len();
                    }
                }
                Ev::End => {
                    self.resolve_figures(&mut out[run..], &mut stated)?;
                    return Ok(out);
                }
                Ev::Eof => return Err(self.unexpected_eof(parent)),
            }
        }
    }

    /// Reads a `<figure>`: the figure with its id, text and span (the rest is filled in by
    /// [`Parser::resolve_figures`]), and what its attributes state.
    fn figure(&mut self, mut attrs: Attrs) -> Result<(Figure, Stated)> {
        let pos = attrs.pos;
        let id: CompactString = attrs.required("id")?.into();
        let kind = attrs.optional_named("kind", "figure kind", FigureKind::from_name)?;
        let value = attrs.take("value").map(Into::into);
        let value_max = attrs.take("value-max").map(Into::into);
        let exponent = attrs.optional_number("exponent")?;
        let unit = attrs.take("unit").map(Into::into);
        let subject = attrs.take("subject").map(Into::into);
        let approx = match (attrs.take("approx-bound"), attrs.take("approx-marker")) {
            (None, None) => None,
            (Some(bound), Some(marker)) => {
                let bound = Bound::from_name(&bound).ok_or_else(|| {
                    attrs.error(format!(
                        "unknown approximation bound `{bound}` in attribute `approx-bound` on \
                         <figure> (expected about, over or under)"
                    ))
                })?;
                Some(Approx {
                    marker: marker.into(),
                    bound,
                })
            }
            (Some(_), None) => {
                return Err(attrs.error(
                    "missing attribute `approx-marker` on <figure> (it goes with approx-bound)"
                        .to_string(),
                ));
            }
            (None, Some(_)) => {
                return Err(attrs.error(
                    "missing attribute `approx-bound` on <figure> (it goes with approx-marker)"
                        .to_string(),
                ));
            }
        };
        let span = attrs.span()?;
        attrs.finish()?;
        if let Some(&first) = self.ids.get(&id) {
            let (line, column) = self.line_col(first);
            return Err(self.figure_error(
                pos,
                format!(
                    "figure id {} is already used at line {line}, column {column}: give each \
                     figure its own id",
                    shown(&id)
                ),
            ));
        }
        self.ids.insert(id.clone(), pos);
        let text = self.text_only("figure")?;
        let figure = Figure {
            id,
            kind: FigureKind::Number,
            text: text.into(),
            value: None,
            value_max: None,
            exponent: 0,
            unit: None,
            approx: None,
            subject: None,
            span,
        };
        let stated = Stated {
            pos,
            kind,
            value,
            value_max,
            exponent,
            unit,
            approx,
            subject,
        };
        Ok((figure, stated))
    }

    /// Scans the text of `run` (text and figures between items, or a whole container) as the
    /// text pipeline does, and gives each of its figures what the scan reads there, after
    /// checking that the element holds exactly one scanned figure and that every attribute it
    /// states agrees. `stated` holds what the figures of `run` state, in order; it is emptied.
    fn resolve_figures(&self, run: &mut [Inline], stated: &mut Vec<Stated>) -> Result<()> {
        if stated.is_empty() {
            return Ok(());
        }
        let mut text = String::new();
        let mut places = Vec::with_capacity(stated.len());
        for inline in run.iter() {
            match inline {
                Inline::Text(t) => text.push_str(&t.text),
                Inline::Figure(f) => {
                    let start = text.len();
                    text.push_str(&f.text);
                    places.push((start, text.len()));
                }
                Inline::Item(_) => {}
            }
        }
        let scanned = figures::scan(&text);
        let mut next = 0;
        let figures = run.iter_mut().filter_map(|inline| match inline {
            Inline::Figure(f) => Some(f),
            _ => None,
        });
        for ((figure, says), (start, end)) in figures.zip(stated.drain(..)).zip(places) {
            while scanned.get(next).is_some_and(|s| s.span.end <= start) {
                next += 1;
            }
            let read = match scanned.get(next) {
                Some(s) if s.span.start == start && s.span.end == end => s,
                Some(s) if s.span.start < end => {
                    return Err(self.figure_error(
                        says.pos,
                        format!(
                            "figure {} holds {} but the text there reads as the figure {}: put \
                             the <figure> element around {} (or delete the element and keep \
                             its text)",
                            shown(&figure.id),
                            shown(&figure.text),
                            shown(&s.text),
                            shown(&s.text)
                        ),
                    ));
                }
                _ => {
                    return Err(self.figure_error(
                        says.pos,
                        format!(
                            "figure {} holds {}, which reads as no figure: write a number in it \
                             (or delete the element and keep its text)",
                            shown(&figure.id),
                            shown(&figure.text)
                        ),
                    ));
                }
            };
            self.agree(figure, &says, read)?;
            **figure = Figure {
                id: std::mem::take(&mut figure.id),
                span: figure.span,
                ..read.clone()
            };
        }
        Ok(())
    }

    /// Fails if an attribute of `figure` states something other than what the text reads.
    fn agree(&self, figure: &Figure, says: &Stated, read: &Figure) -> Result<()> {
        let text = |v: &Option<CompactString>| v.as_deref().map(str::to_string);
        let bound = |a: &Option<Approx>| a.as_ref().map(|a| a.bound.as_str().to_string());
        let marker = |a: &Option<Approx>| a.as_ref().map(|a| a.marker.to_string());
        let checks = [
            (
                "kind",
                says.kind.map(|k| k.as_str().to_string()),
                Some(read.kind.as_str().to_string()),
            ),
            ("value", text(&says.value), text(&read.value)),
            ("value-max", text(&says.value_max), text(&read.value_max)),
            (
                "exponent",
                says.exponent.map(|e| e.to_string()),
                Some(read.exponent.to_string()),
            ),
            ("unit", text(&says.unit), text(&read.unit)),
            ("approx-bound", bound(&says.approx), bound(&read.approx)),
            ("approx-marker", marker(&says.approx), marker(&read.approx)),
            ("subject", text(&says.subject), text(&read.subject)),
        ];
        for (name, stated, reading) in checks {
            let Some(stated) = stated else { continue };
            if Some(&stated) == reading.as_ref() {
                continue;
            }
            return Err(self.figure_error(
                says.pos,
                disagreement(figure, name, &stated, reading.as_deref()),
            ));
        }
        Ok(())
    }

    /// The 1-based line and column of a position in the input.
    fn line_col(&self, pos: u64) -> (usize, usize) {
        let offset = usize::try_from(pos.saturating_sub(self.base)).unwrap_or(usize::MAX);
        LineIndex::new(self.input).line_col(offset)
    }

    fn figure_error(&self, pos: u64, message: String) -> Error {
        let (line, column) = self.line_col(pos);
        Error::XmlFigure {
            line,
            column,
            message,
        }
    }
}

/// What to say when attribute `name` of `figure` states `stated` but the text reads `reading`
/// (`None`: the text gives the figure no such attribute).
fn disagreement(figure: &Figure, name: &str, stated: &str, reading: Option<&str>) -> String {
    let id = shown(&figure.id);
    let delete = if name.starts_with("approx-") {
        "delete approx-bound and approx-marker".to_string()
    } else {
        format!("delete the {name} attribute")
    };
    let numeric = matches!(name, "value" | "value-max");
    if let Some(reading) = reading.filter(|r| numeric && is_decimal(r) && !is_decimal(stated)) {
        return format!(
            "figure {id} says {name}=\"{}\", which is not a number: its text {} reads {}, so \
             write {name}=\"{}\" (or {delete} to take the text's)",
            shown(stated),
            shown(&figure.text),
            shown(reading),
            shown(reading)
        );
    }
    let reads = match (name, reading) {
        ("subject", Some(r)) => format!("the text before it reads the subject {}", shown(r)),
        ("subject", None) => "the text before it names no subject".to_string(),
        (_, Some(r)) => format!("its text {} reads {}", shown(&figure.text), shown(r)),
        (_, None) => format!("its text {} reads no {name}", shown(&figure.text)),
    };
    format!(
        "figure {id} says {name}=\"{}\" but {reads}: fix one of them (or {delete} to take the \
         text's)",
        shown(stated)
    )
}

/// Returns true if and only if `s` is a plain decimal as the scanner writes values: an optional
/// minus sign, digits, and optionally a point followed by digits.
fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && all_digits(frac)
}

/// Text from the input as an error message shows it: on one line, and at most 40 characters.
fn shown(s: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
