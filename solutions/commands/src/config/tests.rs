//! `CONFIG SET` and `CONFIG GET` against what real Redis 7.0.15 answered to the same requests.
//! Every expected reply below was copied from `redis-cli` talking to `redis-server` 7.0.15.

use bytes::Bytes;
use resp::Frame;

use super::{ClientClass, Config, ConfigCommand, KeyspaceEvents, Origin, HELP};
use crate::{Args, CommandError};

/// A client on the loopback, as `redis-cli` was.
const CLIENT: Origin = Origin::Client { local: true };

/// `CONFIG SET` with `args` as name, value, name, value...: `OK` or the error text.
fn set(config: &mut Config, args: &[&str]) -> String {
    let pairs: Vec<(&[u8], &[u8])> = args
        .chunks(2)
        .map(|pair| (pair[0].as_bytes(), pair[1].as_bytes()))
        .collect();
    match config.set(&pairs, CLIENT) {
        Ok(_) => "OK".to_string(),
        Err(error) => error.to_string(),
    }
}

/// `CONFIG GET name`'s value.
fn get(config: &Config, name: &str) -> String {
    let value = config
        .get_one(name)
        .unwrap_or_else(|| panic!("{name} is a parameter"));
    String::from_utf8_lossy(&value).into_owned()
}

/// `CONFIG GET patterns...` as `name=value` strings, in reply order.
fn get_all(config: &Config, patterns: &[&str]) -> Vec<String> {
    let patterns: Vec<&[u8]> = patterns.iter().map(|pattern| pattern.as_bytes()).collect();
    config
        .get(&patterns)
        .into_iter()
        .map(|(name, value)| format!("{name}={}", String::from_utf8_lossy(&value)))
        .collect()
}

/// Runs `(CONFIG SET arguments, expected reply)` cases, each on a fresh config.
fn check_set(cases: &[(&[&str], &str)]) {
    for (args, expected) in cases {
        let reply = set(&mut Config::new(), args);
        assert_eq!(&reply, expected, "CONFIG SET {}", args.join(" "));
    }
}

/// The start of Redis's error for one parameter.
fn failed(name: &str, reason: &str) -> String {
    format!("ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}")
}

