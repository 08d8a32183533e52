//! Normalization: from decoded text to one paragraph per line.
//!
//! Line endings become `\n`; indents of U+3000, NBSP and spaces and trailing white space go; lines
//! hard-wrapped inside a sentence (text pasted from PDF or OCR) are rejoined; page-number lines and
//! web-page furniture are removed and recorded. The text itself is never rewritten otherwise:
//! full-width digits, ASCII punctuation and traditional characters all stay as they were.
//!
//! Every byte of the normalized text comes from a byte of the decoded source; an [`OffsetMap`]
//! takes a normalized offset back to the source, so findings point at the user's own file. The
//! `\n` between two paragraphs maps to the source line break it stands for (`\n` or `\r`), or to
//! the space that separated two paragraphs flattened onto one line.
//!
//! The steps, in order:
//! 1. inline watermarks (a string with a domain name repeated inside the text) and control
//!    characters are cut out; lines are split at CRLF, CR and LF, trimmed, blank ones dropped;
//! 2. a long line that is a flattened paragraph run (PDF text where every line break became a
//!    space, so spaces stand between CJK characters) is split at its paragraph breaks and the
//!    wrap spaces are deleted;
//! 3. page-number lines and furniture lines (info boxes, footers, bylines) are removed;
//! 4. in a file that shows hard wrapping, a line that stops mid-sentence is joined with the next.

use crate::lexicon;
use crate::model::{Property, Removed, RemovedKind, Script};
use std::collections::HashMap;

/// The result of normalization.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Normalized {
    /// The normalized text: paragraphs separated by single `\n`, no blank lines, no trailing newline.
    pub text: String,
    /// What was removed, in source order.
    pub removed: Vec<Removed>,
    /// Key–value pairs found in furniture (`發布單位: …`).
    pub properties: Vec<Property>,
    /// Where each normalized byte came from in the source.
    pub map: OffsetMap,
    /// The `key: value` lines of a front-matter block at the top, in order.
    pub front_matter: Vec<(String, String)>,
}

/// Maps byte offsets of the normalized text to byte offsets of the decoded source.
///
/// Stored as sorted pieces `(normalized_start, source_start)`; within a piece offsets advance
/// together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    pieces: Vec<(usize, usize)>,
    /// The source's length, past which no offset maps.
    limit: Option<usize>,
}

impl OffsetMap {
    /// Records that normalized bytes from `normalized` on come from source bytes from `source` on.
    pub fn push(&mut self, normalized: usize, source: usize) {
        if let Some(last) = self.pieces.last_mut() {
            if last.0 == normalized {
                last.1 = source;
                return;
            }
            if normalized - last.0 == source.wrapping_sub(last.1) {
                return;
            }
        }
        self.pieces.push((normalized, source));
    }

    /// Follows this map with `next`, a map from this map's source to a further one: the result
    /// maps normalized offsets straight to `next`'s source.
    pub fn then(&self, next: &OffsetMap) -> OffsetMap {
        let mut out = OffsetMap::default();
        let identity = [(0, 0)];
        let pieces = if self.pieces.is_empty() {
            &identity[..]
        } else {
            &self.pieces[..]
        };
        for (i, &(normalized, source)) in pieces.iter().enumerate() {
            let source_end = pieces
                .get(i + 1)
                .map_or(usize::MAX, |&(n, _)| source.saturating_add(n - normalized));
            out.push(normalized, next.to_source(source));
            // Where `next` starts a new piece inside this one, so must the result.
            let from = next.pieces.partition_point(|&(s, _)| s <= source);
            for &(s, further) in next.pieces[from..].iter().take_while(|p| p.0 < source_end) {
                out.push(normalized + (s - source), further);
            }
        }
        out
    }

    /// The source offset of a normalized offset.
    pub fn to_source(&self, normalized: usize) -> usize {
        let i = self.pieces.partition_point(|&(n, _)| n <= normalized);
        let source = match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(n, s)) => s + (normalized - n),
            None => normalized,
        };
        self.limit.map_or(source, |limit| source.min(limit))
    }

    /// The same map, never pointing past `len`: for a source whose characters may be longer in
    /// the normalized text than where they came from (a character reference of a web page).
    pub fn within(mut self, len: usize) -> OffsetMap {
        self.limit = Some(len);
        self
    }
}

/// Normalizes decoded text.
pub fn normalize(source: &str) -> Normalized {
    let mut records: Vec<(usize, Removed)> = Vec::new();
    let skips = find_watermarks(source, &mut records);
    let lines = split_lines(source, &skips, &mut records);
    let (lines, front_matter) = front_matter(lines, &mut records);
    let lines = unflatten(lines);
    let blank_separated = lines.iter().filter(|l| l.blank_before).count() * 4 > lines.len();
    let mut properties = Vec::new();
    let lines = remove_furniture(lines, &mut records, &mut properties);
    let lines = rejoin(lines, blank_separated, &mut records);

    let mut out = Normalized {
        // The text is the source's lines less what was removed: one allocation, not a doubling
        // chain copying it over and over.
        text: String::with_capacity(source.len()),
        properties,
        front_matter,
        ..Normalized::default()
    };
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let brk = lines[i - 1].brk;
            out.map.push(out.text.len(), brk);
            out.text.push('\n');
        }
        for (j, &(t, s)) in line.pieces.iter().enumerate() {
            let end = line.pieces.get(j + 1).map_or(line.text.len(), |p| p.0);
            out.map.push(out.text.len(), s);
            out.text.push_str(&line.text[t..end]);
        }
    }
    records.sort_by_key(|(offset, _)| *offset);
    out.removed = records.into_iter().map(|(_, r)| r).collect();
    out
}

/// The longest front-matter block, in lines.
const FRONT_MATTER_LINES: usize = 40;

