//! `DEL key [key ...]`: deletes keys, replies how many existed.
//!
//! How real Redis does it: `delGenericCommand` in `src/db.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "del",
        arity: -2,
        flags: Flags::WRITE,
        keys: KeyRange::ALL,
        acl_categories: AclCategories::KEYSPACE,
        tips: &["request_policy:multi_shard", "response_policy:agg_sum"],
        key_specs: &[KeySpec::all(KeyFlags::RM.union(KeyFlags::DELETE))],
        subcommands: &[],
        parse: |args| Del::parse(args).map(Command::Del),
    },
];

/// `DEL key [key ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Del {
    /// The keys to delete, in order (duplicates allowed).
    pub keys: Vec<Bytes>,
}

impl Del {
    /// Parses the arguments after the name: all of them are keys.
    pub fn parse(args: &mut Args) -> Result<Del, CommandError> {
        // @step 3: Del::parse — every argument is a key
        Ok(Del {
            keys: args.take_rest(),
        })
    }

    /// Deletes the keys.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        // @step 3: Del::apply — delete each key, count the ones that existed
        // 1. `keyspace.delete(key)` says whether the key was there. `DEL k k` deletes once and
        //    counts 1: the second time it is already gone.
        // 2. Reply the count as `Frame::Integer`.
        let deleted = self.keys.iter().filter(|key| keyspace.delete(key)).count();
        Ok(Frame::Integer(deleted as i64))
    }
}
