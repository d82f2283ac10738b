//! `cargo workshop`, driven the way a learner drives it.
//!
//! Each test runs the runner binary inside a small workshop made by `trees::prepare_tree` under
//! `target/workshop-trees/` (plus a copy of `solutions/`, which `reset` and `solution` read):
//! - `runner-pristine`: a fresh clone, every step a stub, where a learner then writes step 1;
//! - `runner-solved`: the solutions copied over the exercises (steps 1..=4 solved);
//! - `runner-reset`: the same, for the resets, which write.
//!
//! The trees share one target directory with the cumulative check, so the dependencies compile
//! once. Cargo names the tree crates' artifacts the same in every tree (their paths inside their
//! workspace are the same), so a tree must be rebuilt after another one was built: the tests
//! that build hold [`BUILDS`] from preparing their tree to their last run, and `prepare_tree`
//! rewrites every file, which makes cargo rebuild.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

use workshop::steps::STEPS;
use workshop::stubs;
use workshop::trees::{prepare_tree, prepare_tree_with, workspace_root};

/// Held by the tests that build a tree, from `prepare_tree` to their last build.
static BUILDS: Mutex<()> = Mutex::new(());

/// The runner binary, as cargo built it for these tests.
const RUNNER: &str = env!("CARGO_BIN_EXE_workshop");

fn trees() -> PathBuf {
    workspace_root().join("target/workshop-trees")
}

/// A workshop at `target/workshop-trees/<name>` with steps `1..=solved` solved, and `solutions/`.
fn tree(name: &str, solved: u8) -> PathBuf {
    let root = workspace_root();
    let dest = trees().join(name);
    prepare_tree(&root, &dest, solved).unwrap_or_else(|error| panic!("tree {name}: {error}"));
    let solutions = stubs::read_solutions(&root.join("solutions")).expect("read solutions/");
    let _ = std::fs::remove_dir_all(dest.join("solutions"));
    stubs::write_tree(&dest.join("solutions"), &solutions).expect("copy solutions/");
    dest
}

/// The lines of chapter 0's transcript of `cargo workshop` on a fresh clone: the `text` block
/// that starts with the progress line, up to the line `...` where the chapter cuts it short.
fn chapter_0_transcript() -> Vec<String> {
    let path = workspace_root().join("docs/src/00-introduction.md");
    let chapter = std::fs::read_to_string(&path).expect("read chapter 0");
    let start = chapter
        .find("```text\nMini-Redis workshop: step 1/4")
        .expect("chapter 0 shows `cargo workshop` on a fresh clone in a ```text block");
    chapter[start..]
        .lines()
        .skip(1)
        .take_while(|line| !line.starts_with("```") && line.trim() != "...")
        .map(str::to_string)
        .collect()
}

/// The runner, run in `dir`.
fn workshop(dir: &Path) -> Command {
    let mut command = Command::new(RUNNER);
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", trees().join("target"))
        .env_remove("RUST_BACKTRACE");
    command
}

fn generated(solved: u8) -> stubs::Files {
    let solutions = stubs::read_solutions(&workspace_root().join("solutions")).expect("solutions");
    stubs::generate(&solutions, solved).expect("generate")
}

/// Byte-for-byte equality of two trees, naming the files that differ.
fn assert_same(actual: &stubs::Files, expected: &stubs::Files, what: &str) {
    let mut differ: Vec<String> = expected
        .iter()
        .filter(|(path, text)| actual.get(*path) != Some(*text))
        .map(|(path, _)| path.display().to_string())
        .collect();
    differ.extend(
        actual
            .keys()
            .filter(|path| !expected.contains_key(*path))
            .map(|path| format!("{} (extra)", path.display())),
    );
    assert!(differ.is_empty(), "{what}; these files differ: {differ:?}");
}

