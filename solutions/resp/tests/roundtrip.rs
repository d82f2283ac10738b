//! Encode, then parse: the identity, for every frame, however TCP cuts the bytes.
//!
//! A unit test checks the frames someone thought of; a property test checks frames nobody thought
//! of. `proptest` builds random frames (binary bulks, empty arrays, nulls nested in arrays,
//! `i64::MIN`, text with a stray `\r`...), and for each one we check two promises:
//!
//! - **Round trip**: `Frame::parse` of `frame.encode()` gives back `frame` and consumes every
//!   byte.
//! - **Any cut**: TCP may deliver the bytes in two pieces cut anywhere. For every split point, the
//!   first piece alone is "incomplete" (`Ok(None)`, nothing consumed), and the first piece plus
//!   the second is the frame again.
//!
//! The same holds for what a server reads: a request (an array of bulk strings) encoded by a client
//! comes out of `parse_request` unchanged, and so does a whole pipeline of them.
//!
//! And for RESP3: any frame, maps, sets, doubles and the rest included, comes back from
//! `encode_as(Resp3)` then `parse` (a null array as RESP3's one null), and its RESP2 form is one
//! whole RESP2 frame.
//!
//! When a case fails, proptest shrinks it to the smallest frame that still fails and prints it.

use bytes::{Bytes, BytesMut};
use proptest::collection::vec;
use proptest::prelude::*;
use resp::{parse_request, Frame, Protocol};

/// Any RESP2 frame, nested up to four arrays deep.
fn any_frame() -> impl Strategy<Value = Frame> {
    // Simple strings and errors end at the first "\r\n", so they cannot contain one; a lone '\r'
    // or '\n' is fine (and worth testing: "+a\r\r\n" is the text "a\r").
    // Half the texts are any Unicode; half are letters, spaces and line ends, where "\r" shows up.
    let text = "[a-z \r\n]{0,16}|(?s).{0,16}".prop_filter(
        "a simple string cannot contain \"\\r\\n\"",
        |text: &String| !text.contains("\r\n"),
    );
    let leaf = prop_oneof![
        text.clone().prop_map(Frame::Simple),
        text.prop_map(Frame::Error),
        any::<i64>().prop_map(Frame::Integer),
        vec(any::<u8>(), 0..64).prop_map(|data| Frame::Bulk(Bytes::from(data))),
        Just(Frame::Null),
        Just(Frame::NullArray),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| vec(inner, 0..8).prop_map(Frame::Array))
}

/// Any frame of RESP3's, nested up to four aggregates deep. No `NullArray`: RESP3 has one null,
/// which reads back as `Null`.
fn any_resp3_frame() -> impl Strategy<Value = Frame> {
    let text = "[a-z \r]{0,16}";
    let leaf = prop_oneof![
        text.prop_map(Frame::Simple),
        any::<i64>().prop_map(Frame::Integer),
        vec(any::<u8>(), 0..32).prop_map(|data| Frame::Bulk(Bytes::from(data))),
        Just(Frame::Null),
        any::<bool>().prop_map(Frame::Boolean),
        // Every double but NaN, whose bits do not survive (there is one `nan`).
        any::<f64>()
            .prop_filter("not NaN", |value| !value.is_nan())
            .prop_map(Frame::Double),
        "-?[0-9]{1,40}".prop_map(Frame::BigNumber),
        vec(any::<u8>(), 0..32).prop_map(Frame::verbatim),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Frame::Array),
            vec(inner.clone(), 0..6).prop_map(Frame::Set),
            vec(inner.clone(), 0..6).prop_map(Frame::Push),
            vec((inner.clone(), inner), 0..4).prop_map(Frame::Map),
        ]
    })
}

/// Whether a frame and everything in it is of RESP2's types.
fn only_resp2(frame: &Frame) -> bool {
    match frame {
        Frame::Array(elements) => elements.iter().all(only_resp2),
        Frame::Simple(_)
        | Frame::Error(_)
        | Frame::Integer(_)
        | Frame::Bulk(_)
        | Frame::Null
        | Frame::NullArray => true,
        _ => false,
    }
}

