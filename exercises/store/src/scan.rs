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
        let len = self.entries.len();
        let mut next = match usize::try_from(cursor) {
            Ok(0) | Err(_) => len,
            Ok(cursor) => cursor.min(len),
        };
        let now = tokio::time::Instant::now();
        let mut keys = Vec::new();
        let mut visited = 0;
        while next > 0 && visited < count.max(1) {
            next -= 1;
            visited += 1;
            let Some((key, value)) = self.entries.get_index(next) else {
                continue;
            };
            let expired = self
                .expires
                .get(key)
                .is_some_and(|&deadline| now > deadline);
            if !expired && filter(key, value) {
                keys.push(bytes::Bytes::copy_from_slice(key));
            }
        }
        (next as u64, keys)
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
