//! Exact decimal arithmetic for the checks: no binary floating point in any comparison.
//!
//! A [`Dec`] is `mantissa × 10^exponent`. The mantissa is an `i128` while it fits, which is every
//! figure of an ordinary report and costs no allocation, and a [`BigInt`] beyond: sums, products
//! and quotients of any figure a report states are exact, however many digits it has. Two limits
//! keep the work in proportion to the input, since a figure may be a line of a million digits or
//! `1e+999999999`, which no check should expand:
//! - [`Dec::parse`] takes numbers whose digits all lie between the places 10^−[`PLACES`] and
//!   10^[`PLACES`]; [`places`] tells the checks where a figure's digits lie, so that they say a
//!   figure beyond is too large to check rather than stay silent;
//! - an operation whose result would need more than [`MAX_BITS`] bits returns `None`. Within the
//!   parse range no check comes near it.
//!
//! An [`Interval`] is the set of true values a stated figure stands for (see [`Interval::stated`]).

use crate::model::{Bound, Figure};
use num_bigint::BigInt;
use std::cmp::Ordering;
use std::fmt;

/// The places a parsed number's digits may reach, up and down: 10^300 keeps the checks that
/// compare bounds in binary floating point finite, and is far beyond any quantity a report has.
pub const PLACES: i64 = 300;

/// The largest mantissa an operation computes, in bits (about 2,466 decimal digits).
pub const MAX_BITS: u64 = 8192;

/// An exact decimal number.
#[derive(Debug, Clone)]
pub struct Dec {
    mantissa: Mantissa,
    exponent: i32,
}

/// An `i128` while it fits, a big integer only beyond (never one that fits an `i128`).
#[derive(Debug, Clone)]
enum Mantissa {
    Small(i128),
    Big(Box<BigInt>),
}

impl Mantissa {
    fn from_big(b: BigInt) -> Option<Mantissa> {
        if b.bits() > MAX_BITS {
            return None;
        }
        Some(match i128::try_from(&b) {
            Ok(m) => Mantissa::Small(m),
            Err(_) => Mantissa::Big(Box::new(b)),
        })
    }

    fn big(&self) -> BigInt {
        match self {
            Mantissa::Small(m) => BigInt::from(*m),
            Mantissa::Big(b) => (**b).clone(),
        }
    }

    fn bits(&self) -> u64 {
        match self {
            Mantissa::Small(m) => u64::from(128 - m.unsigned_abs().leading_zeros()),
            Mantissa::Big(b) => b.bits(),
        }
    }

    fn signum(&self) -> Ordering {
        match self {
            Mantissa::Small(m) => m.cmp(&0),
            Mantissa::Big(b) => b.sign().cmp(&num_bigint::Sign::NoSign),
        }
    }

    fn add(&self, other: &Mantissa) -> Option<Mantissa> {
        if let (Mantissa::Small(a), Mantissa::Small(b)) = (self, other)
            && let Some(s) = a.checked_add(*b)
        {
            return Some(Mantissa::Small(s));
        }
        Mantissa::from_big(self.big() + other.big())
    }

    fn mul(&self, other: &Mantissa) -> Option<Mantissa> {
        if let (Mantissa::Small(a), Mantissa::Small(b)) = (self, other)
            && let Some(p) = a.checked_mul(*b)
        {
            return Some(Mantissa::Small(p));
        }
        if self.bits() + other.bits() > MAX_BITS + 1 {
            return None;
        }
        Mantissa::from_big(self.big() * other.big())
    }

    fn neg(&self) -> Option<Mantissa> {
        if let Mantissa::Small(m) = self
            && let Some(n) = m.checked_neg()
        {
            return Some(Mantissa::Small(n));
        }
        Mantissa::from_big(-self.big())
    }

    /// `self × 10^shift`.
    fn mul_pow10(&self, shift: u32) -> Option<Mantissa> {
        if let Mantissa::Small(m) = self
            && let Some(p) = 10i128.checked_pow(shift)
            && let Some(m) = m.checked_mul(p)
        {
            return Some(Mantissa::Small(m));
        }
        if self.signum() == Ordering::Equal {
            return Some(Mantissa::Small(0));
        }
        // 10^shift has more than 3.3 × shift bits: refuse before computing a huge power.
        if self.bits() + u64::from(shift) * 3 > MAX_BITS {
            return None;
        }
        Mantissa::from_big(self.big() * BigInt::from(10u8).pow(shift))
    }

