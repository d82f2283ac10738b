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
        todo!("step 3: RespHandler::handle — answer every complete request in the input")
    }
}
