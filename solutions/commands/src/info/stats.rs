//! `# Stats`, `# Commandstats`, `# Errorstats` and `# Latencystats`: the counters since start-up
//! (or since `CONFIG RESETSTAT`), kept in [`crate::Stats`].
//!
//! Counters for features we lack (replication, eviction, sharded pub/sub, defragmentation, client-side
//! tracking) are zero. So are the `instantaneous_*` rates, which Redis samples in its cron and
//! we do not sample, and the expiry cycle's own statistics, which the store does not report.
//! `# Latencystats` prints its title only, as Redis does with `latency-tracking no`: we keep no
//! latency histograms.
//!
//! How real Redis does it: the stats block of `genRedisInfoString`,
//! `genRedisInfoStringCommandStats` and the errorstats block, in `src/server.c`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::PoisonError;

use super::Report;
use crate::Context;

/// An atomic counter's value.
fn read(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

/// `# Stats`.
pub(super) fn stats(report: &mut Report, ctx: &Context<'_>) {
    let stats = &ctx.shared.stats;
    let expired: u64 = ctx.databases.iter().map(|db| db.expired_keys()).sum();
    report.section("Stats");
    report.fields(&[
        (
            "total_connections_received",
            &read(&stats.connections_received),
        ),
        ("total_commands_processed", &read(&stats.commands_processed)),
        ("instantaneous_ops_per_sec", &0),
        ("total_net_input_bytes", &read(&stats.net_input_bytes)),
        ("total_net_output_bytes", &read(&stats.net_output_bytes)),
        ("total_net_repl_input_bytes", &0),
        ("total_net_repl_output_bytes", &0),
        ("instantaneous_input_kbps", &"0.00"),
        ("instantaneous_output_kbps", &"0.00"),
        ("instantaneous_input_repl_kbps", &"0.00"),
        ("instantaneous_output_repl_kbps", &"0.00"),
        ("rejected_connections", &read(&stats.rejected_connections)),
        ("sync_full", &0),
        ("sync_partial_ok", &0),
        ("sync_partial_err", &0),
        ("expired_keys", &expired),
        ("expired_stale_perc", &"0.00"),
        ("expired_time_cap_reached_count", &0),
        ("expire_cycle_cpu_milliseconds", &0),
        ("evicted_keys", &0),
        ("evicted_clients", &0),
        ("total_eviction_exceeded_time", &0),
        ("current_eviction_exceeded_time", &0),
        ("keyspace_hits", &read(&stats.keyspace_hits)),
        ("keyspace_misses", &read(&stats.keyspace_misses)),
        ("pubsub_channels", &ctx.shared.pubsub.channel_count()),
        ("pubsub_patterns", &ctx.shared.pubsub.numpat()),
        ("pubsubshard_channels", &0),
        ("latest_fork_usec", &0),
        ("total_forks", &0),
        ("migrate_cached_sockets", &0),
        ("slave_expires_tracked_keys", &0),
        ("active_defrag_hits", &0),
        ("active_defrag_misses", &0),
        ("active_defrag_key_hits", &0),
        ("active_defrag_key_misses", &0),
        ("total_active_defrag_time", &0),
        ("current_active_defrag_time", &0),
        ("tracking_total_keys", &0),
        ("tracking_total_items", &0),
        ("tracking_total_prefixes", &0),
        ("unexpected_error_replies", &0),
        ("total_error_replies", &read(&stats.error_replies)),
        ("dump_payload_sanitizations", &0),
        ("total_reads_processed", &read(&stats.reads_processed)),
        ("total_writes_processed", &read(&stats.writes_processed)),
        ("io_threaded_reads_processed", &0),
        ("io_threaded_writes_processed", &0),
        ("reply_buffer_shrinks", &0),
        ("reply_buffer_expands", &0),
    ]);
}

/// `# Commandstats`: `cmdstat_get:calls=2,usec=11,usec_per_call=5.50,rejected_calls=0,...`.
/// By name here; Redis lists them in its hash table's order.
pub(super) fn commandstats(report: &mut Report, ctx: &Context<'_>) {
    report.section("Commandstats");
    let commands = ctx.shared.stats.commands();
    for (name, call) in commands.iter() {
        // Redis divides in single precision.
        let per_call = if call.calls == 0 {
            0.0
        } else {
            call.usec as f32 / call.calls as f32
        };
        report.field(
            format_args!("cmdstat_{name}"),
            format_args!(
                "calls={},usec={},usec_per_call={per_call:.2},rejected_calls={},failed_calls={}",
                call.calls, call.usec, call.rejected_calls, call.failed_calls
            ),
        );
    }
}

/// `# Errorstats`: `errorstat_ERR:count=1`, by error kind in byte order, as Redis's radix tree.
pub(super) fn errorstats(report: &mut Report, ctx: &Context<'_>) {
    report.section("Errorstats");
    let errors = ctx
        .shared
        .stats
        .errors
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    for (kind, count) in errors.iter() {
        report.field(
            format_args!("errorstat_{kind}"),
            format_args!("count={count}"),
        );
    }
}

/// `# Latencystats`: the title only (see the module docs).
pub(super) fn latencystats(report: &mut Report, _ctx: &Context<'_>) {
    report.section("Latencystats");
}
