//! Changes against an earlier period: `粮食产量52.91万吨，比上年增加1.31万吨，增长2.5%` (the
//! growth is the change over the level less the change), `由X增加到Y` (two levels and the
//! change between them), `受案增加167件，上升10.21%` after `共受理各类案件1803件` (the level
//! named by the change's measure, earlier in the paragraph).

use super::{Leaf, MAX_REACH, Relation, Role, Strength, floor_boundary, is_amount, same_unit};
use crate::lexicon;
use crate::model::{Figure, FigureKind};

pub(super) fn find<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    from_to(leaf, out);
    against_stated(leaf, out);
    let figures = &leaf.figures;
    let mut used_growth = Vec::new();
    for (i, change) in figures.iter().enumerate() {
        if !is_amount(change) || leaf.role(change) != Role::Change {
            continue;
        }
        let start = leaf.start(change);
        let (sentence_start, sentence_end) = leaf.sentence(start);
        let falls = leaf.measure_of(change).is_some_and(|m| m.falls);
        // The growth rate of this change: the next percentage of the clause group, or the one
        // right before it (同比上升28.83%，同比增加549件).
        // Within the clause group: no ；between the change and its growth.
        let grouped = |a: usize, b: usize| {
            !leaf
                .text
                .get(a.min(b)..a.max(b))
                .is_some_and(|t| t.contains(['；', ';']))
        };
        let next_growth = figures[i + 1..]
            .iter()
            .take_while(|f| !(is_amount(f) && leaf.role(f) == Role::Level))
            .take(2)
            .find(|f| {
                leaf.role(f) == Role::Growth
                    && leaf.start(f) < sentence_end
                    && grouped(leaf.end(change), leaf.start(f))
            });
        let prev_growth = i.checked_sub(1).map(|k| figures[k]).filter(|f| {
            leaf.role(f) == Role::Growth
                && leaf.start(f) >= sentence_start
                && grouped(leaf.end(f), start)
        });
        // `增加6万9千人(0.62%)`: the growth in parentheses right after the change.
        let bracketed = figures.get(i + 1).copied().filter(|g| {
            g.kind == FigureKind::Percent
                && leaf
                    .text
                    .get(leaf.end(change)..leaf.start(g))
                    .is_some_and(|gap| gap == "(" || gap == "（")
        });
        let growth = bracketed
            .or(next_growth.copied())
            .or(prev_growth)
            .filter(|g| {
                leaf.measure_of(g).is_some_and(|m| m.falls == falls)
                    && !used_growth.contains(&std::ptr::from_ref(*g))
            });
        // The level: the nearest level before the change in its unit, within the sentence; or,
        // when the change names its measure (受案增加167件), the level of that measure earlier in
        // the paragraph.
        let level = figures[..i]
            .iter()
            .rev()
            .take_while(|f| leaf.start(f) >= sentence_start)
            // An average (平均就业人数) changes like any level.
            .find(|f| {
                is_amount(f)
                    && same_unit(f, change)
                    && matches!(leaf.role(f), Role::Level | Role::PerCapita)
            })
            .map(|f| (*f, Strength::Certain))
            .or_else(|| named_level(leaf, change, i).map(|f| (f, Strength::Likely)));
        let Some((level, strength)) = level else {
            continue;
        };
        if growth.is_none() {
            // `支出预算为75.28亿元，…调整后的支出预算为78.62亿元，比年初预算增加3.34亿元`: the
            // change against a plan stated in the same sentence.
            let clause = leaf.clause_before(start);
            // The plan is the first level of the sentence stated as a 预算 (年初预算 is the one
            // before any adjustment).
            if lexicon::PLAN_BASES.iter().any(|w| clause.contains(*w)) {
                let word = "预算";
                let before = figures[..i].iter().copied().find(|f| {
                    leaf.start(f) >= sentence_start
                        && !std::ptr::eq(*f, level)
                        && is_amount(f)
                        && same_unit(f, change)
                        && leaf.role(f) == Role::Level
                        && leaf.clause_before(leaf.start(f)).contains(word)
                });
                if let Some(before) = before {
                    out.push(Relation::Change {
                        level,
                        before: Some(before),
                        change: Some(change),
                        growth: None,
                        carried: None,
                        falls,
                        strength: Strength::Likely,
                    });
                }
            }
            continue;
        }
        if let Some(g) = growth {
            used_growth.push(std::ptr::from_ref(g));
        }
        out.push(Relation::Change {
            level,
            before: None,
            change: Some(change),
            growth,
            carried: carried(leaf, level),
            falls,
            strength,
        });
    }
}

/// The level a change names by its measure (受案 → 受理, 结案 → 结案), the last one before it
/// in the paragraph.
fn named_level<'a>(leaf: &Leaf<'a>, change: &Figure, i: usize) -> Option<&'a Figure> {
    let phrase = leaf.phrase(change);
    if phrase.chars().count() < 2 {
        return None;
    }
    let words: Vec<String> = synonyms(phrase);
    leaf.figures[..i].iter().rev().copied().find(|f| {
        is_amount(f)
            && same_unit(f, change)
            && leaf.role(f) == Role::Level
            && words.iter().any(|w| leaf.phrase(f).contains(w.as_str()))
    })
}

