//! Key specifications: where a command's keys are, and what it does to each.
//!
//! Pre-written. A [`KeyRange`](super::KeyRange) (first, last, step) cannot say everything:
//! `SET k v GET` reads and writes its key, `DEL` removes its keys, and `EVAL`'s keys follow a
//! count. Redis 7 describes each group of keys with a *key spec*: flags (how the key is used),
//! where the search for the keys begins (`begin_search`: an index, or after a keyword) and how
//! the keys are found from there (`find_keys`: a range, or a count given in an argument).
//! `COMMAND INFO` prints them, `COMMAND GETKEYS` follows them, and cluster clients route with
//! them.
//!
//! How real Redis does it: `keySpec` in `src/server.h`, filled from the `key_specs` of
//! `src/commands/*.json`; `getKeysUsingKeySpecs` in `src/db.c` follows them.

use bitflags::bitflags;
use bytes::Bytes;
use resp::string_to_i64;

bitflags! {
    /// How a command uses a group of keys (Redis's `CMD_KEY_*` flags).
    ///
    /// Exactly one of `RO`, `RW`, `OW`, `RM` says what happens to the key as a whole; `ACCESS`,
    /// `UPDATE`, `INSERT` and `DELETE` say what happens to the value in it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct KeyFlags: u32 {
        /// Read-only: the key is read, never written (`GET`).
        const RO = 1 << 0;
        /// Read-write: the key is read and may be written (`INCR`).
        const RW = 1 << 1;
        /// Overwrite: the old value is not read, only replaced (`SET` without `GET`).
        const OW = 1 << 2;
        /// Remove: the key is deleted (`DEL`).
        const RM = 1 << 3;
        /// The value (or part of it) is returned to the client.
        const ACCESS = 1 << 4;
        /// The value is updated in place, or its metadata changes (`EXPIRE`).
        const UPDATE = 1 << 5;
        /// Data is added to the value; nothing is replaced or deleted.
        const INSERT = 1 << 6;
        /// Data is deleted from the value.
        const DELETE = 1 << 7;
        /// Not a key at all, but treated like one for cluster routing (a channel of `SPUBLISH`).
        const NOT_KEY = 1 << 8;
        /// The spec may miss keys: the real list needs the command's own logic.
        const INCOMPLETE = 1 << 9;
        /// The flags depend on the arguments (`SET k v GET` reads, `SET k v` does not).
        const VARIABLE_FLAGS = 1 << 10;
    }
}

/// The key flags' names, in the order Redis prints them (`addReplyFlagsForKeyArgs`).
const KEY_FLAG_NAMES: &[(KeyFlags, &str)] = &[
    (KeyFlags::RO, "RO"),
    (KeyFlags::RW, "RW"),
    (KeyFlags::OW, "OW"),
    (KeyFlags::RM, "RM"),
    (KeyFlags::ACCESS, "access"),
    (KeyFlags::UPDATE, "update"),
    (KeyFlags::INSERT, "insert"),
    (KeyFlags::DELETE, "delete"),
    (KeyFlags::NOT_KEY, "not_key"),
    (KeyFlags::INCOMPLETE, "incomplete"),
    (KeyFlags::VARIABLE_FLAGS, "variable_flags"),
];

impl KeyFlags {
    /// The names of the flags that are set, in Redis's order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        KEY_FLAG_NAMES
            .iter()
            .filter(move |(flag, _)| self.contains(*flag))
            .map(|(_, name)| *name)
    }
}

/// Where the search for a group of keys begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeginSearch {
    /// At this argument (the name is 0).
    Index(i64),
    /// Right after this keyword (`STORE` of `GEORADIUS`), searched from `startfrom`: forwards
    /// if positive, backwards from the end if negative.
    Keyword {
        /// The keyword, compared without regard to case.
        keyword: &'static str,
        /// Where the search starts.
        startfrom: i64,
    },
    /// Only the command itself knows.
    Unknown,
}

