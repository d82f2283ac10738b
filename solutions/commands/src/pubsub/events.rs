//! Which event each command's changes are named: a table, one row per command.
//!
//! The store's write path logs *what* happened to a key ([`store::ChangeKind`]: written,
//! deleted, expired, deadline set, deadline removed). The event's *name* depends on the command:
//! `SET` writes are `set`, `INCRBY` writes are `incrby`, `RENAME`'s deletion is `rename_from`.
//! That is data, not code: a row per command, so a new command needs a row and nothing else.
//!
//! A row names the events of each kind of change. `written` is a list because some commands
//! write two keys differently (`SMOVE`: `srem` on the source, `sadd` on the destination); the
//! n-th write takes the n-th name, and the last name repeats (`MSET`: `set` for every key).
//! A command without a row still reports deletions (`del`), deadlines (`expire`) and expiries
//! (`expired`), but not its writes.
//!
//! How real Redis does it: each command calls `notifyKeyspaceEvent(class, "name", key, dbid)`
//! itself (grep `notifyKeyspaceEvent` in `src/t_*.c`, `src/db.c`, `src/expire.c`).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::config::KeyspaceEvents;

/// One event: its class (the `notify-keyspace-events` letter that enables it) and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// `g`, `$`, `l`, `s`, `h`, `x`, ...
    pub class: KeyspaceEvents,
    /// The name published: `set`, `del`, `lpush`.
    pub name: &'static str,
}

/// How one command's changes are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandEvents {
    /// The command, lower case, as in the command table.
    pub command: &'static str,
    /// Writes, in order; the last repeats. Empty: writes are silent.
    pub written: &'static [Event],
    /// A key deleted by the command (a collection emptied too). `None`: silent.
    pub deleted: Option<Event>,
    /// A key given a deadline.
    pub expiry_set: Option<Event>,
    /// A key whose deadline was removed.
    pub persisted: Option<Event>,
    /// Publish the deletions before the other events, whatever order the command made its
    /// changes in: `RENAME` says `rename_from`, then `rename_to`.
    pub deleted_first: bool,
}

const fn event(class: KeyspaceEvents, name: &'static str) -> Event {
    Event { class, name }
}

const G: KeyspaceEvents = KeyspaceEvents::GENERIC;
const S: KeyspaceEvents = KeyspaceEvents::STRING;
const L: KeyspaceEvents = KeyspaceEvents::LIST;
const H: KeyspaceEvents = KeyspaceEvents::HASH;
const Z: KeyspaceEvents = KeyspaceEvents::SET;

/// `del`: a key deleted by a command, or a collection emptied.
pub const DEL: Event = event(G, "del");
/// `expire`: a key received a deadline.
pub const EXPIRE: Event = event(G, "expire");
/// `persist`: a key lost its deadline.
pub const PERSIST: Event = event(G, "persist");
/// `expired`: a key's deadline passed and it was deleted (class `x`).
pub const EXPIRED: Event = event(KeyspaceEvents::EXPIRED, "expired");
/// `new`: a key that did not exist was created (class `n`), before the write's own event.
pub const NEW: Event = event(KeyspaceEvents::NEW, "new");

/// The usual row: writes named `name` in `class`, deletions `del`, deadlines `expire`, and a
/// lost deadline silent (a `SET` that clears the TTL sends only `set`).
const fn row(command: &'static str, written: &'static [Event]) -> CommandEvents {
    CommandEvents {
        command,
        written,
        deleted: Some(DEL),
        expiry_set: Some(EXPIRE),
        persisted: None,
        deleted_first: false,
    }
}

/// A row for a command that moves a key: deleted as `from` (published first), written as `to`,
/// the deadline carried over silently.
const fn moves(command: &'static str, from: Event, to: &'static [Event]) -> CommandEvents {
    CommandEvents {
        command,
        written: to,
        deleted: Some(from),
        expiry_set: None,
        persisted: None,
        deleted_first: true,
    }
}

