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

/// The deadline at Unix time `unix_ms`, in milliseconds.
pub fn deadline_at_unix_ms(unix_ms: i64) -> Deadline {
    deadline_after_ms(unix_ms.saturating_sub(unix_time_ms()))
}

/// Milliseconds left until `deadline`, rounded up, and never below 0.
pub fn remaining_ms(deadline: Instant) -> i64 {
    let left = deadline.saturating_duration_since(Instant::now());
    left.as_micros().div_ceil(1000) as i64
}
