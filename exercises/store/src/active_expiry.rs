//! Active expiry: finding expired keys that nobody asks for.
//!
//! Passive expiry (in `keyspace.rs`) removes a key when someone touches it. A key written once
//! with a TTL and never read again would stay in memory forever, so a background task samples the
//! keys that have a TTL and deletes the expired ones:
//!
//! 1. Every [`ACTIVE_EXPIRE_INTERVAL`], run a *cycle*.
//! 2. A cycle is made of *rounds*. A round tests [`ACTIVE_EXPIRE_SAMPLE`] random keys that have
//!    a TTL and deletes the expired ones.
//! 3. If more than [`ACTIVE_EXPIRE_REPEAT_PERCENT`] of a round's sample had expired, many more
//!    probably have too: run another round at once. Otherwise wait for the next tick.
//! 4. But never for longer than [`ACTIVE_EXPIRE_BUDGET`]: a million keys that expire in the same
//!    millisecond would otherwise keep the cycle going until all are gone, and while it runs no
//!    client is answered (one thread runs every task, and this loop never waits). With the
//!    budget, a cycle stops after 25 ms, clients are served, and the next tick goes on.
//! 5. Every database is swept, each in turn; a cycle that runs out of time resumes at the
//!    database where it stopped.
//!
//! This is a statistical bet: it never scans every key, yet it keeps the share of expired keys
//! still in memory at about a quarter of the volatile keys at most.
//!
//! How real Redis does it (`activeExpireCycle` in `src/expire.c`) differs in two ways:
//! - It repeats while more than **10%** of the sample expired (`ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE`),
//!   and walks the hash table's buckets with a cursor instead of picking random keys.
//! - It runs from `serverCron`, `hz` times a second (10 by default), plus a "fast cycle" before
//!   the event loop sleeps. Its time budget is the same: 25% of each 100 ms tick
//!   (`ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC`), checked every 16 rounds.

use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::{Db, Keyspace};

/// How many keys with a TTL one round tests. Redis's `ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP`.
pub const ACTIVE_EXPIRE_SAMPLE: usize = 20;

/// Run another round at once while more than this share (in percent) of a sample had expired.
pub const ACTIVE_EXPIRE_REPEAT_PERCENT: usize = 25;

/// How often a cycle runs: ten times a second, like Redis's default `hz 10`.
pub const ACTIVE_EXPIRE_INTERVAL: Duration = Duration::from_millis(100);

/// The most time one cycle may take: a quarter of the interval, as in Redis.
pub const ACTIVE_EXPIRE_BUDGET: Duration = Duration::from_millis(25);

/// What a round or a cycle did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CycleStats {
    /// Rounds run (1 for a single round).
    pub rounds: usize,
    /// Keys tested.
    pub sampled: usize,
    /// Keys found expired and deleted.
    pub expired: usize,
}

impl Keyspace {
    /// One round: tests up to `count` random keys that have a TTL, deleting the expired ones.
    pub fn expire_random_keys(&mut self, count: usize) -> CycleStats {
        // @step 4: Keyspace::expire_random_keys — test random keys with a TTL, delete the expired
        // 1. Read the clock once: `let now = Instant::now();`.
        // 2. Test `count.min(self.expires.len())` keys. For each, pick a random index with
        //    `rand::random_range(0..self.expires.len())` and read it with `get_index`.
        // 3. If `now > deadline`, delete it with `self.remove_expired(&key)` (clone the key
        //    first: it is borrowed from the map you are changing).
        // 4. Return `CycleStats { rounds: 1, sampled, expired }`.
        todo!("step 4: Keyspace::expire_random_keys — test random keys with a TTL, delete the expired")
    }
}

impl Keyspace {
    /// One cycle on this keyspace: rounds of [`ACTIVE_EXPIRE_SAMPLE`] keys, until a round finds
    /// few expired or the real-time clock passes `stop_at`.
    pub fn active_expire_cycle(&mut self, stop_at: std::time::Instant) -> CycleStats {
        // @step 4: Keyspace::active_expire_cycle — repeat rounds while many sampled keys had expired
        // 1. Loop: `let round = self.expire_random_keys(ACTIVE_EXPIRE_SAMPLE);`
        // 2. Add the round's `rounds`, `sampled` and `expired` to the cycle's totals.
        // 3. Stop once `expired * 100 <= sampled * ACTIVE_EXPIRE_REPEAT_PERCENT`: at most 25% of
        //    the round had expired. (An empty sample expires nothing, so it stops too.)
        // 4. Stop also once `std::time::Instant::now() >= stop_at`: the time budget is spent.
        //    (Real time, not tokio's clock: the budget is about the CPU, which a paused test
        //    clock does not measure.)
        todo!("step 4: Keyspace::active_expire_cycle — repeat rounds while many sampled keys had expired")
    }
}

impl Db {
    /// One cycle over every database, within [`ACTIVE_EXPIRE_BUDGET`]. Pre-written.
    pub fn active_expire_cycle(&self) -> CycleStats {
        self.active_expire_cycle_within(ACTIVE_EXPIRE_BUDGET)
    }

    /// One cycle over every database, within `budget` of real time. A cycle that runs out of
    /// time resumes at the database where it stopped. Pre-written.
    pub fn active_expire_cycle_within(&self, budget: Duration) -> CycleStats {
        let stats = self.expire_cycle_until(std::time::Instant::now() + budget);
        if stats.expired > 0 {
            self.announce_background_expiry();
        }
        stats
    }

    /// The cycle itself, over every database until `stop_at`.
    fn expire_cycle_until(&self, stop_at: std::time::Instant) -> CycleStats {
        let mut databases = self.lock();
        let count = databases.count();
        let mut total = CycleStats::default();
        for _ in 0..count {
            let index = databases.expire_cursor % count;
            if databases[index].volatile_len() == 0 {
                databases.expire_cursor = (index + 1) % count;
                continue; // Nothing can expire here.
            }
            let cycle = databases[index].active_expire_cycle(stop_at);
            total.rounds += cycle.rounds;
            total.sampled += cycle.sampled;
            total.expired += cycle.expired;
            if std::time::Instant::now() >= stop_at {
                return total; // Out of time: the next cycle starts with this database again.
            }
            databases.expire_cursor = (index + 1) % count;
        }
        total
    }
}

/// The background task: a cycle every [`ACTIVE_EXPIRE_INTERVAL`] until `shutdown` is cancelled.
pub async fn run_active_expiry(db: Db, shutdown: CancellationToken) {
    // @step 4: run_active_expiry — run a cycle on every tick until shutdown
    // 1. `let mut ticks = tokio::time::interval(ACTIVE_EXPIRE_INTERVAL);`
    // 2. Loop with `tokio::select!` on `shutdown.cancelled()` (return) and `ticks.tick()`.
    // 3. On a tick, `db.active_expire_cycle()`; log what it expired with `tracing::debug!`.
    todo!("step 4: run_active_expiry — run a cycle on every tick until shutdown")
}
