//! `CONFIG GET`, `CONFIG SET`, `CONFIG RESETSTAT`, `CONFIG REWRITE`, `CONFIG HELP`.
//!
//! Pre-written. The settings themselves, with every parameter Redis 7.0 has and its checks, live
//! in `config/`; this file runs the command under the server's lock and lets the server act on
//! what changed (`maxclients`, `notify-keyspace-events`), and `RESETSTAT` zero the counters.
//!
//! How real Redis does it: `configCommand`'s subcommands in `src/config.c`.

use resp::Frame;

pub use crate::config::ConfigCommand;
use crate::config::Origin;
use crate::table::{AclCategories, Flags, KeyRange, CONFIG_SUBCOMMANDS};
use crate::{Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "config",
    arity: -2,
    flags: Flags::empty(),
    keys: KeyRange::NONE,
    acl_categories: AclCategories::empty(),
    tips: &[],
    key_specs: &[],
    subcommands: CONFIG_SUBCOMMANDS,
    parse: |args| ConfigCommand::parse(args).map(Command::ConfigCommand),
}];

impl ConfigCommand {
    /// Runs the subcommand on the server's settings.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let resetting = self == ConfigCommand::ResetStat;
        let changed = match &self {
            ConfigCommand::Set(pairs) => {
                let pairs: Vec<(&[u8], &[u8])> = pairs
                    .iter()
                    .map(|(name, value)| (&name[..], &value[..]))
                    .collect();
                ctx.shared
                    .config()
                    .set(&pairs, Origin::Client { local: true })?
            }
            _ => Vec::new(),
        };
        let reply = match self {
            ConfigCommand::Set(_) => Frame::ok(),
            other => other.run(&mut ctx.shared.config(), Origin::Client { local: true })?,
        };
        ctx.shared.apply_config(ctx.databases, &changed);
        if resetting {
            ctx.shared.stats.reset();
        }
        Ok(reply)
    }
}
