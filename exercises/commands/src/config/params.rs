//! The table of every parameter Redis 7.0 has: its name, alias, flags, type, default and bounds.
//!
//! One row per parameter, in the order of Redis's own table, so the two can be read side by side.
//! Most parameters need nothing but their row: the generic code reads, checks and prints a
//! yes/no, a string, a choice or a number from what the row says. A row can add a `check` (a
//! rule beyond the type, such as "a file name, not a path") and an `apply` (something to do
//! once the value is set, such as clamping `hz`).
//!
//! Our server ignores many of these (`activerehashing`, `hash-max-listpack-entries`...), but
//! clients and tools set them, so each is still accepted, checked and reported exactly as Redis
//! does.
//!
//! How real Redis does it: `standardConfig static_configs[]` in `src/config.c`, built with the
//! `createBoolConfig`, `createStringConfig`, `createEnumConfig`, `createIntConfig`... macros.

use super::checks::{Apply, Check};
use super::special::Special;

/// Only the command line can set it (`databases`, `daemonize`).
pub(crate) const IMMUTABLE: u16 = 1 << 0;
/// Its value is a secret (`requirepass`): logs and `MONITOR` must not show what a client set.
pub(crate) const SENSITIVE: u16 = 1 << 1;
/// Useful for debugging. No effect on `CONFIG`.
pub(crate) const DEBUG: u16 = 1 << 2;
/// Takes several space-separated values in one argument (`save "3600 1 300 100"`).
pub(crate) const MULTI_ARG: u16 = 1 << 3;
/// Left out of `CONFIG GET` patterns; only its exact name shows it (test and debug knobs).
pub(crate) const HIDDEN: u16 = 1 << 4;
/// Settable only if `enable-protected-configs` allows it (`dir`, `dbfilename`).
pub(crate) const PROTECTED: u16 = 1 << 5;
/// Refused while a dataset loads. We never load one, so no effect yet.
pub(crate) const DENY_LOADING: u16 = 1 << 6;
/// Setting it counts as a change even when the value is the same (a file to re-read).
pub(crate) const VOLATILE: u16 = 1 << 9;
/// No flag: settable at any time.
pub(crate) const MODIFIABLE: u16 = 0;

const I32_MIN: i128 = i32::MIN as i128;
const I32_MAX: i128 = i32::MAX as i128;
const U32_MAX: i128 = u32::MAX as i128;
const I64_MAX: i128 = i64::MAX as i128;
const U64_MAX: i128 = u64::MAX as i128;

/// One parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Param {
    /// Its name, lower case.
    pub name: &'static str,
    /// Its other name, if it has one (the old `slave-*` and `*-ziplist-*` names).
    pub alias: Option<&'static str>,
    /// Flags such as [`IMMUTABLE`].
    pub flags: u16,
    /// Its type, default and bounds.
    pub kind: Kind,
    /// A rule the value must follow beyond its type.
    pub check: Option<Check>,
    /// What to do once a new value is set.
    pub apply: Option<Apply>,
}

/// The type of a parameter, with what the generic code needs to read and print it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// `yes` or `no`.
    Bool { default: bool },
    /// A string. `binary` ones keep bytes after a NUL; the others stop there, as C strings do.
    Text { default: &'static str, binary: bool },
    /// One of a list of names, or several of them for a [`MULTI_ARG`] list of flags.
    Choice {
        choices: &'static [(&'static str, i32)],
        default: &'static str,
    },
    /// An integer within `min..=max`, written as `format` says.
    Number {
        ctype: CType,
        min: i128,
        max: i128,
        default: i64,
        format: Format,
    },
    /// One of the eight parameters with a grammar of their own.
    Special(Special),
}

/// The C type Redis stores a number in. It decides how the bounds are checked: Redis compares
/// `UInt`, `ULongLong` and `SizeT` values as unsigned (so `-1` is out of range because it is
/// huge), every other type as signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CType {
    Int,
    UInt,
    ULong,
    LongLong,
    ULongLong,
    SizeT,
    SSizeT,
    TimeT,
    OffT,
}

impl CType {
    /// Whether Redis checks the bounds as unsigned numbers.
    pub(crate) fn unsigned(self) -> bool {
        matches!(self, CType::UInt | CType::ULongLong | CType::SizeT)
    }
}

