//! `cargo workshop`: the learner's runner. Where am I, what fails, what next?
//!
//! ```text
//! cargo workshop                 build, run the step tests in order, show progress (= status)
//! cargo workshop watch           the same on every save under exercises/ (q + Enter quits)
//! cargo workshop hint [step]     a step's hint (default: the current step)
//! cargo workshop reset <step>    restore that step's stubs, keeping the rest (asks first)
//! cargo workshop reset --all     restore every file of exercises/ (asks first)
//! cargo workshop solution <step> the reference for a step, as a diff against your code
//! cargo workshop solution <step> --apply   write the reference for that step into your files
//! ```
//!
//! `cargo workshop` is an alias in `.cargo/config.toml` for
//! `cargo run -q -p workshop --bin workshop --`. Exit codes: 0 all done, 1 not done yet (or a
//! reset declined), 2 a usage or environment problem. The logic lives in
//! [`workshop::runner`]; this file is the command line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use workshop::runner::progress::{check, Outcome};
use workshop::runner::reset::{self, Scope};
use workshop::runner::{hints, report, solution, watch, workspace, RunnerError};
use workshop::steps::{self, Step};

#[derive(Debug, Parser)]
#[command(
    name = "cargo workshop",
    bin_name = "cargo workshop",
    about = "The Mini-Redis workshop's runner: your progress, the current failure, hints and resets.",
    after_help = "Exit codes: 0 all steps done, 1 not done yet, 2 a usage or environment problem."
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
    /// Show a step's hint (default: the current step).
    Hint {
        /// The step number (1 to 4).
        step: Option<u8>,
    },
    /// Restore the pristine stubs of one step (your other work stays), or of every file.
    Reset {
        /// The step whose stubs come back.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        step: Option<u8>,
        /// Restore every file under exercises/ to its pristine stubs.
        #[arg(long)]
        all: bool,
        /// Do not ask for confirmation (needed when not run from a terminal).
        #[arg(long, short)]
        yes: bool,
    },
    /// Show the reference for a step, as a diff against your code (for when you are truly stuck).
    Solution {
        /// The step number (1 to 4).
        step: u8,
        /// Write the reference's code for this step into your files (after a confirmation),
        /// keeping your other steps' work: how an instructor hands out one step.
        #[arg(long)]
        apply: bool,
        /// With --apply: do not ask for confirmation.
        #[arg(long, short, requires = "apply")]
        yes: bool,
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
                outcome @ Outcome::Ran(_) => match outcome.current() {
                    Some(run) => run.step,
                    None => {
                        println!(
                            "Every step is done! `cargo workshop hint <step>` shows any step's hint."
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
        "Hint for step {} ({}):\n\n{}\n",
        step.number,
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
        Scope::Step(step) => format!("step {}'s stubs", step.number),
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
             (other steps' work included) stays."
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
        println!("Your step {} code is already the reference's.", step.number);
        return Ok(0);
    }
    println!("The reference's step {} code goes into:", step.number);
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
        "Done: step {} is the reference's now. `cargo workshop` shows where you are.",
        step.number
    );
    Ok(0)
}

fn show_solution(root: &Path, step: Step) -> Result<u8, RunnerError> {
    let diff = solution::diff(root, step)?;
    if diff.is_empty() {
        println!(
            "Your step {} code is already the reference's, function for function.",
            step.number
        );
        return Ok(0);
    }
    // One write, errors ignored: a learner piping this into `less` and quitting early is fine.
    let text = format!(
        "The reference for step {} ({}), as changes to your code (- yours, + the reference):\n\n\
         {diff}\nReading it is fine; typing it in yourself, and seeing the tests turn green, is \
         how it sticks.\n",
        step.number, step.title
    );
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(0)
}
