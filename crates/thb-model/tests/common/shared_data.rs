//! The one locator of `../shared` for the tests of every crate of the workspace (each crate's
//! `tests/common` includes this file with `#[path]`: the workspace has no test-support crate).

use std::path::PathBuf;

/// The shared data folder: `$THB_SHARED_DIR` if set, else `<workspace root>/../shared`, when
/// its `data` folder exists. `None` (with a notice) when it is absent, unless
/// `THB_REQUIRE_SHARED_DATA` is set, in which case the test fails.
#[allow(clippy::print_stderr)] // the skip notice of the shared-data convention
pub fn shared() -> Option<PathBuf> {
    // every crate's manifest is at <workspace root>/crates/<crate>
    let dir = std::env::var_os("THB_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("data").is_dir() {
        Some(dir)
    } else if std::env::var_os("THB_REQUIRE_SHARED_DATA").is_some() {
        panic!("shared data required but not found at {}", dir.display());
    } else {
        eprintln!(
            "skipping: {} not found; set THB_SHARED_DIR",
            dir.join("data").display()
        );
        None
    }
}
