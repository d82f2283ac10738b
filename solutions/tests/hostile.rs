//! Hostile input and load: the promises Redis makes to a server exposed to strangers, kept by ours.
//!
//! A workshop server ends up facing `nc`, fuzzers and load generators. Redis promises three
//! things, and so do we:
//!
//! 1. **A protocol error gets an error reply, then a closed connection.** Once a request is
//!    malformed the server cannot tell where the next one starts. Every limit Redis enforces
//!    (bulk length, element count, header and inline line length, nesting, number of clients) is
//!    checked here with Redis's exact reply, recorded from Redis 7.0.15;
//!    `redis_gives_the_same_replies` replays the same bytes against a real `redis-server` to prove
//!    the recorded replies right.
//! 2. **A claimed length costs nothing.** `$500000000\r\n` is 13 bytes, and the server must not
//!    reserve 500 MB for it.
//! 3. **One slow or broken client never stalls the rest.** A client that stalls mid-frame,
//!    vanishes mid-reply or sends garbage costs only its own connection.
//!
//! Each workload is an `async fn` taking the server's address, so it can run two ways:
//! - `cargo test -p solutions --test hostile`: every workload once, against a server started
//!   in this process (quick, a few seconds each).
//! - `cargo test --release -p solutions --test hostile -- --ignored`: against the real binary,
//!   with its resident memory read from `/proc/<pid>/status`: during a 500 MB declared bulk, and
//!   after each of six runs of every workload in a row against one server. Also the 1 GiB query
//!   buffer limit, too heavy for every `cargo test`.
//!
//! Everything stays on 127.0.0.1, and every loop and every wait is bounded in count and in time.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use predicates::prelude::PredicateBooleanExt as _;
use resp::Frame;
use testkit::process::start_redis_server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Barrier;
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

/// No single wait in these tests may take longer.
const PATIENCE: Duration = Duration::from_secs(10);
/// No workload may take longer (the budget is 30 s per test).
const WORKLOAD_BUDGET: Duration = Duration::from_secs(25);

// =============================================================================================
// Servers: in-process for the quick suite, the real binary for the memory suite.
// =============================================================================================

/// The reference server, started on a free loopback port in this process.
struct InProcessServer {
    addr: SocketAddr,
    /// What its connections share, for the tests that look inside (watched keys).
    shared: Arc<commands::Shared>,
    shutdown: CancellationToken,
    task: JoinHandle<()>,
}

impl InProcessServer {
    async fn start(max_clients: usize) -> InProcessServer {
        let server = server::Server::bind("127.0.0.1:0")
            .await
            .expect("bind a free loopback port")
            .with_max_clients(max_clients);
        let addr = server.local_addr().expect("the bound address");
        let shutdown = server.shutdown_token();
        let shared = commands::Shared::new();
        let handlers = shared.clone();
        let task = tokio::spawn(server.run(move || server::RespHandler::new(handlers.clone())));
        InProcessServer {
            addr,
            shared,
            shutdown,
            task,
        }
    }

    /// Shuts down and checks that every connection task finished in time.
    async fn stop(self) {
        self.shutdown.cancel();
        timeout(PATIENCE, self.task)
            .await
            .expect("the server must stop within 10 s of shutdown")
            .expect("the server task must not panic");
    }
}

/// The `solutions` binary, started on a free loopback port. Killed when dropped.
struct SpawnedServer {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl SpawnedServer {
    fn start(extra_args: &[&str]) -> SpawnedServer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_solutions"))
            .args(["--port", "0"])
            .args(extra_args)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the solutions binary");
        let stderr = child.stderr.take().expect("piped stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let log_writer = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                // "Mini-Redis is ready; try: redis-cli -p 43210 addr=127.0.0.1:43210"
                if let Some(port) = line
                    .split_once("redis-cli -p ")
                    .and_then(|(_, rest)| rest.split_whitespace().next())
                    .and_then(|port| port.parse::<u16>().ok())
                {
                    let _ = port_tx.send(port);
                }
                let mut log = log_writer.lock().expect("log lock");
                log.push_str(&line);
                log.push('\n');
            }
        });
        let port = match port_rx.recv_timeout(PATIENCE) {
            Ok(port) => port,
            Err(_) => {
                let _ = child.kill();
                panic!("the server did not say it was ready within 10 s");
            }
        };
        SpawnedServer {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            log,
        }
    }

    /// Resident memory, from `VmRSS` in `/proc/<pid>/status`, in bytes.
    fn resident_bytes(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("read /proc/<pid>/status");
        let kib: u64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("a VmRSS line");
        kib * 1024
    }

    fn log(&self) -> String {
        self.log.lock().expect("log lock").clone()
    }
}

impl Drop for SpawnedServer {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

const MIB: u64 = 1024 * 1024;

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / MIB as f64)
}

// =============================================================================================
// A raw client: bytes out, frames in. No client library, so nothing is hidden or repaired.
// =============================================================================================

struct Client {
    stream: TcpStream,
    input: BytesMut,
}

/// How a connection ended, seen from the client.
#[derive(Debug, PartialEq, Eq)]
enum Ending {
    /// The server closed the connection (FIN, or a reset because our request was left unread).
    Closed,
    /// Still open when we stopped waiting.
    StillOpen,
}

impl Client {
    async fn connect(addr: SocketAddr) -> Client {
        let stream = timeout(PATIENCE, TcpStream::connect(addr))
            .await
            .expect("connect within 10 s")
            .expect("connect to the server");
        stream.set_nodelay(true).expect("set TCP_NODELAY");
        Client {
            stream,
            input: BytesMut::new(),
        }
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.expect("send to server");
    }

    /// Sends one command as an array of bulk strings and reads its reply.
    async fn call(&mut self, args: &[&[u8]]) -> Frame {
        let request = Frame::command(args.iter().map(|arg| Bytes::copy_from_slice(arg)));
        self.send(&request.to_bytes()).await;
        self.reply().await
    }

    /// The next reply frame. Panics if the server closes first or takes longer than 10 s.
    async fn reply(&mut self) -> Frame {
        timeout(PATIENCE, async {
            loop {
                if let Some(frame) = Frame::parse(&mut self.input).expect("valid RESP from server")
                {
                    return frame;
                }
                let read = self
                    .stream
                    .read_buf(&mut self.input)
                    .await
                    .expect("read from server");
                assert!(
                    read > 0,
                    "the server closed the connection instead of replying"
                );
            }
        })
        .await
        .expect("a reply within 10 s")
    }