#[test]
fn invalid_values_get_redis_s_exact_errors() {
    let cases: &[(&[&str], String)] = &[
        (
            &["activedefrag", "maybe"],
            failed("activedefrag", "argument must be 'yes' or 'no'"),
        ),
        (
            &["appendonly", "maybe"],
            failed("appendonly", "argument must be 'yes' or 'no'"),
        ),
        (
            &["timeout", "abc"],
            failed("timeout", "argument couldn't be parsed into an integer"),
        ),
        (
            &["timeout", "1.5"],
            failed("timeout", "argument couldn't be parsed into an integer"),
        ),
        (
            &["timeout", " 5"],
            failed("timeout", "argument couldn't be parsed into an integer"),
        ),
        (
            &["port", "70000"],
            failed("port", "argument must be between 0 and 65535 inclusive"),
        ),
        (
            &["hz", "-1"],
            failed("hz", "argument must be between 0 and 2147483647 inclusive"),
        ),
        (
            &["maxclients", "0"],
            failed(
                "maxclients",
                "argument must be between 1 and 4294967295 inclusive",
            ),
        ),
        (
            &["list-max-listpack-size", "-2147483649"],
            failed(
                "list-max-listpack-size",
                "argument must be between -2147483648 and 2147483647 inclusive",
            ),
        ),
        (
            &["hash-max-listpack-entries", "-1"],
            failed(
                "hash-max-listpack-entries",
                "argument must be between 0 and 9223372036854775807 inclusive",
            ),
        ),
        (
            &["proto-max-bulk-len", "1000"],
            failed(
                "proto-max-bulk-len",
                "argument must be between 1048576 and 9223372036854775807 inclusive",
            ),
        ),
        (
            &["proto-max-bulk-len", "99999999999999999999"],
            failed(
                "proto-max-bulk-len",
                "argument must be between 1048576 and 9223372036854775807 inclusive",
            ),
        ),
        (
            &["maxmemory", "-1"],
            failed("maxmemory", "argument must be a memory value"),
        ),
        (
            &["maxmemory", "1tb"],
            failed("maxmemory", "argument must be a memory value"),
        ),
        (
            &["maxmemory-clients", "101%"],
            failed(
                "maxmemory-clients",
                "percentage argument must be less or equal to 100",
            ),
        ),
        (
            &["maxmemory-clients", "-5"],
            failed(
                "maxmemory-clients",
                "argument must be a memory or percent value",
            ),
        ),
        (
            &["maxmemory-policy", "foo"],
            failed(
                "maxmemory-policy",
                "argument(s) must be one of the following: volatile-lru, volatile-lfu, \
                 volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, \
                 noeviction",
            ),
        ),
        (
            &["loglevel", "foo"],
            failed(
                "loglevel",
                "argument(s) must be one of the following: debug, verbose, notice, warning",
            ),
        ),
        (
            &["shutdown-on-sigint", ""],
            failed(
                "shutdown-on-sigint",
                "argument(s) must be one of the following: default, save, nosave, now, force",
            ),
        ),
        (
            &["shutdown-on-sigterm", "now  force"],
            failed(
                "shutdown-on-sigterm",
                "argument(s) must be one of the following: default, save, nosave, now, force",
            ),
        ),
        (
            &["shutdown-on-sigint", "save nosave"],
            failed(
                "shutdown-on-sigint",
                "shutdown options SAVE and NOSAVE can't be used simultaneously",
            ),
        ),
        (
            &["activedefrag", "yes"],
            failed(
                "activedefrag",
                "Active defragmentation cannot be enabled: it requires a Redis server compiled \
                 with a modified Jemalloc like the one shipped by default with the Redis source \
                 distribution",
            ),
        ),
        (
            &["cluster-announce-hostname", "a_b"],
            failed(
                "cluster-announce-hostname",
                "Hostnames may only contain alphanumeric characters, hyphens or dots",
            ),
        ),
        (
            &["proc-title-template", "{title}"],
            failed(
                "proc-title-template",
                "template format is invalid or contains unknown variables",
            ),
        ),
        (
            &["proc-title-template", "{foo}"],
            failed(
                "proc-title-template",
                "template format is invalid or contains unknown variables",
            ),
        ),
        (
            &["tls-port", "1"],
            failed(
                "tls-port",
                "Unable to update TLS configuration. Check server logs.",
            ),
        ),
    ];
    for (args, expected) in cases {
        let reply = set(&mut Config::new(), args);
        assert_eq!(&reply, expected, "CONFIG SET {}", args.join(" "));
    }
}

#[test]
fn special_parameters_get_redis_s_exact_errors() {
    let cases: &[(&[&str], String)] = &[
        (
            &["notify-keyspace-events", "Kq"],
            failed(
                "notify-keyspace-events",
                "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
            ),
        ),
        (
            &["client-output-buffer-limit", "normal 0 0"],
            failed(
                "client-output-buffer-limit",
                "Wrong number of arguments in buffer limit configuration.",
            ),
        ),
        (
            &["client-output-buffer-limit", "master 0 0 0"],
            failed(
                "client-output-buffer-limit",
                "Invalid client class specified in buffer limit configuration.",
            ),
        ),
        (
            &["client-output-buffer-limit", "pubsub 1x 2 3"],
            failed(
                "client-output-buffer-limit",
                "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
            ),
        ),
        (
            &["client-output-buffer-limit", "pubsub 1 2 -3"],
            failed(
                "client-output-buffer-limit",
                "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
            ),
        ),
        (
            &["save", "3600 1 300"],
            failed("save", "Invalid save parameters"),
        ),
        (&["save", "0 1"], failed("save", "Invalid save parameters")),
        (
            &["save", "3600 1  300 100"],
            failed("save", "Invalid save parameters"),
        ),
        (
            &["oom-score-adj-values", "1 2"],
            failed("oom-score-adj-values", "wrong number of arguments"),
        ),
        (
            &["oom-score-adj-values", "1 2 3000"],
            failed(
                "oom-score-adj-values",
                "Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
            ),
        ),
        (
            &["bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"],
            failed("bind", "Too many bind addresses specified."),
        ),
        (
            &["latency-tracking-info-percentiles", "50 200"],
            failed(
                "latency-tracking-info-percentiles",
                "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
            ),
        ),
        (
            &["latency-tracking-info-percentiles", "abc"],
            failed(
                "latency-tracking-info-percentiles",
                "Invalid latency-tracking-info-percentiles parameters",
            ),
        ),
    ];
    for (args, expected) in cases {
        let reply = set(&mut Config::new(), args);
        assert_eq!(&reply, expected, "CONFIG SET {}", args.join(" "));
    }
}

