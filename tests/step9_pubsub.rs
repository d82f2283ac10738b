//! Chapter 9: pub/sub.
//!
//! Run: `cargo test -p exercises --test steps step9_pubsub::`. Stubs: the subscription registry in
//! `commands/src/pubsub/registry.rs` (`add`, `remove`, `PubSub::publish`) and the
//! subscribed-mode rules in `commands/src/pubsub/subscribed_mode.rs` (`check_subscribed_mode`).
//! The connection's side (`RespHandler::deliver_messages`, and the `tokio::select!` of step 1
//! that wakes on the mailbox) is pre-written: chapter 7's `BLPOP` answers through it too.
//!
//! First the registry alone, with mailboxes and no network. Then over real TCP with two and
//! three clients, byte for byte as Redis 7.0 answers: fan-out, patterns, silence, subscribed
//! mode in RESP2 and RESP3, keyspace notifications, and a subscriber that never reads.

use crate::support;

use std::time::Duration;

use bytes::Bytes;
use commands::pubsub::Subscriber;
use commands::{Mailbox, Shared};
use resp::Frame;
use support::{redis_and_client, start_redis, RawClient};

/// A short wait in which nothing must arrive.
const QUIET: Duration = Duration::from_millis(50);

fn bulk(text: &str) -> Frame {
    Frame::Bulk(Bytes::copy_from_slice(text.as_bytes()))
}

fn subscriber(id: u64) -> (Subscriber, Mailbox) {
    let mailbox = Mailbox::default();
    (
        Subscriber {
            id,
            mailbox: mailbox.clone(),
        },
        mailbox,
    )
}

/// `*3 message <channel> <payload>`, as a RESP2 subscriber receives it.
fn message(channel: &str, payload: &str) -> Vec<u8> {
    format!(
        "*3\r\n$7\r\nmessage\r\n${}\r\n{channel}\r\n${}\r\n{payload}\r\n",
        channel.len(),
        payload.len()
    )
    .into_bytes()
}

/// `*4 pmessage <pattern> <channel> <payload>`.
fn pmessage(pattern: &str, channel: &str, payload: &str) -> Vec<u8> {
    format!(
        "*4\r\n$8\r\npmessage\r\n${}\r\n{pattern}\r\n${}\r\n{channel}\r\n${}\r\n{payload}\r\n",
        pattern.len(),
        channel.len(),
        payload.len()
    )
    .into_bytes()
}

/// `*3 <kind> <channel> :<count>`: a (un)subscribe confirmation in RESP2.
fn confirmation(kind: &str, channel: &str, count: usize) -> Vec<u8> {
    format!(
        "*3\r\n${}\r\n{kind}\r\n${}\r\n{channel}\r\n:{count}\r\n",
        kind.len(),
        channel.len()
    )
    .into_bytes()
}

async fn connect(server: &support::TestServer) -> RawClient {
    RawClient::connect(server.addr).await
}

#[tokio::test]
async fn the_registry_delivers_to_each_subscriber_of_a_channel_in_order() {
    testkit::arm_hang_watchdog();
    let shared = Shared::new();
    let (first, first_box) = subscriber(1);
    let (second, second_box) = subscriber(2);
    shared.pubsub.subscribe(Bytes::from_static(b"news"), first);
    shared.pubsub.subscribe(Bytes::from_static(b"news"), second);
    let (news, hello) = (Bytes::from_static(b"news"), Bytes::from_static(b"hello"));
    assert_eq!(
        shared.pubsub.publish(&news, &hello),
        2,
        "PubSub::publish: two subscribers of `news` (added by `add`), two deliveries"
    );
    let expected = Frame::Push(vec![bulk("message"), bulk("news"), bulk("hello")]);
    for (mailbox, who) in [(&first_box, "first"), (&second_box, "second")] {
        assert_eq!(
            mailbox.take().into_iter().collect::<Vec<_>>(),
            vec![expected.clone()],
            "PubSub::publish: the {who} subscriber's mailbox holds the message, once"
        );
    }
    assert_eq!(
        shared.pubsub.numsub(b"news"),
        2,
        "add: both subscribers are on the list"
    );
    assert_eq!(
        shared.pubsub.publish(&Bytes::from_static(b"sport"), &hello),
        0,
        "PubSub::publish: nobody listens to `sport`"
    );
    assert!(
        first_box.take().is_empty(),
        "PubSub::publish: a message to another channel reaches nobody"
    );
}

