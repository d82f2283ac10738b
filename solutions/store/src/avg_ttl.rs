//! The average TTL of a keyspace's volatile keys, for `INFO keyspace`'s `avg_ttl`.
//!
//! Summing every deadline would cost a pass over all the volatile keys, under the lock, each
//! time a monitoring tool polls `INFO`. So the average is *estimated*: exact over all the keys
//! when there are at most [`AVG_TTL_SAMPLE`], else over that many picked at random (an O(1) pick
//! each, as in active expiry). Keys whose deadline has already passed are left out: they are
//! about to be deleted.
//!
//! How real Redis does it: `activeExpireCycle` in `src/expire.c` averages the TTLs of the keys
//! each cycle samples and folds that into a running estimate, `db->avg_ttl`
//! (`avg = avg/50*49 + sample/50`), reset to 0 when the database has no volatile keys. So
//! Redis's figure lags: right after `SET k v EX 100` it still says 0, until the next cycle.
//! Ours is a fresh estimate each time it is asked for.

use tokio::time::Instant;

use crate::Keyspace;

/// How many volatile keys the estimate looks at, at most.
pub const AVG_TTL_SAMPLE: usize = 64;

impl Keyspace {
    /// The average time to live of the keys that have a TTL, in milliseconds; 0 if none has.
    pub fn avg_ttl_ms(&self) -> u64 {
        let now = Instant::now();
        let count = self.expires.len();
        let remaining = |index: usize| {
            self.expires
                .get_index(index)
                .map(|(_, &deadline)| deadline.saturating_duration_since(now).as_millis() as u64)
                .filter(|&ttl| ttl > 0)
        };
        let ttls: Vec<u64> = if count <= AVG_TTL_SAMPLE {
            (0..count).filter_map(remaining).collect()
        } else {
            (0..AVG_TTL_SAMPLE)
                .filter_map(|_| remaining(rand::random_range(0..count)))
                .collect()
        };
        match ttls.len() as u64 {
            0 => 0,
            samples => ttls.iter().sum::<u64>() / samples,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bytes::Bytes;

    use super::*;
    use crate::Value;

    fn keyspace_with_ttls(ttls_ms: &[u64]) -> Keyspace {
        let mut keyspace = Keyspace::new();
        keyspace.set(Bytes::from("persistent"), Value::String(Bytes::from("v")));
        for (index, &ttl) in ttls_ms.iter().enumerate() {
            let key = format!("k{index}");
            keyspace.set(Bytes::from(key.clone()), Value::String(Bytes::from("v")));
            keyspace.set_expiry(key.as_bytes(), Instant::now() + Duration::from_millis(ttl));
        }
        keyspace
    }

    #[tokio::test(start_paused = true)]
    async fn no_ttl_averages_to_zero() {
        assert_eq!(keyspace_with_ttls(&[]).avg_ttl_ms(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_few_ttls_average_exactly_and_expired_ones_are_left_out() {
        let keyspace = keyspace_with_ttls(&[1_000, 3_000, 10]);
        tokio::time::advance(Duration::from_millis(10)).await;
        assert_eq!(
            keyspace.avg_ttl_ms(),
            1_990,
            "(990 + 2990) / 2: the key at its deadline is not counted"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn many_equal_ttls_estimate_exactly() {
        let keyspace = keyspace_with_ttls(&[5_000; 500]);
        assert_eq!(keyspace.avg_ttl_ms(), 5_000);
    }
}
