//! The oracle corpus, parsed: cases made of steps.
//!
//! A corpus is plain text that a person writes while reading `redis-cli` output, so its syntax
//! stays close to what one would type there. The full syntax is described in the header of
//! `corpus.txt`; in short:
//!
//! ```text
//! SET k v                 a request on connection 1; one reply is read and compared
//! @2 GET k                the same on connection 2 of the case (opened on first use)
//! @1 <send> BLPOP q 0     send only; its reply is read later by <read>
//! @1 <read>               read one more reply (pushed message, reply of a <send>, ...)
//! @1 <read 2>             read two
//! @2 <silence>            nothing arrives on connection 2 within 100 ms (<silence 250ms>)
//! @2 <closed>             the server has closed connection 2
//! <unordered> SMEMBERS s  compare the top-level elements as a multiset
//! <unordered pairs> HGETALL h   ... in pairs (a RESP2 flattened map)
//! <unchecked> HELLO 3     the reply must be complete but is not compared
//! ```
//!
//! How real Redis does it: Redis's own test suite (`tests/unit/*.tcl`) writes the same kind of
//! transcripts in Tcl: `r SET k v` on the default client, `$rd` for a deferring client whose
//! replies are read later with `$rd read`, and `lsort` around replies whose order is not defined.

use std::time::Duration;

/// Connection numbers run from 1 to this.
pub const MAX_CONNECTIONS: usize = 9;
/// How long `<silence>` waits when no duration is given.
pub const DEFAULT_SILENCE: Duration = Duration::from_millis(100);
/// The longest `<silence Nms>` allowed, so a typo cannot stall the run.
pub const MAX_SILENCE: Duration = Duration::from_secs(2);

/// How two replies are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Byte for byte (the default).
    Exact,
    /// The top-level elements of an array, set, map or push as a multiset (`<unordered>`); a
    /// RESP3 map's key and value move together.
    Unordered,
    /// The top-level elements in pairs, as a multiset (`<unordered pairs>`): a RESP2 array
    /// that is a flattened map, as `HGETALL`'s and `CONFIG GET`'s.
    UnorderedPairs,
}

/// What one step of a case does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Sends a request (a RESP array of bulk strings); reads and compares one reply unless
    /// `read` is false (`<send>`).
    Request { args: Vec<Vec<u8>>, read: bool },
    /// Reads and compares this many replies without sending anything (`<read N>`).
    Read(usize),
    /// Requires that nothing arrives for this long (`<silence Nms>`).
    Silence(Duration),
    /// Requires that the server has closed the connection (`<closed>`).
    Closed,
}

/// One line of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Its line in the corpus, for reports.
    pub line: usize,
    /// The case's connection it runs on, from 1.
    pub conn: usize,
    /// What it does.
    pub action: Action,
    /// How the replies it reads are compared.
    pub order: Order,
    /// `<unchecked>`: the replies must be complete, but their bytes are not compared.
    pub unchecked: bool,
}

/// A block of lines, run on fresh connections after a `FLUSHALL`.
#[derive(Debug)]
pub struct Case {
    /// Its first line in the corpus.
    pub line: usize,
    /// Its steps, in order.
    pub steps: Vec<Step>,
    /// `#! known-difference: <reason>`: replies are shown, not compared.
    pub known_difference: Option<String>,
    /// `#! then-closed`: both servers close the last step's connection after it.
    pub then_closed: bool,
}

impl Case {
    /// How many connections the case uses (the highest number named).
    pub fn connections(&self) -> usize {
        self.steps.iter().map(|s| s.conn).max().unwrap_or(1)
    }

    /// Every request the case sends, with its line.
    pub fn requests(&self) -> impl Iterator<Item = (usize, &[Vec<u8>])> {
        self.steps.iter().filter_map(|step| match &step.action {
            Action::Request { args, .. } => Some((step.line, args.as_slice())),
            _ => None,
        })
    }
}

impl Step {
    /// The step as a report shows it: as written, with `@N` when the case has several
    /// connections.
    pub fn render(&self, show_conn: bool) -> String {
        let mut out = String::new();
        if show_conn {
            out.push_str(&format!("@{} ", self.conn));
        }
        match self.order {
            Order::Exact => {}
            Order::Unordered => out.push_str("<unordered> "),
            Order::UnorderedPairs => out.push_str("<unordered pairs> "),
        }
        if self.unchecked {
            out.push_str("<unchecked> ");
        }
        match &self.action {
            Action::Request { args, read } => {
                if !read {
                    out.push_str("<send> ");
                }
                out.push_str(&render_request(args));
            }
            Action::Read(1) => out.push_str("<read>"),
            Action::Read(n) => out.push_str(&format!("<read {n}>")),
            Action::Silence(d) => out.push_str(&format!("<silence {}ms>", d.as_millis())),
            Action::Closed => out.push_str("<closed>"),
        }
        out
    }
}

