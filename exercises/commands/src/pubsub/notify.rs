//! Keyspace notifications: the store's change log, published as messages.
//!
//! After each command, [`crate::Shared::after_command_named`] hands the changes the command made
//! (in each database) to [`notify_changes`], which names each change with the command's row in
//! the event table (`events.rs`) and publishes, if `notify-keyspace-events` enables its class:
//! - with `K`, on `__keyspace@<db>__:<key>`, the event's name as the message;
//! - with `E`, on `__keyevent@<db>__:<event>`, the key as the message.
//!
//! A key deleted and then written again by the same command (`RENAME` onto an existing key,
//! `COPY ... REPLACE`) was *replaced*: Redis sends no `del` for it, and neither do we. And a
//! command that moves a key publishes the deletion first (`rename_from`, then `rename_to`),
//! whatever order it made its changes in. A key that did not exist before is `new` (class `n`,
//! which `A` does not include), published before the write that created it.
//!
//! The messages go through the same [`super::PubSub::publish`] as `PUBLISH`, so subscribers
//! receive them like any other message. Nothing here runs while notifications are off: the store
//! then logs only the keys somebody observes (`WATCH`, `BLPOP`).
//!
//! How real Redis does it: `notifyKeyspaceEvent` in `src/notify.c`.

use std::collections::HashMap;

use bytes::{BufMut, Bytes, BytesMut};
use store::{Change, ChangeKind};

use super::events::{event_row, Event, EXPIRED, NEW};
use super::PubSub;
use crate::config::KeyspaceEvents;

/// Publishes the events of the changes `command` made, each database's log with its number.
///
/// The logs are taken together because a command that moves a key between databases (`MOVE`)
/// publishes in Redis's order across them: `new` in the destination, `move_from` in the
/// source, then `move_to`.
pub(crate) fn notify_changes(
    pubsub: &PubSub,
    flags: KeyspaceEvents,
    command: &str,
    logs: &[(usize, Vec<Change>)],
) {
    let row = event_row(command);
    let changes = || {
        logs.iter()
            .flat_map(|(db, changes)| changes.iter().map(move |change| (*db, change)))
    };
    // Where each key was last written, to tell a replacement from a deletion.
    let mut last_written: HashMap<(usize, &[u8]), usize> = HashMap::new();
    if changes().any(|(_, change)| change.kind == ChangeKind::Deleted) {
        for (index, (db, change)) in changes().enumerate() {
            if change.kind == ChangeKind::Written {
                last_written.insert((db, &change.key[..]), index);
            }
        }
    }
    let mut writes = 0;
    let mut events = Vec::new();
    for (index, (db, change)) in changes().enumerate() {
        let event = match change.kind {
            ChangeKind::Written => {
                let event = row
                    .written
                    .get(writes)
                    .or_else(|| row.written.last())
                    .copied();
                writes += 1;
                event
            }
            ChangeKind::Deleted => {
                let replaced = last_written
                    .get(&(db, &change.key[..]))
                    .is_some_and(|&written| written > index);
                if replaced {
                    None
                } else {
                    row.deleted
                }
            }
            ChangeKind::Created => Some(NEW),
            ChangeKind::Expired => Some(EXPIRED),
            ChangeKind::ExpirySet => row.expiry_set,
            ChangeKind::Persisted => row.persisted,
            // FLUSHDB, FLUSHALL and SWAPDB log the watched keys they touch for WATCH; Redis
            // sends no per-key event for them.
            ChangeKind::Flushed => None,
        };
        if let Some(event) = event {
            events.push((change.kind, event, db, &change.key));
        }
    }
    if row.deleted_first {
        // A stable sort: creations first (Redis adds the new key before anything is
        // published), then deletions, each group in the order it happened.
        events.sort_by_key(|(kind, _, _, _)| match kind {
            ChangeKind::Created => 0,
            ChangeKind::Deleted => 1,
            _ => 2,
        });
    }
    for (_, event, db, key) in events {
        publish_event(pubsub, flags, db, event, key);
    }
}

/// The background task that publishes what changed outside any command: keys that active
/// expiry deleted (`expired`). Each time a cycle has deleted some ([`store::Db::expired_in_background`]),
/// while notifications are on, it drains the change logs as a command would: the events leave
/// as soon as the keys are gone, as Redis publishes them from inside its expiry cycle. Runs
/// until `shutdown` is cancelled.
pub async fn publish_background_changes(
    shared: std::sync::Arc<crate::Shared>,
    shutdown: tokio_util::sync::CancellationToken,
) {
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            () = shared.db.expired_in_background() => {
                if !shared.notifying.load(std::sync::atomic::Ordering::Relaxed) {
                    continue;
                }
                let mut databases = shared.db.lock();
                shared.after_command(&mut databases);
            }
        }
    }
}

/// Publishes `keymiss` (class `m`) for `key`, which a read did not find in database `db`.
pub(crate) fn notify_key_miss(pubsub: &PubSub, flags: KeyspaceEvents, db: usize, key: &[u8]) {
    let event = Event {
        class: KeyspaceEvents::KEY_MISS,
        name: "keymiss",
    };
    publish_event(pubsub, flags, db, event, &Bytes::copy_from_slice(key));
}

/// Publishes one event on the keyspace channel, then the keyevent channel, as `flags` allow.
fn publish_event(pubsub: &PubSub, flags: KeyspaceEvents, db: usize, event: Event, key: &Bytes) {
    if !flags.publishes(event.class) {
        return;
    }
    let name = Bytes::from_static(event.name.as_bytes());
    if flags.contains(KeyspaceEvents::KEYSPACE) {
        let channel = channel(format_args!("__keyspace@{db}__:"), key);
        pubsub.publish(&channel, &name);
    }
    if flags.contains(KeyspaceEvents::KEYEVENT) {
        let channel = channel(format_args!("__keyevent@{db}__:"), &name);
        pubsub.publish(&channel, key);
    }
}

/// `prefix` followed by `suffix`, which may be binary.
fn channel(prefix: std::fmt::Arguments<'_>, suffix: &[u8]) -> Bytes {
    use std::fmt::Write;
    let mut channel = BytesMut::with_capacity(24 + suffix.len());
    channel
        .write_fmt(prefix)
        .expect("writing to a BytesMut cannot fail");
    channel.put_slice(suffix);
    channel.freeze()
}
