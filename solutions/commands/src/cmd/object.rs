//! `OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ key` and `OBJECT HELP`: how a value is stored.
//!
//! Pre-written. Redis stores a string in one of three encodings, and tutorials show them:
//! - `int`: the text is an integer (a strict one, of at most 20 characters): the number itself
//!   is stored, not its digits. The integers 0 to 9999 are even *shared*: one object for every
//!   key that holds `42`, hence `REFCOUNT` 2147483647 (unless an LRU or LFU `maxmemory-policy`
//!   is in force with a `maxmemory`, which needs an object per key).
//! - `embstr`: up to 44 bytes, stored in the same allocation as the object's header.
//! - `raw`: longer strings, in an allocation of their own.
//!
//! Our strings are all `Bytes`; we report the encoding Redis's `tryObjectEncoding` would choose
//! for the value, which is what `SET`, `MSET`, `GETSET` and friends store.
//!
//! `IDLETIME` is the time since the key was last read or written, which we do not track (we do
//! not evict): it is 0. `FREQ`, the LFU access counter, is only kept with an LFU policy, so
//! without one it is Redis's error; with one we reply the counter of a new key (5).
//!
//! A hash is a `listpack` while it is small (`hash-max-listpack-entries` fields, none longer
//! than `hash-max-listpack-value`), a set of integers an `intset` (up to
//! `set-max-intset-entries`), and both are a `hashtable` beyond; every list is a `quicklist`.
//! Redis converts a collection once and never back; we describe what it holds now, which is
//! the same for a collection that only grew.
//!
//! How real Redis does it: `objectCommand` in `src/object.c`; `tryObjectEncoding` (same file)
//! chooses a string's encoding; `hashTypeTryConversion` (`t_hash.c`) and `setTypeAdd`
//! (`t_set.c`) convert collections.

use bytes::Bytes;
use resp::{string_to_i64, Frame};
use store::Value;

use crate::cmd::connection::help;
use crate::error::c_text;
use crate::table::{AclCategories, Flags, KeyRange, SubcommandSpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "object",
    arity: -2,
    flags: Flags::empty(),
    keys: KeyRange::NONE,
    acl_categories: AclCategories::empty(),
    tips: &[],
    key_specs: &[],
    subcommands: OBJECT_SUBCOMMANDS,
    parse: |args| Object::parse(args).map(Command::Object),
}];

/// `OBJECT`'s subcommands, as `COMMAND INFO object` lists them. (Redis also gives the four that
/// take a key a key spec; a subcommand row has none, see `SubcommandSpec`.)
const OBJECT_SUBCOMMANDS: &[SubcommandSpec] = {
    const KEYSPACE: AclCategories = AclCategories::KEYSPACE;
    const NONDETERMINISTIC: &[&str] = &["nondeterministic_output"];
    &[
        SubcommandSpec::new("object|encoding", 3, Flags::READONLY, KEYSPACE)
            .with_tips(NONDETERMINISTIC),
        SubcommandSpec::new("object|freq", 3, Flags::READONLY, KEYSPACE)
            .with_tips(NONDETERMINISTIC),
        SubcommandSpec::new("object|help", 2, Flags::LOADING.union(Flags::STALE), KEYSPACE),
        SubcommandSpec::new("object|idletime", 3, Flags::READONLY, KEYSPACE)
            .with_tips(NONDETERMINISTIC),
        SubcommandSpec::new("object|refcount", 3, Flags::READONLY, KEYSPACE)
            .with_tips(NONDETERMINISTIC),
    ]
};

/// `OBJECT HELP`'s lines: Redis 7.0's text, byte for byte.
const OBJECT_HELP: &[&str] = &[
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
];

/// The reference count Redis shows for a shared object (`OBJ_SHARED_REFCOUNT`, `INT_MAX`).
const SHARED_REFCOUNT: i64 = i32::MAX as i64;
/// Redis shares the integers below this (`OBJ_SHARED_INTEGERS`).
const SHARED_INTEGERS: i64 = 10_000;
/// A strict integer of at most this many characters is stored as a number.
const INT_MAX_CHARS: usize = 20;
/// Strings up to this many bytes are `embstr` (`OBJ_ENCODING_EMBSTR_SIZE_LIMIT`).
const EMBSTR_SIZE_LIMIT: usize = 44;
/// The LFU counter of a new key (`LFU_INIT_VAL`).
const LFU_INIT_VAL: i64 = 5;

/// A parsed `OBJECT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    /// `OBJECT ENCODING key`.
    Encoding(Bytes),
    /// `OBJECT REFCOUNT key`.
    RefCount(Bytes),
    /// `OBJECT IDLETIME key`.
    IdleTime(Bytes),
    /// `OBJECT FREQ key`.
    Freq(Bytes),
    /// `OBJECT HELP`.
    Help,
}

impl Object {
    /// Parses the subcommand and checks its arity against its row.
    pub fn parse(args: &mut Args) -> Result<Object, CommandError> {
        let subcommand = args.next_bytes()?;
        let row = SubcommandSpec::find(OBJECT_SUBCOMMANDS, &subcommand).ok_or_else(|| {
            CommandError::UnknownSubcommand {
                command: "OBJECT".into(),
                subcommand: c_text(&subcommand, 128),
            }
        })?;
        row.check_arity(args.len() + 2)?;
        Ok(match row.short_name() {
            "help" => Object::Help,
            "encoding" => Object::Encoding(args.next_bytes()?),
            "refcount" => Object::RefCount(args.next_bytes()?),
            "idletime" => Object::IdleTime(args.next_bytes()?),
            _ => Object::Freq(args.next_bytes()?),
        })
    }

