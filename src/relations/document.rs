//! Relations across paragraphs: a section whose first paragraph states a total over kinds
//! (`审执结各类案件7018件`) and whose next paragraphs state its parts; breakdowns along a
//! dimension (`从公开载体看：` and numbered items); one quantity stated twice with two values;
//! a count of people larger than the population.

use super::{
    Completeness, Leaf, Relation, Role, Strength, approx_value, inside_inclusion, is_amount,
    same_unit, share::names_measure,
};
use crate::lexicon;
use crate::model::{Figure, FigureKind, Report};
use std::collections::HashMap;

pub(super) fn find<'a>(_report: &'a Report, leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    sections(leaves, out);
    dimensions(leaves, out);
    restatements(leaves, out);
    scale(leaves, out);
}

/// The last character of a measure that names what is counted (`各类案件` and `执行未结案`
/// both count 案).
fn head(phrase: &str) -> Option<char> {
    let p = phrase.trim_end_matches(['件', '数', '量']);
    p.chars().last()
}

/// Words that make a level the total over kinds listed after it.
const OVER_KINDS: &[&str] = &["各类", "各项", "全部"];

/// A section whose first paragraph opens with a total over kinds (各类案件) and whose other
/// paragraphs state levels of the same head noun in its unit: those levels are its parts.
fn sections<'a>(leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    let mut by_section: HashMap<usize, Vec<&Leaf<'a>>> = HashMap::new();
    for leaf in leaves.iter().filter(|l| l.section != 0 && !l.heading) {
        by_section.entry(leaf.section).or_default().push(leaf);
    }
    let mut ids: Vec<usize> = by_section.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        let paragraphs = &by_section[&id];
        let [first, rest @ ..] = paragraphs.as_slice() else {
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        let Some(total) = first
            .figures
            .iter()
            .copied()
            .find(|f| is_amount(f) && first.role(f) == Role::Level)
        else {
            continue;
        };
        let phrase = first.phrase(total);
        if !lexicon::contains_any(phrase, OVER_KINDS) {
            continue;
        }
        let Some(h) = head(phrase) else { continue };
        let mut parts = Vec::new();
        for leaf in rest {
            for f in &leaf.figures {
                let p = leaf.phrase(f);
                let level = is_amount(f)
                    && leaf.role(f) == Role::Level
                    && same_unit(f, total)
                    && !inside_inclusion(leaf, f)
                    && !leaf.measure_of(f).is_some_and(|m| m.whereof);
                if level && head(p) == Some(h) && !lexicon::contains_any(p, OVER_KINDS) {
                    parts.push(*f);
                }
            }
        }
        if parts.len() >= 2 {
            out.push(Relation::Sum {
                total,
                parts,
                completeness: Completeness::Partial,
                strength: Strength::Likely,
            });
        }
    }
}

/// `从公开载体看：` (or 按…分：) on a line of its own, then numbered items each stating one level:
/// a complete breakdown of the level stated last before the first such list.
fn dimensions<'a>(leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    let mut total: Option<&'a Figure> = None;
    let mut i = 0;
    while i < leaves.len() {
        let leaf = &leaves[i];
        let text = leaf.text.trim_end_matches([':', '：']).trim();
        let opener = leaf.figures.is_empty()
            && lexicon::starts_with_any(text, lexicon::DIMENSION_OPENERS)
            && lexicon::ends_with_any(text, lexicon::DIMENSION_CLOSERS)
            && text.chars().count() <= 12
            && leaf.text.trim_end().ends_with([':', '：']);
        if !opener {
            if let Some(f) = leaf
                .figures
                .iter()
                .rev()
                .find(|f| is_amount(f) && leaf.role(f) == Role::Level)
            {
                total = Some(f);
            }
            i += 1;
            continue;
        }
        let Some(whole) = total else {
            i += 1;
            continue;
        };
        let mut parts = Vec::new();
        let mut k = i + 1;
        while let Some(item) = leaves.get(k) {
            let levels: Vec<&'a Figure> = item
                .figures
                .iter()
                .copied()
                .filter(|f| is_amount(f) && item.role(f) == Role::Level)
                .collect();
            let numbered = item
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
            match levels.as_slice() {
                [f] if (numbered || item.heading) && same_unit(f, whole) => parts.push(*f),
                _ => break,
            }
            k += 1;
        }
        if parts.len() >= 2 {
            out.push(Relation::Sum {
                total: whole,
                parts,
                completeness: Completeness::Complete,
                strength: Strength::Likely,
            });
        }
        i = k.max(i + 1);
    }
}

