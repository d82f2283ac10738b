//! Printing a check: the progress bar, ✅/❌ per step, and the one failure that matters now.
//!
//! The screen is the learner's dashboard, so it stays short: at most one failing test, the one
//! to fix first, with its message, the stub it names, and the step's hint. Later steps are one
//! line each, whatever their state.

use std::io::{self, Write};
use std::path::Path;

use super::hints;
use super::progress::{clean_failure, stub_named, Check, CompileError, Outcome, State, StepRun};
use crate::steps::STEPS;

/// Width of the progress bar, in cells.
const BAR_WIDTH: usize = 30;

/// How the screen is shown, which decides what "next" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `cargo workshop`: after an edit, the learner runs it again.
    Once,
    /// `cargo workshop watch`: saving a file runs it again by itself.
    Watching,
    /// `cargo workshop watch` where files cannot be watched: Enter runs it again.
    EnterReruns,
}

impl Mode {
    /// What to do after fixing something: "then <this>".
    fn again(self) -> &'static str {
        match self {
            Mode::Once => "run `cargo workshop` again",
            Mode::Watching => "save: this screen runs again by itself",
            Mode::EnterReruns => "press Enter to run again",
        }
    }
}

/// Prints `check` for the learner.
pub fn render(check: &Check, root: &Path, mode: Mode, out: &mut impl Write) -> io::Result<()> {
    match &check.outcome {
        Outcome::DoesNotCompile(error) => render_compile_error(error, mode, out)?,
        Outcome::Ran(runs) => render_runs(&check.outcome, runs, root, mode, out)?,
    }
    writeln!(
        out,
        "(built and tested in {:.1}s)",
        check.elapsed.as_secs_f64()
    )
}

fn render_compile_error(error: &CompileError, mode: Mode, out: &mut impl Write) -> io::Result<()> {
    let place = error
        .location
        .as_deref()
        .map(|location| format!(" ({location})"))
        .unwrap_or_default();
    writeln!(out, "❌ Your code does not compile{place}.\n")?;
    writeln!(out, "{}\n", indent(&error.first, "  "))?;
    match error.file() {
        // The step tests are not the learner's to edit: an error there means the learner's code
        // no longer offers what the tests call, most often a changed signature.
        Some(file) if file.starts_with("tests/") => writeln!(
            out,
            "The step tests in {file} no longer compile against your code: keep the signatures \
             of the stubs as they were (only their bodies are yours to write)."
        )?,
        Some(file) => writeln!(out, "Fix this error in {file}, then {}.", mode.again())?,
        None => writeln!(out, "Fix this error, then {}.", mode.again())?,
    }
    writeln!(
        out,
        "Every error and warning: `cargo test -p exercises --no-run`."
    )
}

fn render_runs(
    outcome: &Outcome,
    runs: &[StepRun],
    root: &Path,
    mode: Mode,
    out: &mut impl Write,
) -> io::Result<()> {
    let core: Vec<&StepRun> = runs.iter().filter(|run| run.step.is_core()).collect();
    let chapters: Vec<&StepRun> = runs.iter().filter(|run| !run.step.is_core()).collect();
    let passed: usize = core.iter().map(|run| run.result.passed.len()).sum();
    let total: usize = core.iter().map(|run| run.result.total()).sum();
    let current = outcome.current();
    let next = outcome.next_chapter();
    match (current, next) {
        (Some(run), _) if run.step.is_core() => writeln!(
            out,
            "Mini-Redis workshop: step {}/{}, {}",
            run.step.number,
            core.len(),
            run.step.title
        )?,
        (Some(run), _) => writeln!(
            out,
            "Mini-Redis workshop: the core is done; chapter {}, {}, is in progress",
            run.step.number, run.step.title
        )?,
        (None, Some(run)) => writeln!(
            out,
            "Mini-Redis workshop: the core is done! Next: chapter {}, {}",
            run.step.number, run.step.title
        )?,
        (None, None) => writeln!(
            out,
            "Mini-Redis workshop: step {n}/{n}, all steps done!",
            n = core.len()
        )?,
    }
    writeln!(
        out,
        "{} {passed}/{total} tests passed\n",
        bar(passed, total)
    )?;
    for run in &core {
        writeln!(out, "{}", unit_line(run, current))?;
    }
    if !chapters.is_empty() {
        writeln!(
            out,
            "\n  Chapters beyond the core (any order, once the core is done):"
        )?;
        for run in &chapters {
            writeln!(out, "{}", unit_line(run, current))?;
        }
    }
    writeln!(out)?;
    match (current, next) {
        (Some(run), _) => render_current(run, root, mode, out),
        (None, Some(run)) => writeln!(
            out,
            "The core is done: your server answers like Redis 7. Try it: `cargo run -p exercises`, \
             then `redis-cli -p 6379`.\n\
             Next: chapter {n}, {title} ({budget}). Read {chapter}, then write its first stub; \
             `cargo workshop hint {n}` shows where to start.",
            n = run.step.number,
            title = run.step.title,
            budget = run.step.budget,
            chapter = run.step.chapter,
        ),
        (None, None) => writeln!(
            out,
            "Your server answers like Redis 7. Try it: `cargo run -p exercises`, then \
             `redis-cli -p 6379`."
        ),
    }
}

