//! Structure: title, preface, numbered sections, run-in headings, paragraphs, tables, and the
//! inline figures and 一是/二是 markers within them.
//!
//! Input is normalized text, one paragraph per line. A line that opens with a numbering marker
//! (`一、` `（一）` `1.` `（1）` `①` `第一章`) is a heading; its level is its depth in the stack of
//! marker styles open above it, so a report that goes from `一、` straight to `1.` nests `1.` at
//! level 2. A heading whose first sentence ends before the line does is run in: the sentence is
//! the heading and the rest of the line its first paragraph. Numbers are kept as written; whether
//! they run in sequence is for the checks to say, not for the parser to repair.

use crate::elements;
use crate::figures;
use crate::model::{
    Block, Cell, Element, ElementKind, Heading, Inline, Item, Marker, MarkerStyle, Paragraph,
    Report, Row, Section, Span, Table, Text,
};
use compact_str::{CompactString, ToCompactString};

/// The deepest section level the model holds; deeper markers are read as paragraphs.
const MAX_LEVEL: usize = 4;

/// Parses normalized text (one paragraph per line) into a report body, with figures and items.
pub fn parse(text: &str) -> Report {
    parse_outlined(text, &|_| None, &|_| false)
}

/// Like [`parse`], for text whose lines may carry an outline level (Word heading styles):
/// `outline(start)` gives the 1-based level of the line starting at byte `start`. A line without
/// a written marker but with a level of 1–4 is a heading of that level, numbered by its place
/// among its siblings ([`MarkerStyle::Outline`]). `table_row(start)` is true for a line that is
/// a table row by the reader's knowledge (a DOCX table), whose text need not look like one
/// (`1.食品烟酒|2.6`): it is never a heading nor the title.
pub fn parse_outlined(
    text: &str,
    outline: &dyn Fn(usize) -> Option<u8>,
    table_row: &dyn Fn(usize) -> bool,
) -> Report {
    let mut builder = Builder::new(text);
    let lines: Vec<(usize, &str)> = lines_with_offsets(text).collect();
    let is_row = |&(start, line): &(usize, &str)| table_row(start) || is_table_row(line);
    let texts: Vec<&str> = lines.iter().map(|&(_, line)| line).collect();
    let mut found = elements::find(&texts, &|i| is_row(&lines[i]));
    let head = found.head;
    let title_at = title_line(&lines[head..], &is_row).map(|(at, len)| (at + head, len));
    if let Some((at, len)) = title_at
        && len == lines[at].1.len()
        && let Some(&(_, next)) = lines.get(at + 1)
        && !found.found.iter().any(|f| f.line == at + 1)
        && elements::is_recipient(next)
    {
        found.found.push(elements::Found {
            line: at + 1,
            kind: ElementKind::Recipient,
            range: 0..next.len(),
        });
        found.found.sort_by_key(|f| (f.line, f.range.start));
    }
    let mut elements = found.found.iter().peekable();
    let mut table: Option<Table> = None;
    for (i, &(start, line)) in lines.iter().enumerate() {
        if is_row(&(start, line)) {
            let row = builder.row(start, line);
            let t = table.get_or_insert_with(Table::default);
            t.rows.push(row);
            continue;
        }
        if let Some(t) = table.take() {
            builder.push(Block::Table(close_table(t)));
        }
        if elements.peek().is_some_and(|f| f.line == i) {
            while let Some(f) = elements.next_if(|f| f.line == i) {
                builder.element(f.kind, start + f.range.start, start + f.range.end);
            }
            continue;
        }
        if found.attachment_titles.contains(&i) {
            builder.close_all();
            let title = builder.paragraph(start, start + line.len());
            builder.push(Block::Title(title));
            continue;
        }
        let (start, line) = match title_at {
            Some((at, title_len)) if at == i => {
                let title = builder.paragraph(start, start + title_len);
                builder.push(Block::Title(title));
                if title_len == line.len() {
                    continue;
                }
                (start + title_len, &line[title_len..])
            }
            _ => (start, line),
        };
        if let Some(level) = outline(start).filter(|_| marker(line).is_none()) {
            builder.outline_heading(start, line, level);
            continue;
        }
        for (piece_start, piece) in split_run_on_headings(start, line, builder.last_top_number) {
            builder.line(piece_start, piece);
        }
    }
    if let Some(t) = table.take() {
        builder.push(Block::Table(close_table(t)));
    }
    builder.finish()
}

