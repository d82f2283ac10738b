//! The seam between the network and the protocol.
//!
//! A connection's loop only moves bytes: it reads them into `input` and writes out `output`. What
//! to answer is the [`Handler`]'s business. The real server plugs in a RESP handler; step 1's
//! tests plug in one of their own, so the TCP server can be built and tested first.

use bytes::BytesMut;

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
}
