//! `SUNION key [key ...]`, `SDIFF key [key ...]` and their `…STORE destination key [key ...]`
//! forms: the members of any set, or of the first set and none of the others.
//!
//! A missing key is an empty set; a key of another type is WRONGTYPE, wherever it is in the
//! list. The `STORE` forms replace the destination, whatever its type (and drop its TTL), or
//! delete it when the result is empty, and reply the result's size.
//!
//! How real Redis does it: `sunionDiffGenericCommand` in `src/t_set.c`, which also picks
//! between two ways of computing a difference by an estimate of their cost; both give the same
//! members.

use bytes::Bytes;
use resp::Frame;
use store::Set;

use super::sinter::{read_sets, store_set};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The sets are read and their members returned.
const READ: KeyFlags = KeyFlags::RO.union(KeyFlags::ACCESS);

/// Every key is a set to read.
const READ_ALL: &[KeySpec] = &[KeySpec::all(READ)];

/// The destination is overwritten; the other keys are sets to read.
const STORE: &[KeySpec] = &[
    KeySpec::one(KeyFlags::OW.union(KeyFlags::UPDATE)),
    KeySpec::range(READ, 2, -1),
];

/// `SUNION` and `SDIFF` read every key.
const fn read_row(
    name: &'static str,
    parse: fn(&mut Args) -> Result<Command, CommandError>,
) -> CommandSpec {
    CommandSpec {
        name,
        arity: -2,
        flags: Flags::READONLY,
        keys: KeyRange::ALL,
        acl_categories: AclCategories::SET,
        tips: &["nondeterministic_output_order"],
        key_specs: READ_ALL,
        subcommands: &[],
        parse,
    }
}

/// `SUNIONSTORE` and `SDIFFSTORE` overwrite the first key with what they read from the others.
const fn store_row(
    name: &'static str,
    parse: fn(&mut Args) -> Result<Command, CommandError>,
) -> CommandSpec {
    CommandSpec {
        name,
        arity: -3,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::ALL,
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: STORE,
        subcommands: &[],
        parse,
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    read_row("sunion", |args| {
        SUnionDiff::parse(SetOperation::Union, false, args).map(Command::SUnionDiff)
    }),
    store_row("sunionstore", |args| {
        SUnionDiff::parse(SetOperation::Union, true, args).map(Command::SUnionDiff)
    }),
    read_row("sdiff", |args| {
        SUnionDiff::parse(SetOperation::Diff, false, args).map(Command::SUnionDiff)
    }),
    store_row("sdiffstore", |args| {
        SUnionDiff::parse(SetOperation::Diff, true, args).map(Command::SUnionDiff)
    }),
];

/// Which members to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOperation {
    /// The members of any of the sets.
    Union,
    /// The members of the first set that none of the others has.
    Diff,
}

/// `SUNION`, `SDIFF`, `SUNIONSTORE` and `SDIFFSTORE`: one type, as Redis has one function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SUnionDiff {
    /// Union or difference.
    pub operation: SetOperation,
    /// Where to store the result (`…STORE`), or `None` to reply it.
    pub destination: Option<Bytes>,
    /// The sets' keys.
    pub keys: Vec<Bytes>,
}

impl SUnionDiff {
    /// Parses the arguments after the name: the destination first if `store`, then the keys.
    pub fn parse(
        operation: SetOperation,
        store: bool,
        args: &mut Args,
    ) -> Result<SUnionDiff, CommandError> {
        let destination = if store {
            Some(args.next_bytes()?)
        } else {
            None
        };
        Ok(SUnionDiff {
            operation,
            destination,
            keys: args.take_rest(),
        })
    }

    /// Replies the result, or stores it and replies its size.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let sets = read_sets(ctx, &self.keys)?;
        let result = match self.operation {
            SetOperation::Union => union(&sets),
            SetOperation::Diff => difference(&sets),
        };
        Ok(match self.destination {
            Some(destination) => store_set(ctx, destination, result),
            None => Frame::Set(result.into_iter().map(Frame::Bulk).collect()),
        })
    }
}

/// Every member of any of the sets (`None`: a missing key, an empty set).
pub fn union(sets: &[Option<&Set>]) -> Set {
    sets.iter().flatten().flat_map(|set| set.iter()).cloned().collect()
}

/// The members of the first set that none of the others has.
pub fn difference(sets: &[Option<&Set>]) -> Set {
    let Some((Some(first), others)) = sets.split_first() else {
        return Set::default();
    };
    first
        .iter()
        .filter(|member| !others.iter().flatten().any(|set| set.contains(*member)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(members: &[&str]) -> Set {
        members
            .iter()
            .map(|member| Bytes::copy_from_slice(member.as_bytes()))
            .collect()
    }

    #[test]
    fn union_and_difference_treat_a_missing_set_as_empty() {
        let (a, b) = (set(&["x", "y", "z"]), set(&["y", "w"]));
        assert_eq!(union(&[Some(&a), None, Some(&b)]), set(&["x", "y", "z", "w"]));
        assert_eq!(difference(&[Some(&a), None, Some(&b)]), set(&["x", "z"]));
        assert_eq!(difference(&[None, Some(&a)]), Set::default());
        assert_eq!(difference(&[Some(&a), Some(&a)]), Set::default());
    }
}
