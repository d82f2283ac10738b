//! The server's counters, for `INFO`: commands run, hits and misses, errors, connections.
//!
//! Counters are atomics so that a connection can count without taking the databases' lock;
//! the per-error table is a small map behind its own mutex. The counters of commands run and of
//! reads (hits, misses) change only under the databases' lock, one writer at a time, and are
//! added to without a locked instruction (`add_under_lock`).
//!
//! How real Redis does it: `server.stat_*` fields in `src/server.h`, reset by
//! `CONFIG RESETSTAT` (`resetServerStats` in `src/server.c`).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::CommandSpec;

/// Calls of one command, for `INFO commandstats`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CallStats {
    /// Times it ran.
    pub calls: u64,
    /// Time spent running it, in microseconds.
    pub usec: u64,
    /// Times it was refused before running (arity, unknown subcommand...).
    pub rejected_calls: u64,
    /// Times it ran and replied an error.
    pub failed_calls: u64,
}

/// [`CallStats`] as atomics, so that counting a call takes no lock.
#[derive(Debug, Default)]
struct CallCounters {
    calls: AtomicU64,
    /// In nanoseconds: a command takes less than a microsecond, and rounding each call down
    /// would add up to nothing.
    nanos: AtomicU64,
    rejected_calls: AtomicU64,
    failed_calls: AtomicU64,
}

impl CallCounters {
    fn read(&self) -> CallStats {
        CallStats {
            calls: self.calls.load(Ordering::Relaxed),
            usec: self.nanos.load(Ordering::Relaxed) / 1_000,
            rejected_calls: self.rejected_calls.load(Ordering::Relaxed),
            failed_calls: self.failed_calls.load(Ordering::Relaxed),
        }
    }
}

/// Every counter `INFO` reports.
#[derive(Debug)]
pub struct Stats {
    /// `total_commands_processed`.
    pub commands_processed: AtomicU64,
    /// `total_connections_received`.
    pub connections_received: AtomicU64,
    /// `rejected_connections`: refused over `maxclients`.
    pub rejected_connections: AtomicU64,
    /// `keyspace_hits`.
    pub keyspace_hits: AtomicU64,
    /// `keyspace_misses`.
    pub keyspace_misses: AtomicU64,
    /// `total_error_replies`.
    pub error_replies: AtomicU64,
    /// `total_net_input_bytes`.
    pub net_input_bytes: AtomicU64,
    /// `total_net_output_bytes`.
    pub net_output_bytes: AtomicU64,
    /// `total_reads_processed`: reads from clients that were handled.
    pub reads_processed: AtomicU64,
    /// `total_writes_processed`: batches of replies written to clients.
    pub writes_processed: AtomicU64,
    /// Per command: every name of the table, made once, so counting is a lookup and three
    /// atomic additions (`cmdstat_get`).
    commands: HashMap<&'static str, CallCounters, foldhash::fast::RandomState>,
    /// Per error prefix (`errorstat_ERR`).
    pub errors: Mutex<BTreeMap<String, u64>>,
}

impl Default for Stats {
    fn default() -> Stats {
        Stats {
            commands_processed: AtomicU64::default(),
            connections_received: AtomicU64::default(),
            rejected_connections: AtomicU64::default(),
            keyspace_hits: AtomicU64::default(),
            keyspace_misses: AtomicU64::default(),
            error_replies: AtomicU64::default(),
            net_input_bytes: AtomicU64::default(),
            net_output_bytes: AtomicU64::default(),
            reads_processed: AtomicU64::default(),
            writes_processed: AtomicU64::default(),
            commands: CommandSpec::all()
                .map(|spec| (spec.name, CallCounters::default()))
                .collect(),
            errors: Mutex::default(),
        }
    }
}

impl Stats {
    /// The calls of every command that was called or refused at least once, by name.
    pub fn commands(&self) -> BTreeMap<&'static str, CallStats> {
        self.commands
            .iter()
            .map(|(&name, counters)| (name, counters.read()))
            .filter(|(_, stats)| stats.calls > 0 || stats.rejected_calls > 0)
            .collect()
    }

    /// Counts a read as a hit or a miss. Only with the databases locked.
    pub fn count_read(&self, hit: bool) {
        let counter = if hit {
            &self.keyspace_hits
        } else {
            &self.keyspace_misses
        };
        add_under_lock(counter, 1);
    }

    /// Counts one turn of a client's connection: `input` bytes of requests consumed (a read),
    /// `output` bytes of replies to write (a write).
    pub fn count_traffic(&self, input: usize, output: usize) {
        if input > 0 {
            self.reads_processed.fetch_add(1, Ordering::Relaxed);
            self.net_input_bytes
                .fetch_add(input as u64, Ordering::Relaxed);
        }
        if output > 0 {
            self.writes_processed.fetch_add(1, Ordering::Relaxed);
            self.net_output_bytes
                .fetch_add(output as u64, Ordering::Relaxed);
        }
    }

    /// Counts one run of `command` that took `took`; `error` is its error reply, if any. Only
    /// with the databases locked, as every command runs.
    pub fn count_call(&self, command: &str, took: Duration, error: Option<&str>) {
        add_under_lock(&self.commands_processed, 1);
        if let Some(counters) = self.commands.get(command) {
            add_under_lock(&counters.calls, 1);
            add_under_lock(&counters.nanos, took.as_nanos() as u64);
            if error.is_some() {
                add_under_lock(&counters.failed_calls, 1);
            }
        }
        if let Some(error) = error {
            self.count_error(error);
        }
    }

    /// Counts a command refused before it ran (`None`: an unknown command).
    pub fn count_rejected(&self, command: Option<&str>, error: &str) {
        if let Some(counters) = command.and_then(|command| self.commands.get(command)) {
            counters.rejected_calls.fetch_add(1, Ordering::Relaxed);
        }
        self.count_error(error);
    }

    /// Counts an error reply by its first word (`ERR`, `WRONGTYPE`).
    pub fn count_error(&self, error: &str) {
        self.error_replies.fetch_add(1, Ordering::Relaxed);
        let prefix = error.split(' ').next().unwrap_or(error);
        let mut errors = self.errors.lock().unwrap_or_else(PoisonError::into_inner);
        match errors.get_mut(prefix) {
            Some(count) => *count += 1,
            None => {
                errors.insert(prefix.to_string(), 1);
            }
        }
    }

    /// `CONFIG RESETSTAT`: every counter back to zero.
    pub fn reset(&self) {
        for counter in [
            &self.commands_processed,
            &self.connections_received,
            &self.rejected_connections,
            &self.keyspace_hits,
            &self.keyspace_misses,
            &self.error_replies,
            &self.net_input_bytes,
            &self.net_output_bytes,
            &self.reads_processed,
            &self.writes_processed,
        ] {
            counter.store(0, Ordering::Relaxed);
        }
        for counters in self.commands.values() {
            for counter in [
                &counters.calls,
                &counters.nanos,
                &counters.rejected_calls,
                &counters.failed_calls,
            ] {
                counter.store(0, Ordering::Relaxed);
            }
        }
        self.errors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

/// Adds `n` to a counter that changes only under the databases' lock: with one writer at a
/// time, a load and a store add up exactly, and cost less than `fetch_add`'s locked instruction
/// (docs/src/performance.md). Readers may see the count a moment late, never a torn value.
fn add_under_lock(counter: &AtomicU64, n: u64) {
    counter.store(
        counter.load(Ordering::Relaxed).wrapping_add(n),
        Ordering::Relaxed,
    );
}
