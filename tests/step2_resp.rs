//! Step 2: RESP, the protocol.
//!
//! Run: `cargo test -p exercises --test steps step2_resp::`. Stubs: `resp/src/encode.rs`
//! (`Frame::encode`), `resp/src/reader.rs` (`Reader::read_line`), `resp/src/parse.rs`
//! (`Frame::parse`, `read_frame`, `read_bulk`, `read_array`) and `resp/src/request.rs`
//! (`read_multibulk`, `read_inline`, which `RequestParser` and `parse_request` call).
//!
//! No network here: bytes in, frames out, and back.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bytes::{Bytes, BytesMut};
use resp::{parse_request, Frame, ProtocolError, RequestParser};

/// Counts the bytes each thread allocates, so a test can see what parsing costs. (Every test runs
/// on a thread of its own, so the counts do not mix.) It hands the real work to the system
/// allocator.
struct CountingAllocator;

thread_local! {
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed on unchanged to `System`, which upholds `GlobalAlloc`'s contract;
// the counter only adds up sizes.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATED.try_with(|total| total.set(total.get() + layout.size()));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Bytes allocated on this thread while `work` runs.
fn allocated_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATED.with(Cell::get);
    let output = work();
    (output, ALLOCATED.with(Cell::get) - before)
}

/// Every RESP2 type, with its exact bytes.
fn examples() -> Vec<(Frame, &'static [u8])> {
    vec![
        (Frame::Simple("OK".into()), b"+OK\r\n"),
        (
            Frame::Error("ERR unknown command".into()),
            b"-ERR unknown command\r\n",
        ),
        (Frame::Integer(42), b":42\r\n"),
        (Frame::Integer(-7), b":-7\r\n"),
        (Frame::Integer(i64::MIN), b":-9223372036854775808\r\n"),
        (Frame::bulk("hello"), b"$5\r\nhello\r\n"),
        (Frame::bulk(""), b"$0\r\n\r\n"),
        (
            Frame::Bulk(Bytes::from_static(b"a\r\nb\0c")),
            b"$6\r\na\r\nb\0c\r\n",
        ),
        (Frame::Null, b"$-1\r\n"),
        (Frame::Array(vec![]), b"*0\r\n"),
        (Frame::NullArray, b"*-1\r\n"),
        (
            Frame::Array(vec![Frame::bulk("GET"), Frame::bulk("k")]),
            b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
        ),
        (
            Frame::Array(vec![
                Frame::Integer(1),
                Frame::Array(vec![Frame::Simple("a".into()), Frame::Null]),
            ]),
            b"*2\r\n:1\r\n*2\r\n+a\r\n$-1\r\n",
        ),
    ]
}

fn parse_bytes(bytes: &[u8]) -> (Result<Option<Frame>, ProtocolError>, BytesMut) {
    let mut buf = BytesMut::from(bytes);
    let parsed = Frame::parse(&mut buf);
    (parsed, buf)
}

#[test]
fn encode_writes_the_exact_bytes_of_every_type() {
    testkit::arm_hang_watchdog();
    for (frame, bytes) in examples() {
        let mut out = BytesMut::new();
        frame.encode(&mut out);
        assert_eq!(
            &out[..],
            bytes,
            "Frame::encode of {frame:?} must write {}",
            testkit::show(bytes)
        );
    }
}

#[test]
fn encode_appends_to_what_is_already_in_the_buffer() {
    testkit::arm_hang_watchdog();
    let mut out = BytesMut::from(&b"+first\r\n"[..]);
    Frame::Integer(2).encode(&mut out);
    assert_eq!(
        &out[..],
        b"+first\r\n:2\r\n",
        "replies of a pipeline accumulate in one buffer"
    );
}

#[test]
fn parse_reads_every_type() {
    testkit::arm_hang_watchdog();
    for (frame, bytes) in examples() {
        let (parsed, rest) = parse_bytes(bytes);
        assert_eq!(
            parsed,
            Ok(Some(frame)),
            "Frame::parse of {}",
            testkit::show(bytes)
        );
        assert!(
            rest.is_empty(),
            "Frame::parse must consume the whole frame {}",
            testkit::show(bytes)
        );
    }
}

#[test]
fn an_incomplete_frame_is_not_an_error_at_any_split_point() {
    testkit::arm_hang_watchdog();
    for (frame, bytes) in examples() {
        for cut in 0..bytes.len() {
            let (parsed, rest) = parse_bytes(&bytes[..cut]);
            assert_eq!(
                parsed,
                Ok(None),
                "the first {cut} bytes of {} are an incomplete frame: Ok(None), not an error",
                testkit::show(bytes)
            );
            assert_eq!(
                &rest[..],
                &bytes[..cut],
                "an incomplete frame must leave the buffer untouched"
            );
        }
        // The rest arrives: now it parses.
        let mut buf = BytesMut::from(&bytes[..bytes.len() / 2]);
        assert_eq!(Frame::parse(&mut buf), Ok(None));
        buf.extend_from_slice(&bytes[bytes.len() / 2..]);
        assert_eq!(
            Frame::parse(&mut buf),
            Ok(Some(frame)),
            "once the rest has arrived, parse again"
        );
    }
}

