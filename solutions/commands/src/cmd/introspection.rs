//! `COMMAND` and `INFO`: what the server says about itself.
//!
//! Pre-written. `redis-cli` asks `COMMAND DOCS` at start-up to show argument hints as you type; it
//! works without them, and we have none to give, so the reply is an empty list. `COMMAND` and
//! `COMMAND INFO` describe our command table in Redis's ten-field format, leaving the last four
//! fields (ACL categories, tips, key specs, subcommands) empty.

use bytes::Bytes;
use resp::Frame;
use store::Db;

use crate::cmd::connection::REDIS_VERSION;
use crate::{Args, CommandError, CommandSpec, COMMAND_TABLE};

/// `COMMAND`, `COMMAND COUNT`, `COMMAND INFO [name ...]`, `COMMAND DOCS [name ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandInfo {
    All,
    Count,
    Info(Vec<Bytes>),
    Docs,
}

impl CommandInfo {
    pub fn parse(args: &mut Args) -> Result<CommandInfo, CommandError> {
        if args.is_empty() {
            return Ok(CommandInfo::All);
        }
        let subcommand = args.next_bytes()?;
        match subcommand.to_ascii_uppercase().as_slice() {
            b"COUNT" if args.is_empty() => Ok(CommandInfo::Count),
            b"COUNT" => Err(CommandError::WrongArity("command|count".into())),
            b"INFO" => Ok(CommandInfo::Info(args.take_rest())),
            b"DOCS" => {
                args.take_rest();
                Ok(CommandInfo::Docs)
            }
            _ => Err(CommandError::UnknownSubcommand {
                command: "COMMAND".into(),
                subcommand: crate::error::c_text(&subcommand, 128),
            }),
        }
    }

    pub fn apply(self) -> Result<Frame, CommandError> {
        Ok(match self {
            CommandInfo::All => Frame::Array(COMMAND_TABLE.iter().map(describe).collect()),
            CommandInfo::Count => Frame::Integer(COMMAND_TABLE.len() as i64),
            CommandInfo::Info(names) => Frame::Array(
                names
                    .iter()
                    .map(|name| CommandSpec::lookup(name).map_or(Frame::NullArray, describe))
                    .collect(),
            ),
            CommandInfo::Docs => Frame::Array(vec![]),
        })
    }
}

/// One command in `COMMAND`'s format.
fn describe(spec: &CommandSpec) -> Frame {
    let flags = spec
        .flags
        .iter()
        .map(|flag| Frame::Simple(flag.to_string()))
        .collect();
    Frame::Array(vec![
        Frame::bulk(spec.name),
        Frame::Integer(spec.arity),
        Frame::Array(flags),
        Frame::Integer(spec.first_key),
        Frame::Integer(spec.last_key),
        Frame::Integer(spec.key_step),
        Frame::Array(vec![]),
        Frame::Array(vec![]),
        Frame::Array(vec![]),
        Frame::Array(vec![]),
    ])
}

/// `INFO [section ...]`: a few lines in Redis's `key:value` format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info;

impl Info {
    pub fn parse(args: &mut Args) -> Result<Info, CommandError> {
        // Every section is the same small report here.
        args.take_rest();
        Ok(Info)
    }

    pub fn apply(self, db: &Db) -> Result<Frame, CommandError> {
        let (keys, expires) = {
            let keyspace = db.lock();
            (keyspace.len(), keyspace.volatile_len())
        };
        let mut text = format!(
            "# Server\r\nredis_version:{REDIS_VERSION}\r\nredis_mode:standalone\r\n\
             mini_redis_version:{}\r\nprocess_id:{}\r\n\r\n# Keyspace\r\n",
            env!("CARGO_PKG_VERSION"),
            std::process::id(),
        );
        if keys > 0 {
            text.push_str(&format!("db0:keys={keys},expires={expires},avg_ttl=0\r\n"));
        }
        Ok(Frame::bulk(text))
    }
}
