//! Blocking pops: `BLPOP`, `BRPOP`, `BLMOVE`, `BRPOPLPUSH`, `BLMPOP`.
//!
//! A blocking pop first tries to pop at once, from the first of its keys that holds a list. Only
//! if every key is empty does it *block*: the client registers in [`crate::Waiters`] under each
//! key and gets no reply yet. Its connection keeps running, but it reads no further request
//! until the wait ends, in one of four ways:
//!
//! ```text
//!   client A                     server                            client B
//!   BLPOP q 5 ──────────▶ q empty: A waits on q
//!                                (Session::blocked, wait_deadline)
//!                                                   ◀──────────── RPUSH q job
//!                        RPUSH runs; the write path logs "q changed"
//!                        after_command: q is ready, A waits longest:
//!                        pop for A *now*, under the same lock,
//!                        deliver ["q", "job"] to A's mailbox ─────▶ :1 to B
//!   ◀──────────── ["q", "job"] (A's connection: mailbox rang)
//! ```
//!
//! - **Served**: a write to a key it waits for (a push, an `LMOVE`, a transaction) makes the key
//!   *ready*; after the command, [`crate::Waiters::serve_ready`] pops for the waiters in the order
//!   they came, while the list has elements, and hands each its reply.
//! - **Timed out**: the connection wakes at `wait_deadline` and [`resume`] replies the null
//!   array.
//! - **Unblocked**: `CLIENT UNBLOCK id [TIMEOUT|ERROR]` from another client.
//! - **Disconnected**: the connection's handler is dropped and stops waiting.
//!
//! Serving happens on the write path, not in the woken connection: the pop runs in the same
//! critical section as the push that made it possible, so no other client can take the element
//! in between, and each element goes to exactly one waiter. (The other design, waking the
//! client and letting it pop when its task runs, lets a third client's `LPOP` slip in first, and
//! the woken client must then wait again and lose its place in the queue.)
//!
//! How real Redis does it: `blockingPopGenericCommand` and `serveClientsBlockedOnListKey` in
//! `src/t_list.c`; `blockForKeys`, `signalKeyAsReady`, `handleClientsBlockedOnKeys` and
//! `replyToBlockedClientTimedOut` in `src/blocked.c`.

use bytes::Bytes;
use resp::Frame;
use store::Keyspace;
use tokio::time::{Duration, Instant};

use crate::cmd::list::{self, End, ListError};
use crate::cmd::{move_element, move_events};
use crate::{CommandError, Context, Session, Shared};

/// What a blocked client does once a key it waits for holds a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockedPop {
    /// `BLPOP`/`BRPOP`: pop one element; reply `[key, element]`.
    Pop(End),
    /// `BLMOVE`/`BRPOPLPUSH`: move one element to `destination`; reply the element.
    Move {
        /// The end of the source to pop.
        from: End,
        /// The end of the destination to push.
        to: End,
        /// The list pushed to.
        destination: Bytes,
    },
    /// `BLMPOP`: pop up to `count` elements; reply `[key, [element, ...]]`.
    MPop {
        /// The end to pop from.
        end: End,
        /// How many at most.
        count: usize,
    },
}

impl BlockedPop {
    /// Pops from `key` and returns the reply: `Ok(None)` if `key` holds no list, `WRONGTYPE`
    /// if it holds another type (or, for a move, if the destination does).
    pub fn serve(
        &self,
        keyspace: &mut Keyspace,
        key: &Bytes,
    ) -> Result<Option<Frame>, CommandError> {
        let popped = match self {
            BlockedPop::Move {
                from,
                to,
                destination,
            } => {
                let moved = move_element(keyspace, key, destination, *from, *to)?;
                return Ok(moved.map(Frame::Bulk));
            }
            BlockedPop::Pop(end) => pop_some(keyspace, key, *end, 1)?,
            BlockedPop::MPop { end, count } => pop_some(keyspace, key, *end, *count)?,
        };
        let Some(elements) = popped else {
            return Ok(None);
        };
        let key = Frame::Bulk(key.clone());
        Ok(Some(match self {
            BlockedPop::MPop { .. } => Frame::Array(vec![
                key,
                Frame::Array(elements.into_iter().map(Frame::Bulk).collect()),
            ]),
            _ => Frame::Array(
                std::iter::once(key)
                    .chain(elements.into_iter().map(Frame::Bulk))
                    .collect(),
            ),
        }))
    }

    /// The row of the keyspace-event table that names this pop's events: `BLMPOP ... RIGHT`
    /// pops with `rpop`, `BLMOVE ... LEFT RIGHT` with `rpush` and `lpop`.
    pub fn events(&self) -> &'static str {
        match self {
            BlockedPop::Pop(end) | BlockedPop::MPop { end, .. } => end.pop_events(),
            BlockedPop::Move { from, to, .. } => move_events(*from, *to),
        }
    }

    /// The first key, in argument order, that holds a list, served at once; `Ok(None)` if all
    /// are missing. A key of another type met first is `WRONGTYPE`.
    pub fn serve_first(
        &self,
        ctx: &mut Context<'_>,
        keys: &[Bytes],
    ) -> Result<Option<Frame>, CommandError> {
        ctx.name_events_as(self.events());
        for key in keys {
            if let Some(reply) = self.serve(ctx.keyspace(), key)? {
                return Ok(Some(reply));
            }
        }
        Ok(None)
    }

    /// What a client that waited in vain gets: the null array, for every list command (Redis's
    /// `replyToBlockedClientTimedOut`).
    pub fn timed_out() -> Frame {
        Frame::NullArray
    }
}

