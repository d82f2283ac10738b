//! Step 3: commands, end to end.
//!
//! Run: `cargo test -p exercises --test steps step3_commands::`. Stubs: `commands/src/command.rs`
//! (`Request::from_frame`), one `parse` and one `apply` per command in `commands/src/cmd/`
//! (`ping`, `echo`, `get`, `set`, `del`, `exists`, `incr`), the basic `Keyspace` methods in
//! `store/src/keyspace.rs` (`get`, `set`, `set_keep_ttl`, `delete`, `exists`) and the glue,
//! `server/src/resp_handler.rs` (`RespHandler::handle`).
//!
//! Replies are checked byte for byte against what Redis 7 sends, over real TCP: raw bytes, and
//! the `redis` crate as an application would use it.

use crate::support;

use bytes::Bytes;
use commands::cmd::{Get, Set, SetCondition};
use commands::{Command, CommandError};
use resp::Frame;
use support::{command, redis_and_client, start_redis, RawClient};

#[test]
fn from_frame_builds_typed_commands_case_insensitively() {
    let get = Command::from_frame(Frame::command(["gEt", "k"]));
    assert_eq!(
        get,
        Ok(Command::Get(Get {
            key: Bytes::from_static(b"k")
        })),
        "Command::from_frame: names are case-insensitive, and GET's one argument is its key"
    );
    let set = Command::from_frame(Frame::command(["SET", "k", "v", "nx"]));
    assert_eq!(
        set,
        Ok(Command::Set(Set {
            key: Bytes::from_static(b"k"),
            value: Bytes::from_static(b"v"),
            condition: Some(SetCondition::Nx),
            get: false,
            expiry: None,
        })),
        "Set::parse reads the options, in any case"
    );
    assert_eq!(
        Command::from_frame(Frame::command(["GET"])),
        Err(CommandError::WrongArity("get".into())),
        "the command table's arity is checked before the command parses"
    );
}

#[tokio::test]
async fn ping_replies_pong_or_its_message() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"PING"],
            b"+PONG\r\n",
            "PING with no argument replies the simple string PONG",
        )
        .await;
    client
        .command(
            &[b"PING", b"hi there"],
            b"$8\r\nhi there\r\n",
            "PING with a message replies it as a bulk string",
        )
        .await;
    client
        .command(
            &[b"PING", b"a", b"b"],
            b"-ERR wrong number of arguments for 'ping' command\r\n",
            "PING takes at most one argument",
        )
        .await;
}

#[tokio::test]
async fn echo_replies_its_argument() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"ECHO", b"hello"],
            b"$5\r\nhello\r\n",
            "ECHO replies its argument as a bulk string",
        )
        .await;
    client
        .command(
            &[b"ECHO"],
            b"-ERR wrong number of arguments for 'echo' command\r\n",
            "ECHO needs exactly one argument",
        )
        .await;
}

#[tokio::test]
async fn set_then_get_and_a_missing_key_is_null() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"GET", b"k"],
            b"$-1\r\n",
            "GET of a missing key replies the null bulk string",
        )
        .await;
    client
        .command(&[b"SET", b"k", b"v"], b"+OK\r\n", "SET replies +OK")
        .await;
    client
        .command(
            &[b"GET", b"k"],
            b"$1\r\nv\r\n",
            "GET replies the value as a bulk string",
        )
        .await;
    client
        .command(&[b"SET", b"k", b"w"], b"+OK\r\n", "SET overwrites")
        .await;
    client
        .command(&[b"GET", b"k"], b"$1\r\nw\r\n", "GET sees the new value")
        .await;
}

#[tokio::test]
async fn values_are_binary_safe_end_to_end() {
    let server = start_redis().await;
    let mut connection = testkit::redis_connection(server.addr).await;
    let value: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
    let set: String = testkit::query(
        &mut connection,
        redis::cmd("SET").arg("blob").arg(&value[..]),
    )
    .await
    .expect("SET of a 1 MiB binary value");
    assert_eq!(set, "OK");
    let got: Vec<u8> = testkit::query(&mut connection, redis::cmd("GET").arg("blob"))
        .await
        .expect("GET of a 1 MiB binary value");
    assert!(
        got == value,
        "a 1 MiB value with \\r\\n and \\0 in it must come back byte for byte"
    );
}

