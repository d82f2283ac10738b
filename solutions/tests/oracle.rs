//! Differential "oracle" test: our reference server must answer byte-for-byte like real Redis.
//!
//! The test starts a real `redis-server` (Redis 7.0.x; the corpus was recorded against 7.0.15)
//! and our `solutions` binary on free loopback ports, replays every case of
//! `tests/oracle/corpus.txt` against both, and compares the raw reply bytes.
//!
//! * Before each case both servers get a `FLUSHALL` on a control connection. Until our server
//!   has `FLUSHALL` (it answers "unknown command", which is tolerated for this control request
//!   only), its keyspace lives for the whole run, and the run also requires that no two cases
//!   share a key tag (`<tag>:<name>`); once `FLUSHALL` works, that check is skipped.
//! * Each case opens its connections lazily (`@1`, `@2`, ...; fresh ones, so in RESP2 and on
//!   database 0) and closes them all at its end, waiting until each server has closed its side:
//!   a subscriber or a blocked client of one case is gone before the next case starts.
//! * A request is sent as a RESP array of bulk strings, and one complete reply (RESP2, or RESP3
//!   after `HELLO 3`) is read back (2 s read timeout). `<read>`, `<send>`, `<silence>`,
//!   `<closed>`, `<unordered>` and `<unchecked>` steps cover pushed messages, pipelines, blocked
//!   clients and replies whose element order is not defined: see the header of `corpus.txt`.
//! * `#! known-difference: <reason>` shows a case's replies instead of comparing them (both
//!   servers must still answer every request); `#! then-closed` requires both servers to close
//!   the last step's connection (QUIT).
//! * All mismatches are collected and reported together at the end, with the case's line, the
//!   step, and both servers' bytes escaped.
//!
//! The harness is itself tested: its parser and reply scanner without servers, and the steps
//! that our server cannot take yet (pub/sub, blocking lists, RESP3, sets) against two real
//! Redis servers, which must agree with each other.
//!
//! `redis-server` must be on `PATH` (or named by `$REDIS_SERVER`); the test fails otherwise.
//! Run it with: `cargo test -p solutions --test oracle`.

#[path = "oracle/conn.rs"]
mod conn;
#[path = "oracle/corpus.rs"]
mod corpus;
#[path = "oracle/resp.rs"]
mod resp;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use testkit::process::{redis_server_program, start_redis_server, ServerProcess};

use conn::{Conn, Heard, Reply};
use corpus::{parse_corpus, Action, Case, Order, Step};
use resp::{escape, sort_elements};

const CORPUS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle/corpus.txt");
/// After this many timeouts the server is assumed to be hung and the run is cut short, so a
/// broken server cannot turn the test into a 10-minute wait.
const MAX_TIMEOUTS: usize = 3;

fn load_corpus() -> Vec<Case> {
    let text = std::fs::read_to_string(CORPUS_PATH)
        .unwrap_or_else(|e| panic!("cannot read {CORPUS_PATH}: {e}"));
    let cases = parse_corpus(&text).unwrap_or_else(|e| panic!("{CORPUS_PATH}: {e}"));
    assert!(!cases.is_empty(), "{CORPUS_PATH} has no cases");
    cases
}

// ---------------------------------------------------------------------------------------------
// Server processes
// ---------------------------------------------------------------------------------------------

fn start_real_redis(extra_args: &[&str]) -> ServerProcess {
    // Warn (don't fail) when the installed Redis is not the version the corpus was recorded with.
    if let Ok(out) = Command::new(redis_server_program())
        .arg("--version")
        .output()
    {
        let version = String::from_utf8_lossy(&out.stdout);
        if !version.contains("v=7.0.") {
            eprintln!(
                "warning: the oracle corpus was recorded with Redis 7.0.15, found: {}",
                version.trim()
            );
        }
    }
    start_redis_server(extra_args)
}

fn start_our_server() -> ServerProcess {
    ServerProcess::start("solutions", |port| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_solutions"));
        command.args(["--port", &port.to_string(), "--bind", "127.0.0.1"]);
        command
    })
}

// ---------------------------------------------------------------------------------------------
// The differential run
// ---------------------------------------------------------------------------------------------

