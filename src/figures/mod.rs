//! Figures: every number in a paragraph, with its kind, unit, normalized value and subject.
//!
//! [`scan`] walks the characters of one paragraph once, left to right, by hand (no regular
//! expressions): every look-ahead and look-behind is bounded, so the scan is linear in the length
//! of the text. Every run of ASCII or full-width digits ends up in exactly one figure (kind
//! `number` when nothing better is known); Chinese numerals become figures only when they clearly
//! quantify or name something (a measure word or unit follows, a scale word is part of them, `第`,
//! `百分之`, `十九大`, `十九届`, `二中全会`, a quoted numeral).
//!
//! Conventions beyond the doc comment of [`Figure`]:
//! - identifiers keep as `value` their text as written with full-width digits made ASCII
//!   (`12309`, `〔2012〕157号`, `0599-8830330`, `5G`); Chinese-numeral identifiers their value
//!   (`十九大` → `19`), or none when the numeral is not well formed (`“十四五”`);
//! - `三大平台` is a count with unit `大` (value 3); `十九大` and above are identifiers;
//! - a lone `一` is never a count or measure (`一次性`, `一批`, `一年`), only part of larger
//!   numerals (`一千五百亿元`), dates and ranks;
//! - years: `2020年` (unit `年`), ROC years `105年` (100–150, unit `民国年`), `1980、1981年`
//!   (two years), `2017-2021年` (value and `value_max`); `3年`, `三年` are durations;
//! - a minus sign glued to a quantity is part of it (`增长-2.3%` → `-2.3`), never the hyphen of a
//!   range or a code (`2017-2021年`, `COVID-19`);
//! - dates are ISO 8601 (partial) strings: `2021-03-29`, `2020-01`, `--05`, `--03-29`, `---15`;
//!   times of day (`09时45分`, `09:45`) `T09:45`.

mod arabic;
mod chinese;
mod numerals;
mod quantity;
mod subject;
mod units;

use crate::lexicon;
use crate::model::{Approx, Bound, Figure, FigureKind, Span};
use compact_str::CompactString;
use numerals::{Dec, arabic_digit, is_chinese_numeral};
use units::starts_with;

/// Finds every figure in `text` (one paragraph, no newlines). Spans are byte ranges relative to
/// `text`, sorted, non-overlapping and on character boundaries; each figure's `text` equals
/// `&text[span]`. Ids are left empty for the caller to assign.
///
/// ```
/// let figures = gongwen::figures::scan("降低用電成本9882.60萬元。");
/// assert_eq!(figures[0].value.as_deref(), Some("98826000"));
/// assert_eq!(figures[0].unit.as_deref(), Some("元"));
/// assert_eq!(figures[0].exponent, 2);
/// assert_eq!(figures[0].subject.as_deref(), Some("用電成本"));
/// ```
pub fn scan(text: &str) -> Vec<Figure> {
    // Exact size: a paragraph of megabytes is held once, without growth slack; filled in place
    // (extending a vector from `chars()` checks its capacity at every character).
    let mut chars = vec!['\0'; text.chars().count()];
    for (slot, c) in chars.iter_mut().zip(text.chars()) {
        *slot = c;
    }
    Scanner { text, chars }.run()
}

/// Returns true if and only if a figure can start with `c` ([`Scanner::figure_at`]): a digit,
/// 第, 百 and 千 (百分之, 千分之) or a Chinese numeral. Looked up in a bit set of the Basic
/// Multilingual Plane made at compile time, since the scanner asks for every character.
fn may_start_figure(c: char) -> bool {
    const fn starts_figure(c: char) -> bool {
        arabic_digit(c).is_some() || matches!(c, '第' | '百' | '千') || is_chinese_numeral(c)
    }
    static STARTS: lexicon::Bits = lexicon::plane_bits!(lexicon::NO_BITS, |c| starts_figure(c));
    lexicon::in_bits(&STARTS, c)
}

/// Approximation markers before a number, longest first.
const PREFIXES: &[(&str, Bound)] = &[
    ("大约", Bound::About),
    ("大約", Bound::About),
    ("接近", Bound::Under),
    ("将近", Bound::Under),
    ("將近", Bound::Under),
    ("超过", Bound::Over),
    ("超過", Bound::Over),
    ("不到", Bound::Under),
    ("不足", Bound::Under),
    ("约", Bound::About),
    ("約", Bound::About),
    ("逾", Bound::Over),
    ("近", Bound::Under),
];

