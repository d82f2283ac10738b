//! Fuzzing the RESP parser: whatever bytes arrive, in whatever pieces, it keeps its promises.
//!
//! The parser is the first code that touches what a stranger sends, so it is the code a stranger
//! attacks. libFuzzer feeds it millions of inputs, mutating the ones that reach new code; this
//! target turns each promise the parser makes into an assertion, so that breaking one is a crash
//! the fuzzer reports and keeps:
//!
//! 1. **No panic**, whatever the bytes (libFuzzer catches a panic by itself).
//! 2. **Progress**: every frame or request parsed consumes at least one byte, so a server loop
//!    over [`RequestParser::parse_request`] always ends. (A hang is caught by libFuzzer's
//!    `-timeout`.)
//! 3. **Memory follows the bytes received, not the lengths declared**: while one call runs, the
//!    heap never grows by more than [`FIXED_BUDGET`] plus [`BUDGET_PER_BYTE`] per byte received.
//!    `$536870912\r\n` is 12 bytes and must cost a few bytes, not half a gigabyte.
//! 4. **Pieces do not matter**: TCP may cut the stream anywhere. Parsing the input in pieces must
//!    give exactly what parsing it in one go gives; for requests, with one [`RequestParser`]
//!    that resumes where it stopped, as a server reads.
//! 5. **One spelling per frame**: what [`Frame::parse`] accepts in RESP2, [`Frame::encode`]
//!    writes back byte for byte. RESP3 has several spellings of a value (`_` and `$-1` are both
//!    null, `,1.50` is `,1.5`), so there the promise is that [`Frame::encode_as`] RESP3, parsed
//!    again, gives the same bytes again.
//! 6. **Error replies stay on one line**: an error's text never holds `\r` or `\n`, which would
//!    cut the `-ERR ...\r\n` reply short and desynchronise the client.
//!
//! Run it with `cargo +nightly fuzz run parse` from the workspace root; the seed corpus is in
//! `fuzz/corpus/parse/`, and `fuzz/resp.dict` tells libFuzzer RESP's tokens.

#![no_main]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use resp::limits::{MAX_NESTING_DEPTH, MAX_PREALLOCATED_ELEMENTS};
use resp::{Frame, Protocol, ProtocolError, RequestParser};

fuzz_target!(|data: &[u8]| {
    check_frame_parse(data);
    check_request_stream(data);
});

// ---------------------------------------------------------------------------------------------
// Frame::parse: any frame, as a client reads replies.
// ---------------------------------------------------------------------------------------------

/// What one call to a parser did: the result and how many bytes it consumed.
type Parsed<T> = (Result<Option<T>, ProtocolError>, usize);

fn parse_frame(bytes: &[u8]) -> Parsed<Frame> {
    let mut buf = BytesMut::from(bytes);
    let result = within_budget(bytes.len(), || Frame::parse(&mut buf));
    let consumed = bytes.len() - buf.len();
    match &result {
        Ok(Some(_)) => assert!(consumed > 0, "a frame must consume at least one byte"),
        Ok(None) => assert_eq!(
            consumed, 0,
            "an incomplete frame must leave the buffer alone"
        ),
        Err(error) => assert_single_line(error),
    }
    (result, consumed)
}

