//! `HGET key field` and `HMGET key field [field ...]`: reading fields of a hash.
//!
//! A missing key reads as an empty hash: `HGET` replies null, `HMGET` one null per field. A key
//! of another type is WRONGTYPE, for both.
//!
//! How real Redis does it: `hgetCommand` and `hmgetCommand` in `src/t_hash.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "hget",
        arity: 3,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| HGet::parse(args).map(Command::HGet),
    },
    CommandSpec {
        name: "hmget",
        arity: -3,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| HMGet::parse(args).map(Command::HMGet),
    },
];

/// `HGET key field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HGet {
    /// The hash's key.
    pub key: Bytes,
    /// The field to read.
    pub field: Bytes,
}

impl HGet {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HGet, CommandError> {
        Ok(HGet {
            key: args.next_bytes()?,
            field: args.next_bytes()?,
        })
    }

    /// Replies the field's value, or null if the hash or the field is missing.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        // @step 8: HGet::apply — reply the field's value, or null
        // 1. `ctx.keyspace().get(&self.key)` is `None` for a missing key: reply `Frame::Null`,
        //    as for a missing field (Redis treats a missing key as an empty hash).
        // 2. `value.as_hash()?` is the `Hash`, or the WRONGTYPE error if the key holds another
        //    type (`?` turns it into the error reply).
        // 3. `hash.get(&self.field)`: its value as a `Frame::Bulk`, or `Frame::Null`. The hash
        //    stores a `Box<[u8]>`; `Bytes::copy_from_slice(value)` copies it into a reply.
        let Some(value) = ctx.keyspace().get(&self.key) else {
            return Ok(Frame::Null);
        };
        let hash = value.as_hash()?;
        Ok(match hash.get(&self.field) {
            Some(value) => Frame::Bulk(Bytes::copy_from_slice(value)),
            None => Frame::Null,
        })
    }
}

/// `HMGET key field [field ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HMGet {
    /// The hash's key.
    pub key: Bytes,
    /// The fields to read, in order.
    pub fields: Vec<Bytes>,
}

impl HMGet {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HMGet, CommandError> {
        Ok(HMGet {
            key: args.next_bytes()?,
            fields: args.take_rest(),
        })
    }

    /// Replies each field's value, or null, in the order asked.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let hash = match ctx.keyspace().get(&self.key) {
            Some(value) => Some(value.as_hash()?),
            None => None,
        };
        let values = self
            .fields
            .iter()
            .map(|field| match hash.and_then(|hash| hash.get(field)) {
                Some(value) => Frame::Bulk(Bytes::copy_from_slice(value)),
                None => Frame::Null,
            })
            .collect();
        Ok(Frame::Array(values))
    }
}