/// The last characters of [`PREFIXES`]: a figure after any other character has none.
static PREFIX_ENDS: lexicon::Bits = {
    let mut bits = lexicon::NO_BITS;
    let mut k = 0;
    while k < PREFIXES.len() {
        assert!(lexicon::add_last_char(&mut bits, PREFIXES[k].0));
        k += 1;
    }
    bits
};

/// Approximation markers after a figure.
const SUFFIXES: &[(&str, Bound)] = &[
    ("以上", Bound::Over),
    ("左右", Bound::About),
    ("上下", Bound::About),
    ("以下", Bound::Under),
    ("以内", Bound::Under),
    ("以內", Bound::Under),
];

/// Words that begin with a numeral and a measure word but are slogans or names, not counts.
const STOP_WORDS: &[&str] = &[
    "两个维护",
    "兩個維護",
    "两个确立",
    "兩個確立",
    "四个意识",
    "四個意識",
    "四个自信",
    "四個自信",
    "四个全面",
    "四個全面",
    "三个代表",
    "三個代表",
    "两个一百年",
    "兩個一百年",
    "五位一体",
    "五位一體",
    "三次产业",
    "三次產業",
    "七台河",
    "五台山",
];

/// Words after a number that mark a service hotline (`12309檢察服務中心`, `8890便民服務專線`).
const HOTLINE_AFTER: &[&str] = &[
    "热线", "熱線", "便民", "服务", "服務", "检察", "檢察", "专线", "專線", "政务", "政務", "平台",
    "平臺", "电话", "電話",
];

/// Words before digits that make them an identifier (phone, fax, postcode).
const ID_CONTEXT: &[&str] = &[
    "电话",
    "電話",
    "传真",
    "傳真",
    "热线",
    "熱線",
    "手机",
    "手機",
    "邮编",
    "郵編",
    "邮政编码",
    "郵政編碼",
    "拨打",
    "撥打",
    "联系方式",
    "聯繫方式",
];

/// The last characters of [`ID_CONTEXT`].
static ID_CONTEXT_ENDS: lexicon::Bits = lexicon::last_chars(&[ID_CONTEXT]);

/// Measure words that may follow a rank (`第三名`, `第七次`, `第一季度`).
const RANK_UNITS: &[(&str, &str)] = &[
    ("季度", "季度"),
    ("部分", "部分"),
    ("名", "名"),
    ("位", "位"),
    ("次", "次"),
    ("届", "届"),
    ("屆", "届"),
    ("期", "期"),
    ("批", "批"),
    ("个", "个"),
    ("個", "个"),
    ("轮", "轮"),
    ("輪", "轮"),
    ("项", "项"),
    ("項", "项"),
    ("条", "条"),
    ("條", "条"),
    ("章", "章"),
    ("节", "节"),
    ("節", "节"),
    ("款", "款"),
    ("篇", "篇"),
    ("份", "份"),
    ("家", "家"),
    ("年", "年"),
];

const OPEN_QUOTES: &[char] = &['“', '"', '「', '『', '‘', '\''];
const CLOSE_QUOTES: &[char] = &['”', '"', '」', '』', '’', '\''];
const OPEN_BRACKETS: &[char] = &['〔', '[', '［', '【', '(', '（'];
const CLOSE_BRACKETS: &[char] = &['〕', ']', '］', '】', ')', '）'];
const RANGE_SEPS: &[char] = &['~', '～', '〜', '-', '－', '—', '–', '至', '到'];

/// A figure found, in char indices.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    kind: FigureKind,
    value: Option<CompactString>,
    value_max: Option<CompactString>,
    exponent: i32,
    unit: Option<CompactString>,
    approx: Option<Approx>,
}

impl Found {
    fn new(
        start: usize,
        end: usize,
        kind: FigureKind,
        value: Option<impl Into<CompactString>>,
    ) -> Found {
        Found {
            start,
            end,
            kind,
            value: value.map(Into::into),
            value_max: None,
            exponent: 0,
            unit: None,
            approx: None,
        }
    }

    fn unit(mut self, unit: &str) -> Found {
        self.unit = Some(unit.into());
        self
    }
}

