//! `MSET key value [key value ...]` and `MSETNX key value [key value ...]`: many keys at once.
//!
//! Both are *atomic*: no client ever sees some of the keys written and others not. That comes
//! free here, as in Redis: a command runs whole under the one lock (see `Context`), so writing
//! the keys one after the other is atomic already. What `MSETNX` adds is "all or nothing": if
//! any of the keys exists, none is written and the reply is 0.
//!
//! Each key is written as by a plain `SET`: any old TTL is dropped. An odd number of arguments
//! is Redis's wrong-number-of-arguments error, although the arity (-3) lets it through.
//!
//! How real Redis does it: `msetGenericCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;
use store::{Keyspace, Value};

use crate::table::{AclCategories, Flags, FindKeys, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// Every other argument is a key: `MSET k1 v1 k2 v2`.
const fn every_other_key(flags: KeyFlags) -> KeySpec {
    KeySpec {
        find_keys: FindKeys::Range {
            lastkey: -1,
            keystep: 2,
            limit: 0,
        },
        ..KeySpec::all(flags)
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "mset",
        arity: -3,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::new(1, -1, 2),
        acl_categories: AclCategories::STRING,
        tips: &["request_policy:multi_shard", "response_policy:all_succeeded"],
        key_specs: &[every_other_key(KeyFlags::OW.union(KeyFlags::UPDATE))],
        subcommands: &[],
        parse: |args| MSet::parse("mset", args).map(Command::MSet),
    },
    CommandSpec {
        name: "msetnx",
        arity: -3,
        flags: Flags::WRITE.union(Flags::DENYOOM),
        keys: KeyRange::new(1, -1, 2),
        acl_categories: AclCategories::STRING,
        tips: &["request_policy:multi_shard", "response_policy:agg_min"],
        key_specs: &[every_other_key(KeyFlags::OW.union(KeyFlags::INSERT))],
        subcommands: &[],
        parse: |args| MSet::parse("msetnx", args).map(Command::MSet),
    },
];

/// A parsed `MSET` or `MSETNX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MSet {
    /// The keys and their values, in order (a key given twice: the last value wins).
    pub pairs: Vec<(Bytes, Bytes)>,
    /// `MSETNX`: only if none of the keys exists.
    pub nx: bool,
    /// A key without a value came last. Redis refuses it when the command runs (a failed call
    /// in `INFO commandstats`, not a rejected one), so `apply` does.
    pub odd: bool,
}

impl MSet {
    /// Parses the pairs; `name` is "mset" or "msetnx".
    pub fn parse(name: &str, args: &mut Args) -> Result<MSet, CommandError> {
        let odd = !args.len().is_multiple_of(2);
        let mut pairs = Vec::with_capacity(args.len() / 2);
        while args.len() >= 2 {
            pairs.push((args.next_bytes()?, args.next_bytes()?));
        }
        args.take_rest();
        Ok(MSet {
            pairs,
            nx: name == "msetnx",
            odd,
        })
    }

    /// Writes every pair; `MSET` replies OK, `MSETNX` 1, or 0 if it wrote nothing.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        if self.odd {
            let name = if self.nx { "msetnx" } else { "mset" };
            return Err(CommandError::WrongArity(name.to_string()));
        }
        let keyspace = ctx.keyspace();
        if !self.nx {
            set_all(keyspace, self.pairs);
            return Ok(Frame::ok());
        }
        let written = set_all_if_none_exists(keyspace, self.pairs);
        Ok(Frame::Integer(i64::from(written)))
    }
}

/// Writes every pair as a plain `SET` would, dropping any old TTL. Atomic because the caller
/// holds the lock for the whole command.
pub fn set_all(keyspace: &mut Keyspace, pairs: Vec<(Bytes, Bytes)>) {
    for (key, value) in pairs {
        keyspace.set(key, Value::String(value));
    }
}

/// `MSETNX`: writes every pair only if none of the keys exists. Returns whether it wrote.
pub fn set_all_if_none_exists(keyspace: &mut Keyspace, pairs: Vec<(Bytes, Bytes)>) -> bool {
    // @step 6: set_all_if_none_exists — MSETNX: check every key first, then write them all
    // 1. If any key of `pairs` exists (`keyspace.exists`), write nothing and return false.
    // 2. Otherwise write them all with `set_all` and return true. No other client runs in
    //    between: the command holds the database's lock from the check to the last write.
    if pairs.iter().any(|(key, _)| keyspace.exists(key)) {
        return false;
    }
    set_all(keyspace, pairs);
    true
}
