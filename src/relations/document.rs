//! Relations across paragraphs: a section whose first paragraph states a total over kinds
//! (`审执结各类案件7018件`) and whose next paragraphs state its parts; breakdowns along a
//! dimension (`从公开载体看：` and numbered items); one quantity stated twice with two values;
//! a count of people larger than the population.

use super::{
    Completeness, Leaf, Relation, Role, Strength, approx_value, inside_inclusion, is_amount,
    same_unit, share::names_measure,
};
use crate::lexicon;
use crate::model::{Block, Figure, FigureKind, Inline, Report};
use std::collections::{HashMap, HashSet};

pub(super) fn find<'a>(report: &'a Report, leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    announced(&report.body, out);
    sections(leaves, out);
    dimensions(leaves, out);
    restatements(leaves, out);
    families(leaves, out);
    scale(leaves, out);
}

/// A level of a measure named by a whole modifier (主动公开政府信息数1388件) and, later in its
/// section, levels of the same measure under another modifier (政府网站公开政府信息数1388条):
/// each is a part of the whole, never larger. The wholes are kept by section and by the words
/// after their modifier, so each figure looks up only the wholes its phrase can end with.
fn families<'a>(leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    /// The longest measure core looked up, in characters: no measure phrase is longer.
    const MAX_CORE: usize = 32;
    let mut wholes: HashMap<(usize, &str), Vec<&'a Figure>> = HashMap::new();
    // The sections that have a whole: the suffixes of a phrase are looked up only there.
    let mut with_wholes: HashSet<usize, lexicon::QuickHash> = HashSet::default();
    for leaf in leaves {
        for f in &leaf.figures {
            if !is_amount(f) || leaf.role(f) != Role::Level || f.kind != FigureKind::Count {
                continue;
            }
            let phrase = leaf.phrase(f);
            let marked = lexicon::FAMILY_WHOLES.found_in(phrase);
            if !marked {
                if !with_wholes.contains(&leaf.section) {
                    continue;
                }
                // Every suffix of five characters or more is a core some whole may have.
                for (n, (at, _)) in phrase.char_indices().rev().enumerate().take(MAX_CORE) {
                    let Some(found) = (n >= 4)
                        .then(|| wholes.get(&(leaf.section, &phrase[at..])))
                        .flatten()
                    else {
                        continue;
                    };
                    for &whole in found.iter().filter(|w| w.kind == f.kind) {
                        out.push(Relation::sum(
                            whole,
                            vec![f],
                            Completeness::Partial,
                            Strength::Likely,
                        ));
                    }
                }
                continue;
            }
            let core = lexicon::FAMILY_WHOLES
                .iter()
                .find_map(|m| phrase.split_once(m).map(|(_, c)| c));
            if let Some(core) = core.filter(|c| (5..=MAX_CORE).contains(&c.chars().count())) {
                wholes.entry((leaf.section, core)).or_default().push(f);
                with_wholes.insert(leaf.section);
            }
        }
    }
}

/// `重点抓好以下六个方面的工作。` and the sections that follow it, under the same parent: a count of
/// the parts announced against the parts written.
fn announced<'a>(blocks: &'a [Block], out: &mut Vec<Relation<'a>>) {
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Section(s) => announced(&s.blocks, out),
            Block::Paragraph(p) => {
                // The text right before each figure: the inline before it.
                let mut before = "";
                let mut count = None;
                for inline in &p.inlines {
                    if let Inline::Figure(f) = inline
                        && f.kind == FigureKind::Count
                        && lexicon::folded_ends_with_any(before, lexicon::ANNOUNCING)
                    {
                        count = Some(&**f);
                    }
                    before = inline.text();
                }
                let Some(count) = count else { continue };
                let items: Vec<crate::model::Span> = blocks[i + 1..]
                    .iter()
                    .map_while(|b| match b {
                        Block::Section(s) => Some(s.heading.span),
                        _ => None,
                    })
                    .collect();
                if !items.is_empty() {
                    out.push(Relation::Items {
                        count,
                        items,
                        open: false,
                        quoted: false,
                    });
                }
            }
            _ => {}
        }
    }
}

