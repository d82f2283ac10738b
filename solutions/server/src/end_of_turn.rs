//! Replies written at the end of the event loop's turn, not as soon as each one is ready.
//!
//! A connection's loop writes what its handler answered at once. With many clients that each
//! send a pipeline, that means a trickle of writes, one connection at a time, and a client that
//! drives many connections (`redis-benchmark`, a connection pool) is woken for each of them,
//! finds one batch of replies, answers it, and goes back to sleep. Being woken is what costs it.
//! Redis does it the other way round: in one turn of its event loop it reads and runs the
//! requests of every connection that has some, and writes all their replies at the end
//! (`handleClientsWithPendingWrites`). The client then finds many replies at once.
//!
//! [`EndOfTurn`] does the same for our handlers without touching the connection's loop: it
//! keeps the replies back, and its [`Handler::ready`] lets the other ready connections run first
//! (`yield_now`), then hands the replies over to be written. Only a *pipeline's* replies are
//! held, and only small ones: a client that sends one request at a time waits for each reply,
//! and a big batch of replies is worth more to the client now than a saved wake-up later. So
//! these go out at once: a call that ran at most one command, replies past [`HOLD_LIMIT`], the
//! last replies before a close, and anything once the server is stopping (written before the
//! connection stops, as without this wrapper). docs/src/performance.md has the measurements.
//!
//! How real Redis does it: `prepareClientToWrite` queues the client in
//! `server.clients_pending_write`, and `beforeSleep` calls `handleClientsWithPendingWrites`
//! (`src/networking.c`, `src/server.c`).

use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use bytes::BytesMut;
use commands::Shared;
use tokio_util::sync::CancellationToken;

use crate::{Flow, Handler};

/// The most reply bytes held back for the end of the turn; more are written at once.
pub const HOLD_LIMIT: usize = 4 * 1024;

/// A connection's handler whose replies wait for the end of the turn (see the module docs).
pub struct EndOfTurn<H> {
    handler: H,
    /// Replies made but not yet handed to the connection.
    held: BytesMut,
    /// Set when [`Handler::ready`] has let the others run: the next `handle` hands `held` over.
    turn_ended: bool,
    /// The server's shutdown: from then on, nothing is held.
    shutdown: CancellationToken,
    /// The server's counters: how many commands a call ran.
    shared: Arc<Shared>,
}

impl<H: Handler> EndOfTurn<H> {
    /// Wraps a connection's handler, on a server that counts its commands in `shared` and stops
    /// when `shutdown` is cancelled.
    pub fn new(handler: H, shared: Arc<Shared>, shutdown: CancellationToken) -> EndOfTurn<H> {
        EndOfTurn {
            handler,
            held: BytesMut::new(),
            turn_ended: false,
            shutdown,
            shared,
        }
    }
}

