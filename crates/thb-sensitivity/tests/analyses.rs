//! End-to-end uncertainty and sensitivity analyses on a small index model: exact statistics
//! against a plain re-computation, failures by cause, determinism across thread counts.

#![cfg(feature = "serde")] // the analyses read their configs from JSON
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

mod common;

use common::{TOY_CONFIG, ToyIndex, in_pool};
use thb_scoring::rank::{Order, Ties, rank};
use thb_scoring::stats::quantile;
use thb_sensitivity::config::AnalysisConfig;
use thb_sensitivity::engine::{IndexModel, RunFailure};
use thb_sensitivity::run::{Choice, RunPlan, RunSpec};
use thb_sensitivity::sampling::{Design, MonteCarloDesign, SaltelliDesign};
use thb_sensitivity::sensitivity::{SensitivityOptions, SensitivityOutput, sensitivity};
use thb_sensitivity::uncertainty::{UncertaintyOptions, UncertaintyResult, uncertainty};

fn config(text: &str) -> AnalysisConfig {
    AnalysisConfig::from_json(text).unwrap()
}

fn labels(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("U{i:03}")).collect()
}

fn ua_csv(result: &UncertaintyResult) -> String {
    let mut out = Vec::new();
    result
        .write_csv(&labels(result.units().len()), &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}

/// Every run evaluated one by one, outside the runner: scores and ranks of the successful runs.
fn brute_force(model: &ToyIndex, config: &AnalysisConfig) -> (Vec<Vec<f64>>, Vec<Vec<f64>>, usize) {
    let plan = RunPlan::new(config, |l| model.level_len(l)).unwrap();
    let design = MonteCarloDesign::new(
        config.sampling(),
        config.seed(),
        config.runs(),
        plan.factors(),
    )
    .unwrap();
    let mut scratch = model.scratch();
    let (mut scores, mut ranks, mut failed) = (Vec::new(), Vec::new(), 0);
    for run in 0..design.runs() {
        let spec = plan.spec_in(&design, run).unwrap();
        let mut s = vec![0.0; model.units()];
        match model.evaluate(&spec, &mut scratch, &mut s) {
            Ok(()) => {
                ranks.push(rank(&s, Ties::Min, Order::Descending));
                scores.push(s);
            }
            Err(_) => failed += 1,
        }
    }
    (scores, ranks, failed)
}

fn check_against_brute_force(units: usize, text: &str) {
    let model = ToyIndex::new(units, 5);
    let c = config(text);
    let (scores, ranks, failed) = brute_force(&model, &c);
    // With score bands, and without (then, up to 255 units, each thread counts the ranks of its
    // runs as it ranks them).
    for bands in [true, false] {
        let options = UncertaintyOptions::default().top_k(3).score_bands(bands);
        let ua = uncertainty(&model, &c, &options).unwrap();
        check_result(&ua, &scores, &ranks, failed, bands);
    }
}

fn check_result(
    ua: &UncertaintyResult,
    scores: &[Vec<f64>],
    ranks: &[Vec<f64>],
    failed: usize,
    bands: bool,
) {
    assert_eq!(ua.failures().failed(), failed);
    assert_eq!(ua.successful_runs(), scores.len());
    for (i, u) in ua.units().iter().enumerate() {
        let r: Vec<f64> = ranks.iter().map(|run| run[i]).collect();
        let s: Vec<f64> = scores.iter().map(|run| run[i]).collect();
        assert_eq!(u.ranked_runs, r.len());
        assert_eq!(u.median_rank, quantile(&r, 0.5), "unit {i}");
        assert_eq!(u.q05_rank, quantile(&r, 0.05), "unit {i}");
        assert_eq!(u.q95_rank, quantile(&r, 0.95), "unit {i}");
        let mean = r.iter().sum::<f64>() / r.len() as f64;
        assert!(
            (u.mean_rank.unwrap() - mean).abs() <= 1e-12 * mean,
            "unit {i}"
        );
        if bands {
            assert_eq!(u.q05_score, quantile(&s, 0.05), "unit {i}");
            assert_eq!(u.q95_score, quantile(&s, 0.95), "unit {i}");
        } else {
            assert_eq!((u.q05_score, u.q95_score), (None, None));
        }
        let top = r.iter().filter(|&&v| v <= 3.0).count() as f64 / r.len() as f64;
        assert_eq!(u.top_k_share, Some(top));
    }
}

#[test]
fn uncertainty_matches_a_plain_recomputation_with_histograms() {
    // 12 units, 300 runs: ranks are counted in per-unit histograms.
    check_against_brute_force(12, TOY_CONFIG);
}

#[test]
fn uncertainty_matches_a_plain_recomputation_with_rank_lists() {
    // 90 units, 40 runs: more units than runs, ranks are kept as per-unit lists (with score
    // bands; without, they are counted).
    check_against_brute_force(90, &TOY_CONFIG.replace("\"runs\": 300", "\"runs\": 40"));
}

#[test]
fn nominal_values_are_the_nominal_run() {
    let model = ToyIndex::new(15, 4);
    let c = config(TOY_CONFIG);
    let ua = uncertainty(&model, &c, &UncertaintyOptions::default()).unwrap();
    let plan = RunPlan::new(&c, |l| model.level_len(l)).unwrap();
    let mut s = vec![0.0; 15];
    model
        .evaluate(&plan.nominal(), &mut model.scratch(), &mut s)
        .unwrap();
    let r = rank(&s, Ties::Min, Order::Descending);
    for (i, u) in ua.units().iter().enumerate() {
        assert_eq!(u.nominal_score, Some(s[i]));
        assert_eq!(u.nominal_rank.map(f64::from), Some(r[i]));
    }
}

#[test]
fn without_uncertainty_every_band_collapses_to_the_nominal() {
    let model = ToyIndex::new(10, 3);
    // No noise, one alternative each, and a fourth factor the model ignores.
    let c = config(
        r#"{"runs": 50, "seed": 1, "factors": [{"weights": {"level": 1, "noise": 0.0}},
            {"normalise": ["min_max"]}, {"aggregate": ["arithmetic"]}, {"impute": ["none", "mean"]}]}"#,
    );
    let ua = uncertainty(&model, &c, &UncertaintyOptions::default()).unwrap();
    assert!(ua.failures().is_empty());
    for u in ua.units() {
        let nominal = u.nominal_rank.map(f64::from);
        assert_eq!(
            (u.q05_rank, u.median_rank, u.q95_rank),
            (nominal, nominal, nominal)
        );
        assert_eq!(u.mean_rank, nominal);
        assert_eq!(
            (u.q05_score, u.q95_score),
            (u.nominal_score, u.nominal_score)
        );
    }
}

