//! Generating `exercises/` from `solutions/`.
//!
//! The learners' tree must have the same files and the same public items as the reference, with
//! only the bodies they write replaced by `todo!()`. Keeping two trees in step by hand drifts, so
//! the exercises are *generated*. In the solutions, a body the learner writes starts with a marker
//! and numbered hints:
//!
//! ```text
//! pub fn parse(buf: &mut BytesMut) -> Result<Option<Frame>, ProtocolError> {
//!     // @step 2: Frame::parse — take one whole frame off the front of the buffer
//!     // 1. Make a `Reader::new(buf)` ...
//!     let mut reader = Reader::new(buf);   // <- from here to the closing brace
//!     ...                                  //    becomes todo!("step 2: Frame::parse — ...")
//! }
//! ```
//!
//! The code from the first non-comment line after the marker to the function's closing brace
//! becomes `todo!("step N: <the marker's text>")`. The closing brace is found by indentation,
//! which `rustfmt` makes reliable: it is the first later line holding only `}` at one level less
//! than the marker. Lines above the marker stay, so a function may keep a pre-written prologue.
//!
//! Other rules: `Cargo.toml` files lose the lines whose comment ends in [`REFERENCE_ONLY`] (what
//! only the reference's own tests and benchmarks need, so that a learner's first build compiles
//! no more than the step tests use) and get `solutions` renamed to `exercises`; a trailing
//! `#[cfg(test)] mod tests` block (the reference's own unit tests) is dropped; a comment that
//! names a file under `solutions/` names the same file under `exercises/`; each library root
//! gets an `allow` for what unwritten stubs leave unused; and every Rust file these rules change
//! goes through `rustfmt`, so the generated tree is formatted exactly as `cargo fmt` would.
//!
//! `solved_through` generates intermediate trees: regions of steps up to it keep their solution.
//! 0 is the pristine exercises; `u8::MAX` solves everything. [`generate_solved`] picks any set
//! of steps (the core and one chapter, say).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use thiserror::Error;

/// The prefix of a stub marker comment.
pub const MARKER: &str = "// @step ";

/// A `Cargo.toml` line whose comment ends with this is left out of the exercises.
pub const REFERENCE_ONLY: &str = "reference only";

/// Added to every generated library root.
pub const STUB_ALLOW: &str = "// Until its todo!()s are written, a stub leaves some imports, parameters and helpers unused.\n\
#![allow(unused_imports, unused_variables, unused_mut, dead_code)]\n";

/// What can go wrong while generating.
#[derive(Debug, Error)]
pub enum StubError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {problem}")]
    Marker {
        path: PathBuf,
        line: usize,
        problem: String,
    },
    #[error("rustfmt failed on {path}: {message}")]
    Rustfmt { path: PathBuf, message: String },
}

/// One stub region found in a solution file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The step it belongs to.
    pub step: u8,
    /// The marker's text after `step N: `, e.g. "Frame::parse — take one whole frame ...".
    pub description: String,
    /// The file, relative to the tree root (`resp/src/parse.rs`).
    pub path: PathBuf,
    /// 1-based line of the marker.
    pub line: usize,
}

/// The files of a tree, by path relative to its root, with their contents.
pub type Files = BTreeMap<PathBuf, String>;

/// Reads the source files of the solutions tree that the exercises mirror: every `Cargo.toml`
/// and every `.rs` under `src/` directories, but not tests, benches or build output.
pub fn read_solutions(solutions: &Path) -> Result<Files, StubError> {
    let mut files = Files::new();
    collect(solutions, solutions, &mut files)?;
    Ok(files)
}

fn collect(root: &Path, dir: &Path, files: &mut Files) -> Result<(), StubError> {
    let read_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StubError::Read { path, source }
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(read_error(dir))?
        .collect::<Result<_, _>>()
        .map_err(read_error(dir))?;
    entries.sort_by_key(|entry| entry.path());
    for entry in entries {
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            // Only source trees: `tests/`, `benches/`, `target/` and the like are the
            // reference's own and are not mirrored.
            let in_src = relative.components().any(|part| part.as_os_str() == "src");
            let is_crate = path.join("Cargo.toml").is_file();
            if name == "src" || in_src || is_crate {
                collect(root, &path, files)?;
            }
        } else if name == "Cargo.toml" || name.ends_with(".rs") {
            let text = std::fs::read_to_string(&path).map_err(read_error(&path))?;
            files.insert(relative, text);
        }
    }
    Ok(())
}

