//! `SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]`: the database a few keys at a time.
//!
//! `KEYS` answers in one reply and holds the server while it walks every key. `SCAN` looks at
//! about `COUNT` keys (10 by default) and replies the next cursor with the keys it found; the
//! client calls again with that cursor until it gets `0` back. Between calls other clients run,
//! so a database of millions of keys never stalls anybody. The promise, as Redis makes it: a key
//! that exists for the whole iteration is returned at least once; a key added or deleted
//! meanwhile may or may not be; a key may come twice.
//!
//! The keyspace keeps that promise (`Keyspace::scan` in the store); this command reads the
//! options and filters. `MATCH` and `TYPE` filter the keys *visited*, so a call may reply few
//! keys, or none, with a cursor that is not 0: the client must go on until the cursor is 0.
//!
//! The cursor is read as C's `strtoul` reads it: `-1` is 2^64-1 and `""` is 0, but a space or
//! anything beyond 2^64-1 is `invalid cursor`. Our cursor values are not Redis's (they are
//! positions in our table, not in Redis's hash buckets), which is allowed: a cursor means
//! nothing outside the server that issued it.
//!
//! How real Redis does it: `scanCommand`, `parseScanCursorOrReply` and `scanGenericCommand` in
//! `src/db.c`, over `dictScan` in `src/dict.c`.

use bytes::Bytes;
use resp::Frame;
use store::Keyspace;

use crate::glob::string_match;
use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "scan",
    arity: -2,
    flags: Flags::READONLY,
    keys: KeyRange::NONE,
    acl_categories: AclCategories::KEYSPACE,
    tips: &["nondeterministic_output", "request_policy:special"],
    key_specs: &[],
    subcommands: &[],
    parse: |args| Scan::parse(args).map(Command::Scan),
}];

/// How many keys a call looks at when the client does not say (`COUNT`).
pub const DEFAULT_COUNT: usize = 10;

/// A parsed `SCAN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Where to continue: 0 to start.
    pub cursor: u64,
    /// `MATCH`, `COUNT` and `TYPE`.
    pub options: ScanOptions,
}

impl Scan {
    /// Parses the cursor, then the options in any order; the last of each wins.
    pub fn parse(args: &mut Args) -> Result<Scan, CommandError> {
        let cursor = parse_cursor(&args.next_bytes()?).ok_or(CommandError::InvalidCursor)?;
        Ok(Scan {
            cursor,
            options: ScanOptions::parse(args, true)?,
        })
    }

    /// Replies `[next cursor, [keys...]]`.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let (cursor, keys, typed) = scan_keys(
            ctx.keyspace(),
            self.cursor,
            self.options.count,
            self.options.pattern.as_deref(),
            self.options.type_name.as_deref(),
        );
        // Redis reads each key it checks the type of, and counts it as a hit.
        for _ in 0..typed {
            ctx.shared.stats.count_read(true);
        }
        // And it deletes the expired keys it walked past that match the pattern
        // (`expireIfNeeded` in `scanGenericCommand`). With TYPE, its read of the key does it,
        // which also counts a miss and publishes `keymiss`.
        for key in ctx.keyspace().expired_visited(self.cursor, cursor) {
            let pattern = self.options.pattern.as_deref();
            if pattern.is_some_and(|pattern| !string_match(pattern, &key, false)) {
                continue;
            }
            if self.options.type_name.is_some() {
                ctx.count_read(&key);
            } else {
                ctx.keyspace().expire_if_needed(&key);
            }
        }
        Ok(scan_reply(
            cursor,
            keys.into_iter().map(Frame::Bulk).collect(),
        ))
    }
}

/// One step of the iteration: looks at about `count` keys from `cursor`, keeps those that match
/// `pattern` and have the type `type_name`, and returns the cursor to continue from (0 when the
/// walk is over), the keys kept, and how many keys had their type checked.
pub fn scan_keys(
    keyspace: &Keyspace,
    cursor: u64,
    count: usize,
    pattern: Option<&[u8]>,
    type_name: Option<&[u8]>,
) -> (u64, Vec<Bytes>, usize) {
    let mut typed = 0;
    let (next, keys) = keyspace.scan(cursor, count, |key, value| {
        if pattern.is_some_and(|pattern| !string_match(pattern, key, false)) {
            return false;
        }
        let Some(type_name) = type_name else {
            return true;
        };
        typed += 1;
        value.type_name().as_bytes().eq_ignore_ascii_case(type_name)
    });
    (next, keys, typed)
}

