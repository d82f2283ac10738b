//! `Command`: the typed form of a request, and the two stages every request goes through.
//!
//! The enum itself is generated in `cmd/mod.rs` from the list of command files, with one variant
//! per command type (`Command::Get(Get)`), so adding a command never touches this file.

use resp::Frame;

use crate::{CommandError, Context, Request};

pub use crate::cmd::Command;

impl Command {
    /// Parses a request frame (`Frame::Array` of bulk strings) into a command: the table's
    /// checks ([`Request::from_frame`]), then the command's own `parse`.
    pub fn from_frame(frame: Frame) -> Result<Command, CommandError> {
        Request::from_frame(frame)?.parse()
    }

    /// Runs the command under the lock its caller holds, and returns its reply. Errors become
    /// `-ERR ...` replies here, and only here.
    pub fn execute(self, ctx: &mut Context<'_>) -> Frame {
        self.apply(ctx).unwrap_or_else(CommandError::into_frame)
    }
}
