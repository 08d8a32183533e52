//! The 公文 elements among the lines of a text (GB/T 9704-2012 §7): the 版头 lines above the
//! title (份号, 密级, 紧急程度, 发文机关标志, 发文字号 and 签发人), the 主送 line below it, and the
//! closing — 附件说明, 发文机关署名, 成文日期, 附注, the attachments and the 版记 (抄送, 印发).
//!
//! Recognition is conservative: a line is an element only where the standard puts it and only
//! in the form the standard gives it, so a report without these elements reads as before. The
//! 版头 is looked for in the first lines, the closing in the last ones ([`TAIL`]); the work does
//! not grow with the length of the text.

use crate::lexicon::{self, ends_with_any, starts_with_any};
use crate::model::{ElementKind, MarkerStyle};
use crate::structure::{is_organ, marker};
use std::ops::Range;

/// How many lines at the top may hold the 版头.
const HEAD: usize = 8;
/// How many lines at the end may hold the closing (署名, 日期, 附件, 版记).
const TAIL: usize = 80;
/// The longest 发文机关标志, signature or 版头 line, in characters.
const LONGEST_NAME: usize = 40;

/// An element found on a line: which, and its byte range in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The index of the line.
    pub line: usize,
    /// Which element.
    pub kind: ElementKind,
    /// Its bytes within the line.
    pub range: Range<usize>,
}

/// The elements of a text's lines.
#[derive(Debug, Default)]
pub(crate) struct Elements {
    /// Elements in line order (a line holds one, or two: 发文字号 and 签发人).
    pub found: Vec<Found>,
    /// How many lines at the top are 版头 lines: the title is looked for after them.
    pub head: usize,
    /// The lines that title an attachment (the line after each 附件N label).
    pub attachment_titles: Vec<usize>,
}

/// Finds the 版头 lines at the top and the closing elements at the end of `lines`; `is_row(i)`
/// is true for a line that is a table row.
pub(crate) fn find(lines: &[&str], is_row: &dyn Fn(usize) -> bool) -> Elements {
    let mut elements = Elements::default();
    for (i, line) in lines.iter().enumerate().take(HEAD) {
        let Some(kinds) = header_line(line) else {
            break;
        };
        elements
            .found
            .extend(kinds.into_iter().map(|(kind, range)| Found {
                line: i,
                kind,
                range,
            }));
        elements.head = i + 1;
    }
    closing(lines, elements.head, is_row, &mut elements);
    elements
}

/// The 主送 line: recipients separated by 、 or ，, ending with a colon (`各乡镇人民政府，区政府
/// 各委、局：`, `天津市人民政府：`).
pub(crate) fn is_recipient(line: &str) -> bool {
    let line = line.trim();
    let Some(names) = line.strip_suffix('：').or_else(|| line.strip_suffix(':')) else {
        return false;
    };
    let folded = lexicon::fold(names);
    !names.is_empty()
        && lexicon::at_most_chars(names, 100)
        && !names.contains(['。', '；', ';', '！', '？', '：', ':'])
        && marker(names).is_none()
        && !lexicon::NOT_RECIPIENTS.found_in(&folded)
        && folded.split(['、', '，', ',']).all(|name| {
            let name = name.trim();
            !name.is_empty()
                && (is_organ(name)
                    || lexicon::RECIPIENT_GROUPS.found_in(name)
                    || ends_with_any(name, lexicon::RECIPIENT_ENDINGS))
        })
}

