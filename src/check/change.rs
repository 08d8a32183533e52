//! `change.value`: a change against its levels.

use super::{Outcome, bounds, capped, overlap};
use crate::diag::{FigureRef, Finding, Message, Severity};
use crate::model::{Figure, FigureKind, Span};
use crate::relations::Relation;

pub(super) fn check(relation: &Relation, outcome: &mut Outcome) {
    let Relation::Change {
        level,
        before,
        change,
        growth,
        carried,
        falls,
        strength,
    } = relation
    else {
        return;
    };
    let mut figures: Vec<&Figure> = before.iter().copied().collect();
    figures.push(level);
    figures.extend(change.iter().copied());
    figures.extend(growth.iter().copied());
    let report = |outcome: &mut Outcome,
                  en: String,
                  zh: String,
                  arithmetic: String,
                  expected: Option<String>,
                  stated: &Figure| {
        let start = figures.iter().map(|f| f.span.start).min().unwrap_or(0);
        let end = figures.iter().map(|f| f.span.end).max().unwrap_or(start);
        outcome.findings.push(Finding {
            rule: &super::rules::CHANGE_VALUE,
            severity: capped(Severity::Error, *strength),
            message: Message::new(en, zh),
            span: Span::new(start, end),
            figures: figures.iter().map(|f| FigureRef::from(*f)).collect(),
            arithmetic: Some(arithmetic),
            expected,
            stated: stated.value.as_ref().map(ToString::to_string),
        });
    };
    let sign = if *falls { -1.0 } else { 1.0 };
    let Some(l) = bounds(level) else { return };
    let v = |f: &Figure| f.value.as_deref().unwrap_or("?").to_string();
    if let Some(before) = before {
        let Some(b) = bounds(before) else { return };
        // The difference of the two levels.
        let diff = (l.0 - b.1, l.1 - b.0);
        if let Some(change) = change {
            let Some(c) = bounds(change) else { return };
            let stated = if change.kind == FigureKind::Points || !*falls {
                (sign * c.0, sign * c.1)
            } else {
                (-c.1, -c.0)
            };
            let stated = if stated.0 <= stated.1 {
                stated
            } else {
                (stated.1, stated.0)
            };
            if overlap(diff, stated) {
                outcome.verified(
                    &super::rules::CHANGE_VALUE,
                    format!("{}−{}={}", level.text, before.text, change.text),
                    &figures,
                );
            } else {
                let computed = trim(level_value(level) - level_value(before));
                report(
                    outcome,
                    format!(
                        "{} does not match the levels {} and {}: the difference is {computed}",
                        change.text, before.text, level.text
                    ),
                    format!(
                        "{}与{}、{}不符：两者之差为{computed}",
                        change.text, before.text, level.text
                    ),
                    format!("{} − {} = {computed}", v(level), v(before)),
                    Some(computed),
                    change,
                );
                return;
            }
        } else if growth.is_none() && ((sign > 0.0 && diff.1 < 0.0) || (sign < 0.0 && diff.0 > 0.0))
        {
            let word = if *falls {
                ("a fall", "下降")
            } else {
                ("a rise", "增加")
            };
            report(
                outcome,
                format!(
                    "{} to {} is stated as {}, but the level went the other way",
                    before.text, level.text, word.0
                ),
                format!(
                    "由{}到{}写作“{}”，数值变化方向却相反",
                    before.text, level.text, word.1
                ),
                format!("{} − {}", v(level), v(before)),
                None,
                level,
            );
            return;
        }
        if let Some(growth) = growth {
            let Some(g) = bounds(growth) else { return };
            if b.0 <= 0.0 {
                return;
            }
            let computed = (100.0 * (l.0 / b.1 - 1.0), 100.0 * (l.1 / b.0 - 1.0));
            let stated = signed(g, *falls, growth);
            if overlap(computed, stated) {
                outcome.verified(
                    &super::rules::CHANGE_VALUE,
                    format!("{}={}/{}−1", growth.text, level.text, before.text),
                    &figures,
                );
            } else {
                let exact = 100.0 * (level_value(level) / level_value(before) - 1.0);
                report(
                    outcome,
                    format!(
                        "{} does not match {} to {}: the change is {}%",
                        growth.text,
                        before.text,
                        level.text,
                        round(exact, growth)
                    ),
                    format!(
                        "{}与由{}到{}不符：变化为{}%",
                        growth.text,
                        before.text,
                        level.text,
                        round(exact, growth)
                    ),
                    format!(
                        "({} − {}) / {} = {:.4}%",
                        v(level),
                        v(before),
                        v(before),
                        exact
                    ),
                    Some(round(exact, growth)),
                    growth,
                );
            }
        }
        return;
    }
    let (Some(change), Some(growth)) = (change, growth) else {
        return;
    };
    let (Some(c), Some(g)) = (bounds(change), bounds(growth)) else {
        return;
    };
    let stated = (g.0.max(0.0), g.1);
    // The earlier level is the level less the rise (plus the fall); with cases carried over,
    // the change may be of the level without them.
    let mut levels = vec![l];
    if let Some(carried) = carried.and_then(bounds) {
        levels.push((l.0 - carried.1, l.1 - carried.0));
    }
    let holds = levels.iter().any(|&(lo, hi)| {
        let computed = if *falls {
            (
                c.0 / (hi + c.0),
                if lo + c.1 <= 0.0 {
                    f64::INFINITY
                } else {
                    c.1 / (lo + c.1)
                },
            )
        } else {
            (
                if hi - c.0 <= 0.0 {
                    0.0
                } else {
                    c.0 / (hi - c.0)
                },
                if lo - c.1 <= 0.0 {
                    f64::INFINITY
                } else {
                    c.1 / (lo - c.1)
                },
            )
        };
        overlap((100.0 * computed.0, 100.0 * computed.1), stated)
    });
    if holds {
        outcome.verified(
            &super::rules::CHANGE_VALUE,
            format!(
                "{}={}/({}{}{})",
                growth.text,
                change.text,
                level.text,
                if *falls { "+" } else { "−" },
                change.text
            ),
            &figures,
        );
        return;
    }
    let base = if *falls {
        level_value(level) + level_value(change)
    } else {
        level_value(level) - level_value(change)
    };
    if base <= 0.0 {
        return;
    }
    let exact = 100.0 * level_value(change) / base;
    let op = if *falls { "+" } else { "−" };
    let arithmetic = format!(
        "{} / ({} {op} {}) = {exact:.4}%",
        v(change),
        v(level),
        v(change)
    );
    let should = round(exact, growth);
    report(
        outcome,
        format!(
            "{} does not match the change {} on {}: {arithmetic}, so it should be {should}%",
            growth.text, change.text, level.text
        ),
        format!(
            "{}与{}（{}）不符：{arithmetic}，应为{should}%",
            growth.text, change.text, level.text
        ),
        arithmetic.clone(),
        Some(should),
        growth,
    );
}

/// A stated growth as signed bounds: a fall is negative.
fn signed(g: (f64, f64), falls: bool, growth: &Figure) -> (f64, f64) {
    let negative_value = growth.value.as_deref().is_some_and(|v| v.starts_with('-'));
    if falls && !negative_value {
        (-g.1, -g.0)
    } else {
        g
    }
}

fn level_value(f: &Figure) -> f64 {
    crate::relations::approx_value(f).unwrap_or(0.0)
}

/// `x` to the decimals of the stated figure.
fn round(x: f64, like: &Figure) -> String {
    let places = like
        .value
        .as_deref()
        .and_then(|v| v.split_once('.').map(|(_, d)| d.len()))
        .unwrap_or(0);
    format!("{x:.places$}")
}

/// A difference of two values without float noise.
fn trim(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}