/// A change's measure and the words that name the same level (受案 is 受理, 收案 is 受理 or 新收).
fn synonyms(phrase: &str) -> Vec<String> {
    let mut out = vec![phrase.to_string()];
    for (a, b) in lexicon::SYNONYMS {
        if phrase.contains(a) {
            out.push(phrase.replace(a, b));
        }
    }
    out
}

/// `受理各类经济纠纷案件10 007件(含旧存379件)`, `受理案件1803件(旧存240件)`: cases carried
/// over that the level includes.
fn carried<'a>(leaf: &Leaf<'a>, level: &Figure) -> Option<&'a Figure> {
    let end = leaf.end(level);
    let to = floor_boundary(&leaf.text, end.saturating_add(MAX_REACH.min(64)));
    let after = leaf.text.get(end..to)?;
    if !(after.starts_with('(') || after.starts_with('（')) {
        return None;
    }
    let close = after.find([')', '）'])?;
    if !lexicon::CARRIED.found_in(&after[..close]) {
        return None;
    }
    leaf.figures_in(end, end + close)
        .find(|f| is_amount(f) && same_unit(f, level))
}

/// `由X增加到Y`, `从X%提高到Y%，提高Z个百分点`: two levels in one clause group, and the change
/// or the growth stated after them.
fn from_to<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    let figures = &leaf.figures;
    for (i, pair) in figures.windows(2).enumerate() {
        let [before, after] = pair else { continue };
        let gap = leaf
            .text
            .get(leaf.end(before)..leaf.start(after))
            .unwrap_or("");
        let opener = leaf.clause_before(leaf.start(before));
        // 由X, 从月销售额X: the measure between 由/从 and the figure is short.
        let opens = opener
            .rfind(['由', '从'])
            .is_some_and(|i| opener[i..].chars().count() <= 8);
        let Some(verb) = lexicon::TO_WORDS.iter().find(|w| gap.ends_with(*w)) else {
            continue;
        };
        let verb_only = gap.len() <= verb.len() + 6 && !gap.contains(['，', '；', '。']);
        // Bare numbers may be the pieces of a fraction (由1 / 4提高到1 / 3): not levels.
        let comparable = (same_unit(before, after) && is_amount(before))
            || (before.kind == FigureKind::Percent && after.kind == FigureKind::Percent);
        if !opens || !verb_only || !comparable {
            continue;
        }
        let falls = lexicon::FALLS.iter().any(|f| verb.starts_with(f));
        let rises = lexicon::RISES.iter().any(|r| verb.starts_with(r));
        if !falls && !rises {
            continue;
        }
        // The change right after: 增加A, 提高Z个百分点, 增长p%.
        let next = figures.get(i + 2).filter(|f| {
            let g = leaf.text.get(leaf.end(after)..leaf.start(f)).unwrap_or("");
            g.chars().count() <= 8 && !g.contains(['。', '；'])
        });
        // 年均增长7.1%: a compound rate over years the text does not always state.
        let annual = next.is_some_and(|f| leaf.clause_before(leaf.start(f)).contains("年均"));
        let (change, growth) = match next {
            _ if annual => (None, None),
            Some(f) if leaf.role(f) == Role::Growth => (None, Some(*f)),
            Some(f) if matches!(leaf.role(f), Role::Change | Role::Points) => (Some(*f), None),
            _ => (None, None),
        };
        out.push(Relation::Change {
            level: after,
            before: Some(before),
            change,
            growth,
            carried: None,
            falls,
            strength: Strength::Certain,
        });
    }
}

/// `经济成长率为1.50%，较104年的0.72%上升0.78个百分点`: a rate, the earlier rate stated after 较…的,
/// and the change in points between them.
fn against_stated<'a>(leaf: &Leaf<'a>, out: &mut Vec<Relation<'a>>) {
    let figures = &leaf.figures;
    for (i, earlier) in figures.iter().enumerate() {
        if earlier.kind != FigureKind::Percent {
            continue;
        }
        let clause = leaf.clause_before(leaf.start(earlier)).trim();
        let compared =
            lexicon::starts_with_any(clause, lexicon::COMPARISONS) && clause.ends_with('的');
        if !compared {
            continue;
        }
        let Some(&points) = figures.get(i + 1).filter(|f| f.kind == FigureKind::Points) else {
            continue;
        };
        let gap = leaf
            .text
            .get(leaf.end(earlier)..leaf.start(points))
            .unwrap_or("");
        let falls = lexicon::FALLS.iter().any(|v| gap.starts_with(v));
        let rises = lexicon::RISES.iter().any(|v| gap.starts_with(v));
        // The rate now: the percentage before, passing over the year of the comparison.
        let Some(&level) = figures[..i]
            .iter()
            .rev()
            .find(|f| !matches!(f.kind, FigureKind::Year | FigureKind::Date))
        else {
            continue;
        };
        if !(falls || rises) || gap.chars().count() > 4 || level.kind != FigureKind::Percent {
            continue;
        }
        if leaf.sentence(leaf.start(earlier)).0 > leaf.start(level) {
            continue;
        }
        out.push(Relation::Change {
            level,
            before: Some(earlier),
            change: Some(points),
            growth: None,
            carried: None,
            falls,
            strength: Strength::Certain,
        });
    }
}
