//! Arabic numbers and the forms only they take: exponents (`1.0e+308`), digits in Latin words
//! (`5G`), dotted dates, document numbers (`〔2012〕157号`), footnote markers, phone numbers and
//! postcodes, ratios.

use super::numerals::{Dec, arabic_digit};
use super::{CLOSE_BRACKETS, Found, ID_CONTEXT, ID_CONTEXT_ENDS, Num, OPEN_BRACKETS, Scanner};
use crate::model::FigureKind;

impl Scanner<'_> {
    /// Reads an Arabic number at `i`: digits, thousands separators, a decimal point, an exponent.
    pub(super) fn arabic_num(&self, i: usize) -> Option<Num> {
        if !self.is_digit(i) {
            return None;
        }
        // One allocation, room for the numbers of a report: pushing a digit to a string that
        // has room is a store, where a compact string checks its layout at each one.
        let mut digits = String::with_capacity(24);
        let mut k = i;
        while let Some(d) = self.c(k).and_then(arabic_digit) {
            digits.push(char::from(b'0' + d));
            k += 1;
        }
        let mut sep = false;
        if digits.len() <= 3 {
            while let Some(s) = self.c(k) {
                let fullwidth_before = self.c(k - 1).is_some_and(|c| !c.is_ascii());
                // A single space separates thousands in yearbooks and Hong Kong tables
                // (`10 007件`, `42 923`), never in codes (`301 02`): only 3-digit groups.
                let space =
                    s == ' ' && (!sep || self.c(k - 4) == Some(' ')) && !self.space_before(i);
                let comma = (s == ',' || (s == '，' && fullwidth_before))
                    && (!sep || self.c(k - 4) != Some(' '));
                let ok = (comma || space)
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
        let mut dec = Dec::new(&digits, scale);
        let mut code = false;
        let mut plain = !sep && frac == 0;
        if let Some((power, end)) = self.exponent_at(k) {
            match power.and_then(|p| p.checked_add(scale)) {
                Some(scale) => dec = Dec::new(&digits, scale).with_exponent_written(),
                None => code = true,
            }
            k = end;
            plain = false;
        }
        Some(Num {
            dec,
            start: i,
            end: k,
            plain,
            chinese: false,
            positional: false,
            digits: int_digits,
            has_big: false,
            code,
        })
    }

    /// The exponent at `k` after a number's digits (`e+308`, `E6`, `e-2`) and where it ends, or
    /// `None` if there is none: no `e`, no digit after it, or a letter or digit right after its
    /// digits (`1e5a` is a code). The power is `None` when it needs more than nine digits, far
    /// beyond the power of ten any figure can state.
    fn exponent_at(&self, k: usize) -> Option<(Option<i32>, usize)> {
        if !matches!(self.c(k), Some('e' | 'E')) {
            return None;
        }
        let (negative, start) = match self.c(k + 1) {
            Some('+') => (false, k + 2),
            Some('-') => (true, k + 2),
            _ => (false, k + 1),
        };
        let mut end = start;
        let mut power: Option<i32> = Some(0);
        while let Some(d) = self.c(end).and_then(arabic_digit) {
            power = power
                .and_then(|p| p.checked_mul(10))
                .and_then(|p| p.checked_add(i32::from(d)))
                .filter(|&p| p < 1_000_000_000);
            end += 1;
        }
        let word_follows = self
            .c(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if end == start || word_follows {
            return None;
        }
        Some((power.map(|p| if negative { -p } else { p }), end))
    }

    /// Returns true if and only if the number at `i` follows digits and a space (`208 05`):
    /// one group of a code, not a number whose thousands a space separates.
    fn space_before(&self, i: usize) -> bool {
        i >= 2 && self.c(i - 1) == Some(' ') && self.is_digit(i - 2)
    }

    pub(super) fn arabic_figure(&self, i: usize, prev: usize) -> Found {
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
            Some(num) if num.code => Found::new(
                i,
                num.end,
                FigureKind::Identifier,
                Some(self.ascii(i, num.end)),
            ),
            Some(num) => self.quantity(&num, prev),
            None => self.digit_run(i),
        }
    }

    /// Digits inside a Latin word: `5G`, `G20`, `PM2.5`, `4A`, a URL or e-mail address.
    pub(super) fn latin_token(&self, i: usize, prev: usize) -> Option<Found> {
        let word = |c: Option<char>| {
            c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || arabic_digit(c).is_some())
        };
        let joiner = |c: Option<char>| matches!(c, Some('.' | '-' | '/' | '@' | ':'));
        let mut run_end = i;
        while self.is_digit(run_end) {
            run_end += 1;
        }
        let letter = |k: usize| self.c(k).is_some_and(|c| c.is_ascii_alphabetic());
        let letter_before = (i > prev && letter(i - 1))
            || (i >= prev + 2 && joiner(self.c(i - 1)) && letter(i - 2));
        let letter_after = self.c(run_end).is_some_and(|c| c.is_ascii_alphabetic());
        // `2e5件`: the letter is an exponent's, and the whole a number.
        if !letter_before && (!letter_after || self.exponent_at(run_end).is_some()) {
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
    pub(super) fn dotted_date(&self, i: usize) -> Option<Found> {
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
    pub(super) fn arabic_int(&self, i: usize) -> Option<(u64, usize)> {
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
    pub(super) fn bracketed(&self, i: usize, prev: usize) -> Option<Found> {
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
    pub(super) fn contact(&self, i: usize, prev: usize) -> Option<Found> {
        let mut b = i;
        while b > prev && matches!(self.c(b - 1), Some(':' | '：' | ' ')) && i - b < 3 {
            b -= 1;
        }
        let context = self.may_end_word(b, prev, &ID_CONTEXT_ENDS)
            && ID_CONTEXT.iter().any(|w| self.ends_with(b, prev, w));
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
    pub(super) fn ratio(&self, i: usize) -> Option<Found> {
        let first = self.arabic_num(i)?;
        let mut parts = vec![first.dec.normalized()];
        let mut exponent = first.dec.scale();
        let mut e = first.end;
        while matches!(self.c(e), Some(':' | '：')) {
            let Some(n) = self.arabic_num(e + 1) else {
                break;
            };
            parts.push(n.dec.normalized());
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
}