#[test]
fn names_are_checked_first_and_the_first_problem_is_the_error() {
    check_set(&[
        (
            &["nosuch", "1"],
            "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
        ),
        (
            &["daemonize", "yes"],
            "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set \
             immutable config",
        ),
        (
            &["databases", "32"],
            "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set \
             immutable config",
        ),
        (
            &["slaveof", "no one"],
            "ERR CONFIG SET failed (possibly related to argument 'slaveof') - can't set \
             immutable config",
        ),
        (
            &["dir", "/tmp"],
            "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected \
             config",
        ),
        (
            &["dbfilename", "a/b"],
            "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set \
             protected config",
        ),
        // The checks on names come before any value is read, and the first one found wins.
        (
            &["maxmemory", "1", "daemonize", "yes", "nosuch", "2"],
            "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set \
             immutable config",
        ),
        (
            &["nosuch", "2", "daemonize", "yes"],
            "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
        ),
        (
            &["timeout", "x", "nosuch", "2"],
            "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
        ),
        (
            &["maxmemory", "1", "MAXMEMORY", "2"],
            "ERR CONFIG SET failed (possibly related to argument 'MAXMEMORY') - duplicate \
             parameter",
        ),
        (
            &["appendonly", "YES", "appendonly", "no"],
            "ERR CONFIG SET failed (possibly related to argument 'appendonly') - duplicate \
             parameter",
        ),
    ]);
}

#[test]
fn name_checks_quote_the_client_s_spelling_value_checks_redis_s_own_name() {
    check_set(&[
        (
            &["DAEMONIZE", "yes"],
            "ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set \
             immutable config",
        ),
        (
            &["TIMEOUT", "x"],
            "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't \
             be parsed into an integer",
        ),
        (
            &["Hash-Max-Ziplist-Entries", "x"],
            "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - \
             argument couldn't be parsed into an integer",
        ),
        (
            &["list-max-ziplist-size", "abc"],
            "ERR CONFIG SET failed (possibly related to argument 'list-max-ziplist-size') - \
             argument couldn't be parsed into an integer",
        ),
    ]);
}

#[test]
fn a_refused_set_changes_nothing() {
    let mut config = Config::new();
    assert_eq!(
        set(
            &mut config,
            &["maxmemory", "1gb", "maxmemory-policy", "foo"]
        ),
        failed(
            "maxmemory-policy",
            "argument(s) must be one of the following: volatile-lru, volatile-lfu, \
             volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
        )
    );
    assert_eq!(
        get(&config, "maxmemory"),
        "0",
        "maxmemory came first but was not kept"
    );
    assert_eq!(
        set(&mut config, &["hz", "50", "save", "60 1", "tls-port", "1"]),
        failed(
            "tls-port",
            "Unable to update TLS configuration. Check server logs."
        )
    );
    assert_eq!(
        get(&config, "hz"),
        "10",
        "an apply's refusal undoes the whole command"
    );
    assert_eq!(get(&config, "save"), "3600 1 300 100 60 10000");
    assert_eq!(
        set(
            &mut config,
            &[
                "maxmemory",
                "100",
                "maxmemory-policy",
                "allkeys-lru",
                "hz",
                "1000"
            ]
        ),
        "OK"
    );
    assert_eq!(
        get_all(&config, &["maxmemory", "maxmemory-policy", "hz"]),
        ["maxmemory=100", "maxmemory-policy=allkeys-lru", "hz=500"],
        "all of a successful CONFIG SET is kept"
    );
}

