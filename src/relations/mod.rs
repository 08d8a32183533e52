//! Relations: what the text claims about its figures — totals and their parts, parts of a whole,
//! rates and their numerator and denominator, changes of a rate, counts of listed items, 分别
//! pairings and structure ratios that should add up to 100.
//!
//! Relations are found per paragraph from cue words and the clause structure around each figure.
//! Precision comes first: a relation is only claimed when the cues are unambiguous, since every
//! relation feeds a check that can raise an alarm.

mod change;
mod document;
mod share;
mod table;

use crate::lexicon::{self, in_bits, starts_with_any};
use crate::measures::{Measure, Role};
use crate::model::{Block, Figure, FigureKind, Inline, Report, Span};
use std::collections::HashMap;

/// How sure the text is that a breakdown lists every part of its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// The text says so: a list closed by 其他/其余, or summed up with 共/合计 after it.
    Complete,
    /// 其中/含/包括: the parts may be a selection.
    Partial,
    /// The list goes on in another unit (马2708匹 among 头): it cannot be all of the total.
    Incomplete,
}

/// How sure a finder is that it paired the right figures. It caps the severity of what a
/// failed check reports: an error needs a pairing the text leaves no doubt about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// A pairing by position and measure that may be wrong: a failure is worth a look (info).
    Weak,
    /// Probably right: a failure is probably an error in the text (warning).
    Likely,
    /// The syntax leaves no other reading (error).
    Certain,
}

/// What a percentage of one amount over another states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateKind {
    /// A named rate (结案率, 城镇化率).
    Rate,
    /// A part's share of its whole (占38.7%, 比重为55.15%).
    Share,
    /// An outcome against its plan or budget (为预算的103.3%).
    Completion,
}

/// A relation between figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Relation<'a> {
    /// `total = Σ parts`.
    Sum {
        /// The total.
        total: &'a Figure,
        /// The parts, in text order.
        parts: Vec<&'a Figure>,
        /// Whether the parts claim to be all of the total.
        completeness: Completeness,
        /// How sure the pairing is.
        strength: Strength,
    },
    /// A change against an earlier period: `growth = change / (level − change)`, or the two
    /// levels and the change between them.
    Change {
        /// The level now (粮食产量52.91万吨, or Y of 由X增加到Y).
        level: &'a Figure,
        /// The earlier level, when stated (X of 由X增加到Y).
        before: Option<&'a Figure>,
        /// The absolute change (比上年增加1.31万吨).
        change: Option<&'a Figure>,
        /// The relative change (增长2.5%).
        growth: Option<&'a Figure>,
        /// Cases carried over that the level includes (含旧存379件): the change may be of the
        /// level without them.
        carried: Option<&'a Figure>,
        /// True if and only if the text states a fall.
        falls: bool,
        /// How sure the pairing is.
        strength: Strength,
    },
    /// The same quantity stated twice.
    Restatement {
        /// Where it is stated first.
        first: &'a Figure,
        /// Where it is stated again.
        second: &'a Figure,
    },
    /// A figure far larger than the whole it belongs to (29078万人 in a city of 369.19万人):
    /// a unit slip.
    Scale {
        /// The figure.
        figure: &'a Figure,
        /// The whole it cannot exceed.
        whole: &'a Figure,
    },
    /// `part ≤ whole` (其中 with a single part).
    Part {
        /// The whole.
        whole: &'a Figure,
        /// The part.
        part: &'a Figure,
    },
    /// `rate = Σ numerator / denominator × 100 %`.
    Rate {
        /// The stated rate.
        rate: &'a Figure,
        /// What was achieved (调解成功 2354件), or the amounts that add up to it.
        numerator: Vec<&'a Figure>,
        /// What it is out of (调解案件 2672件).
        denominator: &'a Figure,
        /// A rate, a share or a completion rate.
        kind: RateKind,
        /// How sure the pairing is.
        strength: Strength,
    },
    /// A rate and its change, written right after it (出庭应诉率93.75%, 比2019年提高34.83%).
    RateChange {
        /// The rate.
        rate: &'a Figure,
        /// The change.
        change: &'a Figure,
    },
    /// A count and the items listed right before it (A、B、C三条措施).
    Items {
        /// The count.
        count: &'a Figure,
        /// The spans of the listed items.
        items: Vec<Span>,
        /// True if and only if the list is closed with 等 (so it may be shorter than the count).
        open: bool,
        /// True if and only if the list stands in quotes (“a、b、c”三条), so its items are certain.
        quoted: bool,
    },
    /// 分别 pairing: subjects before 分别, values after it.
    Respectively {
        /// Span of the subject phrase before 分别.
        subjects: Span,
        /// How many subjects the phrase names.
        subject_count: usize,
        /// The values after 分别.
        values: Vec<&'a Figure>,
    },
    /// Shares of a structure (三次产业结构 12.8:45.4:41.9) that should add up to 100.
    Structure {
        /// The shares.
        parts: Vec<&'a Figure>,
        /// The span the shares are written in.
        span: Span,
    },
}

impl<'a> Relation<'a> {
    /// Calls `visit` on each figure of the relation, in no particular order.
    pub fn each_figure(&self, visit: &mut impl FnMut(&'a Figure)) {
        match self {
            Relation::Sum { total, parts, .. } => {
                visit(total);
                parts.iter().for_each(|p| visit(p));
            }
            Relation::Change {
                level,
                before,
                change,
                growth,
                carried,
                ..
            } => {
                visit(level);
                [before, change, growth, carried]
                    .into_iter()
                    .flatten()
                    .for_each(|f| visit(f));
            }
            Relation::Restatement { first, second } => {
                visit(first);
                visit(second);
            }
            Relation::Scale { figure, whole } => {
                visit(figure);
                visit(whole);
            }
            Relation::Part { whole, part } => {
                visit(whole);
                visit(part);
            }
            Relation::Rate {
                rate,
                numerator,
                denominator,
                ..
            } => {
                visit(rate);
                numerator.iter().for_each(|f| visit(f));
                visit(denominator);
            }
            Relation::RateChange { rate, change } => {
                visit(rate);
                visit(change);
            }
            Relation::Items { count, .. } => visit(count),
            Relation::Respectively { values, .. } => values.iter().for_each(|f| visit(f)),
            Relation::Structure { parts, .. } => parts.iter().for_each(|f| visit(f)),
        }
    }

    /// `total = Σ parts`.
    fn sum(
        total: &'a Figure,
        parts: Vec<&'a Figure>,
        completeness: Completeness,
        strength: Strength,
    ) -> Relation<'a> {
        Relation::Sum {
            total,
            parts,
            completeness,
            strength,
        }
    }

    /// Pushes `total = Σ parts` when there are two parts or more.
    fn push_sum(
        out: &mut Vec<Relation<'a>>,
        total: &'a Figure,
        parts: Vec<&'a Figure>,
        completeness: Completeness,
        strength: Strength,
    ) {
        if parts.len() >= 2 {
            out.push(Relation::sum(total, parts, completeness, strength));
        }
    }

    /// A share of `denominator`.
    fn share(
        rate: &'a Figure,
        numerator: Vec<&'a Figure>,
        denominator: &'a Figure,
        strength: Strength,
    ) -> Relation<'a> {
        Relation::Rate {
            rate,
            numerator,
            denominator,
            kind: RateKind::Share,
            strength,
        }
    }
}

/// One paragraph (or heading, title, cell) as the relation finders see it.
pub(crate) struct Leaf<'a> {
    /// The text, folded to simplified characters (byte offsets as in the original).
    text: String,
    base: usize,
    figures: Vec<&'a Figure>,
    /// What each figure measures, in the order of `figures`.
    measures: Vec<Measure>,
    /// Where each figure's text lies in `text` and its index in `figures`, keyed by the
    /// figure's address. Taken from the text itself rather than from the figures' spans: a
    /// report read from XML may state spans that no longer match its text (the text was
    /// edited), and the finders slice by these.
    offsets: HashMap<*const Figure, (usize, usize, usize), lexicon::QuickHash>,
    /// Where each figure starts in `text`, in the order of `figures` (as in `offsets`): what
    /// [`Leaf::figures_in`] searches.
    starts: Vec<usize>,
    /// Byte offsets of every sentence end (。！？), in order.
    sentence_ends: Vec<usize>,
    /// The innermost section the leaf stands in (numbered in document order from 1; 0 for
    /// none), and whether it is that section's heading.
    section: usize,
    heading: bool,
    /// Byte offsets just past every clause delimiter or line break, in order.
    clause_ends: Vec<usize>,
    /// Byte offsets of every character that starts a word of [`lexicon::PARAGRAPH_CUES`], in
    /// order.
    cue_starts: Vec<usize>,
    /// Whether each figure, in the order of `figures`, is a part of a part
    /// ([`inside_inclusion`]).
    inclusions: Vec<bool>,
    /// The amounts of the leaf as a row of a space-aligned table ([`table::table_row`]), found
    /// when first asked for: the document's finders and the table finders both ask.
    table_row: std::cell::OnceCell<Option<Vec<&'a Figure>>>,
}

