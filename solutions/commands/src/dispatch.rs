//! One request, from frame to reply: the path every request takes through the command layer.
//!
//! ```text
//! frame ─▶ Request::from_frame ─▶ Request::parse ─▶ lock ─▶ Command::execute ─▶ after_command ─▶ reply
//!          (name, arity)          (arguments)       (one     (the command)      (listeners hear
//!                                                    guard)                      of the changes)
//! ```
//!
//! Inside `MULTI`, a request that passed the first stage is queued instead, to run at `EXEC`
//! (`transaction.rs`).
//!
//! Errors can stop a request at the first two stages, before any lock is taken. So can
//! subscribed mode: a RESP2 client with a subscription may send only a few commands
//! (`crate::pubsub::check_subscribed_mode`). Statistics are
//! counted on the way out, still under the lock: per command for `INFO commandstats`, per error
//! for `errorstats`.
//!
//! How real Redis does it: `processCommand` and `call` in `src/server.c`.

use std::ops::ControlFlow;
use std::time::Instant;

use resp::Frame;

use crate::{CommandError, Context, Request, Session, Shared};

/// Runs one request for `session` and returns the reply.
pub fn dispatch(shared: &Shared, session: &mut Session, frame: Frame) -> Frame {
    let request = match Request::from_frame(frame) {
        Ok(request) => request,
        Err(error) => {
            // Inside MULTI, EXEC will answer EXECABORT.
            session.transaction.flag_error();
            // A known command with the wrong arity counts as a rejected call of that command.
            let name = match &error {
                CommandError::WrongArity(name) => Some(name.clone()),
                _ => None,
            };
            return rejected(shared, name.as_deref(), error);
        }
    };
    let name = request.spec.name;
    // The one test of subscribed mode every command pays: two lengths. Only a subscriber goes
    // further, so an unsolved chapter 9 (`check_subscribed_mode`) stays out of other chapters.
    if session.subscriptions.count() > 0 {
        if let Err(error) = crate::pubsub::check_subscribed_mode(session, &request) {
            session.transaction.flag_error();
            return rejected(shared, Some(name), error);
        }
    }
    let request = match session.transaction.intercept(request) {
        ControlFlow::Continue(request) => request,
        ControlFlow::Break(queued) => return queued, // Inside MULTI: queued, runs at EXEC.
    };
    let command = match request.parse() {
        Ok(command) => command,
        Err(error @ CommandError::WrongArity(_)) => return rejected(shared, Some(name), error),
        Err(error) => {
            let reply = error.into_frame();
            let _counting = shared.db.lock(); // Command counters change under the lock.
            shared
                .stats
                .count_call(name, Default::default(), error_text(&reply));
            return reply;
        }
    };
    let started = session.last_command_end.unwrap_or_else(Instant::now);
    let mut databases = shared.db.lock();
    let mut ctx = Context {
        databases: &mut databases,
        session,
        shared,
    };
    let reply = command.execute(&mut ctx);
    let events = session.events_as.take().unwrap_or(name);
    shared.after_command_named(events, &mut databases);
    let finished = Instant::now();
    session.last_command_end = Some(finished);
    shared
        .stats
        .count_call(name, finished - started, error_text(&reply));
    reply
}

/// A request refused before it ran.
fn rejected(shared: &Shared, name: Option<&str>, error: CommandError) -> Frame {
    let reply = error.into_frame();
    if let Some(text) = error_text(&reply) {
        shared.stats.count_rejected(name, text);
    }
    reply
}

/// The text of an error reply.
pub(crate) fn error_text(reply: &Frame) -> Option<&str> {
    match reply {
        Frame::Error(text) => Some(text),
        _ => None,
    }
}
