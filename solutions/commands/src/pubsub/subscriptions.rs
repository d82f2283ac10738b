//! One connection's own subscriptions.
//!
//! The registry ([`super::PubSub`]) answers "who listens to this channel?". A connection needs
//! the other direction: "what do I listen to?", for the count each (un)subscribe reply carries,
//! for `UNSUBSCRIBE` without arguments, and to leave the registry when the connection closes.
//!
//! How real Redis does it: `c->pubsub_channels` (a dict) and `c->pubsub_patterns` (a list, in
//! the order of subscription) in `struct client`.

use std::collections::HashSet;

use bytes::Bytes;

/// The channels and patterns one client subscribed to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Subscriptions {
    /// Channels, in no particular order (Redis's is a dict too).
    pub channels: HashSet<Bytes>,
    /// Patterns, in the order they were subscribed: `PUNSUBSCRIBE` without arguments replies in
    /// that order, as Redis 7.0 does.
    pub patterns: Vec<Bytes>,
}

impl Subscriptions {
    /// How many channels and patterns: the count in every (un)subscribe reply. While it is not
    /// 0, the client is in subscribed mode.
    pub fn count(&self) -> usize {
        self.channels.len() + self.patterns.len()
    }
}