#[test]
fn failed_runs_are_counted_by_cause() {
    // Geometric mean over z-scores (which are negative for some units) fails; over min-max
    // values in [1, 100] it does not.
    let model = ToyIndex::new(12, 5);
    let c = config(TOY_CONFIG);
    let plan = RunPlan::new(&c, |l| model.level_len(l)).unwrap();
    let design = MonteCarloDesign::new(c.sampling(), c.seed(), c.runs(), plan.factors()).unwrap();
    let doomed: Vec<usize> = (0..design.runs())
        .filter(|&r| {
            let spec = plan.spec_in(&design, r).unwrap();
            spec.choices()[1] == Choice::Alternative { index: 1 }
                && spec.choices()[2] == Choice::Alternative { index: 1 }
        })
        .collect();
    assert!(!doomed.is_empty() && doomed.len() < design.runs());
    let ua = uncertainty(&model, &c, &UncertaintyOptions::default()).unwrap();
    let ranks_only = UncertaintyOptions::default().score_bands(false);
    assert_eq!(
        uncertainty(&model, &c, &ranks_only).unwrap().failures(),
        ua.failures()
    );
    let report = ua.failures();
    assert_eq!(report.failed(), doomed.len());
    assert_eq!(
        report.causes().iter().map(|c| c.runs).sum::<usize>(),
        doomed.len()
    );
    assert!(
        report
            .causes()
            .iter()
            .all(|c| c.cause.starts_with("geometric mean of a value <= 0"))
    );
    assert_eq!(
        report.causes().iter().map(|c| c.first_run).min(),
        doomed.first().copied()
    );
    assert!(
        report
            .to_string()
            .starts_with(&format!("{} failed run(s)", doomed.len()))
    );
    assert_eq!(ua.successful_runs(), design.runs() - doomed.len());
}

