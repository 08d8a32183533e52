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
//! - dates are ISO 8601 (partial) strings: `2021-03-29`, `2020-01`, `--05`, `--03-29`, `---15`;
//!   times of day (`09时45分`, `09:45`) `T09:45`.

mod numerals;
mod subject;
mod units;

use crate::model::{Approx, Bound, Figure, FigureKind, Span};
use numerals::{Dec, arabic_digit, chinese_digit, is_chinese_numeral, is_chinese_point};
use units::{scale_at, starts_with, unit_at};

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
    let chars: Vec<char> = text.chars().collect();
    let mut offs: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    offs.push(text.len());
    Scanner { text, chars, offs }.run()
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
    value: Option<String>,
    value_max: Option<String>,
    exponent: i32,
    unit: Option<String>,
    approx: Option<Approx>,
}

impl Found {
    fn new(start: usize, end: usize, kind: FigureKind, value: Option<String>) -> Found {
        Found {
            start,
            end,
            kind,
            value,
            value_max: None,
            exponent: 0,
            unit: None,
            approx: None,
        }
    }

    fn unit(mut self, unit: &str) -> Found {
        self.unit = Some(unit.to_string());
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
    offs: Vec<usize>,
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
        let n = s.chars().count();
        end >= floor + n && self.is(end - n, s)
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
        let mut found: Vec<Found> = Vec::new();
        let mut prev = 0;
        let mut i = 0;
        while i < n {
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
            let subject = self.subject_for(&f, prev, &found);
            out.push(self.finish(&f, subject));
            prev = f.end;
            i = f.end;
            found.push(f);
        }
        out
    }

    fn finish(&self, f: &Found, subject: Option<String>) -> Figure {
        let span = Span::new(self.offs[f.start], self.offs[f.end]);
        Figure {
            id: String::new(),
            kind: f.kind,
            text: self.text[span.start..span.end].to_string(),
            value: f.value.clone(),
            value_max: f.value_max.clone(),
            exponent: f.exponent,
            unit: f.unit.clone(),
            approx: f.approx.clone(),
            subject,
            span,
        }
    }

