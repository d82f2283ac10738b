//! `Db`: one keyspace, shared by every connection.
//!
//! Each connection runs in its own tokio task, possibly on another thread, so the keyspace lives
//! behind `Arc<Mutex<_>>`. Why a `std::sync::Mutex` and not tokio's? A command holds the lock for
//! a few hundred nanoseconds and never across an `.await`. A std mutex is cheaper for that, and
//! the compiler refuses to hold its guard across an `.await`, which is a mistake we want caught.
//! (tokio's own docs give the same advice.)
//!
//! A command locks the keyspace once, for its whole run. That is what makes every command atomic,
//! as in Redis, where one thread runs one command at a time: `SET k v NX` checks and writes with
//! nobody else in between.
//!
//! Why one lock for the whole keyspace, and not a lock per *shard* (say 16 maps, each behind its
//! own mutex, a key going to the shard its hash picks)? Sharding pays off when many threads
//! fight over the lock. Ours do not: the server runs every connection on one thread (see
//! `exercises/src/main.rs`), so the lock is never contended, and taking an uncontended lock
//! costs about as much as an addition. The profile in docs/src/performance.md puts `Db::lock` under
//! 1% of the server's time. Shards would also cost something real: a command on two keys
//! (`DEL a b`, later `RENAME`, `MSET`) would have to lock several shards in a fixed order to stay
//! atomic.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::Keyspace;

/// A handle to the shared keyspace. Cloning it is cheap and gives another handle to the same data.
#[derive(Clone, Default)]
pub struct Db {
    keyspace: Arc<Mutex<Keyspace>>,
}

impl Db {
    /// An empty database.
    pub fn new() -> Db {
        Db::default()
    }

    /// Locks the keyspace for one command. Keep the guard for as short as you can.
    pub fn lock(&self) -> MutexGuard<'_, Keyspace> {
        // A panic while the lock was held "poisons" it. The keyspace is still consistent (no
        // method leaves it half-updated across a panic point), so we carry on rather than take
        // every other client down with the one that crashed.
        self.keyspace.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