#[test]
fn values_read_back_in_redis_s_canonical_form() {
    // (parameter, value set, value CONFIG GET then replies), each from real Redis.
    let cases = [
        ("maxmemory", "1GB", "1073741824"),
        ("maxmemory", "", "0"),
        ("maxmemory", "kb", "0"),
        ("maxmemory", "99999999999999999999", "18446744073709551615"),
        ("maxmemory", "20000000000gb", "3028092406290448384"),
        ("proto-max-bulk-len", "1mb", "1048576"),
        ("hz", "1000", "500"),
        ("hz", "0", "1"),
        ("repl-backlog-size", "1000", "16384"),
        ("watchdog-period", "1", "200"),
        ("maxclients", "5000", "5000"),
        ("maxmemory-clients", "10%", "10%"),
        ("maxmemory-clients", "0%", "0"),
        ("maxmemory-clients", "100%", "100%"),
        ("maxmemory-policy", "ALLKEYS-LRU", "allkeys-lru"),
        ("oom-score-adj", "relative", "yes"),
        ("shutdown-on-sigint", "now force", "now force"),
        ("shutdown-on-sigterm", "NOW save", "save now"),
        ("notify-keyspace-events", "KEA", "AKE"),
        ("notify-keyspace-events", "gx$", "g$x"),
        ("save", "3600 1 300 100", "3600 1 300 100"),
        ("save", "3600 4294967297", "3600 1"),
        ("save", "+60 1", "60 1"),
        ("save", "", ""),
        (
            "client-output-buffer-limit",
            "replica 1gb 64mb 30 pubsub 32mb 8mb 60",
            "normal 0 0 0 slave 1073741824 67108864 30 pubsub 33554432 8388608 60",
        ),
        (
            "client-output-buffer-limit",
            "normal 1 2 3 normal 4kb 5k 6",
            "normal 4096 5000 6 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
        ),
        (
            "client-output-buffer-limit",
            "pubsub 1 2 4294967297",
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 1 2 1",
        ),
        ("latency-tracking-info-percentiles", "50.5 99", "50.5 99"),
        ("cluster-announce-hostname", "abc.def-1", "abc.def-1"),
        ("requirepass", "", ""),
    ];
    for (name, value, expected) in cases {
        let mut config = Config::new();
        assert_eq!(
            set(&mut config, &[name, value]),
            "OK",
            "CONFIG SET {name} {value:?}"
        );
        assert_eq!(
            get(&config, name),
            expected,
            "CONFIG GET {name} after {value:?}"
        );
    }
}

#[test]
fn an_alias_and_its_parameter_are_two_names_for_one_value() {
    let mut config = Config::new();
    assert_eq!(
        set(
            &mut config,
            &[
                "hash-max-listpack-entries",
                "1",
                "hash-max-ziplist-entries",
                "2"
            ]
        ),
        "OK",
        "Redis does not count an alias as a duplicate; the last one wins"
    );
    assert_eq!(get(&config, "hash-max-listpack-entries"), "2");
    assert_eq!(set(&mut config, &["lua-time-limit", "100"]), "OK");
    assert_eq!(get(&config, "busy-reply-threshold"), "100");
    assert_eq!(
        get_all(
            &config,
            &["hash-max-ziplist-entries", "hash-max-listpack-entries"]
        ),
        ["hash-max-ziplist-entries=2", "hash-max-listpack-entries=2"]
    );
}

#[test]
fn get_takes_several_patterns_and_names_each_parameter_once() {
    let config = Config::new();
    assert_eq!(
        get_all(&config, &["TIMEOUT", "Timeout", "timeout"]),
        ["TIMEOUT=0"],
        "a plain name is answered in the client's spelling, once"
    );
    let mut found = get_all(&config, &["Timeout", "*imeout"]);
    found.sort();
    assert_eq!(
        found,
        [
            "Timeout=0",
            "cluster-node-timeout=15000",
            "repl-timeout=60",
            "shutdown-timeout=10",
            "tls-session-cache-timeout=300",
        ]
    );
    let mut entries = get_all(&config, &["*max-*-entries"]);
    entries.sort();
    assert_eq!(
        entries,
        [
            "hash-max-listpack-entries=512",
            "hash-max-ziplist-entries=512",
            "set-max-intset-entries=512",
            "zset-max-listpack-entries=128",
            "zset-max-ziplist-entries=128",
        ]
    );
    assert_eq!(get_all(&config, &["t[i]meout"]), ["timeout=0"]);
    assert_eq!(
        get_all(&config, &["MAXMEMOR?"]),
        ["maxmemory=0"],
        "globs ignore case"
    );
    assert!(get_all(&config, &["nosuch"]).is_empty());
}

#[test]
fn hidden_parameters_answer_their_exact_name_only() {
    let config = Config::new();
    assert_eq!(
        get_all(&config, &["use-exit-on-panic"]),
        ["use-exit-on-panic=no"]
    );
    assert_eq!(
        get_all(&config, &["loading-process-events-interval-bytes"]),
        ["loading-process-events-interval-bytes=2097152"]
    );
    assert!(get_all(&config, &["loading*"]).is_empty());
    assert_eq!(
        get_all(&config, &["*delay*"]),
        ["repl-disable-tcp-nodelay=no", "repl-diskless-sync-delay=5"],
        "rdb-key-save-delay and key-load-delay are hidden"
    );
}