#[test]
fn parse_takes_one_frame_and_leaves_the_next() {
    testkit::arm_hang_watchdog();
    let mut buf = BytesMut::from(&b"+OK\r\n:1\r\n$3\r\nab"[..]);
    assert_eq!(Frame::parse(&mut buf), Ok(Some(Frame::Simple("OK".into()))));
    assert_eq!(Frame::parse(&mut buf), Ok(Some(Frame::Integer(1))));
    assert_eq!(
        Frame::parse(&mut buf),
        Ok(None),
        "the third frame is incomplete"
    );
    assert_eq!(&buf[..], b"$3\r\nab", "and its bytes are kept");
}

#[test]
fn bulk_strings_are_binary_safe() {
    testkit::arm_hang_watchdog();
    let value: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
    let frame = Frame::Bulk(Bytes::from(value.clone()));
    let mut buf = BytesMut::new();
    frame.encode(&mut buf);
    assert_eq!(
        Frame::parse(&mut buf),
        Ok(Some(Frame::Bulk(Bytes::from(value)))),
        "1 MiB of every byte value, \\r\\n and \\0 included, must round-trip"
    );
}

#[test]
fn a_declared_length_is_a_claim_not_an_allocation() {
    testkit::arm_hang_watchdog();
    const AT_MOST: usize = 64 * 1024;
    let claims: [&[u8]; 2] = [b"$536870912\r\nonly a few bytes", b"*1000000\r\n:1\r\n"];
    for claim in claims {
        let mut buf = BytesMut::from(claim);
        let (parsed, cost) = allocated_during(|| Frame::parse(&mut buf));
        assert_eq!(
            parsed,
            Ok(None),
            "{} is simply incomplete",
            testkit::show(claim)
        );
        assert!(
            cost < AT_MOST,
            "Frame::parse of {} allocated {cost} bytes: a declared length must not be allocated \
             before the bytes arrive (no Vec::with_capacity(declared))",
            testkit::show(claim)
        );
    }
    let mut request = BytesMut::from(&b"*1000000\r\n$1\r\na\r\n"[..]);
    let (parsed, cost) = allocated_during(|| parse_request(&mut request));
    assert_eq!(
        parsed,
        Ok(None),
        "a million-argument request with one received is incomplete"
    );
    assert!(
        cost < AT_MOST,
        "parse_request allocated {cost} bytes for a claimed million arguments"
    );
}

#[test]
fn malformed_frames_are_protocol_errors() {
    testkit::arm_hang_watchdog();
    let cases: [(&[u8], ProtocolError); 6] = [
        (b"?x\r\n", ProtocolError::InvalidFrameType(b'?')),
        (b"$abc\r\n", ProtocolError::InvalidBulkLength),
        (b"$-2\r\n", ProtocolError::InvalidBulkLength),
        (b"$536870913\r\n", ProtocolError::InvalidBulkLength),
        (b"*x\r\n", ProtocolError::InvalidMultibulkLength),
        (b"$3\r\nabcXY", ProtocolError::MissingBulkTerminator),
    ];
    for (bytes, error) in cases {
        assert_eq!(
            parse_bytes(bytes).0,
            Err(error),
            "Frame::parse of {}",
            testkit::show(bytes)
        );
    }
}

#[test]
fn a_line_without_an_end_is_refused_past_64_kib() {
    testkit::arm_hang_watchdog();
    let mut long = b"$".to_vec();
    long.extend(std::iter::repeat_n(b'1', 64 * 1024 + 1));
    assert_eq!(
        parse_bytes(&long).0,
        Err(ProtocolError::TooBigBulkCount),
        "a length line over 64 KiB with no \\r\\n is not RESP (Reader::read_line)"
    );
}

#[test]
fn requests_are_arrays_of_bulk_strings() {
    testkit::arm_hang_watchdog();
    let mut buf = BytesMut::from(&b"*2\r\n$4\r\nECHO\r\n$5\r\nhi\r\nx\r\n"[..]);
    assert_eq!(
        parse_request(&mut buf),
        Ok(Some(Frame::Array(vec![
            Frame::bulk("ECHO"),
            Frame::Bulk(Bytes::from_static(b"hi\r\nx"))
        ]))),
        "read_multibulk: each argument is exactly as long as declared, \\r\\n inside included"
    );
    assert!(buf.is_empty(), "the request's bytes are consumed");
}

#[test]
fn pipelined_requests_come_out_one_by_one_and_incomplete_ones_wait() {
    testkit::arm_hang_watchdog();
    let ping = b"*1\r\n$4\r\nPING\r\n";
    let mut all = Vec::new();
    for _ in 0..3 {
        all.extend_from_slice(ping);
    }
    for cut in 0..all.len() {
        let mut buf = BytesMut::from(&all[..cut]);
        let mut complete = 0;
        while let Some(frame) = parse_request(&mut buf).expect("no error in valid input") {
            assert_eq!(frame, Frame::command(["PING"]));
            complete += 1;
        }
        assert_eq!(
            complete,
            cut / ping.len(),
            "after {cut} bytes, {} whole requests",
            cut / ping.len()
        );
    }
}

