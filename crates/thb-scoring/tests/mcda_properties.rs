//! Property tests of the weighting and MCDA methods: weights are ≥ 0 and sum to 1; scores and
//! weights do not depend on the order of the units; improving a unit on a criterion (raising a
//! benefit value, lowering a cost value) never worsens its rank; rank comparison measures stay
//! in range.
#![cfg(feature = "serde")]
// the registries are named through their serde form
// ok: documented exact values (weight 0, fills, ranks) are asserted exactly
#![allow(clippy::float_cmp)]
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use thb_model::{Direction, Matrix};
use thb_scoring::ScoringError;
use thb_scoring::compare::{
    KendallKind, compare_rankings, goodman_kruskal_gamma, kendall, rank_shift, spearman,
    top_k_overlap, weighted_spearman, ws_coefficient,
};
use thb_scoring::mcda::{DecisionMatrix, Evaluate, McdaMethod, McdaNormalisation, Topsis, Wsm};
use thb_scoring::rank::{Order, Ties, rank};
use thb_scoring::weighting::{Weigh, Weighting};

/// A decision problem: positive values, directions, positive weights.
#[derive(Debug, Clone)]
struct Problem {
    rows: Vec<Vec<f64>>,
    types: Vec<Direction>,
    weights: Vec<f64>,
}

impl Problem {
    fn matrix(&self) -> Matrix {
        Matrix::from_rows(&self.rows).unwrap()
    }
}

fn problem(
    units: std::ops::Range<usize>,
    criteria: std::ops::Range<usize>,
) -> impl Strategy<Value = Problem> {
    (units, criteria).prop_flat_map(|(m, n)| {
        (
            prop::collection::vec(prop::collection::vec(0.1f64..100.0, n), m),
            prop::collection::vec(prop::bool::ANY, n),
            prop::collection::vec(0.05f64..1.0, n),
        )
            .prop_map(|(rows, cost, weights)| Problem {
                rows,
                types: cost
                    .into_iter()
                    .map(|c| {
                        if c {
                            Direction::Negative
                        } else {
                            Direction::Positive
                        }
                    })
                    .collect(),
                weights,
            })
    })
}

/// A permutation of 0..n from a seed list.
fn permutation(n: usize, keys: &[u32]) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    p.sort_by_key(|&i| (keys[i % keys.len()].wrapping_mul(i as u32 + 1), i));
    p
}

