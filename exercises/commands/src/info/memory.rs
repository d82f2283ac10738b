//! `# Memory`: what the allocator and the operating system say about the server's memory.
//!
//! `used_memory` is what the allocator handed out (jemalloc's `stats.allocated`, through the
//! binary's [`super::ProcessInfo`]); the ratios compare it with the allocator's pages and with the
//! resident size, as Redis computes them. We keep no separate account of the memory that goes to
//! data and to overhead, so `used_memory_overhead` is the start-up memory and the rest counts
//! as dataset. There is no Lua, no function, no replication backlog, no eviction (`maxmemory`
//! 0): those fields are zero, which is what they truly are here.
//!
//! How real Redis does it: the memory block of `genRedisInfoString` in `src/server.c`, with
//! `getMemoryOverheadData` in `src/object.c`; `server.cron_malloc_stats` is refreshed by
//! `serverCron`, and the peak is updated there and whenever `INFO` runs.

use super::system;
use super::{human_bytes, Report};
use crate::Context;

/// `a / b` as Redis prints a ratio, in single precision (`1.08`); 0 when `b` is 0.
fn ratio(a: usize, b: usize) -> String {
    let value = if b == 0 { 0.0 } else { a as f32 / b as f32 };
    format!("{value:.2}")
}

/// `a - b`, which may be negative.
fn difference(a: usize, b: usize) -> i128 {
    a as i128 - b as i128
}

/// `# Memory`.
pub(super) fn memory(report: &mut Report, ctx: &Context<'_>) {
    let process = &ctx.shared.process;
    let allocator = (process.allocator_stats)();
    let used = allocator
        .as_ref()
        .map_or_else(system::resident_memory, |stats| stats.allocated);
    let (allocated, active, resident) = allocator.as_ref().map_or((0, 0, 0), |stats| {
        (stats.allocated, stats.active, stats.resident)
    });
    let allocator_name = allocator
        .as_ref()
        .map_or("libc", |stats| stats.name.as_str());
    let rss = system::resident_memory();
    let peak = process.peak_memory(used);
    let startup = process.startup_memory;
    let overhead = startup.min(used);
    let dataset = used - overhead;
    let net_usage = if used > startup { used - startup } else { 1 };
    let total_system = system::total_system_memory();
    let percent = |part: usize, whole: usize| format!("{:.2}%", part as f32 * 100.0 / whole as f32);
    report.section("Memory");
    report.fields(&[
        ("used_memory", &used),
        ("used_memory_human", &human_bytes(used as u64)),
        ("used_memory_rss", &rss),
        ("used_memory_rss_human", &human_bytes(rss as u64)),
        ("used_memory_peak", &peak),
        ("used_memory_peak_human", &human_bytes(peak as u64)),
        ("used_memory_peak_perc", &percent(used, peak.max(1))),
        ("used_memory_overhead", &overhead),
        ("used_memory_startup", &startup),
        ("used_memory_dataset", &dataset),
        ("used_memory_dataset_perc", &percent(dataset, net_usage)),
        ("allocator_allocated", &allocated),
        ("allocator_active", &active),
        ("allocator_resident", &resident),
        ("total_system_memory", &total_system),
        ("total_system_memory_human", &human_bytes(total_system)),
        ("used_memory_lua", &0),
        ("used_memory_vm_eval", &0),
        ("used_memory_lua_human", &"0B"),
        ("used_memory_scripts_eval", &0),
        ("number_of_cached_scripts", &0),
        ("number_of_functions", &0),
        ("number_of_libraries", &0),
        ("used_memory_vm_functions", &0),
        ("used_memory_vm_total", &0),
        ("used_memory_vm_total_human", &"0B"),
        ("used_memory_functions", &0),
        ("used_memory_scripts", &0),
        ("used_memory_scripts_human", &"0B"),
        ("maxmemory", &0),
        ("maxmemory_human", &"0B"),
        ("maxmemory_policy", &"noeviction"),
        ("allocator_frag_ratio", &ratio(active, allocated)),
        ("allocator_frag_bytes", &difference(active, allocated)),
        ("allocator_rss_ratio", &ratio(resident, active)),
        ("allocator_rss_bytes", &difference(resident, active)),
        ("rss_overhead_ratio", &ratio(rss, resident)),
        ("rss_overhead_bytes", &difference(rss, resident)),
        ("mem_fragmentation_ratio", &ratio(rss, used)),
        ("mem_fragmentation_bytes", &difference(rss, used)),
        ("mem_not_counted_for_evict", &0),
        ("mem_replication_backlog", &0),
        ("mem_total_replication_buffers", &0),
        ("mem_clients_slaves", &0),
        ("mem_clients_normal", &0),
        ("mem_cluster_links", &0),
        ("mem_aof_buffer", &0),
        ("mem_allocator", &allocator_name),
        ("active_defrag_running", &0),
        ("lazyfree_pending_objects", &0),
        ("lazyfreed_objects", &0),
    ]);
}
