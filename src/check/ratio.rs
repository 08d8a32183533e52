//! `ratio.value`, `ratio.rounding`, `percent.range` and `percent.points`: rates against their
//! numerator and denominator, and rates that cannot be rates.

use super::{Outcome, bounds, capped, overlap, quotient_bounds, shown, sum_bounds};
use crate::decimal::{Dec, Interval};
use crate::diag::{FigureRef, Finding, Message, Severity};
use crate::model::{Figure, FigureKind, Inline, Report, Span};
use crate::relations::{RateKind, Relation, Strength};

pub(super) fn check(relation: &Relation, outcome: &mut Outcome) {
    match relation {
        Relation::Rate {
            rate,
            numerator,
            denominator,
            kind,
            strength,
        } => match numerator.as_slice() {
            [n] if *kind == RateKind::Rate && exact(n) && exact(denominator) => {
                rate_value(rate, n, denominator, outcome)
            }
            _ => bounded(rate, numerator, denominator, *kind, *strength, outcome),
        },
        Relation::RateChange { rate, change } => points(rate, change, outcome),
        _ => {}
    }
}

/// Returns true if and only if a figure states an exact whole number (no scale word, no
/// approximation).
fn exact(f: &Figure) -> bool {
    Interval::stated(f).is_some_and(|i| i.low.is_some() && i.low == i.high)
}

/// A rate, share or completion rate of amounts that stand for intervals (rounded amounts, a
/// part that is a sum): it holds when some values within the stated precision give the stated
/// percentage.
fn bounded(
    rate: &Figure,
    numerator: &[&Figure],
    denominator: &Figure,
    kind: RateKind,
    strength: Strength,
    outcome: &mut Outcome,
) {
    let (Some(r), Some(n), Some(d)) = (bounds(rate), sum_bounds(numerator), bounds(denominator))
    else {
        return;
    };
    let Some(q) = quotient_bounds(n, d) else {
        return;
    };
    let mut figures = vec![rate];
    figures.extend_from_slice(numerator);
    figures.push(denominator);
    let terms: Vec<&str> = numerator
        .iter()
        .map(|f| f.value.as_deref().unwrap_or("?"))
        .collect();
    let num = if terms.len() > 1 {
        format!("({})", terms.join(" + "))
    } else {
        terms.concat()
    };
    let rule = if kind == RateKind::Share {
        &super::rules::SHARE_VALUE
    } else {
        &super::rules::RATIO_VALUE
    };
    let claim = format!("{}={}/{}", shown(rate), num, shown(denominator));
    if overlap(q, r) {
        outcome.verified(rule, claim, &figures);
        return;
    }
    let (Some(nv), Some(dv)) = (
        numerator.iter().try_fold(Dec::ZERO, |a, f| {
            a.checked_add(&Dec::parse(f.value.as_deref()?)?)
        }),
        Dec::parse(denominator.value.as_deref().unwrap_or("")),
    ) else {
        return;
    };
    let places = value(rate).map_or(1, |v| v.decimals());
    let (Some(computed), Some(quotient)) = (
        nv.checked_mul(&Dec::int(100))
            .and_then(|h| Dec::divide_rounded(&h, &dv, places)),
        quotient_text(&nv, &dv),
    ) else {
        return;
    };
    let arithmetic = format!(
        "{num} / {} = {quotient}",
        denominator.value.as_deref().unwrap_or("?")
    );
    let (en_what, zh_what) = match kind {
        RateKind::Share => ("share", "占比"),
        RateKind::Completion => ("completion rate", "完成比例"),
        RateKind::Rate => ("rate", "比率"),
    };
    let start = figures
        .iter()
        .map(|f| f.span.start)
        .min()
        .unwrap_or(rate.span.start);
    outcome.findings.push(Finding {
        rule,
        severity: capped(Severity::Error, strength),
        message: Message::new(
            format!(
                "the {en_what} {} does not match {arithmetic}: it should be {computed}% (whole: {})",
                rate.text, denominator.text
            ),
            format!(
                "{zh_what}{}与{arithmetic}不符，应为{computed}%（总数：{}）",
                rate.text, denominator.text
            ),
        ),
        span: Span::new(start, rate.span.end.max(start)),
        figures: figures.iter().map(|f| FigureRef::from(*f)).collect(),
        arithmetic: Some(arithmetic),
        expected: Some(computed.to_string()),
        stated: rate.value.as_ref().map(ToString::to_string),
    });
}

