//! Chapter 6: keys and strings.
//!
//! Run: `cargo test -p exercises --test steps step6_keys::`. Stubs: `commands/src/glob.rs`
//! (`match_from`, Redis's glob), `store/src/scan.rs` (`Keyspace::scan`, SCAN's cursor),
//! `commands/src/cmd/rename.rs` (`rename_key`, RENAME with its TTL) and
//! `commands/src/cmd/mset.rs` (`set_all_if_none_exists`, MSETNX's all or nothing).
//!
//! Commands run straight through `commands::dispatch` (no network), on tokio's paused clock, so a
//! TTL is exact and an expiry is one `advance` away. KEYS and SCAN reply in the order of the
//! server's table, which Redis does not promise either: the tests sort what they compare. The
//! last test runs the tutorial's Python example through redis-py 8, over real TCP.

use crate::support;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use commands::{Session, Shared};
use resp::Frame;
use support::{call, expect};
use tokio::time::advance;

fn setup() -> (Arc<Shared>, Session) {
    testkit::arm_hang_watchdog();
    (Shared::new(), Session::new())
}

/// `SET key v`, checked.
#[track_caller]
fn set(shared: &Shared, session: &mut Session, key: &str) {
    expect(shared, session, &["SET", key, "v"], "+OK\r\n", "SET a key");
}

/// One line of a transcript: the command, its exact reply, and why Redis replies that.
type Row<'a> = (&'a [&'a str], &'a str, &'a str);

/// Runs the rows in order and checks each reply's exact bytes.
#[track_caller]
fn transcript(shared: &Shared, session: &mut Session, rows: &[Row]) {
    for &(parts, reply, why) in rows {
        expect(shared, session, parts, reply, why);
    }
}

/// The bulk strings of an array reply, sorted: KEYS's answer, or a SCAN call's keys.
#[track_caller]
fn sorted_bulks(frame: &Frame, what: &str) -> Vec<Vec<u8>> {
    let Frame::Array(elements) = frame else {
        panic!("{what} replies an array, got {frame:?}");
    };
    let mut keys: Vec<Vec<u8>> = elements
        .iter()
        .map(|element| match element {
            Frame::Bulk(key) => key.to_vec(),
            other => panic!("{what} replies bulk strings, got {other:?}"),
        })
        .collect();
    keys.sort();
    keys
}

/// `KEYS pattern`, sorted, as text.
#[track_caller]
fn keys(shared: &Shared, session: &mut Session, pattern: &[u8]) -> Vec<String> {
    let reply = call(shared, session, &[b"KEYS", pattern]);
    sorted_bulks(&reply, "KEYS")
        .into_iter()
        .map(|key| String::from_utf8_lossy(&key).into_owned())
        .collect()
}

/// One `SCAN cursor [options]` call: the next cursor and the keys of this call.
#[track_caller]
fn scan(
    shared: &Shared,
    session: &mut Session,
    cursor: u64,
    options: &[&[u8]],
) -> (u64, Vec<Vec<u8>>) {
    let cursor_text = cursor.to_string();
    let mut parts: Vec<&[u8]> = vec![b"SCAN", cursor_text.as_bytes()];
    parts.extend_from_slice(options);
    let reply = call(shared, session, &parts);
    let Frame::Array(halves) = &reply else {
        panic!("SCAN replies [cursor, [keys]], got {reply:?}");
    };
    let (Some(Frame::Bulk(next)), Some(keys)) = (halves.first(), halves.get(1)) else {
        panic!("SCAN replies [cursor as a bulk string, [keys]], got {reply:?}");
    };
    let next = std::str::from_utf8(next)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| panic!("SCAN's cursor is a decimal number, got {next:?}"));
    (next, sorted_bulks(keys, "SCAN's second element"))
}

/// SCAN from 0 until the cursor comes back 0; every key returned, and the number of calls.
#[track_caller]
fn scan_all(
    shared: &Shared,
    session: &mut Session,
    options: &[&[u8]],
) -> (HashSet<Vec<u8>>, usize) {
    let (mut cursor, mut seen, mut calls) = (0, HashSet::new(), 0);
    loop {
        let (next, keys) = scan(shared, session, cursor, options);
        seen.extend(keys);
        calls += 1;
        assert!(calls <= 100_000, "SCAN never came back to cursor 0");
        if next == 0 {
            return (seen, calls);
        }
        cursor = next;
    }
}

