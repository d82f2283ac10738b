//! Typed values.
//!
//! Every Redis key holds a value of one type. Commands check it: `INCR` on a list is a
//! `WRONGTYPE` error, not a crash and not a silent conversion. An enum makes the check a `match`,
//! and the compiler tells us every place to update when a type is added.

use bytes::Bytes;

use crate::WrongType;

/// The value stored under a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A binary-safe string: `SET`, `GET`, `INCR`. Integers are strings too, in Redis.
    String(Bytes),
    // The advanced chapters add List, Hash, Set and SortedSet here.
}

impl Value {
    /// The name `TYPE` would reply for this value.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
        }
    }

    /// Whether this is a collection with nothing left in it, which the keyspace deletes. A string,
    /// even empty, is never one.
    pub fn is_empty_collection(&self) -> bool {
        match self {
            Value::String(_) => false,
        }
    }

    /// The bytes of a string value, or [`WrongType`] for any other type.
    pub fn as_string(&self) -> Result<&Bytes, WrongType> {
        match self {
            Value::String(bytes) => Ok(bytes),
        }
    }
}
