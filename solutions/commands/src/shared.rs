//! `Shared`: what every connection shares. The databases, and the services around them.
//!
//! - [`store::Db`]: the databases, behind the one lock a command runs under.
//! - [`Config`]: the settings, `CONFIG GET` and `CONFIG SET` (`config/`).
//! - [`Stats`]: the counters `INFO` reports.
//! - [`Clients`]: every connected client, for `CLIENT LIST`, `INFO clients` and for handing
//!   things to a client (its [`crate::Mailbox`]).
//! - [`Waiters`]: clients waiting for keys to receive values (`BLPOP`).
//! - [`ProcessInfo`]: what the binary knows of the process (port, allocator), for `INFO`.
//!
//! A handler holds an `Arc<Shared>`; cloning the `Arc` is how a new connection joins.
//!
//! How real Redis does it: the global `struct redisServer server` in `src/server.h`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use std::sync::atomic::{AtomicUsize, Ordering};

use store::{Databases, Db};

use crate::config::{Config, KeyspaceEvents};
use crate::{Mailbox, ProcessInfo, Stats, Waiters};

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
        Shared {
            db,
            config: Mutex::new(config),
            max_clients,
            stats: Stats::default(),
            clients: Clients::default(),
            waiters: Waiters::default(),
            started: std::time::Instant::now(),
            process: ProcessInfo::default(),
        }
    }

    /// After a command: hands the changes it made to whoever listens. Runs under the same lock
    /// as the command, so nobody sees the change before its listeners hear of it.
    ///
    /// Serving a blocked client writes too (its pop; a `BLMOVE` pushes to another list, which
    /// may serve another client), so this goes round until nothing more changes.
    pub fn after_command(&self, databases: &mut Databases) {
        loop {
            let mut changed = false;
            for index in 0..databases.count() {
                if !databases[index].has_changes() {
                    continue;
                }
                for change in databases[index].take_changes() {
                    changed = true;
                    self.waiters.key_changed(index, &change.key);
                }
            }
            if !changed || !self.waiters.serve_ready(databases) {
                break;
            }
        }
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
                "notify-keyspace-events" => {
                    let on = config.notify_keyspace_events() != KeyspaceEvents::NONE;
                    for keyspace in databases.iter_mut() {
                        keyspace.observe_everything(on);
                    }
                }
                _ => {}
            }
        }
    }
}
