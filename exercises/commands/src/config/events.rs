//! `notify-keyspace-events`: which keyspace notifications the server publishes.
//!
//! The setting is a string of one-letter classes, `K` (publish on `__keyspace@<db>__:<key>`), `E`
//! (publish on `__keyevent@<db>__:<event>`), then the kinds of event: `g` generic commands (`DEL`,
//! `EXPIRE`, `RENAME`...), `$` strings, `l` lists, `s` sets, `h` hashes, `z` sorted sets, `x`
//! expired, `e` evicted, `t` streams, `m` key misses, `d` module events, `n` new keys, and `A` as
//! a shorthand for `g$lshzxetd`. Nothing is published unless `K` or `E` is there too; the empty
//! string, the default, turns notifications off.
//!
//! Redis keeps the classes as bit flags and prints them back in a fixed order, with `A` in place
//! of the classes it stands for: `CONFIG SET notify-keyspace-events KEA` reads back as `AKE`.
//!
//! How real Redis does it: `keyspaceEventsStringToFlags` and `keyspaceEventsFlagsToString` in
//! `src/notify.c`, with the `NOTIFY_*` flags in `src/server.h`.

use std::fmt;
use std::ops::BitOr;

/// A set of keyspace-notification classes, as `notify-keyspace-events` holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyspaceEvents(u16);

impl KeyspaceEvents {
    /// No class: notifications off.
    pub const NONE: KeyspaceEvents = KeyspaceEvents(0);
    /// `K`: publish on `__keyspace@<db>__:<key>` channels.
    pub const KEYSPACE: KeyspaceEvents = KeyspaceEvents(1 << 0);
    /// `E`: publish on `__keyevent@<db>__:<event>` channels.
    pub const KEYEVENT: KeyspaceEvents = KeyspaceEvents(1 << 1);
    /// `g`: generic commands such as `DEL`, `EXPIRE`, `RENAME`.
    pub const GENERIC: KeyspaceEvents = KeyspaceEvents(1 << 2);
    /// `$`: string commands.
    pub const STRING: KeyspaceEvents = KeyspaceEvents(1 << 3);
    /// `l`: list commands.
    pub const LIST: KeyspaceEvents = KeyspaceEvents(1 << 4);
    /// `s`: set commands.
    pub const SET: KeyspaceEvents = KeyspaceEvents(1 << 5);
    /// `h`: hash commands.
    pub const HASH: KeyspaceEvents = KeyspaceEvents(1 << 6);
    /// `z`: sorted set commands.
    pub const ZSET: KeyspaceEvents = KeyspaceEvents(1 << 7);
    /// `x`: a key expired.
    pub const EXPIRED: KeyspaceEvents = KeyspaceEvents(1 << 8);
    /// `e`: a key was evicted for `maxmemory`.
    pub const EVICTED: KeyspaceEvents = KeyspaceEvents(1 << 9);
    /// `t`: stream commands.
    pub const STREAM: KeyspaceEvents = KeyspaceEvents(1 << 10);
    /// `m`: a read found no key. Not part of `A`.
    pub const KEY_MISS: KeyspaceEvents = KeyspaceEvents(1 << 11);
    /// `d`: events from modules.
    pub const MODULE: KeyspaceEvents = KeyspaceEvents(1 << 13);
    /// `n`: a new key was created. Not part of `A`.
    pub const NEW: KeyspaceEvents = KeyspaceEvents(1 << 14);
    /// `A`: `g$lshzxetd`, every kind of event but `m` and `n`.
    pub const ALL: KeyspaceEvents = KeyspaceEvents(
        Self::GENERIC.0
            | Self::STRING.0
            | Self::LIST.0
            | Self::SET.0
            | Self::HASH.0
            | Self::ZSET.0
            | Self::EXPIRED.0
            | Self::EVICTED.0
            | Self::STREAM.0
            | Self::MODULE.0,
    );

    /// The classes of a `notify-keyspace-events` string, or `None` if a byte is not a class
    /// letter. Reading stops at a NUL byte, as in C.
    pub fn parse(classes: &[u8]) -> Option<KeyspaceEvents> {
        let mut flags = KeyspaceEvents::NONE;
        for &class in super::c_parse::c_str(classes) {
            flags = flags
                | match class {
                    b'A' => Self::ALL,
                    b'g' => Self::GENERIC,
                    b'$' => Self::STRING,
                    b'l' => Self::LIST,
                    b's' => Self::SET,
                    b'h' => Self::HASH,
                    b'z' => Self::ZSET,
                    b'x' => Self::EXPIRED,
                    b'e' => Self::EVICTED,
                    b'K' => Self::KEYSPACE,
                    b'E' => Self::KEYEVENT,
                    b't' => Self::STREAM,
                    b'm' => Self::KEY_MISS,
                    b'd' => Self::MODULE,
                    b'n' => Self::NEW,
                    _ => return None,
                };
        }
        Some(flags)
    }

    /// Whether every class in `classes` is in this set.
    pub fn contains(self, classes: KeyspaceEvents) -> bool {
        self.0 & classes.0 == classes.0
    }

    /// Whether an event of kind `class` is published at all: the kind is on, and so is `K` or
    /// `E`. What a notifier asks before building channel names.
    pub fn publishes(self, class: KeyspaceEvents) -> bool {
        self.0 & class.0 != 0 && self.0 & (Self::KEYSPACE.0 | Self::KEYEVENT.0) != 0
    }
}

impl BitOr for KeyspaceEvents {
    type Output = KeyspaceEvents;

    fn bitor(self, other: KeyspaceEvents) -> KeyspaceEvents {
        KeyspaceEvents(self.0 | other.0)
    }
}

/// The string `CONFIG GET notify-keyspace-events` replies: `A` for all of `g$lshzxetd`, else
/// each kind in Redis's order, then `K`, `E` and `m`.
impl fmt::Display for KeyspaceEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        if self.contains(Self::ALL) {
            text.push('A');
        } else {
            for (class, letter) in [
                (Self::GENERIC, 'g'),
                (Self::STRING, '$'),
                (Self::LIST, 'l'),
                (Self::SET, 's'),
                (Self::HASH, 'h'),
                (Self::ZSET, 'z'),
                (Self::EXPIRED, 'x'),
                (Self::EVICTED, 'e'),
                (Self::STREAM, 't'),
                (Self::MODULE, 'd'),
                (Self::NEW, 'n'),
            ] {
                if self.contains(class) {
                    text.push(letter);
                }
            }
        }
        for (class, letter) in [
            (Self::KEYSPACE, 'K'),
            (Self::KEYEVENT, 'E'),
            (Self::KEY_MISS, 'm'),
        ] {
            if self.contains(class) {
                text.push(letter);
            }
        }
        f.write_str(&text)
    }
}