/// How many lines at the top may come before the title (datelines, page furniture).
const TITLE_LOOKAHEAD: usize = 12;

/// Which line holds the title, and how long the title is: among the lines before the first
/// heading, the first that can be a title and names a report (报告, 公报 …); else the first line
/// if it can be a title.
fn title_line(
    lines: &[(usize, &str)],
    is_row: &dyn Fn(&(usize, &str)) -> bool,
) -> Option<(usize, usize)> {
    let top = lines
        .iter()
        .take(TITLE_LOOKAHEAD)
        .take_while(|(_, line)| marker(line).is_none());
    for (i, (_, line)) in top.enumerate() {
        if let Some(len) = title_length(line).filter(|_| !is_row(&lines[i]))
            && TITLE_ENDINGS.iter().any(|e| line[..len].contains(e))
        {
            return Some((i, len));
        }
    }
    let (_, first) = lines.first()?;
    // A bullet or a dash opens a list item or page furniture, not a title.
    if first.starts_with(['-', '•', '►', '|', '*', '·']) || is_row(&lines[0]) {
        return None;
    }
    title_length(first).map(|len| (0, len))
}

/// Splits a line of text pasted without line breaks before each level-one heading that follows
/// a full stop and continues the numbering (`…法治保障。一、坚持党的领导…` after no 一、, or
/// `…。二、…` after 一、), so headings inside the text are found.
fn split_run_on_headings(start: usize, line: &str, mut last: u32) -> Vec<(usize, &str)> {
    let mut pieces = Vec::new();
    let mut from = 0;
    // The stops are three bytes each, led by 0xE3 (。) or 0xEF (！？): only the bytes that lead
    // Chinese punctuation are looked at, not every character decoded. A lead byte starts a
    // character.
    let bytes = line.as_bytes();
    for i in memchr::memchr2_iter(0xE3, 0xEF, bytes) {
        let Some(stop) = ["。", "！", "？"]
            .iter()
            .find(|s| bytes[i..].starts_with(s.as_bytes()))
        else {
            continue;
        };
        let at = i + stop.len();
        if let Some((MarkerStyle::ChineseComma, number, _)) = marker(&line[at..])
            && number == last + 1
            && at < line.len()
        {
            pieces.push((start + from, &line[from..at]));
            from = at;
            last = number;
        }
    }
    pieces.push((start + from, &line[from..]));
    pieces
}

fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // The breaks found with memchr's vector search (the standard library's steps a word at a
    // time); the text's end closes the last line.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let mut start = 0;
    ends.filter_map(move |end| {
        let line = (start, &text[start..end]);
        start = end + 1;
        (!line.1.is_empty()).then_some(line)
    })
}

