//! `SELECT`, `HELLO` and `CLIENT`: what clients send when they connect.
//!
//! Pre-written: not the lesson, but `redis-cli` and client libraries send these, so they must be
//! answered the way Redis 7.0 answers them, or with Redis's own error.
//! - `SELECT n` picks one of the 16 databases; any other index is "out of range".
//! - `HELLO` describes the server; `HELLO 3` switches the connection to RESP3 and `HELLO 2` back
//!   to RESP2 (any other version is Redis's `NOPROTO`). Its `AUTH` option logs in (only the
//!   `default` user exists, with no password, as in a Redis started without a configuration)
//!   and `SETNAME` names the connection. redis-py 8 sends `HELLO 3` first on every connection.
//! - `CLIENT ID`, `CLIENT SETNAME`, `CLIENT GETNAME`, `CLIENT HELP`. Like Redis 7.0, we do not
//!   know `CLIENT SETINFO` (it arrived in 7.2); libraries that send it ignore the error.
//! - `QUIT` replies `OK` and closes; `RESET` puts the connection back as it was when it
//!   connected (database 0, no name, RESP2).
//!
//! How real Redis does it: `selectCommand` in `src/db.c`; `helloCommand`, `clientCommand` and
//! `resetCommand` in `src/networking.c`; `ACLAuthenticateUser` in `src/acl.c` for `AUTH`.

use bytes::Bytes;
use resp::{string_to_i64, Frame, Protocol};

use crate::cmd::server::db_index;
use crate::error::c_text;
use crate::table::{check_arity, AclCategories, Flags, KeyRange, SubcommandSpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The flags of the commands a client may send before anything else (`HELLO`, `QUIT`, `RESET`).
const CONNECTION_FLAGS: Flags = Flags::NOSCRIPT
    .union(Flags::LOADING)
    .union(Flags::STALE)
    .union(Flags::FAST)
    .union(Flags::NO_AUTH)
    .union(Flags::ALLOW_BUSY);

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "select",
        arity: 2,
        flags: Flags::LOADING.union(Flags::STALE).union(Flags::FAST),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::CONNECTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |args| Select::parse(args).map(Command::Select),
    },
    CommandSpec {
        name: "hello",
        arity: -1,
        flags: CONNECTION_FLAGS,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::CONNECTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |args| Hello::parse(args).map(Command::Hello),
    },
    CommandSpec {
        name: "client",
        arity: -2,
        flags: Flags::empty(),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::empty(),
        tips: &[],
        key_specs: &[],
        subcommands: CLIENT_SUBCOMMANDS,
        parse: |args| Client::parse(args).map(Command::Client),
    },
    CommandSpec {
        name: "quit",
        arity: -1,
        flags: CONNECTION_FLAGS,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::CONNECTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |args| {
            args.take_rest();
            Ok(Command::Quit(Quit))
        },
    },
    CommandSpec {
        name: "reset",
        arity: 1,
        flags: CONNECTION_FLAGS,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::CONNECTION,
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |_| Ok(Command::Reset(Reset)),
    },
];

/// The flags of most `CLIENT` subcommands.
const CLIENT_FLAGS: Flags = Flags::NOSCRIPT.union(Flags::LOADING).union(Flags::STALE);
/// The flags of the administrative ones (`KILL`, `PAUSE`...).
const CLIENT_ADMIN_FLAGS: Flags = CLIENT_FLAGS.union(Flags::ADMIN);