/// Checks `(pattern, key, whether it matches, why)` rows against `string_match`, Redis's glob.
#[track_caller]
fn check_globs(rows: &[(&[u8], &[u8], bool, &str)]) {
    for &(pattern, key, expected, why) in rows {
        assert_eq!(
            commands::glob::string_match(pattern, key, false),
            expected,
            "match_from: {} against the key {}: {why}",
            testkit::show(pattern),
            testkit::show(key)
        );
    }
}

#[test]
fn globs_match_stars_question_marks_sets_and_ranges() {
    #[rustfmt::skip]
    check_globs(&[
        (b"*", b"anything", true, "`*` matches any run of bytes"),
        (b"h*llo", b"hllo", true, "`*` matches the empty run too"),
        (b"h*llo", b"heeeello", true, "`*` matches a long run"),
        (b"h*llo", b"hello!", false, "the whole key must match, not a prefix"),
        (b"h?llo", b"hello", true, "`?` matches exactly one byte"),
        (b"h?llo", b"hllo", false, "`?` needs one byte to match"),
        (b"h[ae]llo", b"hallo", true, "`[ae]` matches one of the listed bytes"),
        (b"h[ae]llo", b"hillo", false, "i is not listed"),
        (b"h[^e]llo", b"hallo", true, "`[^e]` matches any byte but e"),
        (b"h[^e]llo", b"hello", false, "e is excluded"),
        (b"h[a-e]llo", b"hcllo", true, "`[a-e]` matches a range"),
        (b"h[a-e]llo", b"hxllo", false, "x is out of the range"),
        (b"h\\*llo", b"h*llo", true, "`\\*` matches a star itself"),
        (b"h\\*llo", b"hello", false, "an escaped star is no wildcard"),
        (b"a*b*c", b"aXbYc", true, "several stars"),
        (b"a*b*c", b"aXbY", false, "the last literal must be there"),
        (b"user:*", b"user:1", true, "a prefix, as tutorials use it"),
        (b"*:1", b"user:1", true, "a suffix"),
    ]);
}

#[test]
fn glob_corner_cases_are_redis_s() {
    #[rustfmt::skip]
    check_globs(&[
        (b"[z-a]", b"m", true, "a range may run backwards: [z-a] is [a-z]"),
        (b"[\\]]", b"]", true, "inside a set, `\\` quotes the next byte"),
        (b"[a-]", b"^", true, "`a-]` is the range from `]` to `a`, and the set is never closed"),
        (b"[a-]", b"-", false, "so `-` is not in it"),
        (b"[ab", b"b", true, "a set that is never closed ends with the pattern"),
        (b"\\\\", b"\\", true, "`\\\\` matches one backslash"),
        (b"a\\", b"a\\", true, "a `\\` at the very end matches itself"),
        (b"a?b", b"a\x00b", true, "`?` matches any byte, NUL included: keys are binary"),
        (b"a*b", b"a\r\nb", true, "`*` runs over CRLF too"),
        (b"a*", b"a", true, "a star at the end matches the empty rest"),
        (b"a**", b"a", true, "so do several"),
        (b"*", b"", false, "Redis's matcher never matches the empty key (KEYS * lists it anyway)"),
        (b"", b"", true, "the empty pattern matches the empty key"),
        (b"[\x80-a]", b"\xff", true, "bytes compare as C's signed chars: 0xff is -1"),
    ]);
}

