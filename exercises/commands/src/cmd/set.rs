//! `SET key value [NX | XX] [GET] [EX s | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL]`.
//!
//! The busiest command in Redis has the most options:
//! - `NX`: only if the key does not exist. `XX`: only if it does. A skipped write replies null.
//! - `GET`: reply the old value (or null) instead of `OK`.
//! - `EX`/`PX`: a TTL in seconds or milliseconds. `EXAT`/`PXAT`: a Unix time to die at.
//!   Zero or less is `-ERR invalid expire time in 'set' command`.
//! - `KEEPTTL`: keep the key's current TTL. Without it, *every* `SET` makes the key persistent.
//!
//! Conflicting options (`NX XX`, `EX 1 PX 1`, `KEEPTTL EX 1`) are a syntax error. Redis checks the
//! grammar first and the numbers after, so `SET k v EX abc FOO` is a syntax error, not a number
//! error.
//!
//! How real Redis does it: `parseExtendedStringArgumentsOrReply` and `setGenericCommand` in
//! `src/t_string.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};
use store::Value;

use crate::clock::{deadline_after_ms, deadline_at_unix_ms, unix_time_ms, Deadline};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "set",
    arity: -3,
    flags: Flags::WRITE.union(Flags::DENYOOM),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(
        KeyFlags::RW
            .union(KeyFlags::ACCESS)
            .union(KeyFlags::UPDATE)
            .union(KeyFlags::VARIABLE_FLAGS),
    )
    .with_notes("RW and ACCESS due to the optional `GET` argument")],
    subcommands: &[],
    parse: |args| Set::parse(args).map(Command::Set),
}];

/// `NX` or `XX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetCondition {
    /// Write only if the key does not exist.
    Nx,
    /// Write only if the key exists.
    Xx,
}

/// What `SET` does to the key's TTL. Without any of these, the key becomes persistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetExpiry {
    /// `EX`/`PX`: expire this many milliseconds from now (EX is converted).
    InMillis(i64),
    /// `EXAT`/`PXAT`: expire at this Unix time, in milliseconds (EXAT is converted).
    AtUnixMillis(i64),
    /// `KEEPTTL`.
    KeepTtl,
}

/// A parsed `SET`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    /// The key to write.
    pub key: Bytes,
    /// The value to write.
    pub value: Bytes,
    /// `NX`/`XX`, if given.
    pub condition: Option<SetCondition>,
    /// `GET`: reply the old value.
    pub get: bool,
    /// The TTL option, if given.
    pub expiry: Option<SetExpiry>,
}

/// The four TTL options, before their number is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TtlOption {
    Ex,
    Px,
    ExAt,
    PxAt,
}

impl Set {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<Set, CommandError> {
        // @step 3: Set::parse — key, value, then the options in any order
        // 1. Take the key and the value. Then, while arguments remain, read an option and compare
        //    it case-insensitively (`eq_ignore_ascii_case`).
        // 2. NX and XX exclude each other; GET can go with anything; KEEPTTL excludes EX, PX,
        //    EXAT and PXAT; each of those four excludes KEEPTTL and the other three (the same one
        //    twice is allowed: the last wins). Anything else is `CommandError::Syntax`.
        // 3. EX/PX/EXAT/PXAT take the next argument as their number; none left is a syntax error.
        // 4. Only after all options are read, check the number with `expire_millis`.
        todo!("step 3: Set::parse — key, value, then the options in any order")
    }

    /// Writes the value, as the options say.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        if self.get {
            ctx.count_read(&self.key); // `SET ... GET` reads, as Redis counts it.
        }
        let keyspace = ctx.keyspace();
        // @step 3: Set::apply — write the value, honouring NX/XX, GET and the TTL option
        // 1. With GET, read the old value first: a value that is not a string is WRONGTYPE
        //    (`as_string()?`), even if nothing gets written.
        // 2. NX skips the write if the key exists, XX if it does not (`keyspace.exists`).
        // 3. The reply: with GET, the old value (bulk or null); else null if skipped, else OK.
        // 4. Write: KEEPTTL with `set_keep_ttl`, otherwise `set`, which drops any old TTL.
        // 5. EX/PX/EXAT/PXAT: turn the option into a `Deadline` (`deadline_after_ms`,
        //    `deadline_at_unix_ms`). `Deadline::At(instant)`: `keyspace.set_expiry`.
        //    `Deadline::Passed` (an EXAT in the past): delete the key at once, as Redis does.
        todo!("step 3: Set::apply — write the value, honouring NX/XX, GET and the TTL option")
    }
}

/// Checks the number of a TTL option and converts it to milliseconds, with Redis's errors: not an
/// integer; zero or less; or so large that it overflows once converted (Redis adds the current
/// time to `EX`/`PX` and refuses what overflows). Pre-written.
fn expire_millis(kind: TtlOption, number: &[u8]) -> Result<SetExpiry, CommandError> {
    let invalid = CommandError::InvalidExpireTime("set");
    let value = string_to_i64(number).ok_or(CommandError::NotAnInteger)?;
    let in_seconds = matches!(kind, TtlOption::Ex | TtlOption::ExAt);
    if value <= 0 || (in_seconds && value > i64::MAX / 1000) {
        return Err(invalid);
    }
    let ms = if in_seconds { value * 1000 } else { value };
    match kind {
        TtlOption::Ex | TtlOption::Px => {
            ms.checked_add(unix_time_ms()).ok_or(invalid)?;
            Ok(SetExpiry::InMillis(ms))
        }
        TtlOption::ExAt | TtlOption::PxAt => Ok(SetExpiry::AtUnixMillis(ms)),
    }
}
