//! `LMOVE source destination LEFT|RIGHT LEFT|RIGHT` and `RPOPLPUSH source destination`: pop
//! from one list and push to another, atomically.
//!
//! The reply is the element moved, or null if the source is missing. Both keys must hold lists
//! (or not exist): the destination is checked *before* the source is popped, so a `WRONGTYPE`
//! loses nothing. Source and destination may be the same list: `LMOVE l l LEFT RIGHT` rotates
//! it. `RPOPLPUSH` is `LMOVE ... RIGHT LEFT`.
//!
//! [`move_element`] is also what serves a client blocked in `BLMOVE` (`blocking.rs`).
//!
//! How real Redis does it: `lmoveGenericCommand` and `lmoveHandlePush` in `src/t_list.c`.

use bytes::Bytes;
use resp::Frame;
use store::{Keyspace, Modified, Value};

use super::list::{self, End};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The key specs of a move: the source is popped, the destination pushed to.
pub(crate) const MOVE_KEY_SPECS: &[KeySpec] = &[
    KeySpec::range(
        KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE),
        1,
        0,
    ),
    KeySpec::range(KeyFlags::RW.union(KeyFlags::INSERT), 2, 0),
];

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "lmove",
        arity: 5,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::new(1, 2, 1),
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: MOVE_KEY_SPECS,
        subcommands: &[],
        parse: |args| LMove::parse(args, false).map(Command::LMove),
    },
    CommandSpec {
        name: "rpoplpush",
        arity: 3,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::new(1, 2, 1),
        acl_categories: AclCategories::LIST,
        tips: &[],
        key_specs: MOVE_KEY_SPECS,
        subcommands: &[],
        parse: |args| LMove::parse(args, true).map(Command::LMove),
    },
];

/// `LMOVE source destination from to`, and `RPOPLPUSH source destination`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LMove {
    /// The list popped from.
    pub source: Bytes,
    /// The list pushed to.
    pub destination: Bytes,
    /// The end of the source to pop.
    pub from: End,
    /// The end of the destination to push.
    pub to: End,
}

impl LMove {
    /// Parses the arguments after the name; `rpoplpush` has no ends to read.
    pub fn parse(args: &mut Args, rpoplpush: bool) -> Result<LMove, CommandError> {
        let source = args.next_bytes()?;
        let destination = args.next_bytes()?;
        let (from, to) = if rpoplpush {
            (End::Right, End::Left)
        } else {
            (End::parse(&args.next_bytes()?)?, End::parse(&args.next_bytes()?)?)
        };
        Ok(LMove {
            source,
            destination,
            from,
            to,
        })
    }

    /// Moves one element; replies it, or null.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.name_events_as(move_events(self.from, self.to));
        let moved = move_element(ctx.keyspace(), &self.source, &self.destination, self.from, self.to)?;
        Ok(moved.map_or(Frame::Null, Frame::Bulk))
    }
}

/// Pops from `from` of `source` and pushes to `to` of `destination`. `Ok(None)` if the source
/// is missing; `WRONGTYPE`, with nothing changed, if either key holds another type.
///
/// In Redis's order: the element is pushed, then popped (`lmoveHandlePush` runs before the
/// pop's event), so the keyspace events read `lpush`, then `rpop`, then `del` if the source was
/// emptied. The same order makes one list safe too: `LMOVE l l LEFT RIGHT` pushes a copy of the
/// head to the tail, then pops the head, and a one-element list is never emptied on the way.
pub(crate) fn move_element(
    keyspace: &mut Keyspace,
    source: &Bytes,
    destination: &Bytes,
    from: End,
    to: End,
) -> Result<Option<Bytes>, CommandError> {
    let element = match keyspace.get(source) {
        None => return Ok(None),
        Some(value) => {
            let list = value.as_list()?;
            match from {
                End::Left => list.front(),
                End::Right => list.back(),
            }
            .cloned()
        }
    };
    let Some(element) = element else {
        return Ok(None);
    };
    if let Some(value) = keyspace.get(destination) {
        value.as_list()?;
    }
    keyspace.update(
        destination,
        || Some(Value::empty_list()),
        |value| -> Result<_, CommandError> {
            list::push(value.as_list_mut()?, to, element.clone());
            Ok(((), Modified::Yes))
        },
    )?;
    keyspace.update(source, || None, |value| -> Result<_, CommandError> {
        Ok((list::pop(value.as_list_mut()?, from), Modified::Yes))
    })?;
    Ok(Some(element))
}

/// The row of the keyspace-event table (`pubsub/events.rs`) that names a move's events: the
/// push's, then the pop's, after the ends the client chose.
pub(crate) fn move_events(from: End, to: End) -> &'static str {
    match (from, to) {
        (End::Right, End::Left) => "rpoplpush",
        (End::Left, End::Left) => "lmove left left",
        (End::Left, End::Right) => "lmove left right",
        (End::Right, End::Right) => "lmove right right",
    }
}
