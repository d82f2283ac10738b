//! `RENAME key newkey` and `RENAMENX key newkey`: give a value a new name, TTL and all.
//!
//! - The source must exist: `-ERR no such key` otherwise.
//! - `RENAME` overwrites a destination that exists; `RENAMENX` leaves it alone and replies 0.
//! - The TTL goes with the value: a session key renamed keeps dying at the same moment. (A plain
//!   `SET` would drop it; RENAME must carry it over by hand.)
//! - Renaming a key to itself changes nothing: `OK` for `RENAME`, 0 for `RENAMENX`, but still
//!   `no such key` if it does not exist.
//!
//! The move goes through the write path as a delete of the destination, a write of it, its
//! deadline, and a delete of the source, so that a client watching either key hears of it.
//!
//! How real Redis does it: `renameGenericCommand` in `src/db.c`.

use bytes::Bytes;
use resp::Frame;
use store::Keyspace;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "rename",
        arity: 3,
        flags: Flags::WRITE,
        keys: KeyRange::new(1, 2, 1),
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: &[
            KeySpec::range(KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE), 1, 0),
            KeySpec::range(KeyFlags::OW.union(KeyFlags::UPDATE), 2, 0),
        ],
        subcommands: &[],
        parse: |args| Rename::parse(false, args).map(Command::Rename),
    },
    CommandSpec {
        name: "renamenx",
        arity: 3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::new(1, 2, 1),
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: &[
            KeySpec::range(KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE), 1, 0),
            KeySpec::range(KeyFlags::OW.union(KeyFlags::INSERT), 2, 0),
        ],
        subcommands: &[],
        parse: |args| Rename::parse(true, args).map(Command::Rename),
    },
];

/// A parsed `RENAME` or `RENAMENX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The key to rename.
    pub key: Bytes,
    /// Its new name.
    pub new_key: Bytes,
    /// `RENAMENX`: only if `new_key` does not exist.
    pub nx: bool,
}

impl Rename {
    /// Parses the two names; `nx` says whether this is `RENAMENX`.
    pub fn parse(nx: bool, args: &mut Args) -> Result<Rename, CommandError> {
        Ok(Rename {
            key: args.next_bytes()?,
            new_key: args.next_bytes()?,
            nx,
        })
    }

    /// Renames; `RENAME` replies OK, `RENAMENX` 1 if it renamed and 0 if not.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let renamed = rename_key(ctx.keyspace(), &self.key, self.new_key, self.nx)?;
        Ok(match (self.nx, renamed) {
            (false, _) => Frame::ok(),
            (true, renamed) => Frame::Integer(i64::from(renamed)),
        })
    }
}

/// Moves the value of `key` to `new_key`, with its TTL. Returns whether it moved: false when the
/// two names are the same, or when `only_if_new` and `new_key` exists. `no such key` if `key`
/// does not exist.
pub fn rename_key(
    keyspace: &mut Keyspace,
    key: &[u8],
    new_key: Bytes,
    only_if_new: bool,
) -> Result<bool, CommandError> {
    // @step 6: rename_key — move the value to its new name, TTL and all
    // 1. Read the value (`keyspace.get(key).cloned()`): none is `CommandError::NoSuchKey`.
    // 2. The same name: nothing to do, `Ok(false)`.
    // 3. Remember the deadline (`keyspace.expires_at(key)`) before anything changes.
    // 4. If `new_key` exists: `only_if_new` (RENAMENX) stops here with `Ok(false)`; RENAME
    //    deletes it, its old TTL with it.
    // 5. `set` the value under `new_key`, `set_expiry` the remembered deadline if there was one,
    //    `delete` the old key, and `Ok(true)`.
    let value = keyspace.get(key).cloned().ok_or(CommandError::NoSuchKey)?;
    if key == new_key.as_ref() {
        return Ok(false);
    }
    let deadline = keyspace.expires_at(key);
    if keyspace.exists(&new_key) {
        if only_if_new {
            return Ok(false);
        }
        keyspace.delete(&new_key);
    }
    keyspace.set(new_key.clone(), value);
    if let Some(deadline) = deadline {
        keyspace.set_expiry(&new_key, deadline);
    }
    keyspace.delete(key);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use store::{ChangeKind, Value};
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn rename_carries_the_ttl_and_observers_of_both_keys_hear_of_it() {
        let mut keyspace = Keyspace::new();
        let deadline = Instant::now() + Duration::from_secs(100);
        keyspace.set(Bytes::from_static(b"from"), Value::String(Bytes::from_static(b"v")));
        keyspace.set_expiry(b"from", deadline);
        keyspace.set(Bytes::from_static(b"to"), Value::String(Bytes::from_static(b"old")));
        keyspace.observe(b"from");
        keyspace.observe(b"to");
        assert_eq!(rename_key(&mut keyspace, b"from", Bytes::from_static(b"to"), false), Ok(true));
        assert_eq!(keyspace.expires_at(b"to"), Some(deadline), "the TTL moved with the value");
        assert!(!keyspace.exists(b"from"));
        let changes: Vec<(Bytes, ChangeKind)> = keyspace
            .take_changes()
            .into_iter()
            .map(|change| (change.key, change.kind))
            .collect();
        let (from, to) = (Bytes::from_static(b"from"), Bytes::from_static(b"to"));
        assert_eq!(
            changes,
            vec![
                (to.clone(), ChangeKind::Deleted),
                (to.clone(), ChangeKind::Created),
                (to.clone(), ChangeKind::Written),
                (to, ChangeKind::ExpirySet),
                (from, ChangeKind::Deleted),
            ]
        );
        assert_eq!(
            rename_key(&mut keyspace, b"from", Bytes::from_static(b"x"), false),
            Err(CommandError::NoSuchKey)
        );
    }
}
