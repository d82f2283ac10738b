//! The race for the last hats: PyHats' `buyitem`, run by 8 clients at once, never oversells.
//!
//! Each client loops on the tutorial's optimistic purchase: `WATCH` the hat, `HGET` its stock,
//! and if there is one, `MULTI`, `HINCRBY quantity -1`, `HINCRBY npurchased 1`, `EXEC`. A null
//! `EXEC` (another buyer got there between the read and the `EXEC`) is a retry; a stock of 0 is
//! "out of stock", and the client stops. On a stock of 100, exactly 100 hats must be sold, the
//! stock must end at 0 (never below), and every attempt must be a sale, a retry or the final out
//! of stock, over 20 rounds.
//!
//! The server runs in this process on a two-thread runtime, so the clients' requests really do
//! interleave. Run: `cargo test -p solutions --test transactions_race`.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use redis::aio::MultiplexedConnection;
use tokio::time::timeout;

const CLIENTS: usize = 8;
const STOCK: i64 = 100;
const ROUNDS: usize = 20;
const HAT: &str = "hat:56854717";
/// The whole test, all rounds, must end within this.
const BUDGET: Duration = Duration::from_secs(30);

/// What one client's attempts came to.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    attempts: u64,
    sold: u64,
    retries: u64,
    out_of_stock: u64,
}

/// Starts the reference server on a free loopback port, in this process.
async fn start_server() -> (SocketAddr, tokio_util::sync::CancellationToken) {
    let server = server::Server::bind("127.0.0.1:0")
        .await
        .expect("bind a free loopback port");
    let addr = server.local_addr().expect("the bound address");
    let shutdown = server.shutdown_token();
    let shared = commands::Shared::new();
    tokio::spawn(server.run(move || server::RespHandler::new(shared.clone())));
    (addr, shutdown)
}

async fn connect(addr: SocketAddr) -> MultiplexedConnection {
    redis::Client::open(format!("redis://{addr}"))
        .expect("a valid address")
        .get_multiplexed_async_connection()
        .await
        .expect("connect to the in-process server")
}

/// One buyer: `buyitem` until the hat is out of stock.
async fn buyer(addr: SocketAddr) -> Tally {
    let mut connection = connect(addr).await;
    let mut tally = Tally::default();
    loop {
        tally.attempts += 1;
        // WATCH and the read, in one round trip: the tutorial sends them one after the other,
        // which is the same to the server.
        let (left,): (i64,) = redis::pipe()
            .cmd("WATCH")
            .arg(HAT)
            .ignore()
            .cmd("HGET")
            .arg(HAT)
            .arg("quantity")
            .query_async(&mut connection)
            .await
            .expect("WATCH, HGET quantity");
        if left <= 0 {
            let () = redis::cmd("UNWATCH")
                .query_async(&mut connection)
                .await
                .expect("UNWATCH");
            tally.out_of_stock += 1;
            return tally;
        }
        let bought: Option<(i64, i64)> = redis::pipe()
            .atomic()
            .cmd("HINCRBY")
            .arg(HAT)
            .arg("quantity")
            .arg(-1)
            .cmd("HINCRBY")
            .arg(HAT)
            .arg("npurchased")
            .arg(1)
            .query_async(&mut connection)
            .await
            .expect("MULTI/EXEC");
        match bought {
            Some((left, _)) => {
                assert!(left >= 0, "a sale left the stock at {left}: oversold");
                tally.sold += 1;
            }
            None => tally.retries += 1,
        }
    }
}

/// One round: a fresh stock, 8 buyers at once, and the books must balance.
async fn round(addr: SocketAddr, number: usize) -> Tally {
    let mut setup = connect(addr).await;
    let () = redis::cmd("HSET")
        .arg(HAT)
        .arg("quantity")
        .arg(STOCK)
        .arg("npurchased")
        .arg(0)
        .query_async(&mut setup)
        .await
        .map(|_: i64| ())
        .expect("stock the hat");
    let buyers: Vec<_> = (0..CLIENTS).map(|_| tokio::spawn(buyer(addr))).collect();
    let mut total = Tally::default();
    for buyer in buyers {
        let tally = buyer.await.expect("a buyer must not panic");
        assert_eq!(
            tally.attempts,
            tally.sold + tally.retries + tally.out_of_stock,
            "round {number}: every attempt is a sale, a retry or out of stock: {tally:?}"
        );
        assert_eq!(
            tally.out_of_stock, 1,
            "round {number}: each buyer stops at its first out of stock"
        );
        total.attempts += tally.attempts;
        total.sold += tally.sold;
        total.retries += tally.retries;
        total.out_of_stock += tally.out_of_stock;
    }
    let (quantity, npurchased): (i64, i64) = redis::cmd("HMGET")
        .arg(HAT)
        .arg("quantity")
        .arg("npurchased")
        .query_async(&mut setup)
        .await
        .expect("HMGET");
    assert_eq!(
        total.sold, STOCK as u64,
        "round {number}: exactly the stock is sold, no more, no less: {total:?}"
    );
    assert_eq!(
        (quantity, npurchased),
        (0, STOCK),
        "round {number}: the hash agrees with the buyers"
    );
    total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_buyers_never_sell_more_hats_than_the_stock() {
    let started = Instant::now();
    let (addr, shutdown) = start_server().await;
    let mut retries = 0;
    let work = async {
        for number in 1..=ROUNDS {
            retries += round(addr, number).await.retries;
        }
    };
    timeout(BUDGET, work)
        .await
        .expect("20 rounds of 8 buyers finish within 30 s");
    shutdown.cancel();
    println!(
        "{ROUNDS} rounds of {CLIENTS} buyers on a stock of {STOCK}: {retries} retries in all, \
         {:?}",
        started.elapsed()
    );
    assert!(
        retries > 0,
        "buyers that never collided tested nothing: WATCH must have aborted some EXECs"
    );
}
