//! The vocabulary the relation finders and checks match: every cue word, in one form.
//!
//! Words are stored once, in simplified characters, in named tables; they are matched against
//! text folded to simplified characters with [`fold`] (a report in traditional characters reads
//! the same as its simplified twin). Folding maps one character to one character of the same
//! UTF-8 length, so byte offsets into folded text are offsets into the original.

mod fold;

use aho_corasick::packed;
use std::sync::OnceLock;

/// The first and one past the last code point that may have another form (CJK ideographs).
const FOLDED: std::ops::Range<u32> = 0x3400..0xA000;

/// The simplified form of each code point of [`FOLDED`], made when compiling: a table built at
/// run time was a fiftieth of checking one report in its own process.
fn fold_table() -> &'static [char] {
    const LEN: usize = (FOLDED.end - FOLDED.start) as usize;
    static TABLE: [char; LEN] = {
        let mut table = ['\0'; LEN];
        let mut i = 0;
        while i < LEN {
            // Every code point of the range is a character (no surrogates below U+D800).
            if let Some(c) = char::from_u32(FOLDED.start + i as u32) {
                table[i] = c;
            }
            i += 1;
        }
        let mut k = 0;
        while k < fold::PAIRS.len() {
            let (t, s) = fold::PAIRS[k];
            let at = (t as u32).wrapping_sub(FOLDED.start) as usize;
            if at < LEN && s.len_utf8() == t.len_utf8() {
                table[at] = s;
            }
            k += 1;
        }
        table
    };
    &TABLE
}

/// `c` folded by the table: code points outside it stay as they are.
fn fold_by(table: &[char], c: char) -> char {
    (c as u32)
        .checked_sub(FOLDED.start)
        .and_then(|i| table.get(i as usize))
        .copied()
        .unwrap_or(c)
}

/// The simplified form of a character (itself when it has no other form).
pub fn fold_char(c: char) -> char {
    fold_by(fold_table(), c)
}

/// Appends `piece` to `text` folded to simplified characters, and calls `on_mark` with the
/// offset in `text` and the folded form of each character in `marks`, in order. Runs that fold
/// to themselves (all of a simplified text) are copied whole: one step a character decodes, looks up
/// and tests it, and nothing is pushed a character at a time.
pub(crate) fn push_folded(
    text: &mut String,
    piece: &str,
    marks: &Bits,
    mut on_mark: impl FnMut(usize, char),
) {
    let table = fold_table();
    let base = text.len();
    text.reserve(piece.len());
    let mut copied = 0;
    for (i, c) in piece.char_indices() {
        let folded = fold_by(table, c);
        if folded != c {
            text.push_str(&piece[copied..i]);
            text.push(folded);
            copied = i + c.len_utf8();
        }
        if in_bits(marks, folded) {
            on_mark(base + i, folded);
        }
    }
    text.push_str(&piece[copied..]);
}

/// `text` with every character folded to its simplified form; byte offsets are unchanged.
/// A text with nothing to fold is copied whole; otherwise what precedes the first character to
/// fold is copied and the rest folded one character at a time (writing over a copy's bytes
/// would need them checked as UTF-8 again, at several times the cost).
pub fn fold(text: &str) -> String {
    let Some((first, _)) = next_folded(text.as_bytes(), 0) else {
        return text.to_owned();
    };
    let table = fold_table();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    out.extend(text[first..].chars().map(|c| fold_by(table, c)));
    out
}

