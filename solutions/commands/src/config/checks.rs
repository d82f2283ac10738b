//! The rules some parameters add to their type, and what some do once set.
//!
//! A [`Check`] runs on the new value before anything changes: `dbfilename` must be a file name,
//! not a path; `shutdown-on-sigint` cannot say both `save` and `nosave`. An [`Apply`] runs after
//! every value of a `CONFIG SET` is in place, and can still refuse the whole command.
//!
//! Redis has more apply functions than these two (`port` rebinds, `maxclients` raises the file
//! limit, `appendonly` starts a rewrite...). Those act on the server, not on the settings, so
//! here the value is only recorded, and [`crate::config::Config::set`] reports what changed for
//! the server to act on.
//!
//! How real Redis does it: the `isValid...` and `update...`/`apply...` functions above
//! `static_configs[]` in `src/config.c`.

use super::c_parse::c_str;
use super::error::Reason;
use super::params::index_of;
use super::value::Value;

/// A rule a parameter's value must follow beyond its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// `activedefrag`: cannot be turned on, as in a Redis built without its own jemalloc.
    ActiveDefrag,
    /// `dbfilename`: a file name, not a path.
    DbFilename,
    /// `appendfilename`: a file name, not empty, not a path.
    AofFilename,
    /// `appenddirname`: a directory name, not empty, not a path.
    AofDirname,
    /// `shutdown-on-sigint` and `-sigterm`: not both `save` and `nosave`.
    ShutdownFlags,
    /// `cluster-announce-hostname`: a host name.
    Hostname,
    /// `proc-title-template`: a template that expands to something.
    ProcTitleTemplate,
}

impl Check {
    /// Whether `value` follows the rule, or Redis's words for why not.
    pub(crate) fn run(self, value: &Value) -> Result<(), Reason> {
        match (self, value) {
            (Check::ActiveDefrag, Value::Bool(true)) => Err(Reason::Invalid(
                "Active defragmentation cannot be enabled: it requires a Redis server compiled \
                 with a modified Jemalloc like the one shipped by default with the Redis source \
                 distribution",
            )),
            (Check::DbFilename, Value::Text(name)) if is_path(name) => Err(Reason::Invalid(
                "dbfilename can't be a path, just a filename",
            )),
            (Check::AofFilename, Value::Text(name)) if name.is_empty() => {
                Err(Reason::Invalid("appendfilename can't be empty"))
            }
            (Check::AofFilename, Value::Text(name)) if is_path(name) => Err(Reason::Invalid(
                "appendfilename can't be a path, just a filename",
            )),
            (Check::AofDirname, Value::Text(name)) if name.is_empty() => {
                Err(Reason::Invalid("appenddirname can't be empty"))
            }
            (Check::AofDirname, Value::Text(name)) if is_path(name) => Err(Reason::Invalid(
                "appenddirname can't be a path, just a dirname",
            )),
            (Check::ShutdownFlags, Value::Enum(flags)) if flags & 1 != 0 && flags & 2 != 0 => Err(
                Reason::Invalid("shutdown options SAVE and NOSAVE can't be used simultaneously"),
            ),
            (Check::Hostname, Value::Text(name)) => check_hostname(name),
            (Check::ProcTitleTemplate, Value::Text(template)) if !expands(template) => Err(
                Reason::Invalid("template format is invalid or contains unknown variables"),
            ),
            _ => Ok(()),
        }
    }
}

/// Redis's `pathIsBaseName`, negated.
fn is_path(name: &[u8]) -> bool {
    name.iter().any(|&byte| byte == b'/' || byte == b'\\')
}