/// Builds the section tree from a flat sequence of headings and blocks.
struct Builder<'a> {
    text: &'a str,
    body: Vec<Block>,
    /// Open sections, outermost first, with the rank of their marker style.
    open: Vec<(u8, Section)>,
    next_id: usize,
    /// The number of the last `一、` heading so far (0 before the first).
    last_top_number: u32,
    /// How many outline headings of each level the current parents hold.
    outline_counts: [u32; MAX_LEVEL],
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Builder<'a> {
        Builder {
            text,
            body: Vec::new(),
            open: Vec::new(),
            next_id: 1,
            last_top_number: 0,
            outline_counts: [0; MAX_LEVEL],
        }
    }

    /// A heading known by its outline level rather than a written marker.
    fn outline_heading(&mut self, start: usize, line: &str, level: u8) {
        let level = usize::from(level);
        if !(1..=MAX_LEVEL).contains(&level) {
            let p = self.paragraph(start, start + line.len());
            self.push(Block::Paragraph(p));
            return;
        }
        // Outline level L sits where the L-th written style would (一、 for level 1).
        let rank = level as u8 + 1;
        while self.open.last().is_some_and(|(r, _)| *r >= rank) {
            self.close_one();
        }
        self.outline_counts[level - 1] += 1;
        self.outline_counts[level..].fill(0);
        let heading = Heading {
            marker: Marker {
                text: compact_str::CompactString::default(),
                number: self.outline_counts[level - 1],
                style: MarkerStyle::Outline,
                span: Span::new(start, start),
            },
            inlines: self.inlines(start, start + line.len()),
            run_in: false,
            span: Span::new(start, start + line.len()),
        };
        self.open_section(rank, heading);
    }

    /// Opens a section under the innermost open one (the caller has closed those of equal or
    /// lower rank).
    fn open_section(&mut self, rank: u8, heading: Heading) {
        let section = Section {
            level: self.open.len() as u8 + 1,
            span: heading.span,
            heading,
            blocks: Vec::new(),
        };
        self.open.push((rank, section));
    }

    /// Handles one line that is not part of a table.
    fn line(&mut self, start: usize, line: &str) {
        let Some((style, number, marker_len)) = marker(line) else {
            let p = self.paragraph(start, start + line.len());
            self.push(Block::Paragraph(p));
            return;
        };
        let rank = rank(style);
        let depth = self.open.iter().filter(|(r, _)| *r < rank).count() + 1;
        if depth > MAX_LEVEL || marker_len == line.len() {
            let p = self.paragraph(start, start + line.len());
            self.push(Block::Paragraph(p));
            return;
        }
        while self.open.last().is_some_and(|(r, _)| *r >= rank) {
            self.close_one();
        }
        if style == MarkerStyle::ChineseComma {
            self.last_top_number = number;
        }
        let rest = &line[marker_len..];
        let heading_end = run_in_split(rest).map_or(line.len(), |n| marker_len + n);
        let run_in = heading_end < line.len();
        let marker = Marker {
            text: line[..marker_len].into(),
            number,
            style,
            span: Span::new(start, start + marker_len),
        };
        let inlines = self.inlines(start + marker_len, start + heading_end);
        let heading = Heading {
            marker,
            inlines,
            run_in,
            span: Span::new(start, start + heading_end),
        };
        self.open_section(rank, heading);
        if run_in {
            let p = self.paragraph(start + heading_end, start + line.len());
            self.push(Block::Paragraph(p));
        }
    }

    /// Adds a block to the innermost open section, or to the body.
    fn push(&mut self, block: Block) {
        match self.open.last_mut() {
            Some((_, section)) => {
                section.span.end = block.span().end;
                section.blocks.push(block);
            }
            None => self.body.push(block),
        }
    }

    fn close_all(&mut self) {
        while !self.open.is_empty() {
            self.close_one();
        }
    }

    /// A 公文 element: it stands outside every section.
    fn element(&mut self, kind: ElementKind, start: usize, end: usize) {
        self.close_all();
        let inlines = self.inlines(start, end);
        self.push(Block::Element(Box::new(Element {
            kind,
            inlines,
            span: Span::new(start, end),
        })));
    }

    fn close_one(&mut self) {
        if let Some((_, section)) = self.open.pop() {
            self.push(Block::Section(Box::new(section)));
        }
    }

    fn finish(mut self) -> Report {
        self.close_all();
        Report {
            body: self.body,
            ..Report::default()
        }
    }

    fn paragraph(&mut self, start: usize, end: usize) -> Paragraph {
        Paragraph {
            inlines: self.inlines(start, end),
            span: Span::new(start, end),
        }
    }

    fn row(&mut self, start: usize, line: &str) -> Row {
        let mut cells = Vec::new();
        let mut cell_start = start;
        for piece in line.split('|') {
            let end = cell_start + piece.len();
            cells.push(Cell {
                inlines: self.inlines(cell_start, end),
                span: Span::new(cell_start, end),
            });
            cell_start = end + 1;
        }
        Row {
            cells,
            span: Span::new(start, start + line.len()),
        }
    }

    /// The inline content of `text[start..end]`: 一是/二是 markers, figures and text between.
    fn inlines(&mut self, start: usize, end: usize) -> Vec<Inline> {
        let mut out = Vec::new();
        let mut from = start;
        for item in items(&self.text[start..end], start) {
            self.text_and_figures(from, item.span.start, &mut out);
            from = item.span.end;
            out.push(Inline::Item(Box::new(item)));
        }
        self.text_and_figures(from, end, &mut out);
        // Paragraphs stay in memory for the whole run: no growth slack.
        out.shrink_to_fit();
        out
    }

    fn text_and_figures(&mut self, start: usize, end: usize, out: &mut Vec<Inline>) {
        let segment = &self.text[start..end];
        let mut from = 0;
        let figures = figures::scan(segment);
        // Exactly the inlines this segment makes: a paragraph without items then needs no
        // shrinking at its end (a copy of its inlines).
        let mut needed = figures.len();
        let mut at = 0;
        for figure in &figures {
            needed += usize::from(figure.span.start > at);
            at = figure.span.end;
        }
        needed += usize::from(at < segment.len());
        out.reserve_exact(needed);
        for mut figure in figures {
            if figure.span.start > from {
                out.push(text_inline(segment, start, from, figure.span.start));
            }
            from = figure.span.end;
            figure.span = Span::new(start + figure.span.start, start + figure.span.end);
            // `f` and the number, without the formatting machinery.
            figure.id = CompactString::const_new("f");
            figure.id.push_str(&self.next_id.to_compact_string());
            self.next_id += 1;
            out.push(Inline::Figure(Box::new(figure)));
        }
        if from < segment.len() {
            out.push(text_inline(segment, start, from, segment.len()));
        }
    }
}