struct Mismatch {
    case_line: usize,
    step_line: usize,
    step: String,
    note: String,
    redis: String,
    ours: String,
}

#[derive(Default)]
struct Outcome {
    mismatches: Vec<Mismatch>,
    known: Vec<String>,
    timeouts: usize,
    /// Cases run (fewer than the corpus's when the run was cut short).
    ran: usize,
    /// Whether the second server answered the control `FLUSHALL` with `+OK` (`None`: no case).
    ours_flushall: Option<bool>,
}

/// Runs every case, `FLUSHALL`ing both servers before each. `redis` is the oracle; `ours` may
/// be another Redis (the harness's self-test).
fn run_corpus(cases: &[Case], redis: &ServerProcess, ours: &ServerProcess) -> Outcome {
    let mut control_redis = Conn::open(redis.port()).expect("control connection to redis-server");
    let mut control_ours = Conn::open(ours.port()).expect("control connection to our server");
    let flushall = [b"FLUSHALL".to_vec()];
    let mut out = Outcome::default();
    for case in cases {
        match control_redis.request(&flushall) {
            Reply::Complete(r) if r == b"+OK\r\n" => {}
            other => panic!("FLUSHALL on real Redis failed: {}", other.describe()),
        }
        let works = match control_ours.request(&flushall) {
            Reply::Complete(r) if r == b"+OK\r\n" => true,
            // Tolerated until our server has FLUSHALL (issue 11); the run then checks key tags.
            Reply::Complete(r) if r.starts_with(b"-ERR unknown command") => false,
            other if out.ours_flushall.is_none() => {
                panic!("FLUSHALL on {} failed: {}", ours.name, other.describe())
            }
            // It answered before: it crashed or hung in the last case. Say so, keep the report.
            other => {
                out.mismatches.push(Mismatch {
                    case_line: case.line,
                    step_line: case.line,
                    step: "FLUSHALL (the harness's, before the case)".into(),
                    note: "the server stopped answering; the run is cut short".into(),
                    redis: escape(b"+OK\r\n"),
                    ours: other.describe(),
                });
                break;
            }
        };
        if out.ours_flushall.is_some_and(|before| before != works) {
            panic!("FLUSHALL on {} worked for some cases only", ours.name);
        }
        out.ours_flushall = Some(works);
        CaseRun::new(case, redis, ours, &mut out).run();
        out.ran += 1;
        if out.timeouts >= MAX_TIMEOUTS {
            break;
        }
    }
    out
}

/// One case in progress: its connections to each server, opened on first use.
struct CaseRun<'a> {
    case: &'a Case,
    ports: [u16; 2],
    /// `conns[0]` to real Redis, `conns[1]` to ours, by the case's connection number.
    conns: [BTreeMap<usize, Conn>; 2],
    show_conn: bool,
    known_lines: Vec<String>,
    out: &'a mut Outcome,
}

impl<'a> CaseRun<'a> {
    fn new(
        case: &'a Case,
        redis: &ServerProcess,
        ours: &ServerProcess,
        out: &'a mut Outcome,
    ) -> Self {
        CaseRun {
            case,
            ports: [redis.port(), ours.port()],
            conns: [BTreeMap::new(), BTreeMap::new()],
            show_conn: case.connections() > 1,
            known_lines: Vec::new(),
            out,
        }
    }

    fn run(mut self) {
        let completed = self.steps();
        self.finish(completed);
    }

    /// Runs the steps in order; `false` if the case was cut short (a reply did not come).
    fn steps(&mut self) -> bool {
        let case = self.case;
        for step in &case.steps {
            let shown = step.render(self.show_conn);
            let go_on = match &step.action {
                Action::Request { args, read } => {
                    self.send(step, &shown, args) && (!read || self.compare(step, &shown, 1))
                }
                Action::Read(n) => self.compare(step, &shown, *n),
                Action::Silence(wait) => self.silence(step, &shown, *wait),
                Action::Closed => self.closed(step, &shown),
            };
            if !go_on {
                return false;
            }
        }
        true
    }

