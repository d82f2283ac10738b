//! `SINTER key [key ...]`, `SINTERCARD numkeys key [key ...] [LIMIT limit]` and
//! `SINTERSTORE destination key [key ...]`: the members every set has.
//!
//! **Smallest set first.** A member of the intersection is in *every* set, so it is enough to
//! walk one set and look each of its members up in the others: the cost is the size of the set
//! we walk times the number of sets. Walking the smallest makes it as low as it can be: with a
//! set of 3 members and one of 3 million, that is 3 lookups instead of 3 million.
//!
//! A missing key is an empty set, so it makes the intersection empty, but every key is checked
//! first: a key of another type is WRONGTYPE even after a missing one. `SINTERSTORE` replaces the
//! destination, whatever its type (and drops its TTL), or deletes it if the intersection is
//! empty. `SINTERCARD` counts, and stops at `LIMIT` if it is not 0.
//!
//! How real Redis does it: `sinterGenericCommand` in `src/t_set.c` sorts the sets by size with
//! `qsort` and walks the first.

use bytes::Bytes;
use resp::{string_to_i64, Frame};
use store::{Set, Value};

use crate::table::{AclCategories, BeginSearch, FindKeys, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// Every key is read, and its members returned.
const READ: KeyFlags = KeyFlags::RO.union(KeyFlags::ACCESS);

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "sinter",
        arity: -2,
        flags: Flags::READONLY,
        keys: KeyRange::ALL,
        acl_categories: AclCategories::SET,
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::all(READ)],
        subcommands: &[],
        parse: |args| SInter::parse(args).map(Command::SInter),
    },
    CommandSpec {
        name: "sintercard",
        arity: -3,
        flags: Flags::READONLY.union(Flags::MOVABLE_KEYS),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: &[KeySpec {
            notes: None,
            flags: READ,
            begin_search: BeginSearch::Index(1),
            find_keys: FindKeys::KeyNum {
                keynumidx: 0,
                firstkey: 1,
                keystep: 1,
            },
        }],
        subcommands: &[],
        parse: |args| SInterCard::parse(args).map(Command::SInterCard),
    },
    CommandSpec {
        name: "sinterstore",
        arity: -3,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::ALL,
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: &[
            KeySpec::one(KeyFlags::RW.union(KeyFlags::UPDATE)),
            KeySpec::range(READ, 2, -1),
        ],
        subcommands: &[],
        parse: |args| SInterStore::parse(args).map(Command::SInterStore),
    },
];

/// The sets at `keys`, in order, `None` for a missing key; WRONGTYPE if any key holds another
/// type. Each key counts as a read, for `INFO`'s hits and misses.
pub(crate) fn read_sets<'c>(
    ctx: &'c mut Context<'_>,
    keys: &[Bytes],
) -> Result<Vec<Option<&'c Set>>, CommandError> {
    for key in keys {
        ctx.count_read(key);
    }
    ctx.keyspace()
        .get_many(keys)
        .into_iter()
        .map(|value| value.map(Value::as_set).transpose())
        .collect::<Result<_, _>>()
        .map_err(CommandError::from)
}

/// The members that every one of `sets` has, at most `limit` of them (`usize::MAX`: all),
/// walking the smallest set.
pub fn intersection<'a>(sets: &[&'a Set], limit: usize) -> Vec<&'a Bytes> {
    // @step 8: intersection — the members every set has, walking the smallest set first
    // 1. Sort a copy of `sets` by size, smallest first (`sets.to_vec()`, then
    //    `sort_by_key(|set| set.len())`). No sets at all: an empty intersection.
    // 2. Walk the smallest set and keep each member that every other set `contains`: a
    //    member missing from the smallest cannot be in the intersection, so the work is the
    //    smallest set's size times the number of sets, however big the others are.
    // 3. Stop once `limit` members are found (`SINTERCARD ... LIMIT`; `take(limit)`).
    todo!("step 8: intersection — the members every set has, walking the smallest set first")
}

