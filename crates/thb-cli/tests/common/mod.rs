//! Test support shared by the end-to-end tests: running `thb`, finding `../shared`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr
)] // test support

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `thb` binary.
pub fn thb(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thb"))
        .args(args)
        .output()
        .expect("the thb binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shared data folder, or `None` (with a notice) when it is absent and not required.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("THB_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("data").is_dir() {
        Some(dir)
    } else if std::env::var_os("THB_REQUIRE_SHARED_DATA").is_some() {
        panic!("shared data required but not found at {}", dir.display());
    } else {
        eprintln!("skipping: ../shared/data not found; set THB_SHARED_DIR");
        None
    }
}

/// The ASEM iMeta and iData paths.
pub fn asem(dir: &Path) -> (String, String) {
    (
        dir.join("data/coinr_asem/asem_imeta.csv")
            .display()
            .to_string(),
        dir.join("data/coinr_asem/asem_idata.csv")
            .display()
            .to_string(),
    )
}
