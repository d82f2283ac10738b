//! A cursor over a request's arguments.
//!
//! Pre-written. A command's `parse` takes its arguments one at a time with [`Args::next_bytes`]
//! or [`Args::next_integer`]. A missing argument is a syntax error: by the time a command's
//! `parse` runs, the command table has already checked the count, so only optional arguments
//! can be missing (`SET k v EX` with no number).

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use crate::CommandError;

/// The arguments of one request, the command name first.
///
/// It keeps the request's own `Vec<Frame>` and takes the bulk strings out one by one. (Collecting
/// them into a new `Vec<Bytes>` first would cost an allocation and a copy per request, for
/// nothing: the profile of a `SET` benchmark showed it.)
#[derive(Debug)]
pub struct Args {
    parts: std::vec::IntoIter<Frame>,
}

impl Args {
    /// The arguments of a request frame: an array whose elements are all bulk strings.
    pub fn from_frame(frame: Frame) -> Result<Args, CommandError> {
        let Frame::Array(elements) = frame else {
            return Err(CommandError::NotARequest);
        };
        if !elements
            .iter()
            .all(|element| matches!(element, Frame::Bulk(_)))
        {
            return Err(CommandError::NotARequest);
        }
        Ok(Args {
            parts: elements.into_iter(),
        })
    }

    /// How many arguments are left.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether every argument has been taken.
    pub fn is_empty(&self) -> bool {
        self.parts.len() == 0
    }

    /// The arguments not taken yet.
    pub fn remaining(&self) -> impl Iterator<Item = &[u8]> {
        self.parts.as_slice().iter().map(|part| match part {
            Frame::Bulk(bytes) => &bytes[..],
            _ => unreachable!("Args::from_frame lets only bulk strings in"),
        })
    }

    /// The next argument, or a syntax error if there is none.
    pub fn next_bytes(&mut self) -> Result<Bytes, CommandError> {
        match self.parts.next() {
            Some(part) => Ok(into_bulk(part)),
            None => Err(CommandError::Syntax),
        }
    }

    /// The next argument as a strict `i64` (see [`resp::string_to_i64`]).
    pub fn next_integer(&mut self) -> Result<i64, CommandError> {
        let arg = self.next_bytes()?;
        match string_to_i64(&arg) {
            Some(integer) => Ok(integer),
            None => Err(CommandError::NotAnInteger),
        }
    }

    /// Takes all the remaining arguments.
    pub fn take_rest(&mut self) -> Vec<Bytes> {
        self.parts.by_ref().map(into_bulk).collect()
    }
}

/// A part's bytes, moved out of it. [`Args::from_frame`] lets only bulk strings in.
fn into_bulk(part: Frame) -> Bytes {
    match part {
        Frame::Bulk(bytes) => bytes,
        _ => unreachable!("Args::from_frame lets only bulk strings in"),
    }
}
