//! `cargo workshop update`: bring a newer workshop's stubs into `exercises/` without losing a
//! line the learner wrote.
//!
//! A learner who pulls a newer workshop (new chapters, say) gets a new `solutions/`, and so new
//! pristine stubs, while their `exercises/` holds their work. The update works file by file:
//! - a file the learner does not have comes in whole;
//! - a Rust file that already has every region of the new one is left alone: whatever else the
//!   learner wrote there (a helper, a comment) stays as it is;
//! - otherwise (new regions, or a `Cargo.toml` that changed) the new pristine
//!   file takes the learner's body in every region whose marker
//!   text it still has ([`super::regions::transplant`], matching markers by their text, which is
//!   why marker texts stay stable once published), and gains the new regions as stubs;
//! - the result is written only if it keeps every line of the learner's file: the change from
//!   the learner's file to it may only add lines. Anything else (a helper the learner wrote
//!   outside a region, a region whose marker changed) is a conflict: the file is left alone and
//!   the new version goes beside it as `<file>.workshop-new`, to merge by hand. (One exception:
//!   whole `[[test]]` blocks of the step tests in `exercises/Cargo.toml`, one per unit before
//!   they became one target, are the workshop's lines, not the learner's, and go.)
//!
//! Nothing is written outside `exercises/`, and `--dry-run` writes nothing at all.
//!
//! How real Redis does it: it does not have learners; the nearest thing is `redis-check-aof
//! --fix`, which also never drops what it cannot prove is garbage.

use std::path::{Path, PathBuf};

use similar::{ChangeTag, TextDiff};

use crate::stubs;

use super::regions::transplant;
use super::reset::{pristine, FileReset};
use super::RunnerError;

/// What the update does to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new file, written whole.
    Added,
    /// The learner's file, with new stubs (or new pre-written code) added; nothing removed.
    Merged {
        /// The markers of the regions that came in new.
        new_regions: Vec<String>,
    },
    /// The new version would drop some of the learner's lines: left alone, the new version
    /// written beside it.
    Conflict {
        /// Why, in a sentence.
        reason: String,
    },
}

/// One file the update touches.
#[derive(Debug, Clone)]
pub struct FileUpdate {
    /// The path under `exercises/`.
    pub path: PathBuf,
    /// Its new text: the file's, or for a conflict, the `.workshop-new` file's.
    pub text: String,
    /// What happens.
    pub change: Change,
}

impl FileUpdate {
    /// Where the text goes, under `exercises/`.
    pub fn written_to(&self) -> PathBuf {
        match self.change {
            Change::Conflict { .. } => conflict_path(&self.path),
            _ => self.path.clone(),
        }
    }
}

/// `resp/src/resp3.rs` → `resp/src/resp3.rs.workshop-new`.
pub fn conflict_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".workshop-new");
    PathBuf::from(name)
}

/// The files the update would change, from the learner's `exercises/` and the pristine stubs
/// that `solutions/` generates now. Writes nothing.
pub fn plan(root: &Path) -> Result<Vec<FileUpdate>, RunnerError> {
    let learner = stubs::read_tree(&root.join("exercises"))?;
    plan_from(&learner, &pristine(root)?)
}

