//! `GETRANGE key start end` (and its old name `SUBSTR`): part of a string, by byte positions.
//!
//! Both ends are included, and negative positions count from the end (-1 is the last byte), as
//! in Python's slices but inclusive. Out-of-range positions are clamped; an empty range, or a
//! missing key, is the empty string (never null).
//!
//! How real Redis does it: `getrangeCommand` in `src/t_string.c` (`substr` is the same function).

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "getrange",
        arity: 4,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| GetRange::parse(args).map(Command::GetRange),
    },
    CommandSpec {
        name: "substr",
        arity: 4,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::STRING,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| GetRange::parse(args).map(Command::GetRange),
    },
];

/// `GETRANGE key start end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetRange {
    /// The key.
    pub key: Bytes,
    /// The first byte's position.
    pub start: i64,
    /// The last byte's position, included.
    pub end: i64,
}

impl GetRange {
    /// Parses the key and the two positions.
    pub fn parse(args: &mut Args) -> Result<GetRange, CommandError> {
        Ok(GetRange {
            key: args.next_bytes()?,
            start: args.next_integer()?,
            end: args.next_integer()?,
        })
    }

    /// Replies the bytes in the range.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        let Some(value) = ctx.keyspace().get(&self.key) else {
            return Ok(Frame::Bulk(Bytes::new()));
        };
        let text = value.as_string()?;
        let range = byte_range(text.len(), self.start, self.end);
        Ok(Frame::Bulk(range.map_or_else(Bytes::new, |range| text.slice(range))))
    }
}

/// The bytes `start..=end` of a string of `length` bytes, as Redis clamps them, or `None` when
/// the range is empty.
pub fn byte_range(length: usize, start: i64, end: i64) -> Option<std::ops::RangeInclusive<usize>> {
    let length = length as i64;
    if start < 0 && end < 0 && start > end {
        return None;
    }
    let from_end = |position: i64| if position < 0 { length + position } else { position };
    let start = from_end(start).max(0);
    let end = from_end(end).max(0).min(length - 1);
    if start > end || length == 0 {
        return None;
    }
    Some(start as usize..=end as usize)
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn ranges_clamp_as_in_redis() {
        assert_eq!(byte_range(5, 0, -1), Some(0..=4));
        assert_eq!(byte_range(5, -3, -2), Some(2..=3));
        assert_eq!(byte_range(5, -100, 100), Some(0..=4));
        assert_eq!(byte_range(5, 3, 1), None);
        assert_eq!(byte_range(5, -1, -3), None);
        assert_eq!(byte_range(5, 5, 10), None);
        assert_eq!(byte_range(0, 0, -1), None);
        assert_eq!(byte_range(5, i64::MIN, i64::MAX), Some(0..=4));
    }
}
