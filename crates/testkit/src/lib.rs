//! The step tests' toolkit: talk to a server over real TCP and grade its exact bytes.
//!
//! It knows nothing of the learner's code (it cannot: it is compiled against both trees), only
//! bytes on a socket. Three things make a failing test useful rather than merely red:
//!
//! 1. **Exact bytes, nothing extra.** [`RawClient::expect`] compares the reply byte for byte and
//!    fails if more bytes than the expected reply have already arrived.
//! 2. **No hangs.** Every wait is bounded by [`REPLY_TIMEOUT`]: a missing reply fails the test in
//!    2 seconds with what did arrive, instead of hanging the suite. A wait can only time out while
//!    the runtime runs, though, and code that loops without ever awaiting (a stub's `loop` that
//!    never ends) stops it. For that, [`arm_hang_watchdog`] ends the test binary, saying why,
//!    once a test has run for [`TEST_DEADLINE`].
//! 3. **Stub panics are named.** When a `todo!()` panics inside a server task, tokio catches the
//!    panic and the client just sees a closed socket. [`watch_for_stub_panics`] installs a panic
//!    hook that records the message on the thread that panicked. The step tests run the server on
//!    the test's own single-threaded runtime, so every wait here can check that record and fail
//!    with the stub's own message: "the server panicked: not yet implemented: step 3: ...".
//!
//! [`process`] starts server processes (our binary, or a real `redis-server` to compare with)
//! for the reference's end-to-end tests.

pub mod process;

use std::cell::RefCell;
use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Once;
use std::time::Duration;

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest any test waits for a reply.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(2);

/// The longest a step test may run in all. They take milliseconds; this is for a stuck one.
pub const TEST_DEADLINE: Duration = Duration::from_secs(10);

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// While this test's thread lives, the sending half of its watchdog's channel. The thread's
    /// end (the test passed or panicked) drops it, which tells the watchdog to stand down.
    static WATCHDOG: RefCell<Option<mpsc::Sender<()>>> = const { RefCell::new(None) };
}

/// Arms a watchdog for the test running on this thread: if the test is still running after
/// [`TEST_DEADLINE`], it prints which test and why, and ends the test binary. Libtest runs each
/// test on a thread of its own, so the watchdog stands down when that thread ends. Calling it
/// again in the same test does nothing.
pub fn arm_hang_watchdog() {
    WATCHDOG.with(|watchdog| {
        let mut watchdog = watchdog.borrow_mut();
        if watchdog.is_some() {
            return;
        }
        let (alive, test_ended) = mpsc::channel::<()>();
        let test = std::thread::current()
            .name()
            .unwrap_or("a test")
            .to_string();
        std::thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = test_ended.recv_timeout(TEST_DEADLINE) {
                // Straight to the stream: libtest captures `eprintln!` and would lose it on exit.
                let _ = writeln!(
                    std::io::stderr(),
                    "\ntest {test} is still running after {TEST_DEADLINE:?}: something loops \
                     without ever finishing or awaiting (a `loop` or `while` whose exit is never \
                     reached?). Stopping the test binary here rather than hanging."
                );
                std::process::exit(101);
            }
        });
        *watchdog = Some(alive);
    });
}

/// Installs (once per process) the panic hook that remembers each thread's last panic.
pub fn watch_for_stub_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            let place = info
                .location()
                .map(|location| format!(" (at {}:{})", location.file(), location.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{place}")));
            default_hook(info);
        }));
    });
}

/// The last panic recorded on this thread, if any, taking it.
pub fn take_server_panic() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// Fails the test naming the server's panic, if there was one.
pub fn fail_if_server_panicked(while_doing: &str) {
    if let Some(panic) = take_server_panic() {
        panic!("the server panicked while {while_doing}: {panic}");
    }
}

/// Runs `future` for at most [`REPLY_TIMEOUT`]. If the server panics meanwhile, fails naming the
/// panic; if time runs out, fails saying what was being waited for.
pub async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    watch_for_stub_panics();
    let watch = async {
        loop {
            tokio::time::sleep(Duration::from_millis(5)).await;
            if let Some(panic) = take_server_panic() {
                return panic;
            }
        }
    };
    tokio::select! {
        output = future => output,
        panic = watch => panic!("the server panicked while {what}: {panic}"),
        _ = tokio::time::sleep(REPLY_TIMEOUT) => {
            fail_if_server_panicked(what);
            panic!("timed out after {REPLY_TIMEOUT:?} {what}");
        }
    }
}

