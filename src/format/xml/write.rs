//! Writing a report as XML.

use super::{MAX_DEPTH, NAMESPACE, VERSION, escape, first_forbidden_char};
use crate::error::{Error, Result};
use crate::model::{
    Block, Cell, Figure, Heading, Inline, Item, Meta, Paragraph, Report, Row, Section, Span, Table,
    Text,
};

/// Writes a report as XML (UTF-8, with an XML declaration and a final newline).
///
/// Fails with [`Error::Xml`] if the report cannot be written faithfully: a string holds a
/// character XML 1.0 cannot carry (a C0 control other than tab, newline and carriage return,
/// U+FFFE or U+FFFF), a section level is outside 1–4, a span starts after it ends, or sections
/// nest deeper than the reader accepts.
pub fn write(report: &Report) -> Result<Vec<u8>> {
    let mut w = Writer {
        out: String::with_capacity(4096),
        depth: 0,
    };
    w.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.open("report");
    w.attr("xmlns", NAMESPACE, "the namespace")?;
    w.attr("version", VERSION, "the version")?;
    w.out.push('>');
    w.meta(&report.meta)?;
    w.blocks_element("body", &report.body)?;
    w.close("report");
    w.out.push('\n');
    Ok(w.out.into_bytes())
}

/// The output and the current element depth.
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    /// An error about the output so far.
    fn error(&self, message: String) -> Error {
        Error::Xml {
            position: self.out.len() as u64,
            message,
        }
    }

    /// Starts a line at the current depth.
    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Writes `<name` on a new line and enters the element; attributes and `>` follow.
    fn open(&mut self, name: &str) {
        if self.depth > 0 {
            self.newline();
        }
        self.open_inline(name);
    }

    /// Writes `<name` where it stands (inside mixed content) and enters the element.
    fn open_inline(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
        self.depth += 1;
    }

    /// Leaves a block container, closing it on its own line.
    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.newline();
        self.close_inline(name);
    }

    /// Writes `</name>` where it stands and leaves the element.
    fn close_inline(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Fails if the element just opened is nested too deep for the reader.
    fn check_depth(&self) -> Result<()> {
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!(
                "elements nest deeper than {MAX_DEPTH} levels (sections nested too deep)"
            )));
        }
        Ok(())
    }

    /// Writes ` name="value"`, escaped; `what` names the value in errors.
    fn attr(&mut self, name: &str, value: &str, what: &str) -> Result<()> {
        if let Some(c) = first_forbidden_char(value) {
            return Err(self.forbidden(c, what));
        }
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        let escaped = escape(value, |b| match b {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            b'"' => Some("&quot;"),
            // Attribute-value normalization would turn these into spaces.
            b'\t' => Some("&#x9;"),
            b'\n' => Some("&#xA;"),
            b'\r' => Some("&#xD;"),
            _ => None,
        });
        self.out.push_str(&escaped);
        self.out.push('"');
        Ok(())
    }

    /// Writes a number attribute.
    fn num_attr(&mut self, name: &str, value: impl std::fmt::Display) {
        use std::fmt::Write as _;
        let _ = write!(self.out, " {name}=\"{value}\"");
    }

    /// Writes `start` and `end` attributes, failing if the span is reversed.
    fn span(&mut self, span: Span, what: &str) -> Result<()> {
        if span.start > span.end {
            return Err(self.error(format!(
                "{what} has a span that starts after it ends ({} > {})",
                span.start, span.end
            )));
        }
        self.num_attr("start", span.start);
        self.num_attr("end", span.end);
        Ok(())
    }

    /// Writes character data, escaped; `what` names it in errors.
    fn text(&mut self, text: &str, what: &str) -> Result<()> {
        if let Some(c) = first_forbidden_char(text) {
            return Err(self.forbidden(c, what));
        }
        let escaped = escape(text, |b| match b {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            // A literal CR would be read back as a line feed.
            b'\r' => Some("&#xD;"),
            _ => None,
        });
        self.out.push_str(&escaped);
        Ok(())
    }

    fn forbidden(&self, c: char, what: &str) -> Error {
        self.error(format!(
            "{what} contains U+{:04X}, a character XML 1.0 cannot carry",
            c as u32
        ))
    }

    /// Writes `<name>text</name>` on its own line.
    fn text_element(&mut self, name: &str, text: &str) -> Result<()> {
        self.open(name);
        self.out.push('>');
        self.text(text, &format!("<{name}>"))?;
        self.depth -= 1;
        self.close_inline(name);
        Ok(())
    }

    fn meta(&mut self, meta: &Meta) -> Result<()> {
        self.open("meta");
        self.out.push('>');
        for (name, value) in [("title", &meta.title), ("issuer", &meta.issuer)] {
            if let Some(value) = value {
                self.text_element(name, value)?;
            }
        }
        if let Some(year) = meta.year {
            self.text_element("year", &year.to_string())?;
        }
        for (name, value) in [("region", &meta.region), ("date", &meta.date)] {
            if let Some(value) = value {
                self.text_element(name, value)?;
            }
        }
        self.text_element("script", meta.script.as_str())?;
        self.open("encoding");
        if meta.replaced > 0 {
            self.num_attr("replaced", meta.replaced);
        }
        self.out.push('>');
        self.text(&meta.encoding, "<encoding>")?;
        self.depth -= 1;
        self.close_inline("encoding");
        for property in &meta.properties {
            self.open("property");
            self.attr("key", &property.key, "a property key")?;
            self.out.push('>');
            self.text(&property.value, "a property value")?;
            self.depth -= 1;
            self.close_inline("property");
        }
        for removed in &meta.removed {
            self.open("removed");
            self.attr("kind", removed.kind.as_str(), "a removed kind")?;
            self.num_attr("line", removed.line);
            self.out.push('>');
            self.text(&removed.text, "removed text")?;
            self.depth -= 1;
            self.close_inline("removed");
        }
        for given in &meta.given {
            self.open("given");
            self.attr("kind", given.kind.as_str(), "an element kind")?;
            self.out.push('>');
            self.text(&given.text, "a given element")?;
            self.depth -= 1;
            self.close_inline("given");
        }
        if !meta.layout.is_default() {
            self.open("layout");
            self.attr("form", meta.layout.form.as_str(), "a form")?;
            self.attr(
                "seal",
                if meta.layout.seal { "true" } else { "false" },
                "seal",
            )?;
            self.out.push_str("/>");
            self.depth -= 1;
        }
        self.close("meta");
        Ok(())
    }

    /// Writes a block container holding `blocks` (`body`).
    fn blocks_element(&mut self, name: &str, blocks: &[Block]) -> Result<()> {
        self.open(name);
        self.out.push('>');
        self.blocks(blocks)?;
        self.finish_container(name, !blocks.is_empty());
        Ok(())
    }

    /// Closes a block container: on its own line if it has children, else right after `>`.
    fn finish_container(&mut self, name: &str, has_children: bool) {
        if has_children {
            self.close(name);
        } else {
            self.depth -= 1;
            self.close_inline(name);
        }
    }

    fn blocks(&mut self, blocks: &[Block]) -> Result<()> {
        for block in blocks {
            match block {
                Block::Title(p) => self.paragraph("title", p)?,
                Block::Paragraph(p) => self.paragraph("p", p)?,
                Block::Section(s) => self.section(s)?,
                Block::Table(t) => self.table(t)?,
                Block::Element(e) => self.inline_block(e.kind.as_str(), &e.inlines, e.span)?,
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, name: &str, p: &Paragraph) -> Result<()> {
        self.inline_block(name, &p.inlines, p.span)
    }

    /// A block of inline content: a title, a paragraph or a 公文 element.
    fn inline_block(&mut self, name: &str, inlines: &[Inline], span: Span) -> Result<()> {
        self.open(name);
        self.check_depth()?;
        self.span(span, &format!("a <{name}>"))?;
        self.out.push('>');
        self.inlines(inlines, span.start)?;
        self.depth -= 1;
        self.close_inline(name);
        Ok(())
    }

    fn section(&mut self, s: &Section) -> Result<()> {
        self.open("section");
        self.check_depth()?;
        if !(1..=4).contains(&s.level) {
            return Err(self.error(format!("section level {} is outside 1–4", s.level)));
        }
        self.num_attr("level", s.level);
        self.span(s.span, "a <section>")?;
        self.out.push('>');
        self.heading(&s.heading)?;
        self.blocks(&s.blocks)?;
        self.close("section");
        Ok(())
    }

    fn heading(&mut self, h: &Heading) -> Result<()> {
        self.open("heading");
        self.check_depth()?;
        self.attr("run-in", if h.run_in { "true" } else { "false" }, "run-in")?;
        self.span(h.span, "a <heading>")?;
        self.out.push('>');
        let m = &h.marker;
        self.open_inline("marker");
        self.check_depth()?;
        self.attr("style", m.style.as_str(), "a marker style")?;
        self.num_attr("number", m.number);
        self.span(m.span, "a <marker>")?;
        self.out.push('>');
        self.text(&m.text, "a heading marker")?;
        self.depth -= 1;
        self.close_inline("marker");
        self.inlines(&h.inlines, m.span.end)?;
        self.depth -= 1;
        self.close_inline("heading");
        Ok(())
    }

    fn table(&mut self, t: &Table) -> Result<()> {
        self.open("table");
        self.check_depth()?;
        self.span(t.span, "a <table>")?;
        self.out.push('>');
        for row in &t.rows {
            self.row(row)?;
        }
        self.finish_container("table", !t.rows.is_empty());
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<()> {
        self.open("row");
        self.check_depth()?;
        self.span(row.span, "a <row>")?;
        self.out.push('>');
        for cell in &row.cells {
            self.cell(cell)?;
        }
        self.finish_container("row", !row.cells.is_empty());
        Ok(())
    }

    fn cell(&mut self, cell: &Cell) -> Result<()> {
        self.open("cell");
        self.check_depth()?;
        self.span(cell.span, "a <cell>")?;
        self.out.push('>');
        self.inlines(&cell.inlines, cell.span.start)?;
        self.depth -= 1;
        self.close_inline("cell");
        Ok(())
    }

    /// Writes inline content; `cursor` is where the first run would start.
    fn inlines(&mut self, inlines: &[Inline], mut cursor: usize) -> Result<()> {
        let mut after_bare_text = false;
        for inline in inlines {
            match inline {
                Inline::Text(t) => {
                    let bare = !after_bare_text && infers_span(t, cursor);
                    if bare {
                        self.text(&t.text, "text")?;
                    } else {
                        self.text_run(t)?;
                    }
                    after_bare_text = bare;
                }
                Inline::Figure(f) => {
                    self.figure(f)?;
                    after_bare_text = false;
                }
                Inline::Item(i) => {
                    self.item(i)?;
                    after_bare_text = false;
                }
            }
            cursor = inline.span().end;
        }
        Ok(())
    }

    /// Writes a text run as a `<text>` element, for runs whose span the reader cannot infer.
    fn text_run(&mut self, t: &Text) -> Result<()> {
        self.open_inline("text");
        self.check_depth()?;
        self.span(t.span, "a text run")?;
        self.out.push('>');
        self.text(&t.text, "text")?;
        self.depth -= 1;
        self.close_inline("text");
        Ok(())
    }

    fn figure(&mut self, f: &Figure) -> Result<()> {
        self.open_inline("figure");
        self.check_depth()?;
        self.attr("id", &f.id, "a figure id")?;
        self.attr("kind", f.kind.as_str(), "a figure kind")?;
        if let Some(value) = &f.value {
            self.attr("value", value, "a figure value")?;
        }
        if let Some(value) = &f.value_max {
            self.attr("value-max", value, "a figure value-max")?;
        }
        self.num_attr("exponent", f.exponent);
        if let Some(unit) = &f.unit {
            self.attr("unit", unit, "a figure unit")?;
        }
        if let Some(subject) = &f.subject {
            self.attr("subject", subject, "a figure subject")?;
        }
        if let Some(approx) = &f.approx {
            self.attr(
                "approx-bound",
                approx.bound.as_str(),
                "an approximation bound",
            )?;
            self.attr("approx-marker", &approx.marker, "an approximation marker")?;
        }
        self.span(f.span, "a <figure>")?;
        self.out.push('>');
        self.text(&f.text, "a figure")?;
        self.depth -= 1;
        self.close_inline("figure");
        Ok(())
    }

    fn item(&mut self, i: &Item) -> Result<()> {
        self.open_inline("item");
        self.check_depth()?;
        self.num_attr("number", i.number);
        self.span(i.span, "an <item>")?;
        self.out.push('>');
        self.text(&i.text, "an item")?;
        self.depth -= 1;
        self.close_inline("item");
        Ok(())
    }
}

/// True if and only if the reader, seeing `t` as bare text after `cursor`, rebuilds its span.
fn infers_span(t: &Text, cursor: usize) -> bool {
    !t.text.is_empty()
        && t.span.start == cursor
        && cursor.checked_add(t.text.len()) == Some(t.span.end)
}
