//! `MULTI`, `EXEC`, `DISCARD`: a transaction.
//!
//! `MULTI` starts queueing (the queue lives in the session: `transaction.rs`), `DISCARD` drops
//! the queue, and `EXEC` runs it. `EXEC` is itself a command, so it runs under the one lock
//! `dispatch` took for it: every queued command runs under that same guard, one after the other,
//! and no other client's command can land in between. That is all "atomic" means here: a command
//! that fails does not undo the others (Redis has no rollback).
//!
//! `EXEC` runs nothing when:
//! - a request was refused while queueing: `-EXECABORT Transaction discarded because of
//!   previous errors.`;
//! - a watched key was modified since `WATCH`: a null reply (`*-1` in RESP2, `_` in RESP3).
//!
//! Either way, and after a run, the client's watches are gone.
//!
//! How real Redis does it: `multiCommand`, `discardCommand` and `execCommand` in `src/multi.c`.

use std::time::Instant;

use resp::Frame;

use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Command, CommandError, CommandSpec, Context};

/// The flags of `MULTI` and `DISCARD`.
const FLAGS: Flags = Flags::NOSCRIPT
    .union(Flags::LOADING)
    .union(Flags::STALE)
    .union(Flags::FAST)
    .union(Flags::ALLOW_BUSY);

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "multi",
        arity: 1,
        flags: FLAGS,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::TRANSACTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |_| Ok(Command::Multi(Multi)),
    },
    CommandSpec {
        name: "exec",
        arity: 1,
        flags: Flags::NOSCRIPT
            .union(Flags::LOADING)
            .union(Flags::STALE)
            .union(Flags::SKIP_SLOWLOG),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::TRANSACTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |_| Ok(Command::Exec(Exec)),
    },
    CommandSpec {
        name: "discard",
        arity: 1,
        flags: FLAGS,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::TRANSACTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |_| Ok(Command::Discard(Discard)),
    },
];

/// `MULTI`: start queueing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multi;

impl Multi {
    /// Starts the transaction. A second `MULTI` is an error that does not abort it.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        if !ctx.session.transaction.begin() {
            return Err(CommandError::MultiNested);
        }
        Ok(Frame::ok())
    }
}

/// `DISCARD`: drop the queue and the watches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard;

impl Discard {
    /// Ends the transaction without running it.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        if ctx.session.transaction.finish().is_none() {
            return Err(CommandError::DiscardWithoutMulti);
        }
        ctx.unwatch_all();
        Ok(Frame::ok())
    }
}

/// `EXEC`: run the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exec;

impl Exec {
    /// Runs every queued command under the lock this command holds, and replies an array of
    /// their replies, or nothing at all (see the module docs).
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let Some(queued) = ctx.session.transaction.finish() else {
            return Err(CommandError::ExecWithoutMulti);
        };
        let modified = watched_key_modified(ctx);
        ctx.unwatch_all();
        // @step 10: Exec::apply — run the queue under the lock, or nothing
        // 1. `queued.aborted` (a request was refused while queueing):
        //    `Err(CommandError::ExecAbort)`.
        // 2. `modified` (a watched key changed): `Ok(Frame::NullArray)`, nothing runs.
        // 3. Set `ctx.session.in_exec` while the queue runs (a blocking command must not wait).
        // 4. For each request of `queued.requests`: `request.parse()`, then `command.execute(ctx)`
        //    (it runs under the lock `ctx` holds already: never lock again). A parse error's
        //    reply is `error.into_frame()`; either way, end it with `finish_call` below (it
        //    counts the call and hands its changes to their listeners, as `dispatch` does).
        // 5. Reset `in_exec` and reply `Frame::Array` of the replies, in order.
        if queued.aborted {
            return Err(CommandError::ExecAbort);
        }
        if modified {
            return Ok(Frame::NullArray);
        }
        ctx.session.in_exec = true;
        let mut replies = Vec::with_capacity(queued.requests.len());
        for request in queued.requests {
            let started = Instant::now();
            let name = request.spec.name;
            let reply = match request.parse() {
                Ok(command) => command.execute(ctx),
                Err(error) => error.into_frame(),
            };
            finish_call(ctx, name, started, &reply);
            replies.push(reply);
        }
        ctx.session.in_exec = false;
        Ok(Frame::Array(replies))
    }
}

/// Whether a key this client watches was modified since `WATCH`.
///
/// The changes made so far are handed to their listeners first
/// ([`crate::Shared::hand_over_changes`] drains the logs), so that those of the active expiry cycle, which runs between commands, are
/// heard too. And a watched key whose deadline has passed counts as modified even if nobody has
/// deleted it yet: expiring it now logs the change.
fn watched_key_modified(ctx: &mut Context<'_>) -> bool {
    if ctx.session.transaction.watched().is_empty() {
        return false;
    }
    for (db, key) in ctx.session.transaction.watched() {
        ctx.databases[*db].expire_if_needed(key);
    }
    ctx.shared.hand_over_changes("", ctx.databases);
    ctx.shared.watched_keys.was_modified(ctx.session.id)
}

/// Ends a queued command's call as if it had been sent alone: its changes go to their listeners
/// under its own name (the keyspace event of an `INCR` inside `EXEC` is `incrby`, not `exec`),
/// and it counts in `INFO commandstats`. Clients blocked on its keys are served after the whole
/// transaction, when `dispatch` ends `EXEC` (`Shared::after_command_named`).
fn finish_call(ctx: &mut Context<'_>, name: &str, started: Instant, reply: &Frame) {
    let events = ctx.session.events_as.take().unwrap_or(name);
    ctx.shared.hand_over_changes(events, ctx.databases);
    ctx.shared
        .stats
        .count_call(name, started.elapsed(), crate::dispatch::error_text(reply));
}
