//! Just enough RESP to find where one reply ends, to compare replies whose element order is not
//! defined, and to show bytes readably.
//!
//! The harness never decodes a reply into values: it compares raw bytes, so that a difference
//! in framing (`$-1` against `_`, `:1` against `#t`) is a difference. It only needs to know where
//! a reply ends, for RESP2 and for RESP3 (a connection switches with `HELLO 3`, sent as an
//! ordinary request, and both protocols can be read by one scanner because their type bytes do
//! not overlap).
//!
//! How real Redis does it: replies are written by `addReply*` in `src/networking.c`; the RESP3
//! types are specified in `RESP3.md` of the `antirez/RESP3` repository and in Redis's protocol
//! docs. `redis-cli` reads them with hiredis's `redisReader`.

use std::fmt::Write as _;

/// Length of the first complete reply in `buf`: `Ok(None)` if more bytes are needed, `Err` if
/// the bytes cannot be RESP2 or RESP3. An attribute (`|`) belongs to the value after it, so the
/// two are one reply; a push (`>`) is a reply of its own.
pub fn reply_len(buf: &[u8]) -> Result<Option<usize>, String> {
    scan_value(buf, 0)
}

/// End of the value that starts at `pos`, as [`reply_len`].
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
        // Simple string, error, integer; RESP3 double and big number.
        b'+' | b'-' | b':' | b',' | b'(' => Ok(Some(after_header)),
        b'_' if header.is_empty() => Ok(Some(after_header)),
        b'#' if header == b"t" || header == b"f" => Ok(Some(after_header)),
        // Bulk string; RESP3 verbatim string and blob error.
        b'$' | b'=' | b'!' => {
            let len = parse_length(header, kind == b'$')?;
            let Ok(len) = usize::try_from(len) else {
                return Ok(Some(after_header)); // $-1, RESP2's null
            };
            let end = after_header + len + 2;
            if buf.len() < end {
                return Ok(None);
            }
            if &buf[end - 2..end] != b"\r\n" {
                return Err(format!("string at offset {pos} not terminated by CRLF"));
            }
            Ok(Some(end))
        }
        // Array; RESP3 set and push: N values. Map: N pairs. Attribute: N pairs, then the
        // value they describe.
        b'*' | b'~' | b'>' | b'%' | b'|' => {
            let count = parse_length(header, kind == b'*')?;
            let values = match kind {
                b'%' => 2 * count.max(0),
                b'|' => 2 * count + 1,
                _ => count.max(0),
            };
            let mut next = after_header;
            for _ in 0..values {
                match scan_value(buf, next)? {
                    Some(end) => next = end,
                    None => return Ok(None),
                }
            }
            Ok(Some(next))
        }
        other => Err(format!(
            "unexpected type byte {} at offset {pos}",
            escape(&[other])
        )),
    }
}

/// A length header; `-1` (a RESP2 null) only where `null_allowed`.
fn parse_length(header: &[u8], null_allowed: bool) -> Result<i64, String> {
    let text = std::str::from_utf8(header).map_err(|_| "non-UTF-8 length".to_string())?;
    let len: i64 = text.parse().map_err(|_| format!("bad length `{text}`"))?;
    if len < 0 && !(len == -1 && null_allowed) {
        return Err(format!("negative length {len}"));
    }
    Ok(len)
}

