//! `sum.total`, `sum.part` and `sum.shares`: totals against their parts.

use super::{Outcome, capped, shown, unit_suffix};
use crate::decimal::{Dec, Interval};
use crate::diag::{FigureRef, Finding, Message, Severity};
use crate::model::{Figure, Span};
use crate::relations::{Completeness, Relation, Strength};

pub(super) fn check(relation: &Relation, outcome: &mut Outcome) {
    match relation {
        Relation::Sum {
            total,
            parts,
            completeness,
            strength,
        } => sum(total, parts, *completeness, *strength, outcome),
        Relation::Part { whole, part } => part_of(whole, part, outcome),
        Relation::Structure { parts, span } => shares(parts, *span, outcome),
        _ => {}
    }
}

fn claim(total: &Figure, parts: &[&Figure]) -> String {
    let parts: Vec<String> = parts.iter().map(|p| shown(p)).collect();
    format!("{}={}", shown(total), parts.join("+"))
}

fn span_of(figures: &[&Figure]) -> Span {
    let start = figures.iter().map(|f| f.span.start).min().unwrap_or(0);
    let end = figures.iter().map(|f| f.span.end).max().unwrap_or(start);
    Span::new(start, end)
}

fn sum(
    total: &Figure,
    parts: &[&Figure],
    completeness: Completeness,
    strength: Strength,
    outcome: &mut Outcome,
) {
    let Some(total_interval) = Interval::stated(total) else {
        return;
    };
    let Some(intervals) = parts
        .iter()
        .map(|p| Interval::stated(p))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    // 其中 lists may run on into figures that are not parts (出院46例 after 44例 and 2例): the
    // breakdown is the shortest prefix that matches the total.
    let first_len = match completeness {
        Completeness::Complete => parts.len(),
        Completeness::Partial | Completeness::Incomplete => parts.len().min(2),
    };
    let mut first_over = None;
    for k in first_len..=parts.len() {
        let Some(s) = Interval::sum(&intervals[..k]) else {
            return;
        };
        let overlaps =
            !s.above(&total_interval).unwrap_or(true) && !total_interval.above(&s).unwrap_or(true);
        if overlaps {
            let mut figures = vec![total];
            figures.extend_from_slice(&parts[..k]);
            outcome.verified(
                &super::rules::SUM_TOTAL,
                claim(total, &parts[..k]),
                &figures,
            );
            return;
        }
        if first_over.is_none() && s.above(&total_interval) == Some(true) {
            first_over = Some(k);
        }
    }
    let Some(computed) = exact_sum(parts) else {
        return;
    };
    if completeness != Completeness::Incomplete && unit_slip(total, parts, strength, outcome) {
        return;
    }
    if let Some(k) = first_over {
        let computed = exact_sum(&parts[..k]).unwrap_or(computed);
        let severity = capped(Severity::Error, strength);
        report(total, &parts[..k], computed, severity, true, outcome);
        return;
    }
    let short = match completeness {
        Completeness::Complete => Some(capped(Severity::Error, strength)),
        Completeness::Partial if parts.len() < 2 => None,
        // Three parts or more of exact counts that miss their total by less than the smallest
        // part: a slip rather than an omitted category.
        Completeness::Partial if parts.len() >= 3 && small_shortfall(total, parts, &computed) => {
            Some(capped(Severity::Warning, strength))
        }
        Completeness::Partial => Some(Severity::Info),
        Completeness::Incomplete => None,
    };
    if let Some(severity) = short {
        report(total, parts, computed, severity, false, outcome);
    }
}

/// Returns true if and only if the figure states its value with a scale word (万, 亿).
fn scaled(f: &Figure) -> bool {
    f.text.contains(['万', '亿', '萬', '億'])
}

