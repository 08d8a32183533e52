//! Numerals: Arabic digits (ASCII and full-width) and Chinese numerals, read into exact decimals.
//!
//! No floating point anywhere: a [`Dec`] is a digit string and a power of ten, so `9882.60萬`
//! becomes `988260 × 10^2` and prints as `98826000`, and `1.0e+308` becomes `10 × 10^307`.

use compact_str::CompactString;

/// An exact decimal `mantissa × 10^scale`. The scale is also the power of ten of the last stated
/// digit, which is what a figure's `exponent` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dec {
    /// Inline up to 24 digits.
    mantissa: CompactString,
    scale: i32,
    /// Stated with an exponent (`2.5E6`): normalized with one too, see [`Dec::normalized`].
    exponent_written: bool,
}

impl Dec {
    /// Makes a decimal from ASCII digits (leading zeros are dropped) and a scale.
    pub(crate) fn new(digits: &str, scale: i32) -> Dec {
        let trimmed = digits.trim_start_matches('0');
        let mantissa = if trimmed.is_empty() { "0" } else { trimmed };
        Dec {
            mantissa: CompactString::from(mantissa),
            scale,
            exponent_written: false,
        }
    }

    /// The same number, stated with an exponent.
    pub(crate) fn with_exponent_written(self) -> Dec {
        Dec {
            exponent_written: true,
            ..self
        }
    }

    /// Returns true if and only if the number was stated with an exponent.
    pub(crate) fn exponent_written(&self) -> bool {
        self.exponent_written
    }

    /// The power of ten of the last stated digit.
    pub(crate) fn scale(&self) -> i32 {
        self.scale
    }

    /// Multiplies by `10^k` (a scale word such as 万).
    pub(crate) fn shifted(&self, k: i32) -> Dec {
        Dec {
            mantissa: self.mantissa.clone(),
            scale: self.scale.saturating_add(k),
            exponent_written: self.exponent_written,
        }
    }

    /// The exact sum of two numbers stated without an exponent (one could need as many digits
    /// as its exponent says); its scale is the smaller of the two.
    pub(crate) fn add(&self, other: &Dec) -> Dec {
        let s = self.scale.min(other.scale);
        let a = padded(&self.mantissa, self.scale - s);
        let b = padded(&other.mantissa, other.scale - s);
        Dec::new(&add_digits(&a, &b), s)
    }

    /// The value as a figure's `value` states it: a plain decimal string with no leading zeros
    /// and the trailing zeros of the stated precision (`88.09`, `0.10`, `98826000`). A number
    /// stated with an exponent keeps one, with one digit before the point (`1.0e+308` →
    /// `1.0e308`, `25e5` → `2.5e6`, `3e-2`): its plain form could take a billion digits.
    pub(crate) fn normalized(&self) -> CompactString {
        if self.exponent_written {
            let (first, rest) = self.mantissa.split_at(1);
            let power = i64::from(self.scale) + rest.len() as i64;
            let point = if rest.is_empty() { "" } else { "." };
            return compact_str::format_compact!("{first}{point}{rest}e{power}");
        }
        // Written into one string of the exact length, inline up to 24 digits: every figure
        // has a value.
        let m = self.mantissa.as_str();
        if self.scale >= 0 {
            if m == "0" {
                return CompactString::const_new("0");
            }
            return padded(m, self.scale);
        }
        let frac = self.scale.unsigned_abs() as usize;
        // Zeros before the digits, so that one stands before the point (`5`, −3 → `0.005`).
        let lead = (frac + 1).saturating_sub(m.len());
        let mut s = CompactString::with_capacity(lead + m.len() + 1);
        if lead > 0 {
            s.push_str("0.");
            s.extend(std::iter::repeat_n('0', lead - 1));
            s.push_str(m);
        } else {
            // The mantissa is ASCII digits: any split is a boundary.
            let (int, fr) = m.split_at(m.len() - frac);
            s.push_str(int);
            s.push('.');
            s.push_str(fr);
        }
        s
    }

