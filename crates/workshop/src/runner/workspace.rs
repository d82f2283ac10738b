//! Finding the workshop from wherever the learner stands.
//!
//! Learners run `cargo workshop` from the root, from `exercises/store/src`, or from a terminal
//! their editor opened anywhere inside. Cargo itself finds the workspace from the current
//! directory, so we do the same: walk up to the first directory holding a `Cargo.toml` *next to*
//! an `exercises/` directory. We do not use `CARGO_MANIFEST_DIR`: that is where the runner was
//! compiled, which is not necessarily the tree the learner is working in.

use std::path::{Path, PathBuf};

use super::RunnerError;

/// The workshop root at or above `start`.
pub fn find_root(start: &Path) -> Result<PathBuf, RunnerError> {
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("exercises").is_dir())
        .map(Path::to_path_buf)
        .ok_or_else(|| RunnerError::OutsideWorkshop(start.to_path_buf()))
}

/// The workshop root at or above the current directory.
pub fn current_root() -> Result<PathBuf, RunnerError> {
    let here = std::env::current_dir().map_err(RunnerError::CurrentDir)?;
    find_root(&here)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_root_from_deep_inside_and_refuses_outside() {
        let root = crate::trees::workspace_root();
        let deep = root.join("exercises/store/src");
        assert_eq!(find_root(&deep).expect("inside"), root);
        assert!(matches!(
            find_root(Path::new("/")),
            Err(RunnerError::OutsideWorkshop(_))
        ));
    }
}
