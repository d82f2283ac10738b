//! `COMMAND`: what the server says about its commands.
//!
//! Pre-written. `redis-cli` asks `COMMAND DOCS` at start-up to show argument hints as you type; it
//! works without them, and we have none to give, so the reply is an empty list. `COMMAND` and
//! `COMMAND INFO` describe our command table in Redis's ten-field format, leaving the last four
//! fields (ACL categories, tips, key specs, subcommands) empty.

use bytes::Bytes;
use resp::Frame;

use crate::cmd::connection::help;
use crate::error::c_text;
use crate::table::{check_arity, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context, Request};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "command",
    arity: -1,
    flags: Flags::LOADING.union(Flags::STALE),
    keys: KeyRange::NONE,
    parse: |args| CommandCommand::parse(args).map(Command::CommandCommand),
}];

/// `COMMAND HELP`'s lines: Redis 7.0's text, byte for byte.
const COMMAND_HELP: &[&str] = &[
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
];

/// `COMMAND [COUNT | LIST | INFO [name ...] | DOCS [name ...] | GETKEYS cmd [arg ...] | HELP]`.
/// Redis's own name for it is `commandCommand`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandCommand {
    /// `COMMAND`, and `COMMAND INFO` with no names: every command.
    All,
    /// `COMMAND COUNT`.
    Count,
    /// `COMMAND LIST`: every name.
    List,
    /// `COMMAND INFO name ...`.
    Info(Vec<Bytes>),
    /// `COMMAND DOCS [name ...]`.
    Docs,
    /// `COMMAND GETKEYS command arg ...`: the arguments that are keys.
    GetKeys(Vec<Bytes>),
    /// `COMMAND HELP`.
    Help,
}

impl CommandCommand {
    /// Parses the subcommand and checks its own arity.
    pub fn parse(args: &mut Args) -> Result<CommandCommand, CommandError> {
        if args.is_empty() {
            return Ok(CommandCommand::All);
        }
        let subcommand = args.next_bytes()?;
        let argc = args.len() + 2;
        let arity = |name: &str, arity: i64| check_arity(name, arity, argc);
        Ok(match subcommand.to_ascii_uppercase().as_slice() {
            b"COUNT" => {
                arity("command|count", 2)?;
                CommandCommand::Count
            }
            b"LIST" => {
                arity("command|list", -2)?;
                if !args.is_empty() {
                    return Err(CommandError::Syntax);
                }
                CommandCommand::List
            }
            b"INFO" if args.is_empty() => CommandCommand::All,
            b"INFO" => CommandCommand::Info(args.take_rest()),
            b"DOCS" => {
                args.take_rest();
                CommandCommand::Docs
            }
            b"GETKEYS" => {
                arity("command|getkeys", -3)?;
                CommandCommand::GetKeys(args.take_rest())
            }
            b"HELP" => {
                arity("command|help", 2)?;
                CommandCommand::Help
            }
            _ => {
                return Err(CommandError::UnknownSubcommand {
                    command: "COMMAND".into(),
                    subcommand: c_text(&subcommand, 128),
                })
            }
        })
    }

    /// Describes the command table.
    pub fn apply(self, _ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        Ok(match self {
            CommandCommand::All => Frame::Array(CommandSpec::all().map(describe).collect()),
            CommandCommand::Count => Frame::Integer(CommandSpec::all().count() as i64),
            CommandCommand::List => Frame::Array(
                CommandSpec::all()
                    .map(|spec| Frame::bulk(spec.name))
                    .collect(),
            ),
            CommandCommand::Info(names) => Frame::Array(
                names
                    .iter()
                    .map(|name| CommandSpec::lookup(name).map_or(Frame::NullArray, describe))
                    .collect(),
            ),
            CommandCommand::Docs => Frame::Array(vec![]),
            CommandCommand::GetKeys(parts) => get_keys(parts)?,
            CommandCommand::Help => help(COMMAND_HELP),
        })
    }
}

/// `COMMAND GETKEYS`: the keys of a whole command, found with its table row.
fn get_keys(parts: Vec<Bytes>) -> Result<Frame, CommandError> {
    let argc = parts.len();
    let Some(spec) = CommandSpec::lookup(&parts[0]) else {
        return Err(CommandError::InvalidCommandSpecified);
    };
    if spec.check_arity(argc).is_err() {
        return Err(CommandError::InvalidArgumentCount);
    }
    // The request must also parse, as Redis's key-finding functions expect a valid one.
    let request = Request::from_frame(Frame::command(parts.iter().cloned()))?;
    drop(request);
    let keys: Vec<Frame> = spec
        .keys
        .positions(argc)
        .map(|position| Frame::Bulk(parts[position].clone()))
        .collect();
    if keys.is_empty() {
        return Err(CommandError::NoKeyArguments);
    }
    Ok(Frame::Array(keys))
}

/// One command in `COMMAND`'s ten-field format.
fn describe(spec: &CommandSpec) -> Frame {
    let flags = spec
        .flags
        .names()
        .map(|flag| Frame::Simple(flag.to_string()))
        .collect();
    Frame::Array(vec![
        Frame::bulk(spec.name),
        Frame::Integer(spec.arity),
        Frame::Array(flags),
        Frame::Integer(spec.keys.first),
        Frame::Integer(spec.keys.last),
        Frame::Integer(spec.keys.step),
        Frame::Array(vec![]),
        Frame::Array(vec![]),
        Frame::Array(vec![]),
        Frame::Array(vec![]),
    ])
}
