//! What the operating system says about the process: its name and version, the resident size,
//! the machine's memory and the CPU time used.
//!
//! These are calls into the C library (`libc`), on Unix; elsewhere each reads as zero or as
//! Rust's own name for the platform. The unsafe blocks hand the C library a zeroed struct to
//! fill in, and read it only if the call succeeded.
//!
//! How real Redis does it: `uname` in `genRedisInfoString`, `zmalloc_get_rss` (which reads
//! `/proc/self/stat` on Linux) and `zmalloc_get_memory_size` (`sysconf`) in `src/zmalloc.c`, and
//! `getrusage` for the `cpu` section.

use std::time::Duration;

/// CPU time used, in system and user mode.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CpuTime {
    /// Time in the kernel on the process's behalf.
    pub system: Duration,
    /// Time running the process's own code.
    pub user: Duration,
}

/// Whose CPU time to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The whole process.
    Process,
    /// Its children that have ended (Redis's forks for saving; we have none).
    Children,
    /// The calling thread only, where the platform can tell (Linux).
    Thread,
}

/// `uname`'s system name, release and machine, as `os:` prints them: `Linux 6.1.0 x86_64`.
#[cfg(unix)]
pub fn os_name() -> String {
    // SAFETY: `uname` fills the struct it is given; zeroed, every field is an empty C string.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is a valid, writable `utsname`.
    if unsafe { libc::uname(&mut name) } != 0 {
        return fallback_os_name();
    }
    let text = |field: &[libc::c_char]| {
        let bytes: Vec<u8> = field
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    format!(
        "{} {} {}",
        text(&name.sysname),
        text(&name.release),
        text(&name.machine)
    )
}

/// Rust's names for the platform, where there is no `uname`.
#[cfg(not(unix))]
pub fn os_name() -> String {
    fallback_os_name()
}

/// Rust's names for the platform and the processor.
fn fallback_os_name() -> String {
    format!("{} {}", std::env::consts::OS, std::env::consts::ARCH)
}

/// The resident set size, in bytes: the process's pages in physical memory (Linux), else 0.
pub fn resident_memory() -> usize {
    let Ok(statm) = std::fs::read_to_string("/proc/self/statm") else {
        return 0;
    };
    // Fields: total size, resident, shared, ... all in pages.
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|field| field.parse().ok())
        .unwrap_or(0);
    pages * page_size()
}

/// The machine's physical memory, in bytes (0 if unknown).
#[cfg(unix)]
pub fn total_system_memory() -> u64 {
    // SAFETY: `sysconf` only reads a setting.
    let pages = unsafe { libc::sysconf(libc::_SC_PHYS_PAGES) };
    u64::try_from(pages).unwrap_or(0) * page_size() as u64
}

/// The machine's physical memory, in bytes (0 if unknown).
#[cfg(not(unix))]
pub fn total_system_memory() -> u64 {
    0
}

/// The size of a memory page.
#[cfg(unix)]
fn page_size() -> usize {
    // SAFETY: `sysconf` only reads a setting.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).unwrap_or(4096)
}

/// The size of a memory page.
#[cfg(not(unix))]
fn page_size() -> usize {
    4096
}

/// The CPU time used by `who`; `None` if the platform cannot tell (a thread's, off Linux).
#[cfg(unix)]
pub fn cpu_time(who: Who) -> Option<CpuTime> {
    let who = match who {
        Who::Process => libc::RUSAGE_SELF,
        Who::Children => libc::RUSAGE_CHILDREN,
        #[cfg(any(target_os = "linux", target_os = "android"))]
        Who::Thread => libc::RUSAGE_THREAD,
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        Who::Thread => return None,
    };
    // SAFETY: `getrusage` fills the struct it is given; zeroed, every field is 0.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable `rusage`.
    if unsafe { libc::getrusage(who, &mut usage) } != 0 {
        return Some(CpuTime::default());
    }
    let duration = |time: libc::timeval| {
        Duration::from_secs(time.tv_sec.max(0) as u64)
            + Duration::from_micros(time.tv_usec.max(0) as u64)
    };
    Some(CpuTime {
        system: duration(usage.ru_stime),
        user: duration(usage.ru_utime),
    })
}

/// The CPU time used by `who`: unknown off Unix, so zero (and no per-thread figure).
#[cfg(not(unix))]
pub fn cpu_time(who: Who) -> Option<CpuTime> {
    (who != Who::Thread).then(CpuTime::default)
}
