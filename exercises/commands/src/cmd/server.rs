//! The server's databases as a whole: `DBSIZE`, `FLUSHDB`, `FLUSHALL`, `SWAPDB`, `MOVE`, and
//! `TIME`.
//!
//! Pre-written. Test tools and client libraries start with `FLUSHALL` or `FLUSHDB` to get a
//! clean slate, and tutorials use several databases (`redis.Redis(db=1)`), so these must answer
//! as Redis 7.0 does.
//! - `FLUSHDB`/`FLUSHALL [ASYNC | SYNC]`: either way the keys are gone before the reply; a big
//!   database is freed in the background (see `store`'s `databases.rs`).
//! - `SWAPDB a b` exchanges two databases' contents: clients of one now see the other's keys.
//! - `MOVE key db` moves a key, with its TTL, unless the target already has that key.
//!
//! How real Redis does it: `dbsizeCommand`, `flushdbCommand`, `flushallCommand`,
//! `swapdbCommand` and `moveCommand` in `src/db.c`; `timeCommand` in `src/server.c`.

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "dbsize",
        arity: 1,
        flags: Flags::READONLY.union(Flags::FAST),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &["request_policy:all_shards", "response_policy:agg_sum"],
        key_specs: &[],
        subcommands: &[],
        parse: |_| Ok(Command::DbSize(DbSize)),
    },
    CommandSpec {
        name: "flushdb",
        arity: -1,
        flags: Flags::WRITE,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::KEYSPACE.union(AclCategories::DANGEROUS),
        tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
        key_specs: &[],
        subcommands: &[],
        parse: |args| FlushDb::parse(args).map(Command::FlushDb),
    },
    CommandSpec {
        name: "flushall",
        arity: -1,
        flags: Flags::WRITE,
        keys: KeyRange::NONE,
        acl_categories: AclCategories::KEYSPACE.union(AclCategories::DANGEROUS),
        tips: &["request_policy:all_shards", "response_policy:all_succeeded"],
        key_specs: &[],
        subcommands: &[],
        parse: |args| FlushAll::parse(args).map(Command::FlushAll),
    },
    CommandSpec {
        name: "swapdb",
        arity: 3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::KEYSPACE.union(AclCategories::DANGEROUS),
        tips: &[],
        key_specs: &[],
        subcommands: &[],
        parse: |args| SwapDb::parse(args).map(Command::SwapDb),
    },
    CommandSpec {
        name: "move",
        arity: 3,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::ONE,
        acl_categories: AclCategories::KEYSPACE,
        tips: &[],
        key_specs: &[KeySpec::one(KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::UPDATE))],
        subcommands: &[],
        parse: |args| Move::parse(args).map(Command::Move),
    },
    CommandSpec {
        name: "time",
        arity: 1,
        flags: Flags::LOADING.union(Flags::STALE).union(Flags::FAST),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::empty(),
        tips: &["nondeterministic_output"],
        key_specs: &[],
        subcommands: &[],
        parse: |_| Ok(Command::Time(Time)),
    },
];

/// `DBSIZE`: how many keys the selected database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbSize;

impl DbSize {
    /// Replies the count. Keys that expired but were not removed yet still count, as in Redis.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        Ok(Frame::Integer(ctx.keyspace().len() as i64))
    }
}

/// `ASYNC` or `SYNC`, as `FLUSHDB` and `FLUSHALL` take it. Both empty the keyspace before
/// replying; the option only says how the memory is freed, which we decide by size.
fn parse_flush_mode(args: &mut Args) -> Result<(), CommandError> {
    if args.is_empty() {
        return Ok(());
    }
    let mode = args.next_bytes()?;
    let known = mode.eq_ignore_ascii_case(b"ASYNC") || mode.eq_ignore_ascii_case(b"SYNC");
    if !known || !args.is_empty() {
        return Err(CommandError::Syntax);
    }
    Ok(())
}

