//! `# Persistence` and `# Keyspace`: the data, and (not) saving it.
//!
//! We save nothing yet, so `# Persistence` is what Redis prints with `save ""` and
//! `appendonly no`, except for two real figures: the changes since start-up
//! (`rdb_changes_since_last_save`, from the keyspaces' write path) and the start-up time (Redis's
//! `lastsave` starts there).
//!
//! How real Redis does it: the persistence and keyspace blocks of `genRedisInfoString` in
//! `src/server.c`; `server.dirty` counts changes, and `db->avg_ttl` is estimated by
//! `activeExpireCycle` (see `store/src/avg_ttl.rs`).

use std::time::{SystemTime, UNIX_EPOCH};

use super::Report;
use crate::Context;

/// `# Persistence`.
pub(super) fn persistence(report: &mut Report, ctx: &Context<'_>) {
    let changes: u64 = ctx.databases.iter().map(|keyspace| keyspace.dirty()).sum();
    let started = SystemTime::now()
        .checked_sub(ctx.shared.started.elapsed())
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default()
        .as_secs();
    report.section("Persistence");
    report.fields(&[
        ("loading", &0),
        ("async_loading", &0),
        ("current_cow_peak", &0),
        ("current_cow_size", &0),
        ("current_cow_size_age", &0),
        ("current_fork_perc", &"0.00"),
        ("current_save_keys_processed", &0),
        ("current_save_keys_total", &0),
        ("rdb_changes_since_last_save", &changes),
        ("rdb_bgsave_in_progress", &0),
        ("rdb_last_save_time", &started),
        ("rdb_last_bgsave_status", &"ok"),
        ("rdb_last_bgsave_time_sec", &-1),
        ("rdb_current_bgsave_time_sec", &-1),
        ("rdb_saves", &0),
        ("rdb_last_cow_size", &0),
        ("rdb_last_load_keys_expired", &0),
        ("rdb_last_load_keys_loaded", &0),
        ("aof_enabled", &0),
        ("aof_rewrite_in_progress", &0),
        ("aof_rewrite_scheduled", &0),
        ("aof_last_rewrite_time_sec", &-1),
        ("aof_current_rewrite_time_sec", &-1),
        ("aof_last_bgrewrite_status", &"ok"),
        ("aof_rewrites", &0),
        ("aof_rewrites_consecutive_failures", &0),
        ("aof_last_write_status", &"ok"),
        ("aof_last_cow_size", &0),
        ("module_fork_in_progress", &0),
        ("module_fork_last_cow_size", &0),
    ]);
}

/// `# Keyspace`: one line per database that holds keys, `db3:keys=2,expires=1,avg_ttl=9998`.
pub(super) fn keyspace(report: &mut Report, ctx: &Context<'_>) {
    report.section("Keyspace");
    for (index, keyspace) in ctx.databases.iter().enumerate() {
        let (keys, expires) = (keyspace.len(), keyspace.volatile_len());
        if keys > 0 || expires > 0 {
            let avg_ttl = keyspace.avg_ttl_ms();
            report.field(
                format_args!("db{index}"),
                format_args!("keys={keys},expires={expires},avg_ttl={avg_ttl}"),
            );
        }
    }
}
