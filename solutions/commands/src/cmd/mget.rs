//! `MGET key [key ...]`: the values of several keys, in one round trip.
//!
//! One element per key, in order: the value, or null for a missing key. A key that holds another
//! type is null too, not an error: one odd key does not spoil the batch.
//!
//! How real Redis does it: `mgetCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "mget",
    arity: -2,
    flags: Flags::READONLY.union(Flags::FAST),
    keys: KeyRange::ALL,
    acl_categories: AclCategories::STRING,
    tips: &["request_policy:multi_shard"],
    key_specs: &[KeySpec::all(KeyFlags::RO.union(KeyFlags::ACCESS))],
    subcommands: &[],
    parse: |args| MGet::parse(args).map(Command::MGet),
}];

/// `MGET key [key ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MGet {
    /// The keys to read.
    pub keys: Vec<Bytes>,
}

impl MGet {
    /// Parses the keys.
    pub fn parse(args: &mut Args) -> Result<MGet, CommandError> {
        Ok(MGet {
            keys: args.take_rest(),
        })
    }

    /// Replies an array with each key's value or null.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let mut values = Vec::with_capacity(self.keys.len());
        for key in &self.keys {
            ctx.count_read(key);
            let value = ctx.keyspace().get(key);
            values.push(match value.map(|value| value.as_string()) {
                Some(Ok(text)) => Frame::Bulk(text.clone()),
                Some(Err(_)) | None => Frame::Null,
            });
        }
        Ok(Frame::Array(values))
    }
}