    /// Describes the value: null for a missing key.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let key = match &self {
            Object::Help => return Ok(help(OBJECT_HELP)),
            Object::Encoding(key)
            | Object::RefCount(key)
            | Object::IdleTime(key)
            | Object::Freq(key) => key.clone(),
        };
        ctx.count_read_quietly(&key); // Counted, but no `keymiss`: Redis's LOOKUP_NONOTIFY.
        let limits = CompactLimits::of(ctx);
        let (shared_integers, lfu) = policy(ctx);
        let Some(value) = ctx.keyspace().get(&key) else {
            return Ok(Frame::Null);
        };
        let encoding = match value {
            Value::String(text) => string_encoding(text),
            Value::List(_) => "quicklist", // Every list, in Redis 7.0.
            Value::Hash(hash) => hash_encoding(hash, limits),
            Value::Set(set) => set_encoding(set, limits),
        };
        let text = match value {
            Value::String(text) => text.clone(),
            _ => Bytes::new(), // Not a shared integer: its refcount is 1.
        };
        Ok(match self {
            Object::Encoding(_) => Frame::bulk(encoding),
            Object::RefCount(_) => Frame::Integer(refcount(&text, shared_integers)),
            Object::IdleTime(_) if lfu => return Err(CommandError::LfuPolicy),
            Object::IdleTime(_) => Frame::Integer(0),
            Object::Freq(_) if !lfu => return Err(CommandError::NoLfuPolicy),
            Object::Freq(_) => Frame::Integer(LFU_INIT_VAL),
            Object::Help => help(OBJECT_HELP),
        })
    }
}

/// What the memory policy implies: whether small integers are shared, and whether the policy is
/// an LFU one.
fn policy(ctx: &Context<'_>) -> (bool, bool) {
    let config = ctx.shared.config();
    let policy = config.maxmemory_policy();
    let lfu = policy.ends_with("-lfu");
    let per_key_counters = lfu || policy.ends_with("-lru");
    (config.maxmemory() == 0 || !per_key_counters, lfu)
}

/// The encoding Redis gives a string it stores: `int`, `embstr` or `raw`.
pub fn string_encoding(text: &[u8]) -> &'static str {
    if text.len() <= INT_MAX_CHARS && string_to_i64(text).is_some() {
        "int"
    } else if text.len() <= EMBSTR_SIZE_LIMIT {
        "embstr"
    } else {
        "raw"
    }
}

/// The settings under which Redis keeps a small hash or set in a compact encoding.
#[derive(Debug, Clone, Copy)]
struct CompactLimits {
    /// `hash-max-listpack-entries`.
    hash_entries: usize,
    /// `hash-max-listpack-value`: the longest field or value.
    hash_value: usize,
    /// `set-max-intset-entries`.
    set_entries: usize,
}

impl CompactLimits {
    fn of(ctx: &Context<'_>) -> CompactLimits {
        let config = ctx.shared.config();
        CompactLimits {
            hash_entries: config.hash_max_listpack_entries(),
            hash_value: config.hash_max_listpack_value(),
            set_entries: config.set_max_intset_entries(),
        }
    }
}

/// `listpack` for a hash Redis would keep compact, `hashtable` otherwise. Redis converts once
/// and never back; we describe what the hash holds now, which is the same for a hash that
/// only grew.
fn hash_encoding(hash: &store::Hash, limits: CompactLimits) -> &'static str {
    let small = hash.len() <= limits.hash_entries
        && hash
            .iter()
            .all(|(field, value)| field.len() <= limits.hash_value && value.len() <= limits.hash_value);
    if small {
        "listpack"
    } else {
        "hashtable"
    }
}

/// `intset` for a set of integers Redis would keep compact, `hashtable` otherwise (Redis 7.0
/// has no listpack sets). As for hashes, what the set holds now.
fn set_encoding(set: &store::Set, limits: CompactLimits) -> &'static str {
    let integers = set.len() <= limits.set_entries
        && set.iter().all(|member| string_to_i64(member).is_some());
    if integers {
        "intset"
    } else {
        "hashtable"
    }
}

/// The reference count Redis reports for a stored string: shared small integers have the
/// shared objects' count, everything else 1.
fn refcount(text: &[u8], shared_integers: bool) -> i64 {
    match string_to_i64(text) {
        Some(number) if shared_integers && (0..SHARED_INTEGERS).contains(&number) => {
            SHARED_REFCOUNT
        }
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_follow_redis_thresholds() {
        assert_eq!(string_encoding(b"12345"), "int");
        assert_eq!(string_encoding(b"-9223372036854775808"), "int");
        assert_eq!(string_encoding(b"9223372036854775808"), "embstr");
        assert_eq!(string_encoding(b"007"), "embstr");
        assert_eq!(string_encoding(&[b'x'; 44]), "embstr");
        assert_eq!(string_encoding(&[b'x'; 45]), "raw");
        assert_eq!(string_encoding(b""), "embstr");
    }

    #[test]
    fn only_small_integers_are_shared() {
        assert_eq!(refcount(b"9999", true), SHARED_REFCOUNT);
        assert_eq!(refcount(b"10000", true), 1);
        assert_eq!(refcount(b"-1", true), 1);
        assert_eq!(refcount(b"5", false), 1);
        assert_eq!(refcount(b"abc", true), 1);
    }
}
