//! Splitting an inline command into arguments, the way Redis does.
//!
//! `SET greeting "hello world"` is three arguments: quotes group words, as in a shell. Inside
//! double quotes, `\n`, `\r`, `\t`, `\b`, `\a`, `\\`, `\"` and `\xHH` are escapes; inside single
//! quotes only `\'` is. A closing quote must be followed by a space or the end of the line.
//!
//! Pre-written: this is a port of `sdssplitargs` in Redis's `src/sds.c`, the same function
//! `redis-cli` uses to split what you type. Read it to see why inline commands are for humans: a
//! `\0` ends the line, and there is no way to send arbitrary binary. Programs send arrays.

use bytes::Bytes;

/// Splits `line` into arguments, or returns `None` if its quotes are unbalanced.
pub fn split_args(line: &[u8]) -> Option<Vec<Bytes>> {
    let mut args = Vec::new();
    let mut rest = line;
    loop {
        // Skip the white space between arguments.
        while let Some((&byte, tail)) = rest.split_first() {
            if !is_space(byte) {
                break;
            }
            rest = tail;
        }
        // The end of the line, or a NUL, which ends it as it ends a C string.
        match rest.first() {
            None | Some(0) => return Some(args),
            Some(_) => {}
        }
        let (arg, tail) = split_one(rest)?;
        args.push(Bytes::from(arg));
        rest = tail;
    }
}

/// Reads one argument from the front of `input`; returns it and what follows it.
fn split_one(input: &[u8]) -> Option<(Vec<u8>, &[u8])> {
    let mut arg = Vec::new();
    let mut rest = input;
    match rest.first() {
        Some(b'"') => {
            rest = &rest[1..];
            loop {
                match rest {
                    [b'\\', b'x', high, low, tail @ ..]
                        if hex(*high).is_some() && hex(*low).is_some() =>
                    {
                        arg.push(hex(*high)? * 16 + hex(*low)?);
                        rest = tail;
                    }
                    [b'\\', escaped, tail @ ..] if *escaped != 0 => {
                        arg.push(match escaped {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 0x08,
                            b'a' => 0x07,
                            other => *other,
                        });
                        rest = tail;
                    }
                    [b'"', tail @ ..] => return closing_quote(arg, tail),
                    [] | [0, ..] => return None,
                    [byte, tail @ ..] => {
                        arg.push(*byte);
                        rest = tail;
                    }
                }
            }
        }
        Some(b'\'') => {
            rest = &rest[1..];
            loop {
                match rest {
                    [b'\\', b'\'', tail @ ..] => {
                        arg.push(b'\'');
                        rest = tail;
                    }
                    [b'\'', tail @ ..] => return closing_quote(arg, tail),
                    [] | [0, ..] => return None,
                    [byte, tail @ ..] => {
                        arg.push(*byte);
                        rest = tail;
                    }
                }
            }
        }
        _ => {
            while let Some((&byte, tail)) = rest.split_first() {
                if matches!(byte, b' ' | b'\n' | b'\r' | b'\t' | 0) {
                    break;
                }
                arg.push(byte);
                rest = tail;
            }
            Some((arg, rest))
        }
    }
}

/// After a closing quote there must be white space or nothing: `"a"b` is unbalanced.
fn closing_quote(arg: Vec<u8>, tail: &[u8]) -> Option<(Vec<u8>, &[u8])> {
    match tail.first() {
        Some(&byte) if !is_space(byte) && byte != 0 => None,
        _ => Some((arg, tail)),
    }
}

/// C's `isspace`.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}
