//! [`Frame::Raw`]: a reply already in wire form, for replies with many elements.
//!
//! `LRANGE mylist 0 99` replies 100 bulk strings. Built as `Frame::Array` of `Frame::Bulk`, each
//! element becomes a frame of its own and a clone of the list's `Bytes` (a reference count up,
//! then down once the reply is written), only for the encoder to copy its bytes into the output
//! a moment later. [`Frame::bulk_array`] writes the elements' wire form at once instead, while
//! the command still holds them: one buffer, no frame or count per element. Clients cannot tell
//! the difference, as an array of bulk strings is the same bytes in RESP2 and RESP3.
//!
//! How real Redis does it: there are no frames; `addReplyArrayLen` and `addReplyBulkCBuffer`
//! (`src/networking.c`) copy each element into the client's output buffer as `lrangeCommand`
//! walks the list (`addListRangeReply` in `src/t_list.c`).

use bytes::{BufMut, BytesMut};

use crate::encode::put_decimal;
use crate::Frame;

impl Frame {
    /// An array of bulk strings, written straight into wire form: the same bytes that
    /// `Frame::Array` of `Frame::Bulk` encodes to, in either protocol.
    pub fn bulk_array<I>(elements: I) -> Frame
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
        I::IntoIter: ExactSizeIterator,
    {
        let elements = elements.into_iter();
        // A guess that fits short elements; longer ones grow the buffer as they come.
        let mut dst = BytesMut::with_capacity(16 + 16 * elements.len());
        put_decimal(&mut dst, b'*', elements.len() as i64);
        for element in elements {
            let data = element.as_ref();
            put_decimal(&mut dst, b'$', data.len() as i64);
            dst.reserve(data.len() + 2);
            dst.put_slice(data);
            dst.put_slice(b"\r\n");
        }
        Frame::Raw(dst.freeze())
    }
}