/// Every row. Redis's names, from its source at 7.0.15.
pub const EVENTS: &[CommandEvents] = &[
    // Generic (db.c, expire.c).
    row("del", &[]),
    row("unlink", &[]),
    row("expire", &[]),
    row("pexpire", &[]),
    row("expireat", &[]),
    row("pexpireat", &[]),
    CommandEvents {
        persisted: Some(PERSIST),
        ..row("persist", &[])
    },
    moves("rename", event(G, "rename_from"), &[event(G, "rename_to")]),
    moves(
        "renamenx",
        event(G, "rename_from"),
        &[event(G, "rename_to")],
    ),
    CommandEvents {
        deleted: None,
        ..moves("copy", DEL, &[event(G, "copy_to")])
    },
    moves("move", event(G, "move_from"), &[event(G, "move_to")]),
    // Strings (t_string.c).
    row("set", &[event(S, "set")]),
    row("setnx", &[event(S, "set")]),
    row("setex", &[event(S, "set")]),
    row("psetex", &[event(S, "set")]),
    row("getset", &[event(S, "set")]),
    row("mset", &[event(S, "set")]),
    row("msetnx", &[event(S, "set")]),
    row("append", &[event(S, "append")]),
    row("setrange", &[event(S, "setrange")]),
    row("incr", &[event(S, "incrby")]),
    row("decr", &[event(S, "incrby")]),
    row("incrby", &[event(S, "incrby")]),
    row("decrby", &[event(S, "incrby")]),
    row("incrbyfloat", &[event(S, "incrbyfloat")]),
    row("getdel", &[]),
    CommandEvents {
        persisted: Some(PERSIST),
        ..row("getex", &[])
    },
    // Hashes (t_hash.c).
    row("hset", &[event(H, "hset")]),
    row("hsetnx", &[event(H, "hset")]),
    row("hmset", &[event(H, "hset")]),
    row("hdel", &[event(H, "hdel")]),
    row("hincrby", &[event(H, "hincrby")]),
    row("hincrbyfloat", &[event(H, "hincrbyfloat")]),
    // Sets (t_set.c).
    row("sadd", &[event(Z, "sadd")]),
    row("srem", &[event(Z, "srem")]),
    row("spop", &[event(Z, "spop")]),
    row("smove", &[event(Z, "srem"), event(Z, "sadd")]),
    row("sinterstore", &[event(Z, "sinterstore")]),
    row("sunionstore", &[event(Z, "sunionstore")]),
    row("sdiffstore", &[event(Z, "sdiffstore")]),
    // Lists (t_list.c). The commands whose events depend on their arguments name them by
    // the rows below (`Context::name_events_as`): `BLPOP` pops with `lpop`, `LMPOP ... RIGHT`
    // with `rpop`, and a move pushes first, then pops, as Redis's `lmoveGenericCommand` does.
    row("lpush", &[event(L, "lpush")]),
    row("lpushx", &[event(L, "lpush")]),
    row("rpush", &[event(L, "rpush")]),
    row("rpushx", &[event(L, "rpush")]),
    row("linsert", &[event(L, "linsert")]),
    row("lset", &[event(L, "lset")]),
    row("ltrim", &[event(L, "ltrim")]),
    row("lrem", &[event(L, "lrem")]),
    row("lpop", &[event(L, "lpop")]),
    row("rpop", &[event(L, "rpop")]),
    row("rpoplpush", &[event(L, "lpush"), event(L, "rpop")]),
    row("lmove left left", &[event(L, "lpush"), event(L, "lpop")]),
    row("lmove left right", &[event(L, "rpush"), event(L, "lpop")]),
    row("lmove right right", &[event(L, "rpush"), event(L, "rpop")]),
];

/// A command without a row: writes silent, the rest as usual.
const NO_ROW: CommandEvents = row("", &[]);

/// The row of `command` (lower case), or the default one.
pub fn event_row(command: &str) -> &'static CommandEvents {
    static BY_NAME: LazyLock<HashMap<&'static str, &'static CommandEvents>> =
        LazyLock::new(|| EVENTS.iter().map(|row| (row.command, row)).collect());
    BY_NAME.get(command).copied().unwrap_or(&NO_ROW)
}