impl<'a> Leaf<'a> {
    fn new(inlines: &'a [Inline], section: usize, heading: bool) -> Option<Leaf<'a>> {
        let base = inlines.first()?.span().start;
        // The text of the inlines, folded, and where its sentences and clauses end and its cue
        // words may start, in one pass; only the few characters that can be any of these are
        // looked at further.
        let len = inlines.iter().map(|i| i.text().len()).sum();
        let mut text = String::with_capacity(len);
        let count = inlines
            .iter()
            .filter(|i| matches!(i, Inline::Figure(_)))
            .count();
        let mut figures = Vec::with_capacity(count);
        let mut starts = Vec::with_capacity(count);
        let mut offsets = HashMap::with_capacity_and_hasher(count, lexicon::QuickHash);
        // Room for the marks of ordinary Chinese prose (a clause every sixteen characters or
        // so, a sentence every sixty), so that most leaves fill their lists without growing
        // them step by step.
        let mut sentence_ends = Vec::with_capacity(len / 180 + 1);
        let mut clause_ends = Vec::with_capacity(len / 48 + 1);
        let mut cue_starts = Vec::with_capacity(len / 96 + 1);
        let mut brackets = Vec::with_capacity(len / 48 + 1);
        for inline in inlines {
            let start = text.len();
            lexicon::push_folded(&mut text, inline.text(), &MARKS, |i, c| {
                if is_inclusion_mark(c) {
                    brackets.push((i, c));
                }
                if is_sentence_end(c) {
                    sentence_ends.push(i);
                }
                if is_clause_end(c) || c == '\n' {
                    clause_ends.push(i + c.len_utf8());
                }
                if in_bits(&CUE_STARTS, c) {
                    cue_starts.push(i);
                }
            });
            if let Inline::Figure(f) = inline {
                let f: &Figure = f;
                offsets.insert(std::ptr::from_ref(f), (start, text.len(), figures.len()));
                figures.push(f);
                starts.push(start);
            }
        }
        let mut leaf = Leaf {
            text,
            base,
            figures,
            measures: Vec::new(),
            offsets,
            starts,
            sentence_ends,
            clause_ends,
            cue_starts,
            section,
            heading,
            inclusions: Vec::new(),
            table_row: std::cell::OnceCell::new(),
        };
        leaf.inclusions = inclusion_flags(&leaf.text, &leaf.starts, &brackets);
        let mut measures: Vec<Measure> = Vec::with_capacity(leaf.figures.len());
        for (i, f) in leaf.figures.iter().enumerate() {
            let start = leaf.start(f);
            let end = leaf.end(f);
            let (sentence_start, _) = leaf.sentence(start);
            let after_to = floor_boundary(&leaf.text, end.saturating_add(12));
            let clause = leaf.clause_before(start);
            let own_from = i
                .checked_sub(1)
                .map(|k| leaf.end(leaf.figures[k]))
                .filter(|&e| e > start - clause.len() && e <= start)
                .unwrap_or(start - clause.len());
            let mut m = crate::measures::measure(
                f,
                clause,
                &leaf.text[own_from..start],
                &leaf.text[sentence_start..start],
                &leaf.text[end..after_to],
            );
            // `实际完成675863万元` names no measure: it is the measure of the figure before it
            // in its sentence (社会保险基金预算收入 … 实际完成).
            if m.phrase.is_empty() && is_amount(f) {
                let prev_start = i.checked_sub(1).map(|k| leaf.start(leaf.figures[k]));
                if let (Some(prev), Some(at)) = (measures.last(), prev_start)
                    && !prev.phrase.is_empty()
                    && prev.role == Role::Level
                    && at >= sentence_start
                {
                    m.phrase = prev.phrase.clone();
                }
            }
            measures.push(m);
        }
        leaf.measures = measures;
        Some(leaf)
    }

    /// The measure of a figure of this leaf.
    fn measure_of(&self, f: &Figure) -> Option<&Measure> {
        let &(_, _, i) = self.offsets.get(&std::ptr::from_ref(f))?;
        self.measures.get(i)
    }

    fn index_of(&self, f: &Figure) -> Option<usize> {
        self.offsets.get(&std::ptr::from_ref(f)).map(|&(_, _, i)| i)
    }

    fn role(&self, f: &Figure) -> Role {
        self.measure_of(f).map_or(Role::Other, |m| m.role)
    }

    fn phrase(&self, f: &Figure) -> &str {
        self.measure_of(f).map_or("", |m| m.phrase.as_str())
    }

    fn start(&self, f: &Figure) -> usize {
        self.offsets.get(&std::ptr::from_ref(f)).map_or_else(
            || floor_boundary(&self.text, f.span.start.saturating_sub(self.base)),
            |&(start, _, _)| start,
        )
    }

    fn end(&self, f: &Figure) -> usize {
        self.offsets.get(&std::ptr::from_ref(f)).map_or_else(
            || floor_boundary(&self.text, f.span.end.saturating_sub(self.base)),
            |&(_, end, _)| end,
        )
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    /// The byte range of the sentence holding `pos` (at most [`MAX_REACH`] bytes either side).
    fn sentence(&self, pos: usize) -> (usize, usize) {
        let pos = floor_boundary(&self.text, pos);
        let from = floor_boundary(&self.text, pos.saturating_sub(MAX_REACH));
        let to = floor_boundary(&self.text, pos.saturating_add(MAX_REACH));
        let i = self.sentence_ends.partition_point(|&e| e < pos);
        let start = i
            .checked_sub(1)
            .map_or(0, |k| {
                let e = self.sentence_ends[k];
                e + self.text[e..].chars().next().map_or(0, char::len_utf8)
            })
            .max(from);
        let end = self
            .sentence_ends
            .get(i)
            .map_or(self.text.len(), |&e| e)
            .min(to);
        (start, floor_boundary(&self.text, end.max(pos)))
    }

    /// Returns true if and only if the leaf's text holds `word` somewhere: one search of the
    /// whole text, which lets a finder whose cue is missing skip its look at every figure.
    fn mentions(&self, word: &str) -> bool {
        self.text.contains(word)
    }

    /// The clause text right before `pos`: from the last clause delimiter up to `pos` (at most
    /// [`MAX_REACH`] bytes).
    fn clause_before(&self, pos: usize) -> &str {
        let pos = floor_boundary(&self.text, pos);
        let from = floor_boundary(&self.text, pos.saturating_sub(MAX_REACH));
        let i = self.clause_ends.partition_point(|&e| e <= pos);
        let start = i
            .checked_sub(1)
            .map_or(0, |k| self.clause_ends[k])
            .max(from);
        &self.text[start..pos]
    }

    /// Figures whose start lies in `start..end`, in order.
    fn figures_in(
        &self,
        start: usize,
        end: usize,
    ) -> std::iter::Copied<std::slice::Iter<'_, &'a Figure>> {
        let first = self.starts.partition_point(|&s| s < start);
        let last = self.starts.partition_point(|&s| s < end).max(first);
        self.figures[first..last].iter().copied()
    }

    /// The amounts of the leaf if it is a row of a space-aligned table.
    fn table_row(&self) -> Option<&[&'a Figure]> {
        self.table_row
            .get_or_init(|| table::table_row(self))
            .as_deref()
    }

    /// Where the words of `needles` (one of [`lexicon::PARAGRAPH_CUES`]) stand in the text,
    /// in order; for other words, where each of them stands in turn.
    fn positions<'s>(&'s self, needles: &'s [&'s str]) -> Box<dyn Iterator<Item = usize> + 's> {
        if lexicon::PARAGRAPH_CUES.contains(&needles) {
            Box::new(
                self.cue_starts
                    .iter()
                    .copied()
                    .filter(move |&i| starts_with_any(&self.text[i..], needles)),
            )
        } else {
            Box::new(positions(&self.text, needles))
        }
    }
}

/// The first characters of the words of [`lexicon::PARAGRAPH_CUES`] (every one starts in the
/// Basic Multilingual Plane: checked by a test).
static CUE_STARTS: lexicon::Bits = {
    let mut bits = lexicon::NO_BITS;
    let mut i = 0;
    while i < lexicon::PARAGRAPH_CUES.len() {
        lexicon::add_first_chars(&mut bits, lexicon::PARAGRAPH_CUES[i]);
        i += 1;
    }
    bits
};

/// The characters a leaf's first pass looks at: those of [`CUE_STARTS`], the sentence and clause
/// delimiters, the line break and the marks of [`inclusion_flags`].
static MARKS: lexicon::Bits = lexicon::plane_bits!(CUE_STARTS, |c| is_sentence_end(c)
    || is_clause_end(c)
    || is_inclusion_mark(c)
    || c == '\n');

/// How far, in bytes, a sentence or clause is looked for around a figure: enough for any real
/// sentence, and a bound that keeps hostile input (megabytes without a full stop) linear.
const MAX_REACH: usize = 4096;

/// The largest char boundary of `text` at or below `pos`.
fn floor_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// The clause of `text` that ends at byte `pos`: from the last clause delimiter (or line break)
/// before it, looking back at most [`MAX_REACH`] bytes.
pub(crate) fn clause_ending_at(text: &str, pos: usize) -> &str {
    let pos = floor_boundary(text, pos);
    let from = floor_boundary(text, pos.saturating_sub(MAX_REACH));
    let head = &text[from..pos];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| is_clause_end(c) || c == '\n')
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

const fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

const fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '：' | ':' | '。' | '！' | '？' | '!' | '?'
    )
}

/// Figures that can be added up: counts, money, measures.
fn is_amount(f: &Figure) -> bool {
    matches!(
        f.kind,
        FigureKind::Count | FigureKind::Money | FigureKind::Measure
    ) && f.value.is_some()
        && f.value_max.is_none()
}

/// Returns true if and only if two amounts are in the same unit (人, 名 and 位 all count people).
pub fn same_unit(a: &Figure, b: &Figure) -> bool {
    fn canonical(unit: Option<&str>) -> Option<&str> {
        match unit {
            Some("名" | "位") => Some("人"),
            other => other,
        }
    }
    a.kind == b.kind && canonical(a.unit.as_deref()) == canonical(b.unit.as_deref())
}

