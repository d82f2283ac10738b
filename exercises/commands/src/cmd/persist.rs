//! `PERSIST key`: remove a key's TTL. Replies 1 if there was one, 0 otherwise.
//!
//! How real Redis does it: `persistCommand` in `src/expire.c`.

use bytes::Bytes;
use resp::Frame;
use store::Keyspace;

use crate::{Args, CommandError};

/// `PERSIST key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Persist {
    /// The key.
    pub key: Bytes,
}

impl Persist {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<Persist, CommandError> {
        // @step 4: Persist::parse — the key
        todo!("step 4: Persist::parse — the key")
    }

    /// Removes the TTL.
    pub fn apply(self, keyspace: &mut Keyspace) -> Result<Frame, CommandError> {
        // @step 4: Persist::apply — 1 if a TTL was removed, else 0
        todo!("step 4: Persist::apply — 1 if a TTL was removed, else 0")
    }
}
