//! `LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]`: the longest common subsequence
//! of two strings.
//!
//! Pre-written. The subsequence of bytes that appear in both strings in the same order, not
//! necessarily next to each other: `LCS` of `ohmytext` and `mynewtext` is `mytext`.
//! - No option: the subsequence itself. `LEN`: its length.
//! - `IDX`: where it is, as ranges of matching bytes in both strings, from the end backwards,
//!   each `[[start1, end1], [start2, end2]]` (plus its length with `WITHMATCHLEN`), skipping the
//!   ranges shorter than `MINMATCHLEN`; then the length, in a map (`matches`, `len`: a flat
//!   array of four in RESP2). `LEN` and `IDX` together are an error.
//! - A missing key is an empty string.
//!
//! The classic dynamic programme: a table of `(len1 + 1) × (len2 + 1)` lengths, then a walk back
//! from its corner. The table may not exceed `proto-max-bulk-len` bytes, as in Redis: two 12 kB
//! strings already need 576 MB.
//!
//! Redis reads the keys before the options, so a key that is not a string is reported before a
//! syntax error; the options' error is kept until then.
//!
//! How real Redis does it: `lcsCommand` in `src/t_string.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "lcs",
    arity: -3,
    flags: Flags::READONLY,
    keys: KeyRange::new(1, 2, 1),
    acl_categories: AclCategories::STRING,
    tips: &[],
    key_specs: &[KeySpec::range(KeyFlags::RO.union(KeyFlags::ACCESS), 1, 1)],
    subcommands: &[],
    parse: |args| Lcs::parse(args).map(Command::Lcs),
}];

/// What `LCS` replies, and how.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LcsOptions {
    /// `LEN`: only the length.
    pub len: bool,
    /// `IDX`: the matching ranges.
    pub idx: bool,
    /// `MINMATCHLEN`: leave out shorter ranges (negative counts as 0).
    pub min_match_len: i64,
    /// `WITHMATCHLEN`: give each range's length.
    pub with_match_len: bool,
}

/// A parsed `LCS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lcs {
    /// The first string's key.
    pub key1: Bytes,
    /// The second string's key.
    pub key2: Bytes,
    /// The options, or the error Redis will report once it has read the keys.
    pub options: Result<LcsOptions, CommandError>,
}

impl Lcs {
    /// Parses the keys and the options.
    pub fn parse(args: &mut Args) -> Result<Lcs, CommandError> {
        let key1 = args.next_bytes()?;
        let key2 = args.next_bytes()?;
        let options = parse_options(args.take_rest());
        Ok(Lcs {
            key1,
            key2,
            options,
        })
    }

    /// Computes the subsequence and replies as the options say.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let limit = ctx.shared.config().proto_max_bulk_len();
        ctx.count_read(&self.key1);
        ctx.count_read(&self.key2);
        let mut strings = Vec::with_capacity(2);
        for key in [&self.key1, &self.key2] {
            strings.push(match ctx.keyspace().get(key) {
                None => Bytes::new(),
                Some(value) => value
                    .as_string()
                    .map_err(|_| CommandError::LcsNotStrings)?
                    .clone(),
            });
        }
        let options = self.options?;
        if options.len && options.idx {
            return Err(CommandError::LcsLenAndIdx);
        }
        let (a, b) = (&strings[0], &strings[1]);
        let cells = (a.len() as u64 + 1).saturating_mul(b.len() as u64 + 1);
        if cells.saturating_mul(4) > limit as u64 {
            return Err(CommandError::LcsTooLarge);
        }
        let table = LcsTable::new(a, b);
        if options.len {
            return Ok(Frame::Integer(i64::from(table.length())));
        }
        let (subsequence, ranges) = table.walk_back(options.min_match_len);
        if !options.idx {
            return Ok(Frame::bulk(subsequence));
        }
        let pair = |start: u32, end: u32| {
            Frame::Array(vec![
                Frame::Integer(i64::from(start)),
                Frame::Integer(i64::from(end)),
            ])
        };
        let matches = ranges
            .into_iter()
            .map(|range| {
                let mut fields = vec![pair(range.a.0, range.a.1), pair(range.b.0, range.b.1)];
                if options.with_match_len {
                    fields.push(Frame::Integer(i64::from(range.a.1 - range.a.0 + 1)));
                }
                Frame::Array(fields)
            })
            .collect();
        // A map: RESP3 clients get `%2`, RESP2 clients the flat array of four.
        Ok(Frame::Map(vec![
            (Frame::bulk("matches"), Frame::Array(matches)),
            (
                Frame::bulk("len"),
                Frame::Integer(i64::from(table.length())),
            ),
        ]))
    }
}

