//! Chapter 7: lists and blocking queues.
//!
//! Run: `cargo test -p exercises --test steps step7_lists::`. Stubs: `commands/src/cmd/list.rs`
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

use crate::support;

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

/// Runs each `(request, reply, why)` of a transcript in order, on one session: the request's
/// words are separated by spaces, and the reply is checked byte for byte.
#[track_caller]
fn transcript(steps: &[(&str, &str, &str)]) {
    let (shared, mut session) = setup();
    support::transcript(&shared, &mut session, steps);
}

const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

#[rustfmt::skip]
const PUSH_AND_RANGE: &[(&str, &str, &str)] = &[
    ("LPUSH l a b", ":2\r\n", "Push::apply: LPUSH replies the new length"),
    ("RPUSH l c d", ":4\r\n", "Push::apply: RPUSH adds at the tail"),
    ("LRANGE l 0 -1", "*4\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nd\r\n",
        "LRange::apply: LPUSH a b pushes a, then b at the head: b comes first; 0 -1 is all"),
    ("LRANGE l -2 -1", "*2\r\n$1\r\nc\r\n$1\r\nd\r\n", "clamp_range: negative indexes count from the tail"),
    ("LRANGE l -100 100", "*4\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nd\r\n",
        "clamp_range: a range past the ends is clamped to the list, not an error"),
    ("LRANGE l 2 1", "*0\r\n", "clamp_range: start after stop is empty"),
    ("LRANGE l 4 9", "*0\r\n", "clamp_range: start past the end is empty"),
    ("LRANGE l 0 -5", "*0\r\n", "clamp_range: a stop before the head is empty"),
    ("LRANGE nope 0 -1", "*0\r\n", "LRange::apply: a missing key is an empty list"),
    ("LPUSHX nope x", ":0\r\n", "Push::apply: LPUSHX does not create a list"),
    ("EXISTS nope", ":0\r\n", "Push::apply: LPUSHX on a missing key creates nothing"),
    ("RPUSHX l e", ":5\r\n", "Push::apply: RPUSHX pushes to an existing list"),
    ("TYPE l", "+list\r\n", "a list's type is list"),
];

#[test]
fn pushes_reply_the_length_and_lrange_reads_with_redis_index_rules() {
    transcript(PUSH_AND_RANGE);
}

#[rustfmt::skip]
const POPS: &[(&str, &str, &str)] = &[
    ("RPUSH l a b c d", ":4\r\n", "Push::apply"),
    ("LPOP l", "$1\r\na\r\n", "Pop::apply: LPOP takes the head"),
    ("RPOP l", "$1\r\nd\r\n", "Pop::apply: RPOP takes the tail"),
    ("LPOP l 0", "*0\r\n", "Pop::apply: a count of 0 is the empty array"),
    ("RPOP l 5", "*2\r\n$1\r\nc\r\n$1\r\nb\r\n",
        "Pop::apply: with a count, an array of at most that many, in popping order"),
    ("EXISTS l", ":0\r\n", "Pop::apply: a list emptied is deleted, as in Redis"),
    ("LPOP l", "$-1\r\n", "Pop::apply: a missing key pops null"),
    ("LPOP l 2", "*-1\r\n", "Pop::apply: with a count, the null array"),
    ("LPOP l -1", "-ERR value is out of range, must be positive\r\n", "a negative count is refused"),
];

#[test]
fn pops_take_from_either_end_and_an_emptied_list_is_deleted() {
    transcript(POPS);
}

#[rustfmt::skip]
const WRONG_TYPES: &[(&str, &str, &str)] = &[
    ("SET s v", "+OK\r\n", "SET"),
    ("LPUSH s x", WRONGTYPE, "Push::apply: `value.as_list_mut()?` refuses a string"),
    ("RPOP s", WRONGTYPE, "Pop::apply: a string is not a list"),
    ("LRANGE s 0 -1", WRONGTYPE, "LRange::apply: a string is not a list"),
    ("BLPOP s 0", WRONGTYPE, "BLPOP: a string is not a list"),
    ("RPUSH l x", ":1\r\n", "Push::apply"),
    ("GET l", WRONGTYPE, "a list is not a string"),
    ("GET s", "$1\r\nv\r\n", "the string is untouched"),
];

#[test]
fn another_type_is_wrongtype_and_is_left_alone() {
    transcript(WRONG_TYPES);
}

/// Plays a transcript over several clients of one server: each step is `(client, request,
/// what that client's connection writes at once, why)`. An empty request is a wake-up with no
/// new input: what the connection writes then (a served `BLPOP`'s reply, say).
#[track_caller]
fn play(clients: &mut [Client], steps: &[(usize, &str, &str, &str)]) {
    for (client, request, reply, why) in steps {
        let client = &mut clients[*client];
        let got = if request.is_empty() {
            client.poll()
        } else {
            client.send(request)
        };
        assert!(
            got == *reply,
            "{why}\n  request: {request:?}\n  expected: {}\n       got: {}",
            testkit::show(reply.as_bytes()),
            testkit::show(got.as_bytes())
        );
    }
}

fn clients(shared: &Arc<Shared>, count: usize) -> Vec<Client> {
    (0..count).map(|_| Client::connect(shared)).collect()
}

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;

