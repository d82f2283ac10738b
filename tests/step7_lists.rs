//! Chapter 7: lists and blocking queues.
//!
//! Run: `cargo test -p exercises --test step7_lists`. Stubs: `commands/src/cmd/list.rs`
//! (`clamp_range`), `commands/src/cmd/lpush.rs` (`Push::apply`), `commands/src/cmd/lpop.rs`
//! (`Pop::apply`), `commands/src/cmd/lrange.rs` (`LRange::apply`), and the blocking:
//! `commands/src/blocking.rs` (`block`, `resume`) and `commands/src/waiters.rs`
//! (`Waiters::serve_ready`).
//!
//! The list commands run without a network (`support::expect`), byte for byte as Redis 7
//! replies. The blocking ones need two clients: each test drives two or more connection
//! handlers ([`server::RespHandler`], exactly what a TCP connection runs) over one shared
//! server, on tokio's paused clock, so a 5-second timeout takes no time and never flakes. The
//! tutorial examples then run through redis-py over real TCP.

mod support;

use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use commands::{Session, Shared};
use server::{Handler, RespHandler};
use support::expect;
use tokio::time::advance;

fn setup() -> (Arc<Shared>, Session) {
    testkit::arm_hang_watchdog();
    (Shared::new(), Session::new())
}

/// One client connection, without the socket: what it sends goes through the same handler a
/// TCP connection runs.
struct Client {
    handler: RespHandler,
}

impl Client {
    fn connect(shared: &Arc<Shared>) -> Client {
        Client {
            handler: RespHandler::new(shared.clone()),
        }
    }

    /// Sends one command (its words separated by spaces) and returns what the server wrote back
    /// at once: nothing, while the client waits.
    fn send(&mut self, line: &str) -> String {
        let parts: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
        let mut input = BytesMut::from(&testkit::command(&parts)[..]);
        let mut output = BytesMut::new();
        self.handler.handle(&mut input, &mut output);
        String::from_utf8_lossy(&output).into_owned()
    }

    /// What the connection writes when it wakes up with no new input.
    fn poll(&mut self) -> String {
        let (mut input, mut output) = (BytesMut::new(), BytesMut::new());
        self.handler.handle(&mut input, &mut output);
        String::from_utf8_lossy(&output).into_owned()
    }

    /// Whether the connection is woken (its mailbox rang, or its deadline came) within `wait`.
    async fn woken_within(&mut self, wait: Duration) -> bool {
        tokio::time::timeout(wait, self.handler.ready())
            .await
            .is_ok()
    }
}

#[test]
fn pushes_reply_the_length_and_lrange_reads_with_redis_index_rules() {
    let (shared, mut s) = setup();
    let s = &mut s;
    expect(
        &shared,
        s,
        &["LPUSH", "l", "a", "b"],
        ":2\r\n",
        "Push::apply: LPUSH replies the new length",
    );
    expect(
        &shared,
        s,
        &["RPUSH", "l", "c", "d"],
        ":4\r\n",
        "Push::apply: RPUSH adds at the tail",
    );
    expect(&shared, s, &["LRANGE", "l", "0", "-1"], "*4\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nd\r\n",
        "LRange::apply: LPUSH a b pushes a then b at the head, so b comes first; 0 -1 is everything");
    expect(
        &shared,
        s,
        &["LRANGE", "l", "-2", "-1"],
        "*2\r\n$1\r\nc\r\n$1\r\nd\r\n",
        "clamp_range: negative indexes count from the tail",
    );
    expect(
        &shared,
        s,
        &["LRANGE", "l", "-100", "100"],
        "*4\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nd\r\n",
        "clamp_range: a range past the ends is clamped to the list, not an error",
    );
    expect(
        &shared,
        s,
        &["LRANGE", "l", "2", "1"],
        "*0\r\n",
        "clamp_range: start after stop is empty",
    );
    expect(
        &shared,
        s,
        &["LRANGE", "l", "4", "9"],
        "*0\r\n",
        "clamp_range: start past the end is empty",
    );
    expect(
        &shared,
        s,
        &["LRANGE", "l", "0", "-5"],
        "*0\r\n",
        "clamp_range: a stop before the head is empty",
    );
    expect(
        &shared,
        s,
        &["LRANGE", "nope", "0", "-1"],
        "*0\r\n",
        "LRange::apply: a missing key is an empty list",
    );
    expect(
        &shared,
        s,
        &["LPUSHX", "nope", "x"],
        ":0\r\n",
        "Push::apply: LPUSHX does not create a list",
    );
    expect(
        &shared,
        s,
        &["EXISTS", "nope"],
        ":0\r\n",
        "Push::apply: LPUSHX on a missing key creates nothing",
    );
    expect(
        &shared,
        s,
        &["RPUSHX", "l", "e"],
        ":5\r\n",
        "Push::apply: RPUSHX pushes to an existing list",
    );
    expect(
        &shared,
        s,
        &["TYPE", "l"],
        "+list\r\n",
        "a list's type is list",
    );
}

