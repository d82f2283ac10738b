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
        assert_eq!(
            TABLE.len(),
            CommandSpec::all().count(),
            "a name is listed twice"
        );
        for spec in CommandSpec::all() {
            assert_eq!(spec.name, spec.name.to_lowercase());
            assert!(spec.name.len() <= LONGEST_NAME);
        }
    }

    /// The first/last/step Redis derives from the key specs (`populateCommandLegacyRangeSpec`):
    /// the range of the index-and-range specs with step 1 that follow each other.
    fn legacy_range(key_specs: &[KeySpec]) -> KeyRange {
        let ranges: Vec<(i64, i64, i64)> = key_specs
            .iter()
            .filter_map(
                |key_spec| match (key_spec.begin_search, key_spec.find_keys) {
                    (
                        BeginSearch::Index(index),
                        FindKeys::Range {
                            lastkey, keystep, ..
                        },
                    ) => Some((index, lastkey, keystep)),
                    _ => None,
                },
            )
            .collect();
        match ranges.as_slice() {
            [] => KeyRange::NONE,
            [(index, lastkey, step)] => {
                let last = if *lastkey >= 0 {
                    index + lastkey
                } else {
                    *lastkey
                };
                KeyRange::new(*index, last, *step)
            }
            _ => {
                let first = ranges.iter().map(|(index, ..)| *index).min().unwrap_or(0);
                let last = ranges
                    .iter()
                    .map(|(index, lastkey, _)| {
                        if *lastkey >= 0 {
                            index + lastkey
                        } else {
                            *lastkey
                        }
                    })
                    .max_by_key(|&last| last as u64)
                    .unwrap_or(0);
                KeyRange::new(first, last, 1)
            }
        }
    }

    #[test]
    fn every_row_is_consistent_with_itself() {
        let implied = AclCategories::IMPLIED;
        for spec in CommandSpec::all() {
            let name = spec.name;
            assert_eq!(
                spec.keys,
                legacy_range(spec.key_specs),
                "{name}: its first/last/step must be what Redis derives from its key specs"
            );
            assert!(
                !spec.flags.contains(Flags::WRITE | Flags::READONLY),
                "{name}: write and readonly at once"
            );
            let movable = spec.key_specs.iter().any(|key_spec| {
                !matches!(
                    (key_spec.begin_search, key_spec.find_keys),
                    (BeginSearch::Index(_), FindKeys::Range { .. })
                )
            });
            assert_eq!(
                spec.flags.contains(Flags::MOVABLE_KEYS),
                movable,
                "{name}: movablekeys exactly when a key spec is not an index and a range"
            );
            assert!(
                !spec.acl_categories.intersects(implied),
                "{name}: a row lists only the categories its flags do not imply"
            );
            for key_spec in spec.key_specs {
                let kind =
                    key_spec.flags & (KeyFlags::RO | KeyFlags::RW | KeyFlags::OW | KeyFlags::RM);
                assert_eq!(
                    kind.iter().count(),
                    1,
                    "{name}: a key spec has exactly one of RO, RW, OW, RM"
                );
                if spec.flags.contains(Flags::READONLY) {
                    assert_eq!(kind, KeyFlags::RO, "{name}: a readonly command only reads");
                }
                assert_ne!(key_spec.notes, Some(""), "{name}: empty notes");
            }
            // A write command writes some of its keys; it may only read others (COPY's source).
            if spec.flags.contains(Flags::WRITE) && !spec.key_specs.is_empty() {
                assert!(
                    spec.key_specs
                        .iter()
                        .any(|key_spec| !key_spec.flags.contains(KeyFlags::RO)),
                    "{name}: a write command writes some of its keys"
                );
            }
            if !spec.subcommands.is_empty() {
                assert!(
                    spec.arity < 0,
                    "{name}: a container takes its subcommands' arguments"
                );
                assert!(
                    spec.key_specs.is_empty(),
                    "{name}: a container takes no keys"
                );
            }
            for sub in spec.subcommands {
                assert_eq!(
                    sub.name.split_once('|').map(|(container, _)| container),
                    Some(name),
                    "{}: a subcommand is named container|subcommand",
                    sub.name
                );
                assert_eq!(sub.name, sub.name.to_lowercase());
                assert!(sub.arity >= 2 || sub.arity <= -2, "{}: arity", sub.name);
                assert!(!sub.acl_categories.intersects(implied), "{}", sub.name);
                assert_eq!(spec.subcommand(sub.short_name().as_bytes()), Some(sub));
            }
            for tip in spec
                .tips
                .iter()
                .chain(spec.subcommands.iter().flat_map(|sub| sub.tips))
            {
                let known = ["nondeterministic_output", "nondeterministic_output_order"]
                    .contains(tip)
                    || tip.starts_with("request_policy:")
                    || tip.starts_with("response_policy:");
                assert!(known && *tip == tip.to_lowercase(), "{name}: tip {tip}");
            }
        }
    }

    #[test]
    fn every_subcommand_checks_the_arity_of_its_row_or_is_unknown() {
        for spec in CommandSpec::all() {
            for sub in spec.subcommands {
                // One argument too many for an exact arity, one too few for a minimum (but
                // never fewer than the container and the subcommand).
                let argc = if sub.arity > 0 {
                    sub.arity + 1
                } else {
                    -sub.arity - 1
                };
                if argc < 2 {
                    continue;
                }
                let parts: Vec<String> = [spec.name, sub.short_name()]
                    .into_iter()
                    .map(str::to_string)
                    .chain((2..argc).map(|i| i.to_string()))
                    .collect();
                match crate::Command::from_frame(resp::Frame::command(parts)) {
                    Err(CommandError::WrongArity(name)) => assert_eq!(name, sub.name),
                    Err(CommandError::UnknownSubcommand { .. }) => {}
                    other => panic!(
                        "{} with {argc} arguments: the arity of its row is not the one its \
                         container checks ({other:?})",
                        sub.name
                    ),
                }
            }
        }
    }

    #[test]
    fn subcommands_are_found_by_their_short_name_in_any_case() {
        let client = CommandSpec::lookup(b"client").expect("client");
        assert_eq!(
            client.subcommand(b"GetName").map(|sub| sub.name),
            Some("client|getname")
        );
        assert_eq!(client.subcommand(b"client|getname"), None);
        assert_eq!(client.subcommand(b""), None);
        assert_eq!(
            SubcommandSpec::find(CONFIG_SUBCOMMANDS, b"SET").map(|sub| sub.arity),
            Some(-4)
        );
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
