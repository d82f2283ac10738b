//! `LLEN key` and `LINDEX key index`: a list's length, and one element by its index.
//!
//! A missing key is an empty list: `LLEN` replies 0, `LINDEX` null. `LINDEX` reads its index
//! only once it knows the key holds a list, as Redis does, so `LINDEX missing x` is null, not an
//! error. An index outside the list is null too.
//!
//! How real Redis does it: `llenCommand` and `lindexCommand` in `src/t_list.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use super::list;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "llen",
        arity: 2,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO)],
        subcommands: &[],
        parse: |args| LLen::parse(args).map(Command::LLen),
    },
    CommandSpec {
        name: "lindex",
        arity: 3,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| LIndex::parse(args).map(Command::LIndex),
    },
];

/// `LLEN key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LLen {
    /// The list's key.
    pub key: Bytes,
}

impl LLen {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<LLen, CommandError> {
        Ok(LLen {
            key: args.next_bytes()?,
        })
    }

    /// Replies the number of elements.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let len = match ctx.keyspace().get(&self.key) {
            Some(value) => value.as_list()?.len(),
            None => 0,
        };
        Ok(Frame::Integer(len as i64))
    }
}

/// `LINDEX key index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LIndex {
    /// The list's key.
    pub key: Bytes,
    /// The index, as sent: read after the key's type is checked.
    pub index: Bytes,
}

impl LIndex {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<LIndex, CommandError> {
        Ok(LIndex {
            key: args.next_bytes()?,
            index: args.next_bytes()?,
        })
    }

    /// Replies the element at the index, or null.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let Some(value) = ctx.keyspace().get(&self.key) else {
            return Ok(Frame::Null);
        };
        let list = value.as_list()?;
        let index = string_to_i64(&self.index).ok_or(CommandError::NotAnInteger)?;
        Ok(list::position(index, list.len())
            .and_then(|at| list.get(at).cloned())
            .map_or(Frame::Null, Frame::Bulk))
    }
}
