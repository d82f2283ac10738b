//! Step 4: expiry.
//!
//! Run: `cargo test -p exercises --test steps step4_expiry::`. Stubs: the TTL methods of
//! `store/src/keyspace.rs` (`expire_if_needed`, `set_expiry`, `expires_at`, `persist`), active
//! expiry in `store/src/active_expiry.rs` (`expire_random_keys`, `Db::active_expire_cycle`,
//! `run_active_expiry`), and `commands/src/cmd/{expire,ttl,persist}.rs`.
//!
//! Time is tokio's, paused: `tokio::time::advance` moves it forward by hand, so a 10-second TTL is
//! tested in microseconds and never flakes. Commands run straight against a `Db` (no network:
//! network waits and a paused clock do not mix); one test at the end goes over TCP.

use crate::support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use commands::Session;
use std::sync::Arc;

use commands::Shared;
use store::{Db, Value, ACTIVE_EXPIRE_SAMPLE};
use support::{expect, redis_and_client, run};
use tokio::time::{advance, Instant};

fn setup() -> (Arc<Shared>, Session) {
    testkit::arm_hang_watchdog();
    (Shared::new(), Session::new())
}

/// A key set to die 100 s from now (EXAT/PXAT, from the wall clock read a moment ago) has a TTL
/// of 100 or, if a second boundary passed in between, 99.
fn assert_ttl_about_100(db: &Shared, session: &mut Session, key: &str, how: &str) {
    let ttl = String::from_utf8(run(db, session, &["TTL", key])).unwrap_or_default();
    assert!(
        ttl == ":100\r\n" || ttl == ":99\r\n",
        "SET {how} 100 s from now gives a TTL of about 100, got {ttl:?}"
    );
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |t| t.as_secs())
}

#[tokio::test(start_paused = true)]
async fn set_ex_gives_a_ttl_and_the_key_dies_after_it() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["SET", "k", "v", "EX", "10"],
        "+OK\r\n",
        "SET with EX",
    );
    expect(
        &db,
        &mut s,
        &["TTL", "k"],
        ":10\r\n",
        "TTL right after SET EX 10 is 10",
    );
    expect(
        &db,
        &mut s,
        &["PTTL", "k"],
        ":10000\r\n",
        "PTTL is in milliseconds",
    );
    advance(Duration::from_secs(10)).await;
    expect(
        &db,
        &mut s,
        &["GET", "k"],
        "$1\r\nv\r\n",
        "at its deadline exactly, a key is still alive (Redis expires when now > deadline)",
    );
    advance(Duration::from_millis(1)).await;
    expect(
        &db,
        &mut s,
        &["GET", "k"],
        "$-1\r\n",
        "one millisecond later it is gone (passive expiry in Keyspace::get)",
    );
    expect(
        &db,
        &mut s,
        &["TTL", "k"],
        ":-2\r\n",
        "TTL of a missing key is -2",
    );
}

#[tokio::test(start_paused = true)]
async fn set_px_exat_and_pxat() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["SET", "p", "v", "PX", "1500"],
        "+OK\r\n",
        "SET PX",
    );
    expect(
        &db,
        &mut s,
        &["PTTL", "p"],
        ":1500\r\n",
        "PX is milliseconds",
    );
    expect(
        &db,
        &mut s,
        &["TTL", "p"],
        ":2\r\n",
        "TTL rounds to the nearest second: 1.5 s says 2",
    );
    let at = (unix_seconds() + 100).to_string();
    expect(
        &db,
        &mut s,
        &["SET", "e", "v", "EXAT", &at],
        "+OK\r\n",
        "SET EXAT",
    );
    assert_ttl_about_100(&db, &mut s, "e", "EXAT");
    let at_ms = ((unix_seconds() + 100) * 1000).to_string();
    expect(
        &db,
        &mut s,
        &["SET", "q", "v", "PXAT", &at_ms],
        "+OK\r\n",
        "SET PXAT",
    );
    assert_ttl_about_100(&db, &mut s, "q", "PXAT (milliseconds since 1970)");
    expect(
        &db,
        &mut s,
        &["SET", "old", "v", "EXAT", "1"],
        "+OK\r\n",
        "EXAT in the past is accepted, as in Redis",
    );
    expect(
        &db,
        &mut s,
        &["EXISTS", "old"],
        ":0\r\n",
        "and the key is gone at once",
    );
}