/// How a number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// A plain decimal integer.
    Integer,
    /// A byte count with an optional unit (`64mb`), printed back in bytes.
    Memory,
    /// A byte count, or a percentage of `maxmemory` (`10%`, stored as -10).
    MemoryOrPercent,
    /// Octal, for file permissions.
    Octal,
}

impl Param {
    const fn new(name: &'static str, flags: u16, kind: Kind) -> Param {
        Param {
            name,
            alias: None,
            flags,
            kind,
            check: None,
            apply: None,
        }
    }

    /// A yes/no parameter.
    const fn boolean(name: &'static str, flags: u16, default: bool) -> Param {
        Param::new(name, flags, Kind::Bool { default })
    }

    /// A string parameter (an empty default is C's `NULL`, which prints as `""` too).
    const fn text(name: &'static str, flags: u16, default: &'static str) -> Param {
        let binary = false;
        Param::new(name, flags, Kind::Text { default, binary })
    }

    /// A binary-safe string parameter.
    const fn binary(name: &'static str, flags: u16, default: &'static str) -> Param {
        let binary = true;
        Param::new(name, flags, Kind::Text { default, binary })
    }

    /// A parameter that takes one of `choices`.
    const fn choice(
        name: &'static str,
        flags: u16,
        choices: &'static [(&'static str, i32)],
        default: &'static str,
    ) -> Param {
        Param::new(name, flags, Kind::Choice { choices, default })
    }

    /// A numeric parameter.
    const fn number(
        name: &'static str,
        flags: u16,
        ctype: CType,
        bounds: std::ops::RangeInclusive<i128>,
        default: i64,
        format: Format,
    ) -> Param {
        let (min, max) = (*bounds.start(), *bounds.end());
        Param::new(
            name,
            flags,
            Kind::Number {
                ctype,
                min,
                max,
                default,
                format,
            },
        )
    }

    /// A parameter with a grammar of its own.
    const fn special(name: &'static str, flags: u16, special: Special) -> Param {
        Param::new(name, flags, Kind::Special(special))
    }

    /// The same parameter, also known as `alias`.
    const fn alias(mut self, alias: &'static str) -> Param {
        self.alias = Some(alias);
        self
    }

    /// The same parameter, with a rule its values must follow.
    const fn check(mut self, check: Check) -> Param {
        self.check = Some(check);
        self
    }

    /// The same parameter, with something to do once it is set.
    const fn apply(mut self, apply: Apply) -> Param {
        self.apply = Some(apply);
        self
    }

    /// Whether the parameter has `flag`.
    pub(crate) fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

// The choices. The numbers only tell apart the names: two names with the same number are the
// same setting (`oom-score-adj` `yes` and `relative`), and `shutdown-on-*` combine as bit flags.

const SUPERVISED: &[(&str, i32)] = &[("upstart", 3), ("systemd", 2), ("auto", 1), ("no", 0)];
const SYSLOG_FACILITY: &[(&str, i32)] = &[
    ("user", 8),
    ("local0", 128),
    ("local1", 136),
    ("local2", 144),
    ("local3", 152),
    ("local4", 160),
    ("local5", 168),
    ("local6", 176),
    ("local7", 184),
];
const REPL_DISKLESS_LOAD: &[(&str, i32)] = &[("disabled", 0), ("on-empty-db", 1), ("swapdb", 2)];
const LOGLEVEL: &[(&str, i32)] = &[("debug", 0), ("verbose", 1), ("notice", 2), ("warning", 3)];
const MAXMEMORY_POLICY: &[(&str, i32)] = &[
    ("volatile-lru", 0),
    ("volatile-lfu", 1),
    ("volatile-random", 2),
    ("volatile-ttl", 3),
    ("allkeys-lru", 4),
    ("allkeys-lfu", 5),
    ("allkeys-random", 6),
    ("noeviction", 7),
];
const AOF_FSYNC: &[(&str, i32)] = &[("everysec", 2), ("always", 1), ("no", 0)];
const OOM_SCORE_ADJ: &[(&str, i32)] = &[("no", 0), ("yes", 1), ("relative", 1), ("absolute", 2)];
const ACL_PUBSUB_DEFAULT: &[(&str, i32)] = &[("allchannels", 8), ("resetchannels", 0)];
const SANITIZE_DUMP_PAYLOAD: &[(&str, i32)] = &[("no", 0), ("yes", 1), ("clients", 2)];
/// `enable-protected-configs` and friends: `local` allows only clients on the loopback.
pub(crate) const PROTECTED_ACTION: &[(&str, i32)] = &[("no", 0), ("yes", 1), ("local", 2)];
const CLUSTER_PREFERRED_ENDPOINT_TYPE: &[(&str, i32)] =
    &[("ip", 0), ("hostname", 1), ("unknown-endpoint", 2)];
