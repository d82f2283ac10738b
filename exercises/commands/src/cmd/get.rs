//! `GET key`: the value, or null if the key does not exist.
//!
//! How real Redis does it: `getCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::Frame;
use store::Keyspace;

use crate::{Args, CommandError};

/// `GET key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Get {
    /// The key to read.
    pub key: Bytes,
}

impl Get {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<Get, CommandError> {
        // @step 3: Get::parse — take the key
        todo!("step 3: Get::parse — take the key")
    }

    /// Reads the key.
    pub fn apply(self, keyspace: &mut Keyspace) -> Result<Frame, CommandError> {
        // @step 3: Get::apply — the value as a bulk string, or null
        // 1. `keyspace.get(&self.key)`: None replies `Frame::Null` (`$-1`).
        // 2. Some(value): `value.as_string()?` is the bytes, or a WRONGTYPE error (the `?`
        //    converts it). Reply them as `Frame::Bulk` (cloning `Bytes` shares, never copies).
        todo!("step 3: Get::apply — the value as a bulk string, or null")
    }
}
