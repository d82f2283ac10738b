//! The chapters must match the code: a learner follows `docs/` alone, so a path that moved, a test
//! target that was renamed or a stub that was added without a word in its chapter is a bug.
//!
//! Checked over `docs/src/*.md` and `README.md`, with the standard library only, in milliseconds:
//! - every path in backticks under `solutions/`, `exercises/`, `tests/`, `crates/` or `docs/`
//!   exists (`{a,b}` is expanded, a `:line` suffix is dropped);
//! - every `cargo test|run|build ... -p P [--test T] [--bin B]` in backticks or in a code block
//!   names a real package, test target and binary; `cargo test -p exercises --test T` names a
//!   step of `STEPS`;
//! - every `cargo workshop <subcommand> [--flag]` names a subcommand and flag of the runner, and
//!   the `workshop` alias exists;
//! - each step's chapter (the path in `STEPS`) exists, shows `cargo test -p exercises --test
//!   <its target>`, and names every stub of its step (the `// @step N: Name — ...` markers);
//! - `SUMMARY.md` lists every chapter, and every relative link resolves.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use workshop::steps::STEPS;
use workshop::stubs;
use workshop::trees::workspace_root;

/// The folders whose paths the docs name, relative to the workspace root.
const PATH_PREFIXES: [&str; 5] = ["solutions/", "exercises/", "tests/", "crates/", "docs/"];

/// One Markdown file: its path relative to the root, its prose (code blocks removed) and the
/// lines of its fenced code blocks.
struct Doc {
    path: PathBuf,
    prose: String,
    code_lines: Vec<String>,
}

fn read_docs(root: &Path) -> Vec<Doc> {
    let mut paths = vec![PathBuf::from("README.md")];
    let src = root.join("docs/src");
    let mut chapters: Vec<PathBuf> = fs::read_dir(&src)
        .unwrap_or_else(|error| panic!("cannot read docs/src: {error}"))
        .map(|entry| entry.expect("a docs/src entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| {
            path.strip_prefix(root)
                .expect("under the root")
                .to_path_buf()
        })
        .collect();
    chapters.sort();
    paths.extend(chapters);
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(root.join(&path))
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            let (prose, code_lines) = split_code_blocks(&text);
            Doc {
                path,
                prose,
                code_lines,
            }
        })
        .collect()
}

/// Separates fenced code blocks from the rest.
fn split_code_blocks(text: &str) -> (String, Vec<String>) {
    let mut prose = String::new();
    let mut code = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            prose.push('\n');
        } else if in_code {
            code.push(line.to_string());
            prose.push('\n');
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    (prose, code)
}

/// The contents of the `inline code spans` of some prose.
fn code_spans(prose: &str) -> Vec<String> {
    let mut spans = Vec::new();
    for paragraph in prose.split("\n\n") {
        let parts: Vec<&str> = paragraph.split('`').collect();
        // Odd-numbered parts are inside backticks (an unmatched last one is not a span).
        for (index, part) in parts.iter().enumerate() {
            if index % 2 == 1 && index + 1 < parts.len() {
                spans.push(part.replace('\n', " "));
            }
        }
    }
    spans
}

/// `a/{b,c}/d` → `a/b/d`, `a/c/d` (nested and repeated braces too).
fn expand_braces(pattern: &str) -> Vec<String> {
    let Some(open) = pattern.find('{') else {
        return vec![pattern.to_string()];
    };
    let Some(close) = pattern[open..].find('}').map(|at| open + at) else {
        return vec![pattern.to_string()];
    };
    let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
    pattern[open + 1..close]
        .split(',')
        .flat_map(|choice| expand_braces(&format!("{head}{choice}{tail}")))
        .collect()
}

/// `exercises/server/src/listener.rs:34:9` → `exercises/server/src/listener.rs`.
fn strip_line_suffix(path: &str) -> &str {
    let mut path = path;
    while let Some((before, after)) = path.rsplit_once(':') {
        if !after.is_empty() && after.bytes().all(|byte| byte.is_ascii_digit()) {
            path = before;
        } else {
            break;
        }
    }
    path
}

