//! Writing frames as bytes, in RESP3.
//!
//! RESP3 keeps RESP2's simple strings, errors, integers, bulk strings and arrays byte for byte,
//! and adds a type byte for each thing RESP2 had to spell with those: `_` for null, `#` for a
//! boolean, `,` for a double, `(` for a big number, `=` for verbatim text, `%` for a map, `~` for
//! a set, `>` for a push. A client that sent `HELLO 3` gets these; see `protocol.rs` for what a
//! RESP2 client gets instead.
//!
//! Aggregates recurse with [`Frame::encode_resp3`], not [`Frame::encode`]: a map inside an array
//! is still a map for a RESP3 client.
//!
//! How real Redis does it: `addReplyNull`, `addReplyBool`, `addReplyDouble`, `addReplyBigNum`,
//! `addReplyVerbatim`, `addReplyMapLen`, `addReplySetLen` and `addReplyPushLen` in
//! `src/networking.c`, on their `c->resp == 3` branches.

use bytes::{BufMut, BytesMut};

use crate::double::format_double;
use crate::encode::{put_decimal, put_line};
use crate::Frame;

impl Frame {
    /// Appends the RESP3 wire form of this frame to `dst`.
    pub fn encode_resp3(&self, dst: &mut BytesMut) {
        // @step 5: Frame::encode_resp3 — append this frame's RESP3 bytes to `dst`
        // 1. Null and NullArray are both `_\r\n`. Boolean: `#t\r\n` or `#f\r\n`.
        // 2. Double: `,`, `format_double(value)`, "\r\n" (`put_line` writes a prefixed line).
        //    BigNumber: `(`, the digits, "\r\n".
        // 3. Verbatim: `=`, the length of `txt:` plus the text, "\r\n", the 3-byte format, `:`,
        //    the text, "\r\n" (`put_decimal` writes `=13\r\n`).
        // 4. Map: `%`, the number of pairs, "\r\n", then each key and value. Array `*`, Set `~`
        //    and Push `>`: the prefix, the count, "\r\n", then each element (`put_aggregate`).
        //    Elements recurse with `encode_resp3`, not `encode`: a map in an array stays a map.
        // 5. Simple, Error, Integer and Bulk are the same bytes as in RESP2, and so is Raw (a
        //    reply already encoded, `raw.rs`): `self.encode(dst)`.
        match self {
            // One null for both of RESP2's.
            Frame::Null | Frame::NullArray => dst.put_slice(b"_\r\n"),
            Frame::Boolean(value) => dst.put_slice(if *value { b"#t\r\n" } else { b"#f\r\n" }),
            Frame::Double(value) => put_line(dst, b',', format_double(*value).as_bytes()),
            Frame::BigNumber(digits) => put_line(dst, b'(', digits.as_bytes()),
            Frame::Verbatim { format, text } => {
                // The length counts the format and its colon: `=9\r\ntxt:hello\r\n`.
                put_decimal(dst, b'=', text.len() as i64 + 4);
                dst.reserve(text.len() + 6);
                dst.put_slice(format);
                dst.put_u8(b':');
                dst.put_slice(text);
                dst.put_slice(b"\r\n");
            }
            Frame::Map(pairs) => {
                put_decimal(dst, b'%', pairs.len() as i64);
                for (key, value) in pairs {
                    key.encode_resp3(dst);
                    value.encode_resp3(dst);
                }
            }
            Frame::Array(elements) => put_aggregate(dst, b'*', elements),
            Frame::Set(elements) => put_aggregate(dst, b'~', elements),
            Frame::Push(elements) => put_aggregate(dst, b'>', elements),
            // The same bytes as in RESP2.
            Frame::Simple(_)
            | Frame::Error(_)
            | Frame::Integer(_)
            | Frame::Bulk(_)
            | Frame::Raw(_) => self.encode(dst),
        }
    }
}

/// `<prefix><count>\r\n`, then each element in RESP3.
fn put_aggregate(dst: &mut BytesMut, prefix: u8, elements: &[Frame]) {
    put_decimal(dst, prefix, elements.len() as i64);
    for element in elements {
        element.encode_resp3(dst);
    }
}