/// Returns true if and only if a part in `part`'s unit may belong to a whole in `whole`'s: the
/// same unit, or two counters of items (件, 份, 条: 收到8份申请，其中予以公开2件).
fn compatible(whole: &Figure, part: &Figure) -> bool {
    same_unit(whole, part)
        || (whole.kind == FigureKind::Count
            && part.kind == FigureKind::Count
            && lexicon::ITEM_COUNTERS.contains(&whole.unit.as_deref().unwrap_or(""))
            && lexicon::ITEM_COUNTERS.contains(&part.unit.as_deref().unwrap_or("")))
}

/// A figure's value as a number, for comparisons of size (not for the checks' arithmetic).
pub(crate) fn approx_value(f: &Figure) -> Option<f64> {
    f.value.as_deref()?.parse().ok()
}

/// Finds every relation in a report: per paragraph, then across paragraphs and in tables.
pub fn find(report: &Report) -> Vec<Relation<'_>> {
    let mut out = Vec::new();
    let mut leaves = Vec::new();
    let mut sections = 0;
    collect_leaves(&report.body, 0, &mut sections, &mut leaves);
    for (i, leaf) in leaves.iter().enumerate() {
        if leaf.figures.is_empty() {
            continue;
        }
        let context = &leaves[i.saturating_sub(2)..i];
        find_in_leaf(leaf, context, &mut out);
    }
    document::find(report, &leaves, &mut out);
    table::find(report, &leaves, &mut out);
    out
}

/// Every paragraph, heading and title as a leaf, with the section it stands in.
fn collect_leaves<'a>(
    blocks: &'a [Block],
    section: usize,
    sections: &mut usize,
    out: &mut Vec<Leaf<'a>>,
) {
    for block in blocks {
        match block {
            Block::Title(p) | Block::Paragraph(p) => {
                out.extend(Leaf::new(&p.inlines, section, false))
            }
            Block::Section(s) => {
                *sections += 1;
                let id = *sections;
                out.extend(Leaf::new(&s.heading.inlines, id, true));
                collect_leaves(&s.blocks, id, sections, out);
            }
            // A cell of running text (a page that puts its article in a table) reads as a
            // paragraph; the cells of a real table are columns, read by the table finders.
            Block::Table(t) => {
                for cell in t.rows.iter().flat_map(|r| &r.cells) {
                    let prose = cell
                        .inlines
                        .iter()
                        .map(|i| i.text().matches(['。', '，', ',', '；']).count())
                        .sum::<usize>()
                        >= 3;
                    if prose {
                        out.extend(Leaf::new(&cell.inlines, section, false));
                    }
                }
            }
            // The 版头, signature, date and 版记 state no quantity.
            Block::Element(_) => {}
        }
    }
}

/// Calls `f` with the inline content of every paragraph, heading and title (not table cells,
/// whose figures are columns rather than sentences).
pub(crate) fn for_each_leaf<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a [Inline])) {
    for block in blocks {
        match block {
            Block::Title(p) | Block::Paragraph(p) => f(&p.inlines),
            Block::Section(s) => {
                f(&s.heading.inlines);
                for_each_leaf(&s.blocks, f);
            }
            Block::Table(_) | Block::Element(_) => {}
        }
    }
}

/// The relations of one paragraph; `context` holds the paragraphs right before it, where a
/// group of shares may find its whole (`共主动公开政府信息1729条。` before `在主动公开的信息中，…`).
fn find_in_leaf<'a>(leaf: &Leaf<'a>, context: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    let from = out.len();
    whereof(leaf, context, out);
    list_openers(leaf, out);
    among(leaf, out);
    topics(leaf, context, out);
    ordinal_parts(leaf, out);
    remainders(leaf, out);
    inclusions(leaf, out);
    other_closed_lists(leaf, out);
    totals_after_lists(leaf, out);
    balances(leaf, out);
    shares(leaf, from, out);
    share::find(leaf, context, from, out);
    rates(leaf, out);
    change::find(leaf, out);
    rate_changes(leaf, out);
    items(leaf, out);
    items_after(leaf, out);
    respectively(leaf, out);
    structures(leaf, out);
}

/// All match positions of any of `needles` in `text`.
fn positions<'t>(text: &'t str, needles: &'t [&'t str]) -> impl Iterator<Item = usize> + 't {
    needles
        .iter()
        .flat_map(move |n| text.match_indices(n).map(|(i, _)| i))
}

/// Returns true if and only if the figure stands inside a parenthesis (a part of a part:
/// `客运车辆6694辆（含公交车2990辆）`, `一般债券118542万元(再融资债券41599万元…)`), or after a
/// clause that opens with 包含 in its clause group.
fn inside_inclusion(leaf: &Leaf, f: &Figure) -> bool {
    leaf.index_of(f).is_some_and(|i| leaf.inclusions[i])
}

/// For each figure start of `starts` (in increasing order), whether [`inside_inclusion`] holds:
/// an open parenthesis not closed again within [`MAX_REACH`] bytes before it, or one of
/// [`lexicon::NESTED_OPENERS`] since the last `；` or `。` (and within that reach). `marks` are
/// the characters of `text` that [`is_inclusion_mark`] names, with their offsets, in order: one
/// pass over them, whatever the number of figures.
fn inclusion_flags(text: &str, starts: &[usize], marks: &[(usize, char)]) -> Vec<bool> {
    let mut flags = Vec::with_capacity(starts.len());
    let (mut open, mut close, mut stop) = (None, None, 0);
    let mut opener = None;
    let mut pending: std::collections::VecDeque<(usize, usize)> = Default::default();
    let mut marks = marks.iter().peekable();
    for &start in starts {
        while let Some(&(i, c)) = marks.next_if(|&&(i, _)| i < start) {
            match c {
                '(' | '（' => open = Some(i),
                ')' | '）' => close = Some(i),
                '；' | ';' | '。' => stop = i,
                _ => {
                    if let Some(w) = lexicon::NESTED_OPENERS
                        .iter()
                        .find(|w| text[i..].starts_with(*w))
                    {
                        pending.push_back((i, i + w.len()));
                    }
                }
            }
        }
        while let Some(&(at, _)) = pending.front().filter(|&&(_, end)| end <= start) {
            opener = Some(at);
            pending.pop_front();
        }
        let from = floor_boundary(text, start.saturating_sub(MAX_REACH));
        let parenthesis = open.is_some_and(|o| o >= from && close.is_none_or(|c: usize| c < o));
        let group = stop.max(from);
        flags.push(parenthesis || opener.is_some_and(|o| o >= group));
    }
    flags
}

/// The characters [`inclusion_flags`] follows: parentheses, the stops of a clause group and the
/// comma that may open a nested list (`，其中`).
const fn is_inclusion_mark(c: char) -> bool {
    matches!(c, '(' | '（' | ')' | '）' | '；' | ';' | '。' | '，')
}

/// The first characters of the members of [`lexicon::COMPLEMENTS`] and the words of
/// [`lexicon::COMBINED`]: the build fails if one starts outside the Basic Multilingual Plane.
static COMPLEMENT_STARTS: lexicon::Bits = {
    let mut bits = lexicon::NO_BITS;
    let mut k = 0;
    while k < lexicon::COMPLEMENTS.len() {
        let (a, b) = lexicon::COMPLEMENTS[k];
        assert!(lexicon::start_in_plane(&[a, b]));
        lexicon::add_first_chars(&mut bits, &[a, b]);
        k += 1;
    }
    let mut k = 0;
    while k < lexicon::COMBINED.len() {
        let word = [lexicon::COMBINED[k].0];
        assert!(lexicon::start_in_plane(&word));
        lexicon::add_first_chars(&mut bits, &word);
        k += 1;
    }
    bits
};

/// The modifiers of a complementary pair that `phrase` names (城镇 of 城镇居民), as indices
/// into [`lexicon::COMPLEMENTS`] with the side. One walk over the phrase: the members are
/// compared only where a character starts one of them.
fn complement_sides(phrase: &str) -> Vec<(usize, bool)> {
    const PAIRS: usize = lexicon::COMPLEMENTS.len();
    let (mut has_a, mut has_b) = ([false; PAIRS], [false; PAIRS]);
    for (i, c) in phrase.char_indices() {
        if !in_bits(&COMPLEMENT_STARTS, c) {
            continue;
        }
        let rest = &phrase[i..];
        for (k, &(a, b)) in lexicon::COMPLEMENTS.iter().enumerate() {
            has_a[k] |= rest.starts_with(a);
            has_b[k] |= rest.starts_with(b);
        }
        // 进出口, 城乡, 收支 name both members at once.
        for &(w, x, y) in lexicon::COMBINED {
            if !rest.starts_with(w) {
                continue;
            }
            for (k, &pair) in lexicon::COMPLEMENTS.iter().enumerate() {
                if pair == (x, y) {
                    (has_a[k], has_b[k]) = (true, true);
                }
            }
        }
    }
    (0..PAIRS)
        .filter_map(|k| match (has_a[k], has_b[k]) {
            (true, false) => Some((k, false)),
            (false, true) => Some((k, true)),
            _ => None,
        })
        .collect()
}

/// Returns true if and only if `phrase` names the other member of a pair that `whole` names
/// (移动互联网用户 against 固定互联网宽带接入用户): a sibling of the whole, not a part.
fn contradicts(whole: &str, phrase: &str) -> bool {
    // Most phrases name no member of any pair: the whole's sides are not needed then.
    let p = complement_sides(phrase);
    if p.is_empty() {
        return false;
    }
    let w = complement_sides(whole);
    p.iter()
        .any(|(i, side)| w.iter().any(|(j, s)| i == j && s != side))
}

/// Returns true if and only if the phrases split a whole between them: members of one
/// complementary pair, or ordinals (第一产业, 第二产业 …).
fn complementary(phrases: &[&str]) -> bool {
    if phrases.len() < 2 {
        return false;
    }
    let ordinals = phrases.iter().all(|p| lexicon::ORDINAL_PARTS.found_in(p));
    let pair = phrases.len() == 2 && contradicts(phrases[0], phrases[1]);
    ordinals || pair
}

