//! Reading any RESP2 frame, incrementally.
//!
//! TCP is a stream of bytes, not of messages: one `read` may return half a frame, or three frames
//! and a half. So "I need more bytes" is not an error here but an ordinary answer, `Ok(None)`.
//! The caller keeps the unread bytes, reads more from the socket, and asks again.
//!
//! This parser reads every frame type, replies included; it is what a client (or a test) uses.
//! A server reads requests with [`crate::parse_request`] instead, which accepts only what Redis
//! accepts from clients.
//!
//! How real Redis does it: the server side is `processMultibulkBuffer` in `src/networking.c`; the
//! client side, `redisReaderGetReply` in `deps/hiredis/read.c`, works the same way: parse what is
//! there, report "incomplete", resume on the next read.

use bytes::{Buf, Bytes, BytesMut};

use crate::limits::{MAX_BULK_LEN, MAX_NESTING_DEPTH, MAX_PREALLOCATED_ELEMENTS};
use crate::reader::{Reader, Stop};
use crate::{string_to_i64, Frame, ProtocolError};

impl Frame {
    /// Parses one frame from the front of `buf` and removes its bytes from `buf`.
    ///
    /// - `Ok(Some(frame))`: a whole frame was there.
    /// - `Ok(None)`: the frame is not complete yet; `buf` is untouched.
    /// - `Err(_)`: these bytes will never be RESP.
    pub fn parse(buf: &mut BytesMut) -> Result<Option<Frame>, ProtocolError> {
        // @step 2: Frame::parse — take one whole frame off the front of the buffer, if there is one
        // 1. Make a `Reader::new(buf)` and call `read_frame(&mut reader, 0)`: it only reads.
        // 2. On a frame: `buf.advance(reader.position())` to consume exactly its bytes; return it.
        // 3. On `Stop::Incomplete`: return `Ok(None)` and leave `buf` as it was.
        // 4. On `Stop::Invalid(error)`: return the error.
        let mut reader = Reader::new(buf);
        match read_frame(&mut reader, 0) {
            Ok(frame) => {
                let used = reader.position();
                buf.advance(used);
                Ok(Some(frame))
            }
            Err(Stop::Incomplete) => Ok(None),
            Err(Stop::Invalid(error)) => Err(error),
        }
    }
}

/// Reads one frame of any type. `depth` counts the arrays we are inside of.
pub(crate) fn read_frame(reader: &mut Reader<'_>, depth: usize) -> Result<Frame, Stop> {
    // RESP3's types (`_ # , ( = % ~ >`), which only a client reads, are read for you.
    if let Some(frame) = crate::parse_resp3::read_resp3(reader, depth)? {
        return Ok(frame);
    }
    // @step 2: read_frame — read one frame, whatever its type
    // 1. `reader.read_byte()?` is the type byte.
    // 2. `+` and `-`: the rest of the line is the text (`read_text`); `:` is `read_integer`;
    //    `$` is `read_bulk`; `*` is `read_array(reader, depth)`.
    // 3. Any other byte: `ProtocolError::InvalidFrameType(byte)`.
    match reader.read_byte()? {
        b'+' => Ok(Frame::Simple(read_text(reader)?)),
        b'-' => Ok(Frame::Error(read_text(reader)?)),
        b':' => read_integer(reader),
        b'$' => read_bulk(reader),
        b'*' => read_array(reader, depth),
        other => Err(ProtocolError::InvalidFrameType(other).into()),
    }
}

/// The rest of a `+` or `-` line, as text. Pre-written.
fn read_text(reader: &mut Reader<'_>) -> Result<String, Stop> {
    let line = reader.read_line(ProtocolError::TooBigInlineRequest)?;
    let text = std::str::from_utf8(line).map_err(|_| ProtocolError::InvalidUtf8)?;
    Ok(text.to_string())
}

/// The rest of a `:` line, as an `i64`. Pre-written.
fn read_integer(reader: &mut Reader<'_>) -> Result<Frame, Stop> {
    let line = reader.read_line(ProtocolError::InvalidInteger)?;
    let value = string_to_i64(line).ok_or(ProtocolError::InvalidInteger)?;
    Ok(Frame::Integer(value))
}

