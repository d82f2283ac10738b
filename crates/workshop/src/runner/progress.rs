//! Where the learner is: build their tree, run every step's tests, and read the results.
//!
//! Nothing is remembered between runs. The tests are the only judge, so a learner who edits,
//! resets or pulls never sees a stale "you are on step 3". Building first, once, separates "your
//! code does not compile" (one clear compiler error) from "your code is wrong" (a red test).
//! Then every step runs, later ones included: a red step 4 costs a fraction of a second (stubs
//! fail fast), and it lets the ✅/❌ list tell the truth if a learner jumps ahead.
//!
//! The edit-to-result time is part of the feedback loop, so a check calls cargo once: it builds
//! the one step test binary (in the learner's default target directory, so an edit recompiles
//! only the crates that changed and links once), and the runner then starts it itself, once per
//! unit in play with that unit's module as the filter, side by side.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::steps::{Step, STEPS};
use crate::stubs;
use crate::trees::{build_tests, cargo, run_steps, StepResult};

use super::regions::spans;
use super::RunnerError;

/// One step's run.
#[derive(Debug, Clone)]
pub struct StepRun {
    pub step: Step,
    pub result: StepResult,
    /// Whether the learner has started it: always for a core step; for a chapter, whether any
    /// of its stubs is no longer the pristine `todo!()`.
    pub started: bool,
}

/// Where a unit stands, for the list of chapters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Every test passes.
    Done,
    /// Started and not all green.
    InProgress,
    /// Every stub still pristine (chapters only).
    NotStarted,
}

impl StepRun {
    /// Done, in progress, or not started.
    pub fn state(&self) -> State {
        if self.result.all_passed() {
            State::Done
        } else if self.started {
            State::InProgress
        } else {
            State::NotStarted
        }
    }

    /// The failure to show: the first failing test in the order of the test file.
    pub fn first_failure(&self, root: &Path) -> Option<&(String, String)> {
        let source = std::fs::read_to_string(root.join(self.step.test_file())).unwrap_or_default();
        // `read_run` has taken the unit's module off the names already.
        let position = |name: &str| source.find(&format!("fn {name}(")).unwrap_or(usize::MAX);
        self.result
            .failed
            .iter()
            .min_by_key(|(name, _)| (position(name), name.clone()))
    }
}

/// The compiler's verdict when the learner's tree does not build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// The first error, as the compiler printed it (header, location, the code it points at).
    pub first: String,
    /// Its `file:line`, as cargo prints it (relative to the workshop root).
    pub location: Option<String>,
}

impl CompileError {
    /// Picks the first error out of cargo's output: warnings and later errors are noise until
    /// the first error is fixed (and often caused by it).
    pub fn from_cargo(output: &str) -> CompileError {
        let lines: Vec<&str> = output.lines().collect();
        let Some(start) = lines.iter().position(|line| line.starts_with("error")) else {
            return CompileError {
                first: output.trim().to_string(),
                location: None,
            };
        };
        // A diagnostic ends at the first blank line (or at cargo's "could not compile").
        let end = (start + 1..lines.len())
            .find(|&i| {
                lines[i].trim().is_empty() || lines[i].starts_with("error: could not compile")
            })
            .unwrap_or(lines.len());
        let block = &lines[start..end.min(start + 40)];
        let location = block.iter().find_map(|line| {
            let place = line.trim_start().strip_prefix("--> ")?;
            // "exercises/resp/src/parse.rs:10:5" → "exercises/resp/src/parse.rs:10"
            let mut parts = place.rsplitn(3, ':');
            let _column = parts.next()?;
            let line = parts.next()?;
            let file = parts.next()?;
            Some(format!("{file}:{line}"))
        });
        CompileError {
            first: block.join("\n"),
            location,
        }
    }

    /// The file the error is in, without the line.
    pub fn file(&self) -> Option<&str> {
        self.location
            .as_deref()
            .and_then(|location| location.rsplit_once(':'))
            .map(|(file, _)| file)
    }
}

/// What a check found.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The learner's code does not compile: no test could run.
    DoesNotCompile(CompileError),
    /// Every step ran, in order.
    Ran(Vec<StepRun>),
}

