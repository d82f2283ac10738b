//! Clients waiting for a key to receive a value.
//!
//! `BLPOP list 5` on an empty list does not reply: the client waits, up to 5 seconds, until
//! another client pushes to `list`. A waiting connection holds nothing, neither the lock nor a
//! thread: it registers here, under the key, and its task sleeps until its mailbox rings or its
//! deadline passes.
//!
//! The write path does the rest: the waited-for key is *observed* in its keyspace, so a change
//! to it is logged, and after each command [`crate::Shared::after_command`] tells this registry
//! ([`Waiters::key_changed`]: the key is *ready*), then has it serve the ready keys
//! ([`Waiters::serve_ready`]): while a ready key holds a list, the client that has waited longest
//! on it gets its pop done and its reply delivered to its mailbox. Waiters on one key are served
//! first come, first served, each exactly once: serving removes it from every key it waited on.
//!
//! A client that stops waiting (served, timed out, disconnected) must leave nothing behind:
//! [`Waiters::stop_waiting`] removes it and stops observing its keys.
//!
//! How real Redis does it: `blockForKeys`, `signalKeyAsReady` and `handleClientsBlockedOnKeys`
//! in `src/blocked.c`, with `db->blocking_keys` (key → list of clients) and `server.ready_keys`.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use resp::Frame;
use store::Databases;
use tokio::time::Instant;

use crate::blocking::BlockedPop;
use crate::Mailbox;

/// One waiting client: where its reply goes, what it waits on, what to do when served.
#[derive(Debug, Clone)]
struct Waiter {
    mailbox: Mailbox,
    db: usize,
    keys: Vec<Bytes>,
    pop: BlockedPop,
    deadline: Option<Instant>,
}

/// The registry, behind its lock.
#[derive(Debug, Default)]
struct Registry {
    /// Each waited-on key's clients, in the order they started waiting.
    by_key: HashMap<(usize, Bytes), VecDeque<u64>>,
    /// Each waiting client.
    clients: HashMap<u64, Waiter>,
    /// Keys written to since the last [`Waiters::serve_ready`], in order, each once.
    ready: Vec<(usize, Bytes)>,
    /// The waiters taken out to be served since `serve_ready` began, in order: what names the
    /// keyspace events of each one's pop ([`Waiters::take_served`]).
    served: Vec<ServedPop>,
}

/// A client taken out to be served by [`Waiters::serve_ready`], as the change logs see it: the
/// changes its pop made are those logged in its database from `start` until the next served
/// client's `start` there (or the end of the log), and are named by its own `events` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ServedPop {
    /// The row of the keyspace-event table that names its pop (`lpop`, `rpoplpush`...).
    pub(crate) events: &'static str,
    /// The database it waited in, whose log holds its changes.
    pub(crate) db: usize,
    /// How many changes that database's log held when it was taken out: its own come next.
    pub(crate) start: usize,
}

/// Who waits on which key, in the order they started waiting.
#[derive(Debug, Default)]
pub struct Waiters {
    registry: Mutex<Registry>,
    /// Whether a key has been marked ready since the last [`Waiters::serve_ready`]: read without
    /// the lock after every command.
    ready_pending: AtomicBool,
}

impl Waiters {
    /// Client `client` waits for any of `keys` in database `db`, until `deadline` if it has
    /// one; once a key holds a list, `pop` is done for it and the reply delivered to `mailbox`.
    /// Call under the databases' lock, as every method that takes them.
    #[allow(clippy::too_many_arguments)]
    pub fn wait(
        &self,
        databases: &mut Databases,
        db: usize,
        keys: &[Bytes],
        client: u64,
        mailbox: &Mailbox,
        pop: BlockedPop,
        deadline: Option<Instant>,
    ) {
        let mut registry = self.lock();
        let mut unique: Vec<Bytes> = Vec::with_capacity(keys.len());
        for key in keys {
            if unique.contains(key) {
                continue; // BLPOP q q 0 waits once on q, as in Redis.
            }
            unique.push(key.clone());
            databases[db].observe(key);
            registry
                .by_key
                .entry((db, key.clone()))
                .or_default()
                .push_back(client);
        }
        registry.clients.insert(
            client,
            Waiter {
                mailbox: mailbox.clone(),
                db,
                keys: unique,
                pop,
                deadline,
            },
        );
    }

    /// Client `client` no longer waits (timed out, disconnected). Returns whether it waited.
    pub fn stop_waiting(&self, databases: &mut Databases, client: u64) -> bool {
        self.lock().take_out(databases, client).is_some()
    }

    /// Whether client `client` waits.
    pub fn is_waiting(&self, client: u64) -> bool {
        self.lock().clients.contains_key(&client)
    }

    /// `CLIENT UNBLOCK`: ends the wait of `client` with `reply`. Returns whether it waited.
    pub fn unblock(&self, databases: &mut Databases, client: u64, reply: Frame) -> bool {
        let Some(waiter) = self.lock().take_out(databases, client) else {
            return false;
        };
        waiter.mailbox.deliver(reply, 64);
        true
    }

