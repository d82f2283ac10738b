//! Glob-style pattern matching, exactly as Redis does it.
//!
//! `CONFIG GET`, `KEYS`, `SCAN ... MATCH` and `PSUBSCRIBE` all take a glob pattern, and all of
//! them use the same matcher in Redis. Clients rely on its corner cases (`h[^e]llo`, `h\*llo`, a
//! `[` that is never closed), so this is a line-by-line port rather than a call into some glob
//! crate with other rules:
//!
//! - `*` matches any run of bytes, `?` exactly one byte;
//! - `[abc]` one of the listed bytes, `[^abc]` any other byte, `[a-z]` a range (either way
//!   round: `[z-a]` is the same range), `\` inside brackets quotes the next byte;
//! - `\x` outside brackets matches `x` itself;
//! - a `[` that is never closed ends the set at the end of the pattern.
//!
//! Matching is on bytes, not characters: keys are binary.
//!
//! A pattern such as `*a*a*a*...b` could make a naive matcher take exponential time, and each
//! `*` is one level of recursion. Two guards keep it bounded, both from Redis: once a `*` has
//! tried every position, the `*`s before it need not try longer matches (Redis 7.0's
//! `skipLongerMatches`), and no more than 1000 `*`s nest (the CVE-2024-31228 fix, in Redis 7.2.6;
//! 7.0.15 itself recurses without a limit, which a long enough pattern turns into a crash).
//!
//! How real Redis does it: `stringmatchlen` in `src/util.c`.

/// How many nested `*`s may recurse before the match gives up, as Redis 7.2.6 and later do.
const MAX_NESTING: usize = 1000;

/// Whether `string` matches the glob `pattern`; `nocase` folds ASCII letters, as `CONFIG GET`
/// does. Redis's `stringmatchlen`.
pub fn string_match(pattern: &[u8], string: &[u8], nocase: bool) -> bool {
    let mut skip_longer_matches = false;
    match_from(pattern, string, nocase, &mut skip_longer_matches, 0)
}

/// One level of the matcher: `pattern` against `string`, both already advanced past what the
/// outer levels consumed.
fn match_from(
    mut pattern: &[u8],
    mut string: &[u8],
    nocase: bool,
    skip_longer_matches: &mut bool,
    nesting: usize,
) -> bool {
    if nesting > MAX_NESTING {
        return false;
    }
    // @step 6: match_from — match the glob against the bytes: `*`, `?`, `[...]` and `\` escapes
    // 1. Loop while both `pattern` and `string` have a byte left; look at the pattern's first.
    // 2. `?` eats one byte of each. `[`: `match_set(&pattern[1..], s, nocase)` says whether the
    //    byte is in the set and gives the pattern after its `]`; no match is `false`.
    // 3. Any other byte must equal the string's (`same_byte`); a `\` that is not the pattern's
    //    last byte is skipped first, so that the byte after it is compared as it is.
    // 4. `*`: skip repeated stars; a star that ends the pattern matches all the rest. Otherwise
    //    try the rest of the pattern at each position of the string, recursing with
    //    `nesting + 1`; give up early if `*skip_longer_matches` is set, and set it when no
    //    position matched (then the stars before this one cannot help either).
    // 5. When the string runs out, drop trailing `*`s. It matched if both are now empty.
    todo!(
        "step 6: match_from — match the glob against the bytes: `*`, `?`, `[...]` and `\\` escapes"
    )
}

/// A `[...]` set against the byte `s`. `pattern` starts just after the `[`. Returns whether `s`
/// is in the set, and the pattern after the set's `]` (empty for a set that is never closed).
fn match_set(mut pattern: &[u8], s: u8, nocase: bool) -> (bool, &[u8]) {
    let negated = pattern.first() == Some(&b'^');
    if negated {
        pattern = &pattern[1..];
    }
    let mut matched = false;
    loop {
        match pattern {
            [b'\\', quoted, ..] => {
                if *quoted == s {
                    matched = true;
                }
                pattern = &pattern[2..];
            }
            [b']', rest @ ..] => return (matched != negated, rest),
            // Never closed: the set ends with the pattern.
            [] => return (matched != negated, pattern),
            [start, b'-', end, ..] => {
                let (mut start, mut end, mut c) = (c_char(*start), c_char(*end), c_char(s));
                if start > end {
                    std::mem::swap(&mut start, &mut end);
                }
                if nocase {
                    start = c_tolower(start);
                    end = c_tolower(end);
                    c = c_tolower(c);
                }
                if (start..=end).contains(&c) {
                    matched = true;
                }
                pattern = &pattern[3..];
            }
            [literal, ..] => {
                if same_byte(*literal, s, nocase) {
                    matched = true;
                }
                pattern = &pattern[1..];
            }
        }
    }
}

/// Whether two bytes are equal, folding ASCII case when `nocase`.
fn same_byte(a: u8, b: u8, nocase: bool) -> bool {
    if nocase {
        a.eq_ignore_ascii_case(&b)
    } else {
        a == b
    }
}

/// A byte as C's `char` on the platforms Redis runs on: signed, so bytes from 0x80 up are
/// negative and sort before `'a'` in a range such as `[\x80-z]`.
fn c_char(byte: u8) -> i32 {
    i32::from(byte as i8)
}

/// C's `tolower` in the "C" locale: only `A`-`Z` change.
fn c_tolower(c: i32) -> i32 {
    if (i32::from(b'A')..=i32::from(b'Z')).contains(&c) {
        c + 32
    } else {
        c
    }
}
