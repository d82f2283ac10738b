//! Chapter 8: hashes and sets.
//!
//! Run: `cargo test -p exercises --test steps step8_hashes::`. Stubs: `set_fields` in
//! `commands/src/cmd/hset.rs`, `HGet::apply` in `hget.rs`, `fields_and_values` in `hgetall.rs`,
//! `increment_field` in `hincrby.rs`, `add_members` in `sadd.rs`, `SMembers::apply` in
//! `smembers.rs` and `intersection` in `sinter.rs`.
//!
//! Most tests are transcripts run straight through `commands::dispatch`, as the server runs
//! them, without a network: each line is a command, the exact RESP2 bytes Redis 7 replies, and
//! why. Where Redis leaves the order open (the fields of a hash, the members of a set), the test
//! looks at the reply's `Frame` and sorts. One test goes over TCP, and the last runs the
//! tutorials' Python examples through redis-py.

use crate::support;

use std::sync::Arc;

use bytes::Bytes;
use commands::cmd::intersection;
use commands::{Session, Shared};
use resp::Frame;
use store::Set;
use support::redis_and_client;

/// Runs each `(command, reply, why)` in turn on one fresh server and one client session, and
/// checks every reply's exact bytes. A command's words are separated by single spaces.
#[track_caller]
fn transcript(lines: &[(&str, &str, &str)]) -> (Arc<Shared>, Session) {
    testkit::arm_hang_watchdog();
    let (shared, mut session) = (Shared::new(), Session::new());
    support::transcript(&shared, &mut session, lines);
    (shared, session)
}

/// The reply to one command, as the `Frame` a command returns (before it is encoded).
fn reply(shared: &Shared, session: &mut Session, command: &str) -> Frame {
    let parts: Vec<&[u8]> = command.split(' ').map(str::as_bytes).collect();
    support::call(shared, session, &parts)
}

/// The text of a bulk string frame.
fn text(frame: &Frame) -> String {
    match frame {
        Frame::Bulk(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        other => panic!("expected a bulk string, got {other:?}"),
    }
}

/// The members of a `Frame::Set` reply, sorted; panics if the reply is not a set.
#[track_caller]
fn sorted_set(frame: Frame, why: &str) -> Vec<String> {
    let Frame::Set(members) = frame else {
        panic!("{why}: expected a Frame::Set (RESP3 `~`, an array in RESP2), got {frame:?}");
    };
    let mut members: Vec<String> = members.iter().map(text).collect();
    members.sort();
    members
}

/// A set of these members.
fn set(members: &[&str]) -> Set {
    members
        .iter()
        .map(|member| Bytes::copy_from_slice(member.as_bytes()))
        .collect()
}

#[test]
#[rustfmt::skip]
fn hset_counts_the_new_fields_and_hget_reads_them() {
    transcript(&[
        ("HSET h f1 v1 f2 v2", ":2\r\n", "set_fields: two new fields, HSET replies 2"),
        ("HSET h f1 x f3 y", ":1\r\n", "f1 is updated (not counted), f3 is new: 1"),
        ("HSET h f4 a f4 b", ":1\r\n", "a field named twice is one new field; the last value wins"),
        ("HGET h f1", "$1\r\nx\r\n", "HGet::apply: the field's value, as a bulk string"),
        ("HGET h f4", "$1\r\nb\r\n", "the last value given for f4"),
        ("HGET h nope", "$-1\r\n", "a missing field is null"),
        ("HGET missing f1", "$-1\r\n", "a missing key is an empty hash: null too"),
        ("HLEN h", ":4\r\n", "f1, f2, f3 and f4"),
        ("HMSET h f5 v5", "+OK\r\n", "HMSET is HSET replying OK"),
        ("HMGET h f5 nope f1", "*3\r\n$2\r\nv5\r\n$-1\r\n$1\r\nx\r\n", "HMGET: one reply per field, in order"),
        ("HSET h f", "-ERR wrong number of arguments for 'hset' command\r\n", "a field needs its value"),
    ]);
}

#[test]
#[rustfmt::skip]
fn hgetall_is_a_map_of_every_field_and_its_value() {
    let (shared, mut session) = transcript(&[
        ("HSET user:1 name Ada", ":1\r\n", "set_fields: one new field"),
        ("HGETALL user:1", "*2\r\n$4\r\nname\r\n$3\r\nAda\r\n", "fields_and_values: field, value; a RESP2 client gets the map flat"),
        ("HGETALL missing", "*0\r\n", "a missing key is an empty hash"),
        ("HSET user:1 lang en age 36", ":2\r\n", "two more fields"),
    ]);
    let Frame::Map(pairs) = reply(&shared, &mut session, "HGETALL user:1") else {
        panic!("HGETALL replies a Frame::Map: RESP3 clients read `%`, RESP2 ones a flat array");
    };
    let mut pairs: Vec<(String, String)> = pairs.iter().map(|(f, v)| (text(f), text(v))).collect();
    pairs.sort();
    let expected = [("age", "36"), ("lang", "en"), ("name", "Ada")];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(f, v)| (f.to_string(), v.to_string()))
        .collect();
    assert_eq!(pairs, expected, "fields_and_values: each field paired with its own value (sorted here: Redis does not order them)");
}

