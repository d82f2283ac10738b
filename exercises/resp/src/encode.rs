//! Writing frames as bytes, in RESP2.
//!
//! Encoding is the easy direction: every frame knows its own size, so we write the type byte, the
//! length or text, and `\r\n`. We append into a `BytesMut` rather than returning a new buffer per
//! frame, so that all the replies to a pipeline of commands land in one buffer and leave in one
//! `write` system call.
//!
//! This is the RESP2 encoder, what every client gets until it sends `HELLO 3`. RESP3's encoder
//! is `resp3.rs`, and [`Frame::encode_as`] picks one of the two (`protocol.rs`).

use bytes::{BufMut, Bytes, BytesMut};

use crate::Frame;

impl Frame {
    /// Appends the RESP2 wire form of this frame to `dst`.
    pub fn encode(&self, dst: &mut BytesMut) {
        // @step 2: Frame::encode — append this frame's bytes to `dst`
        // 1. Simple: `+`, the text, "\r\n". Error: the same with `-`. Integer: `:`, the digits,
        //    "\r\n" (`put_decimal` writes the digits).
        // 2. Bulk: `$`, the length, "\r\n", the data, "\r\n". Null: "$-1\r\n".
        // 3. Array: `*`, the element count, "\r\n", then encode each element. NullArray: "*-1\r\n".
        // 4. Any other variant is one of RESP3's (chapter 5) or `Raw` (bytes already encoded),
        //    written for you: `other => other.encode_downgraded(dst)` sends it as Redis 7 sends
        //    it to RESP2 clients.
        todo!("step 2: Frame::encode — append this frame's bytes to `dst`")
    }

    /// The RESP2 wire form of this frame in a buffer of its own. Pre-written.
    pub fn to_bytes(&self) -> Bytes {
        let mut buf = BytesMut::new();
        self.encode(&mut buf);
        buf.freeze()
    }
}

/// `<prefix><text>\r\n`. Pre-written.
pub(crate) fn put_line(dst: &mut BytesMut, prefix: u8, text: &[u8]) {
    dst.reserve(text.len() + 3);
    dst.put_u8(prefix);
    dst.put_slice(text);
    dst.put_slice(b"\r\n");
}

/// `<prefix><decimal>\r\n`, as in `:42\r\n` or `$5\r\n`. Pre-written.
pub(crate) fn put_decimal(dst: &mut BytesMut, prefix: u8, value: i64) {
    put_line(dst, prefix, itoa::Buffer::new().format(value).as_bytes());
}