#[test]
fn pops_take_from_either_end_and_an_emptied_list_is_deleted() {
    let (shared, mut s) = setup();
    let s = &mut s;
    expect(
        &shared,
        s,
        &["RPUSH", "l", "a", "b", "c", "d"],
        ":4\r\n",
        "Push::apply",
    );
    expect(
        &shared,
        s,
        &["LPOP", "l"],
        "$1\r\na\r\n",
        "Pop::apply: LPOP takes the head",
    );
    expect(
        &shared,
        s,
        &["RPOP", "l"],
        "$1\r\nd\r\n",
        "Pop::apply: RPOP takes the tail",
    );
    expect(
        &shared,
        s,
        &["LPOP", "l", "0"],
        "*0\r\n",
        "Pop::apply: a count of 0 is the empty array",
    );
    expect(
        &shared,
        s,
        &["RPOP", "l", "5"],
        "*2\r\n$1\r\nc\r\n$1\r\nb\r\n",
        "Pop::apply: with a count, an array of at most that many, in popping order",
    );
    expect(
        &shared,
        s,
        &["EXISTS", "l"],
        ":0\r\n",
        "Pop::apply: a list emptied is deleted, as in Redis",
    );
    expect(
        &shared,
        s,
        &["LPOP", "l"],
        "$-1\r\n",
        "Pop::apply: a missing key pops null",
    );
    expect(
        &shared,
        s,
        &["LPOP", "l", "2"],
        "*-1\r\n",
        "Pop::apply: with a count, the null array",
    );
    expect(
        &shared,
        s,
        &["LPOP", "l", "-1"],
        "-ERR value is out of range, must be positive\r\n",
        "a negative count is refused",
    );
}

#[test]
fn another_type_is_wrongtype_and_is_left_alone() {
    let (shared, mut s) = setup();
    let s = &mut s;
    let wrongtype = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    expect(&shared, s, &["SET", "s", "v"], "+OK\r\n", "SET");
    for command in [
        &["LPUSH", "s", "x"][..],
        &["RPOP", "s"],
        &["LRANGE", "s", "0", "-1"],
        &["BLPOP", "s", "0"],
    ] {
        expect(&shared, s, command, wrongtype, "a string is not a list");
    }
    expect(&shared, s, &["RPUSH", "l", "x"], ":1\r\n", "Push::apply");
    expect(
        &shared,
        s,
        &["GET", "l"],
        wrongtype,
        "a list is not a string",
    );
    expect(
        &shared,
        s,
        &["GET", "s"],
        "$1\r\nv\r\n",
        "the string is untouched",
    );
}

#[tokio::test(start_paused = true)]
async fn a_waiter_is_served_by_a_push_from_another_client() {
    let (shared, _) = setup();
    let (mut a, mut b) = (Client::connect(&shared), Client::connect(&shared));
    assert_eq!(
        a.send("BLPOP q 0"),
        "",
        "block: BLPOP on an empty list does not reply: it waits"
    );
    assert_eq!(
        shared.waiters.blocked_clients(),
        1,
        "block: the client is registered as a waiter"
    );
    assert_eq!(
        b.send("RPUSH q job"),
        ":1\r\n",
        "the push itself replies as usual"
    );
    assert!(
        a.woken_within(Duration::from_secs(1)).await,
        "serve_ready: the push wakes the waiter"
    );
    assert_eq!(
        a.poll(),
        "*2\r\n$1\r\nq\r\n$3\r\njob\r\n",
        "serve_ready + resume: the waiter gets [key, element]"
    );
    assert_eq!(
        b.send("EXISTS q"),
        ":0\r\n",
        "serve_ready: the element went to the waiter; the list is gone"
    );
    assert_eq!(
        shared.waiters.blocked_clients(),
        0,
        "a served client no longer waits"
    );
    assert_eq!(
        a.send("PING"),
        "+PONG\r\n",
        "resume: once served, the client answers requests again"
    );
}