/// Feeds `pieces` one after the other into one buffer and one `RequestParser`, as a connection
/// does with what each read brings; returns every request, in order, or the first error.
fn requests_from_pieces(pieces: &[&[u8]]) -> Result<Vec<Frame>, ProtocolError> {
    let mut parser = RequestParser::new();
    let mut buf = BytesMut::new();
    let mut requests = Vec::new();
    for piece in pieces {
        buf.extend_from_slice(piece);
        while let Some(request) = parser.parse_request(&mut buf)? {
            requests.push(request);
        }
    }
    Ok(requests)
}

#[test]
fn one_parser_keeps_its_place_in_a_request_that_arrives_in_pieces() {
    testkit::arm_hang_watchdog();
    let stream: &[u8] =
        b"*3\r\n$3\r\nSET\r\n$4\r\nk\r\nv\r\n$10\r\n0123456789\r\nPING\r\n*1\r\n$4\r\nPING\r\n";
    let expected = vec![
        Frame::Array(vec![
            Frame::bulk("SET"),
            Frame::Bulk(Bytes::from_static(b"k\r\nv")),
            Frame::bulk("0123456789"),
        ]),
        Frame::command(["PING"]),
        Frame::command(["PING"]),
    ];
    for cut in 0..=stream.len() {
        assert_eq!(
            requests_from_pieces(&[&stream[..cut], &stream[cut..]]),
            Ok(expected.clone()),
            "{} cut after {cut} bytes: the next call to RequestParser::parse_request resumes \
             where the last one stopped, so read_multibulk must record each step (the count, \
             a bulk length, an argument) in its Multibulk before it reads on",
            testkit::show(stream)
        );
    }
    let one_byte_at_a_time: Vec<&[u8]> = stream.chunks(1).collect();
    assert_eq!(
        requests_from_pieces(&one_byte_at_a_time),
        Ok(expected),
        "the same stream, one byte per read"
    );
}

#[test]
fn inline_commands_are_split_like_a_shell() {
    testkit::arm_hang_watchdog();
    let mut buf = BytesMut::from(&b"SET greeting \"hello world\"\r\nPING\n"[..]);
    assert_eq!(
        parse_request(&mut buf),
        Ok(Some(Frame::command(["SET", "greeting", "hello world"]))),
        "read_inline: a line not starting with '*' is an inline command; quotes group words"
    );
    assert_eq!(
        parse_request(&mut buf),
        Ok(Some(Frame::command(["PING"]))),
        "a bare \\n ends a line too"
    );
    let mut partial = BytesMut::from(&b"PIN"[..]);
    assert_eq!(
        parse_request(&mut partial),
        Ok(None),
        "no newline yet: incomplete"
    );
}

#[test]
fn empty_requests_are_skipped() {
    testkit::arm_hang_watchdog();
    let mut buf = BytesMut::from(&b"\r\n*0\r\n*-1\r\nPING\r\n"[..]);
    assert_eq!(
        parse_request(&mut buf),
        Ok(Some(Frame::command(["PING"]))),
        "a blank line, *0 and *-1 are ignored, as Redis does"
    );
}

#[test]
fn bad_requests_get_redis_protocol_errors() {
    testkit::arm_hang_watchdog();
    let cases: [(&[u8], &str); 7] = [
        (b"*abc\r\n", "Protocol error: invalid multibulk length"),
        (b"*1\r\n:1\r\n", "Protocol error: expected '$', got ':'"),
        (b"*1\r\n$-1\r\n", "Protocol error: invalid bulk length"),
        (
            b"*1\r\n$536870913\r\n",
            "Protocol error: invalid bulk length",
        ),
        (
            b"*3000000000\r\n",
            "Protocol error: invalid multibulk length",
        ),
        (
            b"SET k \"v\r\n",
            "Protocol error: unbalanced quotes in request",
        ),
        (
            b"SET k \"v\"x\r\n",
            "Protocol error: unbalanced quotes in request",
        ),
    ];
    for (bytes, text) in cases {
        let error = parse_request(&mut BytesMut::from(bytes))
            .expect_err(&format!("{} is a protocol error", testkit::show(bytes)));
        assert_eq!(
            error.to_string(),
            text,
            "the error text is Redis's, for {}",
            testkit::show(bytes)
        );
    }
}

#[test]
fn an_endless_inline_line_is_refused_past_64_kib() {
    testkit::arm_hang_watchdog();
    let long = vec![b'A'; 64 * 1024 + 1];
    let error = parse_request(&mut BytesMut::from(&long[..])).expect_err("too long");
    assert_eq!(error.to_string(), "Protocol error: too big inline request");
    let mut count = b"*".to_vec();
    count.extend(std::iter::repeat_n(b'1', 64 * 1024 + 1));
    let error = parse_request(&mut BytesMut::from(&count[..])).expect_err("too long");
    assert_eq!(
        error.to_string(),
        "Protocol error: too big mbulk count string"
    );
}