#[tokio::test(start_paused = true)]
async fn a_plain_set_drops_the_ttl_and_keepttl_keeps_it() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["SET", "k", "v", "EX", "100"],
        "+OK\r\n",
        "SET EX",
    );
    expect(
        &db,
        &mut s,
        &["SET", "k", "w", "KEEPTTL"],
        "+OK\r\n",
        "SET KEEPTTL",
    );
    expect(
        &db,
        &mut s,
        &["TTL", "k"],
        ":100\r\n",
        "KEEPTTL keeps the TTL",
    );
    expect(&db, &mut s, &["SET", "k", "x"], "+OK\r\n", "plain SET");
    expect(
        &db,
        &mut s,
        &["TTL", "k"],
        ":-1\r\n",
        "a plain SET makes the key persistent: TTL -1",
    );
    expect(
        &db,
        &mut s,
        &["SET", "k", "y", "KEEPTTL", "EX", "5"],
        "-ERR syntax error\r\n",
        "KEEPTTL with EX is a syntax error",
    );
}

#[tokio::test(start_paused = true)]
async fn set_nx_succeeds_on_an_expired_key_and_get_reads_before_it_dies() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["SET", "k", "old", "PX", "100"],
        "+OK\r\n",
        "SET PX",
    );
    expect(
        &db,
        &mut s,
        &["SET", "k", "new", "NX"],
        "$-1\r\n",
        "NX: the key is still alive",
    );
    advance(Duration::from_millis(101)).await;
    expect(
        &db,
        &mut s,
        &["SET", "k", "new", "NX", "GET"],
        "$-1\r\n",
        "an expired key does not exist: NX writes, GET sees null",
    );
    expect(
        &db,
        &mut s,
        &["GET", "k"],
        "$3\r\nnew\r\n",
        "the NX write happened",
    );
    expect(
        &db,
        &mut s,
        &["SET", "k", "newer", "GET", "EX", "50"],
        "$3\r\nnew\r\n",
        "GET replies the old value",
    );
    expect(
        &db,
        &mut s,
        &["TTL", "k"],
        ":50\r\n",
        "and the new TTL applies",
    );
}

#[tokio::test(start_paused = true)]
async fn expire_and_pexpire_set_a_ttl_on_existing_keys() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["EXPIRE", "nope", "10"],
        ":0\r\n",
        "EXPIRE of a missing key replies 0",
    );
    expect(&db, &mut s, &["SET", "k", "v"], "+OK\r\n", "SET");
    expect(&db, &mut s, &["TTL", "k"], ":-1\r\n", "no TTL yet: -1");
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "10"],
        ":1\r\n",
        "EXPIRE replies 1 when it sets a TTL",
    );
    expect(&db, &mut s, &["TTL", "k"], ":10\r\n", "TTL after EXPIRE 10");
    expect(
        &db,
        &mut s,
        &["PEXPIRE", "k", "2500"],
        ":1\r\n",
        "PEXPIRE is in milliseconds",
    );
    expect(
        &db,
        &mut s,
        &["PTTL", "k"],
        ":2500\r\n",
        "PTTL after PEXPIRE 2500",
    );
    advance(Duration::from_millis(2501)).await;
    expect(
        &db,
        &mut s,
        &["EXISTS", "k"],
        ":0\r\n",
        "gone after its TTL",
    );
}

