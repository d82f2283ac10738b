//! `cargo workshop`: the learner's runner. Where am I, what fails, what next?
//!
//! ```text
//! cargo workshop                 build, run the step tests, show the core's progress and the
//!                                chapters (= status)
//! cargo workshop watch           the same on every save under exercises/ (q + Enter quits)
//! cargo workshop hint [n]        a step's or chapter's hint (default: the current one)
//! cargo workshop reset <n>       restore that step's or chapter's stubs, keeping the rest
//! cargo workshop reset --all     restore every file of exercises/ (asks first)
//! cargo workshop solution <n>    the reference for a step or chapter, as a diff
//! cargo workshop solution <n> --apply   write the reference for it into your files
//! cargo workshop update          after pulling a newer workshop: bring its new stubs into
//!                                exercises/, keeping every line you wrote
//! ```
//!
//! Steps 1 to 4 are the core; chapters (5 and up) come after it, each with its own number, so
//! `cargo workshop hint 5` is chapter 5's hint.
//!
//! `cargo workshop` is an alias in `.cargo/config.toml` for
//! `cargo run -q -p workshop --bin workshop --`. Exit codes: 0 all done (everything started
//! is green), 1 not done yet (or a reset declined), 2 a usage or environment problem. The logic lives in
//! [`workshop::runner`]; this file is the command line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use workshop::runner::progress::{check, Outcome};
use workshop::runner::reset::{self, Scope};
use workshop::runner::update::{self, Change};
use workshop::runner::{hints, report, solution, watch, workspace, RunnerError};
use workshop::steps::{self, Step};

#[derive(Debug, Parser)]
#[command(
    name = "cargo workshop",
    bin_name = "cargo workshop",
    about = "The Mini-Redis workshop's runner: your progress, the current failure, hints and resets.",
    after_help = "Steps 1 to 4 are the core; chapters 5 and up come after it.\nExit codes: 0 everything you started is green, 1 not done yet, 2 a usage or environment problem."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build your exercises, run the step tests in order, show where you are (the default).
    Status,
    /// Re-run on every save under exercises/ (Enter: re-run now, q + Enter: quit).
    Watch,
    /// Show a step's or chapter's hint (default: the current one).
    Hint {
        /// The step or chapter number (`cargo workshop hint 5`: chapter 5).
        step: Option<u8>,
    },
    /// Restore the pristine stubs of one step (your other work stays), or of every file.
    Reset {
        /// The step or chapter whose stubs come back.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        step: Option<u8>,
        /// Restore every file under exercises/ to its pristine stubs.
        #[arg(long)]
        all: bool,
        /// Do not ask for confirmation (needed when not run from a terminal).
        #[arg(long, short)]
        yes: bool,
    },
    /// Show the reference for a step or chapter, as a diff against your code (for when you are
    /// truly stuck).
    Solution {
        /// The step or chapter number.
        step: u8,
        /// Write the reference's code for this step into your files (after a confirmation),
        /// keeping your other steps' work: how an instructor hands out one step.
        #[arg(long)]
        apply: bool,
        /// With --apply: do not ask for confirmation.
        #[arg(long, short, requires = "apply")]
        yes: bool,
    },
    /// After pulling a newer workshop: bring its new stubs and files into exercises/, keeping
    /// every line you wrote (a file that cannot be merged is left alone, its new version beside
    /// it as <file>.workshop-new).
    Update {
        /// Show what would change, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command.unwrap_or(Command::Status)) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<u8, RunnerError> {
    let root = workspace::current_root()?;
    match command {
        Command::Status => status(&root),
        Command::Watch => watch::watch(&root),
        Command::Hint { step } => hint(&root, step),
        Command::Reset { step, all, yes } => {
            let scope = match step {
                Some(number) if !all => Scope::Step(known_step(number)?),
                _ => Scope::All,
            };
            reset_step(&root, scope, yes)
        }
        Command::Solution { step, apply, yes } if apply => {
            apply_solution(&root, known_step(step)?, yes)
        }
        Command::Solution { step, .. } => show_solution(&root, known_step(step)?),
        Command::Update { dry_run } => update_exercises(&root, dry_run),
    }
}

fn known_step(number: u8) -> Result<Step, RunnerError> {
    steps::step(number).ok_or(RunnerError::UnknownStep(number))
}

fn status(root: &Path) -> Result<u8, RunnerError> {
    eprintln!("Building and testing exercises/ ...");
    let result = check(root)?;
    let _ = report::render(
        &result,
        root,
        report::Mode::Once,
        &mut std::io::stdout().lock(),
    );
    Ok(result.outcome.exit_code())
}