/// A front-matter block at the top: a `---` line, `key: value` lines (a full-width colon too)
/// and a closing `---` line. Its lines are removed and recorded; the pairs are returned. Without
/// a closing line, or with a line that is not `key: value`, the lines stay text.
fn front_matter(
    mut lines: Vec<Seg>,
    records: &mut Vec<(usize, Removed)>,
) -> (Vec<Seg>, Vec<(String, String)>) {
    let is_fence = |seg: &Seg| seg.text == "---";
    if !lines.first().is_some_and(is_fence) {
        return (lines, Vec::new());
    }
    let Some(close) = lines
        .iter()
        .take(FRONT_MATTER_LINES)
        .skip(1)
        .position(is_fence)
        .map(|i| i + 1)
    else {
        return (lines, Vec::new());
    };
    let pairs: Option<Vec<(String, String)>> = lines[1..close]
        .iter()
        .map(|seg| {
            let (key, value) = seg.text.split_once([':', '：'])?;
            let key = key.trim();
            (!key.is_empty() && key.chars().count() <= 20)
                .then(|| (key.to_string(), value.trim().to_string()))
        })
        .collect();
    let Some(pairs) = pairs else {
        return (lines, Vec::new());
    };
    for seg in lines.drain(..=close) {
        records.push((
            seg.source_of(0),
            Removed {
                kind: RemovedKind::FrontMatter,
                line: seg.line,
                text: seg.text,
            },
        ));
    }
    (lines, pairs)
}

/// Which script a text is written in, by counting characters that exist in only one form.
/// Ties (including texts without Chinese characters) count as simplified.
pub fn detect_script(text: &str) -> Script {
    let marks = script_marks();
    let (mut simplified, mut traditional) = (0usize, 0usize);
    for c in text.chars() {
        if let Some(i) = (c as usize).checked_sub(CJK_START)
            && i < CJK_LEN
        {
            let bit = 1u64 << (i % 64);
            simplified += usize::from(marks.simplified[i / 64] & bit != 0);
            traditional += usize::from(marks.traditional[i / 64] & bit != 0);
        }
    }
    if traditional > simplified {
        Script::Traditional
    } else {
        Script::Simplified
    }
}

/// The CJK Unified Ideographs block, where every character of the two lists stands.
const CJK_START: usize = 0x4E00;
const CJK_LEN: usize = 0xA000 - CJK_START;

/// The characters of [`SIMPLIFIED_ONLY`] and [`TRADITIONAL_ONLY`] as bits over the CJK block:
/// a text is read once, each character tested in constant time.
struct ScriptMarks {
    simplified: [u64; CJK_LEN / 64],
    traditional: [u64; CJK_LEN / 64],
}

fn script_marks() -> &'static ScriptMarks {
    static MARKS: std::sync::OnceLock<ScriptMarks> = std::sync::OnceLock::new();
    MARKS.get_or_init(|| {
        let bits = |list: &str| {
            let mut set = [0u64; CJK_LEN / 64];
            for c in list.chars().filter(|c| !c.is_whitespace()) {
                let i = c as usize - CJK_START;
                set[i / 64] |= 1 << (i % 64);
            }
            set
        };
        ScriptMarks {
            simplified: bits(SIMPLIFIED_ONLY),
            traditional: bits(TRADITIONAL_ONLY),
        }
    })
}

/// Frequent characters of official texts that exist only in their simplified form;
/// [`TRADITIONAL_ONLY`] holds their traditional forms in the same order.
const SIMPLIFIED_ONLY: &str = "国区会发业经济这对说时个们来为过还进实现产动关开长问题应与务员总体报设该条办让东\
    观变头书门见听计认议记讲论证识试请调谈财资费贯质运达选农镇乡县级统纲权责监检营环\
    创优电网协划补贷岁际难结维护负组织练络坚强执规范决险疗卫领导习亿万讯华币价税态";
/// The traditional forms of [`SIMPLIFIED_ONLY`], pair by pair.
const TRADITIONAL_ONLY: &str = "國區會發業經濟這對說時個們來為過還進實現產動關開長問題應與務員總體報設該條辦讓東\
    觀變頭書門見聽計認議記講論證識試請調談財資費貫質運達選農鎮鄉縣級統綱權責監檢營環\
    創優電網協劃補貸歲際難結維護負組織練絡堅強執規範決險療衛領導習億萬訊華幣價稅態";

/// A line (or a part of one) on its way through normalization: its text and where each run of
/// it came from in the source.
#[derive(Debug, Clone)]
struct Seg {
    /// The text, already without removed characters.
    text: String,
    /// Sorted `(text offset, source offset)` pieces; the first starts at 0.
    pieces: Vec<(usize, usize)>,
    /// 1-based source line.
    line: u32,
    /// Source offset the separator after this segment maps to (its line break, or the space
    /// that separated it from the next paragraph).
    brk: usize,
    /// The source line started with an indent.
    indented: bool,
    /// A blank line came before it.
    blank_before: bool,
    /// Source offset of a space just after the text in the source (kept when joining Latin words).
    space_after: Option<usize>,
    /// Source offset of a space just before the text in the source.
    space_before: Option<usize>,
}

