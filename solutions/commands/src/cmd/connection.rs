//! `SELECT`, `HELLO` and `CLIENT`: what clients send when they connect.
//!
//! Pre-written: not the lesson, but `redis-cli` and client libraries send these, so they must be
//! answered the way Redis 7.0 answers them, or with Redis's own error.
//! - `SELECT 0` is fine; we have one database, so any other index is "out of range".
//! - `HELLO` and `HELLO 2` describe the server; `HELLO 3` asks for RESP3, which we do not speak,
//!   so it gets Redis's `NOPROTO` error and the client stays on RESP2.
//! - `CLIENT ID`, `CLIENT SETNAME`, `CLIENT GETNAME`. Like Redis 7.0, we do not know
//!   `CLIENT SETINFO` (it arrived in 7.2); libraries that send it ignore the error.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::error::c_text;
use crate::table::check_arity;
use crate::{Args, CommandError, Session};

/// The version we answer to `HELLO` and `INFO`: the Redis whose replies we reproduce.
pub(crate) const REDIS_VERSION: &str = "7.0.15";

/// `SELECT index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    /// The database index.
    pub index: i64,
}

impl Select {
    pub fn parse(args: &mut Args) -> Result<Select, CommandError> {
        let index = args.next_integer()?;
        if i32::try_from(index).is_err() {
            return Err(CommandError::OutOfIntRange);
        }
        Ok(Select { index })
    }

    pub fn apply(self) -> Result<Frame, CommandError> {
        if self.index == 0 {
            Ok(Frame::ok())
        } else {
            Err(CommandError::DbIndexOutOfRange)
        }
    }
}

/// `HELLO [protover [SETNAME name]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    /// A new name for the connection.
    pub name: Option<Bytes>,
}

impl Hello {
    pub fn parse(args: &mut Args) -> Result<Hello, CommandError> {
        if args.is_empty() {
            return Ok(Hello { name: None });
        }
        let version =
            string_to_i64(&args.next_bytes()?).ok_or(CommandError::ProtocolVersionNotAnInteger)?;
        if version != 2 {
            return Err(CommandError::NoProto);
        }
        let mut name = None;
        while !args.is_empty() {
            let option = args.next_bytes()?;
            if option.eq_ignore_ascii_case(b"SETNAME") && !args.is_empty() {
                name = Some(valid_client_name(args.next_bytes()?)?);
            } else {
                return Err(CommandError::HelloOption(c_text(&option, usize::MAX)));
            }
        }
        Ok(Hello { name })
    }

    pub fn apply(self, session: &mut Session) -> Result<Frame, CommandError> {
        if let Some(name) = self.name {
            session.set_name(name);
        }
        let field = |name: &'static str| Frame::bulk(name);
        Ok(Frame::Array(vec![
            field("server"),
            field("redis"),
            field("version"),
            field(REDIS_VERSION),
            field("proto"),
            Frame::Integer(2),
            field("id"),
            Frame::Integer(session.id as i64),
            field("mode"),
            field("standalone"),
            field("role"),
            field("master"),
            field("modules"),
            Frame::Array(vec![]),
        ]))
    }
}

/// `CLIENT ID | SETNAME name | GETNAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    Id,
    SetName(Bytes),
    GetName,
}

impl Client {
    pub fn parse(args: &mut Args) -> Result<Client, CommandError> {
        let subcommand = args.next_bytes()?;
        let argc = args.len() + 2;
        let upper = subcommand.to_ascii_uppercase();
        let (name, arity) = match upper.as_slice() {
            b"ID" => ("client|id", 2),
            b"SETNAME" => ("client|setname", 3),
            b"GETNAME" => ("client|getname", 2),
            _ => {
                return Err(CommandError::UnknownSubcommand {
                    command: "CLIENT".into(),
                    subcommand: c_text(&subcommand, 128),
                })
            }
        };
        check_arity(name, arity, argc)?;
        Ok(match upper.as_slice() {
            b"ID" => Client::Id,
            b"SETNAME" => Client::SetName(valid_client_name(args.next_bytes()?)?),
            _ => Client::GetName,
        })
    }

    pub fn apply(self, session: &mut Session) -> Result<Frame, CommandError> {
        Ok(match self {
            Client::Id => Frame::Integer(session.id as i64),
            Client::SetName(name) => {
                session.set_name(name);
                Frame::ok()
            }
            Client::GetName => session.name.clone().map_or(Frame::Null, Frame::Bulk),
        })
    }
}

/// Client names are printable ASCII without spaces, as Redis's `validateClientName` requires.
fn valid_client_name(name: Bytes) -> Result<Bytes, CommandError> {
    if name.iter().all(|&byte| (b'!'..=b'~').contains(&byte)) {
        Ok(name)
    } else {
        Err(CommandError::InvalidClientName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Command;
    use store::Db;

    fn run(session: &mut Session, parts: &[&str]) -> Frame {
        let frame = Frame::command(parts.iter().map(|part| part.to_string()));
        match Command::from_frame(frame) {
            Ok(command) => command.execute(&Db::new(), session),
            Err(error) => error.into_frame(),
        }
    }

    #[test]
    fn an_empty_name_clears_it_through_hello_as_through_client_setname() {
        let mut session = Session::new();
        for clear in [
            &["CLIENT", "SETNAME", ""][..],
            &["HELLO", "2", "SETNAME", ""],
        ] {
            run(&mut session, &["CLIENT", "SETNAME", "x"]);
            run(&mut session, clear);
            assert_eq!(
                run(&mut session, &["CLIENT", "GETNAME"]),
                Frame::Null,
                "{clear:?} clears the name, as Redis's clientSetName does"
            );
        }
    }
}
