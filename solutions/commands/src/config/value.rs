//! A parameter's value: how it is read from `CONFIG SET` and printed for `CONFIG GET`.
//!
//! The four generic types are read here, each as Redis reads it:
//! - yes/no: `yes` or `no`, any case;
//! - strings: taken as they are (up to a NUL byte, as C strings end there);
//! - choices: one name from the list, any case, or several space-separated flags;
//! - numbers: a strict decimal integer, or for byte counts `memtoull`'s units (`64mb`), for
//!   `maxmemory-clients` also a percentage (`10%`), then checked against the bounds.
//!
//! Numbers print back in their canonical form: `CONFIG SET maxmemory 1gb` reads back as
//! `1073741824`. The special parameters read and print themselves (`special.rs`).
//!
//! How real Redis does it: `boolConfigSet`, `stringConfigSet`, `enumConfigSet`,
//! `numericParseString`, `numericBoundaryCheck` and their `...Get` twins in `src/config.c`.

use bytes::Bytes;
use resp::string_to_i64;

use super::c_parse::{c_str, memtoull, split_spaces, strtoll};
use super::error::Reason;
use super::events::KeyspaceEvents;
use super::params::{CType, Format, Kind};
use super::special::{self, OutputBufferLimit, SavePoint};

/// The value of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A yes/no parameter.
    Bool(bool),
    /// A string parameter; empty for C's `NULL`.
    Text(Bytes),
    /// A choice: the number of the chosen name (or the flags, or-ed).
    Enum(i32),
    /// A number, as Redis's `long long` (a `maxmemory` above `i64::MAX` wraps, as in C).
    Number(i64),
    /// `save`.
    Save(Vec<SavePoint>),
    /// `client-output-buffer-limit`, per [`special::ClientClass`].
    OutputBufferLimits([OutputBufferLimit; 3]),
    /// `oom-score-adj-values`.
    OomScoreAdjValues([i32; 3]),
    /// `notify-keyspace-events`.
    Events(KeyspaceEvents),
    /// `bind`.
    Bind(Vec<Bytes>),
    /// `replicaof`: host and port, or none.
    ReplicaOf(Option<(Bytes, i64)>),
    /// `latency-tracking-info-percentiles`.
    Percentiles(Vec<f64>),
    /// `dir`.
    Dir(Bytes),
}

/// The start of the error for a name that is not in the list.
const NOT_ONE_OF: &str = "argument(s) must be one of the following: ";

/// Redis builds the choice error in a 256-byte buffer: longer texts are cut to 255 bytes.
const ERROR_BUFFER: usize = 255;

impl Kind {
    /// The value before any setting.
    pub(crate) fn default_value(&self) -> Value {
        match *self {
            Kind::Bool { default } => Value::Bool(default),
            Kind::Text { default, .. } => Value::Text(Bytes::from_static(default.as_bytes())),
            Kind::Choice { choices, default } => Value::Enum(
                choices
                    .iter()
                    .find(|(name, _)| *name == default)
                    .map_or(0, |&(_, value)| value),
            ),
            Kind::Number { default, .. } => Value::Number(default),
            Kind::Special(special) => special.default_value(),
        }
    }

    /// Reads `raw` as a new value. `flags` is a list for [`super::params::MULTI_ARG`] choices;
    /// `current` is the value now, which `client-output-buffer-limit` needs.
    pub(crate) fn parse(&self, raw: &[u8], flags: bool, current: &Value) -> Result<Value, Reason> {
        match *self {
            Kind::Bool { .. } => {
                let raw = c_str(raw);
                if raw.eq_ignore_ascii_case(b"yes") {
                    Ok(Value::Bool(true))
                } else if raw.eq_ignore_ascii_case(b"no") {
                    Ok(Value::Bool(false))
                } else {
                    Err(Reason::NotYesNo)
                }
            }
            Kind::Text { binary, .. } => {
                let raw = if binary { raw } else { c_str(raw) };
                Ok(Value::Text(Bytes::copy_from_slice(raw)))
            }
            Kind::Choice { choices, .. } => parse_choice(choices, raw, flags).map(Value::Enum),
            Kind::Number {
                ctype,
                min,
                max,
                format,
                ..
            } => {
                let number = parse_number(raw, format)?;
                check_bounds(number, ctype, min, max, format)?;
                Ok(Value::Number(number))
            }
            Kind::Special(special) => special.parse(raw, current),
        }
    }

    /// The value as `CONFIG GET` prints it. `flags` as for [`Kind::parse`].
    pub(crate) fn format(&self, value: &Value, flags: bool) -> Vec<u8> {
        match (*self, value) {
            (Kind::Bool { .. }, Value::Bool(yes)) => {
                if *yes {
                    b"yes".to_vec()
                } else {
                    b"no".to_vec()
                }
            }
            (Kind::Text { .. }, Value::Text(text)) => text.to_vec(),
            (Kind::Choice { choices, .. }, Value::Enum(chosen)) => {
                choice_names(choices, *chosen, flags).into_bytes()
            }
            (Kind::Number { format, .. }, Value::Number(number)) => {
                format_number(*number, format).into_bytes()
            }
            (Kind::Special(_), value) => special::format(value),
            (kind, value) => unreachable!("a {kind:?} parameter holds {value:?}"),
        }
    }
}

