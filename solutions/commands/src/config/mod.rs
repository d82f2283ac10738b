//! Runtime configuration: every parameter Redis 7.0 has, read by `CONFIG GET` and changed by
//! `CONFIG SET`.
//!
//! Clients and tools talk to a server through its parameters before anything else: test suites
//! `CONFIG SET save ""`, job queues `CONFIG SET notify-keyspace-events Ex`, monitoring reads
//! `CONFIG GET maxmemory`, and client libraries tune encodings (`hash-max-listpack-entries`) even
//! where our data structures have no such thing. A server that answers "unknown option" breaks
//! them, so [`Config`] knows all of Redis's parameters (`params.rs`), checks every value as Redis
//! does, and words each refusal in Redis's words ([`ConfigError`]).
//!
//! Three rules shape the code:
//! - **One table.** A parameter is one row: its name, alias, flags, type, default and bounds.
//!   Reading, checking and printing are generic over the row's type, so adding a parameter is
//!   adding a row.
//! - **All or nothing.** `CONFIG SET a 1 b 2` changes both or neither. We check every name first,
//!   then read every value into a copy of the settings, then swap the copy in: a refusal leaves
//!   nothing half-done, by construction.
//! - **The server reads its limits from here**, through typed accessors ([`Config::maxclients`],
//!   [`Config::proto_max_bulk_len`], [`Config::notify_keyspace_events`]...), so a limit is a
//!   setting, not a constant.
//!
//! The `CONFIG` command itself (its subcommands, arities and `HELP`) is in `command.rs`.
//!
//! How real Redis does it: `src/config.c`: the `static_configs[]` table, `configSetCommand`,
//! `configGetCommand`, and the typed setters and getters above them.

mod c_parse;
mod checks;
mod command;
mod error;
mod events;
mod params;
mod special;
mod value;

use std::collections::HashMap;
use std::sync::LazyLock;

use bytes::Bytes;

use crate::error::c_text;
use crate::glob::string_match;

pub use command::{check_subcommand, pairs_to_frame, ConfigCommand, HELP};
pub use error::{ConfigError, Reason};
pub use events::KeyspaceEvents;
pub use special::{ClientClass, OutputBufferLimit, SavePoint};

use params::{index_of, Kind, Param, HIDDEN, IMMUTABLE, MULTI_ARG, PARAMS, PROTECTED, SENSITIVE};
use value::Value;

/// Who is setting parameters: the command line may set anything, a client only what is
/// modifiable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Start-up arguments (`--port 16379`), like lines of Redis's configuration file: immutable
    /// and protected parameters too, and a parameter named twice takes its last value.
    Startup,
    /// `CONFIG SET` from a client. `local` is whether it connected over the loopback, which
    /// `enable-protected-configs local` cares about.
    Client {
        /// The client's address is 127.0.0.1 or ::1 (or a Unix socket).
        local: bool,
    },
}

/// The value of every parameter, Redis 7.0's defaults to start with.
#[derive(Debug, Clone)]
pub struct Config {
    /// One value per row of `PARAMS`, same order.
    values: Vec<Value>,
}

/// A name `CONFIG` knows: a parameter's own name or its alias. Redis registers both in its
/// dictionary, so both show in `CONFIG GET *` and a `CONFIG SET` of each is a separate entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// The parameter's row.
    index: usize,
    /// Whether this is the alias rather than the parameter's own name.
    alias: bool,
}

impl Entry {
    /// The parameter's row.
    fn param(self) -> &'static Param {
        &PARAMS[self.index]
    }

    /// The name this entry stands for.
    fn name(self) -> &'static str {
        let param = self.param();
        match (self.alias, param.alias) {
            (true, Some(alias)) => alias,
            _ => param.name,
        }
    }

    /// A distinct number per entry, to mark entries already seen.
    fn slot(self) -> usize {
        self.index * 2 + usize::from(self.alias)
    }

    /// Every entry in table order, each alias right after its parameter.
    fn all() -> impl Iterator<Item = Entry> {
        PARAMS.iter().enumerate().flat_map(|(index, param)| {
            let own = Entry {
                index,
                alias: false,
            };
            let alias = param.alias.map(|_| Entry { index, alias: true });
            std::iter::once(own).chain(alias)
        })
    }

    /// The entry named `name`, in any case.
    fn lookup(name: &[u8]) -> Option<Entry> {
        static BY_NAME: LazyLock<HashMap<&'static [u8], Entry>> = LazyLock::new(|| {
            Entry::all()
                .map(|entry| (entry.name().as_bytes(), entry))
                .collect()
        });
        // Every name is short and lower case: fold into a small buffer, no allocation.
        let mut folded = [0u8; 64];
        let folded = folded.get_mut(..name.len())?;
        for (to, from) in folded.iter_mut().zip(name) {
            *to = from.to_ascii_lowercase();
        }
        BY_NAME.get(&folded[..]).copied()
    }
}

