//! The write path: the one place where keys change.
//!
//! Several features need to hear about *every* change to a key, whichever command made it:
//! - `WATCH` must abort a transaction when a watched key was modified;
//! - a client blocked in `BLPOP` must wake when its list receives a value;
//! - keyspace notifications publish an event per change;
//! - persistence counts the changes since the last save (`dirty`).
//!
//! Sprinkling those calls through a hundred commands would miss some. So the maps are changed
//! only by the handful of pre-written methods below, and each of them reports the change.
//!
//! Reporting costs nothing for keys nobody listens to: a change is *logged* only when its key
//! has an observer ([`Keyspace::observe`]) or when everything is observed (notifications on).
//! The command layer drains the log after each command ([`Keyspace::take_changes`]).
//!
//! Collections (lists, hashes, sets) are created on their first write and deleted when they
//! become empty, in one place for every type: [`Keyspace::update`].
//!
//! How real Redis does it: `dbAdd`, `setKey`, `dbDelete` in `src/db.c` call
//! `signalModifiedKey` (→ `touchWatchedKey` in `src/multi.c`) and `signalKeyAsReady` (in
//! `src/blocked.c`); commands call `notifyKeyspaceEvent` (`src/notify.c`) and bump
//! `server.dirty` themselves.

use std::collections::HashMap;

use bytes::Bytes;
use tokio::time::Instant;

use crate::keyspace::{KeyHasher, StoredKey};
use crate::{Keyspace, Value};

/// What happened to a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The key did not exist and now does: logged just before the write that made it
    /// (keyspace notifications' `new` event).
    Created,
    /// A value was stored or changed in place.
    Written,
    /// The key was deleted by a command.
    Deleted,
    /// The key was deleted because its deadline passed.
    Expired,
    /// The key received a deadline.
    ExpirySet,
    /// The key lost its deadline.
    Persisted,
    /// The key went with its whole database (`FLUSHDB`, `FLUSHALL`, `SWAPDB`). Logged for
    /// observed keys only, even with notifications on: Redis sends no per-key event for a
    /// flush, but a `WATCH` on the key must hear of it.
    Flushed,
}

/// One change to one key, as the log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The key that changed.
    pub key: Bytes,
    /// How.
    pub kind: ChangeKind,
}

/// Whether a change made by [`Keyspace::update`] modified the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modified {
    /// The value changed: report it.
    Yes,
    /// Nothing changed (an `LREM` that removed nothing): report nothing.
    No,
}

/// Who listens to a keyspace's changes, and what they have not heard yet.
#[derive(Debug, Default)]
pub(crate) struct Observers {
    /// Keys somebody observes, with how many observers each.
    keys: HashMap<StoredKey, u32, KeyHasher>,
    /// Log every change, observed or not (keyspace notifications are on).
    everything: bool,
    /// Changes not yet taken by the command layer.
    log: Vec<Change>,
    /// Changes since the keyspace was created: persistence's `dirty` counter.
    dirty: u64,
    /// Keys deleted because they expired, passively or actively: `INFO`'s `expired_keys`.
    expired: u64,
}

impl Keyspace {
    /// Stores `value` under `key`, replacing what was there; the deadline is left alone.
    pub fn insert(&mut self, key: Bytes, value: Value) {
        self.expire_if_needed(&key); // An expired key is gone first: the new one is `new`.
        if let Some(slot) = self.entries.get_mut(&key[..]) {
            *slot = value; // The key is stored already: no need to box a second copy.
            self.signal(&key, ChangeKind::Written);
            return;
        }
        self.signal(&key, ChangeKind::Created);
        self.signal(&key, ChangeKind::Written);
        // `Vec::from(bytes)` takes over the buffer when this `Bytes` is its only owner, as a
        // request's arguments are: nothing is copied.
        self.entries
            .insert(Vec::from(key).into_boxed_slice(), value);
    }

    /// Removes `key` and its deadline. Returns whether it had a value.
    pub fn remove(&mut self, key: &[u8]) -> bool {
        self.expires.swap_remove(key);
        let existed = self.entries.swap_remove(key).is_some();
        if existed {
            self.signal(key, ChangeKind::Deleted);
        }
        existed
    }

    /// Removes `key` because its deadline has passed.
    pub fn remove_expired(&mut self, key: &[u8]) {
        self.expires.swap_remove(key);
        if self.entries.swap_remove(key).is_some() {
            self.observers.expired += 1;
            self.signal(key, ChangeKind::Expired);
        }
    }

    /// Gives `key`, which must exist, a deadline.
    pub fn insert_deadline(&mut self, key: &[u8], deadline: Instant) {
        self.signal(key, ChangeKind::ExpirySet);
        // A second copy of the key: only keys with a TTL pay for it.
        self.expires.insert(key.into(), deadline);
    }

