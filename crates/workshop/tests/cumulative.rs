//! The workshop's central promise, checked: the tests turn green step by step.
//!
//! For k = 0 (the pristine exercises) to 3, we generate a tree whose steps 1..=k are solved and
//! whose later steps are stubs, and run every step's tests in it:
//! - every test of steps 1..=k passes (finishing a step never breaks an earlier one);
//! - every test of the later steps fails (no test passes on a stub: none is hollow);
//! - the red tests fail fast (no hangs).
//!
//! The solutions themselves (k = 4) are checked by the `solutions` package's own step tests, in
//! the same `cargo test`. This takes a few minutes, most of it compiling four small trees.
//! It prints one line per tree, not the expected red output.

use std::io::Write;
use std::time::Duration;

use workshop::steps::STEPS;
use workshop::trees::{build_tests, prepare_tree, run_step, workspace_root};

/// A red run of one step may take at most this long (it is ~0.2 s; each test is bounded by 2 s).
const RED_RUN_LIMIT: Duration = Duration::from_secs(20);

#[test]
fn steps_turn_green_one_by_one() {
    let root = workspace_root();
    let trees = root.join("target/workshop-trees");
    let target_dir = trees.join("target");
    let mut problems = Vec::new();
    for solved in 0..=3u8 {
        let tree = trees.join(format!("solved-{solved}"));
        prepare_tree(&root, &tree, solved).unwrap_or_else(|error| panic!("tree {solved}: {error}"));
        let binaries = build_tests(&tree, Some(&target_dir)).unwrap_or_else(|output| {
            panic!("the tree with steps 1..={solved} solved does not build:\n{output}")
        });
        let mut line = format!("cumulative: steps 1..={solved} solved:");
        for step in STEPS {
            let result = run_step(&binaries, &tree.join("exercises"), step);
            if let Some(error) = &result.build_error {
                problems.push(format!("tree {solved}, step {}: {error}", step.number));
                continue;
            }
            let total = result.total();
            let passed = result.passed.len();
            let mark = if step.number <= solved {
                if !result.all_passed() {
                    let names: Vec<_> = result
                        .failed
                        .iter()
                        .map(|(name, _)| name.as_str())
                        .collect();
                    problems.push(format!(
                        "tree {solved}: step {} is solved but these tests fail: {names:?}",
                        step.number
                    ));
                }
                "green"
            } else {
                if passed > 0 || total == 0 {
                    problems.push(format!(
                        "tree {solved}: step {} is still stubs but these tests pass: {:?}",
                        step.number, result.passed
                    ));
                }
                if result.elapsed > RED_RUN_LIMIT {
                    problems.push(format!(
                        "tree {solved}: step {}'s red run took {:?}",
                        step.number, result.elapsed
                    ));
                }
                for (name, details) in &result.failed {
                    if solved + 1 == step.number
                        && !details.contains(&format!("step {}", step.number))
                    {
                        problems.push(format!(
                            "tree {solved}: {name} fails without naming a step {} stub:\n{details}",
                            step.number
                        ));
                    }
                }
                "red"
            };
            line.push_str(&format!(
                " step {} {mark} {passed}/{total} in {:.1}s;",
                step.number,
                result.elapsed.as_secs_f64()
            ));
        }
        let _ = writeln!(std::io::stderr(), "{}", line.trim_end_matches(';'));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