#[test]
fn every_path_named_in_the_docs_exists() {
    let root = workspace_root();
    let mut missing = Vec::new();
    for doc in read_docs(&root) {
        for span in code_spans(&doc.prose) {
            let span = span.trim();
            if span.contains(char::is_whitespace)
                || !PATH_PREFIXES.iter().any(|prefix| span.starts_with(prefix))
            {
                continue;
            }
            if span.contains(['*', '?', '<', '>']) {
                missing.push(format!(
                    "{}: `{span}` is a pattern; name real paths",
                    doc.path.display()
                ));
                continue;
            }
            for path in expand_braces(strip_line_suffix(span)) {
                if !root.join(&path).exists() {
                    missing.push(format!("{}: `{path}` does not exist", doc.path.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "paths named in the docs must exist:\n  {}",
        missing.join("\n  ")
    );
}

/// A package of the workspace: its name and directory.
struct Package {
    name: String,
    dir: PathBuf,
    manifest: String,
}

fn packages(root: &Path) -> Vec<Package> {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).expect("the root Cargo.toml");
    let members = manifest
        .split_once("members = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .expect("a [workspace] members list");
    members
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|member| {
            let dir = root.join(member);
            let manifest = fs::read_to_string(dir.join("Cargo.toml"))
                .unwrap_or_else(|error| panic!("cannot read {member}/Cargo.toml: {error}"));
            let name = quoted_value_after(&manifest, "[package]", "name")
                .unwrap_or_else(|| panic!("{member}/Cargo.toml has no package name"));
            Package {
                name,
                dir,
                manifest,
            }
        })
        .collect()
}

/// The value of `key = "value"` in the first section headed `section`.
fn quoted_value_after(manifest: &str, section: &str, key: &str) -> Option<String> {
    quoted_values_after(manifest, section, key)
        .into_iter()
        .next()
}

/// The values of `key = "value"` in every section headed `section` (`[[test]]` repeats).
fn quoted_values_after(manifest: &str, section: &str, key: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut in_section = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line == section;
        } else if in_section {
            if let Some((name, value)) = line.split_once('=') {
                if name.trim() == key {
                    values.push(value.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    values
}

impl Package {
    fn test_targets(&self) -> BTreeSet<String> {
        let mut targets: BTreeSet<String> = quoted_values_after(&self.manifest, "[[test]]", "name")
            .into_iter()
            .collect();
        targets.extend(file_stems(&self.dir.join("tests")));
        targets
    }

    fn binaries(&self) -> BTreeSet<String> {
        let mut bins = file_stems(&self.dir.join("src/bin"));
        if self.dir.join("src/main.rs").is_file() {
            bins.insert(self.name.clone());
        }
        bins
    }
}

/// The names of the `.rs` files directly in `dir`.
fn file_stems(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
                .filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Every `cargo ...` command shown in a doc: in inline code, or a line of a code block. Each is
/// the words from `cargo` on, up to a `#` comment.
fn cargo_commands(doc: &Doc) -> Vec<Vec<String>> {
    code_spans(&doc.prose)
        .iter()
        .chain(&doc.code_lines)
        .filter_map(|line| {
            let start = line
                .match_indices("cargo ")
                .map(|(at, _)| at)
                .find(|&at| at == 0 || line[..at].ends_with([' ', '(', '`']))?;
            let command = line[start..].split(" #").next().unwrap_or_default();
            let words: Vec<String> = command.split_whitespace().map(str::to_string).collect();
            (words.len() > 1).then_some(words)
        })
        .collect()
}

/// The flag value after `flag` in `words`, before any `--`.
fn flag_value<'a>(words: &'a [String], flag: &str) -> Option<&'a str> {
    let end = words
        .iter()
        .position(|word| word == "--")
        .unwrap_or(words.len());
    words[..end]
        .windows(2)
        .find(|pair| pair[0] == flag)
        .map(|pair| pair[1].as_str())
}

#[test]
fn every_cargo_command_in_the_docs_names_real_packages_and_targets() {
    let root = workspace_root();
    let packages = packages(&root);
    let step_targets: Vec<&str> = STEPS.iter().map(|step| step.test_target).collect();
    let runner = fs::read_to_string(root.join("crates/workshop/src/main.rs"))
        .expect("crates/workshop/src/main.rs");
    let alias = fs::read_to_string(root.join(".cargo/config.toml")).unwrap_or_default();
    let mut problems = Vec::new();
    let mut checked = 0;
    for doc in read_docs(&root) {
        for words in cargo_commands(&doc) {
            let shown = words.join(" ");
            let mut problem =
                |text: String| problems.push(format!("{}: `{shown}`: {text}", doc.path.display()));
            checked += 1;
            match words[1].as_str() {
                "workshop" => {
                    if !alias
                        .lines()
                        .any(|line| line.trim().starts_with("workshop ="))
                    {
                        problem("no `workshop` alias in .cargo/config.toml".into());
                    }
                    let rest: Vec<&String> = words[2..]
                        .iter()
                        .take_while(|word| !word.starts_with(['<', '[', '|']))
                        .collect();
                    if let Some(sub) = rest.first().filter(|word| !word.starts_with('-')) {
                        let variant = format!("{}{}", sub[..1].to_uppercase(), &sub[1..]);
                        let known = [",", " {"]
                            .iter()
                            .any(|end| runner.contains(&format!("\n    {variant}{end}")));
                        if !known {
                            problem(format!("the runner has no subcommand `{sub}`"));
                        }
                    }
                    for flag in rest.iter().filter(|word| word.starts_with("--")) {
                        let field =
                            format!("{}: bool", flag.trim_start_matches('-').replace('-', "_"));
                        if !runner.contains(&field) {
                            problem(format!("the runner has no flag `{flag}`"));
                        }
                    }
                }
                "test" | "run" | "build" => {
                    let Some(name) = flag_value(&words, "-p") else {
                        continue;
                    };
                    let Some(package) = packages.iter().find(|package| package.name == name) else {
                        problem(format!("no package `{name}` in the workspace"));
                        continue;
                    };
                    if let Some(target) = flag_value(&words, "--test") {
                        if !package.test_targets().contains(target) {
                            problem(format!("package `{name}` has no test target `{target}`"));
                        }
                        if name == "exercises" && !step_targets.contains(&target) {
                            problem(format!(
                                "`{target}` is not a step of workshop::steps::STEPS"
                            ));
                        }
                    }
                    if let Some(bin) = flag_value(&words, "--bin") {
                        if !package.binaries().contains(bin) {
                            problem(format!("package `{name}` has no binary `{bin}`"));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    assert!(
        checked > 0,
        "no cargo command found in the docs: is the scan broken?"
    );
    assert!(
        problems.is_empty(),
        "commands shown in the docs must work:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn each_step_chapter_names_its_test_target_and_its_stubs() {
    let root = workspace_root();
    let solutions = stubs::read_solutions(&root.join("solutions")).expect("read solutions/");
    let regions = stubs::regions(&solutions).expect("read the stub markers");
    let mut problems = Vec::new();
    for step in STEPS {
        let Ok(chapter) = fs::read_to_string(root.join(step.chapter)) else {
            problems.push(format!(
                "step {}: {} does not exist",
                step.number, step.chapter
            ));
            continue;
        };
        let command = format!("cargo test -p exercises --test {}", step.test_target);
        if !chapter.contains(&command) {
            problems.push(format!("{}: never shows `{command}`", step.chapter));
        }
        for region in regions.iter().filter(|region| region.step == step.number) {
            let name = region
                .description
                .split(" — ")
                .next()
                .unwrap_or(&region.description);
            if !chapter.contains(name) {
                problems.push(format!(
                    "{}: never names the stub `{name}` (solutions/{}:{})",
                    step.chapter,
                    region.path.display(),
                    region.line
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "each step's chapter must name its test target and its stubs:\n  {}",
        problems.join("\n  ")
    );
}

/// The targets of the relative `[text](target)` links of some prose.
fn relative_links(prose: &str) -> Vec<String> {
    prose
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(target, _)| target.to_string()))
        .filter(|target| {
            !target.is_empty()
                && !target.starts_with('#')
                && !target.contains("://")
                && !target.starts_with("mailto:")
        })
        .collect()
}

#[test]
fn every_relative_link_resolves_and_the_summary_lists_every_chapter() {
    let root = workspace_root();
    let docs = read_docs(&root);
    let mut problems = Vec::new();
    for doc in &docs {
        let dir = root.join(doc.path.parent().unwrap_or(Path::new("")));
        for target in relative_links(&doc.prose) {
            let file = target.split('#').next().unwrap_or_default();
            if !dir.join(file).exists() {
                problems.push(format!(
                    "{}: link to `{target}` is broken",
                    doc.path.display()
                ));
            }
        }
    }
    let summary = docs
        .iter()
        .find(|doc| doc.path == Path::new("docs/src/SUMMARY.md"))
        .expect("docs/src/SUMMARY.md");
    let listed: BTreeSet<String> = relative_links(&summary.prose).into_iter().collect();
    for doc in docs.iter().filter(|doc| doc.path.starts_with("docs/src")) {
        let name = doc.path.file_name().unwrap_or_default().to_string_lossy();
        if name != "SUMMARY.md" && !listed.contains(name.as_ref()) {
            problems.push(format!("docs/src/SUMMARY.md does not list {name}"));
        }
    }
    for step in STEPS {
        let name = Path::new(step.chapter).file_name().unwrap_or_default();
        if !listed.contains(name.to_string_lossy().as_ref()) {
            problems.push(format!(
                "docs/src/SUMMARY.md does not list {}",
                step.chapter
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the docs' links must resolve:\n  {}",
        problems.join("\n  ")
    );
}
