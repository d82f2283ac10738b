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

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::collections::HashSet;

    fn value() -> Value {
        Value::String(Bytes::from_static(b"v"))
    }

    #[test]
    fn a_full_iteration_returns_every_key_once_when_nothing_changes() {
        let mut keyspace = Keyspace::new();
        for i in 0..100 {
            keyspace.set(Bytes::from(format!("k{i}")), value());
        }
        let (mut cursor, mut seen) = (0, Vec::new());
        loop {
            let (next, keys) = keyspace.scan(cursor, 7, |_, _| true);
            seen.extend(keys);
            cursor = next;
            if cursor == 0 {
                break;
            }
        }
        assert_eq!(seen.len(), 100);
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 100);
    }

    #[test]
    fn keys_that_live_through_the_iteration_are_returned_despite_deletes_and_inserts() {
        // Delete and add keys between every call, in the pattern that breaks an upward walk:
        // delete a visited key, which moves the last (unvisited in an upward walk) into its hole.
        for seed in 0..50u64 {
            let mut keyspace = Keyspace::new();
            for i in 0..200 {
                keyspace.set(Bytes::from(format!("stay{i}")), value());
                keyspace.set(Bytes::from(format!("temp{i}")), value());
            }
            let (mut cursor, mut seen, mut round) = (0, HashSet::new(), 0u64);
            loop {
                let (next, keys) = keyspace.scan(cursor, 5, |_, _| true);
                seen.extend(keys);
                cursor = next;
                if cursor == 0 {
                    break;
                }
                round += 1;
                let victim = (seed * 31 + round * 17) % 200;
                keyspace.delete(format!("temp{victim}").as_bytes());
                keyspace.set(Bytes::from(format!("new{seed}-{round}")), value());
            }
            for i in 0..200 {
                let key = Bytes::from(format!("stay{i}"));
                assert!(
                    seen.contains(&key),
                    "seed {seed}: {key:?} was never returned"
                );
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_random_key_is_a_live_one_and_expired_ones_are_removed_on_the_way() {
        let mut keyspace = Keyspace::new();
        assert_eq!(keyspace.random_key(), None);
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_millis(10);
        for i in 0..50 {
            let key = Bytes::from(format!("gone{i}"));
            keyspace.set(key.clone(), value());
            keyspace.set_expiry(&key, deadline);
        }
        keyspace.set(Bytes::from_static(b"alive"), value());
        tokio::time::advance(std::time::Duration::from_millis(11)).await;
        assert_eq!(keyspace.random_key(), Some(Bytes::from_static(b"alive")));
        keyspace.delete(b"alive");
        assert_eq!(keyspace.random_key(), None);
        assert!(
            keyspace.is_empty(),
            "the expired keys were removed on the way"
        );
    }
}
