//! One client connection of the harness: send a request, read one reply, listen for silence,
//! see the server close.
//!
//! Blocking std I/O with a read timeout, so a server that never answers costs one timeout, not
//! a hung test. Bytes that arrive beyond the reply being read are kept for the next read: a
//! pushed message can arrive in the same packet as a reply.
//!
//! How real Redis does it: the Tcl test suite's `redis_deferring_client` is the same idea: a
//! client whose replies are read only when the test asks (`$rd read`).

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use crate::resp::{escape, reply_len};

/// The longest the harness waits for a reply, or for a server to close a connection.
pub const READ_TIMEOUT: Duration = Duration::from_secs(2);

/// What one read of a reply found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// One complete reply (RESP2 or RESP3; an attribute with its value).
    Complete(Vec<u8>),
    /// Partial bytes received before the read timed out.
    Timeout(Vec<u8>),
    /// Partial bytes received before the peer closed the connection.
    Closed(Vec<u8>),
    /// Bytes that are not RESP.
    Malformed(Vec<u8>, String),
    /// Any other I/O error.
    Io(String),
}

impl Reply {
    /// The reply as a report shows it: escaped bytes, or what went wrong.
    pub fn describe(&self) -> String {
        match self {
            Reply::Complete(bytes) => escape(bytes),
            Reply::Timeout(bytes) => format!(
                "<no complete reply within {READ_TIMEOUT:?}; got {}>",
                escape(bytes)
            ),
            Reply::Closed(bytes) => format!("<connection closed; got {}>", escape(bytes)),
            Reply::Malformed(bytes, why) => format!("<not RESP: {why}; got {}>", escape(bytes)),
            Reply::Io(e) => format!("<I/O error: {e}>"),
        }
    }
}

/// What arrived on a connection while the harness was not reading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Heard {
    /// The bytes, including any left over from an earlier read.
    pub bytes: Vec<u8>,
    /// Whether the server closed the connection.
    pub closed: bool,
}

impl Heard {
    /// Nothing arrived and the connection is still open.
    pub fn is_silence(&self) -> bool {
        self.bytes.is_empty() && !self.closed
    }

    /// As a report shows it.
    pub fn describe(&self) -> String {
        match (self.bytes.is_empty(), self.closed) {
            (true, false) => "<silence>".into(),
            (true, true) => "<connection closed>".into(),
            (false, false) => escape(&self.bytes),
            (false, true) => format!("{} then <connection closed>", escape(&self.bytes)),
        }
    }
}

/// A client connection to one server.
pub struct Conn {
    stream: TcpStream,
    /// Bytes received beyond the last complete reply.
    pending: Vec<u8>,
}

impl Conn {
    /// Connects to 127.0.0.1:`port`.
    pub fn open(port: u16) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_write_timeout(Some(READ_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            pending: Vec::new(),
        })
    }

    /// Sends one request as a RESP array of bulk strings.
    pub fn send(&mut self, args: &[Vec<u8>]) -> Result<(), String> {
        let parts: Vec<&[u8]> = args.iter().map(Vec::as_slice).collect();
        self.stream
            .write_all(&testkit::command(&parts))
            .map_err(|e| format!("write: {e}"))
    }

    /// Sends a request and reads one reply.
    pub fn request(&mut self, args: &[Vec<u8>]) -> Reply {
        match self.send(args) {
            Ok(()) => self.read_reply(),
            Err(e) => Reply::Io(e),
        }
    }

    /// Reads one complete reply (waiting at most [`READ_TIMEOUT`] for each chunk).
    pub fn read_reply(&mut self) -> Reply {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if !self.pending.is_empty() {
                match reply_len(&self.pending) {
                    Ok(Some(n)) => {
                        let rest = self.pending.split_off(n);
                        return Reply::Complete(std::mem::replace(&mut self.pending, rest));
                    }
                    Ok(None) => {}
                    Err(why) => return Reply::Malformed(std::mem::take(&mut self.pending), why),
                }
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Reply::Closed(std::mem::take(&mut self.pending)),
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Reply::Timeout(std::mem::take(&mut self.pending))
                }
                Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                    return Reply::Closed(std::mem::take(&mut self.pending))
                }
                Err(e) => return Reply::Io(format!("read: {e}")),
            }
        }
    }

    /// Everything that has arrived and not been read, without waiting and without consuming
    /// it (a later read still gets it): for `<silence>`, which waits first and then looks at
    /// both servers at once.
    pub fn peek_available(&mut self) -> Heard {
        let mut closed = false;
        if self.stream.set_nonblocking(true).is_err() {
            closed = true;
        }
        let mut chunk = [0u8; 16 * 1024];
        while !closed {
            match self.stream.read(&mut chunk) {
                Ok(0) => closed = true,
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(_) => closed = true,
            }
        }
        let _ = self.stream.set_nonblocking(false);
        Heard {
            bytes: self.pending.clone(),
            closed,
        }
    }

    /// `Ok(())` if the peer closes the connection (without sending anything more) in time.
    pub fn expect_closed(&mut self) -> Result<(), String> {
        if !self.pending.is_empty() {
            return Err(format!("unexpected extra bytes {}", escape(&self.pending)));
        }
        let mut chunk = [0u8; 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => Ok(()),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => Ok(()),
            Ok(n) => Err(format!(
                "connection still open; received {}",
                escape(&chunk[..n])
            )),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Err(format!("connection still open after {READ_TIMEOUT:?}"))
            }
            Err(e) => Err(format!("read error: {e}")),
        }
    }

    /// Closes our side and waits until the server has closed its side too, so that the server
    /// has forgotten this client (its subscriptions, its blocked command) before the next case
    /// starts. Returns whatever arrived unread; `closed` is false if the server kept the
    /// connection open for [`READ_TIMEOUT`].
    pub fn close(mut self) -> Heard {
        let _ = self.stream.shutdown(Shutdown::Write);
        let mut heard = Heard {
            bytes: std::mem::take(&mut self.pending),
            closed: false,
        };
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    heard.closed = true;
                    break;
                }
                Ok(n) => heard.bytes.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => break,
                Err(_) => {
                    heard.closed = true;
                    break;
                }
            }
        }
        let _ = self.stream.shutdown(Shutdown::Both);
        heard
    }
}
