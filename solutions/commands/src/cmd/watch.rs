//! `WATCH key [key ...]` and `UNWATCH`: optimistic locking for a transaction.
//!
//! `WATCH` says "run my next `EXEC` only if none of these keys was modified meanwhile". The
//! client reads what it needs, queues its writes in `MULTI`, and `EXEC` answers null if another
//! client (or the client itself) wrote to a watched key in between; the client then retries.
//! How a modification is noticed: `watched_keys.rs`. `UNWATCH` forgets every watched key, as
//! `EXEC`, `DISCARD`, `RESET` and disconnecting do.
//!
//! `WATCH` inside `MULTI` is refused (it would come too late to protect anything) but, unlike an
//! unknown command, does not abort the transaction. `UNWATCH` inside `MULTI` is queued.
//!
//! How real Redis does it: `watchCommand`, `unwatchCommand` and `watchForKey` in `src/multi.c`.

use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The flags of both commands.
const FLAGS: Flags = Flags::NOSCRIPT
    .union(Flags::LOADING)
    .union(Flags::STALE)
    .union(Flags::FAST)
    .union(Flags::ALLOW_BUSY);

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "watch",
        arity: -2,
        flags: FLAGS,
        keys: KeyRange::ALL,
        acl_categories: AclCategories::TRANSACTION,
        tips: &[],
        key_specs: &[KeySpec::all(KeyFlags::RO)],
        subcommands: &[],
        parse: |args| Watch::parse(args).map(Command::Watch),
    },
    CommandSpec {
        name: "unwatch",
        arity: 1,
        flags: FLAGS,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::TRANSACTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |_| Ok(Command::Unwatch(Unwatch)),
    },
];

/// `WATCH key [key ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    /// The keys to watch, in the client's database.
    pub keys: Vec<bytes::Bytes>,
}

impl Watch {
    /// Parses the keys (the table made sure there is at least one).
    pub fn parse(args: &mut Args) -> Result<Watch, CommandError> {
        let mut keys = Vec::with_capacity(args.len());
        while !args.is_empty() {
            keys.push(args.next_bytes()?);
        }
        Ok(Watch { keys })
    }

    /// Watches each key. Refused inside `MULTI`.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        if ctx.session.transaction.in_multi() {
            return Err(CommandError::WatchInsideMulti);
        }
        for key in self.keys {
            ctx.watch(key);
        }
        Ok(Frame::ok())
    }
}

/// `UNWATCH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwatch;

impl Unwatch {
    /// Forgets every watched key.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.unwatch_all();
        Ok(Frame::ok())
    }
}
