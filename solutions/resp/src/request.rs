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
//! How real Redis does it: `processMultibulkBuffer` and `processInlineBuffer` in
//! `src/networking.c`. Our errors carry the same texts.

use bytes::{Buf, Bytes, BytesMut};

use crate::limits::{MAX_BULK_LEN, MAX_INLINE_LEN, MAX_MULTIBULK_LEN, MAX_PREALLOCATED_ELEMENTS};
use crate::reader::{Reader, Stop};
use crate::{split_args, string_to_i64, Frame, ProtocolError};

/// Parses the next request from the front of `buf` and removes its bytes.
///
/// - `Ok(Some(Frame::Array(args)))`: a request with at least one argument, all of them bulks.
/// - `Ok(None)`: no complete request yet (empty requests are consumed and skipped).
/// - `Err(_)`: a protocol error; reply `-ERR {error}` and close the connection.
pub fn parse_request(buf: &mut BytesMut) -> Result<Option<Frame>, ProtocolError> {
    // Pre-written: the loop that skips empty requests and consumes what was read.
    loop {
        let Some(&first) = buf.first() else {
            return Ok(None);
        };
        let mut reader = Reader::new(buf);
        let parsed = if first == b'*' {
            read_multibulk(&mut reader)
        } else {
            read_inline(&mut reader)
        };
        match parsed {
            Ok(request) => {
                let used = reader.position();
                buf.advance(used);
                if request.is_some() {
                    return Ok(request);
                }
                // An empty request: consumed, nothing to run. Look at what follows it.
            }
            Err(Stop::Incomplete) => return Ok(None),
            Err(Stop::Invalid(error)) => return Err(error),
        }
    }
}

/// `*<count>\r\n` then `count` bulk strings. `Ok(None)` for a count of zero or less.
fn read_multibulk(reader: &mut Reader<'_>) -> Result<Option<Frame>, Stop> {
    // @step 2: read_multibulk — read a request array of bulk strings, as Redis does
    // 1. Skip the `*` and read the count line with `read_line(ProtocolError::TooBigMultibulkCount)`.
    //    Not a number, or over MAX_MULTIBULK_LEN: `InvalidMultibulkLength`.
    // 2. A count of 0 or less is an empty request: return `Ok(None)` (Redis ignores it).
    // 3. For each element, read its header line with `read_line(ProtocolError::TooBigBulkCount)`.
    //    It must start with `$` (else `ExpectedBulk(first byte)`), and the rest must be a length
    //    from 0 to MAX_BULK_LEN (else `InvalidBulkLength`).
    // 4. `read_exact(len)` is the argument; then skip the 2 bytes of "\r\n" (Redis does not check
    //    them either). Keep each argument as a slice of the buffer.
    // 5. Only once every argument is there, copy each into a `Frame::Bulk`. A request that is
    //    still arriving is parsed again from its start on every read: copying as we go would copy
    //    a 512 MiB argument again for every few kilobytes that arrive after it.
    reader.skip(1);
    let line = reader.read_line(ProtocolError::TooBigMultibulkCount)?;
    let count = string_to_i64(line)
        .filter(|&count| count <= MAX_MULTIBULK_LEN as i64)
        .ok_or(ProtocolError::InvalidMultibulkLength)?;
    let Ok(count @ 1..) = usize::try_from(count) else {
        return Ok(None);
    };
    let mut args: Vec<&[u8]> = Vec::with_capacity(count.min(MAX_PREALLOCATED_ELEMENTS));
    for _ in 0..count {
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
        args.push(reader.read_exact(len)?);
        reader.read_exact(2)?;
    }
    Ok(Some(Frame::Array(
        args.into_iter()
            .map(|arg| Frame::Bulk(Bytes::copy_from_slice(arg)))
            .collect(),
    )))
}

/// A line such as `SET greeting "hello world"\r\n`, split into arguments.
fn read_inline(reader: &mut Reader<'_>) -> Result<Option<Frame>, Stop> {
    // @step 2: read_inline — read one line typed by a human and split it into arguments
    // 1. Find the first b'\n' in `reader.remaining()`. None yet: more than MAX_INLINE_LEN bytes
    //    waiting is `TooBigInlineRequest`, otherwise the line is still arriving (Incomplete).
    // 2. The line is everything before the '\n', without a trailing '\r' if there is one.
    //    Move the reader past the '\n' with `reader.skip`.
    // 3. `split_args(line)` splits it like a shell would; `None` means `UnbalancedQuotes`.
    // 4. No arguments (a blank line) is an empty request: `Ok(None)`. Otherwise return the
    //    arguments as a `Frame::Array` of `Frame::Bulk`s.
    let rest = reader.remaining();
    let Some(newline) = rest.iter().position(|&byte| byte == b'\n') else {
        if rest.len() > MAX_INLINE_LEN {
            return Err(ProtocolError::TooBigInlineRequest.into());
        }
        return Err(Stop::Incomplete);
    };
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
