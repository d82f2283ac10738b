//! A read-only cursor over the bytes that have arrived so far.
//!
//! Parsing happens on a *view* of the read buffer, never on the buffer itself. If the frame turns
//! out to be incomplete, the parser gives up ([`Stop::Incomplete`]) and nothing has been
//! consumed. Only when a whole frame has been read does the caller advance the real buffer by
//! [`Reader::position`].
//!
//! Where a reader stopped is a [`Place`]. [`crate::Frame::parse`] throws it away and starts
//! again from the first byte on the next call: cheap for the small replies a client reads.
//! [`crate::RequestParser`] keeps it, and resumes there once more bytes have arrived, so a
//! request that arrives in a thousand pieces is still read once. Even a search for the end of a
//! line resumes where the last one gave up ([`Reader::find`]).
//!
//! How real Redis does it: the query buffer has a read position, `c->qb_pos`, that parsing
//! moves forward; `processMultibulkBuffer` in `src/networking.c` picks up from it on each read.

use crate::limits::MAX_INLINE_LEN;
use crate::ProtocolError;

/// Why parsing stopped before it produced a frame.
#[derive(Debug)]
pub(crate) enum Stop {
    /// Not enough bytes yet. Normal: wait for more and try again.
    Incomplete,
    /// These bytes can never be RESP, whatever follows.
    Invalid(ProtocolError),
}

impl From<ProtocolError> for Stop {
    fn from(error: ProtocolError) -> Stop {
        Stop::Invalid(error)
    }
}

/// Where a reader stopped in a buffer: enough to resume there once more bytes have arrived.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// Bytes read: the next read starts here.
    position: usize,
    /// No line end starts before this index: the search for one resumes here.
    searched: usize,
}

impl Place {
    /// Bytes read: the next read starts here.
    pub(crate) fn position(&self) -> usize {
        self.position
    }
}

/// A cursor over a byte slice. Pre-written, except [`Reader::read_line`].
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
    searched: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the first byte.
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader::at(bytes, Place::default())
    }

    /// A reader that resumes at `place`, where an earlier reader of the same bytes (and maybe
    /// fewer of them) stopped. A place past the end of `bytes` resumes at the end.
    pub(crate) fn at(bytes: &'a [u8], place: Place) -> Reader<'a> {
        Reader {
            bytes,
            position: place.position.min(bytes.len()),
            searched: place.searched,
        }
    }

    /// Where this reader is, to resume there later with [`Reader::at`].
    pub(crate) fn place(&self) -> Place {
        Place {
            position: self.position,
            searched: self.searched,
        }
    }

    /// How many bytes have been read: what the caller advances its buffer by.
    pub(crate) fn position(&self) -> usize {
        self.position
    }

    /// The bytes not read yet.
    pub(crate) fn remaining(&self) -> &'a [u8] {
        &self.bytes[self.position..]
    }

    /// Moves the cursor `n` bytes forward. `n` must not pass the end.
    pub(crate) fn skip(&mut self, n: usize) {
        self.position += n;
    }

    /// The next byte, if it has arrived.
    pub(crate) fn read_byte(&mut self) -> Result<u8, Stop> {
        let byte = *self.remaining().first().ok_or(Stop::Incomplete)?;
        self.position += 1;
        Ok(byte)
    }

    /// Exactly `n` bytes, once all of them have arrived. Nothing is allocated here: a declared
    /// length of 500 MB with 10 bytes received is simply `Incomplete`.
    pub(crate) fn read_exact(&mut self, n: usize) -> Result<&'a [u8], Stop> {
        let rest = self.remaining();
        if rest.len() < n {
            return Err(Stop::Incomplete);
        }
        self.position += n;
        Ok(&rest[..n])
    }

    /// Where `needle` first starts in `remaining()`, looking at its first `limit` bytes only.
    ///
    /// A search that finds nothing remembers how far it looked, in this reader and in its
    /// [`Place`]. The next search, once more bytes have arrived, starts there, not at the start
    /// of the line again: a line that arrives one byte at a time is scanned once, not once per
    /// byte.
    pub(crate) fn find(&mut self, needle: &[u8], limit: usize) -> Option<usize> {
        let rest = self.remaining();
        let window = &rest[..rest.len().min(limit)];
        let from = self
            .searched
            .saturating_sub(self.position)
            .min(window.len());
        match window[from..]
            .windows(needle.len())
            .position(|candidate| candidate == needle)
        {
            Some(index) => Some(from + index),
            None => {
                // The needle may still start in the last `needle.len() - 1` bytes, once the rest
                // of it arrives.
                let checked = (window.len() + 1).saturating_sub(needle.len());
                self.searched = self.position + checked;
                None
            }
        }
    }

    /// The bytes up to the next `\r\n`, which is consumed but not returned.
    ///
    /// A line may be at most [`MAX_INLINE_LEN`] bytes: past that with no `\r\n` in sight, the
    /// sender is not speaking RESP, and the answer is `too_long`.
    pub(crate) fn read_line(&mut self, too_long: ProtocolError) -> Result<&'a [u8], Stop> {
        // @step 2: Reader::read_line — return the bytes before the next "\r\n"
        // 1. `self.find(b"\r\n", MAX_INLINE_LEN + 2)` looks for the line's end, no further than
        //    the longest line allowed and its "\r\n" (and never twice at the same bytes).
        // 2. Found at index i: the line is the first i bytes of `self.remaining()`. Move the cursor
        //    past the line and its "\r\n", and return the line.
        // 3. Not found: more than MAX_INLINE_LEN bytes waiting means `too_long` (an Invalid stop);
        //    otherwise the line is still arriving: `Stop::Incomplete`.
        let rest = self.remaining();
        match self.find(b"\r\n", MAX_INLINE_LEN + 2) {
            Some(end) => {
                self.position += end + 2;
                Ok(&rest[..end])
            }
            None if rest.len() > MAX_INLINE_LEN => Err(Stop::Invalid(too_long)),
            None => Err(Stop::Incomplete),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_resumes_where_it_gave_up() {
        let mut reader = Reader::new(b"abc\r");
        assert_eq!(reader.find(b"\r\n", usize::MAX), None);
        // "ab", "bc" and "c\r" are not "\r\n"; "\r" and what comes next still might be.
        assert_eq!(reader.place().searched, 3);
        let mut resumed = Reader::at(b"abc\r\nx", reader.place());
        assert_eq!(resumed.find(b"\r\n", usize::MAX), Some(3));
        assert_eq!(
            resumed.read_line(ProtocolError::TooBigInlineRequest).ok(),
            Some(&b"abc"[..])
        );
        assert_eq!(resumed.remaining(), b"x");
    }

    #[test]
    fn find_looks_no_further_than_its_limit() {
        let mut reader = Reader::new(b"abcd\r\n");
        assert_eq!(reader.find(b"\r\n", 5), None);
        assert_eq!(reader.find(b"\r\n", 6), Some(4));
    }

    #[test]
    fn a_line_longer_than_the_limit_is_too_long_even_when_resumed() {
        let mut bytes = vec![b'1'; MAX_INLINE_LEN];
        let mut reader = Reader::new(&bytes);
        assert!(matches!(
            reader.read_line(ProtocolError::TooBigBulkCount),
            Err(Stop::Incomplete)
        ));
        let place = reader.place();
        bytes.push(b'1');
        let mut reader = Reader::at(&bytes, place);
        assert!(matches!(
            reader.read_line(ProtocolError::TooBigBulkCount),
            Err(Stop::Invalid(ProtocolError::TooBigBulkCount))
        ));
    }
}
