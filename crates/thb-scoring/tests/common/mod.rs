//! Shared helpers of the conformance tests: locating `../shared`, reading expected CSV files,
//! comparing with the stated tolerance.
#![allow(
    dead_code,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::collections::BTreeMap;
use std::path::Path;

use thb_model::io::{read_idata, read_imeta};
use thb_model::{Dataset, Framework, Period};
use thb_scoring::{IndexResult, IndexSpec, Pipeline};

#[path = "../../../thb-model/tests/common/shared_data.rs"]
mod shared_data;
#[allow(unused_imports)] // each test file uses a part
pub use shared_data::shared;

/// The ASEM framework and dataset.
pub fn asem(dir: &Path) -> (Framework, Dataset) {
    let fw = read_imeta(dir.join("data/coinr_asem/asem_imeta.csv")).unwrap();
    let ds = read_idata(
        dir.join("data/coinr_asem/asem_idata.csv"),
        &fw,
        Period::Year(2018),
    )
    .unwrap();
    (fw, ds)
}

pub const ASEM_PERIOD: Period = Period::Year(2018);

/// The spec `tests/data/<name>`.
pub fn spec(name: &str) -> IndexSpec {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    IndexSpec::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The result of `spec` on the ASEM data.
pub fn asem_run(fw: &Framework, ds: &Dataset, spec: &IndexSpec) -> IndexResult {
    Pipeline::new(fw, ds, spec)
        .unwrap()
        .run(ASEM_PERIOD)
        .unwrap()
}

/// A CSV file as a header and rows of text cells.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn read(path: &Path) -> Table {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .unwrap();
        let header = r.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
            .collect();
        Table { header, rows }
    }
    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }
    /// Rows keyed by the first column.
    pub fn by_key(&self) -> BTreeMap<String, &Vec<String>> {
        self.rows.iter().map(|r| (r[0].clone(), r)).collect()
    }
}

/// Parses an expected number: `NA` -> None; `NaN`/`Inf` are not expected in compared cells.
pub fn num(cell: &str) -> Option<f64> {
    match cell {
        "NA" | "" => None,
        other => Some(
            other
                .parse()
                .unwrap_or_else(|_| panic!("not a number: {other}")),
        ),
    }
}

/// |got - exp| <= 1e-9 + 1e-9 |exp|, both missing, or neither.
pub fn close(got: f64, exp: Option<f64>) -> bool {
    match exp {
        None => got.is_nan(),
        Some(e) => !got.is_nan() && (got - e).abs() <= 1e-9 + 1e-9 * e.abs(),
    }
}

/// Compares a result column `got` (rows = `units`) with the expected table's column `code`,
/// matching rows by uCode. Returns the number of compared cells; panics listing mismatches.
pub fn compare_column(what: &str, code: &str, units: &[String], got: &[f64], exp: &Table) -> usize {
    let c = exp.col(code);
    let rows = exp.by_key();
    assert_eq!(
        rows.len(),
        units.len(),
        "{what}: expected {} units, got {}",
        rows.len(),
        units.len()
    );
    let mut bad = Vec::new();
    for (u, g) in units.iter().zip(got) {
        let row = rows
            .get(u)
            .unwrap_or_else(|| panic!("{what}: unit {u} not expected"));
        let e = num(&row[c]);
        if !close(*g, e) {
            bad.push(format!("{u}/{code}: got {g}, expected {e:?}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{what}: {} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
    units.len()
}

/// Compares every column of `exp` except the first (uCode) with `got(code)`.
pub fn compare_table(
    what: &str,
    units: &[String],
    exp: &Table,
    got: impl Fn(&str) -> Vec<f64>,
) -> usize {
    exp.header[1..]
        .iter()
        .map(|code| compare_column(what, code, units, &got(code), exp))
        .sum()
}
