//! `long double` as Redis uses it for `INCRBYFLOAT`: an x87 80-bit float, computed exactly.
//!
//! Pre-written. `INCRBYFLOAT` reads both numbers with C's `strtold`, adds them as `long double`
//! and prints the sum with `%.17Lf`, then trims the trailing zeros. On x86-64 a `long double` is
//! the x87 *extended* format: a 64-bit mantissa, 11 bits more than an `f64`. Those bits change
//! the answer: `1.1 + 2.2` is `3.3000000000000003` in `f64` but `3.3` in Redis, and `3000 + 1.1`
//! is `3001.10000000000000009` in Redis. Clients store money and scores this way, so the answer
//! must be Redis's, digit for digit.
//!
//! Rust has no 80-bit float, so this file computes with the numbers themselves. A finite value is
//! `±mantissa × 2^exponent` with a 64-bit mantissa, as the x87 stores it, and each of the three
//! steps is exact, then rounded once, to nearest with ties to even, as the hardware and glibc
//! round:
//! - [`parse`]: the decimal (or hexadecimal) text is an exact fraction, rounded to the nearest
//!   value with a 64-bit mantissa (glibc's `strtold`).
//! - [`LongDouble::add`]: the exact sum, rounded to 64 bits (the x87's `FADD`).
//! - [`LongDouble::to_human_string`]: the exact value times 10^17, rounded to an integer, gives
//!   the 17 decimals of `%.17Lf` (glibc's `printf`).
//!
//! The big integers this takes (up to 34,000 bits) are in `long_double/big.rs`.
//!
//! How real Redis does it: `incrbyfloatCommand` in `src/t_string.c`; `string2ld` and `ld2string`
//! (mode `LD_STR_HUMAN`) in `src/util.c`.

mod big;

use big::Big;

/// Bits in the mantissa of an x87 extended float, its integer bit included.
const MANTISSA_BITS: i64 = 64;
/// The exponent of the mantissa's lowest bit for the tiniest values (subnormals): 2^-16445 is
/// the smallest positive `long double`.
const MIN_EXPONENT: i64 = -16445;
/// Every finite `long double` is below 2^16384.
const MAX_MAGNITUDE_BITS: i64 = 16384;
/// Decimal magnitudes beyond which a number surely overflows or surely rounds to zero, so it is
/// refused without computing it: 10^4933 is above the largest `long double` (1.19 × 10^4932),
/// 10^-4952 below half the smallest (3.6 × 10^-4951).
const DECIMAL_MAGNITUDES: std::ops::RangeInclusive<i64> = -4951..=4933;
/// `string2ld` refuses text this long or longer (Redis's `MAX_LONG_DOUBLE_CHARS`).
const MAX_LONG_DOUBLE_CHARS: usize = 5 * 1024;
/// `%.17Lf`: 17 digits after the point.
const DECIMALS: usize = 17;

/// A finite x87 extended float: `±mantissa × 2^exponent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LongDouble {
    negative: bool,
    mantissa: u64,
    exponent: i64,
}

/// A number as `strtold` reads it, or a sum: finite, or infinite (NaN is refused outright).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Number {
    /// A finite value.
    Finite(LongDouble),
    /// `inf`, `-Infinity`, or a sum too large for a `long double`.
    Infinite,
}

impl LongDouble {
    /// Zero.
    pub(crate) const ZERO: LongDouble = LongDouble {
        negative: false,
        mantissa: 0,
        exponent: 0,
    };

    /// `self + other`, rounded as the x87 rounds it; `Infinite` when it overflows.
    pub(crate) fn add(self, other: LongDouble) -> Number {
        let exponent = self.exponent.min(other.exponent);
        let align = |value: LongDouble| {
            Big::from_u128(u128::from(value.mantissa)).shl((value.exponent - exponent) as u64)
        };
        let (a, b) = (align(self), align(other));
        if self.negative == other.negative {
            return round(self.negative, &a.add(&b), exponent);
        }
        // Opposite signs: the larger magnitude minus the smaller, with the larger's sign.
        let (mut larger, smaller, negative) = if a >= b {
            (a, b, self.negative)
        } else {
            (b, a, other.negative)
        };
        larger.sub_assign(&smaller);
        // An exact zero is +0, as IEEE 754 says when rounding to nearest.
        round(negative && !larger.is_zero(), &larger, exponent)
    }

