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
mod style;
mod sum;

use crate::diag::{FigureRef, Finding};
use crate::model::{Figure, Report};
use crate::relations;

/// A rule's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id.
    pub id: &'static str,
    /// Default severity of its findings (a rule may report less severe ones too).
    pub severity: crate::diag::Severity,
    /// What it checks.
    pub what: &'static str,
    /// A sentence it fires on.
    pub example: &'static str,
}

use crate::diag::Severity::{Error, Info, Warning};

/// Every rule, in documentation order.
pub const RULES: &[Rule] = &[
    Rule {
        id: "sum.total",
        severity: Error,
        what: "The parts of a total add up to more than the total (error), or, where the text presents a complete breakdown (其他, 共/合计 after the list), to less (error; a small shortfall of exact counts after 其中 is a warning).",
        example: "收到建议提案总计125件,其中:人大代表建议65件,政协委员提案70件。",
    },
    Rule {
        id: "sum.part",
        severity: Error,
        what: "A part (其中, 含) is larger than its whole.",
        example: "行政处罚共立案13790件,其中结案17349件。",
    },
    Rule {
        id: "sum.shares",
        severity: Warning,
        what: "The shares of a structure (三次产业结构) do not add up to 100 within rounding.",
        example: "三次产业的比例为12.8:45.4:45.9。",
    },
    Rule {
        id: "sum.unit",
        severity: Error,
        what: "A breakdown adds up only if one figure is read in another unit (万元 for 元): the unit of that figure is wrong.",
        example: "各级投入29396万元。其中：投入10563万元…；投入10079万元…；投入8754元…。",
    },
    Rule {
        id: "ratio.value",
        severity: Error,
        what: "A rate (or a share stated right after a part of a 其中 breakdown of exact counts) does not equal its numerator over its denominator, rounded or truncated to the stated places.",
        example: "调解案件2672件,调解成功2354件,调解成功率90.09%。",
    },
    Rule {
        id: "share.value",
        severity: Error,
        what: "A share (占…%, 比重, 占比) is not its part over its whole, rounded or truncated. The whole is the figure named after 占 (占总任务7.35万亩的), the measure it names (占地方收入的比重), or the total of the breakdown that makes the other shares agree; a single outlier among agreeing shares is reported.",
        example: "主动公开政府信息1729条。其中机构职能类信息3条，占总体的比例为0.17%；…业务动态类信息1718条，占总体的比例为99.37%。",
    },
    Rule {
        id: "change.value",
        severity: Error,
        what: "A change disagrees with its levels: 比上年增加A，增长p% needs p = A / (level − A); 由X增加到Y needs Y above X; two periods with their difference and change in % must agree.",
        example: "受理一审经济纠纷案件9029件，比上年多2247件，上升42.1%。",
    },
    Rule {
        id: "restatement.value",
        severity: Warning,
        what: "The same quantity (the same measure, unit and scope) is stated twice in the report with two values.",
        example: "审执结各类案件7018件…… 2、结案情况 1-9月审执结各类案件7048件。",
    },
    Rule {
        id: "scale.unit",
        severity: Warning,
        what: "A count of people is more than ten times the population the report states: probably a unit slip (万人 for 人).",
        example: "年末常住人口369.19万人……共完成免费孕前优生健康检查29078万人。",
    },
    Rule {
        id: "ratio.rounding",
        severity: Info,
        what: "A rate is right only if truncated; GB/T 8170 rounding gives another last digit.",
        example: "调解案件2672件,调解成功2354件,调解成功率88.09%。 (88.0988…% rounds to 88.10%)",
    },
    Rule {
        id: "percent.range",
        severity: Warning,
        what: "A rate or share above 100 % or below 0 (growth, increase and plan completion exempt).",
        example: "收集企业问题1658个,问题收集率109.8%。",
    },
    Rule {
        id: "percent.points",
        severity: Warning,
        what: "The change of a rate written in % where 个百分点 is probably meant.",
        example: "出庭应诉率达93.75%,比2019年提高34.83%。",
    },
    Rule {
        id: "count.items",
        severity: Error,
        what: "A count disagrees with the items listed right before it: more items than the count (error when the list is quoted, else warning), fewer without 等 (warning).",
        example: "出台“保护权益、保障经营、返还财物、优化服务”三条措施。",
    },
    Rule {
        id: "respectively.count",
        severity: Warning,
        what: "分别 pairs a different number of values with the subjects before it.",
        example: "企业和个体工商户设立无纸化登记率分别达到96%、97%和98%。",
    },
    Rule {
        id: "numbering.sequence",
        severity: Warning,
        what: "Heading numbers or 一是/二是 markers skip, repeat or go backwards (restarting under each parent and running on across parents are both fine).",
        example: "（一）… （三）…",
    },
    Rule {
        id: "style.punctuation",
        severity: Warning,
        what: "ASCII punctuation , ; : ( ) ? ! inside Chinese text, where GB/T 15834 wants the full-width forms; one finding per paragraph.",
        example: "2020年,靜海區堅持以…為指導(一)",
    },
];

/// A relation the checks found consistent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The rule that verified it.
    pub rule: &'static str,
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
    fn verified(&mut self, rule: &'static str, claim: String, figures: &[&Figure]) {
        self.verified.push(Verified {
            rule,
            claim,
            figures: figures.iter().map(|f| FigureRef::from(*f)).collect(),
        });
    }
}

/// Checks a report.
pub fn check(report: &Report) -> Outcome {
    let mut outcome = Outcome::default();
    let text = report.text();
    for relation in relations::find(report) {
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
    ratio::ranges(report, &text, &mut outcome);
    numbering::check(report, &mut outcome);
    style::check(report, &mut outcome);
    outcome
        .findings
        .sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    outcome.findings.dedup();
    outcome
}

/// The most severe finding a pairing of this strength may raise.
fn capped(severity: crate::diag::Severity, strength: relations::Strength) -> crate::diag::Severity {
    let cap = match strength {
        relations::Strength::Certain => Error,
        relations::Strength::Likely => Warning,
        relations::Strength::Weak => Info,
    };
    severity.min(cap)
}

/// The values a stated figure stands for, as floating-point bounds (infinite where open: 以上).
pub(crate) fn bounds(f: &Figure) -> Option<(f64, f64)> {
    let i = crate::decimal::Interval::stated(f)?;
    Some((
        i.low.map_or(f64::NEG_INFINITY, crate::decimal::Dec::to_f64),
        i.high.map_or(f64::INFINITY, crate::decimal::Dec::to_f64),
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
