//! Why `CONFIG SET` refused, in Redis's words.
//!
//! Redis words a refusal in two layers: the outer `CONFIG SET failed (possibly related to
//! argument '<name>') - ` names the parameter, and the inner reason says what was wrong with it
//! (`argument must be 'yes' or 'no'`, `can't set immutable config`...). [`ConfigError`] is the
//! outer layer and [`Reason`] the inner one, so a test can match on the reason without
//! comparing strings.
//!
//! How real Redis does it: the `err:` label at the end of `configSetCommand` in `src/config.c`
//! formats the reply; each setter fills in `errstr`.

use thiserror::Error;

/// Why a `CONFIG` subcommand failed. The `Display` text is the error reply without its `-`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    /// `CONFIG SET` of a name that is no parameter. Holds the name as the client spelt it.
    #[error("ERR Unknown option or number of arguments for CONFIG SET - '{0}'")]
    UnknownOption(String),
    /// `CONFIG SET` refused one of its parameters. `name` is the client's spelling for the checks
    /// made before any value is read (immutable, protected, duplicate), and Redis's own
    /// lower-case name once a value is being set: Redis words it that way.
    #[error("ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}")]
    Rejected {
        /// The parameter the error is about.
        name: String,
        /// What was wrong with it.
        reason: Reason,
    },
    /// `CONFIG REWRITE` on a server started without a configuration file, as ours always is.
    #[error("ERR The server is running without a config file")]
    NoConfigFile,
}

/// What was wrong with one parameter of a `CONFIG SET`: the text after the ` - `.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Reason {
    /// A parameter that only the command line or a configuration file can set (`databases`).
    #[error("can't set immutable config")]
    Immutable,
    /// `dir` and `dbfilename`, settable only when `enable-protected-configs` allows it.
    #[error("can't set protected config")]
    Protected,
    /// The same parameter twice in one `CONFIG SET`.
    #[error("duplicate parameter")]
    Duplicate,
    /// A yes/no parameter set to something else.
    #[error("argument must be 'yes' or 'no'")]
    NotYesNo,
    /// A choice that is not in the list. Holds the list, comma-separated, as Redis prints it.
    #[error("argument(s) must be one of the following: {0}")]
    NotOneOf(String),
    /// A number outside the parameter's bounds, printed in the parameter's base.
    #[error("argument must be between {lower} and {upper} inclusive")]
    OutOfRange {
        /// The smallest value allowed.
        lower: String,
        /// The largest value allowed.
        upper: String,
    },
    /// A percentage above what the parameter allows (`maxmemory-clients 101%`).
    #[error("percentage argument must be less or equal to {0}")]
    PercentTooLarge(i64),
    /// Neither a byte count nor a percentage.
    #[error("argument must be a memory or percent value")]
    NotMemoryOrPercent,
    /// Not a byte count such as `100`, `64kb` or `1gb`.
    #[error("argument must be a memory value")]
    NotMemory,
    /// Not an octal number (`unixsocketperm`).
    #[error("argument couldn't be parsed as an octal number")]
    NotOctal,
    /// Not a strict decimal integer.
    #[error("argument couldn't be parsed into an integer")]
    NotInteger,
    /// Any other refusal, in the words of the parameter's own check (`Invalid save parameters`,
    /// `Invalid event class character. Use 'Ag$lshzxeKEtmdn'.`, ...).
    #[error("{0}")]
    Invalid(&'static str),
}