    /// The value as `%.17Lf` prints it, with the trailing zeros (and a trailing point) removed
    /// and `-0` written `0`: Redis's `ld2string` in its `LD_STR_HUMAN` mode.
    pub(crate) fn to_human_string(self) -> String {
        let digits = if self.exponent >= 0 {
            // An integer: all 17 decimals are zeros, and trimmed.
            Big::from_u128(u128::from(self.mantissa))
                .shl(self.exponent as u64)
                .to_decimal()
        } else {
            // The value times 10^17, rounded to an integer, is the digits with 17 decimals.
            let scaled = Big::from_u128(u128::from(self.mantissa) * 10u128.pow(DECIMALS as u32));
            let digits = shift_right_rounded(&scaled, self.exponent.unsigned_abs()).to_string();
            let digits = format!("{digits:0>width$}", width = DECIMALS + 1);
            let (whole, decimals) = digits.split_at(digits.len() - DECIMALS);
            match decimals.trim_end_matches('0') {
                "" => whole.to_string(),
                decimals => format!("{whole}.{decimals}"),
            }
        };
        if self.negative && digits != "0" {
            format!("-{digits}")
        } else {
            digits
        }
    }
}

/// `value / 2^shift` rounded to the nearest integer, ties to even, for a quotient that fits in a
/// `u128`.
fn shift_right_rounded(value: &Big, shift: u64) -> u128 {
    let quotient =
        u128::from(value.bits_from(shift)) | u128::from(value.bits_from(shift + 64)) << 64;
    quotient + u128::from(rounds_up(value, shift, quotient & 1 == 1))
}

/// Whether dropping the `shift` low bits of `value` rounds the rest up: to nearest, ties to even
/// (`odd` says whether what is kept is odd).
fn rounds_up(value: &Big, shift: u64, odd: bool) -> bool {
    if shift == 0 || !value.bit(shift - 1) {
        return false;
    }
    value.any_bit_below(shift - 1) || odd
}

/// Rounds the exact value `±magnitude × 2^exponent` to a `long double`: 64 significant bits, or
/// fewer for the tiniest values, whose lowest bit cannot go below 2^-16445.
fn round(negative: bool, magnitude: &Big, exponent: i64) -> Number {
    let bits = magnitude.bit_len() as i64;
    if bits == 0 {
        return Number::Finite(LongDouble {
            negative,
            ..LongDouble::ZERO
        });
    }
    // The low bits that must go: beyond 64 significant bits, or below 2^-16445.
    let dropped = (bits - MANTISSA_BITS).max(MIN_EXPONENT - exponent).max(0);
    let kept = magnitude.bits_from(dropped as u64);
    let round_up = rounds_up(magnitude, dropped as u64, kept & 1 == 1);
    let (mantissa, exponent) = match kept.checked_add(u64::from(round_up)) {
        Some(mantissa) => (mantissa, exponent + dropped),
        // The carry went out of the top: 2^64 is 2^63 × 2.
        None => (1 << 63, exponent + dropped + 1),
    };
    let magnitude_bits = MANTISSA_BITS - i64::from(mantissa.leading_zeros());
    if mantissa != 0 && magnitude_bits + exponent > MAX_MAGNITUDE_BITS {
        return Number::Infinite;
    }
    Number::Finite(LongDouble {
        negative,
        mantissa,
        exponent: if mantissa == 0 { 0 } else { exponent },
    })
}

