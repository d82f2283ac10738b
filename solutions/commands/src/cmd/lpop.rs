//! `LPOP key [count]` and `RPOP key [count]`: take elements from one end of a list.
//!
//! Without a count, the reply is the element, or null if the key is missing. With a count, it is
//! an array of up to `count` elements (fewer if the list is shorter), or the null array for a
//! missing key; a count of 0 is the empty array. The count must be 0 or more. A list left empty
//! is deleted: Redis never keeps an empty list.
//!
//! How real Redis does it: `popGenericCommand` in `src/t_list.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};
use store::Modified;

use super::list::{self, End};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The key of a pop: read, written, maybe deleted.
const POP_KEY_SPECS: &[KeySpec] = &[KeySpec::one(
    KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE),
)];

/// The row shared by both pops.
const fn spec(name: &'static str, parse: fn(&mut Args) -> Result<Command, CommandError>) -> CommandSpec {
    CommandSpec {
        name,
        arity: -2,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: POP_KEY_SPECS,
        subcommands: &[],
        parse,
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    spec("lpop", |args| Pop::parse(End::Left, "lpop", args).map(Command::Pop)),
    spec("rpop", |args| Pop::parse(End::Right, "rpop", args).map(Command::Pop)),
];

/// `LPOP key [count]` and `RPOP key [count]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pop {
    /// The list's key.
    pub key: Bytes,
    /// Which end to pop from.
    pub end: End,
    /// How many, if an array is wanted.
    pub count: Option<usize>,
}

impl Pop {
    /// Parses the arguments after the name: more than a count is a wrong number of arguments,
    /// as Redis says it.
    pub fn parse(end: End, name: &str, args: &mut Args) -> Result<Pop, CommandError> {
        let key = args.next_bytes()?;
        let count = match args.len() {
            0 => None,
            1 => match string_to_i64(&args.next_bytes()?) {
                Some(count) if count >= 0 => Some(count as usize),
                _ => return Err(CommandError::MustBePositive),
            },
            _ => return Err(CommandError::WrongArity(name.to_string())),
        };
        Ok(Pop { key, end, count })
    }

    /// Pops and replies what it popped.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        // @step 7: Pop::apply — LPOP/RPOP: take one element, or up to `count`
        // 1. `ctx.keyspace().update(&self.key, || None, change)`: a missing key is not created,
        //    and `update` returns `Ok(None)`: reply `Frame::Null` without a count,
        //    `Frame::NullArray` with one.
        // 2. In `change`: `value.as_list_mut()?`, then `list::pop(list, self.end)` once, or
        //    up to `count` times (stop when it returns None). Return the elements with
        //    `Modified::Yes` (`Modified::No` if nothing was popped: a count of 0).
        // 3. Reply the element as `Frame::Bulk`, or with a count an array of them (count 0 on
        //    an existing list is the empty array). `update` deletes a list left empty.
        let (end, count) = (self.end, self.count);
        let popped = ctx.keyspace().update(
            &self.key,
            || None,
            |value| -> Result<_, CommandError> {
                let list = value.as_list_mut()?;
                let wanted = count.unwrap_or(1).min(list.len());
                let popped: Vec<Bytes> = (0..wanted).filter_map(|_| list::pop(list, end)).collect();
                let modified = if popped.is_empty() { Modified::No } else { Modified::Yes };
                Ok((popped, modified))
            },
        )?;
        Ok(match (count, popped) {
            (None, None) => Frame::Null,
            (Some(_), None) => Frame::NullArray,
            (None, Some(popped)) => popped.into_iter().next().map_or(Frame::Null, Frame::Bulk),
            (Some(_), Some(popped)) => Frame::Array(popped.into_iter().map(Frame::Bulk).collect()),
        })
    }
}