/// The offset and folded form of the first character at or after `from` (a character boundary)
/// that folding changes.
fn next_folded(bytes: &[u8], from: usize) -> Option<(usize, char)> {
    let table = fold_table();
    let mut i = from;
    while let Some(&lead) = bytes.get(i) {
        if (0xE3..=0xE9).contains(&lead) {
            // A three-byte sequence (the text is UTF-8): lead 1110xxxx, then two 10xxxxxx.
            let code = (u32::from(lead & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F);
            if let Some(&f) = code
                .checked_sub(FOLDED.start)
                .and_then(|k| table.get(k as usize))
                && f as u32 != code
            {
                return Some((i, f));
            }
        }
        i += first_char_len(lead);
    }
    None
}

/// A set of characters of the Basic Multilingual Plane, a bit each, made when compiling ([`add`]):
/// for the tests asked of every character of a text.
pub(crate) type Bits = [u64; 0x1_0000 / 64];

/// The empty [`Bits`].
pub(crate) const NO_BITS: Bits = [0; 0x1_0000 / 64];

/// Adds the code point `code` (below U+10000) to `bits`.
pub(crate) const fn add(bits: &mut Bits, code: u32) {
    bits[code as usize / 64] |= 1 << (code % 64);
}

/// `$bits` (a [`Bits`]) with every character of the Basic Multilingual Plane for which `$test`,
/// a test of the character `$c` the compiler can evaluate, holds: made when compiling, for the
/// tests asked of every character of a text.
macro_rules! plane_bits {
    ($bits:expr, |$c:ident| $test:expr) => {{
        let mut bits: $crate::lexicon::Bits = $bits;
        let mut code = 0u32;
        while code < 0x1_0000 {
            if let Some($c) = char::from_u32(code)
                && $test
            {
                $crate::lexicon::add(&mut bits, code);
            }
            code += 1;
        }
        bits
    }};
}
pub(crate) use plane_bits;

/// Adds to `bits` the last character of `word` and returns true, or returns false when `word`
/// is empty or ends outside the Basic Multilingual Plane: callers assert the result when
/// compiling, so that a set of last characters leaves no word out.
pub(crate) const fn add_last_char(bits: &mut Bits, word: &str) -> bool {
    let bytes = word.as_bytes();
    // The last character starts at the last byte that does not continue one (10xxxxxx).
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1] & 0xC0 == 0x80 {
        start -= 1;
    }
    if start == 0 {
        return false;
    }
    match first_char(bytes.split_at(start - 1).1) {
        Some(c) => {
            add(bits, c);
            true
        }
        None => false,
    }
}

/// The last characters of the words of `lists`, made when compiling; the build fails if a word
/// is empty or ends outside the Basic Multilingual Plane ([`add_last_char`]).
pub(crate) const fn last_chars(lists: &[&[&str]]) -> Bits {
    let mut bits = NO_BITS;
    let mut l = 0;
    while l < lists.len() {
        let mut k = 0;
        while k < lists[l].len() {
            assert!(add_last_char(&mut bits, lists[l][k]));
            k += 1;
        }
        l += 1;
    }
    bits
}

/// Adds to `bits` the first character of each of `words` that starts in the Basic Multilingual
/// Plane (see [`start_in_plane`]).
pub(crate) const fn add_first_chars(bits: &mut Bits, words: &[&str]) {
    let mut k = 0;
    while k < words.len() {
        if let Some(c) = first_char(words[k].as_bytes()) {
            add(bits, c);
        }
        k += 1;
    }
}

/// Returns true if and only if every one of `words` starts in the Basic Multilingual Plane, so
/// that [`add_first_chars`] leaves none out: asserted when compiling where that matters.
pub(crate) const fn start_in_plane(words: &[&str]) -> bool {
    let mut k = 0;
    while k < words.len() {
        if first_char(words[k].as_bytes()).is_none() {
            return false;
        }
        k += 1;
    }
    true
}

/// The code point of the first character of a word, if it is in the Basic Multilingual Plane
/// (one to three bytes of UTF-8).
const fn first_char(bytes: &[u8]) -> Option<u32> {
    match bytes {
        [b, ..] if *b < 0x80 => Some(*b as u32),
        [b0, b1, ..] if *b0 & 0xE0 == 0xC0 => {
            Some(((*b0 as u32 & 0x1F) << 6) | (*b1 as u32 & 0x3F))
        }
        [b0, b1, b2, ..] if *b0 & 0xF0 == 0xE0 => {
            Some(((*b0 as u32 & 0x0F) << 12) | ((*b1 as u32 & 0x3F) << 6) | (*b2 as u32 & 0x3F))
        }
        _ => None,
    }
}

/// Returns true if and only if `c` is in `bits`.
pub(crate) fn in_bits(bits: &Bits, c: char) -> bool {
    bits.get(c as usize / 64)
        .is_some_and(|word| word & (1 << (c as usize % 64)) != 0)
}

/// Returns true if and only if `text` ends in a character of `bits` (with [`last_chars`]: may
/// end in one of a list's words).
pub(crate) fn ends_in(text: &str, bits: &Bits) -> bool {
    text.chars().next_back().is_some_and(|c| in_bits(bits, c))
}

/// Hashes a key with one multiplication, for maps whose keys the input does not choose: the
/// first characters of the lexicon's words (looked up for nearly every character of a report),
/// the addresses of figures, the numbers of sections and the styles of numbering. Such maps need
/// no protection against colliding keys.
#[derive(Clone, Copy, Default)]
pub(crate) struct QuickHash;

impl std::hash::BuildHasher for QuickHash {
    type Hasher = QuickHasher;
    fn build_hasher(&self) -> QuickHasher {
        QuickHasher(0)
    }
}

