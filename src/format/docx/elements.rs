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
            Item::Block(block) => out.extend(block.leaf_texts()),
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

/// A 签发人 line as written: with its label, which a given name lacks.
fn signer_text(content: &Content) -> String {
    let text = content.text();
    match g::split_signer(&text) {
        (Some(_), _) => text,
        (None, name) => format!("{}{name}", g::SIGNER_LABEL),
    }
}

/// The width of a text in half characters: ASCII (half-width digits and Latin letters, as the
/// 公文 fonts set them) counts one, everything else two.
pub(super) fn half_widths(text: &str) -> u32 {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The indents of a 署名 and its 成文日期, in twips: each is the distance of the text from the
/// block's right edge (`right`), and the date's from the left edge when it is set from there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Right-aligned, this far from the right edge.
    Right(u32),
    /// Left-aligned, this far from the left edge.
    Left(u32),
    /// Centred between these indents (left, right).
    Centred(u32, u32),
}

/// `n` characters of the body grid measured from an edge of the block, in twips.
pub(super) fn chars(n: usize) -> u32 {
    g::twips(g::CHAR_PITCH * n as f32)
}

/// The places of the 署名 and the 成文日期 (GB/T 9704-2012 §7.3.5), given their widths in half
/// characters and the advance of a body character in twips.
///
/// Without a seal the 署名 stands two characters from the right and the date starts two
/// characters right of the 署名's first character: the date is set from the left edge, so its
/// place depends only on the 署名's width (CJK characters, exact on the grid), not on how wide a
/// font sets its digits. When that would bring the date closer than two characters to the right
/// edge (the date is the longer), the date stands two characters from the right and the 署名
/// moves left so that the two first characters keep their distance; this uses the date's
/// width, counted with half-width digits.
///
/// With a seal the date stands four characters from the right and the 署名 is centred over it.
pub(super) fn signature_and_date(
    signature: u32,
    date: u32,
    seal: bool,
    advance: u32,
    block: u32,
) -> (Place, Place) {
    let width = |halves: u32| halves * advance / 2;
    if seal {
        let right = chars(g::indent::SEALED_DATE_RIGHT);
        let centre = block - right - width(date) / 2;
        // The 署名 is centred on the date's centre, between indents wide enough for the longer
        // of the two (and a character more, so that no font wraps it).
        let half = (width(signature.max(date)) + advance) / 2;
        let left = centre.saturating_sub(half);
        let right_of_signature = (block - centre).saturating_sub(half);
        return (
            Place::Centred(left, right_of_signature),
            Place::Right(right),
        );
    }
    let two = chars(g::indent::SIGNATURE_RIGHT);
    let shift = 2 * advance;
    let signature_start = block.saturating_sub(two + width(signature));
    let date_start = signature_start + shift;
    if date_start + width(date) + two <= block {
        (Place::Right(two), Place::Left(date_start))
    } else {
        let date_start = block.saturating_sub(two + width(date));
        let signature_right =
            block.saturating_sub(date_start - shift.min(date_start) + width(signature));
        (Place::Right(signature_right), Place::Right(two))
    }
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
    const BLOCK: u32 = 8844;

    #[test]
    fn date_starts_two_characters_right_of_the_signature() {
        // 天津市静海区人民政府 (10) and 2021年3月29日 (7 digits, 3 ideographs: 13 halves).
        let (signature, date) = signature_and_date(20, 13, false, ADVANCE, BLOCK);
        assert_eq!(signature, Place::Right(chars(2)));
        assert_eq!(
            date,
            Place::Left(BLOCK - chars(2) - 10 * ADVANCE + 2 * ADVANCE)
        );
    }

    #[test]
    fn a_longer_date_stands_two_characters_from_the_right_and_pushes_the_signature_left() {
        // A 4-character 署名 and a 13-half date.
        let (signature, date) = signature_and_date(8, 13, false, ADVANCE, BLOCK);
        assert_eq!(date, Place::Right(chars(2)));
        let date_start = BLOCK - chars(2) - 13 * ADVANCE / 2;
        assert_eq!(
            signature,
            Place::Right(BLOCK - (date_start - 2 * ADVANCE) - 4 * ADVANCE)
        );
    }

    #[test]
    fn with_a_seal_the_signature_is_centred_over_the_date() {
        let (signature, date) = signature_and_date(20, 13, true, ADVANCE, BLOCK);
        assert_eq!(date, Place::Right(chars(4)));
        let Place::Centred(left, right) = signature else {
            panic!("{signature:?}")
        };
        let centre = BLOCK - chars(4) - 13 * ADVANCE / 4;
        assert!((left + (BLOCK - right)) / 2 - centre <= 1);
    }

    #[test]
    fn attachment_items_align_after_the_label() {
        let (left, hanging) = attachment_note("附件：1.重点任务", true, ADVANCE);
        assert_eq!((left, hanging), (chars(2) + 4 * ADVANCE, 4 * ADVANCE));
        let (left, hanging) = attachment_note("2.统计表", false, ADVANCE);
        assert_eq!((left, hanging), (chars(2) + 4 * ADVANCE, ADVANCE));
    }
}
