//! `Request`: a request the command table accepted, before its arguments are parsed.
//!
//! A request goes through two checks, in Redis's order:
//! 1. **Name and arity**, against the command table ([`Request::from_frame`]). The same two
//!    errors for every command: unknown command, wrong number of arguments.
//! 2. **The arguments themselves**, by the command's own `parse` ([`Request::parse`]): options,
//!    numbers, syntax.
//!
//! They are separate because a transaction needs the first without the second: inside `MULTI`,
//! Redis queues a command once its name and arity are right, and only finds out at `EXEC` that
//! `SET k v EX abc` has a bad number.
//!
//! How real Redis does it: `processCommand` in `src/server.c` does step 1 (`lookupCommand`,
//! then the arity test) and queues or calls the command; each command parses its own arguments.

use crate::{Args, Command, CommandError, CommandSpec};

/// A request with a known command name and an argument count that fits its arity.
#[derive(Debug)]
pub struct Request {
    /// The command's row in the table.
    pub spec: &'static CommandSpec,
    /// The arguments after the name, not parsed yet.
    pub args: Args,
}

impl Request {
    /// Checks a request frame (`Frame::Array` of bulk strings) against the command table.
    pub fn from_frame(frame: resp::Frame) -> Result<Request, CommandError> {
        // @step 3: Request::from_frame — find the command's row and check the argument count
        // 1. `Args::from_frame(frame)?` is a cursor over the arguments; the first is the name
        //    (`next_bytes`; there is always one, `resp::parse_request` makes sure).
        // 2. `CommandSpec::lookup(&name)` finds the command's row, case-insensitively. None:
        //    `CommandError::unknown_command(&name, args.remaining())`.
        // 3. `spec.check_arity(args.len() + 1)?`: the arity counts the name too.
        // 4. Return `Request { spec, args }`.
        todo!("step 3: Request::from_frame — find the command's row and check the argument count")
    }

    /// Parses the arguments into the typed command, with the command's own `parse`.
    pub fn parse(mut self) -> Result<Command, CommandError> {
        (self.spec.parse)(&mut self.args)
    }
}