impl Outcome {
    /// The current step: the first core step that is not all green, or once the core is done,
    /// the first chapter in progress. `None` when everything started is green (or nothing
    /// compiled, where there is no step to speak of).
    pub fn current(&self) -> Option<&StepRun> {
        let Outcome::Ran(runs) = self else {
            return None;
        };
        runs.iter()
            .filter(|run| run.step.is_core())
            .find(|run| !run.result.all_passed())
            .or_else(|| runs.iter().find(|run| run.state() == State::InProgress))
    }

    /// Whether the core is all green.
    pub fn core_done(&self) -> bool {
        match self {
            Outcome::DoesNotCompile(_) => false,
            Outcome::Ran(runs) => runs
                .iter()
                .filter(|run| run.step.is_core())
                .all(|run| run.result.all_passed()),
        }
    }

    /// The chapter to start next, when nothing is in progress: the first one not started whose
    /// requirements (the core, and the chapters it builds on) are done.
    pub fn next_chapter(&self) -> Option<&StepRun> {
        let Outcome::Ran(runs) = self else {
            return None;
        };
        if self.current().is_some() || !self.core_done() {
            return None;
        }
        let done = |number: u8| {
            runs.iter()
                .any(|run| run.step.number == number && run.state() == State::Done)
        };
        runs.iter().find(|run| {
            run.state() == State::NotStarted && run.step.requires.iter().all(|&n| done(n))
        })
    }

    /// Whether every step the learner started is green (the core always counts as started).
    pub fn done(&self) -> bool {
        matches!(self, Outcome::Ran(_)) && self.current().is_none()
    }

    /// The process exit code: 0 all done, 1 not done yet.
    pub fn exit_code(&self) -> u8 {
        if self.done() {
            0
        } else {
            1
        }
    }
}

/// A check and how long it took (the edit-to-result time, once the learner has saved).
#[derive(Debug, Clone)]
pub struct Check {
    pub outcome: Outcome,
    pub elapsed: Duration,
}

/// Builds the learner's tree at `root` and runs the tests of the core and of every chapter the
/// learner has started. A chapter whose stubs are all pristine is "not started" whatever its
/// tests say (they all fail), so its tests do not run: the save-to-result time stays that of the
/// units in play. One step test binary holds every unit's tests, so a build links once however
/// many chapters the workshop has; each unit in play runs in a process of its own, with its
/// module as the filter.
pub fn check(root: &Path) -> Result<Check, RunnerError> {
    let started = Instant::now();
    let touched = started_chapters(root);
    let in_play: Vec<Step> = STEPS
        .iter()
        .copied()
        .filter(|step| step.is_core() || touched.contains(&step.number))
        .collect();
    let outcome = match build(root)? {
        Err(error) => Outcome::DoesNotCompile(error),
        Ok(binary) => {
            let mut results = run_steps(&binary, &root.join("exercises"), &in_play).into_iter();
            let mut runs = Vec::new();
            for &step in STEPS {
                if !in_play.contains(&step) {
                    runs.push(StepRun {
                        step,
                        result: StepResult::default(),
                        started: false,
                    });
                    continue;
                }
                let (step, result) = results
                    .next()
                    .expect("run_steps gives one result per step in play");
                if let Some(output) = &result.build_error {
                    // The build above succeeded, so this is rare (a test binary impossible to
                    // start): report it like any compile error.
                    return Ok(Check {
                        outcome: Outcome::DoesNotCompile(CompileError::from_cargo(output)),
                        elapsed: started.elapsed(),
                    });
                }
                runs.push(StepRun {
                    step,
                    result,
                    started: true, // In play: the core, or a chapter whose stubs were touched.
                });
            }
            Outcome::Ran(runs)
        }
    };
    Ok(Check {
        outcome,
        elapsed: started.elapsed(),
    })
}

