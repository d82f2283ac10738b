//! `# Replication`, `# Modules` and `# Cluster`: what a lone master with no modules says.
//!
//! We have no replication, no modules and no cluster mode, so these sections are Redis's own for
//! a standalone master that has never had a replica. The one figure of our own is the
//! replication id: 40 random hex digits per process, as Redis draws one at start-up.
//!
//! How real Redis does it: the replication, modules and cluster blocks of `genRedisInfoString`
//! in `src/server.c`; the id comes from `changeReplicationId` in `src/replication.c`.

use super::Report;
use crate::Context;

/// `# Replication`.
pub(super) fn replication(report: &mut Report, ctx: &Context<'_>) {
    report.section("Replication");
    report.fields(&[
        ("role", &"master"),
        ("connected_slaves", &0),
        ("master_failover_state", &"no-failover"),
        ("master_replid", &ctx.shared.process.replid),
        (
            "master_replid2",
            &"0000000000000000000000000000000000000000",
        ),
        ("master_repl_offset", &0),
        ("second_repl_offset", &-1),
        ("repl_backlog_active", &0),
        // Redis's default `repl-backlog-size`, 1 MiB.
        ("repl_backlog_size", &1_048_576),
        ("repl_backlog_first_byte_offset", &0),
        ("repl_backlog_histlen", &0),
    ]);
}

/// `# Modules`: the title, and no module.
pub(super) fn modules(report: &mut Report, _ctx: &Context<'_>) {
    report.section("Modules");
}

/// `# Cluster`.
pub(super) fn cluster(report: &mut Report, _ctx: &Context<'_>) {
    report.section("Cluster");
    report.field("cluster_enabled", 0);
}
