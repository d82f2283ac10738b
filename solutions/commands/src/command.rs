//! `Command`: the typed form of a request, and the two stages every request goes through.

use resp::Frame;
use store::Db;

use crate::cmd::{
    Client, CommandInfo, Del, Echo, Exists, Expire, Get, Hello, IncrBy, Info, Persist, Ping,
    Select, Set, Ttl,
};
use crate::{Args, CommandError, CommandSpec, Session};

/// A parsed request, ready to run. One variant per command; `INCR`, `DECR`, `INCRBY` and
/// `DECRBY` are one command with a different delta, as in Redis's `t_string.c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Ping(Ping),
    Echo(Echo),
    Get(Get),
    Set(Set),
    Del(Del),
    Exists(Exists),
    IncrBy(IncrBy),
    Expire(Expire),
    Ttl(Ttl),
    Persist(Persist),
    Select(Select),
    Hello(Hello),
    Client(Client),
    CommandInfo(CommandInfo),
    Info(Info),
    Quit,
}

impl Command {
    /// Parses a request frame (`Frame::Array` of bulk strings) into a command.
    pub fn from_frame(frame: Frame) -> Result<Command, CommandError> {
        // @step 3: Command::from_frame — from a request frame to a typed command
        // 1. `Args::from_frame(frame)?` is a cursor over the arguments; the first is the name.
        // 2. `CommandSpec::lookup(&name)` finds the command's row, case-insensitively. None:
        //    `CommandError::unknown_command(&name, args.remaining())`.
        // 3. `spec.check_arity(args.len() + 1)?`: the arity counts the name too.
        // 4. Match on `spec.name` and let the command parse the rest, e.g.
        //    `"get" => Command::Get(Get::parse(&mut args)?)`. Four names share `IncrBy`:
        //    `IncrBy::parse(spec.name, &mut args)`, and so do `expire`/`pexpire` and `ttl`/`pttl`.
        // 5. The connection commands are pre-written but need their arms too: `select`, `hello`,
        //    `client`, `command` (`Command::CommandInfo`), `info`, and `"quit" => Command::Quit`.
        let mut args = Args::from_frame(frame)?;
        let name = args.next_bytes().map_err(|_| CommandError::NotARequest)?;
        let Some(spec) = CommandSpec::lookup(&name) else {
            return Err(CommandError::unknown_command(&name, args.remaining()));
        };
        spec.check_arity(args.len() + 1)?;
        let command = match spec.name {
            "ping" => Command::Ping(Ping::parse(&mut args)?),
            "echo" => Command::Echo(Echo::parse(&mut args)?),
            "get" => Command::Get(Get::parse(&mut args)?),
            "set" => Command::Set(Set::parse(&mut args)?),
            "del" => Command::Del(Del::parse(&mut args)?),
            "exists" => Command::Exists(Exists::parse(&mut args)?),
            "incr" | "decr" | "incrby" | "decrby" => {
                Command::IncrBy(IncrBy::parse(spec.name, &mut args)?)
            }
            "expire" | "pexpire" => Command::Expire(Expire::parse(spec.name, &mut args)?),
            "ttl" | "pttl" => Command::Ttl(Ttl::parse(spec.name, &mut args)?),
            "persist" => Command::Persist(Persist::parse(&mut args)?),
            "select" => Command::Select(Select::parse(&mut args)?),
            "hello" => Command::Hello(Hello::parse(&mut args)?),
            "client" => Command::Client(Client::parse(&mut args)?),
            "command" => Command::CommandInfo(CommandInfo::parse(&mut args)?),
            "info" => Command::Info(Info::parse(&mut args)?),
            "quit" => Command::Quit,
            _ => return Err(CommandError::unknown_command(&name, args.remaining())),
        };
        Ok(command)
    }

    /// Runs the command and returns its reply. Errors become `-ERR ...` replies here, and only
    /// here. Pre-written: it is the mirror image of `from_frame`.
    ///
    /// Each command that needs the keyspace locks it once for its whole run, which makes every
    /// command atomic, as in Redis.
    pub fn execute(self, db: &Db, session: &mut Session) -> Frame {
        let result = match self {
            Command::Ping(ping) => ping.apply(),
            Command::Echo(echo) => echo.apply(),
            Command::Get(get) => get.apply(&mut db.lock()),
            Command::Set(set) => set.apply(&mut db.lock()),
            Command::Del(del) => del.apply(&mut db.lock()),
            Command::Exists(exists) => exists.apply(&mut db.lock()),
            Command::IncrBy(incr) => incr.apply(&mut db.lock()),
            Command::Expire(expire) => expire.apply(&mut db.lock()),
            Command::Ttl(ttl) => ttl.apply(&mut db.lock()),
            Command::Persist(persist) => persist.apply(&mut db.lock()),
            Command::Select(select) => select.apply(),
            Command::Hello(hello) => hello.apply(session),
            Command::Client(client) => client.apply(session),
            Command::CommandInfo(info) => info.apply(),
            Command::Info(info) => info.apply(db),
            Command::Quit => {
                session.closing = true;
                Ok(Frame::ok())
            }
        };
        result.unwrap_or_else(CommandError::into_frame)
    }
}