/// Redis's `isValidAnnouncedHostname`.
fn check_hostname(name: &[u8]) -> Result<(), Reason> {
    // NET_HOST_STR_LEN: 256, the terminating NUL included.
    if name.len() >= 256 {
        return Err(Reason::Invalid(
            "Hostnames must be less than 256 characters",
        ));
    }
    if !name
        .iter()
        .all(|&byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.')
    {
        return Err(Reason::Invalid(
            "Hostnames may only contain alphanumeric characters, hyphens or dots",
        ));
    }
    Ok(())
}

/// Whether a process-title template is well formed, names only known variables, and expands to
/// more than spaces: Redis's `validateProcTitleTemplate`, which expands it with an empty title.
/// `{{` is a literal `{`. Of the variables, `{title}`, `{server-mode}` (we run no cluster) and
/// `{unixsocket}` (we listen on none) expand to nothing; the others always to something.
fn expands(template: &[u8]) -> bool {
    let mut expanded = Vec::new();
    let mut rest = c_str(template);
    while !rest.is_empty() {
        let Some(open) = rest.iter().position(|&byte| byte == b'{') else {
            expanded.extend_from_slice(rest);
            break;
        };
        expanded.extend_from_slice(&rest[..open]);
        let after = &rest[open + 1..];
        match after.first() {
            None => return false,
            Some(b'{') => {
                expanded.push(b'{');
                rest = &after[1..];
                continue;
            }
            Some(_) => {}
        }
        let Some(close) = after.iter().position(|&byte| byte == b'}') else {
            return false;
        };
        let value: &[u8] = match &after[..close] {
            b"title" | b"server-mode" | b"unixsocket" => b"",
            b"listen-addr" => b"*:6379",
            b"config-file" => b"-",
            b"port" | b"tls-port" => b"0",
            _ => return false,
        };
        expanded.extend_from_slice(value);
        rest = &after[close + 1..];
    }
    expanded.iter().any(|&byte| byte != b' ')
}

/// Something to do once a parameter has its new value, before the `CONFIG SET` succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Apply {
    /// `hz` is a hint: out-of-range values are kept, but clamped to 1..=500.
    Hz,
    /// `repl-backlog-size`: at least 16 KiB, Redis's `CONFIG_REPL_BACKLOG_MIN_SIZE`.
    ReplBacklogSize,
    /// `watchdog-period` (a debugging knob): when on, at least two `hz` ticks long.
    WatchdogPeriod,
    /// The `tls-*` parameters: refused once TLS would be needed, since this server has none.
    Tls,
}

/// The parameters the applies read.
const HZ: usize = index_of("hz");
const REPL_BACKLOG_SIZE: usize = index_of("repl-backlog-size");
const WATCHDOG_PERIOD: usize = index_of("watchdog-period");
const TLS_PORT: usize = index_of("tls-port");
const TLS_REPLICATION: usize = index_of("tls-replication");
const TLS_CLUSTER: usize = index_of("tls-cluster");

/// Redis's `CONFIG_MIN_HZ` and `CONFIG_MAX_HZ`.
const HZ_RANGE: std::ops::RangeInclusive<i64> = 1..=500;

/// Redis's `CONFIG_REPL_BACKLOG_MIN_SIZE`.
const REPL_BACKLOG_MIN_SIZE: i64 = 16 * 1024;

impl Apply {
    /// Runs on the staged values of a `CONFIG SET` (or of the command line).
    pub(crate) fn run(self, values: &mut [Value]) -> Result<(), Reason> {
        match self {
            Apply::Hz => {
                if let Value::Number(hz) = &mut values[HZ] {
                    *hz = (*hz).clamp(*HZ_RANGE.start(), *HZ_RANGE.end());
                }
                Ok(())
            }
            Apply::ReplBacklogSize => {
                if let Value::Number(size) = &mut values[REPL_BACKLOG_SIZE] {
                    *size = (*size).max(REPL_BACKLOG_MIN_SIZE);
                }
                Ok(())
            }
            Apply::WatchdogPeriod => {
                // Redis reads the `hz` in force, which a `hz` in the same command may already
                // have changed: take it clamped, as it will be.
                let hz = match values[HZ] {
                    Value::Number(hz) => hz.clamp(*HZ_RANGE.start(), *HZ_RANGE.end()),
                    _ => 10,
                };
                if let Value::Number(period) = &mut values[WATCHDOG_PERIOD] {
                    let min_period = (1000 / hz) * 2;
                    if *period != 0 && *period < min_period {
                        *period = min_period;
                    }
                }
                Ok(())
            }
            Apply::Tls => {
                let tls_wanted = values[TLS_PORT] != Value::Number(0)
                    || values[TLS_REPLICATION] == Value::Bool(true)
                    || values[TLS_CLUSTER] == Value::Bool(true);
                if tls_wanted {
                    // What Redis says when it cannot configure TLS (no certificate set).
                    return Err(Reason::Invalid(
                        "Unable to update TLS configuration. Check server logs.",
                    ));
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::expands;

    #[test]
    fn proc_title_templates_must_parse_and_expand_to_something() {
        assert!(expands(b"{title} {listen-addr} {server-mode}"));
        assert!(expands(b"redis {port}"));
        assert!(expands(b"{{literal"));
        assert!(!expands(b"{title}"), "only the empty title: nothing left");
        assert!(!expands(b"{title} {server-mode}"));
        assert!(!expands(b"   "));
        assert!(!expands(b""));
        assert!(!expands(b"{foo}"), "unknown variable");
        assert!(!expands(b"{port"), "unclosed");
        assert!(!expands(b"x {"), "ends inside a variable");
    }
}
