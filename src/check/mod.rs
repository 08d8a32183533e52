//! Checks: rules over the relations and the structure of a report, producing findings.
//!
//! Each rule has a stable id, a default severity and documentation ([`RULES`]); the README's rule
//! table is written from it. `check` never fails: input gongwen cannot read is an error of the
//! reader, numbers that do not add up are findings.

mod change;
mod count;
mod numbering;
mod ratio;
mod restate;
pub mod rules;
mod style;
mod sum;

use crate::diag::{FigureRef, Finding, Message};
use crate::model::{Figure, Report};
use crate::relations;
pub use rules::{RULES, Rule};

/// A relation the checks found consistent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The rule that verified it.
    pub rule: &'static Rule,
    /// The claim in short (`515=218+297`, `13790⊇7349`, `99.82%=1655/1658`, `8个=8 items`).
    pub claim: String,
    /// The figures involved.
    pub figures: Vec<FigureRef>,
}

/// What checking a report gives: findings, and the relations that held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The findings, in document order.
    pub findings: Vec<Finding>,
    /// The relations found consistent.
    pub verified: Vec<Verified>,
}

impl Outcome {
    fn verified(&mut self, rule: &'static Rule, claim: String, figures: &[&Figure]) {
        self.verified.push(Verified {
            rule,
            claim,
            figures: figures.iter().map(|f| FigureRef::from(*f)).collect(),
        });
    }
}

/// The report's text ([`Report::text`]), which spans index into, built the first time a check
/// quotes it: most reports have no finding that does.
struct Text<'a> {
    report: &'a Report,
    text: std::cell::OnceCell<String>,
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        self.text.get_or_init(|| self.report.text())
    }
}

/// Checks a report.
pub fn check(report: &Report) -> Outcome {
    let mut outcome = Outcome::default();
    let text = Text {
        report,
        text: std::cell::OnceCell::new(),
    };
    // Where the figures too large to check start: each is reported once, however many
    // relations it is in.
    let mut too_large_reported = std::collections::HashSet::new();
    for relation in relations::find(report) {
        // A restatement compares nothing and 分别 counts its values: only the others compute.
        let computes = !matches!(
            relation,
            relations::Relation::Restatement { .. } | relations::Relation::Respectively { .. }
        );
        if computes && too_large(&relation, &mut too_large_reported, &mut outcome) {
            continue;
        }
        match relation {
            relations::Relation::Sum { .. } | relations::Relation::Part { .. } => {
                sum::check(&relation, &mut outcome)
            }
            relations::Relation::Structure { .. } => sum::check(&relation, &mut outcome),
            relations::Relation::Rate { .. } | relations::Relation::RateChange { .. } => {
                ratio::check(&relation, &mut outcome)
            }
            relations::Relation::Change { .. } => change::check(&relation, &mut outcome),
            relations::Relation::Restatement { .. } | relations::Relation::Scale { .. } => {
                restate::check(&relation, &mut outcome)
            }
            relations::Relation::Items { .. } | relations::Relation::Respectively { .. } => {
                count::check(&relation, &text, &mut outcome)
            }
        }
    }
    ratio::ranges(report, &mut outcome);
    numbering::check(report, &text, &mut outcome);
    style::check(report, &mut outcome);
    outcome
        .findings
        .sort_by_key(|f| (f.span.start, f.span.end, f.rule.id));
    outcome.findings.dedup();
    outcome
}

/// `figure.too-large`: reports each figure of the relation whose digits lie beyond the places
/// [`Dec`](crate::decimal::Dec) computes with, unless its start is in `reported`, and returns
/// true if and only if there is one.
fn too_large(
    relation: &relations::Relation,
    reported: &mut std::collections::HashSet<usize>,
    outcome: &mut Outcome,
) -> bool {
    let mut any = false;
    relation.each_figure(&mut |f| {
        if let Some(finding) = too_large_finding(f) {
            any = true;
            if reported.insert(f.span.start) {
                outcome.findings.push(finding);
            }
        }
    });
    any
}

