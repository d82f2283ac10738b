//! The workloads the benchmarks share: the same requests `redis-benchmark` sends.
//!
//! `redis-benchmark -t ping,set,get,incr` sends `PING` (inline and as an array), `SET
//! key:__rand_int__ xxx`, `GET key:__rand_int__` and `INCR counter:__rand_int__`. The Criterion
//! benchmarks in `benches/` time what our server does with those bytes, without a network:
//!
//! - `benches/resp.rs`: [`resp::parse_request`] on one request and on a pipeline of 16, and
//!   [`resp::Frame::encode`] of the replies.
//! - `benches/commands.rs`: `Command::from_frame` then `Command::execute` against a
//!   [`store::Db`]: the whole command path, minus the socket.
//!
//! A regression in the parser, the command table or the keyspace shows up here first, in
//! nanoseconds, before anyone starts a server. `bench/compare.sh` is the end-to-end check.

use bytes::{Bytes, BytesMut};
use resp::Frame;

/// The server's allocator (see `solutions/src/main.rs`; its page-return setting does not matter
/// here), so that the allocations a request costs are timed with the same malloc and free.
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// How many requests `redis-benchmark -P 16` sends in one go.
pub const PIPELINE: usize = 16;

/// A request as a client sends it: an array of bulk strings.
pub fn request(parts: &[&'static str]) -> Frame {
    Frame::command(parts.iter().map(|part| Bytes::from_static(part.as_bytes())))
}

/// The benchmark's workloads: a name and the request, in redis-benchmark's order.
pub fn workloads() -> Vec<(&'static str, Frame)> {
    vec![
        ("PING", request(&["PING"])),
        ("SET", request(&["SET", "key:__rand_int__", "xxx"])),
        ("GET", request(&["GET", "key:__rand_int__"])),
        ("INCR", request(&["INCR", "counter:__rand_int__"])),
    ]
}

/// The wire form of `count` copies of `request`: what one read of a pipelining client holds.
pub fn pipeline(request: &Frame, count: usize) -> BytesMut {
    let mut wire = BytesMut::new();
    for _ in 0..count {
        request.encode(&mut wire);
    }
    wire
}
