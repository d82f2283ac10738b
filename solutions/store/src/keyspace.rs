//! The keyspace: two maps, as in Redis.
//!
//! - `entries`: key → value, every key.
//! - `expires`: key → deadline, only the keys that have a TTL ("volatile" keys, in Redis's words).
//!
//! Keeping deadlines in a map of their own costs one more lookup per access, but it lets the
//! active expiry pick *random keys that have a TTL* without wading through the millions that
//! never expire. It is an `IndexMap` so that picking a random one is O(1): take a random index.
//!
//! **Passive expiry** lives here: every method that touches a key first calls
//! [`Keyspace::expire_if_needed`], so an expired key is never seen, even if the active sweep has
//! not reached it yet.
//!
//! **Every change goes through the write path** (`write_path.rs`): the few pre-written methods
//! that touch the maps ([`Keyspace::insert`], [`Keyspace::remove`], ...). Each says "this key
//! was modified", which is what `WATCH`, keyspace notifications and blocked clients hang off.
//!
//! Why `IndexMap`, boxed keys and foldhash: one line each below; docs/src/performance.md has the
//! measurements.
//!
//! How real Redis does it: `redisDb` in `src/server.h` has `dict` and `expires`; `lookupKey`,
//! `setKey`, `dbDelete`, `setExpire` and `expireIfNeeded` are in `src/db.c`.

use bytes::Bytes;
use indexmap::IndexMap;
use tokio::time::Instant;

use crate::write_path::Observers;
use crate::Value;

/// A key as the keyspace stores it: a `Box<[u8]>` is half the size of the `Bytes` it arrives as.
pub(crate) type StoredKey = Box<[u8]>;

/// The hasher of both maps: foldhash, several times faster than SipHash on short keys, with a
/// random seed (docs/src/performance.md weighs the trade).
pub(crate) type KeyHasher = foldhash::fast::RandomState;

/// All the keys of one numbered database (`SELECT n`), with their values and deadlines. Reach
/// it through [`crate::Db`].
#[derive(Debug, Default)]
pub struct Keyspace {
    /// Key → value, every key. An `IndexMap`: entries packed in a `Vec`, so a random pick and a
    /// `SCAN` cursor are indexes.
    pub(crate) entries: IndexMap<StoredKey, Value, KeyHasher>,
    /// Key → deadline, only the keys that have a TTL.
    pub(crate) expires: IndexMap<StoredKey, Instant, KeyHasher>,
    /// Who wants to hear about changes, and what changed (`write_path.rs`).
    pub(crate) observers: Observers,
}

impl Keyspace {
    /// An empty keyspace.
    pub fn new() -> Keyspace {
        Keyspace::default()
    }

    /// The value of `key`, unless it is missing or expired.
    pub fn get(&mut self, key: &[u8]) -> Option<&Value> {
        // @step 3: Keyspace::get — look a key up
        // 1. Call `self.expire_if_needed(key)` first: an expired key must look missing. (Until
        //    step 4 nothing has a TTL, and it returns false straight away.)
        // 2. Return the value in `self.entries`, if any.
        self.expire_if_needed(key);
        self.entries.get(key)
    }

    /// Stores `value` under `key`, replacing any old value *and its TTL*, as a plain `SET` does.
    pub fn set(&mut self, key: Bytes, value: Value) {
        // @step 3: Keyspace::set — store a value, forgetting the key's old TTL
        // 1. A plain SET makes the key persistent: remove its deadline
        //    (`self.remove_deadline(&key)`; it is fine if there was none).
        // 2. Store the value with `self.insert(key, value)`.
        self.remove_deadline(&key);
        self.insert(key, value);
    }

    /// Stores `value` under `key` and keeps the key's TTL, as `INCR` and `SET ... KEEPTTL` do.
    pub fn set_keep_ttl(&mut self, key: Bytes, value: Value) {
        // @step 3: Keyspace::set_keep_ttl — store a value, keeping the key's TTL
        // 1. `self.expire_if_needed(&key)`: an expired key's TTL must not be kept.
        // 2. Store the value with `self.insert(key, value)`, leaving the deadline alone.
        self.expire_if_needed(&key);
        self.insert(key, value);
    }

    /// Deletes `key`. Returns whether it existed (an expired key does not).
    pub fn delete(&mut self, key: &[u8]) -> bool {
        // @step 3: Keyspace::delete — delete a key, saying whether it was there
        // 1. `self.expire_if_needed(key)`: an expired key does not count as deleted.
        // 2. `self.remove(key)` removes it from both maps and says if it was in `entries`.
        self.expire_if_needed(key);
        self.remove(key)
    }

