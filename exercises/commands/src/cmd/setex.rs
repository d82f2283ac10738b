//! `SETEX key seconds value` and `PSETEX key milliseconds value`: `SET` with a TTL, the old way.
//!
//! The same as `SET key value EX seconds` (or `PX`), with `SET`'s checks of the time: not an
//! integer, zero or less, or so large it overflows, each with Redis's error naming the command.
//! The value replaces any old one and its TTL.
//!
//! How real Redis does it: `setexCommand` and `psetexCommand` in `src/t_string.c` call
//! `setGenericCommand`, which checks the time in `getExpireMillisecondsOrReply`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::clock::unix_time_ms;
use crate::cmd::{Set, SetExpiry};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "setex",
        arity: 4,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::OW.union(KeyFlags::UPDATE))],
        subcommands: &[],
        parse: |args| SetEx::parse("setex", args).map(Command::SetEx),
    },
    CommandSpec {
        name: "psetex",
        arity: 4,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::OW.union(KeyFlags::UPDATE))],
        subcommands: &[],
        parse: |args| SetEx::parse("psetex", args).map(Command::SetEx),
    },
];

/// A parsed `SETEX` or `PSETEX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetEx {
    /// The key.
    pub key: Bytes,
    /// The TTL in milliseconds, positive.
    pub ttl_ms: i64,
    /// The value.
    pub value: Bytes,
}

impl SetEx {
    /// Parses the key, the TTL and the value; `name` is "setex" or "psetex".
    pub fn parse(name: &'static str, args: &mut Args) -> Result<SetEx, CommandError> {
        let key = args.next_bytes()?;
        let ttl = args.next_bytes()?;
        let value = args.next_bytes()?;
        Ok(SetEx {
            key,
            ttl_ms: ttl_millis(name, &ttl, name == "setex")?,
            value,
        })
    }

    /// Writes the value with its TTL, as `SET key value PX ms` does.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let set = Set {
            key: self.key,
            value: self.value,
            condition: None,
            get: false,
            expiry: Some(SetExpiry::InMillis(self.ttl_ms)),
        };
        set.apply(ctx)
    }
}

/// A relative TTL in milliseconds from the text of a number of seconds (or milliseconds), with
/// Redis's checks: an integer, above zero, and not so large that it overflows once converted
/// and added to the current time (`invalid expire time in '<name>' command`).
pub(crate) fn ttl_millis(
    name: &'static str,
    text: &[u8],
    in_seconds: bool,
) -> Result<i64, CommandError> {
    let invalid = CommandError::InvalidExpireTime(name);
    let number = string_to_i64(text).ok_or(CommandError::NotAnInteger)?;
    if number <= 0 || (in_seconds && number > i64::MAX / 1000) {
        return Err(invalid);
    }
    let ms = if in_seconds { number * 1000 } else { number };
    ms.checked_add(unix_time_ms()).ok_or(invalid)?;
    Ok(ms)
}
