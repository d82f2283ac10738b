//! `Shared`: what every connection shares. The databases, and the services around them.
//!
//! - [`store::Db`]: the databases, behind the one lock a command runs under.
//! - [`Config`]: the settings, `CONFIG GET` and `CONFIG SET` (`config/`).
//! - [`Stats`]: the counters `INFO` reports.
//! - [`Clients`]: every connected client, for `CLIENT LIST`, `INFO clients` and for handing
//!   things to a client (its [`crate::Mailbox`]).
//! - [`Waiters`]: clients waiting for keys to receive values (`BLPOP`).
//! - [`WatchedKeys`]: keys watched by `WATCH`.
//! - [`PubSub`]: who subscribed to which channel and pattern (`SUBSCRIBE`, `PUBLISH`).
//! - [`ProcessInfo`]: what the binary knows of the process (port, allocator), for `INFO`.
//!
//! A handler holds an `Arc<Shared>`; cloning the `Arc` is how a new connection joins.
//!
//! How real Redis does it: the global `struct redisServer server` in `src/server.h`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use store::{Change, ChangeKind, Databases, Db};

use crate::config::{ClientClass, Config, KeyspaceEvents};
use crate::pubsub::{notify_changes, notify_key_miss, PubSub};
use crate::waiters::ServedPop;
use crate::{Mailbox, ProcessInfo, Stats, Waiters, WatchedKeys};

/// What the server remembers of a connected client, for others to see.
#[derive(Debug, Clone)]
pub struct ClientEntry {
    /// Its mailbox.
    pub mailbox: Mailbox,
}

/// Every connected client, by id.
#[derive(Debug, Default)]
pub struct Clients {
    by_id: Mutex<BTreeMap<u64, ClientEntry>>,
}

impl Clients {
    /// Registers a client that just connected.
    pub fn add(&self, id: u64, entry: ClientEntry) {
        self.lock().insert(id, entry);
    }

