//! Exact decimal arithmetic for the checks: no binary floating point in any comparison.
//!
//! A [`Dec`] is `mantissa × 10^exponent` with an `i128` mantissa; every operation is checked and
//! returns `None` on overflow, in which case a check stays silent rather than guess. An
//! [`Interval`] is the set of true values a stated figure stands for (see [`Interval::stated`]).

use crate::model::{Bound, Figure};
use std::cmp::Ordering;
use std::fmt;

/// An exact decimal number.
#[derive(Debug, Clone, Copy)]
pub struct Dec {
    mantissa: i128,
    exponent: i32,
}

impl Dec {
    /// Zero.
    pub const ZERO: Dec = Dec::new(0, 0);

    /// `mantissa × 10^exponent`.
    pub const fn new(mantissa: i128, exponent: i32) -> Dec {
        Dec { mantissa, exponent }
    }

    /// An integer.
    pub fn int(n: i128) -> Dec {
        Dec::new(n, 0)
    }

    /// Parses a plain decimal string (`-12.50`, `98826000`); no exponent notation.
    pub fn parse(s: &str) -> Option<Dec> {
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let mut mantissa: i128 = 0;
        for c in int.chars().chain(frac.chars()) {
            let d = c.to_digit(10)?;
            mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(d))?;
        }
        let exponent = -i32::try_from(frac.len()).ok()?;
        Some(Dec::new(
            if negative { -mantissa } else { mantissa },
            exponent,
        ))
    }

    /// `10^exponent`.
    pub fn pow10(exponent: i32) -> Dec {
        Dec::new(1, exponent)
    }

    /// This number with the mantissa rescaled to `exponent` (which must not exceed the current
    /// exponent), or `None` on overflow.
    fn rescale(self, exponent: i32) -> Option<i128> {
        let shift = u32::try_from(self.exponent.checked_sub(exponent)?).ok()?;
        self.mantissa.checked_mul(10i128.checked_pow(shift)?)
    }

    fn align(a: Dec, b: Dec) -> Option<(i128, i128, i32)> {
        let e = a.exponent.min(b.exponent);
        Some((a.rescale(e)?, b.rescale(e)?, e))
    }

    /// `self + other`.
    pub fn checked_add(self, other: Dec) -> Option<Dec> {
        let (a, b, e) = Dec::align(self, other)?;
        Some(Dec::new(a.checked_add(b)?, e))
    }

    /// `self − other`.
    pub fn checked_sub(self, other: Dec) -> Option<Dec> {
        self.checked_add(Dec::new(other.mantissa.checked_neg()?, other.exponent))
    }

    /// `self × other`.
    pub fn checked_mul(self, other: Dec) -> Option<Dec> {
        Some(Dec::new(
            self.mantissa.checked_mul(other.mantissa)?,
            self.exponent.checked_add(other.exponent)?,
        ))
    }

    /// Exact comparison, or `None` on overflow.
    pub fn compare(self, other: Dec) -> Option<Ordering> {
        let (a, b, _) = Dec::align(self, other)?;
        Some(a.cmp(&b))
    }

    /// Returns true if and only if the number is negative.
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// `numerator / denominator` rounded to `decimals` places by GB/T 8170 (round half to even).
    pub fn divide_rounded(numerator: Dec, denominator: Dec, decimals: i32) -> Option<Dec> {
        Dec::divide(numerator, denominator, decimals, true)
    }

    /// `numerator / denominator` truncated to `decimals` places (towards negative infinity).
    pub fn divide_truncated(numerator: Dec, denominator: Dec, decimals: i32) -> Option<Dec> {
        Dec::divide(numerator, denominator, decimals, false)
    }

    fn divide(numerator: Dec, denominator: Dec, decimals: i32, round: bool) -> Option<Dec> {
        if denominator.mantissa == 0 {
            return None;
        }
        // numerator / denominator = (n × 10^(en − ed)); scale so the quotient has `decimals` places.
        let shift = decimals
            .checked_add(numerator.exponent)?
            .checked_sub(denominator.exponent)?;
        let (mut n, mut d) = (numerator.mantissa, denominator.mantissa);
        if shift >= 0 {
            n = n.checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?;
        } else {
            d = d.checked_mul(10i128.checked_pow(u32::try_from(-shift).ok()?)?)?;
        }
        if d < 0 {
            n = n.checked_neg()?;
            d = d.checked_neg()?;
        }
        let (q, r) = (n.div_euclid(d), n.rem_euclid(d));
        let twice = r.checked_mul(2)?;
        let q = match twice.cmp(&d) {
            Ordering::Greater if round => q + 1,
            Ordering::Equal if round && q % 2 != 0 => q + 1,
            _ => q,
        };
        Some(Dec::new(q, -decimals))
    }

    /// An approximation as a float, for display only.
    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 * 10f64.powi(self.exponent)
    }

    /// The number of decimal places it is written with (0 for integers).
    pub fn decimals(self) -> i32 {
        (-self.exponent).max(0)
    }
}