/// How many entries there are, parameters and aliases.
fn entry_count() -> usize {
    PARAMS.len() * 2
}

// The rows the typed accessors read, found at compile time.
const MAXCLIENTS: usize = index_of("maxclients");
const HASH_MAX_LISTPACK_ENTRIES: usize = index_of("hash-max-listpack-entries");
const HASH_MAX_LISTPACK_VALUE: usize = index_of("hash-max-listpack-value");
const SET_MAX_INTSET_ENTRIES: usize = index_of("set-max-intset-entries");
const PROTO_MAX_BULK_LEN: usize = index_of("proto-max-bulk-len");
const CLIENT_QUERY_BUFFER_LIMIT: usize = index_of("client-query-buffer-limit");
const HZ: usize = index_of("hz");
const NOTIFY_KEYSPACE_EVENTS: usize = index_of("notify-keyspace-events");
const CLIENT_OUTPUT_BUFFER_LIMIT: usize = index_of("client-output-buffer-limit");
const DATABASES: usize = index_of("databases");
const MAXMEMORY: usize = index_of("maxmemory");
const MAXMEMORY_POLICY: usize = index_of("maxmemory-policy");
const SAVE: usize = index_of("save");
const APPENDONLY: usize = index_of("appendonly");
const PORT: usize = index_of("port");
const BIND: usize = index_of("bind");
const TIMEOUT: usize = index_of("timeout");
const TCP_KEEPALIVE: usize = index_of("tcp-keepalive");
const REQUIREPASS: usize = index_of("requirepass");
const ACTIVE_EXPIRE_EFFORT: usize = index_of("active-expire-effort");
const SLOWLOG_LOG_SLOWER_THAN: usize = index_of("slowlog-log-slower-than");
const SLOWLOG_MAX_LEN: usize = index_of("slowlog-max-len");
const LAZYFREE_LAZY_USER_FLUSH: usize = index_of("lazyfree-lazy-user-flush");
const DIR: usize = index_of("dir");
const ENABLE_PROTECTED_CONFIGS: usize = index_of("enable-protected-configs");

impl Default for Config {
    fn default() -> Config {
        Config::new()
    }
}

impl Config {
    /// Every parameter at Redis 7.0's default, as `redis-server` with no arguments has them
    /// (`port 6379`, `save "3600 1 300 100 60 10000"`); `dir` is the current directory. The
    /// server then applies its own start-up values with [`Config::set`] and [`Origin::Startup`].
    pub fn new() -> Config {
        Config {
            values: PARAMS
                .iter()
                .map(|param| param.kind.default_value())
                .collect(),
        }
    }