    /// The value as an integer, if it is one and fits.
    pub(crate) fn to_u64(&self) -> Option<u64> {
        if self.scale < 0 || self.mantissa.len() > 19 {
            return None;
        }
        let m: u64 = self.mantissa.parse().ok()?;
        let p = 10u64.checked_pow(u32::try_from(self.scale).ok()?)?;
        m.checked_mul(p)
    }
}

fn padded(digits: &str, zeros: i32) -> CompactString {
    let zeros = usize::try_from(zeros).unwrap_or(0);
    let mut s = CompactString::with_capacity(digits.len() + zeros);
    s.push_str(digits);
    s.extend(std::iter::repeat_n('0', zeros));
    s
}

fn add_digits(a: &str, b: &str) -> String {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().max(b.len());
    let mut out = Vec::with_capacity(n + 1);
    let mut carry = 0u8;
    for k in 0..n {
        let da = if k < a.len() {
            a[a.len() - 1 - k] - b'0'
        } else {
            0
        };
        let db = if k < b.len() {
            b[b.len() - 1 - k] - b'0'
        } else {
            0
        };
        let s = da + db + carry;
        out.push(b'0' + s % 10);
        carry = s / 10;
    }
    if carry > 0 {
        out.push(b'0' + carry);
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The value of an ASCII or full-width digit.
pub(crate) const fn arabic_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        // 0 to 9: the cast is exact.
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// The value of a Chinese digit (`〇 ○ 零 一 … 九 两`, formal forms included).
pub(crate) const fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '○' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The power of ten of 十, 百, 千.
const fn small_unit(c: char) -> Option<u32> {
    match c {
        '十' | '拾' => Some(1),
        '百' | '佰' => Some(2),
        '千' | '仟' => Some(3),
        _ => None,
    }
}

/// The power of ten of 万 and 亿.
pub(crate) const fn big_unit(c: char) -> Option<u32> {
    match c {
        '万' | '萬' => Some(4),
        '亿' | '億' => Some(8),
        _ => None,
    }
}

/// True for any character that can be part of a Chinese numeral (decimal point excluded).
pub(crate) const fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || small_unit(c).is_some() || big_unit(c).is_some()
}

/// True for the Chinese decimal point.
pub(crate) fn is_chinese_point(c: char) -> bool {
    c == '点' || c == '點'
}

/// A Chinese numeral read into a decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChineseNum {
    /// Its value.
    pub(crate) dec: Dec,
    /// Written digit by digit without 十百千 (`二〇二〇`, `八五`), more than one digit.
    pub(crate) positional: bool,
    /// Contains 万 or 亿.
    pub(crate) has_big: bool,
}

/// Reads a Chinese numeral: `十九` 19, `一千五百亿` 1500×10^8 (last stated digit at 10^10),
/// `两万` 2×10^4, `三点五` 3.5, `二〇二〇` 2020 (positional), `一百五` 150 (colloquial).
/// Returns `None` for anything that is not a well-formed numeral (`十四五`, `万`).
pub(crate) fn parse_chinese(s: &[char]) -> Option<ChineseNum> {
    let has_big = s.iter().any(|&c| big_unit(c).is_some());
    if let Some(p) = s.iter().position(|&c| is_chinese_point(c)) {
        let (int, rest) = (&s[..p], &s[p + 1..]);
        let int = parse_integer(int)?;
        if int.has_big {
            return None;
        }
        let nd = rest
            .iter()
            .take_while(|&&c| chinese_digit(c).is_some())
            .count();
        if nd == 0 {
            return None;
        }
        let mut shift = 0i32;
        for &c in &rest[nd..] {
            shift += i32::try_from(big_unit(c)?).ok()?;
        }
        let mut digits = int.dec.to_u64()?.to_string();
        for &c in &rest[..nd] {
            digits.push(char::from(b'0' + chinese_digit(c)?));
        }
        let nd = i32::try_from(nd).ok()?;
        return Some(ChineseNum {
            dec: Dec::new(&digits, -nd).shifted(shift),
            positional: false,
            has_big,
        });
    }
    parse_integer(s)
}