impl Seg {
    fn source_of(&self, t: usize) -> usize {
        let i = self.pieces.partition_point(|&(n, _)| n <= t);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(n, s)) => s + (t - n),
            None => t,
        }
    }

    /// The part `start..end` of this segment (byte offsets of its text, on char boundaries).
    fn slice(&self, start: usize, end: usize) -> Seg {
        let first = self
            .pieces
            .partition_point(|&(n, _)| n <= start)
            .saturating_sub(1);
        let mut pieces = vec![(0, self.source_of(start))];
        for &(n, s) in self.pieces.iter().skip(first + 1) {
            if n >= end {
                break;
            }
            pieces.push((n - start, s));
        }
        Seg {
            text: self.text[start..end].to_string(),
            pieces,
            line: self.line,
            brk: self.brk,
            indented: self.indented,
            blank_before: self.blank_before,
            space_after: self.space_after,
            space_before: self.space_before,
        }
    }

    /// Appends `other` (and, when given, the source character at `glue` first).
    fn append(&mut self, glue: Option<(usize, &str)>, other: Seg) {
        if let Some((src, s)) = glue {
            self.pieces.push((self.text.len(), src));
            self.text.push_str(s);
        }
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.pieces
            .extend(other.pieces.into_iter().map(|(n, s)| (n + base, s)));
        self.brk = other.brk;
        self.space_after = other.space_after;
    }
}

/// Characters that make an indent or trailing white space.
fn is_pad(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The length of a line's indent: white space, and white space a page scraper spelt out as code
/// points (`<U+00A0><U+00A0>`).
fn indent_len(text: &str) -> usize {
    let mut rest = text.trim_start_matches(is_pad);
    while let Some(after) = rest.strip_prefix("<U+") {
        let digits = after.chars().take_while(char::is_ascii_hexdigit).count();
        let pad = u32::from_str_radix(&after[..digits], 16)
            .ok()
            .and_then(char::from_u32)
            .is_some_and(is_pad);
        match after[digits..].strip_prefix('>') {
            Some(tail) if pad && (4..=6).contains(&digits) => {
                rest = tail.trim_start_matches(is_pad)
            }
            _ => break,
        }
    }
    text.len() - rest.len()
}

/// Control characters XML cannot carry (besides tab and line breaks).
fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == '\u{fffe}' || c == '\u{ffff}'
}

/// Splits into trimmed, non-blank lines, cutting out `skips` (sorted source ranges) and control
/// characters (recorded).
fn split_lines(
    source: &str,
    skips: &[(usize, usize)],
    records: &mut Vec<(usize, Removed)>,
) -> Vec<Seg> {
    let bytes = source.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut line_no: u32 = 1;
    let mut skip_i = 0;
    let mut blank_before = false;
    while start < source.len() {
        let end =
            memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(source.len(), |p| start + p);
        let next = if bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            (end + 1).min(source.len().max(end))
        };
        // The byte the paragraph separator maps to: the `\n` of a CRLF, else the break itself.
        let brk = if next == end + 2 { end + 1 } else { end };

        let mut seg = Seg {
            text: String::with_capacity(end - start),
            pieces: Vec::new(),
            line: line_no,
            brk,
            indented: false,
            blank_before,
            space_after: None,
            space_before: None,
        };
        let mut controls = String::new();
        let mut control_at = None;
        let mut contiguous = false;
        let line = &source[start..end];
        while skip_i < skips.len() && skips[skip_i].1 <= start {
            skip_i += 1;
        }
        let skipped = skips.get(skip_i).is_some_and(|&(s, _)| s < end);
        // Most lines have nothing to cut: copied whole, one piece.
        let plain = !skipped && !needs_cleaning(line.as_bytes());
        if plain && !line.is_empty() {
            seg.pieces.push((0, start));
            seg.text.push_str(line);
        }
        let rest = if plain { "" } else { line };
        for (i, c) in rest.char_indices() {
            let at = start + i;
            while skip_i < skips.len() && skips[skip_i].1 <= at {
                skip_i += 1;
            }
            if skips.get(skip_i).is_some_and(|&(s, _)| s <= at) {
                contiguous = false;
                continue;
            }
            if is_control(c) {
                if !controls.is_empty() {
                    controls.push(' ');
                }
                controls.push_str(&format!("U+{:04X}", u32::from(c)));
                control_at.get_or_insert(at);
                contiguous = false;
                continue;
            }
            if !contiguous {
                seg.pieces.push((seg.text.len(), at));
                contiguous = true;
            }
            seg.text.push(c);
        }
        if let Some(at) = control_at {
            records.push((
                at,
                Removed {
                    kind: RemovedKind::Control,
                    line: line_no,
                    text: controls,
                },
            ));
        }
        let trimmed_start = indent_len(&seg.text);
        let trimmed_end = seg.text.trim_end_matches(is_pad).len();
        if trimmed_start >= trimmed_end {
            blank_before = true;
        } else {
            let space_before = seg.text[..trimmed_start]
                .rfind(' ')
                .map(|p| seg.source_of(p));
            let space_after = seg.text[trimmed_end..]
                .find(' ')
                .map(|p| seg.source_of(trimmed_end + p));
            let mut part = seg.slice(trimmed_start, trimmed_end);
            part.indented = trimmed_start > 0;
            part.space_before = space_before;
            part.space_after = space_after;
            lines.push(part);
            blank_before = false;
        }
        line_no = line_no.saturating_add(1);
        if next <= start {
            break;
        }
        start = next;
    }
    lines
}

/// True when a line holds a byte below a space other than a tab, or a noncharacter U+FFFE or
/// U+FFFF (`EF BF BE`, `EF BF BF`): what [`split_lines`] removes character by character.
fn needs_cleaning(line: &[u8]) -> bool {
    // Without an early exit the test of every byte runs many bytes a step.
    let controls = line
        .iter()
        .fold(false, |any, &b| any | ((b < b' ') & (b != b'\t')));
    controls
        || memchr::memchr_iter(0xBF, line)
            .any(|i| i > 0 && line[i - 1] == 0xEF && matches!(line.get(i + 1), Some(0xBE | 0xBF)))
}

// ---------------------------------------------------------------------------------------------
// Character classes

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}' | '〇')
}

