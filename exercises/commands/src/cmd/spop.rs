//! `SPOP key [count]` and `SRANDMEMBER key [count]`: random members of a set, removed or not.
//!
//! Without a count, one member (null for a missing key). With a count, an array:
//! - `SPOP` removes that many distinct members, or the whole set (which is then deleted);
//! - `SRANDMEMBER` follows `sample.rs`: distinct members for a positive count, independent picks
//!   with repeats for a negative one.
//!
//! Each checks its arguments as Redis does, before the key is looked up: `SPOP`'s count must be
//! 0 or more (any other text is `ERR value is out of range, must be positive`), and a third
//! argument is a syntax error for both.
//!
//! How real Redis does it: `spopCommand`, `spopWithCountCommand`, `srandmemberCommand` and
//! `srandmemberWithCountCommand` in `src/t_set.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};
use store::{Modified, Set};

use super::sample::{distinct_indexes, parse_count, random_indexes};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "spop",
        arity: -2,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::one(
            KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE),
        )],
        subcommands: &[],
        parse: |args| SPop::parse(args).map(Command::SPop),
    },
    CommandSpec {
        name: "srandmember",
        arity: -2,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| SRandMember::parse(args).map(Command::SRandMember),
    },
];

/// The optional count of `SPOP` and `SRANDMEMBER`, read with `read`; a third argument is a
/// syntax error, said before the count is read.
fn parse_optional_count(
    args: &mut Args,
    read: fn(&[u8]) -> Result<i64, CommandError>,
) -> Result<Option<i64>, CommandError> {
    match args.len() {
        0 => Ok(None),
        1 => read(&args.next_bytes()?).map(Some),
        _ => Err(CommandError::Syntax),
    }
}

/// Members as an array of bulk strings.
fn members_reply(members: impl IntoIterator<Item = Bytes>) -> Frame {
    Frame::Array(members.into_iter().map(Frame::Bulk).collect())
}

/// `SPOP key [count]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SPop {
    /// The set's key.
    pub key: Bytes,
    /// How many members to pop, if an array is wanted.
    pub count: Option<i64>,
}

impl SPop {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SPop, CommandError> {
        let key = args.next_bytes()?;
        let count = parse_optional_count(args, |text| match string_to_i64(text) {
            Some(count) if count >= 0 => Ok(count),
            _ => Err(CommandError::MustBePositive),
        })?;
        Ok(SPop { key, count })
    }

    /// Removes random members and replies them.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let count = self.count;
        let popped = ctx.keyspace().update(
            &self.key,
            || None,
            |value| -> Result<_, CommandError> {
                let set = value.as_set_mut()?;
                let wanted = count.unwrap_or(1).unsigned_abs();
                if wanted == 0 {
                    return Ok((Vec::new(), Modified::No));
                }
                Ok((pop_members(set, wanted), Modified::Yes))
            },
        )?;
        Ok(match (count, popped) {
            (None, Some(mut popped)) => popped.pop().map_or(Frame::Null, Frame::Bulk),
            (None, None) => Frame::Null,
            (Some(_), popped) => Frame::Set(
                popped
                    .unwrap_or_default()
                    .into_iter()
                    .map(Frame::Bulk)
                    .collect(),
            ),
        })
    }
}

/// Removes `count` random members (all of them if the set has no more) and returns them.
fn pop_members(set: &mut Set, count: u64) -> Vec<Bytes> {
    if count >= set.len() as u64 {
        return std::mem::take(set).into_iter().collect();
    }
    let members: Vec<Bytes> = distinct_indexes(set.len(), count)
        .into_iter()
        .filter_map(|index| set.get_index(index).cloned())
        .collect();
    for member in &members {
        set.swap_remove(member);
    }
    members
}

/// `SRANDMEMBER key [count]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SRandMember {
    /// The set's key.
    pub key: Bytes,
    /// How many members, if an array is wanted (see `sample.rs` for what a sign means).
    pub count: Option<i64>,
}

impl SRandMember {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SRandMember, CommandError> {
        let key = args.next_bytes()?;
        let count = parse_optional_count(args, parse_count)?;
        Ok(SRandMember { key, count })
    }

    /// Replies random members, leaving the set as it is.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let value = ctx.keyspace().get(&self.key);
        let Some(count) = self.count else {
            let Some(value) = value else {
                return Ok(Frame::Null);
            };
            let set = value.as_set()?;
            let index = rand::random_range(0..set.len());
            return Ok(set
                .get_index(index)
                .cloned()
                .map_or(Frame::Null, Frame::Bulk));
        };
        let Some(value) = value else {
            return Ok(Frame::Array(Vec::new()));
        };
        let set = value.as_set()?;
        let indexes = random_indexes(set.len(), count)?;
        Ok(members_reply(
            indexes
                .into_iter()
                .filter_map(|index| set.get_index(index).cloned()),
        ))
    }
}
