//! Reading RESP3's types, as a client reads the replies of a server it sent `HELLO 3`.
//!
//! A server never reads these: requests are arrays of bulk strings in both protocols. But tests
//! and tools read replies with [`Frame::parse`], and a RESP3 reply may be any of `_ # , ( = % ~
//! >`. [`read_resp3`] reads those and leaves RESP2's five types to `parse.rs`; the elements of a
//! map, set or push go back through `read_frame`, so they may be of any type.
//!
//! The same rules as for RESP2 hold: "not enough bytes yet" is [`Stop::Incomplete`], a declared
//! length or count is only a claim (nothing is reserved past [`MAX_PREALLOCATED_ELEMENTS`]), and
//! nesting is capped at [`MAX_NESTING_DEPTH`].
//!
//! How real Redis does it: `processLineItem`, `processBulkItem` and `processAggregateItem` in
//! `deps/hiredis/read.c`, Redis's own client library.

use bytes::Bytes;

use crate::limits::{MAX_BULK_LEN, MAX_NESTING_DEPTH, MAX_PREALLOCATED_ELEMENTS};
use crate::parse::read_frame;
use crate::reader::{Reader, Stop};
use crate::{string_to_i64, Frame, ProtocolError};

/// Reads the next frame if its type byte is one of RESP3's own; `Ok(None)`, with nothing
/// consumed, for any other byte. `depth` counts the aggregates we are inside of.
pub(crate) fn read_resp3(reader: &mut Reader<'_>, depth: usize) -> Result<Option<Frame>, Stop> {
    let Some(&kind) = reader.remaining().first() else {
        return Ok(None);
    };
    if !b"_#,(=%~>".contains(&kind) {
        return Ok(None);
    }
    reader.skip(1);
    let frame = match kind {
        b'_' => read_null(reader)?,
        b'#' => read_boolean(reader)?,
        b',' => read_double(reader)?,
        b'(' => read_big_number(reader)?,
        b'=' => read_verbatim(reader)?,
        b'%' => read_map(reader, depth)?,
        b'~' => Frame::Set(read_elements(reader, depth)?),
        _ => Frame::Push(read_elements(reader, depth)?),
    };
    Ok(Some(frame))
}

/// `_\r\n`: RESP3's one null, read as [`Frame::Null`].
fn read_null(reader: &mut Reader<'_>) -> Result<Frame, Stop> {
    match reader.read_line(ProtocolError::InvalidNull)? {
        b"" => Ok(Frame::Null),
        _ => Err(ProtocolError::InvalidNull.into()),
    }
}

/// `#t\r\n` or `#f\r\n`.
fn read_boolean(reader: &mut Reader<'_>) -> Result<Frame, Stop> {
    match reader.read_line(ProtocolError::InvalidBoolean)? {
        b"t" => Ok(Frame::Boolean(true)),
        b"f" => Ok(Frame::Boolean(false)),
        _ => Err(ProtocolError::InvalidBoolean.into()),
    }
}

/// `,1.5\r\n`, `,inf\r\n`, `,-inf\r\n`, `,nan\r\n`, `,1e+17\r\n`.
fn read_double(reader: &mut Reader<'_>) -> Result<Frame, Stop> {
    let line = reader.read_line(ProtocolError::InvalidDouble)?;
    std::str::from_utf8(line)
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .map(Frame::Double)
        .ok_or_else(|| ProtocolError::InvalidDouble.into())
}

/// `(<digits>\r\n`, with an optional minus sign.
fn read_big_number(reader: &mut Reader<'_>) -> Result<Frame, Stop> {
    let line = reader.read_line(ProtocolError::InvalidBigNumber)?;
    let digits = line.strip_prefix(b"-").unwrap_or(line);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(ProtocolError::InvalidBigNumber.into());
    }
    // Only ASCII digits and a minus sign: always UTF-8.
    Ok(Frame::BigNumber(String::from_utf8_lossy(line).into_owned()))
}

/// `=<len>\r\n<format>:<text>\r\n`, where the length counts the format and its colon.
fn read_verbatim(reader: &mut Reader<'_>) -> Result<Frame, Stop> {
    let line = reader.read_line(ProtocolError::TooBigBulkCount)?;
    let len = string_to_i64(line)
        .and_then(|len| usize::try_from(len).ok())
        .filter(|&len| len <= MAX_BULK_LEN)
        .ok_or(ProtocolError::InvalidBulkLength)?;
    let data = reader.read_exact(len)?;
    if reader.read_exact(2)? != b"\r\n" {
        return Err(ProtocolError::MissingBulkTerminator.into());
    }
    match data {
        [a, b, c, b':', text @ ..] => Ok(Frame::Verbatim {
            format: [*a, *b, *c],
            text: Bytes::copy_from_slice(text),
        }),
        _ => Err(ProtocolError::InvalidVerbatim.into()),
    }
}