/// Han characters and CJK (full-width) punctuation.
fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' | '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Punctuation after which a line may end a paragraph.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '!'
            | '?'
            | '；'
            | ';'
            | '：'
            | ':'
            | '…'
            | '”'
            | '」'
            | '』'
            | '）'
            | ')'
            | '》'
            | '．'
            | '"'
            | '.'
            | '】'
            | ']'
    )
}

const CHINESE_DIGITS: &str = "一二三四五六七八九十百零〇○两";

fn is_chinese_digit(c: char) -> bool {
    CHINESE_DIGITS.contains(c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Byte length of a heading marker at the start of `s` (`一、` `（一）` `(一)` `1.` `1、` `1．`
/// `（1）` `(1)` `①` `第一章` …), if there is one.
fn heading_marker_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    if ('①'..='⑳').contains(&first) {
        return Some(first.len_utf8());
    }
    if first == '第' {
        chars.next();
        let mut any = false;
        while let Some(&(_, c)) = chars.peek() {
            if is_chinese_digit(c) || is_digit(c) {
                any = true;
                chars.next();
            } else {
                break;
            }
        }
        let (i, c) = chars.next()?;
        if any && matches!(c, '章' | '节' | '節' | '篇' | '编' | '編') {
            return Some(i + c.len_utf8());
        }
        if any && c == '部' && s[i..].starts_with("部分") {
            return Some(i + "部分".len());
        }
        return None;
    }
    if first == '（' || first == '(' || first == '〈' {
        chars.next();
        let mut chinese = 0;
        let mut arabic = 0;
        while let Some(&(_, c)) = chars.peek() {
            if is_chinese_digit(c) {
                chinese += 1;
            } else if is_digit(c) {
                arabic += 1;
            } else {
                break;
            }
            chars.next();
        }
        let (i, c) = chars.next()?;
        let digits_ok = (chinese > 0 && arabic == 0) || (arabic > 0 && arabic <= 2 && chinese == 0);
        return (digits_ok && (c == '）' || c == ')')).then_some(i + c.len_utf8());
    }
    if is_chinese_digit(first) {
        while let Some(&(_, c)) = chars.peek() {
            if is_chinese_digit(c) {
                chars.next();
            } else {
                break;
            }
        }
        let (i, c) = chars.next()?;
        return (c == '、').then_some(i + c.len_utf8());
    }
    if is_digit(first) {
        let mut n = 0;
        while let Some(&(_, c)) = chars.peek() {
            if is_digit(c) {
                n += 1;
                chars.next();
            } else {
                break;
            }
        }
        let (i, c) = chars.next()?;
        let after = chars.peek().map(|&(_, c)| c);
        let ok = n <= 2
            && matches!(c, '.' | '、' | '．')
            && after.is_some_and(|a| !is_digit(a) && !a.is_whitespace() && a != '%');
        return ok.then_some(i + c.len_utf8());
    }
    None
}

/// True when a line starts a block of its own even without a heading marker (dash-led items,
/// bullets).
fn starts_block(s: &str) -> bool {
    heading_marker_len(s).is_some()
        || s.starts_with("——")
        || s.starts_with(['•', '●', '■', '◆', '►', '▪', '☆', '★', '※'])
}

// ---------------------------------------------------------------------------------------------
// Watermarks

/// Finds watermarks: a string holding a domain name that occurs at least twice and at least once
/// cut into running text. Returns the source ranges to cut, sorted, and records each occurrence.
fn find_watermarks(source: &str, records: &mut Vec<(usize, Removed)>) -> Vec<(usize, usize)> {
    let mut by_domain: HashMap<&str, Vec<usize>> = HashMap::new();
    for (start, end) in dotted_runs(source) {
        let token = source[start..end].trim_end_matches(['.', '-', '/', ':']);
        if looks_like_domain(token) {
            by_domain.entry(token).or_default().push(start);
        }
    }
    let mut ranges = Vec::new();
    let mut starts_of_lines: Option<Vec<usize>> = None;
    let mut groups: Vec<(&str, Vec<usize>)> = by_domain
        .into_iter()
        .filter(|(_, v)| v.len() >= 2)
        .collect();
    groups.sort_by_key(|(_, v)| v[0]);
    for (token, starts) in groups {
        let lower = token.to_ascii_lowercase();
        if lower.contains("gov") {
            continue;
        }
        // Grow to the left while every occurrence agrees, within the line and the sentence.
        let mut left = 0usize;
        loop {
            let mut common: Option<char> = None;
            let mut agree = true;
            for &s in &starts {
                let c = source[..s - left].chars().next_back();
                match (c, common) {
                    (None, _) => agree = false,
                    (Some(c), None) => common = Some(c),
                    (Some(c), Some(k)) => agree &= c == k,
                }
            }
            match common {
                Some(c)
                    if agree
                        && left < 120
                        && !c.is_whitespace()
                        && !ends_sentence(c)
                        && !matches!(c, '，' | ',' | '、') =>
                {
                    left += c.len_utf8();
                }
                _ => break,
            }
        }
        let wm_len = left + token.len();
        // Cut into running text: text characters right before and after.
        let inserted = starts.iter().any(|&s| {
            let before = source[..s - left].chars().next_back();
            let after = source[s + token.len()..].chars().next();
            before.is_some_and(is_han) && after.is_some_and(is_han)
        });
        if left < 3 || !inserted {
            continue;
        }
        let text = &source[starts[0] - left..starts[0] - left + wm_len];
        for &s in &starts {
            let at = s - left;
            ranges.push((at, at + wm_len));
            records.push((
                at,
                Removed {
                    kind: RemovedKind::Furniture,
                    line: line_at(
                        starts_of_lines.get_or_insert_with(|| line_starts(source)),
                        at,
                    ),
                    text: text.to_string(),
                },
            ));
        }
    }
    ranges.sort_unstable();
    // Overlapping ranges (two watermarks touching) are merged.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// True when `text` holds a domain name or URL.
fn has_domain(text: &str) -> bool {
    dotted_runs(text)
        .any(|(s, e)| looks_like_domain(text[s..e].trim_end_matches(['.', '-', '/', ':'])))
}

/// The byte ranges of the runs of URL bytes in `text` that hold a dot, in order: where a domain
/// may stand (it has a dot). Each is found from its first dot, with memchr.
fn dotted_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut end = 0;
    memchr::memchr_iter(b'.', bytes).filter_map(move |dot| {
        if dot < end {
            return None;
        }
        let start = bytes[..dot]
            .iter()
            .rposition(|&b| !is_url_byte(b))
            .map_or(0, |p| p + 1);
        end = bytes[dot..]
            .iter()
            .position(|&b| !is_url_byte(b))
            .map_or(bytes.len(), |p| dot + p);
        Some((start, end))
    })
}

fn is_url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'/' | b':' | b'_')
}