#[test]
fn a_pattern_with_many_stars_gives_up_early() {
    // Redis's own regression test: without `skip_longer_matches`, each of the 20 stars tries
    // every position again, and this takes longer than the universe's age.
    let (done, finished) = std::sync::mpsc::channel();
    let matcher = std::thread::spawn(move || {
        let key = "a".repeat(50);
        let pattern = "a*".repeat(20) + "b";
        let _ = done.send(commands::glob::string_match(
            pattern.as_bytes(),
            key.as_bytes(),
            false,
        ));
    });
    match finished.recv_timeout(Duration::from_secs(2)) {
        Ok(matched) => assert!(!matched, "match_from: no `b` in the key, so no match"),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            // The matcher panicked (a `todo!()`?): fail with its message.
            if let Err(panic) = matcher.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!(
            "match_from: `a*a*...a*b` (20 stars) against 50 `a`s is still running after 2 s: set \
             `*skip_longer_matches` when a star has tried every position, and stop the stars \
             before it as soon as it is set"
        ),
    }
}

#[tokio::test(start_paused = true)]
async fn scan_walks_the_whole_database_a_few_keys_at_a_time() {
    let (shared, mut session) = setup();
    for i in 0..100 {
        set(&shared, &mut session, &format!("user:{i}"));
        set(&shared, &mut session, &format!("item:{i}"));
    }
    let (first_cursor, first_keys) = scan(&shared, &mut session, 0, &[b"COUNT", b"10"]);
    assert!(
        first_cursor != 0 && !first_keys.is_empty() && first_keys.len() <= 20,
        "Keyspace::scan: SCAN 0 COUNT 10 over 200 keys looks at about 10 keys and replies a \
         cursor that is not 0; got cursor {first_cursor} with {} keys",
        first_keys.len()
    );
    let (seen, calls) = scan_all(&shared, &mut session, &[b"COUNT", b"10"]);
    assert_eq!(
        seen.len(),
        200,
        "Keyspace::scan: a whole iteration returns every key"
    );
    assert!(
        calls >= 10,
        "Keyspace::scan: 200 keys by about 10 take about 20 calls, not {calls}"
    );
    let (users, _) = scan_all(
        &shared,
        &mut session,
        &[b"MATCH", b"user:*", b"COUNT", b"7"],
    );
    let expected: HashSet<Vec<u8>> = (0..100).map(|i| format!("user:{i}").into_bytes()).collect();
    assert_eq!(
        users, expected,
        "SCAN ... MATCH user:* returns the user keys, and only them"
    );
    let mut tens: Vec<String> = (10..20).map(|i| format!("user:{i}")).collect();
    tens.insert(0, "user:1".to_string());
    assert_eq!(
        keys(&shared, &mut session, b"user:1*"),
        tens,
        "KEYS user:1* (glob and scan)"
    );
    let (strings, _) = scan_all(&shared, &mut session, &[b"TYPE", b"string"]);
    assert_eq!(
        strings.len(),
        200,
        "SCAN ... TYPE string: every key here is a string"
    );
    let (hashes, _) = scan_all(&shared, &mut session, &[b"TYPE", b"hash"]);
    assert!(
        hashes.is_empty(),
        "SCAN ... TYPE hash: there is no hash here"
    );
    let (one_cursor, one) = scan(
        &shared,
        &mut session,
        0,
        &[b"MATCH", b"user:1", b"COUNT", b"1000"],
    );
    assert_eq!(
        (one_cursor, one),
        (0, vec![b"user:1".to_vec()]),
        "a COUNT beyond the database's size reads it whole in one call, and the cursor is 0"
    );
}

