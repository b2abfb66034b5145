//! COINr's documented example pipeline (P00) on the ASEM data, step by step:
//! denominate -> impute group mean -> screen -> treat -> normalise min-max -> aggregate
//! arithmetic, compared with `../shared/conformance/coinr_asem/P00_example_coin/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{ASEM_PERIOD, Table, asem, close, compare_table, num, shared, spec};
use thb_scoring::rank::Ties;
use thb_scoring::treat::Side;
use thb_scoring::{IndexResult, IndexSpec, Pipeline, Stage};

fn p00_spec() -> IndexSpec {
    spec("P00.json")
}

fn unit_codes(r: &IndexResult, stage: Stage) -> Vec<String> {
    r.stage_units(stage)
        .iter()
        .map(|&u| r.units()[u].code.as_str().to_owned())
        .collect()
}

/// Column `code` of the stage's matrix.
fn stage_column(r: &IndexResult, stage: Stage, code: &str) -> Vec<f64> {
    let codes = if stage == Stage::Aggregated {
        r.codes()
    } else {
        r.indicator_codes()
    };
    let j = codes
        .iter()
        .position(|c| c == code)
        .unwrap_or_else(|| panic!("no node {code}"));
    r.stage(stage).column(j).to_vec()
}

struct P00 {
    dir: std::path::PathBuf,
    result: IndexResult,
    effective: Vec<(String, f64)>,
}

fn run() -> Option<P00> {
    let dir = shared()?;
    let (fw, ds) = asem(&dir);
    let pipeline = Pipeline::new(&fw, &ds, &p00_spec()).unwrap();
    let result = pipeline.run(ASEM_PERIOD).unwrap();
    let effective = pipeline.effective_weights();
    Some(P00 {
        dir: dir.join("conformance/coinr_asem/P00_example_coin"),
        result,
        effective,
    })
}

#[test]
fn every_stage_matches_coinr() {
    let Some(p) = run() else { return };
    let r = &p.result;
    for (file, stage) in [
        ("denominated.csv", Stage::Denominated),
        ("imputed.csv", Stage::Imputed),
        ("screened.csv", Stage::Screened),
        ("treated.csv", Stage::Treated),
        ("normalised.csv", Stage::Normalised),
        ("aggregated.csv", Stage::Aggregated),
    ] {
        let exp = Table::read(&p.dir.join(file));
        let n = compare_table(file, &unit_codes(r, stage), &exp, |code| {
            stage_column(r, stage, code)
        });
        assert_eq!(
            n,
            exp.rows.len() * (exp.header.len() - 1),
            "{file}: not every cell compared"
        );
    }
}

#[test]
fn results_index_and_ranks_match_exactly() {
    let Some(p) = run() else { return };
    let r = &p.result;
    let exp = Table::read(&p.dir.join("results.csv"));
    let units = unit_codes(r, Stage::Aggregated);
    let index = r.root_scores();
    let rows = exp.by_key();
    assert_eq!(rows.len(), units.len());
    for (i, u) in units.iter().enumerate() {
        let row = rows[u];
        assert!(
            close(index[i], num(&row[1])),
            "{u}: index {} vs {}",
            index[i],
            row[1]
        );
        assert_eq!(
            r.ranks()[i].map(|v| v.to_string()),
            Some(row[2].clone()),
            "{u}: rank"
        );
    }
}

#[test]
fn aggregate_ranks_and_group_ranks_match_exactly() {
    let Some(p) = run() else { return };
    let r = &p.result;
    let units = unit_codes(r, Stage::Aggregated);
    let exp = Table::read(&p.dir.join("get_results_aggs_ranks.csv"));
    let rows = exp.by_key();
    for code in &exp.header[1..] {
        let c = exp.col(code);
        let ranks = r.node_ranks(code, Ties::Min).unwrap();
        for (u, got) in units.iter().zip(&ranks) {
            assert_eq!(got.to_string(), rows[u][c], "{u}/{code}");
        }
    }
    let exp = Table::read(&p.dir.join("get_results_summ_groupranks_EurAsia.csv"));
    let rows = exp.by_key();
    let ranks = r.group_ranks("Index", "EurAsia_group", Ties::Min).unwrap();
    for ((u, got), unit) in units.iter().zip(&ranks).zip(r.kept_units()) {
        assert_eq!(unit.groups["EurAsia_group"], rows[u][1], "{u}: group");
        assert_eq!(got.to_string(), rows[u][2], "{u}: group rank");
    }
}

#[test]
fn rounded_results_match_coinr_report_table() {
    let Some(p) = run() else { return };
    let r = &p.result;
    let units = unit_codes(r, Stage::Aggregated);
    let exp = Table::read(&p.dir.join("get_results_aggs_rounded2.csv"));
    let rows = exp.by_key();
    let rank_col = exp.col("Rank");
    for (i, u) in units.iter().enumerate() {
        assert_eq!(
            r.ranks()[i].map(|v| v.to_string()).as_deref(),
            Some(rows[u][rank_col].as_str())
        );
    }
    for code in exp.header.iter().filter(|h| *h != "uCode" && *h != "Rank") {
        let c = exp.col(code);
        for (u, got) in units.iter().zip(r.score(code).unwrap()) {
            let want: f64 = rows[u][c].parse().unwrap();
            let ours = thb_model::numeric::to_decimal(*got, Some(2), u, code).unwrap();
            let theirs = thb_model::numeric::to_decimal(want, Some(2), u, code).unwrap();
            assert_eq!(
                ours, theirs,
                "{u}/{code}: {got} rounds to {ours}, COINr shows {want}"
            );
        }
    }
}