    /// Everything the server sends from now on, until it closes or `wait` passes.
    async fn rest(&mut self, wait: Duration) -> (Vec<u8>, Ending) {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.stream.read_buf(&mut self.input)).await {
                Err(_) => return (self.input.split().to_vec(), Ending::StillOpen),
                Ok(Ok(0)) | Ok(Err(_)) => return (self.input.split().to_vec(), Ending::Closed),
                Ok(Ok(_)) => {}
            }
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A request that can be sent in pieces: `SET <key> <value>`.
fn set_request(key: &str, value: &[u8]) -> Bytes {
    Frame::command([
        Bytes::from_static(b"SET"),
        Bytes::copy_from_slice(key.as_bytes()),
        Bytes::copy_from_slice(value),
    ])
    .to_bytes()
}

/// The server still answers a new client, quickly.
async fn assert_still_serving(addr: SocketAddr, after: &str) {
    let mut client = Client::connect(addr).await;
    assert_eq!(
        client.call(&[b"PING"]).await,
        Frame::Simple("PONG".into()),
        "the server must still answer PING after {after}"
    );
}

// =============================================================================================
// 1. Limits: Redis's exact error reply, then a closed connection.
// =============================================================================================

/// A payload a client sends and what Redis 7.0.15 answers, recorded from `redis-server`.
struct LimitCase {
    name: &'static str,
    payload: Vec<u8>,
    /// Exactly the bytes of the reply. Empty means "no reply yet".
    reply: &'static [u8],
    /// After the reply, the server closes (a protocol error) or keeps waiting for more bytes.
    then: Ending,
}

/// Just past `PROTO_INLINE_MAX_SIZE` (64 KiB): a line this long with no `\r\n` is refused.
const OVER_64_KIB: usize = 64 * 1024 + 100;

fn limit_cases() -> Vec<LimitCase> {
    use Ending::{Closed, StillOpen};
    let case = |name, payload: &[u8], reply, then| LimitCase {
        name,
        payload: payload.to_vec(),
        reply,
        then,
    };
    let long = |prefix: &[u8], byte: u8| [prefix, &vec![byte; OVER_64_KIB]].concat();
    vec![
        // The bulk length: proto-max-bulk-len, 512 MiB.
        case(
            "bulk of exactly 512 MiB: accepted, waiting for its bytes",
            b"*1\r\n$536870912\r\n",
            b"",
            StillOpen,
        ),
        case(
            "bulk over 512 MiB",
            b"*1\r\n$536870913\r\n",
            b"-ERR Protocol error: invalid bulk length\r\n",
            Closed,
        ),
        case(
            "bulk length not a number",
            b"*1\r\n$abc\r\n",
            b"-ERR Protocol error: invalid bulk length\r\n",
            Closed,
        ),
        case(
            "negative bulk length in a request",
            b"*1\r\n$-1\r\n",
            b"-ERR Protocol error: invalid bulk length\r\n",
            Closed,
        ),
        // The element count: INT_MAX.
        case(
            "2^31 - 1 elements: accepted, waiting for them",
            b"*2147483647\r\n",
            b"",
            StillOpen,
        ),
        case(
            "2^31 elements",
            b"*2147483648\r\n",
            b"-ERR Protocol error: invalid multibulk length\r\n",
            Closed,
        ),
        case(
            "element count not a number",
            b"*abc\r\n",
            b"-ERR Protocol error: invalid multibulk length\r\n",
            Closed,
        ),
        // Header and inline line lengths: PROTO_INLINE_MAX_SIZE, 64 KiB.
        case(
            "'*' line over 64 KiB",
            &long(b"*", b'1'),
            b"-ERR Protocol error: too big mbulk count string\r\n",
            Closed,
        ),
        case(
            "'$' line over 64 KiB",
            &long(b"*1\r\n$", b'1'),
            b"-ERR Protocol error: too big bulk count string\r\n",
            Closed,
        ),
        case(
            "inline line over 64 KiB",
            &long(b"", b'A'),
            b"-ERR Protocol error: too big inline request\r\n",
            Closed,
        ),
        case(
            "inline quotes never closed",
            b"SET k \"v\r\n",
            b"-ERR Protocol error: unbalanced quotes in request\r\n",
            Closed,
        ),
        // Nesting: a request is one flat array; anything but '$' inside it is refused at once.
        case(
            "nested array",
            b"*1\r\n*1\r\n$4\r\nPING\r\n",
            b"-ERR Protocol error: expected '$', got '*'\r\n",
            Closed,
        ),
        case(
            "100,000 levels of nesting",
            &b"*1\r\n".repeat(100_000),
            b"-ERR Protocol error: expected '$', got '*'\r\n",
            Closed,
        ),
        case(
            "integer inside a request",
            b"*1\r\n:1\r\n",
            b"-ERR Protocol error: expected '$', got ':'\r\n",
            Closed,
        ),
        // A '\r' or '\n' quoted in a reply would cut the reply line short: Redis shows a space.
        case(
            "empty element header",
            b"*1\r\n\r\n",
            b"-ERR Protocol error: expected '$', got ' '\r\n",
            Closed,
        ),
        case(
            "element header starting with a line feed",
            b"*1\r\n\n$4\r\nPING\r\n",
            b"-ERR Protocol error: expected '$', got ' '\r\n",
            Closed,
        ),
        // Not errors: what Redis skips or accepts.
        case(
            "empty requests are skipped",
            b"*0\r\n*-1\r\n\r\n  \r\nPING\r\n",
            b"+PONG\r\n",
            StillOpen,
        ),
    ]
}

/// Sends `case.payload` and returns the exact reply and whether the connection was closed.
async fn replay(addr: SocketAddr, case: &LimitCase) -> (Vec<u8>, Ending) {
    let mut client = Client::connect(addr).await;
    // The server may close before it has read everything: that is the point, so a failed write
    // is not a failure here.
    let _ = client.stream.write_all(&case.payload).await;
    let wait = match case.then {
        Ending::Closed => PATIENCE,
        // "Still open" can only be seen by waiting a little.
        Ending::StillOpen => Duration::from_millis(300),
    };
    client.rest(wait).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_limit_gets_redis_reply_then_close() {
    let server = InProcessServer::start(server::DEFAULT_MAX_CLIENTS).await;
    let mut failures = Vec::new();
    for case in limit_cases() {
        let (reply, ending) = replay(server.addr, &case).await;
        if reply != case.reply || ending != case.then {
            failures.push(format!(
                "{}: expected {:?} then {:?}, got {:?} then {:?}",
                case.name,
                text(case.reply),
                case.then,
                text(&reply),
                ending
            ));
        }
    }
    assert_still_serving(server.addr, "every limit case").await;
    server.stop().await;
    assert!(
        failures.is_empty(),
        "limits that differ from Redis:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_inline_line_with_its_newline_is_accepted_as_in_redis() {
    // The 64 KiB cap is on bytes waiting *without* a newline. A longer line that arrives whole is
    // fine: Redis answers it too.
    let server = InProcessServer::start(server::DEFAULT_MAX_CLIENTS).await;
    let mut client = Client::connect(server.addr).await;
    let long = vec![b'a'; 70_000];
    client.send(&[b"ECHO ", &long[..], b"\r\n"].concat()).await;
    assert_eq!(
        client.reply().await,
        Frame::Bulk(long.into()),
        "a 70,000-byte inline ECHO that arrives with its newline is answered"
    );
    server.stop().await;
}

/// The same bytes against real Redis: the recorded replies above are Redis's, not our guesses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_gives_the_same_replies() {
    // A throwaway real Redis, with room for 3 clients, as our in-process server below.
    let redis = start_redis_server(&["--maxclients", "3", "--protected-mode", "no"]);
    let mut failures = Vec::new();
    for case in limit_cases() {
        let (reply, ending) = replay(redis.addr, &case).await;
        if reply != case.reply || ending != case.then {
            failures.push(format!(
                "{}: recorded {:?} then {:?}, Redis says {:?} then {:?}",
                case.name,
                text(case.reply),
                case.then,
                text(&reply),
                ending
            ));
        }
    }
    // Let Redis notice that the clients above have gone before counting its clients.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut client = Client::connect(redis.addr).await;
    let over = max_clients_reply(&mut client, redis.addr).await;
    drop(redis);
    assert!(
        failures.is_empty(),
        "recorded replies that Redis does not give:\n{}",
        failures.join("\n")
    );
    assert_eq!(over, MAX_CLIENTS_REPLY);
}

const MAX_CLIENTS_REPLY: &[u8] = b"-ERR max number of clients reached\r\n";

/// Fills a server whose limit is 3 clients, `first` and two more, then returns what one client
/// too many is told.
async fn max_clients_reply(first: &mut Client, addr: SocketAddr) -> Vec<u8> {
    assert_eq!(first.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
    let mut admitted = Vec::new();
    for _ in 0..2 {
        let mut client = Client::connect(addr).await;
        assert_eq!(client.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
        admitted.push(client);
    }
    let mut extra = Client::connect(addr).await;
    let (reply, ending) = extra.rest(PATIENCE).await;
    assert_eq!(
        ending,
        Ending::Closed,
        "one client too many is disconnected"
    );
    reply
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_too_many_is_told_and_disconnected_and_its_place_comes_back() {
    let server = InProcessServer::start(3).await;
    let mut first = Client::connect(server.addr).await;
    let reply = max_clients_reply(&mut first, server.addr).await;
    assert_eq!(
        text(&reply),
        text(MAX_CLIENTS_REPLY),
        "past --max-clients, a new client gets Redis's error, then the connection closes"
    );
    // The two clients admitted by max_clients_reply have left: their places come back (the
    // permits are released when their tasks end, so allow a moment).
    let mut later = Vec::new();
    for _ in 0..2 {
        later.push(admitted_within(server.addr, Duration::from_secs(2)).await);
    }
    assert_eq!(first.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
    server.stop().await;
}

/// A client that gets in (answers PING) within `wait`, retrying while the server is full.
async fn admitted_within(addr: SocketAddr, wait: Duration) -> Client {
    let started = Instant::now();
    loop {
        let mut client = Client::connect(addr).await;
        client.send(b"PING\r\n").await;
        let (reply, _) = client.rest(Duration::from_millis(200)).await;
        if reply == b"+PONG\r\n" {
            return client;
        }
        assert_eq!(
            reply, MAX_CLIENTS_REPLY,
            "either admitted or refused with Redis's error"
        );
        assert!(
            started.elapsed() < wait,
            "a freed place must come back within {wait:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

// =============================================================================================
// 2 and 3. Workloads: load, stalls, disconnects, claims, pipelines, garbage.
// =============================================================================================

/// 1,000 clients connected at once, each doing SET then GET of its own key.
async fn thousand_clients_set_and_get(addr: SocketAddr, run: usize) {
    const CLIENTS: usize = 1_000;
    let all_connected = Arc::new(Barrier::new(CLIENTS));
    let all_done = Arc::new(Barrier::new(CLIENTS));
    let mut tasks = Vec::with_capacity(CLIENTS);
    for i in 0..CLIENTS {
        let (all_connected, all_done) = (Arc::clone(&all_connected), Arc::clone(&all_done));
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            all_connected.wait().await;
            let key = format!("hostile:load:{run}:{i}");
            let value = format!("value-{i}-{}", "x".repeat(i % 100));
            assert_eq!(
                client
                    .call(&[b"SET", key.as_bytes(), value.as_bytes()])
                    .await,
                Frame::ok()
            );
            assert_eq!(
                client.call(&[b"GET", key.as_bytes()]).await,
                Frame::Bulk(value.into()),
                "client {i} must read back its own value"
            );
            // Leave the keyspace as it was, so that runs can be compared.
            assert_eq!(
                client.call(&[b"DEL", key.as_bytes()]).await,
                Frame::Integer(1)
            );
            // Stay connected until everyone is done, so all 1,000 really are concurrent.
            all_done.wait().await;
        }));
    }
    for task in tasks {
        task.await.expect("a client task panicked");
    }
}

/// A client sends half a frame and stalls; another is served within milliseconds meanwhile, and
/// the stalled one is answered once its frame is complete.
async fn stalled_half_frame_does_not_delay_others(addr: SocketAddr, run: usize) {
    let key = format!("hostile:stall:{run}");
    let request = set_request(&key, b"0123456789");
    let (first_half, second_half) = request.split_at(request.len() / 2);
    let mut stalled = Client::connect(addr).await;
    stalled.send(first_half).await;

    let mut other = Client::connect(addr).await;
    let mut latencies = Vec::with_capacity(200);
    for _ in 0..200 {
        let started = Instant::now();
        assert_eq!(other.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
        latencies.push(started.elapsed());
    }
    latencies.sort_unstable();
    let median = latencies[latencies.len() / 2];
    let worst = latencies[latencies.len() - 1];
    assert!(
        median < Duration::from_millis(10) && worst < Duration::from_millis(250),
        "with a client stalled mid-frame, others must be served within milliseconds \
         (median {median:?}, worst {worst:?})"
    );

    stalled.send(second_half).await;
    assert_eq!(
        stalled.reply().await,
        Frame::ok(),
        "the stalled SET completes once its bytes arrive"
    );
    assert_eq!(
        other.call(&[b"GET", key.as_bytes()]).await,
        Frame::bulk("0123456789")
    );
    assert_eq!(
        other.call(&[b"DEL", key.as_bytes()]).await,
        Frame::Integer(1)
    );
}

/// Clients vanish mid-frame and mid-reply; the server carries on.
async fn disconnects_mid_frame_and_mid_reply(addr: SocketAddr, run: usize) {
    // Mid-frame: every cut of a SET request, then gone.
    let request = set_request(&format!("hostile:vanish:{run}"), b"never stored");
    for cut in (1..request.len()).step_by(3) {
        let mut client = Client::connect(addr).await;
        client.send(&request[..cut]).await;
        drop(client);
    }
    // Mid-reply: 256 KiB replies asked for eight at a time, one KiB read, then gone. 2 MiB is far
    // more than the socket buffers hold for a client that does not read, so the server is still
    // writing when the socket is closed under it.
    let big_key = format!("hostile:big:{run}");
    let big_value = vec![b'v'; 256 * 1024];
    let mut setup = Client::connect(addr).await;
    assert_eq!(
        setup.call(&[b"SET", big_key.as_bytes(), &big_value]).await,
        Frame::ok()
    );
    let get =
        Frame::command([Bytes::from(b"GET".to_vec()), Bytes::from(big_key.clone())]).to_bytes();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let get = get.clone();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            client.send(&get.repeat(8)).await;
            let mut first_kib = [0u8; 1024];
            let _ = timeout(PATIENCE, client.stream.read_exact(&mut first_kib)).await;
            drop(client);
        }));
    }
    for task in tasks {
        task.await.expect("a vanishing client panicked");
    }
    // The data and the server are unharmed.
    let mut check = Client::connect(addr).await;
    assert_eq!(
        check
            .call(&[b"GET", format!("hostile:vanish:{run}").as_bytes()])
            .await,
        Frame::Null,
        "a request cut short must not be run"
    );
    assert_eq!(
        check.call(&[b"GET", big_key.as_bytes()]).await,
        Frame::Bulk(big_value.into())
    );
    assert_eq!(
        check.call(&[b"DEL", big_key.as_bytes()]).await,
        Frame::Integer(1)
    );
}

/// The start of `SET <key> <500 MB>`: a claim of 500 MB, followed by nothing.
fn declared_huge_bulk(key: &str) -> Vec<u8> {
    format!(
        "*3\r\n$3\r\nSET\r\n${}\r\n{key}\r\n$500000000\r\nfirst bytes",
        key.len()
    )
    .into_bytes()
}

/// `clients` clients each declare a 500 MB bulk and send nothing more, for `hold`; others are
/// served meanwhile. Then they leave, and nothing was stored.
async fn declared_huge_bulks_cost_nothing(
    addr: SocketAddr,
    run: usize,
    clients: usize,
    hold: Duration,
) {
    let mut claimants = Vec::with_capacity(clients);
    for i in 0..clients {
        let mut client = Client::connect(addr).await;
        client
            .send(&declared_huge_bulk(&format!("hostile:huge:{run}:{i}")))
            .await;
        claimants.push(client);
    }
    let mut other = Client::connect(addr).await;
    let started = Instant::now();
    for _ in 0..10_000 {
        if started.elapsed() >= hold {
            break;
        }
        assert_eq!(other.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for claimant in &mut claimants {
        let (reply, ending) = claimant.rest(Duration::from_millis(1)).await;
        assert_eq!(
            (text(&reply), ending),
            (String::new(), Ending::StillOpen),
            "a pending bulk is simply waited for"
        );
    }
    drop(claimants);
    assert_eq!(
        other
            .call(&[b"EXISTS", format!("hostile:huge:{run}:0").as_bytes()])
            .await,
        Frame::Integer(0)
    );
}

/// 100,000 commands in one write; 100,000 replies, in order.
async fn pipeline_of_100k_commands(addr: SocketAddr, run: usize) {
    const COMMANDS: i64 = 100_000;
    let key = format!("hostile:pipeline:{run}");
    let mut client = Client::connect(addr).await;
    client.call(&[b"DEL", key.as_bytes()]).await;
    let incr = Frame::command([Bytes::from_static(b"INCR"), Bytes::from(key.clone())]).to_bytes();
    let pipeline = incr.repeat(COMMANDS as usize);
    // Write and read at once: a client that wrote everything before reading would deadlock with
    // a server blocked writing replies nobody reads, as with real Redis.
    let (mut reader, mut writer) = client.stream.into_split();
    let write = tokio::spawn(async move {
        writer
            .write_all(&pipeline)
            .await
            .expect("write the pipeline");
        writer
    });
    let mut input = BytesMut::new();
    let mut expected = 1;
    let outcome = timeout(WORKLOAD_BUDGET, async {
        while expected <= COMMANDS {
            while let Some(reply) = Frame::parse(&mut input).expect("valid RESP") {
                assert_eq!(
                    reply,
                    Frame::Integer(expected),
                    "replies come back in order"
                );
                expected += 1;
            }
            if expected > COMMANDS {
                break;
            }
            let read = reader.read_buf(&mut input).await.expect("read replies");
            assert!(
                read > 0,
                "the server closed mid-pipeline after {} replies",
                expected - 1
            );
        }
    })
    .await;
    outcome.unwrap_or_else(|_| panic!("only {} of {COMMANDS} replies within 25 s", expected - 1));
    assert!(input.is_empty(), "nothing may follow the last reply");
    let writer = write.await.expect("the writer panicked");
    let mut client = Client {
        stream: reader
            .reunite(writer)
            .expect("the two halves of one stream"),
        input,
    };
    assert_eq!(
        client.call(&[b"DEL", key.as_bytes()]).await,
        Frame::Integer(1)
    );
}

/// A small, seeded generator (xorshift64*): garbage that is the same on every run.
struct Garbage(u64);

impl Garbage {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Random bytes, with RESP's own tokens mixed in so that the parser gets past its first byte.
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        const TOKENS: &[&[u8]] = &[
            b"\r\n",
            b"*",
            b"$",
            b"*1\r\n",
            b"$-1\r\n",
            b"*3\r\n",
            b"$4\r\n",
            b"PING",
            b"\"",
            b"'",
            b"536870912",
            b"2147483647",
            b"-1",
            b"\n",
            b" ",
        ];
        let mut out = Vec::with_capacity(len + 16);
        while out.len() < len {
            let roll = self.next();
            if roll.is_multiple_of(4) {
                out.extend_from_slice(TOKENS[(roll >> 8) as usize % TOKENS.len()]);
            } else {
                out.push((roll >> 16) as u8);
            }
        }
        out
    }
}

/// 50 clients send random garbage at once. Whatever each is told must be whole RESP frames, and
/// a protocol error must be the last thing said before the connection closes.
async fn garbage_from_50_clients(addr: SocketAddr, run: usize) {
    let mut tasks = Vec::new();
    for i in 0..50u64 {
        tasks.push(tokio::spawn(async move {
            let mut garbage = Garbage(0x9e37_79b9_7f4a_7c15 ^ (i + 1) ^ ((run as u64) << 32));
            let mut client = Client::connect(addr).await;
            for _ in 0..16 {
                let len = 1 + (garbage.next() % 4096) as usize;
                let chunk = garbage.bytes(len);
                if client.stream.write_all(&chunk).await.is_err() {
                    break; // Closed on us after a protocol error: expected.
                }
            }
            // No more garbage: the server now sees the end of the stream and must close.
            let _ = client.stream.shutdown().await;
            let (said, ending) = client.rest(PATIENCE).await;
            assert_eq!(
                ending,
                Ending::Closed,
                "client {i}: the server must close after the stream ends"
            );
            let mut said = BytesMut::from(&said[..]);
            let mut frames = Vec::new();
            while let Some(frame) = Frame::parse(&mut said)
                .unwrap_or_else(|error| panic!("client {i}: invalid RESP from the server: {error}"))
            {
                frames.push(frame);
            }
            assert!(
                said.is_empty(),
                "client {i}: a reply was cut short: {:?}",
                text(&said)
            );
            let protocol_error = frames.iter().position(|frame| {
                matches!(frame, Frame::Error(message) if message.starts_with("ERR Protocol error"))
            });
            if let Some(position) = protocol_error {
                assert_eq!(
                    position + 1,
                    frames.len(),
                    "client {i}: nothing may follow a protocol error"
                );
            }
            (protocol_error.is_some(), frames.len())
        }));
    }
    let (mut closed_on_error, mut replies) = (0, 0);
    for task in tasks {
        let (protocol_error, frames) = task.await.expect("a garbage client panicked");
        closed_on_error += usize::from(protocol_error);
        replies += frames;
    }
    eprintln!(
        "garbage: {closed_on_error} of 50 clients closed on a protocol error; {replies} replies"
    );
}

/// Every workload once, in order, each in its time budget. `run` keeps keys apart between runs.
/// With `server`, its resident memory is printed after each workload.
async fn hostile_suite(addr: SocketAddr, run: usize, server: Option<&SpawnedServer>) {
    macro_rules! within_budget {
        ($name:literal, $workload:expr) => {
            let started = Instant::now();
            timeout(WORKLOAD_BUDGET, $workload)
                .await
                .unwrap_or_else(|_| panic!("{} took more than 25 s", $name));
            let resident = server.map(|server| mib(server.resident_bytes()));
            eprintln!(
                "run {run}: {} in {:?}, resident {}",
                $name,
                started.elapsed(),
                resident.unwrap_or_default()
            );
        };
    }
    within_budget!("1,000 clients", thousand_clients_set_and_get(addr, run));
    within_budget!(
        "stalled half frame",
        stalled_half_frame_does_not_delay_others(addr, run)
    );
    within_budget!(
        "disconnects",
        disconnects_mid_frame_and_mid_reply(addr, run)
    );
    within_budget!(
        "500 MB claims",
        declared_huge_bulks_cost_nothing(addr, run, 50, Duration::from_millis(500))
    );
    within_budget!("100,000 pipelined", pipeline_of_100k_commands(addr, run));
    within_budget!("garbage", garbage_from_50_clients(addr, run));
    for case in limit_cases() {
        let (reply, ending) = replay(addr, &case).await;
        assert_eq!(
            (text(&reply), ending),
            (text(case.reply), case.then),
            "{}",
            case.name
        );
    }
    assert_still_serving(addr, "the whole hostile suite").await;
}

/// Runs one workload against a fresh in-process server, then checks the server still serves and
/// shuts down cleanly (every connection task finished).
async fn against_in_process<F, Fut>(workload: F)
where
    F: FnOnce(SocketAddr) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let server = InProcessServer::start(server::DEFAULT_MAX_CLIENTS).await;
    timeout(WORKLOAD_BUDGET, workload(server.addr))
        .await
        .expect("the workload must finish within 25 s");
    assert_still_serving(server.addr, "the workload").await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_clients_each_set_and_get() {
    against_in_process(|addr| thousand_clients_set_and_get(addr, 0)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_stalled_mid_frame_does_not_delay_the_others() {
    against_in_process(|addr| stalled_half_frame_does_not_delay_others(addr, 0)).await;
}

/// CPU time a process has used so far, from `utime` and `stime` in `/proc/<pid>/stat`. They
/// count clock ticks of 1/100 s (Linux's `USER_HZ`, the same on every architecture).
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc/<pid>/stat");
    // The name, in parentheses, may hold spaces: count the fields after its closing parenthesis.
    // `utime` and `stime` are fields 14 and 15 of the line, the 12th and 13th after the name.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .map(|field| field.parse::<u64>().expect("utime and stime are numbers"))
        .sum();
    Duration::from_millis(ticks * 10)
}

/// A client sends one request of 300,000 arguments, 1 KiB every 2 ms: 3 MB over some 6 s, as
/// down a slow link. A parser that read such a request again from its start on every read would
/// do work in the square of its size. Ours must spend less than a quarter of a CPU, and answer
/// another client's PING within 50 ms all along. Measured on the real binary, whose CPU time
/// `/proc/<pid>/stat` gives.
///
/// On a busy 2-core machine, before the parser kept its place: 93% of a CPU and PINGs up to
/// 430 ms late in a debug build (50–68% in a release build). After: 13% in a debug build, PINGs
/// within 13 ms; 5–6% in a release build, where Redis 7 spends 2.5–3%.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_request_trickling_in_costs_little_cpu_and_stalls_no_one() {
    const ARGS: usize = 300_000;
    const CHUNK: usize = 1024;
    const EVERY: Duration = Duration::from_millis(2);
    // `EXISTS k000 k001 ...`: 10 bytes per argument (`$4\r\nk042\r\n`), none of the keys set.
    let request = Frame::command(
        std::iter::once(Bytes::from_static(b"EXISTS"))
            .chain((1..ARGS).map(|i| Bytes::from(format!("k{:03}", i % 1000)))),
    )
    .to_bytes();
    let size = request.len();
    let server = SpawnedServer::start(&[]);
    let mut trickler = Client::connect(server.addr).await;
    let mut pinger = Client::connect(server.addr).await;
    assert_eq!(pinger.call(&[b"PING"]).await, Frame::Simple("PONG".into()));

    let cpu_before = cpu_time(server.child.id());
    let started = Instant::now();
    let sending = tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        for chunk in request.chunks(CHUNK) {
            ticks.tick().await;
            trickler.send(chunk).await;
        }
        trickler
    });
    let mut latencies = Vec::new();
    while !sending.is_finished() {
        assert!(
            started.elapsed() < WORKLOAD_BUDGET,
            "the trickle took more than 25 s"
        );
        let ping = Instant::now();
        assert_eq!(pinger.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
        latencies.push(ping.elapsed());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut trickler = sending.await.expect("the sending task panicked");
    assert_eq!(
        trickler.reply().await,
        Frame::Integer(0),
        "the request runs once its last byte has arrived"
    );
    let wall = started.elapsed();
    let cpu = cpu_time(server.child.id()) - cpu_before;
    let share = cpu.as_secs_f64() / wall.as_secs_f64();
    latencies.sort_unstable();
    let worst = latencies.last().copied().unwrap_or_default();
    eprintln!(
        "trickle of {} KiB over {wall:?}: server CPU {cpu:?} ({:.1}% of a CPU); {} PINGs, median \
         {:?}, worst {worst:?}",
        size / 1024,
        share * 100.0,
        latencies.len(),
        latencies[latencies.len() / 2],
    );
    assert!(
        share < 0.25,
        "a request trickling in must cost the server less than a quarter of a CPU, not {:.1}% \
         (is it parsed again from its start on every read?)",
        share * 100.0
    );
    // The 99th percentile, not the single worst: on a machine shared with compiles one PING in
    // hundreds can wait for the scheduler, and that says nothing about the server.
    let p99 = latencies[latencies.len() * 99 / 100];
    assert!(
        p99 < Duration::from_millis(50),
        "while a huge request trickles in, another client's PING must be answered within 50 ms \
         (99th percentile {p99:?}, worst {worst:?})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_vanishing_mid_frame_and_mid_reply_free_their_places() {
    // A small limit: if a vanished client's task (and its permit) lingered, the server would
    // soon be full.
    let server = InProcessServer::start(25).await;
    disconnects_mid_frame_and_mid_reply(server.addr, 0).await;
    let mut everyone = Vec::new();
    for _ in 0..25 {
        everyone.push(admitted_within(server.addr, Duration::from_secs(5)).await);
    }
    drop(everyone);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_500_mb_bulk_is_waited_for_not_reserved() {
    against_in_process(|addr| {
        declared_huge_bulks_cost_nothing(addr, 0, 5, Duration::from_millis(200))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_commands_in_one_write_are_all_answered_in_order() {
    against_in_process(|addr| pipeline_of_100k_commands(addr, 0)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_from_fifty_clients_at_once_gets_whole_replies_or_a_close() {
    against_in_process(|addr| garbage_from_50_clients(addr, 0)).await;
}

// =============================================================================================
// The binary: Ctrl-C under load, and where it listens.
// =============================================================================================

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_under_load_finishes_replies_in_flight_and_exits_0() {
    let mut server = SpawnedServer::start(&[]);
    let addr = server.addr;
    let stop = CancellationToken::new();
    let mut clients = Vec::new();
    for i in 0..20 {
        let stop = stop.clone();
        clients.push(tokio::spawn(async move {
            // Pipelines of 10 SET/GET pairs, as fast as possible, until the server goes away.
            let mut stream = TcpStream::connect(addr).await.expect("connect");
            let mut input = BytesMut::new();
            let mut answered = 0usize;
            for round in 0..100_000usize {
                if stop.is_cancelled() {
                    break;
                }
                let mut batch = BytesMut::new();
                for j in 0..10 {
                    let key = format!("sigint:{i}:{j}");
                    Frame::command(["SET".to_string(), key.clone(), round.to_string()])
                        .encode(&mut batch);
                    Frame::command(["GET".to_string(), key]).encode(&mut batch);
                }
                if stream.write_all(&batch).await.is_err() {
                    break; // Shut down before this batch was read: nothing was in flight.
                }
                let mut replies = Vec::new();
                while replies.len() < 20 {
                    match Frame::parse(&mut input).expect("the server sent invalid RESP") {
                        Some(reply) => replies.push(reply),
                        None => match timeout(PATIENCE, stream.read_buf(&mut input)).await {
                            Ok(Ok(n)) if n > 0 => {}
                            // Closed: whatever was answered must have been whole frames.
                            Ok(_) => {
                                assert!(input.is_empty(), "a reply was cut short by the shutdown");
                                return answered;
                            }
                            Err(_) => panic!("the server neither answered nor closed within 10 s"),
                        },
                    }
                }
                for (j, pair) in replies.chunks(2).enumerate() {
                    assert_eq!(pair[0], Frame::ok(), "client {i}: SET sigint:{i}:{j}");
                    assert_eq!(
                        pair[1],
                        Frame::bulk(format!("{round}")),
                        "client {i}: GET sigint:{i}:{j}"
                    );
                }
                answered += 20;
            }
            answered
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("run kill -INT");
    assert!(status.success(), "kill -INT must reach the server");

    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().expect("wait for the server") {
            break exit;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the server must exit within 10 s of Ctrl-C"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    stop.cancel();
    let mut answered = 0;
    for client in clients {
        answered += timeout(PATIENCE, client)
            .await
            .expect("clients end")
            .expect("a client panicked");
    }
    // Give the log reader a moment to see the last lines.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let log = server.log();
    assert!(answered > 0, "the clients were under load when Ctrl-C came");
    assert_eq!(exit.code(), Some(0), "Ctrl-C is a clean exit\n{log}");
    assert!(!log.contains("panicked"), "no panic on shutdown:\n{log}");
    assert!(
        log.contains("bye"),
        "the server says goodbye once the replies are written:\n{log}"
    );
}

#[test]
fn it_binds_loopback_by_default_without_warning() {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_solutions"))
        .args(["--port", "0"])
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .timeout(Duration::from_millis(1500))
        .assert()
        .interrupted()
        .stderr(predicates::str::contains("addr=127.0.0.1:"))
        .stderr(predicates::str::contains("no authentication").not());
}

#[test]
fn binding_beyond_loopback_needs_bind_and_warns_there_is_no_authentication() {
    // 0.0.0.0 on a port the OS picks, for 1.5 s; the test never connects to it.
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_solutions"))
        .args(["--bind", "0.0.0.0", "--port", "0"])
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .timeout(Duration::from_millis(1500))
        .assert()
        .interrupted()
        .stderr(predicates::str::contains("WARN"))
        .stderr(predicates::str::contains("there is no authentication"))
        .stderr(predicates::str::contains("addr=0.0.0.0:"));
}

// =============================================================================================
// The memory suite: `cargo test --release -p solutions --test hostile -- --ignored`
// =============================================================================================

/// Samples the server's resident memory every 5 ms while `workload` runs; returns the peak.
async fn peak_resident_during<Fut>(server: &SpawnedServer, workload: Fut) -> u64
where
    Fut: std::future::Future<Output = ()>,
{
    let done = CancellationToken::new();
    let sampler = {
        let done = done.clone();
        let pid = server.child.id();
        tokio::task::spawn_blocking(move || {
            let mut peak = 0;
            for _ in 0..(WORKLOAD_BUDGET.as_millis() / 5) {
                if done.is_cancelled() {
                    break;
                }
                let status =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                if let Some(kib) = status
                    .lines()
                    .find_map(|line| line.strip_prefix("VmRSS:"))
                    .and_then(|value| {
                        value
                            .trim()
                            .trim_end_matches("kB")
                            .trim()
                            .parse::<u64>()
                            .ok()
                    })
                {
                    peak = peak.max(kib * 1024);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        })
    };
    timeout(WORKLOAD_BUDGET, workload)
        .await
        .expect("the workload must finish within 25 s");
    done.cancel();
    sampler.await.expect("the sampler panicked")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "memory suite: run with --release -- --ignored"]
async fn memory_stays_flat_during_a_declared_500_mb_bulk() {
    let server = SpawnedServer::start(&[]);
    assert_still_serving(server.addr, "start-up").await;
    let idle = server.resident_bytes();
    let one = peak_resident_during(
        &server,
        declared_huge_bulks_cost_nothing(server.addr, 0, 1, Duration::from_secs(2)),
    )
    .await;
    let fifty = peak_resident_during(
        &server,
        declared_huge_bulks_cost_nothing(server.addr, 1, 50, Duration::from_secs(2)),
    )
    .await;
    eprintln!(
        "idle {}; peak with one 500 MB claim {} (+{}); with fifty {} (+{})",
        mib(idle),
        mib(one),
        mib(one.saturating_sub(idle)),
        mib(fifty),
        mib(fifty.saturating_sub(idle))
    );
    assert!(
        one <= idle + 64 * MIB,
        "one declared 500 MB bulk must cost less than 64 MiB"
    );
    assert!(
        fifty <= idle + 64 * MIB,
        "fifty declared 500 MB bulks must cost less than 64 MiB"
    );
}

/// The whole hostile suite, again and again against one server, reading its resident memory
/// after each run.
///
/// A leak grows memory run after run, without end. What the runs show instead is the allocator:
/// it keeps freed memory for reuse, fragmented by the 1,000-client burst, and gives some of it
/// back when it sees fit. With glibc's malloc the reading climbs for about three runs and then
/// stays (14 runs in a row: 25.9, 30.9, 34.0, then 34.1 to 37.6 MiB); with mimalloc it swings
/// between about 75 and 125 MiB from one run to the next without a trend.
///
/// So a single reading proves little, and the check compares the two halves: the lowest reading
/// after runs 4 to 6 must be within 10% of the highest after runs 1 to 3. A leak shows in every
/// run after it, so one of a few KiB per connection (some 1,200 connections a run) would put
/// all of runs 4 to 6 past the mark.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "memory suite: run with --release -- --ignored"]
async fn hostile_runs_against_one_server_settle_to_a_steady_memory() {
    const RUNS: usize = 6;
    let server = SpawnedServer::start(&[]);
    assert_still_serving(server.addr, "start-up").await;
    let idle = server.resident_bytes();
    let mut after = Vec::new();
    for run in 1..=RUNS {
        hostile_suite(server.addr, run, Some(&server)).await;
        // Let the connection tasks of the last workload finish and free their buffers.
        tokio::time::sleep(Duration::from_millis(300)).await;
        after.push(server.resident_bytes());
        eprintln!("after run {run}: {}", mib(after[run - 1]));
    }
    let percent = |later: u64, earlier: u64| (later as f64 / earlier as f64 - 1.0) * 100.0;
    eprintln!(
        "idle {}; after each run: {:?}; third against first {:+.1}%",
        mib(idle),
        after.iter().map(|&bytes| mib(bytes)).collect::<Vec<_>>(),
        percent(after[2], after[0]),
    );
    let early = after[..3].iter().copied().max().unwrap_or(0);
    let settled = after[3..].iter().copied().min().unwrap_or(u64::MAX);
    assert!(
        percent(settled, early) <= 10.0,
        "resident memory must not keep growing: the lowest after runs 4 to 6 ({}) must be within \
         10% of the highest after runs 1 to 3 ({})",
        mib(settled),
        mib(early)
    );
    let log = server.log();
    assert!(
        !log.contains("panicked"),
        "no panic under hostile load:\n{log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "memory suite: run with --release -- --ignored"]
async fn a_client_past_the_1_gib_query_buffer_is_disconnected_without_a_reply() {
    // A request of three 512 MiB arguments: no single length is over the limit, but the unread
    // request grows past 1 GiB (client-query-buffer-limit) long before it is complete.
    //
    // Real Redis would not close this client: it turns each argument into an object as soon as
    // it is complete and drops it from its query buffer, so its buffer holds one argument at
    // most. Ours keeps a request's bytes until the whole request is there, so the 1 GiB cap
    // counts the whole request. Either way memory is bounded; the reply (none) is Redis's.
    let server = SpawnedServer::start(&[]);
    let mut client = Client::connect(server.addr).await;
    let half = 512 * 1024 * 1024;
    client
        .send(format!("*4\r\n$4\r\nECHO\r\n${half}\r\n").as_bytes())
        .await;
    let block = vec![b'x'; 8 * 1024 * 1024];
    let started = Instant::now();
    let mut sent = 0usize;
    let mut refused = false;
    for _ in 0..((2 * half) / block.len() + 16) {
        // Each argument complete: the next one's header.
        let header = format!("\r\n${half}\r\n");
        if sent > 0
            && sent.is_multiple_of(half)
            && client.stream.write_all(header.as_bytes()).await.is_err()
        {
            refused = true;
            break;
        }
        if client.stream.write_all(&block).await.is_err() {
            refused = true;
            break;
        }
        sent += block.len();
        assert!(
            started.elapsed() < WORKLOAD_BUDGET,
            "sending 1 GiB took more than 25 s"
        );
    }
    let (reply, ending) = client.rest(PATIENCE).await;
    eprintln!("sent {} before the server closed", mib(sent as u64));
    assert!(
        refused || ending == Ending::Closed,
        "the server must close a client past 1 GiB"
    );
    assert_eq!(
        text(&reply[..reply.len().min(200)]),
        "",
        "Redis closes such a client without a reply"
    );
    assert!(
        sent as u64 >= 1024 * MIB - 64 * MIB,
        "the limit is 1 GiB, not less"
    );
    drop(client);
    assert_still_serving(server.addr, "a client past the query buffer limit").await;
    assert!(
        server.log().contains("max query buffer"),
        "the server logs why it closed the client"
    );
}

/// The server's own background work must not stall its clients: keys that all expire in the
/// same millisecond are swept by active expiry, 25 ms of work per 100 ms tick at most (`store`'s
/// `ACTIVE_EXPIRE_BUDGET`), and another client's `PING` is answered within 100 ms throughout.
/// (Before the budget, a million keys took 1.57 s in one sweep, and every client waited.)
///
/// 200,000 keys in the quick run; a million with `--release -- --ignored`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_expiring_at_once_do_not_stall_a_ping() {
    expiry_sweep_keeps_pings_fast(200_000).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load suite: run with --release -- --ignored"]
async fn a_million_keys_expiring_at_once_do_not_stall_a_ping() {
    expiry_sweep_keeps_pings_fast(1_000_000).await;
}

/// Keys loaded per write.
const EXPIRY_BATCH: usize = 10_000;

/// Sends `SET k<i> v [PXAT die_at]` for `first..end` in one write and reads the `+OK`s.
async fn load_keys(loader: &mut Client, first: usize, end: usize, die_at: Option<&str>) {
    let (count, ttl) = match die_at {
        Some(at) => (5, format!("$4\r\nPXAT\r\n${}\r\n{at}\r\n", at.len())),
        None => (3, String::new()),
    };
    let mut requests = Vec::new();
    for i in first..end {
        let key = format!("k{i}");
        requests.extend_from_slice(
            format!(
                "*{count}\r\n$3\r\nSET\r\n${}\r\n{key}\r\n$1\r\nv\r\n{ttl}",
                key.len()
            )
            .as_bytes(),
        );
    }
    loader.send(&requests).await;
    let replies = b"+OK\r\n".len() * (end - first);
    while loader.input.len() < replies {
        let read = timeout(PATIENCE, loader.stream.read_buf(&mut loader.input))
            .await
            .expect("replies within 10 s")
            .expect("read replies");
        assert!(read > 0, "the server closed the connection while loading");
    }
    assert!(loader
        .input
        .split()
        .iter()
        .all(|&byte| b"+OK\r\n".contains(&byte)));
}

async fn expiry_sweep_keeps_pings_fast(keys: usize) {
    let server = SpawnedServer::start(&[]);
    let mut loader = Client::connect(server.addr).await;
    // Every key dies in the same millisecond, after all are loaded: how long loading takes on
    // this machine is measured first, on one batch of keys without a TTL, then flushed.
    let calibration = Instant::now();
    load_keys(&mut loader, 0, EXPIRY_BATCH, None).await;
    let per_batch = calibration.elapsed();
    assert_eq!(
        loader.call(&[b"FLUSHALL"]).await,
        Frame::Simple("OK".into())
    );
    let load_time = per_batch * (keys.div_ceil(EXPIRY_BATCH) as u32) * 3 + Duration::from_secs(1);
    let unix_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis();
    let die_at = (unix_ms + load_time.as_millis()).to_string();
    let started = Instant::now();
    for batch in 0..keys.div_ceil(EXPIRY_BATCH) {
        let end = ((batch + 1) * EXPIRY_BATCH).min(keys);
        load_keys(&mut loader, batch * EXPIRY_BATCH, end, Some(&die_at)).await;
    }
    let loaded_in = started.elapsed();
    let Some(wait) = load_time.checked_sub(loaded_in) else {
        panic!(
            "loading {keys} keys took {loaded_in:?}, past their common deadline ({load_time:?}: \
             three times what one batch took, {per_batch:?}, per batch)"
        );
    };
    tokio::time::sleep(wait + Duration::from_millis(50)).await;

    // Every key has expired now. Ping every 10 ms while active expiry removes them.
    let mut pinger = Client::connect(server.addr).await;
    let mut worst = Duration::ZERO;
    let mut pings = 0;
    let sweep = Instant::now();
    let remaining = loop {
        let sent = Instant::now();
        assert_eq!(pinger.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
        worst = worst.max(sent.elapsed());
        pings += 1;
        let Frame::Integer(remaining) = pinger.call(&[b"DBSIZE"]).await else {
            panic!("DBSIZE replies an integer");
        };
        if remaining == 0 || sweep.elapsed() > Duration::from_secs(60) {
            break remaining;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    eprintln!(
        "loaded {keys} keys in {loaded_in:?}; swept in {:?}; {pings} pings, the slowest {worst:?}",
        sweep.elapsed()
    );
    assert_eq!(remaining, 0, "active expiry removed every key within 60 s");
    assert!(
        worst < Duration::from_millis(100),
        "a PING waited {worst:?} while {keys} keys expired"
    );
}

/// Glob patterns come from clients (`KEYS`, `SCAN ... MATCH`, `CONFIG GET`, `HSCAN ... MATCH`).
/// A matcher that backtracks naively takes exponential time on `a*a*...a*b`, and one that
/// recurses once per `*` overflows its stack on `*?*?*?...`. Redis's `skipLongerMatches` and the
/// nesting cap of Redis 7.2.6 (CVE-2024-31228; 7.0.15 itself recurses without a limit) bound
/// both. Here a client sends such patterns (up to 100 kB): each must be answered within 5 s even
/// in a debug build (a linear cost; `CONFIG GET` matches ~200 names), and the server goes on
/// answering another client's PING.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abusive_glob_patterns_are_answered_at_once_and_crash_nothing() {
    against_in_process(|addr| async move {
        let mut client = Client::connect(addr).await;
        let long_key = "a".repeat(50_000);
        let short_key = "a".repeat(50);
        for key in [&long_key, &short_key] {
            assert_eq!(
                client.call(&[b"SET", key.as_bytes(), b"v"]).await,
                Frame::Simple("OK".into())
            );
        }
        let patterns = [
            "a*".repeat(20) + "b",
            "*?".repeat(50_000),
            "*".repeat(100_000) + "b",
            "[".repeat(100_000),
            "\\".repeat(100_001),
        ];
        let mut pinger = Client::connect(addr).await;
        for pattern in &patterns {
            let shown = format!("{}... ({} bytes)", &pattern[..10], pattern.len());
            for request in [
                vec![&b"KEYS"[..], pattern.as_bytes()],
                vec![
                    b"SCAN",
                    b"0",
                    b"MATCH",
                    pattern.as_bytes(),
                    b"COUNT",
                    b"100",
                ],
                vec![b"CONFIG", b"GET", pattern.as_bytes()],
            ] {
                let started = Instant::now();
                let reply = client.call(&request).await;
                assert!(
                    matches!(reply, Frame::Array(_) | Frame::Map(_)),
                    "{} with the pattern {shown} replies an array, got {reply:?}",
                    text(request[0])
                );
                assert!(
                    started.elapsed() < Duration::from_secs(5),
                    "{} with the pattern {shown} took {:?}",
                    text(request[0]),
                    started.elapsed()
                );
                assert_eq!(pinger.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
            }
        }
    })
    .await;
}
// =============================================================================================
// Transactions (chapter 10): a huge queue, and clients that vanish mid-transaction.
// =============================================================================================

/// `MULTI`, 100,000 `INCR`s and `EXEC` in one write: 100,000 `+QUEUED`, then one array of
/// 100,000 replies, in order. The queue holds requests, not replies, so it costs what the client
/// sent, as in Redis (which bounds it only through `maxmemory-clients`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_of_100k_commands_in_one_write_is_answered_whole() {
    const COMMANDS: usize = 100_000;
    against_in_process(|addr| async move {
        let mut client = Client::connect(addr).await;
        let incr = Frame::command([Bytes::from_static(b"INCR"), Bytes::from_static(b"tx:n")]);
        let mut request = Frame::command([Bytes::from_static(b"MULTI")])
            .to_bytes()
            .to_vec();
        request.extend(incr.to_bytes().repeat(COMMANDS));
        request.extend_from_slice(&Frame::command([Bytes::from_static(b"EXEC")]).to_bytes());
        // Write and read at once, as for the plain pipeline: the replies must be read while the
        // rest is still being sent.
        let (mut reader, mut writer) = client.stream.into_split();
        let write = tokio::spawn(async move {
            writer.write_all(&request).await.expect("write");
            writer
        });
        client.stream = {
            let mut input = std::mem::take(&mut client.input);
            let mut queued = 0;
            let exec = loop {
                if let Some(frame) = Frame::parse(&mut input).expect("valid RESP") {
                    match frame {
                        Frame::Simple(text) if text == "OK" && queued == 0 => {}
                        Frame::Simple(text) if text == "QUEUED" => queued += 1,
                        other => break other,
                    }
                    continue;
                }
                let read = reader.read_buf(&mut input).await.expect("read");
                assert!(read > 0, "the server closed after {queued} +QUEUED");
            };
            assert_eq!(queued, COMMANDS, "every INCR is answered +QUEUED");
            let Frame::Array(replies) = exec else {
                panic!("EXEC must reply an array, not {exec:?}");
            };
            assert_eq!(
                replies.len(),
                COMMANDS,
                "EXEC replies once per queued command"
            );
            assert!(
                replies
                    .iter()
                    .enumerate()
                    .all(|(i, reply)| *reply == Frame::Integer(i as i64 + 1)),
                "the queued INCRs run in order, with nobody in between"
            );
            assert!(input.is_empty(), "nothing may follow EXEC's reply");
            reader
                .reunite(write.await.expect("the writer"))
                .expect("one stream")
        };
    })
    .await;
}

/// 50 clients each watch 20 keys, open a transaction, queue a few commands, and vanish. They
/// leave no watch behind, and other clients' transactions on the same keys go through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_vanishing_mid_transaction_leave_no_watch_behind() {
    let server = InProcessServer::start(server::DEFAULT_MAX_CLIENTS).await;
    let (addr, shared) = (server.addr, server.shared.clone());
    let mut vanishing = Vec::new();
    for i in 0..50 {
        vanishing.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            let mut watch: Vec<Vec<u8>> = vec![b"WATCH".to_vec()];
            watch.extend((0..20).map(|k| format!("tx:vanish:{}", (i + k) % 40).into_bytes()));
            let watch: Vec<&[u8]> = watch.iter().map(Vec::as_slice).collect();
            assert_eq!(client.call(&watch).await, Frame::Simple("OK".into()));
            assert_eq!(client.call(&[b"MULTI"]).await, Frame::Simple("OK".into()));
            for _ in 0..5 {
                let reply = client.call(&[b"INCR", b"tx:vanish:0"]).await;
                assert_eq!(reply, Frame::Simple("QUEUED".into()));
            }
            // Half of them leave with a request cut in the middle.
            if i % 2 == 0 {
                client.send(b"*2\r\n$4\r\nINCR\r\n$3\r\ntx:").await;
            }
        }));
    }
    for client in vanishing {
        client.await.expect("a vanishing client must not panic");
    }
    let deadline = Instant::now() + PATIENCE;
    while !shared.watched_keys.is_empty() {
        assert!(
            Instant::now() < deadline,
            "{} keys are still watched 10 s after every watcher left",
            shared.watched_keys.len()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut client = Client::connect(addr).await;
    assert_eq!(
        client.call(&[b"WATCH", b"tx:vanish:0"]).await,
        Frame::Simple("OK".into())
    );
    assert_eq!(client.call(&[b"MULTI"]).await, Frame::Simple("OK".into()));
    client.call(&[b"INCR", b"tx:vanish:0"]).await;
    assert_eq!(
        client.call(&[b"EXEC"]).await,
        Frame::Array(vec![Frame::Integer(1)]),
        "the vanished clients' queues never ran, and their watches are gone"
    );
    server.stop().await;
}

// =============================================================================================
// Pub/sub: a subscriber that never reads (chapter 9).
// =============================================================================================

/// A subscriber stops reading while 100 MB is published to its channel. Past
/// `client-output-buffer-limit pubsub` (32 MB hard) it is disconnected, the server's resident
/// memory stays within 50 MB of where it started, and another client's `PING` is answered in
/// milliseconds throughout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_that_never_reads_is_disconnected_and_memory_stays_bounded() {
    const PUBLISHED: usize = 100 * 1024 * 1024;
    const MESSAGE: usize = 64 * 1024;
    let server = SpawnedServer::start(&[]);
    let addr = server.addr;
    let mut publisher = Client::connect(addr).await;
    assert_eq!(
        publisher.call(&[b"PING"]).await,
        Frame::Simple("PONG".into())
    );
    let start_rss = server.resident_bytes();

    let mut sleeper = Client::connect(addr).await;
    let confirmation = sleeper.call(&[b"SUBSCRIBE", b"firehose"]).await;
    assert_eq!(
        confirmation,
        Frame::Array(vec![
            Frame::bulk("subscribe"),
            Frame::bulk("firehose"),
            Frame::Integer(1)
        ])
    );
    // From now on `sleeper` never reads.

    let stop = CancellationToken::new();
    let pinger = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            let mut latencies = Vec::new();
            while !stop.is_cancelled() {
                let started = Instant::now();
                assert_eq!(client.call(&[b"PING"]).await, Frame::Simple("PONG".into()));
                latencies.push(started.elapsed());
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            latencies
        })
    };

    let payload = vec![b'x'; MESSAGE];
    let started = Instant::now();
    let (mut max_rss, mut delivered, mut disconnected_after) = (start_rss, 0usize, None);
    for sent in 0..PUBLISHED / MESSAGE {
        let receivers = publisher.call(&[b"PUBLISH", b"firehose", &payload]).await;
        if receivers == Frame::Integer(1) {
            delivered += MESSAGE;
        } else if disconnected_after.is_none() {
            disconnected_after = Some(sent * MESSAGE);
        }
        if sent % 16 == 0 {
            max_rss = max_rss.max(server.resident_bytes());
        }
        assert!(
            started.elapsed() < WORKLOAD_BUDGET,
            "publishing 100 MB took too long"
        );
    }
    max_rss = max_rss.max(server.resident_bytes());
    stop.cancel();
    let mut latencies = timeout(PATIENCE, pinger)
        .await
        .expect("the pinger stops")
        .expect("the pinger must not panic");
    latencies.sort_unstable();
    let median = latencies[latencies.len() / 2];
    let p99 = latencies[latencies.len() * 99 / 100];
    let worst = latencies[latencies.len() - 1];
    eprintln!(
        "pub/sub slow subscriber: disconnected after {} published ({} accepted for it); RSS {} \
         at start, {} at most (+{}); PING over {} calls: median {median:?}, p99 {p99:?}, \
         worst {worst:?}",
        disconnected_after.map_or("never".into(), |bytes| mib(bytes as u64)),
        mib(delivered as u64),
        mib(start_rss),
        mib(max_rss),
        mib(max_rss - start_rss),
        latencies.len()
    );
    assert!(
        disconnected_after.is_some(),
        "a subscriber that never reads must be disconnected past its output buffer limit"
    );
    let (_, ending) = sleeper.rest(Duration::from_secs(2)).await;
    assert_eq!(
        ending,
        Ending::Closed,
        "the server closed the slow subscriber's connection"
    );
    assert!(
        max_rss - start_rss < 50 * MIB,
        "memory must stay bounded: RSS grew by {} while 100 MB was published to a subscriber \
         that never reads",
        mib(max_rss - start_rss)
    );
    assert!(
        median < Duration::from_millis(10) && p99 < Duration::from_millis(10),
        "another client's PING must be answered within 10 ms throughout (median {median:?}, \
         p99 {p99:?}, worst {worst:?})"
    );
    assert!(
        server.log().contains("output buffer limit"),
        "the server logs why it closed the client:\n{}",
        server.log()
    );
}
// =============================================================================================
// Hashes and sets (chapter 8): one request may build a big collection, and a count may ask for
// any number of elements. Both are answered, and memory stays bounded.
// =============================================================================================

/// A 100,000-member SADD and a 50,000-field HSET in one request each; counts that would make
/// Redis 7.0 build a reply until memory runs out (`SRANDMEMBER key -9223372036854775807`) are
/// refused with its "out of range" error; a count past the size pops the whole set, which goes.
async fn huge_collections_and_huge_counts(addr: SocketAddr) {
    let mut client = Client::connect(addr).await;
    let members: Vec<Vec<u8>> = (0..100_000).map(|i| format!("m{i}").into_bytes()).collect();
    let mut sadd: Vec<&[u8]> = vec![b"SADD", b"hostile:set"];
    sadd.extend(members.iter().map(Vec::as_slice));
    assert_eq!(
        client.call(&sadd).await,
        Frame::Integer(100_000),
        "one SADD of 100,000 members"
    );
    let mut hset: Vec<&[u8]> = vec![b"HSET", b"hostile:hash"];
    hset.extend(
        members[..50_000]
            .iter()
            .flat_map(|m| [m.as_slice(), b"v".as_slice()]),
    );
    assert_eq!(
        client.call(&hset).await,
        Frame::Integer(50_000),
        "one HSET of 50,000 fields"
    );
    let out_of_range = Frame::Error("ERR value is out of range".into());
    for request in [
        &[
            b"SRANDMEMBER".as_slice(),
            b"hostile:set",
            b"-9223372036854775807",
        ][..],
        &[
            b"HRANDFIELD",
            b"hostile:hash",
            b"-4611686018427387903",
            b"WITHVALUES",
        ],
        &[b"HRANDFIELD", b"hostile:hash", b"-9223372036854775807"],
    ] {
        assert_eq!(
            client.call(request).await,
            out_of_range,
            "{:?}: a reply of 2^62 elements is refused, not built",
            request.iter().map(|part| text(part)).collect::<Vec<_>>()
        );
    }
    let Frame::Array(popped) = client
        .call(&[b"SPOP", b"hostile:set", b"9223372036854775807"])
        .await
    else {
        panic!("SPOP with a count replies an array (this client speaks RESP2)");
    };
    assert_eq!(
        popped.len(),
        100_000,
        "a count past the size pops every member"
    );
    assert_eq!(
        client.call(&[b"EXISTS", b"hostile:set"]).await,
        Frame::Integer(0),
        "and the emptied set is deleted"
    );
    assert_eq!(
        client.call(&[b"HLEN", b"hostile:hash"]).await,
        Frame::Integer(50_000),
        "the refused counts changed nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_hashes_and_sets_and_counts_are_answered_with_bounded_replies() {
    against_in_process(huge_collections_and_huge_counts).await;
}

// =============================================================================================
// Chapter 7: a thousand clients blocked on one key.
// =============================================================================================

/// `blocked_clients` from `INFO clients`.
async fn blocked_clients(control: &mut Client) -> usize {
    let Frame::Bulk(info) = control.call(&[b"INFO", b"clients"]).await else {
        panic!("INFO replies a bulk string");
    };
    text(&info)
        .lines()
        .find_map(|line| line.strip_prefix("blocked_clients:"))
        .and_then(|count| count.trim().parse().ok())
        .expect("INFO clients has blocked_clients")
}

/// Waits until `INFO clients` counts `count` blocked clients.
async fn until_blocked(control: &mut Client, count: usize) {
    let started = Instant::now();
    while blocked_clients(control).await != count {
        assert!(
            started.elapsed() < PATIENCE,
            "{count} clients should be blocked by now"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// 1,000 clients block in `BLPOP` on one key, one after the other; then 1,000 pushes of one
/// element each. Push `i` must serve client `i` and no other: one waiter per push, in the order
/// they came, nothing lost, nothing served twice. Then they all leave, and nothing is left:
/// no blocked client, no list.
async fn thousand_clients_blocked_on_one_key(addr: SocketAddr, run: usize) {
    const CLIENTS: usize = 1_000;
    let key = format!("hostile:blocked:{run}");
    let mut control = Client::connect(addr).await;
    let mut waiters = Vec::with_capacity(CLIENTS);
    for i in 0..CLIENTS {
        let mut client = Client::connect(addr).await;
        let request = Frame::command(["BLPOP".to_string(), key.clone(), "0".to_string()]);
        client.send(&request.to_bytes()).await;
        // The next one blocks only once this one is registered: the order is known.
        until_blocked(&mut control, i + 1).await;
        waiters.push(client);
    }
    for (i, waiter) in waiters.iter_mut().enumerate() {
        let element = format!("element-{i}");
        assert_eq!(
            control
                .call(&[b"RPUSH", key.as_bytes(), element.as_bytes()])
                .await,
            Frame::Integer(1),
            "push {i}: the list holds only this element (the earlier ones went to waiters)"
        );
        assert_eq!(
            waiter.reply().await,
            Frame::Array(vec![
                Frame::Bulk(key.clone().into()),
                Frame::Bulk(element.into())
            ]),
            "push {i} serves client {i}, the one that has waited longest"
        );
        if i % 100 == 99 {
            assert_eq!(
                blocked_clients(&mut control).await,
                CLIENTS - i - 1,
                "one waiter served per push"
            );
        }
    }
    assert_eq!(
        control.call(&[b"EXISTS", key.as_bytes()]).await,
        Frame::Integer(0),
        "every element went to exactly one waiter: none is left in the list"
    );
    for (i, waiter) in waiters.iter_mut().enumerate() {
        let (extra, _) = waiter.rest(Duration::from_millis(1)).await;
        assert!(
            extra.is_empty(),
            "client {i} was served once: {}",
            text(&extra)
        );
    }
    drop(waiters);
    // Clients that leave while blocked leave nothing either.
    let mut leavers = Vec::new();
    for i in 0..100 {
        let mut client = Client::connect(addr).await;
        let request = Frame::command(["BLPOP".to_string(), key.clone(), "0".to_string()]);
        client.send(&request.to_bytes()).await;
        until_blocked(&mut control, i + 1).await;
        leavers.push(client);
    }
    drop(leavers);
    until_blocked(&mut control, 0).await;
    assert_eq!(
        control.call(&[b"RPUSH", key.as_bytes(), b"kept"]).await,
        Frame::Integer(1),
        "nobody waits any more: the element stays"
    );
    assert_eq!(
        control.call(&[b"DEL", key.as_bytes()]).await,
        Frame::Integer(1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_clients_blocked_on_one_key_are_served_one_per_push_in_order() {
    against_in_process(|addr| thousand_clients_blocked_on_one_key(addr, 0)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "memory suite: run with --release -- --ignored"]
async fn memory_returns_to_its_level_after_a_thousand_blocked_clients() {
    const RUNS: usize = 6;
    let server = SpawnedServer::start(&[]);
    assert_still_serving(server.addr, "start-up").await;
    let idle = server.resident_bytes();
    let mut after = Vec::new();
    for run in 1..=RUNS {
        timeout(
            WORKLOAD_BUDGET,
            thousand_clients_blocked_on_one_key(server.addr, run),
        )
        .await
        .expect("the workload must finish within 25 s");
        tokio::time::sleep(Duration::from_millis(300)).await;
        after.push(server.resident_bytes());
    }
    eprintln!(
        "idle {}; after each run of 1,000 blocked clients: {:?}",
        mib(idle),
        after.iter().map(|&bytes| mib(bytes)).collect::<Vec<_>>()
    );
    // As in `hostile_runs_against_one_server_settle_to_a_steady_memory`: the allocator keeps
    // what the 1,000 connections freed, and the reading moves from run to run without a trend
    // (debug build, glibc, two sessions: 14.5, 18.6, 19.1, 19.3 MiB; 18.7, 13.0, 20.1, 18.0,
    // 15.0, 18.9 MiB; idle 11.2 MiB). A leak per blocked client would grow every run:
    // the lowest reading after runs 4 to 6 must be within 10% of the highest after runs 1 to 3.
    let early = after[..3].iter().copied().max().unwrap_or(0);
    let settled = after[3..].iter().copied().min().unwrap_or(u64::MAX);
    assert!(
        settled <= early + early / 10,
        "resident memory must not keep growing: the lowest after runs 4 to 6 ({}) must be within \
         10% of the highest after runs 1 to 3 ({})",
        mib(settled),
        mib(early)
    );
}