#[tokio::test(start_paused = true)]
async fn waiters_are_served_first_come_first_served_one_element_each() {
    let (shared, _) = setup();
    let (mut a, mut b, mut c) = (
        Client::connect(&shared),
        Client::connect(&shared),
        Client::connect(&shared),
    );
    assert_eq!(a.send("BLPOP q 0"), "", "block");
    assert_eq!(b.send("BRPOP q 0"), "", "block");
    assert_eq!(c.send("LPUSH q one"), ":1\r\n", "Push::apply");
    assert_eq!(
        a.poll(),
        "*2\r\n$1\r\nq\r\n$3\r\none\r\n",
        "serve_ready: the first waiter gets the only element"
    );
    assert!(
        !b.woken_within(Duration::from_millis(100)).await || b.poll().is_empty(),
        "serve_ready: one element serves one waiter, never two"
    );
    assert_eq!(c.send("RPUSH q two three"), ":2\r\n", "Push::apply");
    assert_eq!(
        b.poll(),
        "*2\r\n$1\r\nq\r\n$5\r\nthree\r\n",
        "serve_ready: the next push serves the second (BRPOP: the tail)"
    );
    assert_eq!(
        c.send("LRANGE q 0 -1"),
        "*1\r\n$3\r\ntwo\r\n",
        "what no one waited for stays"
    );
}

#[tokio::test(start_paused = true)]
async fn a_timeout_replies_the_null_array_at_its_deadline_and_not_before() {
    let (shared, _) = setup();
    let mut a = Client::connect(&shared);
    assert_eq!(a.send("BLPOP q 1.5"), "", "block");
    advance(Duration::from_millis(1499)).await;
    assert_eq!(
        a.poll(),
        "",
        "resume: 1.499 s into a 1.5 s timeout, still waiting"
    );
    assert!(
        a.woken_within(Duration::from_millis(2)).await,
        "block: the connection wakes at wait_deadline"
    );
    assert_eq!(
        a.poll(),
        "*-1\r\n",
        "resume: at the deadline, the null array"
    );
    assert_eq!(
        shared.waiters.blocked_clients(),
        0,
        "resume: a timed-out client no longer waits"
    );
    assert!(!a.send("HELLO 3").is_empty(), "HELLO 3");
    assert_eq!(a.send("BRPOP q 0.01"), "", "block");
    advance(Duration::from_millis(10)).await;
    assert_eq!(a.poll(), "_\r\n", "resume: in RESP3 a timeout is null");
    assert_eq!(
        a.send("BLPOP q -1"),
        "-ERR timeout is negative\r\n",
        "a negative timeout is refused"
    );
    assert_eq!(
        a.send("BLPOP q x"),
        "-ERR timeout is not a float or out of range\r\n",
        "so is a word"
    );
}

#[tokio::test(start_paused = true)]
async fn requests_sent_while_waiting_are_answered_after_the_wait() {
    let (shared, _) = setup();
    let (mut a, mut b) = (Client::connect(&shared), Client::connect(&shared));
    let mut pipeline = testkit::command(&[b"BLPOP", b"q", b"0"]);
    pipeline.extend_from_slice(&testkit::command(&[b"ECHO", b"after"]));
    let (mut input, mut output) = (BytesMut::from(&pipeline[..]), BytesMut::new());
    a.handler.handle(&mut input, &mut output);
    assert!(
        output.is_empty(),
        "block: nothing is answered while the client waits, not even ECHO"
    );
    assert_eq!(b.send("RPUSH q x"), ":1\r\n", "Push::apply");
    a.handler.handle(&mut input, &mut output);
    assert_eq!(
        String::from_utf8_lossy(&output),
        "*2\r\n$1\r\nq\r\n$1\r\nx\r\n$5\r\nafter\r\n",
        "resume: the BLPOP's reply first, then the request that waited behind it"
    );
}

