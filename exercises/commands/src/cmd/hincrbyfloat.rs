//! `HINCRBYFLOAT key field increment`: float arithmetic on a field of a hash.
//!
//! Redis reads both numbers and adds them as C's `long double` (80 bits on x86-64), then stores
//! and replies the sum printed with 17 decimals, trailing zeros trimmed: `0.1` on `0.2` is
//! `0.3`. `long_double.rs` does the same arithmetic, digit for digit. The errors come in Redis's
//! order: an increment that is not a number, an infinite increment (both before the key is
//! looked up), a field that is not a number, a sum that overflows to infinity.
//!
//! How real Redis does it: `hincrbyfloatCommand` in `src/t_hash.c`.

use bytes::Bytes;
use resp::Frame;
use store::{Modified, Value};

use super::long_double::{self, LongDouble, Number};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "hincrbyfloat",
        arity: 4,
        flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: &[KeySpec::one(
            KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::UPDATE),
        )],
        subcommands: &[],
        parse: |args| HIncrByFloat::parse(args).map(Command::HIncrByFloat),
    },
];

/// `HINCRBYFLOAT key field increment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HIncrByFloat {
    /// The hash's key.
    pub key: Bytes,
    /// The counter's field.
    pub field: Bytes,
    /// What to add: a finite number (crate-private, as `long_double.rs` is).
    pub(crate) increment: LongDouble,
}

impl HIncrByFloat {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HIncrByFloat, CommandError> {
        let key = args.next_bytes()?;
        let field = args.next_bytes()?;
        let increment = match long_double::parse(&args.next_bytes()?) {
            Some(Number::Finite(increment)) => increment,
            Some(Number::Infinite) => return Err(CommandError::ValueNanOrInfinity),
            None => return Err(CommandError::NotAValidFloat),
        };
        Ok(HIncrByFloat {
            key,
            field,
            increment,
        })
    }

    /// Adds the increment to the field and replies the sum as Redis prints it.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let sum = ctx.keyspace().update(
            &self.key,
            || Some(Value::empty_hash()),
            |value| -> Result<_, CommandError> {
                let hash = value.as_hash_mut()?;
                let current = match hash.get(&self.field) {
                    None => LongDouble::ZERO,
                    Some(text) => match long_double::parse(text) {
                        Some(Number::Finite(current)) => current,
                        // "inf" is a float; inf plus anything finite is not.
                        Some(Number::Infinite) => return Err(CommandError::NanOrInfinity),
                        None => return Err(CommandError::HashValueNotAFloat),
                    },
                };
                let Number::Finite(sum) = current.add(self.increment) else {
                    return Err(CommandError::NanOrInfinity);
                };
                let text = sum.to_human_string();
                hash.insert(self.field, text.as_bytes().into());
                Ok((Bytes::from(text), Modified::Yes))
            },
        )?;
        Ok(Frame::Bulk(sum.unwrap_or_default()))
    }
}
