//! `numbering.sequence`: heading numbers and 一是/二是 markers in order.
//!
//! Under each parent, headings of one style must count up by one. The first one may start at 1
//! (numbering restarts under each parent) or continue from the last heading of the same style and
//! level under the previous parent (numbering runs on, as the sample's 1.–29. does across
//! （一）–（八）). Both schemes are valid; a skip, a repeat or a step back is not.

use super::Outcome;
use crate::diag::{Finding, Message, Severity};
use crate::model::{Block, Inline, MarkerStyle, Report, Section, Span};
use std::collections::HashMap;

pub(super) fn check(report: &Report, outcome: &mut Outcome) {
    let mut last_seen = HashMap::new();
    headings(&report.body, &mut last_seen, outcome);
    let mut items = Vec::new();
    collect_items(&report.body, &mut items);
    item_sequences(&items, outcome);
}

/// Checks the headings directly under one parent, then recurses.
fn headings(
    blocks: &[Block],
    last_seen: &mut HashMap<(u8, MarkerStyle), u32>,
    outcome: &mut Outcome,
) {
    let mut previous: HashMap<MarkerStyle, u32> = HashMap::new();
    for block in blocks {
        let Block::Section(section) = block else {
            continue;
        };
        let marker = &section.heading.marker;
        let key = (section.level, marker.style);
        let number = marker.number;
        let ok = match previous.get(&marker.style) {
            Some(&p) => number == p + 1,
            None => number == 1 || last_seen.get(&key).is_some_and(|&l| number == l + 1),
        };
        if !ok {
            let expected = previous.get(&marker.style).map_or(1, |&p| p + 1);
            report(
                section,
                expected,
                previous.get(&marker.style).copied(),
                outcome,
            );
        }
        previous.insert(marker.style, number);
        last_seen.insert(key, number);
        headings(&section.blocks, last_seen, outcome);
    }
}

fn report(section: &Section, expected: u32, previous: Option<u32>, outcome: &mut Outcome) {
    let marker = &section.heading.marker;
    let number = marker.number;
    let (en, zh) = match previous {
        Some(p) if number == p => (
            format!("heading {} repeats number {number}", marker.text),
            format!("标题序号{}与上一个重复", marker.text),
        ),
        Some(p) if number < p => (
            format!("heading {} goes back: it follows number {p}", marker.text),
            format!("标题序号{}倒退：前一个是{p}", marker.text),
        ),
        Some(_) => (
            format!(
                "heading {} skips: number {expected} is missing",
                marker.text
            ),
            format!("标题序号{}跳号：缺少{expected}", marker.text),
        ),
        None => (
            format!(
                "heading {} should start the numbering at 1 (or continue the previous part's)",
                marker.text
            ),
            format!("标题序号{}应从1开始（或接续上一部分）", marker.text),
        ),
    };
    outcome.findings.push(Finding {
        rule: "numbering.sequence",
        severity: Severity::Warning,
        message: Message::new(en, zh),
        span: marker.span,
        figures: Vec::new(),
        arithmetic: None,
        expected: Some(expected.to_string()),
        stated: Some(number.to_string()),
    });
}

/// Item markers grouped by the section (or body) they occur in, in document order.
fn collect_items<'a>(blocks: &'a [Block], out: &mut Vec<Vec<(u32, &'a str, Span)>>) {
    let mut here = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                for inline in &p.inlines {
                    if let Inline::Item(item) = inline {
                        here.push((item.number, item.text.as_str(), item.span));
                    }
                }
            }
            Block::Section(s) => collect_items(&s.blocks, out),
            _ => {}
        }
    }
    out.push(here);
}

/// Within one section, 一是/二是 count up by one; 一是 may restart the count at any point.
fn item_sequences(groups: &[Vec<(u32, &str, Span)>], outcome: &mut Outcome) {
    for group in groups {
        let mut previous: Option<u32> = None;
        for &(number, text, span) in group {
            let expected = previous.map_or(1, |p| p + 1);
            if number != 1 && number != expected {
                outcome.findings.push(Finding {
                    rule: "numbering.sequence",
                    severity: Severity::Warning,
                    message: Message::new(
                        format!(
                            "{text} follows {}: expected the marker for {expected}",
                            previous.map_or("nothing".to_string(), |p| p.to_string())
                        ),
                        format!("“{text}”顺序有误：此处应为第{expected}项"),
                    ),
                    span,
                    figures: Vec::new(),
                    arithmetic: None,
                    expected: Some(expected.to_string()),
                    stated: Some(number.to_string()),
                });
            }
            previous = Some(number);
        }
    }
}