    /// Whether `key` exists (and has not expired).
    pub fn exists(&mut self, key: &[u8]) -> bool {
        // @step 3: Keyspace::exists — whether a live key is there
        // 1. Passive expiry first, then look in `self.entries`.
        self.expire_if_needed(key);
        self.entries.contains_key(key)
    }

    /// How many keys are stored, *including* expired ones that no one has removed yet. Tests use
    /// it to watch active expiry work without touching (and so passively expiring) the keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the keyspace holds no keys at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many keys have a TTL, expired or not.
    pub fn volatile_len(&self) -> usize {
        self.expires.len()
    }

    /// Passive expiry: if `key` has a deadline that has passed, delete it. Returns whether it did.
    pub fn expire_if_needed(&mut self, key: &[u8]) -> bool {
        // Pre-written: with no TTL anywhere, nothing can have expired. Redis's `getExpire` starts
        // with the same test, and it keeps this call free for the many keyspaces that use no TTL.
        if self.expires.is_empty() {
            return false;
        }
        // @step 4: Keyspace::expire_if_needed — delete the key if its deadline has passed
        // 1. Look up the key's deadline in `self.expires`. None: the key does not expire; false.
        // 2. It has expired when `Instant::now() > deadline`. At the deadline itself the key is
        //    still alive, as in Redis (`keyIsExpired` in db.c).
        // 3. Expired: `self.remove_expired(key)` and return true.
        match self.expires.get(key) {
            Some(&deadline) if Instant::now() > deadline => {
                self.remove_expired(key);
                true
            }
            _ => false,
        }
    }

    /// Gives `key` a deadline. Returns false, and does nothing, if the key does not exist.
    pub fn set_expiry(&mut self, key: &[u8], deadline: Instant) -> bool {
        // @step 4: Keyspace::set_expiry — record when a key dies
        // 1. Passive expiry first; a missing key cannot get a TTL: return false
        //    (`self.entries.contains_key(key)`).
        // 2. Record the deadline with `self.insert_deadline(key, deadline)`.
        self.expire_if_needed(key);
        if !self.entries.contains_key(key) {
            return false;
        }
        self.insert_deadline(key, deadline);
        true
    }

    /// The deadline of `key`, or `None` if it is missing or has no TTL.
    pub fn expires_at(&mut self, key: &[u8]) -> Option<Instant> {
        // @step 4: Keyspace::expires_at — read a key's deadline
        // 1. Passive expiry first, then look in `self.expires`.
        self.expire_if_needed(key);
        self.expires.get(key).copied()
    }

    /// Removes the TTL of `key`. Returns whether there was one to remove.
    pub fn persist(&mut self, key: &[u8]) -> bool {
        // @step 4: Keyspace::persist — make a key live forever again
        // 1. Passive expiry first (an expired key has nothing to persist).
        // 2. `self.remove_deadline(key)` says whether there was one.
        self.expire_if_needed(key);
        self.remove_deadline(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn string(text: &'static str) -> Value {
        Value::String(Bytes::from_static(text.as_bytes()))
    }

    #[tokio::test(start_paused = true)]
    async fn a_key_lives_until_just_after_its_deadline() {
        let mut keyspace = Keyspace::new();
        keyspace.set(Bytes::from_static(b"k"), string("v"));
        assert!(keyspace.set_expiry(b"k", Instant::now() + Duration::from_millis(100)));
        tokio::time::advance(Duration::from_millis(100)).await;
        assert_eq!(keyspace.get(b"k"), Some(&string("v")));
        tokio::time::advance(Duration::from_millis(1)).await;
        assert_eq!(keyspace.get(b"k"), None);
        assert_eq!((keyspace.len(), keyspace.volatile_len()), (0, 0));
    }

    #[tokio::test(start_paused = true)]
    async fn set_forgets_the_ttl_and_set_keep_ttl_keeps_it() {
        let mut keyspace = Keyspace::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        keyspace.set(Bytes::from_static(b"k"), string("1"));
        keyspace.set_expiry(b"k", deadline);
        keyspace.set_keep_ttl(Bytes::from_static(b"k"), string("2"));
        assert_eq!(keyspace.expires_at(b"k"), Some(deadline));
        keyspace.set(Bytes::from_static(b"k"), string("3"));
        assert_eq!(keyspace.expires_at(b"k"), None);
    }
}