#[test]
fn startup_may_set_immutable_parameters_and_the_server_reads_them_typed() {
    let mut config = Config::new();
    let changed = config
        .set(
            &[
                (b"databases", b"32"),
                (b"port", b"16379"),
                (b"port", b"16380"),
                (b"maxclients", b"100"),
                (b"proto-max-bulk-len", b"2mb"),
                (b"client-query-buffer-limit", b"4mb"),
                (b"notify-keyspace-events", b"Ex"),
                (b"client-output-buffer-limit", b"pubsub 1mb 512kb 10"),
                (b"hz", b"100"),
                (b"maxmemory", b"1gb"),
                (b"save", b""),
            ],
            Origin::Startup,
        )
        .unwrap_or_else(|error| panic!("valid start-up values: {error}"));
    assert!(changed.contains(&"databases") && changed.contains(&"maxclients"));
    assert_eq!(config.databases(), 32);
    assert_eq!(config.port(), 16380, "at start-up the last value wins");
    assert_eq!(config.maxclients(), 100);
    assert_eq!(config.proto_max_bulk_len(), 2 * 1024 * 1024);
    assert_eq!(config.client_query_buffer_limit(), 4 * 1024 * 1024);
    let events = config.notify_keyspace_events();
    assert!(events.publishes(KeyspaceEvents::EXPIRED));
    assert!(!events.contains(KeyspaceEvents::KEYSPACE));
    let pubsub = config.client_output_buffer_limit(ClientClass::Pubsub);
    assert_eq!(
        (
            pubsub.hard_limit_bytes,
            pubsub.soft_limit_bytes,
            pubsub.soft_limit_seconds
        ),
        (1024 * 1024, 512 * 1024, 10)
    );
    assert_eq!(config.hz(), 100);
    assert_eq!(config.maxmemory(), 1 << 30);
    assert!(config.save().is_empty());
}

#[test]
fn defaults_read_through_the_typed_accessors() {
    let config = Config::new();
    assert_eq!(config.maxclients(), 10_000);
    assert_eq!(config.proto_max_bulk_len(), 512 * 1024 * 1024);
    assert_eq!(config.client_query_buffer_limit(), 1024 * 1024 * 1024);
    assert_eq!(config.hz(), 10);
    assert_eq!(config.notify_keyspace_events(), KeyspaceEvents::NONE);
    assert_eq!(config.databases(), 16);
    assert_eq!(config.maxmemory(), 0);
    assert_eq!(config.maxmemory_policy(), "noeviction");
    assert_eq!(config.save().len(), 3);
    assert!(!config.appendonly());
    assert_eq!(config.port(), 6379);
    assert_eq!(config.bind().len(), 2);
    assert_eq!((config.timeout(), config.tcp_keepalive()), (0, 300));
    assert_eq!(config.requirepass(), None);
    assert_eq!(config.active_expire_effort(), 1);
    assert_eq!(
        (config.slowlog_log_slower_than(), config.slowlog_max_len()),
        (10_000, 128)
    );
    assert!(!config.lazyfree_lazy_user_flush());
    let replica = config.client_output_buffer_limit(ClientClass::Replica);
    assert_eq!(replica.hard_limit_bytes, 256 * 1024 * 1024);
}

#[test]
fn protected_parameters_follow_enable_protected_configs() {
    let mut config = Config::new();
    let allow_local: &[(&[u8], &[u8])] = &[(b"enable-protected-configs", b"local")];
    assert!(config.set(allow_local, Origin::Startup).is_ok());
    let dir: &[(&[u8], &[u8])] = &[(b"dbfilename", b"other.rdb")];
    assert!(config.set(dir, Origin::Client { local: true }).is_ok());
    assert_eq!(
        config
            .set(dir, Origin::Client { local: false })
            .map_err(|error| error.to_string()),
        Err(
            "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set \
             protected config"
                .to_string()
        )
    );
    let path: &[(&[u8], &[u8])] = &[(b"dbfilename", b"a/b.rdb")];
    assert_eq!(
        config
            .set(path, Origin::Client { local: true })
            .map_err(|error| error.to_string()),
        Err(
            "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename \
             can't be a path, just a filename"
                .to_string()
        )
    );
}

