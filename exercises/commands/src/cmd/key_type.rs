//! `TYPE key`: the type of the value, as a simple string: `string`, `list`, `set`, `zset`,
//! `hash`, `stream`, or `none` for a key that does not exist.
//!
//! How real Redis does it: `typeCommand` and `getObjectTypeName` in `src/db.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "type",
    arity: 2,
    flags: Flags::READONLY.union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::KEYSPACE,
    tips: &[],
    key_specs: &[KeySpec::one(KeyFlags::RO)],
    subcommands: &[],
    parse: |args| Type::parse(args).map(Command::Type),
}];

/// `TYPE key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Type {
    /// The key.
    pub key: Bytes,
}

impl Type {
    /// Parses the key.
    pub fn parse(args: &mut Args) -> Result<Type, CommandError> {
        Ok(Type {
            key: args.next_bytes()?,
        })
    }

    /// Replies the type's name.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let name = ctx
            .keyspace()
            .get(&self.key)
            .map_or("none", |value| value.type_name());
        Ok(Frame::Simple(name.to_string()))
    }
}
