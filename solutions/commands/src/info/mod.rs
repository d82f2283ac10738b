//! `INFO`'s report: which sections to print, and the text of each.
//!
//! Monitoring tools, client libraries and people read `INFO`, and they parse it: sections under
//! `# Title` lines, one `name:value` per line, a blank line between sections, every line ending
//! in `\r\n`. So the field names and their order are those of Redis 7.0, even where we have no
//! real figure to give (a server with no persistence, no replicas and no Lua prints zeros there).
//!
//! - [`Sections`]: which sections a request asks for (`INFO`, `INFO all`, `INFO server cpu`).
//! - [`Report`]: the text being written.
//! - One file per group of sections: `server.rs` (server, clients, cpu), `memory.rs`,
//!   `data.rs` (persistence, keyspace), `stats.rs` (stats, commandstats, errorstats,
//!   latencystats) and `standalone.rs` (replication, modules, cluster: what a lone master says).
//! - [`ProcessInfo`] is what only the binary knows (`process.rs`); `system.rs` asks the OS.
//!
//! How real Redis does it: `genInfoSectionDict` and `genRedisInfoString` in `src/server.c`.

mod data;
mod memory;
mod process;
mod server;
mod standalone;
mod stats;
mod system;

use std::fmt::{Display, Write as _};

use bitflags::bitflags;

pub use process::{AllocatorStats, AllocatorStatsFn, ProcessInfo};

use crate::Context;

bitflags! {
    /// The sections of `INFO`, in the order they are printed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Sections: u16 {
        /// `# Server`: version, process, uptime.
        const SERVER = 1 << 0;
        /// `# Clients`: connections.
        const CLIENTS = 1 << 1;
        /// `# Memory`: the allocator's figures.
        const MEMORY = 1 << 2;
        /// `# Persistence`: RDB and AOF (both off here).
        const PERSISTENCE = 1 << 3;
        /// `# Stats`: counters since start-up.
        const STATS = 1 << 4;
        /// `# Replication`: a master with no replicas.
        const REPLICATION = 1 << 5;
        /// `# CPU`: CPU time used.
        const CPU = 1 << 6;
        /// `# Modules`: none loaded.
        const MODULES = 1 << 7;
        /// `# Commandstats`: calls per command. Only on request or with `all`.
        const COMMANDSTATS = 1 << 8;
        /// `# Errorstats`: error replies per kind.
        const ERRORSTATS = 1 << 9;
        /// `# Latencystats`: latency percentiles per command. Only on request or with `all`.
        const LATENCYSTATS = 1 << 10;
        /// `# Cluster`: cluster mode is off.
        const CLUSTER = 1 << 11;
        /// `# Keyspace`: keys per database.
        const KEYSPACE = 1 << 12;
    }
}