/// [`plan`], from the two trees.
pub fn plan_from(
    learner: &stubs::Files,
    pristine: &stubs::Files,
) -> Result<Vec<FileUpdate>, RunnerError> {
    let mut updates = Vec::new();
    for (path, new) in pristine {
        let Some(mine) = learner.get(path) else {
            updates.push(FileUpdate {
                path: path.clone(),
                text: new.clone(),
                change: Change::Added,
            });
            continue;
        };
        if mine == new {
            continue;
        }
        if path.extension().is_some_and(|ext| ext == "rs") {
            let had = markers(path, mine)?;
            if markers(path, new)?
                .iter()
                .all(|marker| had.contains(marker))
            {
                continue;
            }
        }
        let merged = match transplant(path, new, mine, |_| true) {
            Ok(merged) => merged.text,
            Err(RunnerError::MarkerMissing { marker, .. }) => {
                updates.push(FileUpdate {
                    path: path.clone(),
                    text: new.clone(),
                    change: Change::Conflict {
                        reason: format!("the new version has no region `{marker}`"),
                    },
                });
                continue;
            }
            Err(error) => return Err(error),
        };
        if &merged == mine {
            continue;
        }
        let diff = TextDiff::from_lines(mine.as_str(), merged.as_str());
        let old_step_tests = old_step_test_lines(path, mine);
        let dropped: Vec<String> = diff
            .iter_all_changes()
            .filter(|change| change.tag() == ChangeTag::Delete)
            .filter(|change| {
                !change
                    .old_index()
                    .is_some_and(|index| old_step_tests.contains(&index))
            })
            .map(|change| change.value().trim_end().to_string())
            .collect();
        let change = match dropped.first() {
            Some(first) => Change::Conflict {
                reason: format!(
                    "the new version would drop {} of your lines, the first: {first:?}",
                    dropped.len()
                ),
            },
            None => {
                let had = markers(path, mine)?;
                Change::Merged {
                    new_regions: markers(path, &merged)?
                        .into_iter()
                        .filter(|marker| !had.contains(marker))
                        .collect(),
                }
            }
        };
        updates.push(FileUpdate {
            path: path.clone(),
            text: merged,
            change,
        });
    }
    Ok(updates)
}

/// The lines of the learner's `Cargo.toml` (the tree's own, at the top of `exercises/`) that
/// are the workshop's and may go: the step tests were one `[[test]]` per unit before they became
/// one target, `steps`, and an update from then replaces them. Only whole blocks go, each exactly
/// `[[test]]`, `name = "step…"` and `path = "../tests/step….rs"`, with the comment line the
/// workshop put above some of them and the blank line before; a `[[test]]` of the learner's own,
/// or any other line, stays.
fn old_step_test_lines(path: &Path, text: &str) -> Vec<usize> {
    if path != Path::new("Cargo.toml") {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let is_step_entry = |line: &str, key: &str, suffix: &str| {
        line.strip_prefix(key)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|name| name.starts_with("step") && !name.contains('"'))
    };
    let mut droppable = Vec::new();
    for (at, window) in lines.windows(3).enumerate() {
        let [header, name, test_path] = window else {
            continue;
        };
        let block_ends = lines.get(at + 3).is_none_or(|next| next.is_empty());
        if *header != "[[test]]"
            || !is_step_entry(name, "name = \"", "\"")
            || !is_step_entry(test_path, "path = \"../tests/", ".rs\"")
            || !block_ends
        {
            continue;
        }
        droppable.extend(at..at + 3);
        let mut before = at;
        if before > 0
            && (lines[before - 1].starts_with("# Chapter ")
                || lines[before - 1].starts_with("# The step tests: "))
        {
            before -= 1;
            droppable.push(before);
        }
        if before > 0 && lines[before - 1].is_empty() {
            droppable.push(before - 1);
        }
    }
    droppable
}

/// The marker lines of a file's regions, trimmed.
fn markers(path: &Path, text: &str) -> Result<Vec<String>, RunnerError> {
    Ok(super::regions::spans(path, text)?
        .into_iter()
        .map(|span| span.marker)
        .collect())
}

