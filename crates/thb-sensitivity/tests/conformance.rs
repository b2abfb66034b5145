//! The Sobol' estimators against COINr (S01_sobol_estimator_ishigami) and against the analytic
//! indices of the Ishigami function.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

mod common;

use common::{ishigami, shared_dir};
use thb_sensitivity::estimators::SaltelliOutputs;
use thb_sensitivity::sampling::{Design, SaltelliDesign, Sampling};

fn close(got: f64, exp: f64) -> bool {
    (got - exp).abs() <= 1e-9 + 1e-9 * exp.abs()
}

#[test]
fn reproduces_coinr_s01_ishigami() {
    let Some(dir) = shared_dir() else { return };
    let case = dir.join("conformance/coinr_asem/S01_sobol_estimator_ishigami");
    let mut rdr = csv::Reader::from_path(case.join("design_and_output.csv")).unwrap();
    let mut blocks = Vec::new();
    let mut u = Vec::new();
    let mut y = Vec::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        blocks.push(rec[1].to_owned());
        let row: Vec<f64> = (2..5).map(|k| rec[k].parse().unwrap()).collect();
        y.push(rec[5].parse::<f64>().unwrap());
        u.push(row);
    }
    let (n, d) = (400, 3);
    assert_eq!(y.len(), n * (d + 2));

    // The layout is COINr's SA_sample: A, B, then AB_i = A with column i from B.
    for row in 0..n {
        assert_eq!(blocks[row], "A");
        assert_eq!(blocks[n + row], "B");
        for i in 0..d {
            let ab = &u[(2 + i) * n + row];
            for j in 0..d {
                let from = if i == j { &u[n + row] } else { &u[row] };
                assert_eq!(ab[j].to_bits(), from[j].to_bits(), "AB_{} row {row}", i + 1);
            }
        }
    }
    // Our Ishigami function is COINr's (used by the convergence test below).
    for (ui, yi) in u.iter().zip(&y) {
        assert!((ishigami(ui) - yi).abs() <= 1e-12 * (1.0 + yi.abs()));
    }

    let idx = SaltelliOutputs::new(y, n, d).unwrap().indices().unwrap();
    let mut expected = csv::Reader::from_path(case.join("sensitivity_indices.csv")).unwrap();
    for (i, rec) in expected.records().enumerate() {
        let rec = rec.unwrap();
        let (si, sti, v): (f64, f64, f64) = (
            rec[1].parse().unwrap(),
            rec[2].parse().unwrap(),
            rec[3].parse().unwrap(),
        );
        assert!(
            close(idx.first_order()[i], si),
            "S{} {} vs {si}",
            i + 1,
            idx.first_order()[i]
        );
        assert!(
            close(idx.total_order()[i], sti),
            "ST{} {} vs {sti}",
            i + 1,
            idx.total_order()[i]
        );
        assert!(close(idx.variance(), v), "V {} vs {v}", idx.variance());
    }
}

/// Analytic Ishigami indices (a = 7, b = 0.1), from the variance decomposition in
/// composite-methods.md §10.
fn analytic() -> ([f64; 3], [f64; 3]) {
    use std::f64::consts::PI;
    let (a, b) = (7.0, 0.1);
    let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
    let v = a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0 + 0.5;
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

/// The Ishigami outputs of a Saltelli design of `n` Sobol' base rows.
fn ishigami_on_sobol_design(seed: u64, n: usize) -> SaltelliOutputs {
    let design = SaltelliDesign::new(Sampling::Sobol, seed, n, 3).unwrap();
    let mut u = [0.0; 3];
    let y: Vec<f64> = (0..design.runs())
        .map(|r| {
            design.point(r, &mut u).unwrap();
            ishigami(&u)
        })
        .collect();
    SaltelliOutputs::new(y, n, 3).unwrap()
}

/// With scrambled Sobol' points and N = 8192 base rows (40,960 evaluations) every index is
/// within 0.005 of its analytic value, for each of three seeds.
#[test]
fn converges_to_analytic_ishigami_indices_with_sobol_sampling() {
    const N: usize = 8192;
    const TOL: f64 = 0.005;
    let (s_true, st_true) = analytic();
    assert!((s_true[0] - 0.3139).abs() < 1e-4 && (st_true[2] - 0.2437).abs() < 1e-4);
    for seed in [1, 42, 2024] {
        let idx = ishigami_on_sobol_design(seed, N).indices().unwrap();
        for i in 0..3 {
            let (s, st) = (idx.first_order()[i], idx.total_order()[i]);
            assert!(
                (s - s_true[i]).abs() < TOL,
                "seed {seed} S{}: {s} vs {}",
                i + 1,
                s_true[i]
            );
            assert!(
                (st - st_true[i]).abs() < TOL,
                "seed {seed} ST{}: {st} vs {}",
                i + 1,
                st_true[i]
            );
        }
    }
}

/// Bootstrap intervals hold the point estimate and narrow as N grows.
#[test]
fn bootstrap_intervals_hold_the_estimate_and_narrow_with_n() {
    let width = |n: usize| {
        let out = ishigami_on_sobol_design(7, n);
        let idx = out.indices().unwrap();
        let ci = out.bootstrap(500, 1).unwrap();
        assert_eq!(ci.resamples, 500);
        let mut widths = Vec::new();
        for i in 0..3 {
            let (s, st) = (ci.first_order[i], ci.total_order[i]);
            assert!(
                s.low <= idx.first_order()[i] && idx.first_order()[i] <= s.high,
                "N {n} S{}: {s:?}",
                i + 1
            );
            assert!(
                st.low <= idx.total_order()[i] && idx.total_order()[i] <= st.high,
                "N {n} ST{}: {st:?}",
                i + 1
            );
            widths.push((s.high - s.low, st.high - st.low));
        }
        widths
    };
    let (small, large) = (width(256), width(4096));
    for (s, l) in small.iter().zip(&large) {
        assert!(l.0 < s.0 && l.1 < s.1, "{small:?} vs {large:?}");
    }
}
