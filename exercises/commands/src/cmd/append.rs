//! `APPEND key value`: adds bytes at the end of a string; replies the new length.
//!
//! A missing key is created with the value, as `SET` would. An existing key keeps its TTL: the
//! string is changed in place, through the keyspace's `update`. The result may not exceed
//! `proto-max-bulk-len` (512 MB by default), Redis's limit on a string.
//!
//! Appending must not copy the whole string each time, or building a 100 MB value from small
//! pieces would copy terabytes: the bytes are extended in place when nobody else shares them
//! ([`edit_in_place`]), with the amortised growth of a `Vec`.
//!
//! How real Redis does it: `appendCommand` and `checkStringLength` in `src/t_string.c`.

use bytes::{Bytes, BytesMut};
use resp::Frame;
use store::{Modified, Value};

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "append",
    arity: 3,
    flags: Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST),
    keys: KeyRange::ONE,
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::INSERT))],
    subcommands: &[],
    parse: |args| Append::parse(args).map(Command::Append),
}];

/// `APPEND key value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Append {
    /// The key.
    pub key: Bytes,
    /// The bytes to add.
    pub value: Bytes,
}

impl Append {
    /// Parses the key and the value.
    pub fn parse(args: &mut Args) -> Result<Append, CommandError> {
        Ok(Append {
            key: args.next_bytes()?,
            value: args.next_bytes()?,
        })
    }

    /// Appends; replies the new length.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let limit = ctx.shared.config().proto_max_bulk_len();
        let keyspace = ctx.keyspace();
        let Some(value) = keyspace.get(&self.key) else {
            let length = self.value.len();
            keyspace.set(self.key, Value::String(self.value));
            return Ok(Frame::Integer(length as i64));
        };
        check_string_length(value.as_string()?.len(), self.value.len(), limit)?;
        let length = keyspace.update(
            &self.key,
            || None,
            |value| {
                let text = value.as_string_mut()?;
                edit_in_place(text, |bytes| bytes.extend_from_slice(&self.value));
                Ok::<_, CommandError>((text.len(), Modified::Yes))
            },
        )?;
        Ok(Frame::Integer(length.unwrap_or(0) as i64))
    }
}

/// Refuses a string of `size + added` bytes longer than `limit` (`proto-max-bulk-len`), as
/// Redis's `checkStringLength` does.
pub(crate) fn check_string_length(
    size: usize,
    added: usize,
    limit: usize,
) -> Result<(), CommandError> {
    match size.checked_add(added) {
        Some(total) if total <= limit => Ok(()),
        _ => Err(CommandError::StringTooLong),
    }
}

/// Edits the bytes of a stored string in place when this is their only owner, and on a copy
/// otherwise (someone, a reply being written maybe, still holds the old value).
pub(crate) fn edit_in_place(text: &mut Bytes, edit: impl FnOnce(&mut BytesMut)) {
    let mut bytes = match std::mem::take(text).try_into_mut() {
        Ok(unique) => unique,
        Err(shared) => BytesMut::from(&shared[..]),
    };
    edit(&mut bytes);
    *text = bytes.freeze();
}