/// The steps with at least one stub that is no longer pristine in the learner's `exercises/`
/// (a changed body, or a marker the learner removed). Read from the files, not the tests: a
/// chapter whose stubs are all untouched is "not started", however red its tests are.
pub fn started_chapters(root: &Path) -> BTreeSet<u8> {
    let mut started = BTreeSet::new();
    let Ok(tree) = stubs::read_tree(&root.join("exercises")) else {
        return started;
    };
    for (path, text) in &tree {
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let Ok(spans) = spans(path, text) else {
            continue;
        };
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for span in spans {
            let description = stubs::marker_of(&span.marker)
                .map(|(_, description)| description)
                .unwrap_or_default();
            let body = lines[span.body.start..span.body.end].concat();
            if !stubs::is_pristine_body(&body, span.step, &description) {
                started.insert(span.step);
            }
        }
    }
    started
}

/// Builds the step test binary. The build uses `--offline` (no network on every save), so on a
/// fresh clone whose dependencies were never downloaded we fetch them once and try again.
fn build(root: &Path) -> Result<Result<PathBuf, CompileError>, RunnerError> {
    match build_tests(root, None) {
        Ok(binary) => Ok(Ok(binary)),
        Err(output) if output.contains("--offline") => {
            eprintln!("Downloading the dependencies once (cargo fetch)...");
            let status = cargo()
                .current_dir(root)
                .arg("fetch")
                .status()
                .map_err(|error| RunnerError::Cargo(error.to_string()))?;
            if !status.success() {
                return Err(RunnerError::Cargo(format!(
                    "`cargo fetch` failed ({status}); the first build needs the network"
                )));
            }
            Ok(build_tests(root, None).map_err(|output| CompileError::from_cargo(&output)))
        }
        Err(output) => Ok(Err(CompileError::from_cargo(&output))),
    }
}

/// Cleans a failing test's output for the learner: no thread ids, no backtrace.
pub fn clean_failure(details: &str) -> String {
    let mut out = Vec::new();
    for line in details.lines() {
        if line.starts_with("stack backtrace:")
            || line.starts_with("note: run with `RUST_BACKTRACE")
        {
            break;
        }
        // "thread 'name' (1234) panicked at file:line:col:" → "panicked at file:line:col:"
        let line = match (line.starts_with("thread '"), line.find(" panicked at ")) {
            (true, Some(at)) => &line[at + 1..],
            _ => line,
        };
        out.push(line);
    }
    out.join("\n").trim().to_string()
}

/// The stub a `not yet implemented: step N: ...` message names, as (file, line) in the
/// learner's tree, e.g. (`exercises/server/src/listener.rs`, 34).
pub fn stub_named(root: &Path, message: &str) -> Option<(PathBuf, usize)> {
    let named = message
        .lines()
        .find_map(|line| line.trim().strip_prefix("not yet implemented: step "))?;
    let (number, description) = named.split_once(": ")?;
    let number: u8 = number.parse().ok()?;
    let tree = stubs::read_tree(&root.join("exercises")).ok()?;
    let regions = stubs::regions(&tree).ok()?;
    regions
        .into_iter()
        .find(|region| region.step == number && region.description == description.trim())
        .map(|region| (Path::new("exercises").join(region.path), region.line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_compiler_error_and_its_place() {
        let output = "warning: unused variable: `x`\n  --> exercises/resp/src/a.rs:1:1\n\n\
                      error[E0425]: cannot find value `y` in this scope\n  \
                      --> exercises/resp/src/parse.rs:10:5\n   |\n10 |     y\n   |     ^ not found\n\n\
                      error: aborting\n";
        let error = CompileError::from_cargo(output);
        assert!(error
            .first
            .starts_with("error[E0425]: cannot find value `y`"));
        assert!(error.first.ends_with("^ not found"));
        assert_eq!(
            error.location.as_deref(),
            Some("exercises/resp/src/parse.rs:10")
        );
        assert_eq!(error.file(), Some("exercises/resp/src/parse.rs"));
    }

    #[test]
    fn a_failure_without_thread_ids_or_backtrace() {
        let details = "thread 'bind' (2625) panicked at exercises/server/src/listener.rs:39:9:\n\
                       not yet implemented: step 1: Server::bind — open the listening socket\n\
                       stack backtrace:\n   0: rust_begin_unwind\n";
        assert_eq!(
            clean_failure(details),
            "panicked at exercises/server/src/listener.rs:39:9:\n\
             not yet implemented: step 1: Server::bind — open the listening socket"
        );
    }
}
