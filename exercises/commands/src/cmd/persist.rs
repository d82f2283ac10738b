//! `PERSIST key`: remove a key's TTL. Replies 1 if there was one, 0 otherwise.
//!
//! How real Redis does it: `persistCommand` in `src/expire.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "persist",
    arity: 2,
    flags: Flags::WRITE.union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::KEYSPACE,
    tips: &[],
    key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::UPDATE))],
    subcommands: &[],
    parse: |args| Persist::parse(args).map(Command::Persist),
}];

/// `PERSIST key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Persist {
    /// The key.
    pub key: Bytes,
}

impl Persist {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<Persist, CommandError> {
        // @step 4: Persist::parse — the key
        todo!("step 4: Persist::parse — the key")
    }

    /// Removes the TTL.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        // @step 4: Persist::apply — 1 if a TTL was removed, else 0
        todo!("step 4: Persist::apply — 1 if a TTL was removed, else 0")
    }
}
