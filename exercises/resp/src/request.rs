//! What a server reads from a client: a request.
//!
//! A client speaks to Redis in one of two ways:
//! - an array of bulk strings, `*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`: what every client library sends;
//! - an *inline command*, `GET k\r\n`: a plain line, for a human typing into `nc` or telnet.
//!
//! The first byte decides: `*` starts an array, anything else is an inline line. Either way the
//! result is the same `Frame::Array` of `Frame::Bulk`s, so the command layer never knows which
//! form was used.
//!
//! A server is stricter than [`Frame::parse`]: inside a request array every element must be a
//! bulk string, exactly as in Redis, and an empty request (`*0\r\n`, a blank line) is skipped.
//!
//! A request may arrive in many reads: a 300,000-argument `DEL` from a slow link comes in a few
//! thousand pieces. Parsing it again from its first byte on every read would cost work in the
//! square of its size. So a server keeps one [`RequestParser`] per connection, which remembers
//! how far it got: the arguments read so far and its `Place` in the buffer. Each read then
//! costs only what it brought. Its bytes stay in the buffer until the whole request has been
//! read, so the connection's limit on unread input still counts all of it.
//!
//! How real Redis does it: `processMultibulkBuffer` and `processInlineBuffer` in
//! `src/networking.c`. The state it keeps between reads is `c->multibulklen` (arguments still
//! to read), `c->bulklen` (the length of the one being read) and `c->argv` (those read), as in
//! `Multibulk`. Our errors carry the same texts.

use bytes::{Buf, Bytes, BytesMut};

use crate::limits::{MAX_BULK_LEN, MAX_INLINE_LEN, MAX_MULTIBULK_LEN, MAX_PREALLOCATED_ELEMENTS};
use crate::reader::{Place, Reader, Stop};
use crate::{split_args, string_to_i64, Frame, ProtocolError};

/// Reads a client's requests from its input buffer, keeping its place between reads.
///
/// One per connection. Call [`RequestParser::parse_request`] each time bytes have been appended
/// to the buffer, with the same buffer every time: the parser remembers where in it the request
/// it is reading has got to. A buffer that shrank behind its back (not through this parser)
/// makes it start again from the buffer's first byte.
#[derive(Debug, Default)]
pub struct RequestParser {
    /// Where the request being read has got to in the buffer.
    place: Place,
    /// The multibulk request being read, once its `*` has been seen.
    multibulk: Option<Multibulk>,
}

/// What is known of a multibulk request whose bytes are still arriving.
#[derive(Debug, Default)]
struct Multibulk {
    /// How many arguments it declared: `None` until its `*<count>` line has been read.
    count: Option<usize>,
    /// The length of the argument being read: `Some` once its `$<len>` line has been read.
    bulk_len: Option<usize>,
    /// The arguments read so far, each a `Frame::Bulk`.
    args: Vec<Frame>,
}

impl RequestParser {
    /// A parser at the start of a connection.
    pub fn new() -> RequestParser {
        RequestParser::default()
    }

    /// Parses the next request from the front of `buf`, resuming where the last call stopped,
    /// and removes the request's bytes once it is complete.
    ///
    /// - `Ok(Some(Frame::Array(args)))`: a request with at least one argument, all of them bulks.
    /// - `Ok(None)`: no complete request yet (empty requests are consumed and skipped). `buf`
    ///   keeps the bytes of the incomplete one; this parser remembers how far it has read them.
    /// - `Err(_)`: a protocol error; reply `-ERR {error}` and close the connection.
    pub fn parse_request(&mut self, buf: &mut BytesMut) -> Result<Option<Frame>, ProtocolError> {
        // Pre-written: the loop that resumes, skips empty requests and consumes what was read.
        if self.place.position() > buf.len() {
            *self = RequestParser::new();
        }
        loop {
            let Some(&first) = buf.first() else {
                return Ok(None);
            };
            let mut reader = Reader::at(buf, self.place);
            let parsed = match &mut self.multibulk {
                Some(request) => read_multibulk(request, &mut reader),
                None if first == b'*' => {
                    reader.skip(1);
                    read_multibulk(self.multibulk.insert(Multibulk::default()), &mut reader)
                }
                None => read_inline(&mut reader),
            };
            match parsed {
                Ok(request) => {
                    let used = reader.position();
                    buf.advance(used);
                    *self = RequestParser::new();
                    if request.is_some() {
                        return Ok(request);
                    }
                    // An empty request: consumed, nothing to run. Look at what follows it.
                }
                Err(Stop::Incomplete) => {
                    // Every step the reader took is recorded in `self.multibulk`: resume here.
                    self.place = reader.place();
                    return Ok(None);
                }
                Err(Stop::Invalid(error)) => {
                    *self = RequestParser::new();
                    return Err(error);
                }
            }
        }
    }
}

