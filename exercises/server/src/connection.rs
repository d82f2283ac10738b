//! One client's connection: read, answer, write, repeat.
//!
//! The loop reads whatever has arrived into `input`, lets the [`Handler`] answer every complete
//! request in it, and writes all the replies with **one** write. That is what makes pipelining
//! cheap: a client that sends 10,000 commands in one go gets its 10,000 replies in a few writes,
//! not 10,000. (Flushing after every reply, as many servers do, costs a system call per command.)
//!
//! Bytes of an incomplete request stay in `input` for the next round. A client that vanishes
//! shows up as a read of 0 bytes (or an error): the task ends, its buffers are freed, and no other
//! client notices.
//!
//! The loop waits for three things at once: shutdown, bytes from the client, and the handler
//! becoming [`Handler::ready`] (another client handed it something). And it never waits for a
//! write alone: a client that stops reading would keep the task stuck in `write_all` for ever,
//! so a write gives way to [`Handler::closed`] (the handler dropping the client). The read
//! comes first (`biased`): while bytes are waiting, the other waits are not even looked at, and a
//! busy connection never pays for setting them up.
//!
//! How real Redis does it: `readQueryFromClient` and `processInputBuffer` read and parse, and
//! replies are queued per client and written in `handleClientsWithPendingWrites`, once per event
//! loop turn (`src/networking.c`).

use std::io;

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

use crate::{Flow, Handler};

/// How much room to make in the read buffer before each read.
pub const READ_CHUNK: usize = 16 * 1024;

/// The most unread input a client may leave buffered: 1 GiB, Redis's
/// `client-query-buffer-limit`. Past it the client is disconnected.
pub const MAX_QUERY_BUFFER: usize = 1024 * 1024 * 1024;

/// Serves one client until it leaves, the handler says to close, or shutdown is asked for.
pub async fn serve_connection<H: Handler>(
    mut stream: TcpStream,
    mut handler: H,
    shutdown: CancellationToken,
) -> io::Result<()> {
    // @step 1: serve_connection — read, let the handler answer, write; until the client leaves
    // 1. `stream.set_nodelay(true)?`: send small replies at once instead of batching them.
    // 2. Two buffers, `input` and `output`: `BytesMut::with_capacity(READ_CHUNK)`. And
    //    `let closed = handler.closed();`: cancelled when the handler wants the client gone.
    // 3. Before the loop, `let cancelled = shutdown.cancelled(); tokio::pin!(cancelled);` and
    //    the same for `closed.cancelled()`: one wait each for the connection's whole life, not a
    //    new one for every read.
    // 4. Loop: `input.reserve(READ_CHUNK)`, then `tokio::select!` with `biased;` (try the
    //    branches in the order written) on four branches: `stream.read_buf(&mut input)` first
    //    (0 bytes read: the client closed the connection; return Ok), then `handler.ready()`
    //    (nothing to read: fall through to `handle`), then the two waits (return Ok).
    // 5. `let flow = handler.handle(&mut input, &mut output)`. If `output` is not empty, write
    //    it with `write_all` inside a `biased` `tokio::select!` whose second branch returns Ok
    //    when the client is closed; then `output.clear()`. (Not on shutdown: a reply being
    //    written when the server is asked to stop is finished first.)
    // 6. Return when `flow` is `Flow::Close`, or when `input` holds more than MAX_QUERY_BUFFER.
    todo!("step 1: serve_connection — read, let the handler answer, write; until the client leaves")
}
