//! The blocking pops: `BLPOP`/`BRPOP key [key ...] timeout`, `BLMOVE source destination
//! LEFT|RIGHT LEFT|RIGHT timeout`, `BRPOPLPUSH source destination timeout` and
//! `BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]`.
//!
//! Each is its non-blocking sibling when a key holds a list: `BLPOP` pops from the first
//! non-empty key in argument order and replies `[key, element]`. When every key is empty, the
//! client waits (`blocking.rs`). The timeout is read first, before any key is looked at.
//!
//! How real Redis does it: `blpopCommand`, `blmoveCommand`, `blmpopCommand` and
//! `blockingPopGenericCommand` in `src/t_list.c`.

use bytes::Bytes;
use resp::Frame;
use tokio::time::Duration;

use super::list::End;
use super::lmove::MOVE_KEY_SPECS;
use super::lmpop::{mpop_key_spec, LMPop};
use crate::blocking::{self, BlockedPop};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

const BLOCKING_WRITE: Flags = Flags::WRITE.union(Flags::NOSCRIPT).union(Flags::BLOCKING);
/// `@blocking` is implied by the `blocking` flag.
const BLOCKING_LIST: AclCategories = AclCategories::LIST;

/// The keys of `BLPOP`: every argument but the timeout.
const BLPOP_KEY_SPECS: &[KeySpec] = &[KeySpec::range(
    KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE),
    1,
    -2,
)];

/// The row shared by `BLPOP` and `BRPOP`.
const fn pop_spec(name: &'static str, parse: fn(&mut Args) -> Result<Command, CommandError>) -> CommandSpec {
    CommandSpec {
        name,
        arity: -3,
        flags: BLOCKING_WRITE,
        keys: KeyRange::new(1, -2, 1),
        acl_categories: BLOCKING_LIST,
        tips: &[],
        key_specs: BLPOP_KEY_SPECS,
        subcommands: &[],
        parse,
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    pop_spec("blpop", |args| BLPop::parse(End::Left, args).map(Command::BLPop)),
    pop_spec("brpop", |args| BLPop::parse(End::Right, args).map(Command::BLPop)),
    CommandSpec {
        name: "blmove",
        arity: 6,
        flags: BLOCKING_WRITE.union(Flags::DENYOOM),
        keys: KeyRange::new(1, 2, 1),
        acl_categories: BLOCKING_LIST,
        tips: &[],
        key_specs: MOVE_KEY_SPECS,
        subcommands: &[],
        parse: |args| BLMove::parse(args, false).map(Command::BLMove),
    },
    CommandSpec {
        name: "brpoplpush",
        arity: 4,
        flags: BLOCKING_WRITE.union(Flags::DENYOOM),
        keys: KeyRange::new(1, 2, 1),
        acl_categories: BLOCKING_LIST,
        tips: &[],
        key_specs: MOVE_KEY_SPECS,
        subcommands: &[],
        parse: |args| BLMove::parse(args, true).map(Command::BLMove),
    },
    CommandSpec {
        name: "blmpop",
        arity: -5,
        flags: Flags::WRITE.union(Flags::BLOCKING).union(Flags::MOVABLE_KEYS),
        keys: KeyRange::NONE,
        acl_categories: BLOCKING_LIST,
        tips: &[],
        key_specs: &[mpop_key_spec(2)],
        subcommands: &[],
        parse: |args| BLMPop::parse(args).map(Command::BLMPop),
    },
];

/// `BLPOP key [key ...] timeout` and `BRPOP`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BLPop {
    /// The keys, tried in order.
    pub keys: Vec<Bytes>,
    /// The end to pop from.
    pub end: End,
    /// How long to wait; `None`: for ever.
    pub timeout: Option<Duration>,
}

impl BLPop {
    /// Parses the arguments after the name: the keys, then the timeout.
    pub fn parse(end: End, args: &mut Args) -> Result<BLPop, CommandError> {
        let mut keys = args.take_rest();
        let timeout = keys.pop().ok_or(CommandError::Syntax)?;
        Ok(BLPop {
            keys,
            end,
            timeout: blocking::parse_timeout(&timeout)?,
        })
    }

    /// Pops from the first non-empty list, or waits.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let pop = BlockedPop::Pop(self.end);
        if let Some(reply) = pop.serve_first(ctx, &self.keys)? {
            return Ok(reply);
        }
        Ok(blocking::block(ctx, &self.keys, self.timeout, pop, Frame::NullArray))
    }
}

/// `BLMOVE source destination from to timeout` and `BRPOPLPUSH source destination timeout`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BLMove {
    /// The list popped from: the key waited on.
    pub source: Bytes,
    /// What to do with the element.
    pub pop: BlockedPop,
    /// How long to wait; `None`: for ever.
    pub timeout: Option<Duration>,
}

impl BLMove {
    /// Parses the arguments after the name: the ends are read before the timeout.
    pub fn parse(args: &mut Args, brpoplpush: bool) -> Result<BLMove, CommandError> {
        let source = args.next_bytes()?;
        let destination = args.next_bytes()?;
        let (from, to) = if brpoplpush {
            (End::Right, End::Left)
        } else {
            (End::parse(&args.next_bytes()?)?, End::parse(&args.next_bytes()?)?)
        };
        let timeout = blocking::parse_timeout(&args.next_bytes()?)?;
        Ok(BLMove {
            source,
            pop: BlockedPop::Move {
                from,
                to,
                destination,
            },
            timeout,
        })
    }

    /// Moves an element, or waits for the source to receive one.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.name_events_as(self.pop.events());
        if let Some(reply) = self.pop.serve(ctx.keyspace(), &self.source)? {
            return Ok(reply);
        }
        let keys = [self.source];
        // Inside EXEC, Redis replies a null *bulk* here, but the null array on a timeout.
        Ok(blocking::block(ctx, &keys, self.timeout, self.pop, Frame::Null))
    }
}

/// `BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BLMPop {
    /// The keys, the end and the count, as `LMPOP` reads them.
    pub lmpop: LMPop,
    /// How long to wait; `None`: for ever.
    pub timeout: Option<Duration>,
}

impl BLMPop {
    /// Parses the arguments after the name: the timeout, then as `LMPOP`.
    pub fn parse(args: &mut Args) -> Result<BLMPop, CommandError> {
        let timeout = blocking::parse_timeout(&args.next_bytes()?)?;
        Ok(BLMPop {
            lmpop: LMPop::parse(args)?,
            timeout,
        })
    }

    /// Pops from the first non-empty list, or waits.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let pop = self.lmpop.blocked_pop();
        if let Some(reply) = pop.serve_first(ctx, &self.lmpop.keys)? {
            return Ok(reply);
        }
        Ok(blocking::block(ctx, &self.lmpop.keys, self.timeout, pop, Frame::NullArray))
    }
}
