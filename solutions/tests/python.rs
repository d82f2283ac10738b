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
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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

/// A Python that has redis-py 8 or later, if there is one.
fn python_with_redis_py() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(python) = std::env::var_os("MINI_REDIS_PYTHON") {
        candidates.push(python.into());
    }
    candidates.push(root().join("target/python-venv/bin/python"));
    candidates.push("python3".into());
    let check =
        "import sys, redis; sys.exit(0 if int(redis.__version__.split('.')[0]) >= 8 else 1)";
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", check])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// Runs `command` to its end, or kills it after `timeout`.
fn run_with_timeout(command: &mut Command, timeout: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start python");
    let started = Instant::now();
    while child.try_wait().expect("wait for python").is_none() {
        if started.elapsed() > timeout {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("python's output")
}

#[test]
fn redis_py_gets_the_same_results_from_both_servers_in_both_protocols() {
    let Some(python) = python_with_redis_py() else {
        let how =
            "python3 -m venv target/python-venv && target/python-venv/bin/pip install 'redis>=8'";
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Python with redis-py 8 (.ci/run installs it): none found"
        );
        eprintln!("SKIPPED: no Python with redis-py 8 found; to run this test: {how}");
        return;
    };
    let redis = start_redis_server(&[]);
    let ours = ServerProcess::start("solutions", |port| {
        let mut command = Command::new(cargo_bin("solutions"));
        command.args(["--port", &port.to_string()]);
        command
    });
    let script = root().join("tests/python/smoke.py");
    let output = run_with_timeout(
        Command::new(&python)
            .arg(&script)
            .arg(format!("redis={}", redis.port()))
            .arg(format!("ours={}", ours.port())),
        SCRIPT_TIMEOUT,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "{} {} failed ({}):\n{stdout}\n{stderr}",
        python.display(),
        script.display(),
        output.status
    );
    assert!(
        stdout.contains("4 runs agree"),
        "the script must compare four runs:\n{stdout}"
    );
}
