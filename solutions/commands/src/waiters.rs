//! Clients waiting for a key to receive a value.
//!
//! `BLPOP list 5` on an empty list does not reply: the client waits, up to 5 seconds, until
//! another client pushes to `list`. A waiting connection holds nothing, neither the lock nor a
//! thread: it registers here, under the key, and its task sleeps until its mailbox rings or its
//! deadline passes.
//!
//! The write path does the rest: the waited-for key is *observed* in its keyspace, so a change
//! to it is logged, and after each command [`crate::Shared::after_command`] tells this registry,
//! which rings the mailbox of the client that has waited longest on that key. Waiters on one key
//! are served first come, first served.
//!
//! A client that stops waiting (served, timed out, disconnected) must leave nothing behind:
//! [`Waiters::stop_waiting`] removes it and stops observing its keys.
//!
//! How real Redis does it: `blockForKeys`, `signalKeyAsReady` and `handleClientsBlockedOnKeys`
//! in `src/blocked.c`, with `db->blocking_keys` (key → list of clients) and `server.ready_keys`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use store::Databases;

use crate::Mailbox;

/// One waiting client.
#[derive(Debug, Clone)]
struct Waiter {
    client: u64,
    mailbox: Mailbox,
}

/// Who waits on which key, in the order they started waiting.
#[derive(Debug, Default)]
pub struct Waiters {
    by_key: Mutex<HashMap<(usize, Bytes), VecDeque<Waiter>>>,
}

impl Waiters {
    /// Client `client` waits for any of `keys` in database `db`. Its mailbox rings when one of
    /// them changes. Call under the databases' lock, as [`Waiters::stop_waiting`].
    pub fn wait(
        &self,
        databases: &mut Databases,
        db: usize,
        keys: &[Bytes],
        client: u64,
        mailbox: &Mailbox,
    ) {
        let mut by_key = self.lock();
        for key in keys {
            databases[db].observe(key);
            by_key
                .entry((db, key.clone()))
                .or_default()
                .push_back(Waiter {
                    client,
                    mailbox: mailbox.clone(),
                });
        }
    }

    /// Client `client` no longer waits for `keys` in `db`.
    pub fn stop_waiting(&self, databases: &mut Databases, db: usize, keys: &[Bytes], client: u64) {
        let mut by_key = self.lock();
        for key in keys {
            let slot = (db, key.clone());
            let Some(waiters) = by_key.get_mut(&slot) else {
                continue;
            };
            let before = waiters.len();
            waiters.retain(|waiter| waiter.client != client);
            if waiters.len() < before {
                databases[db].unobserve(key);
            }
            if waiters.is_empty() {
                by_key.remove(&slot);
            }
        }
    }

    /// A key in `db` changed: ring the client that has waited longest for it.
    pub fn key_changed(&self, db: usize, key: &Bytes) {
        let by_key = self.lock();
        if let Some(first) = by_key
            .get(&(db, key.clone()))
            .and_then(|waiters| waiters.front())
        {
            first.mailbox.wake();
        }
    }

    /// How many clients wait: `INFO clients`' `blocked_clients` counts each once.
    pub fn blocked_clients(&self) -> usize {
        let by_key = self.lock();
        let mut clients: Vec<u64> = by_key
            .values()
            .flat_map(|waiters| waiters.iter().map(|waiter| waiter.client))
            .collect();
        clients.sort_unstable();
        clients.dedup();
        clients.len()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<(usize, Bytes), VecDeque<Waiter>>> {
        self.by_key.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Shared;
    use std::time::Duration;
    use store::Value;

    #[tokio::test]
    async fn a_write_to_the_key_rings_the_first_waiter_only_and_leaving_leaves_nothing() {
        let shared = Shared::default();
        let (first, second) = (Mailbox::default(), Mailbox::default());
        let key = Bytes::from_static(b"queue");
        {
            let mut databases = shared.db.lock();
            shared
                .waiters
                .wait(&mut databases, 3, std::slice::from_ref(&key), 1, &first);
            shared
                .waiters
                .wait(&mut databases, 3, std::slice::from_ref(&key), 2, &second);
            databases[3].set(key.clone(), Value::String(Bytes::from_static(b"x")));
            databases[0].set(key.clone(), Value::String(Bytes::from_static(b"x")));
            shared.after_command(&mut databases);
        }
        let rung = |mailbox: Mailbox| async move {
            tokio::time::timeout(Duration::from_millis(50), mailbox.rung())
                .await
                .is_ok()
        };
        assert!(rung(first.clone()).await, "the first waiter is woken");
        assert!(!rung(second.clone()).await, "the second is not, yet");
        assert_eq!(shared.waiters.blocked_clients(), 2);
        let mut databases = shared.db.lock();
        shared
            .waiters
            .stop_waiting(&mut databases, 3, std::slice::from_ref(&key), 1);
        shared
            .waiters
            .stop_waiting(&mut databases, 3, std::slice::from_ref(&key), 2);
        assert_eq!(shared.waiters.blocked_clients(), 0);
        databases[3].set(key, Value::String(Bytes::from_static(b"y")));
        assert!(
            !databases[3].has_changes(),
            "nobody waits: the key is no longer observed"
        );
    }
}
