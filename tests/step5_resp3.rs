//! Chapter 5: RESP3, the protocol of `HELLO 3`.
//!
//! Run: `cargo test -p exercises --test steps step5_resp3::`. Stubs: `resp/src/resp3.rs`
//! (`Frame::encode_resp3`) and `commands/src/cmd/connection.rs` (`Hello::apply`, the part after
//! the options: the protocol switch and the map it replies).
//!
//! First bytes, no network: each RESP3 type's exact encoding, and beside it the RESP2 form a
//! client that never sent `HELLO 3` still gets. Then over real TCP: `HELLO 3` and `HELLO 2`
//! switching one connection back and forth, byte for byte as Redis 7 answers.

use crate::support;

use bytes::Bytes;
use resp::{Frame, Protocol};
use support::{redis_and_client, RawClient};

/// The frame's bytes in RESP3, then in RESP2.
fn both(frame: &Frame) -> (Vec<u8>, Vec<u8>) {
    (
        frame.to_bytes_as(Protocol::Resp3).to_vec(),
        frame.to_bytes_as(Protocol::Resp2).to_vec(),
    )
}

#[track_caller]
fn check(frame: Frame, resp3: &[u8], resp2: &[u8], why: &str) {
    let (got3, got2) = both(&frame);
    assert!(
        got3 == resp3,
        "Frame::encode_resp3: {why}\n  frame: {frame:?}\n  expected: {}\n       got: {}",
        testkit::show(resp3),
        testkit::show(&got3)
    );
    assert!(
        got2 == resp2,
        "a RESP2 client gets what Redis 7 sends it: {why}\n  frame: {frame:?}\n  expected: {}\n       got: {}",
        testkit::show(resp2),
        testkit::show(&got2)
    );
}

#[test]
fn null_is_one_underscore_for_both_of_resp2s_nulls() {
    check(
        Frame::Null,
        b"_\r\n",
        b"$-1\r\n",
        "a null bulk string is `_` in RESP3",
    );
    check(
        Frame::NullArray,
        b"_\r\n",
        b"*-1\r\n",
        "a null array is `_` in RESP3 as well",
    );
}

#[test]
fn booleans_are_hash_t_and_hash_f() {
    check(
        Frame::Boolean(true),
        b"#t\r\n",
        b":1\r\n",
        "true is `#t` (an integer 1 in RESP2)",
    );
    check(
        Frame::Boolean(false),
        b"#f\r\n",
        b":0\r\n",
        "false is `#f` (an integer 0 in RESP2)",
    );
}

#[test]
fn doubles_are_a_comma_line_with_redis_digits() {
    check(
        Frame::Double(1.5),
        b",1.5\r\n",
        b"$3\r\n1.5\r\n",
        "a double is `,` and its digits (a bulk string in RESP2)",
    );
    check(
        Frame::Double(f64::INFINITY),
        b",inf\r\n",
        b"$3\r\ninf\r\n",
        "infinity is spelled `inf`",
    );
    check(
        Frame::Double(-0.1),
        b",-0.10000000000000001\r\n",
        b"$20\r\n-0.10000000000000001\r\n",
        "17 significant digits, as Redis's %.17g",
    );
}

#[test]
fn big_numbers_are_a_parenthesis_line() {
    check(
        Frame::BigNumber("1234567890123456789012345678901234567890".into()),
        b"(1234567890123456789012345678901234567890\r\n",
        b"$40\r\n1234567890123456789012345678901234567890\r\n",
        "a big number is `(` and its digits (a bulk string in RESP2)",
    );
}

#[test]
fn verbatim_strings_count_their_format_and_colon() {
    check(
        Frame::verbatim("hello"),
        b"=9\r\ntxt:hello\r\n",
        b"$5\r\nhello\r\n",
        "the length counts `txt:` too; RESP2 gets the text alone",
    );
}

#[test]
fn maps_are_percent_and_pairs_in_resp3_and_a_flat_array_in_resp2() {
    let map = Frame::Map(vec![
        (Frame::bulk("a"), Frame::Integer(1)),
        (Frame::bulk("b"), Frame::Boolean(true)),
    ]);
    check(
        map,
        b"%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n#t\r\n",
        b"*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:1\r\n",
        "`%` counts pairs, and the values are RESP3 too (recurse with encode_resp3)",
    );
}

#[test]
fn sets_and_pushes_are_tilde_and_angle_bracket() {
    check(
        Frame::Set(vec![Frame::Integer(1), Frame::Double(2.5)]),
        b"~2\r\n:1\r\n,2.5\r\n",
        b"*2\r\n:1\r\n$3\r\n2.5\r\n",
        "a set is `~` (an array in RESP2), its elements RESP3 too",
    );
    check(
        Frame::Push(vec![Frame::bulk("message"), Frame::bulk("hi")]),
        b">2\r\n$7\r\nmessage\r\n$2\r\nhi\r\n",
        b"*2\r\n$7\r\nmessage\r\n$2\r\nhi\r\n",
        "a push is `>` (an array in RESP2)",
    );
}

