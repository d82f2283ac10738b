//! `Db`: every database of the server, shared by every connection behind one lock.
//!
//! Each connection runs in its own tokio task, so the data lives behind `Arc<Mutex<_>>`. Why a
//! `std::sync::Mutex` and not tokio's? A command holds the lock for a few hundred nanoseconds and
//! never across an `.await`. A std mutex is cheaper for that, and the compiler refuses to hold
//! its guard across an `.await`, which is a mistake we want caught. (tokio's docs agree.)
//!
//! **The caller takes the lock, once per command**, and hands the locked [`Databases`] to the
//! command. That is what makes every command atomic, as in Redis, where one thread runs one
//! command at a time: `SET k v NX` checks and writes with nobody in between. And because the
//! caller holds it, a transaction can run a whole queue of commands under one guard.
//!
//! One lock for everything, not one per database or per shard: the server runs every connection
//! on one thread, so the lock is never contended (docs/src/performance.md has the profile), and
//! commands that span keys or databases (`RENAME`, `MOVE`, `SWAPDB`) stay simple.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::Databases;

/// A handle to the server's databases. Cloning it is cheap and gives another handle to the same
/// data.
#[derive(Clone, Default)]
pub struct Db {
    databases: Arc<Mutex<Databases>>,
    /// Rung when active expiry deleted keys, outside any command: whoever publishes their
    /// `expired` events (keyspace notifications) waits for it.
    expired_in_background: Arc<tokio::sync::Notify>,
}

impl Db {
    /// The default 16 empty databases.
    pub fn new() -> Db {
        Db::default()
    }

    /// `count` empty databases (the `databases` setting).
    pub fn with_databases(count: usize) -> Db {
        Db {
            databases: Arc::new(Mutex::new(Databases::new(count))),
            expired_in_background: Arc::default(),
        }
    }

    /// Locks every database for one command. Keep the guard for as short as you can; index it
    /// (`db.lock()[0]`) for one database's [`crate::Keyspace`].
    /// Resolves once active expiry has deleted keys since the last time it resolved.
    pub async fn expired_in_background(&self) {
        self.expired_in_background.notified().await;
    }

    /// Says that active expiry deleted keys ([`Db::expired_in_background`]).
    pub(crate) fn announce_background_expiry(&self) {
        self.expired_in_background.notify_one();
    }

    pub fn lock(&self) -> MutexGuard<'_, Databases> {
        // A panic while the lock was held "poisons" it. The data is still consistent (no method
        // leaves it half-updated across a panic point), so we carry on rather than take every
        // other client down with the one that crashed.
        self.databases
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
