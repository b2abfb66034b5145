//! Runnable walkthroughs of the THB INDEX library.
//!
//! Each example is a binary under `examples/examples/`; run one with
//! `cargo run -p thb-examples --example NAME`. Examples that use the public data of the project
//! read it from `../shared` (or `$THB_SHARED_DIR`) at run time.

use std::path::PathBuf;

/// The project's shared data folder: `$THB_SHARED_DIR`, else `../shared` beside the workspace.
///
/// Returns `Ok(None)` (after saying so on stderr) when the folder is absent, so that an example
/// run on a machine without the data ends cleanly; with `THB_REQUIRE_SHARED_DATA` set, a missing
/// folder is an error.
///
/// # Errors
/// When the data is required but absent.
pub fn shared_data() -> Result<Option<PathBuf>, String> {
    let dir = std::env::var_os("THB_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    if dir.join("data").is_dir() {
        return Ok(Some(dir));
    }
    if std::env::var_os("THB_REQUIRE_SHARED_DATA").is_some() {
        return Err(format!(
            "shared data required but not found at {}",
            dir.display()
        ));
    }
    #[allow(clippy::print_stderr)] // examples talk to the person running them
    {
        eprintln!(
            "skipping: shared data not found at {}; set THB_SHARED_DIR",
            dir.display()
        );
    }
    Ok(None)
}
