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
//! A row also carries what `COMMAND INFO` prints and nothing else uses yet: ACL categories
//! ([`AclCategories`]), tips for cluster proxies (`request_policy:all_shards`), key specs
//! ([`KeySpec`]) and, for a container such as `CLIENT`, its subcommands ([`SubcommandSpec`]).
//! They are copied from Redis 7.0.15's `src/commands/*.json`, so `COMMAND INFO` answers as Redis
//! does, byte for byte.
//!
//! How real Redis does it: the table is generated from `src/commands/*.json` into
//! `src/commands.c` (7.0); `lookupCommand` and the arity check are in `processCommand`
//! (`src/server.c`).

mod acl;
mod key_spec;

pub use acl::AclCategories;
pub use key_spec::{BeginSearch, FindKeys, KeyFlags, KeySpec};

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
        /// The keys cannot be found from first/last/step alone: a count says how many
        /// (`SINTERCARD numkeys key ...`). Redis derives it from the key specs.
        const MOVABLE_KEYS = 1 << 14;
        /// Not logged in the slow log itself (`EXEC`: the commands it runs are).
        const SKIP_SLOWLOG = 1 << 15;
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
    (Flags::SKIP_SLOWLOG, "skip_slowlog"),
    (Flags::FAST, "fast"),
    (Flags::NO_AUTH, "no_auth"),
    (Flags::NO_MANDATORY_KEYS, "no_mandatory_keys"),
    (Flags::NO_MULTI, "no_multi"),
    (Flags::MOVABLE_KEYS, "movablekeys"),
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
    /// Where its keys are, as first/last/step (the key specs say the same, in more detail).
    pub keys: KeyRange,
    /// The ACL categories the command is about; those its flags imply are added when printed
    /// ([`AclCategories::with_implied`]).
    pub acl_categories: AclCategories,
    /// Hints for clients and cluster proxies (`nondeterministic_output`,
    /// `request_policy:all_shards`), lower-case, as `COMMAND INFO` prints them.
    pub tips: &'static [&'static str],
    /// Each group of keys: how it is used and where it is.
    pub key_specs: &'static [KeySpec],
    /// A container's subcommands (`client|getname`): every one Redis 7.0 lists, including those
    /// we do not implement, so that `COMMAND INFO client` answers as Redis does.
    pub subcommands: &'static [SubcommandSpec],
    /// Parses the arguments after the name into the typed command.
    pub parse: fn(&mut Args) -> Result<Command, CommandError>,
}

impl PartialEq for CommandSpec {
    fn eq(&self, other: &CommandSpec) -> bool {
        self.name == other.name
    }
}

impl Eq for CommandSpec {}

/// Every row, by lower-case name. Built once, on first use, and hashed with foldhash, the store's
/// fast hasher: clients only look names up, they never insert any, so there is no flooding to
/// defend against with SipHash.
static TABLE: LazyLock<HashMap<&'static [u8], &'static CommandSpec, foldhash::fast::RandomState>> =
    LazyLock::new(|| {
        CommandSpec::all()
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

    /// Every command, in the order of the files in `cmd/mod.rs`.
    pub fn all() -> impl Iterator<Item = &'static CommandSpec> {
        crate::cmd::SPECS.iter().flat_map(|specs| specs.iter())
    }

    /// The subcommand `name` (`getname`, any case) of this container, if it has one by that name.
    pub fn subcommand(&self, name: &[u8]) -> Option<&'static SubcommandSpec> {
        SubcommandSpec::find(self.subcommands, name)
    }

    /// Checks an argument count (name included) against the arity.
    pub fn check_arity(&self, argc: usize) -> Result<(), CommandError> {
        check_arity(self.name, self.arity, argc)
    }
}

/// One subcommand of a container command: `CLIENT GETNAME` is `client|getname`. The container
/// parses it; this row gives its arity and what `COMMAND INFO` prints about it. (None of our
/// containers' subcommands take keys, so a row has no key specs; Redis's `OBJECT ENCODING key`
/// would need them.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubcommandSpec {
    /// Lower-case full name, `container|subcommand`, as Redis prints it in errors.
    pub name: &'static str,
    /// Argument count, the container's name and the subcommand's included (`CLIENT GETNAME`: 2).
    pub arity: i64,
    /// What kind of command it is.
    pub flags: Flags,
    /// The ACL categories it is about; those its flags imply are added when printed.
    pub acl_categories: AclCategories,
    /// Hints for clients and cluster proxies, as for a command.
    pub tips: &'static [&'static str],
}

impl SubcommandSpec {
    /// A subcommand without tips; chain [`SubcommandSpec::with_tips`] to add them.
    pub const fn new(
        name: &'static str,
        arity: i64,
        flags: Flags,
        acl_categories: AclCategories,
    ) -> SubcommandSpec {
        SubcommandSpec {
            name,
            arity,
            flags,
            acl_categories,
            tips: &[],
        }
    }

    /// The same subcommand with tips.
    pub const fn with_tips(self, tips: &'static [&'static str]) -> SubcommandSpec {
        SubcommandSpec { tips, ..self }
    }

    /// The part after the `|`: `getname`.
    pub fn short_name(&self) -> &'static str {
        self.name
            .split_once('|')
            .map_or(self.name, |(_, short)| short)
    }

    /// The subcommand called `name` (any case) among `subcommands`. A container has a dozen at
    /// most, so a scan is as fast as a hash.
    pub fn find(
        subcommands: &'static [SubcommandSpec],
        name: &[u8],
    ) -> Option<&'static SubcommandSpec> {
        subcommands
            .iter()
            .find(|sub| sub.short_name().as_bytes().eq_ignore_ascii_case(name))
    }

    /// Checks an argument count (container and subcommand names included) against the arity.
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

/// The flags of `CONFIG GET`, `SET`, `RESETSTAT` and `REWRITE`.
const CONFIG_FLAGS: Flags = Flags::ADMIN
    .union(Flags::NOSCRIPT)
    .union(Flags::LOADING)
    .union(Flags::STALE);

/// `CONFIG`'s subcommands, as `COMMAND INFO config` describes them (`cmd/config.rs`).
pub(crate) const CONFIG_SUBCOMMANDS: &[SubcommandSpec] = &[
    SubcommandSpec::new("config|get", -3, CONFIG_FLAGS, AclCategories::empty()),
    SubcommandSpec::new(
        "config|help",
        2,
        Flags::LOADING.union(Flags::STALE),
        AclCategories::empty(),
    ),
    SubcommandSpec::new("config|resetstat", 2, CONFIG_FLAGS, AclCategories::empty()),
    SubcommandSpec::new("config|rewrite", 2, CONFIG_FLAGS, AclCategories::empty()),
    SubcommandSpec::new("config|set", -4, CONFIG_FLAGS, AclCategories::empty())
        .with_tips(&["request_policy:all_nodes", "response_policy:all_succeeded"]),
];
