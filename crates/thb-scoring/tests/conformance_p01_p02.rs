//! P01 (raw -> min-max -> arithmetic mean, with missing values) and P02 (column-mean
//! imputation -> z-score -> arithmetic mean) against COINr.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{Table, asem, asem_run, close, compare_table, num, shared, spec};
use thb_scoring::{IndexResult, Stage};

fn run(spec_file: &str) -> Option<(std::path::PathBuf, IndexResult)> {
    let dir = shared()?;
    let (fw, ds) = asem(&dir);
    let result = asem_run(&fw, &ds, &spec(spec_file));
    Some((dir.join("conformance/coinr_asem"), result))
}

fn check(folder: &str, r: &IndexResult, files: &[(&str, Stage)]) {
    for (file, stage) in files {
        let exp = Table::read(&std::path::Path::new(folder).join(file));
        let units: Vec<String> = r
            .stage_units(*stage)
            .iter()
            .map(|&u| r.units()[u].code.as_str().to_owned())
            .collect();
        let codes = if *stage == Stage::Aggregated {
            r.codes()
        } else {
            r.indicator_codes()
        };
        let n = compare_table(file, &units, &exp, |code| {
            let j = codes.iter().position(|c| c == code).unwrap();
            r.stage(*stage).column(j).to_vec()
        });
        assert_eq!(n, exp.rows.len() * (exp.header.len() - 1));
    }
    let exp = Table::read(&std::path::Path::new(folder).join("results.csv"));
    let rows = exp.by_key();
    for ((unit, score), rank) in r.kept_units().zip(r.root_scores()).zip(r.ranks()) {
        let row = rows[unit.code.as_str()];
        assert!(
            close(*score, num(&row[1])),
            "{}: {score} vs {}",
            unit.code,
            row[1]
        );
        assert_eq!(
            rank.map(|v| v.to_string()).as_deref(),
            Some(row[2].as_str()),
            "{}",
            unit.code
        );
    }
}

#[test]
fn p01_raw_minmax_amean() {
    let Some((dir, r)) = run("P01.json") else {
        return;
    };
    let folder = dir.join("P01_raw_minmax_amean");
    check(
        folder.to_str().unwrap(),
        &r,
        &[
            ("normalised.csv", Stage::Normalised),
            ("aggregated.csv", Stage::Aggregated),
        ],
    );
    // 63 missing cells propagate to the normalised data; no aggregate is missing.
    assert_eq!(
        r.stage(Stage::Normalised)
            .missing_mask()
            .iter()
            .filter(|m| **m)
            .count(),
        63
    );
}

#[test]
fn p02_imean_zscore_amean() {
    let Some((dir, r)) = run("P02.json") else {
        return;
    };
    let folder = dir.join("P02_imean_zscore_amean");
    check(
        folder.to_str().unwrap(),
        &r,
        &[
            ("imputed.csv", Stage::Imputed),
            ("normalised.csv", Stage::Normalised),
            ("aggregated.csv", Stage::Aggregated),
        ],
    );
    assert_eq!(r.provenance().imputed.len(), 63);
}