#[test]
fn a_fresh_clone_is_at_step_1_with_its_first_failure_and_hint() {
    let _builds = BUILDS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let tree = tree("runner-pristine", 0);
    // The runner points at the stub's marker line: find it, rather than hard-code a number
    // that any edit above it would change.
    let listener = std::fs::read_to_string(tree.join("exercises/server/src/listener.rs"))
        .expect("read listener.rs");
    let marker_line = 1 + listener
        .lines()
        .position(|line| line.contains("// @step 1: Server::bind"))
        .expect("Server::bind's marker");
    let stub_at = format!("The stub to write: exercises/server/src/listener.rs:{marker_line}");

    // From a subdirectory, as learners do: the runner finds the workshop above.
    let run = workshop(&tree.join("exercises/server/src"))
        .assert()
        .code(1);
    // Chapter 0 shows this very screen, cut at a `...` line: it must be what the runner prints.
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    let transcript = chapter_0_transcript();
    let printed: Vec<&str> = stdout.lines().take(transcript.len()).collect();
    assert_eq!(
        printed, transcript,
        "docs/src/00-introduction.md shows `cargo workshop` on a fresh clone; the runner prints \
         something else now. Copy its output into the chapter:\n{stdout}"
    );
    run.stdout(
        predicate::str::contains("step 1/4, TCP server")
            .and(predicate::str::contains("0/10 tests  <- you are here"))
            .and(predicate::str::contains("❌ step 4"))
            .and(predicate::str::contains(
                "first failing test: bind_to_port_zero_gives_a_real_port",
            ))
            .and(predicate::str::contains(
                "not yet implemented: step 1: Server::bind — open the listening socket",
            ))
            .and(predicate::str::contains(stub_at))
            .and(predicate::str::contains("Hint for step 1 (TCP server)"))
            // One failure only: nothing of the later steps' failures, no backtrace.
            .and(predicate::str::contains("step 2:").not())
            .and(predicate::str::contains("stack backtrace").not())
            .and(predicate::str::contains("✅").not()),
    );

    // `hint` without a step is the current step's.
    workshop(&tree)
        .arg("hint")
        .assert()
        .success()
        .stdout(predicate::str::contains("Hint for step 1 (TCP server)"));

    // `solution 1` diffs the stubs against the reference, in step 1's regions only.
    workshop(&tree)
        .args(["solution", "1"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("--- exercises/server/src/listener.rs")
                .and(predicate::str::contains(
                    "+++ solutions/server/src/listener.rs",
                ))
                .and(predicate::str::contains(
                    "-        todo!(\"step 1: Server::bind — open the listening socket\")",
                ))
                .and(predicate::str::contains(
                    "+        let listener = TcpListener::bind",
                ))
                .and(predicate::str::contains("step 2:").not()),
        );

    // Then the learner walks step 1, in this same tree: its build is this one plus the server
    // crate, where a tree of its own would be a build of every crate again.
    the_runner_names_step_1s_stubs_in_the_order_chapter_1_gives(&tree);
}

/// A learner writes step 1's stubs in the order chapter 1 gives, in the pristine tree `dir`.
fn the_runner_names_step_1s_stubs_in_the_order_chapter_1_gives(dir: &Path) {
    let step = STEPS[0];
    let order = chapter_order(step.chapter);
    let regions = stubs::regions(&stubs::read_solutions(&dir.join("solutions")).expect("read"))
        .expect("the markers");
    assert_eq!(
        order.len(),
        regions
            .iter()
            .filter(|region| region.step == step.number)
            .count(),
        "{} must list each of step {}'s stubs once, in the order to write them: {order:?}",
        step.chapter,
        step.number
    );
    // A learner writes the stubs in the chapter's order; each time, the runner must name the
    // next one, or the chapter and the runner send them two ways.
    for name in &order {
        let output = workshop(dir).output().expect("run the runner");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            named_stub(dir, &stdout).as_deref(),
            Some(name.as_str()),
            "{} says to write `{name}` next, but the runner names another stub:\n{stdout}",
            step.chapter
        );
        solve(dir, name);
    }
    workshop(dir)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("step 2/4").and(predicate::str::contains("✅ step 1")));
}

/// The stubs a chapter's "What you implement" lists (`- **`Name` — what it does.**`), in order.
fn chapter_order(chapter: &str) -> Vec<String> {
    let text = std::fs::read_to_string(workspace_root().join(chapter)).expect("read the chapter");
    let section = text
        .split("\n## ")
        .find(|section| section.starts_with("What you implement"))
        .unwrap_or_else(|| panic!("{chapter} has no \"## What you implement\""));
    section
        .lines()
        .filter_map(|line| line.strip_prefix("- **`"))
        .filter_map(|rest| rest.split_once("` — ").map(|(name, _)| name.to_string()))
        .collect()
}

/// The stub the runner names (`The stub to write: exercises/<file>:<line>`), by the name in its
/// marker.
fn named_stub(dir: &Path, stdout: &str) -> Option<String> {
    let place = stdout
        .lines()
        .find_map(|line| line.strip_prefix("The stub to write: "))?;
    let place = place.split(' ').next()?;
    let (file, line) = place.rsplit_once(':')?;
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    let marker = text.lines().nth(line.parse::<usize>().ok()? - 1)?;
    let (_, description) = stubs::marker_of(marker)?;
    Some(description.split(" — ").next()?.to_string())
}