fn looks_like_domain(token: &str) -> bool {
    // Most tokens of a Chinese text are empty or a number: no dot, no domain, no allocation.
    if !token.contains('.') {
        return false;
    }
    // Nor is a decimal (`12.5`): digits and dots only, no host.
    if token.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return false;
    }
    let lower = token.to_ascii_lowercase();
    let host = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = host.split('/').next().unwrap_or("");
    if !host.contains('.')
        || host.starts_with('.')
        || host.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return false;
    }
    host.starts_with("www.")
        || [
            ".com", ".cn", ".net", ".org", ".cc", ".top", ".info", ".vip", ".m",
        ]
        .iter()
        .any(|tld| host.ends_with(tld))
}

/// Offsets where source lines start (after CRLF, CR or LF), for [`line_at`].
fn line_starts(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// 1-based line of a source offset.
fn line_at(starts: &[usize], offset: usize) -> u32 {
    u32::try_from(starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// Flattened paragraphs

/// Splits lines that are flattened paragraph runs (see [`is_flattened`]) at their paragraph
/// breaks and deletes their wrap spaces; elsewhere only splits at a single space between
/// sentence-final punctuation and a heading marker in a long line (`请予审议。 一、`).
fn unflatten(lines: Vec<Seg>) -> Vec<Seg> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        // memchr's vector search: the standard library's steps a word at a time.
        if memchr::memchr(b' ', line.text.as_bytes()).is_none() {
            out.push(line);
            continue;
        }
        let flattened = is_flattened(&line.text);
        if !flattened && lexicon::at_most_chars(&line.text, 199) {
            out.push(line);
            continue;
        }
        split_flattened(line, flattened, &mut out);
    }
    out
}

/// A long line of CJK text with many single spaces between CJK characters: a paragraph run whose
/// line breaks became spaces.
fn is_flattened(text: &str) -> bool {
    let mut han = 0usize;
    let mut wraps = 0usize;
    let mut prev = '\0';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_han(c) {
            han += 1;
        }
        if c == ' ' && is_han(prev) && chars.peek().copied().is_some_and(is_han) {
            wraps += 1;
        }
        prev = c;
    }
    han >= 100 && wraps >= 3 && wraps * 200 >= han
}

/// Punctuation that ends a paragraph inside flattened text: sentence-final marks, or a closing
/// quote or bracket right after one.
fn ends_paragraph(before: Option<char>, p: char) -> bool {
    matches!(p, '。' | '！' | '？' | '!' | '?' | '；' | '：' | ':' | '…')
        || (matches!(p, '”' | '」' | '』' | '"' | '）' | ')')
            && before.is_some_and(|b| matches!(b, '。' | '！' | '？' | '!' | '?' | '…')))
}

/// The width in characters a flattened text was wrapped at: the upper quartile of the lengths of
/// its space-separated runs.
fn wrap_width(text: &str) -> usize {
    let mut lengths: Vec<usize> = text
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().count())
        .collect();
    lengths.sort_unstable();
    lengths.get(lengths.len() * 3 / 4).copied().unwrap_or(0)
}

fn split_flattened(line: Seg, flattened: bool, out: &mut Vec<Seg>) {
    let text = &line.text;
    // Ranges of `text` to keep, and for each paragraph break the index in `keep` of the range
    // that starts the new paragraph with the source offset of the space that stood for it.
    let mut keep: Vec<(usize, usize)> = Vec::new();
    let mut breaks: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    let mut para_start = 0;
    let mut heading_end = heading_marker_len(text);
    // End of the heading marker the current paragraph starts with, if any.
    let mut para_marker = heading_end;
    let width = if flattened { wrap_width(text) } else { 0 };
    let mut seg_start = 0;
    // Only a single space between two characters can break or wrap: the spaces are found by
    // their byte, and the characters around each decoded there.
    for i in memchr::memchr_iter(b' ', text.as_bytes()) {
        let mut back = text[..i].chars().rev();
        let (prev, before) = (back.next(), back.next());
        let (Some(p), Some(n)) = (prev, text[i + 1..].chars().next()) else {
            continue;
        };
        if n == ' ' || p == ' ' {
            continue;
        }
        let rest = &text[i + 1..];
        let heading_follows = heading_marker_len(rest).is_some();
        let only_marker = para_marker == Some(i);
        let after_heading = flattened
            && heading_end.is_some_and(|h| i >= h && i - h <= 60)
            && !text[heading_end.unwrap_or(i).min(i)..i]
                .contains(|c: char| ends_sentence(c) || matches!(c, '，' | ',' | '、'));
        // A short line at the start of a paragraph (title block, signature) was not wrapped.
        let short_line = flattened
            && para_start == seg_start
            && text[seg_start..i].chars().count() * 4 < width * 3;
        seg_start = i + 1;
        let paragraph_break = !only_marker
            && ((ends_paragraph(before, p) && (flattened || heading_follows))
                || (flattened && heading_follows)
                || after_heading
                || short_line);
        if paragraph_break {
            keep.push((from, i));
            breaks.push((keep.len(), line.source_of(i)));
            from = i + 1;
            para_start = from;
            para_marker = heading_marker_len(rest).map(|m| from + m);
            heading_end = if after_heading {
                None
            } else {
                heading_marker_len(rest).map(|m| from + m)
            };
        } else if flattened
            && (is_cjk(p) || is_cjk(n))
            && !(p.is_ascii_alphanumeric() && n.is_ascii_alphanumeric())
        {
            keep.push((from, i));
            from = i + 1;
        }
    }
    keep.push((from, text.len()));
    let mut current: Option<Seg> = None;
    let mut pending = breaks.iter().peekable();
    for (k, &(s, e)) in keep.iter().enumerate() {
        if let Some(&&(_, src)) = pending.peek().filter(|&&&(at, _)| at == k) {
            pending.next();
            if let Some(mut done) = current.take() {
                done.brk = src;
                done.space_after = None;
                out.push(done);
            }
        }
        let mut part = line.slice(s, e);
        match current.as_mut() {
            Some(cur) => cur.append(None, part),
            None => {
                if k > 0 {
                    part.indented = false;
                    part.blank_before = false;
                    part.space_before = None;
                }
                current = Some(part);
            }
        }
    }
    if let Some(mut done) = current {
        done.brk = line.brk;
        done.space_after = line.space_after;
        out.push(done);
    }
}

