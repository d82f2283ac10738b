//! A file's stub regions, and moving region bodies from one version of a file to another.
//!
//! `reset` and `solution` both work region by region, because a file can mix steps:
//! `store/src/keyspace.rs` has step 3 and step 4 stubs, and resetting step 4 must keep the
//! learner's step 3. A region is found in the learner's file by its marker line (the markers and
//! their hints stay in `exercises/`), and its body by the generator's own rule,
//! [`stubs::body_after_marker`], so "the region" means the same lines here as when the stubs
//! were made.
//!
//! Lines are handled with their endings, so whatever is not a replaced body is kept byte for
//! byte.

use std::path::Path;

use crate::stubs::{self, Body, StubError};

use super::RunnerError;

/// One region as it stands in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub step: u8,
    /// The marker line, trimmed: `// @step 4: Keyspace::persist — ...`.
    pub marker: String,
    pub body: Body,
}

/// A file's lines with their endings, and the same lines without.
struct Lines<'a> {
    raw: Vec<&'a str>,
    bare: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    fn of(text: &'a str) -> Lines<'a> {
        let raw: Vec<&str> = text.split_inclusive('\n').collect();
        let bare = raw
            .iter()
            .map(|line| {
                let line = line.strip_suffix('\n').unwrap_or(line);
                line.strip_suffix('\r').unwrap_or(line)
            })
            .collect();
        Lines { raw, bare }
    }

    fn body(&self, body: Body) -> String {
        self.raw[body.start..body.end].concat()
    }
}

/// Every region of `text` (a file at `path`, relative to the tree), in line order.
pub fn spans(path: &Path, text: &str) -> Result<Vec<Span>, StubError> {
    spans_of(path, &Lines::of(text))
}

fn spans_of(path: &Path, lines: &Lines) -> Result<Vec<Span>, StubError> {
    let mut found = Vec::new();
    for (index, line) in lines.bare.iter().enumerate() {
        let Some((step, _)) = stubs::marker_of(line) else {
            continue;
        };
        let problem = |problem: String| StubError::Marker {
            path: path.to_path_buf(),
            line: index + 1,
            problem,
        };
        let step = step.map_err(problem)?;
        let body = stubs::body_after_marker(&lines.bare, index)
            .map_err(|message| problem(message.to_string()))?;
        found.push(Span {
            step,
            marker: line.trim().to_string(),
            body,
        });
    }
    Ok(found)
}

/// The result of [`transplant`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transplanted {
    /// The new text of the target file.
    pub text: String,
    /// The markers of the regions whose body changed.
    pub changed: Vec<String>,
}

/// Gives `target` the bodies that `source` has in the regions `select` picks (by step), and
/// keeps everything else of `target`. `path` is the file's path in the tree, for messages.
pub fn transplant(
    path: &Path,
    target: &str,
    source: &str,
    select: impl Fn(u8) -> bool,
) -> Result<Transplanted, RunnerError> {
    let target_lines = Lines::of(target);
    let source_lines = Lines::of(source);
    let target_spans = spans_of(path, &target_lines)?;
    let source_spans = spans_of(path, &source_lines)?;

    // (the target's body to replace, the source's body to put there), in target line order.
    let mut replacements = Vec::new();
    for wanted in source_spans.iter().filter(|span| select(span.step)) {
        let here = target_spans
            .iter()
            .find(|span| span.marker == wanted.marker)
            .ok_or_else(|| RunnerError::MarkerMissing {
                path: path.to_path_buf(),
                marker: wanted.marker.clone(),
            })?;
        let new_body = source_lines.body(wanted.body);
        if target_lines.body(here.body) != new_body {
            replacements.push((here.body, new_body, wanted.marker.clone()));
        }
    }
    replacements.sort_by_key(|(body, _, _)| body.start);

    let mut text = String::with_capacity(target.len());
    let mut next = 0;
    for (body, new_body, _) in &replacements {
        text.push_str(&target_lines.raw[next..body.start].concat());
        text.push_str(new_body);
        next = body.end;
    }
    text.push_str(&target_lines.raw[next..].concat());
    Ok(Transplanted {
        text,
        changed: replacements
            .into_iter()
            .map(|(_, _, marker)| marker)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STUBS: &str = "impl K {\n    fn a(&self) {\n        // @step 3: K::a — a\n        // 1. hint\n        todo!(\"step 3: K::a — a\")\n    }\n\n    fn b(&self) {\n        // @step 4: K::b — b\n        todo!(\"step 4: K::b — b\")\n    }\n}\n";

    #[test]
    fn resetting_one_step_keeps_the_other_steps_work() {
        let learner = STUBS
            .replace(
                "todo!(\"step 3: K::a — a\")",
                "let x = 1;\n        x.max(2);",
            )
            .replace("todo!(\"step 4: K::b — b\")", "println!(\"b\");");
        let reset =
            transplant(Path::new("k.rs"), &learner, STUBS, |step| step == 4).expect("transplant");
        assert!(
            reset.text.contains("let x = 1;\n        x.max(2);\n"),
            "step 3 work kept"
        );
        assert!(
            reset.text.contains("todo!(\"step 4: K::b — b\")"),
            "step 4 restored"
        );
        assert_eq!(reset.changed, ["// @step 4: K::b — b"]);
        let all = transplant(Path::new("k.rs"), &learner, STUBS, |_| true).expect("all");
        assert_eq!(
            all.text, STUBS,
            "every region restored gives the stubs back, byte for byte"
        );
    }

    #[test]
    fn a_missing_marker_is_an_error_not_a_guess() {
        let learner = STUBS.replace("// @step 4: K::b — b\n", "");
        let error = transplant(Path::new("k.rs"), &learner, STUBS, |step| step == 4);
        assert!(matches!(error, Err(RunnerError::MarkerMissing { .. })));
    }
}
