//! `SETNX key value`: `SET key value NX` from before `SET` had options; replies 1 or 0.
//!
//! How real Redis does it: `setnxCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;
use store::Value;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "setnx",
    arity: 3,
    flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(KeyFlags::OW.union(KeyFlags::INSERT))],
    subcommands: &[],
    parse: |args| SetNx::parse(args).map(Command::SetNx),
}];

/// `SETNX key value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetNx {
    /// The key.
    pub key: Bytes,
    /// The value to write if the key does not exist.
    pub value: Bytes,
}

impl SetNx {
    /// Parses the key and the value.
    pub fn parse(args: &mut Args) -> Result<SetNx, CommandError> {
        Ok(SetNx {
            key: args.next_bytes()?,
            value: args.next_bytes()?,
        })
    }

    /// Writes the value unless the key exists; replies whether it did.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        if keyspace.exists(&self.key) {
            return Ok(Frame::Integer(0));
        }
        keyspace.set(self.key, Value::String(self.value));
        Ok(Frame::Integer(1))
    }
}