/// A line of the 版头: the elements on it with their byte ranges.
fn header_line(line: &str) -> Option<Vec<(ElementKind, Range<usize>)>> {
    let trimmed = line.trim_end();
    let folded = lexicon::fold(trimmed);
    let whole = |kind| Some(vec![(kind, 0..line.len())]);
    let chars = trimmed.chars().count();
    if chars == 6
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return whole(ElementKind::CopyNumber);
    }
    if chars <= 16
        && let Some(word) = lexicon::SECRECY.iter().find(|w| folded.starts_with(*w))
    {
        let rest = folded[word.len()..].trim();
        if rest.is_empty() || rest.starts_with(['★', '☆', '*']) {
            return whole(ElementKind::Secrecy);
        }
    }
    if lexicon::URGENCY.contains(&folded.trim()) {
        return whole(ElementKind::Urgency);
    }
    if (4..=LONGEST_NAME).contains(&chars)
        && ends_with_any(&folded, lexicon::ISSUER_MARK_ENDINGS)
        && !folded.contains("关于")
        && !trimmed.contains(|c: char| {
            matches!(c, '，' | '。' | '、' | '：' | ':' | '；') || c.is_ascii_digit()
        })
    {
        return whole(ElementKind::IssuerMark);
    }
    doc_number(line)
}

/// A 发文字号 line (`静海政发〔2021〕5号`), with a 签发人 after it on the same line.
fn doc_number(line: &str) -> Option<Vec<(ElementKind, Range<usize>)>> {
    let end = doc_number_length(line)?;
    let rest = &line[end..];
    let folded = lexicon::fold(rest);
    let signer_at = folded
        .find(|c: char| !c.is_whitespace() && c != '\u{3000}')
        .filter(|&i| starts_with_any(&folded[i..], lexicon::SIGNER));
    Some(match signer_at {
        Some(i) => vec![
            (ElementKind::DocNumber, 0..end + i),
            (ElementKind::Signer, end + i..line.len()),
        ],
        None if rest.trim().is_empty() => vec![(ElementKind::DocNumber, 0..line.len())],
        None => return None,
    })
}

/// The length of a 发文字号 at the start of a line: an organ's abbreviation of up to 15
/// characters, the year in 〔〕 (or [] ［］ （） ()), a number and 号.
fn doc_number_length(line: &str) -> Option<usize> {
    let open = line.find(['〔', '[', '［', '（', '('])?;
    let prefix = &line[..open];
    let prefix_chars = prefix.chars().count();
    if !(1..=15).contains(&prefix_chars)
        || !prefix
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
    {
        return None;
    }
    let after_open = open + line[open..].chars().next()?.len_utf8();
    let year_len = digits(&line[after_open..]);
    if year_len != 4 {
        return None;
    }
    let close = &line[after_open + year_len..];
    let close_char = close.chars().next()?;
    if !matches!(close_char, '〕' | ']' | '］' | '）' | ')') {
        return None;
    }
    let number_at = after_open + year_len + close_char.len_utf8();
    let number_len = digits(&line[number_at..]);
    if number_len == 0 || !line[number_at + number_len..].starts_with('号') {
        return None;
    }
    Some(number_at + number_len + '号'.len_utf8())
}

/// How many bytes of ASCII digits `s` starts with.
fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// A 成文日期 line: `2021年3月29日` or `二〇二一年三月二十九日`.
pub(crate) fn is_date_line(line: &str) -> bool {
    let line = line.trim();
    let Some(rest) = line.strip_suffix('日') else {
        return false;
    };
    let Some((year, rest)) = rest.split_once('年') else {
        return false;
    };
    let Some((month, day)) = rest.split_once('月') else {
        return false;
    };
    let year_ok = year.chars().count() == 4
        && year.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || "〇○零Ｏ一二三四五六七八九".contains(c)
        });
    let small = |s: &str| {
        (1..=3).contains(&s.chars().count())
            && s.chars().all(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "〇一二三四五六七八九十".contains(c)
            })
    };
    year_ok && small(month) && small(day)
}

/// A 发文机关署名: one organ, or several separated by spaces (a joint document).
fn is_signature(line: &str) -> bool {
    let line = line.trim();
    lexicon::at_most_chars(line, 2 * LONGEST_NAME)
        && line
            .split([' ', '\u{3000}'])
            .filter(|n| !n.is_empty())
            .all(is_organ)
}