#[test]
#[rustfmt::skip]
fn hincrby_adds_to_a_field_and_refuses_what_redis_refuses() {
    transcript(&[
        ("HINCRBY hat quantity 200", ":200\r\n", "increment_field: a missing field counts as 0"),
        ("HINCRBY hat quantity -1", ":199\r\n", "a negative increment subtracts"),
        ("HGET hat quantity", "$3\r\n199\r\n", "the sum is stored as text"),
        ("HSET hat color green big 9223372036854775806", ":2\r\n", "two fields to refuse"),
        ("HINCRBY hat color 1", "-ERR hash value is not an integer\r\n", "a field that is not an integer"),
        ("HINCRBY hat big 1", ":9223372036854775807\r\n", "up to i64::MAX is fine"),
        ("HINCRBY hat big 1", "-ERR increment or decrement would overflow\r\n", "past i64::MAX: checked_add"),
        ("HGET hat big", "$19\r\n9223372036854775807\r\n", "a refused increment changes nothing"),
        ("HINCRBY hat quantity x", "-ERR value is not an integer or out of range\r\n", "the increment itself is parsed before (pre-written)"),
    ]);
}

#[test]
#[rustfmt::skip]
fn hash_commands_on_another_type_are_wrongtype() {
    let wrongtype = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    transcript(&[
        ("SET s v", "+OK\r\n", "a string"),
        ("HGET s f", wrongtype, "HGet::apply: `value.as_hash()?` refuses a string"),
        ("HSET s f v", wrongtype, "HSET on a string"),
        ("HGETALL s", wrongtype, "HGETALL on a string"),
        ("HINCRBY s f 1", wrongtype, "HINCRBY on a string"),
        ("GET s", "$1\r\nv\r\n", "and the string is untouched"),
        ("SADD set m", ":1\r\n", "add_members: a set"),
        ("HGET set f", wrongtype, "HGET on a set"),
    ]);
}

#[test]
#[rustfmt::skip]
fn sadd_counts_the_new_members_and_smembers_replies_a_set() {
    let (shared, mut session) = transcript(&[
        ("SADD visitors dan jon dan", ":2\r\n", "add_members: dan once, jon: 2 new members"),
        ("SADD visitors alex dan", ":1\r\n", "dan was there already: 1"),
        ("SCARD visitors", ":3\r\n", "three visitors"),
        ("SISMEMBER visitors jon", ":1\r\n", "jon is a member"),
        ("SMEMBERS missing", "*0\r\n", "SMembers::apply: a missing key is an empty set"),
        ("SADD one only", ":1\r\n", "a set of one"),
        ("SMEMBERS one", "*1\r\n$4\r\nonly\r\n", "SMembers::apply: every member"),
    ]);
    assert_eq!(
        sorted_set(
            reply(&shared, &mut session, "SMEMBERS visitors"),
            "SMEMBERS"
        ),
        ["alex", "dan", "jon"],
        "SMembers::apply: every member once (sorted here: a set has no order)"
    );
}

#[test]
#[rustfmt::skip]
fn set_commands_on_another_type_are_wrongtype_and_emptied_collections_are_deleted() {
    let wrongtype = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    transcript(&[
        ("HSET h f v", ":1\r\n", "set_fields: a hash"),
        ("SMEMBERS h", wrongtype, "SMembers::apply: `value.as_set()?` refuses a hash"),
        ("SADD h m", wrongtype, "SADD on a hash"),
        ("SINTER h", wrongtype, "SINTER on a hash"),
        ("HDEL h f", ":1\r\n", "the last field goes"),
        ("EXISTS h", ":0\r\n", "and the hash with it: Redis keeps no empty hash"),
        ("SADD s a b", ":2\r\n", "add_members: a set"),
        ("SREM s a b", ":2\r\n", "both members go"),
        ("EXISTS s", ":0\r\n", "and the set with them"),
    ]);
}

