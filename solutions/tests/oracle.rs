//! Differential "oracle" test: our reference server must answer byte-for-byte like real Redis.
//!
//! The test starts a real `redis-server` (Redis 7.0.x; the corpus was recorded against 7.0.15)
//! and our `solutions` binary on free loopback ports, replays every case of
//! `tests/oracle/corpus.txt` against both, and compares the raw reply bytes.
//!
//! * Each case runs on a fresh TCP connection to each server. Before each case real Redis gets a
//!   `FLUSHALL` (on a separate control connection); our server has no `FLUSHALL`, so the corpus
//!   gives every case its own key names (`<tag>:<name>`, checked by `corpus_key_tags_are_unique`).
//! * Every request is sent as a RESP array of bulk strings; exactly one complete RESP2 reply is
//!   read back (2 s read timeout) and the raw bytes are compared.
//! * `#! known-difference: <reason>` skips the comparison for a case (both servers must still
//!   answer every request); `#! then-closed` requires both servers to close the connection after
//!   the last reply (QUIT); `#! unordered-subcommands` sorts the subcommands of every command
//!   description (`COMMAND INFO client`) in both replies before comparing, because Redis lists
//!   them in the order of a hash table whose seed is random at each start.
//! * All mismatches are collected and reported together at the end.
//!
//! `redis-server` must be on `PATH` (or named by `$REDIS_SERVER`); the test fails otherwise.
//! Run it with: `cargo test -p solutions --test oracle`.

use std::fmt::Write as _;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use testkit::process::{redis_server_program, start_redis_server, ServerProcess};

const CORPUS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle/corpus.txt");
const READ_TIMEOUT: Duration = Duration::from_secs(2);
/// After this many timeouts the server is assumed to be hung and the run is cut short, so a
/// broken server cannot turn the test into a 10-minute wait.
const MAX_TIMEOUTS: usize = 3;

// ---------------------------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Request {
    line: usize,
    args: Vec<Vec<u8>>,
}

#[derive(Debug)]
struct Case {
    line: usize,
    requests: Vec<Request>,
    known_difference: Option<String>,
    then_closed: bool,
    unordered_subcommands: bool,
}

fn parse_corpus(text: &str) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    let mut current: Option<Case> = None;
    let finish = |case: Option<Case>, cases: &mut Vec<Case>| -> Result<(), String> {
        match case {
            Some(case) if !case.requests.is_empty() => cases.push(case),
            Some(case)
                if case.known_difference.is_some()
                    || case.then_closed
                    || case.unordered_subcommands =>
            {
                return Err(format!(
                    "line {}: directive in a block without any request",
                    case.line
                ))
            }
            _ => {}
        }
        Ok(())
    };
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            finish(current.take(), &mut cases)?;
            continue;
        }
        let case = current.get_or_insert_with(|| Case {
            line: line_no,
            requests: Vec::new(),
            known_difference: None,
            then_closed: false,
            unordered_subcommands: false,
        });
        if let Some(directive) = line.strip_prefix("#!") {
            let directive = directive.trim();
            if let Some(reason) = directive.strip_prefix("known-difference:") {
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(format!("line {line_no}: known-difference needs a reason"));
                }
                case.known_difference = Some(reason.to_string());
            } else if directive == "then-closed" {
                case.then_closed = true;
            } else if directive == "unordered-subcommands" {
                case.unordered_subcommands = true;
            } else {
                return Err(format!("line {line_no}: unknown directive `{directive}`"));
            }
        } else if line.starts_with('#') {
            // comment
        } else {
            let args = tokenize(line).map_err(|e| format!("line {line_no}: {e}"))?;
            case.requests.push(Request {
                line: line_no,
                args,
            });
        }
    }
    finish(current.take(), &mut cases)?;
    Ok(cases)
}