    /// Connection `n` to server `side` (0: Redis, 1: ours), opened if it is the first use.
    fn conn(&mut self, side: usize, n: usize) -> Result<&mut Conn, String> {
        use std::collections::btree_map::Entry;
        match self.conns[side].entry(n) {
            Entry::Occupied(entry) => Ok(entry.into_mut()),
            Entry::Vacant(entry) => match Conn::open(self.ports[side]) {
                Ok(conn) => Ok(entry.insert(conn)),
                Err(e) if side == 0 => panic!("cannot connect to redis-server: {e}"),
                Err(e) => Err(format!("<cannot connect: {e}>")),
            },
        }
    }

    fn mismatch(&mut self, line: usize, step: &str, note: &str, redis: String, ours: String) {
        self.out.mismatches.push(Mismatch {
            case_line: self.case.line,
            step_line: line,
            step: step.to_string(),
            note: note.to_string(),
            redis,
            ours,
        });
    }

    fn known(&mut self, shown: &str, redis: String, ours: String) {
        let same = if redis == ours { "   (identical)" } else { "" };
        self.known_lines.push(format!(
            "    {shown}\n      redis: {redis}\n      ours:  {ours}{same}"
        ));
    }

    fn send(&mut self, step: &Step, shown: &str, args: &[Vec<u8>]) -> bool {
        let mut sent = [String::new(), String::new()];
        for (side, result) in sent.iter_mut().enumerate() {
            if let Err(e) = self.conn(side, step.conn).and_then(|c| c.send(args)) {
                *result = e;
            }
        }
        if sent.iter().all(String::is_empty) {
            return true;
        }
        let [redis, ours] = sent;
        let note = "cannot send (rest of the case skipped)";
        self.mismatch(step.line, shown, note, redis, ours);
        false
    }

    /// Reads `n` replies from each server and compares them.
    fn compare(&mut self, step: &Step, shown: &str, n: usize) -> bool {
        for i in 1..=n {
            let shown = match n {
                1 => shown.to_string(),
                _ => format!("{shown} (reply {i} of {n})"),
            };
            let mut replies = Vec::with_capacity(2);
            for side in 0..2 {
                replies.push(match self.conn(side, step.conn) {
                    Ok(conn) => conn.read_reply(),
                    Err(e) => Reply::Io(e),
                });
            }
            let timeouts = replies
                .iter()
                .filter(|r| matches!(r, Reply::Timeout(_)))
                .count();
            self.out.timeouts += timeouts;
            let (Reply::Complete(e), Reply::Complete(a)) = (&replies[0], &replies[1]) else {
                let note = "no complete reply (rest of the case skipped)";
                let (redis, ours) = (replies[0].describe(), replies[1].describe());
                self.mismatch(step.line, &shown, note, redis, ours);
                return false;
            };
            if self.case.known_difference.is_some() {
                self.known(&shown, escape(e), escape(a));
            } else if !step.unchecked {
                if let Err(note) = same_reply(e, a, step.order) {
                    self.mismatch(step.line, &shown, &note, escape(e), escape(a));
                }
            }
        }
        true
    }

    /// Waits, then requires that neither server sent anything on the step's connection.
    fn silence(&mut self, step: &Step, shown: &str, wait: Duration) -> bool {
        for side in 0..2 {
            if let Err(e) = self.conn(side, step.conn) {
                self.mismatch(step.line, shown, "", String::new(), e);
                return false;
            }
        }
        // One wait for both servers: the window starts at the same time for each.
        std::thread::sleep(wait);
        let mut heard = Vec::with_capacity(2);
        for side in 0..2 {
            heard.push(match self.conn(side, step.conn) {
                Ok(conn) => conn.peek_available(),
                Err(_) => Heard::default(),
            });
        }
        let (redis, ours) = (heard[0].describe(), heard[1].describe());
        if self.case.known_difference.is_some() {
            self.known(shown, redis, ours);
        } else if !heard[0].is_silence() {
            let note = "real Redis was not silent either: the case is wrong";
            self.mismatch(step.line, shown, note, redis, ours);
        } else if !heard[1].is_silence() {
            self.mismatch(step.line, shown, "expected silence", redis, ours);
        }
        true
    }

