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