fn hint(root: &Path, step: Option<u8>) -> Result<u8, RunnerError> {
    let step = match step {
        Some(number) => known_step(number)?,
        None => {
            eprintln!("Finding your current step: building and testing exercises/ ...");
            match check(root)?.outcome {
                outcome @ Outcome::Ran(_) => match outcome.current().or(outcome.next_chapter()) {
                    Some(run) => run.step,
                    None => {
                        println!(
                            "Every step is done! `cargo workshop hint <n>` shows any step's or \
                             chapter's hint."
                        );
                        return Ok(0);
                    }
                },
                Outcome::DoesNotCompile(error) => {
                    println!(
                        "Your code does not compile ({}), so the current step is unknown.\n\
                         `cargo workshop` shows the error; `cargo workshop hint <step>` shows a \
                         step's hint. The steps:\n{}",
                        error.location.as_deref().unwrap_or("see `cargo workshop`"),
                        workshop::runner::error::step_list()
                    );
                    return Ok(1);
                }
            }
        }
    };
    // Built whole, then written once, ignoring a closed pipe: `cargo workshop hint | head` must
    // not panic.
    let mut text = format!(
        "Hint for {} ({}):\n\n{}\n",
        step.label(),
        step.title,
        hints::hint(step.number).unwrap_or("(no hint written yet)")
    );
    if root.join(step.chapter).is_file() {
        text.push_str(&format!("\nThe chapter: {}\n", step.chapter));
    }
    text.push_str("Each stub also has numbered hints above its todo!().\n");
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
    Ok(0)
}

fn reset_step(root: &Path, scope: Scope, yes: bool) -> Result<u8, RunnerError> {
    let what = match scope {
        Scope::Step(step) => format!("{}'s stubs", step.label()),
        Scope::All => "the stubs of every file".to_string(),
    };
    let resets = reset::plan(root, scope)?;
    if resets.is_empty() {
        println!("Nothing to reset: {what} are already pristine.");
        return Ok(0);
    }
    println!("Reset restores {what} in:");
    for file in &resets {
        println!("  exercises/{}  ({})", file.path.display(), file.what);
    }
    match scope {
        Scope::Step(_) => println!(
            "Your code in those functions becomes todo!() again; everything else in these files \
             (other steps' and chapters' work included) stays."
        ),
        Scope::All => println!("Your code in these files is replaced by the pristine stubs."),
    }
    if !reset::confirm(
        "Reset?",
        yes,
        RunnerError::NeedsConfirmation {
            doing: "resetting",
            what: "restore the stubs",
        },
    )? {
        println!("Nothing changed.");
        return Ok(1);
    }
    reset::apply(root, &resets)?;
    println!(
        "Done: {what} are back ({} file(s)). `cargo workshop` shows where you are now.",
        resets.len()
    );
    Ok(0)
}

fn apply_solution(root: &Path, step: Step, yes: bool) -> Result<u8, RunnerError> {
    let files = reset::plan_towards(root, Scope::Step(step), &reset::reference(root)?)?;
    if files.is_empty() {
        println!("Your {} code is already the reference's.", step.label());
        return Ok(0);
    }
    println!("The reference's {} code goes into:", step.label());
    for file in &files {
        println!("  exercises/{}  ({})", file.path.display(), file.what);
    }
    println!("Your code in those functions is replaced; everything else stays.");
    if !reset::confirm(
        "Apply?",
        yes,
        RunnerError::NeedsConfirmation {
            doing: "applying the solution",
            what: "write the reference into your files",
        },
    )? {
        println!("Nothing changed.");
        return Ok(1);
    }
    reset::apply(root, &files)?;
    println!(
        "Done: {} is the reference's now. `cargo workshop` shows where you are.",
        step.label()
    );
    Ok(0)
}

fn show_solution(root: &Path, step: Step) -> Result<u8, RunnerError> {
    let diff = solution::diff(root, step)?;
    if diff.is_empty() {
        println!(
            "Your {} code is already the reference's, function for function.",
            step.label()
        );
        return Ok(0);
    }
    // One write, errors ignored: a learner piping this into `less` and quitting early is fine.
    let text = format!(
        "The reference for {} ({}), as changes to your code (- yours, + the reference):\n\n\
         {diff}\nReading it is fine; typing it in yourself, and seeing the tests turn green, is \
         how it sticks.\n",
        step.label(),
        step.title
    );
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(0)
}

fn update_exercises(root: &Path, dry_run: bool) -> Result<u8, RunnerError> {
    let updates = update::plan(root)?;
    if updates.is_empty() {
        println!("exercises/ already has every stub of this workshop: nothing to update.");
        return Ok(0);
    }
    let mut conflicts = 0;
    for file in &updates {
        let path = file.path.display();
        match &file.change {
            Change::Added => println!("  new file     exercises/{path}"),
            Change::Merged { new_regions } if new_regions.is_empty() => {
                println!("  updated      exercises/{path} (your code kept)")
            }
            Change::Merged { new_regions } => println!(
                "  new stubs    exercises/{path}: {} (your code kept)",
                new_regions.join(", ")
            ),
            Change::Conflict { reason } => {
                conflicts += 1;
                println!(
                    "  left alone   exercises/{path}: {reason}; the new version goes to \
                     exercises/{}, merge it by hand",
                    file.written_to().display()
                );
            }
        }
    }
    if dry_run {
        println!("(dry run: nothing written)");
        return Ok(0);
    }
    update::apply(root, &updates)?;
    println!(
        "Done: {} file(s) written under exercises/; not a line of yours was dropped.",
        updates.len()
    );
    Ok(u8::from(conflicts > 0))
}
