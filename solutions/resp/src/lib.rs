//! RESP, the REdis Serialization Protocol: version 2, and version 3 for clients that ask.
//!
//! Everything a Redis client and server say to each other is a [`Frame`]. This crate knows how to
//! turn bytes into frames and frames into bytes, and nothing else: it has no idea what `GET`
//! means. Keeping the protocol apart from the commands is what lets each be tested alone.
//!
//! - [`Frame`] is the data type (`frame.rs`).
//! - [`Frame::encode`] writes a frame into a buffer, in RESP2 (`encode.rs`);
//!   [`Frame::encode_resp3`] in RESP3 (`resp3.rs`); [`Frame::encode_as`] in a client's
//!   [`Protocol`] (`protocol.rs`), with RESP3's types sent to RESP2 clients as Redis 7 sends
//!   them. Doubles are written as Redis 7.0 writes them (`double.rs`).
//! - [`Frame::bulk_array`] writes a reply of many bulk strings straight into wire form, a
//!   [`Frame::Raw`] (`raw.rs`).
//! - [`EncodedFrame`] is a frame encoded once in both protocols, to send the same frame to many
//!   clients (a published message) without encoding it for each (`encoded.rs`).
//! - [`Frame::parse`] reads any frame, incrementally (`parse.rs`): "not enough bytes yet" is a
//!   normal answer, because TCP delivers a stream, not messages. RESP3's types are read in
//!   `parse_resp3.rs`.
//! - [`RequestParser`] reads what a *server* accepts from a client (`request.rs`): an array of
//!   bulk strings, or an inline command typed into `nc` (`inline.rs`). It keeps its place
//!   between reads, so a request that arrives in many pieces is read once; [`parse_request`] is
//!   the same for one call, starting from the first byte.
//! - [`ProtocolError`] says why bytes are not RESP, in Redis's own words (`error.rs`).
//! - [`limits`] caps every length a client can declare, so a claim costs nothing until the bytes
//!   arrive.

mod double;
mod encode;
mod encoded;
mod error;
mod frame;
mod inline;
mod integer;
pub mod limits;
mod parse;
mod parse_resp3;
mod protocol;
mod raw;
mod reader;
mod request;
mod resp3;

pub use encoded::EncodedFrame;
pub use error::ProtocolError;
pub use frame::Frame;
pub use inline::split_args;
pub use integer::string_to_i64;
pub use protocol::Protocol;
pub use request::{parse_request, RequestParser};
