//! `restatement.value` and `scale.unit`: one quantity stated twice, and a count of people
//! larger than the population.

use super::Outcome;
use crate::diag::{FigureRef, Finding, Message, Severity};
use crate::relations::Relation;

pub(super) fn check(relation: &Relation, outcome: &mut Outcome) {
    match relation {
        Relation::Restatement { first, second } => outcome.findings.push(Finding {
            rule: &super::rules::RESTATEMENT_VALUE,
            severity: Severity::Warning,
            message: Message::new(
                format!(
                    "{} is stated as {} earlier in the report: one of the two is wrong",
                    second.text, first.text
                ),
                format!("{}在前文中写作{}：两者必有一误", second.text, first.text),
            ),
            span: second.span,
            figures: vec![FigureRef::from(*first), FigureRef::from(*second)],
            arithmetic: Some(format!(
                "{} ≠ {}",
                second.value.as_deref().unwrap_or("?"),
                first.value.as_deref().unwrap_or("?")
            )),
            expected: first.value.as_ref().map(ToString::to_string),
            stated: second.value.as_ref().map(ToString::to_string),
        }),
        Relation::Scale { figure, whole } => {
            let ratio = crate::relations::approx_value(figure).unwrap_or(0.0)
                / crate::relations::approx_value(whole).unwrap_or(1.0);
            outcome.findings.push(Finding {
                rule: &super::rules::SCALE_UNIT,
                severity: Severity::Warning,
                message: Message::new(
                    format!(
                        "{} is {ratio:.1} times the population {}: probably a unit slip",
                        figure.text, whole.text
                    ),
                    format!(
                        "{}是人口{}的{ratio:.1}倍：单位可能有误",
                        figure.text, whole.text
                    ),
                ),
                span: figure.span,
                figures: vec![FigureRef::from(*figure), FigureRef::from(*whole)],
                arithmetic: Some(format!(
                    "{} / {} = {ratio:.1}",
                    figure.value.as_deref().unwrap_or("?"),
                    whole.value.as_deref().unwrap_or("?")
                )),
                expected: None,
                stated: figure.value.as_ref().map(ToString::to_string),
            });
        }
        _ => {}
    }
}
