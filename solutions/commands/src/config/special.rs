//! The parameters with a grammar of their own: `save`, `client-output-buffer-limit`,
//! `notify-keyspace-events`, `oom-score-adj-values`, `bind`, `replicaof`, `dir` and
//! `latency-tracking-info-percentiles`.
//!
//! Every other parameter is a yes/no, a string, a choice or a number, and the generic code in
//! `value.rs` reads them all. These eight each read and print their value their own way, so each
//! has its own `parse`, written after the matching `setConfig...Option` in Redis. Multi-value
//! ones come as one argument split on single spaces: `CONFIG SET save "3600 1 300 100"`.
//!
//! How real Redis does it: the `createSpecialConfig` rows at the end of `static_configs[]` in
//! `src/config.c`, and `updateClientOutputBufferLimit` above them.

use bytes::Bytes;

use super::c_parse::{c_str, format_trimmed_double, memtoull, split_spaces, string2d, strtoll};
use super::error::Reason;
use super::events::KeyspaceEvents;
use super::value::Value;

/// One `save` rule: snapshot when at least `changes` writes happened in the last `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavePoint {
    /// The window, in seconds (at least 1).
    pub seconds: i64,
    /// How many writes in the window trigger a snapshot.
    pub changes: i32,
}

/// The kinds of client that `client-output-buffer-limit` gives each a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientClass {
    /// Ordinary clients.
    Normal,
    /// Replicas (Redis prints this class as `slave`).
    Replica,
    /// Clients subscribed to at least one channel or pattern.
    Pubsub,
}

impl ClientClass {
    /// The three classes, in the order Redis prints them.
    pub const ALL: [ClientClass; 3] = [
        ClientClass::Normal,
        ClientClass::Replica,
        ClientClass::Pubsub,
    ];

    /// The name `CONFIG GET client-output-buffer-limit` prints.
    pub fn name(self) -> &'static str {
        match self {
            ClientClass::Normal => "normal",
            ClientClass::Replica => "slave",
            ClientClass::Pubsub => "pubsub",
        }
    }

    /// The class a name stands for, `replica` or `slave` alike, any case. Redis's
    /// `getClientTypeByName`; `master` is a name it knows but refuses here, so it is `None` too.
    fn from_name(name: &[u8]) -> Option<ClientClass> {
        let name = c_str(name);
        if name.eq_ignore_ascii_case(b"normal") {
            Some(ClientClass::Normal)
        } else if name.eq_ignore_ascii_case(b"slave") || name.eq_ignore_ascii_case(b"replica") {
            Some(ClientClass::Replica)
        } else if name.eq_ignore_ascii_case(b"pubsub") {
            Some(ClientClass::Pubsub)
        } else {
            None
        }
    }

    /// The class's place in [`ClientClass::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// How much reply data may wait for one client of a class before it is disconnected: at once
/// past `hard_limit_bytes`, or after `soft_limit_seconds` continuously past `soft_limit_bytes`.
/// Zero means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutputBufferLimit {
    /// Disconnect as soon as this many bytes wait (0: never).
    pub hard_limit_bytes: u64,
    /// Disconnect when this many bytes wait for `soft_limit_seconds` (0: never).
    pub soft_limit_bytes: u64,
    /// How long the soft limit may be exceeded.
    pub soft_limit_seconds: i64,
}

/// Which of the eight special parameters a row of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Special {
    Dir,
    Save,
    ClientOutputBufferLimit,
    OomScoreAdjValues,
    NotifyKeyspaceEvents,
    Bind,
    ReplicaOf,
    LatencyTrackingInfoPercentiles,
}

/// Redis's defaults for `client-output-buffer-limit`: none for normal clients, 256mb/64mb/60s
/// for replicas, 32mb/8mb/60s for subscribers.
const OUTPUT_BUFFER_DEFAULTS: [OutputBufferLimit; 3] = [
    OutputBufferLimit {
        hard_limit_bytes: 0,
        soft_limit_bytes: 0,
        soft_limit_seconds: 0,
    },
    OutputBufferLimit {
        hard_limit_bytes: 256 * 1024 * 1024,
        soft_limit_bytes: 64 * 1024 * 1024,
        soft_limit_seconds: 60,
    },
    OutputBufferLimit {
        hard_limit_bytes: 32 * 1024 * 1024,
        soft_limit_bytes: 8 * 1024 * 1024,
        soft_limit_seconds: 60,
    },
];

/// Most addresses `bind` takes: Redis's `CONFIG_BINDADDR_MAX`.
const MAX_BIND_ADDRESSES: usize = 16;