    fn subject_for(&self, f: &Found, prev: usize, found: &[Found]) -> Option<String> {
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
        if let Some(last) = found.last()
            && last.end == f.start
            && last.kind == Identifier
            && self.c(last.start).is_some_and(|c| c == '[' || c == '［')
        {
            start = last.start;
            floor = found.len().checked_sub(2).map_or(0, |k| found[k].end);
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
            Some(Dec::new(&digits, 0).to_plain()),
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

    // ----- Arabic numbers -------------------------------------------------------------------

    /// Reads an Arabic number at `i`: digits, thousands separators, a decimal point.
    fn arabic_num(&self, i: usize) -> Option<Num> {
        if !self.is_digit(i) {
            return None;
        }
        let mut digits = String::new();
        let mut k = i;
        while let Some(d) = self.c(k).and_then(arabic_digit) {
            digits.push(char::from(b'0' + d));
            k += 1;
        }
        let mut sep = false;
        if digits.len() <= 3 {
            while let Some(s) = self.c(k) {
                let fullwidth_before = self.c(k - 1).is_some_and(|c| !c.is_ascii());
                let ok = (s == ',' || (s == '，' && fullwidth_before))
                    && (1..=3).all(|d| self.is_digit(k + d))
                    && !self.is_digit(k + 4);
                if !ok {
                    break;
                }
                for d in 1..=3 {
                    if let Some(v) = self.c(k + d).and_then(arabic_digit) {
                        digits.push(char::from(b'0' + v));
                    }
                }
                k += 4;
                sep = true;
            }
        }
        let int_digits = digits.len();
        let mut frac = 0usize;
        if matches!(self.c(k), Some('.') | Some('．')) && self.is_digit(k + 1) {
            k += 1;
            while let Some(d) = self.c(k).and_then(arabic_digit) {
                digits.push(char::from(b'0' + d));
                k += 1;
                frac += 1;
            }
        }
        let scale = -i32::try_from(frac).unwrap_or(i32::MAX);
        Some(Num {
            dec: Dec::new(&digits, scale),
            start: i,
            end: k,
            plain: !sep && frac == 0,
            chinese: false,
            positional: false,
            digits: int_digits,
            has_big: false,
        })
    }

    fn arabic_figure(&self, i: usize, prev: usize) -> Found {
        if let Some(f) = self.latin_token(i, prev) {
            return f;
        }
        if let Some(f) = self.dotted_date(i) {
            return f;
        }
        if let Some(f) = self.bracketed(i, prev) {
            return f;
        }
        if let Some(f) = self.contact(i, prev) {
            return f;
        }
        if let Some(f) = self.ratio(i) {
            return f;
        }
        match self.arabic_num(i) {
            Some(num) => self.quantity(&num, prev),
            None => self.digit_run(i),
        }
    }

    /// Digits inside a Latin word: `5G`, `G20`, `PM2.5`, `4A`, a URL or e-mail address.
    fn latin_token(&self, i: usize, prev: usize) -> Option<Found> {
        let word = |c: Option<char>| {
            c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || arabic_digit(c).is_some())
        };
        let joiner = |c: Option<char>| matches!(c, Some('.' | '-' | '/' | '@' | ':'));
        let mut run_end = i;
        while self.is_digit(run_end) {
            run_end += 1;
        }
        let letter_before = i > prev && self.c(i - 1).is_some_and(|c| c.is_ascii_alphabetic());
        let letter_after = self.c(run_end).is_some_and(|c| c.is_ascii_alphabetic());
        if !letter_before && !letter_after {
            return None;
        }
        let mut s = i;
        while s > prev {
            let joined = s >= prev + 2 && joiner(self.c(s - 1)) && word(self.c(s - 2));
            if word(self.c(s - 1)) || joined {
                s -= 1;
            } else {
                break;
            }
        }
        let mut e = run_end;
        loop {
            if word(self.c(e)) || (joiner(self.c(e)) && word(self.c(e + 1))) {
                e += 1;
            } else {
                break;
            }
        }
        Some(Found::new(
            s,
            e,
            FigureKind::Identifier,
            Some(self.ascii(s, e)),
        ))
    }

    /// `2015.01.09`, `2015-01-09`, `2015/1/9`; ROC `106-03-30` (read as 2017-03-30).
    fn dotted_date(&self, i: usize) -> Option<Found> {
        let y = self.arabic_int(i)?;
        let sep = self.c(y.1)?;
        if !matches!(sep, '.' | '．' | '-' | '/') {
            return None;
        }
        let m = self.arabic_int(y.1 + 1)?;
        if self.c(m.1) != Some(sep) {
            return None;
        }
        let d = self.arabic_int(m.1 + 1)?;
        let (ylen, mlen, dlen) = (y.1 - i, m.1 - y.1 - 1, d.1 - m.1 - 1);
        let year = match ylen {
            4 if (1000..=2999).contains(&y.0) => y.0,
            3 if (100..=150).contains(&y.0) => y.0 + 1911,
            _ => return None,
        };
        if !(1..=2).contains(&mlen) || !(1..=2).contains(&dlen) {
            return None;
        }
        if !(1..=12).contains(&m.0) || !(1..=31).contains(&d.0) {
            return None;
        }
        Some(Found::new(
            i,
            d.1,
            FigureKind::Date,
            Some(format!("{year:04}-{:02}-{:02}", m.0, d.0)),
        ))
    }

    /// An unsigned integer of Arabic digits at `i` (at most 18 digits) and where it ends.
    fn arabic_int(&self, i: usize) -> Option<(u64, usize)> {
        let mut k = i;
        let mut v: u64 = 0;
        while let Some(d) = self.c(k).and_then(arabic_digit) {
            if k - i >= 18 {
                return None;
            }
            v = v * 10 + u64::from(d);
            k += 1;
        }
        (k > i).then_some((v, k))
    }

    /// Document numbers `〔2012〕157号` and footnote markers `[2]`.
    fn bracketed(&self, i: usize, prev: usize) -> Option<Found> {
        if i <= prev {
            return None;
        }
        let open = self.c(i - 1)?;
        if !OPEN_BRACKETS.contains(&open) {
            return None;
        }
        let (y, ye) = self.arabic_int(i)?;
        let close = self.c(ye)?;
        if !CLOSE_BRACKETS.contains(&close) {
            return None;
        }
        if ye - i == 4
            && (1000..=2999).contains(&y)
            && let Some((_, ne)) = self.arabic_int(ye + 1)
            && matches!(self.c(ne), Some('号' | '號'))
        {
            return Some(Found::new(
                i - 1,
                ne + 1,
                FigureKind::Identifier,
                Some(self.ascii(i - 1, ne + 1)),
            ));
        }
        if (open == '[' || open == '［') && ye - i <= 2 {
            return Some(Found::new(
                i - 1,
                ye + 1,
                FigureKind::Identifier,
                Some(self.ascii(i, ye)),
            ));
        }
        None
    }

    /// Phone and fax numbers, postcodes: digits after 电话, 邮编 …, or `0599-8830330`.
    fn contact(&self, i: usize, prev: usize) -> Option<Found> {
        let mut b = i;
        while b > prev && matches!(self.c(b - 1), Some(':' | '：' | ' ')) && i - b < 3 {
            b -= 1;
        }
        let context = ID_CONTEXT.iter().any(|w| self.ends_with(b, prev, w));
        let mut e1 = i;
        while self.is_digit(e1) {
            e1 += 1;
        }
        let mut e = e1;
        let mut groups = 1;
        while matches!(self.c(e), Some('-' | '－')) && self.is_digit(e + 1) && groups < 4 {
            let mut k = e + 1;
            while self.is_digit(k) {
                k += 1;
            }
            e = k;
            groups += 1;
        }
        let first = e1 - i;
        let phone = self.c(i) == Some('0')
            && (3..=4).contains(&first)
            && groups == 2
            && (7..=8).contains(&(e - e1 - 1));
        if !(context || phone) {
            return None;
        }
        if context && groups == 1 && self.arabic_num(i).is_some_and(|n| n.end > e) {
            return None;
        }
        Some(Found::new(
            i,
            e,
            FigureKind::Identifier,
            Some(self.ascii(i, e)),
        ))
    }

    /// `12.8:45.4:41.9`.
    fn ratio(&self, i: usize) -> Option<Found> {
        let first = self.arabic_num(i)?;
        let mut parts = vec![first.dec.to_plain()];
        let mut exponent = first.dec.scale();
        let mut e = first.end;
        while matches!(self.c(e), Some(':' | '：')) {
            let Some(n) = self.arabic_num(e + 1) else {
                break;
            };
            parts.push(n.dec.to_plain());
            exponent = exponent.min(n.dec.scale());
            e = n.end;
        }
        if parts.len() < 2 {
            return None;
        }
        // 09:45 is a time of day, not a ratio.
        if let [h, m] = parts.as_slice()
            && e - i == 5
            && first.end - i == 2
            && let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>())
            && h < 24
            && m < 60
        {
            return Some(Found::new(
                i,
                e,
                FigureKind::Date,
                Some(format!("T{h:02}:{m:02}")),
            ));
        }
        let mut f = Found::new(i, e, FigureKind::Ratio, Some(parts.join(":")));
        f.exponent = exponent;
        Some(f)
    }