    /// `CONFIG GET pattern [pattern ...]`: the `(name, value)` pairs that match, each parameter
    /// once.
    ///
    /// A pattern without `*`, `?` or `[` is looked up as a name (any case, hidden parameters
    /// too), and the reply spells it as the client did: `CONFIG GET MAXMEMORY` answers
    /// `MAXMEMORY`. A glob is matched case-insensitively against every name and alias, except
    /// the hidden test knobs. Pairs come in the order found: pattern by pattern, and within a
    /// glob in the order of Redis's table. (Redis answers in the order of a hash table seeded
    /// at random on each start, so no client can rely on any order.)
    pub fn get(&self, patterns: &[&[u8]]) -> Vec<(String, Bytes)> {
        let mut seen = vec![false; entry_count()];
        let mut found = Vec::new();
        for &pattern in patterns {
            // Redis tests for glob characters with `strpbrk`, which stops at a NUL.
            let glob = c_parse::c_str(pattern);
            if !glob.iter().any(|byte| b"[*?".contains(byte)) {
                if let Some(entry) = Entry::lookup(pattern) {
                    if !std::mem::replace(&mut seen[entry.slot()], true) {
                        found.push((c_text(pattern, usize::MAX), entry));
                    }
                }
                continue;
            }
            for entry in Entry::all() {
                if entry.param().has(HIDDEN) || seen[entry.slot()] {
                    continue;
                }
                if string_match(glob, entry.name().as_bytes(), true) {
                    seen[entry.slot()] = true;
                    found.push((entry.name().to_string(), entry));
                }
            }
        }
        found
            .into_iter()
            .map(|(name, entry)| (name, self.format(entry.index)))
            .collect()
    }

    /// The value of one parameter as `CONFIG GET` prints it, by name or alias in any case; `None`
    /// for a name that is no parameter. For `INFO` and for tests.
    pub fn get_one(&self, name: &str) -> Option<Bytes> {
        Entry::lookup(name.as_bytes()).map(|entry| self.format(entry.index))
    }

    /// `CONFIG SET name value [name value ...]`: all or nothing.
    ///
    /// Every name is checked first, in order, and the first problem is the error: a name that
    /// is no parameter, an immutable or protected one (for a client), or one named twice. An
    /// alias and its parameter are different names to Redis, so `hash-max-listpack-entries 1
    /// hash-max-ziplist-entries 2` is allowed and the last one wins. Then every value is read
    /// and checked, in order, into a copy; the applies run (`hz` is clamped to 1..=500); and only
    /// then does the copy replace the settings.
    ///
    /// Returns the names of the parameters whose value changed, for the server to act on (a new
    /// `maxclients`, say).
    pub fn set(
        &mut self,
        pairs: &[(&[u8], &[u8])],
        origin: Origin,
    ) -> Result<Vec<&'static str>, ConfigError> {
        let entries = self.check_names(pairs, origin)?;
        let mut staged = self.values.clone();
        let mut changed: Vec<&'static str> = Vec::new();
        // Each apply once, with the name that first asked for it (Redis's `apply_fns`).
        let mut applies: Vec<(checks::Apply, &'static str)> = Vec::new();
        for (&(_, raw), entry) in pairs.iter().zip(entries) {
            let param = entry.param();
            let rejected = |reason| ConfigError::Rejected {
                name: entry.name().to_string(),
                reason,
            };
            let current = &staged[entry.index];
            let value = param
                .kind
                .parse(raw, param.has(MULTI_ARG), current)
                .map_err(rejected)?;
            if let Some(check) = param.check {
                check.run(&value).map_err(rejected)?;
            }
            if value == *current && !param.has(params::VOLATILE) {
                continue;
            }
            staged[entry.index] = value;
            if !changed.contains(&param.name) {
                changed.push(param.name);
            }
            if let Some(apply) = param.apply {
                if !applies.iter().any(|&(queued, _)| queued == apply) {
                    applies.push((apply, entry.name()));
                }
            }
        }
        for (apply, name) in applies {
            apply
                .run(&mut staged)
                .map_err(|reason| ConfigError::Rejected {
                    name: name.to_string(),
                    reason,
                })?;
        }
        self.values = staged;
        Ok(changed)
    }

    /// The entries `pairs` name, or the first reason to refuse one before reading any value.
    fn check_names(
        &self,
        pairs: &[(&[u8], &[u8])],
        origin: Origin,
    ) -> Result<Vec<Entry>, ConfigError> {
        let mut seen = vec![false; entry_count()];
        let mut entries = Vec::with_capacity(pairs.len());
        for &(name, _) in pairs {
            let Some(entry) = Entry::lookup(name) else {
                return Err(ConfigError::UnknownOption(c_text(name, usize::MAX)));
            };
            if let Origin::Client { local } = origin {
                let refuse = |reason| {
                    Err(ConfigError::Rejected {
                        name: c_text(name, usize::MAX),
                        reason,
                    })
                };
                let param = entry.param();
                if param.has(IMMUTABLE) {
                    return refuse(Reason::Immutable);
                }
                if param.has(PROTECTED) && !self.protected_configs_allowed(local) {
                    return refuse(Reason::Protected);
                }
                if std::mem::replace(&mut seen[entry.slot()], true) {
                    return refuse(Reason::Duplicate);
                }
            }
            entries.push(entry);
        }
        Ok(entries)
    }

