//! `Transaction`: a client's `MULTI` queue and the keys it `WATCH`es.
//!
//! Between `MULTI` and `EXEC` a client's commands do not run: each is checked for its name and
//! argument count ([`crate::Request::from_frame`]), stored, and answered `+QUEUED`. `EXEC` then
//! runs the whole queue under the one lock a command takes, so no other client's command lands in
//! between (`cmd/multi.rs`).
//!
//! Two kinds of error, found at two moments, as in Redis:
//! - **while queueing**: an unknown command or a wrong argument count. The client is told at
//!   once, and the transaction is *aborted*: `EXEC` answers `EXECABORT` and runs nothing.
//! - **while running**: a bad option, a number that is not one, a key of the wrong type. Those
//!   need the arguments parsed or the keyspace read, so they appear inside `EXEC`'s reply, and
//!   the other commands still run. There is no rollback.
//!
//! `WATCH` adds optimistic locking: `EXEC` runs nothing (and answers null) if a watched key was
//! modified since it was watched. Who noticed is [`crate::WatchedKeys`]; the session keeps the
//! list of its own watched keys, to unwatch them on `EXEC`, `DISCARD`, `UNWATCH`, `RESET` and
//! disconnection.
//!
//! How real Redis does it: `src/multi.c` (`queueMultiCommand`, `flagTransaction`,
//! `execCommand`, `watchForKey`, `unwatchAllKeys`); `processCommand` in `src/server.c` decides
//! what is queued.

use std::ops::ControlFlow;

use bytes::Bytes;
use resp::Frame;

use crate::{Context, Request};

/// A client's transaction state: the queue while in `MULTI`, and its watched keys.
#[derive(Debug, Default)]
pub struct Transaction {
    /// The requests queued since `MULTI`, not parsed yet; `None` outside `MULTI`.
    pub(crate) queued: Option<Vec<Request>>,
    /// A request was refused while queueing: `EXEC` will answer `EXECABORT`.
    aborted: bool,
    /// The keys this client watches, as (database, key), each once.
    pub(crate) watched: Vec<(usize, Bytes)>,
}

/// What `EXEC` finds when it ends the transaction.
#[derive(Debug)]
pub struct Queued {
    /// The queued requests, in the order they arrived.
    pub requests: Vec<Request>,
    /// Whether a request was refused while queueing.
    pub aborted: bool,
}

/// The commands that run at once inside `MULTI` instead of being queued: those that end or
/// shape the transaction, and those that end the connection (Redis's list in `processCommand`).
const NEVER_QUEUED: &[&str] = &["exec", "discard", "multi", "watch", "quit", "reset"];

impl Transaction {
    /// Whether the client is between `MULTI` and `EXEC`/`DISCARD`.
    pub fn in_multi(&self) -> bool {
        self.queued.is_some()
    }

    /// `MULTI`: starts queueing. Returns false if the client was queueing already.
    pub fn begin(&mut self) -> bool {
        if self.in_multi() {
            return false;
        }
        self.queued = Some(Vec::new());
        self.aborted = false;
        true
    }

    /// Queues `request` if the client is in `MULTI`, and replies `+QUEUED`; otherwise hands the
    /// request back to be run now.
    pub fn intercept(&mut self, request: Request) -> ControlFlow<Frame, Request> {
        let Some(queue) = self.queued.as_mut() else {
            return ControlFlow::Continue(request); // Not in MULTI: the request runs now.
        };
        // @step 10: Transaction::intercept — queue the request while in MULTI
        // 1. A command in `NEVER_QUEUED` (compare `request.spec.name`) runs now:
        //    `ControlFlow::Continue(request)`.
        // 2. Any other: push it on `queue` and `ControlFlow::Break` with the simple string
        //    `QUEUED`. Its arguments are not parsed: that happens when EXEC runs it.
        todo!("step 10: Transaction::intercept — queue the request while in MULTI")
    }

    /// A request was refused before it could be queued (unknown command, wrong arity): inside
    /// `MULTI`, that dooms the transaction. Outside, nothing happens.
    pub fn flag_error(&mut self) {
        if !self.in_multi() {
            return;
        }
        // @step 10: Transaction::flag_error — a request refused while queueing dooms the queue
        // 1. Set `self.aborted`: EXEC will answer EXECABORT and run nothing.
        todo!("step 10: Transaction::flag_error — a request refused while queueing dooms the queue")
    }

    /// Ends `MULTI` (`EXEC`, `DISCARD`): the queue and whether it was aborted. `None` outside
    /// `MULTI`.
    pub fn finish(&mut self) -> Option<Queued> {
        let requests = self.queued.take()?;
        Some(Queued {
            requests,
            aborted: std::mem::take(&mut self.aborted),
        })
    }

    /// The keys this client watches, as (database, key).
    pub fn watched(&self) -> &[(usize, Bytes)] {
        &self.watched
    }
}

impl Context<'_> {
    /// `WATCH key`, in the client's database: remembered in its session and registered with the
    /// server's [`crate::WatchedKeys`]. Watching a key twice is watching it once.
    pub fn watch(&mut self, key: Bytes) {
        let db = self.session.db;
        let watched = &mut self.session.transaction.watched;
        if watched.iter().any(|(d, k)| *d == db && *k == key) {
            return;
        }
        (self.shared.watched_keys).watch(self.databases, db, &key, self.session.id);
        watched.push((db, key));
    }

    /// Stops watching every key, and forgets whether one was modified (`UNWATCH`, and the end
    /// of every transaction).
    pub fn unwatch_all(&mut self) {
        let client = self.session.id;
        for (db, key) in self.session.transaction.watched.drain(..) {
            (self.shared.watched_keys).unwatch(self.databases, db, &key, client);
        }
        self.shared.watched_keys.forget(client);
    }
}