/// `CLIENT`'s subcommands: every one Redis 7.0 lists, so that `COMMAND INFO client` answers as
/// Redis does, although we implement only `ID`, `SETNAME`, `GETNAME` and `HELP` (the others are
/// "unknown subcommand" here).
const CLIENT_SUBCOMMANDS: &[SubcommandSpec] = {
    const CONNECTION: AclCategories = AclCategories::CONNECTION;
    &[
        SubcommandSpec::new("client|caching", 3, CLIENT_FLAGS, CONNECTION),
        SubcommandSpec::new("client|getname", 2, CLIENT_FLAGS, CONNECTION),
        SubcommandSpec::new("client|getredir", 2, CLIENT_FLAGS, CONNECTION),
        SubcommandSpec::new(
            "client|help",
            2,
            Flags::LOADING.union(Flags::STALE),
            CONNECTION,
        ),
        SubcommandSpec::new("client|id", 2, CLIENT_FLAGS, CONNECTION),
        SubcommandSpec::new("client|info", 2, CLIENT_FLAGS, CONNECTION)
            .with_tips(&["nondeterministic_output"]),
        SubcommandSpec::new("client|kill", -3, CLIENT_ADMIN_FLAGS, CONNECTION),
        SubcommandSpec::new("client|list", -2, CLIENT_ADMIN_FLAGS, CONNECTION)
            .with_tips(&["nondeterministic_output"]),
        SubcommandSpec::new("client|no-evict", 3, CLIENT_ADMIN_FLAGS, CONNECTION),
        SubcommandSpec::new("client|pause", -3, CLIENT_ADMIN_FLAGS, CONNECTION),
        SubcommandSpec::new("client|reply", 3, CLIENT_FLAGS, CONNECTION),
        SubcommandSpec::new("client|setname", 3, CLIENT_FLAGS, CONNECTION),
        SubcommandSpec::new("client|tracking", -3, CLIENT_FLAGS, CONNECTION),
        SubcommandSpec::new("client|trackinginfo", 2, CLIENT_FLAGS, CONNECTION),
        SubcommandSpec::new("client|unblock", -3, CLIENT_ADMIN_FLAGS, CONNECTION),
        SubcommandSpec::new("client|unpause", 2, CLIENT_ADMIN_FLAGS, CONNECTION),
    ]
};

/// The version we answer to `HELLO` and `INFO`: the Redis whose replies we reproduce.
pub(crate) const REDIS_VERSION: &str = "7.0.15";

/// `SELECT index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    /// The database index.
    pub index: i64,
}

impl Select {
    /// Parses the index, which must fit in 32 bits.
    pub fn parse(args: &mut Args) -> Result<Select, CommandError> {
        let index = args.next_integer()?;
        if i32::try_from(index).is_err() {
            return Err(CommandError::OutOfIntRange);
        }
        Ok(Select { index })
    }

    /// Switches the connection to the database.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.session.db = db_index(self.index, ctx)?;
        Ok(Frame::ok())
    }
}

/// `HELLO [protover [AUTH username password] [SETNAME clientname]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    /// The protocol to switch to. `None` (`HELLO` alone) keeps the connection's.
    pub protocol: Option<Protocol>,
    /// The options, in the order they were sent.
    pub options: Vec<HelloOption>,
}

/// One option of `HELLO`. Redis acts on each option as it reads it, so one that is wrong stops
/// `HELLO` only there: in `HELLO 2 SETNAME a FOO`, the client is named `a`, then `FOO` is a
/// syntax error and the protocol stays as it was. So a wrong option is kept in its place, and
/// becomes the reply when `apply` reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelloOption {
    /// `AUTH username password`: log in as this user.
    Auth {
        /// The user.
        username: Bytes,
        /// Its password.
        password: Bytes,
    },
    /// `SETNAME clientname`: name the connection.
    SetName(Bytes),
    /// An option that is not valid: where `HELLO` stops, with this error.
    Invalid(CommandError),
}

impl Hello {
    /// Parses the version (not a number, then not 2 or 3, are errors before anything happens),
    /// then the options up to the first one that is not valid.
    pub fn parse(args: &mut Args) -> Result<Hello, CommandError> {
        let mut hello = Hello {
            protocol: None,
            options: Vec::new(),
        };
        if args.is_empty() {
            return Ok(hello);
        }
        let version =
            string_to_i64(&args.next_bytes()?).ok_or(CommandError::ProtocolVersionNotAnInteger)?;
        hello.protocol = Some(Protocol::from_version(version).ok_or(CommandError::NoProto)?);
        while !args.is_empty() {
            let option = args.next_bytes()?;
            let parsed = if option.eq_ignore_ascii_case(b"AUTH") && args.len() >= 2 {
                HelloOption::Auth {
                    username: args.next_bytes()?,
                    password: args.next_bytes()?,
                }
            } else if option.eq_ignore_ascii_case(b"SETNAME") && !args.is_empty() {
                match valid_client_name(args.next_bytes()?) {
                    Ok(name) => HelloOption::SetName(name),
                    Err(error) => HelloOption::Invalid(error),
                }
            } else {
                HelloOption::Invalid(CommandError::HelloOption(c_text(&option, usize::MAX)))
            };
            let stop = matches!(parsed, HelloOption::Invalid(_));
            hello.options.push(parsed);
            if stop {
                args.take_rest();
                break;
            }
        }
        Ok(hello)
    }