fn text_inline(segment: &str, base: usize, from: usize, to: usize) -> Inline {
    Inline::Text(Text {
        text: segment[from..to].to_string(),
        span: Span::new(base + from, base + to),
    })
}

fn close_table(mut table: Table) -> Table {
    if let (Some(first), Some(last)) = (table.rows.first(), table.rows.last()) {
        table.span = Span::new(first.span.start, last.span.end);
    }
    table
}

/// Returns true if and only if a line is a row of a `|`-separated table: it starts or ends with
/// `|`, or holds two or more of them.
fn is_table_row(line: &str) -> bool {
    // memchr's vector search: most lines are paragraphs with no `|` at all.
    line.starts_with('|')
        || line.ends_with('|')
        || memchr::memchr_iter(b'|', line.as_bytes()).nth(1).is_some()
}

/// The rank of a marker style in the 公文 hierarchy; lower ranks enclose higher ones.
fn rank(style: MarkerStyle) -> u8 {
    match style {
        MarkerStyle::Part => 0,
        MarkerStyle::Chapter => 1,
        MarkerStyle::ChineseComma => 2,
        MarkerStyle::ChineseParen => 3,
        MarkerStyle::ArabicDot => 4,
        MarkerStyle::ArabicParen => 5,
        MarkerStyle::Circled => 6,
        // Outline headings take their rank from their level (see `outline_heading`).
        MarkerStyle::Outline => 2,
    }
}

/// Recognizes a numbering marker at the start of a line: its style, number and length in bytes.
pub fn marker(line: &str) -> Option<(MarkerStyle, u32, usize)> {
    let first = line.chars().next()?;
    if first == '（' || first == '(' {
        let inner = &line[first.len_utf8()..];
        let (number, len, chinese) = leading_number(inner)?;
        let close = inner[len..].chars().next()?;
        if close != '）' && close != ')' {
            return None;
        }
        let style = if chinese {
            MarkerStyle::ChineseParen
        } else {
            MarkerStyle::ArabicParen
        };
        return Some((style, number, first.len_utf8() + len + close.len_utf8()));
    }
    if let Some(n) = circled_number(first) {
        return Some((MarkerStyle::Circled, n, first.len_utf8()));
    }
    if first == '第' {
        let inner = &line[first.len_utf8()..];
        let (number, len, chinese) = leading_number(inner)?;
        let unit = inner[len..].chars().next()?;
        if !chinese || !matches!(unit, '章' | '篇' | '部') {
            return None;
        }
        let mut total = first.len_utf8() + len + unit.len_utf8();
        if unit == '部' {
            total += line[total..].starts_with("分").then_some('分'.len_utf8())?;
        }
        let style = if matches!(unit, '篇' | '部') {
            MarkerStyle::Part
        } else {
            MarkerStyle::Chapter
        };
        return Some((style, number, total));
    }
    let (number, len, chinese) = leading_number(line)?;
    let delimiter = line[len..].chars().next()?;
    let after = line[len + delimiter.len_utf8()..].chars().next();
    if chinese {
        return (delimiter == '、').then_some((MarkerStyle::ChineseComma, number, len + 3));
    }
    let is_delimiter = matches!(delimiter, '.' | '、' | '．');
    // `1.5万` is a number, not a heading; nor is `2020.01.09`.
    let number_follows = after.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    (is_delimiter && !number_follows && number <= 999).then_some((
        MarkerStyle::ArabicDot,
        number,
        len + delimiter.len_utf8(),
    ))
}