/// A number as read.
#[derive(Debug, Clone)]
struct Num {
    dec: Dec,
    start: usize,
    end: usize,
    /// An integer written without separators or decimals.
    plain: bool,
    chinese: bool,
    /// Chinese digits written one by one (`二〇二〇`).
    positional: bool,
    /// Number of integer digits written (Arabic) or of characters (positional Chinese).
    digits: usize,
    /// A Chinese numeral containing 万 or 亿.
    has_big: bool,
    /// Digits with an exponent too long for a figure's (`1e+99999999999`): a code.
    code: bool,
}

/// A number with what follows it: scale words, approximation, unit.
struct Measured {
    found: Found,
    /// Power of ten applied to the first number by a scale word.
    shift: i32,
}

struct Scanner<'a> {
    text: &'a str,
    chars: Vec<char>,
}

/// Turns char indices into byte offsets, moving forward only: figures come in text order, so
/// the whole scan walks the text once.
struct ByteCursor {
    char_index: usize,
    byte: usize,
}

impl ByteCursor {
    fn byte_at(&mut self, chars: &[char], k: usize) -> usize {
        if k < self.char_index {
            (self.char_index, self.byte) = (0, 0);
        }
        for c in chars.get(self.char_index..k).unwrap_or_default() {
            self.byte += c.len_utf8();
        }
        self.char_index = k;
        self.byte
    }
}