/// How the keys are found, from where the search began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindKeys {
    /// Every `keystep`-th argument up to `lastkey`, counted from the beginning (0: only the
    /// first key; negative: from the end of the request).
    Range {
        /// The last key, relative to the first one (or to the end if negative).
        lastkey: i64,
        /// Distance between keys.
        keystep: i64,
        /// With `lastkey` -1: only the first 1/`limit` of the remaining arguments (0: all).
        limit: i64,
    },
    /// The number of keys is an argument (`EVAL script numkeys key ...`).
    KeyNum {
        /// Where the count is, relative to where the search began.
        keynumidx: i64,
        /// Where the first key is, relative to where the search began.
        firstkey: i64,
        /// Distance between keys.
        keystep: i64,
    },
    /// Only the command itself knows.
    Unknown,
}

/// One group of keys of a command, as `COMMAND INFO` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    /// A remark for humans, printed first when present.
    pub notes: Option<&'static str>,
    /// How the keys are used.
    pub flags: KeyFlags,
    /// Where the search begins.
    pub begin_search: BeginSearch,
    /// How the keys are found.
    pub find_keys: FindKeys,
}

impl KeySpec {
    /// One key, right after the name: `GET key`, `EXPIRE key seconds`.
    pub const fn one(flags: KeyFlags) -> KeySpec {
        KeySpec::range(flags, 1, 0)
    }

    /// Every argument after the name is a key: `DEL key [key ...]`.
    pub const fn all(flags: KeyFlags) -> KeySpec {
        KeySpec::range(flags, 1, -1)
    }

    /// Keys from argument `index` to `lastkey` (relative, as in [`FindKeys::Range`]), step 1.
    pub const fn range(flags: KeyFlags, index: i64, lastkey: i64) -> KeySpec {
        KeySpec {
            notes: None,
            flags,
            begin_search: BeginSearch::Index(index),
            find_keys: FindKeys::Range {
                lastkey,
                keystep: 1,
                limit: 0,
            },
        }
    }

    /// The same spec with a remark.
    pub const fn with_notes(self, notes: &'static str) -> KeySpec {
        KeySpec {
            notes: Some(notes),
            ..self
        }
    }

    /// The positions of this spec's keys in a whole request (`args[0]` is the name), or `None`
    /// when the spec does not fit the request (a missing keyword's keys are simply none).
    pub fn positions(&self, args: &[Bytes]) -> Option<Vec<usize>> {
        let argc = args.len() as i64;
        let mut first = match self.begin_search {
            BeginSearch::Index(index) => index,
            BeginSearch::Keyword { keyword, startfrom } => {
                match find_keyword(args, keyword, startfrom) {
                    Some(position) => position + 1,
                    None => return Some(Vec::new()),
                }
            }
            BeginSearch::Unknown => return None,
        };
        let (last, step) = match self.find_keys {
            FindKeys::Range {
                lastkey,
                keystep,
                limit,
            } => {
                let last = match (lastkey, limit) {
                    (0.., _) => first + lastkey,
                    (_, 0) => argc + lastkey,
                    _ => first + ((argc - first) / limit + lastkey),
                };
                (last, keystep)
            }
            FindKeys::KeyNum {
                keynumidx,
                firstkey,
                keystep,
            } => {
                let count = usize::try_from(first + keynumidx).ok()?;
                let numkeys = string_to_i64(args.get(count)?).filter(|&n| n >= 0)?;
                first += firstkey;
                (first + numkeys - 1, keystep)
            }
            FindKeys::Unknown => return None,
        };
        if last >= argc || last < first || first >= argc || first < 0 {
            return None;
        }
        if self.flags.contains(KeyFlags::INCOMPLETE) {
            return None;
        }
        let step = usize::try_from(step.max(1)).ok()?;
        Some((first as usize..=last as usize).step_by(step).collect())
    }
}

/// Where `keyword` is, searched as Redis's `getKeysUsingKeySpecs` does: from `startfrom`
/// towards the end when positive, from the end towards the start when negative. The last
/// argument (forwards) and the name's neighbour (backwards) are never candidates.
fn find_keyword(args: &[Bytes], keyword: &str, startfrom: i64) -> Option<i64> {
    let argc = args.len() as i64;
    let (start, end) = if startfrom > 0 {
        (startfrom, argc - 1)
    } else {
        (argc + startfrom, 1)
    };
    let candidates: Vec<i64> = if start <= end {
        (start..end).collect()
    } else {
        (end + 1..=start).rev().collect()
    };
    candidates
        .into_iter()
        .take_while(|&i| (1..argc).contains(&i))
        .find(|&i| args[i as usize].eq_ignore_ascii_case(keyword.as_bytes()))
}
