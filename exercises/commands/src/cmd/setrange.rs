//! `SETRANGE key offset value`: overwrites part of a string, from byte `offset` on.
//!
//! - The string grows as needed, padded with zero bytes: `SETRANGE k 5 x` on a missing key
//!   makes `"\0\0\0\0\0x"`. Replies the new length.
//! - An empty value changes nothing and creates nothing: it replies the current length (0 for
//!   a missing key).
//! - A negative offset is `offset is out of range`; a result longer than `proto-max-bulk-len`
//!   (512 MB) is refused before anything is allocated.
//! - The key keeps its TTL: the string is edited in place.
//!
//! How real Redis does it: `setrangeCommand` in `src/t_string.c`.

use bytes::{Bytes, BytesMut};
use resp::Frame;
use store::{Modified, Value};

use crate::cmd::append::{check_string_length, edit_in_place};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "setrange",
    arity: 4,
    flags: Flags::WRITE.union(Flags::DENYOOM),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::UPDATE))],
    subcommands: &[],
    parse: |args| SetRange::parse(args).map(Command::SetRange),
}];

/// `SETRANGE key offset value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRange {
    /// The key.
    pub key: Bytes,
    /// Where to start writing.
    pub offset: usize,
    /// The bytes to write.
    pub value: Bytes,
}

impl SetRange {
    /// Parses the key, the offset (a non-negative integer) and the value.
    pub fn parse(args: &mut Args) -> Result<SetRange, CommandError> {
        let key = args.next_bytes()?;
        let offset = args.next_integer()?;
        let offset = usize::try_from(offset).map_err(|_| CommandError::OffsetOutOfRange)?;
        Ok(SetRange {
            key,
            offset,
            value: args.next_bytes()?,
        })
    }

    /// Writes the bytes; replies the new length.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let limit = ctx.shared.config().proto_max_bulk_len();
        let keyspace = ctx.keyspace();
        let Some(value) = keyspace.get(&self.key) else {
            if self.value.is_empty() {
                return Ok(Frame::Integer(0));
            }
            check_string_length(self.offset, self.value.len(), limit)?;
            let mut text = BytesMut::zeroed(self.offset);
            text.extend_from_slice(&self.value);
            let length = text.len();
            keyspace.set(self.key, Value::String(text.freeze()));
            return Ok(Frame::Integer(length as i64));
        };
        let length = value.as_string()?.len();
        if self.value.is_empty() {
            return Ok(Frame::Integer(length as i64));
        }
        check_string_length(self.offset, self.value.len(), limit)?;
        let length = keyspace.update(
            &self.key,
            || None,
            |value| {
                let text = value.as_string_mut()?;
                edit_in_place(text, |bytes| overwrite(bytes, self.offset, &self.value));
                Ok::<_, CommandError>((text.len(), Modified::Yes))
            },
        )?;
        Ok(Frame::Integer(length.unwrap_or(0) as i64))
    }
}

/// Writes `value` over `bytes` from `offset`, growing them with zero bytes as needed.
fn overwrite(bytes: &mut BytesMut, offset: usize, value: &[u8]) {
    let end = offset + value.len();
    if bytes.len() < end {
        bytes.resize(end, 0);
    }
    bytes[offset..end].copy_from_slice(value);
}