/// The `figure.too-large` finding for a figure whose digits lie beyond the places the checks
/// compute with, or `None`.
fn too_large_finding(f: &Figure) -> Option<Finding> {
    use crate::decimal::PLACES;
    let (low, high) = f.value.as_deref().and_then(crate::decimal::places)?;
    let message = if high > PLACES {
        Message::new(
            format!(
                "{} is too large to check: its digits reach 10^{high}, and the checks compute with figures within 10^±{PLACES}",
                f.text
            ),
            format!(
                "{}数值过大，无法核对：其数字达到10^{high}位，核对只计算10^±{PLACES}以内的数",
                f.text
            ),
        )
    } else if low < -PLACES {
        Message::new(
            format!(
                "{} has too many decimal places to check: its digits reach 10^{low}, and the checks compute with figures within 10^±{PLACES}",
                f.text
            ),
            format!(
                "{}小数位数过多，无法核对：其数字达到10^{low}位，核对只计算10^±{PLACES}以内的数",
                f.text
            ),
        )
    } else {
        return None;
    };
    Some(Finding {
        rule: &rules::FIGURE_TOO_LARGE,
        severity: crate::diag::Severity::Info,
        message,
        span: f.span,
        figures: vec![FigureRef::from(f)],
        arithmetic: None,
        expected: None,
        stated: f.value.as_ref().map(ToString::to_string),
    })
}

/// The most severe finding a pairing of this strength may raise.
fn capped(severity: crate::diag::Severity, strength: relations::Strength) -> crate::diag::Severity {
    let cap = match strength {
        relations::Strength::Certain => crate::diag::Severity::Error,
        relations::Strength::Likely => crate::diag::Severity::Warning,
        relations::Strength::Weak => crate::diag::Severity::Info,
    };
    severity.min(cap)
}

/// The values a stated figure stands for, as floating-point bounds (infinite where open: 以上).
pub(crate) fn bounds(f: &Figure) -> Option<(f64, f64)> {
    let i = crate::decimal::Interval::stated(f)?;
    Some((
        i.low.map_or(f64::NEG_INFINITY, |d| d.to_f64()),
        i.high.map_or(f64::INFINITY, |d| d.to_f64()),
    ))
}

/// The bounds of the sum of some stated figures.
fn sum_bounds(parts: &[&Figure]) -> Option<(f64, f64)> {
    parts.iter().try_fold((0.0, 0.0), |(lo, hi), p| {
        let (a, b) = bounds(p)?;
        Some((lo + a, hi + b))
    })
}

/// Returns true if and only if two intervals overlap, with a relative slack for the error of
/// floating-point arithmetic.
fn overlap((a, b): (f64, f64), (c, d): (f64, f64)) -> bool {
    let slack = 1e-9
        * [a, b, c, d]
            .iter()
            .filter(|v| v.is_finite())
            .fold(1.0f64, |m, v| m.max(v.abs()));
    a <= d + slack && c <= b + slack
}

/// The bounds of `100 × n / d` for `n` and `d` within their bounds (d positive).
fn quotient_bounds((n_lo, n_hi): (f64, f64), (d_lo, d_hi): (f64, f64)) -> Option<(f64, f64)> {
    if d_hi <= 0.0 {
        return None;
    }
    let lo = if n_lo >= 0.0 {
        n_lo / d_hi
    } else {
        n_lo / d_lo.max(f64::MIN_POSITIVE)
    };
    let hi = if d_lo <= 0.0 {
        f64::INFINITY
    } else if n_hi >= 0.0 {
        n_hi / d_lo
    } else {
        n_hi / d_hi
    };
    Some((100.0 * lo, 100.0 * hi))
}

/// Returns true if and only if `share` (in %) can be Σ`parts` over `whole` within rounding.
pub(crate) fn share_holds(share: &Figure, parts: &[&Figure], whole: &Figure) -> bool {
    let (Some(s), Some(n), Some(d)) = (bounds(share), sum_bounds(parts), bounds(whole)) else {
        return false;
    };
    quotient_bounds(n, d).is_some_and(|q| overlap(q, s))
}

/// A figure's value as written in a claim: the normalized value, with % for percentages.
fn shown(f: &Figure) -> String {
    let value = f.value.as_deref().unwrap_or("?");
    match f.unit.as_deref() {
        Some(u @ ("%" | "‰")) => format!("{value}{u}"),
        _ => value.to_string(),
    }
}

/// The unit to print after a computed value (`件`, `元`), or nothing.
fn unit_suffix(f: &Figure) -> String {
    f.unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default()
}
