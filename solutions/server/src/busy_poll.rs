//! Busy polling: after the work runs out, look for more for a few microseconds before sleeping.
//!
//! Waking a sleeping thread costs the client that sends the next request; under a steady load
//! that request is microseconds away. So a task of its own keeps the thread polling the sockets
//! (yielding to tokio in a loop) for a short window after the last request, then goes dormant.
//! The price is CPU. docs/src/performance.md has the reasoning and the measurements;
//! `--busy-poll-us 0` turns it off. Redis does not busy-poll; Linux's `busy_poll` socket option
//! is the same idea for network cards.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::{Flow, Handler};

/// One server's busy poller: what its connections tell it, and how it is woken. Cloning it gives
/// another handle to the same poller.
#[derive(Clone, Default)]
pub struct BusyPoll(Arc<PollerState>);

#[derive(Default)]
struct PollerState {
    /// How many times a handler has been given input: the sign that work is still coming.
    work_seen: AtomicU64,
    /// Whether the poller is dormant, waiting for `wake`.
    dormant: AtomicBool,
    wake: Notify,
}

impl BusyPoll {
    /// A poller that is not running yet: spawn [`BusyPoll::run`] to start it.
    pub fn new() -> BusyPoll {
        BusyPoll::default()
    }

    /// Wraps a connection's handler so that this poller sees its work.
    pub fn watch<H: Handler>(&self, handler: H) -> Polled<H> {
        Polled {
            handler,
            poller: self.clone(),
        }
    }

    /// Runs forever: keeps the runtime's thread polling for `window` after each piece of work.
    /// Spawn it once, on the runtime that serves the connections.
    pub async fn run(self, window: Duration) {
        let state = &self.0;
        loop {
            // Dormant until a connection has input again (see `Polled::handle`).
            state.dormant.store(true, Relaxed);
            state.wake.notified().await;

            let mut seen = state.work_seen.load(Relaxed);
            let mut quiet_since = Instant::now();
            while quiet_since.elapsed() < window {
                // Back of the queue: tokio runs every connection that is ready, then, with only
                // this task left, polls the sockets without sleeping before coming back here.
                tokio::task::yield_now().await;
                let now = state.work_seen.load(Relaxed);
                if now != seen {
                    seen = now;
                    quiet_since = Instant::now();
                }
            }
        }
    }

    /// Whether the poller is dormant (so the thread may sleep).
    pub fn is_dormant(&self) -> bool {
        self.0.dormant.load(Relaxed)
    }
}

/// A connection's handler, watched by a [`BusyPoll`] (see [`BusyPoll::watch`]).
pub struct Polled<H> {
    handler: H,
    poller: BusyPoll,
}

impl<H: Handler> Handler for Polled<H> {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        let state = &self.poller.0;
        state.work_seen.fetch_add(1, Relaxed);
        // A plain load first: the flag is almost always false, and reading it is cheaper than
        // the read-modify-write that claims the wake-up.
        if state.dormant.load(Relaxed) && state.dormant.swap(false, Relaxed) {
            state.wake.notify_one();
        }
        self.handler.handle(input, output)
    }

    fn ready(&mut self) -> impl std::future::Future<Output = ()> + Send {
        self.handler.ready()
    }

    fn closed(&self) -> tokio_util::sync::CancellationToken {
        self.handler.closed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;

    impl Handler for Echo {
        fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
            output.extend_from_slice(&input.split());
            Flow::Continue
        }
    }

    #[tokio::test(start_paused = true)]
    async fn work_wakes_the_poller_and_a_quiet_window_puts_it_back_to_sleep() {
        let window = Duration::from_micros(50);
        let busy_poll = BusyPoll::new();
        let poller = tokio::spawn(busy_poll.clone().run(window));
        tokio::task::yield_now().await;
        assert!(busy_poll.is_dormant(), "no work yet: the poller sleeps");

        let (mut input, mut output) = (BytesMut::from("hi"), BytesMut::new());
        assert_eq!(
            busy_poll.watch(Echo).handle(&mut input, &mut output),
            Flow::Continue
        );
        assert_eq!(output, "hi", "the wrapped handler still does the work");
        assert!(!busy_poll.is_dormant(), "work wakes the poller");

        // Within the window, new work keeps the poller awake...
        for _ in 0..5 {
            tokio::time::advance(window / 2).await;
            for _ in 0..3 {
                tokio::task::yield_now().await;
            }
            assert!(
                !busy_poll.is_dormant(),
                "half a window after the last work, the poller is still polling"
            );
            busy_poll
                .watch(Echo)
                .handle(&mut BytesMut::from("x"), &mut output);
        }
        // ...and a whole quiet window puts it back to sleep, or an idle server would spin.
        for _ in 0..3 {
            tokio::task::yield_now().await;
        }
        tokio::time::advance(window).await;
        for _ in 0..3 {
            tokio::task::yield_now().await;
        }
        assert!(
            busy_poll.is_dormant(),
            "after a quiet window the poller must sleep again"
        );
        poller.abort();
    }
}