/// The longest common suffix of two phrases, in characters.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How sure a run of parts is to be one breakdown of its total: joined by 、 in one list,
/// complementary, or three or more parallel parts (a shared head noun) are sure; two parts
/// that merely follow each other may be overlapping selections (私人汽车 and 新能源汽车).
fn run_strength(leaf: &Leaf, parts: &[&Figure]) -> Strength {
    let phrases: Vec<&str> = parts.iter().map(|p| leaf.phrase(p)).collect();
    let listed = parts.windows(2).all(|w| {
        let gap = leaf
            .text
            .get(leaf.end(w[0])..leaf.start(w[1]))
            .unwrap_or("");
        gap.contains('、') && !gap.contains(['，', ',', '；', ';'])
    });
    let parallel = phrases.len() >= 3
        && phrases
            .windows(2)
            .all(|w| common_suffix(w[0], w[1]) >= 1 && !w[0].is_empty());
    if complementary(&phrases) || (listed && parts.len() >= 2) || parallel {
        Strength::Certain
    } else if parts.len() >= 3 {
        Strength::Likely
    } else {
        Strength::Weak
    }
}

/// The parts of `whole` among `candidates` (the levels after a cue, in order): amounts in the
/// unit of `whole` that are levels, up to the first that cannot be a part — one larger than
/// the whole by itself, or one naming the other member of a pair the whole names (移动 after
/// 固定). Changes, shares and per-capita values between the parts are passed over; a part of a
/// part (私人汽车 after 汽车, an amount inside 含…) is left out.
fn run_of_parts<'a>(
    whole: &Figure,
    candidates: impl Iterator<Item = &'a Figure>,
    leaf: &Leaf<'a>,
) -> (Vec<&'a Figure>, Completeness) {
    let mut parts: Vec<&'a Figure> = Vec::new();
    let whole_value = approx_value(whole).unwrap_or(f64::INFINITY);
    let whole_phrase = leaf.phrase(whole);
    for f in candidates {
        // Growth rates, years and identifiers between the parts are passed over; a bare number
        // may be an amount in a unit not recognized, so it ends the run like another unit does.
        if !is_amount(f) && f.kind != FigureKind::Number {
            continue;
        }
        if is_amount(f) && leaf.role(f) != Role::Level {
            continue;
        }
        // `属于四类过程性信息1件`: a count inside the name of the part, not a part.
        let modifier = leaf
            .index_of(f)
            .and_then(|i| leaf.figures.get(i + 1))
            .is_some_and(|g| {
                is_amount(g)
                    && !leaf.text.get(leaf.end(f)..leaf.start(g)).is_none_or(|gap| {
                        gap.contains(|c: char| {
                            is_clause_end(c)
                                || matches!(c, '、' | '(' | '（' | ')' | '）' | '和' | '及')
                        })
                    })
            });
        if modifier {
            continue;
        }
        if !compatible(whole, f) || states_change(leaf.clause_before(leaf.start(f))) {
            return (parts, Completeness::Incomplete);
        }
        if inside_inclusion(leaf, f) {
            continue;
        }
        let phrase = leaf.phrase(f);
        // 私人汽车 after 汽车 is a part of that part; 上解上级支出 after 补助县支出 is not (支出 is
        // the head the whole names too).
        let nested = parts.iter().any(|p| {
            let q = leaf.phrase(p);
            q.chars().count() >= 2
                && phrase.len() > q.len()
                && phrase.ends_with(q)
                && !whole_phrase.contains(q)
        });
        if nested {
            continue;
        }
        let too_big = approx_value(f).is_some_and(|v| v > whole_value * 1.000_001);
        if !parts.is_empty() && (too_big || contradicts(whole_phrase, phrase)) {
            return (parts, Completeness::Partial);
        }
        parts.push(f);
    }
    (parts, Completeness::Partial)
}

fn sum_or_part<'a>(
    leaf: &Leaf<'a>,
    whole: &'a Figure,
    parts: Vec<&'a Figure>,
    completeness: Completeness,
    out: &mut Vec<Relation<'a>>,
) {
    match parts.as_slice() {
        [] => {}
        [part] => out.push(Relation::Part { whole, part }),
        _ => {
            let strength = run_strength(leaf, &parts);
            out.push(Relation::sum(whole, parts, completeness, strength))
        }
    }
}

/// The number of 2-character pieces two phrases share: how closely they name one measure.
fn shared_bigrams(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    a.windows(2)
        .filter(|w| b.windows(2).any(|v| v == *w))
        .count()
}

/// How many levels before a 其中 may be its whole.
const MAX_WHOLES: usize = 8;

/// 其中: the whole is the last level before it (in the previous sentence when 其中 opens one),
/// the parts the run of levels after it, up to the next 其中. When several levels in the unit
/// of the parts stand before 其中 and the parts name them (受理刑事案件68件，结案38件 after
/// 受理案件1803件，结案894件), each part goes to the whole it names.
fn whereof<'a>(leaf: &Leaf<'a>, context: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    let cues: Vec<usize> = leaf.positions(lexicon::WHEREOF).collect();
    for (n, &k) in cues.iter().enumerate() {
        let (sentence_start, sentence_end) = leaf.sentence(k);
        let opens_sentence = leaf.text[sentence_start..k]
            .trim_matches([' ', '，', ','])
            .is_empty();
        let search_from = if opens_sentence {
            leaf.sentence(sentence_start.saturating_sub(1)).0
        } else {
            let group = leaf.text[sentence_start..k].rfind(['；', ';']);
            group.map_or(sentence_start, |i| sentence_start + i)
        };
        // The nearest few levels: a 其中 names one of the last wholes, never one far back.
        let mut wholes: Vec<&Figure> = leaf
            .figures_in(search_from, k)
            .rev()
            .filter(|f| {
                is_amount(f)
                    && leaf.role(f) == Role::Level
                    && !states_change(leaf.clause_before(leaf.start(f)))
                    && !inside_inclusion(leaf, f)
            })
            .take(MAX_WHOLES)
            .collect();
        wholes.reverse();
        // `（1）税收收入110000万元。` as a heading, `其中：…` opening the paragraph after it.
        if wholes.is_empty()
            && leaf.text[..k].trim().is_empty()
            && let Some(previous) = context.last()
            && let Some(w) = previous
                .figures
                .iter()
                .rev()
                .find(|f| is_amount(f) && previous.role(f) == Role::Level)
        {
            wholes.push(w);
        }
        let Some(&last) = wholes.last() else {
            continue;
        };
        let end = cues
            .get(n + 1)
            .map_or(sentence_end, |&next| next.min(sentence_end));
        // 其中1995年为475万吨: a year after 其中 picks a time slice of an average, not a part.
        let time_slice = leaf
            .figures_in(k, end)
            .next()
            .is_some_and(|f| matches!(f.kind, FigureKind::Year | FigureKind::Date));
        if time_slice {
            continue;
        }
        // Wholes the parts may name, in the unit of the first part.
        let first_part = leaf
            .figures_in(k, end)
            .find(|f| is_amount(f) && leaf.role(f) == Role::Level);
        let named: Vec<&Figure> = first_part.map_or_else(Vec::new, |p| {
            wholes.iter().copied().filter(|w| same_unit(w, p)).collect()
        });
        // `事故77起，死亡51人。其中，工矿商贸事故14起，死亡17人；道路运输事故62起，死亡33人…`:
        // parts of two wholes in two units, side by side.
        let mut by_unit: Vec<(&Figure, Vec<&Figure>)> = Vec::new();
        for f in leaf.figures_in(k, end) {
            if !is_amount(f) || leaf.role(f) != Role::Level || inside_inclusion(leaf, f) {
                continue;
            }
            match by_unit.iter_mut().find(|(w, _)| same_unit(w, f)) {
                Some((_, parts)) => parts.push(f),
                None => {
                    if let Some(w) = wholes.iter().rev().find(|w| same_unit(w, f)) {
                        by_unit.push((w, vec![f]));
                    } else {
                        by_unit.clear();
                        break;
                    }
                }
            }
        }
        if by_unit.len() >= 2 && by_unit.iter().all(|(_, p)| p.len() >= 2) {
            for (whole, parts) in by_unit {
                sum_or_part(leaf, whole, parts, Completeness::Partial, out);
            }
            continue;
        }
        if named.len() >= 2 {
            let mut groups: Vec<(&Figure, Vec<&Figure>)> = Vec::new();
            let mut assigned = true;
            for f in leaf.figures_in(k, end) {
                if !is_amount(f) || leaf.role(f) != Role::Level || inside_inclusion(leaf, f) {
                    continue;
                }
                let phrase = leaf.phrase(f);
                let scores: Vec<usize> = named
                    .iter()
                    .map(|w| shared_bigrams(leaf.phrase(w), phrase))
                    .collect();
                let best = scores.iter().copied().max().unwrap_or(0);
                let winners = scores.iter().filter(|&&s| s == best).count();
                if best == 0 || winners > 1 || !same_unit(named[0], f) {
                    assigned = false;
                    break;
                }
                let w = named[scores.iter().position(|&s| s == best).unwrap_or(0)];
                match groups.iter_mut().find(|(g, _)| std::ptr::eq(*g, w)) {
                    Some((_, parts)) => parts.push(f),
                    None => groups.push((w, vec![f])),
                }
            }
            if assigned && groups.len() >= 2 {
                for (whole, parts) in groups {
                    sum_or_part(leaf, whole, parts, Completeness::Partial, out);
                }
                continue;
            }
        }
        let whole = first_part
            .and_then(|p| wholes.iter().rev().find(|w| compatible(w, p)).copied())
            .unwrap_or(last);
        let whole_is_zero = whole.value.as_deref().and_then(crate::decimal::Dec::parse)
            == Some(crate::decimal::Dec::ZERO);
        if whole_is_zero {
            continue;
        }
        // `其中全国4件、市级15件、区级46件；主办件19件、单办件7件、会办件39件。`: a second list
        // of levels joined by 、 after ；, the same whole split another way; the first list
        // ends at the ；.
        let semi = leaf.text[k..end].find(['；', ';']).map(|i| k + i);
        let second_list = semi.is_some_and(|g| {
            let levels: Vec<&Figure> = leaf
                .figures_in(g, end)
                .filter(|f| is_amount(f) && leaf.role(f) == Role::Level)
                .collect();
            levels.len() >= 2
                && levels.windows(2).all(|w| {
                    leaf.text
                        .get(leaf.end(w[0])..leaf.start(w[1]))
                        .is_some_and(|gap| {
                            gap.contains('、') && !gap.contains(['，', ',', '；', ';'])
                        })
                })
        });
        let first_end = if second_list {
            semi.unwrap_or(end)
        } else {
            end
        };
        let (parts, completeness) = run_of_parts(whole, leaf.figures_in(k, first_end), leaf);
        // A list whose last part is 其他X (其余X) names every part.
        let closed = parts.len() >= 2
            && parts.last().is_some_and(|p| {
                lexicon::starts_with_any(leaf.phrase(p), lexicon::OTHER)
                    || lexicon::starts_with_any(
                        leaf.clause_before(leaf.start(p)).trim(),
                        lexicon::OTHER,
                    )
            });
        let completeness = if closed && completeness == Completeness::Partial {
            Completeness::Complete
        } else {
            completeness
        };
        if second_list && let Some(g) = semi {
            let second: Vec<&Figure> = leaf
                .figures_in(g, end)
                .filter(|f| is_amount(f) && leaf.role(f) == Role::Level)
                .collect();
            if second.iter().all(|f| same_unit(f, whole)) {
                sum_or_part(leaf, whole, second, Completeness::Partial, out);
            }
        }
        // `其中：` with a colon opens a list of the parts that runs to the end of the sentence.
        let colon = leaf.text[k..].starts_with("其中：") || leaf.text[k..].starts_with("其中:");
        if colon && parts.len() >= 2 {
            out.push(Relation::sum(whole, parts, completeness, Strength::Certain));
        } else {
            sum_or_part(leaf, whole, parts, completeness, out);
        }
    }
}

