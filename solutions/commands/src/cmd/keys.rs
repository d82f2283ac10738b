//! `KEYS pattern`: every key whose name matches a glob pattern.
//!
//! The glob is Redis's own (`*`, `?`, `[a-z]`, `[^a]`, `\` escapes; see `glob.rs`), matched
//! against the raw bytes of each key. `KEYS` walks the whole database in one go and holds the
//! server meanwhile: fine for a test database, a stall on a production one, which is why clients
//! use `SCAN` there. Expired keys that nobody has removed yet are skipped.
//!
//! A lone `*` matches every key, the empty key included (the matcher alone would not match the
//! empty string with a pattern: Redis special-cases `*`).
//!
//! How real Redis does it: `keysCommand` in `src/db.c`.

use bytes::Bytes;
use resp::Frame;

use crate::glob::string_match;
use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "keys",
    arity: 2,
    flags: Flags::READONLY,
    keys: KeyRange::NONE,
    acl_categories: AclCategories::KEYSPACE.union(AclCategories::DANGEROUS),
    tips: &["request_policy:all_shards", "nondeterministic_output_order"],
    key_specs: &[],
    subcommands: &[],
    parse: |args| Keys::parse(args).map(Command::Keys),
}];

/// `KEYS pattern`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// The glob pattern.
    pub pattern: Bytes,
}

impl Keys {
    /// Parses the pattern.
    pub fn parse(args: &mut Args) -> Result<Keys, CommandError> {
        Ok(Keys {
            pattern: args.next_bytes()?,
        })
    }

    /// Replies every live key that matches, in no particular order.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let every_key = self.pattern.as_ref() == b"*";
        // One walk of the whole keyspace, which skips expired keys. `*` matches every key
        // without a call to the matcher, as in Redis's `keysCommand`.
        let keys = ctx
            .keyspace()
            .keys_where(|key, _| every_key || string_match(&self.pattern, key, false));
        Ok(Frame::Array(keys.into_iter().map(Frame::Bulk).collect()))
    }
}
