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
        loop {
            match self.parser.parse_request(input) {
                Ok(Some(frame)) => {
                    let reply = commands::dispatch(&self.shared, &mut self.session, frame);
                    if self.session.mailbox.waiting_bytes() > 0 {
                        self.deliver_messages(output);
                    }
                    if self.session.blocked {
                        return Flow::Continue; // The reply comes later, through the mailbox.
                    }
                    reply.encode_as(self.session.protocol, output);
                    if self.session.closing {
                        return Flow::Close;
                    }
                }
                Ok(None) => return Flow::Continue,
                Err(error) => {
                    Frame::Error(format!("ERR {error}")).encode(output);
                    return Flow::Close;
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(input: &[u8]) -> (Vec<u8>, Flow, Vec<u8>) {
        let mut handler = RespHandler::new(Shared::new());
        let mut input = BytesMut::from(input);
        let mut output = BytesMut::new();
        let flow = handler.handle(&mut input, &mut output);
        (output.to_vec(), flow, input.to_vec())
    }

    #[test]
    fn every_complete_request_is_answered_and_the_rest_kept() {
        let (output, flow, rest) =
            handle(b"PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n*1\r\n$4\r\nPI");
        assert_eq!(output, b"+PONG\r\n$2\r\nhi\r\n");
        assert_eq!(flow, Flow::Continue);
        assert_eq!(rest, b"*1\r\n$4\r\nPI");
    }

    #[test]
    fn a_protocol_error_is_answered_then_closes() {
        let (output, flow, _) = handle(b"PING\r\n*x\r\nPING\r\n");
        assert_eq!(
            output,
            b"+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n"
        );
        assert_eq!(flow, Flow::Close);
    }

    #[test]
    fn replies_follow_the_protocol_hello_chose() {
        let (output, _, _) = handle(
            b"GET k\r\nHELLO 3 SETNAME a\r\nGET k\r\nCLIENT GETNAME\r\nHELLO 2\r\nGET k\r\n",
        );
        let output = String::from_utf8_lossy(&output);
        let replies: Vec<&str> = output.split("\r\n").collect();
        assert_eq!(replies[0], "$-1", "RESP2 before HELLO 3");
        assert!(
            replies[1].starts_with('%'),
            "HELLO 3 replies a map: {output}"
        );
        assert!(
            output.contains("\r\n_\r\n$1\r\na\r\n*14\r\n"),
            "a missing key is `_` in RESP3, then HELLO 2 replies a flat array: {output}"
        );
        assert!(
            output.ends_with("*0\r\n$-1\r\n"),
            "RESP2 after HELLO 2: {output}"
        );
    }

    #[test]
    fn quit_closes_after_its_reply() {
        let (output, flow, _) = handle(b"QUIT\r\nPING\r\n");
        assert_eq!(output, b"+OK\r\n");
        assert_eq!(flow, Flow::Close);
    }

    #[tokio::test]
    async fn what_another_client_hands_over_is_delivered_first_and_in_order() {
        let shared = Shared::new();
        let mut handler = RespHandler::new(shared.clone());
        let never = std::time::Duration::from_millis(50);
        assert!(
            tokio::time::timeout(never, handler.ready()).await.is_err(),
            "a client that neither subscribed nor waits is never ready without input"
        );
        let (mut input, mut output) = (BytesMut::from(&b"SUBSCRIBE news\r\n"[..]), BytesMut::new());
        handler.handle(&mut input, &mut output);
        let mailbox = shared
            .clients
            .lock()
            .values()
            .next()
            .expect("the handler registered its client")
            .mailbox
            .clone();
        mailbox.deliver(Frame::Simple("one".into()), 3);
        mailbox.deliver(Frame::Simple("two".into()), 3);
        tokio::time::timeout(std::time::Duration::from_secs(1), handler.ready())
            .await
            .expect("a delivery makes the handler ready");
        let (mut input, mut output) = (BytesMut::from(&b"PING\r\n"[..]), BytesMut::new());
        handler.handle(&mut input, &mut output);
        assert_eq!(
            &output[..],
            b"+one\r\n+two\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n",
            "the mail first, then the reply (a subscriber's PING)"
        );
        drop(handler);
        assert_eq!(
            shared.clients.count(),
            0,
            "a dropped handler leaves nothing"
        );
    }
}
