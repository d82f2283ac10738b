//! `SISMEMBER key member`, `SMISMEMBER key member [member ...]`, `SCARD key`: small questions
//! about a set.
//!
//! A missing key is an empty set: no member is in it, and it has 0 of them.
//!
//! How real Redis does it: `sismemberCommand`, `smismemberCommand` and `scardCommand` in
//! `src/t_set.c`.

use bytes::Bytes;
use resp::Frame;
use store::Set;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "sismember",
        arity: 3,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO)],
        subcommands: &[],
        parse: |args| SIsMember::parse(args).map(Command::SIsMember),
    },
    CommandSpec {
        name: "smismember",
        arity: -3,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| SMIsMember::parse(args).map(Command::SMIsMember),
    },
    CommandSpec {
        name: "scard",
        arity: 2,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO)],
        subcommands: &[],
        parse: |args| SCard::parse(args).map(Command::SCard),
    },
];

/// The set at `key`, `None` if the key is missing, WRONGTYPE for another type.
fn read_set<'c>(ctx: &'c mut Context<'_>, key: &[u8]) -> Result<Option<&'c Set>, CommandError> {
    ctx.count_read(key);
    match ctx.keyspace().get(key) {
        Some(value) => Ok(Some(value.as_set()?)),
        None => Ok(None),
    }
}

/// 1 or 0.
fn flag(yes: bool) -> Frame {
    Frame::Integer(i64::from(yes))
}

/// `SISMEMBER key member`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SIsMember {
    /// The set's key.
    pub key: Bytes,
    /// The member to look for.
    pub member: Bytes,
}

impl SIsMember {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SIsMember, CommandError> {
        Ok(SIsMember {
            key: args.next_bytes()?,
            member: args.next_bytes()?,
        })
    }

    /// Replies 1 if the member is in the set, else 0.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let set = read_set(ctx, &self.key)?;
        Ok(flag(set.is_some_and(|set| set.contains(&self.member))))
    }
}

/// `SMISMEMBER key member [member ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SMIsMember {
    /// The set's key.
    pub key: Bytes,
    /// The members to look for, in order.
    pub members: Vec<Bytes>,
}

impl SMIsMember {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SMIsMember, CommandError> {
        Ok(SMIsMember {
            key: args.next_bytes()?,
            members: args.take_rest(),
        })
    }

    /// Replies 1 or 0 for each member, in the order asked.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let set = read_set(ctx, &self.key)?;
        Ok(Frame::Array(
            self.members
                .iter()
                .map(|member| flag(set.is_some_and(|set| set.contains(member))))
                .collect(),
        ))
    }
}

/// `SCARD key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SCard {
    /// The set's key.
    pub key: Bytes,
}

impl SCard {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SCard, CommandError> {
        Ok(SCard {
            key: args.next_bytes()?,
        })
    }

    /// Replies the number of members.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let set = read_set(ctx, &self.key)?;
        Ok(Frame::Integer(set.map_or(0, Set::len) as i64))
    }
}
