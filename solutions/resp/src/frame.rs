//! The `Frame` enum: one variant per RESP type.
//!
//! RESP2 has five types, told apart by their first byte. Two of them have a "null" form, which we
//! give their own variants so that code matching on a frame cannot forget them:
//!
//! | first byte | type          | example on the wire          | variant            |
//! |------------|---------------|------------------------------|--------------------|
//! | `+`        | simple string | `+OK\r\n`                    | [`Frame::Simple`]  |
//! | `-`        | error         | `-ERR unknown command\r\n`   | [`Frame::Error`]   |
//! | `:`        | integer       | `:42\r\n`                    | [`Frame::Integer`] |
//! | `$`        | bulk string   | `$5\r\nhello\r\n`            | [`Frame::Bulk`]    |
//! | `$`        | null bulk     | `$-1\r\n`                    | [`Frame::Null`]    |
//! | `*`        | array         | `*1\r\n$4\r\nPING\r\n`       | [`Frame::Array`]   |
//! | `*`        | null array    | `*-1\r\n`                    | [`Frame::NullArray`] |
//!
//! RESP3 (chapter 5) keeps those and adds types that say what a reply *means*, so a client need
//! not know the command to decode it: a map is a map, not an array of even length.
//!
//! | first byte | type            | RESP3 example                    | variant              |
//! |------------|-----------------|----------------------------------|----------------------|
//! | `_`        | null            | `_\r\n`                          | [`Frame::Null`], [`Frame::NullArray`] |
//! | `#`        | boolean         | `#t\r\n`                         | [`Frame::Boolean`]   |
//! | `,`        | double          | `,3.141\r\n`                     | [`Frame::Double`]    |
//! | `(`        | big number      | `(12345678901234567890\r\n`      | [`Frame::BigNumber`] |
//! | `=`        | verbatim string | `=9\r\ntxt:hello\r\n`            | [`Frame::Verbatim`]  |
//! | `%`        | map             | `%1\r\n+key\r\n:1\r\n`           | [`Frame::Map`]       |
//! | `~`        | set             | `~2\r\n:1\r\n:2\r\n`             | [`Frame::Set`]       |
//! | `>`        | push            | `>2\r\n+message\r\n$2\r\nhi\r\n` | [`Frame::Push`]      |
//!
//! A command builds one frame and never asks which protocol its client speaks: the encoder does
//! ([`crate::Protocol`]). RESP3 has one null, `_`, for both of RESP2's, so `Frame::Null` and
//! `Frame::NullArray` stay two variants, as Redis's `addReplyNull` and `addReplyNullArray` are
//! two functions: each picks its RESP2 form, and both are `_` in RESP3. For the same reason
//! [`Frame::parse`] reads `_` as `Frame::Null`.
//!
//! One variant is no RESP type of its own: [`Frame::Raw`] is a reply already written in wire
//! form, for replies of many elements (`raw.rs`).
//!
//! Bulk strings hold [`Bytes`], not `String`: Redis values are binary-safe, so a value may contain
//! `\r\n`, `\0` or invalid UTF-8. Simple strings and errors cannot contain `\r` or `\n` (they end
//! at the first one), so they are plain text.
//!
//! How real Redis does it: one `addReply*` function per type in `src/networking.c`
//! (`addReplyMapLen`, `addReplySetLen`, `addReplyDouble`, `addReplyBool`, `addReplyVerbatim`,
//! ...), each of which checks `c->resp` and writes the RESP2 or the RESP3 form.

use bytes::Bytes;

