//! Test support shared by the end-to-end tests: running `thb`, finding `../shared`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr
)] // test support

use std::path::Path;
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

#[path = "../../../thb-model/tests/common/shared_data.rs"]
mod shared_data;
#[allow(unused_imports)] // each test file uses a part
pub use shared_data::shared;

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