fn value(f: &Figure) -> Option<Dec> {
    Dec::parse(f.value.as_deref()?)
}

/// `a / b = 88.0988…%`, to four places, for the arithmetic line.
fn quotient_text(n: &Dec, d: &Dec) -> Option<String> {
    let hundred_n = n.checked_mul(&Dec::int(100))?;
    let q = Dec::divide_truncated(&hundred_n, d, 4)?;
    let exact = Dec::divide_rounded(&hundred_n, d, 12)?;
    let ellipsis = if exact == q { "" } else { "…" };
    Some(format!("{q}{ellipsis}%"))
}

fn rate_value(rate: &Figure, numerator: &Figure, denominator: &Figure, outcome: &mut Outcome) {
    let (Some(p), Some(n), Some(d)) = (value(rate), value(numerator), value(denominator)) else {
        return;
    };
    let Some(hundred_n) = n.checked_mul(&Dec::int(100)) else {
        return;
    };
    let places = p.decimals();
    let (Some(rounded), Some(truncated), Some(quotient)) = (
        Dec::divide_rounded(&hundred_n, &d, places),
        Dec::divide_truncated(&hundred_n, &d, places),
        quotient_text(&n, &d),
    ) else {
        return;
    };
    let arithmetic = format!(
        "{} / {} = {quotient}",
        numerator.value.as_deref().unwrap_or("?"),
        denominator.value.as_deref().unwrap_or("?")
    );
    let figures = [rate, numerator, denominator];
    let claim = format!(
        "{}={}/{}",
        shown(rate),
        shown(numerator),
        shown(denominator)
    );
    if rounded == p {
        outcome.verified(&super::rules::RATIO_VALUE, claim, &figures);
        return;
    }
    let refs: Vec<FigureRef> = figures.iter().map(|f| FigureRef::from(*f)).collect();
    if truncated == p {
        outcome.verified(&super::rules::RATIO_VALUE, claim, &figures);
        outcome.findings.push(Finding {
            rule: &super::rules::RATIO_ROUNDING,
            severity: Severity::Info,
            message: Message::new(
                format!(
                    "{} is {arithmetic} truncated; rounded as GB/T 8170 requires it is {rounded}%",
                    rate.text
                ),
                format!(
                    "{}是{arithmetic}截尾所得，按GB/T 8170修约应为{rounded}%",
                    rate.text
                ),
            ),
            span: rate.span,
            figures: refs,
            arithmetic: Some(arithmetic),
            expected: Some(rounded.to_string()),
            stated: rate.value.as_ref().map(ToString::to_string),
        });
        return;
    }
    let approx_holds = rate.approx.is_some()
        && Interval::stated(rate).and_then(|i| i.contains(&rounded)) == Some(true);
    if approx_holds {
        outcome.verified(&super::rules::RATIO_VALUE, claim, &figures);
        return;
    }
    outcome.findings.push(Finding {
        rule: &super::rules::RATIO_VALUE,
        severity: Severity::Error,
        message: Message::new(
            format!(
                "{} does not match {arithmetic}: it should be {rounded}%",
                rate.text
            ),
            format!("{}与{arithmetic}不符，应为{rounded}%", rate.text),
        ),
        // The whole claim: any of its three figures may be the wrong one.
        span: Span::new(
            denominator.span.start.min(numerator.span.start),
            rate.span.end,
        ),
        figures: refs,
        arithmetic: Some(arithmetic),
        expected: Some(rounded.to_string()),
        stated: rate.value.as_ref().map(ToString::to_string),
    });
}

