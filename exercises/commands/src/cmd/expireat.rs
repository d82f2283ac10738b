//! `EXPIREAT key unix-time-seconds [NX | XX | GT | LT]` and `PEXPIREAT key unix-time-ms [...]`.
//!
//! `EXPIRE` says "in 10 seconds"; `EXPIREAT` says "at this Unix time". Everything else is as for
//! `EXPIRE` (`expire.rs`): 1 if the deadline was set, 0 if the key does not exist or the
//! condition says no; a time already past deletes the key and replies 1. The conditions compare
//! Unix milliseconds, as Redis does: `PEXPIREAT k t GT` twice with the same `t` replies 0 the
//! second time.
//!
//! How real Redis does it: `expireatCommand` and `pexpireatCommand` call
//! `expireGenericCommand` (`src/expire.c`) with a base time of 0.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::clock::Deadline;
use crate::clock::{deadline_at_unix_ms, unix_ms_of};
use crate::cmd::ExpireCondition;
use crate::error::c_text;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The key is read (does it exist? what TTL?) and its TTL updated.
const EXPIRE_KEY: &[KeySpec] = &[KeySpec::one(KeyFlags::RW.union(KeyFlags::UPDATE))];

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "expireat",
        arity: -3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: EXPIRE_KEY,
        subcommands: &[],
        parse: |args| ExpireAt::parse("expireat", args).map(Command::ExpireAt),
    },
    CommandSpec {
        name: "pexpireat",
        arity: -3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: EXPIRE_KEY,
        subcommands: &[],
        parse: |args| ExpireAt::parse("pexpireat", args).map(Command::ExpireAt),
    },
];

/// A parsed `EXPIREAT` or `PEXPIREAT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpireAt {
    /// The key.
    pub key: Bytes,
    /// When it dies, in Unix milliseconds (converted from seconds for EXPIREAT).
    pub unix_ms: i64,
    /// NX/XX/GT/LT.
    pub condition: ExpireCondition,
}

impl ExpireAt {
    /// Parses the arguments after the name; `name` is "expireat" or "pexpireat". The options
    /// are checked before the time, as Redis does.
    pub fn parse(name: &'static str, args: &mut Args) -> Result<ExpireAt, CommandError> {
        let key = args.next_bytes()?;
        let time = args.next_bytes()?;
        let condition = parse_condition(args.take_rest())?;
        let time = string_to_i64(&time).ok_or(CommandError::NotAnInteger)?;
        let unix_ms = if name == "expireat" {
            time.checked_mul(1000)
                .ok_or(CommandError::InvalidExpireTime(name))?
        } else {
            time
        };
        Ok(ExpireAt {
            key,
            unix_ms,
            condition,
        })
    }

    /// Sets the deadline if the key exists and the condition allows it.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        if !keyspace.exists(&self.key) {
            return Ok(Frame::Integer(0));
        }
        let current = keyspace.expires_at(&self.key).map(unix_ms_of);
        let condition = self.condition;
        let refused = (condition.nx && current.is_some())
            || (condition.xx && current.is_none())
            || (condition.gt && current.is_none_or(|current| self.unix_ms <= current))
            || (condition.lt && current.is_some_and(|current| self.unix_ms >= current));
        if refused {
            return Ok(Frame::Integer(0));
        }
        match deadline_at_unix_ms(self.unix_ms) {
            Deadline::Passed => keyspace.delete(&self.key),
            Deadline::At(deadline) => keyspace.set_expiry(&self.key, deadline),
        };
        Ok(Frame::Integer(1))
    }
}

/// NX, XX, GT and LT (any case, any number of times), with Redis's errors for anything else and
/// for the combinations that make no sense. Shared with `EXPIRE`'s rules (`expire.rs`).
fn parse_condition(options: Vec<Bytes>) -> Result<ExpireCondition, CommandError> {
    let mut condition = ExpireCondition::default();
    for option in options {
        match option.to_ascii_uppercase().as_slice() {
            b"NX" => condition.nx = true,
            b"XX" => condition.xx = true,
            b"GT" => condition.gt = true,
            b"LT" => condition.lt = true,
            _ => return Err(CommandError::UnsupportedOption(c_text(&option, usize::MAX))),
        }
    }
    if condition.nx && (condition.xx || condition.gt || condition.lt) {
        return Err(CommandError::NxAndXxGtLt);
    }
    if condition.gt && condition.lt {
        return Err(CommandError::GtAndLt);
    }
    Ok(condition)
}
