//! `LPUSH`, `RPUSH`, `LPUSHX`, `RPUSHX`: add elements at one end of a list.
//!
//! `LPUSH key a b c` pushes `a`, then `b`, then `c` at the head, so the list reads `c b a`; the
//! reply is the list's length after the push. A missing key is created as an empty list first.
//! The `X` forms push only to a list that exists: on a missing key they reply 0 and create
//! nothing. A key that holds another type is `WRONGTYPE` and is left alone.
//!
//! A push is a write through [`store::Keyspace::update`], so it is reported on the write path:
//! that is what wakes a client blocked in `BLPOP` on this key (`blocking.rs`).
//!
//! How real Redis does it: `pushGenericCommand` in `src/t_list.c`.

use bytes::Bytes;
use resp::Frame;
use store::{Modified, Value};

use super::list::{self, End};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The key of a push: written, inserted into.
const PUSH_KEY_SPECS: &[KeySpec] = &[KeySpec::one(KeyFlags::RW.union(KeyFlags::INSERT))];

/// The row shared by the four pushes: only the name and the parse differ.
const fn spec(
    name: &'static str,
    parse: fn(&mut Args) -> Result<Command, CommandError>,
) -> CommandSpec {
    CommandSpec {
        name,
        arity: -3,
        flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: PUSH_KEY_SPECS,
        subcommands: &[],
        parse,
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    spec("lpush", |args| {
        Push::parse(End::Left, false, args).map(Command::Push)
    }),
    spec("rpush", |args| {
        Push::parse(End::Right, false, args).map(Command::Push)
    }),
    spec("lpushx", |args| {
        Push::parse(End::Left, true, args).map(Command::Push)
    }),
    spec("rpushx", |args| {
        Push::parse(End::Right, true, args).map(Command::Push)
    }),
];

/// `LPUSH key element [element ...]` and its three siblings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Push {
    /// The list's key.
    pub key: Bytes,
    /// Which end to push at.
    pub end: End,
    /// `LPUSHX`/`RPUSHX`: push only if the list exists.
    pub only_existing: bool,
    /// The elements, pushed one after the other.
    pub elements: Vec<Bytes>,
}

impl Push {
    /// Parses the arguments after the name.
    pub fn parse(end: End, only_existing: bool, args: &mut Args) -> Result<Push, CommandError> {
        Ok(Push {
            key: args.next_bytes()?,
            end,
            only_existing,
            elements: args.take_rest(),
        })
    }

    /// Pushes the elements and replies the list's new length.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        // @step 7: Push::apply — LPUSH/RPUSH: push each element, reply the new length
        // 1. `ctx.keyspace().update(&self.key, create, change)` changes the list in place. Its
        //    `create` makes the value of a missing key: `Some(Value::empty_list())`, or `None`
        //    when `self.only_existing` (LPUSHX: then `update` returns `Ok(None)`).
        // 2. In `change`, `value.as_list_mut()?` (WRONGTYPE for another type), then
        //    `list::push(list, self.end, element)` for each element in order, and return
        //    `Ok((list.len(), Modified::Yes))`.
        // 3. Reply `Frame::Integer` of the length, or 0 if nothing was created.
        todo!("step 7: Push::apply — LPUSH/RPUSH: push each element, reply the new length")
    }
}
