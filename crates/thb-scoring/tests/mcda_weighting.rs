//! Weighting methods: published examples, hand-solvable cases and the degenerate inputs that
//! must give a typed error or a documented value, never `NaN`.
#![cfg(feature = "serde")]
// the registries are named through their serde form
// ok: documented exact values (weight 0, fills, ranks) are asserted exactly
#![allow(clippy::float_cmp)]
#![allow(clippy::unwrap_used)]

use thb_model::{Direction, Matrix};
use thb_scoring::ScoringError;
use thb_scoring::mcda::{DecisionMatrix, McdaNormalisation};
use thb_scoring::weighting::{
    Ahp, Bod, Cilos, CoefficientOfVariation, Correlation, Critic, Entropy, Gini, Optimised, Pca,
    RandomIndex, Weigh, Weighting,
};

fn matrix(rows: &[&[f64]]) -> Matrix {
    Matrix::from_rows(&rows.iter().map(|r| r.to_vec()).collect::<Vec<_>>()).unwrap()
}

#[test]
fn ahp_saaty_textbook_example() {
    // the three-criterion example found in most AHP texts: w ≈ (0.637, 0.258, 0.105),
    // λmax ≈ 3.039, CR ≈ 0.033 with Saaty's RI(3) = 0.58
    let a = vec![
        vec![1.0, 3.0, 5.0],
        vec![1.0 / 3.0, 1.0, 3.0],
        vec![0.2, 1.0 / 3.0, 1.0],
    ];
    let r = Ahp::new(a, RandomIndex::Saaty, false)
        .unwrap()
        .solve()
        .unwrap();
    for (g, e) in r.weights.iter().zip([0.637, 0.258, 0.105]) {
        assert!((g - e).abs() < 5e-4, "{g} vs {e}");
    }
    assert!((r.lambda_max - 3.039).abs() < 5e-4);
    assert!((r.consistency_ratio - 0.033).abs() < 5e-4);
    assert_eq!(r.random_index, RandomIndex::Saaty);
    assert!((r.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
}

#[test]
fn ahp_consistent_matrix_has_cr_zero_and_exact_weights() {
    // a_ij = v_i/v_j is perfectly consistent: w = v/Σv, λmax = n
    let v = [4.0, 2.0, 1.0, 1.0];
    let a: Vec<Vec<f64>> = v
        .iter()
        .map(|x| v.iter().map(|y| x / y).collect())
        .collect();
    for ri in [
        RandomIndex::Saaty,
        RandomIndex::DoneganDodd,
        RandomIndex::TummalaLing,
    ] {
        let r = Ahp::new(a.clone(), ri, false).unwrap().solve().unwrap();
        for (g, e) in r.weights.iter().zip([0.5, 0.25, 0.125, 0.125]) {
            assert!((g - e).abs() < 1e-12);
        }
        assert!(r.consistency_ratio.abs() < 1e-12);
    }
}

#[test]
fn ahp_inconsistent_matrix_is_an_error_unless_allowed() {
    let a = vec![
        vec![1.0, 9.0, 1.0 / 9.0],
        vec![1.0 / 9.0, 1.0, 9.0],
        vec![9.0, 1.0 / 9.0, 1.0],
    ];
    let err = Ahp::new(a.clone(), RandomIndex::Saaty, false)
        .unwrap()
        .solve()
        .unwrap_err();
    assert!(matches!(err, ScoringError::InconsistentComparisons { ratio, .. } if ratio > 0.1));
    let r = Ahp::new(a, RandomIndex::Saaty, true)
        .unwrap()
        .solve()
        .unwrap();
    assert!(r.consistency_ratio > 0.1);
    assert!(r.weights.iter().all(|w| w.is_finite() && *w >= 0.0));
}

#[test]
fn ahp_rejects_malformed_matrices() {
    assert!(
        Ahp::new(
            vec![vec![1.0, 2.0], vec![2.0, 1.0]],
            RandomIndex::Saaty,
            false
        )
        .is_err()
    );
    assert!(Ahp::new(vec![vec![1.0, 2.0]], RandomIndex::Saaty, false).is_err());
    assert!(
        Ahp::new(
            vec![vec![1.0, -2.0], vec![-0.5, 1.0]],
            RandomIndex::Saaty,
            false
        )
        .is_err()
    );
    let big = vec![vec![1.0; 16]; 16];
    assert!(Ahp::new(big.clone(), RandomIndex::Saaty, false).is_err());
    assert!(Ahp::new(big, RandomIndex::DoneganDodd, false).is_ok());
    // and its size must match the data
    let x = matrix(&[&[1.0, 2.0, 3.0]]);
    let ahp = Ahp::new(
        vec![vec![1.0, 2.0], vec![0.5, 1.0]],
        RandomIndex::Saaty,
        false,
    )
    .unwrap();
    assert!(matches!(
        ahp.weigh(&DecisionMatrix::oriented(&x).unwrap()),
        Err(ScoringError::Shape(_))
    ));
}

#[test]
fn bod_scores_and_share_bounds_by_hand() {
    let y = matrix(&[&[1.0, 0.2], &[0.2, 1.0], &[0.5, 0.5]]);
    let dm = DecisionMatrix::oriented(&y).unwrap();
    let free = Bod::new(0.0, 1.0, McdaNormalisation::Identity)
        .unwrap()
        .solve(&dm)
        .unwrap();
    for (g, e) in free.scores.iter().zip([1.0, 1.0, 5.0 / 6.0]) {
        assert!((g - e).abs() < 1e-6, "{g} vs {e}");
    }
    // every indicator must carry at least 30 % of the unit's score: for unit 1 the optimum
    // is on w₂ = (15/7)·w₁ and 0.2·w₁ + w₂ = 1, so CI = (10/7)·(7/16.4) = 25/41
    let bounded = Bod::new(0.3, 1.0, McdaNormalisation::Identity)
        .unwrap()
        .solve(&dm)
        .unwrap();
    assert!(
        (bounded.scores[0] - 25.0 / 41.0).abs() < 1e-6,
        "{}",
        bounded.scores[0]
    );
    let w = bounded.unit_weights.row(0);
    let share = w[0] * 1.0 / bounded.scores[0];
    assert!((0.3 - 1e-6..=0.7 + 1e-6).contains(&share));
    assert!((bounded.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // bounds that cannot hold for 2 indicators
    assert!(matches!(
        Bod::new(0.6, 1.0, McdaNormalisation::Identity)
            .unwrap()
            .solve(&dm),
        Err(ScoringError::Spec { .. })
    ));
    assert!(Bod::new(0.5, 0.4, McdaNormalisation::Identity).is_err());
}

#[test]
fn bod_rejects_negative_data() {
    let y = matrix(&[&[1.0, -0.2], &[0.2, 1.0]]);
    let bod = Bod::new(0.0, 1.0, McdaNormalisation::Identity).unwrap();
    let err = bod
        .weigh(&DecisionMatrix::oriented(&y).unwrap())
        .unwrap_err();
    assert!(
        matches!(err, ScoringError::NotApplicable { unit: Some(_), .. }),
        "{err}"
    );
}

#[test]
fn entropy_degenerate_inputs() {
    // negative values: a typed error naming unit and indicator
    let x = matrix(&[&[1.0, 2.0], &[-1.0, 3.0]]);
    let dm = DecisionMatrix::oriented(&x)
        .unwrap()
        .with_labels(["A", "B"], ["p", "q"])
        .unwrap();
    match Entropy.weigh(&dm).unwrap_err() {
        ScoringError::NotApplicable { node, unit, .. } => {
            assert_eq!(node, "p");
            assert_eq!(unit.as_deref(), Some("B"));
        }
        other => panic!("{other}"),
    }
    // every column constant: no column discriminates, a typed error (not 0/0)
    let x = matrix(&[&[1.0, 0.0], &[1.0, 0.0]]);
    assert!(
        Entropy
            .weigh(&DecisionMatrix::oriented(&x).unwrap())
            .is_err()
    );
    // a single unit
    let x = matrix(&[&[1.0, 2.0]]);
    assert!(matches!(
        Entropy.weigh(&DecisionMatrix::oriented(&x).unwrap()),
        Err(ScoringError::Shape(_))
    ));
}

#[test]
fn missing_values_are_rejected_by_the_decision_matrix() {
    let x = Matrix::from_rows(&[vec![1.0, f64::NAN], vec![2.0, 3.0]]).unwrap();
    match DecisionMatrix::oriented(&x).unwrap_err() {
        ScoringError::NotApplicable { node, unit, .. } => {
            assert_eq!(node, "#2");
            assert_eq!(unit.as_deref(), Some("#1"));
        }
        other => panic!("{other}"),
    }
}

#[test]
fn constant_columns_give_errors_or_documented_zeros() {
    let x = matrix(&[
        &[1.0, 5.0, 2.0],
        &[2.0, 5.0, 1.0],
        &[3.0, 5.0, 4.0],
        &[4.0, 5.0, 3.0],
    ]);
    let dm = DecisionMatrix::oriented(&x).unwrap();
    for m in ["\"critic\"", "\"pca\"", "\"optimised\"", "\"bod\""] {
        let w: Weighting = serde_json::from_str(m).unwrap();
        assert!(
            matches!(w.weigh(&dm), Err(ScoringError::ConstantColumn { .. })),
            "{m}"
        );
    }
    for m in [
        "\"entropy\"",
        "\"std\"",
        "\"variance\"",
        "\"cv\"",
        "\"gini\"",
    ] {
        let w: Weighting = serde_json::from_str(m).unwrap();
        let got = w.weigh(&dm).unwrap();
        assert_eq!(got[1], 0.0, "{m}");
        assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{m}");
    }
}

#[test]
fn cilos_when_one_unit_is_best_everywhere() {
    let x = matrix(&[&[3.0, 3.0], &[1.0, 2.0], &[2.0, 1.0]]);
    let err = Cilos
        .weigh(&DecisionMatrix::oriented(&x).unwrap())
        .unwrap_err();
    assert!(matches!(err, ScoringError::Solver { .. }), "{err}");
}

#[test]
fn critic_spearman_and_direction() {
    let x = matrix(&[
        &[1.0, 10.0, 3.0],
        &[2.0, 30.0, 1.0],
        &[3.0, 20.0, 2.0],
        &[4.0, 40.0, 5.0],
    ]);
    let types = [
        Direction::Positive,
        Direction::Positive,
        Direction::Negative,
    ];
    let dm = DecisionMatrix::new(&x, &types).unwrap();
    let pearson = Critic::default().weigh(&dm).unwrap();
    let spearman = Critic {
        correlation: Correlation::Spearman,
        direction_blind: false,
    }
    .weigh(&dm)
    .unwrap();
    let blind = Critic {
        correlation: Correlation::Pearson,
        direction_blind: true,
    }
    .weigh(&dm)
    .unwrap();
    for w in [&pearson, &spearman, &blind] {
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
    // a cost column flips the sign of its correlations, so direction matters (D4)
    assert!((pearson[2] - blind[2]).abs() > 1e-3);
    // with benefit columns only, direction-blind is the same computation
    let dm = DecisionMatrix::oriented(&x).unwrap();
    let a = Critic::default().weigh(&dm).unwrap();
    let b = Critic {
        direction_blind: true,
        ..Critic::default()
    }
    .weigh(&dm)
    .unwrap();
    assert_eq!(a, b);
}

#[test]
fn cv_and_gini_need_positive_means() {
    let x = matrix(&[&[-1.0, 2.0], &[-3.0, 3.0]]);
    let dm = DecisionMatrix::oriented(&x).unwrap();
    assert!(matches!(
        CoefficientOfVariation.weigh(&dm),
        Err(ScoringError::NotApplicable { .. })
    ));
    assert!(matches!(
        Gini.weigh(&dm),
        Err(ScoringError::NotApplicable { .. })
    ));
}

#[test]
fn pca_groups_correlated_indicators() {
    // x1, x2 nearly collinear; x3, x4 nearly collinear and uncorrelated with x1
    // (Σ(x1 − 3.5)(x3 − 8/3) = 0): two factors, each pair loads on one of them
    let x = matrix(&[
        &[1.0, 1.1, 2.0, 2.1],
        &[2.0, 1.9, 5.0, 4.9],
        &[3.0, 3.1, 1.0, 1.1],
        &[4.0, 3.9, 1.0, 0.9],
        &[5.0, 5.1, 5.0, 5.0],
        &[6.0, 5.9, 2.0, 2.0],
    ]);
    let r = Pca::default()
        .analyse(&DecisionMatrix::oriented(&x).unwrap())
        .unwrap();
    assert_eq!(r.retained, 2);
    assert_eq!(r.factor_of[0], r.factor_of[1]);
    assert_eq!(r.factor_of[2], r.factor_of[3]);
    assert_ne!(r.factor_of[0], r.factor_of[2]);
    assert!(r.eigenvalues.windows(2).all(|p| p[0] >= p[1]));
    assert!((r.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(
        r.weights.iter().all(|w| (w - 0.25).abs() < 0.02),
        "{:?}",
        r.weights
    );
    // a fixed number of factors
    let one = Pca::new(1.0, 0.1, Some(1))
        .unwrap()
        .analyse(&DecisionMatrix::oriented(&x).unwrap())
        .unwrap();
    assert_eq!(one.retained, 1);
}

#[test]
fn optimised_reaches_an_unequal_target() {
    let x = matrix(&[
        &[1.0, 2.0, 1.5],
        &[2.0, 6.0, 4.0],
        &[3.0, 1.0, 2.0],
        &[4.0, 5.0, 6.0],
        &[5.0, 3.0, 1.0],
        &[6.0, 4.0, 3.0],
    ]);
    let target = vec![1.0, 1.0, 1.2];
    let r = Optimised::new(Some(target.clone()), Correlation::Pearson, None)
        .unwrap()
        .solve(&DecisionMatrix::oriented(&x).unwrap())
        .unwrap();
    let rs: f64 = r.correlations.iter().sum();
    for (c, t) in r.correlations.iter().zip(&target) {
        assert!((c / rs - t / 3.2).abs() < 1e-6, "{:?}", r.correlations);
    }
    assert!(r.objective < 1e-12);
    assert!(matches!(
        Optimised::new(Some(vec![1.0]), Correlation::Pearson, None)
            .unwrap()
            .weigh(&DecisionMatrix::oriented(&x).unwrap()),
        Err(ScoringError::Shape(_))
    ));
}

#[test]
fn registry_round_trips_every_name() {
    for name in Weighting::NAMES {
        let json = match *name {
            "expert" => r#"{"expert": {"weights": [1, 2]}}"#.to_owned(),
            "ahp" => r#"{"ahp": {"pairwise": [[1, 2], [0.5, 1]]}}"#.to_owned(),
            _ => format!(r#""{name}""#),
        };
        let w: Weighting = serde_json::from_str(&json).unwrap();
        assert_eq!(w.name(), *name);
        let back: Weighting = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
        assert_eq!(back, w);
    }
    let err = serde_json::from_str::<Weighting>(r#""ahp""#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("needs its parameters"), "{err}");
    assert!(serde_json::from_str::<Weighting>(r#""nope""#).is_err());
    assert!(serde_json::from_str::<Weighting>(r#"{"critic": {"bogus": 1}}"#).is_err());
    assert!(serde_json::from_str::<Weighting>(r#"{"entropy": {}, "std": {}}"#).is_err());
    assert!(serde_json::from_str::<Weighting>(r#"{"bod": {"lower_share": 2}}"#).is_err());
    let critic: Weighting =
        serde_json::from_str(r#"{"critic": {"correlation": "spearman"}}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&critic).unwrap(),
        r#"{"critic":{"correlation":"spearman","direction_blind":false}}"#
    );
}

#[test]
fn entropy_is_the_same_whatever_the_thread_count() {
    // large enough for the parallel path
    let (m, n) = (4096, 40);
    let data: Vec<f64> = (0..m * n)
        .map(|k| 0.01 + ((k * 7919) % 1000) as f64 / 37.0)
        .collect();
    let x = Matrix::from_column_major(m, n, data).unwrap();
    let dm = DecisionMatrix::oriented(&x).unwrap();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| Entropy.weigh(&dm).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}

#[test]
fn overflowing_magnitudes_are_errors_not_nan() {
    let x = matrix(&[&[1e200, 1.0], &[2e200, 2.0]]);
    let types = [Direction::Negative, Direction::Positive];
    let dm = DecisionMatrix::new(&x, &types).unwrap();
    assert!(McdaNormalisation::Vector.normalise(&dm).is_err());
    let bad_fill = McdaNormalisation::MinMax(thb_scoring::mcda::MinMaxOptions {
        on_constant: thb_scoring::mcda::OnConstant::Fill(f64::NAN),
    });
    let flat = matrix(&[&[1.0], &[1.0]]);
    assert!(
        bad_fill
            .normalise(&DecisionMatrix::oriented(&flat).unwrap())
            .is_err()
    );
}
