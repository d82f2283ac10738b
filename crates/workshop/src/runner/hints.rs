//! The per-step hints, from `hints.md` beside the runner.
//!
//! Hints are prose, so they live in a Markdown file that reads well on its own and is easy to
//! edit, not in string literals. `include_str!` bakes the file into the binary: the runner needs
//! nothing at run time but the learner's tree. The file holds one `## Step N: title` section per
//! step, in order; a test below keeps it in step with [`STEPS`](crate::steps::STEPS).

/// The whole hints file.
pub const HINTS: &str = include_str!("../../hints.md");

/// The hint text of `step` (without its heading), or `None` if the file has no such section.
pub fn hint(step: u8) -> Option<&'static str> {
    sections()
        .find(|(number, _, _)| *number == step)
        .map(|(_, _, text)| text)
}

/// Every `## Step N: title` section: (N, title, text), in file order.
pub fn sections() -> impl Iterator<Item = (u8, &'static str, &'static str)> {
    // Each chunk after a "\n## " starts with its heading line.
    HINTS.split("\n## ").skip(1).filter_map(|chunk| {
        let (heading, text) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let (number, title) = heading.strip_prefix("Step ")?.split_once(": ")?;
        Some((number.parse().ok()?, title.trim(), text.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::STEPS;

    #[test]
    fn one_section_per_step_in_order_with_the_steps_titles() {
        let found: Vec<(u8, &str)> = sections().map(|(n, title, _)| (n, title)).collect();
        let expected: Vec<(u8, &str)> = STEPS.iter().map(|s| (s.number, s.title)).collect();
        assert_eq!(
            found, expected,
            "hints.md must have one `## Step N: title` per step"
        );
        for step in STEPS {
            assert!(
                hint(step.number).is_some_and(|text| !text.is_empty()),
                "step {} has an empty hint",
                step.number
            );
        }
    }
}
