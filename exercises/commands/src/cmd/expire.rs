//! `EXPIRE key seconds [NX | XX | GT | LT]` and `PEXPIRE key milliseconds [...]`.
//!
//! Sets a key's TTL. Replies 1 if it was set, 0 if the key does not exist or a condition said no:
//! - `NX`: only if the key has no TTL. `XX`: only if it has one.
//! - `GT`: only if the new deadline is later (a key with no TTL counts as "never", so GT never
//!   applies to it). `LT`: only if it is earlier (a key with no TTL always qualifies).
//!
//! A TTL of zero or less is not an error: the key is deleted at once, and the reply is 1. That is
//! how `EXPIRE k -5` "expires" a key immediately.
//!
//! How real Redis does it: `expireGenericCommand` and `parseExtendedExpireArgumentsOrReply` in
//! `src/expire.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::clock::{deadline_after_ms, unix_time_ms, Deadline};
use crate::error::c_text;
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The key is read (does it exist? what TTL?) and its TTL updated; its value is not returned.
const EXPIRE_KEY: &[KeySpec] = &[KeySpec::one(KeyFlags::RW.union(KeyFlags::UPDATE))];

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "expire",
        arity: -3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: EXPIRE_KEY,
        subcommands: &[],
        parse: |args| Expire::parse("expire", args).map(Command::Expire),
    },
    CommandSpec {
        name: "pexpire",
        arity: -3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: EXPIRE_KEY,
        subcommands: &[],
        parse: |args| Expire::parse("pexpire", args).map(Command::Expire),
    },
];

/// The conditions of `EXPIRE`. XX may be combined with GT or LT; NX with nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpireCondition {
    pub nx: bool,
    pub xx: bool,
    pub gt: bool,
    pub lt: bool,
}

/// A parsed `EXPIRE` or `PEXPIRE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expire {
    /// The key.
    pub key: Bytes,
    /// The TTL in milliseconds (converted from seconds for EXPIRE). Zero or less: delete now.
    pub ttl_ms: i64,
    /// NX/XX/GT/LT.
    pub condition: ExpireCondition,
}

impl Expire {
    /// Parses the arguments after the name; `name` is "expire" or "pexpire".
    pub fn parse(name: &'static str, args: &mut Args) -> Result<Expire, CommandError> {
        // @step 4: Expire::parse — key, TTL, then NX/XX/GT/LT; options are checked first
        // 1. Take the key and keep the TTL argument aside: Redis checks the options before it.
        // 2. Each remaining argument must be NX, XX, GT or LT (any case), else
        //    `CommandError::UnsupportedOption(option as text)`.
        // 3. NX with any of XX/GT/LT: `NxAndXxGtLt`. GT with LT: `GtAndLt`.
        // 4. The TTL must be an integer (`NotAnInteger`). For "expire", multiply by 1000, but
        //    refuse what would overflow (`i64::MAX / 1000`, both signs):
        //    `InvalidExpireTime(name)`. Adding it to `unix_time_ms()` must not overflow either.
        todo!("step 4: Expire::parse — key, TTL, then NX/XX/GT/LT; options are checked first")
    }

    /// Sets the TTL if the key exists and the condition allows it.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        // @step 4: Expire::apply — check the key and the condition, then set or delete
        // 1. A missing key (`keyspace.exists`): reply 0.
        // 2. `current = keyspace.expires_at(key)` and `new = deadline_after_ms(ttl_ms)`.
        // 3. NX: 0 if `current` is Some. XX: 0 if None. GT: 0 unless both are deadlines and new
        //    is later. LT: 0 if current is Some and new is not earlier. (`Deadline::Passed` is
        //    earlier than any instant.)
        // 4. `Deadline::Passed`: delete the key. `Deadline::At(instant)`: `set_expiry`. Reply 1.
        todo!("step 4: Expire::apply — check the key and the condition, then set or delete")
    }
}

/// Whether `new` comes strictly before `current`.
fn is_earlier(new: Deadline, current: tokio::time::Instant) -> bool {
    match new {
        Deadline::Passed => true,
        Deadline::At(new) => new < current,
    }
}