#[test]
fn effective_weights_match() {
    let Some(p) = run() else { return };
    let exp = Table::read(&p.dir.join("effective_weights.csv"));
    let ours: BTreeMap<&str, f64> = p.effective.iter().map(|(c, w)| (c.as_str(), *w)).collect();
    assert_eq!(exp.rows.len(), ours.len());
    for row in &exp.rows {
        let got = ours[row[0].as_str()];
        assert!(close(got, num(&row[3])), "{}: {got} vs {}", row[0], row[3]);
    }
}

#[test]
fn screening_summary_matches() {
    let Some(p) = run() else { return };
    let report = p
        .result
        .provenance()
        .screened
        .as_ref()
        .expect("P00 screens");
    let removed = Table::read(&p.dir.join("screen_removed_units.csv"));
    assert!(removed.rows.is_empty());
    assert!(report.removed.is_empty());
    let exp = Table::read(&p.dir.join("screen_data_summary.csv"));
    let rows = exp.by_key();
    assert_eq!(rows.len(), report.units.len());
    for u in &report.units {
        let row = rows[u.at.unit.as_str()];
        let flag = |name: &str| row[exp.col(name)] == "TRUE";
        assert_eq!(u.n_missing.to_string(), row[exp.col("N_missing")]);
        assert_eq!(u.n_zero.to_string(), row[exp.col("N_zero")]);
        assert_eq!(
            (u.n_missing + u.n_zero).to_string(),
            row[exp.col("N_miss_or_zero")]
        );
        assert!(close(u.data_availability, num(&row[exp.col("Dat_Avail")])));
        assert!(close(u.nonzero_share, num(&row[exp.col("Non_Zero")])));
        assert_eq!(u.low_data, flag("LowData"));
        // COINr computes LowNonZero with its default nonzero_thresh 0.05 even when screening by NA.
        assert_eq!(u.nonzero_share < 0.05, flag("LowNonZero"));
        assert_eq!(u.included, flag("Included"));
        assert!(!flag("LowDatOrZeroFlag"));
    }
}

#[test]
fn treatment_details_match() {
    let Some(p) = run() else { return };
    let exp = Table::read(&p.dir.join("treat_details.csv"));
    let reports: BTreeMap<&str, _> = p
        .result
        .provenance()
        .treated
        .iter()
        .map(|t| (t.indicator.as_str(), t))
        .collect();
    assert_eq!(exp.rows.len(), reports.len());
    let opt = |x: Option<f64>| x.unwrap_or(f64::NAN);
    for row in &exp.rows {
        let t = reports[row[0].as_str()];
        let cell = |name: &str| row[exp.col(name)].as_str();
        assert_eq!(
            t.passed_before,
            Some(cell("check_SkewKurt0.Pass") == "TRUE"),
            "{}",
            row[0]
        );
        assert!(
            close(opt(t.before.skew), num(cell("check_SkewKurt0.Skew"))),
            "{} skew",
            row[0]
        );
        assert!(
            close(opt(t.before.kurtosis), num(cell("check_SkewKurt0.Kurt"))),
            "{} kurt",
            row[0]
        );
        match &t.winsorisation {
            None => {
                assert_eq!(cell("winsorise.nwin"), "NA", "{}", row[0]);
                assert_eq!(cell("check_SkewKurt1.Pass"), "NA");
            }
            Some(w) => {
                assert_eq!(
                    w.nwin.to_string(),
                    cell("winsorise.nwin"),
                    "{} nwin",
                    row[0]
                );
                assert_eq!(
                    w.passed,
                    cell("check_SkewKurt1.Pass") == "TRUE",
                    "{}",
                    row[0]
                );
                assert!(
                    close(opt(w.after.skew), num(cell("check_SkewKurt1.Skew"))),
                    "{} skew1",
                    row[0]
                );
                assert!(
                    close(opt(w.after.kurtosis), num(cell("check_SkewKurt1.Kurt"))),
                    "{} kurt1",
                    row[0]
                );
            }
        }
        // P00: every failing indicator passes after winsorising, so no log transform is used.
        assert!(t.log.is_none(), "{}", row[0]);
    }
}

#[test]
fn treated_points_match() {
    let Some(p) = run() else { return };
    let exp = Table::read(&p.dir.join("treat_points.csv"));
    // Rows of treat_points.csv are the units sorted by uCode (the file has no uCode column).
    let mut units: Vec<String> = unit_codes(&p.result, Stage::Treated);
    units.sort();
    assert_eq!(units.len(), exp.rows.len());
    let mut expected = BTreeSet::new();
    for (row, unit) in exp.rows.iter().zip(&units) {
        for (code, cell) in exp.header.iter().zip(row) {
            if !cell.is_empty() {
                expected.insert((code.clone(), unit.clone(), cell.clone()));
            }
        }
    }
    let mut got = BTreeSet::new();
    for t in &p.result.provenance().treated {
        for w in t.winsorisation.iter().filter(|w| w.kept) {
            for pt in &w.points {
                let side = match pt.side {
                    Side::High => "winhi",
                    Side::Low => "winlo",
                };
                got.insert((
                    t.indicator.clone(),
                    pt.at.unit.as_str().to_owned(),
                    side.to_owned(),
                ));
            }
        }
    }
    assert_eq!(got, expected);
    assert_eq!(expected.len(), 35, "cells marked in treat_points.csv");
}

#[test]
fn p00_spec_round_trips_and_checks() {
    let spec = p00_spec();
    let back = IndexSpec::from_json(&spec.to_json().unwrap()).unwrap();
    assert_eq!(back, spec);
    let Some(dir) = shared() else { return };
    let (fw, _) = asem(&dir);
    spec.check(&fw).unwrap();
}
