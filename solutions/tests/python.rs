//! redis-py, the most used Python client, against the reference server and real Redis.
//!
//! `pip install redis` installs redis-py 8, which speaks RESP3 by default: a plain
//! `redis.Redis(port=...)` sends `HELLO 3` on connect and cannot fall back to RESP2. This test
//! starts our binary and a real `redis-server`, and runs `tests/python/smoke.py` against both:
//! SET, GET, INCR, EXPIRE, TTL, a non-transactional pipeline and INFO, with `redis.Redis()` and
//! with `protocol=2`. All four runs must give the same results.
//!
//! Python with redis-py 8 is found as `$MINI_REDIS_PYTHON`, then the virtual environment that
//! `.ci/run` makes (`target/python-venv`), then `python3` on the PATH. Without it the test says
//! how to install it and passes, except under CI (`$CI` set), where it fails: CI installs it.
//!
//! Run it with: `cargo test -p solutions --test python`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use testkit::process::{start_redis_server, ServerProcess};

/// The workspace root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("solutions/ is in the workspace")
}

/// The longest the script may take: it runs about a hundred commands.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);

/// Python with redis-py 8, or `None` after saying how to install it (outside CI, where it must
/// be there).
fn python() -> Option<PathBuf> {
    testkit::python::python_or_skip(root(), "this test").unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn redis_py_gets_the_same_results_from_both_servers_in_both_protocols() {
    let Some(python) = python() else {
        return;
    };
    let redis = start_redis_server(&[]);
    let ours = ServerProcess::start("solutions", |port| {
        let mut command = Command::new(cargo_bin("solutions"));
        command.args(["--port", &port.to_string()]);
        command
    });
    let script = root().join("tests/python/smoke.py");
    let args = [
        format!("redis={}", redis.port()),
        format!("ours={}", ours.port()),
    ];
    let stdout = testkit::python::run_script_with(&python, &script, &args, SCRIPT_TIMEOUT).await;
    println!("{stdout}");
    assert!(
        stdout.contains("4 runs agree"),
        "the script must compare four runs:\n{stdout}"
    );
}

/// Every tutorial example (`tests/python/tutorial_*.py`) prints against real Redis 7 exactly what
/// its `.expected` file says, and the reference server prints the same. The chapters' step tests
/// compare a learner's server with those files, so this keeps them true to Redis.
///
/// `MINI_REDIS_BLESS=1 cargo test -p solutions --test python` writes each `.expected` anew from
/// real Redis, for a new or changed example (then read the diff).
#[tokio::test]
async fn tutorial_examples_print_what_they_print_against_real_redis() {
    let Some(python) = python() else {
        return;
    };
    let bless = std::env::var_os("MINI_REDIS_BLESS").is_some();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(root().join("tests/python"))
        .expect("tests/python")
        .map(|entry| entry.expect("an entry of tests/python").path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "py")
                && path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with("tutorial_"))
        })
        .collect();
    scripts.sort();
    let mut problems = Vec::new();
    for script in &scripts {
        // A fresh pair of servers per example: each starts from empty databases.
        let redis = start_redis_server(&[]);
        let ours = ServerProcess::start("solutions", |port| {
            let mut command = Command::new(cargo_bin("solutions"));
            command.args(["--port", &port.to_string()]);
            command
        });
        let expected_path = script.with_extension("expected");
        let mut outputs = Vec::new();
        for (server, port) in [("real Redis 7", redis.port()), ("ours", ours.port())] {
            let args = [port.to_string()];
            let run = testkit::python::run_script_with(&python, script, &args, SCRIPT_TIMEOUT);
            match run.outcome().await {
                Ok(stdout) => outputs.push(stdout),
                Err(failure) => {
                    problems.push(format!("against {server}: {failure}"));
                    outputs.push(String::new());
                }
            }
        }
        if bless {
            std::fs::write(&expected_path, &outputs[0]).expect("write the .expected file");
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|error| {
            panic!(
                "{}: {error} (MINI_REDIS_BLESS=1 writes it)",
                expected_path.display()
            )
        });
        for (server, output) in ["real Redis 7", "ours"].iter().zip(&outputs) {
            if *output != expected {
                problems.push(format!(
                    "{} against {server} differs from {}: {}",
                    script.display(),
                    expected_path.display(),
                    testkit::python::first_difference(&expected, output)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
