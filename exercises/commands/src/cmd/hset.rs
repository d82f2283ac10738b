//! `HSET key field value [field value ...]`, the older `HMSET`, and `HSETNX key field value`:
//! writing fields of a hash.
//!
//! A hash is created by its first write and holds field → value pairs, both binary-safe
//! (`store::Hash`). `HSET` replies how many fields it *added* (updating an existing field counts
//! 0); `HMSET`, deprecated since Redis 4, does the same and replies `OK`. `HSETNX` sets one
//! field only if the hash does not have it yet.
//!
//! The write goes through [`store::Keyspace::update`], the write path for collections: it
//! creates the hash when the key is missing, refuses another type with WRONGTYPE, and tells
//! `WATCH` and blocked clients that the key changed.
//!
//! How real Redis does it: `hsetCommand` and `hsetnxCommand` in `src/t_hash.c`
//! (`hashTypeLookupWriteOrCreate`, then `hashTypeSet`).

use bytes::Bytes;
use resp::Frame;
use store::{Hash, Modified, Value};

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// What `HSET`, `HMSET` and `HSETNX` are: fast writes that may grow memory.
const WRITE: Flags = Flags::WRITE.union(Flags::DENYOOM).union(Flags::FAST);

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "hset",
        arity: -4,
        flags: WRITE,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::UPDATE))],
        subcommands: &[],
        parse: |args| HSet::parse("hset", args).map(Command::HSet),
    },
    CommandSpec {
        name: "hsetnx",
        arity: 4,
        flags: WRITE,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::INSERT))],
        subcommands: &[],
        parse: |args| HSetNx::parse(args).map(Command::HSetNx),
    },
    CommandSpec {
        name: "hmset",
        arity: -4,
        flags: WRITE,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::UPDATE))],
        subcommands: &[],
        parse: |args| HSet::parse("hmset", args).map(Command::HSet),
    },
];

/// `HSET key field value [field value ...]`, or `HMSET` with the same arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HSet {
    /// The hash's key.
    pub key: Bytes,
    /// The fields and their values, in the order given (a field named twice: the last wins).
    pub pairs: Vec<(Bytes, Bytes)>,
    /// `HMSET` replies `OK` instead of the number of new fields.
    pub reply_ok: bool,
}

impl HSet {
    /// Parses the arguments after the name; `name` (lower case) is `hset` or `hmset`. A field
    /// without its value is a wrong number of arguments, as Redis says it.
    pub fn parse(name: &str, args: &mut Args) -> Result<HSet, CommandError> {
        let key = args.next_bytes()?;
        if !args.len().is_multiple_of(2) {
            return Err(CommandError::WrongArity(name.to_string()));
        }
        let mut pairs = Vec::with_capacity(args.len() / 2);
        while !args.is_empty() {
            pairs.push((args.next_bytes()?, args.next_bytes()?));
        }
        Ok(HSet {
            key,
            pairs,
            reply_ok: name == "hmset",
        })
    }

    /// Writes the fields, creating the hash if needed.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let added = ctx.keyspace().update(
            &self.key,
            || Some(Value::empty_hash()),
            |value| -> Result<_, CommandError> {
                let added = set_fields(value.as_hash_mut()?, self.pairs);
                Ok((added, Modified::Yes))
            },
        )?;
        if self.reply_ok {
            return Ok(Frame::ok());
        }
        Ok(Frame::Integer(added.unwrap_or_default()))
    }
}

/// Stores each field's value, replacing the old one; returns how many fields are new.
pub fn set_fields(hash: &mut Hash, pairs: Vec<(Bytes, Bytes)>) -> i64 {
    // @step 8: set_fields — store each field's value and count the fields that are new
    // 1. A `Hash` is an `IndexMap<Bytes, Box<[u8]>>`: its values are boxed slices, half the size
    //    of a `Bytes`. `Vec::from(value).into_boxed_slice()` makes one, reusing the bytes.
    // 2. `hash.insert(field, value)` stores the value and returns the old one, `Some(old)` if
    //    the field was there, `None` if it is new.
    // 3. Count the `None`s: `HSET` replies how many fields it added, not how many it wrote, so
    //    `HSET h f 1` then `HSET h f 2` replies 1, then 0.
    todo!("step 8: set_fields — store each field's value and count the fields that are new")
}

/// `HSETNX key field value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HSetNx {
    /// The hash's key.
    pub key: Bytes,
    /// The field to set if it is missing.
    pub field: Bytes,
    /// Its value.
    pub value: Bytes,
}

impl HSetNx {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<HSetNx, CommandError> {
        Ok(HSetNx {
            key: args.next_bytes()?,
            field: args.next_bytes()?,
            value: args.next_bytes()?,
        })
    }

    /// Sets the field unless it exists: replies 1 if it did, 0 if the field was there.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let set = ctx.keyspace().update(
            &self.key,
            || Some(Value::empty_hash()),
            |value| -> Result<_, CommandError> {
                let hash = value.as_hash_mut()?;
                if hash.contains_key(&self.field) {
                    return Ok((0, Modified::No));
                }
                hash.insert(self.field, Vec::from(self.value).into_boxed_slice());
                Ok((1, Modified::Yes))
            },
        )?;
        Ok(Frame::Integer(set.unwrap_or_default()))
    }
}