#[tokio::test]
async fn leaving_removes_the_subscriber_and_an_empty_channel() {
    testkit::arm_hang_watchdog();
    let shared = Shared::new();
    let (first, first_box) = subscriber(1);
    let (second, _second_box) = subscriber(2);
    let news = Bytes::from_static(b"news");
    shared.pubsub.subscribe(news.clone(), first);
    shared.pubsub.subscribe(news.clone(), second);
    shared.pubsub.unsubscribe(b"news", 1);
    assert_eq!(
        shared.pubsub.numsub(b"news"),
        1,
        "remove: client 1 left `news`, client 2 is still there"
    );
    assert_eq!(
        shared.pubsub.publish(&news, &Bytes::from_static(b"x")),
        1,
        "PubSub::publish: only the remaining subscriber receives it"
    );
    assert!(
        first_box.take().is_empty(),
        "remove: client 1 hears nothing"
    );
    shared.pubsub.unsubscribe(b"news", 2);
    assert_eq!(
        shared.pubsub.channels(None),
        Vec::<Bytes>::new(),
        "remove: a channel nobody listens to is gone (PUBSUB CHANNELS no longer lists it)"
    );
}

#[tokio::test]
async fn a_pattern_that_matches_receives_a_pmessage_and_is_counted() {
    testkit::arm_hang_watchdog();
    let shared = Shared::new();
    let (by_channel, mailbox) = subscriber(1);
    let by_pattern = Subscriber {
        id: 1,
        mailbox: mailbox.clone(),
    };
    shared
        .pubsub
        .subscribe(Bytes::from_static(b"news.tech"), by_channel);
    shared
        .pubsub
        .psubscribe(Bytes::from_static(b"news.*"), by_pattern);
    let count = shared.pubsub.publish(
        &Bytes::from_static(b"news.tech"),
        &Bytes::from_static(b"rust"),
    );
    assert_eq!(
        count, 2,
        "PubSub::publish: the channel's subscriber and the pattern's are both counted, even if \
         they are the same client"
    );
    assert_eq!(
        mailbox.take().into_iter().collect::<Vec<_>>(),
        vec![
            Frame::Push(vec![bulk("message"), bulk("news.tech"), bulk("rust")]),
            Frame::Push(vec![
                bulk("pmessage"),
                bulk("news.*"),
                bulk("news.tech"),
                bulk("rust")
            ]),
        ],
        "PubSub::publish: the channel's message first, then the pattern's pmessage"
    );
    assert_eq!(
        shared
            .pubsub
            .publish(&Bytes::from_static(b"sport"), &Bytes::from_static(b"x")),
        0,
        "PubSub::publish: `news.*` does not match `sport`"
    );
}

#[tokio::test]
async fn a_message_fans_out_to_every_subscriber_and_nowhere_else() {
    let server = start_redis().await;
    let (mut alice, mut bob, mut publisher) = (
        connect(&server).await,
        connect(&server).await,
        connect(&server).await,
    );
    alice
        .command(
            &[b"SUBSCRIBE", b"news"],
            &confirmation("subscribe", "news", 1),
            "Subscribe::apply: SUBSCRIBE replies [subscribe, channel, count of subscriptions]",
        )
        .await;
    bob.command(
        &[b"SUBSCRIBE", b"news", b"sport"],
        &[
            confirmation("subscribe", "news", 1),
            confirmation("subscribe", "sport", 2),
        ]
        .concat(),
        "Subscribe::apply: SUBSCRIBE with two channels replies twice, in order (return \
         several_replies: the first waits in the mailbox, which is written before the reply)",
    )
    .await;
    publisher
        .command(
            &[b"PUBLISH", b"news", b"hello"],
            b":2\r\n",
            "PUBLISH replies how many clients received the message",
        )
        .await;
    alice
        .expect(
            &message("news", "hello"),
            "PubSub::publish: a message published to a channel arrives at once",
        )
        .await;
    bob.expect(&message("news", "hello"), "each subscriber receives it")
        .await;
    publisher
        .command(&[b"PUBLISH", b"sport", b"goal"], b":1\r\n", "one sport fan")
        .await;
    bob.expect(&message("sport", "goal"), "bob listens to sport")
        .await;
    alice
        .expect_silence(QUIET, "alice did not subscribe to sport: she hears nothing")
        .await;
    publisher
        .command(
            &[b"PUBLISH", b"weather", b"rain"],
            b":0\r\n",
            "nobody listens to weather",
        )
        .await;
    bob.expect_silence(QUIET, "silence on other channels").await;
}

