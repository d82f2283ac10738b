//! `HINCRBY key field increment`: integer arithmetic on a field of a hash.
//!
//! The same rules as `INCRBY`, one level down: a missing hash or field counts as 0; the field's
//! value must be a strict 64-bit integer (`ERR hash value is not an integer`); the sum must not
//! leave the range of `i64` (`ERR increment or decrement would overflow`). The increment is
//! checked first, before the key is even looked up.
//!
//! How real Redis does it: `hincrbyCommand` in `src/t_hash.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};
use store::{Hash, Modified, Value};

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "hincrby",
        arity: 4,
        flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: &[KeySpec::one(
            KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::UPDATE),
        )],
        subcommands: &[],
        parse: |args| HIncrBy::parse(args).map(Command::HIncrBy),
    },
];

/// `HINCRBY key field increment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HIncrBy {
    /// The hash's key.
    pub key: Bytes,
    /// The counter's field.
    pub field: Bytes,
    /// What to add (negative to subtract).
    pub increment: i64,
}

impl HIncrBy {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HIncrBy, CommandError> {
        Ok(HIncrBy {
            key: args.next_bytes()?,
            field: args.next_bytes()?,
            increment: args.next_integer()?,
        })
    }

    /// Adds the increment to the field, creating the hash or the field if needed, and replies
    /// the new value.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let updated = ctx.keyspace().update(
            &self.key,
            || Some(Value::empty_hash()),
            |value| -> Result<_, CommandError> {
                let hash = value.as_hash_mut()?;
                let updated = increment_field(hash, self.field, self.increment)?;
                Ok((updated, Modified::Yes))
            },
        )?;
        Ok(Frame::Integer(updated.unwrap_or_default()))
    }
}

/// Adds `increment` to the integer in `field` (0 if missing), stores the sum as text and
/// returns it.
pub fn increment_field(hash: &mut Hash, field: Bytes, increment: i64) -> Result<i64, CommandError> {
    // @step 8: increment_field — add to the integer in a field, as INCRBY does to a key
    // 1. The current value: a missing field is 0; a present one must parse as a strict i64
    //    (`string_to_i64`), else `CommandError::HashValueNotAnInteger`.
    // 2. `current.checked_add(increment)`: `None` is `CommandError::Overflow`, and the field
    //    keeps its old value.
    // 3. Store the sum as text and return it: `itoa::Buffer::new().format(sum)` is a `&str`,
    //    `.as_bytes().into()` the `Box<[u8]>` a hash's value is.
    let current = match hash.get(&field) {
        Some(text) => string_to_i64(text).ok_or(CommandError::HashValueNotAnInteger)?,
        None => 0,
    };
    let updated = current
        .checked_add(increment)
        .ok_or(CommandError::Overflow)?;
    hash.insert(field, itoa::Buffer::new().format(updated).as_bytes().into());
    Ok(updated)
}
