//! The step tests' toolkit: talk to a server over real TCP and grade its exact bytes.
//!
//! It knows nothing of the learner's code (it cannot: it is compiled against both trees), only
//! bytes on a socket. Four things make a failing test useful rather than merely red:
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
//! 4. **Failures point at the test.** Every wait here returns a [`Checked`] future, which fails
//!    at the `.await` in the test, and the plain checks are `#[track_caller]`: the `file:line` of
//!    a failure is the test's line, not one of this file.
//!
//! [`process`] starts server processes (our binary, or a real `redis-server` to compare with)
//! for the reference's end-to-end tests, and [`python`] runs the tutorials' redis-py examples.

pub mod process;
pub mod python;

use std::cell::RefCell;
use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Once;
use std::task::{Context, Poll};
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

/// `Err` naming the server's panic, if there was one.
fn server_panic(while_doing: &str) -> Result<(), String> {
    match take_server_panic() {
        Some(panic) => Err(format!("the server panicked while {while_doing}: {panic}")),
        None => Ok(()),
    }
}

/// Fails the test naming the server's panic, if there was one.
#[track_caller]
pub fn fail_if_server_panicked(while_doing: &str) {
    if let Err(failure) = server_panic(while_doing) {
        panic!("{failure}");
    }
}

/// A wait of the test kit: awaiting it gives its value, or fails the test **at the `.await`**.
///
/// A failing check must name the line of the test that failed, not a line in here: that is the
/// line the learner reads. `#[track_caller]` does it for plain functions, but not for an
/// `async fn`, whose body runs later, polled by the runtime. So each helper below runs its work
/// as a future that ends in `Ok(value)` or `Err(what went wrong)`, and [`Checked::poll`], which
/// is `#[track_caller]`, turns an `Err` into the panic. The caller of `poll` is the `.await`
/// itself, so the panic names the test's file and line.
///
/// A helper built on these helpers passes failures on with [`Checked::outcome`] and `?`, and
/// returns a `Checked` of its own, so that its failures too point at the test.
#[must_use = "a Checked does nothing until it is awaited"]
pub struct Checked<'a, T> {
    work: Pin<Box<dyn Future<Output = Result<T, String>> + Send + 'a>>,
}

impl<'a, T> Checked<'a, T> {
    /// Wraps `work`, whose `Err` is the failure message.
    pub fn new(work: impl Future<Output = Result<T, String>> + Send + 'a) -> Checked<'a, T> {
        Checked {
            work: Box::pin(work),
        }
    }

    /// The outcome, without failing: `Err` holds the failure message.
    pub async fn outcome(self) -> Result<T, String> {
        self.work.await
    }
}

impl<T> Future for Checked<'_, T> {
    type Output = T;

    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match self.get_mut().work.as_mut().poll(cx) {
            Poll::Ready(Ok(value)) => Poll::Ready(value),
            Poll::Ready(Err(failure)) => panic!("{failure}"),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Runs `future` for at most [`REPLY_TIMEOUT`]. If the server panics meanwhile, fails naming the
/// panic; if time runs out, fails saying what was being waited for.
pub fn within<'a, T: Send + 'a>(
    what: &str,
    future: impl Future<Output = T> + Send + 'a,
) -> Checked<'a, T> {
    let what = what.to_string();
    Checked::new(async move { wait_for(&what, future).await })
}

async fn wait_for<T>(what: &str, future: impl Future<Output = T>) -> Result<T, String> {
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
        output = future => Ok(output),
        panic = watch => Err(format!("the server panicked while {what}: {panic}")),
        _ = tokio::time::sleep(REPLY_TIMEOUT) => {
            server_panic(what)?;
            Err(format!("timed out after {REPLY_TIMEOUT:?} {what}"))
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
///
/// Each method returns a [`Checked`]: `.await` it, and a failure names the test's line.
pub struct RawClient {
    stream: TcpStream,
    received: BytesMut,
}

impl RawClient {
    /// Connects to `addr`.
    pub fn connect(addr: SocketAddr) -> Checked<'static, RawClient> {
        Checked::new(async move {
            let what = format!("connecting to {addr}");
            let stream = wait_for(&what, TcpStream::connect(addr))
                .await?
                .map_err(|error| format!("cannot connect to {addr}: {error}"))?;
            Ok(RawClient {
                stream,
                received: BytesMut::new(),
            })
        })
    }

    /// Sends bytes as they are.
    pub fn send(&mut self, bytes: &[u8]) -> Checked<'_, ()> {
        let bytes = bytes.to_vec();
        Checked::new(async move { self.try_send(&bytes).await })
    }

    async fn try_send(&mut self, bytes: &[u8]) -> Result<(), String> {
        wait_for("sending a request", self.stream.write_all(bytes))
            .await?
            .map_err(|error| format!("cannot send {}: {error}", show(bytes)))
    }

    /// Reads more bytes into the buffer. Returns how many (0: the server closed the connection).
    async fn read_more(&mut self, what: &str) -> Result<usize, String> {
        let read = wait_for(what, self.stream.read_buf(&mut self.received)).await?;
        Ok(read.unwrap_or(0))
    }

    /// Waits for exactly `expected` and fails with `why` (what Redis does and why) if the bytes
    /// differ, if the reply is cut short, or if anything beyond it has already arrived.
    pub fn expect(&mut self, expected: &[u8], why: &str) -> Checked<'_, ()> {
        let (expected, why) = (expected.to_vec(), why.to_string());
        Checked::new(async move { self.try_expect(&expected, &why).await })
    }

