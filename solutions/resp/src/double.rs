//! A double's digits, exactly as Redis 7.0 writes them.
//!
//! A double crosses the wire as text in both protocols: a bulk string in RESP2, a `,` line in
//! RESP3. The text must be the one Redis writes, or a client comparing replies sees `1.1` where
//! Redis says `1.1000000000000001`. Redis 7.0 uses C's `printf("%.17g")`: 17 significant digits,
//! always enough to read the same double back, then trailing zeros dropped, and an exponent
//! (`1e+17`, `1.0000000000000001e-05`) when the number is very large or very small. Infinities
//! are `inf` and `-inf`.
//!
//! Rust's `{:.16e}` gives the same 17 correctly rounded digits; the rest is `%g`'s layout.
//!
//! How real Redis does it: `addReplyDouble` in `src/networking.c` (Redis 7.2 moved to the
//! shortest form that reads back, `1.1`; 7.0, our oracle, still prints 17 digits).

/// `%.17g`'s significant digits.
const PRECISION: i32 = 17;

/// The text of `value` as Redis 7.0's `addReplyDouble` writes it: `printf("%.17g")`, with `inf`
/// and `-inf` for the infinities (and `nan`, which Redis never stores).
pub(crate) fn format_double(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    // "d.dddddddddddddddde<exponent>": 17 significant digits, correctly rounded.
    let scientific = format!("{:.*e}", (PRECISION - 1) as usize, value.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes a decimal exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    // %g writes exponents from -4 to 16 in fixed notation, the others in scientific.
    if !(-4..PRECISION).contains(&exponent) {
        // Scientific: one digit, the others after the point, then a signed two-digit exponent.
        let fraction = digits[1..].trim_end_matches('0');
        let point = if fraction.is_empty() { "" } else { "." };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{sign}{}{point}{fraction}e{exponent_sign}{:02}",
            &digits[..1],
            exponent.abs()
        )
    } else if exponent < 0 {
        // 0.000ddd: the point, -exponent - 1 zeros, then the digits.
        let zeros = "0".repeat((-exponent - 1) as usize);
        format!("{sign}0.{zeros}{}", digits.trim_end_matches('0'))
    } else {
        // ddd.ddd: exponent + 1 digits before the point.
        let (whole, fraction) = digits.split_at(exponent as usize + 1);
        let fraction = fraction.trim_end_matches('0');
        let point = if fraction.is_empty() { "" } else { "." };
        format!("{sign}{whole}{point}{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::format_double;

    #[test]
    #[allow(clippy::approx_constant)] // 3.141 is what Redis's `DEBUG PROTOCOL double` sends.
    fn doubles_are_written_as_printf_percent_17g() {
        // Each expected text is what Redis 7.0.15 replied (ZSCORE, DEBUG PROTOCOL double), or
        // C's printf("%.17g") where Redis cannot store the value.
        let cases: &[(f64, &str)] = &[
            (1.1, "1.1000000000000001"),
            (3.141, "3.141"),
            (0.1, "0.10000000000000001"),
            (1e-5, "1.0000000000000001e-05"),
            (100.0, "100"),
            (1e16, "10000000000000000"),
            (1e17, "1e+17"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1e300, "1.0000000000000001e+300"),
            (0.0, "0"),
            (-0.0, "-0"),
            (-2.5, "-2.5"),
            (0.0001, "0.0001"),
            (0.00001234, "1.234e-05"),
            (5e-324, "4.9406564584124654e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for &(value, expected) in cases {
            assert_eq!(format_double(value), expected, "%.17g of {value:e}");
        }
    }
}
