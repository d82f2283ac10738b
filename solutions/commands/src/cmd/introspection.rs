//! `COMMAND`: what the server says about its commands.
//!
//! Pre-written. `COMMAND` and `COMMAND INFO` describe our command table in Redis's ten-field
//! format, byte for byte as Redis 7.0.15 describes the same commands (every field comes from the
//! rows, see `table.rs`); `COMMAND GETKEYS` follows the rows' key specs. They list only the
//! commands we implement. `redis-cli` asks `COMMAND DOCS` at start-up to show argument hints as
//! you type; it works without them, and we have none to give, so the reply is an empty list.
//! `COMMAND GETKEYSANDFLAGS` and `COMMAND LIST FILTERBY` are not implemented.
//!
//! How real Redis does it: `commandCommand`, `addReplyCommandInfo` and `getKeysSubcommandImpl`
//! in `src/server.c`.

use bytes::Bytes;
use resp::Frame;

use crate::cmd::connection::help;
use crate::error::c_text;
use crate::table::{
    check_arity, AclCategories, BeginSearch, FindKeys, Flags, KeyFlags, KeyRange, KeySpec,
    SubcommandSpec,
};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "command",
        arity: -1,
        flags: Flags::LOADING.union(Flags::STALE),
        keys: KeyRange::NONE,
        acl_categories: AclCategories::CONNECTION,
        tips: &["nondeterministic_output_order"],
        key_specs: &[],
        subcommands: COMMAND_SUBCOMMANDS,
        parse: |args| CommandCommand::parse(args).map(Command::CommandCommand),
    },
];

/// `COMMAND`'s subcommands, as Redis 7.0 lists them. `GETKEYSANDFLAGS` is listed but not
/// implemented ("unknown subcommand" here).
pub(crate) const COMMAND_SUBCOMMANDS: &[SubcommandSpec] = {
    const FLAGS: Flags = Flags::LOADING.union(Flags::STALE);
    const CONNECTION: AclCategories = AclCategories::CONNECTION;
    const ANY_ORDER: &[&str] = &["nondeterministic_output_order"];
    &[
        SubcommandSpec::new("command|count", 2, FLAGS, CONNECTION),
        SubcommandSpec::new("command|docs", -2, FLAGS, CONNECTION).with_tips(ANY_ORDER),
        SubcommandSpec::new("command|getkeys", -4, FLAGS, CONNECTION),
        SubcommandSpec::new("command|getkeysandflags", -4, FLAGS, CONNECTION),
        SubcommandSpec::new("command|help", 2, FLAGS, CONNECTION),
        SubcommandSpec::new("command|info", -2, FLAGS, CONNECTION).with_tips(ANY_ORDER),
        SubcommandSpec::new("command|list", -2, FLAGS, CONNECTION).with_tips(ANY_ORDER),
    ]
};

/// `COMMAND HELP`'s lines: Redis 7.0's text, byte for byte.
const COMMAND_HELP: &[&str] = &[
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
];

/// `COMMAND [COUNT | LIST | INFO [name ...] | DOCS [name ...] | GETKEYS cmd [arg ...] | HELP]`.
/// Redis's own name for it is `commandCommand`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandCommand {
    /// `COMMAND`, and `COMMAND INFO` with no names: every command.
    All,
    /// `COMMAND COUNT`.
    Count,
    /// `COMMAND LIST`: every name.
    List,
    /// `COMMAND INFO name ...`.
    Info(Vec<Bytes>),
    /// `COMMAND DOCS [name ...]`.
    Docs,
    /// `COMMAND GETKEYS command arg ...`: the arguments that are keys.
    GetKeys(Vec<Bytes>),
    /// `COMMAND HELP`.
    Help,
}

