//! `HLEN key`, `HEXISTS key field`, `HSTRLEN key field`: small questions about a hash.
//!
//! A missing key is an empty hash: 0 fields, no such field, a length of 0.
//!
//! How real Redis does it: `hlenCommand`, `hexistsCommand` and `hstrlenCommand` in
//! `src/t_hash.c`.

use bytes::Bytes;
use resp::Frame;
use store::Hash;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The hash is read, but none of it returned.
const READ: &[KeySpec] = &[KeySpec::one(KeyFlags::RO)];

/// A fast read of one hash that replies a number.
const fn count_row(
    name: &'static str,
    arity: i64,
    parse: fn(&mut Args) -> Result<Command, CommandError>,
) -> CommandSpec {
    CommandSpec {
        name,
        arity,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: READ,
        subcommands: &[],
        parse,
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    count_row("hlen", 2, |args| HLen::parse(args).map(Command::HLen)),
    count_row("hstrlen", 3, |args| HStrLen::parse(args).map(Command::HStrLen)),
    count_row("hexists", 3, |args| HExists::parse(args).map(Command::HExists)),
];

/// The number `answer` gives for the hash at `key`, or 0 if the key is missing.
fn count(
    ctx: &mut Context<'_>,
    key: &[u8],
    answer: impl FnOnce(&Hash) -> usize,
) -> Result<Frame, CommandError> {
    ctx.count_read(key);
    match ctx.keyspace().get(key) {
        Some(value) => Ok(Frame::Integer(answer(value.as_hash()?) as i64)),
        None => Ok(Frame::Integer(0)),
    }
}

/// `HLEN key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HLen {
    /// The hash's key.
    pub key: Bytes,
}

impl HLen {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HLen, CommandError> {
        Ok(HLen {
            key: args.next_bytes()?,
        })
    }

    /// Replies the number of fields.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        count(ctx, &self.key, Hash::len)
    }
}

/// `HEXISTS key field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HExists {
    /// The hash's key.
    pub key: Bytes,
    /// The field to look for.
    pub field: Bytes,
}

impl HExists {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HExists, CommandError> {
        Ok(HExists {
            key: args.next_bytes()?,
            field: args.next_bytes()?,
        })
    }

    /// Replies 1 if the field exists, else 0.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        count(ctx, &self.key, |hash| usize::from(hash.contains_key(&self.field)))
    }
}

/// `HSTRLEN key field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HStrLen {
    /// The hash's key.
    pub key: Bytes,
    /// The field whose value to measure.
    pub field: Bytes,
}

impl HStrLen {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HStrLen, CommandError> {
        Ok(HStrLen {
            key: args.next_bytes()?,
            field: args.next_bytes()?,
        })
    }

    /// Replies the length in bytes of the field's value, 0 if it is missing.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        count(ctx, &self.key, |hash| hash.get(&self.field).map_or(0, |value| value.len()))
    }
}