/// `%<count>\r\n` followed by `count` keys, each followed by its value.
fn read_map(reader: &mut Reader<'_>, depth: usize) -> Result<Frame, Stop> {
    let count = read_count(reader, depth)?;
    // A pair is two frames: half as many pairs reserve as many bytes as an array would.
    let mut pairs = Vec::with_capacity(count.min(MAX_PREALLOCATED_ELEMENTS / 2));
    for _ in 0..count {
        let key = read_frame(reader, depth + 1)?;
        let value = read_frame(reader, depth + 1)?;
        pairs.push((key, value));
    }
    Ok(Frame::Map(pairs))
}

/// The elements of a set (`~`) or a push (`>`): a count, then that many frames.
fn read_elements(reader: &mut Reader<'_>, depth: usize) -> Result<Vec<Frame>, Stop> {
    let count = read_count(reader, depth)?;
    let mut elements = Vec::with_capacity(count.min(MAX_PREALLOCATED_ELEMENTS));
    for _ in 0..count {
        elements.push(read_frame(reader, depth + 1)?);
    }
    Ok(elements)
}

/// An aggregate's count line. RESP3's aggregates have no null form, so a negative count is
/// invalid, as is one more level of nesting than [`MAX_NESTING_DEPTH`].
fn read_count(reader: &mut Reader<'_>, depth: usize) -> Result<usize, Stop> {
    let line = reader.read_line(ProtocolError::TooBigMultibulkCount)?;
    let count = string_to_i64(line)
        .and_then(|count| usize::try_from(count).ok())
        .ok_or(ProtocolError::InvalidMultibulkLength)?;
    if depth >= MAX_NESTING_DEPTH {
        return Err(ProtocolError::NestingTooDeep.into());
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use bytes::BytesMut;

    use super::*;

    fn parse(bytes: &[u8]) -> Result<Option<Frame>, ProtocolError> {
        Frame::parse(&mut BytesMut::from(bytes))
    }

    #[test]
    fn malformed_values_are_errors() {
        let cases: &[(&[u8], ProtocolError)] = &[
            (b"_x\r\n", ProtocolError::InvalidNull),
            (b"#x\r\n", ProtocolError::InvalidBoolean),
            (b"#\r\n", ProtocolError::InvalidBoolean),
            (b",abc\r\n", ProtocolError::InvalidDouble),
            (b",\r\n", ProtocolError::InvalidDouble),
            (b"(12a\r\n", ProtocolError::InvalidBigNumber),
            (b"(-\r\n", ProtocolError::InvalidBigNumber),
            (b"=3\r\ntxt\r\n", ProtocolError::InvalidVerbatim),
            (b"=5\r\ntxt-x\r\n", ProtocolError::InvalidVerbatim),
            (b"=-1\r\n", ProtocolError::InvalidBulkLength),
            (b"=4\r\ntxt:xx", ProtocolError::MissingBulkTerminator),
            (b"%-1\r\n", ProtocolError::InvalidMultibulkLength),
            (b"~x\r\n", ProtocolError::InvalidMultibulkLength),
            (b">-1\r\n", ProtocolError::InvalidMultibulkLength),
        ];
        for (bytes, error) in cases {
            assert_eq!(parse(bytes), Err(error.clone()), "{bytes:?}");
        }
    }

    #[test]
    fn a_declared_count_is_not_trusted_and_nesting_is_capped() {
        assert_eq!(parse(b"%2147483647\r\n:1\r\n"), Ok(None));
        assert_eq!(parse(b"~2147483647\r\n:1\r\n"), Ok(None));
        assert_eq!(parse(b"=536870912\r\ntxt:"), Ok(None));
        let deep = "%1\r\n:1\r\n".repeat(MAX_NESTING_DEPTH + 1) + ":1\r\n";
        assert_eq!(parse(deep.as_bytes()), Err(ProtocolError::NestingTooDeep));
        let mixed = "*1\r\n~1\r\n>1\r\n".repeat(MAX_NESTING_DEPTH) + ":1\r\n";
        assert_eq!(parse(mixed.as_bytes()), Err(ProtocolError::NestingTooDeep));
    }

    #[test]
    fn doubles_read_every_spelling_redis_writes() {
        for (bytes, value) in [
            (&b",1.5\r\n"[..], 1.5),
            (b",-0.25\r\n", -0.25),
            (b",1e+17\r\n", 1e17),
            (b",1.0000000000000001e-05\r\n", 1e-5),
            (b",inf\r\n", f64::INFINITY),
            (b",-inf\r\n", f64::NEG_INFINITY),
        ] {
            assert_eq!(parse(bytes), Ok(Some(Frame::Double(value))), "{bytes:?}");
        }
        assert!(matches!(parse(b",nan\r\n"), Ok(Some(Frame::Double(v))) if v.is_nan()));
    }

    #[test]
    fn what_follows_a_frame_is_left() {
        let mut buf = BytesMut::from(&b"#t\r\n_\r\n+OK"[..]);
        assert_eq!(Frame::parse(&mut buf), Ok(Some(Frame::Boolean(true))));
        assert_eq!(Frame::parse(&mut buf), Ok(Some(Frame::Null)));
        assert_eq!(Frame::parse(&mut buf), Ok(None));
        assert_eq!(&buf[..], b"+OK");
    }
}