#[test]
fn set_reports_only_what_changed() {
    let mut config = Config::new();
    let pairs: &[(&[u8], &[u8])] = &[(b"maxclients", b"10000"), (b"timeout", b"5")];
    assert_eq!(config.set(pairs, CLIENT), Ok(vec!["timeout"]));
    let pairs: &[(&[u8], &[u8])] = &[(b"slave-priority", b"1")];
    assert_eq!(
        config.set(pairs, CLIENT),
        Ok(vec!["replica-priority"]),
        "an alias reports its parameter's own name"
    );
}

#[test]
fn sensitive_parameters_are_known_by_any_name() {
    assert!(Config::is_sensitive(b"requirepass"));
    assert!(Config::is_sensitive(b"MASTERAUTH"));
    assert!(!Config::is_sensitive(b"maxmemory"));
    assert!(!Config::is_sensitive(b"nosuch"));
}

/// `CONFIG <args>` through parse and apply: the reply, or the error text.
fn config_command(config: &mut Config, args: &[&str]) -> Result<Frame, String> {
    let parts = std::iter::once("CONFIG").chain(args.iter().copied());
    let mut args = Args::from_frame(Frame::command(parts.map(str::to_string)))
        .map_err(|error| error.to_string())?;
    args.next_bytes().map_err(|error| error.to_string())?;
    let command = ConfigCommand::parse(&mut args).map_err(|error| error.to_string())?;
    command
        .run(config, CLIENT)
        .map_err(|error| error.to_string())
}

#[test]
fn the_config_command_checks_subcommand_and_arity_as_redis_words_it() {
    let mut config = Config::new();
    let cases: &[(&[&str], &str)] = &[
        (&[], "ERR wrong number of arguments for 'config' command"),
        (
            &["get"],
            "ERR wrong number of arguments for 'config|get' command",
        ),
        (
            &["GET"],
            "ERR wrong number of arguments for 'config|get' command",
        ),
        (
            &["set", "a"],
            "ERR wrong number of arguments for 'config|set' command",
        ),
        (&["set", "a", "b", "c"], "ERR syntax error"),
        (
            &["resetstat", "x"],
            "ERR wrong number of arguments for 'config|resetstat' command",
        ),
        (
            &["rewrite", "x"],
            "ERR wrong number of arguments for 'config|rewrite' command",
        ),
        (
            &["help", "x"],
            "ERR wrong number of arguments for 'config|help' command",
        ),
        (&["Foo"], "ERR unknown subcommand 'Foo'. Try CONFIG HELP."),
        (
            &["foo", "bar"],
            "ERR unknown subcommand 'foo'. Try CONFIG HELP.",
        ),
        (
            &["rewrite"],
            "ERR The server is running without a config file",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(
            config_command(&mut config, args),
            Err(expected.to_string()),
            "CONFIG {}",
            args.join(" ")
        );
    }
    assert!(matches!(
        super::check_subcommand(b"get", 2),
        Err(CommandError::WrongArity(name)) if name == "config|get"
    ));
}

#[test]
fn the_config_command_replies_as_redis_does() {
    let mut config = Config::new();
    assert_eq!(config_command(&mut config, &["resetstat"]), Ok(Frame::ok()));
    assert_eq!(
        config_command(&mut config, &["set", "maxmemory", "1mb", "timeout", "10"]),
        Ok(Frame::ok())
    );
    assert_eq!(
        config_command(&mut config, &["get", "maxmemory", "timeout"]),
        Ok(Frame::Map(vec![
            (
                Frame::bulk("maxmemory"),
                Frame::Bulk(Bytes::from("1048576"))
            ),
            (Frame::bulk("timeout"), Frame::Bulk(Bytes::from("10"))),
        ])),
        "CONFIG GET replies a map: name, value, name, value in RESP2"
    );
    let help = config_command(&mut config, &["HELP"]);
    let Ok(Frame::Array(lines)) = help else {
        panic!("CONFIG HELP replies an array, not {help:?}");
    };
    assert_eq!(lines.len(), HELP.len());
    assert_eq!(
        lines.first(),
        Some(&Frame::Simple(
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:".to_string()
        ))
    );
    assert_eq!(
        lines.last(),
        Some(&Frame::Simple("    Prints this help.".to_string()))
    );
}