impl<H: Handler> Handler for EndOfTurn<H> {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        let holding = !self.held.is_empty();
        let commands = &self.shared.stats.commands_processed;
        let before = commands.load(Relaxed);
        let flow = self.handler.handle(input, &mut self.held);
        // The binary runs every connection on one thread: the commands counted meanwhile are
        // this call's (saturating: CONFIG RESETSTAT may have set the count back to 0 meanwhile).
        let pipelined = commands.load(Relaxed).saturating_sub(before) > 1;
        if self.turn_ended
            || flow == Flow::Close
            || self.held.len() > HOLD_LIMIT
            || !(holding || pipelined)
        {
            self.turn_ended = false;
            if output.is_empty() {
                // Swapping the buffers hands the replies over without copying them.
                std::mem::swap(output, &mut self.held);
            } else {
                output.extend_from_slice(&self.held);
                self.held.clear();
            }
        }
        flow
    }

    async fn ready(&mut self) {
        if self.held.is_empty() {
            return self.handler.ready().await;
        }
        // To the back of the queue: every other connection with input runs first. Not when
        // the server is stopping: the connection's loop gives up on a shutdown it sees while
        // this waits, and the replies must go out before that.
        if !self.shutdown.is_cancelled() {
            tokio::task::yield_now().await;
        }
        self.turn_ended = true;
    }

    fn closed(&self) -> CancellationToken {
        self.handler.closed()
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::time::Duration;

    use super::*;

    /// Answers every byte with itself, counting each byte as a command, and closes on `q`.
    struct Echo(Arc<Shared>);

    impl Handler for Echo {
        fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
            let bytes = input.split();
            let commands = &self.0.stats.commands_processed;
            commands.fetch_add(bytes.len() as u64, Relaxed);
            output.extend_from_slice(&bytes);
            if bytes.ends_with(b"q") {
                Flow::Close
            } else {
                Flow::Continue
            }
        }
    }

    fn echo(shutdown: &CancellationToken) -> EndOfTurn<Echo> {
        let shared = Shared::new();
        EndOfTurn::new(Echo(shared.clone()), shared, shutdown.clone())
    }

    fn handle(handler: &mut EndOfTurn<Echo>, input: &[u8]) -> (Flow, BytesMut) {
        let mut output = BytesMut::new();
        let flow = handler.handle(&mut BytesMut::from(input), &mut output);
        (flow, output)
    }

    #[tokio::test]
    async fn a_pipelines_replies_wait_until_the_others_have_run_then_go_out_in_order() {
        let mut handler = echo(&CancellationToken::new());
        let (flow, output) = handle(&mut handler, b"ab");
        assert_eq!(flow, Flow::Continue);
        assert!(
            output.is_empty(),
            "two commands' replies are held for the end of the turn"
        );
        let (_, output) = handle(&mut handler, b"c");
        assert!(output.is_empty(), "more input in the same turn: still held");

        tokio::time::timeout(Duration::from_secs(1), handler.ready())
            .await
            .expect("held replies make the handler ready after one yield");
        let (_, output) = handle(&mut handler, b"");
        assert_eq!(
            output, "abc",
            "after the yield, every held reply is handed over, in order"
        );

        let (_, output) = handle(&mut handler, b"de");
        assert!(output.is_empty(), "the next turn holds again");
    }

    #[tokio::test]
    async fn ready_lets_the_other_ready_tasks_run_before_the_replies_go() {
        let mut handler = echo(&CancellationToken::new());
        handle(&mut handler, b"ab");
        let other_ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = other_ran.clone();
        // Another connection with work: on this one-thread runtime it runs only if we yield.
        tokio::spawn(async move { flag.store(true, Relaxed) });
        handler.ready().await;
        assert!(
            other_ran.load(Relaxed),
            "the held replies wait until the other ready tasks have run"
        );
    }

    #[tokio::test]
    async fn one_command_and_nothing_held_means_nothing_to_wait_for() {
        let mut handler = echo(&CancellationToken::new());
        let (_, output) = handle(&mut handler, b"a");
        assert_eq!(
            output, "a",
            "a client that sends one request at a time gets it at once"
        );
        let never = tokio::time::timeout(Duration::from_millis(50), handler.ready()).await;
        assert!(
            never.is_err(),
            "Echo is never ready without input, and nothing is held"
        );
    }

    #[test]
    fn once_the_server_is_stopping_held_replies_are_ready_without_waiting() {
        let shutdown = CancellationToken::new();
        let mut handler = echo(&shutdown);
        handle(&mut handler, b"ab");
        shutdown.cancel();
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        let ready = std::pin::pin!(handler.ready()).poll(&mut context);
        assert!(
            ready.is_ready(),
            "no yield while stopping: the loop would see the shutdown first and drop the replies"
        );
        let (_, output) = handle(&mut handler, b"");
        assert_eq!(output, "ab");
    }

    #[test]
    fn a_closing_connection_and_a_big_batch_are_never_held() {
        let mut handler = echo(&CancellationToken::new());
        handle(&mut handler, b"ab");
        let (flow, output) = handle(&mut handler, b"q");
        assert_eq!(flow, Flow::Close);
        assert_eq!(
            output, "abq",
            "the last replies before a close go out at once"
        );

        let mut handler = echo(&CancellationToken::new());
        let big = vec![b'x'; HOLD_LIMIT + 1];
        let (_, output) = handle(&mut handler, &big);
        assert_eq!(
            output.len(),
            big.len(),
            "past HOLD_LIMIT, replies go out at once"
        );
    }
}
