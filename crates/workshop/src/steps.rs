//! The workshop's units, in order: the core steps, then the chapters beyond the core. Everything
//! that needs "which steps are there" reads it here, so adding a chapter is adding a row.
//!
//! The core (steps 1 to 4) is taken in order, in 60 to 90 minutes. Each chapter after it
//! declares what it builds on: the core always, and another chapter only where it truly needs
//! it, so a learner takes the chapters in any order their requirements allow. A chapter's stubs
//! are marked `// @step N:` like the core's, with N its number: marker texts are how `cargo
//! workshop update` finds a learner's work, so they stay stable once published.

/// Whether a unit belongs to the core or is a chapter after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One of the core steps, taken in order.
    Core,
    /// A chapter beyond the core, taken once the core is done.
    Chapter,
}

/// The test target that holds every unit's step tests (`tests/steps.rs`, a `[[test]]` of both
/// the `exercises` and `solutions` packages): one binary, one module per unit. One binary links
/// once per build, where a binary per unit linked ten times.
pub const STEP_TESTS: &str = "steps";

/// One unit of the workshop: a core step or a chapter beyond the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// 1-based position; the `N` of its `// @step N:` markers and `todo!("step N: ...")`s.
    pub number: u8,
    /// Short title.
    pub title: &'static str,
    /// Its tests' module in the [`STEP_TESTS`] target, in `tests/<module>.rs`: `step1_tcp`.
    pub module: &'static str,
    /// The chapter in `docs/` that teaches it.
    pub chapter: &'static str,
    /// Core step or chapter.
    pub kind: Kind,
    /// The chapters (by number) it builds on besides the core; empty for most. Core steps
    /// require the core steps before them, implicitly.
    pub requires: &'static [u8],
    /// The time it takes in a workshop, for the map of chapters: "20 min".
    pub budget: &'static str,
}

impl Step {
    /// Whether it is one of the core steps.
    pub fn is_core(&self) -> bool {
        self.kind == Kind::Core
    }

    /// Its test file, relative to the workshop's root: `tests/step1_tcp.rs`.
    pub fn test_file(&self) -> String {
        format!("tests/{}.rs", self.module)
    }

    /// The libtest filter that picks its tests out of the [`STEP_TESTS`] binary: `step1_tcp::`
    /// (test names are `step1_tcp::bind_to_port_zero_gives_a_real_port`).
    pub fn filter(&self) -> String {
        format!("{}::", self.module)
    }

    /// The command that runs its tests: `cargo test -p exercises --test steps step1_tcp::`.
    pub fn test_command(&self) -> String {
        format!(
            "cargo test -p exercises --test {STEP_TESTS} {}",
            self.filter()
        )
    }

    /// "step 2" for a core step, "chapter 5" for a chapter.
    pub fn label(&self) -> String {
        match self.kind {
            Kind::Core => format!("step {}", self.number),
            Kind::Chapter => format!("chapter {}", self.number),
        }
    }
}