/// `sum.unit`: a breakdown that adds up only when one figure, the only one written without the
/// scale word the others have (8754元 among 万元), or with one they lack, is read in their
/// unit. Reports it and returns true.
fn unit_slip(total: &Figure, parts: &[&Figure], strength: Strength, outcome: &mut Outcome) -> bool {
    let mut all: Vec<&Figure> = vec![total];
    all.extend_from_slice(parts);
    let scaled_count = all.iter().filter(|f| scaled(f)).count();
    let odd: Vec<usize> = (0..all.len())
        .filter(|&i| {
            if scaled(all[i]) {
                scaled_count == 1
            } else {
                scaled_count + 1 == all.len()
            }
        })
        .collect();
    let [i] = odd[..] else {
        return false;
    };
    let Some((total_lo, total_hi)) = super::bounds(total) else {
        return false;
    };
    let Some(bounds): Option<Vec<(f64, f64)>> = parts.iter().map(|p| super::bounds(p)).collect()
    else {
        return false;
    };
    for factor in [1e4, 1e8, 1e-4, 1e-8] {
        let (mut lo, mut hi) = (0.0, 0.0);
        let (mut t_lo, mut t_hi) = (total_lo, total_hi);
        for (k, (a, b)) in bounds.iter().enumerate() {
            let f = if k + 1 == i { factor } else { 1.0 };
            lo += a * f;
            hi += b * f;
        }
        if i == 0 {
            t_lo *= factor;
            t_hi *= factor;
        }
        if super::overlap((lo, hi), (t_lo, t_hi)) {
            let figure = all[i];
            let word = match factor {
                1e4 => "万",
                1e8 => "亿",
                _ => "",
            };
            let unit = figure.unit.as_deref().unwrap_or("");
            let (en, zh) = if word.is_empty() {
                (
                    format!(
                        "{} is probably in {unit} without the scale word: only so do the parts add up to the total {}",
                        figure.text, total.text
                    ),
                    format!(
                        "{}的计量单位可能有误（应无万、亿）：只有这样分项之和才等于总数{}",
                        figure.text, total.text
                    ),
                )
            } else {
                (
                    format!(
                        "{} is probably {word}{unit}: read so, the parts add up to the total {}",
                        figure.text, total.text
                    ),
                    format!(
                        "{}的单位可能应为{word}{unit}：这样分项之和才等于总数{}",
                        figure.text, total.text
                    ),
                )
            };
            outcome.findings.push(Finding {
                rule: &super::rules::SUM_UNIT,
                severity: capped(Severity::Error, strength.max(Strength::Likely)),
                message: Message::new(en, zh),
                span: figure.span,
                figures: all.iter().map(|f| FigureRef::from(*f)).collect(),
                arithmetic: None,
                expected: None,
                stated: figure.value.as_ref().map(ToString::to_string),
            });
            return true;
        }
    }
    false
}

/// The plain sum of the stated values.
fn exact_sum(parts: &[&Figure]) -> Option<Dec> {
    parts.iter().try_fold(Dec::ZERO, |acc, p| {
        acc.checked_add(&Dec::parse(p.value.as_deref()?)?)
    })
}

/// Returns true if and only if a 其中 breakdown of exact counts falls short of its total by less
/// than its smallest part and less than a tenth of the total: a slip rather than an omitted
/// category.
fn small_shortfall(total: &Figure, parts: &[&Figure], computed: &Dec) -> bool {
    let exact =
        |f: &Figure| Interval::stated(f).is_some_and(|i| i.low.is_some() && i.low == i.high);
    if !exact(total) || !parts.iter().all(|p| exact(p)) {
        return false;
    }
    let Some(total_value) = total.value.as_deref().and_then(Dec::parse) else {
        return false;
    };
    let Some(gap) = total_value.checked_sub(computed) else {
        return false;
    };
    let smallest = parts
        .iter()
        .filter_map(|p| Dec::parse(p.value.as_deref()?))
        .min_by(|a, b| a.compare(b).unwrap_or(std::cmp::Ordering::Equal));
    let tenth = total_value.checked_mul(&Dec::new(1, -1));
    let below = |b: Option<Dec>| b.and_then(|b| gap.compare(&b)) == Some(std::cmp::Ordering::Less);
    below(smallest) && below(tenth)
}

fn report(
    total: &Figure,
    parts: &[&Figure],
    computed: Dec,
    severity: Severity,
    exceeds: bool,
    outcome: &mut Outcome,
) {
    let terms: Vec<&str> = parts
        .iter()
        .map(|p| p.value.as_deref().unwrap_or("?"))
        .collect();
    let unit = unit_suffix(total);
    let arithmetic = format!("{} = {computed}{unit}", terms.join(" + "));
    let stated = total.value.clone().unwrap_or_default();
    let message = if exceeds {
        Message::new(
            format!(
                "the parts add up to {computed}{unit}, more than the total {} ({arithmetic})",
                total.text
            ),
            format!(
                "分项之和{computed}{unit}大于总数{}（{arithmetic}）",
                total.text
            ),
        )
    } else {
        Message::new(
            format!(
                "the parts add up to {computed}{unit}, less than the total {} ({arithmetic}); if the breakdown is complete, a figure is wrong",
                total.text
            ),
            format!(
                "分项之和{computed}{unit}小于总数{}（{arithmetic}）；如分项完整，则有数字有误",
                total.text
            ),
        )
    };
    let mut figures: Vec<&Figure> = vec![total];
    figures.extend_from_slice(parts);
    outcome.findings.push(Finding {
        rule: &super::rules::SUM_TOTAL,
        severity,
        message,
        span: span_of(&figures),
        figures: figures.iter().map(|f| FigureRef::from(*f)).collect(),
        arithmetic: Some(arithmetic),
        expected: Some(computed.to_string()),
        stated: Some(stated.to_string()),
    });
}

