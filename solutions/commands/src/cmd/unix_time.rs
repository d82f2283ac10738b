//! Deadlines at a Unix time, and the Unix time of a deadline, to the millisecond.
//!
//! Pre-written. The keyspace keeps deadlines on tokio's monotonic clock, but `EXPIREAT`,
//! `GETEX ... PXAT` and `EXPIRETIME` speak Unix time, and a client that sets
//! `PEXPIREAT k 1900000000123` expects `PEXPIRETIME k` to say `1900000000123`, not one
//! millisecond off. So both directions read the two clocks together, at nanosecond precision,
//! and a deadline set for Unix millisecond `U` is placed half-way through that millisecond: the
//! round trip is exact even when the two readings are a few microseconds apart.
//!
//! Redis's rule for an absolute time in the past (`checkAlreadyExpired`): at or before the
//! current millisecond, the key is deleted at once.
//!
//! How real Redis does it: it keeps every deadline as Unix milliseconds (`setExpire`,
//! `getExpire` in `src/db.c`), so there is nothing to convert.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

use crate::clock::Deadline;

/// Nanoseconds in a millisecond.
const NANOS_PER_MS: i128 = 1_000_000;

/// Both clocks, read together: tokio's instant and the Unix time in nanoseconds.
fn now() -> (Instant, i128) {
    let instant = Instant::now();
    let unix_ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos() as i128);
    (instant, unix_ns)
}

/// The deadline at Unix time `unix_ms`, in milliseconds; `Passed` if that millisecond has begun
/// already (Redis's `when <= mstime()`).
pub(crate) fn deadline_at_unix_ms(unix_ms: i64) -> Deadline {
    let (instant, unix_ns) = now();
    if i128::from(unix_ms) <= unix_ns.div_euclid(NANOS_PER_MS) {
        return Deadline::Passed;
    }
    let target_ns = i128::from(unix_ms) * NANOS_PER_MS + NANOS_PER_MS / 2;
    let wait = u64::try_from(target_ns - unix_ns).unwrap_or(u64::MAX);
    // Further than the clock can count is as good as a century away.
    let far_future = || instant + Duration::from_secs(100 * 365 * 24 * 3600);
    Deadline::At(
        instant
            .checked_add(Duration::from_nanos(wait))
            .unwrap_or_else(far_future),
    )
}

/// The Unix time, in milliseconds, at which `deadline` falls.
pub(crate) fn unix_ms_of(deadline: Instant) -> i64 {
    let (instant, unix_ns) = now();
    let ahead = if deadline >= instant {
        deadline.duration_since(instant).as_nanos() as i128
    } else {
        -(instant.duration_since(deadline).as_nanos() as i128)
    };
    let unix_ms = (unix_ns + ahead).div_euclid(NANOS_PER_MS);
    i64::try_from(unix_ms).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unix_time_comes_back_exactly() {
        let (_, now_ns) = now();
        let now_ms = (now_ns / NANOS_PER_MS) as i64;
        for unix_ms in [now_ms + 1, now_ms + 1234, now_ms + 86_400_123] {
            let Deadline::At(deadline) = deadline_at_unix_ms(unix_ms) else {
                panic!("{unix_ms} is in the future");
            };
            assert_eq!(unix_ms_of(deadline), unix_ms);
        }
        assert_eq!(deadline_at_unix_ms(now_ms), Deadline::Passed);
        assert_eq!(deadline_at_unix_ms(-5), Deadline::Passed);
    }
}
