//! Step 1: the TCP server.
//!
//! Run: `cargo test -p exercises --test steps step1_tcp::`. Stubs: `server/src/listener.rs`
//! (`Server::bind`, `Server::run`) and `server/src/connection.rs` (`serve_connection`).
//!
//! No RESP yet: these tests plug in a handler of their own, `Shout`, which answers each line with
//! the same line in capitals, and hangs up on `bye`. It is enough to show that the server
//! accepts, reads, writes, keeps partial input, serves many clients at once and survives clients
//! that vanish.

use crate::support;

use std::time::Duration;

use bytes::BytesMut;
use server::{Flow, Handler, Server};
use support::{start_bound, start_with, within, RawClient};
use tokio::sync::mpsc;

/// Answers every complete line with itself in capitals; `bye` closes the connection.
struct Shout;

impl Handler for Shout {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        while let Some(end) = input.iter().position(|&byte| byte == b'\n') {
            let line = input.split_to(end + 1);
            output.extend_from_slice(&line.to_ascii_uppercase());
            if &line[..] == b"bye\n" {
                return Flow::Close;
            }
        }
        Flow::Continue
    }
}

#[tokio::test]
async fn bind_to_port_zero_gives_a_real_port() {
    testkit::arm_hang_watchdog();
    let server = within("binding", Server::bind("127.0.0.1:0"))
        .await
        .expect("Server::bind(\"127.0.0.1:0\") should succeed");
    let addr = server.local_addr().expect("local_addr after bind");
    assert_ne!(
        addr.port(),
        0,
        "port 0 asks the OS to pick a free port; local_addr must report it"
    );
}

#[tokio::test]
async fn a_client_gets_an_answer_to_each_line_on_one_connection() {
    let server = start_with(|| Shout).await;
    let mut client = RawClient::connect(server.addr).await;
    client
        .round_trip(
            b"hello\n",
            b"HELLO\n",
            "serve_connection must pass what it reads to the handler and write its output",
        )
        .await;
    client
        .round_trip(
            b"again\n",
            b"AGAIN\n",
            "the connection must keep serving after the first reply: loop",
        )
        .await;
}

#[tokio::test]
async fn input_split_across_writes_is_kept_until_complete() {
    let server = start_with(|| Shout).await;
    let mut client = RawClient::connect(server.addr).await;
    client.send(b"hel").await;
    client
        .expect_silence(
            Duration::from_millis(50),
            "half a line must not be answered yet",
        )
        .await;
    client
        .round_trip(
            b"lo\n",
            b"HELLO\n",
            "bytes of an incomplete request must stay in the input buffer for the next read",
        )
        .await;
}

#[tokio::test]
async fn pipelined_input_is_answered_in_order() {
    let server = start_with(|| Shout).await;
    let mut client = RawClient::connect(server.addr).await;
    client
        .round_trip(
            b"a\nb\nc\n",
            b"A\nB\nC\n",
            "everything read at once must be answered, in order",
        )
        .await;
}

#[tokio::test]
async fn many_clients_are_served_at_the_same_time() {
    let server = start_with(|| Shout).await;
    // A client that connects and says nothing must not block the others: each connection needs
    // its own task (tokio::spawn), not a turn in the accept loop.
    let _idle = RawClient::connect(server.addr).await;
    let mut clients = Vec::new();
    for _ in 0..50 {
        clients.push(RawClient::connect(server.addr).await);
    }
    for (i, client) in clients.iter_mut().enumerate() {
        client.send(format!("client {i}\n").as_bytes()).await;
    }
    for (i, client) in clients.iter_mut().enumerate() {
        client
            .expect(format!("CLIENT {i}\n").as_bytes(), "every client must be answered while another one sits idle: spawn a task per connection")
            .await;
    }
}

#[tokio::test]
async fn the_server_survives_clients_that_vanish() {
    let server = start_with(|| Shout).await;
    RawClient::connect(server.addr).await.close().await;
    let mut half = RawClient::connect(server.addr).await;
    half.send(b"half a li").await;
    half.close().await;
    let mut client = RawClient::connect(server.addr).await;
    client
        .round_trip(
            b"still there?\n",
            b"STILL THERE?\n",
            "a client that disconnects (even mid-request) must end only its own task",
        )
        .await;
}

/// [`Shout`], and a message on `ended` when it is dropped. `serve_connection` owns its handler,
/// so the drop says that the connection's task is over.
struct ShoutUntilDropped {
    ended: mpsc::UnboundedSender<()>,
}

impl Handler for ShoutUntilDropped {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        Shout.handle(input, output)
    }
}

impl Drop for ShoutUntilDropped {
    fn drop(&mut self) {
        let _ = self.ended.send(());
    }
}

#[tokio::test]
async fn a_read_of_0_bytes_ends_the_connection() {
    let (ended, mut ends) = mpsc::unbounded_channel();
    let server = start_with(move || ShoutUntilDropped {
        ended: ended.clone(),
    })
    .await;
    let mut client = RawClient::connect(server.addr).await;
    client
        .round_trip(b"hi\n", b"HI\n", "the connection serves a line")
        .await;
    client.close().await;
    // A loop that goes on after a read of 0 bytes never ends: every later read returns 0 at once,
    // and the task spins at 100% CPU. Then the handler is never dropped.
    let over = tokio::time::timeout(Duration::from_secs(1), ends.recv()).await;
    testkit::fail_if_server_panicked("waiting for the connection to end");
    assert!(
        over.is_ok(),
        "the client hung up, but its connection task was still running 1 s later: when \
         `read_buf` returns 0 bytes, serve_connection must return Ok(()). Looping again reads 0 \
         bytes forever, at 100% CPU"
    );
}

#[tokio::test]
async fn the_handler_can_close_the_connection_after_its_reply() {
    let server = start_with(|| Shout).await;
    let mut client = RawClient::connect(server.addr).await;
    client
        .round_trip(
            b"bye\n",
            b"BYE\n",
            "the output must be written before the connection closes",
        )
        .await;
    client
        .expect_closed("Flow::Close must close the connection once the output is written")
        .await;
}

#[tokio::test]
async fn shutdown_stops_the_server_and_run_returns() {
    testkit::arm_hang_watchdog();
    let server = within("binding", Server::bind("127.0.0.1:0"))
        .await
        .expect("bind");
    let addr = server.local_addr().expect("local_addr");
    let shutdown = server.shutdown_token();
    let running = tokio::spawn(server.run(|| Shout));
    let mut client = RawClient::connect(addr).await;
    client
        .round_trip(b"hi\n", b"HI\n", "served before shutdown")
        .await;
    shutdown.cancel();
    within("waiting for Server::run to return after shutdown", running)
        .await
        .expect("Server::run must not panic");
    client
        .expect_closed("on shutdown, idle connections are closed")
        .await;
}

#[tokio::test]
async fn a_client_over_the_limit_gets_redis_error() {
    let bound = within("binding", Server::bind("127.0.0.1:0"))
        .await
        .map(|server| server.with_max_clients(1));
    let server = start_bound(bound, || Shout);
    let mut first = RawClient::connect(server.addr).await;
    first
        .round_trip(b"one\n", b"ONE\n", "the first client fits")
        .await;
    let mut second = RawClient::connect(server.addr).await;
    second
        .expect(
            b"-ERR max number of clients reached\r\n",
            "past max_clients, Redis sends this error (reject_over_limit) and closes",
        )
        .await;
    second
        .expect_closed("the rejected client is disconnected")
        .await;
}
