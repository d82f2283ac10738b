//! A read-only cursor over the bytes that have arrived so far.
//!
//! Parsing happens on a *view* of the read buffer, never on the buffer itself. If the frame turns
//! out to be incomplete, the parser simply gives up ([`Stop::Incomplete`]) and nothing has been
//! consumed: the next call, with more bytes, starts again from the same place. Only when a whole
//! frame has been read does the caller advance the real buffer by [`Reader::position`].
//!
//! Starting again costs little: re-reading a header is a few bytes, and the big part of a frame,
//! bulk data, is never scanned, only counted.

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

/// A cursor over a byte slice. Pre-written, except [`Reader::read_line`].
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, position: 0 }
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

    /// The bytes up to the next `\r\n`, which is consumed but not returned.
    ///
    /// A line may be at most [`crate::limits::MAX_INLINE_LEN`] bytes: past that with no `\r\n`
    /// in sight, the sender is not speaking RESP, and the answer is `too_long`.
    pub(crate) fn read_line(&mut self, too_long: ProtocolError) -> Result<&'a [u8], Stop> {
        // @step 2: Reader::read_line — return the bytes before the next "\r\n"
        // 1. Look for "\r\n" in `self.remaining()`, but only in its first MAX_INLINE_LEN + 2 bytes.
        // 2. Found at index i: move the cursor past the "\r\n" and return the i bytes before it.
        // 3. Not found: more than MAX_INLINE_LEN bytes waiting means `too_long` (an Invalid stop);
        //    otherwise the line is still arriving: `Stop::Incomplete`.
        todo!("step 2: Reader::read_line — return the bytes before the next \"\\r\\n\"")
    }
}
