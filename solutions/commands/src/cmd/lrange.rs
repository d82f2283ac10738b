//! `LRANGE key start stop` and `LTRIM key start stop`: read a range, or keep only a range.
//!
//! Both use Redis's index rules (`list.rs`): negative indexes count from the tail, both ends are
//! inclusive, and a range reaching past the list is clamped, never an error. `LRANGE l 0 -1` is
//! the whole list. `LTRIM` of a range that holds nothing empties the list, which deletes it.
//!
//! How real Redis does it: `lrangeCommand` (`addListRangeReply`) and `ltrimCommand` in
//! `src/t_list.c`.

use bytes::Bytes;
use resp::Frame;
use store::Modified;

use super::list;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "lrange",
        arity: 4,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| LRange::parse(args).map(Command::LRange),
    },
    CommandSpec {
        name: "ltrim",
        arity: 4,
        flags: Flags::WRITE,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::DELETE))],
        subcommands: &[],
        parse: |args| LTrim::parse(args).map(Command::LTrim),
    },
];

/// `LRANGE key start stop`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LRange {
    /// The list's key.
    pub key: Bytes,
    /// The first index, negative from the tail.
    pub start: i64,
    /// The last index, included.
    pub stop: i64,
}

impl LRange {
    /// Parses the arguments after the name: two integers, read before the key is looked up.
    pub fn parse(args: &mut Args) -> Result<LRange, CommandError> {
        Ok(LRange {
            key: args.next_bytes()?,
            start: args.next_integer()?,
            stop: args.next_integer()?,
        })
    }

    /// Replies the elements from `start` to `stop`.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        // @step 7: LRange::apply — reply the elements from start to stop, both included
        // 1. `ctx.count_read(&self.key)`, then `ctx.keyspace().get(&self.key)`: a missing key
        //    is the empty array.
        // 2. `value.as_list()?`: WRONGTYPE for another type.
        // 3. `list::clamp_range(self.start, self.stop, list.len())` applies Redis's index
        //    rules; `None` is the empty array.
        // 4. Reply `Frame::bulk_array(list.range(first..=last))`: the same bytes as
        //    `Frame::Array` of `Frame::Bulk`, written at once, with no frame per element.
        ctx.count_read(&self.key);
        let Some(value) = ctx.keyspace().get(&self.key) else {
            return Ok(Frame::Array(Vec::new()));
        };
        let list = value.as_list()?;
        let Some((first, last)) = list::clamp_range(self.start, self.stop, list.len()) else {
            return Ok(Frame::Array(Vec::new()));
        };
        Ok(Frame::bulk_array(list.range(first..=last)))
    }
}

/// `LTRIM key start stop`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LTrim {
    /// The list's key.
    pub key: Bytes,
    /// The first index to keep.
    pub start: i64,
    /// The last index to keep.
    pub stop: i64,
}

impl LTrim {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<LTrim, CommandError> {
        Ok(LTrim {
            key: args.next_bytes()?,
            start: args.next_integer()?,
            stop: args.next_integer()?,
        })
    }

    /// Keeps only the range; replies OK, even for a missing key.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let (start, stop) = (self.start, self.stop);
        ctx.keyspace().update(
            &self.key,
            || None,
            |value| -> Result<_, CommandError> {
                let list = value.as_list_mut()?;
                match list::clamp_range(start, stop, list.len()) {
                    Some((first, last)) => {
                        list.truncate(last + 1);
                        list.drain(..first);
                    }
                    None => list.clear(),
                }
                // Redis reports the key modified even when nothing was trimmed.
                Ok(((), Modified::Yes))
            },
        )?;
        Ok(Frame::ok())
    }
}