/// Writes the reference's body of stub `name` into the learner's file, as a learner would.
fn solve(dir: &Path, name: &str) {
    let solutions = stubs::read_solutions(&dir.join("solutions")).expect("read solutions/");
    let prefix = format!("{name} — ");
    for (path, reference) in &solutions {
        let reference_lines: Vec<&str> = reference.lines().collect();
        let Some(at) = reference_lines.iter().position(|line| {
            stubs::marker_of(line).is_some_and(|(_, text)| text.starts_with(&prefix))
        }) else {
            continue;
        };
        let file = dir.join("exercises").join(path);
        let mine = std::fs::read_to_string(&file).expect("read the learner's file");
        let mut lines: Vec<&str> = mine.lines().collect();
        let here = lines
            .iter()
            .position(|line| line.trim() == reference_lines[at].trim())
            .expect("the marker in the learner's file");
        let theirs = stubs::body_after_marker(&reference_lines, at).expect("reference body");
        let ours = stubs::body_after_marker(&lines, here).expect("stub body");
        lines.splice(
            ours.start..ours.end,
            reference_lines[theirs.start..theirs.end].iter().copied(),
        );
        std::fs::write(&file, format!("{}\n", lines.join("\n"))).expect("write");
        return;
    }
    panic!("no stub `{name}` in solutions/");
}

#[test]
fn a_solved_tree_is_all_green_and_watch_reruns_on_save() {
    let _builds = BUILDS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let tree = tree("runner-solved", u8::MAX);

    workshop(&tree).assert().code(0).stdout(
        predicate::str::contains("step 4/4, all steps done!")
            .and(predicate::str::contains("✅ step 1"))
            .and(predicate::str::contains("✅ step 4"))
            .and(predicate::str::contains("✅ chapter 5"))
            .and(predicate::str::contains("❌").not()),
    );

    // Only the core solved: the core is done, chapter 5 is not started (its stubs are
    // pristine, so its red tests do not count) and is named as next; exit 0. Every chapter is
    // back to its stubs: the later ones need chapter 5, and their tests cannot pass without it.
    // One generation of the tree does what a `reset` per chapter did (each generates the
    // pristine tree: `reset_restores_the_pristine_stubs_region_by_region` tests them), and
    // writes only the chapters' files, so cargo rebuilds only what they touch.
    let core_only = |step| step <= workshop::steps::last_core();
    prepare_tree_with(&workspace_root(), &tree, &core_only).expect("the core-only tree");
    workshop(&tree).assert().code(0).stdout(
        predicate::str::contains("the core is done! Next: chapter 5, RESP3")
            .and(predicate::str::contains("chapter 5   RESP3"))
            .and(predicate::str::contains(
                "not started (30 min; needs the core)",
            ))
            .and(predicate::str::contains("❌").not()),
    );
    // A chapter started and red: in progress, and the current thing to do; exit 1.
    let resp3 = tree.join("exercises/resp/src/resp3.rs");
    let stub = std::fs::read_to_string(&resp3).expect("read resp3.rs");
    let started = stub.replacen(
        "        todo!(\"step 5:",
        "        let _started = 1;\n        todo!(\"step 5:",
        1,
    );
    assert_ne!(started, stub, "resp3.rs has its step 5 stub");
    std::fs::write(&resp3, &started).expect("start chapter 5");
    workshop(&tree).assert().code(1).stdout(
        predicate::str::contains("chapter 5, RESP3, is in progress")
            .and(predicate::str::contains("in progress  <- you are here"))
            .and(predicate::str::contains("Chapter 5, first failing test:")),
    );
    workshop(&tree)
        .args(["solution", "5", "--apply", "--yes"])
        .assert()
        .success();

    // Watch: a first run; a save that changes nothing runs again (a learner who saves expects
    // a run); a save that breaks the build gives a run showing the compiler's error; `q` quits
    // cleanly. While watching, nothing says to run `cargo workshop` again.
    let lib = tree.join("exercises/resp/src/lib.rs");
    let original = std::fs::read_to_string(&lib).expect("read resp's lib.rs");
    let mut watch = Watch::start(&tree);
    watch.wait_for("save a file to re-run", 1);
    std::fs::write(&lib, &original).expect("save resp's lib.rs unchanged");
    watch.wait_for("run 2 (exercises/resp/src/lib.rs saved)", 1);
    watch.wait_for("save a file to re-run", 2);
    std::fs::write(
        &lib,
        format!("{original}\npub fn broken() -> u8 {{\n    \"not a number\"\n}}\n"),
    )
    .expect("edit resp's lib.rs");
    watch.wait_for("run 3 (exercises/resp/src/lib.rs saved)", 1);
    watch.wait_for("save a file to re-run", 3);
    assert!(
        watch
            .output
            .contains("Your code does not compile (exercises/resp/src/lib.rs:"),
        "the third run shows the compile error:\n{}",
        watch.output
    );
    assert!(
        watch
            .output
            .contains("then save: this screen runs again by itself")
            && !watch.output.contains("`cargo workshop` again"),
        "while watching, a save is what runs again:\n{}",
        watch.output
    );
    watch.quit();

    // Without watch, the same error, and "not done yet".
    workshop(&tree).assert().code(1).stdout(
        predicate::str::contains("Your code does not compile (exercises/resp/src/lib.rs:")
            .and(predicate::str::contains("mismatched types"))
            .and(predicate::str::contains(
                "Fix this error in exercises/resp/src/lib.rs",
            )),
    );
    std::fs::write(&lib, original).expect("restore resp's lib.rs");
}