/// `$<len>\r\n<data>\r\n`, or `$-1\r\n` for null.
fn read_bulk(reader: &mut Reader<'_>) -> Result<Frame, Stop> {
    // @step 2: read_bulk — read a bulk string's length, then exactly that many bytes
    // 1. The line is the length: `reader.read_line(ProtocolError::TooBigBulkCount)?`, then
    //    `string_to_i64`. Not a number: `ProtocolError::InvalidBulkLength`.
    // 2. A length of -1 is `Frame::Null`. Any other negative length, or one over MAX_BULK_LEN,
    //    is `InvalidBulkLength`.
    // 3. `reader.read_exact(len)?` is the data. It never looks for "\r\n": that is what makes
    //    bulk strings binary-safe. Then `read_exact(2)` must be exactly "\r\n", else
    //    `MissingBulkTerminator`.
    // 4. Copy the data into its own `Bytes` and return `Frame::Bulk`. A copy, not a slice of the
    //    read buffer: a slice keeps the whole buffer alive, so a 3-byte value stored for a day
    //    would keep the 16 KiB buffer it arrived in alive for a day.
    let line = reader.read_line(ProtocolError::TooBigBulkCount)?;
    let declared = string_to_i64(line).ok_or(ProtocolError::InvalidBulkLength)?;
    if declared == -1 {
        return Ok(Frame::Null);
    }
    let len = usize::try_from(declared)
        .ok()
        .filter(|&len| len <= MAX_BULK_LEN)
        .ok_or(ProtocolError::InvalidBulkLength)?;
    let data = reader.read_exact(len)?;
    if reader.read_exact(2)? != b"\r\n" {
        return Err(ProtocolError::MissingBulkTerminator.into());
    }
    Ok(Frame::Bulk(Bytes::copy_from_slice(data)))
}

/// `*<count>\r\n` followed by `count` frames, or `*-1\r\n` for a null array.
fn read_array(reader: &mut Reader<'_>, depth: usize) -> Result<Frame, Stop> {
    // @step 2: read_array — read an element count, then that many frames
    // 1. The line is the count: `read_line(ProtocolError::TooBigMultibulkCount)`, then
    //    `string_to_i64`. -1 is `Frame::NullArray`; other negatives are `InvalidMultibulkLength`.
    // 2. Refuse to go deeper than MAX_NESTING_DEPTH (`NestingTooDeep`).
    // 3. Reserve room for at most MAX_PREALLOCATED_ELEMENTS: the count is only a claim.
    // 4. Read each element with `read_frame(reader, depth + 1)` and return `Frame::Array`.
    let line = reader.read_line(ProtocolError::TooBigMultibulkCount)?;
    let declared = string_to_i64(line).ok_or(ProtocolError::InvalidMultibulkLength)?;
    if declared == -1 {
        return Ok(Frame::NullArray);
    }
    let count = usize::try_from(declared).map_err(|_| ProtocolError::InvalidMultibulkLength)?;
    if depth >= MAX_NESTING_DEPTH {
        return Err(ProtocolError::NestingTooDeep.into());
    }
    let mut elements = Vec::with_capacity(count.min(MAX_PREALLOCATED_ELEMENTS));
    for _ in 0..count {
        elements.push(read_frame(reader, depth + 1)?);
    }
    Ok(Frame::Array(elements))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(bytes: &[u8]) -> Result<Option<Frame>, ProtocolError> {
        Frame::parse(&mut BytesMut::from(bytes))
    }

    #[test]
    fn a_declared_length_is_not_trusted() {
        assert_eq!(parse_all(b"$536870912\r\nabc"), Ok(None));
        assert_eq!(
            parse_all(b"$536870913\r\n"),
            Err(ProtocolError::InvalidBulkLength)
        );
        assert_eq!(parse_all(b"*2147483647\r\n:1\r\n"), Ok(None));
    }

    #[test]
    fn nesting_is_capped() {
        let deep = "*1\r\n".repeat(MAX_NESTING_DEPTH + 1) + ":1\r\n";
        assert_eq!(
            parse_all(deep.as_bytes()),
            Err(ProtocolError::NestingTooDeep)
        );
        let ok = "*1\r\n".repeat(MAX_NESTING_DEPTH) + ":1\r\n";
        assert!(matches!(parse_all(ok.as_bytes()), Ok(Some(_))));
    }
}