/// `新增一般债券32556万元，主要用于东风小学改扩建工程3000万元，…`: a level followed by 主要用于
/// (包括, 用于) and the levels of its clause group in its unit.
fn list_openers<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for whole in &leaf.figures {
        if !is_amount(whole) || leaf.role(whole) != Role::Level {
            continue;
        }
        let end = leaf.end(whole);
        let after = leaf.text.get(end..).unwrap_or("");
        let after = after.trim_start_matches(['，', ',']);
        if after.len() == leaf.text.len() - end
            || !lexicon::starts_with_any(after, lexicon::LIST_OPENERS)
        {
            continue;
        }
        let (_, sentence_end) = leaf.sentence(end);
        let group_end = leaf.text[end..sentence_end]
            .find(['；', ';'])
            .map_or(sentence_end, |i| end + i);
        let (parts, completeness) = run_of_parts(whole, leaf.figures_in(end, group_end), leaf);
        sum_or_part(leaf, whole, parts, completeness, out);
    }
}

/// `2024年度新受理的行政复议151件中，被申请人为县政府部门的案件数量为140件…；乡镇政府11件`:
/// a level followed by 中 is the whole of the levels after it in its sentence.
fn among<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for whole in &leaf.figures {
        let end = leaf.end(whole);
        let after = leaf.text.get(end..).unwrap_or("");
        let cue = after.starts_with("中，") || after.starts_with("中,");
        if !cue || !is_amount(whole) || leaf.role(whole) != Role::Level {
            continue;
        }
        let (_, sentence_end) = leaf.sentence(end);
        let parts: Vec<&Figure> = leaf
            .figures_in(end, sentence_end)
            .filter(|f| is_amount(f) && leaf.role(f) == Role::Level && same_unit(f, whole))
            .collect();
        sum_or_part(leaf, whole, parts, Completeness::Partial, out);
    }
}

/// Where the topic of `全县常住人口中，…` ends: the offset of the 中 right before the first
/// comma of `sentence`, that comma within its first twelve characters (a topic has at most ten)
/// and no full stop before it. `中,` counts only where no `中，` follows.
fn topic_end(sentence: &str) -> Option<usize> {
    for (i, c) in sentence.char_indices().take(12) {
        match c {
            '，' | ',' => {
                let at = sentence[..i].strip_suffix('中')?.len();
                return (c == '，' || !sentence[i..].contains("中，")).then_some(at);
            }
            '。' => return None,
            _ => {}
        }
    }
    None
}

/// `全县常住人口中，男性人口28.07万人，占50.79%；女性人口27.2万人…`: a sentence that opens with
/// a measure and 中 splits the level of that measure stated before it in the paragraph.
fn topics<'a>(leaf: &Leaf<'a>, context: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    for &s0 in std::iter::once(&0).chain(&leaf.sentence_ends) {
        let s0 = if s0 == 0 {
            0
        } else {
            s0 + leaf.text[s0..].chars().next().map_or(0, char::len_utf8)
        };
        let (_, sentence_end) = leaf.sentence(s0);
        let Some(rest) = leaf.text.get(s0..sentence_end.max(s0)) else {
            continue;
        };
        let Some(at) = topic_end(rest) else {
            continue;
        };
        let topic = &rest[..at];
        if lexicon::at_most_chars(topic, 1) {
            continue;
        }
        let mut name = topic.strip_prefix('在').unwrap_or(topic);
        for w in lexicon::PHRASE_OPENERS {
            name = lexicon::strip_prefix(name, w).unwrap_or(name);
        }
        // 在主动公开的信息中 names 主动公开政府信息数.
        let name = name.replace('的', "");
        let name = name.as_str();
        let (_, s1) = leaf.sentence(s0 + at);
        let parts: Vec<&Figure> = leaf
            .figures_in(s0 + at, s1)
            .filter(|f| {
                is_amount(f)
                    && leaf.role(f) == Role::Level
                    && !leaf.measure_of(f).is_some_and(|m| m.whereof)
            })
            .collect();
        let Some(first) = parts.first() else { continue };
        // The whole: the last level before, in this paragraph or the one before (a run-in
        // heading that states it), whose measure the topic names.
        let names = |l: &Leaf<'a>, f: &Figure| {
            is_amount(f)
                && l.role(f) == Role::Level
                && compatible(f, first)
                && (share::names_measure(name, l.phrase(f))
                    || share::names_measure(name, l.phrase(f).trim_end_matches(['数', '量'])))
        };
        let here = leaf.figures_in(0, s0).collect::<Vec<_>>();
        let whole = here.into_iter().rev().find(|f| names(leaf, f)).or_else(|| {
            let previous = context.last().filter(|_| s0 == 0)?;
            previous
                .figures
                .iter()
                .rev()
                .copied()
                .find(|f| names(previous, f))
        });
        if let Some(whole) = whole
            && parts.iter().all(|p| compatible(whole, p))
        {
            sum_or_part(leaf, whole, parts, Completeness::Partial, out);
        }
    }
}

/// `地区生产总值为204.88亿元……第一产业增加值26.16亿元…；第二产业增加值…；第三产业增加值…`: the
/// three industries split the level before them without 其中.
fn ordinal_parts<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    let industry = |f: &Figure| {
        let p = leaf.phrase(f);
        p.contains("产业") && lexicon::ORDINAL_PARTS.iter().any(|o| p.starts_with(o))
    };
    let mut i = 0;
    while i < leaf.figures.len() {
        let f = leaf.figures[i];
        if !(is_amount(f) && leaf.role(f) == Role::Level && industry(f))
            || leaf.measure_of(f).is_some_and(|m| m.whereof)
        {
            i += 1;
            continue;
        }
        let parts: Vec<&Figure> = leaf.figures[i..]
            .iter()
            .copied()
            .filter(|g| is_amount(g) && leaf.role(g) == Role::Level)
            .take_while(|g| industry(g) && same_unit(g, f))
            .collect();
        let last = parts.last().copied();
        let whole = leaf.figures[..i].iter().rev().copied().find(|g| {
            is_amount(g)
                && leaf.role(g) == Role::Level
                && same_unit(g, f)
                && (leaf.phrase(g).contains("生产总值") || leaf.phrase(g).contains("增加值"))
                && !industry(g)
        });
        if let (Some(whole), 3) = (whole, parts.len()) {
            out.push(Relation::sum(
                whole,
                parts,
                Completeness::Complete,
                Strength::Certain,
            ));
        }
        i = last.and_then(|l| leaf.index_of(l)).map_or(i + 1, |k| k + 1);
    }
}

/// A remainder closes a split of the first level of its sentence in its unit: the whole is
/// the levels between and the remainder (Complete: what is done and what is left).
fn remainders<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for rest in &leaf.figures {
        let clause = leaf.clause_before(leaf.start(rest)).trim();
        let phrase = leaf.phrase(rest);
        let named = lexicon::REMAINDER
            .iter()
            .any(|w| clause.starts_with(w) || phrase.starts_with(w));
        if !named || !is_amount(rest) || leaf.role(rest) != Role::Level {
            continue;
        }
        let (sentence_start, _) = leaf.sentence(leaf.start(rest));
        let levels: Vec<&Figure> = leaf
            .figures_in(sentence_start, leaf.start(rest))
            .filter(|f| {
                is_amount(f)
                    && leaf.role(f) == Role::Level
                    && same_unit(f, rest)
                    && !inside_inclusion(leaf, f)
            })
            .collect();
        // The whole and the one level done between it and the remainder.
        let [whole, done] = levels[..] else {
            continue;
        };
        out.push(Relation::Sum {
            total: whole,
            parts: vec![done, rest],
            completeness: Completeness::Complete,
            strength: Strength::Likely,
        });
    }
}

