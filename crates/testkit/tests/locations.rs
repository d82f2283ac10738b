//! A failing check names the test's line, not the test kit's.
//!
//! The learner reads `panicked at <file>:<line>` first. If that is a line inside the test kit,
//! it says nothing; the line of the test that failed says which check it was. Each test here
//! makes a helper fail against a tiny server and reads the location the panic reported.

use std::cell::RefCell;
use std::sync::Once;

use testkit::{within, RawClient};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

thread_local! {
    /// Where each panic of this thread happened, in order. Each test runs on a thread of its
    /// own, and its runtime (and so every task it spawns) on that thread.
    static PANICS: RefCell<Vec<(String, u32)>> = const { RefCell::new(Vec::new()) };
}

/// Records every panic's location, then lets the usual hook print it.
fn record_panic_locations() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Some(location) = info.location() {
                PANICS.with(|panics| {
                    panics
                        .borrow_mut()
                        .push((location.file().to_string(), location.line()))
                });
            }
            default_hook(info);
        }));
    });
}

/// A server that answers every client with `+NOPE\r\n` and then closes.
async fn nope_server() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local_addr");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream.write_all(b"+NOPE\r\n").await;
        }
    });
    addr
}

/// Runs `check` in a task of its own, expects it to fail, and returns the location and message
/// of its panic. Each check below puts `here!()` into its failure message, on the line of its
/// `.await`, so the message says which line the location must be.
async fn failure<F>(check: F) -> (String, u32, String)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    record_panic_locations();
    let outcome = tokio::spawn(check).await;
    let message = match outcome {
        Ok(()) => panic!("the check was meant to fail"),
        Err(error) => {
            let payload = error.into_panic();
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|text| text.to_string()))
                .unwrap_or_default()
        }
    };
    let (file, line) = PANICS
        .with(|panics| panics.borrow_mut().pop())
        .expect("a panic location");
    (file, line, message)
}

/// `[line N]`, N being the line where it is written.
macro_rules! here {
    () => {
        format!("[line {}]", line!())
    };
}

/// Checks that the failure happened in this file, at the line its message names.
fn assert_points_at_its_line((file, line, message): (String, u32, String)) {
    assert_eq!(
        file,
        file!(),
        "the failure must point into the test file: {message}"
    );
    assert!(
        message.contains(&format!("[line {line}]")),
        "the failure must point at the line of the test's `.await`, {line}: {message}"
    );
}

#[tokio::test]
async fn a_wrong_reply_fails_at_the_line_of_the_await() {
    let addr = nope_server().await;
    assert_points_at_its_line(
        failure(async move {
            let mut client = RawClient::connect(addr).await;
            client.expect(b"+OK\r\n", &here!()).await;
        })
        .await,
    );
}

#[tokio::test]
async fn a_closed_connection_check_and_a_timeout_fail_at_the_test_too() {
    let addr = nope_server().await;
    // Bytes arrive instead of the end of the connection.
    assert_points_at_its_line(
        failure(async move {
            let mut client = RawClient::connect(addr).await;
            client.expect_closed(&here!()).await;
        })
        .await,
    );
    // A fresh start: the test kit would take the panic above for one of a server's.
    testkit::take_server_panic();
    assert_points_at_its_line(
        failure(async move {
            within(&here!(), std::future::pending::<()>()).await;
        })
        .await,
    );
}
