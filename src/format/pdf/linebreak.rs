//! Line breaking for Chinese text: UAX #14 break opportunities (`unicode-linebreak`) narrowed by
//! the GB/T 15834 rules, and a greedy first-fit breaker over measured characters.
//!
//! GB/T 15834 (标点符号用法) forbids a line that starts with closing punctuation
//! (，。、；：？！）》」』”’ …) or ends with opening punctuation (（《「『“‘ …), and a split inside
//! —— or ……. Latin words and numbers stay whole (UAX #14 gives no opportunity inside them).
//! When closing punctuation would overflow a line by no more than half its width, it is pushed
//! in (set at half width at the line end, where full-width punctuation is blank anyway);
//! otherwise the character before it moves down with it (pushed out).

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Width tolerance in points, so that 28 characters of exactly a 28th of the block fit.
const EPSILON: f32 = 0.01;

/// True if and only if `c` must not start a line (closing punctuation and the like).
pub fn no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '”'
            | '’'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '］'
            | '｝'
            | '．'
            | '‰'
            | '％'
            | '·'
            | '・'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// True if and only if `c` must not end a line (opening punctuation).
pub fn no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '“'
            | '‘'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '［'
            | '｛'
            | '('
            | '['
            | '{'
    )
}

/// True if and only if `c` is full-width closing punctuation whose right half is blank, so it
/// may be set at half width at the end of a line.
pub fn compressible(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '）'
            | '》'
            | '」'
            | '』'
            | '”'
            | '’'
            | '〉'
            | '】'
            | '〕'
    )
}

/// Where a line may break: `result[i]` is true if and only if a line may start at character
/// `i` (for `0 < i < chars.len()`; `result[0]` is false).
pub fn opportunities(text: &str) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    let mut allowed = vec![false; chars.len() + 1];
    // Map byte offsets to character indices as we go: break offsets arrive in increasing order.
    let mut offsets = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    for (byte, opportunity) in linebreaks(text) {
        if opportunity == BreakOpportunity::Mandatory && byte == text.len() {
            continue;
        }
        while offsets.peek().is_some_and(|&(_, b)| b < byte) {
            offsets.next();
        }
        if let Some(&(index, b)) = offsets.peek()
            && b == byte
        {
            allowed[index] = true;
        }
    }
    allowed.truncate(chars.len());
    if let Some(first) = allowed.first_mut() {
        *first = false;
    }
    for i in 1..chars.len() {
        let (before, after) = (chars[i - 1], chars[i]);
        // UAX #14 (before Unicode 15.1) glues quotation marks to both neighbours; in Chinese
        // text an opening quote may start a line and a closing one may end it.
        if (matches!(after, '“' | '‘') && is_cjk(before))
            || (matches!(before, '”' | '’') && is_cjk(after))
        {
            allowed[i] = true;
        }
        // A line ending in a hyphen reads as a word broken at a line end: text extraction
        // (poppler) drops the hyphen when it joins the lines, so hyphenated runs stay whole.
        if no_start(after)
            || no_end(before)
            || before == '-'
            || (before == after && matches!(after, '—' | '…' | '⋯'))
        {
            allowed[i] = false;
        }
    }
    allowed
}

/// Where a title may break, as two masks like [`opportunities`]': every allowed break except
/// inside a number and its unit (`2020年`, `5号`, `100%`), and of those the breaks where a word
/// surely ends (标题 "词意完整"): around 关于, after a year (`2020年`), after punctuation and
/// after the conjunctions of the lexicon (和, 与, 及 …).
pub fn title_opportunities(text: &str) -> (Vec<bool>, Vec<bool>) {
    let chars: Vec<char> = text.chars().collect();
    let mut allowed = opportunities(text);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    for i in 1..chars.len() {
        if digit(chars[i - 1]) && !chars[i].is_whitespace() {
            allowed[i] = false;
        }
    }
    let folded = crate::lexicon::fold(text);
    let folded: Vec<char> = folded.chars().collect();
    let starts_with = |i: usize, word: &str| {
        word.chars()
            .enumerate()
            .all(|(k, c)| folded.get(i + k) == Some(&c))
    };
    let mut preferred = vec![false; chars.len()];
    for i in 1..chars.len() {
        let before = folded[i - 1];
        let after_word = crate::lexicon::TITLE_BREAK_AFTER.iter().any(|w| {
            let n = w.chars().count();
            i >= n && starts_with(i - n, w)
        });
        let before_word = crate::lexicon::TITLE_BREAK_BEFORE
            .iter()
            .any(|w| starts_with(i, w));
        // `2020年|法治` but not `2020年|度`.
        let year = before == '年' && i >= 2 && digit(chars[i - 2]) && folded[i] != '度';
        let punctuation = is_cjk(before) && no_start(before);
        preferred[i] = allowed[i] && (after_word || before_word || year || punctuation);
    }
    (allowed, preferred)
}

