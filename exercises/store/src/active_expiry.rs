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
//!
//! This is a statistical bet: it never scans every key, yet it keeps the share of expired keys
//! still in memory at about a quarter of the volatile keys at most.
//!
//! How real Redis does it (`activeExpireCycle` in `src/expire.c`) differs in three ways:
//! - It repeats while more than **10%** of the sample expired (`ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE`),
//!   and walks the hash table's buckets with a cursor instead of picking random keys.
//! - It runs from `serverCron`, `hz` times a second (10 by default), plus a "fast cycle" before
//!   the event loop sleeps.
//! - Each cycle has a **time budget** (25% of a CPU by default), so a million keys expiring at
//!   once cannot freeze the server. Ours has no budget; instead it releases the lock between
//!   rounds, so other clients get in between them.

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
        // 3. If `now > deadline`, delete it with `self.remove(&key)` (clone the key first: it is
        //    borrowed from the map you are changing).
        // 4. Return `CycleStats { rounds: 1, sampled, expired }`.
        todo!("step 4: Keyspace::expire_random_keys — test random keys with a TTL, delete the expired")
    }
}

impl Db {
    /// One cycle: rounds of [`ACTIVE_EXPIRE_SAMPLE`] keys, until a round finds few expired.
    pub fn active_expire_cycle(&self) -> CycleStats {
        // @step 4: Db::active_expire_cycle — repeat rounds while many sampled keys had expired
        // 1. Loop: `self.lock().expire_random_keys(ACTIVE_EXPIRE_SAMPLE)`. Taking the lock anew
        //    each round lets other clients run between rounds.
        // 2. Add the round's `rounds`, `sampled` and `expired` to the cycle's totals.
        // 3. Stop once `expired * 100 <= sampled * ACTIVE_EXPIRE_REPEAT_PERCENT`: at most 25% of
        //    the round had expired. (An empty sample expires nothing, so it stops too.)
        todo!("step 4: Db::active_expire_cycle — repeat rounds while many sampled keys had expired")
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