    // ----- quantities (Arabic and Chinese) --------------------------------------------------

    /// A number with its unit, range, approximation markers; hotline and quoted identifiers.
    fn quantity(&self, num: &Num, prev: usize) -> Found {
        let mut f = self
            .year_or_date(num)
            .or_else(|| self.range(num))
            .unwrap_or_else(|| self.measured(num).found);
        if f.approx.is_none()
            && !matches!(
                f.kind,
                FigureKind::Year | FigureKind::Date | FigureKind::Identifier
            )
            && let Some((w, b)) = SUFFIXES.iter().find(|(w, _)| self.is(f.end, w))
        {
            f.approx = Some(Approx {
                marker: (*w).to_string(),
                bound: *b,
            });
            f.end += w.chars().count();
        }
        if f.kind == FigureKind::Number && !num.chinese && num.plain && f.end == num.end {
            let quoted = num.start > prev
                && self
                    .c(num.start - 1)
                    .is_some_and(|c| OPEN_QUOTES.contains(&c))
                && self.c(num.end).is_some_and(|c| CLOSE_QUOTES.contains(&c));
            let digits = self.ascii(num.start, num.end);
            let hotline = (digits.len() == 5 && digits.starts_with("123"))
                || digits == "8890"
                || HOTLINE_AFTER.iter().any(|w| self.is(num.end, w));
            if quoted || hotline {
                return Found::new(num.start, num.end, FigureKind::Identifier, Some(digits));
            }
        }
        self.attach_prefix(&mut f, prev);
        f
    }