/// A RESP request: an array of bulk strings, encoded here by hand so that sending never depends
/// on the learner's encoder.
pub fn command(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", parts.len()).into_bytes();
    for part in parts {
        out.extend_from_slice(format!("${}\r\n", part.len()).as_bytes());
        out.extend_from_slice(part);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Shows bytes the way a test failure should: `+OK\r\n`, with escapes.
pub fn show(bytes: &[u8]) -> String {
    format!("\"{}\"", bytes.escape_ascii())
}

/// A client that sends raw bytes and checks raw replies.
pub struct RawClient {
    stream: TcpStream,
    received: BytesMut,
}

impl RawClient {
    /// Connects to `addr`.
    pub async fn connect(addr: SocketAddr) -> RawClient {
        let stream = within(&format!("connecting to {addr}"), TcpStream::connect(addr))
            .await
            .unwrap_or_else(|error| panic!("cannot connect to {addr}: {error}"));
        RawClient {
            stream,
            received: BytesMut::new(),
        }
    }

    /// Sends bytes as they are.
    pub async fn send(&mut self, bytes: &[u8]) {
        within("sending a request", self.stream.write_all(bytes))
            .await
            .unwrap_or_else(|error| panic!("cannot send {}: {error}", show(bytes)));
    }

    /// Reads more bytes into the buffer. Returns how many (0: the server closed the connection).
    async fn read_more(&mut self, what: &str) -> usize {
        let read = within(what, self.stream.read_buf(&mut self.received)).await;
        read.unwrap_or(0)
    }

    /// Waits for exactly `expected` and fails with `why` (what Redis does and why) if the bytes
    /// differ, if the reply is cut short, or if anything beyond it has already arrived.
    pub async fn expect(&mut self, expected: &[u8], why: &str) {
        let what = format!("waiting for {} ({why})", show(expected));
        while self.received.len() < expected.len() {
            let so_far = self.received.len();
            if !expected.starts_with(&self.received[..so_far]) {
                break;
            }
            if self.read_more(&what).await == 0 {
                fail_if_server_panicked(&what);
                panic!(
                    "{why}\n  expected: {}\n  but the server closed the connection after {}",
                    show(expected),
                    show(&self.received)
                );
            }
        }
        let got = &self.received[..expected.len().min(self.received.len())];
        assert!(
            got == expected,
            "{why}\n  expected: {}\n       got: {}",
            show(expected),
            show(&self.received)
        );
        let extra = self.received.split_off(expected.len());
        assert!(
            extra.is_empty(),
            "{why}\n  expected exactly {}, but it was followed by {}",
            show(expected),
            show(&extra)
        );
        self.received.clear();
    }

    /// Sends `request` and expects `reply`.
    pub async fn round_trip(&mut self, request: &[u8], reply: &[u8], why: &str) {
        self.send(request).await;
        self.expect(reply, why).await;
    }

    /// Sends `parts` as a RESP command and expects `reply`.
    pub async fn command(&mut self, parts: &[&[u8]], reply: &[u8], why: &str) {
        self.round_trip(&command(parts), reply, why).await;
    }

    /// Expects the server to close the connection, with nothing more sent first.
    pub async fn expect_closed(&mut self, why: &str) {
        let what = format!("waiting for the server to close the connection ({why})");
        let read = self.read_more(&what).await;
        assert!(
            read == 0,
            "{why}\n  expected the connection to be closed, but got {}",
            show(&self.received)
        );
    }

    /// Waits `wait` and checks that nothing arrived meanwhile.
    pub async fn expect_silence(&mut self, wait: Duration, why: &str) {
        let read = tokio::time::timeout(wait, self.stream.read_buf(&mut self.received)).await;
        fail_if_server_panicked(why);
        match read {
            // Silence: what we wanted.
            Err(_elapsed) => {}
            Ok(Ok(0)) => panic!(
                "{why}\n  expected the server to wait for the rest, but it closed the connection"
            ),
            Ok(Ok(_)) => panic!(
                "{why}\n  expected nothing yet, got {}",
                show(&self.received)
            ),
            Ok(Err(error)) => panic!("{why}\n  expected nothing yet, but reading failed: {error}"),
        }
    }

    /// Reads until `count` bytes have arrived (or the server closes), and returns them.
    pub async fn read_bytes(&mut self, count: usize, why: &str) -> Vec<u8> {
        while self.received.len() < count {
            if self.read_more(why).await == 0 {
                fail_if_server_panicked(why);
                panic!(
                    "{why}: the server closed the connection after {} of {count} bytes",
                    self.received.len()
                );
            }
        }
        self.received.split_to(count).to_vec()
    }

    /// Closes the connection from this side.
    pub async fn close(mut self) {
        let _ = self.stream.shutdown().await;
    }
}

/// A `redis` crate connection, the way an application talks to Redis.
pub async fn redis_connection(addr: SocketAddr) -> redis::aio::MultiplexedConnection {
    let client = redis::Client::open(format!("redis://{addr}"))
        .unwrap_or_else(|error| panic!("bad address {addr}: {error}"));
    let connected = within(
        "connecting with the redis crate",
        client.get_multiplexed_async_connection(),
    )
    .await;
    fail_if_server_panicked("connecting with the redis crate");
    connected.unwrap_or_else(|error| panic!("the redis crate could not connect to {addr}: {error}"))
}

/// Sends one command with the redis crate and returns its reply, bounded in time and with a
/// server panic named.
pub async fn query<T: redis::FromRedisValue>(
    connection: &mut redis::aio::MultiplexedConnection,
    cmd: &redis::Cmd,
) -> redis::RedisResult<T> {
    let name = match cmd.args_iter().next() {
        Some(redis::Arg::Simple(name)) => String::from_utf8_lossy(name).into_owned(),
        _ => "a command".to_string(),
    };
    let what = format!("waiting for the reply to {name}");
    let result = within(&what, cmd.query_async(connection)).await;
    fail_if_server_panicked(&what);
    result
}
