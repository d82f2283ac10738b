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
//! (`yield_now`), then hands the replies over to be written. Three things are never held: the
//! replies of a connection about to close, replies past [`HOLD_LIMIT`] (a big reply, or a
//! client that keeps sending, goes out at once and memory stays bounded), and nothing at all
//! when no reply was made. docs/src/performance.md has the measurements.
//!
//! How real Redis does it: `prepareClientToWrite` queues the client in
//! `server.clients_pending_write`, and `beforeSleep` calls `handleClientsWithPendingWrites`
//! (`src/networking.c`, `src/server.c`).

use bytes::BytesMut;
use tokio_util::sync::CancellationToken;

use crate::{Flow, Handler};

/// The most reply bytes held back for the end of the turn; more are written at once.
pub const HOLD_LIMIT: usize = 64 * 1024;

/// A connection's handler whose replies wait for the end of the turn (see the module docs).
pub struct EndOfTurn<H> {
    handler: H,
    /// Replies made but not yet handed to the connection.
    held: BytesMut,
    /// Set when [`Handler::ready`] has let the others run: the next `handle` hands `held` over.
    turn_ended: bool,
}

impl<H: Handler> EndOfTurn<H> {
    /// Wraps a connection's handler.
    pub fn new(handler: H) -> EndOfTurn<H> {
        EndOfTurn {
            handler,
            held: BytesMut::new(),
            turn_ended: false,
        }
    }
}

impl<H: Handler> Handler for EndOfTurn<H> {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        let flow = self.handler.handle(input, &mut self.held);
        if self.turn_ended || flow == Flow::Close || self.held.len() > HOLD_LIMIT {
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
        // To the back of the queue: every other connection with input runs first.
        tokio::task::yield_now().await;
        self.turn_ended = true;
    }

    fn closed(&self) -> CancellationToken {
        self.handler.closed()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Answers every byte with itself, and closes on `q`.
    struct Echo;

    impl Handler for Echo {
        fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
            let bytes = input.split();
            output.extend_from_slice(&bytes);
            if bytes.ends_with(b"q") {
                Flow::Close
            } else {
                Flow::Continue
            }
        }
    }

    fn handle(handler: &mut EndOfTurn<Echo>, input: &[u8]) -> (Flow, BytesMut) {
        let mut output = BytesMut::new();
        let flow = handler.handle(&mut BytesMut::from(input), &mut output);
        (flow, output)
    }

    #[tokio::test]
    async fn replies_wait_until_the_others_have_run_then_go_out_together_in_order() {
        let mut handler = EndOfTurn::new(Echo);
        let (flow, output) = handle(&mut handler, b"a");
        assert_eq!(flow, Flow::Continue);
        assert!(
            output.is_empty(),
            "a reply is held back for the end of the turn"
        );
        let (_, output) = handle(&mut handler, b"b");
        assert!(output.is_empty(), "more input in the same turn: still held");

        tokio::time::timeout(Duration::from_secs(1), handler.ready())
            .await
            .expect("held replies make the handler ready after one yield");
        let (_, output) = handle(&mut handler, b"");
        assert_eq!(
            output, "ab",
            "after the yield, every held reply is handed over, in order"
        );

        let (_, output) = handle(&mut handler, b"c");
        assert!(output.is_empty(), "the next turn holds again");
    }

    #[tokio::test]
    async fn with_nothing_held_ready_is_the_handlers_own() {
        let mut handler = EndOfTurn::new(Echo);
        let never = tokio::time::timeout(Duration::from_millis(50), handler.ready()).await;
        assert!(
            never.is_err(),
            "Echo is never ready without input, and nothing is held"
        );
    }

    #[test]
    fn a_closing_connection_and_a_big_reply_are_never_held() {
        let mut handler = EndOfTurn::new(Echo);
        handle(&mut handler, b"a");
        let (flow, output) = handle(&mut handler, b"q");
        assert_eq!(flow, Flow::Close);
        assert_eq!(
            output, "aq",
            "the last replies before a close go out at once"
        );

        let mut handler = EndOfTurn::new(Echo);
        let big = vec![b'x'; HOLD_LIMIT + 1];
        let (_, output) = handle(&mut handler, &big);
        assert_eq!(
            output.len(),
            big.len(),
            "past HOLD_LIMIT, replies go out at once"
        );
    }
}
