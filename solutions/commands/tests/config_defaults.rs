//! Our defaults against real Redis's: `CONFIG GET *` of a fresh `Config` must equal what Redis
//! 7.0.15 replied, recorded in `fixtures/redis-7.0.15-config-get-all.tsv`, started the same way.
//!
//! The one parameter left out is `dir`: Redis answers its working directory, which differs from
//! machine to machine (ours does too). The order of the pairs is not compared either: Redis's
//! follows a hash table seeded at random on each start.

use std::collections::BTreeMap;

use commands::config::{Config, Origin};

/// The recorded reply, as name → value.
fn redis_defaults() -> BTreeMap<String, String> {
    include_str!("fixtures/redis-7.0.15-config-get-all.tsv")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let (name, value) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("fixture line without a tab: {line:?}"));
            (name.to_string(), value.to_string())
        })
        .collect()
}

/// A `Config` started as the recorded Redis was: `--port 17603 --save '' --appendonly no`.
fn ours() -> Vec<(String, String)> {
    let mut config = Config::new();
    config
        .set(
            &[(b"port", b"17603"), (b"save", b""), (b"appendonly", b"no")],
            Origin::Startup,
        )
        .unwrap_or_else(|error| panic!("start-up values are valid: {error}"));
    config
        .get(&[b"*"])
        .into_iter()
        .map(|(name, value)| (name, String::from_utf8_lossy(&value).into_owned()))
        .collect()
}

#[test]
fn config_get_star_lists_every_parameter_and_alias_once_as_redis_does() {
    let ours = ours();
    let redis = redis_defaults();
    assert_eq!(redis.len(), 192, "the fixture holds Redis's 192 pairs");
    let names: BTreeMap<_, _> = ours.iter().cloned().collect();
    assert_eq!(names.len(), ours.len(), "each name once in CONFIG GET *");
    let missing: Vec<_> = redis
        .keys()
        .filter(|name| !names.contains_key(*name))
        .collect();
    let extra: Vec<_> = names
        .keys()
        .filter(|name| !redis.contains_key(*name))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "CONFIG GET * must name exactly Redis's parameters: missing {missing:?}, extra {extra:?}"
    );
}

#[test]
fn every_default_value_is_redis_s_except_the_working_directory() {
    let redis = redis_defaults();
    let mut different = Vec::new();
    for (name, value) in ours() {
        if name == "dir" {
            continue;
        }
        let expected = &redis[&name];
        if *expected != value {
            different.push(format!("{name}: Redis {expected:?}, ours {value:?}"));
        }
    }
    assert!(
        different.is_empty(),
        "defaults that differ from Redis 7.0.15:\n{}",
        different.join("\n")
    );
}

#[test]
fn dir_is_the_current_directory() {
    let config = Config::new();
    let current = std::env::current_dir().map(|dir| dir.to_string_lossy().into_owned());
    assert_eq!(
        config
            .get_one("dir")
            .map(|dir| String::from_utf8_lossy(&dir).into_owned()),
        current.ok(),
        "CONFIG GET dir answers the working directory, as Redis's getcwd() does"
    );
}
