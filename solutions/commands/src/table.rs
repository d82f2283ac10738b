//! The command table: every command's name, arity, flags and keys, and how to parse it.
//!
//! Pre-written. Redis checks a request against its table *before* the command sees it: an
//! unknown name or a wrong argument count is refused here, with the same two errors for every
//! command. The table also answers `COMMAND`, and tells a transaction what it may queue.
//!
//! Each command's row sits next to its code, in its own file under `cmd/` (a `SPECS` constant);
//! `cmd/mod.rs` lists the files. Lookup is a hash map built once from those rows, so finding a
//! command costs the same with 20 commands or 200.
//!
//! **Arity** counts the command name too: `GET key` has arity 2. A negative arity `-N` means "at
//! least N": `DEL key [key ...]` is -2.
//!
//! How real Redis does it: the table is generated from `src/commands/*.json` into
//! `src/commands.c` (7.0); `lookupCommand` and the arity check are in `processCommand`
//! (`src/server.c`).

use std::collections::HashMap;
use std::sync::LazyLock;

use bitflags::bitflags;

use crate::{Args, Command, CommandError};

bitflags! {
    /// What kind of command it is, as `COMMAND` lists it (Redis's `CMD_*` flags).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Flags: u32 {
        /// May modify the keyspace.
        const WRITE = 1 << 0;
        /// Only reads the keyspace.
        const READONLY = 1 << 1;
        /// May grow memory use (refused when over `maxmemory`).
        const DENYOOM = 1 << 2;
        /// Administrative (`CONFIG`, `FLUSHALL` are not; `DEBUG` is).
        const ADMIN = 1 << 3;
        /// Pub/sub: allowed in subscribed mode under RESP2.
        const PUBSUB = 1 << 4;
        /// Not allowed in scripts.
        const NOSCRIPT = 1 << 5;
        /// May block the client (`BLPOP`).
        const BLOCKING = 1 << 6;
        /// Allowed while loading the dataset.
        const LOADING = 1 << 7;
        /// Allowed on a stale replica.
        const STALE = 1 << 8;
        /// O(1) or O(log N): never slow.
        const FAST = 1 << 9;
        /// Allowed before authentication.
        const NO_AUTH = 1 << 10;
        /// Not allowed inside `MULTI` (`WATCH`, `MULTI` itself).
        const NO_MULTI = 1 << 11;
        /// Allowed while a script is busy.
        const ALLOW_BUSY = 1 << 12;
        /// Some commands that take keys may take none (`EVAL` with 0 keys).
        const NO_MANDATORY_KEYS = 1 << 13;
    }
}

/// The flags' names, in the order Redis prints them (`addReplyCommandFlags` in `src/server.c`).
const FLAG_NAMES: &[(Flags, &str)] = &[
    (Flags::WRITE, "write"),
    (Flags::READONLY, "readonly"),
    (Flags::DENYOOM, "denyoom"),
    (Flags::ADMIN, "admin"),
    (Flags::PUBSUB, "pubsub"),
    (Flags::NOSCRIPT, "noscript"),
    (Flags::BLOCKING, "blocking"),
    (Flags::LOADING, "loading"),
    (Flags::STALE, "stale"),
    (Flags::FAST, "fast"),
    (Flags::NO_AUTH, "no_auth"),
    (Flags::NO_MANDATORY_KEYS, "no_mandatory_keys"),
    (Flags::NO_MULTI, "no_multi"),
    (Flags::ALLOW_BUSY, "allow_busy"),
];

impl Flags {
    /// The names of the flags that are set, in Redis's order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        FLAG_NAMES
            .iter()
            .filter(move |(flag, _)| self.contains(*flag))
            .map(|(_, name)| *name)
    }
}

/// Where a command's keys are among its arguments: positions `first..=last`, every `step`-th.
/// `last` -1 means "to the last argument". All zero: no keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRange {
    /// Position of the first key (0: no keys).
    pub first: i64,
    /// Position of the last key; negative counts from the end.
    pub last: i64,
    /// Distance between keys.
    pub step: i64,
}