    fn attach_prefix(&self, f: &mut Found, prev: usize) {
        use FigureKind::{Date, Duration, Identifier, Rank, Ratio, Year};
        if matches!(f.kind, Year | Date | Identifier | Rank | Ratio) {
            return;
        }
        let Some((w, b)) = PREFIXES
            .iter()
            .find(|(w, _)| self.ends_with(f.start, prev, w))
        else {
            return;
        };
        let n = w.chars().count();
        if *w == "近" || *w == "逾" {
            // 近5年 (the last five years) is no approximation; 最近, 附近 are other words.
            if f.kind == Duration {
                return;
            }
            if f.start > n
                && self.c(f.start - n - 1).is_some_and(|c| {
                    matches!(
                        c,
                        '最' | '附' | '临' | '臨' | '靠' | '亲' | '親' | '邻' | '鄰'
                    )
                })
            {
                return;
            }
        }
        if f.approx.is_some() {
            return;
        }
        f.start -= n;
        f.approx = Some(Approx {
            marker: (*w).to_string(),
            bound: *b,
        });
    }

    fn year_like(&self, num: &Num) -> bool {
        let v = num.dec.to_u64().unwrap_or(0);
        num.plain
            && num.digits == 4
            && (1000..=2999).contains(&v)
            && (!num.chinese || num.positional)
    }

    fn roc_year(&self, num: &Num) -> bool {
        let v = num.dec.to_u64().unwrap_or(0);
        if num.chinese || !num.plain || num.digits != 3 || !(100..=150).contains(&v) {
            return false;
        }
        const BEFORE: &[&str] = &[
            "近", "连续", "連續", "历时", "歷時", "长达", "長達", "每", "前", "后", "後", "过去",
            "過去",
        ];
        const AFTER: &[&str] = &["来", "來", "间", "間", "内", "內", "多", "左右"];
        let k = num.end + 1;
        !BEFORE.iter().any(|w| self.ends_with(num.start, 0, w))
            && !AFTER.iter().any(|w| self.is(k, w))
    }

    /// Years, dates, times of day and `N号` identifiers.
    fn year_or_date(&self, num: &Num) -> Option<Found> {
        if !num.plain {
            return None;
        }
        let v = num.dec.to_u64()?;
        let k = num.end;
        let year_like = self.year_like(num);
        // 1980、1981年 and 1978、1979两年: every year of the list is a year.
        let year_follows = |j: usize| {
            self.c(j) == Some('年')
                || (self.c(j).and_then(chinese_digit).is_some() && self.c(j + 1) == Some('年'))
        };
        if year_like
            && num.start > 0
            && self.c(num.start - 1) == Some('、')
            && self.c(k).and_then(chinese_digit).is_some()
            && self.c(k + 1) == Some('年')
        {
            return Some(
                Found::new(num.start, k, FigureKind::Year, Some(v.to_string())).unit("年"),
            );
        }
        if year_like && self.c(k) == Some('、') {
            let mut j = k;
            let mut n = 0;
            while self.c(j) == Some('、') && n < 8 {
                let next = if num.chinese {
                    self.chinese_num(j + 1)
                } else {
                    self.arabic_num(j + 1)
                };
                match next {
                    Some(m) if self.year_like(&m) => j = m.end,
                    _ => break,
                }
                n += 1;
            }
            if n > 0 && year_follows(j) {
                return Some(
                    Found::new(num.start, k, FigureKind::Year, Some(v.to_string())).unit("年"),
                );
            }
        }
        match self.c(k)? {
            '年' if year_like || self.roc_year(num) => {
                let unit = if year_like { "年" } else { "民国年" };
                if year_like && let Some((m, mend)) = self.month_at(k + 1) {
                    if let Some((d, dend)) = self.day_at(mend) {
                        return Some(Found::new(
                            num.start,
                            dend,
                            FigureKind::Date,
                            Some(format!("{v:04}-{m:02}-{d:02}")),
                        ));
                    }
                    return Some(Found::new(
                        num.start,
                        self.month_suffix(mend),
                        FigureKind::Date,
                        Some(format!("{v:04}-{m:02}")),
                    ));
                }
                let mut end = k + 1;
                if self.c(end) == Some('度') {
                    end += 1;
                }
                Some(Found::new(num.start, end, FigureKind::Year, Some(v.to_string())).unit(unit))
            }
            '月' if (1..=12).contains(&v) && !num.positional => {
                if let Some((d, dend)) = self.day_at(k + 1) {
                    return Some(Found::new(
                        num.start,
                        dend,
                        FigureKind::Date,
                        Some(format!("--{v:02}-{d:02}")),
                    ));
                }
                if num.chinese {
                    return None;
                }
                Some(Found::new(
                    num.start,
                    self.month_suffix(k + 1),
                    FigureKind::Date,
                    Some(format!("--{v:02}")),
                ))
            }
            '日' if !num.chinese && (1..=31).contains(&v) && num.digits <= 2 => Some(Found::new(
                num.start,
                k + 1,
                FigureKind::Date,
                Some(format!("---{v:02}")),
            )),
            '号' | '號' if !num.chinese => Some(Found::new(
                num.start,
                k + 1,
                FigureKind::Identifier,
                Some(self.ascii(num.start, k + 1)),
            )),
            '时' | '時' if !num.chinese && v < 24 => {
                let (min, me) = self.arabic_int(k + 1)?;
                if self.c(me) != Some('分') || min >= 60 {
                    return None;
                }
                Some(Found::new(
                    num.start,
                    me + 1,
                    FigureKind::Date,
                    Some(format!("T{v:02}:{min:02}")),
                ))
            }
            _ => None,
        }
    }