/// Every unit: the core steps in order, then the chapters.
pub const STEPS: &[Step] = &[
    Step {
        number: 1,
        title: "TCP server",
        module: "step1_tcp",
        chapter: "docs/src/01-tcp-server.md",
        kind: Kind::Core,
        requires: &[],
        budget: "20 min",
    },
    Step {
        number: 2,
        title: "RESP parsing",
        module: "step2_resp",
        chapter: "docs/src/02-resp.md",
        kind: Kind::Core,
        requires: &[],
        budget: "25 min",
    },
    Step {
        number: 3,
        title: "Commands",
        module: "step3_commands",
        chapter: "docs/src/03-commands.md",
        kind: Kind::Core,
        requires: &[],
        budget: "25 min",
    },
    Step {
        number: 4,
        title: "Expiry",
        module: "step4_expiry",
        chapter: "docs/src/04-expiry.md",
        kind: Kind::Core,
        requires: &[],
        budget: "20 min",
    },
    Step {
        number: 5,
        title: "RESP3",
        module: "step5_resp3",
        chapter: "docs/src/05-resp3.md",
        kind: Kind::Chapter,
        requires: &[],
        budget: "30 min",
    },
    Step {
        number: 6,
        title: "Keys and strings",
        module: "step6_keys",
        chapter: "docs/src/06-keys-strings.md",
        kind: Kind::Chapter,
        // The tutorial example runs through redis-py 8's defaults, which send `HELLO 3`.
        requires: &[5],
        budget: "35 min",
    },
    Step {
        number: 7,
        title: "Lists and blocking queues",
        module: "step7_lists",
        chapter: "docs/src/07-lists.md",
        kind: Kind::Chapter,
        // The tutorial example runs through redis-py 8's defaults, which send `HELLO 3`.
        requires: &[5],
        budget: "45 min",
    },
    Step {
        number: 8,
        title: "Hashes and sets",
        module: "step8_hashes",
        chapter: "docs/src/08-hashes-sets.md",
        kind: Kind::Chapter,
        // The tutorial example runs through redis-py 8's defaults, which send `HELLO 3`.
        requires: &[5],
        budget: "35 min",
    },
    Step {
        number: 9,
        title: "Pub/sub",
        module: "step9_pubsub",
        chapter: "docs/src/09-pubsub.md",
        kind: Kind::Chapter,
        // The tutorial example speaks RESP3 (redis-py 8's default), and PSUBSCRIBE's patterns
        // are chapter 6's glob matching.
        requires: &[5, 6],
        budget: "40 min",
    },
    Step {
        number: 10,
        title: "Transactions",
        module: "step10_transactions",
        chapter: "docs/src/10-transactions.md",
        kind: Kind::Chapter,
        // The tutorial example runs through redis-py 8's defaults, which send `HELLO 3`, and its
        // PyHats shop keeps its hats in chapter 8's hashes.
        requires: &[5, 8],
        budget: "35 min",
    },
];

/// The unit with this number.
pub fn step(number: u8) -> Option<Step> {
    STEPS.iter().copied().find(|step| step.number == number)
}

/// The core steps, in order.
pub fn core() -> impl Iterator<Item = Step> {
    STEPS.iter().copied().filter(Step::is_core)
}

/// The chapters beyond the core, in order.
pub fn chapters() -> impl Iterator<Item = Step> {
    STEPS.iter().copied().filter(|step| !step.is_core())
}

/// The number of the last core step: a tree "solved through" it has the whole core solved.
pub fn last_core() -> u8 {
    core().map(|step| step.number).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_comes_first_numbers_increase_and_requirements_exist() {
        for (index, step) in STEPS.iter().enumerate() {
            if step.is_core() {
                assert_eq!(usize::from(step.number), index + 1, "{step:?}");
            } else {
                assert!(step.number > STEPS[index - 1].number, "{step:?}");
            }
            for &required in step.requires {
                let required = super::step(required).expect("a required unit exists");
                assert!(!required.is_core(), "the core is implied: {step:?}");
                assert!(required.number < step.number, "{step:?}");
            }
        }
        let first_chapter = STEPS.iter().position(|step| !step.is_core());
        if let Some(first) = first_chapter {
            assert!(STEPS[first..].iter().all(|step| !step.is_core()));
        }
        assert!(last_core() >= 1);
    }

    #[test]
    fn every_unit_is_a_module_of_the_step_tests() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let crate_root = std::fs::read_to_string(root.join(format!("tests/{STEP_TESTS}.rs")))
            .expect("read tests/steps.rs");
        // rustfmt sorts the declarations by name, so compare them as sets.
        let declared: std::collections::BTreeSet<&str> = crate_root
            .lines()
            .filter_map(|line| line.strip_prefix("mod ")?.strip_suffix(';'))
            .filter(|module| *module != "support")
            .collect();
        let modules: std::collections::BTreeSet<&str> =
            STEPS.iter().map(|step| step.module).collect();
        assert_eq!(
            declared, modules,
            "tests/steps.rs declares one module per unit of STEPS"
        );
        assert_eq!(
            modules.len(),
            STEPS.len(),
            "each unit has a module of its own"
        );
        for step in STEPS {
            assert!(
                root.join(step.test_file()).is_file(),
                "{} exists",
                step.test_file()
            );
        }
    }
}