/// What writes one section of the report.
type WriteSection = fn(&mut Report, &Context<'_>);

/// Every section: its flag, the names that ask for it, and what prints it, in Redis's order.
const SECTIONS: &[(Sections, &[&str], WriteSection)] = &[
    (Sections::SERVER, &["server"], server::server),
    (Sections::CLIENTS, &["clients"], server::clients),
    (Sections::MEMORY, &["memory"], memory::memory),
    (Sections::PERSISTENCE, &["persistence"], data::persistence),
    (Sections::STATS, &["stats"], stats::stats),
    (
        Sections::REPLICATION,
        &["replication"],
        standalone::replication,
    ),
    (Sections::CPU, &["cpu"], server::cpu),
    (
        Sections::MODULES,
        &["modules", "module_list"],
        standalone::modules,
    ),
    (
        Sections::COMMANDSTATS,
        &["commandstats"],
        stats::commandstats,
    ),
    (Sections::ERRORSTATS, &["errorstats"], stats::errorstats),
    (
        Sections::LATENCYSTATS,
        &["latencystats"],
        stats::latencystats,
    ),
    (Sections::CLUSTER, &["cluster"], standalone::cluster),
    (Sections::KEYSPACE, &["keyspace"], data::keyspace),
];

impl Sections {
    /// What `INFO` and `INFO default` print: all but the per-command tables.
    pub const DEFAULT: Sections = Sections::all()
        .difference(Sections::COMMANDSTATS)
        .difference(Sections::LATENCYSTATS);

    /// The sections `INFO name ...` asks for. No name means the default sections. Each name,
    /// in any case, is a section, `default`, `all` or `everything` (all of them: we have no
    /// modules to add their own); unknown names are ignored, so a request of only unknown names
    /// gets an empty report.
    pub fn select<N: AsRef<[u8]>>(names: &[N]) -> Sections {
        if names.is_empty() {
            return Sections::DEFAULT;
        }
        names.iter().fold(Sections::empty(), |selected, name| {
            let name = name.as_ref().to_ascii_lowercase();
            selected
                | match name.as_slice() {
                    b"default" => Sections::DEFAULT,
                    b"all" | b"everything" => Sections::all(),
                    name => Sections::named(name),
                }
        })
    }

    /// The section called `name` (lower case), or none.
    fn named(name: &[u8]) -> Sections {
        SECTIONS
            .iter()
            .find(|(_, names, _)| names.iter().any(|known| known.as_bytes() == name))
            .map_or(Sections::empty(), |(section, _, _)| *section)
    }
}

/// The text `INFO` replies, written section by section.
#[derive(Debug, Default)]
pub struct Report {
    text: String,
}

impl Report {
    /// Starts a section: a blank line after the previous one, then `# title`.
    pub fn section(&mut self, title: &str) {
        if !self.text.is_empty() {
            self.text.push_str("\r\n");
        }
        let _ = write!(self.text, "# {title}\r\n");
    }

    /// One `name:value` line.
    pub fn field(&mut self, name: impl Display, value: impl Display) {
        let _ = write!(self.text, "{name}:{value}\r\n");
    }

    /// Several `name:value` lines, in order.
    pub fn fields(&mut self, fields: &[(&str, &dyn Display)]) {
        for (name, value) in fields {
            self.field(name, value);
        }
    }

    /// The finished text.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// The report of `sections`, in Redis's order.
pub fn report(ctx: &Context<'_>, sections: Sections) -> String {
    let mut report = Report::default();
    for (section, _, write) in SECTIONS {
        if sections.contains(*section) {
            write(&mut report, ctx);
        }
    }
    report.into_text()
}

/// A byte count as Redis's `bytesToHuman` writes it: `943B`, `943.09K`, `6.72M`, `23.54G`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["K", "M", "G", "T", "P"];
    if bytes < 1024 {
        return format!("{bytes}B");
    }
    let mut scale = 1024.0;
    for unit in UNITS {
        let value = bytes as f64 / scale;
        if value < 1024.0 {
            return format!("{value:.2}{unit}");
        }
        scale *= 1024.0;
    }
    format!("{bytes}B")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(names: &[&str]) -> Sections {
        Sections::select(names)
    }

    #[test]
    fn no_name_and_default_give_the_default_sections() {
        assert_eq!(select(&[]), Sections::DEFAULT);
        assert_eq!(select(&["default"]), Sections::DEFAULT);
        assert!(!Sections::DEFAULT.contains(Sections::COMMANDSTATS));
        assert!(!Sections::DEFAULT.contains(Sections::LATENCYSTATS));
        assert!(Sections::DEFAULT.contains(Sections::MODULES | Sections::ERRORSTATS));
    }

    #[test]
    fn all_and_everything_give_every_section() {
        assert_eq!(select(&["all"]), Sections::all());
        assert_eq!(select(&["everything"]), Sections::all());
        assert_eq!(select(&["default", "commandstats"]), {
            Sections::DEFAULT | Sections::COMMANDSTATS
        });
    }

    #[test]
    fn several_names_add_up_in_any_case_and_unknown_ones_are_ignored() {
        assert_eq!(
            select(&["server", "CLIENTS", "nonsense"]),
            Sections::SERVER | Sections::CLIENTS
        );
        assert_eq!(select(&["Cpu"]), Sections::CPU);
        assert_eq!(select(&["module_list"]), Sections::MODULES);
        assert_eq!(select(&["nonsense"]), Sections::empty());
    }

    #[test]
    fn sections_are_separated_by_a_blank_line() {
        let mut report = Report::default();
        report.section("One");
        report.fields(&[("a", &1), ("b", &"x")]);
        report.section("Two");
        assert_eq!(report.into_text(), "# One\r\na:1\r\nb:x\r\n\r\n# Two\r\n");
    }

    #[test]
    fn bytes_read_as_redis_writes_them() {
        assert_eq!(human_bytes(0), "0B");
        assert_eq!(human_bytes(1023), "1023B");
        assert_eq!(human_bytes(965_728), "943.09K");
        assert_eq!(human_bytes(7_045_120), "6.72M");
        assert_eq!(human_bytes(25_276_502_016), "23.54G");
    }
}