/// One name from `choices`, any case, or with `flags` a space-separated list of them, or-ed.
/// Redis's `configEnumGetValue`.
fn parse_choice(choices: &[(&str, i32)], raw: &[u8], flags: bool) -> Result<i32, Reason> {
    let parts = if flags { split_spaces(raw) } else { vec![raw] };
    if parts.is_empty() {
        return Err(not_one_of(choices));
    }
    let mut chosen = 0;
    for part in parts {
        let part = c_str(part);
        let value = choices
            .iter()
            .find(|(name, _)| part.eq_ignore_ascii_case(name.as_bytes()))
            .map(|&(_, value)| value)
            .ok_or_else(|| not_one_of(choices))?;
        chosen |= value;
    }
    Ok(chosen)
}

/// The error that lists every name.
fn not_one_of(choices: &[(&str, i32)]) -> Reason {
    let mut list = choices
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ");
    list.truncate(ERROR_BUFFER - NOT_ONE_OF.len());
    Reason::NotOneOf(list)
}

/// The name of a choice, the first one with that number; for flags, the names of the flags
/// set, or `unknown`. Redis's `configEnumGetName`.
fn choice_names(choices: &[(&str, i32)], chosen: i32, flags: bool) -> String {
    if let Some(&(name, _)) = choices.iter().find(|&&(_, value)| value == chosen) {
        return name.to_string();
    }
    let mut names = Vec::new();
    let mut unmatched = chosen;
    if flags {
        for &(name, value) in choices {
            if value != 0 && unmatched & value == value {
                names.push(name);
                unmatched &= !value;
            }
        }
    }
    if names.is_empty() || unmatched != 0 {
        return "unknown".to_string();
    }
    names.join(" ")
}

/// Reads a number as its format allows. Redis's `numericParseString`: a byte count first, then a
/// percentage, then octal, then a strict integer.
fn parse_number(raw: &[u8], format: Format) -> Result<i64, Reason> {
    if matches!(format, Format::Memory | Format::MemoryOrPercent) {
        if let Some(bytes) = memtoull(raw) {
            // Stored in a C `long long`: a count past i64::MAX wraps to negative, as in Redis.
            return Ok(bytes as i64);
        }
    }
    if format == Format::MemoryOrPercent {
        if let Some(digits) = raw.strip_suffix(b"%").filter(|digits| !digits.is_empty()) {
            if let Some(percent) = string_to_i64(digits).filter(|percent| *percent >= 0) {
                // Percentages are stored negative, to tell them from byte counts.
                return Ok(-percent);
            }
        }
    }
    if format == Format::Octal {
        let parsed = strtoll(raw, 8);
        if !parsed.overflow && parsed.consumed_all {
            return Ok(parsed.value);
        }
    }
    if format == Format::Integer {
        if let Some(number) = string_to_i64(raw) {
            return Ok(number);
        }
    }
    Err(match format {
        Format::Integer => Reason::NotInteger,
        Format::Memory => Reason::NotMemory,
        Format::MemoryOrPercent => Reason::NotMemoryOrPercent,
        Format::Octal => Reason::NotOctal,
    })
}

/// Whether a number is within the parameter's bounds. Redis's `numericBoundaryCheck`: unsigned
/// types compare as unsigned (so `-1` is huge), and a percentage is only checked against its
/// own limit.
fn check_bounds(
    number: i64,
    ctype: CType,
    min: i128,
    max: i128,
    format: Format,
) -> Result<(), Reason> {
    let out_of_range = || {
        let print = |bound: i128| match format {
            Format::Octal => format!("{bound:o}"),
            _ => bound.to_string(),
        };
        Reason::OutOfRange {
            lower: print(min),
            upper: print(max),
        }
    };
    if ctype.unsigned() {
        let unsigned = i128::from(number as u64);
        if unsigned < min || unsigned > max {
            return Err(out_of_range());
        }
    } else if format == Format::MemoryOrPercent && number < 0 {
        if i128::from(number) < min {
            // min is -100 for the one percentage parameter: "less or equal to 100".
            return Err(Reason::PercentTooLarge(
                i64::try_from(-min).unwrap_or(i64::MAX),
            ));
        }
    } else if i128::from(number) < min || i128::from(number) > max {
        return Err(out_of_range());
    }
    Ok(())
}

/// A number as `CONFIG GET` prints it: a percentage with its `%`, a byte count unsigned, octal
/// in octal.
fn format_number(number: i64, format: Format) -> String {
    match format {
        Format::MemoryOrPercent if number < 0 => format!("{}%", number.unsigned_abs()),
        Format::Memory | Format::MemoryOrPercent => (number as u64).to_string(),
        Format::Octal => format!("{:o}", number as u64),
        Format::Integer => number.to_string(),
    }
}