#[test]
fn sensitivity_leaves_out_rows_with_failed_runs_and_reports_them() {
    let model = ToyIndex::new(12, 5);
    let c = config(&TOY_CONFIG.replace("\"runs\": 300", "\"runs\": 64"));
    let sa = sensitivity(&model, &c, &SensitivityOptions::default().bootstrap(200)).unwrap();
    let plan = RunPlan::new(&c, |l| model.level_len(l)).unwrap();
    let design = SaltelliDesign::new(c.sampling(), c.seed(), 64, plan.factors()).unwrap();
    let fails = |r: usize| {
        let spec = plan.spec_in(&design, r).unwrap();
        spec.choices()[1] == Choice::Alternative { index: 1 }
            && spec.choices()[2] == Choice::Alternative { index: 1 }
    };
    let failed = (0..design.runs()).filter(|&r| fails(r)).count();
    let complete = (0..64)
        .filter(|&row| (0..6).all(|b| !fails(b * 64 + row)))
        .count();
    assert!(failed > 0);
    assert_eq!(sa.failures().failed(), failed);
    assert_eq!(sa.rows_used(), complete);
    assert_eq!(sa.factors().len(), 4);
    for f in sa.factors() {
        assert!(f.s1.is_finite() && f.st.is_finite() && f.st >= 0.0);
        assert!(f.s1_low <= f.s1_high && f.st_low <= f.st_high);
    }
}

#[test]
fn a_factor_without_effect_has_zero_indices() {
    let model = ToyIndex::new(12, 5);
    let c = config(
        r#"{"runs": 256, "seed": 5, "factors": [{"weights": {"level": 1, "noise": 0.25}},
            {"normalise": ["min_max", "z_score"]}, {"aggregate": ["arithmetic"]}, {"impute": ["none", "mean"]}]}"#,
    );
    for output in [
        SensitivityOutput::MeanAbsRankShift,
        SensitivityOutput::UnitRank { unit: 3 },
        SensitivityOutput::UnitScore { unit: 3 },
    ] {
        let opts = SensitivityOptions::default().output(output).bootstrap(100);
        let sa = sensitivity(&model, &c, &opts).unwrap();
        for ignored in [2, 3] {
            let f = &sa.factors()[ignored];
            assert_eq!(
                (f.s1, f.st, f.st_low, f.st_high),
                (0.0, 0.0, 0.0, 0.0),
                "{output:?} {}",
                f.factor
            );
        }
        assert!(
            sa.factors()[0].st > 0.0 || sa.factors()[1].st > 0.0,
            "{output:?}"
        );
    }
    let opts = SensitivityOptions::default().output(SensitivityOutput::UnitRank { unit: 12 });
    assert!(sensitivity(&model, &c, &opts).is_err());
}

#[test]
fn same_seed_same_bytes_whatever_the_thread_count() {
    let model = ToyIndex::new(40, 6);
    let ua_config = config(&TOY_CONFIG.replace("\"runs\": 300", "\"runs\": 700"));
    let sa_config = config(&TOY_CONFIG.replace("\"runs\": 300", "\"runs\": 100"));
    let run = |threads| {
        in_pool(threads, || {
            let ua = uncertainty(&model, &ua_config, &UncertaintyOptions::default()).unwrap();
            let ranks_only = UncertaintyOptions::default().score_bands(false);
            let ua_ranks = uncertainty(&model, &ua_config, &ranks_only).unwrap();
            assert_eq!(ua.failures(), ua_ranks.failures());
            let sa = sensitivity(&model, &sa_config, &SensitivityOptions::default()).unwrap();
            let mut sa_csv = Vec::new();
            sa.write_csv(&mut sa_csv).unwrap();
            (
                ua_csv(&ua) + &ua_csv(&ua_ranks),
                String::from_utf8(sa_csv).unwrap(),
                ua.failures().clone(),
                sa.failures().clone(),
            )
        })
    };
    let one = run(1);
    assert!(
        one.2.failed() > 0 && one.3.failed() > 0,
        "the comparison covers failures too"
    );
    for threads in [2, 4] {
        assert!(one == run(threads), "{threads} threads differ from 1");
    }
    let other_seed = TOY_CONFIG
        .replace("\"seed\": 11", "\"seed\": 12")
        .replace("\"runs\": 300", "\"runs\": 700");
    let other = uncertainty(&model, &config(&other_seed), &UncertaintyOptions::default()).unwrap();
    assert_ne!(ua_csv(&other), one.0);
}