    /// Whether `enable-protected-configs` lets this client set `dir` and `dbfilename`.
    fn protected_configs_allowed(&self, local: bool) -> bool {
        match self.values[ENABLE_PROTECTED_CONFIGS] {
            Value::Enum(1) => true,
            Value::Enum(2) => local,
            _ => false,
        }
    }

    /// Whether `name` is a secret parameter (`requirepass`, `masterauth`, `masteruser`), whose
    /// value a `CONFIG SET` must not show in logs, `MONITOR` or `SLOWLOG`.
    pub fn is_sensitive(name: &[u8]) -> bool {
        Entry::lookup(name).is_some_and(|entry| entry.param().has(SENSITIVE))
    }

    /// The value of row `index`, printed.
    fn format(&self, index: usize) -> Bytes {
        let param = &PARAMS[index];
        Bytes::from(param.kind.format(&self.values[index], param.has(MULTI_ARG)))
    }

    /// A numeric parameter's value.
    fn number(&self, index: usize) -> i64 {
        match self.values[index] {
            Value::Number(number) => number,
            ref other => unreachable!("{} holds {other:?}", PARAMS[index].name),
        }
    }

    /// A numeric parameter that is a size or a count, as a `usize` (saturating).
    fn size(&self, index: usize) -> usize {
        usize::try_from(self.number(index)).unwrap_or(usize::MAX)
    }

    /// A yes/no parameter's value.
    fn boolean(&self, index: usize) -> bool {
        match self.values[index] {
            Value::Bool(yes) => yes,
            ref other => unreachable!("{} holds {other:?}", PARAMS[index].name),
        }
    }

    /// A string parameter's value.
    fn text(&self, index: usize) -> &Bytes {
        match &self.values[index] {
            Value::Text(text) | Value::Dir(text) => text,
            other => unreachable!("{} holds {other:?}", PARAMS[index].name),
        }
    }

