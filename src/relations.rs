//! Relations: what the text claims about its figures — totals and their parts, parts of a whole,
//! rates and their numerator and denominator, changes of a rate, counts of listed items, 分别
//! pairings and structure ratios that should add up to 100.
//!
//! Relations are found per paragraph from cue words and the clause structure around each figure.
//! Precision comes first: a relation is only claimed when the cues are unambiguous, since every
//! relation feeds a check that can raise an alarm.

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

/// A relation between figures of one paragraph.
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
    },
    /// `part ≤ whole` (其中 with a single part).
    Part {
        /// The whole.
        whole: &'a Figure,
        /// The part.
        part: &'a Figure,
    },
    /// `rate = numerator / denominator × 100 %`.
    Rate {
        /// The stated rate.
        rate: &'a Figure,
        /// What was achieved (调解成功 2354件).
        numerator: &'a Figure,
        /// What it is out of (调解案件 2672件).
        denominator: &'a Figure,
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

/// One paragraph (or heading, title, cell) as the relation finders see it.
struct Leaf<'a> {
    text: String,
    base: usize,
    figures: Vec<&'a Figure>,
    /// Where each figure's text lies in `text`, keyed by the figure's address. Taken from the
    /// text itself rather than from the figures' spans: a report read from XML may state spans
    /// that no longer match its text (the text was edited), and the finders slice by these.
    offsets: HashMap<*const Figure, (usize, usize)>,
}

impl<'a> Leaf<'a> {
    fn new(inlines: &'a [Inline]) -> Option<Leaf<'a>> {
        let base = inlines.first()?.span().start;
        let mut text = String::new();
        let mut figures = Vec::new();
        let mut offsets = HashMap::new();
        for inline in inlines {
            let start = text.len();
            text.push_str(inline.text());
            if let Inline::Figure(f) = inline {
                let f: &Figure = f;
                figures.push(f);
                offsets.insert(std::ptr::from_ref(f), (start, text.len()));
            }
        }
        Some(Leaf {
            text,
            base,
            figures,
            offsets,
        })
    }

    fn start(&self, f: &Figure) -> usize {
        self.offsets.get(&std::ptr::from_ref(f)).map_or_else(
            || floor_boundary(&self.text, f.span.start.saturating_sub(self.base)),
            |&(start, _)| start,
        )
    }

    fn end(&self, f: &Figure) -> usize {
        self.offsets.get(&std::ptr::from_ref(f)).map_or_else(
            || floor_boundary(&self.text, f.span.end.saturating_sub(self.base)),
            |&(_, end)| end,
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
        let start = self.text[from..pos]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_sentence_end(c))
            .map_or(from, |(i, c)| from + i + c.len_utf8());
        let end = self.text[pos..to]
            .char_indices()
            .find(|&(_, c)| is_sentence_end(c))
            .map_or(to, |(i, _)| pos + i);
        (start, end)
    }

    /// The clause text right before `pos`: from the last clause delimiter up to `pos`.
    fn clause_before(&self, pos: usize) -> &str {
        clause_ending_at(&self.text, pos)
    }

    /// Figures whose start lies in `start..end`, in order.
    fn figures_in(&self, start: usize, end: usize) -> impl Iterator<Item = &'a Figure> + '_ {
        let first = self.figures.partition_point(|f| self.start(f) < start);
        self.figures[first..]
            .iter()
            .copied()
            .take_while(move |f| self.start(f) < end)
    }
}

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

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

fn is_clause_end(c: char) -> bool {
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

/// Finds every relation in a report, paragraph by paragraph.
pub fn find(report: &Report) -> Vec<Relation<'_>> {
    let mut out = Vec::new();
    for_each_leaf(&report.body, &mut |inlines| {
        if let Some(leaf) = Leaf::new(inlines) {
            find_in_leaf(&leaf, &mut out);
        }
    });
    out
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
            Block::Table(_) => {}
        }
    }
}