/// Pops up to `count` elements from the list at `key`, `None` if there is no list.
fn pop_some(
    keyspace: &mut Keyspace,
    key: &Bytes,
    end: End,
    count: usize,
) -> Result<Option<Vec<Bytes>>, CommandError> {
    keyspace.update(
        key,
        || None,
        |value| -> Result<_, CommandError> {
            let list = value.as_list_mut()?;
            let wanted = count.min(list.len());
            let popped: Vec<Bytes> = (0..wanted).filter_map(|_| list::pop(list, end)).collect();
            Ok((popped, store::Modified::Yes))
        },
    )
}

/// A blocking command's timeout, in seconds with decimals, as milliseconds: 0 waits for ever.
/// Read as Redis 7.0 reads it, `ceill(seconds * 1000)` in `long double`: a timeout under a
/// millisecond is 1 ms, and a huge one overflows into "negative".
pub fn parse_timeout(text: &[u8]) -> Result<Option<Duration>, CommandError> {
    let seconds = crate::cmd::parse_long_double(text).ok_or(ListError::TimeoutNotAFloat)?;
    match seconds.times_1000_ceiling() {
        millis if millis < 0 => Err(ListError::TimeoutNegative.into()),
        0 => Ok(None),
        millis => Ok(Some(Duration::from_millis(millis as u64))),
    }
}

/// Nothing to pop: the client waits on `keys` for at most `timeout` (None: for ever). The reply
/// comes later, through the client's mailbox; the placeholder returned here is never sent.
/// Inside `EXEC` a client cannot wait: it gets `in_exec_reply` at once, as on a timeout.
pub fn block(
    ctx: &mut Context<'_>,
    keys: &[Bytes],
    timeout: Option<Duration>,
    pop: BlockedPop,
    in_exec_reply: Frame,
) -> Frame {
    // @step 7: block — register the client as a waiter; its reply comes later
    // 1. If `ctx.session.in_exec`, a transaction cannot wait: return `in_exec_reply`.
    // 2. The deadline: `Instant::now() + timeout`, or None for no timeout.
    // 3. Register: `ctx.shared.waiters.wait(ctx.databases, db, keys, id, &mailbox, pop,
    //    deadline)`, with the session's `db`, `id` and `mailbox`.
    // 4. Mark the session waiting: `ctx.session.blocked = true` and
    //    `ctx.session.wait_deadline = deadline`, so its connection wakes then even if nothing
    //    arrives.
    // 5. Return `Frame::Null`: the connection does not send it while the session is blocked.
    if ctx.session.in_exec {
        return in_exec_reply;
    }
    let session = &mut *ctx.session;
    let deadline = timeout.map(|timeout| Instant::now() + timeout);
    let (db, id) = (session.db, session.id);
    let waiters = &ctx.shared.waiters;
    waiters.wait(ctx.databases, db, keys, id, &session.mailbox, pop, deadline);
    session.blocked = true;
    session.wait_deadline = deadline;
    Frame::Null
}

/// A blocked client's connection woke up (its mailbox rang, or its deadline came). Returns true
/// when the wait is over: its reply is then in its mailbox, to be sent before anything else.
/// False: still waiting, read no request yet.
pub fn resume(shared: &Shared, session: &mut Session) -> bool {
    // @step 7: resume — has the wait ended? If the deadline passed, time out
    // 1. Take the lock: `let mut databases = shared.db.lock();` (serving happens under it, so
    //    what you see is settled).
    // 2. `!shared.waiters.is_waiting(session.id)`: served or unblocked; its reply is in the
    //    mailbox already. The wait is over.
    // 3. Else, if `session.wait_deadline` has passed (`Instant::now() >= deadline`): stop
    //    waiting (`shared.waiters.stop_waiting(&mut databases, session.id)`) and deliver
    //    `BlockedPop::timed_out()` to `session.mailbox` (`deliver(frame, 5)`). Over.
    // 4. When over, clear `session.blocked` and `session.wait_deadline`, return true; else
    //    return false.
    let mut databases = shared.db.lock();
    let over = if !shared.waiters.is_waiting(session.id) {
        true
    } else if session
        .wait_deadline
        .is_some_and(|deadline| Instant::now() >= deadline)
    {
        shared.waiters.stop_waiting(&mut databases, session.id);
        session.mailbox.deliver(BlockedPop::timed_out(), 5);
        true
    } else {
        false
    };
    if over {
        session.blocked = false;
        session.wait_deadline = None;
    }
    over
}
