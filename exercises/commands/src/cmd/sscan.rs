//! `SSCAN key cursor [MATCH pattern] [COUNT count]`: a set a few members at a time.
//!
//! `HSCAN`'s twin (`hscan.rs` has the cursor, the options and the order of the checks); it
//! returns members instead of field-value pairs.
//!
//! How real Redis does it: `sscanCommand` in `src/t_set.c`, `scanGenericCommand` in `src/db.c`.

use bytes::Bytes;
use resp::Frame;

use super::scan::{parse_cursor, scan_reply, ScanOptions};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "sscan",
        arity: -3,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| SScan::parse(args).map(Command::SScan),
    },
];

/// `SSCAN key cursor [MATCH pattern] [COUNT count]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SScan {
    /// The set's key.
    pub key: Bytes,
    /// Where to continue: 0 to start.
    pub cursor: u64,
    /// The options, or the error they make, said only once the key has been looked up.
    pub options: Result<ScanOptions, CommandError>,
}

impl SScan {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SScan, CommandError> {
        let key = args.next_bytes()?;
        let cursor = parse_cursor(&args.next_bytes()?).ok_or(CommandError::InvalidCursor)?;
        Ok(SScan {
            key,
            cursor,
            options: ScanOptions::parse(args, false),
        })
    }

    /// Replies `[next cursor, [member, ...]]`.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let Some(value) = ctx.keyspace().get(&self.key) else {
            return Ok(scan_reply(0, Vec::new()));
        };
        let set = value.as_set()?;
        let options = self.options?;
        let (next, window) = store::scan_window(set.len(), self.cursor, options.count);
        let found = window
            .filter_map(|index| set.get_index(index))
            .filter(|member| options.matches(member))
            .map(|member| Frame::Bulk(member.clone()))
            .collect();
        Ok(scan_reply(next, found))
    }
}
