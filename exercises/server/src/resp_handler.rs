//! The real handler: RESP requests in, command replies out.
//!
//! This is where the layers meet: [`resp::RequestParser`] cuts the input into requests,
//! [`commands::dispatch`] runs each one (table checks, parsing, execution under the lock), and
//! [`resp::Frame::encode_as`] appends the reply to the output in the client's protocol (RESP2
//! until it sends `HELLO 3`). Every complete request in the input
//! is answered before the connection writes, so a pipeline is answered in one write.
//!
//! A protocol error is different from a command error. `GET a b` is a well-formed request with a
//! wrong argument count: reply the error, keep the connection. `*abc\r\n` is not RESP: we can no
//! longer tell where the next request starts, so we reply `-ERR Protocol error: ...` and close,
//! as Redis does.
//!
//! The handler also owns the client's place in the server: it registers the client when it is
//! created and removes it when it is dropped, however the connection ends. And it delivers what
//! other clients left in the client's mailbox (published messages), before it answers new requests
//! and after each command, so that a message published by a command a client itself sent
//! arrives before that command's reply, as in Redis. A client blocked in `BLPOP` gets its reply
//! that way too, later: until then its requests wait in `input`.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use bytes::BytesMut;
use commands::config::ClientClass;
use commands::{ClientEntry, Session, Shared};
use resp::{Frame, RequestParser};
use tokio_util::sync::CancellationToken;

use crate::{Flow, Handler};

/// One client's RESP handler: what all clients share, and this client's own session.
pub struct RespHandler {
    shared: Arc<Shared>,
    session: Session,
    /// Where this client's incomplete request has got to, so a request that arrives in many
    /// reads is parsed once.
    parser: RequestParser,
}

impl RespHandler {
    /// A handler for a new connection, registered among the server's clients.
    pub fn new(shared: Arc<Shared>) -> RespHandler {
        let session = Session::new();
        let limit = shared
            .config()
            .client_output_buffer_limit(ClientClass::Pubsub);
        session.mailbox.set_limit(limit.into());
        shared.clients.add(
            session.id,
            ClientEntry {
                mailbox: session.mailbox.clone(),
            },
        );
        shared
            .stats
            .connections_received
            .fetch_add(1, Ordering::Relaxed);
        RespHandler {
            shared,
            session,
            parser: RequestParser::new(),
        }
    }
}

impl RespHandler {
    /// Writes what waits in the client's mailbox to `output`, oldest first, in the client's
    /// protocol: messages published to its channels, the replies a command answered before its
    /// last one (`SUBSCRIBE a b`), a woken `BLPOP`'s reply. A message is a push, which a RESP2
    /// client receives as an array. A published message comes encoded once for all its
    /// subscribers: writing it is a copy (`commands::Delivery`). The mailbox keeps its queue,
    /// and the queue its room, for the next messages.
    fn deliver_messages(&mut self, output: &mut BytesMut) {
        self.session.mailbox.write_to(self.session.protocol, output);
    }
}

impl Drop for RespHandler {
    fn drop(&mut self) {
        commands::disconnect(&self.shared, &mut self.session);
    }
}

impl Handler for RespHandler {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        if self.session.mailbox.is_closed() {
            return Flow::Close;
        }
        // A client waiting in BLPOP reads no request until its wait is over (`blocking.rs`).
        if self.session.blocked && !commands::blocking::resume(&self.shared, &mut self.session) {
            return Flow::Continue;
        }
        self.deliver_messages(output);
        // A new batch: its first command reads the clock (`INFO commandstats`).
        self.session.last_command_end = None;
        // @step 3: RespHandler::handle — answer every complete request in the input
        // 1. Loop on `self.parser.parse_request(input)`.
        // 2. `Ok(Some(frame))`: `commands::dispatch(&self.shared, &mut self.session, frame)`
        //    runs it and gives the reply; `reply.encode_as(self.session.protocol, output)` writes it
        //    in the client's protocol. (Before it: if `self.session.mailbox.waiting_bytes() > 0`,
        //    `self.deliver_messages(output)`, for chapter 9's messages and extra replies; then
        //    if `self.session.blocked` is set, a BLPOP waits: return `Flow::Continue`, its reply
        //    comes later.) If `self.session.closing` is now set (QUIT), return `Flow::Close`.
        // 3. `Ok(None)`: every complete request has been answered; return `Flow::Continue`.
        // 4. `Err(error)`: encode `Frame::Error(format!("ERR {error}"))` and return `Flow::Close`.
        todo!("step 3: RespHandler::handle — answer every complete request in the input")
    }

    async fn ready(&mut self) {
        // Only a subscriber or a blocked client is handed anything by other clients (a kill
        // comes through `closed`). Any other connection would register with the bell on every
        // wait for input and unregister after it, for nothing.
        if !self.session.blocked && self.session.subscriptions.count() == 0 {
            return std::future::pending().await;
        }
        match self.session.wait_deadline {
            None => self.session.mailbox.rung().await,
            Some(deadline) => {
                tokio::select! {
                    () = self.session.mailbox.rung() => {}
                    () = tokio::time::sleep_until(deadline) => {}
                }
            }
        }
    }

    fn closed(&self) -> CancellationToken {
        self.session.mailbox.closed()
    }
}