/// Splits a request line into arguments: bare words separated by spaces, or double-quoted
/// strings with the escapes `\r \n \0 \xHH \" \\`.
fn tokenize(line: &str) -> Result<Vec<Vec<u8>>, String> {
    let bytes = line.as_bytes();
    let mut args = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => i += 1,
            b'"' => {
                let mut arg = Vec::new();
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err("unterminated quoted argument".into()),
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') => {
                            let escaped = bytes.get(i + 1).ok_or("dangling backslash")?;
                            match escaped {
                                b'r' => arg.push(b'\r'),
                                b'n' => arg.push(b'\n'),
                                b'0' => arg.push(0),
                                b'"' => arg.push(b'"'),
                                b'\\' => arg.push(b'\\'),
                                b'x' => {
                                    let hex = bytes.get(i + 2..i + 4).ok_or("short \\x escape")?;
                                    let hex = std::str::from_utf8(hex).map_err(|_| "bad \\x")?;
                                    let value = u8::from_str_radix(hex, 16)
                                        .map_err(|_| format!("bad \\x escape `{hex}`"))?;
                                    arg.push(value);
                                    i += 2;
                                }
                                other => {
                                    return Err(format!("unknown escape `\\{}`", *other as char))
                                }
                            }
                            i += 2;
                        }
                        Some(&b) => {
                            arg.push(b);
                            i += 1;
                        }
                    }
                }
                if i < bytes.len() && bytes[i] != b' ' {
                    return Err("a quoted argument must be followed by a space".into());
                }
                args.push(arg);
            }
            _ => {
                let start = i;
                while i < bytes.len() && bytes[i] != b' ' {
                    if bytes[i] == b'"' {
                        return Err("`\"` inside a bare argument; quote the whole argument".into());
                    }
                    i += 1;
                }
                args.push(bytes[start..i].to_vec());
            }
        }
    }
    if args.is_empty() {
        return Err("empty request".into());
    }
    Ok(args)
}

fn load_corpus() -> Vec<Case> {
    let text = std::fs::read_to_string(CORPUS_PATH)
        .unwrap_or_else(|e| panic!("cannot read {CORPUS_PATH}: {e}"));
    let cases = parse_corpus(&text).unwrap_or_else(|e| panic!("{CORPUS_PATH}: {e}"));
    assert!(!cases.is_empty(), "{CORPUS_PATH} has no cases");
    cases
}

// ---------------------------------------------------------------------------------------------
// RESP
// ---------------------------------------------------------------------------------------------

/// A request as RESP: the test kit's encoder, for arguments held as `Vec<u8>`.
fn encode_request(args: &[Vec<u8>]) -> Vec<u8> {
    let parts: Vec<&[u8]> = args.iter().map(Vec::as_slice).collect();
    testkit::command(&parts)
}

/// Length of the first complete RESP2 value in `buf`: `Ok(None)` if more bytes are needed,
/// `Err` if the bytes cannot be RESP2.
fn reply_len(buf: &[u8]) -> Result<Option<usize>, String> {
    scan_value(buf, 0)
}

fn scan_value(buf: &[u8], pos: usize) -> Result<Option<usize>, String> {
    let Some(&kind) = buf.get(pos) else {
        return Ok(None);
    };
    let Some(cr) = buf[pos..]
        .windows(2)
        .position(|w| w == b"\r\n")
        .map(|p| p + pos)
    else {
        return Ok(None);
    };
    let header = &buf[pos + 1..cr];
    let after_header = cr + 2;
    match kind {
        b'+' | b'-' | b':' => Ok(Some(after_header)),
        b'$' => {
            let len = parse_length(header)?;
            if len < 0 {
                return Ok(Some(after_header));
            }
            let end = after_header + len as usize + 2;
            if buf.len() < end {
                return Ok(None);
            }
            if &buf[end - 2..end] != b"\r\n" {
                return Err(format!(
                    "bulk string at offset {pos} not terminated by CRLF"
                ));
            }
            Ok(Some(end))
        }
        b'*' => {
            let count = parse_length(header)?;
            let mut next = after_header;
            for _ in 0..count.max(0) {
                match scan_value(buf, next)? {
                    Some(end) => next = end,
                    None => return Ok(None),
                }
            }
            Ok(Some(next))
        }
        other => Err(format!(
            "unexpected RESP2 type byte {:?} at offset {pos}",
            other as char
        )),
    }
}

