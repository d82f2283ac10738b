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
