//! How Redis's C reads a configuration value: the few libc and util.c parsers `CONFIG SET` uses.
//!
//! They are not the strict `string2ll` that commands use, and the difference shows in what is
//! accepted: `CONFIG SET maxmemory ""` is 0, `save "\t60 1"` is valid because `strtoll` skips
//! leading spaces, and `maxmemory 20000000000gb` silently wraps around 2^64. Since Redis is the
//! oracle, these are ported as they are, quirks included; each says which C function it copies.
//!
//! C strings end at the first NUL byte, so most of these only look at the bytes before it
//! ([`c_str`]); the few places where Redis uses the full length say so.
//!
//! How real Redis does it: `memtoull` and `string2d` in `src/util.c`, `sdssplitlen` in
//! `src/sds.c`, and libc's `strtoll`.

/// The bytes a C function sees: everything before the first NUL.
pub(crate) fn c_str(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&byte| byte == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    }
}

/// `sdssplitlen(value, len, " ", 1)`: split on every single space. An empty value has no parts,
/// and two spaces in a row make an empty part (which most multi-value settings then reject).
pub(crate) fn split_spaces(value: &[u8]) -> Vec<&[u8]> {
    if value.is_empty() {
        return Vec::new();
    }
    value.split(|&byte| byte == b' ').collect()
}

/// C's `strtoll(s, &end, base)` for base 8 or 10: leading white space, an optional sign, then
/// digits. Returns the value (clamped to the `i64` range on overflow, as C does), whether it
/// overflowed (C's `ERANGE`), and whether the whole string was consumed (`*end == '\0'`). With no
/// digits at all, C leaves `end` at the start, so only an empty string counts as consumed.
pub(crate) fn strtoll(s: &[u8], base: u32) -> Parsed {
    let s = c_str(s);
    let mut rest = s;
    while let [first, tail @ ..] = rest {
        if !matches!(first, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
            break;
        }
        rest = tail;
    }
    let negative = match rest.first() {
        Some(b'-') => {
            rest = &rest[1..];
            true
        }
        Some(b'+') => {
            rest = &rest[1..];
            false
        }
        _ => false,
    };
    let digits = rest
        .iter()
        .take_while(|&&byte| char::from(byte).is_digit(base))
        .count();
    if digits == 0 {
        return Parsed {
            value: 0,
            overflow: false,
            consumed_all: s.is_empty(),
        };
    }
    // Accumulate in i128: 19 digits of i64 plus one more cannot overflow it, and past that we
    // only need to know it overflowed.
    let mut magnitude: i128 = 0;
    let mut overflow = false;
    for &byte in &rest[..digits] {
        let digit = char::from(byte).to_digit(base).unwrap_or(0);
        magnitude = magnitude * i128::from(base) + i128::from(digit);
        if magnitude > i128::from(i64::MAX) + 1 {
            overflow = true;
            magnitude = i128::from(i64::MAX) + 1;
        }
    }
    let signed = if negative { -magnitude } else { magnitude };
    let value = if signed > i128::from(i64::MAX) {
        overflow = true;
        i64::MAX
    } else {
        // In range: at most i64::MAX, at least -(i64::MAX + 1).
        i64::try_from(signed).unwrap_or(i64::MIN)
    };
    Parsed {
        value,
        overflow,
        consumed_all: digits == rest.len(),
    }
}

/// What [`strtoll`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// The number, clamped to `i64` as C does on overflow.
    pub value: i64,
    /// The digits did not fit (C's `errno == ERANGE`).
    pub overflow: bool,
    /// Nothing followed the number (C's `*end == '\0'`).
    pub consumed_all: bool,
}

impl Parsed {
    /// The number, if nothing followed it: the `strtoll(...); if (*end != '\0') error` idiom.
    pub fn whole(self) -> Option<i64> {
        self.consumed_all.then_some(self.value)
    }
}

/// Redis's `memtoull`: a byte count with an optional unit, `b`, `k` (1000), `kb` (1024), `m`,
/// `mb`, `g` or `gb`, in any case. No sign, no fraction, no space. Quirks kept: `""` and `"kb"`
/// are 0, and a count too large for 64 bits, or one that a unit pushes past them, wraps around
/// (`strtoull` saturates and the multiplication is unsigned). `None` is Redis's `err = 1`.
pub(crate) fn memtoull(s: &[u8]) -> Option<u64> {
    let s = c_str(s);
    if s.first() == Some(&b'-') {
        return None;
    }
    let digits = s.iter().take_while(|byte| byte.is_ascii_digit()).count();
    let unit = &s[digits..];
    let multiplier: u64 = if unit.is_empty() || unit.eq_ignore_ascii_case(b"b") {
        1
    } else if unit.eq_ignore_ascii_case(b"k") {
        1000
    } else if unit.eq_ignore_ascii_case(b"kb") {
        1024
    } else if unit.eq_ignore_ascii_case(b"m") {
        1000 * 1000
    } else if unit.eq_ignore_ascii_case(b"mb") {
        1024 * 1024
    } else if unit.eq_ignore_ascii_case(b"g") {
        1000 * 1000 * 1000
    } else if unit.eq_ignore_ascii_case(b"gb") {
        1024 * 1024 * 1024
    } else {
        return None;
    };
    // Redis copies the digits into a 128-byte buffer first, and refuses more than fit.
    if digits >= 128 {
        return None;
    }
    // `strtoull` of nothing but digits: saturates on overflow, and "" is 0.
    let count = s[..digits].iter().fold(0u64, |count, &digit| {
        count
            .checked_mul(10)
            .and_then(|count| count.checked_add(u64::from(digit - b'0')))
            .unwrap_or(u64::MAX)
    });
    Some(count.wrapping_mul(multiplier))
}

/// Redis's `string2d`: the whole of `s` must be one C `strtod` number, with no leading space, not
/// NaN, and not so large or so small that `strtod` reports a range error (the infinities spelled
/// out, `inf`, are accepted). C's hexadecimal floats (`0x1p3`) are the one spelling we do not
/// read.
pub(crate) fn string2d(s: &[u8]) -> Option<f64> {
    let first = *s.first()?;
    if first.is_ascii_whitespace() || first == b'\x0b' {
        return None;
    }
    let text = std::str::from_utf8(s).ok()?;
    let value: f64 = text.parse().ok()?;
    if value.is_nan() {
        return None;
    }
    let spelled_infinite = text
        .trim_start_matches(['+', '-'])
        .get(..3)
        .is_some_and(|start| start.eq_ignore_ascii_case("inf"));
    // strtod's ERANGE: an overflow to infinity, or an underflow all the way to zero.
    if value.is_infinite() && !spelled_infinite {
        return None;
    }
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    if value == 0.0 && mantissa.bytes().any(|byte| (b'1'..=b'9').contains(&byte)) {
        return None;
    }
    Some(value)
}

/// C's `sprintf("%f")` followed by Redis's `trimDoubleString`: six decimals, then the trailing
/// zeros and a trailing point removed. `99.9` prints as `99.9`, `50` as `50`.
pub(crate) fn format_trimmed_double(value: f64) -> String {
    let mut text = format!("{value:.6}");
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
    text
}