/// Returns true if and only if a clause states a change (比上年末减少0.11万人), not a level.
fn states_change(clause: &str) -> bool {
    starts_with_any(clause, lexicon::COMPARISONS) || lexicon::LAST_YEAR_BASES.found_in(clause)
}

/// `345项…(含6个分中心的104项)`, `规章13件(含新制定5件,修改4件)`: the whole is the last amount
/// before the parenthesis, the parts the amounts in it.
fn inclusions<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for k in leaf.positions(lexicon::INCLUSION_OPENERS) {
        let close = leaf.text[k..]
            .find([')', '）'])
            .map_or(leaf.text.len(), |i| k + i);
        let (sentence_start, _) = leaf.sentence(k);
        let Some(whole) = leaf
            .figures_in(sentence_start, k)
            .rfind(|f| is_amount(f) && leaf.role(f) == Role::Level)
        else {
            continue;
        };
        let parts: Vec<&Figure> = leaf
            .figures_in(k, close)
            .filter(|f| is_amount(f) && same_unit(whole, f) && leaf.role(f) == Role::Level)
            .collect();
        sum_or_part(leaf, whole, parts, Completeness::Partial, out);
    }
}

/// `事项515项,行政许可事项218项,其他事项297项`: a run of amounts closed by a part named 其他X
/// (其余X) is a complete breakdown of the amount that opens it, when every amount of the run
/// names the same head noun X in its clause (事项 … 事项 … 其他事项) and the total opens the
/// sentence. Without that, `规章13件, 规范性文件42件, 其他文件113件` lists categories and states
/// no total.
fn other_closed_lists<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for k in leaf.positions(lexicon::OTHER) {
        let (sentence_start, sentence_end) = leaf.sentence(k);
        if leaf.text[sentence_start..k].contains("其中") {
            continue;
        }
        // The part named 其他 is the first amount after the cue, in the same clause.
        let Some(last) = leaf.figures_in(k, sentence_end).next() else {
            continue;
        };
        let last_start = leaf.start(last);
        if !is_amount(last) || leaf.clause_before(last_start).len() < last_start - k {
            continue;
        }
        let head = leaf.text[k..last_start].trim_start_matches(['其', '他', '它', '余']);
        if head.is_empty() {
            continue;
        }
        let run: Vec<&Figure> = leaf
            .figures_in(sentence_start, last_start)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .take_while(|f| {
                is_amount(f)
                    && same_unit(f, last)
                    && leaf.clause_before(leaf.start(f)).ends_with(head)
            })
            .collect();
        // The total opens its sentence: an amount in the same unit before it means the run is
        // one more list of categories (规章13件, 文件42件, 文件106件, 其他文件113件).
        let opens_sentence = run.last().is_some_and(|first| {
            !leaf
                .figures_in(sentence_start, leaf.start(first))
                .any(|f| is_amount(f) && same_unit(f, last))
        });
        let all_zero = run[..run.len().saturating_sub(1)]
            .iter()
            .chain(std::iter::once(&last))
            .all(|f| approx_value(f) == Some(0.0));
        if run.len() >= 2 && opens_sentence && !all_zero {
            let mut run: Vec<&Figure> = run.into_iter().rev().collect();
            let total = run.remove(0);
            run.push(last);
            out.push(Relation::sum(
                total,
                run,
                Completeness::Complete,
                Strength::Certain,
            ));
        }
    }
}

/// `新制定5件、修改4件、废止4件,共13件`: a clause opening with 共/合计/总计 right before its figure
/// after a run of amounts in the same unit sums them up. So does a total named 总收入, 收入总计
/// … after the items of a balance (`收入53.68亿元，上级补助收入128亿元，…，总收入308.98亿元`),
/// back to the sentence start or the previous total. `共有X站5个` (there are) sums up nothing.
fn totals_after_lists<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    let mut previous_total_end = 0;
    for total in &leaf.figures {
        if !is_amount(total) {
            continue;
        }
        let start = leaf.start(total);
        let clause = leaf.clause_before(start).trim();
        let sums_up = lexicon::SUM_UP.iter().any(|cue| {
            clause
                .strip_prefix(cue)
                .is_some_and(|rest| rest.is_empty() || rest == "为" || rest == "计")
        });
        let phrase = leaf.phrase(total);
        let named_total = lexicon::TOTAL_WORDS
            .iter()
            .any(|w| phrase.ends_with(w) || clause.ends_with(w));
        if !sums_up && !named_total {
            continue;
        }
        // The parts of a total never reach back past the total before it: `共1000件，共1000件`
        // are two totals, not a total and its part.
        let (sentence_start, _) = leaf.sentence(start);
        let from = sentence_start.max(previous_total_end);
        previous_total_end = leaf.end(total);
        let before: Vec<&Figure> = leaf.figures_in(from, start).collect();
        let mut parts = Vec::new();
        for f in before.iter().rev() {
            if !is_amount(f) || !same_unit(f, total) {
                if named_total && !is_amount(f) {
                    continue;
                }
                break;
            }
            if leaf.role(f) != Role::Level {
                if named_total {
                    continue;
                }
                break;
            }
            parts.push(*f);
        }
        parts.reverse();
        Relation::push_sum(out, total, parts, Completeness::Complete, Strength::Certain);
    }
}

/// `收入675863万元 … 支出675419万元 … 年度收支结余444万元`: a balance is income less
/// expenditure (a 缺口 expenditure less income). The expenditure is the last level named 支出
/// before the balance in its paragraph, the income the level named as it is with 收入 for 支出
/// (市级社保基金收入 for 市级社保基金支出), else the last level named 收入 before it that is
/// not a part (其中).
fn balances<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    // A figure's clause and phrase are the leaf's words: a leaf without 收支 names no balance.
    if !leaf.mentions("收支") {
        return;
    }
    for (i, balance) in leaf.figures.iter().enumerate() {
        let phrase = leaf.phrase(balance);
        let clause = leaf.clause_before(leaf.start(balance));
        let surplus = clause.contains("收支结余") || phrase.ends_with("收支结余");
        let gap = clause.contains("收支缺口") || phrase.ends_with("收支缺口");
        if !is_amount(balance) || !(surplus || gap) {
            continue;
        }
        let before = &leaf.figures[..i];
        let level = |f: &&&Figure| {
            is_amount(f)
                && same_unit(f, balance)
                && leaf.role(f) == Role::Level
                && !leaf.measure_of(f).is_some_and(|m| m.whereof)
        };
        let Some(&spent) = before
            .iter()
            .rev()
            .take(12)
            .find(|f| level(f) && leaf.phrase(f).contains("支出"))
        else {
            continue;
        };
        let mirrored = leaf.phrase(spent).replace("支出", "收入");
        let income = before
            .iter()
            .rev()
            .take(12)
            .filter(|f| level(f) && leaf.phrase(f).contains("收入"))
            .find(|f| leaf.phrase(f) == mirrored)
            .or_else(|| {
                before
                    .iter()
                    .rev()
                    .take(12)
                    .find(|f| level(f) && leaf.phrase(f).contains("收入"))
            });
        let Some(&income) = income else {
            continue;
        };
        let (total, parts) = if gap {
            (spent, vec![income, *balance])
        } else {
            (income, vec![spent, *balance])
        };
        out.push(Relation::sum(
            total,
            parts,
            Completeness::Complete,
            Strength::Likely,
        ));
    }
}

/// The name of the rate a percentage states, if the clause before it names one: the clause up
/// to 率, without linking verbs (`调解成功率为` → `调解成功`).
pub(crate) fn rate_name(clause: &str) -> Option<&str> {
    let mut name = clause.trim_end();
    for verb in lexicon::LINKING_VERBS {
        name = lexicon::strip_suffix(name, verb).unwrap_or(name);
    }
    let stem = name.strip_suffix('率')?;
    (!stem.is_empty() && !lexicon::ends_with_any(stem, lexicon::GROWTH_STEMS)).then_some(stem)
}

/// `调解案件2672件,调解成功2354件,调解成功率88.09%`: a percentage named X率 whose numerator is
/// an earlier count in the sentence whose clause names X in full, and whose denominator is the
/// nearest amount before the numerator in the same unit. A rate named in the lexicon (结案率,
/// 城镇化率, 调撤率) takes its numerator and denominator by the words that name them, in the
/// sentence or the paragraph before it.
fn rates<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for rate in &leaf.figures {
        if rate.kind != FigureKind::Percent || rate.unit.as_deref() != Some("%") {
            continue;
        }
        let start = leaf.start(rate);
        let clause = leaf.clause_before(start);
        if let Some(relation) = completion(leaf, rate, clause) {
            out.push(relation);
            continue;
        }
        let Some(stem) = rate_name(clause) else {
            continue;
        };
        let (sentence_start, _) = leaf.sentence(start);
        if let Some(relation) = named_rate(leaf, rate, stem) {
            out.push(relation);
            continue;
        }
        let earlier: Vec<&Figure> = leaf.figures_in(sentence_start, start).collect();
        let Some(n) = earlier.iter().rposition(|f| {
            is_amount(f)
                && leaf.role(f) == Role::Level
                && leaf.clause_before(leaf.start(f)).contains(stem)
        }) else {
            continue;
        };
        let numerator = earlier[n];
        if let Some(denominator) = earlier[..n]
            .iter()
            .rev()
            .find(|f| is_amount(f) && same_unit(f, numerator) && leaf.role(f) == Role::Level)
        {
            // A rate of at most 100 % over a denominator smaller than its numerator is a
            // pairing the text does not make (绿化覆盖面积 over 绿地面积): an invented
            // denominator is worse than none.
            let inverted = matches!(
                (approx_value(numerator), approx_value(denominator), approx_value(rate)),
                (Some(n), Some(d), Some(r)) if n > d && r <= 100.0
            );
            if inverted {
                continue;
            }
            out.push(Relation::Rate {
                rate,
                numerator: vec![numerator],
                denominator,
                kind: RateKind::Rate,
                strength: Strength::Certain,
            });
        }
    }
}

