//! ACL categories: the groups (`@read`, `@string`, `@dangerous`...) a command belongs to.
//!
//! Pre-written. Redis's access control grants commands by category (`ACL SETUSER bob +@read`),
//! and `COMMAND INFO` lists each command's categories. A row names only the categories that say
//! what the command is *about* (`@string`, `@keyspace`, `@connection`, `@dangerous`); the ones
//! that follow from its flags (`@write` from `write`, `@fast` or else `@slow`...) are added by
//! [`AclCategories::with_implied`], as Redis adds them when it builds its table.
//!
//! How real Redis does it: `ACLCommandCategories` in `src/acl.c` (the names, in print order);
//! `setImplicitACLCategories` in `src/server.c`.

use bitflags::bitflags;

use super::Flags;

bitflags! {
    /// The ACL categories of a command (Redis's `ACL_CATEGORY_*`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct AclCategories: u32 {
        /// Works on keys in general, whatever their type (`DEL`, `EXPIRE`, `DBSIZE`).
        const KEYSPACE = 1 << 0;
        /// Reads keys. Implied by the `readonly` flag.
        const READ = 1 << 1;
        /// Writes keys. Implied by the `write` flag.
        const WRITE = 1 << 2;
        /// Works on sets.
        const SET = 1 << 3;
        /// Works on sorted sets.
        const SORTEDSET = 1 << 4;
        /// Works on lists.
        const LIST = 1 << 5;
        /// Works on hashes.
        const HASH = 1 << 6;
        /// Works on strings (`GET`, `SET`, `INCR`).
        const STRING = 1 << 7;
        /// Works on bitmaps.
        const BITMAP = 1 << 8;
        /// Works on HyperLogLogs.
        const HYPERLOGLOG = 1 << 9;
        /// Works on geospatial indexes.
        const GEO = 1 << 10;
        /// Works on streams.
        const STREAM = 1 << 11;
        /// Pub/sub. Implied by the `pubsub` flag.
        const PUBSUB = 1 << 12;
        /// Administration. Implied by the `admin` flag (with `@dangerous`).
        const ADMIN = 1 << 13;
        /// O(1) or O(log N). Implied by the `fast` flag.
        const FAST = 1 << 14;
        /// Everything that is not `@fast`.
        const SLOW = 1 << 15;
        /// May block the client. Implied by the `blocking` flag.
        const BLOCKING = 1 << 16;
        /// Dangerous in careless hands (`FLUSHALL`, `SWAPDB`, `INFO`).
        const DANGEROUS = 1 << 17;
        /// About the connection (`PING`, `SELECT`, `CLIENT`).
        const CONNECTION = 1 << 18;
        /// Transactions (`MULTI`, `EXEC`, `WATCH`).
        const TRANSACTION = 1 << 19;
        /// Scripting (`EVAL`, `FUNCTION`).
        const SCRIPTING = 1 << 20;
    }
}

/// The categories' names, in the order Redis prints them.
const CATEGORY_NAMES: &[(AclCategories, &str)] = &[
    (AclCategories::KEYSPACE, "@keyspace"),
    (AclCategories::READ, "@read"),
    (AclCategories::WRITE, "@write"),
    (AclCategories::SET, "@set"),
    (AclCategories::SORTEDSET, "@sortedset"),
    (AclCategories::LIST, "@list"),
    (AclCategories::HASH, "@hash"),
    (AclCategories::STRING, "@string"),
    (AclCategories::BITMAP, "@bitmap"),
    (AclCategories::HYPERLOGLOG, "@hyperloglog"),
    (AclCategories::GEO, "@geo"),
    (AclCategories::STREAM, "@stream"),
    (AclCategories::PUBSUB, "@pubsub"),
    (AclCategories::ADMIN, "@admin"),
    (AclCategories::FAST, "@fast"),
    (AclCategories::SLOW, "@slow"),
    (AclCategories::BLOCKING, "@blocking"),
    (AclCategories::DANGEROUS, "@dangerous"),
    (AclCategories::CONNECTION, "@connection"),
    (AclCategories::TRANSACTION, "@transaction"),
    (AclCategories::SCRIPTING, "@scripting"),
];

impl AclCategories {
    /// The categories that follow from the flags, which a row does not list.
    pub const IMPLIED: AclCategories = AclCategories::READ
        .union(AclCategories::WRITE)
        .union(AclCategories::PUBSUB)
        .union(AclCategories::ADMIN)
        .union(AclCategories::FAST)
        .union(AclCategories::SLOW)
        .union(AclCategories::BLOCKING);

    /// These categories plus the ones a command with `flags` has anyway: `write` is `@write`,
    /// `readonly` is `@read` (unless `@scripting`), `admin` is `@admin` and `@dangerous`,
    /// `pubsub` is `@pubsub`, `fast` is `@fast`, `blocking` is `@blocking`, and whatever is not
    /// `@fast` is `@slow`.
    pub fn with_implied(self, flags: Flags) -> AclCategories {
        let mut categories = self;
        if flags.contains(Flags::WRITE) {
            categories |= AclCategories::WRITE;
        }
        if flags.contains(Flags::READONLY) && !self.contains(AclCategories::SCRIPTING) {
            categories |= AclCategories::READ;
        }
        if flags.contains(Flags::ADMIN) {
            categories |= AclCategories::ADMIN | AclCategories::DANGEROUS;
        }
        if flags.contains(Flags::PUBSUB) {
            categories |= AclCategories::PUBSUB;
        }
        if flags.contains(Flags::FAST) {
            categories |= AclCategories::FAST;
        }
        if flags.contains(Flags::BLOCKING) {
            categories |= AclCategories::BLOCKING;
        }
        if !categories.contains(AclCategories::FAST) {
            categories |= AclCategories::SLOW;
        }
        categories
    }

    /// The names of the categories that are set (`@read`), in Redis's order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        CATEGORY_NAMES
            .iter()
            .filter(move |(category, _)| self.contains(*category))
            .map(|(_, name)| *name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_imply_categories_and_what_is_not_fast_is_slow() {
        let get = AclCategories::STRING.with_implied(Flags::READONLY | Flags::FAST);
        assert_eq!(
            get.names().collect::<Vec<_>>(),
            ["@read", "@string", "@fast"]
        );
        let flushall =
            (AclCategories::KEYSPACE | AclCategories::DANGEROUS).with_implied(Flags::WRITE);
        assert_eq!(
            flushall.names().collect::<Vec<_>>(),
            ["@keyspace", "@write", "@slow", "@dangerous"]
        );
        let config_set = AclCategories::empty().with_implied(Flags::ADMIN);
        assert_eq!(
            config_set.names().collect::<Vec<_>>(),
            ["@admin", "@slow", "@dangerous"]
        );
    }
}
