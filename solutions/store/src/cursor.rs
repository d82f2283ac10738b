//! The cursor of `HSCAN` and `SSCAN`: walking a hash or a set a few entries at a time.
//!
//! Between two calls the collection may change, and the promise is `SCAN`'s: **an element that
//! is there for the whole iteration is returned at least once**. Hashes and sets are packed in a
//! `Vec` (`IndexMap`, `IndexSet`), like the keyspace, so the argument of `scan.rs` holds here
//! too: a deletion moves the *last* entry into the hole (`swap_remove`) and an insertion appends,
//! so walking the indexes from the end down to 0 never skips an element. The cursor `c` means
//! "indexes below `c` are left to visit"; 0 means both "start" and "done".
//!
//! Each call visits a window of consecutive indexes just below the cursor, and returns its
//! elements in index order: which order, within one call, does not matter to the promise, and
//! this way a small hash read in one call comes back in insertion order, as Redis's listpack
//! gives it.
//!
//! How real Redis does it: `scanGenericCommand` in `src/db.c` walks a big hash or set with
//! `dictScan` (the reversed-bits cursor of `SCAN`), and returns a small one (listpack, intset)
//! whole, in one call, with cursor 0.

use std::ops::Range;

/// One call of a collection scan over `len` entries, from `cursor` (0 to start), visiting at most
/// `count` of them: the cursor to send back (0 when done) and the indexes to visit, a window to
/// read in increasing order. A cursor past the end (the collection shrank) starts at the end.
pub fn scan_window(len: usize, cursor: u64, count: usize) -> (u64, Range<usize>) {
    let end = match usize::try_from(cursor) {
        Ok(0) | Err(_) => len,
        Ok(cursor) => cursor.min(len),
    };
    let start = end.saturating_sub(count.max(1));
    (start as u64, start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::collections::HashSet;

    use crate::Set;

    /// Scans `set` to the end, calling `between` after every call but the last.
    fn scan_all(set: &mut Set, count: usize, mut between: impl FnMut(&mut Set, u64)) -> Vec<Bytes> {
        let (mut cursor, mut seen, mut round) = (0, Vec::new(), 0);
        loop {
            let (next, window) = scan_window(set.len(), cursor, count);
            seen.extend(window.filter_map(|index| set.get_index(index).cloned()));
            cursor = next;
            if cursor == 0 {
                return seen;
            }
            round += 1;
            between(set, round);
        }
    }

    fn member(text: String) -> Bytes {
        Bytes::from(text)
    }

    #[test]
    fn one_call_reads_a_small_collection_whole_in_index_order() {
        assert_eq!(scan_window(3, 0, 10), (0, 0..3));
        assert_eq!(scan_window(0, 0, 10), (0, 0..0));
        assert_eq!(scan_window(25, 0, 10), (15, 15..25));
        assert_eq!(scan_window(25, 15, 10), (5, 5..15));
        assert_eq!(scan_window(25, 5, 10), (0, 0..5));
        assert_eq!(
            scan_window(3, u64::MAX, 10),
            (0, 0..3),
            "a cursor past the end"
        );
    }

    #[test]
    fn members_that_stay_are_returned_despite_deletes_and_inserts_between_calls() {
        // Between calls, delete a member (the last one moves into its hole) and add one, in every
        // pattern the seeds give; every member that stays must still be returned.
        for seed in 0..50u64 {
            let mut set = Set::default();
            for i in 0..200 {
                set.insert(member(format!("stay{i}")));
                set.insert(member(format!("temp{i}")));
            }
            let seen: HashSet<Bytes> = scan_all(&mut set, 7, |set, round| {
                let victim = (seed * 31 + round * 17) % 200;
                set.swap_remove(format!("temp{victim}").as_bytes());
                set.insert(member(format!("new{seed}-{round}")));
            })
            .into_iter()
            .collect();
            for i in 0..200 {
                let stay = member(format!("stay{i}"));
                assert!(
                    seen.contains(&stay),
                    "seed {seed}: {stay:?} was never returned"
                );
            }
        }
    }

    #[test]
    fn members_that_stay_are_returned_when_the_collection_shrinks_a_lot() {
        // Delete many members at once, so that the cursor is past the new end.
        let mut set = Set::default();
        for i in 0..100 {
            set.insert(member(format!("temp{i}")));
            set.insert(member(format!("stay{i}")));
        }
        let seen: HashSet<Bytes> = scan_all(&mut set, 10, |set, round| {
            if round == 1 {
                set.retain(|member| member.starts_with(b"stay"));
            }
        })
        .into_iter()
        .collect();
        assert!((0..100).all(|i| seen.contains(&member(format!("stay{i}")))));
    }

    #[test]
    fn nothing_is_returned_twice_when_nothing_changes() {
        let mut set: Set = (0..57).map(|i| member(format!("m{i}"))).collect();
        let seen = scan_all(&mut set, 5, |_, _| {});
        assert_eq!(seen.len(), 57);
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 57);
    }
}