#[tokio::test]
async fn del_and_exists_count_keys() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(&[b"SET", b"a", b"1"], b"+OK\r\n", "SET")
        .await;
    client
        .command(&[b"SET", b"b", b"2"], b"+OK\r\n", "SET")
        .await;
    client
        .command(
            &[b"EXISTS", b"a", b"a", b"nope"],
            b":2\r\n",
            "EXISTS counts a key named twice twice, and missing keys not at all",
        )
        .await;
    client
        .command(
            &[b"DEL", b"a", b"b", b"a", b"nope"],
            b":2\r\n",
            "DEL replies how many keys it actually deleted",
        )
        .await;
    client
        .command(&[b"EXISTS", b"a", b"b"], b":0\r\n", "deleted keys are gone")
        .await;
    client
        .command(
            &[b"DEL"],
            b"-ERR wrong number of arguments for 'del' command\r\n",
            "DEL needs at least one key",
        )
        .await;
}

#[tokio::test]
async fn incr_decr_incrby_decrby() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"INCR", b"n"],
            b":1\r\n",
            "INCR of a missing key starts from 0",
        )
        .await;
    client
        .command(
            &[b"INCRBY", b"n", b"41"],
            b":42\r\n",
            "INCRBY adds its argument",
        )
        .await;
    client
        .command(&[b"DECR", b"n"], b":41\r\n", "DECR subtracts 1")
        .await;
    client
        .command(
            &[b"DECRBY", b"n", b"-9"],
            b":50\r\n",
            "DECRBY subtracts its argument",
        )
        .await;
    client
        .command(
            &[b"GET", b"n"],
            b"$2\r\n50\r\n",
            "the counter is stored as a string",
        )
        .await;
}

#[tokio::test]
async fn incr_refuses_what_is_not_a_strict_integer() {
    let (_server, mut client) = redis_and_client().await;
    for value in [&b" 7"[..], b"7 ", b"+7", b"007", b"abc", b"1.5", b""] {
        client
            .command(&[b"SET", b"n", value], b"+OK\r\n", "SET")
            .await;
        client
            .command(
                &[b"INCR", b"n"],
                b"-ERR value is not an integer or out of range\r\n",
                "INCR on a value that is not exactly a decimal integer (string_to_i64)",
            )
            .await;
    }
    client
        .command(
            &[b"INCRBY", b"n", b"x"],
            b"-ERR value is not an integer or out of range\r\n",
            "INCRBY's increment must be an integer",
        )
        .await;
}

#[tokio::test]
async fn incr_never_overflows_silently() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(&[b"SET", b"n", b"9223372036854775807"], b"+OK\r\n", "SET")
        .await;
    client
        .command(
            &[b"INCR", b"n"],
            b"-ERR increment or decrement would overflow\r\n",
            "i64::MAX + 1 is an error, not a wrap-around",
        )
        .await;
    client
        .command(
            &[b"GET", b"n"],
            b"$19\r\n9223372036854775807\r\n",
            "a failed INCR changes nothing",
        )
        .await;
    client
        .command(
            &[b"DECRBY", b"m", b"-9223372036854775808"],
            b"-ERR decrement would overflow\r\n",
            "DECRBY of i64::MIN cannot be negated",
        )
        .await;
}

#[tokio::test]
async fn set_nx_xx_and_get_options() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"SET", b"k", b"1", b"XX"],
            b"$-1\r\n",
            "SET XX on a missing key does nothing and replies null",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"1", b"NX"],
            b"+OK\r\n",
            "SET NX on a missing key writes",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"2", b"NX"],
            b"$-1\r\n",
            "SET NX on an existing key does nothing",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"3", b"XX", b"GET"],
            b"$1\r\n1\r\n",
            "SET ... GET replies the old value",
        )
        .await;
    client
        .command(&[b"GET", b"k"], b"$1\r\n3\r\n", "and wrote the new one")
        .await;
    client
        .command(
            &[b"SET", b"new", b"x", b"GET"],
            b"$-1\r\n",
            "SET ... GET of a missing key replies null",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"v", b"NX", b"XX"],
            b"-ERR syntax error\r\n",
            "NX and XX together are a syntax error",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"v", b"FOO"],
            b"-ERR syntax error\r\n",
            "an unknown option is a syntax error",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"v", b"EX"],
            b"-ERR syntax error\r\n",
            "EX without a number is a syntax error",
        )
        .await;
}

