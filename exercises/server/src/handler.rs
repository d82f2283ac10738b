//! The seam between the network and the protocol.
//!
//! A connection's loop only moves bytes: it reads them into `input` and writes out `output`. What
//! to answer is the [`Handler`]'s business. The real server plugs in a RESP handler; step 1's
//! tests plug in one of their own, so the TCP server can be built and tested first.
//!
//! Most of the time a handler answers what was read. But other clients can hand it work too (a
//! published message, a key it waits for): then [`Handler::ready`] resolves and the loop calls
//! [`Handler::handle`] without new input. And the handler can ask for the connection to be
//! dropped at once, even in the middle of a write to a client that stopped reading
//! ([`Handler::closed`]). Both have defaults that never fire, so a simple handler ignores them.

use std::future::Future;

use bytes::BytesMut;
use tokio_util::sync::CancellationToken;

/// What the connection should do after the handler has run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Write the output, then read more.
    Continue,
    /// Write the output, then close the connection.
    Close,
}

/// Turns the bytes a client sent into the bytes to send back. One handler per connection, so it
/// may keep per-client state.
pub trait Handler: Send + 'static {
    /// Consumes what it can from the front of `input`, leaving any incomplete tail for the next
    /// call, and appends the replies to `output`.
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow;

    /// Resolves when the handler has work that no input brought: call [`Handler::handle`] then,
    /// even with nothing new in `input`. Cancel-safe: dropping the future loses nothing.
    /// The default never resolves.
    fn ready(&mut self) -> impl Future<Output = ()> + Send {
        std::future::pending()
    }

    /// Cancelled when this connection must close at once. The default is never cancelled.
    fn closed(&self) -> CancellationToken {
        CancellationToken::new()
    }
}
