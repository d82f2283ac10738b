//! `INFO [section ...]`: the server's report on itself.
//!
//! Pre-written. The arguments pick sections ([`Sections::select`]); the report itself is in
//! `src/info/`, one file per group of sections.
//!
//! How real Redis does it: `infoCommand` in `src/server.c`. It replies a verbatim string to a
//! RESP3 client; a RESP2 client, as all of ours are, gets a bulk string.

use resp::Frame;

use crate::info::{self, Sections};
use crate::table::{AclCategories, Flags, KeyRange};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "info",
    arity: -1,
    flags: Flags::LOADING.union(Flags::STALE),
    keys: KeyRange::NONE,
        acl_categories: AclCategories::DANGEROUS,
        tips: &[
            "nondeterministic_output",
            "request_policy:all_shards",
            "response_policy:special",
        ],
        key_specs: &[],
        subcommands: &[],
    parse: |args| Info::parse(args).map(Command::Info),
}];

/// `INFO [section ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// The sections asked for.
    pub sections: Sections,
}

impl Info {
    /// Parses the section names: any names, in any case; unknown ones are ignored.
    pub fn parse(args: &mut Args) -> Result<Info, CommandError> {
        let names = args.take_rest();
        Ok(Info {
            sections: Sections::select(&names),
        })
    }

    /// The report, as one bulk string.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        Ok(Frame::verbatim(info::report(ctx, self.sections)))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use resp::Frame;

    use crate::{dispatch, Session, Shared};

    /// Runs `parts` as one request and returns the bulk reply as text.
    fn run(shared: &Shared, session: &mut Session, parts: &[&str]) -> String {
        let parts: Vec<bytes::Bytes> = parts
            .iter()
            .map(|part| bytes::Bytes::copy_from_slice(part.as_bytes()))
            .collect();
        match dispatch(shared, session, Frame::command(parts)) {
            Frame::Verbatim { text, .. } => String::from_utf8_lossy(&text).into_owned(),
            other => format!("{other:?}"),
        }
    }

    /// The `# Title` lines of a report.
    fn titles(report: &str) -> Vec<&str> {
        report
            .split("\r\n")
            .filter(|line| line.starts_with("# "))
            .collect()
    }

    const DEFAULT_TITLES: [&str; 11] = [
        "# Server",
        "# Clients",
        "# Memory",
        "# Persistence",
        "# Stats",
        "# Replication",
        "# CPU",
        "# Modules",
        "# Errorstats",
        "# Cluster",
        "# Keyspace",
    ];

    #[test]
    fn default_all_everything_several_and_unknown_sections() {
        let (shared, mut session) = (Shared::default(), Session::new());
        let mut info = |parts: &[&str]| run(&shared, &mut session, parts);
        assert_eq!(titles(&info(&["INFO"])), DEFAULT_TITLES, "INFO alone");
        assert_eq!(titles(&info(&["INFO", "default"])), DEFAULT_TITLES);
        let all = [
            &DEFAULT_TITLES[..8],
            &["# Commandstats", "# Errorstats", "# Latencystats"],
            &DEFAULT_TITLES[9..],
        ]
        .concat();
        assert_eq!(titles(&info(&["INFO", "all"])), all, "INFO all");
        assert_eq!(titles(&info(&["INFO", "EVERYTHING"])), all);
        assert_eq!(
            titles(&info(&["info", "keyspace", "SERVER", "cpu"])),
            ["# Server", "# CPU", "# Keyspace"],
            "several sections print in Redis's order, whatever the order asked"
        );
        assert_eq!(info(&["INFO", "nonsense"]), "", "an unknown section is empty");
        assert_eq!(
            info(&["INFO", "cluster"]),
            "# Cluster\r\ncluster_enabled:0\r\n"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn keyspace_lists_every_database_that_holds_keys() {
        let (shared, mut session) = (Shared::default(), Session::new());
        let mut send = |parts: &[&str]| run(&shared, &mut session, parts);
        assert_eq!(send(&["INFO", "keyspace"]), "# Keyspace\r\n");
        for (db, keys) in [("0", 2), ("3", 1), ("15", 3)] {
            send(&["SELECT", db]);
            for key in 0..keys {
                send(&["SET", &format!("k{key}"), "v"]);
            }
        }
        send(&["SET", "short", "v", "PX", "1000"]);
        send(&["SET", "long", "v", "PX", "3000"]);
        tokio::time::advance(Duration::from_millis(500)).await;
        assert_eq!(
            send(&["INFO", "keyspace"]),
            "# Keyspace\r\n\
             db0:keys=2,expires=0,avg_ttl=0\r\n\
             db3:keys=1,expires=0,avg_ttl=0\r\n\
             db15:keys=5,expires=2,avg_ttl=1500\r\n",
            "avg_ttl is the mean of the TTLs left: (500 + 2500) / 2 ms"
        );
        send(&["FLUSHALL"]);
        assert_eq!(send(&["INFO", "keyspace"]), "# Keyspace\r\n");
    }

    #[test]
    fn the_figures_are_real() {
        let (shared, mut session) = (Shared::default(), Session::new());
        let mut send = |parts: &[&str]| run(&shared, &mut session, parts);
        send(&["SET", "k", "v"]);
        send(&["GET", "k"]);
        send(&["GET", "missing"]);
        send(&["GET"]);
        send(&["NOSUCHCOMMAND"]);
        let stats = send(&["INFO", "stats", "commandstats", "errorstats", "persistence"]);
        for line in [
            "total_commands_processed:3\r\n",
            "keyspace_hits:1\r\n",
            "keyspace_misses:1\r\n",
            "total_error_replies:2\r\n",
            "rdb_changes_since_last_save:1\r\n",
            "errorstat_ERR:count=2\r\n",
        ] {
            assert!(stats.contains(line), "{line:?} missing from\n{stats}");
        }
        assert!(
            stats.contains("cmdstat_get:calls=2,usec=")
                && stats.contains(",rejected_calls=1,failed_calls=0\r\n"),
            "GET ran twice and was refused once (wrong arity):\n{stats}"
        );
    }
}
