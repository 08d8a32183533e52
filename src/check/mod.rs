//! Checks: rules over the relations and the structure of a report, producing findings.
//!
//! Each rule has a stable id, a default severity and documentation ([`RULES`]); the README's rule
//! table is written from it. `check` never fails: input gongwen cannot read is an error of the
//! reader, numbers that do not add up are findings.

mod count;
mod numbering;
mod ratio;
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
        id: "ratio.value",
        severity: Error,
        what: "A rate (or a share stated right after a part of a 其中 breakdown of exact counts) does not equal its numerator over its denominator, rounded or truncated to the stated places.",
        example: "调解案件2672件,调解成功2354件,调解成功率90.09%。",
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
