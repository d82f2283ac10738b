//! The server binary: flags, logging, start-up and a graceful Ctrl-C.
//!
//! Pre-written: the learner's `exercises` binary and the reference `solutions` binary both call
//! [`main`]; only their default port differs (6379 and 16379), so both can run side by side.
//!
//! The server binds 127.0.0.1 by default. It has no authentication, so listening on any other
//! address must be asked for with `--bind`, and it logs a warning when it is.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::error::ErrorKind;
use clap::Parser;
use std::sync::Arc;

use commands::config::{Config, Origin};
use commands::{AllocatorStatsFn, ProcessInfo, Shared};
use tracing_subscriber::EnvFilter;

use crate::{
    BusyPoll, ConnectionLimit, EndOfTurn, Metered, RespHandler, Server, DEFAULT_MAX_CLIENTS,
};

/// How long the server polls for more work before it sleeps, in microseconds (see
/// `busy_poll.rs`). 50 µs covers the pauses between a busy client's requests on this machine.
pub const DEFAULT_BUSY_POLL_US: u64 = 50;

/// A small Redis server, built step by step in the Mini-Redis workshop.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Cli {
    /// TCP port to listen on [default: 16379 for the reference server, 6379 for yours]
    #[arg(long, short)]
    pub port: Option<u16>,
    /// Address to listen on. Anything but a loopback address exposes an unauthenticated server.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Most clients connected at once; more are refused with Redis's error.
    #[arg(long, default_value_t = DEFAULT_MAX_CLIENTS)]
    pub max_clients: usize,
    /// After the last request, keep polling the sockets this many microseconds before sleeping
    /// (0: sleep at once). Trades CPU time for throughput; see docs/src/performance.md.
    #[arg(long, default_value_t = DEFAULT_BUSY_POLL_US)]
    pub busy_poll_us: u64,
}

/// Parses the flags, then serves until Ctrl-C. `default_port` is the binary's own;
/// `allocator_stats` reads its allocator's figures for `INFO memory`, if it can.
pub async fn main(default_port: u16, allocator_stats: AllocatorStatsFn) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            // clap's message is several lines; its first line says what is wrong.
            let rendered = error.to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("error: invalid arguments");
            eprintln!("{first} (see --help)");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    log_panics_in_one_line();

    let addr = SocketAddr::new(cli.bind, cli.port.unwrap_or(default_port));
    let server = match Server::bind(addr).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let addr = server.local_addr().unwrap_or(addr);
    if !addr.ip().is_loopback() {
        tracing::warn!(
            %addr,
            "listening beyond this machine: there is no authentication, anyone who can reach \
             this port can read and change every key"
        );
    }
    tracing::info!(%addr, "Mini-Redis is ready; try: redis-cli -p {}", addr.port());

    let mut config = Config::new();
    let port = server.local_addr().map_or(addr.port(), |addr| addr.port());
    let startup = [
        ("port", port.to_string()),
        ("maxclients", cli.max_clients.to_string()),
        ("bind", cli.bind.to_string()),
        // Nothing is saved to disk: say so, as `redis-server --save ''` would.
        ("save", String::new()),
    ];
    let pairs: Vec<(&[u8], &[u8])> = startup
        .iter()
        .map(|(name, value)| (name.as_bytes(), value.as_bytes()))
        .collect();
    if let Err(error) = config.set(&pairs, Origin::Startup) {
        eprintln!("error: {error}");
        return ExitCode::from(2);
    }
    let shared = Arc::new(Shared {
        process: ProcessInfo::new(port, cli.max_clients, allocator_stats),
        ..Shared::with_config(config)
    });
    let server = server.with_limit(ConnectionLimit::shared(shared.max_clients.clone()));
    let shutdown = server.shutdown_token();
    tokio::spawn(store::run_active_expiry(
        shared.db.clone(),
        shutdown.clone(),
    ));
    tokio::spawn(commands::pubsub::publish_background_changes(
        shared.clone(),
        shutdown.clone(),
    ));
    // Each connection's replies are held for the end of the turn until the server stops.
    let stopping = shutdown.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down: finishing the replies in flight");
        shutdown.cancel();
    });
    let busy_poll = BusyPoll::new();
    if cli.busy_poll_us > 0 {
        tokio::spawn(
            busy_poll
                .clone()
                .run(Duration::from_micros(cli.busy_poll_us)),
        );
    }
    // With no poller running, the watch only bumps a counter nobody reads.
    server
        .run(move || {
            let handler = Metered::new(RespHandler::new(shared.clone()), shared.clone());
            busy_poll.watch(EndOfTurn::new(handler, shared.clone(), stopping.clone()))
        })
        .await;
    tracing::info!("bye");
    ExitCode::SUCCESS
}

/// Logs a panic as one line that names where it happened, instead of the default report.
///
/// In the learner's server, every stub not written yet is a `todo!()` that panics when it is
/// reached: `Server::bind` at start-up (until step 1 is done, the server stops there), a
/// connection's stub when a client sends something (tokio catches a task's panic, so the server
/// carries on), and the active expiry task's stub a moment after start-up, until step 4. Each
/// becomes one log line such as `panicked at exercises/store/src/active_expiry.rs:121: not yet
/// implemented: step 4: run_active_expiry — ...`.
fn log_panics_in_one_line() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic");
        let place = info
            .location()
            .map(|location| format!(" at {}:{}", location.file(), location.line()))
            .unwrap_or_default();
        tracing::error!("panicked{place}: {message}");
    }));
}

/// Ctrl-C, or SIGTERM (what `kill` and service managers send).
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