/// `FLUSHDB [ASYNC | SYNC]`: deletes every key of the selected database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlushDb;

impl FlushDb {
    /// Parses the optional mode.
    pub fn parse(args: &mut Args) -> Result<FlushDb, CommandError> {
        parse_flush_mode(args).map(|()| FlushDb)
    }

    /// Empties the database.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.databases.flush(ctx.session.db);
        Ok(Frame::ok())
    }
}

/// `FLUSHALL [ASYNC | SYNC]`: deletes every key of every database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlushAll;

impl FlushAll {
    /// Parses the optional mode.
    pub fn parse(args: &mut Args) -> Result<FlushAll, CommandError> {
        parse_flush_mode(args).map(|()| FlushAll)
    }

    /// Empties every database.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        for index in 0..ctx.databases.count() {
            ctx.databases.flush(index);
        }
        Ok(Frame::ok())
    }
}

/// `SWAPDB index1 index2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwapDb {
    /// The first database.
    pub first: i64,
    /// The second database.
    pub second: i64,
}

impl SwapDb {
    /// Parses the two indexes, each a 32-bit integer or Redis's "invalid ... DB index".
    pub fn parse(args: &mut Args) -> Result<SwapDb, CommandError> {
        let index = |arg: Bytes, error: CommandError| {
            string_to_i64(&arg)
                .filter(|&index| i32::try_from(index).is_ok())
                .ok_or(error)
        };
        let first = index(args.next_bytes()?, CommandError::InvalidFirstDbIndex)?;
        let second = index(args.next_bytes()?, CommandError::InvalidSecondDbIndex)?;
        Ok(SwapDb { first, second })
    }

    /// Exchanges the two databases.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let first = db_index(self.first, ctx)?;
        let second = db_index(self.second, ctx)?;
        ctx.databases.swap(first, second);
        Ok(Frame::ok())
    }
}

/// `MOVE key db`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The key to move.
    pub key: Bytes,
    /// The database to move it to.
    pub db: i64,
}

impl Move {
    /// Parses the key and the target database, a 32-bit integer.
    pub fn parse(args: &mut Args) -> Result<Move, CommandError> {
        let key = args.next_bytes()?;
        let db = args.next_integer()?;
        if i32::try_from(db).is_err() {
            return Err(CommandError::OutOfIntRange);
        }
        Ok(Move { key, db })
    }

    /// Moves the key with its TTL; replies 1, or 0 if it is missing here or present there.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let target = db_index(self.db, ctx)?;
        let source = ctx.session.db;
        if target == source {
            return Err(CommandError::SameObject);
        }
        let (from, to) = ctx.databases.pair_mut(source, target);
        let Some(value) = from.get(&self.key).cloned() else {
            return Ok(Frame::Integer(0));
        };
        if to.exists(&self.key) {
            return Ok(Frame::Integer(0));
        }
        let deadline = from.expires_at(&self.key);
        from.delete(&self.key);
        to.set(self.key.clone(), value);
        if let Some(deadline) = deadline {
            to.set_expiry(&self.key, deadline);
        }
        Ok(Frame::Integer(1))
    }
}

/// `TIME`: the server's clock, as seconds and microseconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Time;

impl Time {
    /// Replies `[seconds, microseconds]`, both as bulk strings.
    pub fn apply(self, _ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let text = |number: u64| Frame::bulk(itoa::Buffer::new().format(number).to_string());
        Ok(Frame::Array(vec![
            text(now.as_secs()),
            text(u64::from(now.subsec_micros())),
        ]))
    }
}

/// A database index given by a client: within `0..databases`, or "DB index is out of range".
pub(crate) fn db_index(index: i64, ctx: &Context<'_>) -> Result<usize, CommandError> {
    usize::try_from(index)
        .ok()
        .filter(|&index| index < ctx.databases.count())
        .ok_or(CommandError::DbIndexOutOfRange)
}