    /// A choice parameter's value, as its name.
    fn choice(&self, index: usize) -> &'static str {
        let param = &PARAMS[index];
        let (Kind::Choice { choices, .. }, Value::Enum(chosen)) = (param.kind, &self.values[index])
        else {
            unreachable!("{} is a choice", param.name)
        };
        choices
            .iter()
            .find(|&&(_, value)| value == *chosen)
            .map_or("unknown", |&(name, _)| name)
    }

    /// `hash-max-listpack-entries`: the most fields of a compact hash (`OBJECT ENCODING`).
    pub fn hash_max_listpack_entries(&self) -> usize {
        self.size(HASH_MAX_LISTPACK_ENTRIES)
    }

    /// `hash-max-listpack-value`: the longest field or value of a compact hash.
    pub fn hash_max_listpack_value(&self) -> usize {
        self.size(HASH_MAX_LISTPACK_VALUE)
    }

    /// `set-max-intset-entries`: the most members of a set of integers kept compact.
    pub fn set_max_intset_entries(&self) -> usize {
        self.size(SET_MAX_INTSET_ENTRIES)
    }

    /// `maxclients`: how many clients may be connected at once (default 10000).
    pub fn maxclients(&self) -> usize {
        self.size(MAXCLIENTS)
    }

    /// `proto-max-bulk-len`: the largest bulk string a client may send (default 512 MiB).
    pub fn proto_max_bulk_len(&self) -> usize {
        self.size(PROTO_MAX_BULK_LEN)
    }

    /// `client-query-buffer-limit`: the most unparsed input a client may leave buffered before it
    /// is disconnected (default 1 GiB).
    pub fn client_query_buffer_limit(&self) -> usize {
        self.size(CLIENT_QUERY_BUFFER_LIMIT)
    }

    /// `hz`: how many times a second background tasks (active expiry) run, 1 to 500 (default 10).
    pub fn hz(&self) -> u32 {
        u32::try_from(self.number(HZ)).unwrap_or(10)
    }

    /// `notify-keyspace-events`: which keyspace notifications to publish (default none).
    pub fn notify_keyspace_events(&self) -> KeyspaceEvents {
        match self.values[NOTIFY_KEYSPACE_EVENTS] {
            Value::Events(events) => events,
            ref other => unreachable!("notify-keyspace-events holds {other:?}"),
        }
    }

    /// `client-output-buffer-limit` for one class of client.
    pub fn client_output_buffer_limit(&self, class: ClientClass) -> OutputBufferLimit {
        match &self.values[CLIENT_OUTPUT_BUFFER_LIMIT] {
            Value::OutputBufferLimits(limits) => limits[class.index()],
            other => unreachable!("client-output-buffer-limit holds {other:?}"),
        }
    }

    /// `databases`: how many databases `SELECT` can choose from (default 16; start-up only).
    pub fn databases(&self) -> usize {
        self.size(DATABASES)
    }

    /// `maxmemory`: the memory limit in bytes, 0 for none (the default).
    pub fn maxmemory(&self) -> u64 {
        self.number(MAXMEMORY) as u64
    }

    /// `maxmemory-policy`: what to do at the memory limit, by name (default `noeviction`).
    pub fn maxmemory_policy(&self) -> &'static str {
        self.choice(MAXMEMORY_POLICY)
    }

    /// `save`: when to snapshot (default after 3600 s and 1 change, 300 s and 100, 60 s and
    /// 10000). Empty for never.
    pub fn save(&self) -> &[SavePoint] {
        match &self.values[SAVE] {
            Value::Save(points) => points,
            other => unreachable!("save holds {other:?}"),
        }
    }

    /// `appendonly`: whether the append-only file is on (default no).
    pub fn appendonly(&self) -> bool {
        self.boolean(APPENDONLY)
    }

    /// `port`: the TCP port to listen on (default 6379).
    pub fn port(&self) -> u16 {
        u16::try_from(self.number(PORT)).unwrap_or(0)
    }

    /// `bind`: the addresses to listen on (default `*` and `-::*`).
    pub fn bind(&self) -> &[Bytes] {
        match &self.values[BIND] {
            Value::Bind(addresses) => addresses,
            other => unreachable!("bind holds {other:?}"),
        }
    }

    /// `timeout`: seconds of idleness after which a client is closed, 0 for never (the default).
    pub fn timeout(&self) -> u64 {
        self.number(TIMEOUT).unsigned_abs()
    }

    /// `tcp-keepalive`: seconds between TCP keepalive probes, 0 for none (default 300).
    pub fn tcp_keepalive(&self) -> u64 {
        self.number(TCP_KEEPALIVE).unsigned_abs()
    }

    /// `requirepass`: the default user's password, if one is set.
    pub fn requirepass(&self) -> Option<&Bytes> {
        Some(self.text(REQUIREPASS)).filter(|password| !password.is_empty())
    }

    /// `active-expire-effort`: 1 to 10, how hard active expiry works (default 1).
    pub fn active_expire_effort(&self) -> u32 {
        u32::try_from(self.number(ACTIVE_EXPIRE_EFFORT)).unwrap_or(1)
    }

    /// `slowlog-log-slower-than`: microseconds; -1 disables the slow log, 0 logs everything.
    pub fn slowlog_log_slower_than(&self) -> i64 {
        self.number(SLOWLOG_LOG_SLOWER_THAN)
    }

    /// `slowlog-max-len`: how many entries the slow log keeps (default 128).
    pub fn slowlog_max_len(&self) -> usize {
        self.size(SLOWLOG_MAX_LEN)
    }

    /// `lazyfree-lazy-user-flush`: whether `FLUSHALL`/`FLUSHDB` without a mode free in the
    /// background (default no).
    pub fn lazyfree_lazy_user_flush(&self) -> bool {
        self.boolean(LAZYFREE_LAZY_USER_FLUSH)
    }

    /// `dir`: the working directory, where snapshots would go.
    pub fn dir(&self) -> &[u8] {
        self.text(DIR)
    }
}

#[cfg(test)]
mod tests;