#[tokio::test]
async fn after_unsubscribe_the_channel_is_silent() {
    let server = start_redis().await;
    let (mut subscriber, mut publisher) = (connect(&server).await, connect(&server).await);
    subscriber
        .command(
            &[b"SUBSCRIBE", b"a", b"b"],
            &[
                confirmation("subscribe", "a", 1),
                confirmation("subscribe", "b", 2),
            ]
            .concat(),
            "two confirmations",
        )
        .await;
    subscriber
        .command(
            &[b"UNSUBSCRIBE", b"a"],
            &confirmation("unsubscribe", "a", 1),
            "UNSUBSCRIBE replies the channel and the subscriptions left",
        )
        .await;
    publisher
        .command(
            &[b"PUBLISH", b"a", b"x"],
            b":0\r\n",
            "remove: after UNSUBSCRIBE a, nobody listens to a",
        )
        .await;
    subscriber
        .expect_silence(QUIET, "nothing arrives from a channel left")
        .await;
    subscriber
        .command(
            &[b"UNSUBSCRIBE"],
            &confirmation("unsubscribe", "b", 0),
            "UNSUBSCRIBE without arguments leaves every channel",
        )
        .await;
    subscriber
        .command(
            &[b"UNSUBSCRIBE"],
            b"*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n",
            "with no subscription left, UNSUBSCRIBE still replies once, with a null channel",
        )
        .await;
    subscriber
        .command(
            &[b"GET", b"k"],
            b"$-1\r\n",
            "with no subscription left, the client is back to normal",
        )
        .await;
}

#[tokio::test]
async fn a_channel_matched_by_a_pattern_too_delivers_twice() {
    let server = start_redis().await;
    let (mut subscriber, mut publisher) = (connect(&server).await, connect(&server).await);
    subscriber
        .command(
            &[b"SUBSCRIBE", b"news.tech"],
            &confirmation("subscribe", "news.tech", 1),
            "subscribed to the channel",
        )
        .await;
    subscriber
        .command(
            &[b"PSUBSCRIBE", b"news.*"],
            &confirmation("psubscribe", "news.*", 2),
            "PSUBSCRIBE counts with the channels",
        )
        .await;
    publisher
        .command(
            &[b"PUBLISH", b"news.tech", b"rust"],
            b":2\r\n",
            "PubSub::publish: the count includes the pattern subscription",
        )
        .await;
    subscriber
        .expect(
            &[
                message("news.tech", "rust"),
                pmessage("news.*", "news.tech", "rust"),
            ]
            .concat(),
            "message, then pmessage, as Redis sends them",
        )
        .await;
}

#[tokio::test]
async fn a_resp2_subscriber_may_only_subscribe_ping_quit_and_reset() {
    let (_server, mut client) = redis_and_client().await;
    client
        .command(
            &[b"SUBSCRIBE", b"a"],
            &confirmation("subscribe", "a", 1),
            "subscribed",
        )
        .await;
    client
        .command(
            &[b"PING"],
            b"*2\r\n$4\r\npong\r\n$0\r\n\r\n",
            "PING in RESP2 subscribed mode answers an array, [pong, \"\"]",
        )
        .await;
    client
        .command(
            &[b"GET", b"k"],
            b"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / \
              RESET are allowed in this context\r\n",
            "check_subscribed_mode: GET is refused in RESP2 subscribed mode, with Redis's error",
        )
        .await;
    client
        .command(
            &[b"PSUBSCRIBE", b"x*"],
            &confirmation("psubscribe", "x*", 2),
            "check_subscribed_mode: PSUBSCRIBE is allowed",
        )
        .await;
    client
        .command(
            &[b"RESET"],
            b"+RESET\r\n",
            "check_subscribed_mode: RESET is allowed, and leaves every subscription",
        )
        .await;
    client
        .command(&[b"GET", b"k"], b"$-1\r\n", "after RESET, GET works again")
        .await;
}

