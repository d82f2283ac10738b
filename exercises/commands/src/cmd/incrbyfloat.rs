//! `INCRBYFLOAT key increment`: adds a decimal number to a string value; replies the new value.
//!
//! Pre-written. A missing key counts as 0, and the key keeps its TTL. The arithmetic is Redis's,
//! digit for digit: both numbers are read as C's `strtold` reads them, added as an x87 80-bit
//! `long double`, and printed with 17 decimals, trailing zeros removed (`long_double.rs` does
//! that exactly; an `f64` would print `1.1 + 2.2` as `3.3000000000000003` where Redis says
//! `3.3`). The value is checked first, then the increment: either one that is not a number is
//! `value is not a valid float`, and a sum that is infinite (an `inf` in, or an overflow) is
//! `increment would produce NaN or Infinity`.
//!
//! How real Redis does it: `incrbyfloatCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;
use store::Value;

use crate::cmd::long_double::{parse, LongDouble, Number};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "incrbyfloat",
    arity: 3,
    flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(
        KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::UPDATE),
    )],
    subcommands: &[],
    parse: |args| IncrByFloat::parse(args).map(Command::IncrByFloat),
}];

/// `INCRBYFLOAT key increment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncrByFloat {
    /// The key.
    pub key: Bytes,
    /// The increment's text, read after the value's (Redis's order of errors).
    pub increment: Bytes,
}

impl IncrByFloat {
    /// Parses the key and the increment.
    pub fn parse(args: &mut Args) -> Result<IncrByFloat, CommandError> {
        Ok(IncrByFloat {
            key: args.next_bytes()?,
            increment: args.next_bytes()?,
        })
    }

    /// Adds; replies the new value as a bulk string.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        let current = match keyspace.get(&self.key) {
            None => Number::Finite(LongDouble::ZERO),
            Some(value) => parse(value.as_string()?).ok_or(CommandError::NotAValidFloat)?,
        };
        let increment = parse(&self.increment).ok_or(CommandError::NotAValidFloat)?;
        let text = Bytes::from(add(current, increment)?.to_human_string());
        keyspace.set_keep_ttl(self.key, Value::String(text.clone()));
        Ok(Frame::Bulk(text))
    }
}

/// `value + increment`, refused when it is not finite.
fn add(value: Number, increment: Number) -> Result<LongDouble, CommandError> {
    match (value, increment) {
        (Number::Finite(value), Number::Finite(increment)) => match value.add(increment) {
            Number::Finite(sum) => Ok(sum),
            Number::Infinite => Err(CommandError::NanOrInfinity),
        },
        _ => Err(CommandError::NanOrInfinity),
    }
}