/// The reply with the top-level elements of its array, set, map or push sorted (in groups of
/// `group` elements; a map's pairs always move together), so that two replies that differ only
/// in that order become equal. Any other reply is returned as it is. `reply` must be one
/// complete reply, as [`reply_len`] found it.
pub fn sort_elements(reply: &[u8], group: usize) -> Result<Vec<u8>, String> {
    // An attribute stays in front, as it is; the value after it is sorted.
    let mut start = 0;
    if reply.first() == Some(&b'|') {
        start = attribute_len(reply)?;
    }
    let body = &reply[start..];
    let Some(&kind) = body.first() else {
        return Err("empty reply".into());
    };
    if !matches!(kind, b'*' | b'~' | b'%' | b'>') {
        return Ok(reply.to_vec());
    }
    let header_end = body
        .windows(2)
        .position(|w| w == b"\r\n")
        .ok_or("no header")?
        + 2;
    let count = parse_length(&body[1..header_end - 2], kind == b'*')?.max(0) as usize;
    let (values, group) = if kind == b'%' {
        (2 * count, 2)
    } else {
        (count, group.max(1))
    };
    if values % group != 0 {
        return Err(format!(
            "{values} elements cannot be compared in groups of {group}"
        ));
    }
    let mut groups = Vec::with_capacity(values / group);
    let mut next = header_end;
    for _ in 0..values / group {
        let begin = next;
        for _ in 0..group {
            next = scan_value(body, next)?.ok_or("incomplete reply")?;
        }
        groups.push(&body[begin..next]);
    }
    if next != body.len() {
        return Err("bytes after the reply".into());
    }
    groups.sort_unstable();
    let mut out = reply[..start + header_end].to_vec();
    for group in groups {
        out.extend_from_slice(group);
    }
    Ok(out)
}

/// Length of the attribute (`|N` and its N pairs) at the start of `reply`.
fn attribute_len(reply: &[u8]) -> Result<usize, String> {
    let header_end = reply
        .windows(2)
        .position(|w| w == b"\r\n")
        .ok_or("no header")?
        + 2;
    let count = parse_length(&reply[1..header_end - 2], false)?;
    let mut next = header_end;
    for _ in 0..2 * count {
        next = scan_value(reply, next)?.ok_or("incomplete attribute")?;
    }
    Ok(next)
}