const PROPAGATION_ERROR_BEHAVIOR: &[(&str, i32)] =
    &[("ignore", 0), ("panic", 1), ("panic-on-replicas", 2)];
/// `shutdown-on-sigint` and `-sigterm`: flags, `save` and `nosave` exclusive.
pub(crate) const SHUTDOWN_ON_SIG: &[(&str, i32)] = &[
    ("default", 0),
    ("save", 1),
    ("nosave", 2),
    ("now", 4),
    ("force", 8),
];
const TLS_AUTH_CLIENTS: &[(&str, i32)] = &[("no", 0), ("yes", 1), ("optional", 2)];

/// Every parameter, in the order of Redis 7.0.15's `static_configs[]`.
///
/// Kept one row per line, unformatted, so that it reads as a table and lines up with Redis's.
#[rustfmt::skip]
pub(crate) static PARAMS: &[Param] = &[
    // Yes/no.
    Param::boolean("rdbchecksum", IMMUTABLE, true),
    Param::boolean("daemonize", IMMUTABLE, false),
    Param::boolean("io-threads-do-reads", DEBUG | IMMUTABLE, false),
    Param::boolean("always-show-logo", IMMUTABLE, false),
    Param::boolean("protected-mode", MODIFIABLE, true),
    Param::boolean("rdbcompression", MODIFIABLE, true),
    Param::boolean("rdb-del-sync-files", MODIFIABLE, false),
    Param::boolean("activerehashing", MODIFIABLE, true),
    Param::boolean("stop-writes-on-bgsave-error", MODIFIABLE, true),
    Param::boolean("set-proc-title", IMMUTABLE, true),
    Param::boolean("dynamic-hz", MODIFIABLE, true),
    Param::boolean("lazyfree-lazy-eviction", DEBUG, false),
    Param::boolean("lazyfree-lazy-expire", DEBUG, false),
    Param::boolean("lazyfree-lazy-server-del", DEBUG, false),
    Param::boolean("lazyfree-lazy-user-del", DEBUG, false),
    Param::boolean("lazyfree-lazy-user-flush", DEBUG, false),
    Param::boolean("repl-disable-tcp-nodelay", MODIFIABLE, false),
    Param::boolean("repl-diskless-sync", DEBUG, true),
    Param::boolean("aof-rewrite-incremental-fsync", MODIFIABLE, true),
    Param::boolean("no-appendfsync-on-rewrite", MODIFIABLE, false),
    Param::boolean("cluster-require-full-coverage", MODIFIABLE, true),
    Param::boolean("rdb-save-incremental-fsync", MODIFIABLE, true),
    Param::boolean("aof-load-truncated", MODIFIABLE, true),
    Param::boolean("aof-use-rdb-preamble", MODIFIABLE, true),
    Param::boolean("aof-timestamp-enabled", MODIFIABLE, false),
    Param::boolean("cluster-replica-no-failover", MODIFIABLE, false).alias("cluster-slave-no-failover"),
    Param::boolean("replica-lazy-flush", MODIFIABLE, false).alias("slave-lazy-flush"),
    Param::boolean("replica-serve-stale-data", MODIFIABLE, true).alias("slave-serve-stale-data"),
    Param::boolean("replica-read-only", DEBUG, true).alias("slave-read-only"),
    Param::boolean("replica-ignore-maxmemory", MODIFIABLE, true).alias("slave-ignore-maxmemory"),
    Param::boolean("jemalloc-bg-thread", MODIFIABLE, true),
    Param::boolean("activedefrag", DEBUG, false).check(Check::ActiveDefrag),
    Param::boolean("syslog-enabled", IMMUTABLE, false),
    Param::boolean("cluster-enabled", IMMUTABLE, false),
    Param::boolean("appendonly", DENY_LOADING, false),
    Param::boolean("cluster-allow-reads-when-down", MODIFIABLE, false),
    Param::boolean("cluster-allow-pubsubshard-when-down", MODIFIABLE, true),
    Param::boolean("crash-log-enabled", MODIFIABLE, true),
    Param::boolean("crash-memcheck-enabled", MODIFIABLE, true),
    Param::boolean("use-exit-on-panic", HIDDEN, false),
    Param::boolean("disable-thp", IMMUTABLE, true),
    Param::boolean("cluster-allow-replica-migration", MODIFIABLE, true),
    Param::boolean("replica-announced", MODIFIABLE, true),
    Param::boolean("latency-tracking", MODIFIABLE, true),
    Param::boolean("aof-disable-auto-gc", MODIFIABLE, false),
    Param::boolean("replica-ignore-disk-write-errors", MODIFIABLE, false),

    // Strings.
    Param::text("aclfile", IMMUTABLE, ""),
    Param::text("unixsocket", IMMUTABLE, ""),
    Param::text("pidfile", IMMUTABLE, ""),
    Param::text("replica-announce-ip", MODIFIABLE, "").alias("slave-announce-ip"),
    Param::text("masteruser", SENSITIVE, ""),
    Param::text("cluster-announce-ip", MODIFIABLE, ""),
    Param::text("cluster-config-file", IMMUTABLE, "nodes.conf"),
    Param::text("cluster-announce-hostname", MODIFIABLE, "").check(Check::Hostname),
    Param::text("syslog-ident", IMMUTABLE, "redis"),
    Param::text("dbfilename", PROTECTED, "dump.rdb").check(Check::DbFilename),
    Param::text("appendfilename", IMMUTABLE, "appendonly.aof").check(Check::AofFilename),
    Param::text("appenddirname", IMMUTABLE, "appendonlydir").check(Check::AofDirname),
    Param::text("server_cpulist", IMMUTABLE, ""),
    Param::text("bio_cpulist", IMMUTABLE, ""),
    Param::text("aof_rewrite_cpulist", IMMUTABLE, ""),
    Param::text("bgsave_cpulist", IMMUTABLE, ""),
    Param::text("ignore-warnings", MODIFIABLE, ""),
    Param::text("proc-title-template", MODIFIABLE, "{title} {listen-addr} {server-mode}").check(Check::ProcTitleTemplate),
    Param::text("bind-source-addr", MODIFIABLE, ""),
    Param::text("logfile", IMMUTABLE, ""),

    // Binary-safe strings (Redis's "sds" configs).
    Param::binary("masterauth", SENSITIVE, ""),
    Param::binary("requirepass", SENSITIVE, ""),

    // Choices.
    Param::choice("supervised", IMMUTABLE, SUPERVISED, "no"),
    Param::choice("syslog-facility", IMMUTABLE, SYSLOG_FACILITY, "local0"),
    Param::choice("repl-diskless-load", DEBUG | DENY_LOADING, REPL_DISKLESS_LOAD, "disabled"),
    Param::choice("loglevel", MODIFIABLE, LOGLEVEL, "notice"),
    Param::choice("maxmemory-policy", MODIFIABLE, MAXMEMORY_POLICY, "noeviction"),
    Param::choice("appendfsync", MODIFIABLE, AOF_FSYNC, "everysec"),
    Param::choice("oom-score-adj", MODIFIABLE, OOM_SCORE_ADJ, "no"),
    Param::choice("acl-pubsub-default", MODIFIABLE, ACL_PUBSUB_DEFAULT, "resetchannels"),
    Param::choice("sanitize-dump-payload", DEBUG, SANITIZE_DUMP_PAYLOAD, "no"),
    Param::choice("enable-protected-configs", IMMUTABLE, PROTECTED_ACTION, "no"),
    Param::choice("enable-debug-command", IMMUTABLE, PROTECTED_ACTION, "no"),
    Param::choice("enable-module-command", IMMUTABLE, PROTECTED_ACTION, "no"),
    Param::choice("cluster-preferred-endpoint-type", MODIFIABLE, CLUSTER_PREFERRED_ENDPOINT_TYPE, "ip"),
    Param::choice("propagation-error-behavior", MODIFIABLE, PROPAGATION_ERROR_BEHAVIOR, "ignore"),
    Param::choice("shutdown-on-sigint", MULTI_ARG, SHUTDOWN_ON_SIG, "default").check(Check::ShutdownFlags),
    Param::choice("shutdown-on-sigterm", MULTI_ARG, SHUTDOWN_ON_SIG, "default").check(Check::ShutdownFlags),

    // Numbers. The C type decides how the bounds are compared: signed, or unsigned for `UInt`,
    // `ULongLong` and `SizeT`.
    Param::number("databases", IMMUTABLE, CType::Int, 1..=I32_MAX, 16, Format::Integer),
    Param::number("port", MODIFIABLE, CType::Int, 0..=65535, 6379, Format::Integer),
    Param::number("io-threads", DEBUG | IMMUTABLE, CType::Int, 1..=128, 1, Format::Integer),
    Param::number("auto-aof-rewrite-percentage", MODIFIABLE, CType::Int, 0..=I32_MAX, 100, Format::Integer),
    Param::number("cluster-replica-validity-factor", MODIFIABLE, CType::Int, 0..=I32_MAX, 10, Format::Integer).alias("cluster-slave-validity-factor"),
    Param::number("list-max-listpack-size", MODIFIABLE, CType::Int, I32_MIN..=I32_MAX, -2, Format::Integer).alias("list-max-ziplist-size"),
    Param::number("tcp-keepalive", MODIFIABLE, CType::Int, 0..=I32_MAX, 300, Format::Integer),
    Param::number("cluster-migration-barrier", MODIFIABLE, CType::Int, 0..=I32_MAX, 1, Format::Integer),
    Param::number("active-defrag-cycle-min", MODIFIABLE, CType::Int, 1..=99, 1, Format::Integer),
    Param::number("active-defrag-cycle-max", MODIFIABLE, CType::Int, 1..=99, 25, Format::Integer),
    Param::number("active-defrag-threshold-lower", MODIFIABLE, CType::Int, 0..=1000, 10, Format::Integer),
    Param::number("active-defrag-threshold-upper", MODIFIABLE, CType::Int, 0..=1000, 100, Format::Integer),
    Param::number("lfu-log-factor", MODIFIABLE, CType::Int, 0..=I32_MAX, 10, Format::Integer),
    Param::number("lfu-decay-time", MODIFIABLE, CType::Int, 0..=I32_MAX, 1, Format::Integer),
    Param::number("replica-priority", MODIFIABLE, CType::Int, 0..=I32_MAX, 100, Format::Integer).alias("slave-priority"),
    Param::number("repl-diskless-sync-delay", MODIFIABLE, CType::Int, 0..=I32_MAX, 5, Format::Integer),
    Param::number("maxmemory-samples", MODIFIABLE, CType::Int, 1..=I32_MAX, 5, Format::Integer),
    Param::number("maxmemory-eviction-tenacity", MODIFIABLE, CType::Int, 0..=100, 10, Format::Integer),
    Param::number("timeout", MODIFIABLE, CType::Int, 0..=I32_MAX, 0, Format::Integer),
    Param::number("replica-announce-port", MODIFIABLE, CType::Int, 0..=65535, 0, Format::Integer).alias("slave-announce-port"),
    Param::number("tcp-backlog", IMMUTABLE, CType::Int, 0..=I32_MAX, 511, Format::Integer),
    Param::number("cluster-port", IMMUTABLE, CType::Int, 0..=65535, 0, Format::Integer),
    Param::number("cluster-announce-bus-port", MODIFIABLE, CType::Int, 0..=65535, 0, Format::Integer),
    Param::number("cluster-announce-port", MODIFIABLE, CType::Int, 0..=65535, 0, Format::Integer),
    Param::number("cluster-announce-tls-port", MODIFIABLE, CType::Int, 0..=65535, 0, Format::Integer),
    Param::number("repl-timeout", MODIFIABLE, CType::Int, 1..=I32_MAX, 60, Format::Integer),
    Param::number("repl-ping-replica-period", MODIFIABLE, CType::Int, 1..=I32_MAX, 10, Format::Integer).alias("repl-ping-slave-period"),
    Param::number("list-compress-depth", DEBUG, CType::Int, 0..=I32_MAX, 0, Format::Integer),
    Param::number("rdb-key-save-delay", HIDDEN, CType::Int, I32_MIN..=I32_MAX, 0, Format::Integer),
    Param::number("key-load-delay", HIDDEN, CType::Int, I32_MIN..=I32_MAX, 0, Format::Integer),
    Param::number("active-expire-effort", MODIFIABLE, CType::Int, 1..=10, 1, Format::Integer),
    Param::number("hz", MODIFIABLE, CType::Int, 0..=I32_MAX, 10, Format::Integer).apply(Apply::Hz),
    Param::number("min-replicas-to-write", MODIFIABLE, CType::Int, 0..=I32_MAX, 0, Format::Integer).alias("min-slaves-to-write"),
    Param::number("min-replicas-max-lag", MODIFIABLE, CType::Int, 0..=I32_MAX, 10, Format::Integer).alias("min-slaves-max-lag"),
    Param::number("watchdog-period", HIDDEN, CType::Int, 0..=I32_MAX, 0, Format::Integer).apply(Apply::WatchdogPeriod),
    Param::number("shutdown-timeout", MODIFIABLE, CType::Int, 0..=I32_MAX, 10, Format::Integer),
    Param::number("repl-diskless-sync-max-replicas", MODIFIABLE, CType::Int, 0..=I32_MAX, 0, Format::Integer),
    Param::number("maxclients", MODIFIABLE, CType::UInt, 1..=U32_MAX, 10000, Format::Integer),
    Param::number("unixsocketperm", IMMUTABLE, CType::UInt, 0..=0o777, 0, Format::Octal),
    Param::number("socket-mark-id", IMMUTABLE, CType::UInt, 0..=U32_MAX, 0, Format::Integer),
    Param::number("active-defrag-max-scan-fields", MODIFIABLE, CType::ULong, 1..=I64_MAX, 1000, Format::Integer),
    Param::number("slowlog-max-len", MODIFIABLE, CType::ULong, 0..=I64_MAX, 128, Format::Integer),
    Param::number("acllog-max-len", MODIFIABLE, CType::ULong, 0..=I64_MAX, 128, Format::Integer),
    Param::number("busy-reply-threshold", MODIFIABLE, CType::LongLong, 0..=I64_MAX, 5000, Format::Integer).alias("lua-time-limit"),
    Param::number("cluster-node-timeout", MODIFIABLE, CType::LongLong, 0..=I64_MAX, 15000, Format::Integer),
    Param::number("slowlog-log-slower-than", MODIFIABLE, CType::LongLong, -1..=I64_MAX, 10000, Format::Integer),
    Param::number("latency-monitor-threshold", MODIFIABLE, CType::LongLong, 0..=I64_MAX, 0, Format::Integer),
    Param::number("proto-max-bulk-len", DEBUG, CType::LongLong, 1048576..=I64_MAX, 536870912, Format::Memory),
    Param::number("stream-node-max-entries", MODIFIABLE, CType::LongLong, 0..=I64_MAX, 100, Format::Integer),
    Param::number("repl-backlog-size", MODIFIABLE, CType::LongLong, 1..=I64_MAX, 1048576, Format::Memory).apply(Apply::ReplBacklogSize),
    Param::number("maxmemory", MODIFIABLE, CType::ULongLong, 0..=U64_MAX, 0, Format::Memory),
    Param::number("cluster-link-sendbuf-limit", MODIFIABLE, CType::ULongLong, 0..=U64_MAX, 0, Format::Memory),
    Param::number("hash-max-listpack-entries", MODIFIABLE, CType::SizeT, 0..=I64_MAX, 512, Format::Integer).alias("hash-max-ziplist-entries"),
    Param::number("set-max-intset-entries", MODIFIABLE, CType::SizeT, 0..=I64_MAX, 512, Format::Integer),
    Param::number("zset-max-listpack-entries", MODIFIABLE, CType::SizeT, 0..=I64_MAX, 128, Format::Integer).alias("zset-max-ziplist-entries"),
    Param::number("active-defrag-ignore-bytes", MODIFIABLE, CType::SizeT, 1..=I64_MAX, 104857600, Format::Memory),
    Param::number("hash-max-listpack-value", MODIFIABLE, CType::SizeT, 0..=I64_MAX, 64, Format::Memory).alias("hash-max-ziplist-value"),
    Param::number("stream-node-max-bytes", MODIFIABLE, CType::SizeT, 0..=I64_MAX, 4096, Format::Memory),
    Param::number("zset-max-listpack-value", MODIFIABLE, CType::SizeT, 0..=I64_MAX, 64, Format::Memory).alias("zset-max-ziplist-value"),
    Param::number("hll-sparse-max-bytes", MODIFIABLE, CType::SizeT, 0..=I64_MAX, 3000, Format::Memory),
    Param::number("tracking-table-max-keys", MODIFIABLE, CType::SizeT, 0..=I64_MAX, 1000000, Format::Integer),
    Param::number("client-query-buffer-limit", DEBUG, CType::SizeT, 1048576..=I64_MAX, 1073741824, Format::Memory),
    Param::number("maxmemory-clients", MODIFIABLE, CType::SSizeT, -100..=I64_MAX, 0, Format::MemoryOrPercent),
    Param::number("repl-backlog-ttl", MODIFIABLE, CType::TimeT, 0..=I64_MAX, 3600, Format::Integer),
    Param::number("auto-aof-rewrite-min-size", MODIFIABLE, CType::OffT, 0..=I64_MAX, 67108864, Format::Memory),
    Param::number("loading-process-events-interval-bytes", HIDDEN, CType::OffT, 1024..=I32_MAX, 2097152, Format::Integer),

    // TLS. Redis has these only when built with TLS, as the Debian and Docker builds are.
    Param::number("tls-port", MODIFIABLE, CType::Int, 0..=65535, 0, Format::Integer).apply(Apply::Tls),
    Param::number("tls-session-cache-size", MODIFIABLE, CType::Int, 0..=I32_MAX, 20480, Format::Integer).apply(Apply::Tls),
    Param::number("tls-session-cache-timeout", MODIFIABLE, CType::Int, 0..=I32_MAX, 300, Format::Integer).apply(Apply::Tls),
    Param::boolean("tls-cluster", MODIFIABLE, false).apply(Apply::Tls),
    Param::boolean("tls-replication", MODIFIABLE, false).apply(Apply::Tls),
    Param::choice("tls-auth-clients", MODIFIABLE, TLS_AUTH_CLIENTS, "yes"),
    Param::boolean("tls-prefer-server-ciphers", MODIFIABLE, false).apply(Apply::Tls),
    Param::boolean("tls-session-caching", MODIFIABLE, true).apply(Apply::Tls),
    Param::text("tls-cert-file", VOLATILE, "").apply(Apply::Tls),
    Param::text("tls-key-file", VOLATILE, "").apply(Apply::Tls),
    Param::text("tls-key-file-pass", MODIFIABLE, "").apply(Apply::Tls),
    Param::text("tls-client-cert-file", VOLATILE, "").apply(Apply::Tls),
    Param::text("tls-client-key-file", VOLATILE, "").apply(Apply::Tls),
    Param::text("tls-client-key-file-pass", MODIFIABLE, "").apply(Apply::Tls),
    Param::text("tls-dh-params-file", VOLATILE, "").apply(Apply::Tls),
    Param::text("tls-ca-cert-file", VOLATILE, "").apply(Apply::Tls),
    Param::text("tls-ca-cert-dir", VOLATILE, "").apply(Apply::Tls),
    Param::text("tls-protocols", MODIFIABLE, "").apply(Apply::Tls),
    Param::text("tls-ciphers", MODIFIABLE, "").apply(Apply::Tls),
    Param::text("tls-ciphersuites", MODIFIABLE, "").apply(Apply::Tls),

    // Each with a grammar of its own: see `special.rs`.
    Param::special("dir", PROTECTED | DENY_LOADING, Special::Dir),
    Param::special("save", MULTI_ARG, Special::Save),
    Param::special("client-output-buffer-limit", MULTI_ARG, Special::ClientOutputBufferLimit),
    Param::special("oom-score-adj-values", MULTI_ARG, Special::OomScoreAdjValues),
    Param::special("notify-keyspace-events", MODIFIABLE, Special::NotifyKeyspaceEvents),
    Param::special("bind", MULTI_ARG, Special::Bind),
    Param::special("replicaof", IMMUTABLE | MULTI_ARG, Special::ReplicaOf).alias("slaveof"),
    Param::special("latency-tracking-info-percentiles", MULTI_ARG, Special::LatencyTrackingInfoPercentiles),
];

/// Where the parameter `name` is in [`PARAMS`], at compile time: `const MAXCLIENTS: usize =
/// index_of("maxclients");` fails to build if the name is misspelt.
pub(crate) const fn index_of(name: &str) -> usize {
    let mut index = 0;
    while index < PARAMS.len() {
        if str_eq(PARAMS[index].name, name) {
            return index;
        }
        index += 1;
    }
    panic!("no parameter by that name")
}

/// `a == b`, usable in a `const fn`.
const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}
