//! `INFO [section ...]`: the server's report on itself.
//!
//! Pre-written. The arguments pick sections ([`Sections::select`]); the report itself is in
//! `src/info/`, one file per group of sections.
//!
//! How real Redis does it: `infoCommand` in `src/server.c`. It replies a verbatim string to a
//! RESP3 client; a RESP2 client, as all of ours are, gets a bulk string.

use resp::Frame;

use crate::info::{self, Sections};
use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "info",
    arity: -1,
    flags: Flags::LOADING.union(Flags::STALE),
    keys: KeyRange::NONE,
    acl_categories: AclCategories::DANGEROUS,
    tips: &[
        "nondeterministic_output",
        "request_policy:all_shards",
        "response_policy:special",
    ],
    key_specs: &[],
    subcommands: &[],
    parse: |args| Info::parse(args).map(Command::Info),
}];

/// `INFO [section ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// The sections asked for.
    pub sections: Sections,
}

impl Info {
    /// Parses the section names: any names, in any case; unknown ones are ignored.
    pub fn parse(args: &mut Args) -> Result<Info, CommandError> {
        let names = args.take_rest();
        Ok(Info {
            sections: Sections::select(&names),
        })
    }

    /// The report, as one bulk string.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        Ok(Frame::verbatim(info::report(ctx, self.sections)))
    }
}