/// A leading number: Arabic (ASCII or full-width) or Chinese numerals up to 九十九.
/// Returns its value, its length in bytes, and whether it was written in Chinese.
fn leading_number(s: &str) -> Option<(u32, usize, bool)> {
    let mut value: u32 = 0;
    let mut len = 0;
    for c in s.chars() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        value = value.checked_mul(10)?.checked_add(digit)?;
        len += c.len_utf8();
        if len > 12 {
            return None;
        }
    }
    if len > 0 {
        return Some((value, len, false));
    }
    let len = s
        .chars()
        .take_while(|&c| chinese_digit(c).is_some())
        .take(4)
        .map(char::len_utf8)
        .sum();
    let value = chinese_small_number(&s[..len])?;
    Some((value, len, true))
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// Parses a Chinese numeral from 一 to 九十九 (十, 十二, 二十, 二十三).
fn chinese_small_number(s: &str) -> Option<u32> {
    // No number below a hundred takes more than three digits: a fourth is none.
    let mut digits = [0; 4];
    let mut n = 0;
    for c in s.chars() {
        *digits.get_mut(n)? = chinese_digit(c)?;
        n += 1;
    }
    match &digits[..n] {
        [d] if *d > 0 => Some(*d),
        [10, d] if (1..10).contains(d) => Some(10 + d),
        [t, 10] if (2..10).contains(t) => Some(t * 10),
        [t, 10, d] if (2..10).contains(t) && (1..10).contains(d) => Some(t * 10 + d),
        _ => None,
    }
}

fn circled_number(c: char) -> Option<u32> {
    match c {
        '①'..='⑳' => Some(c as u32 - '①' as u32 + 1),
        _ => None,
    }
}

/// Where a heading's first sentence ends inside `rest` (the line after the marker), if text
/// follows it: the byte length of the run-in heading.
fn run_in_split(rest: &str) -> Option<usize> {
    let (i, c) = rest
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？'))?;
    let end = i + c.len_utf8();
    // A closing quote or bracket right after the full stop belongs to the heading.
    let end = end
        + rest[end..]
            .chars()
            .take_while(|c| matches!(c, '”' | '’' | '」' | '』' | '）' | ')'))
            .map(char::len_utf8)
            .sum::<usize>();
    (end < rest.len()).then_some(end)
}

/// Inline enumeration markers (`一是` … `十是`) in `text`, which starts at byte `base`: a
/// Chinese numeral plus 是 at the start or right after punctuation.
fn items(text: &str, base: usize) -> Vec<Item> {
    // Found from each 是 back: far fewer than the characters a forward walk would step over.
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), "是".as_bytes()) {
        // One to three Chinese digits right before 是, the first at the start or after
        // punctuation (spaces between).
        let before = &text[..at];
        let (count, digits) = before
            .chars()
            .rev()
            .take_while(|&c| chinese_digit(c).is_some())
            .take(4)
            .fold((0, 0), |(n, len), c| (n + 1, len + c.len_utf8()));
        if !(1..=3).contains(&count) {
            continue;
        }
        let start = at - digits;
        let after_break = text[..start]
            .chars()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_none_or(|c| {
                matches!(
                    c,
                    '。' | '；' | ';' | '，' | ',' | '：' | ':' | '！' | '？' | '）' | ')'
                )
            });
        if after_break && let Some(number) = chinese_small_number(&before[start..]) {
            let end = at + '是'.len_utf8();
            out.push(Item {
                text: text[start..end].into(),
                number,
                span: Span::new(base + start, base + end),
            });
        }
    }
    out
}

/// Words a report's title ends with.
const TITLE_ENDINGS: [&str; 14] = [
    "报告", "報告", "公报", "公報", "总结", "總結", "计划", "計劃", "要点", "要點", "纲要", "綱要",
    "演辞", "演辭",
];

/// The length in bytes of the title at the start of the first line, if it has one: a short line
/// that is not a heading and does not end like a sentence, or the opening of a long line up to a
/// word titles end with (text pasted without line breaks).
fn title_length(line: &str) -> Option<usize> {
    if marker(line).is_some() || is_table_row(line) {
        return None;
    }
    let chars = line.chars().count();
    let last = line.chars().last()?;
    let sentence_like =
        matches!(last, '。' | '，' | ',' | '；' | ';' | '：' | ':') || line.contains('。');
    if chars <= 60 && !sentence_like {
        return Some(line.len());
    }
    let head: String = line.chars().take(60).collect();
    TITLE_ENDINGS
        .iter()
        .filter_map(|ending| head.find(ending).map(|i| i + ending.len()))
        .min()
        // `本报告由…` opens a sentence; a title names its issuer or subject first.
        .filter(|&end| !head[..end].contains(['，', ',', '。']) && head[..end].chars().count() >= 8)
}