#[tokio::test(start_paused = true)]
async fn scan_returns_every_key_that_lives_through_deletes_and_inserts() {
    // Between calls, other clients delete keys (each deletion moves the last entry of the table
    // into the hole) and add fewer than they delete, so entries from the end keep moving down
    // into holes the cursor has passed. A walk upwards loses them; SCAN must not.
    let (shared, mut session) = setup();
    for i in 0..2000 {
        set(&shared, &mut session, &format!("stay:{i}"));
        set(&shared, &mut session, &format!("temp:{i}"));
    }
    let (mut cursor, mut seen, mut round, mut deleted) = (0, HashSet::new(), 0u64, 0u64);
    loop {
        let (next, keys) = scan(&shared, &mut session, cursor, &[b"COUNT", b"20"]);
        seen.extend(keys);
        if next == 0 {
            break;
        }
        cursor = next;
        round += 1;
        assert!(
            round < 10_000,
            "Keyspace::scan: SCAN never came back to cursor 0"
        );
        for _ in 0..10 {
            if deleted < 2000 {
                // 7919 is prime: this visits every temp key once, in a scrambled order.
                let victim = format!("temp:{}", deleted * 7919 % 2000);
                deleted += 1;
                call(&shared, &mut session, &[b"DEL", victim.as_bytes()]);
            }
        }
        for j in 0..3 {
            set(&shared, &mut session, &format!("new:{round}:{j}"));
        }
    }
    let missing: Vec<String> = (0..2000)
        .map(|i| format!("stay:{i}"))
        .filter(|key| !seen.contains(key.as_bytes()))
        .collect();
    assert!(
        missing.is_empty(),
        "Keyspace::scan: {} keys that existed for the whole iteration were never returned (the \
         first: {:?}). Walk the indexes downwards: a deletion moves the last entry into the hole, \
         and walking up, that entry lands behind the cursor",
        missing.len(),
        missing.first()
    );
}

#[tokio::test(start_paused = true)]
async fn scan_and_keys_skip_expired_keys_and_bad_cursors_are_errors() {
    let (shared, mut session) = setup();
    #[rustfmt::skip]
    transcript(&shared, &mut session, &[
        (&["SET", "live", "v"], "+OK\r\n", "a key that stays"),
        (&["SET", "dying", "v", "PX", "10"], "+OK\r\n", "a key that dies in 10 ms"),
    ]);
    advance(Duration::from_millis(11)).await;
    let (cursor, found) = scan(&shared, &mut session, 0, &[]);
    assert_eq!(
        (cursor, found),
        (0, vec![b"live".to_vec()]),
        "Keyspace::scan: a key whose deadline has passed is not returned, even before anybody \
         touched it"
    );
    assert_eq!(
        keys(&shared, &mut session, b"*"),
        ["live"],
        "KEYS skips it too"
    );
    #[rustfmt::skip]
    transcript(&shared, &mut session, &[
        (&["SCAN", "abc"], "-ERR invalid cursor\r\n", "a cursor is a number"),
        (&["SCAN", "0", "COUNT", "0"], "-ERR syntax error\r\n", "COUNT is at least 1"),
        (&["SCAN", "0", "MATCH"], "-ERR syntax error\r\n", "each option takes a value"),
    ]);
}

#[tokio::test(start_paused = true)]
async fn rename_carries_the_ttl_along() {
    let (shared, mut session) = setup();
    #[rustfmt::skip]
    transcript(&shared, &mut session, &[
        (&["SET", "session", "data", "EX", "100"], "+OK\r\n", "a key that dies in 100 s"),
        (&["SET", "target", "old", "EX", "5000"], "+OK\r\n", "a destination with a TTL of its own"),
        (&["RENAME", "session", "target"], "+OK\r\n", "rename_key: RENAME replies OK"),
        (&["GET", "session"], "$-1\r\n", "rename_key: the old name is gone"),
        (&["GET", "target"], "$4\r\ndata\r\n", "rename_key: the value moved, over the old one"),
        (&["TTL", "target"], ":100\r\n", "rename_key: the TTL went with the value (the old one's went with it)"),
        (&["SET", "plain", "p"], "+OK\r\n", "a key without a TTL"),
        (&["SET", "volatile", "x", "EX", "50"], "+OK\r\n", "a destination with a TTL"),
        (&["RENAME", "plain", "volatile"], "+OK\r\n", "rename onto a volatile key"),
        (&["TTL", "volatile"], ":-1\r\n", "rename_key: no TTL before, no TTL after"),
    ]);
    advance(Duration::from_millis(99_999)).await;
    #[rustfmt::skip]
    transcript(&shared, &mut session, &[
        (&["PTTL", "target"], ":1\r\n", "rename_key: the same deadline, to the millisecond"),
    ]);
    advance(Duration::from_millis(2)).await;
    #[rustfmt::skip]
    transcript(&shared, &mut session, &[
        (&["GET", "target"], "$-1\r\n", "the renamed key dies when the original would have"),
    ]);
}

