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
            return Ok(set.get_index(index).cloned().map_or(Frame::Null, Frame::Bulk));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    use crate::{dispatch, Session, Shared};

    /// Runs one request: an array of bulk strings' elements, or an integer as its text.
    fn run(shared: &Shared, session: &mut Session, line: &str) -> Vec<Bytes> {
        let parts: Vec<String> = line.split(' ').map(str::to_string).collect();
        match dispatch(shared, session, Frame::command(parts)) {
            Frame::Array(elements) | Frame::Set(elements) => elements
                .into_iter()
                .map(|element| match element {
                    Frame::Bulk(bytes) => bytes,
                    other => panic!("{line}: bulk strings, not {other:?}"),
                })
                .collect(),
            Frame::Integer(n) => vec![Bytes::from(n.to_string())],
            Frame::Error(text) => vec![Bytes::from(text)],
            other => panic!("{line}: {other:?}"),
        }
    }

    fn one(text: &str) -> Vec<Bytes> {
        vec![Bytes::copy_from_slice(text.as_bytes())]
    }

    #[test]
    fn counts_pick_distinct_members_or_repeat_as_their_sign_says() {
        let (shared, mut session) = (Shared::default(), Session::new());
        let members: Vec<String> = (0..10).map(|i| format!("m{i}")).collect();
        run(&shared, &mut session, &format!("SADD s {}", members.join(" ")));
        let all: HashSet<Bytes> = members.into_iter().map(Bytes::from).collect();

        let picked = run(&shared, &mut session, "SRANDMEMBER s 4");
        assert_eq!(picked.len(), 4, "a positive count: that many");
        assert_eq!(picked.iter().collect::<HashSet<_>>().len(), 4, "all distinct");
        assert!(picked.iter().all(|member| all.contains(member)));

        let picked = run(&shared, &mut session, "SRANDMEMBER s -25");
        assert_eq!(picked.len(), 25, "a negative count: that many, repeats allowed");
        assert!(picked.iter().all(|member| all.contains(member)));

        let popped = run(&shared, &mut session, "SPOP s 3");
        assert_eq!(popped.iter().collect::<HashSet<_>>().len(), 3);
        assert_eq!(run(&shared, &mut session, "SCARD s"), one("7"));
        for member in &popped {
            let line = format!("SISMEMBER s {}", String::from_utf8_lossy(member));
            assert_eq!(run(&shared, &mut session, &line), one("0"), "popped: gone");
        }
        let rest = run(&shared, &mut session, "SPOP s 7");
        assert_eq!(rest.len(), 7);
        assert_eq!(run(&shared, &mut session, "EXISTS s"), one("0"));
    }

    #[test]
    fn random_fields_come_with_their_values() {
        let (shared, mut session) = (Shared::default(), Session::new());
        run(&shared, &mut session, "HSET h a 1 b 2 c 3 d 4");
        for line in ["HRANDFIELD h 2 WITHVALUES", "HRANDFIELD h -9 WITHVALUES"] {
            let reply = run(&shared, &mut session, line);
            for pair in reply.chunks(2) {
                let expected = pair[0][0] - b'a' + b'1';
                assert_eq!(pair[1][..], [expected], "{line}: each field with its value");
            }
        }
        assert_eq!(run(&shared, &mut session, "HRANDFIELD h 2").len(), 2);
        assert_eq!(
            run(&shared, &mut session, "HRANDFIELD h -1000001"),
            one("ERR value is out of range"),
            "past a million repeated picks: refused, memory stays bounded"
        );
        assert_eq!(run(&shared, &mut session, "HRANDFIELD h -9 WITHVALUES").len(), 18);
    }

    fn set_of(count: usize) -> Set {
        (0..count).map(|i| Bytes::from(format!("m{i}"))).collect()
    }

    #[test]
    fn pop_members_removes_what_it_returns() {
        for count in [1, 3, 9] {
            let mut set = set_of(10);
            let popped = pop_members(&mut set, count);
            assert_eq!(popped.len() as u64, count);
            assert_eq!(set.len() as u64, 10 - count);
            let popped: HashSet<_> = popped.into_iter().collect();
            assert_eq!(popped.len() as u64, count, "distinct members");
            assert!(popped.iter().all(|member| !set.contains(member)));
            assert!(popped.iter().all(|member| member.starts_with(b"m")));
        }
        let mut set = set_of(4);
        assert_eq!(pop_members(&mut set, 99).len(), 4);
        assert!(set.is_empty(), "a count past the size empties the set");
    }
}