/// `预算合计1164078万元，实际完成1202017万元，为预算的103.3%`: an outcome over its plan. The
/// outcome is the level right before the rate, the plan the level before it in the sentence
/// whose clause names the plan (调整为… for 调整预算).
fn completion<'a>(leaf: &Leaf<'a>, rate: &'a Figure, clause: &str) -> Option<Relation<'a>> {
    let clause = clause.trim();
    let plan_word = lexicon::PLAN_WORDS.iter().find(|w| clause.contains(*w))?;
    if !clause.ends_with('的') {
        return None;
    }
    let adjusted = plan_word.contains("调整");
    let start = leaf.start(rate);
    let (sentence_start, _) = leaf.sentence(start);
    let levels: Vec<&Figure> = leaf
        .figures_in(sentence_start, start)
        .filter(|f| is_amount(f) && leaf.role(f) == Role::Level)
        .collect();
    let (&outcome, before) = levels.split_last()?;
    let plan = before.iter().rev().find(|f| {
        let c = leaf.clause_before(leaf.start(f));
        same_unit(f, outcome) && lexicon::PLAN_WORDS.found_in(c) && c.contains("调整") == adjusted
    })?;
    Some(Relation::Rate {
        rate,
        numerator: vec![outcome],
        denominator: plan,
        kind: RateKind::Completion,
        strength: Strength::Certain,
    })
}

/// A rate the lexicon names (结案率 = 结案 / 受理): the numerator is the amounts before the rate
/// whose measure names the numerator words (all of them in the rate's clause group when there
/// are several, 调解结案211件 and 撤诉97件 for 调撤率), the denominator the nearest level before
/// them whose measure names a denominator word.
fn named_rate<'a>(leaf: &Leaf<'a>, rate: &'a Figure, stem: &str) -> Option<Relation<'a>> {
    let (_, numerators, denominators) = lexicon::NAMED_RATES
        .iter()
        .find(|(s, _, _)| stem.ends_with(s))?;
    let start = leaf.start(rate);
    let from = floor_boundary(&leaf.text, start.saturating_sub(MAX_REACH));
    let earlier: Vec<&Figure> = leaf
        .figures_in(from, start)
        .filter(|f| is_amount(f) && leaf.role(f) == Role::Level)
        .collect();
    let rate_inside = inside_inclusion(leaf, rate);
    let names = |f: &Figure, words: &[&str]| {
        let p = leaf.phrase(f);
        (rate_inside || !inside_inclusion(leaf, f)) && words.iter().any(|w| p.contains(w))
    };
    let last = earlier.iter().rposition(|f| names(f, numerators))?;
    let mut numerator = vec![earlier[last]];
    // More amounts of the same clause group that name other numerator words (调解 and 撤诉).
    if numerators.len() > 1 {
        let mut k = last;
        while k > 0 {
            let f = earlier[k - 1];
            let own = numerators.iter().filter(|w| names(f, &[w])).count();
            let same_words = numerator
                .iter()
                .any(|n| numerators.iter().any(|w| names(n, &[w]) && names(f, &[w])));
            if own == 0 || same_words || !same_unit(f, earlier[last]) {
                break;
            }
            numerator.insert(0, f);
            k -= 1;
        }
    }
    let first = numerator[0];
    let first_at = earlier.iter().position(|f| std::ptr::eq(*f, first))?;
    let denominator = earlier[..first_at]
        .iter()
        .rev()
        .find(|f| same_unit(f, first) && names(f, denominators) && !names(f, numerators))
        .or_else(|| {
            earlier[..first_at]
                .iter()
                .rev()
                .find(|f| same_unit(f, first) && names(f, denominators))
        })?;
    let same_sentence = leaf.sentence(start).0 <= leaf.start(denominator);
    Some(Relation::Rate {
        rate,
        numerator,
        denominator,
        kind: RateKind::Rate,
        strength: if same_sentence {
            Strength::Certain
        } else {
            Strength::Likely
        },
    })
}

/// `共受理案件120件，其中行政复议45件，占37.5%`: a part of a breakdown found in this paragraph,
/// followed right away by `占` (or `占比`) and a percentage, states its share of the total.
fn shares<'a>(leaf: &Leaf<'a>, from: usize, out: &mut Vec<Relation<'a>>) {
    let mut found = Vec::new();
    for relation in &out[from..] {
        let (whole, parts): (&Figure, Vec<&Figure>) = match relation {
            Relation::Sum { total, parts, .. } => (total, parts.clone()),
            Relation::Part { whole, part } => (whole, vec![part]),
            _ => continue,
        };
        for part in parts {
            let end = leaf.end(part);
            let Some(share) = leaf.figures_in(end, leaf.text.len()).next() else {
                continue;
            };
            if share.kind != FigureKind::Percent || share.unit.as_deref() != Some("%") {
                continue;
            }
            let Some(between) = leaf.text.get(end..leaf.start(share)) else {
                continue;
            };
            let between = between
                .trim_start_matches([',', '，', ' '])
                .trim_start_matches('约');
            if lexicon::SHARE.contains(&between) {
                found.push(Relation::share(share, vec![part], whole, Strength::Certain));
            }
        }
    }
    out.extend(found);
}

/// `出庭应诉率达93.75%,比2019年提高34.83%`: a percentage stated as a comparison (比/较 … 提高)
/// right after a rate in the same sentence.
fn rate_changes<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    let percents: Vec<&Figure> = leaf
        .figures
        .iter()
        .copied()
        .filter(|f| f.kind == FigureKind::Percent)
        .collect();
    for pair in percents.windows(2) {
        let [rate, change] = pair else { continue };
        let start = leaf.start(change);
        if leaf.sentence(start).0 > leaf.start(rate) {
            continue;
        }
        let clause = leaf.clause_before(start).trim_end_matches('了');
        let compares =
            clause.starts_with('比') || clause.starts_with('较') || clause.starts_with('較');
        let is_change = compares && lexicon::ends_with_any(clause, lexicon::RATE_CHANGE_VERBS);
        let rate_clause = leaf.clause_before(leaf.start(rate));
        let names_rate = rate_name(rate_clause).is_some()
            || ["比重", "占比", "佔比"]
                .iter()
                .any(|w| rate_clause.contains(w));
        if is_change && names_rate {
            out.push(Relation::RateChange { rate, change });
        }
    }
}

/// `市场监管、生态环境保护、…等8个领域`, `“a、b、c”三条措施`, `实体、热线、网络三大平台`: a small
/// count right after a 、-separated list and right before the noun it counts. A count that ends
/// its clause (`行业性、专业性调委会6个,`) states a quantity of the noun before it, not a count of
/// the list; a list holding figures of its own (`环节49个、证照10个`) is a list of quantities.
fn items<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for count in &leaf.figures {
        if !counts_a_list(count) {
            continue;
        }
        let start = leaf.start(count);
        let window = floor_boundary(&leaf.text, start.saturating_sub(MAX_REACH));
        let before = &leaf.text[..start];
        // `事故（含采矿业、商贸制造业、建筑行业等）14起`: a note in parentheses, not a list counted.
        if before.ends_with([')', '）']) {
            continue;
        }
        let quoted_list = before.strip_suffix(['”', '"', '」']);
        let (list, list_start, open) = if let Some(quoted) = quoted_list {
            let Some(open_at) = quoted[window..].rfind(['“', '"', '「']).map(|i| window + i)
            else {
                continue;
            };
            let inner_start = open_at + quoted[open_at..].chars().next().map_or(1, char::len_utf8);
            (&quoted[inner_start..], inner_start, false)
        } else {
            let (trimmed, open) = match before.strip_suffix('等') {
                Some(t) => (t, true),
                None => (before, false),
            };
            let clause = leaf.clause_before(trimmed.len());
            (clause, trimmed.len() - clause.len(), open)
        };
        let followed_by_noun = leaf.text[leaf.end(count)..]
            .chars()
            .next()
            .is_some_and(|c| !is_clause_end(c) && !c.is_ascii_punctuation() && !is_sentence_end(c));
        let list_end = list_start + list.len();
        let has_figures = leaf.figures_in(list_start, list_end).next().is_some();
        // `以滇池、抚仙湖为重点的九大湖泊`: a list inside a modifier is not what is counted.
        let last_item = list.rsplit('、').next().unwrap_or("");
        let modifier = last_item.contains(['的', '为', '為']);
        // Quotes around one item (“三权”分置) are part of it; an unmatched one cuts the list.
        let balanced = list.matches('“').count() == list.matches('”').count()
            && list.matches('「').count() == list.matches('」').count()
            && !list.contains('"');
        let stray_quotes = quoted_list.is_none() && !balanced;
        if !list.contains('、') || !followed_by_noun || has_figures || modifier || stray_quotes {
            continue;
        }
        let items = split_items(leaf, list, list_start);
        out.push(Relation::Items {
            count,
            items,
            open,
            quoted: quoted_list.is_some(),
        });
    }
}

