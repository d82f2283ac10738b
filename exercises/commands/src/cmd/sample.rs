//! Random picks from a hash or a set: which indexes `HRANDFIELD`, `SRANDMEMBER` and `SPOP`
//! reply.
//!
//! Hashes and sets are packed in a `Vec` (`IndexMap`, `IndexSet`), so a random element is a
//! random index, O(1). Redis's rules for a count:
//! - positive: that many *distinct* elements, or all of them if the collection has no more;
//! - negative: that many independent picks, so an element may come several times;
//! - 1 is served like -1, and 0 is nothing.
//!
//! A negative count asks for a reply of any length, whatever the size of the data: Redis 7.0.15
//! builds the reply for `SRANDMEMBER key -9223372036854775807` until memory runs out (it had
//! taken 24 GB when we stopped it). We refuse more than [`MAX_REPEATED_PICKS`] picks with
//! Redis's `ERR value is out of range`, on purpose: memory stays bounded.
//!
//! How real Redis does it: `srandmemberWithCountCommand` and `spopWithCountCommand` in
//! `src/t_set.c`, `hrandfieldWithCountCommand` in `src/t_hash.c` (the four "CASE"s).

use rand::seq::index;

use crate::CommandError;

/// The most picks a negative count may ask for: a reply of a million elements at most.
pub(crate) const MAX_REPEATED_PICKS: u64 = 1_000_000;

/// A count as `SRANDMEMBER` and `HRANDFIELD` take it: an integer from -(2^63-1) to 2^63-1, so
/// that it can be negated.
pub(crate) fn parse_count(text: &[u8]) -> Result<i64, CommandError> {
    match resp::string_to_i64(text) {
        None => Err(CommandError::NotAnInteger),
        Some(i64::MIN) => Err(CommandError::OutOfRange {
            min: -i64::MAX,
            max: i64::MAX,
        }),
        Some(count) => Ok(count),
    }
}

/// The indexes to reply for `count` among `len` elements (`len` at least 1): independent picks
/// for a negative count (and for 1), in random order; distinct ones for a positive count, all of
/// them in order when `count >= len`.
pub(crate) fn random_indexes(len: usize, count: i64) -> Result<Vec<usize>, CommandError> {
    let picks = count.unsigned_abs();
    if count < 0 || count == 1 {
        if picks > MAX_REPEATED_PICKS {
            return Err(CommandError::ValueOutOfRange);
        }
        return Ok((0..picks).map(|_| rand::random_range(0..len)).collect());
    }
    Ok(distinct_indexes(len, picks))
}

/// `count` distinct indexes below `len`, in random order; all of them, in order, when `count`
/// is `len` or more.
pub(crate) fn distinct_indexes(len: usize, count: u64) -> Vec<usize> {
    match usize::try_from(count) {
        Ok(count) if count < len => index::sample(&mut rand::rng(), len, count).into_vec(),
        _ => (0..len).collect(),
    }
}