/// Parses a whole corpus. Errors name the line.
pub fn parse_corpus(text: &str) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    let mut current: Option<Case> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            finish(current.take(), &mut cases)?;
            continue;
        }
        let case = current.get_or_insert_with(|| Case {
            line: line_no,
            steps: Vec::new(),
            known_difference: None,
            then_closed: false,
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
            } else {
                return Err(format!("line {line_no}: unknown directive `{directive}`"));
            }
        } else if !line.starts_with('#') {
            let step = parse_step(line, line_no).map_err(|e| format!("line {line_no}: {e}"))?;
            case.steps.push(step);
        }
    }
    finish(current.take(), &mut cases)?;
    Ok(cases)
}

/// Ends a block: a case if it has steps; an error if it has directives but no steps.
fn finish(case: Option<Case>, cases: &mut Vec<Case>) -> Result<(), String> {
    match case {
        Some(case) if !case.steps.is_empty() => {
            check_connections(&case)?;
            cases.push(case)
        }
        Some(case) if case.known_difference.is_some() || case.then_closed => {
            return Err(format!(
                "line {}: directive in a block without any request",
                case.line
            ))
        }
        _ => {}
    }
    Ok(())
}

/// Refuses a step on a connection after its `<closed>`: the harness would have to open a new
/// one, which is not what the line says.
fn check_connections(case: &Case) -> Result<(), String> {
    let mut closed_at = [None; MAX_CONNECTIONS + 1];
    for step in &case.steps {
        if let Some(line) = closed_at[step.conn] {
            return Err(format!(
                "line {}: connection @{} was closed at line {line}",
                step.line, step.conn
            ));
        }
        if step.action == Action::Closed {
            closed_at[step.conn] = Some(step.line);
        }
    }
    Ok(())
}

/// Parses one step line: `[@N] [<marker> ...] [request]`.
pub fn parse_step(line: &str, line_no: usize) -> Result<Step, String> {
    let mut rest = line.trim_start();
    let mut conn = 1;
    if let Some(after) = rest.strip_prefix('@') {
        let end = after.find(' ').unwrap_or(after.len());
        conn = after[..end]
            .parse()
            .ok()
            .filter(|n| (1..=MAX_CONNECTIONS).contains(n))
            .ok_or_else(|| {
                format!(
                    "`@{}`: a connection is @1 to @{MAX_CONNECTIONS}",
                    &after[..end]
                )
            })?;
        rest = after[end..].trim_start();
    }
    let mut order = Order::Exact;
    let mut unchecked = false;
    let mut send_only = false;
    let mut action = None;
    while let Some(after) = rest.strip_prefix('<') {
        let end = after.find('>').ok_or("`<` without a closing `>`")?;
        let words: Vec<&str> = after[..end].split_whitespace().collect();
        rest = after[end + 1..].trim_start();
        let found = match words.as_slice() {
            ["send"] => {
                send_only = true;
                None
            }
            ["unordered"] => {
                order = Order::Unordered;
                None
            }
            ["unordered", "pairs"] => {
                order = Order::UnorderedPairs;
                None
            }
            ["unchecked"] => {
                unchecked = true;
                None
            }
            ["read"] => Some(Action::Read(1)),
            ["read", n] => match n.parse() {
                Ok(n) if n >= 1 => Some(Action::Read(n)),
                _ => return Err(format!("`<read {n}>`: the count is a number from 1")),
            },
            ["silence"] => Some(Action::Silence(DEFAULT_SILENCE)),
            ["silence", d] => Some(Action::Silence(parse_millis(d)?)),
            ["closed"] => Some(Action::Closed),
            _ => return Err(format!("unknown marker `<{}>`", &after[..end])),
        };
        if found.is_some() {
            if action.is_some() {
                return Err("one line reads, waits or checks for a close, not two".into());
            }
            action = found;
        }
    }
    let action = match action {
        Some(action) => {
            if !rest.is_empty() || send_only {
                return Err("`<read>`, `<silence>` and `<closed>` send nothing".into());
            }
            if matches!(action, Action::Silence(_) | Action::Closed)
                && (order != Order::Exact || unchecked)
            {
                return Err("`<silence>` and `<closed>` read no reply to compare".into());
            }
            action
        }
        None => {
            if send_only && (order != Order::Exact || unchecked) {
                return Err("`<send>` reads no reply; mark the `<read>` that does".into());
            }
            Action::Request {
                args: tokenize(rest)?,
                read: !send_only,
            }
        }
    };
    Ok(Step {
        line: line_no,
        conn,
        action,
        order,
        unchecked,
    })
}

/// `250ms` as a duration, at most [`MAX_SILENCE`].
fn parse_millis(text: &str) -> Result<Duration, String> {
    text.strip_suffix("ms")
        .and_then(|n| n.parse().ok())
        .map(Duration::from_millis)
        .filter(|d| *d <= MAX_SILENCE)
        .ok_or_else(|| format!("`{text}`: a silence is `<silence Nms>`, at most {MAX_SILENCE:?}"))
}

