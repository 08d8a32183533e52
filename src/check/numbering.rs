//! `numbering.sequence`: heading numbers and 一是/二是 markers in order.
//!
//! Under each parent, headings of one style must count up by one. The first one may start at 1
//! (numbering restarts under each parent) or continue from the last heading of the same style and
//! level under the previous parent (numbering runs on, as the sample's 1.–29. does across
//! （一）–（八）). Both schemes are valid; a skip, a repeat or a step back is not.

use super::{Outcome, Text};
use crate::diag::{Finding, Message, Severity};
use crate::lexicon::QuickHash;
use crate::model::{Block, Inline, MarkerStyle, Report, Section, Span};
use std::collections::{HashMap, HashSet};

/// Checks the numbering of a report whose text is `text`.
pub(super) fn check(report: &Report, text: &Text, outcome: &mut Outcome) {
    let mut last_seen = HashMap::default();
    // Sized once: growing it would hash every heading's text again.
    let mut seen_headings = HashSet::with_capacity(report.sections().len());
    headings(&report.body, &mut last_seen, &mut seen_headings, outcome);
    let mut items = Vec::new();
    collect_items(&report.body, &mut items);
    item_sequences(&items, text, outcome);
}

/// Returns true if and only if the heading holds an amount written with thousands separators:
/// a table row whose first cell is numbered.
fn is_table_row(section: &Section) -> bool {
    section.heading.inlines.iter().any(|i| match i {
        Inline::Figure(f) => {
            f.text.contains(',') && f.text.chars().filter(char::is_ascii_digit).count() >= 4
        }
        _ => false,
    })
}

/// Returns true if and only if a block is a paragraph that ends with a colon (从公开内容看：): the
/// introduction of a list, which may number from 1 again.
fn introduces_a_list(block: &Block) -> bool {
    let Block::Paragraph(p) = block else {
        return false;
    };
    p.inlines
        .last()
        .is_some_and(|i| i.text().trim_end().ends_with(['：', ':']))
}

/// A heading's marker and text, to recognise a passage stated twice (a page repeated in a dump).
fn heading_key(section: &Section) -> String {
    let (marker, inlines) = (&section.heading.marker.text, &section.heading.inlines);
    // Sized once: a heading's text grown piece by piece was copied again at each piece.
    let len = marker.len() + inlines.iter().map(|i| i.text().len()).sum::<usize>();
    let mut key = String::with_capacity(len);
    key.push_str(marker);
    for inline in inlines {
        key.push_str(inline.text());
    }
    key
}

/// Checks the headings directly under one parent, then recurses.
fn headings(
    blocks: &[Block],
    last_seen: &mut HashMap<(u8, MarkerStyle), u32, QuickHash>,
    seen_headings: &mut HashSet<String>,
    outcome: &mut Outcome,
) {
    let mut previous: HashMap<MarkerStyle, u32, QuickHash> = HashMap::default();
    // A paragraph between headings of one style may introduce a new list (从公开内容看：), or
    // end a table of contents: after it, numbering may start again at 1.
    let mut after_paragraph = false;
    for block in blocks {
        let Block::Section(section) = block else {
            after_paragraph |= matches!(block, Block::Paragraph(_));
            continue;
        };
        // `一、财政拨款收入 47,483,458`: a row of a table, not a heading.
        if is_table_row(section) {
            continue;
        }
        // A heading stated twice with its text is a repeated passage, not a step back.
        if !seen_headings.insert(heading_key(section)) {
            headings(&section.blocks, last_seen, seen_headings, outcome);
            continue;
        }
        let marker = &section.heading.marker;
        if after_paragraph && marker.number == 1 {
            previous.remove(&marker.style);
        }
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
        // A section with more than its own paragraph (a list intro, a table of contents
        // entry followed by text) may be followed by a list that starts again at 1.
        after_paragraph =
            section.blocks.len() >= 2 || section.blocks.last().is_some_and(introduces_a_list);
        headings(&section.blocks, last_seen, seen_headings, outcome);
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
        rule: &super::rules::NUMBERING_SEQUENCE,
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
fn item_sequences(groups: &[Vec<(u32, &str, Span)>], text: &Text, outcome: &mut Outcome) {
    for group in groups {
        let mut previous: Option<(u32, Span)> = None;
        for &(number, marker, span) in group {
            let expected = previous.map_or(1, |(p, _)| p + 1);
            // `一是…。二积极推进…。三是`: the missing marker stands at a sentence start without 是.
            let bare = previous.is_some_and(|(p, at)| {
                number == p + 2
                    && text
                        .as_str()
                        .get(at.end..span.start)
                        .is_some_and(|between| {
                            chinese_digit(p + 1).is_some_and(|n| {
                                between.contains(&format!("。{n}"))
                                    || between.contains(&format!("；{n}"))
                            })
                        })
            });
            if number != 1 && number != expected && !bare {
                outcome.findings.push(Finding {
                    rule: &super::rules::NUMBERING_SEQUENCE,
                    severity: Severity::Warning,
                    message: Message::new(
                        format!(
                            "{marker} follows {}: expected the marker for {expected}",
                            previous.map_or("nothing".to_string(), |(p, _)| p.to_string())
                        ),
                        format!("“{marker}”顺序有误：此处应为第{expected}项"),
                    ),
                    span,
                    figures: Vec::new(),
                    arithmetic: None,
                    expected: Some(expected.to_string()),
                    stated: Some(number.to_string()),
                });
            }
            previous = Some((number, span));
        }
    }
}

/// The Chinese numeral for 1 to 10.
fn chinese_digit(n: u32) -> Option<char> {
    "一二三四五六七八九十"
        .chars()
        .nth(usize::try_from(n).ok()?.checked_sub(1)?)
}
