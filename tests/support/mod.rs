//! What the step tests share, compiled against whichever tree runs them (`exercises` or
//! `solutions`): the names `server`, `store`, `commands` and `resp` are that tree's crates.
#![allow(dead_code)]

use std::net::SocketAddr;

use commands::{Session, Shared};
use resp::Frame;
use server::{Handler, RespHandler, Server};
use tokio_util::sync::CancellationToken;

#[allow(unused_imports)]
pub use testkit::{command, within, RawClient};

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
pub async fn start_with<H, F>(new_handler: F) -> TestServer
where
    H: Handler,
    F: FnMut() -> H + Send + 'static,
{
    start_bound(
        within("binding 127.0.0.1:0", Server::bind("127.0.0.1:0")).await,
        new_handler,
    )
}

/// Starts an already bound server.
pub fn start_bound<H, F>(server: std::io::Result<Server>, new_handler: F) -> TestServer
where
    H: Handler,
    F: FnMut() -> H + Send + 'static,
{
    testkit::watch_for_stub_panics();
    testkit::arm_hang_watchdog();
    let server =
        server.unwrap_or_else(|error| panic!("Server::bind(\"127.0.0.1:0\") failed: {error}"));
    let addr = server
        .local_addr()
        .unwrap_or_else(|error| panic!("Server::local_addr failed: {error}"));
    let shutdown = server.shutdown_token();
    tokio::spawn(server.run(new_handler));
    TestServer { addr, shutdown }
}

/// Starts the real thing: RESP and commands over one `Shared` server state.
pub async fn start_redis() -> TestServer {
    let shared = Shared::new();
    start_with(move || RespHandler::new(shared.clone())).await
}

/// A raw client connected to a fresh Redis server.
pub async fn redis_and_client() -> (TestServer, RawClient) {
    let server = start_redis().await;
    let client = RawClient::connect(server.addr).await;
    (server, client)
}

/// Runs one command without any network, the way the server would (`commands::dispatch`), and
/// returns the reply's bytes. `run(&shared, &mut session, &["SET", "k", "v"])`.
pub fn run(shared: &Shared, session: &mut Session, parts: &[&str]) -> Vec<u8> {
    let request = Frame::Array(
        parts
            .iter()
            .map(|part| Frame::Bulk(bytes::Bytes::copy_from_slice(part.as_bytes())))
            .collect(),
    );
    commands::dispatch(shared, session, request)
        .to_bytes()
        .to_vec()
}

/// Like [`run`], and checks the reply's exact bytes.
pub fn expect(shared: &Shared, session: &mut Session, parts: &[&str], reply: &str, why: &str) {
    let got = run(shared, session, parts);
    assert!(
        got == reply.as_bytes(),
        "{why}\n  command: {parts:?}\n  expected: {}\n       got: {}",
        testkit::show(reply.as_bytes()),
        testkit::show(&got)
    );
}