    /// A month number and `月` at `k`: the month and where `月` ends.
    fn month_at(&self, k: usize) -> Option<(u64, usize)> {
        let n = self.arabic_num(k).or_else(|| self.chinese_num(k))?;
        let m = n.dec.to_u64()?;
        (n.plain && !n.positional && (1..=12).contains(&m) && self.c(n.end) == Some('月'))
            .then_some((m, n.end + 1))
    }

    /// A day number and `日`/`号` at `k`: the day and where the marker ends.
    fn day_at(&self, k: usize) -> Option<(u64, usize)> {
        let n = self.arabic_num(k).or_else(|| self.chinese_num(k))?;
        let d = n.dec.to_u64()?;
        (n.plain
            && !n.positional
            && (1..=31).contains(&d)
            && matches!(self.c(n.end), Some('日' | '号' | '號')))
        .then_some((d, n.end + 1))
    }

    /// After `月`: 初, 底, 末, 上旬, 中旬, 下旬, 份 belong to the date.
    fn month_suffix(&self, k: usize) -> usize {
        for w in ["上旬", "中旬", "下旬", "初", "底", "末", "份"] {
            if self.is(k, w) {
                return k + w.chars().count();
            }
        }
        k
    }

    /// `3~5万元`, `2,700 - 3,400億元`, `13 - 17個月`, `3至5个`, `2017-2021年`, `2005 - 06年度`.
    fn range(&self, num: &Num) -> Option<Found> {
        let mut k = self.skip_spaces(num.end);
        let sep = self.c(k)?;
        if !RANGE_SEPS.contains(&sep) {
            return None;
        }
        k = self.skip_spaces(k + 1);
        let n2 = if num.chinese {
            self.chinese_num(k)?
        } else {
            self.arabic_num(k)?
        };
        if self.year_like(num) && n2.plain && self.c(n2.end) == Some('年') {
            let v = num.dec.to_u64()?;
            let w = n2.dec.to_u64()?;
            let max = match n2.digits {
                4 => w,
                2 => v / 100 * 100 + w,
                _ => return None,
            };
            if max <= v {
                return None;
            }
            let mut end = n2.end + 1;
            if self.c(end) == Some('度') {
                end += 1;
            }
            let mut f =
                Found::new(num.start, end, FigureKind::Year, Some(v.to_string())).unit("年");
            f.value_max = Some(max.to_string());
            return Some(f);
        }
        // 1-6月: a range of months.
        let (v, w) = (num.dec.to_u64(), n2.dec.to_u64());
        if let (Some(v), Some(w)) = (v, w)
            && num.plain
            && n2.plain
            && !num.positional
            && !n2.positional
            && (1..12).contains(&v)
            && (v + 1..=12).contains(&w)
            && self.c(n2.end) == Some('月')
        {
            let mut f = Found::new(
                num.start,
                n2.end + 1,
                FigureKind::Date,
                Some(format!("--{v:02}")),
            );
            f.value_max = Some(format!("--{w:02}"));
            return Some(f);
        }
        let own = self.measured(num);
        if own.found.unit.is_some() || own.found.end > num.end {
            return None;
        }
        let second = self.measured(&n2);
        if second.found.unit.is_none() && second.shift == 0 {
            return None;
        }
        let first = num.dec.shifted(second.shift);
        let mut f = second.found;
        f.value_max = f.value.take();
        f.value = Some(first.to_plain());
        f.exponent = first.scale();
        f.start = num.start;
        Some(f)
    }

