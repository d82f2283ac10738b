//! `INCR`, `DECR`, `INCRBY`, `DECRBY`: integer arithmetic on string values.
//!
//! Redis has no integer type: `"41"` is a string that happens to parse as a strict `i64`. So
//! `INCR` reads the string, parses it, adds, and writes the new number back as a string. Three
//! traps, all as in Redis:
//! - `" 7"` or `"7.0"` is not an integer: `-ERR value is not an integer or out of range`.
//! - `9223372036854775807 + 1` does not wrap: `-ERR increment or decrement would overflow`.
//! - The key keeps its TTL: a counter with a one-minute window stays a one-minute window.
//!
//! How real Redis does it: `incrDecrCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};
use store::Value;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The counter is read, returned and updated, by each of the four.
const COUNTER_KEY: &[KeySpec] = &[KeySpec::one(
    KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::UPDATE),
)];

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "incr",
        arity: 2,
        flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: COUNTER_KEY,
        subcommands: &[],
        parse: |args| IncrBy::parse("incr", args).map(Command::IncrBy),
    },
    CommandSpec {
        name: "decr",
        arity: 2,
        flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: COUNTER_KEY,
        subcommands: &[],
        parse: |args| IncrBy::parse("decr", args).map(Command::IncrBy),
    },
    CommandSpec {
        name: "incrby",
        arity: 3,
        flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: COUNTER_KEY,
        subcommands: &[],
        parse: |args| IncrBy::parse("incrby", args).map(Command::IncrBy),
    },
    CommandSpec {
        name: "decrby",
        arity: 3,
        flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: COUNTER_KEY,
        subcommands: &[],
        parse: |args| IncrBy::parse("decrby", args).map(Command::IncrBy),
    },
];

/// `INCR key` (delta 1), `DECR key` (-1), `INCRBY key n` (n), `DECRBY key n` (-n).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncrBy {
    /// The counter's key.
    pub key: Bytes,
    /// What to add (negative to subtract).
    pub delta: i64,
}

impl IncrBy {
    /// Parses the arguments after the name; `name` (lower case) says which of the four it is.
    pub fn parse(name: &str, args: &mut Args) -> Result<IncrBy, CommandError> {
        // @step 3: IncrBy::parse — the key, then the delta the command name implies
        // 1. The key is the first argument.
        // 2. "incr" adds 1, "decr" adds -1, "incrby" adds `args.next_integer()?`.
        // 3. "decrby" adds the negated integer, but `-i64::MIN` does not exist: `checked_neg`,
        //    and `CommandError::DecrementOverflow` if it fails.
        todo!("step 3: IncrBy::parse — the key, then the delta the command name implies")
    }

    /// Adds the delta and replies the new value.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        // @step 3: IncrBy::apply — read, add without overflow, write back keeping the TTL
        // 1. A missing key counts as 0. Otherwise the value must be a string
        //    (`as_string()?`) that `string_to_i64` accepts, else `CommandError::NotAnInteger`.
        // 2. `checked_add` the delta; on overflow, `CommandError::Overflow`.
        // 3. Write the new number back as a string with `keyspace.set_keep_ttl` (INCR keeps the
        //    TTL) and reply it as `Frame::Integer`.
        todo!("step 3: IncrBy::apply — read, add without overflow, write back keeping the TTL")
    }
}
