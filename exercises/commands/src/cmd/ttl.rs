//! `TTL key` and `PTTL key`: how long a key has left.
//!
//! Three kinds of answer, told apart by sign: `-2` the key does not exist, `-1` it exists but has
//! no TTL, otherwise the time left. `TTL` rounds to the *nearest* second (Redis adds 500 ms
//! before dividing), so a key with 1.6 s left says 2.
//!
//! How real Redis does it: `ttlGenericCommand` in `src/expire.c`.

use bytes::Bytes;
use resp::Frame;

use crate::clock::remaining_ms;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The key is only read, and what is read (its TTL) is returned.
const TTL_KEY: &[KeySpec] = &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))];

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "ttl",
        arity: 2,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &["nondeterministic_output"],
        key_specs: TTL_KEY,
        subcommands: &[],
        parse: |args| Ttl::parse("ttl", args).map(Command::Ttl),
    },
    CommandSpec {
        name: "pttl",
        arity: 2,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &["nondeterministic_output"],
        key_specs: TTL_KEY,
        subcommands: &[],
        parse: |args| Ttl::parse("pttl", args).map(Command::Ttl),
    },
];

/// Which unit to reply in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtlUnit {
    /// `TTL`.
    Seconds,
    /// `PTTL`.
    Milliseconds,
}

/// A parsed `TTL` or `PTTL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ttl {
    /// The key.
    pub key: Bytes,
    /// Seconds or milliseconds.
    pub unit: TtlUnit,
}

impl Ttl {
    /// Parses the arguments after the name; `name` is "ttl" or "pttl".
    pub fn parse(name: &str, args: &mut Args) -> Result<Ttl, CommandError> {
        // @step 4: Ttl::parse — the key; the name gives the unit
        todo!("step 4: Ttl::parse — the key; the name gives the unit")
    }

    /// Replies the time left.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key); // A hit or a miss, as Redis counts `TTL`.
        let keyspace = ctx.keyspace();
        // @step 4: Ttl::apply — -2, -1, or the time left in the right unit
        // 1. Missing key (`keyspace.exists`): -2. No deadline (`expires_at` is None): -1.
        // 2. `remaining_ms(deadline)` is the time left in whole milliseconds, rounded up.
        // 3. PTTL replies that; TTL replies `(ms + 500) / 1000`.
        todo!("step 4: Ttl::apply — -2, -1, or the time left in the right unit")
    }
}
