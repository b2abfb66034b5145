//! Helpers shared by the integration tests: the locator of `../shared` and small readers of
//! the raw files used to check the adapters independently.
#![allow(dead_code, clippy::print_stderr, clippy::expect_used)]

use std::path::PathBuf;

mod shared_data;
#[allow(unused_imports)] // each test file uses a part
pub use shared_data::shared;

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