#[tokio::test(start_paused = true)]
async fn rename_errors_and_renamenx_only_to_a_new_name() {
    let (shared, mut session) = setup();
    #[rustfmt::skip]
    transcript(&shared, &mut session, &[
        (&["RENAME", "missing", "x"], "-ERR no such key\r\n", "rename_key: the source must exist"),
        (&["RENAMENX", "missing", "x"], "-ERR no such key\r\n", "rename_key: for RENAMENX too"),
        (&["SET", "a", "1", "EX", "100"], "+OK\r\n", "a source"),
        (&["SET", "b", "2"], "+OK\r\n", "a destination that exists"),
        (&["RENAMENX", "a", "b"], ":0\r\n", "rename_key: RENAMENX leaves an existing key alone"),
        (&["MGET", "a", "b"], "*2\r\n$1\r\n1\r\n$1\r\n2\r\n", "rename_key: and changes nothing"),
        (&["RENAME", "a", "a"], "+OK\r\n", "rename_key: renaming a key to itself is OK, and does nothing"),
        (&["RENAMENX", "a", "a"], ":0\r\n", "rename_key: RENAMENX to itself renames nothing"),
        (&["TTL", "a"], ":100\r\n", "rename_key: a rename to itself keeps the TTL"),
        (&["RENAMENX", "a", "c"], ":1\r\n", "rename_key: RENAMENX to a new name renames"),
        (&["TTL", "c"], ":100\r\n", "rename_key: RENAMENX carries the TTL too"),
        (&["EXISTS", "a"], ":0\r\n", "rename_key: the old name is gone"),
    ]);
    let ok = Frame::Simple("OK".into());
    let binary = call(&shared, &mut session, &[b"SET", b"bin\x00\r\n", b"v"]);
    assert_eq!(binary, ok, "SET a binary key");
    let renamed = call(
        &shared,
        &mut session,
        &[b"RENAME", b"bin\x00\r\n", b"other\x00"],
    );
    assert_eq!(renamed, ok, "rename_key: names are binary");
    let value = call(&shared, &mut session, &[b"GET", b"other\x00"]);
    assert_eq!(
        value,
        Frame::bulk("v"),
        "rename_key: the value is under the new binary name"
    );
}

#[tokio::test(start_paused = true)]
async fn msetnx_writes_every_key_or_none() {
    let (shared, mut session) = setup();
    #[rustfmt::skip]
    transcript(&shared, &mut session, &[
        (&["MSETNX", "a", "1", "b", "2"], ":1\r\n", "set_all_if_none_exists: no key exists, so all are written"),
        (&["MSETNX", "c", "3", "b", "20", "d", "4"], ":0\r\n", "set_all_if_none_exists: b exists, so nothing is written"),
        (&["MGET", "a", "b", "c", "d"], "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n$-1\r\n", "set_all_if_none_exists: not even c, which came before b"),
        (&["SET", "gone", "v", "PX", "10"], "+OK\r\n", "a key that dies in 10 ms"),
    ]);
    advance(Duration::from_millis(11)).await;
    #[rustfmt::skip]
    transcript(&shared, &mut session, &[
        (&["MSETNX", "gone", "new", "e", "5"], ":1\r\n", "set_all_if_none_exists: an expired key counts as missing"),
        (&["MGET", "gone", "e"], "*2\r\n$3\r\nnew\r\n$1\r\n5\r\n", "both written"),
        (&["TTL", "gone"], ":-1\r\n", "written as a plain SET: no TTL"),
        (&["MSETNX", "x", "1", "x", "2"], ":1\r\n", "a key named twice: the last value wins"),
        (&["GET", "x"], "$1\r\n2\r\n", "the last value"),
        (&["MSETNX", "y", "1", "z"], "-ERR wrong number of arguments for 'msetnx' command\r\n", "keys and values come in pairs"),
        (&["EXISTS", "y"], ":0\r\n", "a refused MSETNX writes nothing"),
    ]);
}

#[tokio::test]
async fn tutorial_examples_run_through_redis_py() {
    support::tutorial_matches_redis("keys", &["MSETNX", "tutorial:probe", "1"]).await;
}
