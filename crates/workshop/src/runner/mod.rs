//! `cargo workshop`: the learner's runner, the feedback loop of the workshop.
//!
//! One command answers "where am I, and what next?", as rustlings and CodeCrafters do. Its rules:
//! - **Progress comes from the tests, never from stored state.** There is no "current step" file
//!   to get out of sync: every run builds the learner's `exercises/` and runs the step tests in
//!   order, and the current step is the first one that is not all green.
//! - **One failure at a time.** A red step 2 says nothing useful while step 1 is red, so only the
//!   current step's *first* failing test is shown (first in the test file's order, which is the
//!   teaching order), with its message and the step's hint.
//! - **The learner's work is sacred.** `reset` restores stubs region by region, asks first, and
//!   never writes outside `exercises/`; `solution` only reads.
//! - **Errors say what to do**, and the exit code says what happened: 0 all done, 1 not done yet,
//!   2 a usage or environment problem.
//!
//! The modules, one concept each:
//! - [`workspace`]: finding the workshop from wherever the learner stands.
//! - [`progress`]: building, running the steps, and reading the results.
//! - [`report`]: printing the progress bar, the ✅/❌ lines and the current failure.
//! - [`hints`]: the per-step hints, from `hints.md`.
//! - [`regions`]: a file's stub regions, and moving bodies from one version of a file to another.
//! - [`reset`] and [`solution`]: restoring stubs, and diffing against the reference.
//! - [`update`]: bringing a newer workshop's stubs in, keeping the learner's work.
//! - [`watch`]: re-running on every save.
//! - [`error`]: what can go wrong, as a type.

pub mod error;
pub mod hints;
pub mod progress;
pub mod regions;
pub mod report;
pub mod reset;
pub mod solution;
pub mod update;
pub mod watch;
pub mod workspace;

pub use error::RunnerError;