fn check_frame_parse(data: &[u8]) {
    let (whole, consumed) = parse_frame(data);

    // 5. One spelling per frame.
    if let Ok(Some(frame)) = &whole {
        let is_resp3 = |byte: &u8| b"_#,(=%~>".contains(byte);
        // A RESP3 type byte anywhere (even inside a bulk) skips the RESP2 check: weaker, never
        // wrong.
        if !data[..consumed].iter().any(is_resp3) {
            assert_eq!(
                &frame.to_bytes()[..],
                &data[..consumed],
                "re-encoding a parsed frame must give back the bytes it was parsed from"
            );
        }
        let once = frame.to_bytes_as(Protocol::Resp3);
        let mut again = BytesMut::from(&once[..]);
        let reparsed = Frame::parse(&mut again)
            .expect("what encode_as writes parses")
            .expect("whole");
        assert_eq!(
            reparsed.to_bytes_as(Protocol::Resp3),
            once,
            "a RESP3 frame, encoded and parsed, encodes the same again"
        );
    }

    // 4. Pieces do not matter: what a prefix of the input gives is decided by the whole.
    for cut in split_points(data) {
        let (prefix, prefix_consumed) = parse_frame(&data[..cut]);
        match (&whole, &prefix) {
            (Ok(Some(_)), _) if cut < consumed => assert_eq!(
                prefix,
                Ok(None),
                "a prefix of a valid frame is incomplete, never an error"
            ),
            (Ok(Some(_)), _) => {
                assert_eq!(
                    prefix, whole,
                    "the rest of the input must not change the frame"
                );
                assert_eq!(prefix_consumed, consumed);
            }
            (Ok(None), _) => assert_eq!(prefix, Ok(None), "fewer bytes cannot complete a frame"),
            (Err(_), Ok(None)) => {}
            (Err(_), _) => assert_eq!(prefix, whole, "an error must not depend on the cut"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// RequestParser: what a server reads from a client, in a loop, as bytes arrive.
// ---------------------------------------------------------------------------------------------

/// Every request a server would run for `data` arriving in pieces cut at `cuts`, and the protocol
/// error that closed the connection, if any. This is `RespHandler::handle`'s loop, without the
/// commands: one parser and one buffer for the whole connection.
fn serve(data: &[u8], cuts: &[usize]) -> (Vec<Frame>, Option<ProtocolError>) {
    let mut requests = Vec::new();
    let mut parser = RequestParser::new();
    let mut input = BytesMut::new();
    let mut start = 0;
    for &end in cuts.iter().chain(std::iter::once(&data.len())) {
        input.extend_from_slice(&data[start..end]);
        start = end;
        // 2. Progress: each request consumes bytes, so there are at most `data.len()` of them.
        for _ in 0..=data.len() {
            let before = input.len();
            match within_budget(before, || parser.parse_request(&mut input)) {
                Ok(Some(request)) => {
                    assert!(input.len() < before, "a request must consume bytes");
                    assert_is_request(&request);
                    requests.push(request);
                }
                Ok(None) => break,
                Err(error) => {
                    assert_single_line(&error);
                    return (requests, Some(error));
                }
            }
        }
    }
    (requests, None)
}

fn check_request_stream(data: &[u8]) {
    let whole = serve(data, &[]);
    let cuts = split_points(data);
    // 4. Pieces do not matter: cut once, then at every point at once.
    for &cut in &cuts {
        assert_eq!(
            serve(data, &[cut]),
            whole,
            "cut at {cut}: results must not change"
        );
    }
    assert_eq!(
        serve(data, &cuts),
        whole,
        "cut at {cuts:?}: results must not change"
    );
}

/// What `RequestParser::parse_request` returns is always a non-empty array of bulk strings.
fn assert_is_request(request: &Frame) {
    match request {
        Frame::Array(args) if !args.is_empty() => assert!(
            args.iter().all(|arg| matches!(arg, Frame::Bulk(_))),
            "a request's arguments are bulk strings: {request:?}"
        ),
        other => panic!("a request is a non-empty array, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// 6. The text of an `-ERR` reply must not end the line early.
fn assert_single_line(error: &ProtocolError) {
    let text = error.to_string();
    assert!(
        !text.contains(['\r', '\n']),
        "an error reply must be one line: {text:?}"
    );
}

/// A few places to cut the input, chosen by the input itself so that the fuzzer can steer them:
/// after its first byte, in its middle, before its last byte, and at an offset named by its last
/// two bytes. Sorted, without duplicates, strictly inside the input.
fn split_points(data: &[u8]) -> Vec<usize> {
    let len = data.len();
    if len < 2 {
        return Vec::new();
    }
    let named = usize::from(u16::from_le_bytes([data[len - 2], data[len - 1]]));
    let mut cuts = vec![1, len / 2, len - 1, 1 + named % (len - 1)];
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|&cut| 0 < cut && cut < len);
    cuts
}

// ---------------------------------------------------------------------------------------------
// 3. Memory: a global allocator that counts.
// ---------------------------------------------------------------------------------------------

/// Bytes a parse may use whatever it is fed: the element vectors it reserves ahead, one per level
/// of nesting, plus slack.
const FIXED_BUDGET: usize =
    (MAX_NESTING_DEPTH + 1) * MAX_PREALLOCATED_ELEMENTS * std::mem::size_of::<Frame>() + 64 * 1024;

/// Bytes a parse may use per byte received. A 2-byte inline argument (`a `) becomes a `Bytes`
/// and a `Frame` of 32 bytes each plus a small allocation, and vectors grow by doubling; 128 covers
/// that with room to spare, and is still a world away from trusting a declared length.
const BUDGET_PER_BYTE: usize = 128;

/// Runs `parse` and checks that the heap never grew past the budget for `received` bytes.
fn within_budget<T>(received: usize, parse: impl FnOnce() -> T) -> T {
    let start = LIVE.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    let result = parse();
    let grew = PEAK.load(Ordering::Relaxed).saturating_sub(start);
    let budget = FIXED_BUDGET + BUDGET_PER_BYTE * received;
    assert!(
        grew <= budget,
        "parsing {received} bytes used {grew} bytes of heap, more than the budget of {budget}"
    );
    result
}

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting the bytes live and the highest count seen.
struct Counting;

impl Counting {
    fn grew(by: usize) {
        let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }

    fn shrank(by: usize) {
        LIVE.fetch_sub(by, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to `System` unchanged; we only count.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            Counting::grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            Counting::grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        Counting::shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_ptr = unsafe { System.realloc(ptr, layout, new_size) };
        if !new_ptr.is_null() {
            // Both blocks exist for a moment during a move: count the new one first.
            Counting::grew(new_size);
            Counting::shrank(layout.size());
        }
        new_ptr
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;