fn find_in_leaf<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    let from = out.len();
    whereof(leaf, out);
    inclusions(leaf, out);
    other_closed_lists(leaf, out);
    totals_after_lists(leaf, out);
    shares(leaf, from, out);
    rates(leaf, out);
    rate_changes(leaf, out);
    items(leaf, out);
    respectively(leaf, out);
    structures(leaf, out);
}

/// All match positions of any of `needles` in `text`.
fn positions<'t>(text: &'t str, needles: &'t [&'t str]) -> impl Iterator<Item = usize> + 't {
    needles
        .iter()
        .flat_map(move |n| text.match_indices(n).map(|(i, _)| i))
}

/// The maximal run of amounts, in the unit of `whole`, among `candidates` (other kinds of figures
/// in between, such as growth percentages, are passed over; an amount in another unit ends it).
fn run_of_parts<'a>(
    whole: &Figure,
    candidates: impl Iterator<Item = &'a Figure>,
    leaf: &Leaf<'a>,
) -> (Vec<&'a Figure>, Completeness) {
    let mut parts = Vec::new();
    for f in candidates {
        // Growth rates, years and identifiers between the parts are passed over; a bare number
        // may be an amount in a unit not recognized, so it ends the run like another unit does.
        if !is_amount(f) && f.kind != FigureKind::Number {
            continue;
        }
        if !same_unit(whole, f) || states_change(leaf.clause_before(leaf.start(f))) {
            return (parts, Completeness::Incomplete);
        }
        parts.push(f);
    }
    (parts, Completeness::Partial)
}

fn sum_or_part<'a>(
    whole: &'a Figure,
    parts: Vec<&'a Figure>,
    completeness: Completeness,
    out: &mut Vec<Relation<'a>>,
) {
    match parts.as_slice() {
        [] => {}
        [part] => out.push(Relation::Part { whole, part }),
        _ => out.push(Relation::Sum {
            total: whole,
            parts,
            completeness,
        }),
    }
}

/// 其中: the whole is the last amount before it (in the previous sentence when 其中 opens one),
/// the parts the run of amounts after it, up to the next 其中.
fn whereof<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    let cues: Vec<usize> = positions(&leaf.text, &["其中"]).collect();
    for (n, &k) in cues.iter().enumerate() {
        let (sentence_start, sentence_end) = leaf.sentence(k);
        let opens_sentence = leaf.text[sentence_start..k].trim().is_empty();
        let search_from = if opens_sentence {
            leaf.sentence(sentence_start.saturating_sub(1)).0
        } else {
            sentence_start
        };
        let Some(whole) = leaf
            .figures_in(search_from, k)
            .filter(|f| is_amount(f) && !states_change(leaf.clause_before(leaf.start(f))))
            .last()
        else {
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
        let whole_is_zero = whole.value.as_deref().and_then(crate::decimal::Dec::parse)
            == Some(crate::decimal::Dec::ZERO);
        if time_slice || whole_is_zero {
            continue;
        }
        let (parts, completeness) = run_of_parts(whole, leaf.figures_in(k, end), leaf);
        sum_or_part(whole, parts, completeness, out);
    }
}

/// Returns true if and only if a clause states a change (比上年末减少0.11万人), not a level.
fn states_change(clause: &str) -> bool {
    ["比", "较", "較", "同比"]
        .iter()
        .any(|w| clause.starts_with(w))
        || ["比上年", "比去年", "较上年", "較上年"]
            .iter()
            .any(|w| clause.contains(w))
}

