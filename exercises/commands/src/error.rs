//! Every error a command can reply, with Redis's exact text.
//!
//! Clients match on these strings (`WRONGTYPE` is a prefix that libraries turn into an exception
//! type), so they are copied from Redis 7 character for character. They stay a typed enum until
//! the very last moment, [`CommandError::into_frame`], so code and tests can match on variants.

use resp::Frame;
use store::WrongType;
use thiserror::Error;

/// Why a command was refused. The `Display` text is the reply, without the leading `-`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CommandError {
    /// The name is not in the command table.
    #[error("ERR unknown command '{name}', with args beginning with: {args}")]
    UnknownCommand { name: String, args: String },
    /// A container command (`CLIENT`, `COMMAND`) with a subcommand we do not know.
    #[error("ERR unknown subcommand '{subcommand}'. Try {command} HELP.")]
    UnknownSubcommand { command: String, subcommand: String },
    /// A subcommand Redis checks the arguments of itself (`PUBSUB CHANNELS a b`). Holds the
    /// container and the subcommand as sent.
    #[error("ERR unknown subcommand or wrong number of arguments for '{subcommand}'. Try {command} HELP.")]
    UnknownSubcommandOrArity { command: String, subcommand: String },
    /// A command a RESP2 client in subscribed mode may not send. Holds the lower-case name.
    #[error(
        "ERR Can't execute '{0}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET \
         are allowed in this context"
    )]
    NotAllowedWhileSubscribed(String),
    /// The argument count does not fit the command's arity. Holds the lower-case name.
    #[error("ERR wrong number of arguments for '{0}' command")]
    WrongArity(String),
    /// Options that do not fit the command's grammar.
    #[error("ERR syntax error")]
    Syntax,
    /// An argument or a stored value that is not a strict 64-bit integer.
    #[error("ERR value is not an integer or out of range")]
    NotAnInteger,
    /// `INCR` and friends would leave the range of `i64`.
    #[error("ERR increment or decrement would overflow")]
    Overflow,
    /// `DECRBY key -9223372036854775808`: the negation itself overflows.
    #[error("ERR decrement would overflow")]
    DecrementOverflow,
    /// A TTL of zero or less for `SET`, or one that overflows. Holds the lower-case command name.
    #[error("ERR invalid expire time in '{0}' command")]
    InvalidExpireTime(&'static str),
    /// An `EXPIRE` option that is not NX, XX, GT or LT.
    #[error("ERR Unsupported option {0}")]
    UnsupportedOption(String),
    /// `EXPIRE key 10 NX XX`.
    #[error("ERR NX and XX, GT or LT options at the same time are not compatible")]
    NxAndXxGtLt,
    /// `EXPIRE key 10 GT LT`.
    #[error("ERR GT and LT options at the same time are not compatible")]
    GtAndLt,
    /// An integer argument that must fit in 32 bits (`SELECT`'s index), as Redis's
    /// `getIntFromObjectOrReply` says it. ("must between" is Redis's own wording.)
    #[error("ERR value is out of range, value must between -2147483648 and 2147483647")]
    OutOfIntRange,
    /// `SELECT`, `MOVE` or `SWAPDB` of a database that does not exist.
    #[error("ERR DB index is out of range")]
    DbIndexOutOfRange,
    /// `SWAPDB abc 1`.
    #[error("ERR invalid first DB index")]
    InvalidFirstDbIndex,
    /// `SWAPDB 0 abc`.
    #[error("ERR invalid second DB index")]
    InvalidSecondDbIndex,
    /// `MOVE key <the current database>`.
    #[error("ERR source and destination objects are the same")]
    SameObject,
    /// `COMMAND GETKEYS` of a command that does not exist.
    #[error("ERR Invalid command specified")]
    InvalidCommandSpecified,
    /// `COMMAND GETKEYS` with a wrong argument count for the command.
    #[error("ERR Invalid number of arguments specified for command")]
    InvalidArgumentCount,
    /// `COMMAND GETKEYS` of a command without keys.
    #[error("ERR The command has no key arguments")]
    NoKeyArguments,
    /// `COMMAND GETKEYS` of a command whose keys cannot be found in those arguments.
    #[error("ERR Invalid arguments specified for command")]
    InvalidArguments,
    /// `HELLO` with a protocol version other than 2 (RESP2) and 3 (RESP3).
    #[error("NOPROTO unsupported protocol version")]
    NoProto,
    /// `HELLO` with a version that is not a number.
    #[error("ERR Protocol version is not an integer or out of range")]
    ProtocolVersionNotAnInteger,
    /// `HELLO 2 FOO`.
    #[error("ERR Syntax error in HELLO option '{0}'")]
    HelloOption(String),
    /// `HELLO 3 AUTH user pass` for a user that does not exist (only `default` does) or a wrong
    /// password.
    #[error("WRONGPASS invalid username-password pair or user is disabled.")]
    WrongPass,
    /// `CLIENT SETNAME "a b"`.
    #[error("ERR Client names cannot contain spaces, newlines or special characters.")]
    InvalidClientName,
    /// `HINCRBY` of a field whose value is not a strict 64-bit integer.
    #[error("ERR hash value is not an integer")]
    HashValueNotAnInteger,
    /// `HINCRBYFLOAT` of a field whose value is not a number `strtold` reads.
    #[error("ERR hash value is not a float")]
    HashValueNotAFloat,
    /// A float (`INCRBYFLOAT`'s value or increment, `HINCRBYFLOAT`'s increment) that is not a
    /// number `strtold` reads.
    #[error("ERR value is not a valid float")]
    NotAValidFloat,
    /// `HINCRBYFLOAT key field inf`: the increment itself is infinite.
    #[error("ERR value is NaN or Infinity")]
    ValueNanOrInfinity,
    /// `INCRBYFLOAT` or `HINCRBYFLOAT` whose result would not be a finite number.
    #[error("ERR increment would produce NaN or Infinity")]
    NanOrInfinity,
    /// A `SCAN`, `HSCAN` or `SSCAN` cursor that is not an unsigned 64-bit number.
    #[error("ERR invalid cursor")]
    InvalidCursor,
    /// A count that is a number but too large: `HRANDFIELD key <count> WITHVALUES` past
    /// ±2^62, and repeated random picks past what we build a reply of (`cmd/sample.rs`).
    #[error("ERR value is out of range")]
    ValueOutOfRange,
    /// A count outside `min..=max` (`SRANDMEMBER key -9223372036854775808`), in Redis's
    /// wording ("must between" is Redis's own).
    #[error("ERR value is out of range, value must between {min} and {max}")]
    OutOfRange {
        /// The least accepted value.
        min: i64,
        /// The greatest accepted value.
        max: i64,
    },
    /// `SPOP key <count>` with a negative count, or one that is not a number at all.
    #[error("ERR value is out of range, must be positive")]
    MustBePositive,
    /// `SINTERCARD 0 key`, or a `numkeys` that is not a number.
    #[error("ERR numkeys should be greater than 0")]
    NumKeysNotPositive,
    /// `SINTERCARD 3 a b`: fewer keys than `numkeys` says.
    #[error("ERR Number of keys can't be greater than number of args")]
    TooManyNumKeys,
    /// `SINTERCARD 1 key LIMIT -1`, or a limit that is not a number.
    #[error("ERR LIMIT can't be negative")]
    NegativeLimit,
    /// `CONFIG` refused, in Redis's words (`config/error.rs`).
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The value has another type than the command works on.
    #[error(transparent)]
    WrongType(#[from] WrongType),
    /// `RENAME` of a key that does not exist.
    #[error("ERR no such key")]
    NoSuchKey,
    /// `SETRANGE` at a negative offset.
    #[error("ERR offset is out of range")]
    OffsetOutOfRange,
    /// `APPEND` or `SETRANGE` would make a string longer than `proto-max-bulk-len` (512 MB).
    #[error("ERR string exceeds maximum allowed size (proto-max-bulk-len)")]
    StringTooLong,
    /// `LCS` of keys that are not strings.
    #[error("ERR The specified keys must contain string values")]
    LcsNotStrings,
    /// `LCS ... LEN IDX`.
    #[error("ERR If you want both the length and indexes, please just use IDX.")]
    LcsLenAndIdx,
    /// `LCS` whose table would be larger than `proto-max-bulk-len`.
    #[error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")]
    LcsTooLarge,
    /// `OBJECT FREQ` without an LFU `maxmemory-policy`.
    #[error(
        "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note \
         that when switching between policies at runtime LRU and LFU data will take some time \
         to adjust."
    )]
    NoLfuPolicy,
    /// `OBJECT IDLETIME` with an LFU `maxmemory-policy`.
    #[error(
        "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when \
         switching between policies at runtime LRU and LFU data will take some time to adjust."
    )]
    LfuPolicy,
    /// A frame that is not an array of bulk strings reached the command layer. A server never
    /// sends one ([`resp::parse_request`] makes sure), but a test might.
    #[error("ERR Protocol error: expected an array of bulk strings")]
    NotARequest,
    /// `MULTI` inside `MULTI`.
    #[error("ERR MULTI calls can not be nested")]
    MultiNested,
    /// `EXEC` outside `MULTI`.
    #[error("ERR EXEC without MULTI")]
    ExecWithoutMulti,
    /// `DISCARD` outside `MULTI`.
    #[error("ERR DISCARD without MULTI")]
    DiscardWithoutMulti,
    /// `WATCH` inside `MULTI`.
    #[error("ERR WATCH inside MULTI is not allowed")]
    WatchInsideMulti,
    /// `EXEC` of a transaction in which a request was refused while queueing.
    #[error("EXECABORT Transaction discarded because of previous errors.")]
    ExecAbort,
    /// An error only list commands reply (`cmd/list.rs`).
    #[error(transparent)]
    List(#[from] crate::cmd::ListError),
}

