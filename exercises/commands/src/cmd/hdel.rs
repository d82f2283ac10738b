//! `HDEL key field [field ...]`: deletes fields, replies how many existed.
//!
//! A hash whose last field goes is deleted with it: Redis never keeps an empty hash, so
//! `EXISTS` says 0 afterwards. [`store::Keyspace::update`] does that for every collection.
//!
//! How real Redis does it: `hdelCommand` in `src/t_hash.c`.

use bytes::Bytes;
use resp::Frame;
use store::Modified;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "hdel",
        arity: -3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::DELETE))],
        subcommands: &[],
        parse: |args| HDel::parse(args).map(Command::HDel),
    },
];

/// `HDEL key field [field ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HDel {
    /// The hash's key.
    pub key: Bytes,
    /// The fields to delete (a field named twice is deleted once).
    pub fields: Vec<Bytes>,
}

impl HDel {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HDel, CommandError> {
        Ok(HDel {
            key: args.next_bytes()?,
            fields: args.take_rest(),
        })
    }

    /// Deletes the fields; a missing hash has none to delete.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let deleted = ctx.keyspace().update(
            &self.key,
            || None,
            |value| -> Result<_, CommandError> {
                let hash = value.as_hash_mut()?;
                let deleted = self
                    .fields
                    .iter()
                    .filter(|field| hash.swap_remove(*field).is_some())
                    .count() as i64;
                let modified = if deleted > 0 {
                    Modified::Yes
                } else {
                    Modified::No
                };
                Ok((deleted, modified))
            },
        )?;
        Ok(Frame::Integer(deleted.unwrap_or_default()))
    }
}
