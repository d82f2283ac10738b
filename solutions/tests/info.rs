//! `INFO` against real Redis: the same sections, the same field names in the same order, and the
//! same figures where both servers must agree (hits, misses, commands, errors, keys).
//!
//! The test starts a real `redis-server` (7.0.x) and our `solutions` binary on free ports, sends
//! both the same requests, then compares their `INFO` replies section by section. Values such as
//! pids, memory and timings differ by nature and are not compared, with two exceptions:
//! - `# Commandstats` lists commands in Redis's hash-table order; ours is by name. Compared as sets.
//! - `# Latencystats`: Redis keeps latency histograms, we do not, so ours is only the title.
//!
//! `redis-server` must be on `PATH` (or named by `$REDIS_SERVER`).
//! Run it with: `cargo test -p solutions --test info`.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use testkit::process::{start_redis_server, ServerProcess};

/// The requests sent to both servers before `INFO`: hits, a miss, a rejected call, a failed
/// call, an unknown command, keys in three databases, with and without a TTL.
const SETUP: &[&[&str]] = &[
    &["SET", "k", "v"],
    &["GET", "k"],
    &["GET", "missing"],
    &["GET"],
    &["INCR", "k"],
    &["NOSUCHCOMMAND"],
    &["SELECT", "3"],
    &["SET", "k", "v"],
    &["SET", "t", "v", "EX", "100"],
    &["SELECT", "15"],
    &["SET", "k", "v"],
];

/// Fields whose values must be the same on both servers after [`SETUP`].
const SAME_VALUES: &[&str] = &[
    "redis_version",
    "redis_mode",
    "arch_bits",
    "connected_clients",
    "blocked_clients",
    "total_commands_processed",
    "keyspace_hits",
    "keyspace_misses",
    "expired_keys",
    "total_error_replies",
    // Not `rdb_changes_since_last_save`: the store counts `SET k v EX 100` as two changes (the
    // value, the deadline), Redis as one.
    "aof_enabled",
    "role",
    "connected_slaves",
    "cluster_enabled",
];

fn start_our_server() -> ServerProcess {
    ServerProcess::start("solutions", |port| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_solutions"));
        command.args(["--port", &port.to_string(), "--bind", "127.0.0.1"]);
        command
    })
}

/// One connection, sending requests and reading single-line or bulk replies.
struct Client {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Client {
    fn connect(server: &ServerProcess) -> Client {
        let stream = TcpStream::connect(server.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .expect("set a read timeout");
        Client {
            stream,
            buffer: Vec::new(),
        }
    }

    /// Sends `args` and returns the reply's payload: a line's text or a bulk string's bytes
    /// (nothing for a null).
    fn request(&mut self, args: &[&str]) -> String {
        let parts: Vec<&[u8]> = args.iter().map(|arg| arg.as_bytes()).collect();
        self.stream
            .write_all(&testkit::command(&parts))
            .expect("send a request");
        let line = self.read_line();
        match line.split_at(1) {
            ("$", "-1") => String::new(),
            ("$", length) => {
                let length: usize = length.parse().expect("a bulk length");
                self.fill(length + 2);
                let body: Vec<u8> = self.buffer.drain(..length + 2).take(length).collect();
                String::from_utf8(body).expect("INFO is text")
            }
            (_, text) => text.to_string(),
        }
    }

    fn read_line(&mut self) -> String {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|pair| pair == b"\r\n") {
                let line: Vec<u8> = self.buffer.drain(..end + 2).take(end).collect();
                return String::from_utf8(line).expect("a text line");
            }
            self.read_more();
        }
    }

    fn fill(&mut self, count: usize) {
        while self.buffer.len() < count {
            self.read_more();
        }
    }

    fn read_more(&mut self) {
        let mut chunk = [0; 16 * 1024];
        let read = self.stream.read(&mut chunk).expect("a reply within 2 s");
        assert!(read > 0, "the server closed the connection");
        self.buffer.extend_from_slice(&chunk[..read]);
    }
}

/// A report as `(title, [(name, value)])` per section.
type Parsed = Vec<(String, Vec<(String, String)>)>;

fn parse(report: &str) -> Parsed {
    let mut sections: Parsed = Vec::new();
    for line in report.split("\r\n").filter(|line| !line.is_empty()) {
        if let Some(title) = line.strip_prefix("# ") {
            sections.push((title.to_string(), Vec::new()));
        } else {
            let (name, value) = line.split_once(':').expect("a name:value line");
            let (_, fields) = sections.last_mut().expect("a field under a title");
            fields.push((name.to_string(), value.to_string()));
        }
    }
    sections
}