impl CommandCommand {
    /// Parses the subcommand and checks its arity, which its row in [`COMMAND_SUBCOMMANDS`]
    /// gives.
    pub fn parse(args: &mut Args) -> Result<CommandCommand, CommandError> {
        if args.is_empty() {
            return Ok(CommandCommand::All);
        }
        let subcommand = args.next_bytes()?;
        let unknown = || CommandError::UnknownSubcommand {
            command: "COMMAND".into(),
            subcommand: c_text(&subcommand, 128),
        };
        let row = SubcommandSpec::find(COMMAND_SUBCOMMANDS, &subcommand).ok_or_else(unknown)?;
        row.check_arity(args.len() + 2)?;
        Ok(match row.short_name() {
            "count" => CommandCommand::Count,
            "list" if args.is_empty() => CommandCommand::List,
            // `LIST FILTERBY ...` is not implemented.
            "list" => return Err(CommandError::Syntax),
            "info" if args.is_empty() => CommandCommand::All,
            "info" => CommandCommand::Info(args.take_rest()),
            "docs" => {
                args.take_rest();
                CommandCommand::Docs
            }
            "getkeys" => CommandCommand::GetKeys(args.take_rest()),
            "help" => CommandCommand::Help,
            // `getkeysandflags`: listed, as Redis lists it, but not implemented.
            _ => return Err(unknown()),
        })
    }

    /// Describes the command table.
    pub fn apply(self, _ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        Ok(match self {
            CommandCommand::All => Frame::Array(CommandSpec::all().map(describe).collect()),
            CommandCommand::Count => Frame::Integer(CommandSpec::all().count() as i64),
            CommandCommand::List => Frame::Array(
                CommandSpec::all()
                    .map(|spec| Frame::bulk(spec.name))
                    .collect(),
            ),
            CommandCommand::Info(names) => {
                Frame::Array(names.iter().map(|name| info(name)).collect())
            }
            CommandCommand::Docs => Frame::Map(vec![]),
            CommandCommand::GetKeys(parts) => get_keys(&parts)?,
            CommandCommand::Help => help(COMMAND_HELP),
        })
    }
}

/// `COMMAND GETKEYS`: the keys of a whole command, found with its key specs. Redis checks, in
/// this order, that the command (or the container's subcommand) exists, that it takes keys at
/// all, and that the argument count fits its arity. The arguments themselves are not parsed:
/// `SET k v EX abc` has its key `k`.
fn get_keys(parts: &[Bytes]) -> Result<Frame, CommandError> {
    let spec = parts
        .first()
        .and_then(|name| CommandSpec::lookup(name))
        .ok_or(CommandError::InvalidCommandSpecified)?;
    let (arity, key_specs) = match parts.get(1) {
        // Subcommands take no keys (see `SubcommandSpec`).
        Some(name) if !spec.subcommands.is_empty() => {
            let sub = spec
                .subcommand(name)
                .ok_or(CommandError::InvalidCommandSpecified)?;
            (sub.arity, &[][..])
        }
        _ => (spec.arity, spec.key_specs),
    };
    let mut key_specs = key_specs
        .iter()
        .filter(|key_spec| !key_spec.flags.contains(KeyFlags::NOT_KEY))
        .peekable();
    if key_specs.peek().is_none() {
        return Err(CommandError::NoKeyArguments);
    }
    check_arity(spec.name, arity, parts.len()).map_err(|_| CommandError::InvalidArgumentCount)?;
    // One spec that does not fit the request spoils them all, as in Redis.
    let positions: Option<Vec<Vec<usize>>> = key_specs
        .map(|key_spec| key_spec.positions(parts))
        .collect();
    let keys: Vec<Frame> = positions
        .into_iter()
        .flatten()
        .flatten()
        .map(|position| Frame::Bulk(parts[position].clone()))
        .collect();
    if keys.is_empty() && !spec.flags.contains(Flags::NO_MANDATORY_KEYS) {
        return Err(CommandError::InvalidArguments);
    }
    Ok(Frame::Array(keys))
}

/// `COMMAND INFO`'s answer for one name: a command (`get`), a subcommand (`client|getname`,
/// any case), or null.
fn info(name: &[u8]) -> Frame {
    let mut parts = name.split(|&byte| byte == b'|');
    let spec = parts.next().and_then(CommandSpec::lookup);
    match (spec, parts.next(), parts.next()) {
        (Some(spec), None, _) => describe(spec),
        (Some(spec), Some(sub), None) => spec
            .subcommand(sub)
            .map_or(Frame::Null, describe_subcommand),
        _ => Frame::Null,
    }
}