// ---------------------------------------------------------------------------------------------
// Page numbers and furniture

const FOOTERS: &[&str] = &[
    "相關詞條",
    "相关词条",
    "熱門詞條",
    "热门词条",
    "聯絡我們",
    "联系我们",
    "聯繫我們",
    "跳過導航",
    "跳过导航",
    "跳至主要內容",
    "跳至主要内容",
    "论文部分内容阅读",
    "當前位置:",
    "当前位置:",
    "当前位置：",
    "當前位置：",
];
const INFO_BOX: &[&str] = &["基本介紹", "基本介绍"];

fn remove_furniture(
    lines: Vec<Seg>,
    records: &mut Vec<(usize, Removed)>,
    properties: &mut Vec<Property>,
) -> Vec<Seg> {
    // Whole lines with a domain name repeated three times or more: site footers and copyright
    // banners (`… All rights reserved. http://www.cnki.net`).
    let mut repeated: HashMap<String, usize> = HashMap::new();
    for line in &lines {
        if lexicon::at_most_chars(&line.text, 200) && has_domain(&line.text) {
            *repeated.entry(line.text.clone()).or_default() += 1;
        }
    }
    repeated.retain(|_, n| *n >= 3);
    let mut out = Vec::with_capacity(lines.len());
    let mut in_box = false;
    let mut in_comment = false;
    for line in lines {
        let text = line.text.as_str();
        let at = line.source_of(0);
        let mut record = |kind| {
            records.push((
                at,
                Removed {
                    kind,
                    line: line.line,
                    text: line.text.clone(),
                },
            ))
        };
        if is_page_number(text) {
            record(RemovedKind::PageNumber);
            continue;
        }
        // Markup a page scraper left in the text: HTML comments (`<!--` … `-->`, over several
        // lines too) and code points it spelt out (`<U+00A0>`).
        let trimmed = text.trim();
        if in_comment || trimmed.starts_with("<!--") {
            let opened = trimmed.find("<!--").map_or(0, |i| i + 4);
            in_comment = !trimmed[opened.min(trimmed.len())..].contains("-->");
            record(RemovedKind::Furniture);
            continue;
        }
        if is_spelt_code_points(trimmed)
            || is_page_widget(trimmed)
            || (out.len() < SITE_BAR_LINES && is_site_bar(trimmed))
        {
            record(RemovedKind::Furniture);
            continue;
        }
        if INFO_BOX.contains(&text) {
            in_box = true;
            record(RemovedKind::Furniture);
            continue;
        }
        if in_box {
            if let Some(item) = text.strip_prefix('•') {
                if let Some((key, value)) = item.split_once([':', '：']) {
                    properties.push(Property {
                        key: key.trim().to_string(),
                        value: value.trim().to_string(),
                    });
                }
                record(RemovedKind::Furniture);
                continue;
            }
            in_box = false;
        }
        if FOOTERS.contains(&text) || is_byline(text) || repeated.contains_key(text) {
            record(RemovedKind::Furniture);
            continue;
        }
        // A web page shows its title twice, as the page's heading and the article's.
        if out.len() < SITE_BAR_LINES
            && lexicon::at_most_chars(trimmed, 60)
            && trimmed.chars().filter(|&c| is_han(c)).count() >= 4
            && !trimmed.contains('|')
            && !trimmed.ends_with(['。', '；', '：', '.', ';', ':'])
            && out.iter().any(|kept: &Seg| kept.text.trim() == trimmed)
        {
            record(RemovedKind::Furniture);
            continue;
        }
        out.push(line);
    }
    out
}

/// The lines of a page's top (lines kept so far) that may hold its site bar or the repeated
/// title: counted among the kept lines, so that normalizing twice changes nothing more.
const SITE_BAR_LINES: usize = 8;