impl KeyRange {
    /// No keys.
    pub const NONE: KeyRange = KeyRange::new(0, 0, 0);
    /// One key, right after the name.
    pub const ONE: KeyRange = KeyRange::new(1, 1, 1);
    /// Every argument is a key.
    pub const ALL: KeyRange = KeyRange::new(1, -1, 1);

    /// A range, as `COMMAND` prints it.
    pub const fn new(first: i64, last: i64, step: i64) -> KeyRange {
        KeyRange { first, last, step }
    }

    /// The positions of the keys in a request of `argc` arguments, name included.
    pub fn positions(self, argc: usize) -> impl Iterator<Item = usize> {
        let argc = argc as i64;
        let last = if self.last < 0 {
            argc + self.last
        } else {
            self.last
        };
        let (first, step) = (self.first, self.step.max(1));
        (0..)
            .map(move |i| first + i * step)
            .take_while(move |&position| self.first > 0 && position <= last && position < argc)
            .map(|position| position as usize)
    }
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// Lower-case name, as Redis prints it in errors.
    pub name: &'static str,
    /// Exact argument count (name included), or at least `-arity` if negative.
    pub arity: i64,
    /// What kind of command it is.
    pub flags: Flags,
    /// Where its keys are.
    pub keys: KeyRange,
    /// Parses the arguments after the name into the typed command.
    pub parse: fn(&mut Args) -> Result<Command, CommandError>,
}

impl PartialEq for CommandSpec {
    fn eq(&self, other: &CommandSpec) -> bool {
        self.name == other.name
    }
}

impl Eq for CommandSpec {}

/// Every row, by lower-case name. Built once, on first use.
static TABLE: LazyLock<HashMap<&'static [u8], &'static CommandSpec>> = LazyLock::new(|| {
    crate::cmd::SPECS
        .iter()
        .flat_map(|specs| specs.iter())
        .map(|spec| (spec.name.as_bytes(), spec))
        .collect()
});

/// The longest command name we know is shorter than this; a longer name is unknown.
const LONGEST_NAME: usize = 32;

impl CommandSpec {
    /// The row for `name`, compared without regard to case: `get`, `GET` and `gEt` are one
    /// command. Constant time: one lower-casing into a small buffer, one hash lookup.
    pub fn lookup(name: &[u8]) -> Option<&'static CommandSpec> {
        if name.len() > LONGEST_NAME {
            return None;
        }
        let mut lower = [0u8; LONGEST_NAME];
        let lower = &mut lower[..name.len()];
        lower.copy_from_slice(name);
        lower.make_ascii_lowercase();
        TABLE.get(&*lower).copied()
    }

    /// Every command, in no particular order.
    pub fn all() -> impl Iterator<Item = &'static CommandSpec> {
        TABLE.values().copied()
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
        assert_eq!(CommandSpec::lookup(&[b'g'; 100]), None);
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
    fn names_are_unique_lower_case_and_short() {
        let count: usize = crate::cmd::SPECS.iter().map(|specs| specs.len()).sum();
        assert_eq!(CommandSpec::all().count(), count, "a name is listed twice");
        for spec in CommandSpec::all() {
            assert_eq!(spec.name, spec.name.to_lowercase());
            assert!(spec.name.len() <= LONGEST_NAME);
        }
    }

    #[test]
    fn key_positions_follow_the_range() {
        let keys = |range: KeyRange, argc| range.positions(argc).collect::<Vec<_>>();
        assert_eq!(keys(KeyRange::ONE, 3), vec![1]);
        assert_eq!(keys(KeyRange::ALL, 4), vec![1, 2, 3]);
        assert_eq!(keys(KeyRange::new(1, -1, 2), 5), vec![1, 3]);
        assert_eq!(keys(KeyRange::NONE, 4), Vec::<usize>::new());
    }

    #[test]
    fn every_command_parses_or_refuses_its_minimum_arguments_without_panicking() {
        for spec in CommandSpec::all() {
            let argc = spec.arity.unsigned_abs() as usize;
            let parts: Vec<String> = std::iter::once(spec.name.to_string())
                .chain((1..argc).map(|i| i.to_string()))
                .collect();
            let _ = crate::Command::from_frame(resp::Frame::command(parts));
        }
    }
}