/// Every stub region of the solutions, in file and line order.
pub fn regions(solutions: &Files) -> Result<Vec<Region>, StubError> {
    let mut found = Vec::new();
    for (path, text) in solutions {
        if path.extension().is_some_and(|ext| ext == "rs") {
            for (index, line) in text.lines().enumerate() {
                if let Some((step, description)) = parse_marker(line) {
                    found.push(Region {
                        step: step.map_err(|problem| StubError::Marker {
                            path: path.clone(),
                            line: index + 1,
                            problem,
                        })?,
                        description,
                        path: path.clone(),
                        line: index + 1,
                    });
                }
            }
        }
    }
    Ok(found)
}

/// `// @step 2: text` → (2, "text").
fn parse_marker(line: &str) -> Option<(Result<u8, String>, String)> {
    let rest = line.trim_start().strip_prefix(MARKER)?;
    let (number, description) = rest.split_once(": ").unwrap_or((rest, ""));
    let step = number
        .parse::<u8>()
        .map_err(|_| format!("bad step number in marker {line:?}"));
    Some((step, description.trim().to_string()))
}

/// The exercises tree with steps `1..=solved_through` solved and the later ones as stubs.
pub fn generate(solutions: &Files, solved_through: u8) -> Result<Files, StubError> {
    generate_solved(solutions, &|step| step <= solved_through)
}

/// The exercises tree with the steps `solved` says yes to solved and the others as stubs.
///
/// Only the files with stubs, and those the other rules change, go through `rustfmt`: the
/// others are the reference's text, which `cargo fmt --check` already holds to rustfmt's
/// format. Those that do go through it run side by side, a process each, and a text formatted
/// once is not formatted again. Every test tree and every `reset`, `solution` and `update`
/// generates a tree, and one `rustfmt` per file (over 150) was most of their time.
pub fn generate_solved(solutions: &Files, solved: &dyn Fn(u8) -> bool) -> Result<Files, StubError> {
    let mut out = Files::new();
    let mut to_format = Vec::new();
    for (path, text) in solutions {
        if is_unit_test_file(solutions, path) {
            continue;
        }
        if path.file_name().is_some_and(|name| name == "Cargo.toml") {
            out.insert(path.clone(), exercises_manifest(text));
            continue;
        }
        let stubbed = stub_file(path, text, solved)?;
        let stubbed = drop_unit_tests(&stubbed);
        let stubbed = comments_point_at_exercises(&stubbed);
        let stubbed = if path.ends_with("src/lib.rs") {
            add_allow(&stubbed)
        } else {
            stubbed
        };
        // A file with stubs is formatted whatever is solved, so that its lines outside the
        // stubs read the same in every tree (rustfmt on one file alone may wrap a line that
        // `cargo fmt`, formatting the whole crate, left as it was).
        if &stubbed == text && !text.contains(MARKER) {
            out.insert(path.clone(), stubbed);
        } else {
            to_format.push((path.clone(), stubbed));
        }
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    let chunk = to_format.len().div_ceil(threads).max(1);
    let formatted: Vec<Result<Vec<(PathBuf, String)>, StubError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = to_format
            .chunks(chunk)
            .map(|files| {
                scope.spawn(move || {
                    files
                        .iter()
                        .map(|(path, text)| Ok((path.clone(), rustfmt(path, text)?)))
                        .collect::<Result<Vec<_>, StubError>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker.join().unwrap_or_else(|_| {
                    Err(StubError::Rustfmt {
                        path: PathBuf::new(),
                        message: "a rustfmt thread panicked".to_string(),
                    })
                })
            })
            .collect()
    });
    for files in formatted {
        out.extend(files?);
    }
    Ok(out)
}

/// The exercises' `Cargo.toml` from the reference's: without the [`REFERENCE_ONLY`] lines, and
/// with `solutions` renamed to `exercises`.
fn exercises_manifest(text: &str) -> String {
    text.lines()
        .filter(|line| !(line.contains('#') && line.trim_end().ends_with(REFERENCE_ONLY)))
        .map(|line| format!("{}\n", line.replace("solutions", "exercises")))
        .collect()
}

/// Replaces the body of every region of a later step with `todo!()`.
fn stub_file(path: &Path, text: &str, solved: &dyn Fn(u8) -> bool) -> Result<String, StubError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let Some((step, description)) = parse_marker(line) else {
            out.push_str(line);
            out.push('\n');
            index += 1;
            continue;
        };
        let marker_line = index + 1;
        let problem = |problem: &str| StubError::Marker {
            path: path.to_path_buf(),
            line: marker_line,
            problem: problem.to_string(),
        };
        let step = step.map_err(|message| problem(&message))?;
        let indent = &line[..line.len() - line.trim_start().len()];
        let body = body_after_marker(&lines, index).map_err(problem)?;
        // The marker and its hint comments stay.
        for kept in &lines[index..body.start] {
            out.push_str(kept);
            out.push('\n');
        }
        let end = body.end;
        if solved(step) {
            for body_line in &lines[body.start..end] {
                out.push_str(body_line);
                out.push('\n');
            }
        } else {
            out.push_str(&format!("{indent}{}\n", todo_call(step, &description)));
        }
        index = end;
    }
    Ok(out)
}

