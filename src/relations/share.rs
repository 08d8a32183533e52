//! Shares: `占总任务7.35万亩的106.8%` (the whole stated inside 占…的), `税收收入占地方收入的比重为
//! 55.15%` (the part and the whole named), `在移动电话用户中占比67.0%`, `以上四项支出占…的比重`
//! (the part is the sum of the items before), and groups of shares of one whole
//! (`机构职能类信息3条，占总体的比例为0.17%；…`) whose whole is the one that makes the stated
//! shares agree.

use super::{Completeness, Leaf, Relation, Role, Strength, approx_value, is_amount, same_unit};
use crate::lexicon;
use crate::model::{Figure, FigureKind};

/// How a share names its whole.
enum Whole<'a> {
    /// A figure stated inside 占…的.
    Stated(&'a Figure),
    /// A measure phrase (地方收入, 移动电话用户).
    Named(String),
    /// The whole of the breakdown (占总体的比例, 占比).
    Breakdown,
}

pub(super) fn find<'a>(
    leaf: &Leaf<'a>,
    context: &[Leaf<'a>],
    from: usize,
    out: &mut Vec<Relation<'a>>,
) {
    let already: Vec<*const Figure> = out[from..]
        .iter()
        .filter_map(|r| match r {
            Relation::Rate { rate, .. } => Some(std::ptr::from_ref(*rate)),
            _ => None,
        })
        .collect();
    // Shares of the breakdown wholes this paragraph states, for `占总体的比例` groups.
    let wholes: Vec<&'a Figure> = out[from..]
        .iter()
        .filter_map(|r| match r {
            Relation::Sum { total, .. } => Some(*total),
            Relation::Part { whole, .. } => Some(*whole),
            _ => None,
        })
        .collect();
    // The parts of each breakdown of this paragraph: a group of shares of exactly those parts is
    // of that whole, whatever the shares say.
    let breakdowns: Vec<(&'a Figure, Vec<&'a Figure>)> = out[from..]
        .iter()
        .filter_map(|r| match r {
            Relation::Sum { total, parts, .. } => Some((*total, parts.clone())),
            _ => None,
        })
        .collect();
    let mut group: Vec<(&'a Figure, Vec<&'a Figure>)> = Vec::new();
    for (i, share) in leaf.figures.iter().enumerate() {
        if leaf.role(share) != Role::Share
            || share.unit.as_deref() != Some("%")
            || already.contains(&std::ptr::from_ref(*share))
        {
            continue;
        }
        let start = leaf.start(share);
        let (sentence_start, _) = leaf.sentence(start);
        let own = leaf.clause_before(start);
        // A share stated after a linking verb takes its words from the clause before
        // (占受理案件数比例最高，达92.71%).
        let clause = if own.contains('占') || own.contains('在') {
            own
        } else {
            // The clause before ends at the delimiter before this one.
            let before = start - own.len();
            let delimiter = leaf.text[..before]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8);
            let end = before - delimiter;
            let previous = leaf.clause_before(end);
            let from = end - previous.len();
            leaf.text
                .get(from.max(sentence_start)..start)
                .unwrap_or(own)
        };
        let Some((part_words, whole)) = parse(leaf, share, clause) else {
            continue;
        };
        // The part: the sum of the items before (以上四项), the amount the words before 占
        // name, or the amount right before the share in its sentence.
        let before: Vec<&'a Figure> = leaf.figures[..i]
            .iter()
            .copied()
            .filter(|f| leaf.start(f) >= sentence_start && is_amount(f))
            .collect();
        let clause_start = start - clause.len();
        let part: Vec<&'a Figure> = if let Some(n) = items_before(&part_words) {
            let levels: Vec<&'a Figure> = before
                .iter()
                .copied()
                .filter(|f| leaf.role(f) == Role::Level && leaf.start(f) < clause_start)
                .collect();
            if levels.len() < n {
                continue;
            }
            levels[levels.len() - n..].to_vec()
        } else if part_words.chars().count() >= 2 {
            match leaf.figures[..i]
                .iter()
                .rev()
                .copied()
                .find(|f| is_amount(f) && leaf.phrase(f).ends_with(part_words.as_str()))
            {
                Some(f) => vec![f],
                None => continue,
            }
        } else {
            match before
                .iter()
                .rev()
                .copied()
                .filter(|f| leaf.start(f) < clause_start + clause.find('占').unwrap_or(0))
                .find(|f| leaf.role(f) == Role::Level)
            {
                Some(f) => vec![f],
                None => continue,
            }
        };
        match whole {
            Whole::Stated(d) => {
                if same_unit(d, part[0]) && !part.iter().any(|p| std::ptr::eq(*p, d)) {
                    push(out, share, part, d, Strength::Certain);
                }
            }
            Whole::Named(name) => {
                let candidates = candidates(leaf, &name, part[0], i);
                if let Some(d) = pick(share, &part, &candidates) {
                    let strength = if candidates.len() == 1 {
                        Strength::Certain
                    } else {
                        Strength::Likely
                    };
                    push(out, share, part, d, strength);
                }
            }
            Whole::Breakdown => group.push((share, part)),
        }
    }
    // A group of shares of one whole: the whole of a breakdown of this paragraph that makes
    // the most of them agree, else a level of the paragraphs before.
    let wholes = if wholes.is_empty() {
        context
            .iter()
            .flat_map(|l| {
                l.figures
                    .iter()
                    .copied()
                    .filter(move |f| is_amount(f) && l.role(f) == Role::Level)
            })
            .collect()
    } else {
        wholes
    };
    if group.len() >= 2 {
        // 件 and 条 both count items: 主动公开政府信息1388件 is the whole of 15条, 2条 ….
        let best = wholes
            .iter()
            .filter(|w| group.iter().all(|(_, p)| w.kind == p[0].kind))
            .max_by_key(|w| group.iter().filter(|(s, p)| agrees(s, p, w)).count());
        if let Some(&whole) = best {
            let agreeing = group.iter().filter(|(s, p)| agrees(s, p, whole)).count();
            let of_breakdown = breakdowns.iter().any(|(t, parts)| {
                std::ptr::eq(*t, whole)
                    && group
                        .iter()
                        .all(|(_, p)| p.iter().all(|x| parts.iter().any(|y| std::ptr::eq(*x, *y))))
            });
            if of_breakdown || (agreeing * 2 >= group.len() && agreeing >= 2) {
                let parts: Vec<&'a Figure> = group.iter().flat_map(|(_, p)| p.clone()).collect();
                for (share, part) in group {
                    push(out, share, part, whole, Strength::Certain);
                }
                // The parts of the shares are a breakdown of the whole too.
                if parts.len() >= 2 && parts.iter().all(|p| same_unit(p, whole)) {
                    out.push(Relation::sum(
                        whole,
                        parts,
                        Completeness::Partial,
                        Strength::Likely,
                    ));
                }
            }
        }
    }
}

