//! `EXPIRETIME key` and `PEXPIRETIME key`: the Unix time at which a key dies.
//!
//! The absolute counterpart of `TTL`/`PTTL`, with the same two special answers: -2 the key does
//! not exist, -1 it has no TTL. `EXPIRETIME` rounds the milliseconds to the nearest second, as
//! `TTL` does.
//!
//! How real Redis does it: `expiretimeCommand` and `pexpiretimeCommand` call `ttlGenericCommand`
//! in `src/expire.c`.

use bytes::Bytes;
use resp::Frame;

use crate::clock::unix_ms_of;
use crate::cmd::TtlUnit;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The key is only read, and its deadline returned.
const EXPIRETIME_KEY: &[KeySpec] = &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))];

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "expiretime",
        arity: 2,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: EXPIRETIME_KEY,
        subcommands: &[],
        parse: |args| ExpireTime::parse(TtlUnit::Seconds, args).map(Command::ExpireTime),
    },
    CommandSpec {
        name: "pexpiretime",
        arity: 2,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: EXPIRETIME_KEY,
        subcommands: &[],
        parse: |args| ExpireTime::parse(TtlUnit::Milliseconds, args).map(Command::ExpireTime),
    },
];

/// A parsed `EXPIRETIME` or `PEXPIRETIME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpireTime {
    /// The key.
    pub key: Bytes,
    /// Seconds or milliseconds.
    pub unit: TtlUnit,
}

impl ExpireTime {
    /// Parses the key; the unit comes from the command's name.
    pub fn parse(unit: TtlUnit, args: &mut Args) -> Result<ExpireTime, CommandError> {
        Ok(ExpireTime {
            key: args.next_bytes()?,
            unit,
        })
    }

    /// Replies -2, -1, or the Unix time of the deadline.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let keyspace = ctx.keyspace();
        if !keyspace.exists(&self.key) {
            return Ok(Frame::Integer(-2));
        }
        let Some(deadline) = keyspace.expires_at(&self.key) else {
            return Ok(Frame::Integer(-1));
        };
        let unix_ms = unix_ms_of(deadline).max(0);
        Ok(Frame::Integer(match self.unit {
            TtlUnit::Milliseconds => unix_ms,
            TtlUnit::Seconds => (unix_ms + 500) / 1000,
        }))
    }
}
