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
