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
    while let (Some(&p), Some(&s)) = (pattern.first(), string.first()) {
        match p {
            b'*' => {
                // Consecutive stars match what one star matches.
                while pattern.get(1) == Some(&b'*') {
                    pattern = &pattern[1..];
                }
                if pattern.len() == 1 {
                    return true;
                }
                while !string.is_empty() {
                    if match_from(
                        &pattern[1..],
                        string,
                        nocase,
                        skip_longer_matches,
                        nesting + 1,
                    ) {
                        return true;
                    }
                    if *skip_longer_matches {
                        return false;
                    }
                    string = &string[1..];
                }
                // The rest of the pattern matches nowhere in the rest of the string, so the stars
                // before this one cannot help by matching more: stop them trying.
                *skip_longer_matches = true;
                return false;
            }
            b'?' => {
                pattern = &pattern[1..];
                string = &string[1..];
            }
            b'[' => {
                let (matched, rest) = match_set(&pattern[1..], s, nocase);
                if !matched {
                    return false;
                }
                pattern = rest;
                string = &string[1..];
            }
            _ => {
                // `\x` matches `x`; a `\` at the very end matches itself.
                if p == b'\\' && pattern.len() >= 2 {
                    pattern = &pattern[1..];
                }
                if !same_byte(pattern[0], s, nocase) {
                    return false;
                }
                pattern = &pattern[1..];
                string = &string[1..];
            }
        }
        if string.is_empty() {
            // Trailing stars match the empty rest.
            while pattern.first() == Some(&b'*') {
                pattern = &pattern[1..];
            }
            break;
        }
    }
    pattern.is_empty() && string.is_empty()
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

#[cfg(test)]
mod tests {
    use super::string_match;

    /// `(pattern, string, matches)`, case-sensitive.
    fn check(cases: &[(&str, &str, bool)]) {
        for &(pattern, string, expected) in cases {
            assert_eq!(
                string_match(pattern.as_bytes(), string.as_bytes(), false),
                expected,
                "pattern {pattern:?} against {string:?}"
            );
        }
    }

    #[test]
    fn star_and_question_mark() {
        check(&[
            // Redis's loop never starts on an empty string, so not even `*` matches it (KEYS
            // takes a shortcut for a lone `*`; callers that need "" to match must do the same).
            ("*", "", false),
            ("*", "anything", true),
            ("h*llo", "hllo", true),
            ("h*llo", "heeeello", true),
            ("h?llo", "hello", true),
            ("h?llo", "hllo", false),
            ("**a**", "bab", true),
            ("a*", "", false),
            ("", "", true),
            ("", "a", false),
            ("a", "", false),
            ("*a", "ba", true),
            ("*a", "ab", false),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "aXbY", false),
        ]);
    }

    #[test]
    fn sets_ranges_and_negation() {
        check(&[
            ("h[ae]llo", "hello", true),
            ("h[ae]llo", "hallo", true),
            ("h[ae]llo", "hillo", false),
            ("h[^e]llo", "hallo", true),
            ("h[^e]llo", "hello", false),
            ("h[a-b]llo", "hbllo", true),
            ("h[a-b]llo", "hcllo", false),
            ("h[b-a]llo", "hbllo", true),
            ("[\\]]", "]", true),
            ("[\\-]", "-", true),
            // `a-]` is a range from `]` to `a`, and the set is left unclosed.
            ("[a-]", "-", false),
            ("[a-]", "a", true),
            ("[a-]", "^", true),
            ("[]", "]", false),
            ("[]a]", "a", false),
            ("[a-c-e]", "-", true),
            ("[a-c-e]", "d", false),
        ]);
    }

    #[test]
    fn escapes_match_the_next_byte_itself() {
        check(&[
            ("h\\*llo", "h*llo", true),
            ("h\\*llo", "hello", false),
            ("h\\?llo", "h?llo", true),
            ("\\[a]", "[a]", true),
            ("a\\", "a\\", true),
        ]);
    }

    #[test]
    fn a_set_that_is_never_closed_ends_with_the_pattern() {
        // Each case checked against KEYS on Redis 7.0.15.
        check(&[
            ("[abc", "a", true),
            ("[abc", "d", false),
            ("x[abc", "xb", true),
            ("[^abc", "d", true),
            ("[", "a", false),
            ("[\\", "\\", true),
        ]);
    }

    #[test]
    fn nocase_folds_ascii_letters_in_literals_sets_and_ranges() {
        assert!(string_match(b"MAX*", b"maxmemory", true));
        assert!(!string_match(b"MAX*", b"maxmemory", false));
        assert!(string_match(b"[M]axmemory", b"maxmemory", true));
        assert!(string_match(b"[A-Z]axmemory", b"maxmemory", true));
        assert!(!string_match(b"[A-Z]axmemory", b"maxmemory", false));
    }

    #[test]
    fn bytes_from_0x80_sort_below_ascii_in_a_range_as_signed_c_chars_do() {
        // Redis compares `char`s, signed on x86 and ARM Linux: 0xff is -1, inside [0x80-a].
        assert!(string_match(b"[\x80-a]", b"\xff", false));
        assert!(string_match(b"[\x80-a]", b"A", false));
        assert!(!string_match(b"[\x80-a]", b"b", false));
    }

    #[test]
    fn abusive_patterns_finish_quickly() {
        // Redis's own regression tests for exponential backtracking and deep nesting.
        let key = "a".repeat(50);
        let pattern = "a*".repeat(20) + "b";
        assert!(!string_match(pattern.as_bytes(), key.as_bytes(), false));
        let key = "a".repeat(50_000);
        let pattern = "*?".repeat(50_000);
        assert!(!string_match(pattern.as_bytes(), key.as_bytes(), false));
    }
}
