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
