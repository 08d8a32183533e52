//! Where the 公文 elements go (GB/T 9704-2012 §7) and how far each stands from the edges: the
//! order the writer sets the top-level blocks in, with the elements the user gave put in their
//! standard places, and the indents that depend on the texts' widths.
//!
//! The reader uses the same order to tell whether a stored report still says what the
//! document says ([`paragraph_texts`]).

use crate::format::gbt9704 as g;
use crate::model::{Block, ElementKind, Given, Inline, Part, Report};

/// One top-level item of the document in the order it is written.
#[derive(Debug, Clone, Copy)]
pub(super) enum Item<'a> {
    /// A block of the body other than an element.
    Block(&'a Block),
    /// An element, from the body or given by the user.
    Line(Line<'a>),
}

/// A 公文 element to set on a line of its own (or two, for a 发文字号 with its 签发人).
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    pub kind: ElementKind,
    pub content: Content<'a>,
}

/// The text of an element: inlines of the body, whose spans anchor comments, or a text the
/// user gave.
#[derive(Debug, Clone, Copy)]
pub(super) enum Content<'a> {
    Inlines(&'a [Inline]),
    Given(&'a str),
}

impl Content<'_> {
    pub fn text(&self) -> String {
        match self {
            Content::Inlines(inlines) => inlines.iter().map(Inline::text).collect(),
            Content::Given(text) => (*text).to_string(),
        }
    }
}

/// The document in writing order: the 主体 (with the 版头 before it), then the 版记, which the
/// writer sets at the foot of the last even page.
pub(super) struct Plan<'a> {
    pub items: Vec<Item<'a>>,
    pub imprint: Vec<Line<'a>>,
}

/// Where an item goes in GB/T 9704's order, in steps of two: the element kinds in their
/// standard order, the title between the 版头 and the 主送机关, body text between the 主送机关 and
/// the 附件说明.
fn rank(item: &Item) -> usize {
    let of_kind = |kind: ElementKind| {
        2 * ElementKind::ALL
            .iter()
            .position(|&k| k == kind)
            .unwrap_or_default()
    };
    match item {
        Item::Line(line) => of_kind(line.kind),
        Item::Block(Block::Title(_)) => of_kind(ElementKind::Signer) + 1,
        Item::Block(_) => of_kind(ElementKind::Recipient) + 1,
    }
}

/// The writing order of a report. Elements of the 版记 found among the top-level blocks move to
/// the end (in the order they stand); an element given by the user goes before the first block
/// that GB/T 9704 puts after it, unless the body has an element of its kind. Elements nested in
/// sections stay where they are.
pub(super) fn plan(report: &Report) -> Plan<'_> {
    let has = |kind: ElementKind| {
        report
            .body
            .iter()
            .any(|b| matches!(b, Block::Element(e) if e.kind == kind))
    };
    let mut given: Vec<&Given> = report.meta.given.iter().filter(|g| !has(g.kind)).collect();
    given.sort_by_key(|g| g.kind);
    let (given_imprint, given_body): (Vec<&Given>, Vec<&Given>) = given
        .into_iter()
        .partition(|g| g.kind.part() == Part::Imprint);

    let mut items = Vec::with_capacity(report.body.len() + given_body.len());
    let mut imprint: Vec<Line> = Vec::new();
    let mut pending = given_body.iter().peekable();
    for block in &report.body {
        let item = match block {
            Block::Element(e) => Item::Line(Line {
                kind: e.kind,
                content: Content::Inlines(&e.inlines),
            }),
            other => Item::Block(other),
        };
        if let Item::Line(line) = item
            && line.kind.part() == Part::Imprint
        {
            imprint.push(line);
            continue;
        }
        while let Some(g) = pending.next_if(|g| rank(&Item::Line(given_line(g))) < rank(&item)) {
            items.push(Item::Line(given_line(g)));
        }
        items.push(item);
    }
    items.extend(pending.map(|g| Item::Line(given_line(g))));
    for g in &given_imprint {
        let at = imprint.iter().filter(|l| l.kind < g.kind).count();
        imprint.insert(at, given_line(g));
    }
    Plan { items, imprint }
}

fn given_line<'a>(given: &&'a Given) -> Line<'a> {
    Line {
        kind: given.kind,
        content: Content::Given(&given.text),
    }
}