/// The pristine body of a stub: `todo!("step N: <the marker's text>")`, the text escaped as a
/// string literal.
pub fn todo_call(step: u8, description: &str) -> String {
    let message = format!("step {step}: {description}")
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!("todo!(\"{message}\")")
}

/// Whether a region's body (its lines, as in a file) is still the pristine stub of that marker:
/// the `todo!()` the generator wrote, however it is indented or wrapped.
pub fn is_pristine_body(body: &str, step: u8, description: &str) -> bool {
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    squeeze(body) == squeeze(&todo_call(step, description))
}

/// The lines a stub region's body spans, as 0-based indices into a file's lines.
///
/// `start` is the first line after the marker and its hint comments; `end` is the line of the
/// function's closing brace, so the body is `lines[start..end]` and the brace stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    pub start: usize,
    pub end: usize,
}

/// Finds the body that follows the marker at `lines[marker]`, by the rule the generator uses:
/// skip the marker's `//` hint lines, then the closing brace is the first line that is exactly
/// `}` at one indentation level (4 spaces) less than the marker.
///
/// Both the generator and the runner's `reset` and `solution` use this, so "the region" means
/// the same lines everywhere.
pub fn body_after_marker(lines: &[&str], marker: usize) -> Result<Body, &'static str> {
    let line = lines.get(marker).copied().unwrap_or_default();
    let indent = &line[..line.len() - line.trim_start().len()];
    let closing = format!(
        "{}}}",
        indent.get(4..).ok_or("marker not inside a function body")?
    );
    let mut start = marker + 1;
    while start < lines.len() && lines[start].trim_start().starts_with("//") {
        start += 1;
    }
    let end = (start..lines.len())
        .find(|&i| lines[i] == closing)
        .ok_or("no closing brace at the function's indentation")?;
    Ok(Body { start, end })
}

/// The step and text of a marker line: `// @step 2: text` → `Some((Ok(2), "text"))`; `None` for
/// any other line. The step is `Err` when the number does not parse.
pub fn marker_of(line: &str) -> Option<(Result<u8, String>, String)> {
    parse_marker(line)
}

/// Comments that name a file of the reference (`solutions/src/main.rs`) name the learner's copy
/// instead (`exercises/src/main.rs`): the trees have the same files, and learners are asked not
/// to open `solutions/`. Code is left alone.
fn comments_point_at_exercises(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = if line.trim_start().starts_with("//") {
                line.replace("solutions/", "exercises/")
            } else {
                line.to_string()
            };
            format!("{line}\n")
        })
        .collect()
}

/// The line that declares a module's unit tests when they live in a file of their own.
const UNIT_TESTS_IN_A_FILE: &str = "\n#[cfg(test)]\nmod tests;";

/// Drops a trailing `#[cfg(test)] mod tests { ... }` (or `mod tests;`, whose file
/// [`is_unit_test_file`] leaves out): the reference's unit tests test its bodies.
fn drop_unit_tests(text: &str) -> String {
    match text
        .find("\n#[cfg(test)]\nmod tests {")
        .or_else(|| text.find(UNIT_TESTS_IN_A_FILE))
    {
        Some(start) => format!("{}\n", text[..start].trim_end()),
        None => text.to_string(),
    }
}

