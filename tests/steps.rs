//! The step tests, one module per unit of the workshop: the core's steps 1 to 4, then the
//! chapters. They are written once and compiled against both trees (`[[test]] name = "steps"`
//! in `exercises/Cargo.toml` and `solutions/Cargo.toml`), into ONE test binary.
//!
//! Why one binary and not one per unit: every test binary is a link of the whole server and its
//! dependencies (a second or so each), and compiles `support` again. With ten units that was ten
//! links on every build of every tree, most of a cold `cargo test`. One binary links once; a
//! unit's tests are the module of its name, picked out by libtest's name filter:
//!
//! ```sh
//! cargo test -p exercises --test steps step1_tcp::   # step 1's tests
//! cargo test -p exercises --test steps               # every unit's
//! ```
//!
//! `cargo workshop` runs this binary once per unit in play, each with its module as the filter,
//! side by side: a unit's tests still run in a process of their own.
//!
//! How real Redis does it: one test runner too, `./runtests`, which runs the Tcl test units
//! (`tests/unit/*.tcl`) it is given with `--single`, each against a server of its own.

mod support;

mod step1_tcp;
mod step2_resp;
mod step3_commands;
mod step4_expiry;

// The chapters, after the core.
mod step10_transactions;
mod step5_resp3;
mod step6_keys;
mod step7_lists;
mod step8_hashes;
mod step9_pubsub;