/// One command in `COMMAND`'s ten-field format: name, arity, flags, first key, last key, key
/// step, ACL categories, tips, key specs, subcommands.
fn describe(spec: &CommandSpec) -> Frame {
    let mut fields = common_fields(
        spec.name,
        spec.arity,
        spec.flags,
        spec.keys,
        spec.acl_categories,
        spec.tips,
    );
    fields.push(Frame::Set(
        spec.key_specs.iter().map(describe_key_spec).collect(),
    ));
    fields.push(subcommands(
        spec.subcommands.iter().map(describe_subcommand).collect(),
    ));
    Frame::Array(fields)
}

/// One subcommand in the same format: no keys, no key specs, no subcommands of its own.
fn describe_subcommand(sub: &SubcommandSpec) -> Frame {
    let mut fields = common_fields(
        sub.name,
        sub.arity,
        sub.flags,
        KeyRange::NONE,
        sub.acl_categories,
        sub.tips,
    );
    fields.extend([Frame::Set(vec![]), Frame::Set(vec![])]);
    Frame::Array(fields)
}

/// The first eight fields, which commands and subcommands share. Flags and categories are
/// simple strings, tips bulk strings, as Redis sends them; all three are sets in RESP3.
fn common_fields(
    name: &'static str,
    arity: i64,
    flags: Flags,
    keys: KeyRange,
    acl_categories: AclCategories,
    tips: &'static [&'static str],
) -> Vec<Frame> {
    vec![
        Frame::bulk(name),
        Frame::Integer(arity),
        simple_strings(flags.names()),
        Frame::Integer(keys.first),
        Frame::Integer(keys.last),
        Frame::Integer(keys.step),
        simple_strings(acl_categories.with_implied(flags).names()),
        Frame::Set(tips.iter().map(|&tip| Frame::bulk(tip)).collect()),
    ]
}

/// One key spec: a map of `notes` (when there are any), `flags`, `begin_search`, `find_keys`.
fn describe_key_spec(key_spec: &KeySpec) -> Frame {
    let begin_search = match key_spec.begin_search {
        BeginSearch::Index(index) => search("index", vec![("index", Frame::Integer(index))]),
        BeginSearch::Keyword { keyword, startfrom } => search(
            "keyword",
            vec![
                ("keyword", Frame::bulk(keyword)),
                ("startfrom", Frame::Integer(startfrom)),
            ],
        ),
        BeginSearch::Unknown => search("unknown", vec![]),
    };
    let find_keys = match key_spec.find_keys {
        FindKeys::Range {
            lastkey,
            keystep,
            limit,
        } => search(
            "range",
            vec![
                ("lastkey", Frame::Integer(lastkey)),
                ("keystep", Frame::Integer(keystep)),
                ("limit", Frame::Integer(limit)),
            ],
        ),
        FindKeys::KeyNum {
            keynumidx,
            firstkey,
            keystep,
        } => search(
            "keynum",
            vec![
                ("keynumidx", Frame::Integer(keynumidx)),
                ("firstkey", Frame::Integer(firstkey)),
                ("keystep", Frame::Integer(keystep)),
            ],
        ),
        FindKeys::Unknown => search("unknown", vec![]),
    };
    let notes = key_spec.notes.map(|notes| ("notes", Frame::bulk(notes)));
    map(notes.into_iter().chain([
        ("flags", simple_strings(key_spec.flags.names())),
        ("begin_search", begin_search),
        ("find_keys", find_keys),
    ]))
}

/// A `begin_search` or `find_keys` map: its type, and the fields of that type.
fn search(kind: &'static str, spec: Vec<(&'static str, Frame)>) -> Frame {
    map([("type", Frame::bulk(kind)), ("spec", map(spec))])
}

