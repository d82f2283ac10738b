//! `COPY source destination [DB destination-db] [REPLACE]`: a second key with the same value.
//!
//! - The copy gets the source's TTL, the same deadline.
//! - A destination that exists is left alone (reply 0) unless `REPLACE` is given.
//! - `DB n` copies into another database; the same key in the same database is Redis's
//!   "source and destination objects are the same".
//!
//! Redis reads the options one by one and checks a `DB` index as soon as it reads it, so
//! `COPY a b DB 99 FOO` says "DB index is out of range", not "syntax error". The options are kept
//! in order here for the same reason: `apply` checks them as Redis does, in the order given.
//!
//! How real Redis does it: `copyCommand` in `src/db.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::cmd::server::db_index;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "copy",
    arity: -3,
    flags: Flags::WRITE.union(Flags::DENYOOM),
    keys: KeyRange::new(1, 2, 1),
    acl_categories: AclCategories::KEYSPACE,
    tips: &[],
    key_specs: &[
        KeySpec::range(KeyFlags::RO.union(KeyFlags::ACCESS), 1, 0),
        KeySpec::range(KeyFlags::OW.union(KeyFlags::UPDATE), 2, 0),
    ],
    subcommands: &[],
    parse: |args| Copy::parse(args).map(Command::Copy),
}];

/// One option of `COPY`, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyOption {
    /// `DB n`, a 32-bit integer (its range is checked when the command runs).
    Db(i64),
    /// `REPLACE`.
    Replace,
    /// What Redis would refuse at this point: later options are not read.
    Invalid(CommandError),
}

/// A parsed `COPY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// The key to copy.
    pub source: Bytes,
    /// The name of the copy.
    pub destination: Bytes,
    /// The options, in order.
    pub options: Vec<CopyOption>,
}

impl Copy {
    /// Parses the keys and the options.
    pub fn parse(args: &mut Args) -> Result<Copy, CommandError> {
        let source = args.next_bytes()?;
        let destination = args.next_bytes()?;
        let mut options = Vec::new();
        while !args.is_empty() {
            let option = args.next_bytes()?;
            let parsed = if option.eq_ignore_ascii_case(b"REPLACE") {
                CopyOption::Replace
            } else if option.eq_ignore_ascii_case(b"DB") && !args.is_empty() {
                match string_to_i64(&args.next_bytes()?) {
                    None => CopyOption::Invalid(CommandError::NotAnInteger),
                    Some(db) if i32::try_from(db).is_err() => {
                        CopyOption::Invalid(CommandError::OutOfIntRange)
                    }
                    Some(db) => CopyOption::Db(db),
                }
            } else {
                CopyOption::Invalid(CommandError::Syntax)
            };
            let invalid = matches!(parsed, CopyOption::Invalid(_));
            options.push(parsed);
            if invalid {
                break;
            }
        }
        Ok(Copy {
            source,
            destination,
            options,
        })
    }

    /// Copies; replies 1, or 0 when the source is missing or the destination exists.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let source_db = ctx.session.db;
        let mut target_db = source_db;
        let mut replace = false;
        for option in self.options {
            match option {
                CopyOption::Replace => replace = true,
                CopyOption::Db(db) => target_db = db_index(db, ctx)?,
                CopyOption::Invalid(error) => return Err(error),
            }
        }
        if source_db == target_db && self.source == self.destination {
            return Err(CommandError::SameObject);
        }
        ctx.count_read(&self.source);
        let source = &mut ctx.databases[source_db];
        let Some(value) = source.get(&self.source).cloned() else {
            return Ok(Frame::Integer(0));
        };
        let deadline = source.expires_at(&self.source);
        let target = &mut ctx.databases[target_db];
        if target.exists(&self.destination) {
            if !replace {
                return Ok(Frame::Integer(0));
            }
            target.delete(&self.destination);
        }
        target.set(self.destination.clone(), value);
        if let Some(deadline) = deadline {
            target.set_expiry(&self.destination, deadline);
        }
        Ok(Frame::Integer(1))
    }
}
