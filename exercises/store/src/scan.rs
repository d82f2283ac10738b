//! Iterating over a keyspace in small steps: the cursor behind `SCAN`.
//!
//! `KEYS *` walks every key in one go, and on a big database that holds the server for seconds.
//! `SCAN` returns a few keys and a *cursor*, and the client calls again with it. Between calls,
//! other clients add and delete keys, so the promise is modest but firm: **a key that exists
//! for the whole iteration is returned at least once**. Keys added or deleted meanwhile may or
//! may not be returned, and a key may be returned twice.
//!
//! Our entries are packed in a `Vec` (an `IndexMap`). Deleting one moves the *last* entry into
//! the hole (`swap_remove`), so entries only ever move from the end towards the front, and new
//! keys are appended at the end. Walking the indexes from the **end down to 0** keeps the
//! promise: the cursor `c` means "indexes below `c` are still to visit". An entry moved by a
//! deletion comes from the end, already visited, and lands in a hole: visited again at worst,
//! never skipped. A new key lands at the end, behind the cursor: not returned, which is allowed.
//! (Walking upwards would skip the last entry whenever it moved into an already visited hole.)
//!
//! The cursor is the index plus one, so that 0 can mean both "start" and "done", as in Redis.
//!
//! How real Redis does it: `scanGenericCommand` in `src/db.c` and `dictScan` in `src/dict.c`,
//! which walks hash buckets with a reversed-bits cursor so that it survives the table growing
//! and shrinking, with the same promise.

use crate::{Keyspace, Value};

impl Keyspace {
    /// Visits about `count` entries, starting at `cursor` (0 to start), and returns the cursor to
    /// continue from (0 when done) with the keys visited, in visiting order. Expired keys are
    /// skipped; `filter` chooses among the rest.
    pub fn scan(
        &self,
        cursor: u64,
        count: usize,
        mut filter: impl FnMut(&[u8], &Value) -> bool,
    ) -> (u64, Vec<bytes::Bytes>) {
        // @step 6: Keyspace::scan — walk the indexes downwards from the cursor, a few at a time
        // 1. The cursor is "indexes below it are left to visit": 0 (or anything past the end,
        //    the table shrank) starts at `self.entries.len()`.
        // 2. Step down one index at a time, at most `count` of them (at least one), while above
        //    0: `self.entries.get_index(i)` gives `(key, value)`.
        // 3. Skip a key whose deadline in `self.expires` has passed (`Instant::now()` of tokio);
        //    keep a key `filter(key, value)` accepts, as `Bytes::copy_from_slice(key)`.
        // 4. Return the index you stopped at as the next cursor: 0 once you reached the bottom.
        todo!(
            "step 6: Keyspace::scan — walk the indexes downwards from the cursor, a few at a time"
        )
    }
}

impl Keyspace {
    /// The expired keys among the entries that [`Keyspace::scan`] from `cursor` visited, given
    /// the cursor it returned (`next`). `SCAN` deletes them, as Redis's does. Added for `SCAN`.
    pub fn expired_visited(&self, cursor: u64, next: u64) -> Vec<bytes::Bytes> {
        if self.expires.is_empty() {
            return Vec::new();
        }
        // The entries `scan` visited: from its starting index down to the cursor it returned.
        let len = self.entries.len();
        let start = match usize::try_from(cursor) {
            Ok(0) | Err(_) => len,
            Ok(cursor) => cursor.min(len),
        };
        let end = usize::try_from(next).map_or(0, |next| next.min(start));
        let now = tokio::time::Instant::now();
        (end..start)
            .filter_map(|index| self.entries.get_index(index))
            .filter(|(key, _)| {
                self.expires
                    .get(*key)
                    .is_some_and(|&deadline| now > deadline)
            })
            .map(|(key, _)| bytes::Bytes::copy_from_slice(key))
            .collect()
    }
}

impl Keyspace {
    /// Every live key that `filter` accepts, in one walk of the whole table: `KEYS`, which Redis
    /// answers the same way (`keysCommand` in `db.c` walks the dictionary, not the cursor). It
    /// blocks the server for as long as the walk takes; that is why `SCAN` exists.
    pub fn keys_where(&self, mut filter: impl FnMut(&[u8], &Value) -> bool) -> Vec<bytes::Bytes> {
        let now = tokio::time::Instant::now();
        self.entries
            .iter()
            .filter(|(key, _)| {
                self.expires
                    .get(*key)
                    .is_none_or(|&deadline| now <= deadline)
            })
            .filter(|(key, value)| filter(key, value))
            .map(|(key, _)| bytes::Bytes::copy_from_slice(key))
            .collect()
    }
}

impl Keyspace {
    /// A key picked at random among the live ones, or `None` when there is none. An expired key
    /// picked on the way is deleted (passive expiry) and another is picked, as Redis's
    /// `dbRandomKey` does: each try either returns or removes a key, so this ends. Added for
    /// `RANDOMKEY`.
    pub fn random_key(&mut self) -> Option<bytes::Bytes> {
        while !self.entries.is_empty() {
            let index = rand::random_range(0..self.entries.len());
            let (key, _) = self.entries.get_index(index)?;
            let key = bytes::Bytes::copy_from_slice(key);
            if !self.expire_if_needed(&key) {
                return Some(key);
            }
        }
        None
    }
}
