//! The Mini-Redis server binary.
//!
//! `cargo run -p solutions` starts the finished reference server on port 16379;
//! `cargo run -p exercises` starts yours on 6379, Redis's usual port. Both then answer
//! `redis-cli -p <port>`. See `--help` for the flags.
//!
//! The runtime's flavour is a choice about speed; docs/src/performance.md has the measurements.

use std::process::ExitCode;

/// 16379 for the reference server, 6379 for the learner's, so both can run at once.
const DEFAULT_PORT: u16 = match env!("CARGO_PKG_NAME").as_bytes() {
    b"solutions" => 16379,
    _ => 6379,
};

/// One thread runs every connection, as in Redis: `flavor = "current_thread"`.
///
/// The default, multi-threaded runtime starts a worker per core and moves tasks between them.
/// That buys nothing here: a command holds the keyspace's lock for its whole run, so only one
/// runs at a time anyway, and with several workers the lock is contended, tasks are woken on
/// other threads and the kernel switches between them. The client needs CPU too (on a 2-core
/// machine, `redis-benchmark` takes one core): one server thread leaves it that core. Measured on
/// 2 cores, this cut the server's CPU time per request and raised pipelined throughput.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    server::cli::main(DEFAULT_PORT).await
}
