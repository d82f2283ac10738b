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
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "hscan",
        arity: -3,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| HScan::parse(args).map(Command::HScan),
    },
];

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
                found.extend([Frame::Bulk(field.clone()), Frame::Bulk(Bytes::copy_from_slice(value))]);
            }
        }
        Ok(scan_reply(next, found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    use crate::{dispatch, Session, Shared};

    fn run(shared: &Shared, session: &mut Session, parts: &[String]) -> Frame {
        dispatch(shared, session, Frame::command(parts.iter().cloned()))
    }

    fn request(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|part| part.to_string()).collect()
    }

    #[test]
    fn fields_that_stay_are_returned_while_other_clients_delete_and_add() {
        let (shared, mut session) = (Shared::default(), Session::new());
        for i in 0..150 {
            for prefix in ["stay", "temp"] {
                let field = format!("{prefix}{i}");
                run(&shared, &mut session, &request(&["HSET", "h", &field, "v"]));
            }
        }
        let (mut cursor, mut seen, mut round) = ("0".to_string(), HashSet::new(), 0);
        loop {
            let reply = run(&shared, &mut session, &request(&["HSCAN", "h", &cursor, "COUNT", "7"]));
            let Frame::Array(parts) = reply else {
                panic!("HSCAN replies [cursor, elements], not {reply:?}");
            };
            let [Frame::Bulk(next), Frame::Array(elements)] = &parts[..] else {
                panic!("HSCAN replies [cursor, elements], not {parts:?}");
            };
            for pair in elements.chunks(2) {
                let [Frame::Bulk(field), value] = pair else {
                    panic!("fields are bulk strings: {pair:?}");
                };
                assert_eq!(*value, Frame::bulk("v"), "each field comes with its value");
                seen.insert(field.clone());
            }
            cursor = String::from_utf8_lossy(next).into_owned();
            if cursor == "0" {
                break;
            }
            round += 1;
            let victim = format!("temp{}", (round * 37) % 150);
            run(&shared, &mut session, &request(&["HDEL", "h", &victim]));
            let new = format!("new{round}");
            run(&shared, &mut session, &request(&["HSET", "h", &new, "v"]));
        }
        for i in 0..150 {
            let field = Bytes::from(format!("stay{i}"));
            assert!(seen.contains(&field), "{field:?} was never returned");
        }
    }
}