    /// Removes the deadline of `key`. Returns whether it had one.
    pub fn remove_deadline(&mut self, key: &[u8]) -> bool {
        if self.expire_if_needed(key) {
            return false; // Expired: gone, with its deadline (a `SET` then makes it `new`).
        }
        let had = self.expires.swap_remove(key).is_some();
        if had {
            self.signal(key, ChangeKind::Persisted);
        }
        had
    }

    /// Changes the value of `key` in place: the one way to write to a collection.
    ///
    /// - A missing (or expired) key is created with `create()`; if that gives `None` (`LPUSHX`,
    ///   `LPOP` of a missing key), nothing happens and the result is `Ok(None)`.
    /// - `change` edits the value and says whether it modified it.
    /// - A collection left empty is deleted, as Redis deletes an emptied list, hash or set.
    pub fn update<R, E>(
        &mut self,
        key: &[u8],
        create: impl FnOnce() -> Option<Value>,
        change: impl FnOnce(&mut Value) -> Result<(R, Modified), E>,
    ) -> Result<Option<R>, E> {
        self.expire_if_needed(key);
        let created = !self.entries.contains_key(key);
        if created {
            let Some(value) = create() else {
                return Ok(None);
            };
            self.entries.insert(key.into(), value);
        }
        let value = self
            .entries
            .get_mut(key)
            .expect("present: found or inserted above");
        let outcome = change(value);
        let emptied = value.is_empty_collection();
        if let Ok((_, Modified::Yes)) = &outcome {
            if created && !emptied {
                self.signal(key, ChangeKind::Created);
            }
            self.signal(key, ChangeKind::Written);
        }
        if emptied && created {
            self.entries.swap_remove(key); // Created for nothing: as if never there.
        } else if emptied {
            self.remove(key);
        }
        outcome.map(|(result, _)| Some(result))
    }

    /// Starts observing `key`: its changes are logged until [`Keyspace::unobserve`].
    pub fn observe(&mut self, key: &[u8]) {
        *self.observers.keys.entry(key.into()).or_insert(0) += 1;
    }

    /// Stops one observation of `key`.
    pub fn unobserve(&mut self, key: &[u8]) {
        if let Some(count) = self.observers.keys.get_mut(key) {
            *count -= 1;
            if *count == 0 {
                self.observers.keys.remove(key);
            }
        }
    }

    /// Logs every change, observed or not (`true` while keyspace notifications are on).
    pub fn observe_everything(&mut self, on: bool) {
        self.observers.everything = on;
    }

    /// The changes logged since the last call, oldest first.
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.observers.log)
    }

    /// Whether any change waits in the log: a cheap test before [`Keyspace::take_changes`].
    pub fn has_changes(&self) -> bool {
        !self.observers.log.is_empty()
    }

    /// How many changes wait in the log: where the next change will go. The command layer
    /// notes it before a blocked client's pop, to tell that client's changes from the next's.
    pub fn changes_len(&self) -> usize {
        self.observers.log.len()
    }

    /// Changes since this keyspace was created: persistence's "dirty" counter.
    pub fn dirty(&self) -> u64 {
        self.observers.dirty
    }

    /// Keys deleted because they expired.
    pub fn expired_keys(&self) -> u64 {
        self.observers.expired
    }

    /// Every key is about to go (`FLUSHDB`, `SWAPDB`): tell the observers of the keys that exist.
    /// Observed keys are logged as [`ChangeKind::Flushed`] whether or not everything is
    /// observed: notifications ignore them, `WATCH` and blocked clients must not.
    pub(crate) fn signal_all_deleted(&mut self) {
        self.observers.dirty += self.entries.len() as u64;
        if self.observers.keys.is_empty() {
            return;
        }
        let keys: Vec<Bytes> = self
            .observers
            .keys
            .keys()
            .filter(|key| self.entries.contains_key(&key[..]))
            .map(|key| Bytes::copy_from_slice(key))
            .collect();
        for key in keys {
            self.observers.log.push(Change {
                key,
                kind: ChangeKind::Flushed,
            });
        }
    }

    /// Reports one change: counts it, and logs it if someone listens.
    fn signal(&mut self, key: &[u8], kind: ChangeKind) {
        if kind != ChangeKind::Created {
            self.observers.dirty += 1; // A creation comes with its write, which counts.
        }
        let observers = &mut self.observers;
        if observers.everything || (!observers.keys.is_empty() && observers.keys.contains_key(key))
        {
            observers.log.push(Change {
                key: Bytes::copy_from_slice(key),
                kind,
            });
        }
    }
}