impl Number {
    /// `(long long) ceill(value * 1000.0)`, as Redis 7.0 computes a blocking timeout in
    /// milliseconds from seconds (`getTimeoutFromObjectOrReply`): the product rounded to a
    /// `long double`, then rounded up to an integer. What does not fit (infinity included)
    /// becomes `i64::MIN`, as the x86-64 conversion gives, so a huge timeout is "negative".
    pub(crate) fn times_1000_ceiling(self) -> i64 {
        let Number::Finite(value) = self else {
            return i64::MIN;
        };
        let product = Big::from_u128(u128::from(value.mantissa) * 1000);
        let Number::Finite(product) = round(value.negative, &product, value.exponent) else {
            return i64::MIN;
        };
        let mantissa = u128::from(product.mantissa);
        let (whole, fraction) = match product.exponent {
            exponent if exponent >= 64 => return i64::MIN,
            exponent if exponent >= 0 => (mantissa << exponent, false),
            exponent if exponent <= -64 => (0, mantissa != 0),
            exponent => {
                let shift = exponent.unsigned_abs();
                (mantissa >> shift, mantissa & ((1 << shift) - 1) != 0)
            }
        };
        // Up, toward +infinity: a positive fraction adds one; a negative one is cut off.
        let magnitude = whole + u128::from(fraction && !product.negative);
        match (product.negative, i64::try_from(magnitude)) {
            (false, Ok(positive)) => positive,
            (true, Ok(positive)) => -positive,
            _ => i64::MIN,
        }
    }
}

/// Reads a number as Redis's `string2ld` does. All of `text` must be one number as C's `strtold`
/// reads it (decimal, `0x` hexadecimal, `inf` or `infinity`, any case, with an optional sign),
/// with no leading space, shorter than 5 kB, and neither NaN nor out of range: a number that
/// overflows, or that is not zero but rounds to zero, is refused. `None` is Redis's "value is not
/// a valid float".
pub(crate) fn parse(text: &[u8]) -> Option<Number> {
    if text.is_empty() || text.len() >= MAX_LONG_DOUBLE_CHARS {
        return None;
    }
    let (negative, unsigned) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, text),
    };
    if unsigned.eq_ignore_ascii_case(b"inf") || unsigned.eq_ignore_ascii_case(b"infinity") {
        return Some(Number::Infinite);
    }
    let exact = match unsigned {
        [b'0', b'x' | b'X', hex @ ..] => Digits::read(hex, 16)?,
        _ => Digits::read(unsigned, 10)?,
    };
    if exact.value.is_zero() {
        // An exact zero is fine, however large its exponent ("0e99999").
        return Some(Number::Finite(LongDouble {
            negative,
            ..LongDouble::ZERO
        }));
    }
    match exact.round(negative) {
        Number::Finite(value) if value.mantissa == 0 => None,
        Number::Finite(value) => Some(Number::Finite(value)),
        Number::Infinite => None,
    }
}

/// The number a text spells, exactly: `value × 10^exponent` (decimal) or `value × 2^exponent`
/// (hexadecimal).
struct Digits {
    value: Big,
    /// How many digits `value` has, leading zeros left out.
    significant: i64,
    exponent: i64,
    radix: u32,
}

impl Digits {
    /// Reads digits with an optional point (at least one digit in all), then an optional
    /// exponent: `e` and a power of ten for decimals (`1.5e-3`), `p` and a power of two for
    /// hexadecimals (`1.8p3`). Nothing may follow: `1e` or `1.5x` is not a number.
    fn read(text: &[u8], radix: u32) -> Option<Digits> {
        let mut digits = Digits {
            value: Big::default(),
            significant: 0,
            exponent: 0,
            radix,
        };
        let mut any_digit = false;
        let mut point = false;
        let mut rest = text;
        while let Some((&byte, tail)) = rest.split_first() {
            if byte == b'.' && !point {
                point = true;
            } else if let Some(digit) = char::from(byte).to_digit(radix) {
                any_digit = true;
                digits.value.mul_small(u64::from(radix));
                digits.value.add_small(u64::from(digit));
                if !digits.value.is_zero() {
                    digits.significant += 1;
                }
                if point {
                    // Each digit after the point divides by the radix: 10, or 2^4.
                    digits.exponent -= if radix == 16 { 4 } else { 1 };
                }
            } else {
                break;
            }
            rest = tail;
        }
        if !any_digit {
            return None;
        }
        let marker: &[u8] = if radix == 16 { b"pP" } else { b"eE" };
        match rest {
            [] => {}
            [letter, exponent @ ..] if marker.contains(letter) => {
                digits.exponent = digits.exponent.saturating_add(exponent_value(exponent)?);
            }
            _ => return None,
        }
        Some(digits)
    }