/// The last character of a measure that names what is counted (`各类案件` and `执行未结案`
/// both count 案).
fn head(phrase: &str) -> Option<char> {
    let p = phrase.trim_end_matches(['件', '数', '量']);
    p.chars().last()
}

/// A section whose first paragraph opens with a total over kinds (各类案件) and whose other
/// paragraphs state levels of the same head noun in its unit: those levels are its parts.
fn sections<'a>(leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    let mut by_section: HashMap<usize, Vec<&Leaf<'a>>, lexicon::QuickHash> = HashMap::default();
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
        if !lexicon::OVER_KINDS.found_in(phrase) {
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
                if level && head(p) == Some(h) && !lexicon::OVER_KINDS.found_in(p) {
                    parts.push(*f);
                }
            }
        }
        Relation::push_sum(out, total, parts, Completeness::Partial, Strength::Likely);
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
        // The items: numbered lines or headings that each state one level. They are passed
        // over as a whole even when no level before the opener is their total, so that the
        // next list of the same total does not take its last item for it.
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
                [f] if numbered || item.heading => parts.push(*f),
                _ => break,
            }
            k += 1;
        }
        if let Some(whole) = total
            && parts.iter().all(|p| same_unit(p, whole))
        {
            Relation::push_sum(out, whole, parts, Completeness::Complete, Strength::Likely);
        }
        i = k.max(i + 1);
    }
}

/// One quantity (the same measure phrase of four characters or more, in one unit, both levels)
/// stated in two sentences with two values, where no year or scope word tells them apart.
fn restatements<'a>(leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    struct Seen<'a> {
        figure: &'a Figure,
        /// The factor from the figure's value to 元 when it is a number of a table in a stated
        /// unit (单位：元), else 1.
        factor: f64,
        leaf: usize,
        sentence: usize,
        scope: Vec<&'static str>,
        years: Vec<String>,
    }
    /// The most statements of one quantity kept for comparison: past it (a text repeating one
    /// phrase thousands of times) later statements are compared, not kept.
    const MAX_SEEN: usize = 64;
    let mut seen: HashMap<String, Vec<Seen<'a>>> = HashMap::new();
    let mut reported: HashSet<String> = HashSet::new();
    let mut table_unit: Option<f64> = None;
    for (li, leaf) in leaves.iter().enumerate() {
        if let Some(factor) = declared_unit(leaf) {
            table_unit = Some(factor);
        }
        let row = leaf.table_row();
        for (i, f) in leaf.figures.iter().enumerate() {
            // The first amount of a table row (`212 01 04 城管执法 33,775,592 …`) names one
            // item by its name.
            let cell = row.is_some_and(|r| std::ptr::eq(r[0], *f));
            let amount = is_amount(f) && leaf.role(f) == Role::Level;
            let counted = amount || (cell && f.kind == FigureKind::Number && table_unit.is_some());
            let m = leaf.measure_of(f);
            // Most figures are out here, before their words are looked at.
            if !counted || m.is_some_and(|m| m.whereof) || f.approx.is_some() {
                continue;
            }
            // The words of its own clause after any figure before it: 小微型企业实现利润总额 and
            // 规模以上工业实现利润总额 are two quantities.
            let start = leaf.start(f);
            let clause = leaf.clause_before(start);
            let from = i
                .checked_sub(1)
                .map(|k| leaf.end(leaf.figures[k]))
                .filter(|&e| e > start - clause.len())
                .unwrap_or(start - clause.len());
            let own = leaf.text[from..start]
                .trim_start_matches(['其', '中', '共', '全', '年', '末', '，', ' '])
                .trim_end_matches(['为', '达', '是', ' ']);
            // So does a budget line (`…城管执法（项）”3377.56万元`).
            let line = leaf.text[..start].ends_with("（项）”");
            let item = line || cell;
            let phrase = if item {
                m.map_or(own, |m| m.phrase.as_str())
            } else {
                own
            };
            let total_like = || {
                lexicon::OVER_KINDS.found_in(phrase)
                    || (lexicon::TOTAL_MARKS.found_in(phrase) && phrase.chars().count() >= 7)
            };
            if phrase.chars().count() < if item { 2 } else { 4 } || !(item || total_like()) {
                continue;
            }
            let factor = if cell && f.kind == FigureKind::Number {
                table_unit.unwrap_or(1.0)
            } else {
                1.0
            };
            let (s0, s1) = leaf.sentence(start);
            let sentence = &leaf.text[s0..s1];
            // Most sentences name no scope: one search for any before one for each.
            let before = &sentence[..start - s0];
            let scope: Vec<&'static str> = if lexicon::SCOPES.found_in(before) {
                lexicon::SCOPES
                    .iter()
                    .copied()
                    .filter(|w| before.contains(w))
                    .collect()
            } else {
                Vec::new()
            };
            let years: Vec<String> = leaf
                .figures_in(s0, s1)
                .filter(|y| y.kind == FigureKind::Year)
                .filter_map(|y| y.value.as_deref().map(str::to_string))
                .collect();
            let key = if item {
                format!("item:{phrase}")
            } else {
                phrase.to_string()
            };
            if reported.contains(&key) {
                continue;
            }
            let entry = seen.entry(key.clone()).or_default();
            let comparable = |e: &Seen| {
                if item { true } else { same_unit(e.figure, f) }
            };
            let conflict = entry.iter().find(|e| {
                (e.leaf, e.sentence) != (li, s0)
                    && comparable(e)
                    && e.scope == scope
                    && (e.years.is_empty() || years.is_empty() || e.years == years)
                    && !scaled_overlap(e.figure, e.factor, f, factor)
            });
            if let Some(e) = conflict {
                out.push(Relation::Restatement {
                    first: e.figure,
                    second: f,
                });
                reported.insert(key);
                continue;
            }
            // The same statement again (same value, scope and years) in two other sentences
            // already: a third copy decides nothing the first two do not.
            let copies = entry
                .iter()
                .filter(|e| {
                    e.scope == scope
                        && e.years == years
                        && e.factor == factor
                        && e.figure.value == f.value
                        && e.figure.exponent == f.exponent
                        && e.figure.unit == f.unit
                })
                .map(|e| (e.leaf, e.sentence))
                .collect::<HashSet<_>>()
                .len();
            if copies >= 2 || entry.len() >= MAX_SEEN {
                continue;
            }
            entry.push(Seen {
                figure: f,
                factor,
                leaf: li,
                sentence: s0,
                scope,
                years,
            });
        }
    }
}