/// `345项…(含6个分中心的104项)`, `规章13件(含新制定5件,修改4件)`: the whole is the last amount
/// before the parenthesis, the parts the amounts in it.
fn inclusions<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for k in positions(&leaf.text, &["(含", "（含", "(包括", "（包括"]) {
        let close = leaf.text[k..]
            .find([')', '）'])
            .map_or(leaf.text.len(), |i| k + i);
        let (sentence_start, _) = leaf.sentence(k);
        let Some(whole) = leaf
            .figures_in(sentence_start, k)
            .filter(|f| is_amount(f))
            .last()
        else {
            continue;
        };
        let parts: Vec<&Figure> = leaf
            .figures_in(k, close)
            .filter(|f| is_amount(f) && same_unit(whole, f))
            .collect();
        sum_or_part(whole, parts, Completeness::Partial, out);
    }
}

/// `事项515项,行政许可事项218项,其他事项297项`: a run of amounts closed by a part named 其他X
/// (其余X) is a complete breakdown of the amount that opens it, when every amount of the run
/// names the same head noun X in its clause (事项 … 事项 … 其他事项) and the total opens the
/// sentence. Without that, `规章13件, 规范性文件42件, 其他文件113件` lists categories and states
/// no total.
fn other_closed_lists<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for k in positions(&leaf.text, &["其他", "其它", "其余", "其餘"]) {
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
        let head = leaf.text[k..last_start].trim_start_matches(['其', '他', '它', '余', '餘']);
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
        if run.len() >= 2 && opens_sentence {
            let mut run: Vec<&Figure> = run.into_iter().rev().collect();
            let total = run.remove(0);
            run.push(last);
            out.push(Relation::Sum {
                total,
                parts: run,
                completeness: Completeness::Complete,
            });
        }
    }
}

/// `新制定5件、修改4件、废止4件,共13件`: a clause opening with 共/合计/总计 after a run of amounts
/// in the same unit sums them up.
fn totals_after_lists<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for total in &leaf.figures {
        if !is_amount(total) {
            continue;
        }
        let start = leaf.start(total);
        let clause = leaf.clause_before(start);
        if !["共", "合计", "合計", "总计", "總計", "共计", "共計"]
            .iter()
            .any(|cue| clause.starts_with(cue))
        {
            continue;
        }
        let (sentence_start, _) = leaf.sentence(start);
        let before: Vec<&Figure> = leaf.figures_in(sentence_start, start).collect();
        let mut parts = Vec::new();
        for f in before.iter().rev() {
            if !is_amount(f) || !same_unit(f, total) {
                break;
            }
            parts.push(*f);
        }
        parts.reverse();
        if parts.len() >= 2 {
            out.push(Relation::Sum {
                total,
                parts,
                completeness: Completeness::Complete,
            });
        }
    }
}

/// Words between a rate's name and its value (`调解成功率为88.09%`, `应诉率达93.75%`).
const LINKING_VERBS: [&str; 10] = [
    "分别达到",
    "分別達到",
    "达到",
    "達到",
    "约为",
    "約為",
    "为",
    "為",
    "达",
    "達",
];

/// The name of the rate a percentage states, if the clause before it names one: the clause up
/// to 率, without linking verbs (`调解成功率为` → `调解成功`).
pub(crate) fn rate_name(clause: &str) -> Option<&str> {
    let mut name = clause.trim_end();
    for verb in LINKING_VERBS {
        name = name.strip_suffix(verb).unwrap_or(name);
    }
    let stem = name.strip_suffix('率')?;
    let growth = ["增长", "增長", "增速", "增幅", "下降", "提高"];
    (!stem.is_empty() && !growth.iter().any(|g| stem.ends_with(g))).then_some(stem)
}

/// `调解案件2672件,调解成功2354件,调解成功率88.09%`: a percentage named X率 whose numerator is
/// an earlier count in the sentence whose clause names X in full, and whose denominator is the
/// nearest amount before the numerator in the same unit.
fn rates<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for rate in &leaf.figures {
        if rate.kind != FigureKind::Percent || rate.unit.as_deref() != Some("%") {
            continue;
        }
        let start = leaf.start(rate);
        let Some(stem) = rate_name(leaf.clause_before(start)) else {
            continue;
        };
        let (sentence_start, _) = leaf.sentence(start);
        let earlier: Vec<&Figure> = leaf.figures_in(sentence_start, start).collect();
        let Some(n) = earlier
            .iter()
            .rposition(|f| is_amount(f) && leaf.clause_before(leaf.start(f)).contains(stem))
        else {
            continue;
        };
        let numerator = earlier[n];
        if let Some(denominator) = earlier[..n]
            .iter()
            .rev()
            .find(|f| is_amount(f) && same_unit(f, numerator))
        {
            out.push(Relation::Rate {
                rate,
                numerator,
                denominator,
            });
        }
    }
}