fn push<'a>(
    out: &mut Vec<Relation<'a>>,
    rate: &'a Figure,
    numerator: Vec<&'a Figure>,
    denominator: &'a Figure,
    strength: Strength,
) {
    out.push(Relation::share(rate, numerator, denominator, strength));
}

/// `以上四项`, `上述3项`: the number of items before that make the part.
fn items_before(words: &str) -> Option<usize> {
    let rest = words
        .strip_prefix("以上")
        .or_else(|| words.strip_prefix("上述"))?;
    let n = rest.chars().next()?;
    let n = match n {
        '两' | '二' | '2' => 2,
        '三' | '3' => 3,
        '四' | '4' => 4,
        '五' | '5' => 5,
        '六' | '6' => 6,
        _ => return None,
    };
    Some(n)
}

/// The words naming the part (before 占, in its clause) and how the whole is named.
fn parse<'a>(leaf: &Leaf<'a>, share: &Figure, clause: &str) -> Option<(String, Whole<'a>)> {
    if let Some(at) = clause.find("在") {
        // 在移动电话用户中占比67.0%
        let rest = &clause[at + '在'.len_utf8()..];
        if let Some(end) = rest.find('中') {
            let name = &rest[..end];
            if rest[end..].contains('占') && name.chars().count() >= 2 {
                return Some((String::new(), Whole::Named(name.to_string())));
            }
        }
    }
    let at = clause.find('占')?;
    let part_words = clause[..at].trim().to_string();
    let after = &clause[at + '占'.len_utf8()..];
    let after = after.strip_prefix('比').unwrap_or(after);
    let Some(de) = after.find('的') else {
        // 占比p%, 占p%.
        let mut rest = after.trim();
        for verb in lexicon::LINKING_VERBS {
            rest = rest.strip_suffix(verb).unwrap_or(rest);
        }
        // 占比p%, 占p%, 占受理案件数比例最高，达p%: of the whole of the breakdown.
        let of_breakdown = rest.is_empty() || lexicon::SHARE_NOUNS.found_in(rest);
        return of_breakdown.then_some((part_words, Whole::Breakdown));
    };
    let name = &after[..de];
    let clause_start = leaf.start(share) - clause.len();
    let whole_at = clause_start + at + '占'.len_utf8();
    // 占总任务7.35万亩的106.8%: a figure stated between 占 and 的.
    if let Some(d) = leaf
        .figures_in(whole_at, clause_start + at + '占'.len_utf8() + de)
        .find(|f| is_amount(f))
    {
        return Some((part_words, Whole::Stated(d)));
    }
    let name = name.trim_start_matches("当年").trim_start_matches("全年");
    if lexicon::WHOLE_WORDS.contains(&name) || name.ends_with("总数") || name.is_empty() {
        return Some((part_words, Whole::Breakdown));
    }
    Some((part_words, Whole::Named(name.to_string())))
}