    async fn try_expect(&mut self, expected: &[u8], why: &str) -> Result<(), String> {
        let what = format!("waiting for {} ({why})", show(expected));
        while self.received.len() < expected.len() {
            let so_far = self.received.len();
            if !expected.starts_with(&self.received[..so_far]) {
                break;
            }
            if self.read_more(&what).await? == 0 {
                server_panic(&what)?;
                return Err(format!(
                    "{why}\n  expected: {}\n  but the server closed the connection after {}",
                    show(expected),
                    show(&self.received)
                ));
            }
        }
        let got = &self.received[..expected.len().min(self.received.len())];
        if got != expected {
            return Err(format!(
                "{why}\n  expected: {}\n       got: {}",
                show(expected),
                show(&self.received)
            ));
        }
        let extra = self.received.split_off(expected.len());
        if !extra.is_empty() {
            return Err(format!(
                "{why}\n  expected exactly {}, but it was followed by {}",
                show(expected),
                show(&extra)
            ));
        }
        self.received.clear();
        Ok(())
    }

    /// Sends `request` and expects `reply`.
    pub fn round_trip(&mut self, request: &[u8], reply: &[u8], why: &str) -> Checked<'_, ()> {
        let (request, reply, why) = (request.to_vec(), reply.to_vec(), why.to_string());
        Checked::new(async move {
            self.try_send(&request).await?;
            self.try_expect(&reply, &why).await
        })
    }

    /// Sends `parts` as a RESP command and expects `reply`.
    pub fn command(&mut self, parts: &[&[u8]], reply: &[u8], why: &str) -> Checked<'_, ()> {
        self.round_trip(&command(parts), reply, why)
    }

    /// Expects the server to close the connection, with nothing more sent first.
    pub fn expect_closed(&mut self, why: &str) -> Checked<'_, ()> {
        let why = why.to_string();
        Checked::new(async move {
            let what = format!("waiting for the server to close the connection ({why})");
            let read = self.read_more(&what).await?;
            if read == 0 {
                Ok(())
            } else {
                Err(format!(
                    "{why}\n  expected the connection to be closed, but got {}",
                    show(&self.received)
                ))
            }
        })
    }

    /// Waits `wait` and checks that nothing arrived meanwhile.
    pub fn expect_silence(&mut self, wait: Duration, why: &str) -> Checked<'_, ()> {
        let why = why.to_string();
        Checked::new(async move {
            let read = tokio::time::timeout(wait, self.stream.read_buf(&mut self.received)).await;
            server_panic(&why)?;
            match read {
                // Silence: what we wanted.
                Err(_elapsed) => Ok(()),
                Ok(Ok(0)) => Err(format!(
                    "{why}\n  expected the server to wait for the rest, but it closed the connection"
                )),
                Ok(Ok(_)) => Err(format!(
                    "{why}\n  expected nothing yet, got {}",
                    show(&self.received)
                )),
                Ok(Err(error)) => Err(format!(
                    "{why}\n  expected nothing yet, but reading failed: {error}"
                )),
            }
        })
    }

    /// Reads until `count` bytes have arrived (or the server closes), and returns them.
    pub fn read_bytes(&mut self, count: usize, why: &str) -> Checked<'_, Vec<u8>> {
        let why = why.to_string();
        Checked::new(async move {
            while self.received.len() < count {
                if self.read_more(&why).await? == 0 {
                    server_panic(&why)?;
                    return Err(format!(
                        "{why}: the server closed the connection after {} of {count} bytes",
                        self.received.len()
                    ));
                }
            }
            Ok(self.received.split_to(count).to_vec())
        })
    }

    /// Closes the connection from this side.
    pub async fn close(mut self) {
        let _ = self.stream.shutdown().await;
    }
}

/// A `redis` crate connection, the way an application talks to Redis.
pub fn redis_connection(addr: SocketAddr) -> Checked<'static, redis::aio::MultiplexedConnection> {
    Checked::new(async move {
        let client = redis::Client::open(format!("redis://{addr}"))
            .map_err(|error| format!("bad address {addr}: {error}"))?;
        let what = "connecting with the redis crate";
        let connected = wait_for(what, client.get_multiplexed_async_connection()).await?;
        server_panic(what)?;
        connected.map_err(|error| format!("the redis crate could not connect to {addr}: {error}"))
    })
}

/// Sends one command with the redis crate and returns its reply, bounded in time and with a
/// server panic named.
pub fn query<'a, T: redis::FromRedisValue + Send + 'a>(
    connection: &'a mut redis::aio::MultiplexedConnection,
    cmd: &'a redis::Cmd,
) -> Checked<'a, redis::RedisResult<T>> {
    let name = match cmd.args_iter().next() {
        Some(redis::Arg::Simple(name)) => String::from_utf8_lossy(name).into_owned(),
        _ => "a command".to_string(),
    };
    Checked::new(async move {
        let what = format!("waiting for the reply to {name}");
        let result = wait_for(&what, cmd.query_async(connection)).await?;
        server_panic(&what)?;
        Ok(result)
    })
}