/// The options of `SCAN`, `HSCAN` and `SSCAN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOptions {
    /// `MATCH`: only the elements that match this glob (`None`: no pattern, or `*`).
    pub pattern: Option<Bytes>,
    /// `COUNT`: about how many elements to visit.
    pub count: usize,
    /// `TYPE` (`SCAN` only): only the keys whose value has this type (`string`, `list`...; any
    /// case).
    pub type_name: Option<Bytes>,
}

impl ScanOptions {
    /// Parses `[MATCH pattern] [COUNT count]`, and `[TYPE type]` if `with_type` (`SCAN`'s
    /// own), in any order, the last of each winning. An option without its value, `COUNT` below
    /// 1, or anything else is a syntax error.
    pub fn parse(args: &mut Args, with_type: bool) -> Result<ScanOptions, CommandError> {
        let mut options = ScanOptions {
            pattern: None,
            count: DEFAULT_COUNT,
            type_name: None,
        };
        while !args.is_empty() {
            let option = args.next_bytes()?;
            // Each option takes a value: an option that comes last is a syntax error.
            if args.is_empty() {
                return Err(CommandError::Syntax);
            }
            if option.eq_ignore_ascii_case(b"COUNT") {
                let count = args.next_integer()?;
                if count < 1 {
                    return Err(CommandError::Syntax);
                }
                options.count = usize::try_from(count).unwrap_or(usize::MAX);
            } else if option.eq_ignore_ascii_case(b"MATCH") {
                let pattern = args.next_bytes()?;
                // `*` matches everything: the same as no pattern.
                options.pattern = (pattern.as_ref() != b"*").then_some(pattern);
            } else if with_type && option.eq_ignore_ascii_case(b"TYPE") {
                options.type_name = Some(args.next_bytes()?);
            } else {
                return Err(CommandError::Syntax);
            }
        }
        Ok(options)
    }

    /// Whether an element passes `MATCH`.
    pub fn matches(&self, element: &[u8]) -> bool {
        self.pattern
            .as_ref()
            .is_none_or(|pattern| string_match(pattern, element, false))
    }
}

/// A cursor as C's `strtoul(text, &end, 10)` reads it, with Redis's checks: no leading space,
/// nothing after the digits (C stops at a NUL byte, so `1\0x` is 1), at most 2^64-1. A `-`
/// negates modulo 2^64 and the empty text is 0, as in C.
pub fn parse_cursor(text: &[u8]) -> Option<u64> {
    let text = text.split(|&byte| byte == 0).next().unwrap_or_default();
    if text.is_empty() {
        return Some(0);
    }
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = digits.iter().try_fold(0u64, |value, &digit| {
        value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
    })?;
    Some(if negative {
        magnitude.wrapping_neg()
    } else {
        magnitude
    })
}

