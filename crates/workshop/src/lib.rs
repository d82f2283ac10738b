//! The workshop's own tooling.
//!
//! - [`stubs`] generates the learners' `exercises/` tree from `solutions/`: the mirror holds by
//!   construction, and a test fails if the committed stubs differ from what it generates.
//! - [`steps`] names the four steps and their test targets, in order.
//! - [`trees`] builds intermediate trees (steps 1..=k solved, the rest stubs) and runs the step
//!   tests against them, for the cumulative check.

pub mod runner;
pub mod steps;
pub mod stubs;
pub mod trees;
