//! The tutorials' Python examples, run as their readers run them: redis-py 8, default settings.
//!
//! Every chapter ends with the examples of the tutorials this workshop grew from, unchanged. Each
//! lives in `tests/python/tutorial_<name>.py`: it takes a port, runs the example against that
//! server, and prints what the example prints (results that vary from run to run, such as
//! random members, are sorted or reduced by the script). Beside it, `tutorial_<name>.expected`
//! holds what the script prints against a real Redis 7, and `solutions/tests/python.rs` checks,
//! in CI, that real Redis still prints exactly that. A chapter's step test runs the script
//! against the learner's own server and compares with the same file, so a learner needs Python
//! and redis-py but not Redis itself.
//!
//! Python is found as `$MINI_REDIS_PYTHON`, then the virtual environment that `.ci/run` makes
//! (`target/python-venv`), then `python3` on the `PATH`; it must have redis-py 8 or later.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::{take_server_panic, Checked};

/// How to get a Python that [`python_with_redis_py`] finds, for messages.
pub const HOW_TO_INSTALL: &str =
    "python3 -m venv target/python-venv && target/python-venv/bin/pip install 'redis>=8,<9'";

/// The longest one tutorial script may run: they take about a second, most of it Python's start.
pub const SCRIPT_TIMEOUT: Duration = Duration::from_secs(8);

/// A Python with redis-py 8 or later, if this machine has one. `root` is the workspace root, where
/// `.ci/run` makes `target/python-venv`.
pub fn python_with_redis_py(root: &Path) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(python) = std::env::var_os("MINI_REDIS_PYTHON") {
        candidates.push(python.into());
    }
    candidates.push(root.join("target/python-venv/bin/python"));
    candidates.push("python3".into());
    let check =
        "import sys, redis; sys.exit(0 if int(redis.__version__.split('.')[0]) >= 8 else 1)";
    candidates.into_iter().find(|python| {
        std::process::Command::new(python)
            .args(["-c", check])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// Whether this is a CI run (`$CI` set), where a missing Python is a failure, not a skip.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// [`python_with_redis_py`], or, when there is none: an error in CI (which installs it), and
/// elsewhere `None` after saying on stderr that `what` did not run and how to install it.
pub fn python_or_skip(root: &Path, what: &str) -> Result<Option<PathBuf>, String> {
    if let Some(python) = python_with_redis_py(root) {
        return Ok(Some(python));
    }
    if in_ci() {
        return Err("CI must have Python with redis-py 8 (.ci/run installs it): none found".into());
    }
    eprintln!("SKIPPED: no Python with redis-py 8 found, so {what} did not run; to run it: {HOW_TO_INSTALL}");
    Ok(None)
}

/// Runs `python script port` and gives its standard output, or fails: when the script exits
/// with an error, runs past [`SCRIPT_TIMEOUT`], or when a server task on this thread panicked
/// meanwhile (a stub's `todo!()`: the failure names it, and the script is stopped at once rather
/// than left to retry against a server that cannot answer).
pub fn run_script(python: &Path, script: &Path, port: u16) -> Checked<'static, String> {
    run_script_with(python, script, &[port.to_string()], SCRIPT_TIMEOUT)
}

/// [`run_script`] with any arguments and time limit: `solutions/tests/python.rs` runs its
/// scripts against two servers at once.
pub fn run_script_with(
    python: &Path,
    script: &Path,
    args: &[String],
    timeout: Duration,
) -> Checked<'static, String> {
    let mut command = tokio::process::Command::new(python);
    command
        .arg(script)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let shown = format!(
        "{} {} {}",
        python.display(),
        script.display(),
        args.join(" ")
    );
    Checked::new(async move {
        let child = command
            .spawn()
            .map_err(|error| format!("could not start `{shown}`: {error}"))?;
        let started = Instant::now();
        let output = child.wait_with_output();
        tokio::pin!(output);
        loop {
            tokio::select! {
                output = &mut output => {
                    let output = output.map_err(|error| format!("`{shown}`: {error}"))?;
                    if let Some(panic) = take_server_panic() {
                        return Err(format!("the server panicked while `{shown}` ran: {panic}"));
                    }
                    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
                    if !output.status.success() {
                        let stderr = String::from_utf8_lossy(&output.stderr);
                        return Err(format!(
                            "`{shown}` failed ({}):\n{stdout}\n{stderr}",
                            output.status
                        ));
                    }
                    return Ok(stdout);
                }
                _ = tokio::time::sleep(Duration::from_millis(20)) => {
                    if let Some(panic) = take_server_panic() {
                        return Err(format!("the server panicked while `{shown}` ran: {panic}"));
                    }
                    if started.elapsed() > timeout {
                        return Err(format!("`{shown}` still runs after {timeout:?}"));
                    }
                }
            }
        }
    })
}

/// The lines where `got` and `expected` first differ, for a failure message.
pub fn first_difference(expected: &str, got: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut got_lines = got.lines();
    for line in 1.. {
        match (expected_lines.next(), got_lines.next()) {
            (None, None) => break,
            (want, have) if want == have => continue,
            (want, have) => {
                return format!(
                    "line {line}:\n  real Redis 7: {}\n  this server:  {}",
                    want.unwrap_or("(nothing more)"),
                    have.unwrap_or("(nothing more)")
                )
            }
        }
    }
    "no difference".to_string()
}