    /// Scale words, compound amounts (`3萬2,105美元`), 余/多 and the unit after a number.
    fn measured(&self, num: &Num) -> Measured {
        let mut dec = num.dec.clone();
        let mut k = num.end;
        let mut approx: Option<Approx> = None;
        let mut shift = 0;
        let over = |c: Option<char>| -> Option<Approx> {
            matches!(c, Some('余' | '餘' | '多')).then(|| Approx {
                marker: c.map(String::from).unwrap_or_default(),
                bound: Bound::Over,
            })
        };
        // scale word, possibly after 多/余 (4,900多万吨) and after spaces (5.67 万亿元)
        let ks = self.skip_spaces(k);
        let (ka, ap) = match over(self.c(ks)) {
            Some(a) if scale_at(&self.chars, ks + 1).is_some() => (ks + 1, Some(a)),
            _ => (ks, None),
        };
        let scale = if (num.chinese && ap.is_none()) || unit_at(&self.chars, ka).is_some() {
            None
        } else {
            scale_at(&self.chars, ka)
        };
        if let Some((len, p)) = scale {
            shift = p;
            dec = dec.shifted(p);
            k = ka + len;
            approx = ap;
            // compound amounts: 1,126萬7千人, 3萬2,105美元
            let mut cur = p;
            while !num.chinese && approx.is_none() {
                let Some(n2) = self.arabic_num(k) else {
                    break;
                };
                let next_scale = if unit_at(&self.chars, n2.end).is_some() {
                    Some((0, 0))
                } else {
                    scale_at(&self.chars, n2.end)
                };
                let Some((mut l2, mut p2)) = next_scale else {
                    break;
                };
                // 1亿3千多万: 千 … 万 together scale the second part.
                let after = n2.end + l2;
                if l2 > 0
                    && let Some(a) = over(self.c(after))
                    && let Some((l3, p3)) = scale_at(&self.chars, after + 1)
                {
                    p2 += p3;
                    l2 += 1 + l3;
                    approx = Some(a);
                }
                if p2 >= cur || n2.dec.scale() < 0 {
                    break;
                }
                let limit = 10u64.checked_pow(u32::try_from(cur - p2).unwrap_or(0));
                if n2.dec.to_u64().zip(limit).is_none_or(|(v, l)| v >= l) {
                    break;
                }
                dec = dec.add(&n2.dec.shifted(p2));
                k = n2.end + l2;
                cur = p2;
                if l2 == 0 {
                    break;
                }
            }
        }
        // 余/多 before the unit: 20餘家, 100多个, 3万余人
        if approx.is_none()
            && let Some(a) = over(self.c(k))
        {
            let next = self.skip_spaces(k + 1);
            if unit_at(&self.chars, next).is_some() || (shift > 0 && !self.starts_number(k + 1)) {
                approx = Some(a);
                k += 1;
            }
        }
        let ku = self.skip_spaces(k);
        let mut kind = FigureKind::Number;
        let mut unit = None;
        if let Some((len, u, kd)) = unit_at(&self.chars, ku) {
            kind = kd;
            unit = Some(u.to_string());
            k = ku + len;
        } else if !num.chinese && self.c(ku) == Some('分') && self.score_follows(ku + 1) {
            kind = FigureKind::Score;
            unit = Some("分".to_string());
            k = ku + 1;
        }
        let mut f = Found::new(num.start, k, kind, Some(dec.to_plain()));
        f.exponent = dec.scale();
        f.unit = unit;
        f.approx = approx;
        Measured { found: f, shift }
    }

