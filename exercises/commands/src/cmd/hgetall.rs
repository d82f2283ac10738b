//! `HGETALL key`, `HKEYS key`, `HVALS key`: a whole hash, its fields, or its values.
//!
//! The order is the hash's own, which Redis does not define either: clients that care sort, or
//! build a dictionary. Under RESP2, `HGETALL` is one flat array, field, value, field, value...;
//! under RESP3 it is a map. A missing key is an empty hash.
//!
//! How real Redis does it: `genericHgetallCommand` in `src/t_hash.c`.

use bytes::Bytes;
use resp::Frame;
use store::Hash;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The hash is read and returned.
const READ: &[KeySpec] = &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))];

/// The three read the whole hash, in an order that is the hash's own.
const fn whole_hash(
    name: &'static str,
    parse: fn(&mut Args) -> Result<Command, CommandError>,
) -> CommandSpec {
    CommandSpec {
        name,
        arity: 2,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &["nondeterministic_output_order"],
        key_specs: READ,
        subcommands: &[],
        parse,
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    whole_hash("hgetall", |args| HGetAll::parse(args).map(Command::HGetAll)),
    whole_hash("hkeys", |args| HKeys::parse(args).map(Command::HKeys)),
    whole_hash("hvals", |args| HVals::parse(args).map(Command::HVals)),
];

/// Replies `reply(hash)` for the hash at `key`; a missing key replies `empty`, as an empty hash
/// would.
fn with_hash(
    ctx: &mut Context<'_>,
    key: &[u8],
    empty: Frame,
    reply: impl FnOnce(&Hash) -> Frame,
) -> Result<Frame, CommandError> {
    ctx.count_read(key);
    match ctx.keyspace().get(key) {
        Some(value) => Ok(reply(value.as_hash()?)),
        None => Ok(empty),
    }
}

/// `HGETALL key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HGetAll {
    /// The hash's key.
    pub key: Bytes,
}

impl HGetAll {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HGetAll, CommandError> {
        Ok(HGetAll {
            key: args.next_bytes()?,
        })
    }

    /// Replies every field and its value, as a map: RESP3 sends `%`, RESP2 gets it flat,
    /// field, value, field, value...
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        with_hash(ctx, &self.key, Frame::Map(Vec::new()), |hash| {
            Frame::Map(fields_and_values(hash))
        })
    }
}

/// Each field with its value, as the pairs of a `Frame::Map`.
pub fn fields_and_values(hash: &Hash) -> Vec<(Frame, Frame)> {
    // @step 8: fields_and_values — every field paired with its value, for HGETALL's map
    // 1. `hash.iter()` yields `(&field, &value)` pairs, in the hash's own order (Redis does not
    //    define one either).
    // 2. Make each a pair of `Frame::Bulk`s. The field is `Bytes`: `field.clone()` copies no
    //    bytes, it counts one more reference. The value is a `Box<[u8]>`, which a frame cannot
    //    share: `Bytes::copy_from_slice(value)` copies it, as Redis copies into its output buffer.
    todo!("step 8: fields_and_values — every field paired with its value, for HGETALL's map")
}

/// `HKEYS key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HKeys {
    /// The hash's key.
    pub key: Bytes,
}

impl HKeys {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HKeys, CommandError> {
        Ok(HKeys {
            key: args.next_bytes()?,
        })
    }

    /// Replies every field.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        with_hash(ctx, &self.key, Frame::Array(Vec::new()), |hash| {
            Frame::bulk_array(hash.keys())
        })
    }
}

/// `HVALS key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HVals {
    /// The hash's key.
    pub key: Bytes,
}

impl HVals {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HVals, CommandError> {
        Ok(HVals {
            key: args.next_bytes()?,
        })
    }

    /// Replies every value.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        // Written at once: no copy of each value into a `Bytes` of its own (`resp/src/raw.rs`).
        with_hash(ctx, &self.key, Frame::Array(Vec::new()), |hash| {
            Frame::bulk_array(hash.values())
        })
    }
}
