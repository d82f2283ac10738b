//! `cargo workshop solution <step>`: the reference for one step, as a diff against the learner's
//! code.
//!
//! For the learner who is truly stuck. A diff rather than the whole solution, so they see only
//! what differs from what they wrote, and only in that step's regions: the same transplant as
//! `reset`, with the reference's bodies instead of the stubs, then a unified diff of the
//! learner's file against the result. Nothing is written.

use std::path::Path;

use similar::TextDiff;

use crate::steps::Step;
use crate::stubs;

use super::regions::{spans, transplant};
use super::RunnerError;

/// The unified diff from the learner's `exercises/` to the reference, in `step`'s regions only.
/// Empty when they already match.
pub fn diff(root: &Path, step: Step) -> Result<String, RunnerError> {
    let solutions_dir = root.join("solutions");
    if !solutions_dir.is_dir() {
        return Err(RunnerError::NoSolutions(solutions_dir));
    }
    let solutions = stubs::read_solutions(&solutions_dir)?;
    let learner = stubs::read_tree(&root.join("exercises"))?;
    let mut out = String::new();
    for (path, reference) in &solutions {
        if !spans(path, reference)?
            .iter()
            .any(|span| span.step == step.number)
        {
            continue;
        }
        let mine = learner.get(path).map(String::as_str).unwrap_or_default();
        let solved = transplant(path, mine, reference, |n| n == step.number)?;
        if solved.changed.is_empty() {
            continue;
        }
        let diff = TextDiff::from_lines(mine, &solved.text);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("exercises/{}", path.display()),
                    &format!("solutions/{}", path.display()),
                )
                .to_string(),
        );
    }
    Ok(out)
}