/// One RESP value. See the module docs for the wire format of each variant.
///
/// Two frames are equal when they hold the same values; doubles compare by their bits, so that
/// `NaN` equals itself and a frame is always equal to its clone.
#[derive(Clone, Debug)]
pub enum Frame {
    /// `+OK\r\n`: a short status text.
    Simple(String),
    /// `-ERR message\r\n`: the first word (`ERR`, `WRONGTYPE`, ...) is the error's kind.
    Error(String),
    /// `:42\r\n`: a signed 64-bit integer.
    Integer(i64),
    /// `$5\r\nhello\r\n`: binary-safe bytes, length first.
    Bulk(Bytes),
    /// `$-1\r\n`: "no value", what `GET` replies for a missing key. `_\r\n` in RESP3.
    Null,
    /// `*2\r\n...`: a sequence of frames. Every client request is an array of bulk strings.
    Array(Vec<Frame>),
    /// `*-1\r\n`: "no array". `_\r\n` in RESP3.
    NullArray,
    /// `#t\r\n` or `#f\r\n` (RESP3). A RESP2 client gets the integer 1 or 0.
    Boolean(bool),
    /// `,1.5\r\n` (RESP3). A RESP2 client gets a bulk string with the same digits.
    Double(f64),
    /// `(3492890328409238509324850943850943825024385\r\n` (RESP3): an integer of any size, as
    /// its decimal digits. A RESP2 client gets a bulk string.
    BigNumber(String),
    /// `=9\r\ntxt:hello\r\n` (RESP3): text to show as it is, with a three-byte format (`txt`
    /// or `mkd`). A RESP2 client gets the text alone, as a bulk string.
    Verbatim {
        /// `txt` for plain text, `mkd` for markdown.
        format: [u8; 3],
        /// The text, without the `txt:` prefix.
        text: Bytes,
    },
    /// `%1\r\n<key><value>` (RESP3): key-value pairs, in order. A RESP2 client gets a flat
    /// array, key, value, key, value.
    Map(Vec<(Frame, Frame)>),
    /// `~2\r\n...` (RESP3): elements without an order. A RESP2 client gets an array.
    Set(Vec<Frame>),
    /// `>2\r\n...` (RESP3): data the server sends without being asked (a published message).
    /// A RESP2 client gets an array.
    Push(Vec<Frame>),
    /// Bytes already in wire form, the same in RESP2 and RESP3, sent as they are: a long reply
    /// of bulk strings written at once by [`Frame::bulk_array`] (`raw.rs`). Never parsed.
    Raw(Bytes),
}

impl Frame {
    /// `+OK\r\n`, the most common reply of all.
    pub fn ok() -> Frame {
        Frame::Simple("OK".to_string())
    }

    /// A bulk string from anything that converts into `Bytes` (`&'static str`, `Vec<u8>`, ...).
    pub fn bulk(data: impl Into<Bytes>) -> Frame {
        Frame::Bulk(data.into())
    }

    /// A plain-text verbatim string (`txt`), as Redis replies `INFO` to a RESP3 client.
    pub fn verbatim(text: impl Into<Bytes>) -> Frame {
        Frame::Verbatim {
            format: *b"txt",
            text: text.into(),
        }
    }

    /// An array of bulk strings: what a client sends. `Frame::command(["SET", "k", "v"])`.
    pub fn command<I, T>(parts: I) -> Frame
    where
        I: IntoIterator<Item = T>,
        T: Into<Bytes>,
    {
        Frame::Array(
            parts
                .into_iter()
                .map(|part| Frame::Bulk(part.into()))
                .collect(),
        )
    }
}

impl PartialEq for Frame {
    fn eq(&self, other: &Frame) -> bool {
        match (self, other) {
            (Frame::Simple(a), Frame::Simple(b)) | (Frame::Error(a), Frame::Error(b)) => a == b,
            (Frame::BigNumber(a), Frame::BigNumber(b)) => a == b,
            (Frame::Integer(a), Frame::Integer(b)) => a == b,
            (Frame::Bulk(a), Frame::Bulk(b)) => a == b,
            (Frame::Null, Frame::Null) | (Frame::NullArray, Frame::NullArray) => true,
            (Frame::Array(a), Frame::Array(b))
            | (Frame::Set(a), Frame::Set(b))
            | (Frame::Push(a), Frame::Push(b)) => a == b,
            (Frame::Boolean(a), Frame::Boolean(b)) => a == b,
            (Frame::Double(a), Frame::Double(b)) => a.to_bits() == b.to_bits(),
            (
                Frame::Verbatim { format, text },
                Frame::Verbatim {
                    format: other_format,
                    text: other_text,
                },
            ) => format == other_format && text == other_text,
            (Frame::Map(a), Frame::Map(b)) => a == b,
            // Equal to the frames it stands for, in both protocols: `bulk_array(["a"])` equals
            // `command(["a"])`, not a RESP3 set of the same elements.
            (Frame::Raw(raw), other) | (other, Frame::Raw(raw)) => {
                other.to_bytes() == raw && other.to_bytes_as(crate::Protocol::Resp3) == raw
            }
            _ => false,
        }
    }
}

/// Comparing doubles by their bits makes equality reflexive, so `Frame` is `Eq`.
impl Eq for Frame {}