    fn is_odd(&self) -> bool {
        match self {
            Mantissa::Small(m) => m % 2 != 0,
            Mantissa::Big(b) => b.bit(0),
        }
    }

    fn cmp(&self, other: &Mantissa) -> Ordering {
        match (self, other) {
            (Mantissa::Small(a), Mantissa::Small(b)) => a.cmp(b),
            _ => self.big().cmp(&other.big()),
        }
    }

    /// The quotient rounded towards negative infinity, and whether twice the remainder is
    /// below, at or above the divisor, which must be positive.
    fn div_floor(&self, d: &Mantissa) -> Option<(Mantissa, Ordering)> {
        if let (Mantissa::Small(n), Mantissa::Small(d)) = (self, d)
            && let Some(twice) = n.rem_euclid(*d).checked_mul(2)
        {
            return Some((Mantissa::Small(n.div_euclid(*d)), twice.cmp(d)));
        }
        let (n, d) = (self.big(), d.big());
        let (mut q, mut r) = (&n / &d, &n % &d);
        if r.sign() == num_bigint::Sign::Minus {
            q -= 1;
            r += &d;
        }
        Some((Mantissa::from_big(q)?, (r * 2u8).cmp(&d)))
    }
}

impl fmt::Display for Mantissa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mantissa::Small(m) => write!(f, "{m}"),
            Mantissa::Big(b) => write!(f, "{b}"),
        }
    }
}

/// A decimal number as written: sign, the digits before and after the point, and the power of
/// ten of an exponent (`1.0e+308`), saturated far beyond any place [`Dec::parse`] takes.
struct Written<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
    exp: i64,
}