/// A web page's bar above the report: its version switches (`无障碍 简体| 繁体`) or the site's
/// name with today's date and weekday (`天津市静海区人民政府 2019年12月3日星期二`).
fn is_site_bar(text: &str) -> bool {
    if !at_most_visible_chars(text, 40) {
        return false;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let switches = lexicon::SITE_SWITCHES
        .iter()
        .filter(|w| compact.contains(*w))
        .count();
    let dated = lexicon::WEEKDAYS.iter().any(|d| compact.ends_with(d))
        && ['年', '月', '日'].iter().all(|c| compact.contains(*c));
    switches >= 2 || dated
}

/// `<U+00A0>`, `<U+3000><U+3000>`: code points a scraper wrote out instead of the characters.
fn is_spelt_code_points(text: &str) -> bool {
    let mut rest = text;
    while let Some(after) = rest.strip_prefix("<U+") {
        let digits = after.chars().take_while(char::is_ascii_hexdigit).count();
        match after[digits..].strip_prefix('>') {
            Some(tail) if (4..=6).contains(&digits) => rest = tail.trim_start(),
            _ => return false,
        }
    }
    rest.is_empty() && !text.is_empty()
}

/// Returns true if and only if `text` has at most `n` characters besides white space (counted
/// up to `n + 1`).
fn at_most_visible_chars(text: &str, n: usize) -> bool {
    text.chars().filter(|c| !c.is_whitespace()).nth(n).is_none()
}

/// A web page's breadcrumb (`当前位置：首页>>…`) or font-size switch (`【字体：大 中 小】`).
fn is_page_widget(text: &str) -> bool {
    // Every form names the place (位置) or the sizes (大中小), perhaps spaced out: a line
    // without 置 or 小 is none (two searches, before counting its characters).
    if !(text.contains('置') || text.contains('小')) || !at_most_visible_chars(text, 60) {
        return false;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    [
        "当前位置",
        "當前位置",
        "您的位置",
        "您现在的位置",
        "您現在的位置",
    ]
    .iter()
    .any(|p| {
        compact
            .strip_prefix(p)
            .is_some_and(|rest| rest.starts_with([':', '：']))
    }) || [
        "【字体：大中小】",
        "【字體：大中小】",
        "字体：大中小",
        "字號：大中小",
        "字号：大中小",
    ]
    .iter()
    .any(|w| {
        compact
            .trim_start_matches('【')
            .starts_with(w.trim_start_matches('【'))
    })
}

/// `— 1 —`, `-2-`, `- 3 -`, `—4—`, `第5页`, `第 5 页 共 20 页`, `共20页 第5页`.
fn is_page_number(text: &str) -> bool {
    if text.len() > 60 {
        return false;
    }
    let dashes = ['-', '—', '－', '–', '−'];
    let trimmed = text.trim_matches(|c: char| dashes.contains(&c) || c.is_whitespace());
    if trimmed.len() < text.len()
        && text.starts_with(dashes)
        && text.ends_with(dashes)
        && !trimmed.is_empty()
        && trimmed.chars().all(is_digit)
        && trimmed.chars().count() <= 4
    {
        return true;
    }
    // The other forms count pages (页).
    if !(text.contains('页') || text.contains('頁')) {
        return false;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let page = |s: &str| -> Option<usize> {
        let s = s.strip_prefix('第')?;
        let digits = s.find(['页', '頁'])?;
        let n = &s[..digits];
        (!n.is_empty() && n.chars().all(is_digit))
            .then_some('第'.len_utf8() + digits + '页'.len_utf8())
    };
    let total = |s: &str| -> Option<usize> {
        let s = s.strip_prefix('共')?;
        let digits = s.find(['页', '頁'])?;
        let n = &s[..digits];
        (!n.is_empty() && n.chars().all(is_digit))
            .then_some('共'.len_utf8() + digits + '页'.len_utf8())
    };
    if let Some(n) = page(&compact) {
        let rest = compact[n..].trim_start_matches([',', '，', '/', '、']);
        return rest.is_empty() || total(rest) == Some(rest.len());
    }
    if let Some(n) = total(&compact) {
        let rest = compact[n..].trim_start_matches([',', '，', '/', '、']);
        return page(rest) == Some(rest.len());
    }
    false
}

/// A source/date byline from a news site: `Jie Fang Ri Bao·2026-02-09 01:28`, or a
/// `来源:… 发布时间:…` line.
fn is_byline(text: &str) -> bool {
    if !lexicon::at_most_chars(text, 100) {
        return false;
    }
    if let Some((name, date)) = text.split_once(['·', '|', '•']) {
        let name_ok = !name.trim().is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '.');
        if name_ok && is_date_time(date.trim()) {
            return true;
        }
    }
    let has = |k: &str| text.contains(&format!("{k}:")) || text.contains(&format!("{k}："));
    (text.starts_with("来源")
        || text.starts_with("來源")
        || text.starts_with("时间")
        || text.starts_with("發布時間")
        || text.starts_with("发布时间"))
        && (has("来源") || has("來源"))
        && (has("时间") || has("時間") || has("发布时间") || has("發布時間"))
}

/// `2026-02-09`, `2026-02-09 01:28`, `2026-02-09 01:28:30`.
fn is_date_time(s: &str) -> bool {
    let (date, time) = s.split_once(' ').unwrap_or((s, ""));
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    let time = time.trim();
    let time_ok = time.is_empty()
        || (time.split(':').count() >= 2
            && time.split(':').count() <= 3
            && time
                .split(':')
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())));
    date_ok && time_ok
}

// ---------------------------------------------------------------------------------------------
// Hard wraps

/// Why two consecutive lines may be one paragraph broken by a hard wrap.
fn may_join(l: &Seg, n: &Seg) -> bool {
    let (Some(last), Some(first)) = (l.text.chars().next_back(), n.text.chars().next()) else {
        return false;
    };
    !ends_sentence(last)
        && !matches!(last, '|' | '：')
        && heading_marker_len(&l.text).is_none()
        && !starts_block(&n.text)
        && !n.indented
        && !l.text.contains('|')
        && !n.text.contains('|')
        && !((first == '（' || first == '(') && (n.text.ends_with('）') || n.text.ends_with(')')))
        && l.text.chars().count() >= 16
}