#[tokio::test(start_paused = true)]
async fn expire_with_a_ttl_of_zero_or_less_deletes_at_once() {
    let (db, mut s) = setup();
    expect(&db, &mut s, &["SET", "k", "v"], "+OK\r\n", "SET");
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "-5"],
        ":1\r\n",
        "EXPIRE k -5 replies 1 ...",
    );
    expect(
        &db,
        &mut s,
        &["EXISTS", "k"],
        ":0\r\n",
        "... and deletes the key",
    );
    assert_eq!(
        db.db.lock()[0].len(),
        0,
        "the key is really gone from the keyspace"
    );
}

#[tokio::test(start_paused = true)]
async fn expire_conditions_nx_xx_gt_lt() {
    let (db, mut s) = setup();
    expect(&db, &mut s, &["SET", "k", "v"], "+OK\r\n", "SET");
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "100", "XX"],
        ":0\r\n",
        "XX: only if the key has a TTL",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "100", "GT"],
        ":0\r\n",
        "GT: no TTL counts as forever, nothing is greater",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "100", "NX"],
        ":1\r\n",
        "NX: only if the key has no TTL",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "50", "NX"],
        ":0\r\n",
        "NX again: it has one now",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "50", "GT"],
        ":0\r\n",
        "GT: 50 is not greater than 100",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "200", "GT"],
        ":1\r\n",
        "GT: 200 is",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "300", "LT"],
        ":0\r\n",
        "LT: 300 is not less than 200",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "20", "lt"],
        ":1\r\n",
        "LT: 20 is (options in any case)",
    );
    expect(&db, &mut s, &["TTL", "k"], ":20\r\n", "the TTL is 20");
}

#[tokio::test(start_paused = true)]
async fn expire_option_errors_are_redis_errors() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "10", "FOO"],
        "-ERR Unsupported option FOO\r\n",
        "an unknown option",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "10", "NX", "XX"],
        "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
        "NX with XX",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "10", "GT", "LT"],
        "-ERR GT and LT options at the same time are not compatible\r\n",
        "GT with LT",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "ten"],
        "-ERR value is not an integer or out of range\r\n",
        "a TTL that is not an integer",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k", "9223372036854775807"],
        "-ERR invalid expire time in 'expire' command\r\n",
        "seconds that overflow once in milliseconds",
    );
    expect(
        &db,
        &mut s,
        &["EXPIRE", "k"],
        "-ERR wrong number of arguments for 'expire' command\r\n",
        "EXPIRE needs a TTL",
    );
}

#[tokio::test(start_paused = true)]
async fn ttl_and_pttl_report_missing_persistent_and_rounded_times() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["TTL", "nope"],
        ":-2\r\n",
        "TTL: -2 for a missing key",
    );
    expect(
        &db,
        &mut s,
        &["PTTL", "nope"],
        ":-2\r\n",
        "PTTL: -2 for a missing key",
    );
    expect(&db, &mut s, &["SET", "k", "v"], "+OK\r\n", "SET");
    expect(
        &db,
        &mut s,
        &["PTTL", "k"],
        ":-1\r\n",
        "PTTL: -1 for a key with no TTL",
    );
    expect(&db, &mut s, &["PEXPIRE", "k", "1400"], ":1\r\n", "PEXPIRE");
    expect(&db, &mut s, &["TTL", "k"], ":1\r\n", "1.4 s rounds to 1");
    expect(&db, &mut s, &["PEXPIRE", "k", "1600"], ":1\r\n", "PEXPIRE");
    expect(&db, &mut s, &["TTL", "k"], ":2\r\n", "1.6 s rounds to 2");
    advance(Duration::from_millis(600)).await;
    expect(
        &db,
        &mut s,
        &["PTTL", "k"],
        ":1000\r\n",
        "600 ms later, 1000 ms are left",
    );
}

