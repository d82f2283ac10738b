//! `# Server`, `# Clients` and `# CPU`: the process, its connections, the CPU time it used.
//!
//! How real Redis does it: the same three blocks of `genRedisInfoString` in `src/server.c`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::system::{self, CpuTime, Who};
use super::Report;
use crate::cmd::REDIS_VERSION;
use crate::Context;

/// How many times a second the server's background cycle runs: Redis's `hz`.
fn hz() -> u128 {
    1000 / store::ACTIVE_EXPIRE_INTERVAL.as_millis().max(1)
}

/// The event-loop API under tokio, by Redis's names for them.
const MULTIPLEXING_API: &str = if cfg!(any(target_os = "linux", target_os = "android")) {
    "epoll"
} else if cfg!(any(target_os = "solaris", target_os = "illumos")) {
    "evport"
} else if cfg!(windows) {
    "iocp"
} else {
    "kqueue"
};

/// `# Server`.
pub(super) fn server(report: &mut Report, ctx: &Context<'_>) {
    let process = &ctx.shared.process;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let uptime = ctx.shared.started.elapsed().as_secs();
    // Redis's LRU clock: seconds, on 24 bits.
    let lru_clock = now.as_secs() & ((1 << 24) - 1);
    let executable = std::env::current_exe()
        .map(|path| path.display().to_string())
        .unwrap_or_default();
    report.section("Server");
    report.fields(&[
        ("redis_version", &REDIS_VERSION),
        ("redis_git_sha1", &"00000000"),
        ("redis_git_dirty", &0),
        ("redis_build_id", &"0000000000000000"),
        ("redis_mode", &"standalone"),
        ("os", &system::os_name()),
        ("arch_bits", &usize::BITS),
        ("monotonic_clock", &"POSIX clock_gettime"),
        ("multiplexing_api", &MULTIPLEXING_API),
        ("atomicvar_api", &"c11-builtin"),
        // The version of GCC Redis was built with; Redis prints 0.0.0 when not built by GCC.
        ("gcc_version", &"0.0.0"),
        ("process_id", &std::process::id()),
        ("process_supervised", &"no"),
        ("run_id", &process.run_id),
        ("tcp_port", &process.tcp_port),
        ("server_time_usec", &now.as_micros()),
        ("uptime_in_seconds", &uptime),
        ("uptime_in_days", &(uptime / (24 * 3600))),
        ("hz", &hz()),
        ("configured_hz", &hz()),
        ("lru_clock", &lru_clock),
        ("executable", &executable),
        ("config_file", &""),
        ("io_threads_active", &0),
    ]);
}

/// `# Clients`.
pub(super) fn clients(report: &mut Report, ctx: &Context<'_>) {
    let shared = ctx.shared;
    report.section("Clients");
    report.fields(&[
        ("connected_clients", &shared.clients.count()),
        ("cluster_connections", &0),
        ("maxclients", &shared.process.max_clients),
        ("client_recent_max_input_buffer", &0),
        ("client_recent_max_output_buffer", &0),
        ("blocked_clients", &shared.waiters.blocked_clients()),
        ("tracking_clients", &0),
        (
            "clients_in_timeout_table",
            &shared.waiters.clients_in_timeout_table(),
        ),
    ]);
}

/// `# CPU`. The main thread's line only where the platform can tell a thread's time, as in Redis.
pub(super) fn cpu(report: &mut Report, _ctx: &Context<'_>) {
    let process = system::cpu_time(Who::Process).unwrap_or_default();
    let children = system::cpu_time(Who::Children).unwrap_or_default();
    report.section("CPU");
    report.fields(&[
        ("used_cpu_sys", &seconds(process.system)),
        ("used_cpu_user", &seconds(process.user)),
        ("used_cpu_sys_children", &seconds(children.system)),
        ("used_cpu_user_children", &seconds(children.user)),
    ]);
    // The thread that runs the commands: in the binary, the main thread.
    if let Some(CpuTime { system, user }) = system::cpu_time(Who::Thread) {
        report.field("used_cpu_sys_main_thread", seconds(system));
        report.field("used_cpu_user_main_thread", seconds(user));
    }
}

/// Seconds with six decimals, as Redis prints a `timeval`: `0.004157`.
fn seconds(time: Duration) -> String {
    format!("{}.{:06}", time.as_secs(), time.subsec_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_reads_as_a_timeval() {
        assert_eq!(seconds(Duration::from_micros(4_157)), "0.004157");
        assert_eq!(seconds(Duration::from_micros(12_000_001)), "12.000001");
    }

    #[test]
    fn the_background_cycle_runs_ten_times_a_second_like_redis() {
        assert_eq!(hz(), 10);
    }
}
