//! `SUBSCRIBE`, `UNSUBSCRIBE`, `PSUBSCRIBE`, `PUNSUBSCRIBE`: joining and leaving channels.
//!
//! Each channel (or pattern) named gets its own reply, `[subscribe, channel, count]`, where the
//! count is how many channels and patterns the client now listens to. So `SUBSCRIBE a b` answers
//! twice. A command answers one frame, so the replies before the last go through the client's
//! own mailbox, which the connection writes before the command's reply ([`several_replies`]).
//! The replies are pushes: `>3` in RESP3, arrays in RESP2, like the messages that follow.
//!
//! Without arguments, `UNSUBSCRIBE` leaves every channel (one reply each), and when there was
//! none it still answers once, with a null channel and a count of 0.
//!
//! How real Redis does it: `subscribeCommand`, `unsubscribeCommand`, `psubscribeCommand` and
//! `punsubscribeCommand` in `src/pubsub.c` (`addReplyPubsubSubscribed` and friends).

use bytes::Bytes;
use resp::Frame;

use crate::pubsub::Subscriber;
use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The flags the four commands share.
const FLAGS: Flags = Flags::PUBSUB
    .union(Flags::NOSCRIPT)
    .union(Flags::LOADING)
    .union(Flags::STALE);

/// A row of this file's table.
const fn spec(
    name: &'static str,
    arity: i64,
    parse: fn(&mut Args) -> Result<Command, CommandError>,
) -> CommandSpec {
    CommandSpec {
        name,
        arity,
        flags: FLAGS,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::empty(),
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse,
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    spec("subscribe", -2, |args| {
        Ok(Command::Subscribe(Subscribe {
            channels: args.take_rest(),
        }))
    }),
    spec("unsubscribe", -1, |args| {
        Ok(Command::Unsubscribe(Unsubscribe {
            channels: args.take_rest(),
        }))
    }),
    spec("psubscribe", -2, |args| {
        Ok(Command::PSubscribe(PSubscribe {
            patterns: args.take_rest(),
        }))
    }),
    spec("punsubscribe", -1, |args| {
        Ok(Command::PUnsubscribe(PUnsubscribe {
            patterns: args.take_rest(),
        }))
    }),
];

/// `SUBSCRIBE channel [channel ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribe {
    /// The channels, in the order given.
    pub channels: Vec<Bytes>,
}

/// `UNSUBSCRIBE [channel ...]`: none means all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    /// The channels, in the order given.
    pub channels: Vec<Bytes>,
}

/// `PSUBSCRIBE pattern [pattern ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PSubscribe {
    /// The glob-style patterns, in the order given.
    pub patterns: Vec<Bytes>,
}

/// `PUNSUBSCRIBE [pattern ...]`: none means all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PUnsubscribe {
    /// The patterns, in the order given.
    pub patterns: Vec<Bytes>,
}

impl Subscribe {
    /// Joins each channel not joined yet; one reply per channel named.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        // @step 9: Subscribe::apply — join each channel, one confirmation per channel named
        // 1. For each channel: `ctx.session.subscriptions.channels.insert(channel.clone())`
        //    says whether it is new for this client; only then add the client to the registry,
        //    `ctx.shared.pubsub.subscribe(channel.clone(), subscriber(ctx))`. (A channel named
        //    twice is joined once, but confirmed twice, as Redis does.)
        // 2. Push `confirmation("subscribe", Some(channel), ctx)`: it carries the count of
        //    subscriptions *after* this channel.
        // 3. Return `several_replies(ctx, replies)`: the last confirmation is the reply, the
        //    others go first through the client's own mailbox.
        todo!("step 9: Subscribe::apply — join each channel, one confirmation per channel named")
    }
}

impl Unsubscribe {
    /// Leaves the channels named, or every channel; one reply per channel.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let channels = if self.channels.is_empty() {
            ctx.session.subscriptions.channels.iter().cloned().collect()
        } else {
            self.channels
        };
        let mut replies = Vec::with_capacity(channels.len().max(1));
        for channel in channels {
            if ctx.session.subscriptions.channels.remove(&channel) {
                ctx.shared.pubsub.unsubscribe(&channel, ctx.session.id);
            }
            replies.push(confirmation("unsubscribe", Some(channel), ctx));
        }
        if replies.is_empty() {
            replies.push(confirmation("unsubscribe", None, ctx));
        }
        Ok(several_replies(ctx, replies))
    }
}

impl PSubscribe {
    /// Joins each pattern not joined yet; one reply per pattern named.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let mut replies = Vec::with_capacity(self.patterns.len());
        for pattern in self.patterns {
            if !ctx.session.subscriptions.patterns.contains(&pattern) {
                ctx.session.subscriptions.patterns.push(pattern.clone());
                ctx.shared
                    .pubsub
                    .psubscribe(pattern.clone(), subscriber(ctx));
            }
            replies.push(confirmation("psubscribe", Some(pattern), ctx));
        }
        Ok(several_replies(ctx, replies))
    }
}

impl PUnsubscribe {
    /// Leaves the patterns named, or every pattern; one reply per pattern.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let patterns = if self.patterns.is_empty() {
            ctx.session.subscriptions.patterns.clone()
        } else {
            self.patterns
        };
        let mut replies = Vec::with_capacity(patterns.len().max(1));
        for pattern in patterns {
            let mine = &mut ctx.session.subscriptions.patterns;
            if let Some(position) = mine.iter().position(|known| *known == pattern) {
                mine.remove(position);
                ctx.shared.pubsub.punsubscribe(&pattern, ctx.session.id);
            }
            replies.push(confirmation("punsubscribe", Some(pattern), ctx));
        }
        if replies.is_empty() {
            replies.push(confirmation("punsubscribe", None, ctx));
        }
        Ok(several_replies(ctx, replies))
    }
}

/// This client, as the registry knows it.
fn subscriber(ctx: &Context<'_>) -> Subscriber {
    Subscriber {
        id: ctx.session.id,
        mailbox: ctx.session.mailbox.clone(),
    }
}

/// `[kind, channel or null, count]`, as a push.
fn confirmation(kind: &'static str, channel: Option<Bytes>, ctx: &Context<'_>) -> Frame {
    Frame::Push(vec![
        Frame::Bulk(Bytes::from_static(kind.as_bytes())),
        channel.map_or(Frame::Null, Frame::Bulk),
        Frame::Integer(ctx.session.subscriptions.count() as i64),
    ])
}

/// Answers several frames: all but the last go to the client's own mailbox, which the
/// connection writes before the reply; the last is the reply.
pub(crate) fn several_replies(ctx: &Context<'_>, mut replies: Vec<Frame>) -> Frame {
    let last = replies.pop().unwrap_or(Frame::Null);
    for reply in replies {
        ctx.session.mailbox.deliver(reply, 64);
    }
    last
}

/// Leaves every channel and pattern: the connection closed, or sent `RESET`. No replies.
pub fn unsubscribe_all(shared: &crate::Shared, session: &mut crate::Session) {
    let subscriptions = std::mem::take(&mut session.subscriptions);
    for channel in &subscriptions.channels {
        shared.pubsub.unsubscribe(channel, session.id);
    }
    for pattern in &subscriptions.patterns {
        shared.pubsub.punsubscribe(pattern, session.id);
    }
}
