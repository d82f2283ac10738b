//! The connection limit.
//!
//! Every connection costs a task, two buffers and a file descriptor. Past a limit, a new client
//! gets Redis's error and is disconnected, instead of the server running out of descriptors and
//! failing everyone. A semaphore counts the connections: a connection holds a permit for its
//! whole life, and dropping the permit (when the task ends, however it ends) frees the place.
//!
//! Pre-written. How real Redis does it: `acceptCommonHandler` in `src/networking.c`, with the
//! `maxclients` setting (10000 by default).

use std::sync::Arc;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Redis's default `maxclients`.
pub const DEFAULT_MAX_CLIENTS: usize = 10_000;

/// At most this many connections at once.
#[derive(Debug, Clone)]
pub struct ConnectionLimit {
    permits: Arc<Semaphore>,
}

impl ConnectionLimit {
    /// A limit of `max_clients` connections.
    pub fn new(max_clients: usize) -> ConnectionLimit {
        ConnectionLimit {
            permits: Arc::new(Semaphore::new(max_clients)),
        }
    }

    /// A place for one more connection, or `None` if all are taken. Keep the permit alive for as
    /// long as the connection is open.
    pub fn try_admit(&self) -> Option<OwnedSemaphorePermit> {
        self.permits.clone().try_acquire_owned().ok()
    }
}

/// Tells a client it is one too many, as Redis does, and closes the connection.
pub async fn reject_over_limit(mut stream: TcpStream) {
    let _ = stream
        .write_all(b"-ERR max number of clients reached\r\n")
        .await;
}
