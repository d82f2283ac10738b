//! `UNLINK key [key ...]`: `DEL`, with the freeing left to a background thread.
//!
//! For the client the two are the same: the keys are gone before the reply, which counts those
//! that existed. Redis frees a big value (a list of a million elements) in another thread so
//! that the command stays fast. Our values are freed where they are dropped; a whole flushed
//! database is the case that we free in the background (see `store`'s `databases.rs`).
//!
//! How real Redis does it: `unlinkCommand` → `delGenericCommand(c, 1)` in `src/db.c`, with
//! `dbAsyncDelete` in `src/lazyfree.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "unlink",
    arity: -2,
    flags: Flags::WRITE.union(Flags::FAST),
    keys: KeyRange::ALL,
    acl_categories: AclCategories::KEYSPACE,
    tips: &["request_policy:multi_shard", "response_policy:agg_sum"],
    key_specs: &[KeySpec::all(KeyFlags::RM.union(KeyFlags::DELETE))],
    subcommands: &[],
    parse: |args| Unlink::parse(args).map(Command::Unlink),
}];

/// `UNLINK key [key ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlink {
    /// The keys to delete.
    pub keys: Vec<Bytes>,
}

impl Unlink {
    /// Parses the keys.
    pub fn parse(args: &mut Args) -> Result<Unlink, CommandError> {
        Ok(Unlink {
            keys: args.take_rest(),
        })
    }

    /// Deletes the keys, TTLs with them; replies how many existed.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        let deleted = self.keys.iter().filter(|key| keyspace.delete(key)).count();
        Ok(Frame::Integer(deleted as i64))
    }
}
