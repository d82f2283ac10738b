//! `EXISTS key [key ...]`: how many of the keys exist. A key named twice counts twice.
//!
//! How real Redis does it: `existsCommand` in `src/db.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "exists",
        arity: -2,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ALL,
        acl_categories: AclCategories::KEYSPACE,
        tips: &["request_policy:multi_shard", "response_policy:agg_sum"],
        key_specs: &[KeySpec::all(KeyFlags::RO)],
        subcommands: &[],
        parse: |args| Exists::parse(args).map(Command::Exists),
    },
];

/// `EXISTS key [key ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exists {
    /// The keys to look for, in order (duplicates allowed).
    pub keys: Vec<Bytes>,
}

impl Exists {
    /// Parses the arguments after the name: all of them are keys.
    pub fn parse(args: &mut Args) -> Result<Exists, CommandError> {
        // @step 3: Exists::parse — every argument is a key
        Ok(Exists {
            keys: args.take_rest(),
        })
    }

    /// Counts the keys that exist.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        for key in &self.keys {
            ctx.count_read(key); // A hit or a miss, as Redis counts `EXISTS`.
        }
        let keyspace = ctx.keyspace();
        // @step 3: Exists::apply — count the keys that exist, duplicates included
        // 1. `keyspace.exists(key)` for each key; `EXISTS k k` is 2 if k exists.
        let found = self.keys.iter().filter(|key| keyspace.exists(key)).count();
        Ok(Frame::Integer(found as i64))
    }
}