fn points(rate: &Figure, change: &Figure, outcome: &mut Outcome) {
    let (Some(r), Some(c)) = (value(rate), value(change)) else {
        return;
    };
    let places = r.decimals().max(c.decimals());
    let before_points = r.checked_sub(&c);
    let before_relative = Dec::divide_rounded(
        &r.checked_mul(&Dec::int(100)).unwrap_or_else(|| r.clone()),
        &Dec::int(100).checked_add(&c).unwrap_or(Dec::int(100)),
        places,
    );
    let (Some(before_points), Some(before_relative)) = (before_points, before_relative) else {
        return;
    };
    let number = change.value.as_deref().unwrap_or("?");
    // Both readings, as plain arithmetic: the earlier rate if the change is in points, and if
    // it is relative.
    let arithmetic =
        format!("{r}% − {number} = {before_points}%; {r}% ÷ (1 + {number}%) = {before_relative}%");
    outcome.findings.push(Finding {
        rule: &super::rules::PERCENT_POINTS,
        severity: Severity::Warning,
        message: Message::new(
            format!(
                "{} is the change of a rate ({}) written in %: if the rate rose by {number} percentage points (from {before_points}%), write {number}个百分点; as a relative change the earlier rate was {before_relative}%",
                change.text, rate.text
            ),
            format!(
                "{}是比率（{}）的变化，却用了%：如指提高{number}个百分点（原为{before_points}%），应写作“{number}个百分点”；如指相对提高，原比率为{before_relative}%",
                change.text, rate.text
            ),
        ),
        span: change.span,
        figures: vec![FigureRef::from(rate), FigureRef::from(change)],
        arithmetic: Some(arithmetic),
        expected: Some(format!("{number}个百分点")),
        stated: Some(change.text.to_string()),
    });
}

/// `percent.range`: a rate or share above 100 % or below 0.
pub(super) fn ranges(report: &Report, outcome: &mut Outcome) {
    // The percentages out of range, and whether each is above 100 %.
    let mut out_of_range: Vec<(&Figure, bool)> = Vec::new();
    report.visit_inlines(&mut |inline| {
        let Inline::Figure(f) = inline else {
            return;
        };
        if f.kind != FigureKind::Percent || f.unit.as_deref() != Some("%") {
            return;
        }
        let Some(v) = value(f) else {
            // 1e+400%: no range to check, and a figure to look at.
            outcome.findings.extend(super::too_large_finding(f));
            return;
        };
        let over = v.compare(&Dec::int(100)) == Some(std::cmp::Ordering::Greater);
        if over || v.is_negative() {
            out_of_range.push((f, over));
        }
    });
    if out_of_range.is_empty() {
        return;
    }
    // Each one's clause is in its line of the text, so the text is written a line at a time
    // into one buffer instead of whole.
    let mut pending = out_of_range.into_iter().peekable();
    report.visit_lines(&mut |start, line| {
        while let Some((f, over)) = pending.next_if(|(f, _)| f.span.start <= start + line.len()) {
            let at = f.span.start.saturating_sub(start);
            let clause = crate::lexicon::fold(crate::relations::clause_ending_at(line, at));
            if names_rate_in_range(&clause) {
                outcome.findings.push(range_finding(f, over));
            }
        }
    });
}

/// Returns true if and only if the clause before a percentage out of range names a rate or a
/// share that cannot leave 0–100 %.
fn names_rate_in_range(clause: &str) -> bool {
    let names_rate = crate::relations::rate_name(clause).is_some()
        || crate::lexicon::SHARE_HEADERS.found_in(clause);
    names_rate && !crate::lexicon::ABOVE_HUNDRED_OK.found_in(clause)
}

/// The `percent.range` finding for `f`, above 100 % if `over`, else below 0.
fn range_finding(f: &Figure, over: bool) -> Finding {
    Finding {
        rule: &super::rules::PERCENT_RANGE,
        severity: Severity::Warning,
        message: Message::new(
            format!(
                "{} is a rate or share {} 100%: check the numerator and the denominator",
                f.text,
                if over { "above" } else { "below 0 or" }
            ),
            format!(
                "{}是比率或占比，却{}：请核对分子和分母",
                f.text,
                if over { "超过100%" } else { "小于0" }
            ),
        ),
        span: f.span,
        figures: vec![FigureRef::from(f)],
        arithmetic: Some(format!(
            "{} {} 100%",
            shown(f),
            if over { ">" } else { "<" }
        )),
        expected: None,
        stated: f.value.as_ref().map(ToString::to_string),
    }
}