    /// A key in `db` changed: if somebody waits on it, it is ready to be served.
    pub fn key_changed(&self, db: usize, key: &Bytes) {
        let mut registry = self.lock();
        let slot = (db, key.clone());
        if registry.by_key.contains_key(&slot) && !registry.ready.contains(&slot) {
            registry.ready.push(slot);
            self.ready_pending.store(true, Ordering::Relaxed);
        }
    }

    /// Whether a key with waiters changed and they have not been served yet. Inside `EXEC` the
    /// keys are only marked, and their waiters served once the whole transaction has run.
    pub fn has_ready(&self) -> bool {
        self.ready_pending.load(Ordering::Relaxed)
    }

    /// Serves the clients waiting on the ready keys: for each key, while it holds a list, the
    /// client that has waited longest gets its pop done and its reply delivered. Returns whether
    /// it served anyone: then the keyspaces may have new changes (a `BLMOVE` pushed to its
    /// destination), and the caller hands them over and calls again.
    pub fn serve_ready(&self, databases: &mut Databases) -> bool {
        self.ready_pending.store(false, Ordering::Relaxed);
        let ready = {
            let mut registry = self.lock();
            registry.served.clear();
            std::mem::take(&mut registry.ready)
        };
        let mut served = false;
        for (db, key) in ready {
            // @step 7: Waiters::serve_ready — serve the waiters of a ready key, in order
            // 1. Loop while there is a first waiter: `self.first_waiter(db, &key)`.
            // 2. Stop too when the key holds no list with elements any more
            //    (`databases[db].get(&key)`, `as_list()`): the waiters keep waiting.
            // 3. Take the waiter out of the registry *first* (`self.lock().remove(databases,
            //    client)`), so it is served exactly once, then `waiter.pop.serve(&mut
            //    databases[db], &key)`: `Ok(Some(reply))` is delivered to `waiter.mailbox`
            //    (`deliver(reply, size)`), an error too (`error.into_frame()`).
            // 4. Set `served = true` for each client served.
            todo!("step 7: Waiters::serve_ready — serve the waiters of a ready key, in order")
        }
        served
    }

    /// The clients the last [`Waiters::serve_ready`] took out to serve, in the order it served
    /// them: where each one's changes start in its database's log, and the row that names them
    /// (a `BLPOP` and a `BRPOP` served by one push publish `lpop`, then `rpop`).
    pub(crate) fn take_served(&self) -> Vec<ServedPop> {
        std::mem::take(&mut self.lock().served)
    }

    /// How many clients wait: `INFO clients`' `blocked_clients`.
    pub fn blocked_clients(&self) -> usize {
        self.lock().clients.len()
    }

    /// How many waiting clients have a deadline: `INFO clients`' `clients_in_timeout_table`.
    pub fn clients_in_timeout_table(&self) -> usize {
        let registry = self.lock();
        registry
            .clients
            .values()
            .filter(|waiter| waiter.deadline.is_some())
            .count()
    }

    /// The client that has waited longest on `key` in `db`.
    fn first_waiter(&self, db: usize, key: &Bytes) -> Option<u64> {
        self.lock()
            .by_key
            .get(&(db, key.clone()))
            .and_then(|clients| clients.front().copied())
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Registry {
    /// Takes `client` out of the queue of every key it waits on, and stops observing them, to
    /// serve it: the changes its database logs from now on are its pop's, named by its own row
    /// ([`Waiters::take_served`]).
    fn remove(&mut self, databases: &mut Databases, client: u64) -> Option<Waiter> {
        let waiter = self.take_out(databases, client)?;
        self.served.push(ServedPop {
            events: waiter.pop.events(),
            db: waiter.db,
            start: databases[waiter.db].changes_len(),
        });
        Some(waiter)
    }

    /// [`Registry::remove`] for a client that stops waiting unserved (a timeout, `CLIENT
    /// UNBLOCK`, a disconnection): nothing to name.
    fn take_out(&mut self, databases: &mut Databases, client: u64) -> Option<Waiter> {
        let waiter = self.clients.remove(&client)?;
        for key in &waiter.keys {
            let slot = (waiter.db, key.clone());
            databases[waiter.db].unobserve(key);
            let Some(clients) = self.by_key.get_mut(&slot) else {
                continue;
            };
            clients.retain(|waiting| *waiting != client);
            if clients.is_empty() {
                self.by_key.remove(&slot);
            }
        }
        Some(waiter)
    }
}

/// About how many bytes a reply takes, for the mailbox's limit.
fn reply_size(reply: &Frame) -> usize {
    match reply {
        Frame::Bulk(bytes) => bytes.len() + 16,
        Frame::Array(elements) => elements.iter().map(reply_size).sum::<usize>() + 16,
        _ => 16,
    }
}
