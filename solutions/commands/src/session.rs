//! Per-connection state.
//!
//! Most commands only need the keyspace, but some belong to the *connection*: `SELECT` picks its
//! database, `CLIENT SETNAME` names it, `QUIT` ends it, `MULTI` starts queueing its commands.
//! Later chapters add more here: the channels of a subscriber. The server keeps one `Session` per
//! connection and hands it to every command it runs.

use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use tokio::time::Instant;

use crate::pubsub::Subscriptions;
use crate::{Mailbox, Transaction};

/// The next client id. Redis numbers its clients from 1, in the order they connect.
static NEXT_CLIENT_ID: AtomicU64 = AtomicU64::new(1);

/// What the server remembers about one client connection.
#[derive(Debug)]
pub struct Session {
    /// `CLIENT ID`: unique for the life of the server.
    pub id: u64,
    /// `CLIENT SETNAME` / `CLIENT GETNAME`.
    pub name: Option<Bytes>,
    /// The database this client works in: `SELECT` changes it.
    pub db: usize,
    /// The protocol version the client speaks: 2 (RESP2) until `HELLO 3`.
    pub protocol: u8,
    /// Set by `QUIT`: the server closes the connection once the reply is written.
    pub closing: bool,
    /// What other clients hand to this one (`mailbox.rs`).
    pub mailbox: Mailbox,
    /// When the client connected.
    pub connected_at: Instant,
    /// While the client waits (`BLPOP`): until when, if there is a timeout. The connection wakes
    /// at this instant even if nothing arrives in the mailbox.
    pub wait_deadline: Option<Instant>,
    /// True while `EXEC` runs this client's queued commands: a blocking command (`BLPOP`) then
    /// answers at once, as if its timeout had passed, because a transaction cannot wait.
    pub in_exec: bool,
    /// The `MULTI` queue and the watched keys (`transaction.rs`).
    pub transaction: Transaction,
    /// The channels and patterns this client subscribed to. While there is one, a RESP2 client
    /// is in subscribed mode.
    pub subscriptions: Subscriptions,
    /// True while the client waits in a blocking command (`BLPOP`): its connection sends no
    /// reply and reads no request until the wait ends (`blocking.rs`).
    pub blocked: bool,
    /// When this client's last command finished, while the connection answers one batch of
    /// requests: the next command's start for `INFO commandstats`, so that a pipelined batch
    /// reads the clock once per command, not twice. `None` at the start of each batch.
    pub last_command_end: Option<std::time::Instant>,
    /// The event-table row that names the running command's keyspace events, when the
    /// command chose one (`Context::name_events_as`); taken when its changes are handed over.
    pub events_as: Option<&'static str>,
}

impl Session {
    /// The state of a newly connected client.
    pub fn new() -> Session {
        Session {
            id: NEXT_CLIENT_ID.fetch_add(1, Ordering::Relaxed),
            name: None,
            db: 0,
            protocol: 2,
            closing: false,
            mailbox: Mailbox::default(),
            connected_at: Instant::now(),
            wait_deadline: None,
            in_exec: false,
            transaction: Transaction::default(),
            subscriptions: Subscriptions::default(),
            blocked: false,
            last_command_end: None,
            events_as: None,
        }
    }

    /// Names the client (`CLIENT SETNAME`, `HELLO ... SETNAME`). An empty name clears it, as
    /// Redis's `clientSetName` does for both commands.
    pub fn set_name(&mut self, name: Bytes) {
        self.name = (!name.is_empty()).then_some(name);
    }
}

impl Default for Session {
    fn default() -> Session {
        Session::new()
    }
}
