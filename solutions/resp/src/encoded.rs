//! A frame encoded once, to be sent to many clients.
//!
//! A published message goes to every subscriber of its channel, and every subscriber would
//! encode the same frame into the same bytes: a thousand subscribers, a thousand encodings of
//! one message. An [`EncodedFrame`] is the frame's wire form in both protocols, written once,
//! in one shared buffer: handing it to another client costs a reference count, and writing it
//! out is a copy.
//!
//! How real Redis does it: `pubsubPublishMessage` (`src/pubsub.c`) builds the message's parts
//! as shared string objects once, and each subscriber's `addReplyPubsubMessage` copies them
//! into its own reply buffer in its own protocol (`>` or `*`).

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};

use crate::{Frame, Protocol};

/// A frame's RESP2 and RESP3 bytes, in one shared buffer. Cloning it shares the buffer.
///
/// Most frames sent to many clients (a message: a push of bulk strings) differ between the
/// protocols in their first byte only, `*` or `>`: those are kept once, with RESP3's first
/// byte beside them, so that a 64 KB message takes 64 KB, not 128. Other frames keep both
/// forms back to back.
#[derive(Clone, PartialEq, Eq)]
pub struct EncodedFrame {
    /// The RESP2 form, then the RESP3 form if it differs in more than its first byte.
    bytes: Bytes,
    /// Where the RESP3 form is.
    resp3: Resp3Form,
}

/// Where an [`EncodedFrame`]'s RESP3 form is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resp3Form {
    /// The RESP2 form with this first byte instead.
    FirstByte(u8),
    /// In the buffer, from this offset on.
    At(usize),
}

impl EncodedFrame {
    /// Encodes `frame` in both protocols.
    pub fn new(frame: &Frame) -> EncodedFrame {
        let (mut resp2, mut resp3) = (BytesMut::new(), BytesMut::new());
        frame.encode(&mut resp2);
        frame.encode_resp3(&mut resp3);
        // Copied into a buffer of the exact size: an encoding buffer grows by doubling, and a
        // message waiting for a slow subscriber should not hold twice its size.
        match (resp2.split_first(), resp3.split_first()) {
            (Some((_, resp2_rest)), Some((&first, resp3_rest))) if resp2_rest == resp3_rest => {
                EncodedFrame {
                    bytes: Bytes::copy_from_slice(&resp2),
                    resp3: Resp3Form::FirstByte(first),
                }
            }
            _ => {
                let mut bytes = Vec::with_capacity(resp2.len() + resp3.len());
                bytes.extend_from_slice(&resp2);
                bytes.extend_from_slice(&resp3);
                EncodedFrame {
                    bytes: Bytes::from(bytes),
                    resp3: Resp3Form::At(resp2.len()),
                }
            }
        }
    }

    /// Appends the wire form in `protocol` to `dst`, as [`Frame::encode_as`] would.
    pub fn encode_as(&self, protocol: impl Into<Protocol>, dst: &mut BytesMut) {
        match (protocol.into(), self.resp3) {
            (Protocol::Resp2, Resp3Form::FirstByte(_)) => dst.extend_from_slice(&self.bytes),
            (Protocol::Resp2, Resp3Form::At(at)) => dst.extend_from_slice(&self.bytes[..at]),
            (Protocol::Resp3, Resp3Form::FirstByte(first)) => {
                dst.reserve(self.bytes.len());
                dst.put_u8(first);
                dst.extend_from_slice(self.bytes.get(1..).unwrap_or_default());
            }
            (Protocol::Resp3, Resp3Form::At(at)) => dst.extend_from_slice(&self.bytes[at..]),
        }
    }

    /// How many bytes the buffer holds (both forms, when they are kept apart).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the buffer is empty: never, as every frame takes a few bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The frame again, read back from its RESP3 form (for tests and debugging: a RESP3
    /// null reads back as [`Frame::Null`]).
    pub fn to_frame(&self) -> Frame {
        let mut resp3 = self.resp3_bytes();
        match Frame::parse(&mut resp3) {
            Ok(Some(frame)) => frame,
            // Unreachable: the bytes are an encoded frame.
            _ => Frame::Error(format!("ERR not a frame: {resp3:?}")),
        }
    }

    fn resp3_bytes(&self) -> BytesMut {
        let mut resp3 = BytesMut::new();
        self.encode_as(Protocol::Resp3, &mut resp3);
        resp3
    }
}

impl From<&Frame> for EncodedFrame {
    fn from(frame: &Frame) -> EncodedFrame {
        EncodedFrame::new(frame)
    }
}

/// Equal to a frame that encodes to the same bytes in both protocols.
impl PartialEq<Frame> for EncodedFrame {
    fn eq(&self, frame: &Frame) -> bool {
        *self == EncodedFrame::new(frame)
    }
}

impl fmt::Debug for EncodedFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("EncodedFrame")
            .field(&String::from_utf8_lossy(&self.resp3_bytes()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_protocol_gets_the_frames_own_bytes() {
        let frames = [
            Frame::Push(vec![
                Frame::bulk("message"),
                Frame::bulk("news"),
                Frame::bulk("hi"),
            ]),
            Frame::Map(vec![(Frame::bulk("a"), Frame::Boolean(true))]),
            Frame::Null,
        ];
        for frame in frames {
            let encoded = EncodedFrame::new(&frame);
            for protocol in [Protocol::Resp2, Protocol::Resp3] {
                let mut dst = BytesMut::from(&b"+before\r\n"[..]);
                encoded.encode_as(protocol, &mut dst);
                let mut expected = BytesMut::from(&b"+before\r\n"[..]);
                frame.encode_as(protocol, &mut expected);
                assert_eq!(dst, expected, "{frame:?} in {protocol:?}");
            }
            assert_eq!(
                encoded.clone().bytes.as_ptr(),
                encoded.bytes.as_ptr(),
                "a clone shares the same bytes"
            );
        }
        let push = Frame::Push(vec![Frame::bulk("message"), Frame::bulk("x")]);
        assert_eq!(EncodedFrame::new(&push).to_frame(), push);
        assert_eq!(
            EncodedFrame::new(&push).len(),
            push.to_bytes().len(),
            "a push of bulk strings is kept once: only its first byte differs"
        );
        assert_ne!(EncodedFrame::new(&push), Frame::Array(vec![]));
    }
}