/// One line of the list: `  ✅ step 1  TCP server      10/10 tests`, or for a chapter its state.
fn unit_line(run: &StepRun, current: Option<&StepRun>) -> String {
    let here = if current.is_some_and(|now| now.step == run.step) {
        "  <- you are here"
    } else {
        ""
    };
    let counts = format!(
        "{:>3}/{} tests",
        run.result.passed.len(),
        run.result.total()
    );
    // Columns as wide as the longest label and title of the unit's group (the core, or the
    // chapters), so that the lines of each group line up.
    let group = || {
        STEPS
            .iter()
            .filter(|step| step.is_core() == run.step.is_core())
    };
    let label_width = group().map(|step| step.label().len()).max().unwrap_or(0);
    let title_width = group().map(|step| step.title.len()).max().unwrap_or(0);
    let label = format!("{:<label_width$}", run.step.label());
    let title = format!("{:<title_width$}", run.step.title);
    match (run.step.is_core(), run.state()) {
        (true, State::Done) => format!("  ✅ {label}  {title} {counts}"),
        (true, _) => format!("  ❌ {label}  {title} {counts}{here}"),
        (false, State::Done) => format!("  ✅ {label}  {title} {counts}  done"),
        (false, State::InProgress) => format!("  ❌ {label}  {title} {counts}  in progress{here}"),
        (false, State::NotStarted) => format!(
            "  ·  {label}  {title} not started ({}; needs {})",
            run.step.budget,
            needs(run.step)
        ),
    }
}

/// "the core", "the core and chapter 5", "the core and chapters 5 and 6".
fn needs(step: crate::steps::Step) -> String {
    let numbers: Vec<String> = step.requires.iter().map(u8::to_string).collect();
    match numbers.as_slice() {
        [] => "the core".to_string(),
        [one] => format!("the core and chapter {one}"),
        [first @ .., last] => format!("the core and chapters {} and {last}", first.join(", ")),
    }
}

fn render_current(run: &StepRun, root: &Path, mode: Mode, out: &mut impl Write) -> io::Result<()> {
    let step = run.step;
    let test_file = step.test_file();
    match run.first_failure(root) {
        Some((name, details)) => {
            let others = run.result.failed.len() - 1;
            writeln!(
                out,
                "{}, first failing test: {name} ({test_file})",
                capitalized(&step.label())
            )?;
            writeln!(out, "{}\n", indent(&clean_failure(details), "    "))?;
            if others > 0 {
                writeln!(
                    out,
                    "{others} more test(s) of {} fail; fix this one first.",
                    step.label()
                )?;
            }
            if let Some((file, line)) = stub_named(root, details) {
                writeln!(
                    out,
                    "The stub to write: {}:{line} (its numbered hints are above the todo!()).",
                    file.display()
                )?;
            }
        }
        // All green tests but no test at all: the target ran nothing.
        None => writeln!(
            out,
            "{}: no test ran (`{}`).",
            capitalized(&step.label()),
            step.test_command()
        )?,
    }
    writeln!(out)?;
    if let Some(hint) = hints::hint(step.number) {
        writeln!(out, "Hint for {} ({}):", step.label(), step.title)?;
        writeln!(out, "{}\n", indent(hint, "  "))?;
    }
    if root.join(step.chapter).is_file() {
        writeln!(out, "The chapter: {}", step.chapter)?;
    }
    match mode {
        Mode::Once => writeln!(
            out,
            "Next: edit, save, and run `cargo workshop` again (or leave `cargo workshop watch` \
             running)."
        )?,
        Mode::Watching => writeln!(
            out,
            "Next: edit and save; this screen runs again by itself."
        )?,
        Mode::EnterReruns => writeln!(out, "Next: edit, save, and press Enter to run again.")?,
    }
    writeln!(
        out,
        "Truly stuck? `cargo workshop solution {}` shows the reference for this {}.",
        step.number,
        if step.is_core() { "step" } else { "chapter" }
    )
}

/// "step 2" → "Step 2".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `[██████░░░░░░]`, filled in proportion.
fn bar(done: usize, total: usize) -> String {
    let filled = (done * BAR_WIDTH).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled))
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_in_proportion() {
        assert_eq!(bar(0, 10), format!("[{}]", "░".repeat(BAR_WIDTH)));
        assert_eq!(bar(10, 10), format!("[{}]", "█".repeat(BAR_WIDTH)));
        assert_eq!(bar(0, 0), format!("[{}]", "░".repeat(BAR_WIDTH)));
        assert_eq!(bar(1, 2).matches('█').count(), BAR_WIDTH / 2);
    }
}
