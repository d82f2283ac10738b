//! What only the running binary knows about itself, for `INFO`: its port, its client limit, its
//! allocator, and the random ids Redis gives every process.
//!
//! The command layer is a library. Tests run it with no socket and with the system allocator, so
//! it cannot know the port or ask jemalloc how much memory is allocated (this crate must not
//! depend on jemalloc: the allocator is the binary's choice). The binary fills a [`ProcessInfo`]
//! in at start-up (`server/src/cli.rs`) and puts it in [`crate::Shared`]. The defaults describe a
//! server with no port and no allocator statistics, whose used memory is then the resident size.
//!
//! How real Redis does it: `server.port`, `server.maxclients`, `server.runid`, `server.replid`
//! and `server.initial_memory_usage` in `struct redisServer` (`src/server.h`);
//! `zmalloc_used_memory` and `zmalloc_get_allocator_info` in `src/zmalloc.c`.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::info::system;

/// What the allocator says about the heap, in bytes (jemalloc's `stats.*`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllocatorStats {
    /// Bytes handed out to the program: `used_memory`.
    pub allocated: usize,
    /// Bytes in the pages that hold them (`allocated` plus fragmentation inside pages).
    pub active: usize,
    /// Bytes the allocator keeps in physical memory.
    pub resident: usize,
    /// Its name and version, as `mem_allocator` prints it: `jemalloc-5.3.0`.
    pub name: String,
}

/// Reads the allocator's figures; `None` when it cannot say (not jemalloc, or stats disabled).
pub type AllocatorStatsFn = fn() -> Option<AllocatorStats>;

/// No allocator statistics: the default, for tests and for the system allocator.
fn no_allocator_stats() -> Option<AllocatorStats> {
    None
}

/// The process's own facts, as the binary sets them. See the module docs.
#[derive(Debug)]
pub struct ProcessInfo {
    /// The TCP port the server listens on (`tcp_port`); 0 when there is no listener.
    pub tcp_port: u16,
    /// The most clients connected at once (`maxclients`).
    pub max_clients: usize,
    /// The allocator's figures (`used_memory`, `allocator_*`, `mem_allocator`).
    pub allocator_stats: AllocatorStatsFn,
    /// 40 random hex digits, new for every process (`run_id`).
    pub run_id: String,
    /// The replication id, 40 random hex digits, as a master gets at start-up (`master_replid`).
    pub replid: String,
    /// Memory in use when the server started (`used_memory_startup`).
    pub startup_memory: usize,
    /// The most memory seen in use (`used_memory_peak`), updated whenever it is read.
    peak_memory: AtomicUsize,
}

impl ProcessInfo {
    /// The facts of a server on `tcp_port` whose allocator reports through `allocator_stats`.
    /// Measures the memory in use now as the start-up figure.
    pub fn new(tcp_port: u16, max_clients: usize, allocator_stats: AllocatorStatsFn) -> Self {
        let mut info = ProcessInfo {
            tcp_port,
            max_clients,
            allocator_stats,
            run_id: random_hex_id(),
            replid: random_hex_id(),
            startup_memory: 0,
            peak_memory: AtomicUsize::new(0),
        };
        info.startup_memory = info.used_memory();
        info.peak_memory = AtomicUsize::new(info.startup_memory);
        info
    }

    /// Bytes in use: what the allocator handed out, or the resident size if it cannot say.
    pub fn used_memory(&self) -> usize {
        (self.allocator_stats)().map_or_else(system::resident_memory, |stats| stats.allocated)
    }

    /// Records `used` as the peak if it is higher, and returns the peak.
    pub fn peak_memory(&self, used: usize) -> usize {
        self.peak_memory
            .fetch_max(used, Ordering::Relaxed)
            .max(used)
    }
}

impl Default for ProcessInfo {
    /// No port, Redis's default client limit (10000), no allocator statistics.
    fn default() -> Self {
        ProcessInfo::new(0, 10_000, no_allocator_stats)
    }
}

/// 40 random hexadecimal digits, as Redis's `getRandomHexChars` makes run and replication ids.
fn random_hex_id() -> String {
    let bytes: [u8; 20] = rand::random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_40_hex_digits_and_differ() {
        let (a, b) = (random_hex_id(), random_hex_id());
        assert_eq!(a.len(), 40);
        assert!(a.bytes().all(|byte| byte.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn the_allocator_s_figure_wins_and_the_peak_only_rises() {
        fn fixed() -> Option<AllocatorStats> {
            Some(AllocatorStats {
                allocated: 1234,
                ..AllocatorStats::default()
            })
        }
        let info = ProcessInfo::new(7, 3, fixed);
        assert_eq!(info.used_memory(), 1234);
        assert_eq!(info.startup_memory, 1234);
        assert_eq!(info.peak_memory(1000), 1234);
        assert_eq!(info.peak_memory(5000), 5000);
        assert_eq!(info.peak_memory(10), 5000);
    }
}