#[tokio::test(start_paused = true)]
async fn persist_removes_the_ttl() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["PERSIST", "nope"],
        ":0\r\n",
        "PERSIST of a missing key: 0",
    );
    expect(
        &db,
        &mut s,
        &["SET", "k", "v", "EX", "5"],
        "+OK\r\n",
        "SET EX",
    );
    expect(
        &db,
        &mut s,
        &["PERSIST", "k"],
        ":1\r\n",
        "PERSIST removes the TTL: 1",
    );
    expect(
        &db,
        &mut s,
        &["PERSIST", "k"],
        ":0\r\n",
        "nothing left to remove: 0",
    );
    advance(Duration::from_secs(60)).await;
    expect(
        &db,
        &mut s,
        &["GET", "k"],
        "$1\r\nv\r\n",
        "a persisted key outlives its old TTL",
    );
}

#[tokio::test(start_paused = true)]
async fn incr_keeps_the_ttl() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["SET", "n", "1", "EX", "60"],
        "+OK\r\n",
        "SET EX",
    );
    expect(&db, &mut s, &["INCR", "n"], ":2\r\n", "INCR");
    expect(
        &db,
        &mut s,
        &["TTL", "n"],
        ":60\r\n",
        "INCR keeps the TTL (set_keep_ttl), unlike SET",
    );
    advance(Duration::from_secs(61)).await;
    expect(
        &db,
        &mut s,
        &["INCR", "n"],
        ":1\r\n",
        "after expiry the counter starts again from 0",
    );
    expect(&db, &mut s, &["TTL", "n"], ":-1\r\n", "and has no TTL");
}

#[tokio::test(start_paused = true)]
async fn expired_keys_are_invisible_to_every_command() {
    let (db, mut s) = setup();
    expect(
        &db,
        &mut s,
        &["SET", "k", "v", "PX", "10"],
        "+OK\r\n",
        "SET PX",
    );
    advance(Duration::from_millis(11)).await;
    expect(
        &db,
        &mut s,
        &["EXISTS", "k"],
        ":0\r\n",
        "EXISTS of an expired key: 0",
    );
    expect(
        &db,
        &mut s,
        &["SET", "j", "v", "PX", "10"],
        "+OK\r\n",
        "SET PX",
    );
    advance(Duration::from_millis(11)).await;
    expect(
        &db,
        &mut s,
        &["DEL", "j"],
        ":0\r\n",
        "DEL of an expired key deletes nothing: 0",
    );
    expect(
        &db,
        &mut s,
        &["SET", "i", "v", "PX", "10"],
        "+OK\r\n",
        "SET PX",
    );
    advance(Duration::from_millis(11)).await;
    expect(
        &db,
        &mut s,
        &["EXPIRE", "i", "100"],
        ":0\r\n",
        "EXPIRE of an expired key: 0",
    );
    assert_eq!(
        db.db.lock()[0].len(),
        0,
        "each access removed its expired key from memory (passive expiry)"
    );
}

