//! Pub/sub: channels, patterns, and the connections that listen to them.
//!
//! A subscriber stops being request-reply: after `SUBSCRIBE news`, messages arrive whenever
//! somebody publishes, in the order they were published. Three pieces make that work:
//!
//! - [`PubSub`] (`registry.rs`): who listens to what. Channel → subscribers, pattern →
//!   subscribers, each subscriber with its [`crate::Mailbox`]. `PUBLISH` looks the channel up,
//!   then every pattern, and drops a message into each mailbox it finds.
//! - The subscribed-mode rules (`subscribed_mode.rs`): in RESP2 a subscribed connection's replies
//!   and its messages share one stream of arrays, so it may only send the commands that keep the
//!   stream unambiguous. In RESP3 messages are pushes (`>`), told apart from replies by their
//!   type, so every command is allowed.
//! - Keyspace notifications (`notify.rs`, `events.rs`): after each command, the store's log of
//!   changed keys becomes messages on `__keyspace@<db>__:<key>` and `__keyevent@<db>__:<event>`.
//!
//! How real Redis does it: `src/pubsub.c` (the registry, `pubsubPublishMessage`) and
//! `src/notify.c` (`notifyKeyspaceEvent`); the subscribed-mode check is in `processCommand`
//! (`src/server.c`).

mod events;
mod notify;
mod registry;
mod subscribed_mode;
mod subscriptions;

pub use events::{event_row, CommandEvents, Event, EVENTS};
pub use notify::publish_background_changes;
pub(crate) use notify::{notify_changes, notify_key_miss};
pub use registry::{PubSub, Subscriber};
pub use subscribed_mode::{check_subscribed_mode, subscribed_pong, ALLOWED_WHILE_SUBSCRIBED};
pub use subscriptions::Subscriptions;

use bytes::Bytes;
use resp::{EncodedFrame, Frame};

/// A message as a subscriber receives it: `message`, the channel, the payload. A push in
/// RESP3, an array in RESP2. Encoded once, in both protocols: every subscriber gets a clone,
/// which shares the bytes.
pub fn message(channel: &Bytes, payload: &Bytes) -> EncodedFrame {
    EncodedFrame::new(&Frame::Push(vec![
        Frame::Bulk(Bytes::from_static(b"message")),
        Frame::Bulk(channel.clone()),
        Frame::Bulk(payload.clone()),
    ]))
}

/// A message received through a pattern: `pmessage`, the pattern, the channel, the payload.
pub fn pmessage(pattern: &Bytes, channel: &Bytes, payload: &Bytes) -> EncodedFrame {
    EncodedFrame::new(&Frame::Push(vec![
        Frame::Bulk(Bytes::from_static(b"pmessage")),
        Frame::Bulk(pattern.clone()),
        Frame::Bulk(channel.clone()),
        Frame::Bulk(payload.clone()),
    ]))
}