impl CommandError {
    /// The error reply for this error: `-{text}\r\n` on the wire.
    ///
    /// Several errors quote what the client sent, and an error reply is one line: a `\r` or `\n`
    /// in it would end the reply early and desynchronise the client. So, as Redis's
    /// `addReplyErrorFormat` does for every error, both become spaces, here, in the one place
    /// an error becomes a reply.
    pub fn into_frame(self) -> Frame {
        Frame::Error(self.to_string().replace(['\r', '\n'], " "))
    }

    /// The unknown-command error, formatted the way Redis 7 does it: at most 128 bytes of name,
    /// then each argument quoted and followed by a space until 128 bytes of arguments are shown,
    /// and newlines turned into spaces so the reply stays one line.
    pub fn unknown_command<'a>(
        name: &[u8],
        args: impl IntoIterator<Item = &'a [u8]>,
    ) -> CommandError {
        const SHOWN: usize = 128;
        let mut shown_args = Vec::new();
        for arg in args {
            if shown_args.len() >= SHOWN {
                break;
            }
            let room = SHOWN - shown_args.len();
            shown_args.push(b'\'');
            shown_args.extend_from_slice(c_string(arg, room));
            shown_args.extend_from_slice(b"' ");
        }
        CommandError::UnknownCommand {
            name: c_text(name, SHOWN),
            args: String::from_utf8_lossy(&shown_args).into_owned(),
        }
    }
}

/// What C's `%.*s` prints: at most `max` bytes, and nothing from the first NUL on.
fn c_string(bytes: &[u8], max: usize) -> &[u8] {
    let bytes = &bytes[..bytes.len().min(max)];
    match bytes.iter().position(|&byte| byte == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    }
}

/// What a client sent, as Redis's error formats quote it: `%.*s` (see [`c_string`]) as text.
/// `usize::MAX` for a plain `%s`.
pub(crate) fn c_text(bytes: &[u8], max: usize) -> String {
    String::from_utf8_lossy(c_string(bytes, max)).into_owned()
}
