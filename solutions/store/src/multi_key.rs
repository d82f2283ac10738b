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

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::time::Duration;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn get_many_reads_every_key_and_skips_expired_ones() {
        let mut keyspace = Keyspace::new();
        let value = Value::String(Bytes::from_static(b"v"));
        keyspace.set(Bytes::from_static(b"a"), value.clone());
        keyspace.set(Bytes::from_static(b"b"), value.clone());
        keyspace.set_expiry(b"b", Instant::now() + Duration::from_millis(10));
        tokio::time::advance(Duration::from_millis(11)).await;
        assert_eq!(
            keyspace.get_many(&[&b"a"[..], b"b", b"c", b"a"]),
            vec![Some(&value), None, None, Some(&value)]
        );
        assert_eq!(keyspace.len(), 1, "the expired key was deleted");
    }
}