    /// Runs the options in order (a failed `AUTH` or a wrong option stops there), then switches
    /// the protocol and describes the server: a map, which a RESP2 client gets as a flat array
    /// (see `protocol.rs` in the `resp` crate).
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let session = &mut *ctx.session;
        for option in self.options {
            match option {
                // No ACL users and no `requirepass`: the only user is `default`, which takes
                // any password, as in a Redis started without a configuration.
                HelloOption::Auth { username, .. } if username.as_ref() != b"default" => {
                    return Err(CommandError::WrongPass)
                }
                HelloOption::Auth { .. } => {}
                HelloOption::SetName(name) => session.set_name(name),
                HelloOption::Invalid(error) => return Err(error),
            }
        }
        // @step 5: Hello::apply — switch the protocol, then describe the server as a map
        // 1. `self.protocol` is `None` for a bare `HELLO` (keep the connection's), or the
        //    protocol asked for: store `protocol.version()` in `session.protocol`. The server
        //    encodes every later reply with it (`Frame::encode_as`).
        // 2. Reply a `Frame::Map` of 7 pairs, keys as bulk strings, in Redis's order: server
        //    "redis", version `REDIS_VERSION`, proto (an integer: the protocol now), id (the
        //    session's id), mode "standalone", role "master", modules (an empty array).
        if let Some(protocol) = self.protocol {
            session.protocol = protocol.version();
        }
        let field = |name: &'static str| Frame::bulk(name);
        Ok(Frame::Map(vec![
            (field("server"), field("redis")),
            (field("version"), field(REDIS_VERSION)),
            (field("proto"), Frame::Integer(i64::from(session.protocol))),
            (field("id"), Frame::Integer(session.id as i64)),
            (field("mode"), field("standalone")),
            (field("role"), field("master")),
            (field("modules"), Frame::Array(vec![])),
        ]))
    }
}

/// `CLIENT ID | SETNAME name | GETNAME | HELP`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `CLIENT ID`.
    Id,
    /// `CLIENT SETNAME name`.
    SetName(Bytes),
    /// `CLIENT GETNAME`.
    GetName,
    /// `CLIENT HELP`.
    Help,
    /// `CLIENT UNBLOCK id [TIMEOUT|ERROR]`: ends another client's `BLPOP`, as if it timed out
    /// (false) or with an error (true).
    Unblock(i64, bool),
}

/// `CLIENT HELP`'s lines: Redis 7.0's text, byte for byte (it lists subcommands we lack).
const CLIENT_HELP: &[&str] = &[
    "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    "HELP",
    "    Prints this help.",
];

impl Client {
    /// Parses the subcommand and checks its own arity.
    pub fn parse(args: &mut Args) -> Result<Client, CommandError> {
        let subcommand = args.next_bytes()?;
        let argc = args.len() + 2;
        let upper = subcommand.to_ascii_uppercase();
        let (name, arity) = match upper.as_slice() {
            b"ID" => ("client|id", 2),
            b"SETNAME" => ("client|setname", 3),
            b"GETNAME" => ("client|getname", 2),
            b"HELP" => ("client|help", 2),
            b"UNBLOCK" => ("client|unblock", -3),
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
            b"HELP" => Client::Help,
            b"UNBLOCK" => {
                let id = args.next_bytes()?;
                let error = match args.take_rest().as_slice() {
                    [] => false,
                    [reason] if reason.eq_ignore_ascii_case(b"timeout") => false,
                    [reason] if reason.eq_ignore_ascii_case(b"error") => true,
                    [_] => return Err(crate::cmd::ListError::UnblockReason.into()),
                    _ => {
                        let text = c_text(&subcommand, 128);
                        return Err(crate::cmd::ListError::UnblockArguments(text).into());
                    }
                };
                Client::Unblock(string_to_i64(&id).ok_or(CommandError::NotAnInteger)?, error)
            }
            _ => Client::GetName,
        })
    }

    /// Runs the subcommand.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let session = &mut *ctx.session;
        Ok(match self {
            Client::Id => Frame::Integer(session.id as i64),
            Client::SetName(name) => {
                session.set_name(name);
                Frame::ok()
            }
            Client::GetName => session.name.clone().map_or(Frame::Null, Frame::Bulk),
            Client::Help => help(CLIENT_HELP),
            Client::Unblock(id, error) => {
                let reply = if error {
                    CommandError::from(crate::cmd::ListError::Unblocked).into_frame()
                } else {
                    crate::blocking::BlockedPop::timed_out()
                };
                let unblocked = u64::try_from(id)
                    .is_ok_and(|id| ctx.shared.waiters.unblock(ctx.databases, id, reply));
                Frame::Integer(i64::from(unblocked))
            }
        })
    }
}

