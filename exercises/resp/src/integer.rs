//! Strict decimal integers, exactly as Redis reads them.
//!
//! Redis accepts `"42"` and `"-7"` as integers but rejects `" 7"`, `"+7"`, `"007"` and `"-0"`:
//! every number has exactly one spelling. This matters twice: for the lengths inside RESP
//! (`$5`, `*3`) and for commands such as `INCR`, which must answer
//! `-ERR value is not an integer or out of range` for a value of `" 7"`.
//!
//! How real Redis does it: `string2ll` in `src/util.c`.

/// Parses `s` as a strict decimal `i64`, or returns `None`.
///
/// Pre-written: it is a faithful port of Redis's `string2ll`; read it, then use it.
pub fn string_to_i64(s: &[u8]) -> Option<i64> {
    // "-9223372036854775808" is the longest integer: 20 bytes.
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    // Zero is the only number allowed to start with the digit 0.
    if s == b"0" {
        return Some(0);
    }
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    // The first digit must be 1-9: no sign but '-', no spaces, no leading zeros.
    if !matches!(digits.first(), Some(b'1'..=b'9')) {
        return None;
    }
    let mut magnitude: u64 = 0;
    for &byte in digits {
        if !byte.is_ascii_digit() {
            return None;
        }
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(u64::from(byte - b'0'))?;
    }
    // The negative side of i64 holds one more value than the positive side.
    if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}
