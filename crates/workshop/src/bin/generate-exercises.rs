//! Regenerates `exercises/` from `solutions/`: `cargo run -p workshop --bin generate-exercises`.
//!
//! For maintainers, after changing anything under `solutions/`. `cargo test` fails until the
//! committed exercises match what this writes. Files that no longer exist in the solutions are
//! removed from the exercises.

use std::process::ExitCode;

use workshop::stubs;
use workshop::trees::workspace_root;

fn main() -> ExitCode {
    let root = workspace_root();
    let result = (|| -> Result<usize, String> {
        let solutions =
            stubs::read_solutions(&root.join("solutions")).map_err(|e| e.to_string())?;
        let exercises = stubs::generate(&solutions, 0).map_err(|e| e.to_string())?;
        let existing = stubs::read_tree(&root.join("exercises")).unwrap_or_default();
        for stale in existing
            .keys()
            .filter(|path| !exercises.contains_key(*path))
        {
            std::fs::remove_file(root.join("exercises").join(stale)).map_err(|e| e.to_string())?;
        }
        stubs::write_tree(&root.join("exercises"), &exercises).map_err(|e| e.to_string())?;
        Ok(exercises.len())
    })();
    match result {
        Ok(count) => {
            println!("exercises/: {count} files written from solutions/");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