/// A `HELP` reply: one simple string per line, as Redis's `addReplyHelp` sends it.
pub(crate) fn help(lines: &[&str]) -> Frame {
    Frame::Array(
        lines
            .iter()
            .map(|line| Frame::Simple(line.to_string()))
            .collect(),
    )
}

/// `QUIT`: reply `OK`, then close the connection. Any arguments are ignored, as in Redis 7.0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quit;

impl Quit {
    /// Marks the session as closing.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.session.closing = true;
        Ok(Frame::ok())
    }
}

/// `RESET`: the connection as it was when it connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reset;

impl Reset {
    /// Back to database 0, no name, RESP2, no transaction and no watched key. Replies `+RESET`.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.session.transaction.finish();
        ctx.unwatch_all();
        crate::cmd::unsubscribe_all(ctx.shared, ctx.session);
        let session = &mut *ctx.session;
        session.db = 0;
        session.name = None;
        session.protocol = 2;
        Ok(Frame::Simple("RESET".to_string()))
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
    use crate::Session;

    fn run(session: &mut Session, parts: &[&str]) -> Frame {
        let frame = Frame::command(parts.iter().map(|part| part.to_string()));
        crate::dispatch(&crate::Shared::default(), session, frame)
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

    /// The `proto` field of a `HELLO` reply.
    fn proto(reply: &Frame) -> Option<&Frame> {
        match reply {
            Frame::Map(pairs) => pairs
                .iter()
                .find(|(key, _)| *key == Frame::bulk("proto"))
                .map(|(_, value)| value),
            _ => None,
        }
    }

    #[test]
    fn hello_switches_the_protocol_and_hello_alone_keeps_it() {
        let mut session = Session::new();
        for (request, version) in [
            (&["HELLO"][..], 2),
            (&["HELLO", "3"], 3),
            (&["HELLO"], 3),
            (&["HELLO", "2"], 2),
            (&["HELLO", "3", "AUTH", "default", "any", "SETNAME", "py"], 3),
        ] {
            let reply = run(&mut session, request);
            assert_eq!(session.protocol, version, "{request:?}");
            assert_eq!(
                proto(&reply),
                Some(&Frame::Integer(i64::from(version))),
                "{request:?} replies a map whose proto is the new version: {reply:?}"
            );
        }
        assert_eq!(session.name, Some(Bytes::from("py")));
        run(&mut session, &["RESET"]);
        assert_eq!(session.protocol, 2, "RESET is back to RESP2");
    }

    #[test]
    fn a_failed_hello_keeps_the_protocol() {
        let mut session = Session::new();
        let wrong_pass =
            Frame::Error("WRONGPASS invalid username-password pair or user is disabled.".into());
        for (request, error) in [
            (&["HELLO", "3", "AUTH", "nobody", "x", "SETNAME", "a"][..], wrong_pass.clone()),
            (&["HELLO", "3", "AUTH", "DEFAULT", "x"], wrong_pass),
            (
                &["HELLO", "4"],
                Frame::Error("NOPROTO unsupported protocol version".into()),
            ),
            (
                &["HELLO", "3", "AUTH", "default"],
                Frame::Error("ERR Syntax error in HELLO option 'AUTH'".into()),
            ),
        ] {
            assert_eq!(run(&mut session, request), error, "{request:?}");
            assert_eq!(session.protocol, 2, "{request:?} keeps RESP2");
            assert_eq!(session.name, None, "{request:?} does not name the client");
        }
    }

    #[test]
    fn hello_names_the_client_before_a_later_option_fails_as_redis_does() {
        let mut session = Session::new();
        for (request, name) in [
            (&["HELLO", "3", "SETNAME", "a", "FOO"][..], "a"),
            (&["HELLO", "3", "SETNAME", "b", "AUTH", "nobody", "x"], "b"),
            (&["HELLO", "3", "SETNAME", "c", "SETNAME", "bad name"], "c"),
            (&["HELLO", "3", "AUTH", "nobody", "x", "SETNAME", "d"], "c"),
        ] {
            assert!(matches!(run(&mut session, request), Frame::Error(_)));
            assert_eq!(session.name, Some(Bytes::from(name)), "after {request:?}");
            assert_eq!(session.protocol, 2, "{request:?} failed: still RESP2");
        }
    }
}