    /// True if a number (Arabic or Chinese) starts at `k`.
    fn starts_number(&self, k: usize) -> bool {
        self.c(k)
            .is_some_and(|c| arabic_digit(c).is_some() || is_chinese_numeral(c))
    }

    /// True unless 分 starts another word (分别, 分局, 分钟 …).
    fn score_follows(&self, k: usize) -> bool {
        !self.c(k).is_some_and(|c| {
            matches!(
                c,
                '别' | '別'
                    | '局'
                    | '公'
                    | '院'
                    | '行'
                    | '类'
                    | '類'
                    | '析'
                    | '配'
                    | '之'
                    | '成'
                    | '区'
                    | '區'
                    | '支'
                    | '队'
                    | '隊'
                    | '会'
                    | '會'
                    | '摊'
                    | '攤'
                    | '解'
                    | '散'
                    | '中'
                    | '站'
                    | '所'
                    | '期'
                    | '批'
                    | '项'
                    | '項'
                    | '级'
                    | '級'
            )
        })
    }

    // ----- Chinese numerals -----------------------------------------------------------------

    /// Where the run of Chinese numeral characters at `i` ends (a decimal point between
    /// numerals included).
    fn chinese_run_end(&self, i: usize) -> usize {
        let mut k = i;
        loop {
            match self.c(k) {
                Some(c) if is_chinese_numeral(c) => k += 1,
                Some(c)
                    if is_chinese_point(c)
                        && k > i
                        && self.c(k + 1).and_then(chinese_digit).is_some() =>
                {
                    k += 1
                }
                _ => return k,
            }
        }
    }

    /// Reads a Chinese numeral at `i`.
    fn chinese_num(&self, i: usize) -> Option<Num> {
        let end = self.chinese_run_end(i);
        if end == i {
            return None;
        }
        let n = numerals::parse_chinese(&self.chars[i..end])?;
        let plain = n.dec.scale() >= 0;
        Some(Num {
            dec: n.dec,
            start: i,
            end,
            plain,
            chinese: true,
            positional: n.positional,
            digits: end - i,
            has_big: n.has_big,
        })
    }

    fn chinese_figure(&self, i: usize, prev: usize) -> Option<Found> {
        if i > 0 && self.c(i - 1) == Some('第') {
            return None;
        }
        let end = self.chinese_run_end(i);
        // a quoted numeral names something: “十四五”, “八五”普法
        if i > prev
            && self.c(i - 1).is_some_and(|c| OPEN_QUOTES.contains(&c))
            && self.c(end).is_some_and(|c| CLOSE_QUOTES.contains(&c))
        {
            let value = numerals::parse_chinese(&self.chars[i..end])
                .filter(|n| !n.positional)
                .map(|n| n.dec.to_plain());
            return Some(Found::new(i, end, FigureKind::Identifier, value));
        }
        if STOP_WORDS.iter().any(|w| self.is(i, w)) {
            return None;
        }
        let num = self.chinese_num(i)?;
        // 零部件, 〇 …: a numeral starting with zero is only a year written digit by digit.
        if self.c(i).and_then(chinese_digit) == Some(0) && !num.positional {
            return None;
        }
        let v = num.dec.to_u64();
        let next = self.c(num.end);
        if !num.positional && num.plain {
            let v = v?;
            match next {
                Some('大') if (11..=30).contains(&v) => {
                    return Some(Found::new(
                        i,
                        num.end + 1,
                        FigureKind::Identifier,
                        Some(v.to_string()),
                    ));
                }
                Some('届' | '屆') => {
                    return Some(Found::new(
                        i,
                        num.end + 1,
                        FigureKind::Identifier,
                        Some(v.to_string()),
                    ));
                }
                Some('中') if (1..=9).contains(&v) && self.plenary_follows(num.end + 1) => {
                    return Some(Found::new(
                        i,
                        num.end + 1,
                        FigureKind::Identifier,
                        Some(v.to_string()),
                    ));
                }
                // 九大, 十大 after 党的 or before 精神, 提出 … name a party congress.
                Some('大') if (2..=10).contains(&v) && self.congress(i, num.end + 1) => {
                    return Some(Found::new(
                        i,
                        num.end + 1,
                        FigureKind::Identifier,
                        Some(v.to_string()),
                    ));
                }
                Some('大')
                    if (2..=10).contains(&v)
                        && self
                            .c(num.end + 1)
                            .is_some_and(|c| !subject::is_stop(c) && !is_chinese_numeral(c)) =>
                {
                    let mut f = Found::new(i, num.end + 1, FigureKind::Count, Some(v.to_string()))
                        .unit("大");
                    f.exponent = num.dec.scale();
                    return Some(f);
                }
                _ => {}
            }
        }
        let f = self.quantity(&num, prev);
        let lone_one = num.end - num.start == 1 && v == Some(1);
        use FigureKind::*;
        let accept = match f.kind {
            Year | Date => true,
            Number => num.has_big && !num.positional,
            Count | Money | Measure | Duration | Percent | Points => !lone_one && !num.positional,
            Multiple => !num.positional,
            Score | Rank | Ratio | Identifier => false,
        };
        accept.then_some(f)
    }

