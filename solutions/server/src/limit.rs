//! The connection limit.
//!
//! Every connection costs a task, two buffers and a file descriptor. Past a limit, a new client
//! gets Redis's error and is disconnected, instead of the server running out of descriptors and
//! failing everyone. Two counters do it: how many connections are open, and the limit, which
//! `CONFIG SET maxclients` may change while the server runs. A connection holds a permit for its
//! whole life, and dropping the permit (when the task ends, however it ends) frees the place.
//!
//! Pre-written. How real Redis does it: `acceptCommonHandler` in `src/networking.c`, with the
//! `maxclients` setting (10000 by default).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// Redis's default `maxclients`.
pub const DEFAULT_MAX_CLIENTS: usize = 10_000;

/// At most `max` connections at once.
#[derive(Debug, Clone)]
pub struct ConnectionLimit {
    max: Arc<AtomicUsize>,
    open: Arc<AtomicUsize>,
}

/// One admitted connection's place; dropping it frees the place.
#[derive(Debug)]
pub struct ConnectionPermit {
    open: Arc<AtomicUsize>,
}

impl Drop for ConnectionPermit {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::Relaxed);
    }
}

impl ConnectionLimit {
    /// A limit of `max_clients` connections.
    pub fn new(max_clients: usize) -> ConnectionLimit {
        ConnectionLimit::shared(Arc::new(AtomicUsize::new(max_clients)))
    }

    /// A limit read from `max`, which someone else may change (`CONFIG SET maxclients`).
    pub fn shared(max: Arc<AtomicUsize>) -> ConnectionLimit {
        ConnectionLimit {
            max,
            open: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// A place for one more connection, or `None` if all are taken. Keep the permit alive for as
    /// long as the connection is open.
    pub fn try_admit(&self) -> Option<ConnectionPermit> {
        let open = self.open.fetch_add(1, Ordering::Relaxed);
        let permit = ConnectionPermit {
            open: Arc::clone(&self.open),
        };
        (open < self.max.load(Ordering::Relaxed)).then_some(permit)
    }
}

/// Tells a client it is one too many, as Redis does, and closes the connection.
pub async fn reject_over_limit(mut stream: TcpStream) {
    let _ = stream
        .write_all(b"-ERR max number of clients reached\r\n")
        .await;
}
