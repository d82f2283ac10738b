//! `PUBSUB CHANNELS | NUMSUB | NUMPAT | SHARDCHANNELS | SHARDNUMSUB | HELP`: looking into the
//! registry.
//!
//! `CHANNELS` lists the channels with at least one subscriber (patterns are not channels), in no
//! particular order; `NUMSUB` counts each channel's subscribers, patterns not included; `NUMPAT`
//! counts the distinct patterns somebody listens to. We have no sharded channels (Redis Cluster's
//! `SSUBSCRIBE`), so the two `SHARD` subcommands see none.
//!
//! How real Redis does it: `pubsubCommand` in `src/pubsub.c`.

use bytes::Bytes;
use resp::Frame;

use crate::cmd::connection::help;
use crate::error::c_text;
use crate::table::{AclCategories, Flags, KeyRange, SubcommandSpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "pubsub",
    arity: -2,
    flags: Flags::empty(),
    keys: KeyRange::NONE,
    acl_categories: AclCategories::empty(),
    tips: &[],
    key_specs: &[],
    subcommands: PUBSUB_SUBCOMMANDS,
    parse: |args| PubSubCommand::parse(args).map(Command::PubSubCommand),
}];

/// `PUBSUB`'s subcommands, as `COMMAND INFO pubsub` lists them.
const PUBSUB_SUBCOMMANDS: &[SubcommandSpec] = {
    const FLAGS: Flags = Flags::PUBSUB.union(Flags::LOADING).union(Flags::STALE);
    const NONE: AclCategories = AclCategories::empty();
    &[
        SubcommandSpec::new("pubsub|channels", -2, FLAGS, NONE),
        SubcommandSpec::new("pubsub|help", 2, Flags::LOADING.union(Flags::STALE), NONE),
        SubcommandSpec::new("pubsub|numpat", 2, FLAGS, NONE),
        SubcommandSpec::new("pubsub|numsub", -2, FLAGS, NONE),
        SubcommandSpec::new("pubsub|shardchannels", -2, FLAGS, NONE),
        SubcommandSpec::new("pubsub|shardnumsub", -2, FLAGS, NONE),
    ]
};

/// `PUBSUB HELP`'s lines: Redis 7.0's text, byte for byte.
const PUBSUB_HELP: &[&str] = &[
    "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CHANNELS [<pattern>]",
    "    Return the currently active channels matching a <pattern> (default: '*').",
    "NUMPAT",
    "    Return number of subscriptions to patterns.",
    "NUMSUB [<channel> ...]",
    "    Return the number of subscribers for the specified channels, excluding",
    "    pattern subscriptions(default: no channels).",
    "SHARDCHANNELS [<pattern>]",
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    Return the number of subscribers for the specified shard level channel(s)",
    "HELP",
    "    Prints this help.",
];

/// A parsed `PUBSUB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PubSubCommand {
    /// `PUBSUB CHANNELS [pattern]`.
    Channels(Option<Bytes>),
    /// `PUBSUB NUMSUB [channel ...]`.
    NumSub(Vec<Bytes>),
    /// `PUBSUB NUMPAT`.
    NumPat,
    /// `PUBSUB SHARDCHANNELS [pattern]`.
    ShardChannels,
    /// `PUBSUB SHARDNUMSUB [channel ...]`.
    ShardNumSub(Vec<Bytes>),
    /// `PUBSUB HELP`.
    Help,
}

impl PubSubCommand {
    /// Parses the subcommand and checks its arity against its row.
    pub fn parse(args: &mut Args) -> Result<PubSubCommand, CommandError> {
        let subcommand = args.next_bytes()?;
        let row = SubcommandSpec::find(PUBSUB_SUBCOMMANDS, &subcommand).ok_or_else(|| {
            CommandError::UnknownSubcommand {
                command: "PUBSUB".into(),
                subcommand: c_text(&subcommand, 128),
            }
        })?;
        row.check_arity(args.len() + 2)?;
        // `CHANNELS` and `SHARDCHANNELS` take at most one pattern: Redis answers more with the
        // unknown-subcommand error.
        let at_most_one = || {
            if args.len() > 1 {
                Err(CommandError::UnknownSubcommandOrArity {
                    command: "PUBSUB".into(),
                    subcommand: c_text(&subcommand, 128),
                })
            } else {
                Ok(())
            }
        };
        Ok(match row.short_name() {
            "channels" => {
                at_most_one()?;
                PubSubCommand::Channels(args.take_rest().pop())
            }
            "shardchannels" => {
                at_most_one()?;
                PubSubCommand::ShardChannels
            }
            "numsub" => PubSubCommand::NumSub(args.take_rest()),
            "shardnumsub" => PubSubCommand::ShardNumSub(args.take_rest()),
            "numpat" => PubSubCommand::NumPat,
            _ => PubSubCommand::Help,
        })
    }

    /// Answers from the registry.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let pubsub = &ctx.shared.pubsub;
        Ok(match self {
            PubSubCommand::Channels(pattern) => Frame::Array(
                pubsub
                    .channels(pattern.as_deref())
                    .into_iter()
                    .map(Frame::Bulk)
                    .collect(),
            ),
            PubSubCommand::NumSub(channels) => Frame::Array(
                channels
                    .into_iter()
                    .flat_map(|channel| {
                        let count = pubsub.numsub(&channel) as i64;
                        [Frame::Bulk(channel), Frame::Integer(count)]
                    })
                    .collect(),
            ),
            PubSubCommand::NumPat => Frame::Integer(pubsub.numpat() as i64),
            PubSubCommand::ShardChannels => Frame::Array(Vec::new()),
            PubSubCommand::ShardNumSub(channels) => Frame::Array(
                channels
                    .into_iter()
                    .flat_map(|channel| [Frame::Bulk(channel), Frame::Integer(0)])
                    .collect(),
            ),
            PubSubCommand::Help => help(PUBSUB_HELP),
        })
    }
}
