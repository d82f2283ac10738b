//! `SMEMBERS key`: every member of a set.
//!
//! The order is the set's own; Redis does not define one either (its own order comes from a hash
//! table, or is numeric for a small set of integers). Under RESP3 the reply is a set. A missing
//! key is an empty set.
//!
//! How real Redis does it: `sinterCommand` in `src/t_set.c` (`SMEMBERS key` is the
//! intersection of one set).

use bytes::Bytes;
use resp::Frame;

use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "smembers",
        arity: 2,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::SET,
        tips: &["nondeterministic_output_order"],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| SMembers::parse(args).map(Command::SMembers),
    },
];

/// `SMEMBERS key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SMembers {
    /// The set's key.
    pub key: Bytes,
}

impl SMembers {
    /// Parses the arguments after the name.
    pub fn parse(args: &mut Args) -> Result<SMembers, CommandError> {
        Ok(SMembers {
            key: args.next_bytes()?,
        })
    }

    /// Replies every member.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        // @step 8: SMembers::apply — reply every member, as a set
        // 1. A missing key is an empty set: reply `Frame::Set(Vec::new())`.
        // 2. `value.as_set()?` is the `Set`, or WRONGTYPE.
        // 3. Reply `Frame::Set` of one `Frame::Bulk` per member: a RESP3 client reads a set
        //    (`~`), a RESP2 client an array. The order is the set's own.
        let Some(value) = ctx.keyspace().get(&self.key) else {
            return Ok(Frame::Set(Vec::new()));
        };
        let set = value.as_set()?;
        Ok(Frame::Set(
            set.iter().map(|member| Frame::Bulk(member.clone())).collect(),
        ))
    }
}
