//! The one error the keyspace itself can report.

use thiserror::Error;

/// A command used a value as a type it is not, e.g. `INCR` on a list. The text is Redis's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("WRONGTYPE Operation against a key holding the wrong kind of value")]
pub struct WrongType;
