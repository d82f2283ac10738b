//! `HRANDFIELD key [count [WITHVALUES]]`: random fields of a hash.
//!
//! Without a count, one field (or null for a missing key). With a count, an array: distinct
//! fields for a positive count, independent picks for a negative one (`sample.rs`), each
//! followed by its value with `WITHVALUES`. The count and the options are checked before the
//! key is looked up, as in Redis, so `HRANDFIELD missing 1 foo` is a syntax error.
//!
//! How real Redis does it: `hrandfieldCommand` and `hrandfieldWithCountCommand` in
//! `src/t_hash.c`.

use bytes::Bytes;
use resp::Frame;

use super::sample::{parse_count, random_indexes};
use crate::table::{AclCategories, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[
    CommandSpec {
        name: "hrandfield",
        arity: -2,
        flags: Flags::READONLY,
        keys: KeyRange::ONE,
        acl_categories: AclCategories::HASH,
        tips: &["nondeterministic_output"],
        key_specs: &[KeySpec::one(KeyFlags::RO.union(KeyFlags::ACCESS))],
        subcommands: &[],
        parse: |args| HRandField::parse(args).map(Command::HRandField),
    },
];

/// With `WITHVALUES`, a count must stay within ±2^62 so that twice it fits (Redis's fix for
/// CVE-2023-22458).
const MAX_COUNT_WITH_VALUES: i64 = i64::MAX / 2;

/// `HRANDFIELD key [count [WITHVALUES]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HRandField {
    /// The hash's key.
    pub key: Bytes,
    /// How many fields, if an array is wanted (see `sample.rs` for what a sign means).
    pub count: Option<i64>,
    /// Whether each field is followed by its value.
    pub with_values: bool,
}

impl HRandField {
    /// Parses the arguments after the name: the count first, then the option.
    pub fn parse(args: &mut Args) -> Result<HRandField, CommandError> {
        let key = args.next_bytes()?;
        let mut command = HRandField {
            key,
            count: None,
            with_values: false,
        };
        if args.is_empty() {
            return Ok(command);
        }
        let count = parse_count(&args.next_bytes()?)?;
        command.count = Some(count);
        if args.is_empty() {
            return Ok(command);
        }
        let option = args.next_bytes()?;
        if !args.is_empty() || !option.eq_ignore_ascii_case(b"WITHVALUES") {
            return Err(CommandError::Syntax);
        }
        if !(-MAX_COUNT_WITH_VALUES..=MAX_COUNT_WITH_VALUES).contains(&count) {
            return Err(CommandError::ValueOutOfRange);
        }
        command.with_values = true;
        Ok(command)
    }

    /// Replies the random field(s).
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        ctx.count_read(&self.key);
        // With values, RESP3 gets an array of [field, value] pairs, which no RESP2 downgrade
        // can express: RESP2 gets them flat.
        let pairs = self.with_values && ctx.session.protocol == 3;
        let value = ctx.keyspace().get(&self.key);
        let Some(count) = self.count else {
            let Some(value) = value else {
                return Ok(Frame::Null);
            };
            let hash = value.as_hash()?;
            let index = rand::random_range(0..hash.len());
            return Ok(hash
                .get_index(index)
                .map_or(Frame::Null, |(field, _)| Frame::Bulk(field.clone())));
        };
        let Some(value) = value else {
            return Ok(Frame::Array(Vec::new()));
        };
        let hash = value.as_hash()?;
        let mut reply = Vec::new();
        for index in random_indexes(hash.len(), count)? {
            if let Some((field, value)) = hash.get_index(index) {
                let (field, value) = (Frame::Bulk(field.clone()), Frame::Bulk(Bytes::copy_from_slice(value)));
                match (self.with_values, pairs) {
                    (true, true) => reply.push(Frame::Array(vec![field, value])),
                    (true, false) => reply.extend([field, value]),
                    (false, _) => reply.push(field),
                }
            }
        }
        Ok(Frame::Array(reply))
    }
}
