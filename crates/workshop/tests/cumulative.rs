//! The workshop's central promise, checked: the tests turn green step by step, and chapter by
//! chapter.
//!
//! We generate trees with some steps solved and the others as stubs, and run every step's and
//! chapter's tests in each:
//! - the core's prefixes: nothing solved (the pristine exercises), then steps `1..=k` of the
//!   core, every chapter still stubs;
//! - the core solved, every chapter still stubs;
//! - for each chapter, the core, that chapter and the chapters it requires solved ("core +
//!   chapter 5"), the other chapters still stubs.
//!
//! In each tree:
//! - every test of a solved step passes (finishing a step or a chapter never breaks another);
//! - every test of an unsolved one fails (no test passes on a stub: none is hollow), fast;
//! - the tests of the next thing to do (the first unsolved core step, or once the core is
//!   solved, any chapter whose requirements are) fail naming one of its own stubs.
//!
//! The solutions themselves (everything solved) are checked by the `solutions` package's own
//! step tests, in the same `cargo test`. All trees are written, in turn, into one directory
//! with one target directory: a tree rewrites only the files that differ from the previous one,
//! so cargo rebuilds only the crates they touch. It prints one line per tree.

use std::io::Write;
use std::time::Duration;

use workshop::steps::{self, Step, STEPS};
use workshop::trees::{build_tests, prepare_tree_with, run_step, workspace_root};

/// A red run of one step may take at most this long (it is ~0.2 s; each test is bounded by 2 s).
const RED_RUN_LIMIT: Duration = Duration::from_secs(20);

/// One tree to check: a name, and the steps it has solved.
struct Tree {
    name: String,
    solved: Vec<u8>,
}

fn trees() -> Vec<Tree> {
    let mut trees = Vec::new();
    for k in 0..steps::last_core() {
        trees.push(Tree {
            name: format!("core steps 1..={k}"),
            solved: (1..=k).collect(),
        });
    }
    let core: Vec<u8> = steps::core().map(|step| step.number).collect();
    trees.push(Tree {
        name: "the core".to_string(),
        solved: core.clone(),
    });
    for chapter in steps::chapters() {
        let mut solved = core.clone();
        solved.extend(chapter.requires);
        solved.push(chapter.number);
        trees.push(Tree {
            name: format!("the core + chapter {}", chapter.number),
            solved,
        });
    }
    trees
}

/// Whether `step` is the next thing to do in a tree with `solved` solved: its stubs must be the
/// first thing its tests hit.
fn is_next(step: Step, solved: &[u8]) -> bool {
    if step.is_core() {
        let first_unsolved = steps::core().find(|core| !solved.contains(&core.number));
        first_unsolved == Some(step)
    } else {
        steps::core().all(|core| solved.contains(&core.number))
            && step.requires.iter().all(|n| solved.contains(n))
    }
}

#[test]
fn steps_and_chapters_turn_green_one_by_one() {
    let root = workspace_root();
    let dir = root.join("target/workshop-trees");
    let tree_dir = dir.join("cumulative");
    let target_dir = dir.join("target");
    let all = trees();
    assert!(
        all.iter()
            .any(|tree| steps::chapters().next().is_none() || tree.name.contains("chapter")),
        "the trees include the core + each chapter"
    );
    let mut problems = Vec::new();
    for tree in &all {
        let name = &tree.name;
        let solved = &tree.solved;
        prepare_tree_with(&root, &tree_dir, &|step| solved.contains(&step))
            .unwrap_or_else(|error| panic!("tree {name}: {error}"));
        let binary = build_tests(&tree_dir, Some(&target_dir)).unwrap_or_else(|output| {
            panic!("the tree with {name} solved does not build:\n{output}")
        });
        let mut line = format!("cumulative: {name} solved:");
        for &step in STEPS {
            let result = run_step(&binary, &tree_dir.join("exercises"), step);
            let label = step.label();
            if let Some(error) = &result.build_error {
                problems.push(format!("tree {name}, {label}: {error}"));
                continue;
            }
            let total = result.total();
            let passed = result.passed.len();
            let mark = if solved.contains(&step.number) {
                if !result.all_passed() {
                    let names: Vec<_> = result
                        .failed
                        .iter()
                        .map(|(name, _)| name.as_str())
                        .collect();
                    problems.push(format!(
                        "tree {name}: {label} is solved but these tests fail: {names:?}"
                    ));
                }
                "green"
            } else {
                if passed > 0 || total == 0 {
                    problems.push(format!(
                        "tree {name}: {label} is still stubs but these tests pass: {:?}",
                        result.passed
                    ));
                }
                if result.elapsed > RED_RUN_LIMIT {
                    problems.push(format!(
                        "tree {name}: {label}'s red run took {:?}",
                        result.elapsed
                    ));
                }
                if is_next(step, solved) {
                    for (test, details) in &result.failed {
                        if !details.contains(&format!("step {}", step.number)) {
                            problems.push(format!(
                                "tree {name}: {test} fails without naming a stub of {label}:\n{details}"
                            ));
                        }
                    }
                }
                "red"
            };
            line.push_str(&format!(
                " {label} {mark} {passed}/{total} in {:.1}s;",
                result.elapsed.as_secs_f64()
            ));
        }
        let _ = writeln!(std::io::stderr(), "{}", line.trim_end_matches(';'));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