/// The levels before the share, in the paragraph, that its named whole may be: in the unit of
/// the part, not smaller than it, whose measure names the whole (the words of the name in
/// order, the same last character: 地方收入 names 地方一般公共预算收入).
fn candidates<'a>(leaf: &Leaf<'a>, name: &str, part: &Figure, i: usize) -> Vec<&'a Figure> {
    let mut names = vec![name.to_string()];
    for (a, b) in lexicon::SYNONYMS {
        if name.contains(a) {
            names.push(name.replace(a, b));
        }
    }
    let core: Vec<String> = names
        .iter()
        .map(|n| {
            let mut n = n.as_str();
            for w in lexicon::WHOLE_WORDS {
                n = n.strip_suffix(w).unwrap_or(n);
                n = n.strip_prefix(w).unwrap_or(n);
            }
            n.to_string()
        })
        .collect();
    let part_value = approx_value(part).unwrap_or(0.0);
    leaf.figures[..i]
        .iter()
        .copied()
        .filter(|f| {
            !std::ptr::eq(*f, part)
                && is_amount(f)
                && same_unit(f, part)
                && matches!(leaf.role(f), Role::Level | Role::PerCapita)
                && approx_value(f).is_some_and(|v| v >= part_value)
                && core.iter().any(|c| names_measure(c, leaf.phrase(f)))
        })
        .collect()
}

/// Returns true if and only if `phrase` is named by `name`: its characters in order, ending in
/// the same character.
pub(super) fn names_measure(name: &str, phrase: &str) -> bool {
    let n: Vec<char> = name.chars().collect();
    if n.len() < 2 || phrase.chars().last() != n.last().copied() {
        return false;
    }
    let mut it = phrase.chars();
    n.iter().all(|c| it.any(|p| p == *c))
}

/// The candidate whole that makes the share agree, else the nearest one (whose share will then
/// be reported).
fn pick<'a>(share: &Figure, part: &[&Figure], candidates: &[&'a Figure]) -> Option<&'a Figure> {
    candidates
        .iter()
        .rev()
        .find(|d| agrees(share, part, d))
        .or(candidates.last())
        .copied()
}

/// Returns true if and only if `share` is Σ`part` over `whole` within rounding.
fn agrees(share: &Figure, part: &[&Figure], whole: &Figure) -> bool {
    if share.kind != FigureKind::Percent {
        return false;
    }
    crate::check::share_holds(share, part, whole)
}
