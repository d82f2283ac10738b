//! What a command runs with: the locked databases, its client's session, the shared services.
//!
//! The caller takes the lock, once, and hands the guard to the command inside a [`Context`]. A
//! command never locks anything itself. That is what lets a transaction run a whole queue of
//! commands under one guard, and what makes every command atomic.
//!
//! How real Redis does it: every command gets the `client *c`, which points to its selected
//! `redisDb` (`c->db`) and through the global `server` to everything else.

use store::{Databases, Keyspace};

use crate::{Session, Shared};

/// Everything a command may use while it runs.
pub struct Context<'a> {
    /// Every database, locked for this command.
    pub databases: &'a mut Databases,
    /// The client that sent the command.
    pub session: &'a mut Session,
    /// What every connection shares: settings, statistics, the registry of clients.
    pub shared: &'a Shared,
}

impl Context<'_> {
    /// The database the client has selected.
    pub fn keyspace(&mut self) -> &mut Keyspace {
        &mut self.databases[self.session.db]
    }

    /// Names this call's keyspace events after `row` of the event table (`pubsub/events.rs`)
    /// instead of the command's own row: for the commands whose events depend on their
    /// arguments (`LMOVE src dst RIGHT LEFT` pushes with `lpush` and pops with `rpop`).
    pub fn name_events_as(&mut self, row: &'static str) {
        self.session.events_as = Some(row);
    }

    /// Counts a read of `key` as a hit or a miss, for `INFO`'s `keyspace_hits` and
    /// `keyspace_misses` (Redis counts them in `lookupKeyRead`); a miss is also the `keymiss`
    /// keyspace event.
    pub fn count_read(&mut self, key: &[u8]) {
        if !self.count_read_quietly(key) {
            self.shared.key_missed(self.session.db, key);
        }
    }

    /// [`Context::count_read`] without the `keymiss` event, as `OBJECT` reads (Redis's
    /// `LOOKUP_NONOTIFY`). Returns whether the key was there.
    pub fn count_read_quietly(&mut self, key: &[u8]) -> bool {
        let hit = self.databases[self.session.db].exists(key);
        self.shared.stats.count_read(hit);
        hit
    }
}
