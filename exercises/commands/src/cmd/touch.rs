//! `TOUCH key [key ...]`: how many of the keys exist.
//!
//! Touching a key marks it as just used, for the eviction policies (LRU, LFU). We do not evict,
//! so only the count remains; like `GET`, each key counts as a hit or a miss in `INFO`.
//!
//! How real Redis does it: `touchCommand` in `src/expire.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "touch",
    arity: -2,
    flags: Flags::READONLY.union(Flags::FAST),
    keys: KeyRange::ALL,
    acl_categories: AclCategories::KEYSPACE,
    tips: &["request_policy:multi_shard", "response_policy:agg_sum"],
    key_specs: &[KeySpec::all(KeyFlags::RO)],
    subcommands: &[],
    parse: |args| Touch::parse(args).map(Command::Touch),
}];

/// `TOUCH key [key ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    /// The keys, duplicates included (each counts).
    pub keys: Vec<Bytes>,
}

impl Touch {
    /// Parses the keys.
    pub fn parse(args: &mut Args) -> Result<Touch, CommandError> {
        Ok(Touch {
            keys: args.take_rest(),
        })
    }

    /// Replies how many of the keys exist.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let mut existing = 0;
        for key in &self.keys {
            ctx.count_read(key);
            if ctx.keyspace().exists(key) {
                existing += 1;
            }
        }
        Ok(Frame::Integer(existing))
    }
}