/// `共受理案件120件，其中行政复议45件，占37.5%`: a part of a breakdown found in this paragraph,
/// followed right away by `占` (or `占比`) and a percentage, states its share of the total. Only
/// exact counts are taken (no scale word, no approximation): the share of rounded amounts cannot
/// be recomputed from them.
fn shares<'a>(leaf: &Leaf<'a>, from: usize, out: &mut Vec<Relation<'a>>) {
    let exact = |f: &Figure| f.kind == FigureKind::Count && f.exponent == 0 && f.approx.is_none();
    let mut found = Vec::new();
    for relation in &out[from..] {
        let (whole, parts): (&Figure, Vec<&Figure>) = match relation {
            Relation::Sum { total, parts, .. } => (total, parts.clone()),
            Relation::Part { whole, part } => (whole, vec![part]),
            _ => continue,
        };
        if !exact(whole) {
            continue;
        }
        for part in parts.into_iter().filter(|p| exact(p)) {
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
                .trim_start_matches(['约', '約']);
            if ["占", "占比", "佔", "佔比"].contains(&between) {
                found.push(Relation::Rate {
                    rate: share,
                    numerator: part,
                    denominator: whole,
                });
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
        let verbs = [
            "提高", "上升", "下降", "降低", "增加", "减少", "減少", "回落", "提升", "增长", "增長",
        ];
        let is_change = compares && verbs.iter().any(|v| clause.ends_with(v));
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
        // 二期 (phase two) and 二级 (grade two) name an ordinal, not a count.
        let ordinal_unit = matches!(count.unit.as_deref(), Some("期" | "级" | "級"));
        if count.kind != FigureKind::Count || count.approx.is_some() || ordinal_unit {
            continue;
        }
        let Some(n) = count.value.as_deref().and_then(|v| v.parse::<u32>().ok()) else {
            continue;
        };
        if !(2..=30).contains(&n) {
            continue;
        }
        let start = leaf.start(count);
        let window = floor_boundary(&leaf.text, start.saturating_sub(MAX_REACH));
        let before = &leaf.text[..start];
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
        let stray_quotes = quoted_list.is_none() && list.contains(['“', '”', '"', '「', '」']);
        if !list.contains('、') || !followed_by_noun || has_figures || modifier || stray_quotes {
            continue;
        }
        let mut items = Vec::new();
        let mut at = list_start;
        let pieces: Vec<&str> = list.split('、').collect();
        for (i, piece) in pieces.iter().enumerate() {
            // The last item may join one more with 和/与/及 (攀枝花、包头和金川).
            let joined = (i + 1 == pieces.len())
                .then(|| {
                    ["以及", "和", "与", "與", "及"]
                        .iter()
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
        out.push(Relation::Items {
            count,
            items,
            open,
            quoted: quoted_list.is_some(),
        });
    }
}

/// `企业和个体工商户…分别达到96%和98%`: as many values after 分别 as subjects before it.
fn respectively<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    for k in positions(&leaf.text, &["分别", "分別"]) {
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
    let mut covered = 0;
    for (i, first) in leaf.figures.iter().enumerate() {
        if i < covered {
            continue;
        }
        let clause = leaf.clause_before(leaf.start(first));
        if !["结构", "結構", "比例"].iter().any(|w| clause.contains(w)) {
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
            if gap != "、" && gap != ":" && gap != "：" {
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
