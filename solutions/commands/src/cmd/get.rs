//! `GET key`: the value, or null if the key does not exist.
//!
//! How real Redis does it: `getCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "get",
        arity: 2,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| Get::parse(args).map(Command::Get),
    },
];

/// `GET key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Get {
    /// The key to read.
    pub key: Bytes,
}

impl Get {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<Get, CommandError> {
        // @step 3: Get::parse — take the key
        Ok(Get {
            key: args.next_bytes()?,
        })
    }

    /// Reads the key.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let keyspace = ctx.keyspace();
        // @step 3: Get::apply — the value as a bulk string, or null
        // 1. `keyspace.get(&self.key)`: None replies `Frame::Null` (`$-1`).
        // 2. Some(value): `value.as_string()?` is the bytes, or a WRONGTYPE error (the `?`
        //    converts it). Reply them as `Frame::Bulk` (cloning `Bytes` shares, never copies).
        match keyspace.get(&self.key) {
            None => Ok(Frame::Null),
            Some(value) => Ok(Frame::Bulk(value.as_string()?.clone())),
        }
    }
}
