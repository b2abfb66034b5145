//! The analysis tables: statistics against COINr's moments, Cronbach's alpha against an
//! independent computation, PCA invariants, remove-one against full re-runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{ASEM_PERIOD, Table, asem, asem_run, close, num, shared, spec};
use thb_model::{Framework, Matrix, Node};
use thb_scoring::analysis::{
    CorrelationScope, collinearity_flags, correlations, cronbach, indicator_stats, pca, remove_one,
};
use thb_scoring::{IndexSpec, Pipeline, Stage};

fn p00() -> IndexSpec {
    spec("P00.json")
}

#[test]
fn stats_table_matches_coinr_moments() {
    let Some(dir) = shared() else { return };
    let (fw, ds) = asem(&dir);
    let r = asem_run(&fw, &ds, &p00());
    // COINr's treat_details reports skew and kurtosis of the data entering treatment.
    let exp = Table::read(&dir.join("conformance/coinr_asem/P00_example_coin/treat_details.csv"));
    let rows = exp.by_key();
    let stats = indicator_stats(r.stage(Stage::Screened), r.indicator_codes()).unwrap();
    assert_eq!(stats.len(), 49);
    for s in &stats {
        let row = rows[s.indicator.as_str()];
        assert!(close(s.skew.unwrap(), num(&row[2])), "{}", s.indicator);
        assert!(close(s.kurtosis.unwrap(), num(&row[3])), "{}", s.indicator);
        assert_eq!((s.n, s.missing), (51, 0));
    }
    let raw = indicator_stats(r.stage(Stage::Raw), r.indicator_codes()).unwrap();
    assert_eq!(raw.iter().map(|s| s.missing).sum::<usize>(), 63);
}

#[test]
fn cronbach_with_pairwise_complete_covariances() {
    let fw = Framework::new(vec![
        Node::indicator("a", "P").unwrap(),
        Node::indicator("b", "P").unwrap(),
        Node::indicator("c", "P").unwrap(),
        Node::aggregate("P", 2, Some("I")).unwrap(),
        Node::indicator("d", "Q").unwrap(),
        Node::aggregate("Q", 2, Some("I")).unwrap(),
        Node::aggregate("I", 3, None).unwrap(),
    ])
    .unwrap();
    let nan = f64::NAN;
    let m = Matrix::from_columns(
        5,
        vec![
            vec![1.0, 2.0, 3.0, nan, 5.0],
            vec![2.0, 1.0, nan, 5.0, 4.0],
            vec![1.0, 1.0, 2.0, 2.0, 3.0],
        ],
    )
    .unwrap();
    let codes = ["a", "b", "c"].map(String::from);
    let rows = cronbach(&m, &codes, &fw).unwrap();
    // only P has all its children among the columns; value from an independent computation
    assert_eq!(rows.len(), 1);
    assert!((rows[0].alpha.unwrap() - 0.924_563_017_479_300_9).abs() < 1e-12);
}

#[test]
fn correlations_pca_and_flags_on_asem() {
    let Some(dir) = shared() else { return };
    let (fw, ds) = asem(&dir);
    let r = asem_run(&fw, &ds, &p00());
    let (scores, codes) = (r.scores(), r.codes());
    let all = correlations(
        r.stage(Stage::Normalised),
        r.indicator_codes(),
        &fw,
        CorrelationScope::All,
    )
    .unwrap();
    assert_eq!(all.len(), 49 * 48 / 2);
    let within = correlations(scores, codes, &fw, CorrelationScope::WithinParent).unwrap();
    let with_parent = correlations(scores, codes, &fw, CorrelationScope::WithParent).unwrap();
    assert_eq!(with_parent.len(), 59); // every node but the root
    for row in all.iter().chain(&within).chain(&with_parent) {
        for v in [row.pearson, row.spearman, row.kendall]
            .into_iter()
            .flatten()
        {
            assert!((-1.0..=1.0).contains(&v));
        }
    }
    let flags = collinearity_flags(&all, 0.9);
    assert!(flags.iter().all(|f| f.pearson.unwrap().abs() > 0.9));
    let alpha = cronbach(scores, codes, &fw).unwrap();
    assert_eq!(alpha.len(), 11);
    for agg in fw.aggregates_at(2) {
        let p = pca(scores, codes, &fw, agg.code.as_str()).unwrap();
        let k = p.children.len() as f64;
        assert!((p.eigenvalues.iter().sum::<f64>() - k).abs() < 1e-9);
        assert!((p.variance_shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((p.pc1_loadings.iter().map(|l| l * l).sum::<f64>() - 1.0).abs() < 1e-9);
        let h = &p.handbook;
        assert!((h.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(h.weights.iter().all(|w| *w >= 0.0));
        // varimax is a rotation: the variance the kept factors explain is unchanged
        let explained: f64 = h.loadings.iter().flatten().map(|l| l * l).sum();
        assert!(
            (explained - p.eigenvalues[..h.retained].iter().sum::<f64>()).abs() < 1e-9,
            "{}",
            agg.code
        );
    }
}

#[test]
fn pca_of_two_correlated_variables() {
    let fw = Framework::new(vec![
        Node::indicator("a", "P").unwrap(),
        Node::indicator("b", "P").unwrap(),
        Node::aggregate("P", 2, None).unwrap(),
    ])
    .unwrap();
    let m =
        Matrix::from_columns(4, vec![vec![1.0, 2.0, 3.0, 4.0], vec![1.0, 3.0, 2.0, 4.0]]).unwrap();
    let p = pca(&m, &["a", "b"].map(String::from), &fw, "P").unwrap();
    // r = 0.8: eigenvalues 1 ± r, PC1 = (1, 1)/sqrt(2)
    assert!((p.eigenvalues[0] - 1.8).abs() < 1e-12 && (p.eigenvalues[1] - 0.2).abs() < 1e-12);
    for l in &p.pc1_loadings {
        assert!((l - 0.5f64.sqrt()).abs() < 1e-12);
    }
    assert_eq!(p.handbook.retained, 1);
    assert!(p.handbook.weights.iter().all(|w| (w - 0.5).abs() < 1e-12));
}

#[test]
fn remove_one_agrees_with_full_reruns() {
    let Some(dir) = shared() else { return };
    let (fw, ds) = asem(&dir);
    let p = Pipeline::new(&fw, &ds, &p00()).unwrap();
    let r = p.run(ASEM_PERIOD).unwrap();
    let raw = p.prepare(ASEM_PERIOD).unwrap();
    let normalised = p
        .normalise(
            &p.treat(
                &p.screen(&p.impute(&p.denominate(&raw).unwrap()).unwrap().0)
                    .unwrap()
                    .0,
            )
            .unwrap()
            .0,
        )
        .unwrap();
    let (nominal, what_if) = remove_one(&p, &normalised, 2).unwrap();
    assert_eq!(nominal, r.ranks());
    assert_eq!(what_if.len(), 8);
    for w in &what_if {
        let spec = IndexSpec::from_json(&p00().to_json().unwrap().replace(
            "\"weights\": {}",
            &format!("\"weights\": {{\"{}\": 0}}", w.element),
        ))
        .unwrap();
        let rerun = Pipeline::new(&fw, &ds, &spec)
            .unwrap()
            .run(ASEM_PERIOD)
            .unwrap();
        assert_eq!(w.ranks, rerun.ranks(), "{}", w.element);
        let shifts: Vec<u32> = w.shifts.iter().flatten().copied().collect();
        assert!(
            (w.mean_abs_shift.unwrap()
                - f64::from(shifts.iter().sum::<u32>()) / shifts.len() as f64)
                .abs()
                < 1e-12
        );
    }
}
