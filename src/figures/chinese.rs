//! Chinese numerals: when they make a figure (a measure word, 万/亿, 第, 百分之, 十九大, 十九届,
//! 二中全会, quotes) and when they do not (idioms, slogans, a lone 一).

use super::numerals::{chinese_digit, is_chinese_numeral, is_chinese_point};
use super::{
    CLOSE_QUOTES, Found, Num, OPEN_QUOTES, RANK_UNITS, STOP_WORDS, SUFFIXES, Scanner, numerals,
    subject,
};
use crate::model::{Approx, FigureKind};

impl Scanner<'_> {
    /// Where the run of Chinese numeral characters at `i` ends (a decimal point between
    /// numerals included).
    pub(super) fn chinese_run_end(&self, i: usize) -> usize {
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
    pub(super) fn chinese_num(&self, i: usize) -> Option<Num> {
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
            code: false,
        })
    }

    pub(super) fn chinese_figure(&self, i: usize, prev: usize) -> Option<Found> {
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
                .map(|n| n.dec.normalized());
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
    pub(super) fn congress(&self, start: usize, after: usize) -> bool {
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
    pub(super) fn plenary_follows(&self, mut k: usize) -> bool {
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
    pub(super) fn chinese_percent(&self, i: usize, prev: usize) -> Option<Found> {
        let k = i + 3;
        let num = self.chinese_num(k).or_else(|| self.arabic_num(k))?;
        if num.positional {
            return None;
        }
        let unit = if self.c(i) == Some('千') { "‰" } else { "%" };
        let mut f = Found::new(i, num.end, FigureKind::Percent, Some(num.dec.normalized()));
        f.exponent = num.dec.scale();
        f.unit = Some(unit.into());
        if let Some((w, b)) = SUFFIXES.iter().find(|(w, _)| self.is(f.end, w)) {
            f.approx = Some(Approx {
                marker: (*w).into(),
                bound: *b,
            });
            f.end += w.chars().count();
        }
        self.attach_prefix(&mut f, prev);
        Some(f)
    }

    /// `第1`, `第三名`, `第七次`.
    pub(super) fn rank(&self, i: usize) -> Option<Found> {
        let k = i + 1;
        let (value, end) = if let Some(n) = self.arabic_num(k) {
            (n.dec.normalized(), n.end)
        } else {
            let n = self.chinese_num(k)?;
            if n.positional || !n.plain {
                return None;
            }
            (n.dec.normalized(), n.end)
        };
        let arabic = self.is_digit(k);
        let unit = RANK_UNITS.iter().find(|(w, _)| self.is(end, w));
        if !arabic && unit.is_none() && self.c(end).is_some_and(|c| !subject::is_stop(c)) {
            return None;
        }
        let mut f = Found::new(i, end, FigureKind::Rank, Some(value));
        if let Some((w, u)) = unit {
            f.end += w.chars().count();
            f.unit = Some((*u).into());
        }
        Some(f)
    }
}
