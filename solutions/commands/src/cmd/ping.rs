//! `PING [message]`: `+PONG`, or the message back as a bulk string.
//!
//! How real Redis does it: `pingCommand` in `src/server.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "ping",
        arity: -1,
        flags: Flags::FAST,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::CONNECTION,
        tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
        key_specs: &[],
        subcommands: &[],
        parse: |args| Ping::parse(args).map(Command::Ping),
    },
];

/// `PING [message]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ping {
    /// The optional message to echo back.
    pub message: Option<Bytes>,
}

impl Ping {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<Ping, CommandError> {
        // @step 3: Ping::parse — no argument, or one message
        // 1. No argument left: `Ping { message: None }`.
        // 2. One: it is the message.
        // 3. More than one: `CommandError::WrongArity("ping".into())`. PING's arity in the table
        //    is -1 ("at least one"), so this check is the command's own, as in Redis.
        match args.len() {
            0 => Ok(Ping { message: None }),
            1 => Ok(Ping {
                message: Some(args.next_bytes()?),
            }),
            _ => Err(CommandError::WrongArity("ping".into())),
        }
    }

    /// The reply.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        if let Some(pong) = crate::pubsub::subscribed_pong(ctx.session, self.message.as_ref()) {
            return Ok(pong); // Chapter 9: a RESP2 subscriber's PING answers like a message.
        }
        // @step 3: Ping::apply — reply PONG, or echo the message
        // 1. No message: the simple string `+PONG`.
        // 2. A message: it comes back as a bulk string (it may be binary).
        Ok(match self.message {
            None => Frame::Simple("PONG".into()),
            Some(message) => Frame::Bulk(message),
        })
    }
}
