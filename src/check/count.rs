//! `count.items` and `respectively.count`: counts against the things they count.

use super::{Outcome, Text, shown};
use crate::decimal::Dec;
use crate::diag::{FigureRef, Finding, Message, Severity};
use crate::model::{Figure, Span};
use crate::relations::Relation;
use std::cmp::Ordering;

pub(super) fn check(relation: &Relation, text: &Text, outcome: &mut Outcome) {
    match relation {
        Relation::Items {
            count,
            items,
            open,
            quoted,
        } => listed(count, items, *open, *quoted, text, outcome),
        Relation::Respectively {
            subjects,
            subject_count,
            values,
        } => paired(*subjects, *subject_count, values, outcome),
        _ => {}
    }
}

fn listed(
    count: &Figure,
    items: &[Span],
    open: bool,
    quoted: bool,
    text: &Text,
    outcome: &mut Outcome,
) {
    let Some(n) = count
        .value
        .as_deref()
        .and_then(Dec::parse)
        .filter(|n| n.decimals() == 0)
    else {
        return;
    };
    let k = items.len();
    let listed = n.compare(&Dec::int(i128::try_from(k).unwrap_or(i128::MAX)));
    if listed == Some(Ordering::Equal) || (listed == Some(Ordering::Greater) && open) {
        outcome.verified(
            &super::rules::COUNT_ITEMS,
            format!("{}={k} items", count.text),
            &[count],
        );
        return;
    }
    // Items in quotes are certain; a bare list may nest (中央与省、自治区、直辖市两级).
    let (severity, en, zh) = if listed == Some(Ordering::Less) {
        (
            if quoted {
                Severity::Error
            } else {
                Severity::Warning
            },
            format!(
                "{} counts {n}, but {k} items are listed with it",
                count.text
            ),
            format!("{}说是{n}个，却列举了{k}项", count.text),
        )
    } else {
        (
            Severity::Warning,
            format!(
                "{} counts {n}, but only {k} items are listed with it (add 等 if the list is not complete)",
                count.text
            ),
            format!(
                "{}说是{n}个，只列举了{k}项（如未列全，应加“等”）",
                count.text
            ),
        )
    };
    let names: Vec<&str> = items
        .iter()
        .filter_map(|s| text.as_str().get(s.start..s.end))
        .collect();
    let start = items.first().map_or(count.span.start, |s| s.start);
    outcome.findings.push(Finding {
        rule: &super::rules::COUNT_ITEMS,
        severity,
        message: Message::new(en, zh),
        span: Span::new(start, count.span.end),
        figures: vec![FigureRef::from(count)],
        arithmetic: Some(format!("{} = {k} ≠ {n}", names.join("、"))),
        expected: Some(k.to_string()),
        stated: Some(shown(count)),
    });
}

fn paired(subjects: Span, subject_count: usize, values: &[&Figure], outcome: &mut Outcome) {
    if values.len() == subject_count {
        let shown_values: Vec<String> = values.iter().map(|v| shown(v)).collect();
        outcome.verified(
            &super::rules::RESPECTIVELY_COUNT,
            format!("{subject_count} subjects={}", shown_values.join(",")),
            values,
        );
        return;
    }
    let end = values.last().map_or(subjects.end, |v| v.span.end);
    outcome.findings.push(Finding {
        rule: &super::rules::RESPECTIVELY_COUNT,
        severity: Severity::Warning,
        message: Message::new(
            format!(
                "分别 pairs {} values with {subject_count} subjects",
                values.len()
            ),
            format!(
                "“分别”前有{subject_count}个主语，后面却有{}个数值",
                values.len()
            ),
        ),
        span: Span::new(subjects.start, end),
        figures: values.iter().map(|f| FigureRef::from(*f)).collect(),
        arithmetic: Some(format!("{subject_count} ≠ {}", values.len())),
        expected: Some(subject_count.to_string()),
        stated: Some(values.len().to_string()),
    });
}
