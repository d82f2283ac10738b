//! The `Frame` enum: one variant per RESP2 type.
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
//! Bulk strings hold [`Bytes`], not `String`: Redis values are binary-safe, so a value may contain
//! `\r\n`, `\0` or invalid UTF-8. Simple strings and errors cannot contain `\r` or `\n` (they end
//! at the first one), so they are plain text.

use bytes::Bytes;

/// One RESP2 value. See the module docs for the wire format of each variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// `+OK\r\n`: a short status text.
    Simple(String),
    /// `-ERR message\r\n`: the first word (`ERR`, `WRONGTYPE`, ...) is the error's kind.
    Error(String),
    /// `:42\r\n`: a signed 64-bit integer.
    Integer(i64),
    /// `$5\r\nhello\r\n`: binary-safe bytes, length first.
    Bulk(Bytes),
    /// `$-1\r\n`: "no value", what `GET` replies for a missing key.
    Null,
    /// `*2\r\n...`: a sequence of frames. Every client request is an array of bulk strings.
    Array(Vec<Frame>),
    /// `*-1\r\n`: "no array".
    NullArray,
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
