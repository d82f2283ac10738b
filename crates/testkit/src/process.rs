//! Server processes for the reference's end-to-end tests: our binary, or a real `redis-server`
//! to compare it with, each on a free loopback port.
//!
//! A [`ServerProcess`] is started, waited for until it accepts connections, and killed when
//! dropped, so a failing test never leaves a server behind. Blocking std code, usable from any
//! test, async or not.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The longest a server may take to start accepting connections.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(10);

/// A port that was free on 127.0.0.1 a moment ago (the OS picked it; we released it).
pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free loopback port")
}

/// A running server, killed (and reaped) when dropped.
pub struct ServerProcess {
    /// What it is, for messages: "redis-server", "solutions".
    pub name: String,
    /// Where it listens.
    pub addr: SocketAddr,
    child: Child,
}

impl ServerProcess {
    /// Runs `make(port)` on a free port and waits until it accepts connections. If it exits
    /// before that (the port was taken in between), tries again with another port.
    pub fn start(name: &str, make: impl Fn(u16) -> Command) -> ServerProcess {
        let mut last_error = String::new();
        for _attempt in 0..3 {
            let port = free_port();
            let mut command = make(port);
            command
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let child = match command.spawn() {
                Ok(child) => child,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => panic!(
                    "`{name}` was not found: {error}. For redis-server, install Redis 7 \
                     (`sudo apt-get install redis-server`; CI installs it) or name the binary in \
                     $REDIS_SERVER."
                ),
                Err(error) => panic!("cannot start {name}: {error}"),
            };
            let mut server = ServerProcess {
                name: name.to_string(),
                addr: SocketAddr::from(([127, 0, 0, 1], port)),
                child,
            };
            let started = Instant::now();
            loop {
                if TcpStream::connect(server.addr).is_ok() {
                    return server;
                }
                if let Ok(Some(status)) = server.child.try_wait() {
                    last_error = format!("{name} exited during start-up on port {port}: {status}");
                    break;
                }
                assert!(
                    started.elapsed() < STARTUP_TIMEOUT,
                    "{name} did not accept connections on port {port} within {STARTUP_TIMEOUT:?}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        panic!("{last_error}");
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The process, to signal it or wait for it.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The `redis-server` program: `$REDIS_SERVER`, or `redis-server` from the PATH.
pub fn redis_server_program() -> String {
    std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".to_string())
}

/// A real `redis-server` on a free port, bound to 127.0.0.1, with no persistence, plus
/// `extra_args` (e.g. `["--maxclients", "3"]`).
pub fn start_redis_server(extra_args: &[&str]) -> ServerProcess {
    let program = redis_server_program();
    ServerProcess::start("redis-server", |port| {
        let mut command = Command::new(&program);
        command
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .args(extra_args);
        command
    })
}