#[tokio::test]
async fn in_resp3_messages_are_pushes_and_every_command_is_allowed() {
    let server = start_redis().await;
    let (mut subscriber, mut publisher) = (connect(&server).await, connect(&server).await);
    subscriber.send(&testkit::command(&[b"HELLO", b"3"])).await;
    // Skip HELLO's map (its client id varies): read up to the reply of a PING sent after it.
    subscriber
        .send(&testkit::command(&[b"PING", b"sync"]))
        .await;
    let mut seen = Vec::new();
    while !seen.ends_with(b"$4\r\nsync\r\n") {
        seen.extend(subscriber.read_bytes(1, "HELLO 3, then PING sync").await);
    }
    subscriber
        .command(
            &[b"SUBSCRIBE", b"a"],
            b">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n",
            "in RESP3 the confirmation is a push",
        )
        .await;
    subscriber
        .command(
            &[b"GET", b"k"],
            b"_\r\n",
            "check_subscribed_mode: in RESP3 every command is allowed",
        )
        .await;
    subscriber
        .command(&[b"PING"], b"+PONG\r\n", "in RESP3, PING answers as usual")
        .await;
    publisher
        .command(&[b"PUBLISH", b"a", b"hi"], b":1\r\n", "one subscriber")
        .await;
    subscriber
        .expect(
            b">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n",
            "PubSub::publish: in RESP3 a message is a push (`>`)",
        )
        .await;
}

#[tokio::test]
async fn binary_channels_and_payloads_arrive_byte_for_byte() {
    let server = start_redis().await;
    let (mut subscriber, mut publisher) = (connect(&server).await, connect(&server).await);
    subscriber
        .command(
            &[b"SUBSCRIBE", b"\x00\xff"],
            b"*3\r\n$9\r\nsubscribe\r\n$2\r\n\x00\xff\r\n:1\r\n",
            "a binary channel name",
        )
        .await;
    publisher
        .command(
            &[b"PUBLISH", b"\x00\xff", b"\r\n\x00"],
            b":1\r\n",
            "one subscriber",
        )
        .await;
    subscriber
        .expect(
            b"*3\r\n$7\r\nmessage\r\n$2\r\n\x00\xff\r\n$3\r\n\r\n\x00\r\n",
            "the payload's bytes, CR LF and NUL included",
        )
        .await;
}

#[tokio::test]
async fn keyspace_notifications_name_the_command() {
    let server = start_redis().await;
    let (mut watcher, mut writer) = (connect(&server).await, connect(&server).await);
    writer
        .command(
            &[b"CONFIG", b"SET", b"notify-keyspace-events", b"KEA"],
            b"+OK\r\n",
            "notifications on",
        )
        .await;
    watcher
        .command(
            &[b"PSUBSCRIBE", b"__keyspace@0__:*"],
            &confirmation("psubscribe", "__keyspace@0__:*", 1),
            "watching database 0's keys",
        )
        .await;
    for (command, reply, event) in [
        (&[&b"SET"[..], b"k", b"v"][..], &b"+OK\r\n"[..], "set"),
        (&[b"EXPIRE", b"k", b"100"], b":1\r\n", "expire"),
        (&[b"DEL", b"k"], b":1\r\n", "del"),
    ] {
        writer.command(command, reply, "the writer's reply").await;
        watcher
            .expect(
                &pmessage("__keyspace@0__:*", "__keyspace@0__:k", event),
                &format!(
                    "PubSub::publish: keyspace notifications go through the registry; {} sends \
                     `{event}`",
                    String::from_utf8_lossy(command[0])
                ),
            )
            .await;
    }
}

#[tokio::test]
async fn a_subscriber_that_never_reads_is_disconnected_and_others_carry_on() {
    let server = start_redis().await;
    let (mut admin, mut publisher) = (connect(&server).await, connect(&server).await);
    admin
        .command(
            &[
                b"CONFIG",
                b"SET",
                b"client-output-buffer-limit",
                b"pubsub 1mb 0 0",
            ],
            b"+OK\r\n",
            "a small limit for subscribers",
        )
        .await;
    let mut sleeper = connect(&server).await;
    sleeper
        .command(
            &[b"SUBSCRIBE", b"firehose"],
            &confirmation("subscribe", "firehose", 1),
            "subscribed, and from now on never reads",
        )
        .await;
    let payload = vec![b'x'; 256 * 1024];
    let mut disconnected = false;
    for _ in 0..400 {
        publisher
            .send(&testkit::command(&[b"PUBLISH", b"firehose", &payload]))
            .await;
        let reply = publisher.read_bytes(4, "PUBLISH's reply").await;
        if reply == b":0\r\n" {
            disconnected = true;
            break;
        }
    }
    assert!(
        disconnected,
        "past its output buffer limit, a subscriber that does not read is disconnected (100 MB \
         published and it still receives)"
    );
    admin
        .command(&[b"PING"], b"+PONG\r\n", "the other clients carry on")
        .await;
}

#[tokio::test]
async fn tutorial_examples_run_through_redis_py() {
    support::tutorial_matches_redis("pubsub", &["PUBLISH", "tutorial:probe", "hello"]).await;
}
