//! `cargo workshop watch`: a check on every save, the tightest feedback loop.
//!
//! Three sources of triggers feed one channel, so the loop below is a plain `recv`:
//! - the file watcher (`notify`, debounced: an editor's save is several events, we want one run);
//! - the keyboard: Enter re-runs now, `q` + Enter quits. This is also the fallback where
//!   watching fails or never fires (some network, container or WSL file systems);
//! - nothing else: Ctrl-C keeps its default meaning and stops the runner and its cargo at once,
//!   and as we never change the terminal's mode there is nothing to restore.
//!
//! A watcher event alone does not start a run: we compare the sources (every `Cargo.toml` and
//! `.rs` file of the tree) with what the last run saw, and run if one was saved since: its
//! modification time or its contents differ. A save re-runs even when it changed nothing, as a
//! learner expects of a save; editors' swap files and backups, and the reads of our own build,
//! change no source and start nothing.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Sender};
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use crate::stubs;

use super::progress::check;
use super::report::{render, Mode};
use super::RunnerError;

/// How long the file watcher waits for a burst of events to settle.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Why the loop woke up.
enum Trigger {
    /// The watcher saw something under `exercises/`.
    FilesTouched,
    /// The watcher reported an error.
    WatchError(String),
    /// Enter was pressed.
    Rerun,
    /// `q` was typed.
    Quit,
    /// Standard input ended: no more Enter or `q`.
    KeyboardClosed,
}

/// Runs a check now and after every change, until `q`. Returns the exit code (0).
pub fn watch(root: &Path) -> Result<u8, RunnerError> {
    let exercises = root.join("exercises");
    let (sender, triggers) = channel();
    spawn_keyboard(sender.clone());
    // Keep the debouncer alive for as long as we watch: dropping it stops the watching.
    let watcher = start_watcher(&exercises, sender);
    let watching = watcher.is_ok();
    let mut seen = sources(&exercises);
    let mut reason = String::from("first run");
    let clear = std::io::stdout().is_terminal();

    let mut run = 0;
    loop {
        run += 1;
        if clear {
            // Clear the screen and go home, so each run starts at the top like a dashboard.
            print!("\x1b[2J\x1b[H");
        }
        println!("── cargo workshop watch: run {run} ({reason}) ──\n");
        let result = check(root)?;
        let mut out = std::io::stdout().lock();
        let mode = if watching {
            Mode::Watching
        } else {
            Mode::EnterReruns
        };
        let _ = render(&result, root, mode, &mut out);
        if let Err(error) = &watcher {
            let _ = writeln!(out, "\nCannot watch files here ({error}).");
        }
        let _ = writeln!(
            out,
            "\n{}Enter: re-run now · q + Enter: quit",
            if watching {
                "Watching exercises/: save a file to re-run · "
            } else {
                ""
            }
        );
        let _ = out.flush();
        drop(out);

        reason = loop {
            match triggers.recv() {
                Ok(Trigger::Quit) => {
                    println!("Bye. `cargo workshop` shows where you are at any time.");
                    return Ok(0);
                }
                Ok(Trigger::Rerun) => break String::from("Enter pressed"),
                Ok(Trigger::FilesTouched) => {
                    let now = sources(&exercises);
                    let saved = saved_files(&seen, &now);
                    seen = now;
                    if !saved.is_empty() {
                        break format!("{} saved", saved.join(", "));
                    }
                }
                Ok(Trigger::WatchError(error)) => {
                    println!("(file watching reported a problem: {error}; Enter still re-runs)");
                }
                Ok(Trigger::KeyboardClosed) if !watching => {
                    return Err(RunnerError::CannotWatch(
                        "standard input is closed".to_string(),
                    ));
                }
                // Without a keyboard, the watcher alone still triggers runs (Ctrl-C stops).
                Ok(Trigger::KeyboardClosed) => {}
                Err(_) => {
                    // Every sender is gone: no watcher and no keyboard.
                    return Err(RunnerError::CannotWatch(
                        "neither the watcher nor the keyboard is left".to_string(),
                    ));
                }
            }
        };
    }
}

/// One source file as a run saw it: when it was last written, and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Source {
    modified: Option<SystemTime>,
    text: String,
}

/// The sources a build reads (every `Cargo.toml` and `src/**.rs` of the tree), to tell a save
/// from an event that wrote no source.
fn sources(exercises: &Path) -> BTreeMap<PathBuf, Source> {
    stubs::read_tree(exercises)
        .unwrap_or_default()
        .into_iter()
        .map(|(path, text)| {
            let modified = std::fs::metadata(exercises.join(&path))
                .and_then(|metadata| metadata.modified())
                .ok();
            (path, Source { modified, text })
        })
        .collect()
}

/// `exercises/…` paths written (saved, created or deleted) between two snapshots.
fn saved_files(
    before: &BTreeMap<PathBuf, Source>,
    after: &BTreeMap<PathBuf, Source>,
) -> Vec<String> {
    let mut paths: Vec<&PathBuf> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|path| before.get(*path) != after.get(*path))
        .map(|path| format!("exercises/{}", path.display()))
        .collect()
}

fn start_watcher(
    exercises: &Path,
    sender: Sender<Trigger>,
) -> Result<
    notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    String,
> {
    let mut debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| {
        let trigger = match result {
            Ok(_) => Trigger::FilesTouched,
            Err(error) => Trigger::WatchError(error.to_string()),
        };
        let _ = sender.send(trigger);
    })
    .map_err(|error| error.to_string())?;
    debouncer
        .watcher()
        .watch(exercises, RecursiveMode::Recursive)
        .map_err(|error| error.to_string())?;
    Ok(debouncer)
}

/// Reads lines from standard input on a thread of its own, so the loop can wait on one channel.
fn spawn_keyboard(sender: Sender<Trigger>) {
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            let trigger = match line.trim() {
                "q" | "quit" | "exit" => Trigger::Quit,
                _ => Trigger::Rerun,
            };
            let quit = matches!(trigger, Trigger::Quit);
            if sender.send(trigger).is_err() || quit {
                return;
            }
        }
        let _ = sender.send(Trigger::KeyboardClosed);
    });
}
