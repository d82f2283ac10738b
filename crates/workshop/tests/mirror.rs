//! The committed `exercises/` must be exactly what the generator makes from `solutions/`.
//!
//! This is what keeps the two trees mirrors by construction: change a solution and forget to
//! regenerate, and `cargo test` fails here with the command that fixes it.

use std::io::Write;

use workshop::stubs;
use workshop::trees::workspace_root;

#[test]
fn exercises_are_generated_from_solutions() {
    let root = workspace_root();
    let solutions = stubs::read_solutions(&root.join("solutions")).expect("read solutions/");
    let expected = stubs::generate(&solutions, 0).expect("generate the stubs");
    let committed = stubs::read_tree(&root.join("exercises")).expect("read exercises/");
    let mut problems = Vec::new();
    for (path, text) in &expected {
        match committed.get(path) {
            None => problems.push(format!("missing: exercises/{}", path.display())),
            Some(actual) if actual != text => {
                problems.push(format!("differs: exercises/{}", path.display()))
            }
            Some(_) => {}
        }
    }
    for path in committed
        .keys()
        .filter(|path| !expected.contains_key(*path))
    {
        problems.push(format!("extra: exercises/{}", path.display()));
    }
    assert!(
        problems.is_empty(),
        "exercises/ is not what solutions/ generates:\n  {}\nRun: cargo run -p workshop --bin generate-exercises",
        problems.join("\n  ")
    );
    let regions = stubs::regions(&solutions).expect("read the stub markers");
    let _ = writeln!(
        std::io::stderr(),
        "mirror: exercises/ matches solutions/ ({} files, {} stubs)",
        expected.len(),
        regions.len()
    );
}

#[test]
fn every_step_has_stubs_and_every_stub_a_known_step() {
    let root = workspace_root();
    let solutions = stubs::read_solutions(&root.join("solutions")).expect("read solutions/");
    let regions = stubs::regions(&solutions).expect("read the stub markers");
    for step in workshop::steps::STEPS {
        assert!(
            regions.iter().any(|region| region.step == step.number),
            "step {} has no stub",
            step.number
        );
    }
    for region in &regions {
        assert!(
            workshop::steps::step(region.step).is_some(),
            "{}:{} names step {}, which does not exist",
            region.path.display(),
            region.line,
            region.step
        );
        assert!(
            !region.description.is_empty(),
            "{}:{}: a marker needs a description",
            region.path.display(),
            region.line
        );
    }
}

/// Learners are asked not to open `solutions/`, so their tree never sends them there: a comment
/// in `exercises/` names no file under `solutions/`, and every `exercises/...` path it names
/// exists. (The generator turns the reference's `solutions/` paths into `exercises/` ones.)
#[test]
fn the_exercises_comments_name_only_the_learners_files() {
    let root = workspace_root();
    let solutions = stubs::read_solutions(&root.join("solutions")).expect("read solutions/");
    let exercises = stubs::generate(&solutions, 0).expect("generate the stubs");
    let mut problems = Vec::new();
    for (path, text) in &exercises {
        for (index, line) in text.lines().enumerate() {
            let Some(comment) = line.trim_start().strip_prefix("//") else {
                continue;
            };
            let place = format!("exercises/{}:{}", path.display(), index + 1);
            if comment.contains("solutions/") {
                problems.push(format!("{place} sends the learner to solutions/: {line:?}"));
            }
            for (at, _) in comment.match_indices("exercises/") {
                let named: String = comment[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "_/.-".contains(*c))
                    .collect();
                let named = named.trim_end_matches(['.', '/']);
                if !root.join(named).exists() {
                    problems.push(format!("{place} names {named}, which does not exist"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "comments in exercises/ must point at the learner's own files:\n  {}",
        problems.join("\n  ")
    );
}
