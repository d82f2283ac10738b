//! `STRLEN key`: the length of a string value in bytes; 0 for a missing key.
//!
//! How real Redis does it: `strlenCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "strlen",
    arity: 2,
    flags: Flags::READONLY.union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(KeyFlags::RO)],
    subcommands: &[],
    parse: |args| StrLen::parse(args).map(Command::StrLen),
}];

/// `STRLEN key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrLen {
    /// The key.
    pub key: Bytes,
}

impl StrLen {
    /// Parses the key.
    pub fn parse(args: &mut Args) -> Result<StrLen, CommandError> {
        Ok(StrLen {
            key: args.next_bytes()?,
        })
    }

    /// Replies the length.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let length = match ctx.keyspace().get(&self.key) {
            None => 0,
            Some(value) => value.as_string()?.len(),
        };
        Ok(Frame::Integer(length as i64))
    }
}