#[test]
fn reset_restores_the_pristine_stubs_region_by_region() {
    // No build here, so no need for BUILDS: resets only read and write sources.
    let tree = tree("runner-reset", 4);
    let read = |dir: &str| stubs::read_tree(&tree.join(dir)).expect("read the tree");
    let solutions_before = read("solutions");

    // Not from a terminal and no --yes: refuse, change nothing.
    workshop(&tree)
        .args(["reset", "4"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "exercises/store/src/keyspace.rs  (Keyspace::expire_if_needed, Keyspace::set_expiry",
        ))
        .stderr(predicate::str::contains("not resetting without a yes"));
    assert_same(
        &read("exercises"),
        &generated(4),
        "a refused reset changes nothing",
    );

    // Step 4 only: keyspace.rs keeps its step 3 code. The result is exactly the tree with
    // steps 1..=3 solved.
    workshop(&tree)
        .args(["reset", "4", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Done: step 4's stubs are back"));
    assert_same(
        &read("exercises"),
        &generated(3),
        "reset 4 gives the tree with steps 1..=3 solved",
    );
    workshop(&tree)
        .args(["reset", "4", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to reset"));

    // `solution 4` now shows step 4's code again, and only step 4's.
    workshop(&tree)
        .args(["solution", "4"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("--- exercises/store/src/keyspace.rs")
                .and(predicate::str::contains(
                    "-        todo!(\"step 4: Keyspace::persist",
                ))
                .and(predicate::str::contains("todo!(\"step 3:").not()),
        );

    // Everything: the exact pristine bytes, and nothing outside exercises/ touched.
    workshop(&tree)
        .args(["reset", "--all", "--yes"])
        .assert()
        .success();
    assert_same(
        &read("exercises"),
        &generated(0),
        "reset --all gives the pristine stubs",
    );
    assert_same(
        &read("solutions"),
        &solutions_before,
        "reset never writes outside exercises/",
    );
}

#[test]
fn update_brings_a_newer_workshops_stubs_in_and_keeps_every_line_written() {
    // No build: `update` only reads and writes sources.
    let tree = tree("runner-update", 4);
    let exercises = tree.join("exercises");
    // The workshop as it was before chapter 5: no resp3.rs, and the step tests one target per
    // step. The learner has written the core, and a helper of their own in get.rs.
    std::fs::remove_file(exercises.join("resp/src/resp3.rs")).expect("remove resp3.rs");
    let manifest = std::fs::read_to_string(exercises.join("Cargo.toml")).expect("read");
    let one_target = manifest
        .find("# The step tests: ")
        .expect("the manifest's step tests");
    let old_targets: String = STEPS
        .iter()
        .filter(|step| step.is_core())
        .map(|step| {
            format!(
                "\n[[test]]\nname = \"{}\"\npath = \"../tests/{}.rs\"\n",
                step.module, step.module
            )
        })
        .collect();
    let old_manifest = format!(
        "{}# The step tests: written once in the workspace's tests/ folder, compiled against \
         this tree.{old_targets}",
        &manifest[..one_target]
    );
    std::fs::write(exercises.join("Cargo.toml"), old_manifest).expect("write");
    let get = exercises.join("commands/src/cmd/get.rs");
    let mine = format!(
        "{}\n/// Mine.\npub fn my_helper() -> u8 {{\n    42\n}}\n",
        std::fs::read_to_string(&get).expect("read get.rs")
    );
    std::fs::write(&get, &mine).expect("write get.rs");

    workshop(&tree)
        .args(["update", "--dry-run"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("new file     exercises/resp/src/resp3.rs")
                .and(predicate::str::contains("exercises/Cargo.toml"))
                .and(predicate::str::contains("dry run")),
        );
    assert!(
        !exercises.join("resp/src/resp3.rs").exists(),
        "a dry run writes nothing"
    );
    workshop(&tree).arg("update").assert().success();
    let mut expected = generated(4);
    expected.insert("commands/src/cmd/get.rs".into(), mine);
    assert_same(
        &stubs::read_tree(&exercises).expect("read"),
        &expected,
        "update adds chapter 5's file, makes the step tests one target, keeps the core's code \
         and the helper",
    );
    workshop(&tree)
        .arg("update")
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing to update"));
}

#[test]
fn usage_and_environment_errors_exit_2_and_say_what_to_do() {
    let root = workspace_root();
    // Read-only commands, in the real workshop: none of these builds or writes.
    workshop(&root)
        .args(["hint", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Hint for step 2 (RESP parsing)"));
    workshop(&root)
        .args(["hint", "5"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Hint for chapter 5 (RESP3)"));
    for args in [
        &["hint", "99"][..],
        &["solution", "0"],
        &["reset", "42", "--yes"],
    ] {
        workshop(&root).args(args).assert().code(2).stderr(
            predicate::str::contains("there is no step or chapter")
                .and(predicate::str::contains("1  TCP server"))
                .and(predicate::str::contains("4  Expiry")),
        );
    }
    workshop(&root).arg("reset").assert().code(2);
    workshop(&root).arg("frobnicate").assert().code(2);
    workshop(&root)
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("watch").and(predicate::str::contains("solution")));
    workshop(&std::env::temp_dir())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not inside the workshop"));
}

/// A running `workshop watch`, its output collected line by line.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    output: String,
}

/// How long one wait in a watch test may take (a first run compiles nothing, a second one
/// compiles one small crate; this is a bound, not an estimate).
const WATCH_WAIT: Duration = Duration::from_secs(120);

impl Watch {
    fn start(tree: &Path) -> Watch {
        let mut child = std::process::Command::new(RUNNER)
            .arg("watch")
            .current_dir(tree)
            .env("CARGO_TARGET_DIR", trees().join("target"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start workshop watch");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            output: String::new(),
        }
    }

    /// Waits until `needle` has appeared `times` times in the output.
    fn wait_for(&mut self, needle: &str, times: usize) {
        let deadline = Instant::now() + WATCH_WAIT;
        while self.output.matches(needle).count() < times {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.output.push_str(&line);
                    self.output.push('\n');
                }
                Err(_) => panic!(
                    "watch: no {needle:?} (x{times}) within {WATCH_WAIT:?}; output:\n{}",
                    self.output
                ),
            }
        }
    }

    /// Types `q` + Enter and expects a clean exit.
    fn quit(&mut self) {
        let mut stdin = self.child.stdin.take().expect("stdin");
        stdin.write_all(b"q\n").expect("send q");
        drop(stdin);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for watch") {
                assert!(status.success(), "watch quit with {status}");
                break;
            }
            assert!(Instant::now() < deadline, "watch did not quit on q");
            std::thread::sleep(Duration::from_millis(50));
        }
        self.wait_for("Bye.", 1);
    }
}

impl Drop for Watch {
    /// A failed test must not leave the watcher running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn solution_apply_hands_out_one_step_and_keeps_the_rest() {
    // No build: this test only writes files, so it needs no share of BUILDS.
    let dir = tree("runner-apply", 1);
    workshop(&dir)
        .args(["solution", "2", "--apply"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not applying the solution without a yes",
        ));
    workshop(&dir)
        .args(["solution", "2", "--apply", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("exercises/resp/src/parse.rs"));
    let after = stubs::read_tree(&dir.join("exercises")).expect("read the tree");
    assert_same(
        &after,
        &generated(2),
        "step 1 already solved, plus step 2 applied, is the tree with steps 1..=2 solved",
    );
}
