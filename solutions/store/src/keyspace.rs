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
//! Three choices make these maps small and fast; docs/src/performance.md has the measurements.
//!
//! - `entries` is an `IndexMap` too, for its memory. A `HashMap` stores whole entries in its
//!   table, and a table is never more than 7/8 full: it doubles when it gets there, so right
//!   after a doubling it is under half full. A million keys sit in 2^21 slots, each the size of
//!   a whole entry. An `IndexMap` keeps the entries packed in a `Vec` and puts only an 8-byte
//!   index in each slot of its table, so the empty slots cost 8 bytes instead of 48. The price
//!   is one more memory access per lookup (slot, then entry), the same one Redis pays: its table
//!   holds pointers to entries.
//! - A stored key is a [`StoredKey`], a `Box<[u8]>` (16 bytes: pointer and length) rather than
//!   the `Bytes` it arrives as (32 bytes).
//! - The hasher is foldhash, not the standard library's SipHash (see [`KeyHasher`]).
//!
//! How real Redis does it: `redisDb` in `src/server.h` has `dict` and `expires`; `lookupKey`,
//! `setKey`, `dbDelete`, `setExpire` and `expireIfNeeded` are in `src/db.c`.

use bytes::Bytes;
use indexmap::IndexMap;
use tokio::time::Instant;

use crate::Value;

/// A key as the keyspace stores it: its bytes in an allocation of their own, and no more.
///
/// Keys arrive as `Bytes`, which can share a buffer with other `Bytes` and so carries a pointer,
/// a length and two words of bookkeeping. A stored key never shares, so it needs only the
/// pointer and the length. Lookups still take a plain `&[u8]`: `Box<[u8]>` borrows as `[u8]`.
pub(crate) type StoredKey = Box<[u8]>;

/// The hasher of both maps: foldhash, with a random seed.
///
/// The standard library's default, SipHash-1-3, is built to resist *HashDoS*: a client who can
/// predict where keys land could send thousands that all collide and make every lookup slow.
/// It pays for that on every command: hashing a 16-byte key is most of the cost of a lookup.
/// foldhash is several times faster on short keys. It is not a cryptographic hash; its random
/// seed makes collisions hard to aim at, but it promises less than SipHash does. For a teaching
/// server that listens on 127.0.0.1 we take that trade (and say so). Real Redis keeps SipHash,
/// in its cheaper 1-2 variant (`src/siphash.c`).
pub(crate) type KeyHasher = foldhash::fast::RandomState;

/// All the keys of a database, with their values and deadlines. Reach it through [`crate::Db`].
#[derive(Debug, Default)]
pub struct Keyspace {
    pub(crate) entries: IndexMap<StoredKey, Value, KeyHasher>,
    pub(crate) expires: IndexMap<StoredKey, Instant, KeyHasher>,
}

/// The stored form of a key that arrived as `Bytes`. Pre-written.
///
/// `Vec::from(bytes)` takes over the buffer when this `Bytes` is its only owner, as a request's
/// arguments are (the parser copies each one into a buffer of its own): nothing is copied.
fn stored_key(key: Bytes) -> StoredKey {
    Vec::from(key).into_boxed_slice()
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
        // 1. A plain SET makes the key persistent: remove it from `self.expires`
        //    (`swap_remove(&key[..])`; it is fine if it was not there).
        // 2. Insert the value into `self.entries`, under `stored_key(key)`.
        self.expires.swap_remove(&key[..]);
        self.entries.insert(stored_key(key), value);
    }

    /// Stores `value` under `key` and keeps the key's TTL, as `INCR` and `SET ... KEEPTTL` do.
    pub fn set_keep_ttl(&mut self, key: Bytes, value: Value) {
        // @step 3: Keyspace::set_keep_ttl — store a value, keeping the key's TTL
        // 1. `self.expire_if_needed(&key)`: an expired key's TTL must not be kept.
        // 2. Insert the value into `self.entries` under `stored_key(key)`, leaving
        //    `self.expires` alone.
        self.expire_if_needed(&key);
        self.entries.insert(stored_key(key), value);
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
        // 3. Expired: `self.remove(key)` and return true.
        match self.expires.get(key) {
            Some(&deadline) if Instant::now() > deadline => {
                self.remove(key);
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
        // 2. Insert the deadline into `self.expires` under a copy of the key (`key.into()`
        //    makes a `Box<[u8]>`). Only keys with a TTL pay for this second copy.
        self.expire_if_needed(key);
        if !self.entries.contains_key(key) {
            return false;
        }
        self.expires.insert(key.into(), deadline);
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
        // 2. `swap_remove` it from `self.expires`; return whether it was there.
        self.expire_if_needed(key);
        self.expires.swap_remove(key).is_some()
    }

    /// Removes `key` from both maps. Returns whether it had a value. Pre-written.
    pub(crate) fn remove(&mut self, key: &[u8]) -> bool {
        self.expires.swap_remove(key);
        self.entries.swap_remove(key).is_some()
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
