//! Reading several keys at once: `SINTER`, `SUNION` and `SDIFF` hold every set they combine.
//!
//! [`Keyspace::get`] takes `&mut self`, because a lookup may delete an expired key (passive
//! expiry), so two of its results cannot be held together. [`Keyspace::get_many`] does the
//! expiry for every key first, then borrows them all, read-only, at once.
//!
//! How real Redis does it: `sinterGenericCommand` in `src/t_set.c` calls `lookupKeyRead` for
//! each key into an array of `robj *`; one thread, so nothing can change between the lookups.

use crate::{Keyspace, Value};

impl Keyspace {
    /// The values of `keys`, in order: `None` for a missing or expired key.
    pub fn get_many<K: AsRef<[u8]>>(&mut self, keys: &[K]) -> Vec<Option<&Value>> {
        for key in keys {
            self.expire_if_needed(key.as_ref());
        }
        keys.iter()
            .map(|key| self.entries.get(key.as_ref()))
            .collect()
    }
}