#[test]
fn csv_outputs_have_the_interface_columns() {
    let model = ToyIndex::new(4, 3);
    let ua = uncertainty(&model, &config(TOY_CONFIG), &UncertaintyOptions::default()).unwrap();
    let text = ua_csv(&ua);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank,nominal_score,q05_score,q95_score"
        )
    );
    assert_eq!(lines.clone().count(), 4);
    let first: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(first[0], "U000");
    // Shortest round-trip form: each number parses back to the value it came from.
    assert_eq!(
        first[6].parse::<f64>().unwrap().to_bits(),
        ua.units()[0].nominal_score.unwrap().to_bits()
    );
    assert!(ua.write_csv(&["only one"], Vec::new()).is_err());

    let sa_config = config(&TOY_CONFIG.replace("\"runs\": 300", "\"runs\": 32"));
    let sa = sensitivity(
        &ToyIndex::new(12, 5),
        &sa_config,
        &SensitivityOptions::default(),
    )
    .unwrap();
    let mut out = Vec::new();
    sa.write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "factor,s1,s1_low,s1_high,st,st_low,st_high");
    let factors: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r.split(',').next().unwrap())
        .collect();
    assert_eq!(
        factors,
        ["weights", "normalise", "aggregate", "exclude_one"]
    );
    let st: f64 = rows[1].split(',').nth(4).unwrap().parse().unwrap();
    assert_eq!(st.to_bits(), sa.factors()[0].st.to_bits());
}

#[test]
fn progress_reaches_the_total() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let model = ToyIndex::new(8, 3);
    let last = AtomicUsize::new(0);
    let hook = |done: usize, total: usize| {
        assert!(done <= total);
        last.store(done, Ordering::Relaxed);
    };
    for bands in [true, false] {
        last.store(0, Ordering::Relaxed);
        let opts = UncertaintyOptions::default()
            .score_bands(bands)
            .progress(&hook);
        let ua = uncertainty(&model, &config(TOY_CONFIG), &opts).unwrap();
        assert_eq!(last.load(Ordering::Relaxed), ua.runs());
    }
}

/// [`ToyIndex`] with its runs put in classes out of run order, scoring in lanes or not: the
/// runner's grouping and its lanes must change no result.
struct Regrouped<'a> {
    toy: &'a ToyIndex,
    lanes: bool,
}

impl IndexModel for Regrouped<'_> {
    type Scratch = Vec<f64>;

    fn units(&self) -> usize {
        self.toy.units()
    }

    fn level_len(&self, level: u32) -> Option<usize> {
        self.toy.level_len(level)
    }

    fn scratch(&self) -> Vec<f64> {
        self.toy.scratch()
    }

    fn evaluate(
        &self,
        run: &RunSpec,
        scratch: &mut Vec<f64>,
        scores: &mut [f64],
    ) -> Result<(), RunFailure> {
        self.toy.evaluate(run, scratch, scores)
    }

    fn run_class(&self, run: &RunSpec) -> usize {
        run.run().map_or(0, |r| (r * 7 + 3) % 5)
    }

    fn scores_in_lanes(&self) -> bool {
        self.lanes
    }
}

#[test]
fn run_classes_and_lanes_change_no_result() {
    let c = config(&TOY_CONFIG.replace("\"runs\": 300", "\"runs\": 1500"));
    let sa_config = config(&TOY_CONFIG.replace("\"runs\": 300", "\"runs\": 150"));
    for units in [2, 3, 40, 5000] {
        let toy = ToyIndex::new(units, 6);
        let plain = run_all(&toy, &c, &sa_config);
        for lanes in [false, true] {
            let regrouped = Regrouped { toy: &toy, lanes };
            assert_eq!(
                run_all(&regrouped, &c, &sa_config),
                plain,
                "{units} units, lanes {lanes}"
            );
        }
    }
}

/// Uncertainty (with and without score bands) and sensitivity, as CSV, with the failures.
fn run_all<M: IndexModel>(
    model: &M,
    ua_config: &AnalysisConfig,
    sa_config: &AnalysisConfig,
) -> String {
    let mut out = String::new();
    for bands in [true, false] {
        let options = UncertaintyOptions::default().score_bands(bands);
        let ua = uncertainty(model, ua_config, &options).unwrap();
        out += &format!("{}\n{}", ua_csv(&ua), ua.failures());
    }
    match sensitivity(model, sa_config, &SensitivityOptions::default()) {
        Ok(sa) => {
            let mut sa_csv = Vec::new();
            sa.write_csv(&mut sa_csv).unwrap();
            out + &String::from_utf8(sa_csv).unwrap() + &sa.failures().to_string()
        }
        Err(e) => out + &e.to_string(), // two units: the mean rank shift may not vary
    }
}