/// Returns true if and only if a figure can count the items of a list: an exact count from 2 to
/// 30, not an ordinal (二期 is phase two, 二级 grade two).
fn counts_a_list(count: &Figure) -> bool {
    let ordinal_unit = matches!(count.unit.as_deref(), Some("期" | "级"));
    count.kind == FigureKind::Count
        && count.approx.is_none()
        && !ordinal_unit
        && count
            .value
            .as_deref()
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|n| (2..=30).contains(&n))
}

/// The items of a 、-separated list at `list_start` of the leaf; the last may join one more with
/// 和/与/及 (攀枝花、包头和金川).
fn split_items(leaf: &Leaf, list: &str, list_start: usize) -> Vec<Span> {
    let mut items = Vec::new();
    let mut at = list_start;
    let pieces: Vec<&str> = list.split('、').collect();
    for (i, piece) in pieces.iter().enumerate() {
        let joined = (i + 1 == pieces.len())
            .then(|| {
                lexicon::LIST_JOINERS
                    .iter()
                    .filter(|j| **j != "、")
                    .filter_map(|j| piece.rfind(j).map(|k| (k, j.len())))
                    .max()
            })
            .flatten()
            .filter(|&(k, len)| k > 0 && k + len < piece.len());
        match joined {
            Some((k, len)) => {
                items.push(leaf.span(at, at + k));
                items.push(leaf.span(at + k + len, at + piece.len()));
            }
            None => items.push(leaf.span(at, at + piece.len())),
        }
        at += piece.len() + '、'.len_utf8();
    }
    items
}

/// `县属事业单位共3家，分别是A、B、C。`: a count and the list that follows it.
fn items_after<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for count in &leaf.figures {
        if !counts_a_list(count) {
            continue;
        }
        let end = leaf.end(count);
        let after = leaf.text.get(end..).unwrap_or("");
        let Some(opener) = lexicon::LIST_AFTER.iter().find(|o| after.starts_with(*o)) else {
            continue;
        };
        let list_start = end + opener.len();
        let rest = &leaf.text[list_start..];
        let list_len = rest
            .find(['。', '；', ';', '，', ','])
            .unwrap_or(rest.len());
        let list = &rest[..list_len];
        let (list, open) = match list.strip_suffix('等') {
            Some(l) => (l, true),
            None => (list, false),
        };
        let has_figures = leaf
            .figures_in(list_start, list_start + list.len())
            .next()
            .is_some();
        if !list.contains('、') || has_figures {
            continue;
        }
        out.push(Relation::Items {
            count,
            items: split_items(leaf, list, list_start),
            open,
            quoted: false,
        });
    }
}

/// `企业和个体工商户…分别达到96%和98%`: as many values after 分别 as subjects before it.
fn respectively<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for k in leaf.positions(lexicon::RESPECTIVELY) {
        let clause = leaf.clause_before(k);
        let clause_start = k - clause.len();
        let separators = clause.matches(['、', '和', '与', '與', '及']).count();
        if separators == 0 {
            continue;
        }
        let (_, sentence_end) = leaf.sentence(k);
        let mut values: Vec<&Figure> = Vec::new();
        for f in leaf.figures_in(k, sentence_end) {
            let gap = match values.last() {
                None => &leaf.text[k..leaf.start(f)],
                Some(prev) => &leaf.text[leaf.end(prev)..leaf.start(f)],
            };
            let joined = match values.last() {
                None => gap.chars().count() <= 6 && !gap.contains(is_clause_end),
                Some(_) => matches!(gap, "、" | "和" | "与" | "與" | "及" | "," | "，"),
            };
            if !joined {
                break;
            }
            values.push(f);
        }
        if values.len() >= 2 {
            out.push(Relation::Respectively {
                subjects: leaf.span(clause_start, k),
                subject_count: separators + 1,
                values,
            });
        }
    }
}

/// `三次产业结构为9.3、41.0、49.6`, `比例为12.8:45.4:41.9`: shares that should add up to 100.
fn structures<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    // A leaf without a word of a structure or 贡献率 has no clause that names one.
    if !lexicon::STRUCTURES.found_in(&leaf.text) && !leaf.mentions("贡献率") {
        return;
    }
    let mut covered = 0;
    for (i, first) in leaf.figures.iter().enumerate() {
        if i < covered {
            continue;
        }
        let clause = leaf.clause_before(leaf.start(first));
        // 三次产业结构, 比例; 第一、二、三产业对经济增长的贡献率分别为… add up to 100 too.
        let (sentence_start, _) = leaf.sentence(leaf.start(first));
        let sentence = &leaf.text[sentence_start..leaf.start(first)];
        let contributions = clause.contains("贡献率")
            && clause.contains("分别")
            && lexicon::INDUSTRIES.found_in(sentence);
        if !lexicon::STRUCTURES.found_in(clause) && !contributions {
            continue;
        }
        if first.kind == FigureKind::Ratio {
            out.push(Relation::Structure {
                parts: vec![first],
                span: first.span,
            });
            continue;
        }
        let mut parts = vec![*first];
        for f in &leaf.figures[i + 1..] {
            let gap = &leaf.text[leaf.end(parts[parts.len() - 1])..leaf.start(f)];
            if !["、", ":", "：", "和"].contains(&gap) {
                break;
            }
            parts.push(f);
        }
        covered = i + parts.len();
        let numbers = parts
            .iter()
            .all(|f| matches!(f.kind, FigureKind::Number | FigureKind::Percent));
        if parts.len() >= 3 && numbers {
            let span = leaf.span(leaf.start(parts[0]), leaf.end(parts[parts.len() - 1]));
            out.push(Relation::Structure { parts, span });
        }
    }
}

#[cfg(test)]
mod cue_tests {
    use super::*;

    #[test]
    fn complement_sides_agree_with_searching_each_member() {
        // Each member searched for in the whole phrase, as the walk must agree with.
        let searched = |phrase: &str| -> Vec<(usize, bool)> {
            let both = |a: &str, b: &str| {
                lexicon::COMBINED
                    .iter()
                    .any(|&(w, x, y)| phrase.contains(w) && (x, y) == (a, b))
            };
            let mut out = Vec::new();
            for (k, &(a, b)) in lexicon::COMPLEMENTS.iter().enumerate() {
                let has_a = phrase.contains(a) || both(a, b);
                let has_b = phrase.contains(b) || both(a, b);
                if has_a != has_b {
                    out.push((k, has_b));
                }
            }
            out
        };
        let phrases = [
            "",
            "城镇居民人均可支配收入",
            "农村居民人均可支配收入",
            "城乡居民收入",
            "进出口总额",
            "出口额",
            "男性人口",
            "女",
            "一般公共预算收入",
            "税收收入和非税收入",
            "人身保险保费收入",
            "移动互联网用户",
            "固定互联网宽带接入用户",
            "受理行政复议案件",
        ];
        for phrase in phrases {
            assert_eq!(complement_sides(phrase), searched(phrase), "{phrase}");
        }
        assert_eq!(complement_sides("城镇居民"), [(0, false)]);
        assert!(complement_sides("城乡居民").is_empty());
    }

    #[test]
    fn a_topic_ends_at_the_first_comma_after_zhong() {
        assert_eq!(topic_end("全县常住人口中，男性人口28.07万人"), Some(18));
        assert_eq!(topic_end("在主动公开的信息中,主动公开规章3件"), Some(24));
        // Ten characters before 中 at most; none where the first comma does not follow 中.
        assert_eq!(topic_end("一二三四五六七八九十中，"), Some(30));
        assert_eq!(topic_end("一二三四五六七八九十一中，"), None);
        assert_eq!(topic_end("全年，其中，"), None);
        assert_eq!(topic_end("全年。人口中，"), None);
        // `中,` gives way to a `中，` after it, which the topic would hold a comma before.
        assert_eq!(topic_end("人口中,男性中，"), None);
        assert_eq!(topic_end("中，"), Some(0));
        assert_eq!(topic_end(""), None);
    }

    #[test]
    fn every_paragraph_cue_starts_in_the_basic_plane() {
        for word in lexicon::PARAGRAPH_CUES.iter().flat_map(|w| w.iter()) {
            let c = word.chars().next().expect("no empty cue word");
            assert!(u32::from(c) < 0x1_0000, "{word}");
            assert!(in_bits(&CUE_STARTS, c) && in_bits(&MARKS, c), "{word}");
        }
        for c in ['年', '1', '😀'] {
            assert!(!in_bits(&CUE_STARTS, c) && !in_bits(&MARKS, c));
        }
        for c in "。！？!?，,；;：:\n".chars() {
            assert!(in_bits(&MARKS, c) && !in_bits(&CUE_STARTS, c));
        }
    }

    #[test]
    fn a_paragraph_finds_its_cue_words_where_a_search_does() {
        let text = "全年收入100万元（含税收80万元），其中非税收入20万元，其他收入0万元；\
                    两项分别增长5%和6%（单位：万元）。";
        let document = crate::read_text(text.as_bytes(), &Default::default()).expect("reads");
        let mut leaves = Vec::new();
        collect_leaves(&document.report.body, 0, &mut 0, &mut leaves);
        let leaf = leaves.last().expect("a paragraph");
        for words in lexicon::PARAGRAPH_CUES {
            let indexed: Vec<usize> = leaf.positions(words).collect();
            let mut searched: Vec<usize> = positions(&leaf.text, words).collect();
            searched.sort_unstable();
            assert_eq!(indexed, searched, "{words:?}");
            assert!(!indexed.is_empty(), "{words:?}");
        }
        // Words of no paragraph cue are searched for.
        assert_eq!(
            leaf.positions(&["增长"]).collect::<Vec<_>>(),
            [leaf.text.find("增长").unwrap()]
        );
    }
}