impl<'a> Written<'a> {
    /// Splits `-12.50`, `98826000`, `2.5e6`, `3E-2`; `None` for anything else.
    fn split(s: &'a str) -> Option<Written<'a>> {
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (digits, exp) = match s.split_once(['e', 'E']) {
            Some((digits, exp)) => {
                let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
                if exp_digits.is_empty() || !exp_digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                // Saturate: an exponent of twenty digits is as far beyond the range as one of nine.
                let magnitude = exp_digits
                    .bytes()
                    .try_fold(0i64, |a, b| {
                        a.checked_mul(10)?.checked_add(i64::from(b - b'0'))
                    })
                    .unwrap_or(i64::MAX / 4);
                (
                    digits,
                    if exp.starts_with('-') {
                        -magnitude
                    } else {
                        magnitude
                    },
                )
            }
            None => (s, 0),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        Some(Written {
            negative,
            int,
            frac,
            exp,
        })
    }

    /// The power of ten of the last digit.
    fn low(&self) -> i64 {
        self.exp - self.frac.len() as i64
    }

    /// The places of the last digit and of the first significant one (the last one for zero).
    fn places(&self) -> (i64, i64) {
        let leading = self
            .int
            .bytes()
            .chain(self.frac.bytes())
            .take_while(|&b| b == b'0')
            .count();
        let significant = (self.int.len() + self.frac.len()).saturating_sub(leading);
        let low = self.low();
        (low, low + (significant.max(1) as i64) - 1)
    }
}

/// The places of the last stated digit and of the first significant digit of a number written
/// as [`Dec::parse`] reads it (`1.0e+308` → (307, 308), `0.05` → (−2, −2)), or `None` if it is
/// not a number. Takes time in proportion to its length and builds no number: the checks ask it
/// whether a figure is within [`PLACES`] before computing with it.
pub fn places(s: &str) -> Option<(i64, i64)> {
    Written::split(s).map(|w| w.places())
}

impl Dec {
    /// Zero.
    pub const ZERO: Dec = Dec::new(0, 0);

    /// `mantissa × 10^exponent`.
    pub const fn new(mantissa: i128, exponent: i32) -> Dec {
        Dec {
            mantissa: Mantissa::Small(mantissa),
            exponent,
        }
    }

    /// An integer.
    pub fn int(n: i128) -> Dec {
        Dec::new(n, 0)
    }

    /// Parses a decimal string, plain (`-12.50`, `98826000`) or with an exponent (`1.0e308`,
    /// `3e-2`, as [`crate::figures`] writes figures stated so). `None` if it is not a number or
    /// if its digits reach beyond 10^±[`PLACES`] (see [`places`]).
    pub fn parse(s: &str) -> Option<Dec> {
        let written = Written::split(s)?;
        let (low, high) = written.places();
        if low < -PLACES || high > PLACES {
            return None;
        }
        let digits = written.int.len() + written.frac.len();
        let mantissa = if digits <= 38 {
            let m = written
                .int
                .bytes()
                .chain(written.frac.bytes())
                .fold(0i128, |m, b| m * 10 + i128::from(b - b'0'));
            Mantissa::Small(if written.negative { -m } else { m })
        } else {
            // Leading zeros may make the digits many; the places keep the value within bounds.
            let mut bytes = Vec::with_capacity(digits + 1);
            if written.negative {
                bytes.push(b'-');
            }
            bytes.extend_from_slice(written.int.as_bytes());
            bytes.extend_from_slice(written.frac.as_bytes());
            Mantissa::from_big(BigInt::parse_bytes(&bytes, 10)?)?
        };
        Some(Dec {
            mantissa,
            exponent: i32::try_from(low).ok()?,
        })
    }

    /// `10^exponent`.
    pub fn pow10(exponent: i32) -> Dec {
        Dec::new(1, exponent)
    }

    /// The mantissa at `exponent`, which must not exceed the number's own.
    fn at(&self, exponent: i32) -> Option<Mantissa> {
        let shift = u32::try_from(i64::from(self.exponent) - i64::from(exponent)).ok()?;
        self.mantissa.mul_pow10(shift)
    }

    fn align(&self, other: &Dec) -> Option<(Mantissa, Mantissa, i32)> {
        let e = self.exponent.min(other.exponent);
        Some((self.at(e)?, other.at(e)?, e))
    }

    /// `self + other`.
    pub fn checked_add(&self, other: &Dec) -> Option<Dec> {
        let (a, b, exponent) = self.align(other)?;
        Some(Dec {
            mantissa: a.add(&b)?,
            exponent,
        })
    }

    /// `self − other`.
    pub fn checked_sub(&self, other: &Dec) -> Option<Dec> {
        self.checked_add(&Dec {
            mantissa: other.mantissa.neg()?,
            exponent: other.exponent,
        })
    }

    /// `self × other`.
    pub fn checked_mul(&self, other: &Dec) -> Option<Dec> {
        Some(Dec {
            mantissa: self.mantissa.mul(&other.mantissa)?,
            exponent: self.exponent.checked_add(other.exponent)?,
        })
    }

    /// Exact comparison, or `None` if the two are too far apart in places to align.
    pub fn compare(&self, other: &Dec) -> Option<Ordering> {
        let (a, b, _) = self.align(other)?;
        Some(a.cmp(&b))
    }

    /// Returns true if and only if the number is negative.
    pub fn is_negative(&self) -> bool {
        self.mantissa.signum() == Ordering::Less
    }

    /// `numerator / denominator` rounded to `decimals` places by GB/T 8170 (round half to even).
    pub fn divide_rounded(numerator: &Dec, denominator: &Dec, decimals: i32) -> Option<Dec> {
        Dec::divide(numerator, denominator, decimals, true)
    }

    /// `numerator / denominator` truncated to `decimals` places (towards negative infinity).
    pub fn divide_truncated(numerator: &Dec, denominator: &Dec, decimals: i32) -> Option<Dec> {
        Dec::divide(numerator, denominator, decimals, false)
    }

    fn divide(numerator: &Dec, denominator: &Dec, decimals: i32, round: bool) -> Option<Dec> {
        let (mut n, mut d) = match denominator.mantissa.signum() {
            Ordering::Equal => return None,
            Ordering::Greater => (numerator.mantissa.clone(), denominator.mantissa.clone()),
            Ordering::Less => (numerator.mantissa.neg()?, denominator.mantissa.neg()?),
        };
        // numerator / denominator = (n / d) × 10^(en − ed); scale so the quotient has `decimals`
        // places.
        let shift =
            i64::from(decimals) + i64::from(numerator.exponent) - i64::from(denominator.exponent);
        let shift_by = u32::try_from(shift.unsigned_abs()).ok()?;
        if shift >= 0 {
            n = n.mul_pow10(shift_by)?;
        } else {
            d = d.mul_pow10(shift_by)?;
        }
        let (q, twice_remainder) = n.div_floor(&d)?;
        let up = round
            && match twice_remainder {
                Ordering::Greater => true,
                Ordering::Equal => q.is_odd(),
                Ordering::Less => false,
            };
        let q = if up { q.add(&Mantissa::Small(1))? } else { q };
        Some(Dec {
            mantissa: q,
            exponent: -decimals,
        })
    }

    /// An approximation as a float, for display and for the checks that compare bounds.
    pub fn to_f64(&self) -> f64 {
        match &self.mantissa {
            Mantissa::Small(m) => *m as f64 * 10f64.powi(self.exponent),
            // Through text: the standard parser rounds correctly where a product would overflow.
            Mantissa::Big(b) => format!("{b}e{}", self.exponent).parse().unwrap_or(f64::NAN),
        }
    }

    /// The number of decimal places it is written with (0 for integers).
    pub fn decimals(&self) -> i32 {
        (-self.exponent).max(0)
    }
}

impl PartialEq for Dec {
    fn eq(&self, other: &Dec) -> bool {
        self.compare(other) == Some(Ordering::Equal)
    }
}

impl fmt::Display for Dec {
    /// Plain decimal notation with as many places as the exponent says (`88.10`, `515`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let signed = self.mantissa.to_string();
        let (sign, digits) = match signed.strip_prefix('-') {
            Some(digits) => ("-", digits),
            None => ("", signed.as_str()),
        };
        if self.exponent >= 0 {
            let zeros = "0".repeat(usize::try_from(self.exponent).unwrap_or(0));
            return write!(f, "{sign}{digits}{zeros}");
        }
        let places = usize::try_from(-self.exponent).unwrap_or(0);
        let padded = format!("{digits:0>width$}", width = places + 1);
        let (int, frac) = padded.split_at(padded.len() - places);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// A closed interval of possible true values; `None` ends are unbounded.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// Lower end, or unbounded.
    pub low: Option<Dec>,
    /// Upper end, or unbounded.
    pub high: Option<Dec>,
}

impl Interval {
    /// A single exact value.
    pub fn exact(value: Dec) -> Interval {
        Interval {
            low: Some(value.clone()),
            high: Some(value),
        }
    }

    /// The values a stated figure stands for. An exact count (a count or a sum of money stated to
    /// the unit, with no scale word and no approximation) is exact; otherwise a value whose last
    /// stated digit has place 10^e stands for `[v − ½·10^e, v + 10^e]`: the values that round to it
    /// or that truncate to it (both readings are accepted, as XBRL Calculations 1.1 does).
    /// Approximations widen it: 约/左右 by 10 %, 余/多/以上 open it upwards, 近/不到 downwards.
    pub fn stated(figure: &Figure) -> Option<Interval> {
        let value = Dec::parse(figure.value.as_deref()?)?;
        let exact = figure.exponent == 0
            && value.decimals() == 0
            && matches!(
                figure.kind,
                crate::model::FigureKind::Count
                    | crate::model::FigureKind::Money
                    | crate::model::FigureKind::Number
            );
        let mut interval = if exact && figure.approx.is_none() {
            Interval::exact(value.clone())
        } else {
            let step = Dec::pow10(figure.exponent);
            let half = Dec::new(5, figure.exponent.checked_sub(1)?);
            Interval {
                low: Some(value.checked_sub(&half)?),
                high: Some(value.checked_add(&step)?),
            }
        };
        match figure.approx.as_ref().map(|a| a.bound) {
            None => {}
            Some(Bound::About) => {
                let tenth = value.checked_mul(&Dec::new(1, -1))?;
                interval.low = Some(interval.low?.checked_sub(&tenth)?);
                interval.high = Some(interval.high?.checked_add(&tenth)?);
            }
            Some(Bound::Over) => interval.high = None,
            Some(Bound::Under) => interval.low = None,
        }
        Some(interval)
    }

    /// The interval of sums of one value from each interval.
    pub fn sum(parts: &[Interval]) -> Option<Interval> {
        let mut low = Some(Dec::ZERO);
        let mut high = Some(Dec::ZERO);
        for part in parts {
            low = match (low, &part.low) {
                (Some(a), Some(b)) => Some(a.checked_add(b)?),
                _ => None,
            };
            high = match (high, &part.high) {
                (Some(a), Some(b)) => Some(a.checked_add(b)?),
                _ => None,
            };
        }
        Some(Interval { low, high })
    }

    /// Returns true if and only if every value of `self` is above every value of `other`.
    pub fn above(&self, other: &Interval) -> Option<bool> {
        match (&self.low, &other.high) {
            (Some(low), Some(high)) => Some(low.compare(high)? == Ordering::Greater),
            _ => Some(false),
        }
    }

    /// Returns true if and only if the interval holds `value`.
    pub fn contains(&self, value: &Dec) -> Option<bool> {
        let above_low = match &self.low {
            Some(low) => value.compare(low)? != Ordering::Less,
            None => true,
        };
        let below_high = match &self.high {
            Some(high) => value.compare(high)? != Ordering::Greater,
            None => true,
        };
        Some(above_low && below_high)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(d("88.09").to_string(), "88.09");
        assert_eq!(d("0.05").to_string(), "0.05");
        assert_eq!(d("-1.23").to_string(), "-1.23");
        assert_eq!(Dec::new(515, 2).to_string(), "51500");
        assert_eq!(d("98826000").to_string(), "98826000");
        assert!(Dec::parse("").is_none());
        assert!(Dec::parse("-").is_none());
        assert!(Dec::parse("1.2.3").is_none());
        assert!(Dec::parse("2015-01-09").is_none());
        assert!(Dec::parse("1e").is_none());
    }

    #[test]
    fn exponent_notation() {
        assert_eq!(d("1e5").to_string(), "100000");
        assert_eq!(d("2.5e6").to_string(), "2500000");
        assert_eq!(d("3e-2").to_string(), "0.03");
        assert_eq!(d("3E-2"), d("0.03"));
        assert_eq!(d("1.0e+300").decimals(), 0);
        assert_eq!(d("1.0e300").to_string(), format!("1{}", "0".repeat(300)));
        assert_eq!(
            d("1.0e-299").to_string(),
            format!("0.{}10", "0".repeat(298))
        );
        assert_eq!(d("-2.50e-1").to_string(), "-0.250");
    }

    #[test]
    fn places_of_the_digits() {
        assert_eq!(places("1.0e+308"), Some((307, 308)));
        assert_eq!(places("0.05"), Some((-2, -2)));
        assert_eq!(places("100"), Some((0, 2)));
        assert_eq!(places("0"), Some((0, 0)));
        assert_eq!(places("0.00"), Some((-2, -2)));
        assert_eq!(places("1e+999999999"), Some((999_999_999, 999_999_999)));
        assert_eq!(places("3e-2"), Some((-2, -2)));
        assert_eq!(places("12a"), None);
        // Beyond the places the checks compute with: not parsed, and told apart by `places`.
        assert!(Dec::parse("1e+999999999").is_none());
        assert!(Dec::parse(&"9".repeat(302)).is_none());
        assert!(Dec::parse(&"9".repeat(301)).is_some());
        assert!(Dec::parse("1e99999999999999999999999").is_none());
        assert_eq!(
            places("1e99999999999999999999999").map(|p| p.0 > 1 << 60),
            Some(true)
        );
    }

    #[test]
    fn exact_sums_and_comparisons() {
        assert_eq!(d("21.73").checked_add(&d("61.56")).unwrap(), d("83.29"));
        assert_eq!(d("83.30").checked_sub(&d("83.29")).unwrap(), d("0.01"));
        assert_eq!(d("0.1").checked_add(&d("0.2")).unwrap(), d("0.3"));
        assert_eq!(d("2").compare(&d("2.000")), Some(Ordering::Equal));
    }

    #[test]
    fn big_numbers_are_exact() {
        let half = d("500000000000000000000000000000000000000");
        let sum = half.checked_add(&half).unwrap();
        assert_eq!(sum.to_string(), format!("1{}", "0".repeat(39)));
        let total = d(&format!("1{}1", "0".repeat(38)));
        assert_eq!(total.compare(&sum), Some(Ordering::Greater));
        assert_eq!(total.checked_sub(&sum).unwrap().to_string(), "1");
        // Back to an i128 when the result fits again.
        let max = Dec::int(i128::MAX);
        let over = max.checked_add(&Dec::int(1)).unwrap();
        assert_eq!(over.to_string(), "170141183460469231731687303715884105728");
        assert_eq!(over.checked_sub(&Dec::int(1)).unwrap(), max);
        assert!(matches!(
            over.checked_sub(&Dec::int(1)).unwrap().mantissa,
            Mantissa::Small(_)
        ));
        let min = Dec::int(i128::MIN);
        assert_eq!(Dec::ZERO.checked_sub(&min).unwrap(), over);
        let square = over.checked_mul(&over).unwrap();
        assert_eq!(
            square.to_string(),
            "28948022309329048855892746252171976963317496166410141009864396001978282409984"
        );
        assert_eq!(
            d("1e-300").checked_add(&d("1e300")).unwrap().decimals(),
            300
        );
        assert_eq!(d(&"9".repeat(60)).to_f64(), 1e60);
    }

    #[test]
    fn gb_t_8170_rounding() {
        // 2354 / 2672 = 0.880988… → 88.10 %
        let pct = Dec::divide_rounded(&d("235400"), &d("2672"), 2).unwrap();
        assert_eq!(pct.to_string(), "88.10");
        // exactly half: round to even
        assert_eq!(
            Dec::divide_rounded(&d("1"), &d("8"), 2)
                .unwrap()
                .to_string(),
            "0.12"
        );
        assert_eq!(
            Dec::divide_rounded(&d("3"), &d("8"), 2)
                .unwrap()
                .to_string(),
            "0.38"
        );
        assert_eq!(
            Dec::divide_rounded(&d("-3"), &d("8"), 2)
                .unwrap()
                .to_string(),
            "-0.38"
        );
        assert_eq!(
            Dec::divide_rounded(&d("3"), &d("-8"), 2)
                .unwrap()
                .to_string(),
            "-0.38"
        );
        assert_eq!(Dec::divide_rounded(&d("1"), &d("0"), 2), None);
        let truncated = Dec::divide_truncated(&d("235400"), &d("2672"), 2).unwrap();
        assert_eq!(truncated.to_string(), "88.09");
        // The same quotient with 25 digits more on both sides.
        let zeros = "0".repeat(25);
        let (n, den) = (d(&format!("235400{zeros}")), d(&format!("2672{zeros}")));
        assert_eq!(
            Dec::divide_rounded(&n, &den, 2).unwrap().to_string(),
            "88.10"
        );
        assert_eq!(
            Dec::divide_truncated(&n, &den, 12).unwrap().to_string(),
            "88.098802395209"
        );
        let half = d(&format!("1{zeros}"));
        let eight = d(&format!("8{zeros}"));
        assert_eq!(
            Dec::divide_rounded(&half, &eight, 2).unwrap().to_string(),
            "0.12"
        );
    }

    #[test]
    fn beyond_the_limit_is_none_not_a_panic() {
        let big = d(&"9".repeat(300));
        let mut product = big.clone();
        for _ in 0..7 {
            product = product.checked_mul(&big).unwrap();
        }
        assert!(product.checked_mul(&big).is_none());
        assert!(Dec::new(1, 0).compare(&Dec::new(1, -5000)).is_none());
        assert!(Dec::divide_rounded(&d("1"), &d("3"), i32::MAX).is_none());
    }
}
