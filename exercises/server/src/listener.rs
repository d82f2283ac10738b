//! The accept loop: one tokio task per client.
//!
//! Why tasks and not threads? A thread per client costs megabytes of stack and a kernel context
//! switch; ten thousand idle clients would be ten thousand threads. A tokio task costs a few
//! hundred bytes, and one thread (our binary's `current_thread` runtime) or a handful of worker
//! threads run all of them: a task that waits for its socket gives its thread to another task.
//! Redis gets the same effect with one thread and an event loop (`src/ae.c`); tokio is that
//! event loop, plus threads if you want them.
//!
//! Shutdown uses two tools from `tokio-util`:
//! - a [`CancellationToken`]: cancelling it tells the accept loop and every connection to stop;
//! - a [`TaskTracker`]: it knows every connection task, so we can wait for them to finish.

use std::io;
use std::net::SocketAddr;

use tokio::net::{TcpListener, ToSocketAddrs};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::{reject_over_limit, serve_connection, ConnectionLimit, Handler, DEFAULT_MAX_CLIENTS};

/// A bound server, not yet accepting.
pub struct Server {
    listener: TcpListener,
    limit: ConnectionLimit,
    shutdown: CancellationToken,
    tracker: TaskTracker,
}

impl Server {
    /// Binds `addr`. Use port 0 to let the OS pick a free port (tests do), then ask
    /// [`Server::local_addr`] which one it picked.
    pub async fn bind(addr: impl ToSocketAddrs) -> io::Result<Server> {
        // @step 1: Server::bind — open the listening socket
        // 1. `TcpListener::bind(addr).await?` asks the OS for the port (this is where "address
        //    already in use" comes from).
        // 2. Build the `Server`: a `ConnectionLimit::new(DEFAULT_MAX_CLIENTS)`, a new
        //    `CancellationToken` and a new `TaskTracker`.
        todo!("step 1: Server::bind — open the listening socket")
    }

    /// The address actually bound, with the real port if 0 was asked for. Pre-written.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Replaces the connection limit. Pre-written.
    pub fn with_max_clients(mut self, max_clients: usize) -> Server {
        self.limit = ConnectionLimit::new(max_clients);
        self
    }

    /// Replaces the connection limit with one that can change while the server runs. Pre-written.
    pub fn with_limit(mut self, limit: ConnectionLimit) -> Server {
        self.limit = limit;
        self
    }

    /// The token that stops this server when cancelled. Pre-written.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Accepts clients until shutdown, serving each in its own task with a handler from
    /// `new_handler`. Returns once shutdown was asked for and every connection has finished.
    pub async fn run<H, F>(self, mut new_handler: F)
    where
        H: Handler,
        F: FnMut() -> H,
    {
        // @step 1: Server::run — accept clients until shutdown, one task each
        // 1. Loop on `tokio::select!` over `self.shutdown.cancelled()` (leave the loop) and
        //    `self.listener.accept()`. Each branch is `pattern = future => expression`, as in
        //    `_ = self.shutdown.cancelled() => break,` (chapter 1 shows the whole `select!`).
        // 2. An accept error (say, out of file descriptors) must not end the server: log it with
        //    `tracing::warn!(%error, "accept failed")` and go on.
        // 3. `self.limit.try_admit()`: no permit means one client too many; spawn
        //    `reject_over_limit(stream)` on `self.tracker` and go on.
        // 4. Otherwise `self.tracker.spawn` a task that keeps the permit alive and runs
        //    `serve_connection(stream, new_handler(), self.shutdown.clone())`, logging an error
        //    with `tracing::debug!` (a client vanishing is normal, not a server problem).
        // 5. After the loop: `self.tracker.close()` and `self.tracker.wait().await`.
        todo!("step 1: Server::run — accept clients until shutdown, one task each")
    }
}
