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

/// The memory allocator: jemalloc, as in Redis, on Unix.
///
/// A server's memory churns: a thousand clients connect, each gets buffers, all leave. The
/// system's `malloc` (glibc's) keeps much of what was freed, fragmented, and the resident size
/// creeps up run after run. jemalloc packs small objects tightly (a million keys take less memory
/// than in Redis itself) and, with the setting below, hands freed pages back to the operating
/// system a second after they fall idle, so the resident size comes back down after a burst.
/// docs/src/performance.md has the measurements. (On Windows the system allocator is used, and
/// so it is in the exercises, built without the `jemalloc` feature: see solutions/Cargo.toml.)
#[cfg(all(unix, feature = "jemalloc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc reads its settings from this symbol: purge idle dirty pages after 1 s, in a
/// background thread, so the server itself never pauses for it.
#[cfg(all(unix, feature = "jemalloc"))]
#[export_name = "_rjem_malloc_conf"]
pub static JEMALLOC_SETTINGS: &[u8] =
    b"dirty_decay_ms:1000,muzzy_decay_ms:0,background_thread:true\0";

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
    server::cli::main(DEFAULT_PORT, allocator_stats).await
}

/// jemalloc's figures, for `INFO memory`. Its statistics are cached: advancing the epoch
/// refreshes them first.
#[cfg(all(unix, feature = "jemalloc"))]
fn allocator_stats() -> Option<commands::AllocatorStats> {
    use tikv_jemalloc_ctl::{epoch, stats, version};
    epoch::advance().ok()?;
    let release = version::read().ok()?;
    Some(commands::AllocatorStats {
        allocated: stats::allocated::read().ok()?,
        active: stats::active::read().ok()?,
        resident: stats::resident::read().ok()?,
        // "5.3.0-0-g54eaed1d..." → "jemalloc-5.3.0", as Redis names it.
        name: format!("jemalloc-{}", release.split('-').next().unwrap_or(release)),
    })
}

/// Without jemalloc, no allocator statistics: `INFO` reports the resident size instead.
#[cfg(not(all(unix, feature = "jemalloc")))]
fn allocator_stats() -> Option<commands::AllocatorStats> {
    None
}