/// Parses the next request from the front of `buf`, reading it from its first byte.
///
/// The same as [`RequestParser::parse_request`] with a new parser each time: what a test or a
/// one-off read needs. A server reads with one [`RequestParser`] per connection instead, because
/// this function reads an incomplete request again from its start on every call.
pub fn parse_request(buf: &mut BytesMut) -> Result<Option<Frame>, ProtocolError> {
    RequestParser::new().parse_request(buf)
}

/// `*<count>\r\n` then `count` bulk strings, resuming with what `request` says was read already.
/// `Ok(None)` for a count of zero or less. The `*` has been skipped.
fn read_multibulk(request: &mut Multibulk, reader: &mut Reader<'_>) -> Result<Option<Frame>, Stop> {
    // @step 2: read_multibulk — read a request array of bulk strings, resuming where it stopped
    // 1. No `request.count` yet: read the count line, `read_line(TooBigMultibulkCount)`. Not a
    //    number, or over MAX_MULTIBULK_LEN: `InvalidMultibulkLength`. A count of 0 or less is an
    //    empty request: return `Ok(None)` (Redis ignores it). Otherwise record the count, and
    //    reserve room in `request.args` for at most MAX_PREALLOCATED_ELEMENTS: it is only a claim.
    // 2. While fewer than `count` arguments have been read: with no `request.bulk_len` yet, read
    //    the header line, `read_line(TooBigBulkCount)`. It must start with `$` (else
    //    `ExpectedBulk(first byte)`), and the rest must be a length from 0 to MAX_BULK_LEN (else
    //    `InvalidBulkLength`). Record it in `request.bulk_len` before reading anything else.
    // 3. `read_exact(len + 2)` is the argument and its "\r\n" (Redis does not check those two
    //    bytes either). Copy the first `len` into a `Frame::Bulk`, push it onto `request.args`,
    //    and set `bulk_len` back to None.
    // 4. All there: return `Frame::Array(std::mem::take(&mut request.args))`.
    // Why record each step at once: when a read stops with Incomplete, the next call resumes at
    // the reader's position, and `request` must say what the bytes before it were. Why copy each
    // argument as soon as it is complete: it is read once, so it is copied once.
    todo!(
        "step 2: read_multibulk — read a request array of bulk strings, resuming where it stopped"
    )
}

/// A line such as `SET greeting "hello world"\r\n`, split into arguments.
fn read_inline(reader: &mut Reader<'_>) -> Result<Option<Frame>, Stop> {
    // @step 2: read_inline — read one line typed by a human and split it into arguments
    // 1. `reader.find(b"\n", usize::MAX)` is where the line ends in `reader.remaining()`. None
    //    yet: more than MAX_INLINE_LEN bytes waiting is `TooBigInlineRequest`, otherwise the line
    //    is still arriving (Incomplete).
    // 2. The line is everything before the '\n', without a trailing '\r' if there is one.
    //    Move the reader past the '\n' with `reader.skip`.
    // 3. `split_args(line)` splits it like a shell would; `None` means `UnbalancedQuotes`.
    // 4. No arguments (a blank line) is an empty request: `Ok(None)`. Otherwise return the
    //    arguments as a `Frame::Array` of `Frame::Bulk`s.
    todo!("step 2: read_inline — read one line typed by a human and split it into arguments")
}
