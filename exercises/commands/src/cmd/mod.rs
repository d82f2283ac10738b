//! One command per file. Each has `parse` (arguments → struct), `apply` (struct → reply) and
//! its rows of the command table, `SPECS`.
//!
//! - Step 3: `ping`, `echo`, `get`, `set` (all its options: parsing them is command work),
//!   `del`, `exists`, `incr`.
//! - Step 4: `expire`, `ttl`, `persist`. `SET ... EX 10` parses in step 3 but stores its TTL with
//!   `Keyspace::set_expiry`, a step-4 stub, so it works from step 4 on.
//! - Pre-written, because `redis-cli`, client libraries and test tools send them:
//!   `connection` (`SELECT`, `HELLO`, `CLIENT`, `QUIT`, `RESET`), `introspection` (`COMMAND`),
//!   `info` (`INFO`), `server` (`DBSIZE`, `FLUSHDB`, `FLUSHALL`, `SWAPDB`, `MOVE`, `TIME`).
//!
//! **Adding a command** is its file, plus its type in the list below: the list generates the
//! `Command` enum, its dispatch, and the table. Nothing else changes.

use resp::Frame;

use crate::{CommandError, CommandSpec, Context};

/// Declares the command files: `module { Type, ... }`. Generates `mod module;`, the re-exports,
/// one `Command` variant per type, the dispatch to each type's `apply`, and the list of every
/// file's `SPECS`.
macro_rules! commands {
    ($( $module:ident { $( $command:ident ),+ $(,)? } )+) => {
        $(
            mod $module;
            pub use $module::{$( $command ),+};
        )+

        /// A parsed request, ready to run: one variant per command type. `INCR`, `DECR`,
        /// `INCRBY` and `DECRBY` are one type with a different delta, as in Redis's
        /// `t_string.c`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Command {
            $( $(
                #[allow(missing_docs)]
                $command($command),
            )+ )+
        }

        impl Command {
            /// Runs the command: each type's `apply`.
            pub(crate) fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
                match self {
                    $( $( Command::$command(command) => command.apply(ctx), )+ )+
                }
            }
        }

        /// Every file's rows of the command table.
        pub(crate) const SPECS: &[&[CommandSpec]] = &[ $( $module::SPECS, )+ ];
    };
}

pub mod list;
mod long_double;
mod sample;

commands! {
    ping { Ping }
    echo { Echo }
    get { Get }
    set { Set }
    del { Del }
    exists { Exists }
    incr { IncrBy }
    expire { Expire }
    ttl { Ttl }
    persist { Persist }
    connection { Select, Hello, Client, Quit, Reset }
    introspection { CommandCommand }
    info { Info }
    config { ConfigCommand }
    server { DbSize, FlushDb, FlushAll, SwapDb, Move, Time }
    hset { HSet, HSetNx }
    hget { HGet, HMGet }
    hgetall { HGetAll, HKeys, HVals }
    hdel { HDel }
    hlen { HLen, HExists, HStrLen }
    hincrby { HIncrBy }
    hincrbyfloat { HIncrByFloat }
    hrandfield { HRandField }
    hscan { HScan }
    sadd { SAdd, SRem }
    smembers { SMembers }
    sismember { SIsMember, SMIsMember, SCard }
    spop { SPop, SRandMember }
    smove { SMove }
    sinter { SInter, SInterCard, SInterStore }
    sunion { SUnionDiff }
    sscan { SScan }
    keys { Keys }
    scan { Scan }
    rename { Rename }
    key_type { Type }
    copy { Copy }
    randomkey { RandomKey }
    touch { Touch }
    unlink { Unlink }
    object { Object }
    expireat { ExpireAt }
    expiretime { ExpireTime }
    mset { MSet }
    mget { MGet }
    append { Append }
    strlen { StrLen }
    getrange { GetRange }
    setrange { SetRange }
    setnx { SetNx }
    setex { SetEx }
    getset { GetSet }
    getdel { GetDel }
    getex { GetEx }
    incrbyfloat { IncrByFloat }
    lcs { Lcs }
    multi { Multi, Exec, Discard }
    watch { Watch, Unwatch }
    subscribe { Subscribe, Unsubscribe, PSubscribe, PUnsubscribe }
    publish { Publish }
    pubsub_command { PubSubCommand }
    lpush { Push }
    lpop { Pop }
    llen { LLen, LIndex }
    lrange { LRange, LTrim }
    lset { LSet, LInsert, LRem }
    lpos { LPos }
    lmove { LMove }
    lmpop { LMPop }
    blpop { BLPop, BLMove, BLMPop }
}

pub use connection::HelloOption;
pub(crate) use connection::REDIS_VERSION;
pub use expire::ExpireCondition;
pub use list::{End, ListError};
pub(crate) use lmove::{move_element, move_events};
pub(crate) use long_double::parse as parse_long_double;
pub use set::{SetCondition, SetExpiry};
pub use sinter::intersection;
pub use subscribe::unsubscribe_all;
pub use ttl::TtlUnit;