    /// Rounds the exact number to a `long double`.
    fn round(self, negative: bool) -> Number {
        if self.radix == 16 {
            let magnitude = self.value.bit_len() as i64 + self.exponent;
            if magnitude > MAX_MAGNITUDE_BITS + 1 {
                return Number::Infinite;
            }
            if magnitude < MIN_EXPONENT - 2 {
                return Number::Finite(LongDouble::ZERO);
            }
            return round(negative, &self.value, self.exponent);
        }
        let magnitude = self.significant + self.exponent;
        if magnitude > *DECIMAL_MAGNITUDES.end() {
            return Number::Infinite;
        }
        if magnitude < *DECIMAL_MAGNITUDES.start() {
            return Number::Finite(LongDouble::ZERO);
        }
        if self.exponent >= 0 {
            let mut value = self.value;
            value.mul_pow10(self.exponent as u64);
            return round(negative, &value, 0);
        }
        // value / 10^k: a quotient of 66 or 67 bits, with one more "sticky" bit below it, set
        // when the division is not exact, is all that rounding to 64 bits needs to know.
        let divisor = Big::pow10(self.exponent.unsigned_abs());
        let scale = divisor.bit_len() as i64 - self.value.bit_len() as i64 + 66;
        let (numerator, denominator) = if scale >= 0 {
            (self.value.shl(scale as u64), divisor)
        } else {
            (self.value, divisor.shl(scale.unsigned_abs()))
        };
        let (quotient, remainder) = numerator.div_rem(&denominator);
        let sticky = u128::from(!remainder.is_zero());
        round(
            negative,
            &Big::from_u128(quotient << 1 | sticky),
            -scale - 1,
        )
    }
}