/// A 附注: one parenthesized line (`（此件公开发布）`).
fn is_remark(line: &str) -> bool {
    let line = line.trim();
    (line.starts_with('（') && line.ends_with('）') || line.starts_with('(') && line.ends_with(')'))
        && lexicon::at_most_chars(line, 200)
}

/// A 版记 line: `抄送：…` or `…2021年3月30日印发`.
fn imprint_kind(line: &str) -> Option<ElementKind> {
    let folded = lexicon::fold(line.trim());
    if lexicon::CC
        .iter()
        .any(|w| folded.starts_with(&format!("{w}：")) || folded.starts_with(&format!("{w}:")))
    {
        return Some(ElementKind::Cc);
    }
    (ends_with_any(&folded, lexicon::PRINTED) && folded.contains('年') && folded.contains('月'))
        .then_some(ElementKind::Printer)
}

/// An attachment's label: `附件`, `附件1`, `附件一` alone on a line.
fn is_attachment_label(line: &str) -> bool {
    let folded = lexicon::fold(line.trim());
    folded.strip_prefix(lexicon::ATTACHMENT).is_some_and(|n| {
        n.chars().count() <= 3
            && n.chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    })
}

/// The start of a 附件说明: `附件：…`.
fn opens_attachment_note(line: &str) -> bool {
    let folded = lexicon::fold(line.trim_start());
    folded
        .strip_prefix(lexicon::ATTACHMENT)
        .is_some_and(|rest| rest.starts_with(['：', ':']))
}

/// The closing elements, from the end of the text back: 版记 lines, attachments after the date,
/// 附注, the date, the signature above it and the 附件说明 above that.
fn closing(lines: &[&str], head: usize, is_row: &dyn Fn(usize) -> bool, out: &mut Elements) {
    let first = lines.len().saturating_sub(TAIL).max(head);
    let mut found = Vec::new();
    // 版记: the last lines, 抄送 and 印发.
    let mut imprint = lines.len();
    while imprint > first
        && !is_row(imprint - 1)
        && let Some(kind) = imprint_kind(lines[imprint - 1])
    {
        imprint -= 1;
        found.push(whole(lines, imprint, kind));
    }
    // The date: the last date line before the attachments and the 版记 with only 附注 after it.
    let date = (first..imprint)
        .rev()
        .find(|&i| !is_row(i) && is_date_line(lines[i]));
    let Some(date) = date else {
        out.found.extend(found.into_iter().rev());
        return;
    };
    let mut end = date + 1;
    let mut remarks = 0;
    while end < imprint && remarks < 2 && !is_row(end) && is_remark(lines[end]) {
        found.push(whole(lines, end, ElementKind::Remark));
        end += 1;
        remarks += 1;
    }
    // What follows must be attachments, each opened by its label.
    if end < imprint && (is_row(end) || !is_attachment_label(lines[end])) {
        out.found.extend(
            found
                .into_iter()
                .filter(|f| f.kind != ElementKind::Remark)
                .rev(),
        );
        return;
    }
    for i in end..imprint {
        if !is_row(i) && is_attachment_label(lines[i]) {
            found.push(whole(lines, i, ElementKind::AttachmentLabel));
            if i + 1 < imprint && !is_row(i + 1) && marker(lines[i + 1]).is_none() {
                out.attachment_titles.push(i + 1);
            }
        }
    }
    found.push(whole(lines, date, ElementKind::Date));
    let mut top = date;
    if date > first && !is_row(date - 1) && is_signature(lines[date - 1]) {
        top = date - 1;
        found.push(whole(lines, top, ElementKind::Signature));
    }
    // 附件说明: `附件：1.…` and the numbered items after it, right above the signature.
    let mut i = top;
    let mut items = Vec::new();
    while i > first && !is_row(i - 1) {
        let line = lines[i - 1];
        if opens_attachment_note(line) {
            items.push(i - 1);
            found.extend(
                items
                    .into_iter()
                    .map(|n| whole(lines, n, ElementKind::AttachmentNote)),
            );
            break;
        }
        match marker(line) {
            Some((MarkerStyle::ArabicDot, _, _)) => items.push(i - 1),
            _ => break,
        }
        i -= 1;
    }
    found.sort_by_key(|f| f.line);
    out.found.extend(found);
}

