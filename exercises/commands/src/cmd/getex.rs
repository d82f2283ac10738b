//! `GETEX key [EX seconds | PX ms | EXAT unix-seconds | PXAT unix-ms | PERSIST]`: `GET` that
//! also sets or removes the TTL.
//!
//! - No option: a plain `GET`, the TTL untouched.
//! - `EX`/`PX`: a new TTL from now; `EXAT`/`PXAT`: a new deadline, which, if already past,
//!   deletes the key (after replying its value).
//! - `PERSIST`: the key keeps no TTL.
//!
//! The options exclude each other (the same one twice is allowed, the last wins): anything else
//! is a syntax error, checked first. The time itself is checked only once the key is found to be
//! a string: `GETEX missing EX 0` replies null, `GETEX k EX 0` is `invalid expire time in 'getex'
//! command`.
//!
//! How real Redis does it: `getexCommand` in `src/t_string.c`, with the options parsed by
//! `parseExtendedStringArgumentsOrReply`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::clock::{deadline_after_ms, unix_time_ms, Deadline};
use crate::clock::deadline_at_unix_ms;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "getex",
    arity: -2,
    flags: Flags::WRITE.union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(
        KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::UPDATE),
    )
    .with_notes("RW and UPDATE because it changes the TTL")],
    subcommands: &[],
    parse: |args| GetEx::parse(args).map(Command::GetEx),
}];

/// What `GETEX` does to the TTL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GetExOption {
    /// `EX seconds`, the number not checked yet.
    Ex(Bytes),
    /// `PX milliseconds`.
    Px(Bytes),
    /// `EXAT unix-seconds`.
    ExAt(Bytes),
    /// `PXAT unix-milliseconds`.
    PxAt(Bytes),
    /// `PERSIST`.
    Persist,
}

/// A parsed `GETEX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetEx {
    /// The key.
    pub key: Bytes,
    /// The TTL option, if any.
    pub option: Option<GetExOption>,
}

impl GetEx {
    /// Parses the key and the options; only the grammar is checked here.
    pub fn parse(args: &mut Args) -> Result<GetEx, CommandError> {
        let key = args.next_bytes()?;
        let mut option: Option<GetExOption> = None;
        while !args.is_empty() {
            let name = args.next_bytes()?;
            let is = |word: &str| name.eq_ignore_ascii_case(word.as_bytes());
            // The kind of option already given, to refuse two different ones.
            let given = option.as_ref().map(std::mem::discriminant);
            let compatible = |new: &GetExOption| given.is_none_or(|given| given == std::mem::discriminant(new));
            let timed: Option<fn(Bytes) -> GetExOption> = if is("EX") {
                Some(GetExOption::Ex)
            } else if is("PX") {
                Some(GetExOption::Px)
            } else if is("EXAT") {
                Some(GetExOption::ExAt)
            } else if is("PXAT") {
                Some(GetExOption::PxAt)
            } else {
                None
            };
            let parsed = match timed {
                // Redis checks the kind against a placeholder: the number comes after.
                Some(make) if !args.is_empty() && compatible(&make(Bytes::new())) => {
                    make(args.next_bytes()?)
                }
                None if is("PERSIST") && compatible(&GetExOption::Persist) => {
                    GetExOption::Persist
                }
                _ => return Err(CommandError::Syntax),
            };
            option = Some(parsed);
        }
        Ok(GetEx { key, option })
    }

    /// Replies the value, then changes the TTL as asked.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let keyspace = ctx.keyspace();
        let Some(value) = keyspace.get(&self.key) else {
            return Ok(Frame::Null);
        };
        let value = value.as_string()?.clone();
        let deadline = match &self.option {
            None => return Ok(Frame::Bulk(value)),
            Some(GetExOption::Persist) => {
                keyspace.persist(&self.key);
                return Ok(Frame::Bulk(value));
            }
            Some(GetExOption::Ex(number)) => deadline_after_ms(time_ms(number, true, false)?),
            Some(GetExOption::Px(number)) => deadline_after_ms(time_ms(number, false, false)?),
            Some(GetExOption::ExAt(number)) => deadline_at_unix_ms(time_ms(number, true, true)?),
            Some(GetExOption::PxAt(number)) => deadline_at_unix_ms(time_ms(number, false, true)?),
        };
        match deadline {
            Deadline::At(instant) => keyspace.set_expiry(&self.key, instant),
            Deadline::Passed => keyspace.delete(&self.key),
        };
        Ok(Frame::Bulk(value))
    }
}

/// The option's number in milliseconds, with `SET`'s checks: an integer above zero that does
/// not overflow once converted (and, for `EX`/`PX`, added to the current time).
fn time_ms(number: &[u8], in_seconds: bool, absolute: bool) -> Result<i64, CommandError> {
    let invalid = CommandError::InvalidExpireTime("getex");
    let value = string_to_i64(number).ok_or(CommandError::NotAnInteger)?;
    if value <= 0 || (in_seconds && value > i64::MAX / 1000) {
        return Err(invalid);
    }
    let ms = if in_seconds { value * 1000 } else { value };
    if !absolute {
        ms.checked_add(unix_time_ms()).ok_or(invalid)?;
    }
    Ok(ms)
}
