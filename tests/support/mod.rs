//! What the step tests share, compiled against whichever tree runs them (`exercises` or
//! `solutions`): the names `server`, `store`, `commands` and `resp` are that tree's crates.
#![allow(dead_code)]

use std::net::SocketAddr;

use commands::{Session, Shared};
use resp::Frame;
use server::{Handler, RespHandler, Server};
use tokio_util::sync::CancellationToken;

#[allow(unused_imports)]
pub use testkit::{command, within, Checked, RawClient};

/// A server running in this test's runtime on a free port of 127.0.0.1. Dropping it stops the
/// server.
pub struct TestServer {
    pub addr: SocketAddr,
    shutdown: CancellationToken,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Starts a server whose connections are handled by `new_handler()`.
pub fn start_with<H, F>(new_handler: F) -> Checked<'static, TestServer>
where
    H: Handler,
    F: FnMut() -> H + Send + 'static,
{
    Checked::new(async move {
        let bound = within("binding 127.0.0.1:0", Server::bind("127.0.0.1:0"))
            .outcome()
            .await?;
        try_start_bound(bound, new_handler)
    })
}

/// Starts an already bound server.
#[track_caller]
pub fn start_bound<H, F>(server: std::io::Result<Server>, new_handler: F) -> TestServer
where
    H: Handler,
    F: FnMut() -> H + Send + 'static,
{
    match try_start_bound(server, new_handler) {
        Ok(server) => server,
        Err(failure) => panic!("{failure}"),
    }
}

fn try_start_bound<H, F>(
    server: std::io::Result<Server>,
    new_handler: F,
) -> Result<TestServer, String>
where
    H: Handler,
    F: FnMut() -> H + Send + 'static,
{
    testkit::watch_for_stub_panics();
    testkit::arm_hang_watchdog();
    let server =
        server.map_err(|error| format!("Server::bind(\"127.0.0.1:0\") failed: {error}"))?;
    let addr = server
        .local_addr()
        .map_err(|error| format!("Server::local_addr failed: {error}"))?;
    let shutdown = server.shutdown_token();
    tokio::spawn(server.run(new_handler));
    Ok(TestServer { addr, shutdown })
}

/// Starts the real thing: RESP and commands over one `Shared` server state.
pub fn start_redis() -> Checked<'static, TestServer> {
    let shared = Shared::new();
    start_with(move || RespHandler::new(shared.clone()))
}

/// A raw client connected to a fresh Redis server.
pub fn redis_and_client() -> Checked<'static, (TestServer, RawClient)> {
    Checked::new(async {
        let server = start_redis().outcome().await?;
        let client = RawClient::connect(server.addr).outcome().await?;
        Ok((server, client))
    })
}

/// Runs one command without any network, the way the server would (`commands::dispatch`), and
/// returns the reply as the `Frame` the command made (binary-safe arguments).
pub fn call(shared: &Shared, session: &mut Session, parts: &[&[u8]]) -> Frame {
    let request = Frame::Array(
        parts
            .iter()
            .map(|part| Frame::Bulk(bytes::Bytes::copy_from_slice(part)))
            .collect(),
    );
    commands::dispatch(shared, session, request)
}

/// Like [`call`], and returns the reply's bytes. `run(&shared, &mut session, &["SET", "k", "v"])`.
pub fn run(shared: &Shared, session: &mut Session, parts: &[&str]) -> Vec<u8> {
    let parts: Vec<&[u8]> = parts.iter().map(|part| part.as_bytes()).collect();
    call(shared, session, &parts).to_bytes().to_vec()
}

/// Like [`run`], and checks the reply's exact bytes.
#[track_caller]
pub fn expect(shared: &Shared, session: &mut Session, parts: &[&str], reply: &str, why: &str) {
    let got = run(shared, session, parts);
    assert!(
        got == reply.as_bytes(),
        "{why}\n  command: {parts:?}\n  expected: {}\n       got: {}",
        testkit::show(reply.as_bytes()),
        testkit::show(&got)
    );
}

/// Runs each `(request, reply, why)` in order on one session, without any network: the
/// request's words are separated by single spaces, and each reply is checked byte for byte.
#[track_caller]
pub fn transcript(shared: &Shared, session: &mut Session, lines: &[(&str, &str, &str)]) {
    for (request, reply, why) in lines {
        let parts: Vec<&str> = request.split(' ').collect();
        expect(shared, session, &parts, reply, why);
    }
}

/// Runs the tutorial example `tests/python/tutorial_<name>.py` through redis-py 8 against a fresh
/// server of this tree, over real TCP, and checks that it prints exactly what it prints against
/// real Redis 7: `tests/python/tutorial_<name>.expected` (`solutions/tests/python.rs` keeps that
/// file true to Redis).
///
/// First, without Python, the server must answer `probe`, a command of the chapter the example
/// needs, with something other than an error: on a stub that fails naming it. Without a Python
/// that has redis-py 8, that is all the test checks, and it says how to install one; in CI, where
/// Python is installed, a missing one fails the test.
pub fn tutorial_matches_redis(name: &str, probe: &'static [&'static str]) -> Checked<'static, ()> {
    let python_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/python");
    let script = python_dir.join(format!("tutorial_{name}.py"));
    let expected_path = python_dir.join(format!("tutorial_{name}.expected"));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    Checked::new(async move {
        let expected = std::fs::read_to_string(&expected_path)
            .map_err(|error| format!("{}: {error}", expected_path.display()))?;
        let probed = start_redis().outcome().await?;
        let mut client = RawClient::connect(probed.addr).outcome().await?;
        let parts: Vec<&[u8]> = probe.iter().map(|part| part.as_bytes()).collect();
        client.send(&command(&parts)).outcome().await?;
        let first = client
            .read_bytes(1, &format!("waiting for the reply to {probe:?}"))
            .outcome()
            .await?;
        if first == b"-" {
            return Err(format!(
                "the tutorial example needs {probe:?} to work, and it answers an error"
            ));
        }
        let Some(python) = testkit::python::python_or_skip(&root, "the tutorial example")? else {
            return Ok(());
        };
        // A server of its own: the example starts from an empty one, as against real Redis.
        let server = start_redis().outcome().await?;
        let got = testkit::python::run_script(&python, &script, server.addr.port())
            .outcome()
            .await?;
        if got != expected {
            return Err(format!(
                "the tutorial example {} prints something else than against real Redis 7 ({}):\n{}",
                script.display(),
                expected_path.display(),
                testkit::python::first_difference(&expected, &got)
            ));
        }
        Ok(())
    })
}