/// Words naming whose figures a sentence states (全市, 市本级) or for which plan: two statements
/// of one measure are of one quantity only if these agree.
const SCOPES: &[&str] = &[
    "全市", "市本级", "市级", "本级", "全区", "区级", "区本级", "全县", "县级", "全省", "省级", "高新",
    "预算", "预计", "计划", "目标", "草案", "上年", "去年", "同期", "年初", "调整",
];

/// One quantity (the same measure phrase of four characters or more, in one unit, both levels)
/// stated in two sentences with two values, where no year or scope word tells them apart.
fn restatements<'a>(leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    struct Seen<'a> {
        figure: &'a Figure,
        leaf: usize,
        sentence: usize,
        scope: Vec<&'static str>,
        years: Vec<String>,
    }
    let mut seen: HashMap<String, Vec<Seen<'a>>> = HashMap::new();
    let mut reported: Vec<String> = Vec::new();
    for (li, leaf) in leaves.iter().enumerate() {
        for (i, f) in leaf.figures.iter().enumerate() {
            // The words of its own clause after any figure before it: 小微型企业实现利润总额 and
            // 规模以上工业实现利润总额 are two quantities.
            let start = leaf.start(f);
            let clause = leaf.clause_before(start);
            let from = i
                .checked_sub(1)
                .map(|k| leaf.end(leaf.figures[k]))
                .filter(|&e| e > start - clause.len())
                .unwrap_or(start - clause.len());
            let phrase = leaf.text[from..start]
                .trim_start_matches(['其', '中', '共', '全', '年', '末', '，', ' '])
                .trim_end_matches(['为', '达', '是', ' '])
                .to_string();
            let phrase = phrase.as_str();
            let m = leaf.measure_of(f);
            let total_like = lexicon::contains_any(phrase, OVER_KINDS)
                || (lexicon::contains_any(phrase, &["总", "合计", "共"])
                    && phrase.chars().count() >= 7);
            if !is_amount(f)
                || leaf.role(f) != Role::Level
                || phrase.chars().count() < 4
                || !total_like
                || m.is_some_and(|m| m.whereof)
                || f.approx.is_some()
            {
                continue;
            }
            let (s0, s1) = leaf.sentence(start);
            let sentence = &leaf.text[s0..s1];
            let scope: Vec<&'static str> = SCOPES
                .iter()
                .copied()
                .filter(|w| sentence[..start - s0].contains(w))
                .collect();
            let years: Vec<String> = leaf
                .figures_in(s0, s1)
                .filter(|y| y.kind == FigureKind::Year)
                .filter_map(|y| y.value.as_deref().map(str::to_string))
                .collect();
            let entry = seen.entry(phrase.to_string()).or_default();
            let conflict = entry.iter().find(|e| {
                (e.leaf, e.sentence) != (li, s0)
                    && same_unit(e.figure, f)
                    && e.scope == scope
                    && (e.years.is_empty() || years.is_empty() || e.years == years)
                    && !crate::check::values_overlap(e.figure, f)
            });
            if let Some(e) = conflict {
                if !reported.iter().any(|r| r == phrase) {
                    reported.push(phrase.to_string());
                    out.push(Relation::Restatement {
                        first: e.figure,
                        second: f,
                    });
                }
                continue;
            }
            entry.push(Seen {
                figure: f,
                leaf: li,
                sentence: s0,
                scope,
                years,
            });
        }
    }
}

/// A count of people (not person-times) more than ten times the population the report states
/// (常住人口, 户籍人口, 总人口): a unit slip (29078万人 for 29078人).
fn scale<'a>(leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    let population = leaves
        .iter()
        .flat_map(|l| {
            l.figures.iter().copied().filter(move |f| {
                is_amount(f)
                    && f.unit.as_deref() == Some("人")
                    && l.role(f) == Role::Level
                    && names_measure("人口", l.phrase(f))
            })
        })
        .max_by(|a, b| {
            approx_value(a)
                .unwrap_or(0.0)
                .total_cmp(&approx_value(b).unwrap_or(0.0))
        });
    let Some(population) = population else {
        return;
    };
    let Some(p) = approx_value(population) else {
        return;
    };
    for leaf in leaves {
        for f in &leaf.figures {
            let people = f.kind == FigureKind::Count
                && f.unit.as_deref() == Some("人")
                && !f.text.contains("人次");
            if people && approx_value(f).is_some_and(|v| v > 10.0 * p) {
                out.push(Relation::Scale {
                    figure: f,
                    whole: population,
                });
            }
        }
    }
}