/// Splits a request line into arguments: bare words separated by spaces, or double-quoted
/// strings with the escapes `\r \n \0 \xHH \" \\`.
pub fn tokenize(line: &str) -> Result<Vec<Vec<u8>>, String> {
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

/// A request as the corpus would write it: bare words where possible, quoted otherwise.
pub fn render_request(args: &[Vec<u8>]) -> String {
    args.iter()
        .map(|a| {
            if !a.is_empty() && a.iter().all(|&b| b.is_ascii_graphic() && b != b'"') {
                String::from_utf8_lossy(a).into_owned()
            } else {
                crate::resp::escape(a)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<Vec<u8>> {
        words.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    fn step(line: &str) -> Step {
        parse_step(line, 1).unwrap_or_else(|e| panic!("`{line}` should parse: {e}"))
    }

    #[test]
    fn tokenizer_handles_quotes_and_escapes() {
        assert_eq!(tokenize("SET k v").unwrap(), args(&["SET", "k", "v"]));
        assert_eq!(
            tokenize(r#"ECHO "a b\r\n\0\x41\xff\"\\" """#).unwrap(),
            vec![b"ECHO".to_vec(), b"a b\r\n\0A\xff\"\\".to_vec(), Vec::new()]
        );
        assert_eq!(tokenize("  GET   k  ").unwrap(), args(&["GET", "k"]));
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
        assert_eq!(cases[1].steps.len(), 2);
        assert_eq!(cases[1].steps[1].line, 7);
        assert!(cases[2].then_closed);
        assert!(parse_corpus("#! known-difference: x\n\nPING\n").is_err());
        assert!(parse_corpus("#! bogus\nPING\n").is_err());
        assert!(parse_corpus("@2 QUIT\n@2 <closed>\n@2 PING\n").is_err());
        assert!(parse_corpus("@2 QUIT\n@2 <closed>\n@1 PING\n").is_ok());
    }

    #[test]
    fn a_plain_line_is_a_request_on_connection_one() {
        assert_eq!(
            step("GET k"),
            Step {
                line: 1,
                conn: 1,
                action: Action::Request {
                    args: args(&["GET", "k"]),
                    read: true
                },
                order: Order::Exact,
                unchecked: false,
            }
        );
    }

    #[test]
    fn markers_and_connections_parse() {
        let s = step("@2 <send> BLPOP q 0");
        assert_eq!(s.conn, 2);
        assert_eq!(
            s.action,
            Action::Request {
                args: args(&["BLPOP", "q", "0"]),
                read: false
            }
        );
        assert_eq!(step("@3 <read>").action, Action::Read(1));
        assert_eq!(step("@3 <read>").conn, 3);
        assert_eq!(step("<read 3>").action, Action::Read(3));
        assert_eq!(
            step("@1 <silence>").action,
            Action::Silence(DEFAULT_SILENCE)
        );
        assert_eq!(
            step("<silence 250ms>").action,
            Action::Silence(Duration::from_millis(250))
        );
        assert_eq!(step("@2 <closed>").action, Action::Closed);
        let s = step("<unordered> SMEMBERS s");
        assert_eq!(s.order, Order::Unordered);
        assert_eq!(
            step("<unordered pairs> HGETALL h").order,
            Order::UnorderedPairs
        );
        let s = step("@2 <unordered> <read 2>");
        assert_eq!(
            (s.conn, s.order, s.action),
            (2, Order::Unordered, Action::Read(2))
        );
        let s = step("<unchecked> HELLO 3");
        assert!(s.unchecked);
        assert_eq!(
            s.action,
            Action::Request {
                args: args(&["HELLO", "3"]),
                read: true
            }
        );
        // A marker-like word after the command is an argument.
        assert_eq!(
            step("ECHO <read>").action,
            Action::Request {
                args: args(&["ECHO", "<read>"]),
                read: true
            }
        );
    }

    #[test]
    fn bad_steps_are_refused() {
        for bad in [
            "@0 PING",
            "@10 PING",
            "@x PING",
            "@2",
            "<read> PING",
            "<send> <read>",
            "<read> <silence>",
            "<read 0>",
            "<read x>",
            "<silence 100>",
            "<silence 3000ms>",
            "<unordered> <silence>",
            "<unchecked> <closed>",
            "<unordered> <send> SMEMBERS s",
            "<bogus> PING",
            "<send PING",
            "<send>",
        ] {
            assert!(parse_step(bad, 1).is_err(), "`{bad}` should be refused");
        }
    }

    #[test]
    fn steps_render_as_written() {
        for line in [
            "@2 <send> BLPOP q 0",
            "@1 <read>",
            "@1 <read 3>",
            "@2 <silence 100ms>",
            "@2 <closed>",
            "@1 <unordered> SMEMBERS s",
            "@1 <unordered pairs> <read>",
            "@1 <unchecked> HELLO 3",
            r#"@1 ECHO "a b""#,
        ] {
            assert_eq!(step(line).render(true), line);
        }
        assert_eq!(step("@1 GET k").render(false), "GET k");
    }

    #[test]
    fn a_case_knows_its_connections_and_requests() {
        let cases = parse_corpus("@1 SET k v\n@3 GET k\n@3 <read>\n").unwrap();
        assert_eq!(cases[0].connections(), 3);
        let lines: Vec<usize> = cases[0].requests().map(|(line, _)| line).collect();
        assert_eq!(lines, [1, 2]);
    }
}
