//! Why a byte stream is not valid RESP.
//!
//! Each message is the text real Redis 7 puts after `-ERR ` before it closes the connection (see
//! `processMultibulkBuffer` and `processInlineBuffer` in Redis's `src/networking.c`). Once a frame
//! is malformed the server cannot know where the next one starts, so the only safe move is to
//! reply with the error and hang up. A server writes these as `-ERR {error}\r\n`.

use thiserror::Error;

/// Bytes that can never become a valid frame, however many more arrive.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProtocolError {
    /// `*abc\r\n`, `*-5\r\n` or a count above `i32::MAX`.
    #[error("Protocol error: invalid multibulk length")]
    InvalidMultibulkLength,
    /// `$abc\r\n`, `$-5\r\n` or a length above [`crate::limits::MAX_BULK_LEN`].
    #[error("Protocol error: invalid bulk length")]
    InvalidBulkLength,
    /// An element of a request array that is not a bulk string, e.g. `*1\r\n:1\r\n`.
    #[error("Protocol error: expected '$', got '{}'", as_shown_in_a_reply(*.0))]
    ExpectedBulk(u8),
    /// A `*` line longer than [`crate::limits::MAX_INLINE_LEN`] with no `\r\n` in sight.
    #[error("Protocol error: too big mbulk count string")]
    TooBigMultibulkCount,
    /// A `$` line longer than [`crate::limits::MAX_INLINE_LEN`] with no `\r\n` in sight.
    #[error("Protocol error: too big bulk count string")]
    TooBigBulkCount,
    /// An inline command longer than [`crate::limits::MAX_INLINE_LEN`] with no newline.
    #[error("Protocol error: too big inline request")]
    TooBigInlineRequest,
    /// An inline command such as `SET k "v` whose quotes never close.
    #[error("Protocol error: unbalanced quotes in request")]
    UnbalancedQuotes,
    /// A frame whose first byte is none of RESP2's `+ - : $ *` nor RESP3's `_ # , ( = % ~ >`.
    /// (Only [`crate::Frame::parse`] reports this; a server treats such a line as an inline
    /// command instead.)
    #[error("Protocol error: invalid frame type byte '{}'", (*.0).escape_ascii())]
    InvalidFrameType(u8),
    /// `:abc\r\n`: an integer frame that is not a 64-bit integer.
    #[error("Protocol error: invalid integer")]
    InvalidInteger,
    /// A bulk string whose data is not followed by `\r\n`.
    #[error("Protocol error: expected CRLF after bulk data")]
    MissingBulkTerminator,
    /// A simple string or error that is not UTF-8.
    #[error("Protocol error: simple string is not valid UTF-8")]
    InvalidUtf8,
    /// Arrays nested deeper than [`crate::limits::MAX_NESTING_DEPTH`].
    #[error("Protocol error: nesting too deep")]
    NestingTooDeep,
    /// A RESP3 null that is not exactly `_\r\n`.
    #[error("Protocol error: invalid null")]
    InvalidNull,
    /// A RESP3 boolean that is neither `#t\r\n` nor `#f\r\n`.
    #[error("Protocol error: invalid boolean")]
    InvalidBoolean,
    /// A RESP3 double that is not a number, `inf`, `-inf` or `nan`.
    #[error("Protocol error: invalid double")]
    InvalidDouble,
    /// A RESP3 big number that is not decimal digits with an optional minus sign.
    #[error("Protocol error: invalid big number")]
    InvalidBigNumber,
    /// A RESP3 verbatim string without its three-byte format and colon (`txt:`).
    #[error("Protocol error: invalid verbatim string")]
    InvalidVerbatim,
}

/// A client's byte as Redis quotes it in an error reply. A `\r` or `\n` would end the reply line
/// early and desynchronise the client, so Redis's `addReplyErrorFormat` turns both into spaces.
fn as_shown_in_a_reply(byte: u8) -> char {
    match byte {
        b'\r' | b'\n' => ' ',
        other => other as char,
    }
}
