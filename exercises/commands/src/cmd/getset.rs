//! `GETSET key value`: sets a new value and replies the old one (or null).
//!
//! Deprecated since Redis 6.2 in favour of `SET key value GET`, which it is: the old TTL goes,
//! as with any plain `SET`.
//!
//! How real Redis does it: `getsetCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;
use store::Value;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "getset",
    arity: 3,
    flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(
        KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::UPDATE),
    )],
    subcommands: &[],
    parse: |args| GetSet::parse(args).map(Command::GetSet),
}];

/// `GETSET key value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetSet {
    /// The key.
    pub key: Bytes,
    /// The new value.
    pub value: Bytes,
}

impl GetSet {
    /// Parses the key and the value.
    pub fn parse(args: &mut Args) -> Result<GetSet, CommandError> {
        Ok(GetSet {
            key: args.next_bytes()?,
            value: args.next_bytes()?,
        })
    }

    /// Replies the old value, then writes the new one without a TTL.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let keyspace = ctx.keyspace();
        let old = match keyspace.get(&self.key) {
            Some(value) => Frame::Bulk(value.as_string()?.clone()),
            None => Frame::Null,
        };
        keyspace.set(self.key, Value::String(self.value));
        Ok(old)
    }
}