/// The options, in Redis's words: any order, any case; `MINMATCHLEN` takes an integer.
fn parse_options(options: Vec<Bytes>) -> Result<LcsOptions, CommandError> {
    let mut parsed = LcsOptions::default();
    let mut options = options.into_iter().peekable();
    while let Some(option) = options.next() {
        let is = |word: &str| option.eq_ignore_ascii_case(word.as_bytes());
        if is("IDX") {
            parsed.idx = true;
        } else if is("LEN") {
            parsed.len = true;
        } else if is("WITHMATCHLEN") {
            parsed.with_match_len = true;
        } else if is("MINMATCHLEN") && options.peek().is_some() {
            let number = options.next().unwrap_or_default();
            parsed.min_match_len = string_to_i64(&number)
                .ok_or(CommandError::NotAnInteger)?
                .max(0);
        } else {
            return Err(CommandError::Syntax);
        }
    }
    Ok(parsed)
}

/// One run of matching bytes: positions `a.0..=a.1` in the first string, `b.0..=b.1` in the
/// second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchRange {
    /// The range in the first string.
    pub a: (u32, u32),
    /// The range in the second string.
    pub b: (u32, u32),
}

/// The dynamic programme's table: cell `(i, j)` is the length of the LCS of `a[..i]` and
/// `b[..j]`.
struct LcsTable<'a> {
    a: &'a [u8],
    b: &'a [u8],
    cells: Vec<u32>,
}

impl<'a> LcsTable<'a> {
    /// Fills the table, row by row.
    fn new(a: &'a [u8], b: &'a [u8]) -> LcsTable<'a> {
        let width = b.len() + 1;
        let mut cells = vec![0u32; (a.len() + 1) * width];
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                cells[i * width + j] = if a[i - 1] == b[j - 1] {
                    cells[(i - 1) * width + j - 1] + 1
                } else {
                    cells[(i - 1) * width + j].max(cells[i * width + j - 1])
                };
            }
        }
        LcsTable { a, b, cells }
    }

    /// Cell `(i, j)`.
    fn at(&self, i: usize, j: usize) -> u32 {
        self.cells[i * (self.b.len() + 1) + j]
    }

    /// The length of the whole LCS.
    fn length(&self) -> u32 {
        self.at(self.a.len(), self.b.len())
    }

    /// Walks back from the corner: the subsequence, and its runs of contiguous matches from the
    /// last to the first, those shorter than `min_match_len` left out. Redis's walk, step for
    /// step, so that ties resolve the same way.
    fn walk_back(&self, min_match_len: i64) -> (Vec<u8>, Vec<MatchRange>) {
        let mut subsequence = vec![0u8; self.length() as usize];
        let mut remaining = subsequence.len();
        let mut ranges = Vec::new();
        let mut current: Option<MatchRange> = None;
        let (mut i, mut j) = (self.a.len(), self.b.len());
        while i > 0 && j > 0 {
            let mut emit = false;
            if self.a[i - 1] == self.b[j - 1] {
                subsequence[remaining - 1] = self.a[i - 1];
                let (ai, bj) = ((i - 1) as u32, (j - 1) as u32);
                match &mut current {
                    None => {
                        current = Some(MatchRange {
                            a: (ai, ai),
                            b: (bj, bj),
                        })
                    }
                    // Contiguous with the run so far: extend it backwards.
                    Some(range) if range.a.0 == ai + 1 && range.b.0 == bj + 1 => {
                        range.a.0 = ai;
                        range.b.0 = bj;
                    }
                    Some(_) => emit = true,
                }
                // A run that reached the start of either string ends here.
                if current.is_some_and(|range| range.a.0 == 0 || range.b.0 == 0) {
                    emit = true;
                }
                remaining -= 1;
                i -= 1;
                j -= 1;
            } else {
                if self.at(i - 1, j) > self.at(i, j - 1) {
                    i -= 1;
                } else {
                    j -= 1;
                }
                emit = current.is_some();
            }
            if emit {
                if let Some(range) = current.take() {
                    let length = i64::from(range.a.1 - range.a.0 + 1);
                    if min_match_len == 0 || length >= min_match_len {
                        ranges.push(range);
                    }
                }
            }
        }
        (subsequence, ranges)
    }
}