impl PartialEq for Dec {
    fn eq(&self, other: &Dec) -> bool {
        self.compare(*other) == Some(Ordering::Equal)
    }
}

impl fmt::Display for Dec {
    /// Plain decimal notation with as many places as the exponent says (`88.10`, `515`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
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
#[derive(Debug, Clone, Copy, PartialEq)]
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
            low: Some(value),
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
            Interval::exact(value)
        } else {
            let step = Dec::pow10(figure.exponent);
            let half = Dec::new(5, figure.exponent - 1);
            Interval {
                low: Some(value.checked_sub(half)?),
                high: Some(value.checked_add(step)?),
            }
        };
        match figure.approx.as_ref().map(|a| a.bound) {
            None => {}
            Some(Bound::About) => {
                let tenth = value.checked_mul(Dec::new(1, -1))?;
                interval.low = Some(interval.low?.checked_sub(tenth)?);
                interval.high = Some(interval.high?.checked_add(tenth)?);
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
            low = match (low, part.low) {
                (Some(a), Some(b)) => Some(a.checked_add(b)?),
                _ => None,
            };
            high = match (high, part.high) {
                (Some(a), Some(b)) => Some(a.checked_add(b)?),
                _ => None,
            };
        }
        Some(Interval { low, high })
    }

    /// Returns true if and only if every value of `self` is above every value of `other`.
    pub fn above(&self, other: &Interval) -> Option<bool> {
        match (self.low, other.high) {
            (Some(low), Some(high)) => Some(low.compare(high)? == Ordering::Greater),
            _ => Some(false),
        }
    }

    /// Returns true if and only if the interval holds `value`.
    pub fn contains(&self, value: Dec) -> Option<bool> {
        let above_low = match self.low {
            Some(low) => value.compare(low)? != Ordering::Less,
            None => true,
        };
        let below_high = match self.high {
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
        assert!(Dec::parse("1e5").is_none());
        assert!(Dec::parse("").is_none());
        assert!(Dec::parse("-").is_none());
    }

    #[test]
    fn exact_sums_and_comparisons() {
        assert_eq!(d("21.73").checked_add(d("61.56")).unwrap(), d("83.29"));
        assert_eq!(d("83.30").checked_sub(d("83.29")).unwrap(), d("0.01"));
        assert_eq!(d("0.1").checked_add(d("0.2")).unwrap(), d("0.3"));
        assert_eq!(d("2").compare(d("2.000")), Some(Ordering::Equal));
    }

    #[test]
    fn gb_t_8170_rounding() {
        // 2354 / 2672 = 0.880988… → 88.10 %
        let pct = Dec::divide_rounded(d("235400"), d("2672"), 2).unwrap();
        assert_eq!(pct.to_string(), "88.10");
        // exactly half: round to even
        assert_eq!(
            Dec::divide_rounded(d("1"), d("8"), 2).unwrap().to_string(),
            "0.12"
        );
        assert_eq!(
            Dec::divide_rounded(d("3"), d("8"), 2).unwrap().to_string(),
            "0.38"
        );
        assert_eq!(Dec::divide_rounded(d("1"), d("0"), 2), None);
        let truncated = Dec::divide_truncated(d("235400"), d("2672"), 2).unwrap();
        assert_eq!(truncated.to_string(), "88.09");
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        let big = Dec::new(i128::MAX / 2, 0);
        assert!(big.checked_add(big).is_some());
        assert!(big.checked_add(big).unwrap().checked_add(big).is_none());
        assert!(big.checked_mul(big).is_none());
        assert!(Dec::new(1, 0).compare(Dec::new(1, -60)).is_none());
    }
}
