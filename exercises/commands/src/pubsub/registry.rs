//! The subscription registry: who listens to which channel, and to which pattern.
//!
//! Two maps, both to lists of subscribers: channel → subscribers, pattern → subscribers. A
//! subscriber is a client id and a handle to the client's [`Mailbox`], so that `PUBLISH` can
//! deliver without looking anything else up. `PUBLISH` is then one lookup for the channel, and
//! one glob match per pattern: patterns cannot be indexed, which is why a server with thousands
//! of patterns publishes slowly (Redis has the same cost).
//!
//! The registry is the *server's* view. Each connection also remembers its own subscriptions (in
//! its [`crate::Session`]), for the counts its replies carry and to unsubscribe when it leaves.
//!
//! How real Redis does it: `server.pubsub_channels` and `server.pubsub_patterns` (dicts of
//! channel or pattern → list of clients) in `src/pubsub.c`; `pubsubPublishMessage` walks both.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use bytes::Bytes;

use super::{message, pmessage};
use crate::glob::string_match;
use crate::Mailbox;

/// One subscriber of a channel or pattern: which client, and where to deliver.
#[derive(Debug, Clone)]
pub struct Subscriber {
    /// The client's id (`CLIENT ID`).
    pub id: u64,
    /// Where its messages go.
    pub mailbox: Mailbox,
}

/// Channel (or pattern) → its subscribers, in the order they subscribed.
type Subscribers = HashMap<Bytes, Vec<Subscriber>>;

#[derive(Debug, Default)]
struct Registry {
    channels: Subscribers,
    patterns: Subscribers,
}

/// Every subscription on the server.
#[derive(Debug, Default)]
pub struct PubSub {
    registry: Mutex<Registry>,
}

impl PubSub {
    /// Adds `subscriber` to `channel`'s list. The caller (`SUBSCRIBE`) has checked that the
    /// client was not subscribed yet.
    pub fn subscribe(&self, channel: Bytes, subscriber: Subscriber) {
        add(&mut self.lock().channels, channel, subscriber);
    }

    /// Removes client `id` from `channel`'s list.
    pub fn unsubscribe(&self, channel: &[u8], id: u64) {
        remove(&mut self.lock().channels, channel, id);
    }

    /// Adds `subscriber` to `pattern`'s list.
    pub fn psubscribe(&self, pattern: Bytes, subscriber: Subscriber) {
        add(&mut self.lock().patterns, pattern, subscriber);
    }

    /// Removes client `id` from `pattern`'s list.
    pub fn punsubscribe(&self, pattern: &[u8], id: u64) {
        remove(&mut self.lock().patterns, pattern, id);
    }

    /// Delivers `payload` to every subscriber of `channel`, then to every subscriber of a
    /// pattern that matches it. Returns how many deliveries were made: `PUBLISH`'s reply.
    pub fn publish(&self, channel: &Bytes, payload: &Bytes) -> usize {
        // @step 9: PubSub::publish — deliver to the channel's subscribers, then the patterns'
        // 1. Lock the registry (`self.lock()`).
        // 2. If `channels.get(&channel[..])` has subscribers: build the message once,
        //    `message(channel, payload)` (it is encoded once; a clone shares its bytes), and
        //    `subscriber.mailbox.deliver(message.clone(), message.len())` to each (its size on
        //    the wire, counted against the client's output limit). Count each delivery.
        // 3. For each `(pattern, subscribers)` in `patterns` whose pattern matches the channel
        //    (`string_match(pattern, channel, false)`): the same with `pmessage(pattern,
        //    channel, payload)`. Count those too: a client subscribed to the channel and to a
        //    matching pattern receives the message twice, and is counted twice.
        // 4. Return the count. A delivery to a client over its output limit disconnects it
        //    (the mailbox does that); it still counts, as Redis counts it.
        todo!("step 9: PubSub::publish — deliver to the channel's subscribers, then the patterns'")
    }

    /// `PUBSUB CHANNELS [pattern]`: the channels with at least one subscriber.
    pub fn channels(&self, pattern: Option<&[u8]>) -> Vec<Bytes> {
        self.lock()
            .channels
            .keys()
            .filter(|channel| pattern.is_none_or(|pattern| string_match(pattern, channel, false)))
            .cloned()
            .collect()
    }

    /// How many channels have subscribers: `INFO`'s `pubsub_channels`.
    pub fn channel_count(&self) -> usize {
        self.lock().channels.len()
    }

    /// `PUBSUB NUMSUB`: how many clients subscribed to `channel` (patterns not counted).
    pub fn numsub(&self, channel: &[u8]) -> usize {
        self.lock().channels.get(channel).map_or(0, Vec::len)
    }

    /// `PUBSUB NUMPAT`: how many distinct patterns have subscribers.
    pub fn numpat(&self) -> usize {
        self.lock().patterns.len()
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Appends `subscriber` to the list of `name`, creating the list on first use.
fn add(map: &mut Subscribers, name: Bytes, subscriber: Subscriber) {
    // @step 9: add — a subscriber joins the list of a channel (or pattern)
    // 1. `map.entry(name).or_default()` is the list, created empty if the channel is new.
    // 2. Push the subscriber at the end: messages go to subscribers in the order they came.
    todo!("step 9: add — a subscriber joins the list of a channel (or pattern)")
}

/// Removes client `id` from the list of `name`; a list left empty goes, so that `PUBSUB
/// CHANNELS` and `NUMPAT` only see channels and patterns somebody listens to.
fn remove(map: &mut Subscribers, name: &[u8], id: u64) {
    // @step 9: remove — a subscriber leaves a channel (or pattern)
    // 1. `map.get_mut(name)`: nothing to do if the channel has no list.
    // 2. `retain` the subscribers whose id is not `id`.
    // 3. If the list is now empty, `map.remove(name)`.
    todo!("step 9: remove — a subscriber leaves a channel (or pattern)")
}
