//! `LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]`: where an element is.
//!
//! The reply is the index (from the head) of the first match, or null. The options:
//! - `RANK n`: skip to the n-th match; a negative rank searches from the tail (`-1` is the last
//!   match). 0 is an error.
//! - `COUNT n`: reply an array of up to n matches (0: all of them) instead of one index.
//! - `MAXLEN n`: compare at most n elements (0: no limit), to bound the work on a long list.
//!
//! How real Redis does it: `lposCommand` in `src/t_list.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use super::list::ListError;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "lpos",
    arity: -3,
    flags: Flags::READONLY,
    keys: KeyRange::ONE,
    acl_categories: AclCategories::LIST,
    tips: &[],
    key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
    subcommands: &[],
    parse: |args| LPos::parse(args).map(Command::LPos),
}];

/// `LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LPos {
    /// The list's key.
    pub key: Bytes,
    /// The element to look for.
    pub element: Bytes,
    /// Which match to start from: 1 the first, -1 the last.
    pub rank: i64,
    /// `COUNT`: how many matches to reply (0: all), as an array.
    pub count: Option<u64>,
    /// How many elements to compare at most (0: all).
    pub max_len: u64,
}

/// A non-negative integer, or `error` for anything else.
fn non_negative(text: &[u8], error: ListError) -> Result<u64, CommandError> {
    match string_to_i64(text) {
        Some(value) if value >= 0 => Ok(value as u64),
        _ => Err(error.into()),
    }
}

impl LPos {
    /// Parses the arguments after the name; a later option overrides an earlier one.
    pub fn parse(args: &mut Args) -> Result<LPos, CommandError> {
        let key = args.next_bytes()?;
        let element = args.next_bytes()?;
        let (mut rank, mut count, mut max_len) = (1, None, 0);
        while !args.is_empty() {
            let option = args.next_bytes()?;
            if args.is_empty() {
                return Err(CommandError::Syntax);
            }
            let value = args.next_bytes()?;
            if option.eq_ignore_ascii_case(b"rank") {
                rank = string_to_i64(&value).ok_or(CommandError::NotAnInteger)?;
                if rank == 0 {
                    return Err(ListError::RankZero.into());
                }
            } else if option.eq_ignore_ascii_case(b"count") {
                count = Some(non_negative(&value, ListError::NegativeCount)?);
            } else if option.eq_ignore_ascii_case(b"maxlen") {
                max_len = non_negative(&value, ListError::NegativeMaxLen)?;
            } else {
                return Err(CommandError::Syntax);
            }
        }
        Ok(LPos {
            key,
            element,
            rank,
            count,
            max_len,
        })
    }

    /// Replies the index of the match, or with `COUNT` an array of indexes.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let Some(value) = ctx.keyspace().get(&self.key) else {
            return Ok(match self.count {
                Some(_) => Frame::Array(Vec::new()),
                None => Frame::Null,
            });
        };
        let list = value.as_list()?;
        let len = list.len();
        let limit = if self.max_len == 0 { len } else { len.min(self.max_len as usize) };
        let wanted = match self.count {
            None => 1,
            Some(0) => u64::MAX,
            Some(count) => count,
        };
        // Index `step` of the walk, as an index from the head.
        let from_tail = self.rank < 0;
        let at = |step: usize| if from_tail { len - 1 - step } else { step };
        // Redis 7.0 negates a negative rank in a `long`: `RANK -9223372036854775808` stays
        // negative, and every match then counts, as with `RANK -1`.
        let skip = match self.rank {
            i64::MIN => 0,
            rank => rank.unsigned_abs() - 1,
        };
        let mut matches = 0u64;
        let mut found = Vec::new();
        for step in 0..limit {
            let index = at(step);
            if list[index] != self.element {
                continue;
            }
            matches += 1;
            if matches > skip {
                found.push(Frame::Integer(index as i64));
                if found.len() as u64 >= wanted {
                    break;
                }
            }
        }
        Ok(match self.count {
            Some(_) => Frame::Array(found),
            None => found.pop().unwrap_or(Frame::Null),
        })
    }
}