/// `[cursor, [elements...]]`, the cursor as a bulk string, as every scan replies.
pub fn scan_reply(cursor: u64, elements: Vec<Frame>) -> Frame {
    Frame::Array(vec![
        Frame::Bulk(Bytes::from(cursor.to_string())),
        Frame::Array(elements),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use store::Value;

    #[test]
    fn cursors_read_as_strtoul_reads_them() {
        for (text, cursor) in [
            (&b""[..], Some(0)),
            (b"+1", Some(1)),
            (b"-0", Some(0)),
            (b"007", Some(7)),
            (b"18446744073709551615", Some(u64::MAX)),
            (b"-18446744073709551615", Some(1)),
            (b"1\0junk", Some(1)),
            (b"18446744073709551616", None),
            (b"1 ", None),
            (b" 1", None),
            (b"0x1", None),
            (b"-", None),
        ] {
            assert_eq!(parse_cursor(text), cursor, "{:?}", String::from_utf8_lossy(text));
        }
    }

    /// A deterministic pseudo-random sequence (splitmix64), so that the property test below is
    /// seeded: a failure names its seed, and the same seed fails again.
    struct SplitMix(u64);

    impl SplitMix {
        fn below(&mut self, bound: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % bound as u64) as usize
        }
    }

    /// SCAN's promise as a property: over 100,000 keys that stay and 100,000 that come and go,
    /// with random deletions and insertions between calls (more deletions than insertions, so
    /// that entries from the end of the table keep moving into holes the cursor has passed),
    /// every key that existed for the whole iteration is returned. Two seeds, each with its own
    /// COUNT.
    #[test]
    fn every_key_that_lives_through_a_scan_of_100_000_keys_is_returned() {
        let value = || Value::String(Bytes::from_static(b"v"));
        for (seed, count) in [(1u64, 500usize), (2, 4000)] {
            let mut random = SplitMix(seed);
            let mut keyspace = Keyspace::new();
            let mut coming_and_going = Vec::new();
            for i in 0..100_000 {
                keyspace.set(Bytes::from(format!("stay:{i}")), value());
                let temp = Bytes::from(format!("temp:{i}"));
                keyspace.set(temp.clone(), value());
                coming_and_going.push(temp);
            }
            let (mut cursor, mut seen, mut round) = (0, HashSet::new(), 0);
            loop {
                let (next, keys, _) = scan_keys(&keyspace, cursor, count, Some(b"stay:*"), None);
                assert!(keys.iter().all(|key| key.starts_with(b"stay:")), "MATCH filters");
                seen.extend(keys);
                cursor = next;
                if cursor == 0 {
                    break;
                }
                // Between calls, other clients delete some keys and add fewer others, some of
                // which they delete again later.
                round += 1;
                for _ in 0..random.below(count / 5 + 1) {
                    if coming_and_going.is_empty() {
                        break;
                    }
                    let victim = random.below(coming_and_going.len());
                    let victim = coming_and_going.swap_remove(victim);
                    assert!(keyspace.delete(&victim), "seed {seed}: a live key is deleted");
                }
                for j in 0..random.below(count / 20 + 1) {
                    let new = Bytes::from(format!("new:{round}:{j}"));
                    keyspace.set(new.clone(), value());
                    coming_and_going.push(new);
                }
            }
            let missing = (0..100_000)
                .filter(|i| !seen.contains(format!("stay:{i}").as_bytes()))
                .count();
            assert_eq!(
                missing, 0,
                "seed {seed}, COUNT {count}: keys that existed throughout were never returned"
            );
        }
    }

    #[test]
    fn type_filters_by_the_value_s_type_in_any_case() {
        let mut keyspace = Keyspace::new();
        keyspace.set(Bytes::from_static(b"k"), Value::String(Bytes::new()));
        let scan = |type_name: &[u8]| scan_keys(&keyspace, 0, 10, None, Some(type_name));
        assert_eq!(scan(b"STRING"), (0, vec![Bytes::from_static(b"k")], 1));
        assert_eq!(scan(b"list"), (0, vec![], 1));
    }

    /// Redis 7.0.15, with `DEBUG SET-ACTIVE-EXPIRE 0`: four keys set with `PX 1` and one without;
    /// `SCAN 0 MATCH [ab]*` deletes a and b (DBSIZE 5 → 3, expired_keys 2, no hit or miss), then
    /// `SCAN 0 TYPE string` deletes x and y and counts them as misses, `live` as a hit.
    #[tokio::test(start_paused = true)]
    async fn scan_deletes_the_expired_keys_it_walks_past_that_match_as_redis_does() {
        use crate::{dispatch, Session, Shared};
        use std::sync::atomic::Ordering::Relaxed;

        let (shared, mut session) = (Shared::default(), Session::new());
        let mut run = |line: &str| {
            let parts: Vec<String> = line.split(' ').map(str::to_string).collect();
            dispatch(&shared, &mut session, Frame::command(parts))
        };
        for key in ["a", "b", "x", "y"] {
            run(&format!("SET {key} 1 PX 1"));
        }
        run("SET live 1");
        tokio::time::advance(std::time::Duration::from_millis(5)).await;
        assert_eq!(run("DBSIZE"), Frame::Integer(5), "nothing deleted them yet");

        let reply = run("SCAN 0 MATCH [ab]*");
        assert_eq!(reply, scan_reply(0, vec![]), "expired keys are not returned");
        assert_eq!(run("DBSIZE"), Frame::Integer(3), "the expired a and b are deleted");
        let stats = &shared.stats;
        let counts = || {
            (
                stats.keyspace_hits.load(Relaxed),
                stats.keyspace_misses.load(Relaxed),
            )
        };
        assert_eq!(counts(), (0, 0), "without TYPE, no key is read");

        let reply = run("SCAN 0 TYPE string");
        assert_eq!(reply, scan_reply(0, vec![Frame::Bulk(Bytes::from_static(b"live"))]));
        assert_eq!(run("DBSIZE"), Frame::Integer(1), "x and y are deleted too");
        assert_eq!(counts(), (1, 2), "TYPE reads every key: live is a hit, x and y misses");
        let expired = shared.db.lock()[0].expired_keys();
        assert_eq!(expired, 4, "each deletion counts in expired_keys");
    }
}