/// Breaks a title into balanced lines: at the breaks where words end if that takes no more
/// lines than breaking anywhere allowed, else anywhere allowed (see [`title_opportunities`]).
pub fn balance_title(chars: &[char], advances: &[f32], text: &str, width: f32) -> Vec<LineRange> {
    let (allowed, preferred) = title_opportunities(text);
    let anywhere = balance(chars, advances, &allowed, width);
    let at_words = balance(chars, advances, &preferred, width);
    if at_words.len() <= anywhere.len() && at_words.iter().all(|l| l.width <= width + EPSILON) {
        at_words
    } else {
        anywhere
    }
}

/// True if and only if `c` is a CJK ideograph, CJK punctuation or a full-width form.
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x303F | 0x3040..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
            | 0x20000..=0x3FFFF)
}

/// One line: characters `start..end`, and its width in points as set (trailing spaces not
/// counted, a pushed-in final punctuation mark at half width).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineRange {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Width as set, in points.
    pub width: f32,
    /// True if and only if the last character is punctuation pushed in at half width.
    pub compressed_last: bool,
}

/// Breaks characters with the given advances into lines: the first `first_width` wide, the
/// others `width` wide. `allowed` comes from [`opportunities`]. Runs in time linear in the
/// number of characters: each line is measured from its own start, a constant number of times.
/// (Not with prefix sums over the paragraph: in `f32` a sum over megabytes of text loses the
/// precision a line's width needs.)
pub fn break_lines(
    chars: &[char],
    advances: &[f32],
    allowed: &[bool],
    first_width: f32,
    width: f32,
) -> Vec<LineRange> {
    let n = chars.len().min(advances.len());
    let (chars, advances) = (&chars[..n], &advances[..n]);
    let may_break = |i: usize| i >= n || allowed.get(i).copied().unwrap_or(true);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        let avail = if lines.is_empty() { first_width } else { width };
        // `width` is that of characters start..j, which fit.
        let (mut j, mut width) = (start, 0.0f32);
        while j < n && width + advances[j] <= avail + EPSILON {
            width += advances[j];
            j += 1;
        }
        if j == n {
            lines.push(line(chars, advances, start, n, false));
            break;
        }
        // Spaces at the overflow point hang past the margin.
        if chars[j] == ' ' {
            let mut k = j;
            while k < n && chars[k] == ' ' {
                k += 1;
            }
            if may_break(k) {
                lines.push(line(chars, advances, start, k, false));
                start = k;
                continue;
            }
        }
        // Push in: closing punctuation that overflows by at most half its width.
        if j > start
            && compressible(chars[j])
            && width + advances[j] / 2.0 <= avail + EPSILON
            && may_break(j + 1)
        {
            lines.push(line(chars, advances, start, j + 1, true));
            start = j + 1;
            continue;
        }
        // Push out: break at the last opportunity at or before the overflow point.
        let end = (start + 1..=j)
            .rev()
            .find(|&b| may_break(b))
            .unwrap_or(j.max(start + 1));
        lines.push(line(chars, advances, start, end, false));
        start = end;
    }
    lines
}

fn line(chars: &[char], advances: &[f32], start: usize, end: usize, compressed: bool) -> LineRange {
    let mut last = end;
    while last > start && chars[last - 1] == ' ' {
        last -= 1;
    }
    let mut width: f32 = advances[start..last].iter().sum();
    if compressed && last == end {
        width -= advances[end - 1] / 2.0;
    }
    LineRange {
        start,
        end,
        width,
        compressed_last: compressed,
    }
}

/// Breaks a title into as few lines as greedy breaking needs, as even in width as possible:
/// the narrowest width that still needs no more lines is found by bisection.
pub fn balance(chars: &[char], advances: &[f32], allowed: &[bool], width: f32) -> Vec<LineRange> {
    let greedy = break_lines(chars, advances, allowed, width, width);
    if greedy.len() < 2 {
        return greedy;
    }
    let total: f32 = advances.iter().sum();
    let (mut lo, mut hi) = (total / greedy.len() as f32, width);
    let mut best = greedy.clone();
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        let lines = break_lines(chars, advances, allowed, mid, mid);
        if lines.len() <= greedy.len() && lines.iter().all(|l| l.width <= mid + EPSILON) {
            best = lines;
            hi = mid;
        } else {
            lo = mid;
        }
    }
    best
}