/// The texts of the paragraphs the writer sets in the main document for a report, in order
/// (empty ones left out; the 版记 stands in a footer): what a document written from the report
/// still says if nobody edited it.
pub(super) fn paragraph_texts(report: &Report) -> Vec<String> {
    let plan = plan(report);
    let mut out = Vec::new();
    let mut items = plan.items.iter().peekable();
    while let Some(item) = items.next() {
        match item {
            Item::Block(block) => block_texts(block, &mut out),
            Item::Line(line) => {
                let mut text = line.content.text();
                if line.kind == ElementKind::DocNumber
                    && let Some(Item::Line(signer)) = items
                        .next_if(|i| matches!(i, Item::Line(l) if l.kind == ElementKind::Signer))
                {
                    text.push('\t');
                    text.push_str(&signer_text(&signer.content));
                } else if line.kind == ElementKind::Signer {
                    text = signer_text(&line.content);
                }
                out.push(text);
            }
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

/// The texts of a block's paragraphs as the writer sets them: a run-in heading and the
/// paragraph it leads are one, a table row is its printed cells joined with `|`.
fn block_texts(block: &Block, out: &mut Vec<String>) {
    let s = match block {
        Block::Section(s) => s,
        Block::Table(t) => {
            for cells in t.printed_rows() {
                let texts: Vec<String> = cells
                    .iter()
                    .map(|c| c.inlines.iter().map(Inline::text).collect())
                    .collect();
                out.push(texts.join("|"));
            }
            return;
        }
        _ => {
            out.extend(block.leaf_texts());
            return;
        }
    };
    let mut heading = s.heading.marker.text.to_string();
    heading.extend(s.heading.inlines.iter().map(Inline::text));
    let mut blocks = s.blocks.iter().peekable();
    if let Some(Block::Paragraph(p)) =
        blocks.next_if(|b| s.heading.run_in && matches!(b, Block::Paragraph(_)))
    {
        heading.extend(p.inlines.iter().map(Inline::text));
    }
    out.push(heading);
    for block in blocks {
        block_texts(block, out);
    }
}

/// A 签发人 line as written: with its label, which a given name lacks.
fn signer_text(content: &Content) -> String {
    let text = content.text();
    match g::split_signer(&text) {
        (Some(_), _) => text,
        (None, name) => format!("{}{name}", g::SIGNER_LABEL),
    }
}

/// The width of a text in half characters ([`g::char_widths`] doubled).
pub(super) fn half_widths(text: &str) -> u32 {
    (g::char_widths(text) * 2.0) as u32
}

/// `n` characters of the body grid measured from an edge of the block, in twips.
pub(super) fn chars(n: usize) -> u32 {
    g::twips(g::CHAR_PITCH * n as f32)
}

/// A distance of a [`g::Place`], in characters of the body grid, in twips.
pub(super) fn grid_twips(chars: f32) -> u32 {
    g::twips(g::CHAR_PITCH * chars)
}

/// The indents of a 附件说明 line, in twips: (left, hanging). The first line (`附件：1.…`) starts
/// two characters in; the following items (`2.…`) start under the first one's number, after
/// `附件：`; a long name wraps under its own first character.
pub(super) fn attachment_note(text: &str, first: bool, advance: u32) -> (u32, u32) {
    let width = |s: &str| half_widths(s) * advance / 2;
    let rest = text.trim_start();
    let (label, rest) = match rest.find(['：', ':']) {
        Some(i) if first && rest[..i].trim() == "附件" => {
            let end = i + rest[i..].chars().next().map_or(0, char::len_utf8);
            (&rest[..end], &rest[end..])
        }
        _ => ("", rest),
    };
    let number_end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || ('０'..='９').contains(&c)))
        .filter(|&(i, c)| i > 0 && matches!(c, '.' | '．' | '、'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let start = chars(g::indent::PARAGRAPH);
    let label_width = if first {
        width(label)
    } else {
        // Later items stand where the first one's number stands, after `附件：`.
        width("附件：")
    };
    let hanging = width(&rest[..number_end]) + if first { label_width } else { 0 };
    (start + label_width + width(&rest[..number_end]), hanging)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADVANCE: u32 = 315;

    #[test]
    fn attachment_items_align_after_the_label() {
        let (left, hanging) = attachment_note("附件：1.重点任务", true, ADVANCE);
        assert_eq!((left, hanging), (chars(2) + 4 * ADVANCE, 4 * ADVANCE));
        let (left, hanging) = attachment_note("2.统计表", false, ADVANCE);
        assert_eq!((left, hanging), (chars(2) + 4 * ADVANCE, ADVANCE));
    }
}
