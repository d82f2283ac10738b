//! The workshop's steps, in order. Everything that needs "which steps are there" reads it here.

/// One step of the workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// 1-based position.
    pub number: u8,
    /// Short title.
    pub title: &'static str,
    /// The test target (a `[[test]]` of both the `exercises` and `solutions` packages).
    pub test_target: &'static str,
    /// The chapter in `docs/` that teaches it.
    pub chapter: &'static str,
}

/// The four core steps.
pub const STEPS: [Step; 4] = [
    Step {
        number: 1,
        title: "TCP server",
        test_target: "step1_tcp",
        chapter: "docs/src/01-tcp-server.md",
    },
    Step {
        number: 2,
        title: "RESP parsing",
        test_target: "step2_resp",
        chapter: "docs/src/02-resp.md",
    },
    Step {
        number: 3,
        title: "Commands",
        test_target: "step3_commands",
        chapter: "docs/src/03-commands.md",
    },
    Step {
        number: 4,
        title: "Expiry",
        test_target: "step4_expiry",
        chapter: "docs/src/04-expiry.md",
    },
];

/// The step with this number.
pub fn step(number: u8) -> Option<Step> {
    STEPS.iter().copied().find(|step| step.number == number)
}