/// `单位：元`, `单位:万元`: the unit a table's numbers are in, as a factor to 元.
fn declared_unit(leaf: &Leaf) -> Option<f64> {
    // The first full-width declaration, else the first ASCII one: one pass over both.
    let [full, ascii] = lexicon::UNIT_DECLARATIONS else {
        return None;
    };
    let mut first_ascii = None;
    let mut first_full = None;
    for i in leaf.positions(lexicon::UNIT_DECLARATIONS) {
        if leaf.text[i..].starts_with(full) {
            first_full = Some(i);
            break;
        }
        if leaf.text[i..].starts_with(ascii) {
            first_ascii = first_ascii.or(Some(i));
        }
    }
    let at = first_full.or(first_ascii)?;
    let rest = leaf.text[at..].trim_start_matches(['单', '位', '：', ':', ' ']);
    if rest.starts_with("万元") {
        Some(1e4)
    } else if rest.starts_with("亿元") {
        Some(1e8)
    } else if rest.starts_with('元') {
        Some(1.0)
    } else {
        None
    }
}

/// Returns true if and only if two figures, each scaled by its factor, can stand for one value.
fn scaled_overlap(a: &Figure, fa: f64, b: &Figure, fb: f64) -> bool {
    match (crate::check::bounds(a), crate::check::bounds(b)) {
        (Some((a0, a1)), Some((b0, b1))) => {
            let (a0, a1, b0, b1) = (a0 * fa, a1 * fa, b0 * fb, b1 * fb);
            let slack = 1e-9 * a1.abs().max(b1.abs()).max(1.0);
            a0 <= b1 + slack && b0 <= a1 + slack
        }
        _ => true,
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
