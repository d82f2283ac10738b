//! What the list commands share: the two ends of a list, Redis's index rules, their errors.
//!
//! A list is a `VecDeque<Bytes>` ([`store::List`]): a ring buffer, so pushing and popping at
//! either end is O(1), and so is reading the element at an index.
//!
//! **Indexes** count from 0 at the head (left) and from -1 at the tail (right): in a list of 5,
//! index -1 is 4 and -5 is 0. A range (`LRANGE`, `LTRIM`) is inclusive at both ends, and is
//! clamped to the list rather than refused: `LRANGE l 0 100` on a list of 5 is its 5 elements,
//! `LRANGE l 10 20` is empty. [`clamp_range`] is that rule, once.
//!
//! How real Redis does it: `listTypePush`, `listTypePop` and the index arithmetic of
//! `lrangeGenericCommand` and `ltrimCommand` in `src/t_list.c`.

use bytes::Bytes;
use store::List;
use thiserror::Error;

use crate::CommandError;

/// The errors only list commands reply, with Redis's text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ListError {
    /// `LSET` at an index past either end.
    #[error("ERR index out of range")]
    IndexOutOfRange,
    /// `LPOS ... RANK 0`.
    #[error(
        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or \
         use negative to start from the end of the list"
    )]
    RankZero,
    /// `LPOS ... COUNT -1` (or any count that is not a non-negative integer).
    #[error("ERR COUNT can't be negative")]
    NegativeCount,
    /// `LPOS ... MAXLEN -1`.
    #[error("ERR MAXLEN can't be negative")]
    NegativeMaxLen,
    /// `LMPOP ... COUNT 0`.
    #[error("ERR count should be greater than 0")]
    CountNotPositive,
    /// A blocking command's timeout that is not a number.
    #[error("ERR timeout is not a float or out of range")]
    TimeoutNotAFloat,
    /// A blocking command's timeout below zero.
    #[error("ERR timeout is negative")]
    TimeoutNegative,
    /// What a client blocked in `BLPOP` gets on `CLIENT UNBLOCK id ERROR`.
    #[error("UNBLOCKED client unblocked via CLIENT UNBLOCK")]
    Unblocked,
    /// `CLIENT UNBLOCK id FOO`.
    #[error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")]
    UnblockReason,
    /// `CLIENT UNBLOCK id reason extra`: Redis's fallback for a subcommand it cannot match.
    #[error("ERR unknown subcommand or wrong number of arguments for '{0}'. Try CLIENT HELP.")]
    UnblockArguments(String),
}

/// One end of a list: `LEFT` is the head (index 0), `RIGHT` the tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The head: `LPUSH`, `LPOP`.
    Left,
    /// The tail: `RPUSH`, `RPOP`.
    Right,
}

impl End {
    /// `LEFT` or `RIGHT`, in any case; anything else is a syntax error.
    pub fn parse(text: &[u8]) -> Result<End, CommandError> {
        if text.eq_ignore_ascii_case(b"left") {
            Ok(End::Left)
        } else if text.eq_ignore_ascii_case(b"right") {
            Ok(End::Right)
        } else {
            Err(CommandError::Syntax)
        }
    }
}

impl End {
    /// The row of the keyspace-event table that names a pop from this end: `lpop` or `rpop`.
    pub fn pop_events(self) -> &'static str {
        match self {
            End::Left => "lpop",
            End::Right => "rpop",
        }
    }
}

/// Adds `element` at `end` of `list`.
pub fn push(list: &mut List, end: End, element: Bytes) {
    match end {
        End::Left => list.push_front(element),
        End::Right => list.push_back(element),
    }
}

/// Takes the element at `end` of `list`, if any.
pub fn pop(list: &mut List, end: End) -> Option<Bytes> {
    match end {
        End::Left => list.pop_front(),
        End::Right => list.pop_back(),
    }
}

/// The position of index `index` in a list of `len` elements, if it is inside the list: a
/// negative index counts from the tail.
pub fn position(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let index = if index < 0 { index + len } else { index };
    (0..len).contains(&index).then_some(index as usize)
}

/// The positions `start..=stop` of a range in a list of `len` elements, clamped to the list as
/// `LRANGE` clamps them; `None` when the range holds nothing.
pub fn clamp_range(start: i64, stop: i64, len: usize) -> Option<(usize, usize)> {
    // @step 7: clamp_range — Redis's index rules for LRANGE and LTRIM
    // 1. A negative index counts from the tail: add `len` to it (`-1` is the last element).
    // 2. A start still below 0 becomes 0.
    // 3. Nothing in range (`None`) if start > stop or start >= len.
    // 4. A stop past the end becomes `len - 1`. Return `Some((start, stop))`, both inclusive.
    todo!("step 7: clamp_range — Redis's index rules for LRANGE and LTRIM")
}
