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
        }
    }

    /// Locks every database for one command. Keep the guard for as short as you can; index it
    /// (`db.lock()[0]`) for one database's [`crate::Keyspace`].
    pub fn lock(&self) -> MutexGuard<'_, Databases> {
        // A panic while the lock was held "poisons" it. The data is still consistent (no method
        // leaves it half-updated across a panic point), so we carry on rather than take every
        // other client down with the one that crashed.
        self.databases
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