fn part_of(whole: &Figure, part: &Figure, outcome: &mut Outcome) {
    let (Some(w), Some(p)) = (Interval::stated(whole), Interval::stated(part)) else {
        return;
    };
    if p.above(&w) != Some(true) {
        outcome.verified(
            &super::rules::SUM_PART,
            format!("{}⊇{}", shown(whole), shown(part)),
            &[whole, part],
        );
        return;
    }
    // A part 10⁴ or 10⁸ times too large is a unit slip (万 or 亿 where none belongs).
    let ratio = crate::relations::approx_value(part).unwrap_or(0.0)
        / crate::relations::approx_value(whole).unwrap_or(f64::INFINITY);
    let slip = match ratio {
        r if (1e3..1e5).contains(&r) && scaled(part) => Some(("10⁴", "万")),
        r if (1e7..1e9).contains(&r) && scaled(part) => Some(("10⁸", "亿")),
        _ => None,
    };
    let message = match slip {
        Some((power, word)) => Message::new(
            format!(
                "the part {} is about {power} times its whole {}: probably a unit slip (no {word})",
                part.text, whole.text
            ),
            format!(
                "部分{}约为总体{}的{power}倍：单位可能有误（多了“{word}”）",
                part.text, whole.text
            ),
        ),
        None => Message::new(
            format!(
                "the part {} is larger than its whole {}",
                part.text, whole.text
            ),
            format!("部分{}大于总体{}", part.text, whole.text),
        ),
    };
    outcome.findings.push(Finding {
        rule: &super::rules::SUM_PART,
        severity: Severity::Error,
        message,
        span: span_of(&[whole, part]),
        figures: vec![FigureRef::from(whole), FigureRef::from(part)],
        arithmetic: Some(format!(
            "{} > {}",
            part.value.as_deref().unwrap_or("?"),
            whole.value.as_deref().unwrap_or("?")
        )),
        expected: None,
        stated: part.value.as_ref().map(ToString::to_string),
    });
}

/// The intervals of the shares of a structure, from a ratio figure (`12.8:45.4:41.9`) or from
/// several number figures.
fn share_intervals(parts: &[&Figure]) -> Option<Vec<(Dec, Interval)>> {
    let values: Vec<String> = match parts {
        [ratio] if ratio.value.as_deref()?.contains(':') => ratio
            .value
            .as_deref()?
            .split(':')
            .map(str::to_string)
            .collect(),
        _ => parts
            .iter()
            .map(|p| p.value.as_deref().map(str::to_string))
            .collect::<Option<Vec<_>>>()?,
    };
    values
        .iter()
        .map(|v| {
            let d = Dec::parse(v)?;
            let half = Dec::new(5, -d.decimals() - 1);
            let interval = Interval {
                low: Some(d.checked_sub(&half)?),
                high: Some(d.checked_add(&half)?),
            };
            Some((d, interval))
        })
        .collect()
}

fn shares(parts: &[&Figure], span: Span, outcome: &mut Outcome) {
    let Some(shares) = share_intervals(parts) else {
        return;
    };
    if shares.len() < 2 {
        return;
    }
    let intervals: Vec<Interval> = shares.iter().map(|(_, i)| i.clone()).collect();
    let Some(total) = Interval::sum(&intervals) else {
        return;
    };
    let Some(computed) = shares
        .iter()
        .try_fold(Dec::ZERO, |acc, (d, _)| acc.checked_add(d))
    else {
        return;
    };
    let terms: Vec<String> = shares.iter().map(|(d, _)| d.to_string()).collect();
    let arithmetic = format!("{} = {computed}", terms.join(" + "));
    if total.contains(&Dec::int(100)) == Some(true) {
        outcome.verified(
            &super::rules::SUM_SHARES,
            format!("100≈{}", terms.join("+")),
            parts,
        );
        return;
    }
    outcome.findings.push(Finding {
        rule: &super::rules::SUM_SHARES,
        severity: Severity::Warning,
        message: Message::new(
            format!("the shares add up to {computed}, not 100 ({arithmetic})"),
            format!("各部分比例之和为{computed}，不是100（{arithmetic}）"),
        ),
        span,
        figures: parts.iter().map(|f| FigureRef::from(*f)).collect(),
        arithmetic: Some(arithmetic),
        expected: Some("100".to_string()),
        stated: Some(computed.to_string()),
    });
}