#[derive(Default)]
pub(crate) struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Returns true if and only if `text` has at most `n` characters: counted in a prefix of at most
/// `4 (n + 1)` bytes only, since the lines asked about are often whole paragraphs. Such a prefix
/// (cut at a character boundary, so three bytes shorter at most) holds `n + 1` characters when
/// the text is longer, and counting the characters of a slice is quicker than stepping over them.
pub(crate) fn at_most_chars(text: &str, n: usize) -> bool {
    if text.len() <= n {
        return true;
    }
    // Over a few characters (a word asked whether it is one character), stepping is quicker.
    if n < 8 {
        return text.chars().nth(n).is_none();
    }
    let mut end = n.saturating_add(1).saturating_mul(4).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].chars().count() <= n
}

/// Returns true if and only if `text` starts with one of `words`.
pub(crate) fn starts_with_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| starts_with(text, w))
}

/// Returns true if and only if `text` ends with one of `words`.
pub(crate) fn ends_with_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| ends_with(text, w))
}

/// `text.starts_with(word)`, the last byte of the word compared first: the last byte of a
/// Chinese character differs between most characters where the first does not, and most words
/// of a list fail on it without a call to compare the rest.
pub(crate) fn starts_with(text: &str, word: &str) -> bool {
    starts_with_bytes(text.as_bytes(), word.as_bytes())
}

fn starts_with_bytes(t: &[u8], w: &[u8]) -> bool {
    match w.last() {
        None => true,
        Some(&b) => t.len() >= w.len() && t[w.len() - 1] == b && t[..w.len()] == *w,
    }
}

/// `text` after `word`, if it starts with it (see [`starts_with`]).
pub(crate) fn strip_prefix<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    starts_with(text, word).then(|| &text[word.len()..])
}

/// `text` before `word`, if it ends with it (see [`ends_with`]).
pub(crate) fn strip_suffix<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    ends_with(text, word).then(|| &text[..text.len() - word.len()])
}

/// `text.ends_with(word)`, the last bytes compared first (see [`starts_with`]).
pub(crate) fn ends_with(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    match w.last() {
        None => true,
        Some(&b) => t.last() == Some(&b) && t.ends_with(w),
    }
}

/// Returns true if and only if `text`, folded, ends with one of `words` (simplified): the text's
/// last characters are folded one at a time as they are compared, from the end.
pub(crate) fn folded_ends_with_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        let mut tail = text.chars().rev().map(fold_char);
        w.chars().rev().all(|c| tail.next() == Some(c))
    })
}

/// A list of cue words looked for anywhere in a text ([`Words::found_in`]); it is also the slice
/// of its words.
///
/// Most texts searched are a clause or a phrase of a few characters: such a text is walked a
/// character at a time, and the words compared only where a character ends in the byte one of
/// their first characters ends in (the last byte differs between most Chinese characters; the
/// set is made when compiling). A longer text is searched for all the words at once by a SIMD
/// searcher (aho-corasick's Teddy), built on first use: the walk costs about 10 instructions a
/// byte, the searcher 230 to 270 a search of 30 to 120 bytes.
#[derive(Debug)]
pub struct Words {
    words: &'static [&'static str],
    /// The last bytes of the words' first characters, a bit each.
    lasts: [u64; 4],
    /// The searcher of long texts; `None` where the processor has no SIMD for it.
    searcher: OnceLock<Option<packed::Searcher>>,
}

impl Words {
    /// The list of `words` (none of them empty).
    pub const fn new(words: &'static [&'static str]) -> Words {
        let mut lasts = [0u64; 4];
        let mut k = 0;
        while k < words.len() {
            let w = words[k].as_bytes();
            assert!(!w.is_empty(), "an empty cue word");
            let b = w[first_char_len(w[0]) - 1];
            lasts[(b >> 6) as usize] |= 1 << (b & 63);
            k += 1;
        }
        Words {
            words,
            lasts,
            searcher: OnceLock::new(),
        }
    }

    /// Returns true if and only if `text` contains one of the words.
    pub fn found_in(&self, text: &str) -> bool {
        // Below this length the walk costs less than the searcher.
        const WALK_BELOW: usize = 32;
        let t = text.as_bytes();
        if t.len() >= WALK_BELOW
            && let Some(searcher) = self.searcher.get_or_init(|| {
                packed::Config::new()
                    .match_kind(packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(self.words)
                    .build()
            })
        {
            return searcher.find(t).is_some();
        }
        let mut i = 0;
        while let Some(&lead) = t.get(i) {
            let next = i + first_char_len(lead);
            let b = t[next - 1];
            if self.lasts[usize::from(b >> 6)] & (1 << (b & 63)) != 0
                && self
                    .words
                    .iter()
                    .any(|w| starts_with_bytes(&t[i..], w.as_bytes()))
            {
                return true;
            }
            i = next;
        }
        false
    }
}