fn titles(parsed: &Parsed) -> Vec<&str> {
    parsed.iter().map(|(title, _)| title.as_str()).collect()
}

fn names(fields: &[(String, String)]) -> Vec<&str> {
    fields.iter().map(|(name, _)| name.as_str()).collect()
}

/// `INFO everything` from both servers after the same requests.
fn reports(extra: &[&str]) -> (String, String) {
    let (redis, ours) = (start_redis_server(&[]), start_our_server());
    let mut reports = [&redis, &ours].map(|server| {
        let mut client = Client::connect(server);
        for request in SETUP {
            client.request(request);
        }
        let mut info = vec!["INFO"];
        info.extend_from_slice(extra);
        client.request(&info)
    });
    let ours = std::mem::take(&mut reports[1]);
    (std::mem::take(&mut reports[0]), ours)
}

#[test]
fn every_section_has_redis_s_fields_in_redis_s_order() {
    let (redis, ours) = reports(&["everything"]);
    let (redis, ours) = (parse(&redis), parse(&ours));
    assert_eq!(
        titles(&ours),
        titles(&redis),
        "the sections of INFO everything"
    );
    for ((title, expected), (_, actual)) in redis.iter().zip(&ours) {
        match title.as_str() {
            "Commandstats" => assert_eq!(
                names(actual).into_iter().collect::<BTreeSet<_>>(),
                names(expected).into_iter().collect::<BTreeSet<_>>(),
                "the commands listed in # Commandstats"
            ),
            "Latencystats" => assert!(actual.is_empty(), "we keep no latency histograms"),
            _ => assert_eq!(
                names(actual),
                names(expected),
                "the fields of # {title}, in order"
            ),
        }
    }
}

#[test]
fn the_figures_both_servers_must_agree_on_are_equal() {
    let (redis, ours) = reports(&["all"]);
    let (redis, ours) = (parse(&redis), parse(&ours));
    let find = |parsed: &Parsed, wanted: &str| -> String {
        parsed
            .iter()
            .flat_map(|(_, fields)| fields)
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| value.clone())
            .unwrap_or_else(|| panic!("no {wanted} field"))
    };
    for name in SAME_VALUES {
        assert_eq!(find(&ours, name), find(&redis, name), "{name}");
    }
    // Every call count, without the timings.
    let calls = |parsed: &Parsed| -> BTreeSet<String> {
        let (_, fields) = parsed
            .iter()
            .find(|(title, _)| title == "Commandstats")
            .expect("# Commandstats");
        fields
            .iter()
            .map(|(name, value)| {
                let counts: Vec<&str> = value
                    .split(',')
                    .filter(|count| count.contains("calls="))
                    .collect();
                format!("{name}:{}", counts.join(","))
            })
            .collect()
    };
    assert_eq!(calls(&ours), calls(&redis), "calls, rejected and failed");
    let section = |parsed: &Parsed, wanted: &str| -> Vec<(String, String)> {
        let (_, fields) = parsed
            .iter()
            .find(|(title, _)| title == wanted)
            .expect("the section");
        fields.clone()
    };
    assert_eq!(section(&ours, "Errorstats"), section(&redis, "Errorstats"));
    // Key counts per database; avg_ttl is Redis's lagging estimate, so it is left out.
    let keys = |parsed: &Parsed| -> Vec<String> {
        section(parsed, "Keyspace")
            .into_iter()
            .map(|(db, value)| format!("{db}:{}", value.split(",avg_ttl").next().unwrap_or("")))
            .collect()
    };
    assert_eq!(keys(&ours), keys(&redis), "# Keyspace");
}

#[test]
fn section_selection_matches_redis() {
    let cases: &[&[&str]] = &[
        &[],
        &["default"],
        &["all"],
        &["server", "clients"],
        &["KEYSPACE", "cpu"],
        &["modules"],
        &["default", "commandstats"],
        &["nonsense"],
    ];
    let (redis, ours) = (start_redis_server(&[]), start_our_server());
    let (mut redis, mut ours) = (Client::connect(&redis), Client::connect(&ours));
    for case in cases {
        let mut request = vec!["INFO"];
        request.extend_from_slice(case);
        let (expected, actual) = (
            parse(&redis.request(&request)),
            parse(&ours.request(&request)),
        );
        assert_eq!(
            titles(&actual),
            titles(&expected),
            "INFO {}",
            case.join(" ")
        );
    }
}