/// What a client sends: an array of at least one bulk string.
fn any_request() -> impl Strategy<Value = Frame> {
    vec(vec(any::<u8>(), 0..32), 1..8).prop_map(Frame::command)
}

/// Parses `wire` with `parse`, first cut at `cut` then whole, the way a connection sees it.
/// Returns what the second attempt parsed and how many bytes were left over.
fn parse_cut<F>(wire: &[u8], cut: usize, mut parse: F) -> (Vec<Frame>, usize)
where
    F: FnMut(&mut BytesMut) -> Option<Frame>,
{
    let mut buf = BytesMut::from(&wire[..cut]);
    let mut frames = Vec::new();
    // With only the first piece, parse what is complete (for a pipeline, the frames before the
    // cut), then wait.
    while let Some(frame) = parse(&mut buf) {
        frames.push(frame);
    }
    buf.extend_from_slice(&wire[cut..]);
    while let Some(frame) = parse(&mut buf) {
        frames.push(frame);
    }
    (frames, buf.len())
}

proptest! {
    #[test]
    fn any_frame_survives_encode_then_parse(frame in any_frame()) {
        let wire = frame.to_bytes();
        let mut buf = BytesMut::from(&wire[..]);
        prop_assert_eq!(
            Frame::parse(&mut buf),
            Ok(Some(frame.clone())),
            "encode then parse must give the frame back"
        );
        prop_assert!(buf.is_empty(), "parsing a frame must consume exactly its bytes");
    }

    #[test]
    fn any_frame_survives_any_cut(frame in any_frame()) {
        let wire = frame.to_bytes();
        for cut in 0..wire.len() {
            let mut first_piece = BytesMut::from(&wire[..cut]);
            prop_assert_eq!(
                Frame::parse(&mut first_piece),
                Ok(None),
                "the first {} bytes of {} are incomplete",
                cut,
                wire.len()
            );
            prop_assert_eq!(first_piece.len(), cut, "an incomplete frame leaves the buffer alone");

            let parse = |buf: &mut BytesMut| Frame::parse(buf).expect("valid RESP");
            let (frames, left) = parse_cut(&wire, cut, parse);
            prop_assert_eq!(
                &frames,
                &vec![frame.clone()],
                "cut at {}: the frame must come out whole",
                cut
            );
            prop_assert_eq!(left, 0, "cut at {}: no byte may be left over", cut);
        }
    }

    #[test]
    fn any_pipeline_of_requests_survives_any_cut(requests in vec(any_request(), 1..6)) {
        let mut wire = BytesMut::new();
        for request in &requests {
            request.encode(&mut wire);
        }
        for cut in 0..=wire.len() {
            let parse = |buf: &mut BytesMut| parse_request(buf).expect("valid request");
            let (parsed, left) = parse_cut(&wire, cut, parse);
            prop_assert_eq!(
                &parsed,
                &requests,
                "cut at {}: every request must come out whole, in order",
                cut
            );
            prop_assert_eq!(left, 0, "cut at {}: no byte may be left over", cut);
        }
    }

    #[test]
    fn any_resp3_frame_survives_encode_then_parse(frame in any_resp3_frame()) {
        let wire = frame.to_bytes_as(Protocol::Resp3);
        let mut buf = BytesMut::from(&wire[..]);
        prop_assert_eq!(Frame::parse(&mut buf), Ok(Some(frame.clone())));
        prop_assert!(buf.is_empty(), "parsing a frame must consume exactly its bytes");
        for cut in 0..wire.len() {
            let mut first_piece = BytesMut::from(&wire[..cut]);
            prop_assert_eq!(Frame::parse(&mut first_piece), Ok(None), "cut at {}", cut);
        }
    }

    #[test]
    fn any_resp3_frame_reaches_a_resp2_client_as_one_resp2_frame(frame in any_resp3_frame()) {
        let wire = frame.to_bytes_as(Protocol::Resp2);
        let mut buf = BytesMut::from(&wire[..]);
        let parsed = Frame::parse(&mut buf);
        prop_assert!(buf.is_empty(), "one whole frame, nothing more");
        prop_assert!(
            matches!(&parsed, Ok(Some(parsed)) if only_resp2(parsed)),
            "a RESP2 client gets RESP2's types only, got {:?}",
            parsed
        );
    }
}
