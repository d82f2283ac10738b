//! The chapters must match the code: a learner follows `docs/` alone, so a path that moved, a test
//! target that was renamed or a stub that was added without a word in its chapter is a bug.
//!
//! Checked over `docs/src/*.md` and `README.md`, with the standard library only, in seconds:
//! - every path in backticks under `solutions/`, `exercises/`, `tests/`, `crates/` or `docs/`
//!   exists (`{a,b}` is expanded, a `:line` suffix is dropped);
//! - every `cargo test|run|build ... -p P [--test T] [--bin B]` in backticks or in a code block
//!   names a real package, test target and binary; the step tests are `--test steps`, and a
//!   filter after it starts with a unit's module of `STEPS` (`step1_tcp::`);
//! - every `cargo workshop <subcommand> [--flag]` names a subcommand and flag of the runner, and
//!   the `workshop` alias exists;
//! - each step's chapter (the path in `STEPS`) exists, shows `cargo test -p exercises --test
//!   steps <its module>::`, and names every stub of its step (the `// @step N: Name — ...`
//!   markers);
//! - `SUMMARY.md` lists every chapter, and every relative link resolves;
//! - transcripts cannot drift: a stub's place in a panic message or in the runner's output
//!   (`exercises/server/src/listener.rs:40:9`) is where that stub really is; each step's chapter
//!   names every test of its module, and the counts shown (`10 passed`, `124 filtered out`,
//!   "the 60 step tests") are the real ones; a code block marked `<!-- quote: <path> -->` is in that file. (The
//!   runner's own screen in chapter 0 is compared with its real output in `tests/runner.rs`.)

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use workshop::steps::{STEPS, STEP_TESTS};
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
                        if name == "exercises" && target != STEP_TESTS {
                            problem(format!("the step tests are the target `{STEP_TESTS}`"));
                        }
                        // `--test steps step1_tcp::`: the filter picks a unit's module.
                        let filter = words
                            .iter()
                            .skip_while(|word| *word != "--test")
                            .nth(2)
                            .filter(|word| !word.starts_with('-'));
                        if let Some(filter) = filter.filter(|_| target == STEP_TESTS) {
                            let module = filter.split("::").next().unwrap_or_default();
                            if !filter.contains("::")
                                || !STEPS.iter().any(|step| step.module == module)
                            {
                                problem(format!(
                                    "`{filter}` does not start with a unit's module of \
                                     workshop::steps::STEPS (`step1_tcp::`)"
                                ));
                            }
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
fn each_step_chapter_names_its_test_command_and_its_stubs() {
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
        let command = step.test_command();
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
        "each step's chapter must name the command that runs its tests and its stubs:\n  {}",
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

/// A mention of a stub's place, `exercises/<file>.rs:<line>[:<column>]`, as a panic message or
/// the runner prints it, with what follows it in the doc (the rest of its line and the next).
#[derive(Debug)]
struct StubPlace {
    doc: PathBuf,
    file: String,
    line: usize,
    column: Option<usize>,
    context: String,
}

fn stub_places(doc: &Path, text: &str) -> Vec<StubPlace> {
    let lines: Vec<&str> = text.lines().collect();
    let mut places = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let mut rest = *line;
        while let Some(at) = rest.find("exercises/") {
            let mention = &rest[at + "exercises/".len()..];
            rest = mention;
            let end = mention
                .find(|c: char| !(c.is_ascii_alphanumeric() || "_/.:".contains(c)))
                .unwrap_or(mention.len());
            let mut parts = mention[..end].trim_end_matches(':').split(':');
            let (Some(file), Some(Ok(line_number))) =
                (parts.next(), parts.next().map(str::parse::<usize>))
            else {
                continue;
            };
            if !file.ends_with(".rs") {
                continue;
            }
            let column = parts.next().and_then(|column| column.parse().ok());
            let next = lines.get(index + 1).copied().unwrap_or_default();
            places.push(StubPlace {
                doc: doc.to_path_buf(),
                file: file.to_string(),
                line: line_number,
                column,
                context: format!("{}\n{next}", &mention[end..]),
            });
        }
    }
    places
}

/// `... step 3: RespHandler::handle — answer ...` → (3, "RespHandler::handle").
fn stub_named_in(context: &str) -> Option<(u8, String)> {
    let at = context.find("not yet implemented: step ")?;
    let rest = &context[at + "not yet implemented: step ".len()..];
    let (number, rest) = rest.split_once(": ")?;
    let (name, _) = rest.split_once(" — ")?;
    Some((number.parse().ok()?, name.to_string()))
}

/// Panic messages and the runner's "the stub to write" in the docs name real places: a stub's
/// `todo!()` (at its column, when one is given) or its marker line. A place that comes with a
/// stub's message (`not yet implemented: step N: Name — ...`) must be that stub's, in the tree a
/// learner has when they meet it: steps before N solved (their code moves later lines).
#[test]
fn every_stub_place_in_the_docs_is_where_the_stub_is() {
    let root = workspace_root();
    let solutions = stubs::read_solutions(&root.join("solutions")).expect("read solutions/");
    let mut trees = std::collections::BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for doc in read_docs(&root) {
        let text = fs::read_to_string(root.join(&doc.path)).expect("read the doc");
        for place in stub_places(&doc.path, &text) {
            checked += 1;
            let named = stub_named_in(&place.context);
            let solved = named.as_ref().map_or(0, |(step, _)| step.saturating_sub(1));
            let tree = trees
                .entry(solved)
                .or_insert_with(|| stubs::generate(&solutions, solved).expect("generate a tree"));
            let shown = format!(
                "{}: exercises/{}:{}{}",
                place.doc.display(),
                place.file,
                place.line,
                place.column.map(|c| format!(":{c}")).unwrap_or_default()
            );
            let Some(source) = tree.get(Path::new(&place.file)) else {
                problems.push(format!("{shown}: no such file in exercises/"));
                continue;
            };
            let line = source.lines().nth(place.line.wrapping_sub(1)).unwrap_or("");
            let todo = line.find("todo!(\"step ");
            let is_stub_line = todo.is_some() || stubs::marker_of(line).is_some();
            let where_it_is = |name: &str| {
                source
                    .lines()
                    .position(|candidate| {
                        candidate.contains("todo!(\"step ")
                            && candidate.contains(&format!(": {name} — "))
                    })
                    .map(|index| index + 1)
            };
            match &named {
                Some((step, name)) if !line.contains(&format!("step {step}: {name} — ")) => {
                    problems.push(format!(
                        "{shown} is not where step {step}'s `{name}` is: its todo!() is at line \
                         {:?} (with steps 1..={solved} solved)",
                        where_it_is(name)
                    ))
                }
                None if !is_stub_line => problems.push(format!(
                    "{shown} is neither a stub's marker nor its todo!(): {line:?}"
                )),
                _ => {}
            }
            if let (Some(column), Some(at)) = (place.column, todo) {
                if column != at + 1 {
                    problems.push(format!("{shown}: the todo!() is at column {}", at + 1));
                }
            }
        }
    }
    assert!(
        checked > 0,
        "no stub place found in the docs: is the scan broken?"
    );
    assert!(
        problems.is_empty(),
        "the places the docs show must be the real ones (copy them from the real output):\n  {}",
        problems.join("\n  ")
    );
}

/// The test functions of a test file, in order: the `fn` after each `#[test]` or `#[tokio::test]`.
fn test_names(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut attribute = false;
    for line in source.lines().map(str::trim) {
        if line.starts_with("#[test]") || line.starts_with("#[tokio::test") {
            attribute = true;
        } else if attribute {
            let signature = line.strip_prefix("async ").unwrap_or(line);
            if let Some(rest) = signature.strip_prefix("fn ") {
                names.push(rest.split('(').next().unwrap_or_default().to_string());
                attribute = false;
            }
        }
    }
    names
}

/// Each step's chapter names every test of its module, and the counts the docs show (`N passed`
/// and `M filtered out` in a chapter's checkpoint, "the N step tests") are the real ones.
#[test]
fn the_docs_name_every_step_test_and_count_them_right() {
    let root = workspace_root();
    let mut problems = Vec::new();
    // Every step test, as libtest names it in the one step test binary: `step1_tcp::bind_...`.
    let mut all = Vec::new();
    let units: Vec<_> = STEPS
        .iter()
        .map(|step| {
            let tests =
                fs::read_to_string(root.join(step.test_file())).expect("read the step's tests");
            (step, test_names(&tests))
        })
        .collect();
    for (step, names) in &units {
        all.extend(names.iter().map(|name| format!("{}::{name}", step.module)));
    }
    for (step, names) in &units {
        let chapter = fs::read_to_string(root.join(step.chapter)).unwrap_or_default();
        for name in names {
            if !chapter.contains(&format!("`{name}`")) {
                problems.push(format!("{}: never names the test `{name}`", step.chapter));
            }
        }
        // `test result: ok. 10 passed; 0 failed; 0 ignored; 0 measured; 92 filtered out; ...`:
        // the other units' tests are filtered out.
        for (at, _) in chapter.match_indices(" passed; ") {
            let count = |text: &str| text.rsplit(' ').next()?.parse::<usize>().ok();
            let passed = count(&chapter[..at]);
            let line = chapter[at..].lines().next().unwrap_or_default();
            let filtered = line
                .find(" filtered out")
                .and_then(|end| count(&line[..end]));
            let others = all.len() - names.len();
            if passed != Some(names.len()) || filtered.is_some_and(|n| n != others) {
                problems.push(format!(
                    "{}: shows {passed:?} tests passed and {filtered:?} filtered out; {} has \
                     {} of the {} step tests",
                    step.chapter,
                    step.module,
                    names.len(),
                    all.len()
                ));
            }
        }
    }
    for doc in read_docs(&root) {
        let text = fs::read_to_string(root.join(&doc.path)).expect("read the doc");
        for (at, _) in text.match_indices(" step tests") {
            if let Some(Ok(count)) = text[..at].rsplit(' ').next().map(str::parse::<usize>) {
                if count != all.len() {
                    problems.push(format!(
                        "{}: says {count} step tests; there are {}",
                        doc.path.display(),
                        all.len()
                    ));
                }
            }
        }
        // A panic message's thread is a test's name, module included.
        for (at, _) in text.match_indices("thread '") {
            let name = text[at + "thread '".len()..]
                .split('\'')
                .next()
                .unwrap_or("");
            if !all.iter().any(|test| test == name) {
                problems.push(format!(
                    "{}: shows a panic in thread '{name}', which is no step test (`step1_tcp::...`)",
                    doc.path.display()
                ));
            }
        }
    }
    assert!(!all.is_empty(), "no step test found: is the scan broken?");
    assert!(
        problems.is_empty(),
        "the docs must name and count the step tests as they are:\n  {}",
        problems.join("\n  ")
    );
}

/// A fenced code block right after `<!-- quote: <path> -->` is quoted from that file: its lines
/// (trimmed, blank ones and `...` left out) appear in the file, in order. Prose that describes
/// a type in words can drift; a quote of its declaration cannot.
#[test]
fn quoted_code_is_in_its_file() {
    let root = workspace_root();
    let mut problems = Vec::new();
    let mut quotes = 0;
    for doc in read_docs(&root) {
        let text = fs::read_to_string(root.join(&doc.path)).expect("read the doc");
        for (at, _) in text.match_indices("<!-- quote: ") {
            quotes += 1;
            let rest = &text[at + "<!-- quote: ".len()..];
            let Some((path, block)) = rest.split_once(" -->\n") else {
                problems.push(format!("{}: an unclosed quote marker", doc.path.display()));
                continue;
            };
            let Some(block) = block.strip_prefix("```") else {
                problems.push(format!(
                    "{}: the quote of {path} is not followed by a code block",
                    doc.path.display()
                ));
                continue;
            };
            let body = block.split_once('\n').map_or("", |(_, body)| body);
            let body = body.split("\n```").next().unwrap_or_default();
            let Ok(source) = fs::read_to_string(root.join(path)) else {
                problems.push(format!(
                    "{}: quotes {path}, which does not exist",
                    doc.path.display()
                ));
                continue;
            };
            let mut source_lines = source.lines().map(str::trim);
            for line in body.lines().map(str::trim) {
                if line.is_empty() || line == "..." || line == "// ..." {
                    continue;
                }
                if !source_lines.any(|candidate| candidate == line) {
                    problems.push(format!(
                        "{}: quotes `{line}` from {path}, which does not have it (in that order)",
                        doc.path.display()
                    ));
                    break;
                }
            }
        }
    }
    assert!(
        quotes > 0,
        "no quote found in the docs: is the scan broken?"
    );
    assert!(
        problems.is_empty(),
        "quoted code must be what the file says:\n  {}",
        problems.join("\n  ")
    );
}

/// The rendered book draws its diagrams with no network (workshop rooms often have poor Wi-Fi):
/// the scripts `docs/book.toml` adds load nothing from the web, and the Mermaid they load from
/// the book itself is there. (That the diagrams really are drawn was checked in headless
/// Chromium with the network cut off; see `docs/mermaid-init.js`.)
#[test]
fn the_book_draws_its_diagrams_without_a_network() {
    let root = workspace_root();
    let book = fs::read_to_string(root.join("docs/book.toml")).expect("docs/book.toml");
    let scripts: Vec<String> = book
        .lines()
        .find_map(|line| line.trim().strip_prefix("additional-js"))
        .map(|list| {
            list.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut vendored = Vec::new();
    for script in &scripts {
        let Ok(code) = fs::read_to_string(root.join("docs").join(script)) else {
            problems.push(format!(
                "docs/book.toml adds docs/{script}, which does not exist"
            ));
            continue;
        };
        for line in code
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
        {
            if line.contains("http://") || line.contains("https://") {
                problems.push(format!(
                    "docs/{script} loads from the network: {}",
                    line.trim()
                ));
            }
            for (at, _) in line.match_indices("\"vendor/") {
                let name = line[at + 1..].split('"').next().unwrap_or_default();
                vendored.push(name.to_string());
                if !root.join("docs/src").join(name).is_file() {
                    problems.push(format!(
                        "docs/{script} loads docs/src/{name}, which is missing"
                    ));
                }
            }
        }
    }
    let diagrams = read_docs(&root).iter().any(|doc| {
        doc.code_lines
            .iter()
            .any(|line| line.starts_with("flowchart"))
    });
    if diagrams && !vendored.iter().any(|name| name.contains("mermaid")) {
        problems.push(
            "the chapters have Mermaid diagrams, but no script of docs/book.toml loads Mermaid \
             from docs/src/vendor/"
                .to_string(),
        );
    }
    assert!(
        problems.is_empty(),
        "the book must draw its diagrams offline:\n  {}",
        problems.join("\n  ")
    );
}