#[tokio::test(start_paused = true)]
async fn a_waiter_is_served_by_a_push_from_another_client() {
    let (shared, _) = setup();
    let mut c = clients(&shared, 2);
    play(
        &mut c,
        &[(
            A,
            "BLPOP q 0",
            "",
            "block: BLPOP on an empty list does not reply: it waits",
        )],
    );
    assert_eq!(
        shared.waiters.blocked_clients(),
        1,
        "block: the client is registered"
    );
    play(
        &mut c,
        &[(B, "RPUSH q job", ":1\r\n", "the push replies as usual")],
    );
    assert!(
        c[A].woken_within(Duration::from_secs(1)).await,
        "serve_ready: the push wakes A"
    );
    #[rustfmt::skip]
    play(&mut c, &[
        (A, "", "*2\r\n$1\r\nq\r\n$3\r\njob\r\n", "serve_ready + resume: the waiter gets [key, element]"),
        (B, "EXISTS q", ":0\r\n", "serve_ready: the element went to the waiter; the list is gone"),
        (A, "PING", "+PONG\r\n", "resume: once served, the client answers requests again"),
    ]);
    assert_eq!(
        shared.waiters.blocked_clients(),
        0,
        "a served client no longer waits"
    );
}

#[tokio::test(start_paused = true)]
async fn waiters_are_served_first_come_first_served_one_element_each() {
    let (shared, _) = setup();
    let mut c = clients(&shared, 3);
    #[rustfmt::skip]
    play(&mut c, &[
        (A, "BLPOP q 0", "", "block"),
        (B, "BRPOP q 0", "", "block"),
        (C, "LPUSH q one", ":1\r\n", "Push::apply"),
        (A, "", "*2\r\n$1\r\nq\r\n$3\r\none\r\n", "serve_ready: the first waiter gets the only element"),
        (B, "", "", "serve_ready: one element serves one waiter, never two"),
        (C, "RPUSH q two three", ":2\r\n", "Push::apply"),
        (B, "", "*2\r\n$1\r\nq\r\n$5\r\nthree\r\n", "serve_ready: the next push serves B (BRPOP: the tail)"),
        (C, "LRANGE q 0 -1", "*1\r\n$3\r\ntwo\r\n", "what nobody waited for stays"),
    ]);
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
    // (In RESP3 the null array is `_`: chapter 5's encoder does that, not this chapter.)
    assert_eq!(
        a.send("BRPOP q 0.0001"),
        "",
        "block: a timeout under 1 ms is 1 ms, not 0"
    );
    advance(Duration::from_millis(1)).await;
    assert_eq!(
        a.poll(),
        "*-1\r\n",
        "resume: a 1 ms timeout has passed after 1 ms"
    );
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
    let mut c = clients(&shared, 2);
    #[rustfmt::skip]
    play(&mut c, &[
        (B, "RPUSH k2 two", ":1\r\n", "Push::apply"),
        (B, "RPUSH k3 three", ":1\r\n", "Push::apply"),
        (A, "BLPOP k1 k3 k2 0", "*2\r\n$2\r\nk3\r\n$5\r\nthree\r\n",
            "a non-empty key answers at once: the first non-empty one in argument order"),
        (A, "BLPOP k1 k3 0", "", "block: every key is empty"),
        (B, "RPUSH k3 late", ":1\r\n", "Push::apply"),
        (A, "", "*2\r\n$2\r\nk3\r\n$4\r\nlate\r\n", "serve_ready: served from the key that received"),
        (B, "RPUSH k1 x", ":1\r\n", "Push::apply"),
        (B, "LLEN k1", ":1\r\n", "serve_ready: served once: A no longer waits on k1 either"),
    ]);
}

#[tokio::test(start_paused = true)]
async fn a_blmove_served_in_turn_serves_the_waiter_on_its_destination() {
    let (shared, _) = setup();
    let mut c = clients(&shared, 3);
    #[rustfmt::skip]
    play(&mut c, &[
        (A, "BLMOVE q1 q2 LEFT RIGHT 0", "", "block"),
        (B, "BLPOP q2 0", "", "block"),
        (C, "RPUSH q1 hop", ":1\r\n", "Push::apply"),
        (A, "", "$3\r\nhop\r\n", "serve_ready: BLMOVE replies the element it moved"),
        (B, "", "*2\r\n$2\r\nq2\r\n$3\r\nhop\r\n",
            "serve_ready: the move into q2 is a write to q2, which serves q2's waiter"),
        (C, "EXISTS q1 q2", ":0\r\n", "nothing left over"),
    ]);
}

#[tokio::test(start_paused = true)]
async fn a_client_that_leaves_while_waiting_leaves_nothing() {
    let (shared, _) = setup();
    let mut c = clients(&shared, 2);
    play(&mut c, &[(A, "BLPOP q 0", "", "block")]);
    drop(c.remove(A));
    assert_eq!(
        shared.waiters.blocked_clients(),
        0,
        "a disconnected client no longer waits"
    );
    #[rustfmt::skip]
    play(&mut c, &[
        (0, "RPUSH q kept", ":1\r\n", "Push::apply"),
        (0, "LLEN q", ":1\r\n", "serve_ready: nobody is served: the element stays"),
    ]);
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
    support::tutorial_matches_redis("lists", &["LPUSH", "tutorial:probe", "1"]).await;
}
