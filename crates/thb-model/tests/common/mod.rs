//! Helpers shared by the integration tests: the locator of `../shared` and small readers of
//! the raw files used to check the adapters independently.
#![allow(dead_code, clippy::print_stderr, clippy::expect_used)]

use std::path::PathBuf;

/// The shared data folder: `$THB_SHARED_DIR` if set, else `<workspace root>/../shared`.
/// `None` (with a notice) when it is absent, unless `THB_REQUIRE_SHARED_DATA` is set, in which
/// case the test fails.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("THB_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("data").is_dir() {
        Some(dir)
    } else if std::env::var_os("THB_REQUIRE_SHARED_DATA").is_some() {
        panic!("shared data required but not found at {}", dir.display());
    } else {
        eprintln!("skipping: ../shared/data not found; set THB_SHARED_DIR");
        None
    }
}

/// A file of `../shared/data`, or `None` (with a notice) when the folder is absent.
pub fn data_file(relative: &str) -> Option<PathBuf> {
    shared().map(|dir| dir.join("data").join(relative))
}

/// The rows of a raw CSV file as maps column -> text (independent of the readers under test).
pub fn raw_rows(path: &std::path::Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("readable CSV");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// A file in this crate's `tests/data` folder (synthetic fixtures).
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}
