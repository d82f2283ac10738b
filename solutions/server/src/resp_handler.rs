//! The real handler: RESP requests in, command replies out.
//!
//! This is where the layers meet: [`resp::RequestParser`] cuts the input into requests,
//! [`Command::from_frame`] turns each into a command, [`Command::execute`] runs it, and
//! [`resp::Frame::encode`] appends the reply to the output. Every complete request in the input
//! is answered before the connection writes, so a pipeline is answered in one write.
//!
//! A protocol error is different from a command error. `GET a b` is a well-formed request with a
//! wrong argument count: reply the error, keep the connection. `*abc\r\n` is not RESP: we can no
//! longer tell where the next request starts, so we reply `-ERR Protocol error: ...` and close,
//! as Redis does.

use bytes::BytesMut;
use commands::{Command, Session};
use resp::{Frame, RequestParser};
use store::Db;

use crate::{Flow, Handler};

/// One client's RESP handler: the shared database and this client's own session.
pub struct RespHandler {
    db: Db,
    session: Session,
    /// Where this client's incomplete request has got to, so a request that arrives in many
    /// reads is parsed once.
    parser: RequestParser,
}

impl RespHandler {
    /// A handler for a new connection.
    pub fn new(db: Db) -> RespHandler {
        RespHandler {
            db,
            session: Session::new(),
            parser: RequestParser::new(),
        }
    }
}

impl Handler for RespHandler {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        // @step 3: RespHandler::handle — answer every complete request in the input
        // 1. Loop on `self.parser.parse_request(input)`.
        // 2. `Ok(Some(frame))`: `Command::from_frame(frame)`, then `.execute(&self.db, &mut
        //    self.session)`, or for an error `error.into_frame()`; `encode` the reply into
        //    `output`. If `self.session.closing` is now set (QUIT), return `Flow::Close`.
        // 3. `Ok(None)`: every complete request has been answered; return `Flow::Continue`.
        // 4. `Err(error)`: encode `Frame::Error(format!("ERR {error}"))` and return `Flow::Close`.
        loop {
            match self.parser.parse_request(input) {
                Ok(Some(frame)) => {
                    let reply = match Command::from_frame(frame) {
                        Ok(command) => command.execute(&self.db, &mut self.session),
                        Err(error) => error.into_frame(),
                    };
                    reply.encode(output);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(input: &[u8]) -> (Vec<u8>, Flow, Vec<u8>) {
        let mut handler = RespHandler::new(Db::new());
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
    fn quit_closes_after_its_reply() {
        let (output, flow, _) = handle(b"QUIT\r\nPING\r\n");
        assert_eq!(output, b"+OK\r\n");
        assert_eq!(flow, Flow::Close);
    }
}