fn parse_integer(s: &[char]) -> Option<ChineseNum> {
    if s.is_empty() {
        return None;
    }
    let unitless = s.iter().all(|&c| chinese_digit(c).is_some());
    if unitless {
        let digits: String = s
            .iter()
            .filter_map(|&c| chinese_digit(c))
            .map(|d| char::from(b'0' + d))
            .collect();
        return Some(ChineseNum {
            dec: Dec::new(&digits, 0),
            positional: s.len() > 1,
            has_big: false,
        });
    }
    let (value, exp) = parse_units(s)?;
    let p = 10u128.checked_pow(exp)?;
    Some(ChineseNum {
        dec: Dec::new(&(value / p).to_string(), i32::try_from(exp).ok()?),
        positional: false,
        has_big: s.iter().any(|&c| big_unit(c).is_some()),
    })
}

/// The value and the power of ten of the last stated digit of a numeral with 十百千万亿.
fn parse_units(s: &[char]) -> Option<(u128, u32)> {
    let mut total: u128 = 0; // whole 亿 groups
    let mut wan: u128 = 0; // the 万 group since the last 亿
    let mut section: u128 = 0; // below 万
    let mut pending: Option<u128> = None;
    let mut last_exp: u32 = 0;
    let mut prev_place: Option<u32> = None; // place of the unit just before a pending digit
    let mut after_zero = false;
    let mut any_digit = false;
    for &c in s {
        if let Some(d) = chinese_digit(c) {
            if pending.is_some() {
                return None;
            }
            if d == 0 {
                after_zero = true;
            } else {
                pending = Some(u128::from(d));
                any_digit = true;
                last_exp = 0;
            }
        } else if let Some(p) = small_unit(c) {
            let d = match pending.take() {
                Some(d) => d,
                None if p == 1 => 1,
                None => return None,
            };
            section = section.checked_add(d.checked_mul(10u128.checked_pow(p)?)?)?;
            any_digit = true;
            last_exp = p;
            prev_place = Some(p);
            after_zero = false;
        } else if let Some(p) = big_unit(c) {
            if !any_digit {
                return None;
            }
            section = section.checked_add(pending.take().unwrap_or(0))?;
            if p == 4 {
                wan = wan.checked_add(section)?.checked_mul(10_000)?;
            } else {
                total = total
                    .checked_add(wan)?
                    .checked_add(section)?
                    .checked_mul(100_000_000)?;
                wan = 0;
            }
            section = 0;
            last_exp += p;
            prev_place = Some(p);
            after_zero = false;
        } else {
            return None;
        }
    }
    if let Some(d) = pending {
        match prev_place {
            // 一百五 = 150, 三万五 = 35000: a bare digit after 百, 千, 万 or 亿 counts one place down.
            Some(p) if p > 1 && !after_zero => {
                section = section.checked_add(d.checked_mul(10u128.checked_pow(p - 1)?)?)?;
                last_exp = p - 1;
            }
            _ => section = section.checked_add(d)?,
        }
    }
    if !any_digit {
        return None;
    }
    Some((total.checked_add(wan)?.checked_add(section)?, last_exp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn(s: &str) -> Option<(CompactString, i32, bool)> {
        let chars: Vec<char> = s.chars().collect();
        parse_chinese(&chars).map(|n| (n.dec.normalized(), n.dec.scale(), n.positional))
    }

    fn val(s: &str) -> (CompactString, i32) {
        let (v, e, _) = cn(s).unwrap_or_else(|| panic!("no parse: {s}"));
        (v, e)
    }

    #[test]
    fn chinese_integers() {
        assert_eq!(val("十九"), ("19".into(), 0));
        assert_eq!(val("十"), ("10".into(), 1));
        assert_eq!(val("二十"), ("20".into(), 1));
        assert_eq!(val("两万"), ("20000".into(), 4));
        assert_eq!(val("一千五百亿"), ("150000000000".into(), 10));
        assert_eq!(val("一千五百億"), ("150000000000".into(), 10));
        assert_eq!(val("一千零五"), ("1005".into(), 0));
        assert_eq!(val("一百"), ("100".into(), 2));
        assert_eq!(val("一亿两千万"), ("120000000".into(), 7));
        assert_eq!(val("一万亿"), ("1000000000000".into(), 12));
        assert_eq!(val("三万五千"), ("35000".into(), 3));
        assert_eq!(val("一百五"), ("150".into(), 1));
        assert_eq!(val("三万五"), ("35000".into(), 3));
        assert_eq!(val("二十五"), ("25".into(), 0));
    }

    #[test]
    fn chinese_decimals_and_positional() {
        assert_eq!(val("三点五"), ("3.5".into(), -1));
        assert_eq!(val("零點二"), ("0.2".into(), -1));
        assert_eq!(val("十五点四"), ("15.4".into(), -1));
        assert_eq!(val("一点五万"), ("15000".into(), 3));
        assert_eq!(cn("二〇二〇"), Some(("2020".into(), 0, true)));
        assert_eq!(cn("二零一九"), Some(("2019".into(), 0, true)));
        assert_eq!(cn("三"), Some(("3".into(), 0, false)));
    }

    #[test]
    fn chinese_rejects() {
        assert_eq!(cn("十四五"), None);
        assert_eq!(cn("万"), None);
        assert_eq!(cn("百"), None);
        assert_eq!(cn("千万"), None);
        assert_eq!(cn("点五"), None);
        let long: Vec<char> = "九".repeat(100).chars().chain("万亿".chars()).collect();
        // A hundred digits in a row before 万亿 are no numeral (and no panic).
        assert!(parse_chinese(&long).is_none());
    }

    #[test]
    fn decimals() {
        assert_eq!(Dec::new("988260", -2).shifted(4).normalized(), "98826000");
        assert_eq!(Dec::new("988260", -2).shifted(4).scale(), 2);
        assert_eq!(Dec::new("8809", -2).normalized(), "88.09");
        assert_eq!(Dec::new("010", -2).normalized(), "0.10");
        assert_eq!(Dec::new("6", -1).shifted(8).normalized(), "60000000");
        assert_eq!(Dec::new("000", -2).normalized(), "0.00");
        assert_eq!(Dec::new("5", -3).normalized(), "0.005");
        assert_eq!(Dec::new("12", -2).normalized(), "0.12");
        assert_eq!(Dec::new("05", -1).normalized(), "0.5");
        assert_eq!(Dec::new("7", 3).normalized(), "7000");
        assert_eq!(Dec::new("0", 4).normalized(), "0");
        let a = Dec::new("3", 4).add(&Dec::new("2105", 0));
        assert_eq!((a.normalized(), a.scale()), ("32105".into(), 0));
        let b = Dec::new("1126", 4).add(&Dec::new("7", 3));
        assert_eq!((b.normalized(), b.scale()), ("11267000".into(), 3));
        assert_eq!(
            Dec::new("999", 0).add(&Dec::new("1", 0)).normalized(),
            "1000"
        );
        assert_eq!(Dec::new("2020", 0).to_u64(), Some(2020));
        assert_eq!(Dec::new("5", -1).to_u64(), None);
        let written = |digits: &str, scale: i32| Dec::new(digits, scale).with_exponent_written();
        assert_eq!(written("10", 307).normalized(), "1.0e308");
        assert_eq!(written("25", 5).normalized(), "2.5e6");
        assert_eq!(written("3", -2).normalized(), "3e-2");
        assert_eq!(written("05", 2).normalized(), "5e2");
        assert_eq!(
            written("1", 999_999_999).shifted(4).normalized(),
            "1e1000000003"
        );
        assert_eq!(written("12", -1).to_u64(), None);
    }

    #[test]
    fn digits() {
        assert_eq!(arabic_digit('７'), Some(7));
        assert_eq!(arabic_digit('7'), Some(7));
        assert_eq!(arabic_digit('a'), None);
        assert_eq!(chinese_digit('兩'), Some(2));
    }
}
