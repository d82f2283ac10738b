//! A client leaves: whatever its connection held in the shared state goes with it.
//!
//! A connection can end in many ways (the client closes it, `QUIT`, `CLIENT KILL`, an output
//! buffer past its limit, shutdown), and all of them end here, once, from the connection's
//! handler being dropped. What a client may leave behind: its entry in the registry of clients,
//! its wait in a blocking command (a push must not serve a client that is gone), its
//! subscriptions (a message published later must not be queued for nobody), and its watched keys
//! (a key it watched must not keep a record of it).
//!
//! How real Redis does it: `freeClient` in `src/networking.c` (`unwatchAllKeys`,
//! `pubsubUnsubscribeAllChannels`, `unlinkClient`).

use crate::{Context, Session, Shared};

/// The client is leaving, however its connection ended: it leaves the registry of clients, and
/// its subscriptions, transaction and watches go with it, so that it leaves nothing behind.
pub fn disconnect(shared: &Shared, session: &mut Session) {
    shared.clients.remove(session.id);
    if std::thread::panicking() {
        // The connection's task is unwinding from a panic (a stub's `todo!()`, in the workshop):
        // a second panic here, in code the rest calls, would abort the whole server.
        return;
    }
    if session.blocked {
        // A client that leaves while it waits in BLPOP leaves no waiter behind.
        let mut databases = shared.db.lock();
        shared.waiters.stop_waiting(&mut databases, session.id);
    }
    if session.subscriptions.count() > 0 {
        crate::cmd::unsubscribe_all(shared, session);
    }
    if session.transaction.watched.is_empty() {
        return; // Most clients never watch: no lock to take.
    }
    let mut databases = shared.db.lock();
    Context {
        databases: &mut databases,
        session,
        shared,
    }
    .unwatch_all();
}