/// Whether `path` is a `tests.rs` that its folder's `mod.rs` declares as its unit tests
/// (`#[cfg(test)] mod tests;`): like an inline test module, it stays out of the exercises.
fn is_unit_test_file(solutions: &Files, path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "tests.rs")
        && path
            .parent()
            .and_then(|dir| solutions.get(&dir.join("mod.rs")))
            .is_some_and(|module| module.contains(UNIT_TESTS_IN_A_FILE))
}

/// Inserts [`STUB_ALLOW`] after the crate's leading `//!` docs.
fn add_allow(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + STUB_ALLOW.len() + 1);
    let mut inserted = false;
    for line in text.lines() {
        if !inserted && !line.starts_with("//!") {
            out.push('\n');
            out.push_str(STUB_ALLOW);
            inserted = true;
            if line.is_empty() {
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Formats Rust source with `rustfmt`, as `cargo fmt` would.
fn rustfmt(path: &Path, text: &str) -> Result<String, StubError> {
    // A process that generates many trees (the cumulative check: one per selection of solved
    // steps) formats the same text again and again: most files read the same in most trees.
    static FORMATTED: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let cached = |formatted: &Mutex<BTreeMap<String, String>>| {
        formatted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(text)
            .cloned()
    };
    if let Some(done) = cached(&FORMATTED) {
        return Ok(done);
    }
    let done = run_rustfmt(path, text)?;
    FORMATTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(text.to_string(), done.clone());
    Ok(done)
}

fn run_rustfmt(path: &Path, text: &str) -> Result<String, StubError> {
    let failure = |message: String| StubError::Rustfmt {
        path: path.to_path_buf(),
        message,
    };
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| failure(format!("cannot start rustfmt: {error}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failure("no stdin".into()))?;
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|error| failure(error.to_string()))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(failure(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Reads the files of an existing exercises tree, the same selection as [`read_solutions`].
pub fn read_tree(root: &Path) -> Result<Files, StubError> {
    read_solutions(root)
}

/// Writes `files` under `root`, creating directories.
pub fn write_tree(root: &Path, files: &Files) -> std::io::Result<()> {
    for (path, text) in files {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_tests_in_a_file_of_their_own_stay_out_of_the_exercises() {
        let mut solutions = Files::new();
        solutions.insert(
            PathBuf::from("commands/src/config/mod.rs"),
            "//! Settings.\n\npub fn answer() -> u8 {\n    42\n}\n\n#[cfg(test)]\nmod tests;\n"
                .to_string(),
        );
        solutions.insert(
            PathBuf::from("commands/src/config/tests.rs"),
            "use super::*;\n".to_string(),
        );
        solutions.insert(
            PathBuf::from("commands/src/cmd/tests.rs"),
            "// a command\n".to_string(),
        );
        let exercises = generate(&solutions, 0).expect("generate");
        let module = &exercises[Path::new("commands/src/config/mod.rs")];
        assert!(!module.contains("mod tests"), "{module}");
        assert!(!exercises.contains_key(Path::new("commands/src/config/tests.rs")));
        assert!(
            exercises.contains_key(Path::new("commands/src/cmd/tests.rs")),
            "a tests.rs that no mod.rs declares as unit tests is code like any other"
        );
    }

    #[test]
    fn comments_name_the_learners_files_and_code_is_left_alone() {
        let reference = "//! Runs on one thread (see `solutions/src/main.rs`).\n\
                         const DIR: &str = \"solutions/\"; // read solutions/src/lib.rs\n";
        assert_eq!(
            comments_point_at_exercises(reference),
            "//! Runs on one thread (see `exercises/src/main.rs`).\n\
             const DIR: &str = \"solutions/\"; // read solutions/src/lib.rs\n"
        );
    }

    #[test]
    fn solutions_only_lines_stay_out_of_the_exercises_manifest() {
        let reference = "[package]\nname = \"solutions\"\n\n[features]\n\
                         default = [\"jemalloc\"]  # reference only\n\
                         # reference only, but a comment: it stays\n\
                         jemalloc = [\"dep:tikv-jemallocator\"]\n";
        assert_eq!(
            exercises_manifest(reference),
            "[package]\nname = \"exercises\"\n\n[features]\n\
             # reference only, but a comment: it stays\n\
             jemalloc = [\"dep:tikv-jemallocator\"]\n"
        );
    }
}
