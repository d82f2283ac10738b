//! `LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]`: pop from the first non-empty list.
//!
//! The keys are tried in order; the first that holds a list gives up to `count` elements (1 by
//! default) from the chosen end. The reply is `[key, [element, ...]]`, or the null array when
//! every key is missing. A key of another type met on the way is `WRONGTYPE`.
//!
//! How real Redis does it: `lmpopGenericCommand` and `mpopGenericCommand` in `src/t_list.c`.

use bytes::Bytes;
use resp::{string_to_i64, Frame};

use super::list::{End, ListError};
use crate::blocking::BlockedPop;
use crate::table::{AclCategories, BeginSearch, FindKeys, Flags, KeyFlags, KeyRange, KeySpec};
use crate::{Args, Command, CommandError, CommandSpec, Context};

/// The key spec of `LMPOP` (`BLMPOP`'s starts one argument later): `numkeys`, then the keys.
pub(crate) const fn mpop_key_spec(index: i64) -> KeySpec {
    KeySpec {
        notes: None,
        flags: KeyFlags::RW.union(KeyFlags::ACCESS).union(KeyFlags::DELETE),
        begin_search: BeginSearch::Index(index),
        find_keys: FindKeys::KeyNum {
            keynumidx: 0,
            firstkey: 1,
            keystep: 1,
        },
    }
}

/// This file's rows of the command table.
pub(crate) const SPECS: &[CommandSpec] = &[CommandSpec {
    name: "lmpop",
    arity: -4,
    flags: Flags::WRITE.union(Flags::MOVABLE_KEYS),
    keys: KeyRange::NONE,
    acl_categories: AclCategories::LIST,
    tips: &[],
    key_specs: &[mpop_key_spec(1)],
    subcommands: &[],
    parse: |args| LMPop::parse(args).map(Command::LMPop),
}];

/// `LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LMPop {
    /// The keys, tried in order.
    pub keys: Vec<Bytes>,
    /// The end to pop from.
    pub end: End,
    /// How many elements at most.
    pub count: usize,
}

impl LMPop {
    /// Parses the arguments after the name (after the timeout, for `BLMPOP`), in Redis's order:
    /// `numkeys` (at least 1), the keys, the end, then `COUNT` (at least 1) once.
    pub fn parse(args: &mut Args) -> Result<LMPop, CommandError> {
        let numkeys = match string_to_i64(&args.next_bytes()?) {
            Some(numkeys) if numkeys > 0 => numkeys as u64,
            _ => return Err(CommandError::NumKeysNotPositive),
        };
        if numkeys >= args.len() as u64 {
            return Err(CommandError::Syntax);
        }
        let keys = (0..numkeys)
            .map(|_| args.next_bytes())
            .collect::<Result<Vec<_>, _>>()?;
        let end = End::parse(&args.next_bytes()?)?;
        let mut count = None;
        while !args.is_empty() {
            let option = args.next_bytes()?;
            if count.is_some() || !option.eq_ignore_ascii_case(b"count") || args.is_empty() {
                return Err(CommandError::Syntax);
            }
            count = match string_to_i64(&args.next_bytes()?) {
                Some(count) if count > 0 => Some(count as usize),
                _ => return Err(ListError::CountNotPositive.into()),
            };
        }
        Ok(LMPop {
            keys,
            end,
            count: count.unwrap_or(1),
        })
    }

    /// What this pop does once a key holds a list (here or for `BLMPOP`).
    pub(crate) fn blocked_pop(&self) -> BlockedPop {
        BlockedPop::MPop {
            end: self.end,
            count: self.count,
        }
    }

    /// Pops from the first list; replies `[key, elements]` or the null array.
    pub fn apply(self, ctx: &mut Context<'_>) -> Result<Frame, CommandError> {
        let pop = self.blocked_pop();
        Ok(pop.serve_first(ctx, &self.keys)?.unwrap_or(Frame::NullArray))
    }
}
