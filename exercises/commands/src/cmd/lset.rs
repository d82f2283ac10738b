//! `LSET key index element`, `LINSERT key BEFORE|AFTER pivot element` and
//! `LREM key count element`: change a list in its middle.
//!
//! - `LSET` replaces the element at an index: `ERR no such key` for a missing key, `ERR index out
//!   of range` past either end.
//! - `LINSERT` inserts next to the first element equal to `pivot`, and replies the new length,
//!   -1 if there is no such element, 0 if there is no list.
//! - `LREM` removes elements equal to `element`: the first `count` from the head if `count` is
//!   positive, the last `-count` from the tail if negative, all of them if 0. It replies how
//!   many it removed; a list left empty is deleted.
//!
//! These walk the list: O(N), as in Redis.
//!
//! How real Redis does it: `lsetCommand`, `linsertCommand` and `lremCommand` in
//! `src/t_list.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};
use store::Modified;

use super::list::ListError;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "lset",
        arity: 4,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::UPDATE))],
        subcommands: &[],
        parse: |args| LSet::parse(args).map(Command::LSet),
    },
    CommandSpec {
        name: "linsert",
        arity: 5,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::INSERT))],
        subcommands: &[],
        parse: |args| LInsert::parse(args).map(Command::LInsert),
    },
    CommandSpec {
        name: "lrem",
        arity: 4,
        flags: Flags::WRITE,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::DELETE))],
        subcommands: &[],
        parse: |args| LRem::parse(args).map(Command::LRem),
    },
];

/// `LSET key index element`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LSet {
    /// The list's key.
    pub key: Bytes,
    /// The index, as sent: read after the key is found.
    pub index: Bytes,
    /// The new element.
    pub element: Bytes,
}

impl LSet {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<LSet, CommandError> {
        Ok(LSet {
            key: args.next_bytes()?,
            index: args.next_bytes()?,
            element: args.next_bytes()?,
        })
    }

    /// Replaces the element; replies OK.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let (index, element) = (self.index, self.element);
        let done = ctx.keyspace().update(
            &self.key,
            || None,
            |value| -> Result<_, CommandError> {
                let list = value.as_list_mut()?;
                let index = string_to_i64(&index).ok_or(CommandError::NotAnInteger)?;
                let at = super::list::position(index, list.len()).ok_or(ListError::IndexOutOfRange)?;
                list[at] = element;
                Ok(((), Modified::Yes))
            },
        )?;
        done.map(|()| Frame::ok()).ok_or(CommandError::NoSuchKey)
    }
}

/// `LINSERT key BEFORE|AFTER pivot element`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LInsert {
    /// The list's key.
    pub key: Bytes,
    /// `AFTER` (true) or `BEFORE` (false) the pivot.
    pub after: bool,
    /// The element to insert next to.
    pub pivot: Bytes,
    /// The element to insert.
    pub element: Bytes,
}

impl LInsert {
    /// Parses the arguments after the name: `BEFORE` or `AFTER`, else a syntax error.
    pub fn parse(args: &mut Args) -> Result<LInsert, CommandError> {
        let key = args.next_bytes()?;
        let place = args.next_bytes()?;
        let after = if place.eq_ignore_ascii_case(b"after") {
            true
        } else if place.eq_ignore_ascii_case(b"before") {
            false
        } else {
            return Err(CommandError::Syntax);
        };
        Ok(LInsert {
            key,
            after,
            pivot: args.next_bytes()?,
            element: args.next_bytes()?,
        })
    }

    /// Inserts; replies the new length, -1 without the pivot, 0 without the list.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let (after, pivot, element) = (self.after, self.pivot, self.element);
        let len = ctx.keyspace().update(
            &self.key,
            || None,
            |value| -> Result<_, CommandError> {
                let list = value.as_list_mut()?;
                let Some(at) = list.iter().position(|existing| *existing == pivot) else {
                    return Ok((-1, Modified::No));
                };
                list.insert(at + usize::from(after), element);
                Ok((list.len() as i64, Modified::Yes))
            },
        )?;
        Ok(Frame::Integer(len.unwrap_or(0)))
    }
}

/// `LREM key count element`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LRem {
    /// The list's key.
    pub key: Bytes,
    /// How many to remove: from the head if positive, from the tail if negative, all if 0.
    pub count: i64,
    /// The element to remove.
    pub element: Bytes,
}

impl LRem {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<LRem, CommandError> {
        Ok(LRem {
            key: args.next_bytes()?,
            count: args.next_integer()?,
            element: args.next_bytes()?,
        })
    }

    /// Removes; replies how many it removed.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let (count, element) = (self.count, self.element);
        let removed = ctx.keyspace().update(
            &self.key,
            || None,
            |value| -> Result<_, CommandError> {
                let list = value.as_list_mut()?;
                let limit = if count == 0 { u64::MAX } else { count.unsigned_abs() };
                let mut removed = 0u64;
                let mut keep = |existing: &Bytes| {
                    let remove = removed < limit && *existing == element;
                    removed += u64::from(remove);
                    !remove
                };
                if count < 0 {
                    // From the tail: walk backwards, keeping what stays in order.
                    let mut kept: Vec<Bytes> =
                        list.drain(..).rev().filter(|existing| keep(existing)).collect();
                    kept.reverse();
                    list.extend(kept);
                } else {
                    list.retain(keep);
                }
                let modified = if removed > 0 { Modified::Yes } else { Modified::No };
                Ok((removed as i64, modified))
            },
        )?;
        Ok(Frame::Integer(removed.unwrap_or(0)))
    }
}