fn parse_length(header: &[u8]) -> Result<i64, String> {
    let text = std::str::from_utf8(header).map_err(|_| "non-UTF-8 length".to_string())?;
    let len: i64 = text.parse().map_err(|_| format!("bad length `{text}`"))?;
    if len < -1 {
        return Err(format!("negative length {len}"));
    }
    Ok(len)
}

/// The raw bytes of each element of the RESP2 array `value`, or `None` if it is not an array.
fn array_elements(value: &[u8]) -> Option<Vec<&[u8]>> {
    if value.first() != Some(&b'*') {
        return None;
    }
    let cr = value.windows(2).position(|w| w == b"\r\n")?;
    let count = parse_length(&value[1..cr]).ok()?;
    let mut elements = Vec::new();
    let mut next = cr + 2;
    for _ in 0..count.max(0) {
        let end = scan_value(value, next).ok()??;
        elements.push(&value[next..end]);
        next = end;
    }
    Some(elements)
}

/// A RESP2 array of already-encoded elements.
fn encode_array(elements: &[Vec<u8>]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", elements.len()).into_bytes();
    for element in elements {
        out.extend_from_slice(element);
    }
    out
}

/// A `COMMAND INFO` reply with the subcommands (the 10th field of each command description)
/// sorted by their bytes. Anything else is returned as it is.
fn sort_subcommands(reply: &[u8]) -> Vec<u8> {
    let Some(commands) = array_elements(reply) else {
        return reply.to_vec();
    };
    let commands: Vec<Vec<u8>> = commands
        .into_iter()
        .map(|command| match array_elements(command) {
            Some(fields) if fields.len() == 10 => {
                let mut fields: Vec<Vec<u8>> = fields.iter().map(|f| f.to_vec()).collect();
                if let Some(mut subcommands) = array_elements(&fields[9].clone()) {
                    subcommands.sort();
                    let sorted: Vec<Vec<u8>> = subcommands.iter().map(|s| s.to_vec()).collect();
                    fields[9] = encode_array(&sorted);
                }
                encode_array(&fields)
            }
            _ => command.to_vec(),
        })
        .collect();
    encode_array(&commands)
}

/// Renders bytes as a Rust-like byte string literal body: printable ASCII as is, the rest escaped.
fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('"');
    out
}