/// Renders bytes as a quoted Rust-like byte string: printable ASCII as is, the rest escaped.
pub fn escape(bytes: &[u8]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_scanner_finds_resp2_value_boundaries() {
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
        assert!(reply_len(b"$x\r\n").is_err());
        assert!(reply_len(b"*-2\r\n").is_err());
        assert!(reply_len(b"?1\r\n").is_err());
        assert_eq!(reply_len(b""), Ok(None));
    }

    #[test]
    fn reply_scanner_finds_resp3_value_boundaries() {
        assert_eq!(reply_len(b"_\r\n:1\r\n"), Ok(Some(3)));
        assert!(reply_len(b"_x\r\n").is_err());
        assert_eq!(reply_len(b"#t\r\n"), Ok(Some(4)));
        assert_eq!(reply_len(b"#f\r\n"), Ok(Some(4)));
        assert!(reply_len(b"#x\r\n").is_err());
        assert_eq!(reply_len(b",3.141\r\n"), Ok(Some(8)));
        assert_eq!(reply_len(b",inf\r\n"), Ok(Some(6)));
        assert_eq!(reply_len(b"(12345678901234567890\r\n"), Ok(Some(23)));
        // Verbatim string and blob error: length-prefixed, may hold CRLF.
        assert_eq!(reply_len(b"=9\r\ntxt:a\r\nbc\r\n"), Ok(Some(15)));
        assert_eq!(reply_len(b"=9\r\ntxt:a\r\nb"), Ok(None));
        assert_eq!(reply_len(b"!5\r\nERR x\r\n"), Ok(Some(11)));
        assert!(reply_len(b"=-1\r\n").is_err(), "RESP3 has `_` for null");
        // Map: N pairs.
        assert_eq!(reply_len(b"%1\r\n+a\r\n:1\r\n"), Ok(Some(12)));
        assert_eq!(reply_len(b"%1\r\n+a\r\n"), Ok(None));
        assert_eq!(reply_len(b"%0\r\n"), Ok(Some(4)));
        // Set and push: N values.
        assert_eq!(reply_len(b"~2\r\n:1\r\n:2\r\n"), Ok(Some(12)));
        assert_eq!(
            reply_len(b">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n+OK\r\n"),
            Ok(Some(31))
        );
        assert!(reply_len(b"~-1\r\n").is_err());
        // An attribute is one reply with the value it describes.
        let attributed = b"|1\r\n+ttl\r\n:5\r\n$1\r\nv\r\n";
        assert_eq!(reply_len(attributed), Ok(Some(attributed.len())));
        assert_eq!(reply_len(&attributed[..14]), Ok(None));
        // Nested: a map of sets.
        let nested = b"%1\r\n$1\r\nk\r\n~2\r\n_\r\n#t\r\n";
        assert_eq!(reply_len(nested), Ok(Some(nested.len())));
    }

    #[test]
    fn real_redis_debug_protocol_replies_are_one_value_each() {
        // Recorded from Redis 7.0.15: `HELLO 3`, then `DEBUG PROTOCOL attrib`, `verbatim`,
        // `bignum`, `push` (a push, then its reply), `map`.
        let wire: &[&[u8]] = &[
            b"|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n",
            b"=29\r\ntxt:This is a verbatim\nstring\r\n",
            b"(1234567999999999999999999999999999999\r\n",
            b">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n",
            b"$40\r\nSome real reply following the push reply\r\n",
            b"%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n",
        ];
        let all = wire.concat();
        let mut at = 0;
        for value in wire {
            assert_eq!(reply_len(&all[at..]), Ok(Some(value.len())));
            at += value.len();
        }
    }

    #[test]
    fn sorting_elements_ignores_their_order_only() {
        let sorted = |r: &[u8], g| sort_elements(r, g).unwrap();
        let a = b"*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n";
        let b = b"*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n";
        assert_eq!(sorted(a, 1), sorted(b, 1));
        assert_eq!(sorted(a, 1), b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        // A multiset: a repeated element counts.
        let twice = b"*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\nc\r\n";
        assert_ne!(sorted(a, 1), sorted(twice, 1));
        // The header still counts: a set is not an array.
        let set = b"~3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n";
        assert_ne!(sorted(a, 1), sorted(set, 1));
        // Pairs: a flattened map; a field keeps its value.
        let h1 = b"*4\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$1\r\n2\r\n";
        let h2 = b"*4\r\n$1\r\ng\r\n$1\r\n2\r\n$1\r\nf\r\n$1\r\n1\r\n";
        let swapped = b"*4\r\n$1\r\nf\r\n$1\r\n2\r\n$1\r\ng\r\n$1\r\n1\r\n";
        assert_eq!(sorted(h1, 2), sorted(h2, 2));
        assert_ne!(sorted(h1, 2), sorted(swapped, 2));
        assert!(sort_elements(b"*3\r\n:1\r\n:2\r\n:3\r\n", 2).is_err());
        // A RESP3 map always moves its pairs together.
        let m1 = b"%2\r\n+f\r\n:1\r\n+g\r\n:2\r\n";
        let m2 = b"%2\r\n+g\r\n:2\r\n+f\r\n:1\r\n";
        let m3 = b"%2\r\n+f\r\n:2\r\n+g\r\n:1\r\n";
        assert_eq!(sorted(m1, 1), sorted(m2, 1));
        assert_ne!(sorted(m1, 1), sorted(m3, 1));
        // Only the top level: nested arrays keep their order.
        let n1 = b"*2\r\n*2\r\n:1\r\n:2\r\n:3\r\n";
        let n2 = b"*2\r\n:3\r\n*2\r\n:2\r\n:1\r\n";
        assert_ne!(sorted(n1, 1), sorted(n2, 1));
        // Anything else is left as it is; so is an attribute before the value.
        assert_eq!(sorted(b"$1\r\na\r\n", 1), b"$1\r\na\r\n");
        assert_eq!(sorted(b"*-1\r\n", 1), b"*-1\r\n");
        let attributed = b"|1\r\n+a\r\n:1\r\n~2\r\n:2\r\n:1\r\n";
        assert_eq!(
            sorted(attributed, 1),
            b"|1\r\n+a\r\n:1\r\n~2\r\n:1\r\n:2\r\n"
        );
    }

    #[test]
    fn escape_is_readable() {
        assert_eq!(escape(b"+OK\r\n"), r#""+OK\r\n""#);
        assert_eq!(escape(b"a\"\\\x00\xff"), r#""a\"\\\x00\xff""#);
    }
}
