//! A learner's first `cargo test -p exercises` builds what the step tests use, and no more.
//!
//! On a fresh clone and 2 cores, that first build took 113 s, most of it compiling jemalloc's C
//! sources, which only the reference server's benchmarks and memory tests need. The reference
//! marks such dependencies in `solutions/Cargo.toml` with a comment ending in "reference only",
//! and the generator leaves those lines out of `exercises/Cargo.toml`. This checks the result:
//! the exercises' dependency graph, as `cargo tree` sees it, has none of them.

use workshop::trees::{cargo, workspace_root};

/// Crates only the reference's own tests and benchmarks use; a learner's build must not compile
/// them.
const REFERENCE_ONLY: [&str; 6] = [
    "tikv-jemalloc-sys",
    "tikv-jemallocator",
    "assert_cmd",
    "predicates",
    "criterion",
    "proptest",
];

#[test]
fn the_exercises_build_no_reference_only_crate() {
    let output = cargo()
        .current_dir(workspace_root())
        .args([
            "tree",
            "--offline",
            "-p",
            "exercises",
            "--edges",
            "normal,build,dev",
            "--prefix",
            "none",
        ])
        .output()
        .expect("run cargo tree");
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(
        crates.contains(&"exercises") && crates.contains(&"tokio"),
        "cargo tree listed no crates: is the scan broken?\n{tree}"
    );
    let found: Vec<&str> = REFERENCE_ONLY
        .into_iter()
        .filter(|name| crates.contains(name))
        .collect();
    assert!(
        found.is_empty(),
        "`cargo test -p exercises` would compile {found:?}, which only the reference needs. Mark \
         their lines in solutions/Cargo.toml with a comment ending in \"reference only\" (see \
         workshop::stubs::REFERENCE_ONLY), then run cargo run -p workshop --bin \
         generate-exercises"
    );
}