/// Fills title, issuer, year and region in the metadata from the body and the furniture.
pub fn fill_meta(report: &mut Report) {
    if report.meta.title.is_none() {
        report.meta.title = report.body.iter().find_map(|b| match b {
            Block::Title(p) => Some(inline_text(&p.inlines)),
            _ => None,
        });
    }
    if report.meta.issuer.is_none() {
        report.meta.issuer = report
            .meta
            .properties
            .iter()
            .find(|p| {
                matches!(
                    p.key.as_str(),
                    "發布單位" | "发布单位" | "發佈單位" | "发文机关"
                )
            })
            .map(|p| p.value.trim().to_string())
            .or_else(|| element_text(report, ElementKind::Signature))
            .or_else(|| signature(report))
            .or_else(|| report.meta.title.as_deref().and_then(issuer_in_title));
    }
    if report.meta.date.is_none() {
        report.meta.date = element_text(report, ElementKind::Date);
    }
    if report.meta.year.is_none() {
        report.meta.year = report.meta.title.as_deref().and_then(first_year);
    }
    if report.meta.region.is_none() {
        report.meta.region = report
            .meta
            .issuer
            .as_deref()
            .and_then(region_of)
            .or_else(|| report.meta.title.as_deref().and_then(region_of));
    }
}

/// The text of the first top-level element of a kind.
fn element_text(report: &Report, kind: ElementKind) -> Option<String> {
    report.body.iter().find_map(|b| match b {
        Block::Element(e) if e.kind == kind => Some(inline_text(&e.inlines).trim().to_string()),
        _ => None,
    })
}

fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::text).collect()
}

/// Endings of the names of government bodies.
const ORGAN_ENDINGS: [&str; 12] = [
    "人民政府",
    "政府",
    "办公室",
    "辦公室",
    "委员会",
    "委員會",
    "法院",
    "检察院",
    "檢察院",
    "局",
    "厅",
    "廳",
];

pub(crate) fn is_organ(name: &str) -> bool {
    let chars = name.chars().count();
    (3..=30).contains(&chars)
        && ORGAN_ENDINGS.iter().any(|e| name.ends_with(e))
        && !name.contains(['，', ',', '。', '、', '；', ';', ':', '：'])
}

/// A signature line near the end of the body naming a government body.
fn signature(report: &Report) -> Option<String> {
    let paragraphs: Vec<String> = top_level_tail(&report.body, 3);
    paragraphs.into_iter().rev().find(|p| is_organ(p))
}

/// The text of the last `n` paragraphs of the document, in order.
fn top_level_tail(blocks: &[Block], n: usize) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push(inline_text(&p.inlines)),
                Block::Section(s) => walk(&s.blocks, out),
                _ => {}
            }
        }
    }
    walk(blocks, &mut out);
    let skip = out.len().saturating_sub(n);
    out.split_off(skip)
}

/// `湖北省人民政府关于…的报告` → `湖北省人民政府`.
fn issuer_in_title(title: &str) -> Option<String> {
    let (head, _) = title
        .split_once("关于")
        .or_else(|| title.split_once("關於"))?;
    is_organ(head).then(|| head.to_string())
}

/// The first year (1900–2099) written with four digits followed by 年 or standing alone.
fn first_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let window = bytes.get(i..i + 4)?;
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after_ok = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        let year: i32 = std::str::from_utf8(window).ok()?.parse().ok()?;
        (before_ok
            && after_ok
            && window.iter().all(u8::is_ascii_digit)
            && (1900..2100).contains(&year))
        .then_some(year)
    })
}