/// The intersection of the sets at `keys`: empty if one is missing.
fn intersect_keys(ctx: &mut Context<'_>, keys: &[Bytes]) -> Result<Vec<Bytes>, CommandError> {
    let sets = read_sets(ctx, keys)?;
    let Some(sets) = sets.into_iter().collect::<Option<Vec<&Set>>>() else {
        return Ok(Vec::new());
    };
    Ok(intersection(&sets, usize::MAX)
        .into_iter()
        .cloned()
        .collect())
}

/// `SINTER key [key ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SInter {
    /// The sets' keys.
    pub keys: Vec<Bytes>,
}

impl SInter {
    /// Parses the arguments after the name: every one is a key.
    pub fn parse(args: &mut Args) -> Result<SInter, CommandError> {
        Ok(SInter {
            keys: args.take_rest(),
        })
    }

    /// Replies the members every set has.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let members = intersect_keys(ctx, &self.keys)?;
        Ok(Frame::Set(members.into_iter().map(Frame::Bulk).collect()))
    }
}

/// `SINTERCARD numkeys key [key ...] [LIMIT limit]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SInterCard {
    /// The sets' keys.
    pub keys: Vec<Bytes>,
    /// Stop counting there; 0 for no limit.
    pub limit: u64,
}

impl SInterCard {
    /// Parses `numkeys`, the keys, then `LIMIT` (several times: the last wins).
    pub fn parse(args: &mut Args) -> Result<SInterCard, CommandError> {
        let numkeys = match string_to_i64(&args.next_bytes()?) {
            Some(numkeys) if numkeys > 0 => numkeys as u64,
            _ => return Err(CommandError::NumKeysNotPositive),
        };
        if numkeys > args.len() as u64 {
            return Err(CommandError::TooManyNumKeys);
        }
        let keys = (0..numkeys)
            .map(|_| args.next_bytes())
            .collect::<Result<_, _>>()?;
        let mut limit = 0;
        while !args.is_empty() {
            let option = args.next_bytes()?;
            if !option.eq_ignore_ascii_case(b"LIMIT") || args.is_empty() {
                return Err(CommandError::Syntax);
            }
            limit = match string_to_i64(&args.next_bytes()?) {
                Some(limit) if limit >= 0 => limit as u64,
                _ => return Err(CommandError::NegativeLimit),
            };
        }
        Ok(SInterCard { keys, limit })
    }

    /// Replies the size of the intersection, or the limit if it is reached first.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let sets = read_sets(ctx, &self.keys)?;
        let Some(sets) = sets.into_iter().collect::<Option<Vec<&Set>>>() else {
            return Ok(Frame::Integer(0));
        };
        let limit = if self.limit == 0 {
            usize::MAX
        } else {
            usize::try_from(self.limit).unwrap_or(usize::MAX)
        };
        Ok(Frame::Integer(intersection(&sets, limit).len() as i64))
    }
}

/// `SINTERSTORE destination key [key ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SInterStore {
    /// Where to store the intersection.
    pub destination: Bytes,
    /// The sets' keys.
    pub keys: Vec<Bytes>,
}

impl SInterStore {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SInterStore, CommandError> {
        Ok(SInterStore {
            destination: args.next_bytes()?,
            keys: args.take_rest(),
        })
    }

    /// Stores the intersection and replies its size.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let members = intersect_keys(ctx, &self.keys)?;
        Ok(store_set(
            ctx,
            self.destination,
            members.into_iter().collect(),
        ))
    }
}

/// Replaces `destination` with `set` (whatever it held, TTL included) and replies the size; an
/// empty set deletes the destination instead: Redis stores no empty set.
pub(crate) fn store_set(ctx: &mut Context<'_>, destination: Bytes, set: Set) -> Frame {
    let size = set.len() as i64;
    let keyspace = ctx.keyspace();
    if set.is_empty() {
        keyspace.delete(&destination);
    } else {
        keyspace.set(destination, Value::Set(Box::new(set)));
    }
    Frame::Integer(size)
}