    /// Requires that both servers have closed the step's connection.
    fn closed(&mut self, step: &Step, shown: &str) -> bool {
        let mut results = Vec::with_capacity(2);
        for side in 0..2 {
            results.push(match self.conn(side, step.conn) {
                Ok(conn) => conn.expect_closed(),
                Err(e) => Err(e),
            });
            self.conns[side].remove(&step.conn);
        }
        let show = |r: &Result<(), String>| r.clone().err().unwrap_or_else(|| "<closed>".into());
        let (redis, ours) = (show(&results[0]), show(&results[1]));
        if self.case.known_difference.is_some() {
            self.known(shown, redis, ours);
        } else if results.iter().any(Result::is_err) {
            self.mismatch(
                step.line,
                shown,
                "expected the connection closed",
                redis,
                ours,
            );
        }
        true
    }

    /// The end of a case: `then-closed`, then every connection closed, checking that nothing
    /// arrived that no step read.
    fn finish(mut self, completed: bool) {
        let last = self
            .case
            .steps
            .last()
            .map_or((self.case.line, 1), |s| (s.line, s.conn));
        if completed && self.case.then_closed {
            let r = self.conns[0].remove(&last.1).map(|mut c| c.expect_closed());
            let o = self.conns[1].remove(&last.1).map(|mut c| c.expect_closed());
            let show = |x: Option<Result<(), String>>| match x {
                Some(Ok(())) => "<closed>".to_string(),
                Some(Err(e)) => e,
                None => "<no connection>".to_string(),
            };
            if r.as_ref().map(Result::is_ok) != o.as_ref().map(Result::is_ok) {
                let note = "connection-close behaviour differs";
                self.mismatch(last.0, "(after the last step)", note, show(r), show(o));
            }
        }
        let [mut redis, mut ours] = std::mem::take(&mut self.conns);
        let numbers: BTreeSet<usize> = redis.keys().chain(ours.keys()).copied().collect();
        for n in numbers {
            // A connection that one side never opened has nothing to say.
            let nothing = Heard {
                bytes: Vec::new(),
                closed: true,
            };
            let r = redis.remove(&n).map_or(nothing.clone(), Conn::close);
            let o = ours.remove(&n).map_or(nothing, Conn::close);
            let step = format!("(end of case: @{n} closed by the harness)");
            if !r.closed || !o.closed {
                self.out.timeouts += 1;
                let note = "the server kept the connection open after the client closed it";
                self.mismatch(last.0, &step, note, r.describe(), o.describe());
            } else if completed && (!r.bytes.is_empty() || !o.bytes.is_empty()) {
                let note = "bytes arrived that no step read";
                self.mismatch(last.0, &step, note, escape(&r.bytes), escape(&o.bytes));
            }
        }
        if let Some(reason) = &self.case.known_difference {
            let lines = self.known_lines.join("\n");
            let entry = format!("  line {} - {reason}\n{lines}", self.case.line);
            self.out.known.push(entry);
        }
    }
}

/// `Ok` if two complete replies are the same under `order`; `Err` says how they differ.
fn same_reply(redis: &[u8], ours: &[u8], order: Order) -> Result<(), String> {
    let group = match order {
        Order::Exact => {
            return if redis == ours {
                Ok(())
            } else {
                Err(String::new())
            }
        }
        Order::Unordered => 1,
        Order::UnorderedPairs => 2,
    };
    let redis = sort_elements(redis, group)
        .map_err(|e| format!("real Redis's reply cannot be compared unordered: {e}"))?;
    let ours = sort_elements(ours, group)
        .map_err(|e| format!("our reply cannot be compared unordered: {e}"))?;
    match redis == ours {
        true => Ok(()),
        false => Err("compared unordered: the elements differ".into()),
    }
}

/// The failure report: empty when the run is clean.
fn report(out: &Outcome, cases: usize, source: &str) -> String {
    let mut report = String::new();
    if out.ran < cases {
        let _ = writeln!(
            report,
            "ABORTED after {} of {cases} cases ({} read timeouts; a server hung or died)\n",
            out.ran, out.timeouts
        );
    }
    for m in &out.mismatches {
        let _ = writeln!(
            report,
            "{source} case at line {}, step line {}:",
            m.case_line, m.step_line
        );
        let _ = writeln!(report, "    request: {}", m.step);
        if !m.note.is_empty() {
            let _ = writeln!(report, "    note:    {}", m.note);
        }
        let _ = writeln!(report, "    redis:   {}", m.redis);
        let _ = writeln!(report, "    ours:    {}\n", m.ours);
    }
    report
}

