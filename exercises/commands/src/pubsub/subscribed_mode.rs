//! Subscribed mode: what a subscribed RESP2 client may still send.
//!
//! In RESP2 a message is an array (`*3 message news hello`), and so is a reply to `LRANGE`. A
//! client reading a subscribed connection cannot tell a reply from a message, so Redis allows
//! only the commands whose replies look like messages: (P)(UN)SUBSCRIBE, `PING` (which answers
//! `*2 pong ""` for the same reason), `QUIT` and `RESET`. In RESP3, messages are pushes (`>`),
//! a type of their own, and every command is allowed.
//!
//! How real Redis does it: in `processCommand` (`src/server.c`), the test on `CLIENT_PUBSUB`
//! and `c->resp == 2`; `pingCommand` for the `pong` array.

use bytes::Bytes;
use resp::Frame;

use crate::{CommandError, Request, Session};

/// The commands a subscribed RESP2 client may send. (Redis 7.0 also allows the sharded
/// `SSUBSCRIBE` and `SUNSUBSCRIBE`, which we do not have.)
pub const ALLOWED_WHILE_SUBSCRIBED: &[&str] = &[
    "subscribe",
    "unsubscribe",
    "psubscribe",
    "punsubscribe",
    "ping",
    "quit",
    "reset",
];

/// Refuses `request` from a subscribed `session` if it speaks RESP2 and the command is not one
/// of [`ALLOWED_WHILE_SUBSCRIBED`]. [`crate::dispatch`] calls it only for clients with a
/// subscription (that test, which every command pays, is made there, once), before the command
/// parses its arguments.
pub fn check_subscribed_mode(session: &Session, request: &Request) -> Result<(), CommandError> {
    // @step 9: check_subscribed_mode — in RESP2, a subscriber may only (un)subscribe, PING, QUIT, RESET
    // 1. `dispatch` calls this only for a client with a subscription. Nothing to check if it
    //    speaks RESP3 (`session.protocol` is 3): return Ok.
    // 2. Ok if the command's name (`request.spec.name`) is in `ALLOWED_WHILE_SUBSCRIBED`.
    // 3. Otherwise `CommandError::NotAllowedWhileSubscribed(full_name(request))`: Redis names
    //    a subcommand in full (`config|get`).
    todo!("step 9: check_subscribed_mode — in RESP2, a subscriber may only (un)subscribe, PING, QUIT, RESET")
}

/// The command's name as Redis prints it in errors: `get`, or `config|get` for a known
/// subcommand.
pub fn full_name(request: &Request) -> String {
    request
        .args
        .remaining()
        .next()
        .and_then(|first| request.spec.subcommand(first))
        .map_or(request.spec.name, |subcommand| subcommand.name)
        .to_string()
}

/// `PING`'s reply in RESP2 subscribed mode: `*2 pong <message or "">`, shaped like a message.
/// `None` when the client is not in that mode (then `PING` answers as usual).
pub fn subscribed_pong(session: &Session, message: Option<&Bytes>) -> Option<Frame> {
    (session.protocol == 2 && session.subscriptions.count() > 0).then(|| {
        Frame::Array(vec![
            Frame::Bulk(Bytes::from_static(b"pong")),
            Frame::Bulk(message.cloned().unwrap_or_default()),
        ])
    })
}