/// A map with bulk-string keys (a flat array in RESP2).
fn map(pairs: impl IntoIterator<Item = (&'static str, Frame)>) -> Frame {
    Frame::Map(
        pairs
            .into_iter()
            .map(|(key, value)| (Frame::bulk(key), value))
            .collect(),
    )
}

/// Names as a set of simple strings (`+readonly`; an array in RESP2).
fn simple_strings(names: impl Iterator<Item = &'static str>) -> Frame {
    Frame::Set(names.map(|name| Frame::Simple(name.to_string())).collect())
}

/// The subcommands field: an array, but an empty *set* when there are none, as Redis's
/// `addReplyCommandSubCommands` sends it in RESP3.
fn subcommands(descriptions: Vec<Frame>) -> Frame {
    if descriptions.is_empty() {
        Frame::Set(descriptions)
    } else {
        Frame::Array(descriptions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::CONFIG_SUBCOMMANDS;

    /// `COMMAND INFO config` from Redis 7.0.15, subcommands in one of its random orders.
    const REDIS_CONFIG: &[u8] = b"\
        *10\r\n$6\r\nconfig\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n*0\r\n*0\r\n\
        *5\r\n*10\r\n$16\r\nconfig|resetstat\r\n:2\r\n*4\r\n+admin\r\n+noscript\r\n\
        +loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n\
        *0\r\n*0\r\n*0\r\n*10\r\n$11\r\nconfig|help\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n\
        :0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n*0\r\n*0\r\n*0\r\n*10\r\n$10\r\nconfig|get\r\n\
        :-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n\
        +@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n*10\r\n$14\r\n\
        config|rewrite\r\n:2\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n\
        :0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n*10\r\n\
        $10\r\nconfig|set\r\n:-4\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n\
        :0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*2\r\n$24\r\n\
        request_policy:all_nodes\r\n$29\r\nresponse_policy:all_succeeded\r\n*0\r\n*0\r\n";

    /// A command description with its subcommands in a fixed order: Redis's order is random.
    fn with_sorted_subcommands(description: Frame) -> Frame {
        let Frame::Array(mut fields) = description else {
            panic!("a description is an array");
        };
        if let Some(Frame::Array(subcommands)) = fields.last_mut() {
            subcommands.sort_by_key(Frame::to_bytes);
        }
        Frame::Array(fields)
    }

    #[test]
    fn the_config_subcommands_describe_as_in_redis() {
        // The `config` row as it will be, once its command file lands.
        let config = CommandSpec {
            name: "config",
            arity: -2,
            flags: Flags::empty(),
            keys: KeyRange::NONE,
            acl_categories: AclCategories::empty(),
            tips: &[],
            key_specs: &[],
            subcommands: CONFIG_SUBCOMMANDS,
            parse: |_| Err(CommandError::Syntax),
        };
        let mut redis = bytes::BytesMut::from(REDIS_CONFIG);
        let redis = Frame::parse(&mut redis).ok().flatten().expect("one frame");
        // Compared as RESP2 sends it: sets and maps become arrays.
        let mut ours = describe(&config).to_bytes().into();
        let ours = Frame::parse(&mut ours).ok().flatten().expect("one frame");
        assert_eq!(
            with_sorted_subcommands(ours),
            with_sorted_subcommands(redis)
        );
    }

    #[test]
    fn get_keys_checks_in_redis_order() {
        let parts = |line: &str| -> Vec<Bytes> {
            line.split(' ')
                .map(|part| Bytes::copy_from_slice(part.as_bytes()))
                .collect()
        };
        let keys = |line: &str| get_keys(&parts(line));
        assert_eq!(
            keys("del a b"),
            Ok(Frame::Array(vec![Frame::bulk("a"), Frame::bulk("b")]))
        );
        assert_eq!(keys("nosuch a"), Err(CommandError::InvalidCommandSpecified));
        assert_eq!(keys("client nosuch"), Err(CommandError::InvalidCommandSpecified));
        // "No keys" comes before the argument count, as in Redis.
        assert_eq!(keys("echo"), Err(CommandError::NoKeyArguments));
        assert_eq!(keys("get a b"), Err(CommandError::InvalidArgumentCount));
    }
}
