//! Two protocols, one reply: which bytes a frame becomes depends on who asks.
//!
//! A client speaks RESP2 until it sends `HELLO 3`; from then on it gets RESP3. Commands do not
//! care: each builds one [`Frame`] (a map for `HELLO`, a null for a missing key), and the server
//! encodes it for the client's protocol with [`Frame::encode_as`].
//!
//! A RESP2 client can still be sent a RESP3 type, because commands build maps, doubles and
//! booleans for everyone. It gets the form Redis 7 gives RESP2 clients ([`Frame::encode`]
//! hands those types to `encode_downgraded`, below):
//!
//! | RESP3                    | RESP2                                  |
//! |--------------------------|----------------------------------------|
//! | map `%2` of 2 pairs      | array `*4`: key, value, key, value     |
//! | set `~`, push `>`        | array `*`                              |
//! | double `,1.5`            | bulk string `$3\r\n1.5` (same digits)  |
//! | boolean `#t` / `#f`      | integer `:1` / `:0`                    |
//! | big number `(123`        | bulk string `$3\r\n123`                |
//! | verbatim `=9\r\ntxt:hello` | bulk string `$5\r\nhello` (no `txt:`) |
//! | null `_`                 | `$-1` ([`Frame::Null`]) or `*-1` ([`Frame::NullArray`]) |
//!
//! How real Redis does it: each `addReply*` function in `src/networking.c` tests `c->resp`, the
//! version `HELLO` set (`helloCommand`), and writes one form or the other.

use bytes::{BufMut, Bytes, BytesMut};

use crate::double::format_double;
use crate::encode::put_decimal;
use crate::Frame;

/// The protocol a connection speaks: RESP2 until the client sends `HELLO 3`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// RESP2: what every client speaks when it connects.
    #[default]
    Resp2,
    /// RESP3: typed replies (maps, sets, doubles, ...) and pushes.
    Resp3,
}

impl Protocol {
    /// The protocol of a `HELLO` version, if we speak it: 2 or 3. Any other number is Redis's
    /// `NOPROTO`.
    pub fn from_version(version: i64) -> Option<Protocol> {
        match version {
            2 => Some(Protocol::Resp2),
            3 => Some(Protocol::Resp3),
            _ => None,
        }
    }

    /// The version number, as `HELLO` takes it and replies it (`proto`): 2 or 3.
    pub fn version(self) -> u8 {
        match self {
            Protocol::Resp2 => 2,
            Protocol::Resp3 => 3,
        }
    }
}

/// A session's version number, as `HELLO` stored it: 3 is RESP3, anything else RESP2, the
/// protocol every client starts with.
impl From<u8> for Protocol {
    fn from(version: u8) -> Protocol {
        match version {
            3 => Protocol::Resp3,
            _ => Protocol::Resp2,
        }
    }
}

impl Frame {
    /// Appends the wire form of this frame in `protocol` to `dst`: [`Frame::encode`] for RESP2,
    /// [`Frame::encode_resp3`] for RESP3. `protocol` may be the session's version number (2 or
    /// 3).
    pub fn encode_as(&self, protocol: impl Into<Protocol>, dst: &mut BytesMut) {
        match protocol.into() {
            Protocol::Resp2 => self.encode(dst),
            Protocol::Resp3 => self.encode_resp3(dst),
        }
    }

    /// The wire form of this frame in `protocol`, in a buffer of its own.
    pub fn to_bytes_as(&self, protocol: impl Into<Protocol>) -> Bytes {
        let mut buf = BytesMut::new();
        self.encode_as(protocol, &mut buf);
        buf.freeze()
    }

    /// Appends the RESP2 form of one of RESP3's types, as Redis 7 sends it to a RESP2 client
    /// (see the table above). Their elements go through [`Frame::encode`], so a map of
    /// booleans becomes an array of integers. RESP2's own types are [`Frame::encode`]'s and
    /// are written as they are.
    pub(crate) fn encode_downgraded(&self, dst: &mut BytesMut) {
        match self {
            Frame::Boolean(value) => put_decimal(dst, b':', i64::from(*value)),
            Frame::Double(value) => put_bulk(dst, format_double(*value).as_bytes()),
            Frame::BigNumber(digits) => put_bulk(dst, digits.as_bytes()),
            Frame::Verbatim { text, .. } => put_bulk(dst, text),
            Frame::Map(pairs) => {
                put_decimal(dst, b'*', 2 * pairs.len() as i64);
                for (key, value) in pairs {
                    key.encode(dst);
                    value.encode(dst);
                }
            }
            Frame::Set(elements) | Frame::Push(elements) => {
                put_decimal(dst, b'*', elements.len() as i64);
                for element in elements {
                    element.encode(dst);
                }
            }
            // Already encoded, and the same bytes in both protocols.
            Frame::Raw(bytes) => dst.extend_from_slice(bytes),
            Frame::Simple(_)
            | Frame::Error(_)
            | Frame::Integer(_)
            | Frame::Bulk(_)
            | Frame::Null
            | Frame::Array(_)
            | Frame::NullArray => self.encode(dst),
        }
    }
}

/// `$<len>\r\n<data>\r\n`.
fn put_bulk(dst: &mut BytesMut, data: &[u8]) {
    put_decimal(dst, b'$', data.len() as i64);
    dst.reserve(data.len() + 2);
    dst.put_slice(data);
    dst.put_slice(b"\r\n");
}