impl std::ops::Deref for Words {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        self.words
    }
}

/// The length in bytes of the UTF-8 character that starts with `lead`.
const fn first_char_len(lead: u8) -> usize {
    match lead {
        0..0xC0 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// Introduces the parts of the figure before it: 其中.
pub const WHEREOF: &[&str] = &["其中"];

/// Opens a parenthesis of parts: `(含…)`, `（包括…）`.
pub const INCLUSION_OPENERS: &[&str] = &["(含", "（含", "(包括", "（包括"];

/// Opens a list of parts after a total: 包括, 主要包括, 主要用于 (not 用于 alone: 用于消费的部分为…).
pub const LIST_OPENERS: &[&str] = &["主要包括", "包括", "主要用于"];

/// Names the rest of a breakdown: 其他X, 其余X.
pub const OTHER: &[&str] = &["其他", "其它", "其余"];

/// Opens a clause that sums up the amounts before it: 共13件, 合计 ….
pub const SUM_UP: &[&str] = &["共计", "合计", "总计", "共"];

/// Marks a figure as the total of the amounts listed before it in the same sentence: 总收入,
/// 总支出, 收入总计 (a balance sheet of a budget).
pub const TOTAL_WORDS: &[&str] = &["总收入", "总支出", "收入总计", "支出总计", "总计", "合计"];

/// Presents a breakdown along one dimension (从公开载体看, 分产业看, 按常住地分).
pub const DIMENSION_OPENERS: &[&str] = &["从", "分", "按"];

/// Closes a dimension opener (从公开载体看, 按常住地分).
pub const DIMENSION_CLOSERS: &[&str] = &["看", "分"];

/// Words that make a clause state a change against an earlier level rather than a level.
pub const COMPARISONS: &[&str] = &["比", "较", "同比", "与上年相比", "与去年相比", "环比"];

/// The words of [`COMPARISON_BASES`], the first three those of [`LAST_YEAR_BASES`].
const COMPARISON_BASES_WORDS: &[&str] = &[
    "比上年",
    "比去年",
    "较上年",
    "比年初",
    "较年初",
    "比上年末",
    "比上年同期",
    "较上年同期",
    "比2",
    "较2",
    "同比",
];

/// Bases a change is measured against, inside a clause (比上年增加 …).
pub static COMPARISON_BASES: Words = Words::new(COMPARISON_BASES_WORDS);

/// The bases of [`COMPARISON_BASES`] that name the year before: 比上年, 比去年, 较上年.
pub static LAST_YEAR_BASES: Words = Words::new(COMPARISON_BASES_WORDS.split_at(3).0);

/// Bases of a change against a plan (比年初预算增加3.34亿元): the earlier level is the figure of
/// the sentence stated as that plan (年初预算 … 为75.28亿元).
pub const PLAN_BASES: &[&str] = &["比年初预算", "较年初预算", "比预算", "较预算"];

/// Verbs of a rise.
pub const RISES: &[&str] = &[
    "增加", "增长", "提高", "上升", "上涨", "增多", "多", "提升", "扩大", "净增", "回升", "高",
];

/// Verbs of a fall.
pub const FALLS: &[&str] = &[
    "减少",
    "下降",
    "降低",
    "回落",
    "下跌",
    "缩小",
    "少",
    "低",
    "减",
    "负增长",
];

/// Verbs of a relative change stated as a percentage (增长5.3%).
pub const RELATIVE_CHANGES: &[&str] = &[
    "增长", "下降", "上升", "增幅", "降幅", "增速", "上涨", "下跌", "回落", "提高", "降低", "减少",
    "增加",
];

/// Verbs between two levels: 由X增加到Y, 从X下降至Y.
pub const TO_WORDS: &[&str] = &[
    "增加到",
    "增加至",
    "增长到",
    "增长至",
    "提高到",
    "提高至",
    "上升到",
    "上升至",
    "下降到",
    "下降至",
    "减少到",
    "减少至",
    "降低到",
    "降低至",
    "扩大到",
    "扩大至",
    "缩小到",
    "缩小至",
    "增至",
    "降至",
    "达到",
    "到",
    "至",
];

/// Words between a rate's name and its value (`调解成功率为88.09%`, `应诉率达93.75%`), longest first.
pub const LINKING_VERBS: &[&str] = &[
    "分别达到",
    "分别为",
    "达到",
    "约为",
    "保持在",
    "保持",
    "稳定在",
    "为",
    "达",
    "是",
];

/// Stems that make X率 a growth rate, not a ratio of two amounts (增长率).
pub const GROWTH_STEMS: &[&str] = &["增长", "增速", "增幅", "下降", "提高", "降幅"];

/// The share cue: 占 (of a whole), 占比.
pub static SHARE: Words = Words::new(&["占比", "占"]);

/// Words naming the whole a share is of (占总体的比例, 占全部 …): the share's denominator is
/// the total of the breakdown its part belongs to.
pub const WHOLE_WORDS: &[&str] = &["总体", "全部", "总数", "总量", "总额", "合计", "总计", "总"];

/// Nouns that end the name of a share after 占…的 (占GDP的比重).
pub static SHARE_NOUNS: Words = Words::new(&["比重", "比例", "份额"]);

/// A completion rate against a plan or budget: 为预算的103.3%, 完成年初预算的101.9%.
pub static PLAN_WORDS: Words =
    Words::new(&["调整预算", "年初预算", "预算调整", "预算", "计划", "目标"]);

/// Words before a percentage that make a value above 100 legitimate: growth, increase and plan
/// completion.
pub static ABOVE_HUNDRED_OK: Words = Words::new(&[
    "增长",
    "增加",
    "提高",
    "上升",
    "增幅",
    "增速",
    "完成",
    "超",
    "同比",
    "比上年",
    "翻",
    "回升",
    "扩大",
    "预算",
    "计划",
    "目标",
    "为上年",
    "任务",
]);

/// Words that name the same level in two ways: `(in a change's measure, in the level's)`.
pub const SYNONYMS: &[(&str, &str)] = &[
    ("受案", "受理"),
    ("收案", "受理"),
    ("结案", "审结"),
    ("GDP", "地区生产总值"),
    ("GDP", "生产总值"),
];

/// Words that open a clause without naming its measure, dropped from the start of a measure
/// phrase (其中，第一产业增加值 → 第一产业增加值).
pub const PHRASE_OPENERS: &[&str] = &[
    "其中", "全年", "年末", "年底", "目前", "截至", "共计", "合计", "总计", "累计", "共", "并",
    "和", "及", "另", "全市", "全区", "全县",
];

/// Qualifiers of a figure's measure, found in the clause before it.
pub const CUMULATIVE: &[&str] = &["累计"];
/// A new flow (新增, 新收, 新受理) rather than a stock.
pub const NEW: &[&str] = &["新增", "新收", "新受理", "新登记", "新建"];
/// Cases or funds carried over from the previous period.
pub static CARRIED: Words = Words::new(&["旧存", "结转", "上年结转", "上年未结"]);
/// Per-capita and average values: not parts of a total of their measure.
pub static PER_CAPITA: Words = Words::new(&[
    "人均",
    "平均",
    "户均",
    "每万人",
    "每百",
    "每千",
    "每万",
    "每亿元",
]);

/// Clauses that make the figures after them a time slice, not parts (其中1995年 …).
pub const EXCLUDES: &[&str] = &["不含", "不包括", "除"];

/// Words after a count that open the list it counts (共3家，分别是A、B、C).
pub const LIST_AFTER: &[&str] = &[
    "，分别是",
    "，分别为",
    ",分别是",
    ",分别为",
    "，即",
    "，包括",
    "，主要是",
];

/// Words right before a count that announces the sections after it (重点抓好以下六个方面).
pub const ANNOUNCING: &[&str] = &["以下", "如下"];

/// Separators between items of a list.
pub const LIST_JOINERS: &[&str] = &["以及", "和", "与", "及", "、"];

/// Complementary modifiers: two parts named by the members of a pair split their whole
/// between them (城镇/农村, 出口/进口); a part named by one member and a total named by the
/// other are siblings, not whole and part.
pub const COMPLEMENTS: &[(&str, &str)] = &[
    ("城镇", "农村"),
    ("城市", "农村"),
    ("出口", "进口"),
    ("固定", "移动"),
    ("国内", "境外"),
    ("国内", "入境"),
    ("国内", "国外"),
    ("淡水", "海水"),
    ("客运", "货运"),
    ("公立", "民营"),
    ("男", "女"),
    ("一般", "专项"),
    ("税收", "非税"),
    ("收入", "支出"),
    ("存款", "贷款"),
    ("本金", "利息"),
    ("在职", "离退休"),
    ("大中型", "小微型"),
    ("轻工业", "重工业"),
    ("寿险", "财产险"),
    ("人身保险", "财产保险"),
];

/// Words that name both members of a complementary pair at once: `(word, a, b)`.
pub const COMBINED: &[(&str, &str, &str)] = &[
    ("进出口", "出口", "进口"),
    ("城乡", "城镇", "农村"),
    ("收支", "收入", "支出"),
];

/// Ordinals that make parts an exhaustive enumeration (第一产业, 第二产业, 第三产业).
pub static ORDINAL_PARTS: Words = Words::new(&["第一", "第二", "第三"]);

/// Words of a rate whose denominator is the amount the sentence opens with (结案率 over 受理):
/// `(rate stem, numerator words, denominator words)`.
pub const NAMED_RATES: &[(&str, &[&str], &[&str])] = &[
    (
        "结案",
        &["结案", "审结", "办结", "执结", "审执结"],
        &["受理", "收案", "受案", "立案"],
    ),
    ("办结", &["办结", "结案"], &["受理", "收到", "办理"]),
    ("调撤", &["调解", "撤诉"], &["结案"]),
    ("城镇化", &["城镇人口"], &["常住人口", "总人口"]),
    ("存贷", &["贷款"], &["存款"]),
    ("纠错", &["纠错"], &["审结", "办结", "受理"]),
];

/// Modifiers that make a measure the whole of its family (主动公开政府信息数 of 政府网站公开政府
/// 信息数, 政务微博公开政府信息数).
pub static FAMILY_WHOLES: Words = Words::new(&["主动", "各类", "全部"]);

/// Words that make a level the total over kinds listed after it.
pub static OVER_KINDS: Words = Words::new(&["各类", "各项", "全部"]);

/// Words naming whose figures a sentence states (全市, 市本级) or for which plan: two statements
/// of one measure are of one quantity only if these agree.
pub static SCOPES: Words = Words::new(&[
    "全市",
    "市本级",
    "市级",
    "本级",
    "全区",
    "区级",
    "区本级",
    "全县",
    "县级",
    "全省",
    "省级",
    "高新",
    "预算",
    "预计",
    "计划",
    "目标",
    "草案",
    "上年",
    "去年",
    "同期",
    "年初",
    "调整",
]);

/// Words that name what is left of a whole: `16项问题已整改完成7项，剩余9项`; `受理10 007件，
/// 审结9 445件，…未结562件`.
pub const REMAINDER: &[&str] = &["剩余", "尚余", "未结", "尚有各类未结"];

/// Verbs a measure phrase may consist of alone, which name no measure (`实际完成`).
pub const BARE_VERBS: &[&str] = &[
    "实际完成",
    "完成",
    "实现",
    "达到",
    "达",
    "为",
    "共",
    "计",
    "实际",
];

/// Approximation words right before a figure, dropped from the end of its clause.
pub const APPROXIMATIONS: &[&str] = &[
    "约", "近", "超过", "逾", "接近", "将近", "大约", "不到", "不足",
];

/// Words of a sentence that make a one-character verb (多, 低) state a change against an
/// earlier period: 与上年相比，收案多2850件.
pub static COMPARING_SENTENCES: Words =
    Words::new(&["与上年相比", "与去年相比", "与上年同比", "比上年", "同比"]);

/// Names of a total among the words of a measure (with 7 characters or more, 收入总计 …).
pub static TOTAL_MARKS: Words = Words::new(&["总", "合计", "共"]);

/// Labels of the total row of a table.
pub static TOTAL_ROWS: Words = Words::new(&["合计", "总计", "小计"]);

/// The words of [`SHARE_HEADERS`], the first three those of [`SHARE_COLUMN_HEADERS`].
const SHARE_HEADERS_WORDS: &[&str] = &["比重", "比例", "构成", "占"];

/// Headers of a table column (or row) of shares.
pub static SHARE_HEADERS: Words = Words::new(SHARE_HEADERS_WORDS);

/// The headers of [`SHARE_HEADERS`] that head a column of shares (not 占).
pub static SHARE_COLUMN_HEADERS: Words = Words::new(SHARE_HEADERS_WORDS.split_at(3).0);

/// Counters of items that count the same things (收到8份申请，其中予以公开2件).
pub const ITEM_COUNTERS: &[&str] = &["件", "份", "条"];

/// Clauses after which the amounts of their clause group are parts of the part before them.
pub const NESTED_OPENERS: &[&str] = &["，包含", "，包括", "，含"];

/// Words of a structure whose shares add up to 100 (三次产业结构为…, 比例为…).
pub static STRUCTURES: Words = Words::new(&["结构", "比例"]);

/// Names of the three industries, whose contributions to growth add up to 100.
pub static INDUSTRIES: Words = Words::new(&["三产业", "三次产业"]);

/// The 分别 cue.
pub const RESPECTIVELY: &[&str] = &["分别"];

/// Declares the unit of a table's numbers: `单位：万元`.
pub const UNIT_DECLARATIONS: &[&str] = &["单位：", "单位:"];

/// The cue words the relation finders look for anywhere in a paragraph (rather than at a
/// figure): a paragraph notes where a character that starts one of them stands, in the pass
/// that finds its sentences, and the finders look there only.
pub const PARAGRAPH_CUES: &[&[&str]] = &[
    WHEREOF,
    INCLUSION_OPENERS,
    OTHER,
    RESPECTIVELY,
    UNIT_DECLARATIONS,
];

/// Verbs of the change of a rate stated in % (比2019年提高34.83%).
pub const RATE_CHANGE_VERBS: &[&str] = &[
    "提高", "上升", "下降", "降低", "增加", "减少", "回落", "提升", "增长",
];

// ------------------------------------------------------------------ 公文 elements (GB/T 9704)

/// 密级: a secrecy line opens with one of these (机密★1年).
pub const SECRECY: &[&str] = &["绝密", "机密", "秘密"];

/// 紧急程度: an urgency line is one of these.
pub const URGENCY: &[&str] = &["特急", "加急", "特提", "平急"];

/// A 发文机关标志 ends with one of these (…人民政府文件, …会议纪要).
pub const ISSUER_MARK_ENDINGS: &[&str] = &["文件", "纪要"];

/// Names the signer beside a 发文字号 (签发人：张三).
pub const SIGNER: &[&str] = &["签发人"];

/// Opens the 附件说明 (附件：1.…) and labels an attachment (附件1).
pub const ATTACHMENT: &str = "附件";

/// Opens the 抄送机关 line.
pub const CC: &[&str] = &["抄送"];

/// Ends the 印发机关和印发日期 line (…办公室　2021年3月30日印发).
pub const PRINTED: &[&str] = &["印发"];

/// Names a group of recipients (各乡镇人民政府, 区政府各委).
pub static RECIPIENT_GROUPS: Words = Words::new(&["各"]);

/// Endings of recipients besides full organ names (区政府各部门, 各直属单位, 各位代表, and the
/// short 局 of 区政府各委、局).
pub const RECIPIENT_ENDINGS: &[&str] = &[
    "部门", "单位", "机构", "代表", "委员", "同志", "街道", "乡镇", "公司", "集团", "学校", "局",
    "委", "办", "厅", "院",
];

/// Words that make a line ending with a colon a sentence, not a list of recipients (现将有关情况
/// 报告如下：).
pub static NOT_RECIPIENTS: Words = Words::new(&["如下", "报告", "现将", "关于", "根据", "为"]);

/// A title may break after these words (关于, the conjunctions, the 在 after a date of a speech's
/// subtitle): a word surely ends there.
pub const TITLE_BREAK_AFTER: &[&str] = &["关于", "和", "与", "及", "暨", "以及", "并", "日在"];

/// A title may break before these words.
pub const TITLE_BREAK_BEFORE: &[&str] = &["关于"];

/// A web page's switches between its accessible and its Simplified and Traditional versions
/// (`无障碍 简体|繁体`): two of these on a short line make it the page's bar, not the report's.
pub const SITE_SWITCHES: &[&str] = &["无障碍", "無障礙", "简体", "簡體", "繁体", "繁體"];

/// The weekday a web page's header prints after today's date (`2019年12月3日星期二`); a
/// report's dates never carry one.
pub const WEEKDAYS: &[&str] = &[
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
    "星期天",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_every_byte_offset() {
        let text = "2020年靜海區辦結行政復議案件515件，佔全部的88.09%；㐀與鿿不變。";
        let folded = fold(text);
        assert_eq!(
            folded,
            "2020年静海区办结行政复议案件515件，占全部的88.09%；㐀与鿿不变。"
        );
        assert_eq!(folded.len(), text.len());
        let starts = |s: &str| s.char_indices().map(|(i, _)| i).collect::<Vec<_>>();
        assert_eq!(starts(&folded), starts(text));
        assert!(
            folded
                .chars()
                .zip(text.chars())
                .all(|(f, c)| fold_char(c) == f)
        );
        assert_eq!(fold(""), "");
        assert_eq!(fold("abc，。"), "abc，。");
        assert_eq!(fold("a😀靜é𠀀海"), "a😀静é𠀀海");
    }

    #[test]
    fn at_most_chars_agrees_with_counting_every_character() {
        let texts = [
            "",
            "abc",
            "静海区",
            "a静b海c",
            "😀😀😀",
            "é😀静a",
            &"静".repeat(300),
        ];
        for text in texts {
            for n in 0..=12 {
                assert_eq!(
                    at_most_chars(text, n),
                    text.chars().count() <= n,
                    "{text} {n}"
                );
            }
            assert!(at_most_chars(text, 300));
            assert!(at_most_chars(text, usize::MAX));
        }
        assert!(!at_most_chars(&"静".repeat(301), 300));
        assert!(!at_most_chars(&"😀".repeat(201), 200));
    }

    #[test]
    fn push_folded_appends_the_folded_text_and_reports_its_marks() {
        let mut marks = NO_BITS;
        for c in ['，', '。', '占', 'a', '·'] {
            add(&mut marks, c as u32);
        }
        let mut text = String::from("前");
        let mut seen = Vec::new();
        let piece = "佔全部的88.09%，靜é·a𠀀。";
        push_folded(&mut text, piece, &marks, |i, c| seen.push((i, c)));
        assert_eq!(text, format!("前{}", fold(piece)));
        // 佔 is reported as the 占 it folds to; offsets count from the start of `text`.
        let at = |s: &str| "前".len() + piece.find(s).unwrap_or(usize::MAX);
        assert_eq!(
            seen,
            [
                (at("佔"), '占'),
                (at("，"), '，'),
                (at("·"), '·'),
                (at("a"), 'a'),
                (at("。"), '。')
            ]
        );
        push_folded(&mut text, "", &marks, |_, _| unreachable!());
        assert_eq!(text, format!("前{}", fold(piece)));
    }

    #[test]
    fn words_are_found_where_a_search_for_each_finds_them() {
        // Words of one-, two-, three- and four-byte first characters, and of first characters
        // that share their lead bytes (占 E5 8D A0, 卅 E5 8D 85). Texts below 32 bytes are
        // walked, longer ones searched: both are asked, with the words at the start, in the
        // middle and at the end, and nowhere.
        let lists = [
            &PER_CAPITA,
            &Words::new(&["(含", "（含", "é中", "𠀀年", "%"]),
            &Words::new(&["占比", "卅"]),
            &Words::new(&["a"]),
            &Words::new(&["增长", "下降", "持平"]),
        ];
        let padding = "，这是一段没有所找词语的文字，";
        let mut texts: Vec<String> = [
            "",
            "人均",
            "全市人均可支配收入",
            "平",
            "每百户拥有",
            "每亿元GDP",
            "（含分局）",
            "(含",
            "café中国",
            "𠀀年𠀀",
            "同比增长5.3%",
            "占比",
            "占",
            "卅年",
            "abc",
            "比上年下降",
            "基本持平。",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for short in texts.clone() {
            texts.push(format!("{short}{padding}"));
            texts.push(format!("{padding}{short}{padding}"));
            texts.push(format!("{padding}{short}"));
        }
        for words in lists {
            for text in &texts {
                assert_eq!(
                    words.found_in(text),
                    words.iter().any(|w| text.contains(w)),
                    "{text:?} in {words:?}"
                );
            }
        }
        assert!(texts.iter().any(|t| t.len() < 32) && texts.iter().any(|t| t.len() >= 32));
    }

    #[test]
    fn only_the_tail_is_folded_for_an_ending() {
        let words = ["如下", "以下几个方面"];
        assert!(folded_ends_with_any("現將有關情況報告如下", &words));
        assert!(folded_ends_with_any("重點抓好以下幾個方面", &words));
        assert!(!folded_ends_with_any("如下所述", &words));
        assert!(!folded_ends_with_any("", &words));
    }

    #[test]
    fn last_characters_of_words_of_one_to_three_bytes() {
        let mut bits = NO_BITS;
        for word in ["约", "超过", "a", "xé", "\u{FFFD}"] {
            assert!(add_last_char(&mut bits, word), "{word}");
        }
        for c in ['约', '过', 'a', 'é', '\u{FFFD}'] {
            assert!(in_bits(&bits, c), "{c}");
        }
        for c in ['超', 'x', '過'] {
            assert!(!in_bits(&bits, c), "{c}");
        }
        // Nothing to add: the caller's assertion fails when compiling.
        assert!(!add_last_char(&mut bits, ""));
        assert!(!add_last_char(&mut bits, "数\u{20000}"));
        assert!(!in_bits(&bits, '数'));
        // Of several lists at once.
        let bits = last_chars(&[&["增加", "多"], &["下降"]]);
        for c in ['加', '多', '降'] {
            assert!(in_bits(&bits, c), "{c}");
        }
        for c in ['增', '下', '少'] {
            assert!(!in_bits(&bits, c), "{c}");
        }
    }
}
