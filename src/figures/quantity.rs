//! What follows a number: years and dates, ranges, scale words, compound amounts, approximation
//! markers and units.

use super::numerals::{arabic_digit, chinese_digit, is_chinese_numeral};
use super::units::{scale_at, unit_at};
use super::{
    CLOSE_QUOTES, Found, HOTLINE_AFTER, Measured, Num, OPEN_QUOTES, PREFIX_ENDS, PREFIXES,
    RANGE_SEPS, SUFFIXES, Scanner,
};
use crate::model::{Approx, Bound, FigureKind};
use compact_str::{CompactString, ToCompactString, format_compact};

impl Scanner<'_> {
    /// A number with its unit, range, approximation markers; hotline and quoted identifiers.
    pub(super) fn quantity(&self, num: &Num, prev: usize) -> Found {
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
                marker: (*w).into(),
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
        self.attach_sign(&mut f, num, prev);
        self.attach_prefix(&mut f, prev);
        f
    }

    /// A minus sign glued to the front of an Arabic quantity (`增长-2.3%`); not the hyphen of a
    /// range or a code (`2017-2021`, `COVID-19`).
    fn attach_sign(&self, f: &mut Found, num: &Num, prev: usize) {
        // `num.start > prev` keeps the sign itself out of the previous figure.
        use FigureKind::{Date, Identifier, Rank, Ratio, Year};
        if num.chinese || f.start != num.start || num.start <= prev {
            return;
        }
        if matches!(f.kind, Year | Date | Identifier | Rank | Ratio) {
            return;
        }
        if !matches!(self.c(num.start - 1), Some('-' | '－' | '−')) {
            return;
        }
        let before = num.start.checked_sub(2).and_then(|k| self.c(k));
        if before.is_some_and(|c| (c.is_alphanumeric() && !is_cjk(c)) || c == ')' || c == '）') {
            return;
        }
        if before.is_some_and(|c| arabic_digit(c).is_some() || is_chinese_numeral(c)) {
            return;
        }
        f.start -= 1;
        f.value = f.value.take().map(|v| negate(&v));
        f.value_max = f.value_max.take().map(|v| negate(&v));
    }

    pub(super) fn attach_prefix(&self, f: &mut Found, prev: usize) {
        use FigureKind::{Date, Duration, Identifier, Rank, Ratio, Year};
        if matches!(f.kind, Year | Date | Identifier | Rank | Ratio) {
            return;
        }
        if !self.may_end_word(f.start, prev, &PREFIX_ENDS) {
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
            marker: (*w).into(),
            bound: *b,
        });
    }

    pub(super) fn year_like(&self, num: &Num) -> bool {
        let v = num.dec.to_u64().unwrap_or(0);
        num.plain
            && num.digits == 4
            && (1000..=2999).contains(&v)
            && (!num.chinese || num.positional)
    }

    pub(super) fn roc_year(&self, num: &Num) -> bool {
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
    pub(super) fn year_or_date(&self, num: &Num) -> Option<Found> {
        if !num.plain {
            return None;
        }
        let v = num.dec.to_u64()?;
        let k = num.end;
        let year_like = self.year_like(num);
        // 20212025年: a range of years whose dash a web page lost (2021—2025年), not twenty
        // million years.
        let (first, last) = (v / 10_000, v % 10_000);
        if num.digits == 8
            && !num.chinese
            && self.c(k) == Some('年')
            && (1900..=2100).contains(&first)
            && (first + 1..=first + 30).contains(&last)
        {
            let end = if self.c(k + 1) == Some('度') {
                k + 2
            } else {
                k + 1
            };
            let mut f =
                Found::new(num.start, end, FigureKind::Year, Some(first.to_string())).unit("年");
            f.value_max = Some(last.to_compact_string());
            return Some(f);
        }
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
    pub(super) fn month_at(&self, k: usize) -> Option<(u64, usize)> {
        let n = self.arabic_num(k).or_else(|| self.chinese_num(k))?;
        let m = n.dec.to_u64()?;
        (n.plain && !n.positional && (1..=12).contains(&m) && self.c(n.end) == Some('月'))
            .then_some((m, n.end + 1))
    }

    /// A day number and `日`/`号` at `k`: the day and where the marker ends.
    pub(super) fn day_at(&self, k: usize) -> Option<(u64, usize)> {
        let n = self.arabic_num(k).or_else(|| self.chinese_num(k))?;
        let d = n.dec.to_u64()?;
        (n.plain
            && !n.positional
            && (1..=31).contains(&d)
            && matches!(self.c(n.end), Some('日' | '号' | '號')))
        .then_some((d, n.end + 1))
    }

    /// After `月`: 初, 底, 末, 上旬, 中旬, 下旬, 份 belong to the date.
    pub(super) fn month_suffix(&self, k: usize) -> usize {
        for w in ["上旬", "中旬", "下旬", "初", "底", "末", "份"] {
            if self.is(k, w) {
                return k + w.chars().count();
            }
        }
        k
    }

    /// `3~5万元`, `2,700 - 3,400億元`, `13 - 17個月`, `3至5个`, `2017-2021年`, `2005 - 06年度`.
    pub(super) fn range(&self, num: &Num) -> Option<Found> {
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
            f.value_max = Some(max.to_compact_string());
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
            f.value_max = Some(format_compact!("--{w:02}"));
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
        f.value = Some(first.normalized());
        f.exponent = first.scale();
        f.start = num.start;
        Some(f)
    }

    /// Scale words, compound amounts (`3萬2,105美元`), 余/多 and the unit after a number.
    pub(super) fn measured(&self, num: &Num) -> Measured {
        let mut dec = num.dec.clone();
        let mut k = num.end;
        let mut approx: Option<Approx> = None;
        let mut shift = 0;
        let over = |c: Option<char>| -> Option<Approx> {
            matches!(c, Some('余' | '餘' | '多')).then(|| Approx {
                marker: c.map(|c| c.to_string().into()).unwrap_or_default(),
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
            // Never with an exponent, whose digits the sum would write out.
            while !num.chinese && !num.dec.exponent_written() && approx.is_none() {
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
            unit = Some(u.into());
            k = ku + len;
        } else if !num.chinese && self.c(ku) == Some('分') && self.score_follows(ku + 1) {
            kind = FigureKind::Score;
            unit = Some("分".into());
            k = ku + 1;
        }
        let mut f = Found::new(num.start, k, kind, Some(dec.normalized()));
        f.exponent = dec.scale();
        f.unit = unit;
        f.approx = approx;
        Measured { found: f, shift }
    }

    /// True if a number (Arabic or Chinese) starts at `k`.
    pub(super) fn starts_number(&self, k: usize) -> bool {
        self.c(k)
            .is_some_and(|c| arabic_digit(c).is_some() || is_chinese_numeral(c))
    }

    /// True unless 分 starts another word (分别, 分局, 分钟 …).
    pub(super) fn score_follows(&self, k: usize) -> bool {
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
}

/// True for CJK ideographs (which may stand right before a minus sign).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The negative of a plain decimal string (`0` stays `0`).
fn negate(v: &str) -> CompactString {
    if v.chars().all(|c| c == '0' || c == '.') {
        v.into()
    } else {
        format_compact!("-{v}")
    }
}