/// An exponent's optional sign and its digits (at least one), all of `text`. An absurdly large
/// exponent saturates: the number then surely overflows, or vanishes.
fn exponent_value(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = digits.iter().fold(0i64, |value, &digit| {
        (value * 10 + i64::from(digit - b'0')).min(1 << 40)
    });
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Redis 7.0.15 on x86-64 replies to `SET k <start>` then `INCRBYFLOAT k <increment>`
    /// (recorded from a real server).
    const REDIS_SUMS: &[(&str, &str, &str)] = &[
        ("10.5", "0.1", "10.6"),
        ("1.1", "2.2", "3.3"),
        ("3.0e3", "1.1", "3001.10000000000000009"),
        ("5.0e3", "0", "5000"),
        ("0.000003814697265625", "0", "0.00000381469726562"),
        ("0.000000000000000005", "0", "0"),
        ("-0.000000000000000005", "0", "0"),
        ("0x1p-3", "0", "0.125"),
        ("0.125", "0x10", "16.125"),
        ("+0x786d9edd0adp6", "1.1", "529648848218945.100006103515625"),
        ("34.910963147553689406", "0xbA44.fffp-3", "5995.53593262997556446"),
        ("+1152854717.3292", "5e-7", "1152854717.32920050004031509"),
        ("8.24418387758851167745888233e00", "0.000000000000000000089799", "8.24418387758851168"),
        ("-0.047223274557156163", "86e-4950", "-0.04722327455715616"),
        ("7e-1", "78152.47419858005666748277", "78153.17419858005666811"),
        ("33.438509711724559", "-9.999999999999999999", "23.438509711724559"),
        ("1e-4592", "-501402163356.77010277190", "-501402163356.77010276913642883"),
        ("14661640834160.91088972139331485953", "-0.1e35", "-10000000000000000000124914828836864"),
        ("1.7976931348623157e308", "1.7976931348623157e308", "359538626972463139991842093548208868096772893888658356970628841530353257046248792709403737216774171128857586838851041378617416726902272110715794556052955234146997955372576789671236326588091188869859074894581254961338834769297758245552436667197907705664206565009503223382416235440319971852753604933726679072768"),
    ];

    fn incrbyfloat(start: &str, increment: &str) -> Option<String> {
        let (Some(Number::Finite(a)), Some(Number::Finite(b))) =
            (parse(start.as_bytes()), parse(increment.as_bytes()))
        else {
            return None;
        };
        match a.add(b) {
            Number::Finite(sum) => Some(sum.to_human_string()),
            Number::Infinite => None,
        }
    }

    #[test]
    fn sums_print_as_redis_prints_them() {
        for (start, increment, expected) in REDIS_SUMS {
            assert_eq!(
                incrbyfloat(start, increment).as_deref(),
                Some(*expected),
                "{start} + {increment}"
            );
        }
    }

    #[test]
    fn text_strtold_does_not_read_whole_is_refused() {
        for text in [
            "", " 1", "1 ", "1e", "1e+", ".", "+", "-", "0x", "0x.p1", "1.5x", "nan", "NaN(1)",
            "1e5000", "1e-5000", "infinit", "1_0", "--1", "0x1p",
        ] {
            assert_eq!(parse(text.as_bytes()), None, "{text:?}");
        }
        for text in ["inf", "-INF", "Infinity", "+infinity"] {
            assert_eq!(parse(text.as_bytes()), Some(Number::Infinite), "{text:?}");
        }
        assert_eq!(parse(&[b'1'; MAX_LONG_DOUBLE_CHARS]), None, "5 kB or more");
    }

    #[test]
    fn zero_with_any_exponent_is_zero() {
        for text in ["0e99999999999999", "-0", "0x0p99999", ".0", "0."] {
            let Some(Number::Finite(value)) = parse(text.as_bytes()) else {
                panic!("{text:?} is a zero");
            };
            assert_eq!(value.to_human_string(), "0", "{text:?}");
        }
    }

    #[test]
    fn the_extremes_of_the_range() {
        let largest = LongDouble {
            negative: false,
            mantissa: u64::MAX,
            exponent: MAX_MAGNITUDE_BITS - 64,
        };
        assert_eq!(largest.add(largest), Number::Infinite);
        let printed = largest.to_human_string();
        assert!(printed.starts_with("11897314953572317650") && printed.len() == 4933);
        assert_eq!(parse(printed.as_bytes()), Some(Number::Finite(largest)));
        let smallest = LongDouble {
            negative: false,
            mantissa: 1,
            exponent: MIN_EXPONENT,
        };
        assert_eq!(parse(b"0x1p-16445"), Some(Number::Finite(smallest)));
        assert_eq!(parse(b"0x1p-16447"), None, "rounds to zero");
    }
}

#[cfg(test)]
mod timeout_tests {
    use super::parse;

    #[test]
    fn seconds_become_milliseconds_rounded_up_as_redis_does() {
        let millis = |text: &str| parse(text.as_bytes()).map(|n| n.times_1000_ceiling());
        assert_eq!(millis("0.001"), Some(1));
        assert_eq!(millis("1"), Some(1000));
        assert_eq!(millis("1.5"), Some(1500));
        assert_eq!(
            millis("0.0001"),
            Some(1),
            "rounded up: not 0, which waits for ever"
        );
        assert_eq!(millis("-0.5"), Some(-500));
        assert_eq!(
            millis("-0.0001"),
            Some(0),
            "rounded up to 0: waits for ever"
        );
        assert_eq!(millis("inf"), Some(i64::MIN));
        assert_eq!(millis("1e16"), Some(i64::MIN));
        assert_eq!(millis("0x10"), Some(16000));
    }
}