#[test]
fn oracle_matches_real_redis() {
    let started = Instant::now();
    let cases = load_corpus();
    let redis = start_real_redis(&[]);
    let ours = start_our_server();
    let outcome = run_corpus(&cases, &redis, &ours);

    let requests: usize = cases.iter().map(|c| c.requests().count()).sum();
    if !outcome.known.is_empty() {
        println!(
            "documented known differences ({}):\n{}",
            outcome.known.len(),
            outcome.known.join("\n")
        );
    }
    println!(
        "oracle: {}/{} cases, {requests} requests, {} mismatches, {:?}",
        outcome.ran,
        cases.len(),
        outcome.mismatches.len(),
        started.elapsed()
    );
    let mut report = report(&outcome, cases.len(), "corpus.txt");
    if outcome.ours_flushall == Some(false) {
        let clashes = key_tag_clashes(&cases);
        if !clashes.is_empty() {
            let _ = writeln!(
                report,
                "Our server has no FLUSHALL yet, so its keyspace lives for the whole run and no \
                 two cases may share a key tag:\n{}",
                clashes.join("\n")
            );
        }
    } else {
        println!("oracle: our server has FLUSHALL: cases may share keys");
    }
    assert!(
        report.is_empty(),
        "\n{} mismatch(es) between real Redis and our server ({CORPUS_PATH}):\n\n{report}",
        outcome.mismatches.len()
    );
}

/// While our server has no FLUSHALL, no two cases may share a key tag (the part of an argument
/// before the first `:`, e.g. `set12` in `set12:k`). Returns the clashes.
fn key_tag_clashes(cases: &[Case]) -> Vec<String> {
    use std::collections::HashMap;
    let mut owner: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut clashes = Vec::new();
    for case in cases {
        let mut tags: Vec<Vec<u8>> = Vec::new();
        for (_, args) in case.requests() {
            for arg in &args[1..] {
                if let Some(colon) = arg.iter().position(|&b| b == b':') {
                    let tag = &arg[..colon];
                    if !tag.is_empty() && tag.iter().all(|b| b.is_ascii_alphanumeric()) {
                        tags.push(tag.to_vec());
                    }
                }
            }
        }
        tags.sort();
        tags.dedup();
        for tag in tags {
            if let Some(first) = owner.insert(tag.clone(), case.line) {
                clashes.push(format!(
                    "  tag `{}` used by cases at lines {first} and {}",
                    String::from_utf8_lossy(&tag),
                    case.line
                ));
            }
        }
    }
    clashes
}

// ---------------------------------------------------------------------------------------------
// Self-checks of the harness
// ---------------------------------------------------------------------------------------------

#[test]
fn corpus_parses() {
    let cases = load_corpus();
    for case in &cases {
        if case.then_closed {
            let last = case.steps.last().map(|s| &s.action);
            let quit = matches!(last, Some(Action::Request { args, .. })
                if args[0].eq_ignore_ascii_case(b"QUIT"));
            assert!(
                quit,
                "line {}: a then-closed case must end with QUIT",
                case.line
            );
        }
    }
}

#[test]
fn key_tag_clashes_are_found() {
    let cases = parse_corpus("SET a:k v\n\nGET a:k\n\nSET b:k v\n@2 GET b:k\n").unwrap();
    let clashes = key_tag_clashes(&cases);
    assert_eq!(clashes, ["  tag `a` used by cases at lines 1 and 3"]);
}

/// Steps that our server cannot take yet (pub/sub, blocking lists, RESP3, sets and hashes),
/// run against two real Redis servers, which must agree: the harness reads what the later
/// chapters need. SMEMBERS's order differs between two Redis processes (each seeds its hash
/// function at random), so `<unordered>` is really needed there.
const LATER_CHAPTERS: &str = r#"
# pub/sub: a subscription's confirmations, a published message, silence after it.
@1 SUBSCRIBE news sport
@1 <read>
@2 PUBLISH news hello
@1 <read>
@1 <silence 50ms>
@2 <silence 50ms>
@2 PUBLISH weather rain

# pub/sub in RESP3: confirmations and messages are pushes, and commands still answer.
@1 <unchecked> HELLO 3
@1 SUBSCRIBE news
@2 PUBLISH news hi
@1 <read>
@1 PING
@1 GET k