/// Writes the planned files under `exercises/` (conflicts beside their file).
pub fn apply(root: &Path, updates: &[FileUpdate]) -> Result<(), RunnerError> {
    let writes: Vec<FileReset> = updates
        .iter()
        .map(|update| FileReset {
            path: update.written_to(),
            text: update.text.clone(),
            what: String::new(),
        })
        .collect();
    super::reset::apply(root, &writes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "fn a() {\n    // @step 3: a — a\n    todo!(\"step 3: a — a\")\n}\n";
    const NEW: &str = "fn a() {\n    // @step 3: a — a\n    todo!(\"step 3: a — a\")\n}\n\n\
                       fn b() {\n    // @step 5: b — b\n    todo!(\"step 5: b — b\")\n}\n";

    fn files(pairs: &[(&str, &str)]) -> stubs::Files {
        pairs
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect()
    }

    #[test]
    fn new_regions_and_files_come_in_and_the_learners_bodies_stay() {
        let mine = OLD.replace(
            "todo!(\"step 3: a — a\")",
            "let mine = 1;\n    mine.max(2);",
        );
        let learner = files(&[("x.rs", &mine)]);
        let pristine = files(&[("x.rs", NEW), ("y.rs", OLD)]);
        let updates = plan_from(&learner, &pristine).expect("plan");
        assert_eq!(updates.len(), 2, "{updates:?}");
        let x = &updates[0];
        assert_eq!(
            x.change,
            Change::Merged {
                new_regions: vec!["// @step 5: b — b".to_string()]
            }
        );
        assert!(
            x.text.contains("let mine = 1;\n    mine.max(2);\n"),
            "{}",
            x.text
        );
        assert!(x.text.contains("todo!(\"step 5: b — b\")"), "{}", x.text);
        assert_eq!(updates[1].change, Change::Added);
        assert_eq!(updates[1].path, PathBuf::from("y.rs"));
    }

    #[test]
    fn a_line_the_learner_wrote_outside_a_region_is_never_dropped() {
        let mine = format!("{OLD}\nfn helper() {{}}\n");
        let learner = files(&[("x.rs", &mine)]);
        let unchanged = plan_from(&learner, &files(&[("x.rs", OLD)])).expect("plan");
        assert!(
            unchanged.is_empty(),
            "no new region: left alone {unchanged:?}"
        );
        let updates = plan_from(&learner, &files(&[("x.rs", NEW)])).expect("plan");
        assert!(
            matches!(updates[0].change, Change::Conflict { .. }),
            "{updates:?}"
        );
        assert_eq!(updates[0].written_to(), PathBuf::from("x.rs.workshop-new"));
    }

    const MANIFEST_NOW: &str = "[package]\nname = \"exercises\"\n\n\
                                # The step tests.\n[[test]]\nname = \"steps\"\n\
                                path = \"../tests/steps.rs\"\n";
    const MANIFEST_THEN: &str = "[package]\nname = \"exercises\"\n\n\
                                 # The step tests: written once.\n[[test]]\n\
                                 name = \"step1_tcp\"\npath = \"../tests/step1_tcp.rs\"\n\n\
                                 # Chapter 5, after the core.\n[[test]]\n\
                                 name = \"step5_resp3\"\npath = \"../tests/step5_resp3.rs\"\n";

    #[test]
    fn the_old_step_test_entries_go_in_an_update() {
        let learner = files(&[("Cargo.toml", MANIFEST_THEN)]);
        let updates = plan_from(&learner, &files(&[("Cargo.toml", MANIFEST_NOW)])).expect("plan");
        assert_eq!(
            updates[0].change,
            Change::Merged {
                new_regions: vec![]
            },
            "the per-unit [[test]] blocks are the workshop's: {updates:?}"
        );
        assert_eq!(updates[0].text, MANIFEST_NOW);
    }

    #[test]
    fn a_test_target_of_the_learners_own_is_never_dropped() {
        for own in [
            "\n[[test]]\nname = \"mine\"\npath = \"tests/mine.rs\"\n",
            "\n[[test]]\nname = \"step_extra\"\npath = \"../tests/step_extra.rs\"\nharness = false\n",
        ] {
            let mine = format!("{MANIFEST_THEN}{own}");
            let learner = files(&[("Cargo.toml", &mine)]);
            let updates =
                plan_from(&learner, &files(&[("Cargo.toml", MANIFEST_NOW)])).expect("plan");
            assert!(
                matches!(updates[0].change, Change::Conflict { .. }),
                "{own:?} is the learner's: {updates:?}"
            );
        }
        let elsewhere = files(&[("commands/Cargo.toml", MANIFEST_THEN)]);
        let updates =
            plan_from(&elsewhere, &files(&[("commands/Cargo.toml", MANIFEST_NOW)])).expect("plan");
        assert!(
            matches!(updates[0].change, Change::Conflict { .. }),
            "only the tree's own manifest had the step tests: {updates:?}"
        );
    }

    #[test]
    fn an_up_to_date_tree_needs_nothing() {
        let tree = files(&[("x.rs", NEW)]);
        assert!(plan_from(&tree, &tree).expect("plan").is_empty());
    }
}
