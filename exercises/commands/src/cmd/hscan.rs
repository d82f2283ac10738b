//! `HSCAN key cursor [MATCH pattern] [COUNT count]`: a hash a few fields at a time.
//!
//! `HGETALL` on a hash of a million fields holds the server while it builds a huge reply.
//! `HSCAN` returns about `COUNT` fields (10 by default), each followed by its value, and a cursor
//! to call again with, until the cursor is 0. The promise is `SCAN`'s: a field there for the
//! whole iteration is returned at least once ([`store::scan_window`] explains how the cursor
//! keeps it). `MATCH` filters the fields visited, so a call may return few or none before the
//! end.
//!
//! Redis checks things in this order, and so do we: the cursor (`ERR invalid cursor`), then the
//! key (a missing one replies an empty scan, another type WRONGTYPE), and only then the options.
//! So `HSCAN missing 0 COUNT 0` is not an error; the options' error is kept from `parse` to
//! `apply` to say it at the right moment.
//!
//! A small hash (up to `COUNT` fields) comes whole in one call, in the hash's order, as Redis
//! replies a small hash (a listpack) whole.
//!
//! How real Redis does it: `hscanCommand` in `src/t_hash.c`, `parseScanCursorOrReply` and
//! `scanGenericCommand` in `src/db.c`.

use bytes::Bytes;
use resp::Frame;

use super::scan::{parse_cursor, scan_reply, ScanOptions};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "hscan",
    arity: -3,
    flags: Flags::READONLY,
    keys: KeyRange::ONE,
    acl_categories: AclCategories::HASH,
    tips: &["nondeterministic_output"],
    key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
    subcommands: &[],
    parse: |args| HScan::parse(args).map(Command::HScan),
}];

/// `HSCAN key cursor [MATCH pattern] [COUNT count]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HScan {
    /// The hash's key.
    pub key: Bytes,
    /// Where to continue: 0 to start.
    pub cursor: u64,
    /// The options, or the error they make, said only once the key has been looked up.
    pub options: Result<ScanOptions, CommandError>,
}

impl HScan {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HScan, CommandError> {
        let key = args.next_bytes()?;
        let cursor = parse_cursor(&args.next_bytes()?).ok_or(CommandError::InvalidCursor)?;
        Ok(HScan {
            key,
            cursor,
            options: ScanOptions::parse(args, false),
        })
    }

    /// Replies `[next cursor, [field, value, ...]]`.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let Some(value) = ctx.keyspace().get(&self.key) else {
            return Ok(scan_reply(0, Vec::new()));
        };
        let hash = value.as_hash()?;
        let options = self.options?;
        let (next, window) = store::scan_window(hash.len(), self.cursor, options.count);
        let mut found = Vec::new();
        for (field, value) in window.filter_map(|index| hash.get_index(index)) {
            if options.matches(field) {
                found.extend([
                    Frame::Bulk(field.clone()),
                    Frame::Bulk(Bytes::copy_from_slice(value)),
                ]);
            }
        }
        Ok(scan_reply(next, found))
    }
}
