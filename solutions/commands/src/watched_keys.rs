//! `WatchedKeys`: which clients watch which keys, and which of them saw a watched key modified.
//!
//! `WATCH` is optimistic locking. A client reads a key, decides what to write, and sends it in
//! `MULTI`/`EXEC`; if anybody modified the key in the meantime, `EXEC` runs nothing and answers
//! null, and the client tries again. Nothing is locked while the client thinks.
//!
//! "Was it modified?" is asked of the engine's single write path, not of the hundred commands
//! that write: a watched key is *observed* in its keyspace ([`store::Keyspace::observe`]), so
//! every change to it is logged, whichever command made it (`SET`, `DEL`, `RENAME` onto or off
//! it, an expiry, a `FLUSHALL`, a `SWAPDB`). After each command [`crate::Shared::after_command`]
//! drains the logs and calls [`WatchedKeys::key_changed`], which marks every client watching that
//! key as *modified*. `EXEC` then only has to ask [`WatchedKeys::was_modified`].
//!
//! Watching costs nothing for keys nobody watches: only observed keys are logged, and a command
//! that writes nothing (a `DEL` of a missing key) logs nothing.
//!
//! All methods are called under the databases' lock, so the mutex inside is never contended.
//!
//! How real Redis does it: `db->watched_keys` (key → list of clients) and the
//! `CLIENT_DIRTY_CAS` flag; `watchForKey`, `touchWatchedKey` and `touchAllWatchedKeysInDb` in
//! `src/multi.c`, called from `signalModifiedKey` and `signalFlushedDb` in `src/db.c`.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use store::Databases;

/// The server's watched keys.
#[derive(Debug, Default)]
pub struct WatchedKeys {
    table: Mutex<Table>,
}

/// What [`WatchedKeys`] guards.
#[derive(Debug, Default)]
struct Table {
    /// (database, key) → the ids of the clients that watch it.
    by_key: HashMap<(usize, Bytes), Vec<u64>>,
    /// Clients a watched key of which was modified: their `EXEC` will fail.
    modified: HashSet<u64>,
}

impl WatchedKeys {
    /// Client `client` watches `key` in database `db`.
    pub fn watch(&self, databases: &mut Databases, db: usize, key: &Bytes, client: u64) {
        // @step 10: WatchedKeys::watch — hang the watch on the write path
        // 1. A key that has expired but is still stored must count as missing from now on:
        //    `databases[db].expire_if_needed(key)` deletes it before anyone watches.
        // 2. `databases[db].observe(key)`: from now on every change to the key is logged, and
        //    `Shared::after_command` calls `key_changed` with it.
        // 3. Add `client` to the clients of `(db, key.clone())` in `self.lock().by_key`.
        databases[db].expire_if_needed(key);
        databases[db].observe(key);
        (self.lock().by_key)
            .entry((db, key.clone()))
            .or_default()
            .push(client);
    }

    /// Client `client` stops watching `key` in database `db`.
    pub fn unwatch(&self, databases: &mut Databases, db: usize, key: &Bytes, client: u64) {
        let mut table = self.lock();
        let entry = (db, key.clone());
        if let Some(clients) = table.by_key.get_mut(&entry) {
            clients.retain(|&watcher| watcher != client);
            if clients.is_empty() {
                table.by_key.remove(&entry);
            }
            databases[db].unobserve(key);
        }
    }

    /// The write path says `key` in database `db` changed: every client watching it is marked.
    pub fn key_changed(&self, db: usize, key: &Bytes) {
        let mut table = self.lock();
        if table.by_key.is_empty() {
            return; // Nobody watches anything: the common case, and free.
        }
        // @step 10: WatchedKeys::key_changed — mark the clients that watch a modified key
        // 1. Look up `(db, key.clone())` in `table.by_key`; nobody watches it: return.
        // 2. Insert each of its clients into `table.modified`.
        let Table { by_key, modified } = &mut *table;
        if let Some(clients) = by_key.get(&(db, key.clone())) {
            modified.extend(clients.iter().copied());
        }
    }

    /// Whether a key `client` watches was modified since it watched it.
    pub fn was_modified(&self, client: u64) -> bool {
        self.lock().modified.contains(&client)
    }

    /// Forgets that `client` saw a watched key modified (its watches are gone).
    pub fn forget(&self, client: u64) {
        self.lock().modified.remove(&client);
    }

    /// How many keys are watched, by anyone.
    pub fn len(&self) -> usize {
        self.lock().by_key.len()
    }

    /// Whether no key is watched.
    pub fn is_empty(&self) -> bool {
        self.lock().by_key.is_empty()
    }

    /// The table, locked.
    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