/// The region a name speaks for: its opening up to the last administrative suffix before any
/// other word (`天津市靜海區人民政府` → `天津市靜海區`; `2020年靜海區法治…` → `靜海區`).
fn region_of(name: &str) -> Option<String> {
    let name = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '年');
    let mut end = None;
    for (i, c) in name.char_indices().take(12) {
        if matches!(
            c,
            '省' | '市' | '区' | '區' | '县' | '縣' | '州' | '旗' | '盟'
        ) {
            end = Some(i + c.len_utf8());
        }
    }
    let end = end?;
    let region = &name[..end];
    // `龚正市长在上海市…`: a title (市长) or a verb (在, 关于) means this is not a place name.
    let not_a_place = ["长", "長", "在", "关于", "關於", "的"]
        .iter()
        .any(|w| region.contains(w));
    (region.chars().count() >= 2 && !not_a_place).then(|| region.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_every_style() {
        assert_eq!(marker("一、总体"), Some((MarkerStyle::ChineseComma, 1, 6)));
        assert_eq!(
            marker("十二、其他"),
            Some((MarkerStyle::ChineseComma, 12, 9))
        );
        assert_eq!(
            marker("（三）加强"),
            Some((MarkerStyle::ChineseParen, 3, 9))
        );
        assert_eq!(marker("(三)加强"), Some((MarkerStyle::ChineseParen, 3, 5)));
        assert_eq!(marker("29.深化"), Some((MarkerStyle::ArabicDot, 29, 3)));
        assert_eq!(marker("1、深化"), Some((MarkerStyle::ArabicDot, 1, 4)));
        assert_eq!(marker("１．深化"), Some((MarkerStyle::ArabicDot, 1, 6)));
        assert_eq!(marker("（1）其一"), Some((MarkerStyle::ArabicParen, 1, 7)));
        assert_eq!(marker("(12)其一"), Some((MarkerStyle::ArabicParen, 12, 4)));
        assert_eq!(marker("②其二"), Some((MarkerStyle::Circled, 2, 3)));
        assert_eq!(marker("第三章 总则"), Some((MarkerStyle::Chapter, 3, 9)));
        assert_eq!(marker("第二部分 回顾"), Some((MarkerStyle::Part, 2, 12)));
        assert_eq!(marker("第一篇 总论"), Some((MarkerStyle::Part, 1, 9)));
    }

    #[test]
    fn small_chinese_numbers() {
        let cases = [
            ("十", Some(10)),
            ("十五", Some(15)),
            ("二十", Some(20)),
            ("二十三", Some(23)),
            ("九", Some(9)),
            ("零", None),
            ("", None),
            ("一十", None),
            ("二十三四", None),
            ("一二三四五", None),
            ("二a", None),
        ];
        for (text, value) in cases {
            assert_eq!(chinese_small_number(text), value, "{text}");
        }
        assert_eq!(leading_number("二十三、"), Some((23, "二十三".len(), true)));
        assert_eq!(leading_number("十二三四五、"), None);
    }

    #[test]
    fn numbers_are_not_markers() {
        assert_eq!(marker("1.5万户"), None);
        assert_eq!(marker("2015.01.09起"), None);
        assert_eq!(marker("2020年"), None);
        assert_eq!(marker("一是加强"), None);
        assert_eq!(marker("第一书记"), None);
        assert_eq!(marker("(圖/外交部提供)"), None);
    }

    #[test]
    fn run_in_heading_is_the_first_sentence() {
        assert_eq!(run_in_split("加强领导。区委常委会研究"), Some(15));
        assert_eq!(run_in_split("加强领导。"), None);
        assert_eq!(run_in_split("加强领导"), None);
        assert_eq!(run_in_split("落实“三项制度。”随后"), Some(27));
    }

    #[test]
    fn items_follow_punctuation() {
        let text = "一是梳理清单。二是推动改革;统一是关键";
        let items = items(text, 10);
        assert_eq!(items.len(), 2);
        assert_eq!((items[0].number, items[0].span), (1, Span::new(10, 16)));
        assert_eq!(items[1].text, "二是");
        assert_eq!(items[1].number, 2);
    }

    #[test]
    fn levels_follow_the_marker_stack() {
        let text = "标题\n一、甲\n1.乙。正文\n（一）丙\n2.丁\n二、戊";
        let report = parse(text);
        let levels: Vec<(u8, &str, bool)> = report
            .sections()
            .iter()
            .map(|s| (s.level, s.heading.marker.text.as_str(), s.heading.run_in))
            .collect();
        assert_eq!(
            levels,
            [
                (1, "一、", false),
                (2, "1.", true),
                (2, "（一）", false),
                (3, "2.", false),
                (1, "二、", false)
            ]
        );
        assert_eq!(report.text(), text);
    }

    #[test]
    fn long_first_line_yields_its_title() {
        let line = "湖北省人民政府关于2023年度法治政府建设情况的报告2023年,省政府坚持依法行政。";
        let len = title_length(line).unwrap();
        assert_eq!(
            &line[..len],
            "湖北省人民政府关于2023年度法治政府建设情况的报告"
        );
        let report = parse(line);
        assert_eq!(report.text(), line);
        assert_eq!(report.body.len(), 2);
    }

    #[test]
    fn headings_inside_unbroken_text_are_split_out() {
        let texts = [
            "某省关于2023年度工作情况的报告2023年,全省推进法治建设。一、坚持党的领导。加强学习。二、完善制度体系。修订规章。",
            // After ！ and ？ too; a number that does not continue the count (四 after 二) is none.
            "某省关于2023年度工作情况的报告2023年,全省推进法治建设！一、坚持党的领导？二、完善制度体系（见附表）。四、其他。",
        ];
        for text in texts {
            let report = parse(text);
            let numbers: Vec<u32> = report
                .sections()
                .iter()
                .map(|s| s.heading.marker.number)
                .collect();
            assert_eq!(numbers, [1, 2], "{text}");
            assert_eq!(report.text(), text);
        }
    }

    #[test]
    fn title_may_follow_a_dateline() {
        let report = parse("新华社北京3月22日电\n政府工作报告\n各位代表：\n一、回顾");
        assert!(
            matches!(&report.body[1], Block::Title(p) if p.inlines[0].text() == "政府工作报告")
        );
        assert!(matches!(&report.body[0], Block::Paragraph(_)));
    }

    #[test]
    fn lines_the_reader_marks_as_rows_are_rows_whatever_their_text() {
        let text = "1.食品烟酒|2.6\n消费支出如下：\n|2023年\n1.食品烟酒|2.6\n总计\n结束。";
        let rows = [0, 41, 50, 69];
        let report = parse_outlined(text, &|_| None, &|start| rows.contains(&start));
        let cells = |block: &Block| -> Vec<Vec<String>> {
            let Block::Table(t) = block else {
                panic!("expected a table, got {block:?}");
            };
            t.rows
                .iter()
                .map(|r| r.cells.iter().map(|c| inline_text(&c.inlines)).collect())
                .collect()
        };
        assert_eq!(report.body.len(), 4, "{:?}", report.body);
        assert_eq!(cells(&report.body[0]), [["1.食品烟酒", "2.6"]]);
        assert!(matches!(&report.body[1], Block::Paragraph(_)));
        assert_eq!(
            cells(&report.body[2]),
            [vec!["", "2023年"], vec!["1.食品烟酒", "2.6"], vec!["总计"]]
        );
        assert!(matches!(&report.body[3], Block::Paragraph(_)));
        assert!(report.sections().is_empty());
        assert_eq!(report.text(), text);
    }

    #[test]
    fn outline_levels_make_headings_without_markers() {
        let text = "标题\n总体情况\n正文一。\n具体做法\n正文二。\n下一步\n正文三。";
        let starts: Vec<(usize, u8)> = vec![(7, 1), (33, 2), (59, 1)];
        let report = parse_outlined(
            text,
            &|start| starts.iter().find(|(s, _)| *s == start).map(|(_, l)| *l),
            &|_| false,
        );
        let headings: Vec<(u8, u32, String)> = report
            .sections()
            .iter()
            .map(|s| {
                let text: String = s.heading.inlines.iter().map(|i| i.text()).collect();
                (s.level, s.heading.marker.number, text)
            })
            .collect();
        assert_eq!(
            headings,
            [
                (1, 1, "总体情况".to_string()),
                (2, 1, "具体做法".to_string()),
                (1, 2, "下一步".to_string())
            ]
        );
        assert_eq!(report.text(), text);
    }

    #[test]
    fn tables_keep_their_cells() {
        let text = "标题\n说明文字。\n警告 | 1 |\n罚款 | 2 |\n结束语。";
        let report = parse(text);
        let Block::Table(t) = &report.body[2] else {
            panic!("expected a table, got {:?}", report.body[2]);
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells.len(), 3);
        assert_eq!(report.text(), text);
    }

    #[test]
    fn meta_from_title_and_signature() {
        let mut report = parse("某县2021年工作总结\n全年完成任务。\n某县人民政府");
        fill_meta(&mut report);
        assert_eq!(report.meta.title.as_deref(), Some("某县2021年工作总结"));
        assert_eq!(report.meta.issuer.as_deref(), Some("某县人民政府"));
        assert_eq!(report.meta.year, Some(2021));
        assert_eq!(report.meta.region.as_deref(), Some("某县"));
    }
}