#[tokio::test]
async fn set_refuses_a_ttl_of_zero_or_less() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"SET", b"k", b"v", b"EX", b"0"],
            b"-ERR invalid expire time in 'set' command\r\n",
            "SET EX 0 is an error, not an instant expiry",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"v", b"PX", b"-5"],
            b"-ERR invalid expire time in 'set' command\r\n",
            "negative PX is an error",
        )
        .await;
    client
        .command(
            &[b"SET", b"k", b"v", b"EX", b"ten"],
            b"-ERR value is not an integer or out of range\r\n",
            "EX needs an integer",
        )
        .await;
    client
        .command(
            &[b"EXISTS", b"k"],
            b":0\r\n",
            "a refused SET writes nothing",
        )
        .await;
}

#[tokio::test]
async fn an_unknown_command_is_named_with_its_arguments() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"FOO", b"a", b"b"],
            b"-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n",
            "Redis 7's unknown-command error quotes the arguments, each followed by a space",
        )
        .await;
    client
        .command(
            &[b"NOPE"],
            b"-ERR unknown command 'NOPE', with args beginning with: \r\n",
            "with no arguments the text still ends with ': '",
        )
        .await;
}

#[tokio::test]
async fn command_errors_keep_the_connection() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"GET", b"a", b"b"],
            b"-ERR wrong number of arguments for 'get' command\r\n",
            "a wrong argument count is an error reply",
        )
        .await;
    client
        .command(
            &[b"PING"],
            b"+PONG\r\n",
            "after a command error the connection stays open",
        )
        .await;
}

#[tokio::test]
async fn a_protocol_error_is_replied_then_the_connection_closes() {
    let (_server, mut client) = redis_and_client().await;
    client
        .round_trip(
            b"*1\r\n$4\r\nPING\r\n*1\r\n:1\r\n",
            b"+PONG\r\n-ERR Protocol error: expected '$', got ':'\r\n",
            "requests before the bad one are answered, then Redis's protocol error",
        )
        .await;
    client
        .expect_closed("after a protocol error the server cannot find the next request: it closes")
        .await;
}

#[tokio::test]
async fn inline_commands_work_over_tcp() {
    let (_server, mut client) = redis_and_client().await;
    client
        .round_trip(b"PING\r\n", b"+PONG\r\n", "PING typed into nc or telnet")
        .await;
    client
        .round_trip(
            b"SET k \"two words\"\r\n",
            b"+OK\r\n",
            "an inline SET with quotes",
        )
        .await;
    client
        .round_trip(
            b"GET k\n",
            b"$9\r\ntwo words\r\n",
            "the quoted value was one argument",
        )
        .await;
}

#[tokio::test]
async fn a_pipeline_of_10000_commands_gets_10000_replies_in_order() {
    let (_server, mut client) = redis_and_client().await;
    let mut pipeline = Vec::new();
    let mut expected = Vec::new();
    for i in 0..10_000 {
        pipeline.extend_from_slice(&command(&[b"INCR", b"counter"]));
        expected.extend_from_slice(format!(":{}\r\n", i + 1).as_bytes());
    }
    client.send(&pipeline).await;
    let got = client
        .read_bytes(expected.len(), "reading 10,000 pipelined replies")
        .await;
    assert!(
        got == expected,
        "the replies must be :1 to :10000, in order"
    );
    client
        .command(&[b"PING"], b"+PONG\r\n", "and nothing else followed them")
        .await;
}

#[tokio::test]
async fn quit_replies_ok_and_closes() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(&[b"QUIT"], b"+OK\r\n", "QUIT replies +OK")
        .await;
    client
        .expect_closed("then the server closes the connection")
        .await;
}

#[tokio::test]
async fn clients_share_one_keyspace() {
    let server = start_redis().await;
    let mut first = RawClient::connect(server.addr).await;
    let mut second = RawClient::connect(server.addr).await;
    first
        .command(
            &[b"SET", b"shared", b"yes"],
            b"+OK\r\n",
            "SET on one connection",
        )
        .await;
    second
        .command(
            &[b"GET", b"shared"],
            b"$3\r\nyes\r\n",
            "is seen by another: one Db for all connections",
        )
        .await;
    let mut connection = testkit::redis_connection(server.addr).await;
    let value: String = testkit::query(&mut connection, redis::cmd("GET").arg("shared"))
        .await
        .expect("GET with the redis crate");
    assert_eq!(
        value, "yes",
        "the redis crate, as an application uses it, sees it too"
    );
}