fn permuted(rows: &[Vec<f64>], p: &[usize]) -> Vec<Vec<f64>> {
    p.iter().map(|&i| rows[i].clone()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 + 1e-9 * a.abs().max(b.abs())
}

/// Weighting methods fast enough for property testing at these sizes.
fn weightings() -> Vec<Weighting> {
    [
        "\"equal\"",
        "\"entropy\"",
        "\"critic\"",
        "{\"critic\": {\"correlation\": \"spearman\"}}",
        "\"std\"",
        "\"variance\"",
        "\"cv\"",
        "\"merec\"",
        "\"gini\"",
        "\"cilos\"",
        "\"idocriw\"",
        "\"pca\"",
        "\"bod\"",
        "\"optimised\"",
    ]
    .iter()
    .map(|j| serde_json::from_str(j).unwrap())
    .collect()
}

fn methods() -> Vec<McdaMethod> {
    [
        r#"{"wsm": {"normalisation": "min_max"}}"#,
        r#"{"wpm": {"normalisation": "sum"}}"#,
        r#""waspas""#,
        r#""topsis""#,
        r#"{"topsis": {"normalisation": "min_max", "distance": "manhattan"}}"#,
        r#""vikor""#,
        r#""promethee_ii""#,
        r#"{"promethee_ii": {"preference": {"gaussian": {"s": 10}}}}"#,
        r#""copras""#,
        r#""edas""#,
        r#""mabac""#,
        r#""aras""#,
        r#""codas""#,
        r#""marcos""#,
        r#""moora""#,
        r#""multimoora""#,
        r#""spotis""#,
    ]
    .iter()
    .map(|j| serde_json::from_str(j).unwrap())
    .collect()
}

/// Errors a method may legitimately give on random data: a solver that cannot determine the
/// weights (CILOS when one unit is best everywhere), a correlation target out of reach.
fn acceptable(e: &ScoringError) -> bool {
    matches!(e, ScoringError::Solver { .. })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn weights_are_non_negative_and_sum_to_one(p in problem(4..9, 2..5)) {
        let x = p.matrix();
        let dm = DecisionMatrix::new(&x, &p.types).unwrap();
        for method in weightings() {
            match method.weigh(&dm) {
                Ok(w) => {
                    prop_assert_eq!(w.len(), p.types.len());
                    prop_assert!(w.iter().all(|v| v.is_finite() && *v >= 0.0), "{} {:?}", method, w);
                    prop_assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{} {:?}", method, w);
                }
                Err(e) => prop_assert!(acceptable(&e), "{}: {}", method, e),
            }
        }
    }

    #[test]
    fn weights_do_not_depend_on_unit_order(p in problem(4..9, 2..5), keys in prop::collection::vec(any::<u32>(), 1..8)) {
        let x = p.matrix();
        let order = permutation(p.rows.len(), &keys);
        let y = Matrix::from_rows(&permuted(&p.rows, &order)).unwrap();
        let (dx, dy) = (DecisionMatrix::new(&x, &p.types).unwrap(), DecisionMatrix::new(&y, &p.types).unwrap());
        for method in weightings() {
            // optima need not be unique (BoD's LPs; the optimised weights, where several
            // weight vectors can reach the target), so these may legitimately differ
            if matches!(method.name(), "bod" | "optimised") {
                continue;
            }
            if let (Ok(a), Ok(b)) = (method.weigh(&dx), method.weigh(&dy)) {
                for (u, v) in a.iter().zip(&b) {
                    prop_assert!((u - v).abs() < 1e-6, "{}: {:?} vs {:?}", method, a, b);
                }
            }
        }
    }

    #[test]
    fn scores_do_not_depend_on_unit_order(p in problem(3..10, 2..6), keys in prop::collection::vec(any::<u32>(), 1..8)) {
        let x = p.matrix();
        let order = permutation(p.rows.len(), &keys);
        let y = Matrix::from_rows(&permuted(&p.rows, &order)).unwrap();
        let (dx, dy) = (DecisionMatrix::new(&x, &p.types).unwrap(), DecisionMatrix::new(&y, &p.types).unwrap());
        for method in methods() {
            let (a, b) = (method.evaluate(&dx, &p.weights), method.evaluate(&dy, &p.weights));
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    for (k, &i) in order.iter().enumerate() {
                        prop_assert!(close(a.scores()[i], b.scores()[k]), "{}: unit {} {} vs {}", method, i, a.scores()[i], b.scores()[k]);
                    }
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{}: {:?} vs {:?}", method, a.err(), b.err()),
            }
        }
    }

    #[test]
    fn improving_a_criterion_never_worsens_the_rank(
        p in problem(3..10, 2..6),
        unit in any::<prop::sample::Index>(),
        crit in any::<prop::sample::Index>(),
        factor in 1.01f64..3.0,
    ) {
        let (i, j) = (unit.index(p.rows.len()), crit.index(p.types.len()));
        let mut better = p.rows.clone();
        better[i][j] = match p.types[j] {
            Direction::Positive => better[i][j] * factor,
            Direction::Negative => better[i][j] / factor,
        };
        let x = p.matrix();
        let y = Matrix::from_rows(&better).unwrap();
        let (dx, dy) = (DecisionMatrix::new(&x, &p.types).unwrap(), DecisionMatrix::new(&y, &p.types).unwrap());
        let monotone: [(&str, Box<dyn Evaluate>); 5] = [
            ("topsis vector", Box::new(Topsis::default())),
            ("wsm min-max", Box::new(Wsm::new(McdaNormalisation::min_max()))),
            ("wsm sum", Box::new(Wsm::new(McdaNormalisation::Sum))),
            ("topsis min-max", Box::new(Topsis::new(McdaNormalisation::min_max(), Default::default()).unwrap())),
            ("promethee", Box::new(serde_json::from_str::<McdaMethod>(r#""promethee_ii""#).unwrap())),
        ];
        for (name, m) in monotone {
            let before = m.evaluate(&dx, &p.weights).unwrap().ranks(Ties::Min)[i];
            let after = m.evaluate(&dy, &p.weights).unwrap().ranks(Ties::Min)[i];
            prop_assert!(after <= before, "{}: rank {} -> {}", name, before, after);
        }
        // and the unit's own TOPSIS closeness never gets worse
        let topsis = Topsis::default();
        let c0 = topsis.evaluate(&dx, &p.weights).unwrap().scores()[i];
        let c1 = topsis.evaluate(&dy, &p.weights).unwrap().scores()[i];
        prop_assert!(c1 >= c0 - 1e-12, "topsis closeness {} -> {}", c0, c1);
    }

    #[test]
    fn orienting_a_cost_column_by_negation_changes_nothing_under_min_max(p in problem(3..10, 2..6)) {
        // min-max is equivariant under x -> -x with the direction flipped
        let flipped: Vec<Vec<f64>> = p.rows.iter().map(|r| {
            r.iter().zip(&p.types).map(|(v, t)| if *t == Direction::Negative { -v } else { *v }).collect()
        }).collect();
        let x = p.matrix();
        let y = Matrix::from_rows(&flipped).unwrap();
        let dx = DecisionMatrix::new(&x, &p.types).unwrap();
        let dy = DecisionMatrix::oriented(&y).unwrap();
        for m in [
            Box::new(Wsm::new(McdaNormalisation::min_max())) as Box<dyn Evaluate>,
            Box::new(Topsis::new(McdaNormalisation::min_max(), Default::default()).unwrap()),
            Box::new(serde_json::from_str::<McdaMethod>(r#""vikor""#).unwrap()),
            Box::new(serde_json::from_str::<McdaMethod>(r#""promethee_ii""#).unwrap()),
        ] {
            let (a, b) = (m.evaluate(&dx, &p.weights).unwrap(), m.evaluate(&dy, &p.weights).unwrap());
            for (u, v) in a.scores().iter().zip(b.scores()) {
                prop_assert!(close(*u, *v), "{} vs {}", u, v);
            }
        }
    }

    #[test]
    fn rank_measures_stay_in_range(a in prop::collection::vec(0.0f64..5.0, 2..30), keys in prop::collection::vec(any::<u32>(), 1..8)) {
        let b: Vec<f64> = permutation(a.len(), &keys).iter().map(|&i| a[i]).collect();
        let (ra, rb) = (rank(&a, Ties::Average, Order::Descending), rank(&b, Ties::Average, Order::Descending));
        for v in [spearman(&a, &b), kendall(&a, &b, KendallKind::B), kendall(&a, &b, KendallKind::A), goodman_kruskal_gamma(&a, &b)].into_iter().flatten() {
            prop_assert!((-1.0..=1.0).contains(&v));
        }
        if let Some(ws) = ws_coefficient(&ra, &rb) {
            prop_assert!(ws.is_finite());
        }
        prop_assert!(weighted_spearman(&ra, &rb).is_some_and(f64::is_finite));
        // a ranking agrees perfectly with itself
        prop_assert!(ws_coefficient(&ra, &ra).is_some_and(|v| close(v, 1.0)));
        prop_assert!(weighted_spearman(&ra, &ra).is_some_and(|v| close(v, 1.0)));
        prop_assert_eq!(rank_shift(&ra, &ra).map(|s| s.max), Some(0.0));
        prop_assert_eq!(top_k_overlap(&ra, &ra, 3), Some(1.0));
        let table = compare_rankings(&[("a", &a[..]), ("b", &b[..])]).unwrap();
        prop_assert_eq!(table.pairs.len(), 1);
        prop_assert_eq!(table.movers.len(), a.len());
        prop_assert!(table.movers.windows(2).all(|w| w[0].max_abs_shift >= w[1].max_abs_shift));
    }
}
