//! `PUBLISH channel message`: hand a message to every subscriber of the channel, and to every
//! subscriber of a pattern that matches it. Replies how many received it.
//!
//! The publisher never waits for a subscriber: the message goes into each subscriber's mailbox
//! ([`crate::Mailbox`]) and the subscriber's own connection writes it. A subscriber that stops
//! reading fills its mailbox until it passes `client-output-buffer-limit pubsub`, and is then
//! disconnected; the publisher and everyone else carry on.
//!
//! How real Redis does it: `publishCommand` and `pubsubPublishMessage` in `src/pubsub.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "publish",
    arity: 3,
    flags: Flags::PUBSUB
        .union(Flags::LOADING)
        .union(Flags::STALE)
        .union(Flags::FAST),
    keys: KeyRange::NONE,
    acl_categories: AclCategories::empty(),
    tips: &[],
    key_specs: &[],
    subcommands: &[],
    parse: |args| Publish::parse(args).map(Command::Publish),
}];

/// `PUBLISH channel message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// Where to publish.
    pub channel: Bytes,
    /// What: any bytes.
    pub message: Bytes,
}

impl Publish {
    /// Parses the channel and the message (the arity says there are exactly two).
    pub fn parse(args: &mut Args) -> Result<Publish, CommandError> {
        Ok(Publish {
            channel: args.next_bytes()?,
            message: args.next_bytes()?,
        })
    }

    /// Delivers the message; replies the number of receivers.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let receivers = ctx.shared.pubsub.publish(&self.channel, &self.message);
        Ok(Frame::Integer(receivers as i64))
    }
}