#[test]
fn intersection_walks_the_smallest_set_first() {
    let big = set(&["a", "b", "c", "d", "e", "f"]);
    let small = set(&["e", "a", "z"]);
    let found = intersection(&[&big, &small], usize::MAX);
    assert_eq!(
        found,
        [&Bytes::from_static(b"e"), &Bytes::from_static(b"a")],
        "intersection: walk the smallest set (e, a, z in its order) and keep what the others have"
    );
    let first = intersection(&[&big, &small], 1);
    assert_eq!(
        first,
        [&Bytes::from_static(b"e")],
        "intersection: stop at `limit` members (SINTERCARD's LIMIT)"
    );
    assert_eq!(
        intersection(&[&big], usize::MAX).len(),
        6,
        "one set intersects to itself"
    );
    assert!(
        intersection(&[&big, &small, &set(&[])], usize::MAX).is_empty(),
        "an empty set empties the intersection"
    );
    assert!(
        intersection(&[], usize::MAX).is_empty(),
        "no sets at all: nothing (and no panic)"
    );
}

#[test]
#[rustfmt::skip]
fn sinter_and_its_store_and_card_forms_on_the_tutorials_tags() {
    let (shared, mut session) = transcript(&[
        ("SADD tags python fastapi redis", ":3\r\n", "add_members"),
        ("SADD tags2 python django redis", ":3\r\n", "add_members"),
        ("SADD tags3 python django fastapi", ":3\r\n", "add_members"),
        ("SINTER tags tags2 tags3", "*1\r\n$6\r\npython\r\n", "intersection: only python is in all three"),
        ("SINTER tags missing", "*0\r\n", "a missing key is an empty set: the intersection is empty"),
        ("SINTERCARD 2 tags tags2", ":2\r\n", "SINTERCARD counts the intersection"),
        ("SINTERCARD 2 tags tags2 LIMIT 1", ":1\r\n", "and stops at its LIMIT"),
        ("SINTERSTORE common tags tags2", ":2\r\n", "SINTERSTORE stores it and replies its size"),
        ("SINTERSTORE common tags missing", ":0\r\n", "an empty intersection..."),
        ("EXISTS common", ":0\r\n", "...deletes the destination"),
    ]);
    let common = reply(&shared, &mut session, "SINTER tags tags2");
    assert_eq!(
        sorted_set(common, "SINTER"),
        ["python", "redis"],
        "intersection: what both sets have"
    );
    assert_eq!(
        sorted_set(reply(&shared, &mut session, "SUNION tags tags2"), "SUNION"),
        ["django", "fastapi", "python", "redis"],
        "SUNION (pre-written): what either has"
    );
    assert_eq!(
        sorted_set(reply(&shared, &mut session, "SDIFF tags tags2"), "SDIFF"),
        ["fastapi"],
        "SDIFF (pre-written): what the first has and the others do not"
    );
}

#[tokio::test]
async fn hashes_and_sets_over_tcp_as_redis_cli_sees_them() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"HSET", b"pypa", b"url", b"https://pypa.io"],
            b":1\r\n",
            "set_fields: HSET over TCP",
        )
        .await;
    client
        .command(
            &[b"HGET", b"pypa", b"url"],
            b"$15\r\nhttps://pypa.io\r\n",
            "HGet::apply over TCP",
        )
        .await;
    client
        .command(
            &[b"HGETALL", b"pypa"],
            b"*2\r\n$3\r\nurl\r\n$15\r\nhttps://pypa.io\r\n",
            "fields_and_values: a RESP2 client gets HGETALL's map as a flat array",
        )
        .await;
    client
        .command(
            &[b"HINCRBY", b"pypa", b"stars", b"5"],
            b":5\r\n",
            "increment_field over TCP",
        )
        .await;
    client
        .command(
            &[b"SADD", b"s", b"m", b"m"],
            b":1\r\n",
            "add_members over TCP",
        )
        .await;
    client
        .command(
            &[b"SMEMBERS", b"s"],
            b"*1\r\n$1\r\nm\r\n",
            "SMembers::apply: a RESP2 client gets the set as an array",
        )
        .await;
    client
        .command(
            &[b"SINTER", b"s", b"s"],
            b"*1\r\n$1\r\nm\r\n",
            "intersection over TCP",
        )
        .await;
}

#[tokio::test]
async fn tutorial_examples_run_through_redis_py() {
    support::tutorial_matches_redis("hashes", &["HSET", "tutorial:probe", "field", "1"]).await;
}
