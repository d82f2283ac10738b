//! `ECHO message`: the message back, as a bulk string.
//!
//! How real Redis does it: `echoCommand` in `src/server.c`.

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "echo",
        arity: 2,
        flags: Flags::LOADING.union(Flags::STALE).union(Flags::FAST),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::CONNECTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |args| Echo::parse(args).map(Command::Echo),
    },
];

/// `ECHO message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Echo {
    /// What to send back.
    pub message: Bytes,
}

impl Echo {
    /// Parses the arguments after the name (the table has checked there is exactly one).
    pub fn parse(args: &mut Args) -> Result<Echo, CommandError> {
        // @step 3: Echo::parse — take the one argument
        // 1. `args.next_bytes()?` is the message.
        Ok(Echo {
            message: args.next_bytes()?,
        })
    }

    /// The reply.
    pub fn apply(self, _ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        // @step 3: Echo::apply — the message, as a bulk string
        Ok(Frame::Bulk(self.message))
    }
}
