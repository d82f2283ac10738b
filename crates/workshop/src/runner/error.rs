//! Everything that stops the runner before it can report progress.
//!
//! These are problems with how the runner was called or where, not with the learner's code: a
//! red test or a compile error is a *result* ([`crate::runner::progress::Outcome`]), shown with
//! exit code 1. Every variant here exits with code 2, and its message says what to do.

use std::path::PathBuf;

use thiserror::Error;

use crate::steps::STEPS;
use crate::stubs::StubError;

/// Why a runner command could not do its job.
#[derive(Debug, Error)]
pub enum RunnerError {
    #[error(
        "not inside the workshop: there is no Cargo.toml next to an exercises/ directory in {} \
         or any directory above it.\nRun `cargo workshop` from the workshop's folder (or any folder \
         inside it).",
        .0.display()
    )]
    OutsideWorkshop(PathBuf),

    #[error("cannot tell the current directory: {0}")]
    CurrentDir(std::io::Error),

    #[error("there is no step or chapter {0}. They are:\n{list}", list = step_list())]
    UnknownStep(u8),

    #[error("{0}")]
    Stubs(#[from] StubError),

    #[error("{} is missing: `reset` and `solution` need the reference tree beside exercises/", .0.display())]
    NoSolutions(PathBuf),

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot run cargo: {0}")]
    Cargo(String),

    #[error(
        "exercises/{path}: cannot find the line `{marker}` there, so its stub cannot be placed.\n\
         Put the marker comment back above the function's body, or restore the whole file with \
         `cargo workshop reset --all`."
    )]
    MarkerMissing { path: PathBuf, marker: String },

    #[error(
        "not {doing} without a yes: this is not an interactive terminal.\n\
         Re-run with --yes to {what} without asking."
    )]
    NeedsConfirmation {
        /// "resetting", "applying the solution".
        doing: &'static str,
        /// What --yes would do: "restore the stubs", "write the reference into your files".
        what: &'static str,
    },

    #[error("cannot read the answer: {0}")]
    Prompt(std::io::Error),

    #[error(
        "cannot watch files, and cannot read the keyboard either, so nothing could ever trigger \
         a re-run: {0}"
    )]
    CannotWatch(String),
}

/// "  1  TCP server\n  2  RESP parsing\n...\n  5  RESP3 (chapter)" for error messages.
pub fn step_list() -> String {
    STEPS
        .iter()
        .map(|step| match step.is_core() {
            true => format!("  {}  {}", step.number, step.title),
            false => format!("  {}  {} (chapter)", step.number, step.title),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
