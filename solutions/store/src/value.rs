//! Typed values.
//!
//! Every Redis key holds a value of one type. Commands check it: `INCR` on a list is a
//! `WRONGTYPE` error, not a crash and not a silent conversion. An enum makes the check a `match`,
//! and the compiler tells us every place to update when a type is added.
//!
//! The collections are `IndexMap`/`IndexSet`: hash tables whose entries are packed in a `Vec`.
//! That gives what their commands need at once: O(1) lookups (`HGET`, `SISMEMBER`), O(1) random
//! picks by index (`SPOP`, `SRANDMEMBER`, `HRANDFIELD`), and an index to serve as a cursor that
//! survives deletions (`HSCAN`, `SSCAN`, see `cursor.rs`). Deleting is `swap_remove`, O(1): the
//! last entry fills the hole, so the order of a hash or a set changes, which Redis allows.
//!
//! How real Redis does it: `robj` in `src/server.h` has a `type` (`OBJ_STRING`, `OBJ_HASH`,
//! `OBJ_SET`...) and an `encoding`: a small hash is a *listpack* (one flat buffer of fields and
//! values, scanned linearly), a big one a `dict`; a set of small integers is an *intset* (a
//! sorted array), others a `dict` (`src/t_hash.c`, `src/t_set.c`). `checkType` in
//! `src/object.c` replies WRONGTYPE.

use std::collections::VecDeque;

use bytes::Bytes;
use indexmap::{IndexMap, IndexSet};

use crate::WrongType;

/// The hasher of the collections, as of the keyspace: foldhash with a random seed.
pub type ValueHasher = foldhash::fast::RandomState;

/// A hash: field → value, both binary-safe (`HSET`, `HGET`). A value is a `Box<[u8]>`, 16 bytes
/// where a `Bytes` handle is 32: a hash of a million small fields is 15 MiB smaller for it, and a
/// reply that returns a value copies it into a `Bytes` (docs/src/performance.md).
pub type Hash = IndexMap<Bytes, Box<[u8]>, ValueHasher>;

/// A set: unique binary-safe members (`SADD`, `SMEMBERS`).
pub type Set = IndexSet<Bytes, ValueHasher>;

/// A list: binary-safe elements in order (`LPUSH`, `LRANGE`). A ring buffer, so a push or a pop
/// at either end is O(1), and an index is O(1) too.
pub type List = VecDeque<Bytes>;

/// The value stored under a key. Collections are boxed so that a string, by far the most common
/// value, costs 40 bytes and not the size of a hash table (docs/src/performance.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A binary-safe string: `SET`, `GET`, `INCR`. Integers are strings too, in Redis.
    String(Bytes),
    /// A hash of fields to values: `HSET`, `HGET`, `HGETALL`.
    Hash(Box<Hash>),
    /// A set of members: `SADD`, `SMEMBERS`, `SINTER`.
    Set(Box<Set>),
    /// A list of elements, pushed and popped at both ends: `LPUSH`, `RPOP`, `BLPOP`.
    List(Box<List>),
}

const _: () = assert!(
    std::mem::size_of::<Value>() <= 40,
    "a Value is Bytes and a tag"
);

impl Value {
    /// The name `TYPE` would reply for this value.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Hash(_) => "hash",
            Value::Set(_) => "set",
            Value::List(_) => "list",
        }
    }

    /// Whether this is a collection with nothing left in it, which the keyspace deletes. A string,
    /// even empty, is never one.
    pub fn is_empty_collection(&self) -> bool {
        match self {
            Value::String(_) => false,
            Value::Hash(hash) => hash.is_empty(),
            Value::Set(set) => set.is_empty(),
            Value::List(list) => list.is_empty(),
        }
    }

    /// The bytes of a string value, or [`WrongType`] for any other type.
    pub fn as_string(&self) -> Result<&Bytes, WrongType> {
        match self {
            Value::String(bytes) => Ok(bytes),
            _ => Err(WrongType),
        }
    }

    /// The bytes of a string value, to change in place, or [`WrongType`] for any other type.
    pub fn as_string_mut(&mut self) -> Result<&mut Bytes, WrongType> {
        match self {
            Value::String(bytes) => Ok(bytes),
            _ => Err(WrongType),
        }
    }

    /// The fields of a hash value, or [`WrongType`] for any other type.
    pub fn as_hash(&self) -> Result<&Hash, WrongType> {
        match self {
            Value::Hash(hash) => Ok(hash),
            _ => Err(WrongType),
        }
    }

    /// The fields of a hash value, to change, or [`WrongType`] for any other type.
    pub fn as_hash_mut(&mut self) -> Result<&mut Hash, WrongType> {
        match self {
            Value::Hash(hash) => Ok(hash),
            _ => Err(WrongType),
        }
    }

    /// The members of a set value, or [`WrongType`] for any other type.
    pub fn as_set(&self) -> Result<&Set, WrongType> {
        match self {
            Value::Set(set) => Ok(set),
            _ => Err(WrongType),
        }
    }

    /// The members of a set value, to change, or [`WrongType`] for any other type.
    pub fn as_set_mut(&mut self) -> Result<&mut Set, WrongType> {
        match self {
            Value::Set(set) => Ok(set),
            _ => Err(WrongType),
        }
    }

    /// The elements of a list value, or [`WrongType`] for any other type.
    pub fn as_list(&self) -> Result<&List, WrongType> {
        match self {
            Value::List(list) => Ok(list),
            _ => Err(WrongType),
        }
    }

    /// The elements of a list value, to change, or [`WrongType`] for any other type.
    pub fn as_list_mut(&mut self) -> Result<&mut List, WrongType> {
        match self {
            Value::List(list) => Ok(list),
            _ => Err(WrongType),
        }
    }

    /// A new, empty list: what `LPUSH` creates on its first write to a key.
    pub fn empty_list() -> Value {
        Value::List(Box::default())
    }

    /// A new, empty hash: what `HSET` creates on its first write to a key.
    pub fn empty_hash() -> Value {
        Value::Hash(Box::default())
    }

    /// A new, empty set: what `SADD` creates on its first write to a key.
    pub fn empty_set() -> Value {
        Value::Set(Box::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_has_its_name_and_refuses_to_be_another() {
        let string = Value::String(Bytes::from_static(b"v"));
        let hash = Value::empty_hash();
        let set = Value::empty_set();
        assert_eq!(
            [string.type_name(), hash.type_name(), set.type_name()],
            ["string", "hash", "set"]
        );
        assert_eq!(string.as_hash(), Err(WrongType));
        assert_eq!(hash.as_set(), Err(WrongType));
        assert_eq!(set.as_string(), Err(WrongType));
        assert!(hash.as_hash().is_ok() && set.as_set().is_ok());
    }

    #[test]
    fn only_empty_collections_are_empty_collections() {
        assert!(!Value::String(Bytes::new()).is_empty_collection());
        assert!(Value::empty_hash().is_empty_collection());
        let mut set = Value::empty_set();
        set.as_set_mut()
            .expect("a set")
            .insert(Bytes::from_static(b"m"));
        assert!(!set.is_empty_collection());
    }
}
