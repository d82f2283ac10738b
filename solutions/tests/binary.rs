//! The reference binary as a user meets it: flags, errors, `redis-cli`, Ctrl-C.

use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use predicates::prelude::*;
use testkit::process::ServerProcess;

/// The reference binary on a free port, killed when dropped.
fn start() -> ServerProcess {
    ServerProcess::start("solutions", |port| {
        let mut command = Command::new(cargo_bin("solutions"));
        command.args(["--port", &port.to_string()]);
        command
    })
}

#[test]
fn help_describes_the_flags() {
    assert_cmd::Command::cargo_bin("solutions")
        .expect("binary")
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("--port").and(predicate::str::contains("--bind")))
        .stdout(predicate::str::contains("16379"));
}

#[test]
fn a_bad_flag_is_a_one_line_error() {
    assert_cmd::Command::cargo_bin("solutions")
        .expect("binary")
        .arg("--nope")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument '--nope'"))
        .stderr(predicate::function(|err: &str| err.lines().count() == 1))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_port_in_use_is_a_one_line_error() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    assert_cmd::Command::cargo_bin("solutions")
        .expect("binary")
        .args(["--port", &port.to_string()])
        .timeout(Duration::from_secs(10))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "cannot listen on 127.0.0.1:{port}"
        )))
        .stderr(predicate::function(|err: &str| err.lines().count() == 1))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn redis_cli_talks_to_the_binary() {
    let server = start();
    let port = server.port();
    let cli = |args: &[&str]| {
        Command::new("redis-cli")
            .args(["-p", &port.to_string()])
            .args(args)
            .output()
            .expect("redis-cli is installed (apt-get install redis-tools)")
    };
    let ping = cli(&["PING"]);
    assert_eq!(
        String::from_utf8_lossy(&ping.stdout),
        "PONG\n",
        "redis-cli -p {port} PING"
    );
    assert_eq!(
        String::from_utf8_lossy(&cli(&["SET", "greeting", "hello world"]).stdout),
        "OK\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&cli(&["GET", "greeting"]).stdout),
        "hello world\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&cli(&["INCR", "visits"]).stdout),
        "1\n"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut server = start();
    let _client = TcpStream::connect(server.addr).expect("connect");
    let pid = server.child().id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill -INT");
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child().try_wait().expect("wait") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server did not stop after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        status.success(),
        "after Ctrl-C the server exits with code 0, got {status}"
    );
}