#[test]
fn resp2_types_keep_their_bytes_and_aggregates_recurse() {
    let frame = Frame::Array(vec![
        Frame::Simple("OK".into()),
        Frame::Error("ERR no".into()),
        Frame::Integer(-7),
        Frame::Bulk(Bytes::from_static(b"v")),
        Frame::Null,
        Frame::Map(vec![(Frame::bulk("k"), Frame::Null)]),
    ]);
    check(
        frame,
        b"*6\r\n+OK\r\n-ERR no\r\n:-7\r\n$1\r\nv\r\n_\r\n%1\r\n$1\r\nk\r\n_\r\n",
        b"*6\r\n+OK\r\n-ERR no\r\n:-7\r\n$1\r\nv\r\n$-1\r\n*2\r\n$1\r\nk\r\n$-1\r\n",
        "simple, error, integer and bulk are RESP2's bytes; a map inside an array stays a map",
    );
}

/// `HELLO`'s map for this connection (its id comes from `CLIENT ID`), in RESP3 or in RESP2.
fn hello_reply(id: i64, protocol: u8) -> Vec<u8> {
    let id = id.to_string();
    let header = if protocol == 3 { "%7" } else { "*14" };
    format!(
        "{header}\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n\
         $5\r\nproto\r\n:{protocol}\r\n$2\r\nid\r\n:{id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n\
         $4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
    )
    .into_bytes()
}

/// The connection's id, from `CLIENT ID` (`:N\r\n`).
async fn client_id(client: &mut RawClient) -> i64 {
    client.send(&support::command(&[b"CLIENT", b"ID"])).await;
    let mut line = Vec::new();
    while !line.ends_with(b"\r\n") {
        line.extend(client.read_bytes(1, "reading CLIENT ID's reply").await);
    }
    std::str::from_utf8(&line[1..line.len() - 2])
        .ok()
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("CLIENT ID replied {}", testkit::show(&line)))
}

#[tokio::test]
async fn hello_3_switches_to_resp3_and_replies_a_map() {
    let (_server, mut client) = redis_and_client().await;
    let id = client_id(&mut client).await;
    client
        .command(
            &[b"HELLO", b"3"],
            &hello_reply(id, 3),
            "Hello::apply: HELLO 3 stores protocol 3 and replies the server's map, as a RESP3 map",
        )
        .await;
    client
        .command(
            &[b"GET", b"missing"],
            b"_\r\n",
            "after HELLO 3, a missing key's GET is RESP3's null",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"v"],
            b"+OK\r\n",
            "RESP2's types keep their bytes in RESP3",
        )
        .await;
    client
        .command(
            &[b"GET", b"k"],
            b"$1\r\nv\r\n",
            "a bulk string stays a bulk string",
        )
        .await;
}

#[tokio::test]
async fn hello_2_switches_back_and_bare_hello_keeps_the_protocol() {
    let (_server, mut client) = redis_and_client().await;
    let id = client_id(&mut client).await;
    client
        .command(
            &[b"HELLO", b"3"],
            &hello_reply(id, 3),
            "Hello::apply: HELLO 3 switches to RESP3",
        )
        .await;
    client
        .command(
            &[b"HELLO"],
            &hello_reply(id, 3),
            "a bare HELLO keeps the protocol it finds, and says so: proto 3",
        )
        .await;
    client
        .command(
            &[b"HELLO", b"2"],
            &hello_reply(id, 2),
            "HELLO 2 switches back: its own reply is already RESP2, a flat array of 14",
        )
        .await;
    client
        .command(
            &[b"GET", b"missing"],
            b"$-1\r\n",
            "back in RESP2, a missing key's GET is the null bulk string again",
        )
        .await;
}

#[tokio::test]
async fn a_resp2_client_gets_hello_as_a_flat_array_and_errors_change_nothing() {
    let (_server, mut client) = redis_and_client().await;
    let id = client_id(&mut client).await;
    client
        .command(
            &[b"HELLO", b"2"],
            &hello_reply(id, 2),
            "Hello::apply: HELLO 2 replies the same map, which a RESP2 client gets as an array",
        )
        .await;
    client
        .command(
            &[b"HELLO", b"4"],
            b"-NOPROTO unsupported protocol version\r\n",
            "only 2 and 3 are protocols (parse checks it, before apply)",
        )
        .await;
    client
        .command(
            &[b"GET", b"missing"],
            b"$-1\r\n",
            "a refused HELLO leaves the protocol as it was",
        )
        .await;
}
