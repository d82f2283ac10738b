//! `RANDOMKEY`: a key picked at random, or null when the database is empty.
//!
//! Expired keys met on the way are deleted and another is picked, so the reply is always a live
//! key (`Keyspace::random_key` in the store).
//!
//! How real Redis does it: `randomkeyCommand` and `dbRandomKey` in `src/db.c`.

use resp::Frame;

use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "randomkey",
    arity: 1,
    flags: Flags::READONLY,
    keys: KeyRange::NONE,
    acl_categories: AclCategories::KEYSPACE,
    tips: &["request_policy:all_shards", "nondeterministic_output"],
    key_specs: &[],
    subcommands: &[],
    parse: |_| Ok(Command::RandomKey(RandomKey)),
}];

/// `RANDOMKEY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RandomKey;

impl RandomKey {
    /// Replies a random live key, or null.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        Ok(ctx.keyspace().random_key().map_or(Frame::Null, Frame::Bulk))
    }
}
