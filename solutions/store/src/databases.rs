//! `Databases`: the numbered keyspaces of one server, `SELECT 0` to `SELECT 15`.
//!
//! A Redis server holds several independent keyspaces, 16 by default (the `databases` setting).
//! A connection works in one at a time, database 0 until it sends `SELECT n`; the same key name
//! in two databases is two keys. `SWAPDB`, `MOVE` and `FLUSHALL` work across them, which is why
//! all of them sit behind the one lock of [`crate::Db`]: a command sees them all, atomically.
//!
//! How real Redis does it: `server.db` is an array of `redisDb` (`src/server.h`); `selectDb`,
//! `swapdbCommand`, `moveCommand` and `flushallCommand` are in `src/db.c`.

use std::ops::{Index, IndexMut};

use crate::Keyspace;

/// Redis's default number of databases (the `databases` setting).
pub const DEFAULT_DATABASES: usize = 16;

/// Every database of the server, indexed from 0.
#[derive(Debug)]
pub struct Databases {
    keyspaces: Vec<Keyspace>,
    /// The database where the next active expiry cycle starts (`active_expiry.rs`).
    pub(crate) expire_cursor: usize,
}

impl Databases {
    /// `count` empty databases.
    pub fn new(count: usize) -> Databases {
        Databases {
            keyspaces: (0..count).map(|_| Keyspace::new()).collect(),
            expire_cursor: 0,
        }
    }

    /// How many databases there are: valid indexes are `0..count()`.
    pub fn count(&self) -> usize {
        self.keyspaces.len()
    }

    /// Every database, in index order.
    pub fn iter(&self) -> impl Iterator<Item = &Keyspace> {
        self.keyspaces.iter()
    }

    /// Every database, in index order, to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Keyspace> {
        self.keyspaces.iter_mut()
    }

    /// Two different databases at once (`MOVE` takes a key from one to the other).
    pub fn pair_mut(&mut self, a: usize, b: usize) -> (&mut Keyspace, &mut Keyspace) {
        assert_ne!(a, b, "pair_mut needs two different databases");
        if a < b {
            let (low, high) = self.keyspaces.split_at_mut(b);
            (&mut low[a], &mut high[0])
        } else {
            let (low, high) = self.keyspaces.split_at_mut(a);
            (&mut high[0], &mut low[b])
        }
    }

    /// Empties database `index` (`FLUSHDB`). Returns how many keys it held.
    pub fn flush(&mut self, index: usize) -> usize {
        let keyspace = &mut self.keyspaces[index];
        let keys = keyspace.len();
        keyspace.signal_all_deleted();
        keyspace.clear();
        keys
    }

    /// Exchanges the contents of two databases (`SWAPDB`): clients connected to one now see
    /// the other's keys. Observers stay with their database *number*, and hear that every key
    /// of both may have changed.
    pub fn swap(&mut self, a: usize, b: usize) {
        if a == b {
            return;
        }
        self.keyspaces[a].signal_all_deleted();
        self.keyspaces[b].signal_all_deleted();
        let (first, second) = self.pair_mut(a, b);
        first.swap_contents(second);
        self.keyspaces[a].signal_all_deleted();
        self.keyspaces[b].signal_all_deleted();
    }
}

impl Default for Databases {
    fn default() -> Databases {
        Databases::new(DEFAULT_DATABASES)
    }
}

impl Index<usize> for Databases {
    type Output = Keyspace;

    fn index(&self, index: usize) -> &Keyspace {
        &self.keyspaces[index]
    }
}

impl IndexMut<usize> for Databases {
    fn index_mut(&mut self, index: usize) -> &mut Keyspace {
        &mut self.keyspaces[index]
    }
}

impl Keyspace {
    /// Drops every key at once. A big keyspace is freed on a thread of its own, so that freeing a
    /// million values does not hold up the clients (Redis's `FLUSHALL ASYNC` and `lazyfree`).
    pub(crate) fn clear(&mut self) {
        let entries = std::mem::take(&mut self.entries);
        let expires = std::mem::take(&mut self.expires);
        if entries.len() > FREE_IN_BACKGROUND_OVER {
            std::thread::spawn(move || drop((entries, expires)));
        }
    }

    /// Exchanges keys, values and deadlines with `other`; observers stay where they are.
    pub(crate) fn swap_contents(&mut self, other: &mut Keyspace) {
        std::mem::swap(&mut self.entries, &mut other.entries);
        std::mem::swap(&mut self.expires, &mut other.expires);
    }
}

/// Past this many keys, a flushed keyspace is freed in the background.
const FREE_IN_BACKGROUND_OVER: usize = 64 * 1024;
