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
    let count = match request.count {
        Some(count) => count,
        None => {
            let line = reader.read_line(ProtocolError::TooBigMultibulkCount)?;
            let count = string_to_i64(line)
                .filter(|&count| count <= MAX_MULTIBULK_LEN as i64)
                .ok_or(ProtocolError::InvalidMultibulkLength)?;
            let Ok(count @ 1..) = usize::try_from(count) else {
                return Ok(None);
            };
            request
                .args
                .reserve_exact(count.min(MAX_PREALLOCATED_ELEMENTS));
            *request.count.insert(count)
        }
    };
    while request.args.len() < count {
        let len = match request.bulk_len {
            Some(len) => len,
            None => {
                let header = reader.read_line(ProtocolError::TooBigBulkCount)?;
                let digits = match header.split_first() {
                    Some((b'$', digits)) => digits,
                    Some((&other, _)) => return Err(ProtocolError::ExpectedBulk(other).into()),
                    // An empty header line: Redis sees the '\r' where the '$' should be.
                    None => return Err(ProtocolError::ExpectedBulk(b'\r').into()),
                };
                let len = string_to_i64(digits)
                    .and_then(|len| usize::try_from(len).ok())
                    .filter(|&len| len <= MAX_BULK_LEN)
                    .ok_or(ProtocolError::InvalidBulkLength)?;
                *request.bulk_len.insert(len)
            }
        };
        let arg = reader.read_exact(len + 2)?;
        request
            .args
            .push(Frame::Bulk(Bytes::copy_from_slice(&arg[..len])));
        request.bulk_len = None;
    }
    Ok(Some(Frame::Array(std::mem::take(&mut request.args))))
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
    let Some(newline) = reader.find(b"\n", usize::MAX) else {
        if reader.remaining().len() > MAX_INLINE_LEN {
            return Err(ProtocolError::TooBigInlineRequest.into());
        }
        return Err(Stop::Incomplete);
    };
    let rest = reader.remaining();
    let line = &rest[..newline];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    reader.skip(newline + 1);
    let args = split_args(line).ok_or(ProtocolError::UnbalancedQuotes)?;
    if args.is_empty() {
        return Ok(None);
    }
    Ok(Some(Frame::Array(
        args.into_iter().map(Frame::Bulk).collect(),
    )))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    /// What a server does with `stream` arriving in pieces that end at `cuts`: the requests, in
    /// order, and the protocol error that ended the connection, if any. One parser, one buffer.
    fn serve(stream: &[u8], cuts: &[usize]) -> (Vec<Frame>, Option<ProtocolError>) {
        let mut parser = RequestParser::new();
        let mut buf = BytesMut::new();
        let mut requests = Vec::new();
        let mut start = 0;
        for &end in cuts.iter().chain([&stream.len()]) {
            buf.extend_from_slice(&stream[start..end]);
            start = end;
            loop {
                match parser.parse_request(&mut buf) {
                    Ok(Some(request)) => requests.push(request),
                    Ok(None) => break,
                    Err(error) => return (requests, Some(error)),
                }
            }
        }
        (requests, None)
    }

    /// `*<n>\r\n` and `n` arguments `a0`, `a1`, ...: 4 bytes per argument after the first ten.
    fn many_args(n: usize) -> Vec<u8> {
        let args = (0..n).map(|i| Bytes::from(format!("a{}", i % 100)));
        let mut wire = BytesMut::new();
        Frame::Array(args.map(Frame::Bulk).collect()).encode(&mut wire);
        wire.to_vec()
    }

    const PIPELINE: &[u8] = b"*3\r\n$3\r\nSET\r\n$4\r\nk\r\nx\r\n$10\r\n0123456789\r\n\
        PING\r\n*0\r\n\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n  ECHO \"a b\"\n*1\r\n$4\r\nPING\r\n";

    #[test]
    fn a_stream_cut_at_any_two_points_gives_the_same_requests() {
        let whole = serve(PIPELINE, &[]);
        assert_eq!(whole.0.len(), 5, "SET, PING, ECHO, ECHO, PING: {whole:?}");
        assert_eq!(whole.1, None);
        for first in 0..=PIPELINE.len() {
            for second in first..=PIPELINE.len() {
                assert_eq!(
                    serve(PIPELINE, &[first, second]),
                    whole,
                    "cut at {first} and {second}"
                );
            }
        }
    }

    #[test]
    fn an_error_is_the_same_however_the_bytes_arrive() {
        for stream in [
            &b"PING\r\n*2\r\n$4\r\nECHO\r\n$x\r\n"[..],
            b"*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n:1\r\n",
            b"*1\r\n$4\r\nPING\r\nSET k \"v\r\n",
        ] {
            let whole = serve(stream, &[]);
            assert_eq!(whole.0, vec![Frame::command(["PING"])]);
            assert!(whole.1.is_some(), "{whole:?}");
            let every_byte: Vec<usize> = (1..stream.len()).collect();
            assert_eq!(serve(stream, &every_byte), whole);
        }
    }

    #[test]
    fn a_request_in_one_byte_reads_parses_and_keeps_its_bytes_until_complete() {
        let wire = many_args(300);
        let mut parser = RequestParser::new();
        let mut buf = BytesMut::new();
        for (index, &byte) in wire.iter().enumerate() {
            buf.extend_from_slice(&[byte]);
            let parsed = parser.parse_request(&mut buf).expect("valid");
            if index + 1 < wire.len() {
                assert_eq!(parsed, None, "incomplete after {} bytes", index + 1);
                assert_eq!(buf.len(), index + 1, "the bytes stay until the end");
            } else {
                assert_eq!(
                    parsed,
                    parse_request(&mut BytesMut::from(&wire[..])).unwrap()
                );
                assert!(buf.is_empty(), "the whole request is consumed");
            }
        }
    }

    #[test]
    fn the_parser_keeps_the_arguments_it_has_read_and_its_place() {
        let wire = many_args(1_000);
        let mut parser = RequestParser::new();
        // `*1000\r\n`, ten arguments `$2\r\na0\r\n` to `a9`, then the 11th's header `$3\r\n` and
        // two of its three bytes, `a1`.
        let cut = 7 + 10 * 8 + 6;
        let mut buf = BytesMut::from(&wire[..cut]);
        assert_eq!(parser.parse_request(&mut buf), Ok(None));
        let request = parser.multibulk.as_ref().expect("a multibulk under way");
        assert_eq!(request.count, Some(1_000));
        assert_eq!(request.args.len(), 10, "ten whole arguments, read once");
        assert_eq!(request.bulk_len, Some(3), "the 11th's header is read");
        assert_eq!(
            parser.place.position(),
            cut - 2,
            "resume at the 11th's data"
        );
        buf.extend_from_slice(&wire[cut..]);
        let Ok(Some(Frame::Array(args))) = parser.parse_request(&mut buf) else {
            panic!("the rest has arrived");
        };
        assert_eq!(args.len(), 1_000);
        assert_eq!(args[999], Frame::bulk("a99"));
    }

    #[test]
    fn a_line_arriving_byte_by_byte_is_searched_once() {
        let mut parser = RequestParser::new();
        let mut buf = BytesMut::from(&b"*1\r\n$"[..]);
        for sent in 0..1_000 {
            buf.extend_from_slice(b"1");
            assert_eq!(parser.parse_request(&mut buf), Ok(None));
            // The search for the header's "\r\n" has looked at every byte but the last one.
            assert_eq!(parser.place, Reader::at(&buf, parser.place).place());
            assert_eq!(parser.place.position(), 4);
            assert_eq!(buf.len(), 4 + 1 + sent + 1);
        }
        let mut reader = Reader::at(&buf, parser.place);
        // Nothing left to search but the last byte, where "\r\n" could still start.
        assert_eq!(reader.find(b"\r\n", usize::MAX), None);
        assert_eq!(
            reader.place(),
            parser.place,
            "the parser recorded how far it had searched"
        );
        buf.extend_from_slice(b"\r\n");
        assert_eq!(
            parser.parse_request(&mut buf),
            Err(ProtocolError::InvalidBulkLength),
            "1,000 digits are no length"
        );
    }

    #[test]
    fn a_buffer_that_shrank_behind_its_back_makes_it_start_again() {
        let mut parser = RequestParser::new();
        let mut buf = BytesMut::from(&b"*2\r\n$4\r\nECHO\r\n$2\r\nh"[..]);
        assert_eq!(parser.parse_request(&mut buf), Ok(None));
        let mut other = BytesMut::from(&b"PING\r\n"[..]);
        assert_eq!(
            parser.parse_request(&mut other),
            Ok(Some(Frame::command(["PING"])))
        );
    }

    /// Whether `wire`, fed `piece` bytes at a time to one parser, is parsed within `budget`.
    /// Gives up as soon as the budget is spent.
    fn parsed_within(wire: &[u8], piece: usize, budget: Duration) -> bool {
        let started = Instant::now();
        let mut parser = RequestParser::new();
        let mut buf = BytesMut::new();
        for chunk in wire.chunks(piece) {
            buf.extend_from_slice(chunk);
            if let Ok(Some(_)) = parser.parse_request(&mut buf) {
                return started.elapsed() < budget;
            }
            if started.elapsed() > budget {
                return false;
            }
        }
        false
    }

    #[test]
    fn a_request_in_many_reads_costs_about_what_it_costs_in_one() {
        // 100,000 arguments, 900 KB, fed 100 bytes at a time: 9,000 reads. Read again from its
        // start on each, it would cost thousands of times what reading it once costs; read once,
        // about the same. Best of three, to let other processes on the machine have their turn.
        let wire = many_args(100_000);
        let once = (0..3)
            .map(|_| {
                let started = Instant::now();
                assert_eq!(serve(&wire, &[]).0.len(), 1);
                started.elapsed()
            })
            .min()
            .unwrap_or_default();
        let budget = once * 10 + Duration::from_millis(20);
        assert!(
            (0..3).any(|_| parsed_within(&wire, 100, budget)),
            "in 100-byte pieces it took more than {budget:?}; in one piece, {once:?}"
        );
    }
}
