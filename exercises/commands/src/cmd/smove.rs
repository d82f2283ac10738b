//! `SMOVE source destination member`: moves a member from one set to another, atomically.
//!
//! Replies 1 if the member was moved, 0 if the source did not have it. A missing source is 0
//! before anything else; then both keys must be sets (a missing destination is created, an
//! emptied source deleted). Moving within one set changes nothing and replies whether the member
//! is there.
//!
//! How real Redis does it: `smoveCommand` in `src/t_set.c`.

use bytes::Bytes;
use resp::Frame;
use store::{Keyspace, Modified, Value};

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "smove",
        arity: 4,
        flags: Flags::WRITE.union(Flags::FAST),
        keys: KeyRange::new(1, 2, 1),
        acl_categories: AclCategories::SET,
        tips: &[],
        key_specs: &[
            KeySpec::one(KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE)),
            KeySpec::range(KeyFlags::RW.union(KeyFlags::INSERT), 2, 0),
        ],
        subcommands: &[],
        parse: |args| SMove::parse(args).map(Command::SMove),
    },
];

/// `SMOVE source destination member`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SMove {
    /// The set to take the member from.
    pub source: Bytes,
    /// The set to put it in.
    pub destination: Bytes,
    /// The member.
    pub member: Bytes,
}

impl SMove {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SMove, CommandError> {
        Ok(SMove {
            source: args.next_bytes()?,
            destination: args.next_bytes()?,
            member: args.next_bytes()?,
        })
    }

    /// Moves the member.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let keyspace = ctx.keyspace();
        if let Some(reply) = check(keyspace, &self)? {
            return Ok(reply);
        }
        let removed = keyspace.update(
            &self.source,
            || None,
            |value| -> Result<_, CommandError> {
                let removed = value.as_set_mut()?.swap_remove(&self.member);
                Ok((removed, if removed { Modified::Yes } else { Modified::No }))
            },
        )?;
        if removed != Some(true) {
            return Ok(Frame::Integer(0));
        }
        keyspace.update(
            &self.destination,
            || Some(Value::empty_set()),
            |value| -> Result<_, CommandError> {
                let added = value.as_set_mut()?.insert(self.member);
                Ok(((), if added { Modified::Yes } else { Modified::No }))
            },
        )?;
        Ok(Frame::Integer(1))
    }
}

/// What `SMOVE` replies before moving anything: 0 for a missing source, WRONGTYPE if either key
/// is not a set, whether the member is there when both keys are one. `None`: go on and move.
fn check(keyspace: &mut Keyspace, smove: &SMove) -> Result<Option<Frame>, CommandError> {
    let values = keyspace.get_many(&[&smove.source, &smove.destination]);
    let (Some(source), destination) = (values[0], values[1]) else {
        return Ok(Some(Frame::Integer(0)));
    };
    let source = source.as_set()?;
    if let Some(destination) = destination {
        destination.as_set()?;
    }
    if smove.source == smove.destination {
        return Ok(Some(Frame::Integer(i64::from(source.contains(&smove.member)))));
    }
    Ok(None)
}
