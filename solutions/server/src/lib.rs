//! The TCP server.
//!
//! - [`Server`] binds a port and accepts clients, one tokio task each (`listener.rs`).
//! - [`serve_connection`] is one client's loop: read, answer, write (`connection.rs`).
//! - [`Handler`] is what turns bytes read into bytes to write (`handler.rs`). The server knows
//!   nothing of RESP: that is why step 1 can be tested with a handler of the test's own, before
//!   any RESP exists.
//! - [`RespHandler`] is the real one: RESP requests in, command replies out (`resp_handler.rs`).
//! - [`ConnectionLimit`] caps the number of clients (`limit.rs`).
//! - [`BusyPoll`] and [`Polled`] keep the thread polling for a moment before it sleeps
//!   (`busy_poll.rs`); the binary uses them, the step tests do not.
//! - [`EndOfTurn`] holds a connection's replies until the other ready connections have run, and
//!   the binary's replies go out together, as Redis writes them (`end_of_turn.rs`).
//! - [`Metered`] counts each client's bytes in and out for `INFO` (`traffic.rs`); the binary
//!   uses it, the step tests do not.
//! - [`cli`] is the binary's command line, logging and shutdown (`cli.rs`).

mod busy_poll;
pub mod cli;
mod connection;
mod end_of_turn;
mod handler;
mod limit;
mod listener;
mod resp_handler;
mod traffic;

pub use busy_poll::{BusyPoll, Polled};
pub use connection::{serve_connection, MAX_QUERY_BUFFER, READ_CHUNK};
pub use end_of_turn::EndOfTurn;
pub use handler::{Flow, Handler};
pub use limit::{reject_over_limit, ConnectionLimit, ConnectionPermit, DEFAULT_MAX_CLIENTS};
pub use listener::Server;
pub use resp_handler::RespHandler;
pub use traffic::Metered;