    /// True if `N大` at `start`, followed by `after`, names a party congress.
    fn congress(&self, start: usize, after: usize) -> bool {
        let before = start.checked_sub(1).and_then(|k| self.c(k));
        matches!(before, Some('党' | '黨'))
            || self.ends_with(start, 0, "党的")
            || self.ends_with(start, 0, "黨的")
            || self.c(after).is_none_or(|c| {
                subject::is_stop(c)
                    || matches!(
                        c,
                        '提' | '以'
                            | '精'
                            | '报'
                            | '報'
                            | '和'
                            | '召'
                            | '确'
                            | '確'
                            | '路'
                            | '通'
                            | '决'
                            | '決'
                            | '闭'
                            | '閉'
                            | '开'
                            | '開'
                            | '胜'
                            | '勝'
                            | '会'
                            | '會'
                            | '关'
                            | '關'
                            | '上'
                            | '后'
                            | '後'
                            | '期'
                    )
            })
    }

    /// After `二中`: more `、三中` and then 全会 (`十九屆二中、三中、四中、五中全會`).
    fn plenary_follows(&self, mut k: usize) -> bool {
        let mut n = 0;
        while self.c(k) == Some('、') && n < 8 {
            let ok = self.c(k + 1).and_then(chinese_digit).is_some() && self.c(k + 2) == Some('中');
            if !ok {
                break;
            }
            k += 3;
            n += 1;
        }
        self.is(k, "全会") || self.is(k, "全會")
    }

    /// `百分之十五点四`, `百分之三點五`, `千分之五`.
    fn chinese_percent(&self, i: usize, prev: usize) -> Option<Found> {
        let k = i + 3;
        let num = self.chinese_num(k).or_else(|| self.arabic_num(k))?;
        if num.positional {
            return None;
        }
        let unit = if self.c(i) == Some('千') { "‰" } else { "%" };
        let mut f = Found::new(i, num.end, FigureKind::Percent, Some(num.dec.to_plain()));
        f.exponent = num.dec.scale();
        f.unit = Some(unit.to_string());
        if let Some((w, b)) = SUFFIXES.iter().find(|(w, _)| self.is(f.end, w)) {
            f.approx = Some(Approx {
                marker: (*w).to_string(),
                bound: *b,
            });
            f.end += w.chars().count();
        }
        self.attach_prefix(&mut f, prev);
        Some(f)
    }

    /// `第1`, `第三名`, `第七次`.
    fn rank(&self, i: usize) -> Option<Found> {
        let k = i + 1;
        let (value, end) = if let Some(n) = self.arabic_num(k) {
            (n.dec.to_plain(), n.end)
        } else {
            let n = self.chinese_num(k)?;
            if n.positional || !n.plain {
                return None;
            }
            (n.dec.to_plain(), n.end)
        };
        let arabic = self.is_digit(k);
        let unit = RANK_UNITS.iter().find(|(w, _)| self.is(end, w));
        if !arabic && unit.is_none() && self.c(end).is_some_and(|c| !subject::is_stop(c)) {
            return None;
        }
        let mut f = Found::new(i, end, FigureKind::Rank, Some(value));
        if let Some((w, u)) = unit {
            f.end += w.chars().count();
            f.unit = Some((*u).to_string());
        }
        Some(f)
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