fn fill(db: &Db, prefix: &str, count: usize, ttl: Option<Duration>) {
    let mut databases = db.lock();
    let keyspace = &mut databases[0];
    for i in 0..count {
        let key = Bytes::from(format!("{prefix}:{i}"));
        keyspace.set(key.clone(), Value::String(Bytes::from_static(b"v")));
        if let Some(ttl) = ttl {
            keyspace.set_expiry(&key, Instant::now() + ttl);
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_round_samples_only_keys_with_a_ttl() {
    testkit::arm_hang_watchdog();
    let db = Db::new();
    fill(&db, "forever", 100, None);
    fill(&db, "brief", 5, Some(Duration::from_millis(10)));
    advance(Duration::from_millis(11)).await;
    let round = db.lock()[0].expire_random_keys(ACTIVE_EXPIRE_SAMPLE);
    // Drawn from `expires` alone, every draw is one of the 5 expired keys and deletes it. Drawn
    // from all 105 keys, most draws would land on the 100 that live forever.
    assert_eq!(
        (round.sampled, round.expired),
        (5, 5),
        "only the 5 keys with a TTL may be sampled (min(count, expires.len()) draws from \
         `expires`), and all 5 had expired: {round:?}"
    );
    assert_eq!(
        db.lock()[0].len(),
        100,
        "exactly the 5 expired keys were deleted, and none of the others"
    );
}

#[tokio::test(start_paused = true)]
async fn a_cycle_repeats_while_more_than_a_quarter_expired() {
    testkit::arm_hang_watchdog();
    let db = Db::new();
    fill(&db, "brief", 1000, Some(Duration::from_secs(1)));
    fill(&db, "forever", 10, None);
    advance(Duration::from_secs(2)).await;
    // A generous time budget: this test is about the 25% rule, not the clock (a loaded machine
    // could spend the usual 25 ms before 1000 keys are gone).
    let stats = db.active_expire_cycle_within(Duration::from_secs(30));
    assert_eq!(stats.expired, 1000, "every round found all of its sample expired, so the cycle went on until none were left: {stats:?}");
    assert!(
        stats.rounds >= 1000 / ACTIVE_EXPIRE_SAMPLE,
        "1000 keys at {ACTIVE_EXPIRE_SAMPLE} a round: {stats:?}"
    );
    assert_eq!(
        db.lock()[0].len(),
        10,
        "the keys without a TTL are untouched"
    );
}

#[tokio::test(start_paused = true)]
async fn a_cycle_stops_when_its_time_budget_is_spent() {
    testkit::arm_hang_watchdog();
    let db = Db::new();
    fill(&db, "brief", 1000, Some(Duration::from_secs(1)));
    advance(Duration::from_secs(2)).await;
    let stats = db.active_expire_cycle_within(Duration::ZERO);
    assert_eq!(
        (stats.rounds, stats.expired),
        (1, ACTIVE_EXPIRE_SAMPLE),
        "with its budget spent, Keyspace::active_expire_cycle stops after one round even though \
         every key it sampled had expired (check `std::time::Instant::now() >= stop_at` after \
         each round): {stats:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_cycle_with_nothing_expired_is_one_round() {
    testkit::arm_hang_watchdog();
    let db = Db::new();
    fill(&db, "later", 1000, Some(Duration::from_secs(100)));
    let stats = db.active_expire_cycle();
    assert_eq!(
        (stats.rounds, stats.sampled, stats.expired),
        (1, ACTIVE_EXPIRE_SAMPLE, 0),
        "no key had expired (0% <= 25%): one round of {ACTIVE_EXPIRE_SAMPLE} keys, then stop"
    );
}

#[tokio::test(start_paused = true)]
async fn the_background_task_removes_keys_nobody_reads() {
    testkit::watch_for_stub_panics();
    testkit::arm_hang_watchdog();
    let db = Db::new();
    fill(&db, "brief", 200, Some(Duration::from_millis(500)));
    fill(&db, "forever", 3, None);
    let shutdown = tokio_util::sync::CancellationToken::new();
    let task = tokio::spawn(store::run_active_expiry(db.clone(), shutdown.clone()));
    for _ in 0..20 {
        advance(Duration::from_millis(100)).await;
        tokio::task::yield_now().await;
    }
    testkit::fail_if_server_panicked("running the active expiry task");
    assert_eq!(
        db.lock()[0].len(),
        3,
        "two seconds of ticks every 100 ms removed every expired key without anyone reading them"
    );
    shutdown.cancel();
    support::within("waiting for run_active_expiry to stop on shutdown", task)
        .await
        .expect("run_active_expiry must not panic");
}

#[tokio::test]
async fn ttl_over_tcp() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"SET", b"k", b"v", b"EX", b"100"],
            b"+OK\r\n",
            "SET EX over TCP",
        )
        .await;
    client
        .command(&[b"TTL", b"k"], b":100\r\n", "TTL over TCP")
        .await;
    client
        .command(&[b"PERSIST", b"k"], b":1\r\n", "PERSIST over TCP")
        .await;
    client
        .command(&[b"TTL", b"k"], b":-1\r\n", "TTL after PERSIST")
        .await;
}