fn whole(lines: &[&str], line: usize, kind: ElementKind) -> Found {
    Found {
        line,
        kind,
        range: 0..lines[line].len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, ElementKind)> {
        let lines: Vec<&str> = text.lines().collect();
        find(&lines, &|_| false)
            .found
            .iter()
            .map(|f| (f.line, f.kind))
            .collect()
    }

    #[test]
    fn the_header_lines_above_the_title() {
        use ElementKind::*;
        let text = "000001\n机密★1年\n特急\n天津市静海区人民政府文件\n静海政发〔2021〕5号\n关于…的报告\n正文。";
        assert_eq!(
            kinds(text),
            [
                (0, CopyNumber),
                (1, Secrecy),
                (2, Urgency),
                (3, IssuerMark),
                (4, DocNumber)
            ]
        );
        let lines = ["静海政发〔2021〕5号　　签发人：张三"];
        let found = find(&lines, &|_| false).found;
        assert_eq!(found[0].kind, DocNumber);
        assert_eq!(&lines[0][found[0].range.clone()], "静海政发〔2021〕5号　　");
        assert_eq!(found[1].kind, Signer);
        assert_eq!(&lines[0][found[1].range.clone()], "签发人：张三");
        // A title, a sentence, a heading: not 版头 lines.
        assert!(kinds("2020年法治政府建设情况报告\n正文。").is_empty());
        assert!(kinds("秘密文件的管理办法\n正文。").is_empty());
        assert!(kinds("一、总体情况\n正文。").is_empty());
        assert!(kinds("123456789\n正文。").is_empty());
    }

    #[test]
    fn recipients_and_sentences_ending_with_a_colon() {
        assert!(is_recipient("天津市人民政府："));
        assert!(is_recipient("各乡镇人民政府，区政府各委、局，各直属单位："));
        assert!(is_recipient("各位代表："));
        assert!(!is_recipient("现将有关情况报告如下："));
        assert!(!is_recipient("主要做法是："));
        assert!(!is_recipient("一、总体情况："));
    }

    #[test]
    fn the_closing_from_the_attachment_note_to_the_imprint() {
        use ElementKind::*;
        let text = "标题\n正文。\n附件：1.重点任务\n2.统计表\n天津市静海区人民政府\n2021年3月29日\n（此件公开发布）\n附件1\n重点任务\n内容。\n抄送：区委办公室。\n天津市静海区人民政府办公室　2021年3月30日印发";
        let lines: Vec<&str> = text.lines().collect();
        let elements = find(&lines, &|_| false);
        let kinds: Vec<_> = elements.found.iter().map(|f| (f.line, f.kind)).collect();
        assert_eq!(
            kinds,
            [
                (2, AttachmentNote),
                (3, AttachmentNote),
                (4, Signature),
                (5, Date),
                (6, Remark),
                (7, AttachmentLabel),
                (10, Cc),
                (11, Printer)
            ]
        );
        assert_eq!(elements.attachment_titles, [8]);
    }

    #[test]
    fn a_date_inside_the_text_is_not_a_closing() {
        // Text after the date that is not an attachment: the date is part of the body.
        assert!(kinds("标题\n2021年3月29日\n正文继续。").is_empty());
        assert!(is_date_line("二〇二一年三月二十九日"));
        assert!(!is_date_line("2021年3月29日召开会议"));
        // A date with a person above it is a date without a signature.
        assert_eq!(
            kinds("标题\n正文。\n张三\n2021年3月29日"),
            [(3, ElementKind::Date)]
        );
    }
}