impl Scanner<'_> {
    fn c(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn is(&self, i: usize, s: &str) -> bool {
        starts_with(&self.chars, i, s)
    }

    fn is_digit(&self, i: usize) -> bool {
        self.c(i).and_then(arabic_digit).is_some()
    }

    /// True if the `len` chars before `end` spell `s` and start at or after `floor`.
    fn ends_with(&self, end: usize, floor: usize, s: &str) -> bool {
        // From the last character back: most words fail on it.
        let mut k = end;
        s.chars().rev().all(|c| {
            let matches = k > floor && self.chars.get(k - 1) == Some(&c);
            if matches {
                k -= 1;
            }
            matches
        })
    }

    /// False if no word whose last character is in `ends` can end at `end` after `floor`
    /// ([`Scanner::ends_with`]): one test before trying the words of a list one by one.
    fn may_end_word(&self, end: usize, floor: usize, ends: &lexicon::Bits) -> bool {
        end > floor && self.c(end - 1).is_some_and(|c| lexicon::in_bits(ends, c))
    }

    fn skip_spaces(&self, mut k: usize) -> usize {
        let limit = k + 2;
        while k < limit && self.c(k) == Some(' ') {
            k += 1;
        }
        k
    }

    fn run(&self) -> Vec<Figure> {
        let n = self.chars.len();
        let mut out: Vec<Figure> = Vec::new();
        // Where the figure before the current one starts and ends and its kind, and where the
        // one before it ends (0 if none): all a subject's look back asks of them.
        let mut last: Option<(usize, usize, FigureKind)> = None;
        let mut end_before_last = 0;
        let mut prev = 0;
        let mut i = 0;
        let mut cursor = ByteCursor {
            char_index: 0,
            byte: 0,
        };
        while i < n {
            if !may_start_figure(self.chars[i]) {
                i += 1;
                continue;
            }
            let Some(mut f) = self.figure_at(i, prev) else {
                // A rejected Chinese numeral is skipped whole, which keeps the scan linear.
                i = self.chinese_run_end(i).max(i + 1);
                continue;
            };
            if f.start < prev || f.start > i || f.end <= i || f.end > n {
                // Not expected; fall back to the digit run so coverage still holds.
                f = self.digit_run(i);
                if f.end <= i {
                    i += 1;
                    continue;
                }
            }
            let subject = self.subject_for(&f, prev, last, end_before_last);
            let start = cursor.byte_at(&self.chars, f.start);
            let span = Span::new(start, cursor.byte_at(&self.chars, f.end));
            prev = f.end;
            i = f.end;
            end_before_last = last.map_or(0, |(_, end, _)| end);
            last = Some((f.start, f.end, f.kind));
            out.push(self.finish(f, span, subject));
        }
        out
    }

    fn finish(&self, f: Found, span: Span, subject: Option<CompactString>) -> Figure {
        Figure {
            id: CompactString::default(),
            kind: f.kind,
            text: self.text[span.start..span.end].into(),
            value: f.value,
            value_max: f.value_max,
            exponent: f.exponent,
            unit: f.unit,
            approx: f.approx,
            subject,
            span,
        }
    }

    /// The subject of `f`, which follows the figure `last` (its start, end and kind, if any),
    /// which follows a figure that ends at `end_before_last` (0 if none).
    fn subject_for(
        &self,
        f: &Found,
        prev: usize,
        last: Option<(usize, usize, FigureKind)>,
        end_before_last: usize,
    ) -> Option<CompactString> {
        use FigureKind::{Date, Identifier, Rank, Year};
        if matches!(f.kind, Year | Date | Identifier | Rank) {
            return None;
        }
        if f.unit.as_deref() == Some("大") {
            // 三大平台: the noun follows.
            let mut e = f.end;
            while e < self.chars.len() && e < f.end + 4 && !subject::is_stop(self.chars[e]) {
                e += 1;
            }
            return (e > f.end).then(|| self.chars[f.end..e].iter().collect());
        }
        let (mut start, mut floor) = (f.start, prev);
        // Look through a footnote marker glued to the figure: 地区生产总值[2]394.6亿元.
        if let Some((last_start, last_end, kind)) = last
            && last_end == f.start
            && kind == Identifier
            && self.c(last_start).is_some_and(|c| c == '[' || c == '［')
        {
            start = last_start;
            floor = end_before_last;
        }
        let lower = floor.max(start.saturating_sub(subject::LOOKBACK));
        let mut j = start;
        while j > lower {
            let c = self.chars[j - 1];
            if subject::is_stop(c) || arabic_digit(c).is_some() {
                break;
            }
            j -= 1;
        }
        subject::subject(&self.chars[j..start])
    }

    /// The figure starting at `i`, if any. Only a character [`may_start_figure`] can start one.
    fn figure_at(&self, i: usize, prev: usize) -> Option<Found> {
        let c = self.c(i)?;
        if arabic_digit(c).is_some() {
            return Some(self.arabic_figure(i, prev));
        }
        if c == '第' {
            return self.rank(i);
        }
        if (self.is(i, "百分之") || self.is(i, "千分之"))
            && let Some(f) = self.chinese_percent(i, prev)
        {
            return Some(f);
        }
        if is_chinese_numeral(c) {
            return self.chinese_figure(i, prev);
        }
        None
    }

    /// The bare digit run at `i`, as a `number`.
    fn digit_run(&self, i: usize) -> Found {
        let mut e = i;
        while self.is_digit(e) {
            e += 1;
        }
        let digits = self.ascii(i, e);
        let mut f = Found::new(
            i,
            e,
            FigureKind::Number,
            Some(Dec::new(&digits, 0).normalized()),
        );
        f.exponent = 0;
        f
    }

    /// The text of `chars[a..b]` with full-width digits made ASCII.
    fn ascii(&self, a: usize, b: usize) -> String {
        self.chars[a..b]
            .iter()
            .map(|&c| match c {
                '０'..='９' => arabic_digit(c).map_or(c, |d| char::from(b'0' + d)),
                _ => c,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Figure {
        let f = scan(text);
        assert_eq!(f.len(), 1, "{text}: {f:#?}");
        f.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn figures_start_only_with_digits_numerals_and_their_prefixes() {
        for c in "0９第百千二兩萬億〇○零拾".chars() {
            assert!(may_start_figure(c), "{c}");
        }
        for c in "年点點%％ a.\u{10000}".chars() {
            assert!(!may_start_figure(c), "{c}");
        }
    }

    #[test]
    fn basic_amount() {
        let f = one("降低用電成本9882.60萬元");
        assert_eq!(f.text, "9882.60萬元");
        assert_eq!(f.value.as_deref(), Some("98826000"));
        assert_eq!(f.exponent, 2);
        assert_eq!(f.kind, FigureKind::Money);
    }

    #[test]
    fn nothing_in_idioms() {
        for t in [
            "一是",
            "进一步",
            "一次性",
            "千方百计",
            "百姓",
            "十分重要",
            "万一",
            "四个全面",
            "一体化",
        ] {
            assert!(scan(t).is_empty(), "{t}: {:#?}", scan(t));
        }
    }
}
