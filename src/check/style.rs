//! `style.punctuation`: ASCII punctuation inside Chinese text (GB/T 15834 wants full-width).

use super::Outcome;
use crate::diag::{Finding, Message, Severity};
use crate::model::{Inline, Report, Span};
use crate::punctuation::{full_width, offenders};
use std::fmt::Write as _;

pub(super) fn check(report: &Report, outcome: &mut Outcome) {
    crate::relations::for_each_leaf(&report.body, &mut |inlines| paragraph(inlines, outcome));
}

fn paragraph(inlines: &[Inline], outcome: &mut Outcome) {
    let Some(base) = inlines.first().map(|i| i.span().start) else {
        return;
    };
    let mut text = String::with_capacity(inlines.iter().map(|i| i.text().len()).sum());
    for inline in inlines {
        text.push_str(inline.text());
    }
    let found = offenders(&text);
    let Some(&(first, c)) = found.first() else {
        return;
    };
    let mut counts: Vec<(char, usize)> = Vec::new();
    for &(_, c) in &found {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    // `3 × ',' → '，', 1 × '(' → '（'`, pushed piece by piece: most paragraphs of a text
    // pasted from a web page have a listing, and formatting each entry cost more than the
    // search for the marks.
    let mut listing = String::with_capacity(counts.len() * 24);
    for &(c, n) in &counts {
        if !listing.is_empty() {
            listing.push_str(", ");
        }
        // Writing to a `String` cannot fail.
        let _ = write!(listing, "{n}");
        listing.push_str(" × '");
        listing.push(c);
        listing.push_str("' → '");
        listing.push(full_width(c).unwrap_or(c));
        listing.push('\'');
    }
    let count = found.len().to_string();
    let count = count.as_str();
    outcome.findings.push(Finding {
        rule: &super::rules::STYLE_PUNCTUATION,
        severity: Severity::Warning,
        // Joined, not formatted: one message a paragraph.
        message: Message::new(
            [
                count,
                " ASCII punctuation mark",
                if found.len() == 1 { "" } else { "s" },
                " in Chinese text; GB/T 15834 wants full-width forms (",
                &listing,
                ")",
            ]
            .concat(),
            [
                "中文文本中有",
                count,
                "个半角标点，GB/T 15834要求使用全角标点（",
                &listing,
                "）",
            ]
            .concat(),
        ),
        span: Span::new(base + first, base + first + c.len_utf8()),
        figures: Vec::new(),
        arithmetic: None,
        expected: full_width(c).map(String::from),
        stated: Some(c.to_string()),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_punctuation_in_chinese_context() {
        let found: Vec<char> = offenders("2020年,全区(含2,700户)比例12.8:45.4 ok, fine (x)")
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(found, [',', '(', ')']);
    }
}
