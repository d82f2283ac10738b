//! Busy polling: after the work runs out, look for more for a few microseconds before sleeping.
//!
//! When the server has nothing to do, its one thread sleeps in `epoll_wait`. The next client to
//! send a request then pays for waking it: inside that client's `write`, the kernel finds the
//! sleeping thread, queues it on its CPU and interrupts that CPU (on a virtual machine, through
//! the hypervisor). Under a steady load the next request is only microseconds away, so that cost
//! is paid again and again for a sleep of a few microseconds.
//!
//! With busy polling, a task of its own keeps the thread awake for a short *window* after the
//! last request: it yields to tokio in a loop, and each time it yields, tokio checks the sockets
//! without sleeping (`epoll_wait` with a zero timeout) and runs any connection that has input.
//! Requests that arrive within the window are served at once, and nobody pays for a wake-up.
//! After a whole window without a request the poller goes dormant and the thread sleeps as
//! before, so an idle server uses no CPU.
//!
//! The price is CPU time: the thread spins where it would have slept, up to one window per
//! pause in the traffic. docs/src/performance.md has the measurements, with and without
//! (`--busy-poll-us 0` turns it off). Linux offers the same idea for network cards (the
//! `busy_poll` socket option); Redis does not busy-poll.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use bytes::BytesMut;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::{Flow, Handler};

/// How many times a handler has been given input: the poller's sign that work is still coming.
static WORK_SEEN: AtomicU64 = AtomicU64::new(0);
/// Whether the poller is dormant, waiting for [`WAKE_POLLER`].
static POLLER_DORMANT: AtomicBool = AtomicBool::new(false);
static WAKE_POLLER: Notify = Notify::const_new();

/// Wraps a connection's handler so that the poller sees its work.
pub struct Polled<H>(pub H);

impl<H: Handler> Handler for Polled<H> {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        WORK_SEEN.fetch_add(1, Relaxed);
        // A plain load first: the flag is almost always false, and reading it is cheaper than
        // the read-modify-write that claims the wake-up.
        if POLLER_DORMANT.load(Relaxed) && POLLER_DORMANT.swap(false, Relaxed) {
            WAKE_POLLER.notify_one();
        }
        self.0.handle(input, output)
    }
}

/// Runs forever: keeps the runtime's thread polling for `window` after each piece of work.
/// Spawn it once, on the runtime that serves the connections.
pub async fn run_busy_poller(window: Duration) {
    loop {
        // Dormant until a connection has input again (see `Polled::handle`).
        POLLER_DORMANT.store(true, Relaxed);
        WAKE_POLLER.notified().await;

        let mut seen = WORK_SEEN.load(Relaxed);
        let mut quiet_since = Instant::now();
        while quiet_since.elapsed() < window {
            // Back of the queue: tokio runs every connection that is ready, then, with only
            // this task left, polls the sockets without sleeping before coming back here.
            tokio::task::yield_now().await;
            let now = WORK_SEEN.load(Relaxed);
            if now != seen {
                seen = now;
                quiet_since = Instant::now();
            }
        }
    }
}