fn render_request(args: &[Vec<u8>]) -> String {
    args.iter()
        .map(|a| {
            if !a.is_empty() && a.iter().all(|&b| b.is_ascii_graphic() && b != b'"') {
                String::from_utf8_lossy(a).into_owned()
            } else {
                escape(a)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Talking to a server
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Reply {
    Complete(Vec<u8>),
    /// Partial bytes received before the read timed out.
    Timeout(Vec<u8>),
    /// Partial bytes received before the peer closed the connection.
    Closed(Vec<u8>),
    Malformed(Vec<u8>, String),
    Io(String),
}

impl Reply {
    fn describe(&self) -> String {
        match self {
            Reply::Complete(bytes) => escape(bytes),
            Reply::Timeout(bytes) => format!(
                "<no complete reply within {READ_TIMEOUT:?}; got {}>",
                escape(bytes)
            ),
            Reply::Closed(bytes) => format!("<connection closed; got {}>", escape(bytes)),
            Reply::Malformed(bytes, why) => format!("<not RESP2: {why}; got {}>", escape(bytes)),
            Reply::Io(e) => format!("<I/O error: {e}>"),
        }
    }
}

struct Conn {
    stream: TcpStream,
    /// Bytes received beyond the last complete reply.
    pending: Vec<u8>,
}

impl Conn {
    fn open(port: u16) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_write_timeout(Some(READ_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            pending: Vec::new(),
        })
    }

    fn request(&mut self, args: &[Vec<u8>]) -> Reply {
        if let Err(e) = self.stream.write_all(&encode_request(args)) {
            return Reply::Io(format!("write: {e}"));
        }
        self.read_reply()
    }

    fn read_reply(&mut self) -> Reply {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if !self.pending.is_empty() {
                match reply_len(&self.pending) {
                    Ok(Some(n)) => {
                        let rest = self.pending.split_off(n);
                        return Reply::Complete(std::mem::replace(&mut self.pending, rest));
                    }
                    Ok(None) => {}
                    Err(why) => return Reply::Malformed(std::mem::take(&mut self.pending), why),
                }
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Reply::Closed(std::mem::take(&mut self.pending)),
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Reply::Timeout(std::mem::take(&mut self.pending))
                }
                Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                    return Reply::Closed(std::mem::take(&mut self.pending))
                }
                Err(e) => return Reply::Io(format!("read: {e}")),
            }
        }
    }

    /// `Ok(())` if the peer closes the connection (without sending anything more) in time.
    fn expect_closed(&mut self) -> Result<(), String> {
        if !self.pending.is_empty() {
            return Err(format!("unexpected extra bytes {}", escape(&self.pending)));
        }
        let mut chunk = [0u8; 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => Ok(()),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => Ok(()),
            Ok(n) => Err(format!(
                "connection still open; received {}",
                escape(&chunk[..n])
            )),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Err(format!("connection still open after {READ_TIMEOUT:?}"))
            }
            Err(e) => Err(format!("read error: {e}")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Server processes
// ---------------------------------------------------------------------------------------------

fn start_real_redis() -> ServerProcess {
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
    start_redis_server(&[])
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
    request_line: usize,
    request: String,
    note: String,
    redis: String,
    ours: String,
}

#[derive(Default)]
struct Outcome {
    mismatches: Vec<Mismatch>,
    known: Vec<String>,
    timeouts: usize,
}

fn mismatch(
    case: &Case,
    request_line: usize,
    request: String,
    note: &str,
    r: String,
    o: String,
) -> Mismatch {
    Mismatch {
        case_line: case.line,
        request_line,
        request,
        note: note.to_string(),
        redis: r,
        ours: o,
    }
}

fn run_case(case: &Case, redis: &ServerProcess, ours: &ServerProcess, out: &mut Outcome) {
    let last_line = case.requests.last().map_or(case.line, |r| r.line);
    let mut real = match Conn::open(redis.port()) {
        Ok(c) => c,
        Err(e) => panic!(
            "cannot connect to {} on port {}: {e}",
            redis.name,
            redis.port()
        ),
    };
    let mut mine = match Conn::open(ours.port()) {
        Ok(c) => c,
        Err(e) => {
            let m = mismatch(
                case,
                case.line,
                String::new(),
                "cannot connect",
                String::new(),
                e.to_string(),
            );
            out.mismatches.push(m);
            return;
        }
    };
    let mut known_lines = Vec::new();
    for request in &case.requests {
        let shown = render_request(&request.args);
        let expected = real.request(&request.args);
        let actual = mine.request(&request.args);
        for reply in [&expected, &actual] {
            if matches!(reply, Reply::Timeout(_)) {
                out.timeouts += 1;
            }
        }
        let (Reply::Complete(mut e), Reply::Complete(mut a)) = (expected.clone(), actual.clone())
        else {
            out.mismatches.push(mismatch(
                case,
                request.line,
                shown,
                "no complete reply (rest of the case skipped)",
                expected.describe(),
                actual.describe(),
            ));
            return;
        };
        if case.unordered_subcommands {
            e = sort_subcommands(&e);
            a = sort_subcommands(&a);
        }
        if case.known_difference.is_some() {
            known_lines.push(format!(
                "    {shown}\n      redis: {}\n      ours:  {}{}",
                escape(&e),
                escape(&a),
                if e == a { "   (identical)" } else { "" }
            ));
        } else if e != a {
            out.mismatches.push(mismatch(
                case,
                request.line,
                shown,
                "",
                escape(&e),
                escape(&a),
            ));
        }
    }
    if case.then_closed {
        let r = real.expect_closed();
        let o = mine.expect_closed();
        if r.is_ok() != o.is_ok() {
            let show = |x: Result<(), String>| x.err().unwrap_or_else(|| "<closed>".into());
            out.mismatches.push(mismatch(
                case,
                last_line,
                "(after last reply)".into(),
                "connection-close behaviour differs",
                show(r),
                show(o),
            ));
        }
    } else if !mine.pending.is_empty() || !real.pending.is_empty() {
        // More bytes than one reply per request: a framing bug (only detected when they arrived
        // together with a reply).
        out.mismatches.push(mismatch(
            case,
            last_line,
            "(after last reply)".into(),
            "extra bytes after the last reply",
            escape(&real.pending),
            escape(&mine.pending),
        ));
    }
    if let Some(reason) = &case.known_difference {
        out.known.push(format!(
            "  line {} - {reason}\n{}",
            case.line,
            known_lines.join("\n")
        ));
    }
    let _ = real.stream.shutdown(Shutdown::Both);
    let _ = mine.stream.shutdown(Shutdown::Both);
}

#[test]
fn oracle_matches_real_redis() {
    let started = Instant::now();
    let cases = load_corpus();
    let redis = start_real_redis();
    let ours = start_our_server();

    let mut control = Conn::open(redis.port()).expect("control connection to redis-server");
    let mut outcome = Outcome::default();
    let mut ran = 0;
    for case in &cases {
        match control.request(&[b"FLUSHALL".to_vec()]) {
            Reply::Complete(r) if r == b"+OK\r\n" => {}
            other => panic!("FLUSHALL on real Redis failed: {}", other.describe()),
        }
        run_case(case, &redis, &ours, &mut outcome);
        ran += 1;
        if outcome.timeouts >= MAX_TIMEOUTS {
            break;
        }
    }

    let requests: usize = cases.iter().map(|c| c.requests.len()).sum();
    if !outcome.known.is_empty() {
        println!(
            "documented known differences ({}):\n{}",
            outcome.known.len(),
            outcome.known.join("\n")
        );
    }
    println!(
        "oracle: {ran}/{} cases, {requests} requests, {} mismatches, {:?}",
        cases.len(),
        outcome.mismatches.len(),
        started.elapsed()
    );

    let mut report = String::new();
    if ran < cases.len() {
        let _ = writeln!(
            report,
            "ABORTED after {ran} of {} cases: {} read timeouts (server hung?)\n",
            cases.len(),
            outcome.timeouts
        );
    }
    for m in &outcome.mismatches {
        let _ = writeln!(
            report,
            "corpus.txt case at line {}, request line {}:",
            m.case_line, m.request_line
        );
        let _ = writeln!(report, "    request: {}", m.request);
        if !m.note.is_empty() {
            let _ = writeln!(report, "    note:    {}", m.note);
        }
        let _ = writeln!(report, "    redis:   {}", m.redis);
        let _ = writeln!(report, "    ours:    {}\n", m.ours);
    }
    assert!(
        report.is_empty(),
        "\n{} mismatch(es) between real Redis and our server ({CORPUS_PATH}):\n\n{report}",
        outcome.mismatches.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Self-checks of the harness (no servers needed)
// ---------------------------------------------------------------------------------------------

#[test]
fn corpus_parses() {
    let cases = load_corpus();
    for case in &cases {
        if case.then_closed {
            let last = &case.requests.last().unwrap().args[0];
            assert!(
                last.eq_ignore_ascii_case(b"QUIT"),
                "line {}: then-closed case must end with QUIT",
                case.line
            );
        }
    }
}

/// Our server keeps its keyspace for the whole run, so no two cases may share a key tag
/// (the part of an argument before the first `:`, e.g. `set12` in `set12:k`).
#[test]
fn corpus_key_tags_are_unique() {
    use std::collections::HashMap;
    let mut owner: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut clashes = Vec::new();
    for case in load_corpus() {
        let mut tags: Vec<Vec<u8>> = Vec::new();
        for request in &case.requests {
            for arg in &request.args[1..] {
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
                    "tag `{}` used by cases at lines {first} and {}",
                    String::from_utf8_lossy(&tag),
                    case.line
                ));
            }
        }
    }
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
}

#[test]
fn tokenizer_handles_quotes_and_escapes() {
    assert_eq!(
        tokenize("SET k v").unwrap(),
        vec![b"SET".to_vec(), b"k".to_vec(), b"v".to_vec()]
    );
    assert_eq!(
        tokenize(r#"ECHO "a b\r\n\0\x41\xff\"\\" """#).unwrap(),
        vec![b"ECHO".to_vec(), b"a b\r\n\0A\xff\"\\".to_vec(), Vec::new()]
    );
    assert_eq!(
        tokenize("  GET   k  ").unwrap(),
        vec![b"GET".to_vec(), b"k".to_vec()]
    );
    assert!(tokenize(r#"ECHO "open"#).is_err());
    assert!(tokenize(r#"ECHO a"b""#).is_err());
    assert!(tokenize(r#"ECHO "a"b"#).is_err());
    assert!(tokenize(r#"ECHO "\q""#).is_err());
    assert!(tokenize(r#"ECHO "\x4""#).is_err());
}

#[test]
fn parser_handles_directives_and_blocks() {
    let text = "# header\n\nPING\n\n#! known-difference: why\nSET a:k v\nGET a:k\n\n\n#! then-closed\nQUIT\n";
    let cases = parse_corpus(text).unwrap();
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0].line, 3);
    assert_eq!(cases[1].known_difference.as_deref(), Some("why"));
    assert_eq!(cases[1].requests.len(), 2);
    assert_eq!(cases[1].requests[1].line, 7);
    assert!(cases[2].then_closed);
    assert!(parse_corpus("#! known-difference: x\n\nPING\n").is_err());
    assert!(parse_corpus("#! bogus\nPING\n").is_err());
    assert!(
        parse_corpus("#! unordered-subcommands\nCOMMAND INFO client\n").unwrap()[0]
            .unordered_subcommands
    );
}

#[test]
fn reply_scanner_finds_value_boundaries() {
    assert_eq!(reply_len(b"+OK\r\n"), Ok(Some(5)));
    assert_eq!(reply_len(b"+OK\r"), Ok(None));
    assert_eq!(reply_len(b"-ERR x\r\n+PONG\r\n"), Ok(Some(8)));
    assert_eq!(reply_len(b":-12\r\n"), Ok(Some(6)));
    assert_eq!(reply_len(b"$-1\r\n"), Ok(Some(5)));
    assert_eq!(reply_len(b"$0\r\n\r\n"), Ok(Some(6)));
    assert_eq!(reply_len(b"$4\r\na\r\nb\r\n"), Ok(Some(10)));
    assert_eq!(reply_len(b"$4\r\na\r\nb\r"), Ok(None));
    assert!(reply_len(b"$1\r\nab\r\n").is_err());
    assert_eq!(reply_len(b"*0\r\n"), Ok(Some(4)));
    assert_eq!(reply_len(b"*-1\r\n"), Ok(Some(5)));
    assert_eq!(
        reply_len(b"*2\r\n$1\r\na\r\n*1\r\n:1\r\n:9\r\n"),
        Ok(Some(19))
    );
    assert_eq!(reply_len(b"*2\r\n$1\r\na\r\n*1\r\n"), Ok(None));
    assert!(reply_len(b"%1\r\n").is_err());
    assert!(reply_len(b"$x\r\n").is_err());
    assert_eq!(reply_len(b""), Ok(None));
}

#[test]
fn subcommands_are_sorted_and_nothing_else_moves() {
    let command = |name: &str, subs: &[&str]| {
        let mut fields: Vec<Vec<u8>> = vec![format!("${}\r\n{name}\r\n", name.len()).into()];
        fields.extend((0..8).map(|i| format!(":{i}\r\n").into_bytes()));
        let subs: Vec<Vec<u8>> = subs.iter().map(|s| format!("+{s}\r\n").into()).collect();
        fields.push(encode_array(&subs));
        encode_array(&fields)
    };
    let reply = encode_array(&[command("b", &["y", "x"]), b"$-1\r\n".to_vec()]);
    let sorted = encode_array(&[command("b", &["x", "y"]), b"$-1\r\n".to_vec()]);
    assert_eq!(sort_subcommands(&reply), sorted);
    assert_eq!(sort_subcommands(b"-ERR x\r\n"), b"-ERR x\r\n");
    assert_eq!(
        sort_subcommands(b"*2\r\n:2\r\n:1\r\n"),
        b"*2\r\n:2\r\n:1\r\n"
    );
}

#[test]
fn escape_is_readable() {
    assert_eq!(escape(b"+OK\r\n"), r#""+OK\r\n""#);
    assert_eq!(escape(b"a\"\\\x00\xff"), r#""a\"\\\x00\xff""#);
}
