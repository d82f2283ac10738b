//! `GETDEL key`: replies the value and deletes the key (its TTL with it); null if missing.
//!
//! How real Redis does it: `getdelCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "getdel",
    arity: 2,
    flags: Flags::WRITE.union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(
        KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE),
    )],
    subcommands: &[],
    parse: |args| GetDel::parse(args).map(Command::GetDel),
}];

/// `GETDEL key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetDel {
    /// The key.
    pub key: Bytes,
}

impl GetDel {
    /// Parses the key.
    pub fn parse(args: &mut Args) -> Result<GetDel, CommandError> {
        Ok(GetDel {
            key: args.next_bytes()?,
        })
    }

    /// Replies the value and deletes the key.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let keyspace = ctx.keyspace();
        let Some(value) = keyspace.get(&self.key) else {
            return Ok(Frame::Null);
        };
        let value = value.as_string()?.clone();
        keyspace.delete(&self.key);
        Ok(Frame::Bulk(value))
    }
}
