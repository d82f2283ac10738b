//! `SADD key member [member ...]` and `SREM key member [member ...]`: adding and removing
//! members of a set.
//!
//! A set holds each member once, so both reply how many members they really added or removed.
//! `SADD` creates the set on its first write; `SREM` deletes it with its last member: Redis never
//! keeps an empty set. [`store::Keyspace::update`] does both, for every collection.
//!
//! How real Redis does it: `saddCommand` and `sremCommand` in `src/t_set.c`.

use bytes::Bytes;
use resp::Frame;
use store::{Modified, Set, Value};

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "sadd",
        arity: -3,
        flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::INSERT))],
        subcommands: &[],
        parse: |args| SAdd::parse(args).map(Command::SAdd),
    },
    CommandSpec {
        name: "srem",
        arity: -3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::DELETE))],
        subcommands: &[],
        parse: |args| SRem::parse(args).map(Command::SRem),
    },
];

/// Whether a count of changes is a modification.
fn modified(changes: i64) -> Modified {
    if changes > 0 {
        Modified::Yes
    } else {
        Modified::No
    }
}

/// `SADD key member [member ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SAdd {
    /// The set's key.
    pub key: Bytes,
    /// The members to add.
    pub members: Vec<Bytes>,
}

impl SAdd {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SAdd, CommandError> {
        Ok(SAdd {
            key: args.next_bytes()?,
            members: args.take_rest(),
        })
    }

    /// Adds the members, creating the set if needed; replies how many were new.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let added = ctx.keyspace().update(
            &self.key,
            || Some(Value::empty_set()),
            |value| -> Result<_, CommandError> {
                let added = add_members(value.as_set_mut()?, self.members);
                Ok((added, modified(added)))
            },
        )?;
        Ok(Frame::Integer(added.unwrap_or_default()))
    }
}

/// Adds each member; returns how many were not in the set yet.
pub fn add_members(set: &mut Set, members: Vec<Bytes>) -> i64 {
    // @step 8: add_members — add each member and count the ones that are new
    // 1. A `Set` is an `IndexSet<Bytes>`: `set.insert(member)` returns `true` if the member
    //    was not there yet, `false` if it was (a set keeps one copy).
    // 2. Return how many were new: `SADD s a a` replies 1.
    todo!("step 8: add_members — add each member and count the ones that are new")
}

/// `SREM key member [member ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SRem {
    /// The set's key.
    pub key: Bytes,
    /// The members to remove.
    pub members: Vec<Bytes>,
}

impl SRem {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SRem, CommandError> {
        Ok(SRem {
            key: args.next_bytes()?,
            members: args.take_rest(),
        })
    }

    /// Removes the members; replies how many were there.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let removed = ctx.keyspace().update(
            &self.key,
            || None,
            |value| -> Result<_, CommandError> {
                let set = value.as_set_mut()?;
                let removed = self
                    .members
                    .iter()
                    .filter(|member| set.swap_remove(*member))
                    .count() as i64;
                Ok((removed, modified(removed)))
            },
        )?;
        Ok(Frame::Integer(removed.unwrap_or_default()))
    }
}
