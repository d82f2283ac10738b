//! The command table: every command's name, arity and flags.
//!
//! Pre-written. Redis checks a request against its table *before* the command sees it: an
//! unknown name or a wrong argument count is refused here, with the same two errors for every
//! command. The table also answers `COMMAND` and `COMMAND COUNT`.
//!
//! **Arity** counts the command name too: `GET key` has arity 2. A negative arity `-N` means "at
//! least N": `DEL key [key ...]` is -2.
//!
//! How real Redis does it: the table is generated from `src/commands/*.json` into
//! `src/commands.c` (7.0; `src/commands.def` from 7.2); `processCommand` in `src/server.c` does these checks.

use crate::CommandError;

/// One row of the command table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandSpec {
    /// Lower-case name, as Redis prints it in errors.
    pub name: &'static str,
    /// Exact argument count (name included), or at least `-arity` if negative.
    pub arity: i64,
    /// Flags, as `COMMAND` lists them.
    pub flags: &'static [&'static str],
    /// Position of the first key argument (0: no keys).
    pub first_key: i64,
    /// Position of the last key argument (-1: the last argument).
    pub last_key: i64,
    /// Distance between key arguments.
    pub key_step: i64,
}

const fn spec(
    name: &'static str,
    arity: i64,
    flags: &'static [&'static str],
    keys: (i64, i64, i64),
) -> CommandSpec {
    CommandSpec {
        name,
        arity,
        flags,
        first_key: keys.0,
        last_key: keys.1,
        key_step: keys.2,
    }
}

const NO_KEYS: (i64, i64, i64) = (0, 0, 0);
const ONE_KEY: (i64, i64, i64) = (1, 1, 1);
const ALL_KEYS: (i64, i64, i64) = (1, -1, 1);

/// Every command this server knows.
pub const COMMAND_TABLE: &[CommandSpec] = &[
    spec("ping", -1, &["fast", "sentinel"], NO_KEYS),
    spec("echo", 2, &["fast"], NO_KEYS),
    spec("get", 2, &["readonly", "fast"], ONE_KEY),
    spec("set", -3, &["write", "denyoom"], ONE_KEY),
    spec("del", -2, &["write"], ALL_KEYS),
    spec("exists", -2, &["readonly", "fast"], ALL_KEYS),
    spec("incr", 2, &["write", "denyoom", "fast"], ONE_KEY),
    spec("decr", 2, &["write", "denyoom", "fast"], ONE_KEY),
    spec("incrby", 3, &["write", "denyoom", "fast"], ONE_KEY),
    spec("decrby", 3, &["write", "denyoom", "fast"], ONE_KEY),
    spec("expire", -3, &["write", "fast"], ONE_KEY),
    spec("pexpire", -3, &["write", "fast"], ONE_KEY),
    spec("ttl", 2, &["readonly", "fast"], ONE_KEY),
    spec("pttl", 2, &["readonly", "fast"], ONE_KEY),
    spec("persist", 2, &["write", "fast"], ONE_KEY),
    spec("select", 2, &["loading", "stale", "fast"], NO_KEYS),
    spec(
        "hello",
        -1,
        &["noscript", "loading", "stale", "fast", "no_auth"],
        NO_KEYS,
    ),
    spec("client", -2, &["sentinel"], NO_KEYS),
    spec("command", -1, &["loading", "stale", "sentinel"], NO_KEYS),
    spec("info", -1, &["loading", "stale", "sentinel"], NO_KEYS),
    spec(
        "quit",
        -1,
        &["loading", "stale", "fast", "no_auth"],
        NO_KEYS,
    ),
];

impl CommandSpec {
    /// The row for `name`, compared without regard to case: `get`, `GET` and `gEt` are one command.
    pub fn lookup(name: &[u8]) -> Option<&'static CommandSpec> {
        COMMAND_TABLE
            .iter()
            .find(|spec| spec.name.as_bytes().eq_ignore_ascii_case(name))
    }

    /// Checks an argument count (name included) against the arity.
    pub fn check_arity(&self, argc: usize) -> Result<(), CommandError> {
        check_arity(self.name, self.arity, argc)
    }
}

/// The arity rule, for commands and for subcommands (`client|setname`) alike.
pub(crate) fn check_arity(name: &str, arity: i64, argc: usize) -> Result<(), CommandError> {
    let argc = argc as i64;
    let fits = if arity >= 0 {
        argc == arity
    } else {
        argc >= -arity
    };
    if fits {
        Ok(())
    } else {
        Err(CommandError::WrongArity(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(
            CommandSpec::lookup(b"GeT").map(|spec| spec.name),
            Some("get")
        );
        assert_eq!(CommandSpec::lookup(b"nope"), None);
    }

    #[test]
    fn arity_is_exact_or_a_minimum() {
        let get = CommandSpec::lookup(b"get").expect("get");
        assert_eq!(get.check_arity(2), Ok(()));
        assert_eq!(
            get.check_arity(3),
            Err(CommandError::WrongArity("get".into()))
        );
        let del = CommandSpec::lookup(b"del").expect("del");
        assert_eq!(
            del.check_arity(1),
            Err(CommandError::WrongArity("del".into()))
        );
        assert_eq!(del.check_arity(9), Ok(()));
    }

    #[test]
    fn every_command_parses_with_its_minimum_arguments() {
        for spec in COMMAND_TABLE {
            let argc = spec.arity.unsigned_abs() as usize;
            let mut parts = vec![spec.name.to_string()];
            parts.extend((1..argc).map(|i| {
                if spec.name == "client" {
                    "ID".to_string()
                } else {
                    i.to_string()
                }
            }));
            let result = crate::Command::from_frame(resp::Frame::command(parts.clone()));
            assert!(result.is_ok(), "{parts:?}: {result:?}");
        }
    }
}