/// A bare number line between two halves of a sentence in a hard-wrapped file: a page number.
fn is_bare_number(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 4 && text.chars().all(is_digit)
}

/// Joins hard-wrapped lines, if the file shows hard wrapping. Two kinds of evidence count, each
/// needing at least three lines that stop mid-sentence with the next carrying on:
/// - indentation: paragraphs start indented (a fifth of the lines at least), and unindented lines
///   carry on the line before (OCR text broken at page ends);
/// - width: many lines have about the same length (text pasted from a PDF); then only lines of
///   about that length are joined on.
///
/// The first line (usually the title) is never joined; a line is joined with the next only if
/// that one ends a sentence or is itself joined on, so runs of short title or signature lines
/// stay apart. Normalized text has neither indents nor a dominant line length, so normalizing
/// again changes nothing.
fn rejoin(lines: Vec<Seg>, blank_separated: bool, records: &mut Vec<(usize, Removed)>) -> Vec<Seg> {
    let lengths: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
    let width = dominant_width(&lengths);
    let full = |n: usize| width > 0 && n * 100 >= width * 80;
    let body = lines.len().saturating_sub(1);
    let indent_style = lines.iter().skip(1).filter(|l| l.indented).count() * 5 >= body;
    let width_style = width > 0
        && lengths
            .iter()
            .filter(|&&n| full(n) && n * 100 <= width * 115)
            .count()
            * 10
            >= lines.len() * 3;
    if !(indent_style || width_style) {
        return lines;
    }
    let original = lines.clone();
    let mut pages = Vec::new();
    let lines = remove_wrapped_page_numbers(lines, &mut pages);
    let lengths: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
    let joinable = |i: usize, l: &Seg, n: &Seg| {
        may_join(l, n)
            && (!n.blank_before || !blank_separated)
            && (indent_style || full(lengths.get(i).copied().unwrap_or(0)))
    };
    let candidates = (1..lines.len().saturating_sub(1))
        .filter(|&i| joinable(i, &lines[i], &lines[i + 1]))
        .count();
    if candidates < 3 {
        return original;
    }
    records.extend(pages);
    let mut join_next = vec![false; lines.len()];
    for i in (1..lines.len().saturating_sub(1)).rev() {
        let (l, n) = (&lines[i], &lines[i + 1]);
        let n_ends = n.text.chars().next_back().is_some_and(ends_sentence);
        join_next[i] = joinable(i, l, n) && (n_ends || join_next[i + 1]);
    }
    let mut out: Vec<Seg> = Vec::with_capacity(lines.len());
    let mut join = false;
    for (i, line) in lines.into_iter().enumerate() {
        match out.last_mut() {
            Some(prev) if join => {
                let a = prev.text.chars().next_back().unwrap_or(' ');
                let b = line.text.chars().next().unwrap_or(' ');
                if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                    // Latin words: keep one source space between them, or leave the break.
                    match prev.space_after.or(line.space_before) {
                        Some(space) => prev.append(Some((space, " ")), line),
                        None => out.push(line),
                    }
                } else {
                    prev.append(None, line);
                }
            }
            _ => out.push(line),
        }
        join = join_next[i];
    }
    out
}

/// The length most lines of a hard-wrapped text share: the `w` (10 to 400 characters) with the
/// most lines of length `0.9·w..=w`; 0 when no length is common enough to matter.
fn dominant_width(lengths: &[usize]) -> usize {
    const MAX: usize = 400;
    let mut histogram = vec![0usize; MAX + 2];
    for &n in lengths {
        histogram[n.min(MAX + 1)] += 1;
    }
    let mut prefix = vec![0usize; MAX + 3];
    for (i, &c) in histogram.iter().enumerate() {
        prefix[i + 1] = prefix[i] + c;
    }
    let mut best = (0, 0);
    for w in 10..=MAX {
        let lo = w * 9 / 10;
        let count = prefix[w + 1] - prefix[lo];
        if count >= best.1 {
            best = (w, count);
        }
    }
    if best.1 >= 5 { best.0 } else { 0 }
}

/// In a hard-wrapped file, page numbers between the halves of a sentence: a bare number line
/// (` 379 `), or a number after two or more spaces at the end of a line (`发展适  380`).
fn remove_wrapped_page_numbers(lines: Vec<Seg>, records: &mut Vec<(usize, Removed)>) -> Vec<Seg> {
    let continues = |n: Option<&Seg>| n.is_some_and(|n| !n.indented && !starts_block(&n.text));
    let open = |l: Option<&Seg>| {
        l.and_then(|l| l.text.chars().next_back())
            .is_some_and(|c| !ends_sentence(c))
    };
    let mut out: Vec<Seg> = Vec::with_capacity(lines.len());
    let mut iter = lines.into_iter().peekable();
    while let Some(mut line) = iter.next() {
        let record = |seg: &Seg, start: usize, records: &mut Vec<(usize, Removed)>| {
            records.push((
                seg.source_of(start),
                Removed {
                    kind: RemovedKind::PageNumber,
                    line: seg.line,
                    text: seg.text[start..].to_string(),
                },
            ));
        };
        if is_bare_number(&line.text) && open(out.last()) && continues(iter.peek()) {
            record(&line, 0, records);
            continue;
        }
        let body = line.text.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = line.text.len() - body.len();
        let kept = body.trim_end_matches(is_pad);
        let gap = &body[kept.len()..];
        if (1..=4).contains(&digits)
            && gap.chars().count() >= 2
            && !kept.is_empty()
            && open(Some(&line.slice(0, kept.len())))
            && continues(iter.peek())
        {
            record(&line, body.len(), records);
            let space = line.source_of(kept.len());
            line = line.slice(0, kept.len());
            line.space_after = Some(space);
        }
        out.push(line);
    }
    out
}
