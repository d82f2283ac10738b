//! `cargo workshop reset <step>|--all`: the pristine stubs back, without losing other work.
//!
//! Pristine means exactly what the generator writes into `exercises/`:
//! `stubs::generate(&read_solutions("solutions/"), 0)`. We regenerate it rather than keep a copy,
//! so it cannot drift from the committed stubs (the mirror test checks those are the same).
//!
//! A step's reset is region by region ([`super::regions::transplant`]): only the bodies of that
//! step's stubs change, so resetting step 4 of `store/src/keyspace.rs` keeps the step 3 code in
//! the same file. `--all` restores whole files. Either way the runner lists the files and asks
//! first, and it only ever writes under `exercises/`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Component, Path, PathBuf};

use crate::steps::Step;
use crate::stubs;

use super::regions::transplant;
use super::RunnerError;

/// What to reset.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Step(Step),
    All,
}

/// One file to restore.
#[derive(Debug, Clone)]
pub struct FileReset {
    /// The path under `exercises/`.
    pub path: PathBuf,
    /// Its pristine (or partly pristine) text.
    pub text: String,
    /// What changes, for the confirmation: the functions whose stubs come back, or the whole
    /// file.
    pub what: String,
}

/// The pristine stubs, as the generator makes them.
pub fn pristine(root: &Path) -> Result<stubs::Files, RunnerError> {
    let solutions = root.join("solutions");
    if !solutions.is_dir() {
        return Err(RunnerError::NoSolutions(solutions));
    }
    Ok(stubs::generate(&stubs::read_solutions(&solutions)?, 0)?)
}

/// The reference, in the exercises' form: every step solved. What `solution <step> --apply`
/// writes, region by region.
pub fn reference(root: &Path) -> Result<stubs::Files, RunnerError> {
    let solutions = root.join("solutions");
    if !solutions.is_dir() {
        return Err(RunnerError::NoSolutions(solutions));
    }
    Ok(stubs::generate(
        &stubs::read_solutions(&solutions)?,
        u8::MAX,
    )?)
}

/// The files that `scope`'s reset would change, and their new text. Writes nothing.
pub fn plan(root: &Path, scope: Scope) -> Result<Vec<FileReset>, RunnerError> {
    plan_towards(root, scope, &pristine(root)?)
}

/// The files that would change if `scope`'s regions took their bodies from `target` (the
/// pristine stubs for a reset, the reference for `solution --apply`). Writes nothing.
pub fn plan_towards(
    root: &Path,
    scope: Scope,
    target: &stubs::Files,
) -> Result<Vec<FileReset>, RunnerError> {
    let pristine = target;
    let learner = stubs::read_tree(&root.join("exercises"))?;
    let mut resets = Vec::new();
    for (path, pristine_text) in pristine {
        let current = learner.get(path);
        if current == Some(pristine_text) {
            continue;
        }
        match (scope, current) {
            (Scope::All, _) => resets.push(whole_file(path, pristine_text)),
            (Scope::Step(step), None) => {
                // A deleted file that holds this step's stubs comes back whole.
                if super::regions::spans(path, pristine_text)?
                    .iter()
                    .any(|span| span.step == step.number)
                {
                    resets.push(whole_file(path, pristine_text));
                }
            }
            (Scope::Step(step), Some(current)) => {
                let restored = transplant(path, current, pristine_text, |n| n == step.number)?;
                if !restored.changed.is_empty() {
                    let names: Vec<&str> =
                        restored.changed.iter().map(|m| function_of(m)).collect();
                    resets.push(FileReset {
                        path: path.clone(),
                        text: restored.text,
                        what: names.join(", "),
                    });
                }
            }
        }
    }
    Ok(resets)
}

fn whole_file(path: &Path, text: &str) -> FileReset {
    FileReset {
        path: path.to_path_buf(),
        text: text.to_string(),
        what: "the whole file".to_string(),
    }
}

/// `// @step 4: Keyspace::persist — make a key live forever again` → `Keyspace::persist`.
fn function_of(marker: &str) -> &str {
    let text = marker.split_once(": ").map_or(marker, |(_, text)| text);
    text.split_once(" — ").map_or(text, |(name, _)| name).trim()
}

/// Asks the learner whether to go ahead. With `yes`, does not ask. Without a terminal to ask
/// on, refuses (with `refusal`, which says what was not done) rather than wait for an answer
/// that cannot come.
pub fn confirm(question: &str, yes: bool, refusal: RunnerError) -> Result<bool, RunnerError> {
    if yes {
        return Ok(true);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(refusal);
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush().map_err(RunnerError::Prompt)?;
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(RunnerError::Prompt)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// Writes the planned files, under `exercises/` only.
pub fn apply(root: &Path, resets: &[FileReset]) -> Result<(), RunnerError> {
    let exercises = root.join("exercises");
    for reset in resets {
        // The paths come from the generator, relative and plain; check anyway, since this is
        // the one place the runner writes.
        let plain = reset
            .path
            .components()
            .all(|part| matches!(part, Component::Normal(_)));
        let target = exercises.join(&reset.path);
        if !plain {
            return Err(RunnerError::Write {
                path: target,
                source: std::io::Error::other("refusing a path that leaves exercises/"),
            });
        }
        let write = || -> std::io::Result<()> {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, &reset.text)
        };
        write().map_err(|source| RunnerError::Write {
            path: target.clone(),
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_names_its_function() {
        assert_eq!(
            function_of("// @step 4: Keyspace::persist — make a key live forever again"),
            "Keyspace::persist"
        );
        assert_eq!(function_of("// @step 2: read_frame"), "read_frame");
    }
}
