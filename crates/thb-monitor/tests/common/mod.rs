//! Test support shared by the integration tests: the shared-data locator and an independent
//! check of exact disclosure from published totals.
#![allow(dead_code, clippy::unwrap_used)] // each test file uses a part; a failed unwrap fails the test

use nalgebra::DMatrix;
use thb_monitor::disclosure::{Margin, ProtectedTable, Published};

#[path = "../../../thb-model/tests/common/shared_data.rs"]
mod shared_data;
#[allow(unused_imports)] // each test file uses a part
pub use shared_data::shared;

/// Indices (row-major) of suppressed cells whose value the exact margins determine.
pub fn derivable_cells(p: &ProtectedTable) -> Vec<usize> {
    let (nr, nc) = (p.rows().len(), p.columns().len());
    let unknown: Vec<usize> = (0..nr * nc)
        .filter(|&i| matches!(p.cell(i / nc, i % nc), Published::Suppressed { .. }))
        .collect();
    let exact_rows: Vec<bool> = p
        .row_totals
        .iter()
        .map(|m| matches!(m, Margin::Value(_)))
        .collect();
    let exact_cols: Vec<bool> = p
        .column_totals
        .iter()
        .map(|m| matches!(m, Margin::Value(_)))
        .collect();
    derivable(nc, &unknown, &exact_rows, &exact_cols)
}

/// Which of the `unknown` cells (row-major indices in a table with `nc` columns) the exact
/// row and column totals determine.
pub fn derivable(
    nc: usize,
    unknown: &[usize],
    exact_rows: &[bool],
    exact_cols: &[bool],
) -> Vec<usize> {
    if unknown.is_empty() {
        return Vec::new();
    }
    let mut equations: Vec<Vec<f64>> = Vec::new();
    for (r, _) in exact_rows.iter().enumerate().filter(|(_, e)| **e) {
        equations.push(
            unknown
                .iter()
                .map(|&i| f64::from(u8::from(i / nc == r)))
                .collect(),
        );
    }
    for (c, _) in exact_cols.iter().enumerate().filter(|(_, e)| **e) {
        equations.push(
            unknown
                .iter()
                .map(|&i| f64::from(u8::from(i % nc == c)))
                .collect(),
        );
    }
    let rank = |rows: &[Vec<f64>]| {
        if rows.is_empty() {
            return 0;
        }
        DMatrix::from_fn(rows.len(), unknown.len(), |r, c| rows[r][c]).rank(1e-9)
    };
    let base = rank(&equations);
    unknown
        .iter()
        .enumerate()
        .filter(|&(j, _)| {
            let mut with = equations.clone();
            with.push(
                (0..unknown.len())
                    .map(|k| f64::from(u8::from(k == j)))
                    .collect(),
            );
            rank(&with) == base
        })
        .map(|(_, &i)| i)
        .collect()
}
