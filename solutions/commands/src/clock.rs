//! Turning the TTLs of commands into deadlines on tokio's clock.
//!
//! Clients speak of time in two ways: *relative* ("in 10 seconds": `EX`, `PX`, `EXPIRE`) and
//! *absolute* ("at Unix time 1700000000": `EXAT`, `PXAT`). The keyspace stores a
//! `tokio::time::Instant`, a monotonic clock that tests can pause. Relative times are added to
//! it directly; absolute times are first turned into "how long from now" with the wall clock.
//!
//! A deadline that has already passed is [`Deadline::Passed`]: the command deletes the key at once
//! (`EXPIRE k -5` replies 1 and deletes `k`), as Redis's `checkAlreadyExpired` does.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// When a key should die.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// At this instant of tokio's clock, which is still in the future.
    At(Instant),
    /// Already over: the key is to be deleted now.
    Passed,
}

/// Milliseconds since the Unix epoch: Redis's `mstime()`.
pub fn unix_time_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as i64)
}

/// The deadline `ms` milliseconds from now. Zero or less has already passed.
pub fn deadline_after_ms(ms: i64) -> Deadline {
    if ms <= 0 {
        return Deadline::Passed;
    }
    let now = Instant::now();
    // Further away than the clock can count (hundreds of millions of years) is never reached;
    // a century is as good.
    let far_future = || now + Duration::from_secs(100 * 365 * 24 * 3600);
    Deadline::At(
        now.checked_add(Duration::from_millis(ms as u64))
            .unwrap_or_else(far_future),
    )
}

const NANOS_PER_MS: i128 = 1_000_000;

/// Both clocks, read together: tokio's instant and the Unix time in nanoseconds.
/// Both clocks, read together.
fn now() -> (Instant, i128) {
    let instant = Instant::now();
    let unix_ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos() as i128);
    (instant, unix_ns)
}

/// The deadline at Unix time `unix_ms`, in milliseconds; `Passed` if that millisecond has begun
/// already (Redis's `when <= mstime()`).
/// The deadline at Unix time `unix_ms`, in milliseconds, exact to the millisecond: a later
/// `PEXPIRETIME` reads back the same number ([`unix_ms_of`]).
pub fn deadline_at_unix_ms(unix_ms: i64) -> Deadline {
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
/// The Unix time, in milliseconds, at which `deadline` falls.
pub fn unix_ms_of(deadline: Instant) -> i64 {
    let (instant, unix_ns) = now();
    let ahead = if deadline >= instant {
        deadline.duration_since(instant).as_nanos() as i128
    } else {
        -(instant.duration_since(deadline).as_nanos() as i128)
    };
    let unix_ms = (unix_ns + ahead).div_euclid(NANOS_PER_MS);
    i64::try_from(unix_ms).unwrap_or(i64::MAX)
}

/// Milliseconds left until `deadline`, rounded up, and never below 0.
pub fn remaining_ms(deadline: Instant) -> i64 {
    let left = deadline.saturating_duration_since(Instant::now());
    left.as_micros().div_ceil(1000) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unix_time_comes_back_exactly() {
        let (_, now_ns) = now();
        let now_ms = (now_ns / NANOS_PER_MS) as i64;
        // A second ahead at least: on a loaded machine a millisecond passes before the check.
        for unix_ms in [now_ms + 1_000, now_ms + 1_234, now_ms + 86_400_123] {
            let Deadline::At(deadline) = deadline_at_unix_ms(unix_ms) else {
                panic!("{unix_ms} is in the future");
            };
            assert_eq!(unix_ms_of(deadline), unix_ms);
        }
        assert_eq!(deadline_at_unix_ms(now_ms), Deadline::Passed);
        assert_eq!(deadline_at_unix_ms(-5), Deadline::Passed);
    }
}