impl Special {
    /// The value before any setting: Redis's `initServerConfig` defaults.
    pub(crate) fn default_value(self) -> Value {
        match self {
            // Redis answers `getcwd()`; we take the directory the server started in.
            Special::Dir => Value::Dir(Bytes::from(
                std::env::current_dir()
                    .map(|dir| dir.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )),
            Special::Save => Value::Save(vec![
                SavePoint {
                    seconds: 3600,
                    changes: 1,
                },
                SavePoint {
                    seconds: 300,
                    changes: 100,
                },
                SavePoint {
                    seconds: 60,
                    changes: 10000,
                },
            ]),
            Special::ClientOutputBufferLimit => Value::OutputBufferLimits(OUTPUT_BUFFER_DEFAULTS),
            Special::OomScoreAdjValues => Value::OomScoreAdjValues([0, 200, 800]),
            Special::NotifyKeyspaceEvents => Value::Events(KeyspaceEvents::NONE),
            Special::Bind => {
                Value::Bind(vec![Bytes::from_static(b"*"), Bytes::from_static(b"-::*")])
            }
            Special::ReplicaOf => Value::ReplicaOf(None),
            Special::LatencyTrackingInfoPercentiles => Value::Percentiles(vec![50.0, 99.0, 99.9]),
        }
    }

    /// Reads a new value. `current` is the value now, which `client-output-buffer-limit` keeps
    /// for the classes a setting does not name.
    pub(crate) fn parse(self, raw: &[u8], current: &Value) -> Result<Value, Reason> {
        match self {
            // Redis `chdir`s there; a model of the settings must not move the whole process, so
            // the server does that if it wants to (only the command line can set it anyway).
            Special::Dir => Ok(Value::Dir(Bytes::copy_from_slice(c_str(raw)))),
            Special::Save => parse_save(&split_spaces(raw)),
            Special::ClientOutputBufferLimit => {
                let Value::OutputBufferLimits(limits) = current else {
                    unreachable!("client-output-buffer-limit holds output buffer limits")
                };
                parse_output_buffer_limits(&split_spaces(raw), *limits)
            }
            Special::OomScoreAdjValues => parse_oom_score_adj_values(&split_spaces(raw)),
            Special::NotifyKeyspaceEvents => {
                KeyspaceEvents::parse(raw)
                    .map(Value::Events)
                    .ok_or(Reason::Invalid(
                        "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
                    ))
            }
            Special::Bind => parse_bind(&split_spaces(raw)),
            Special::ReplicaOf => parse_replicaof(&split_spaces(raw)),
            Special::LatencyTrackingInfoPercentiles => parse_percentiles(&split_spaces(raw)),
        }
    }
}

/// `save <seconds> <changes> [<seconds> <changes> ...]`, or `""` for none. Redis's
/// `setConfigSaveOption`: `strtoll`, so `+60` and a leading tab pass, and the count is
/// truncated to a C `int` when stored.
fn parse_save(parts: &[&[u8]]) -> Result<Value, Reason> {
    const INVALID: Reason = Reason::Invalid("Invalid save parameters");
    if parts.len() % 2 == 1 {
        return Err(INVALID);
    }
    let mut points = Vec::with_capacity(parts.len() / 2);
    for pair in parts.chunks_exact(2) {
        let seconds = strtoll(pair[0], 10).whole().ok_or(INVALID)?;
        let changes = strtoll(pair[1], 10).whole().ok_or(INVALID)?;
        if seconds < 1 || changes < 0 {
            return Err(INVALID);
        }
        points.push(SavePoint {
            seconds,
            changes: changes as i32,
        });
    }
    Ok(Value::Save(points))
}

/// `<class> <hard> <soft> <soft seconds>`, once or more. Each group replaces its class; the
/// others keep their limits. All or nothing, as Redis's `updateClientOutputBufferLimit`.
fn parse_output_buffer_limits(
    parts: &[&[u8]],
    mut limits: [OutputBufferLimit; 3],
) -> Result<Value, Reason> {
    if !parts.len().is_multiple_of(4) {
        return Err(Reason::Invalid(
            "Wrong number of arguments in buffer limit configuration.",
        ));
    }
    for group in parts.chunks_exact(4) {
        let class = ClientClass::from_name(group[0]).ok_or(Reason::Invalid(
            "Invalid client class specified in buffer limit configuration.",
        ))?;
        let hard = memtoull(group[1]);
        let soft = memtoull(group[2]);
        // Redis stores the seconds in a C `int` before checking the sign: 4294967297 is 1.
        let seconds = strtoll(group[3], 10).whole().map(|seconds| seconds as i32);
        let (Some(hard), Some(soft), Some(seconds)) = (hard, soft, seconds) else {
            return Err(BAD_LIMIT);
        };
        if seconds < 0 {
            return Err(BAD_LIMIT);
        }
        limits[class.index()] = OutputBufferLimit {
            hard_limit_bytes: hard,
            soft_limit_bytes: soft,
            soft_limit_seconds: i64::from(seconds),
        };
    }
    Ok(Value::OutputBufferLimits(limits))
}

/// A limit that is not a byte count, or seconds that are not a non-negative number.
const BAD_LIMIT: Reason =
    Reason::Invalid("Error in hard, soft or soft_seconds setting in buffer limit configuration.");

/// Exactly three adjustments, for masters, replicas and background children, each within
/// -2000..=2000.
fn parse_oom_score_adj_values(parts: &[&[u8]]) -> Result<Value, Reason> {
    if parts.len() != 3 {
        return Err(Reason::Invalid("wrong number of arguments"));
    }
    let mut values = [0; 3];
    for (value, part) in values.iter_mut().zip(parts) {
        *value = strtoll(part, 10)
            .whole()
            .filter(|value| (-2000..=2000).contains(value))
            .and_then(|value| i32::try_from(value).ok())
            .ok_or(Reason::Invalid(
                "Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
            ))?;
    }
    Ok(Value::OomScoreAdjValues(values))
}

/// Up to 16 addresses; `""` for none.
fn parse_bind(parts: &[&[u8]]) -> Result<Value, Reason> {
    if parts.len() > MAX_BIND_ADDRESSES {
        return Err(Reason::Invalid("Too many bind addresses specified."));
    }
    Ok(Value::Bind(
        parts
            .iter()
            .map(|part| Bytes::copy_from_slice(c_str(part)))
            .collect(),
    ))
}

/// `<host> <port>`, or `no one`.
fn parse_replicaof(parts: &[&[u8]]) -> Result<Value, Reason> {
    let [host, port] = parts else {
        return Err(Reason::Invalid("wrong number of arguments"));
    };
    if c_str(host).eq_ignore_ascii_case(b"no") && c_str(port).eq_ignore_ascii_case(b"one") {
        return Ok(Value::ReplicaOf(None));
    }
    let port = strtoll(port, 10)
        .whole()
        .filter(|port| (0..=65535).contains(port))
        .ok_or(Reason::Invalid("Invalid master port"))?;
    Ok(Value::ReplicaOf(Some((
        Bytes::copy_from_slice(c_str(host)),
        port,
    ))))
}

/// Percentiles between 0 and 100 for `INFO latencystats`; `""` for none.
fn parse_percentiles(parts: &[&[u8]]) -> Result<Value, Reason> {
    let mut percentiles = Vec::with_capacity(parts.len());
    for part in parts {
        let percentile = string2d(part).ok_or(Reason::Invalid(
            "Invalid latency-tracking-info-percentiles parameters",
        ))?;
        if !(0.0..=100.0).contains(&percentile) {
            return Err(Reason::Invalid(
                "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
            ));
        }
        percentiles.push(percentile);
    }
    Ok(Value::Percentiles(percentiles))
}

/// How `CONFIG GET` prints a special value.
pub(crate) fn format(value: &Value) -> Vec<u8> {
    match value {
        Value::Dir(dir) => dir.to_vec(),
        Value::Save(points) => join(
            points
                .iter()
                .map(|point| format!("{} {}", point.seconds, point.changes).into_bytes()),
        ),
        Value::OutputBufferLimits(limits) => join(ClientClass::ALL.iter().map(|class| {
            let limit = limits[class.index()];
            format!(
                "{} {} {} {}",
                class.name(),
                limit.hard_limit_bytes,
                limit.soft_limit_bytes,
                limit.soft_limit_seconds
            )
            .into_bytes()
        })),
        Value::OomScoreAdjValues(values) => {
            join(values.iter().map(|value| value.to_string().into_bytes()))
        }
        Value::Events(events) => events.to_string().into_bytes(),
        Value::Bind(addresses) => join(addresses.iter().map(|address| address.to_vec())),
        Value::ReplicaOf(None) => Vec::new(),
        Value::ReplicaOf(Some((host, port))) => {
            let mut text = host.to_vec();
            text.extend_from_slice(format!(" {port}").as_bytes());
            text
        }
        Value::Percentiles(percentiles) => join(
            percentiles
                .iter()
                .map(|&percentile| format_trimmed_double(percentile).into_bytes()),
        ),
        Value::Bool(_) | Value::Text(_) | Value::Enum(_) | Value::Number(_) => {
            unreachable!("only special values are formatted here")
        }
    }
}

/// The parts joined with single spaces.
fn join(parts: impl Iterator<Item = Vec<u8>>) -> Vec<u8> {
    let mut joined = Vec::new();
    for (index, part) in parts.enumerate() {
        if index > 0 {
            joined.push(b' ');
        }
        joined.extend_from_slice(&part);
    }
    joined
}