    /// Forgets a client that left.
    pub fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// How many clients are connected.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    /// The registry, locked.
    pub fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, ClientEntry>> {
        self.by_id.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Everything the connections share.
pub struct Shared {
    /// The databases.
    pub db: Db,
    /// The settings. Lock it after the databases, never before.
    pub config: Mutex<Config>,
    /// `maxclients`, where the accept loop reads it without a lock.
    pub max_clients: Arc<AtomicUsize>,
    /// The counters.
    pub stats: Stats,
    /// The connected clients.
    pub clients: Clients,
    /// Clients waiting for keys.
    pub waiters: Waiters,
    /// Keys watched by `WATCH`, and who saw one modified.
    pub watched_keys: WatchedKeys,
    /// The subscriptions of every client.
    pub pubsub: PubSub,
    /// Whether `notify-keyspace-events` enables anything, where a read that misses can test it
    /// without a lock.
    pub notifying: AtomicBool,
    /// When the server started, for `INFO`'s uptime.
    pub started: std::time::Instant,
    /// The process's port, limits and allocator, as the binary set them (`INFO`).
    pub process: ProcessInfo,
}

impl Shared {
    /// A server with the default settings and 16 empty databases.
    pub fn new() -> Arc<Shared> {
        Arc::new(Shared::with_config(Config::new()))
    }

    /// A server with these settings, and as many empty databases as they say.
    pub fn with_config(config: Config) -> Shared {
        let db = Db::with_databases(config.databases());
        let max_clients = Arc::new(AtomicUsize::new(config.maxclients()));
        let notifying = config.notify_keyspace_events() != KeyspaceEvents::NONE;
        for keyspace in db.lock().iter_mut() {
            keyspace.observe_everything(notifying);
        }
        Shared {
            db,
            config: Mutex::new(config),
            max_clients,
            stats: Stats::default(),
            clients: Clients::default(),
            waiters: Waiters::default(),
            watched_keys: WatchedKeys::default(),
            pubsub: PubSub::default(),
            notifying: AtomicBool::new(notifying),
            started: std::time::Instant::now(),
            process: ProcessInfo::default(),
        }
    }

    /// After a command whose name is not known (changes made in the background, such as
    /// active expiry): [`Shared::after_command_named`] with no name, so its writes are not
    /// published, but its deletions and expiries are.
    pub fn after_command(&self, databases: &mut Databases) {
        self.after_command_named("", databases);
    }

    /// A read did not find `key` in database `db`: the `keymiss` event, if enabled (class `m`).
    pub fn key_missed(&self, db: usize, key: &[u8]) {
        if !self.notifying.load(Ordering::Relaxed) {
            return;
        }
        let flags = self.config().notify_keyspace_events();
        if flags.publishes(KeyspaceEvents::KEY_MISS) {
            notify_key_miss(&self.pubsub, flags, db, key);
        }
    }

    /// After `command` (lower case, as in the command table): hands the changes it made to
    /// whoever listens ([`Shared::hand_over_changes`]), then serves the clients blocked on keys
    /// that now hold something (`BLPOP`). Runs under the same lock as the command, so nobody
    /// sees the change before its listeners hear of it.
    ///
    /// Serving a blocked client writes too (its pop; a `BLMOVE` pushes to another list, which
    /// may serve another client), so this goes round until nothing more changes.
    pub fn after_command_named(&self, command: &str, databases: &mut Databases) {
        self.hand_over_changes(command, databases);
        while self.waiters.has_ready() && self.waiters.serve_ready(databases) {
            let served = self.waiters.take_served();
            self.hand_over_served_changes(&served, databases);
        }
    }

    /// Hands the changes logged since the last call to whoever listens, and serves nobody yet:
    /// blocked clients' keys are marked ready (`EXEC` calls this after each queued command, and
    /// the waiters are served once the whole transaction has run), watchers learn that their
    /// keys changed (`WATCH`), and keyspace notifications are published, named by `command`'s
    /// row in the event table.
    pub fn hand_over_changes(&self, command: &str, databases: &mut Databases) {
        let logs = self.take_changes(databases);
        if !logs.is_empty() {
            let flags = self.config().notify_keyspace_events();
            notify_changes(&self.pubsub, flags, command, &logs);
        }
    }

    /// [`Shared::hand_over_changes`] for a round of blocked clients served: each client's pop
    /// is published under its own row, in the order they were served, as Redis publishes each
    /// pop as it serves it (a `BLPOP` and a `BRPOP` served by one push: `lpop`, then `rpop`).
    fn hand_over_served_changes(&self, served: &[ServedPop], databases: &mut Databases) {
        let logs = self.take_changes(databases);
        if logs.is_empty() {
            return;
        }
        let flags = self.config().notify_keyspace_events();
        // Cut each database's log where each of its served clients' changes start, from the
        // last one back.
        let mut pops: Vec<(usize, Vec<Change>)> = vec![(0, Vec::new()); served.len()];
        for (db, mut changes) in logs {
            for (index, pop) in served.iter().enumerate().rev() {
                if pop.db == db {
                    pops[index] = (db, changes.split_off(pop.start.min(changes.len())));
                }
            }
            // What is left came before the first pop there (a key found expired): no name.
            if !changes.is_empty() {
                notify_changes(&self.pubsub, flags, "", &[(db, changes)]);
            }
        }
        for (pop, log) in served.iter().zip(&pops) {
            if !log.1.is_empty() {
                let log = std::slice::from_ref(log);
                notify_changes(&self.pubsub, flags, pop.events, log);
            }
        }
    }

    /// Drains every database's change log: blocked clients' keys are marked ready and watchers
    /// told. Returns the logs, each with its database's number, if notifications are on.
    fn take_changes(&self, databases: &mut Databases) -> Vec<(usize, Vec<Change>)> {
        // With notifications off, the logs hold only observed keys (WATCH, BLPOP): no events,
        // so no settings to lock and no logs to keep.
        let notifying = self.notifying.load(Ordering::Relaxed);
        let mut logs = Vec::new();
        for (index, keyspace) in databases.iter_mut().enumerate() {
            if !keyspace.has_changes() {
                continue;
            }
            let changes = keyspace.take_changes();
            // A created key's `Created` is followed by the write that created it: one is enough.
            for change in changes.iter().filter(|c| c.kind != ChangeKind::Created) {
                self.waiters.key_changed(index, &change.key);
                self.watched_keys.key_changed(index, &change.key);
            }
            if notifying {
                logs.push((index, changes));
            }
        }
        logs
    }
}

impl Default for Shared {
    fn default() -> Shared {
        Shared::with_config(Config::new())
    }
}

impl Shared {
    /// The settings, locked.
    pub fn config(&self) -> MutexGuard<'_, Config> {
        self.config.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Acts on settings that just changed: the ones the server reads outside `Config`.
    pub fn apply_config(&self, databases: &mut Databases, changed: &[&str]) {
        let config = self.config();
        for name in changed {
            match *name {
                "maxclients" => self
                    .max_clients
                    .store(config.maxclients(), Ordering::Relaxed),
                "client-output-buffer-limit" => {
                    // Every connected client's mailbox, as Redis applies a new limit at once.
                    let limit = config
                        .client_output_buffer_limit(ClientClass::Pubsub)
                        .into();
                    for client in self.clients.lock().values() {
                        client.mailbox.set_limit(limit);
                    }
                }
                "notify-keyspace-events" => {
                    let on = config.notify_keyspace_events() != KeyspaceEvents::NONE;
                    self.notifying.store(on, Ordering::Relaxed);
                    for keyspace in databases.iter_mut() {
                        keyspace.observe_everything(on);
                    }
                }
                _ => {}
            }
        }
    }
}