# A client still blocked, or subscribed, at the end of a case is gone before the next case.
@1 <send> BLPOP leftover 0
@1 <silence 20ms>
@2 SUBSCRIBE leftover

RPUSH leftover x
LLEN leftover
PUBLISH leftover m

# A blocked client is woken by another one's push.
@1 <send> BLPOP queue 0
@1 <silence 50ms>
@2 RPUSH queue job
@1 <read>
@2 LLEN queue

# Pipelining: three requests, then three replies.
<send> SET k 1
<send> INCR k
<send> GET k
<read 3>

# Replies whose order is not defined.
SADD s alpha beta gamma delta epsilon zeta eta theta
<unordered> SMEMBERS s
HSET h f1 1 f2 2 f3 3
<unordered pairs> HGETALL h
<unordered> KEYS *
<unchecked> HELLO 3
<unordered> SMEMBERS s
<unordered> HGETALL h
GET missing

# RESP3 types, each one reply: attribute, verbatim, big number, double, booleans, map, set,
# null, and a push followed by the command's own reply.
<unchecked> HELLO 3
DEBUG PROTOCOL attrib
DEBUG PROTOCOL verbatim
DEBUG PROTOCOL bignum
DEBUG PROTOCOL double
DEBUG PROTOCOL true
DEBUG PROTOCOL false
DEBUG PROTOCOL map
DEBUG PROTOCOL set
DEBUG PROTOCOL null
DEBUG PROTOCOL push
<read>

# QUIT closes one connection only.
@1 SET k v
@2 QUIT
@2 <closed>
@1 GET k
"#;

#[test]
fn harness_reads_later_chapters_steps_alike_on_two_redis_servers() {
    let cases = parse_corpus(LATER_CHAPTERS).expect("the self-test corpus parses");
    let debug = ["--enable-debug-command", "local"];
    let (redis, other) = (start_real_redis(&debug), start_real_redis(&debug));
    let outcome = run_corpus(&cases, &redis, &other);
    let report = report(&outcome, cases.len(), "LATER_CHAPTERS");
    assert!(
        report.is_empty(),
        "\ntwo Redis servers disagree:\n\n{report}"
    );
    assert_eq!(outcome.ran, cases.len());
    assert_eq!(outcome.ours_flushall, Some(true));
}

/// The other side of the self-test: what differs is reported, with both servers' bytes.
#[test]
fn harness_reports_what_differs() {
    let corpus = "\
CONFIG GET port

@1 SUBSCRIBE c
@2 PUBLISH c m
@1 <silence>
@1 <read>

SET k v
<send> GET k
";
    let cases = parse_corpus(corpus).expect("parses");
    let (redis, other) = (start_real_redis(&[]), start_real_redis(&[]));
    let outcome = run_corpus(&cases, &redis, &other);
    let report = report(&outcome, cases.len(), "test");
    let redis_port = redis.port().to_string();
    let other_port = other.port().to_string();
    let expected = [
        "test case at line 1, step line 1:\n    request: CONFIG GET port\n".to_string(),
        format!("redis:   \"*2\\r\\n$4\\r\\nport\\r\\n${}\\r\\n{redis_port}\\r\\n\"", redis_port.len()),
        format!("ours:    \"*2\\r\\n$4\\r\\nport\\r\\n${}\\r\\n{other_port}\\r\\n\"", other_port.len()),
        "test case at line 3, step line 5:\n    request: @1 <silence 100ms>\n    note:    real Redis was not silent either".to_string(),
        "redis:   \"*3\\r\\n$7\\r\\nmessage\\r\\n$1\\r\\nc\\r\\n$1\\r\\nm\\r\\n\"".to_string(),
        "test case at line 8, step line 9:\n    request: (end of case: @1 closed by the harness)\n    note:    bytes arrived that no step read\n    redis:   \"$1\\r\\nv\\r\\n\"".to_string(),
    ];
    for part in &expected {
        assert!(
            report.contains(part.as_str()),
            "the report should contain\n{part}\n\nit is:\n{report}"
        );
    }
    assert_eq!(outcome.mismatches.len(), 3, "{report}");
}
