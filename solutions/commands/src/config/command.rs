//! The `CONFIG` command: `GET`, `SET`, `RESETSTAT`, `REWRITE` and `HELP`.
//!
//! `CONFIG` is a container: the real command is its first argument, and each subcommand has its
//! own arity, which Redis names `config|get`, `config|set`... in its errors. The checks come in
//! Redis's order: the subcommand must exist (`unknown subcommand 'x'. Try CONFIG HELP.`), then
//! its arity must fit (`wrong number of arguments for 'config|set' command`), then its own
//! grammar (`CONFIG SET` needs name/value pairs: an odd count is a `syntax error`).
//!
//! `CONFIG GET` replies a flat array `name, value, name, value...` in RESP2, and a map in RESP3;
//! [`Config::get`] returns the pairs, so either can be built from them ([`pairs_to_frame`] is the
//! RESP2 one).
//!
//! How real Redis does it: the `CONFIG` subcommand table in `src/commands.def` (generated from
//! `src/commands/config-*.json`), `configHelpCommand`, `configGetCommand`, `configSetCommand`,
//! `configResetStatCommand` and `configRewriteCommand` in `src/config.c`.

use bytes::Bytes;
use resp::Frame;

use super::{Config, ConfigError, Origin};
use crate::error::c_text;
use crate::{Args, CommandError};

/// `CONFIG HELP`'s reply, line by line: Redis's `addReplyHelp` header, `configHelpCommand`'s
/// lines, and the `HELP` footer.
pub const HELP: &[&str] = &[
    "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "GET <pattern>",
    "    Return parameters matching the glob-like <pattern> and their values.",
    "SET <directive> <value>",
    "    Set the configuration <directive> to <value>.",
    "RESETSTAT",
    "    Reset statistics reported by the INFO command.",
    "REWRITE",
    "    Rewrite the configuration file.",
    "HELP",
    "    Prints this help.",
];

/// A parsed `CONFIG` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigCommand {
    /// `CONFIG GET pattern [pattern ...]`.
    Get(Vec<Bytes>),
    /// `CONFIG SET name value [name value ...]`.
    Set(Vec<(Bytes, Bytes)>),
    /// `CONFIG RESETSTAT`: zero the statistics `INFO` reports.
    ResetStat,
    /// `CONFIG REWRITE`: write the settings back to the configuration file.
    Rewrite,
    /// `CONFIG HELP`.
    Help,
}

/// The subcommands and their arities, Redis's way: the count includes `CONFIG` and the
/// subcommand, and a negative arity `-n` means "at least n".
const SUBCOMMANDS: &[(&str, i64)] = &[
    ("get", -3),
    ("set", -4),
    ("resetstat", 2),
    ("rewrite", 2),
    ("help", 2),
];

/// Checks that `subcommand` exists and that a request of `argc` arguments (counting `CONFIG` and
/// the subcommand) fits its arity: what Redis checks before queueing a command in `MULTI`.
pub fn check_subcommand(subcommand: &[u8], argc: usize) -> Result<(), CommandError> {
    let Some(&(name, arity)) = SUBCOMMANDS
        .iter()
        .find(|(name, _)| subcommand.eq_ignore_ascii_case(name.as_bytes()))
    else {
        return Err(CommandError::UnknownSubcommand {
            command: "CONFIG".to_string(),
            subcommand: c_text(subcommand, 128),
        });
    };
    let argc = i64::try_from(argc).unwrap_or(i64::MAX);
    let fits = if arity < 0 {
        argc >= -arity
    } else {
        argc == arity
    };
    if fits {
        Ok(())
    } else {
        Err(CommandError::WrongArity(format!("config|{name}")))
    }
}

impl ConfigCommand {
    /// Parses the arguments after `CONFIG`.
    pub fn parse(args: &mut Args) -> Result<ConfigCommand, CommandError> {
        if args.is_empty() {
            return Err(CommandError::WrongArity("config".to_string()));
        }
        let subcommand = args.next_bytes()?;
        check_subcommand(&subcommand, args.len() + 2)?;
        let rest = args.take_rest();
        Ok(match subcommand.to_ascii_lowercase().as_slice() {
            b"get" => ConfigCommand::Get(rest),
            b"set" => {
                if rest.len() % 2 == 1 {
                    return Err(CommandError::Syntax);
                }
                let mut rest = rest.into_iter();
                let mut pairs = Vec::with_capacity(rest.len() / 2);
                while let (Some(name), Some(value)) = (rest.next(), rest.next()) {
                    pairs.push((name, value));
                }
                ConfigCommand::Set(pairs)
            }
            b"resetstat" => ConfigCommand::ResetStat,
            b"rewrite" => ConfigCommand::Rewrite,
            _ => ConfigCommand::Help,
        })
    }

    /// Runs the command against `config` and returns the RESP2 reply. `origin` is the client, for
    /// `enable-protected-configs local`.
    ///
    /// `RESETSTAT` only replies `+OK`: the statistics belong to the server, which zeroes them
    /// itself when it sees this command. For a RESP3 map reply to `GET`, call [`Config::get`].
    pub fn run(self, config: &mut Config, origin: Origin) -> Result<Frame, ConfigError> {
        match self {
            ConfigCommand::Get(patterns) => {
                let patterns: Vec<&[u8]> = patterns.iter().map(|pattern| &pattern[..]).collect();
                Ok(pairs_to_frame(config.get(&patterns)))
            }
            ConfigCommand::Set(pairs) => {
                let pairs: Vec<(&[u8], &[u8])> = pairs
                    .iter()
                    .map(|(name, value)| (&name[..], &value[..]))
                    .collect();
                config.set(&pairs, origin)?;
                Ok(Frame::ok())
            }
            ConfigCommand::ResetStat => Ok(Frame::ok()),
            // We are never started from a configuration file.
            ConfigCommand::Rewrite => Err(ConfigError::NoConfigFile),
            ConfigCommand::Help => Ok(Frame::Array(
                HELP.iter()
                    .map(|line| Frame::Simple((*line).to_string()))
                    .collect(),
            )),
        }
    }
}

/// `CONFIG GET`'s reply: a map of names to values (a flat array, name then value, in RESP2).
pub fn pairs_to_frame(pairs: Vec<(String, Bytes)>) -> Frame {
    Frame::Map(
        pairs
            .into_iter()
            .map(|(name, value)| (Frame::bulk(name), Frame::Bulk(value)))
            .collect(),
    )
}