#[tokio::test(start_paused = true)]
async fn several_keys_the_first_non_empty_in_order_or_the_first_written() {
    let (shared, _) = setup();
    let (mut a, mut b) = (Client::connect(&shared), Client::connect(&shared));
    assert_eq!(b.send("RPUSH k2 two"), ":1\r\n", "Push::apply");
    assert_eq!(b.send("RPUSH k3 three"), ":1\r\n", "Push::apply");
    assert_eq!(
        a.send("BLPOP k1 k3 k2 0"),
        "*2\r\n$2\r\nk3\r\n$5\r\nthree\r\n",
        "a non-empty key answers at once: the first non-empty one in argument order"
    );
    assert_eq!(a.send("BLPOP k1 k3 0"), "", "block: every key empty");
    assert_eq!(b.send("RPUSH k3 late"), ":1\r\n", "Push::apply");
    assert_eq!(
        a.poll(),
        "*2\r\n$2\r\nk3\r\n$4\r\nlate\r\n",
        "serve_ready: served from the key that received"
    );
    assert_eq!(b.send("RPUSH k1 x"), ":1\r\n", "Push::apply");
    assert_eq!(
        b.send("LLEN k1"),
        ":1\r\n",
        "serve_ready: served once: it no longer waits on k1 either"
    );
}

#[tokio::test(start_paused = true)]
async fn a_blmove_served_in_turn_serves_the_waiter_on_its_destination() {
    let (shared, _) = setup();
    let (mut a, mut b, mut c) = (
        Client::connect(&shared),
        Client::connect(&shared),
        Client::connect(&shared),
    );
    assert_eq!(a.send("BLMOVE q1 q2 LEFT RIGHT 0"), "", "block");
    assert_eq!(b.send("BLPOP q2 0"), "", "block");
    assert_eq!(c.send("RPUSH q1 hop"), ":1\r\n", "Push::apply");
    assert_eq!(
        a.poll(),
        "$3\r\nhop\r\n",
        "serve_ready: BLMOVE replies the element it moved"
    );
    assert_eq!(
        b.poll(),
        "*2\r\n$2\r\nq2\r\n$3\r\nhop\r\n",
        "serve_ready: the move into q2 is a write to q2, which serves q2's waiter"
    );
    assert_eq!(c.send("EXISTS q1 q2"), ":0\r\n", "nothing left over");
}

#[tokio::test(start_paused = true)]
async fn a_client_that_leaves_while_waiting_leaves_nothing() {
    let (shared, _) = setup();
    let (mut a, mut b) = (Client::connect(&shared), Client::connect(&shared));
    assert_eq!(a.send("BLPOP q 0"), "", "block");
    drop(a);
    assert_eq!(
        shared.waiters.blocked_clients(),
        0,
        "a disconnected client no longer waits"
    );
    assert_eq!(b.send("RPUSH q kept"), ":1\r\n", "Push::apply");
    assert_eq!(
        b.send("LLEN q"),
        ":1\r\n",
        "serve_ready: nobody is served: the element stays"
    );
}

#[tokio::test(start_paused = true)]
async fn client_unblock_ends_a_wait_as_a_timeout_or_an_error() {
    let (shared, _) = setup();
    let (mut a, mut b) = (Client::connect(&shared), Client::connect(&shared));
    let id = a.send("CLIENT ID");
    let id = id.trim_start_matches(':').trim_end();
    assert_eq!(a.send("BLPOP q 0"), "", "block");
    assert_eq!(
        b.send(&format!("CLIENT UNBLOCK {id}")),
        ":1\r\n",
        "a waiting client is unblocked"
    );
    assert_eq!(
        a.poll(),
        "*-1\r\n",
        "resume: TIMEOUT (the default) replies as a timeout"
    );
    assert_eq!(a.send("BLPOP q 0"), "", "block");
    assert_eq!(
        b.send(&format!("CLIENT UNBLOCK {id} ERROR")),
        ":1\r\n",
        "unblocked"
    );
    assert_eq!(
        a.poll(),
        "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n",
        "resume: ERROR replies an error"
    );
    assert_eq!(
        b.send(&format!("CLIENT UNBLOCK {id}")),
        ":0\r\n",
        "a client that does not wait: 0"
    );
}

#[test]
fn inside_exec_a_blocking_pop_does_not_wait() {
    let (shared, mut s) = setup();
    s.in_exec = true;
    expect(
        &shared,
        &mut s,
        &["BLPOP", "q", "0"],
        "*-1\r\n",
        "block: EXEC cannot wait: the null array at once",
    );
    expect(
        &shared,
        &mut s,
        &["BLMOVE", "q", "d", "LEFT", "LEFT", "0"],
        "$-1\r\n",
        "block: BLMOVE in EXEC: null",
    );
    assert_eq!(
        shared.waiters.blocked_clients(),
        0,
        "block: nothing registered"
    );
}

#[tokio::test]
async fn tutorial_examples_run_through_redis_py() {
    support::tutorial_matches_redis("lists").await;
}
