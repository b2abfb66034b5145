//! Property tests: output range, monotonicity by direction, permutation equivariance, scale
//! invariance where the method promises it, constant vectors, weights summing to 1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use thb_model::{Direction, Framework, Node};
use thb_scoring::aggregate::{AggregateContext, Children, MeanMin, Owa, PowerMean, Scratch};
use thb_scoring::normalise::{
    Borda, DistanceToMax, FractionOfMax, GoalpostsNorm, MinMax, PercentileRank, Rank, Scaled, Sum,
    Vector, ZScore,
};
use thb_scoring::rank::Ties;
use thb_scoring::treat::{Fallback, Winsorise};
use thb_scoring::{
    Aggregate, Aggregation, IndicatorContext, Normalisation, Normalise, RowLabel, Treat,
};

/// A finite column with at least two distinct values, some missing.
fn column(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![9 => -1e3..1e3f64, 1 => Just(f64::NAN)], len).prop_filter(
        "two distinct values",
        |v| {
            let p: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
            p.iter().any(|x| (x - p[0]).abs() > 1e-6)
        },
    )
}

fn positive_column(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<f64>> {
    column(len).prop_map(|v| {
        v.iter()
            .map(|x| if x.is_nan() { *x } else { x.abs() + 1.0 })
            .collect()
    })
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Positive), Just(Direction::Negative)]
}

/// Normalisations that are monotone and defined on any non-constant column.
fn shift_scale_methods() -> Vec<Normalisation> {
    vec![
        Normalisation::MinMax(MinMax::new(0.0, 100.0).unwrap()),
        Normalisation::ZScore(ZScore::new(0.0, 1.0).unwrap()),
        Normalisation::Rank(Rank::new(Ties::Min)),
        Normalisation::Borda(Borda::new(Ties::Average)),
        Normalisation::PercentileRank(PercentileRank::new(Ties::Max)),
        Normalisation::DistanceToMax(DistanceToMax {}),
    ]
}

fn monotone_methods() -> Vec<Normalisation> {
    let mut m = shift_scale_methods();
    m.push(Normalisation::Goalposts(
        GoalpostsNorm::new(Some((-500.0, 500.0)), Some(100.0), Some(false)).unwrap(),
    ));
    m.push(Normalisation::Scaled(
        Scaled::new(-10.0, 10.0, 100.0).unwrap(),
    ));
    m.push(Normalisation::Vector(Vector {}));
    m
}

fn normalise(n: &dyn Normalise, x: &[f64], d: Direction) -> Vec<f64> {
    let rows = RowLabel::numbered(x.len());
    n.normalised(x, &IndicatorContext::new("x", &rows).direction(d))
        .unwrap()
}

fn aggregate(a: &dyn Aggregate, data: &[f64], nrows: usize, w: &[f64]) -> Vec<f64> {
    let idx: Vec<usize> = (0..w.len()).collect();
    let rows = RowLabel::numbered(nrows);
    let mut out = vec![0.0; nrows];
    a.aggregate(
        &Children::new(data, nrows, &idx).unwrap(),
        w,
        &AggregateContext::new("P", &rows),
        &mut out,
        &mut Scratch::default(),
    )
    .unwrap();
    out
}

fn same(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            (x.is_nan() && y.is_nan()) || (x - y).abs() <= tol * (1.0 + x.abs().max(y.abs()))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn min_max_stays_in_range(x in column(2..40), lo in -50.0..50.0f64, width in 0.1..100.0f64, d in direction()) {
        let out = normalise(&MinMax::new(lo, lo + width).unwrap(), &x, d);
        for (o, v) in out.iter().zip(&x) {
            prop_assert_eq!(o.is_nan(), v.is_nan());
            if !o.is_nan() {
                prop_assert!(*o >= lo - 1e-9 && *o <= lo + width + 1e-9);
            }
        }
    }

    #[test]
    fn normalisation_is_monotone_by_direction(x in column(2..40), d in direction()) {
        for m in monotone_methods() {
            let out = normalise(&m, &x, d);
            for i in 0..x.len() {
                for j in 0..x.len() {
                    if x[i].is_nan() || x[j].is_nan() || x[i] >= x[j] {
                        continue;
                    }
                    // x[i] < x[j]: better by direction means not lower
                    let (worse, better) = match d { Direction::Positive => (out[i], out[j]), Direction::Negative => (out[j], out[i]) };
                    prop_assert!(worse <= better + 1e-12, "{}: {} vs {}", m, worse, better);
                }
            }
        }
    }

    #[test]
    fn normalisation_is_permutation_equivariant(x in column(2..30), seed in any::<u64>(), d in direction()) {
        let mut perm: Vec<usize> = (0..x.len()).collect();
        let mut s = seed;
        for i in (1..perm.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (s >> 33) as usize % (i + 1));
        }
        let px: Vec<f64> = perm.iter().map(|&i| x[i]).collect();
        for m in monotone_methods() {
            let out = normalise(&m, &x, d);
            let pout = normalise(&m, &px, d);
            let expected: Vec<f64> = perm.iter().map(|&i| out[i]).collect();
            prop_assert!(same(&pout, &expected, 1e-12), "{}", m);
        }
    }

    #[test]
    fn shift_and_scale_invariance(x in column(2..30), a in 0.01..100.0f64, b in -100.0..100.0f64, d in direction()) {
        let y: Vec<f64> = x.iter().map(|v| a * v + b).collect();
        for m in shift_scale_methods() {
            prop_assert!(same(&normalise(&m, &x, d), &normalise(&m, &y, d), 1e-7), "{}", m);
        }
    }

    #[test]
    fn ratio_methods_are_scale_invariant(x in positive_column(2..30), a in 0.01..100.0f64, d in direction()) {
        let y: Vec<f64> = x.iter().map(|v| a * v).collect();
        let methods: [&dyn Normalise; 3] = [&FractionOfMax {}, &Vector {}, &Sum {}];
        for m in methods {
            prop_assert!(same(&normalise(m, &x, d), &normalise(m, &y, d), 1e-9));
        }
        let s = normalise(&Sum {}, &x, d);
        prop_assert!((s.iter().filter(|v| !v.is_nan()).sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn means_of_a_constant_return_it(c in 0.1..1e3f64, k in 1usize..8, n in 1usize..5, w in prop::collection::vec(0.1..10.0f64, 8)) {
        let data = vec![c; n * k];
        let w = &w[..k];
        let mut ow = vec![0.0; k];
        ow[0] = 1.0;
        let methods: Vec<Box<dyn Aggregate>> = vec![
            Box::new(Aggregation::Arithmetic), Box::new(Aggregation::Geometric), Box::new(Aggregation::Harmonic),
            Box::new(PowerMean::new(2.5).unwrap()), Box::new(PowerMean::new(-1.5).unwrap()), Box::new(Aggregation::Median),
            Box::new(Owa::new(ow).unwrap()),
        ];
        for m in &methods {
            for v in aggregate(m.as_ref(), &data, n, w) {
                prop_assert!((v - c).abs() <= 1e-9 * c, "{}: {} vs {}", m.name(), v, c);
            }
        }
    }

    #[test]
    fn aggregation_is_equivariant_in_units_and_invariant_in_children(
        data in prop::collection::vec(1.0..100.0f64, 24), w in prop::collection::vec(0.1..5.0f64, 4),
    ) {
        let (n, k) = (6, 4);
        // swap units 0 and 5, and children 1 and 2 (with their weights)
        let mut swapped = data.clone();
        for c in 0..k {
            swapped.swap(c * n, c * n + 5);
        }
        for r in 0..n {
            swapped.swap(n + r, 2 * n + r);
        }
        let sw = vec![w[0], w[2], w[1], w[3]];
        let methods: Vec<Box<dyn Aggregate>> = vec![
            Box::new(Aggregation::Arithmetic), Box::new(Aggregation::Geometric), Box::new(Aggregation::Harmonic),
            Box::new(Aggregation::Median), Box::new(Aggregation::Copeland), Box::new(Aggregation::Wroclaw),
            Box::new(Aggregation::MazziottaPareto(Default::default())), Box::new(MeanMin::default()),
        ];
        for m in &methods {
            let mut a = aggregate(m.as_ref(), &data, n, &w);
            a.swap(0, 5);
            let b = aggregate(m.as_ref(), &swapped, n, &sw);
            prop_assert!(same(&a, &b, 1e-9), "{}: {:?} vs {:?}", m.name(), a, b);
        }
    }

    #[test]
    fn effective_weights_sum_to_one(ws in prop::collection::vec(0.1..10.0f64, 6)) {
        let nodes = vec![
            Node::indicator("a", "P").unwrap().weight(ws[0]),
            Node::indicator("b", "P").unwrap().weight(ws[1]),
            Node::indicator("c", "Q").unwrap().weight(ws[2]),
            Node::indicator("d", "Q").unwrap().weight(ws[3]),
            Node::aggregate("P", 2, Some("I")).unwrap().weight(ws[4]),
            Node::aggregate("Q", 2, Some("I")).unwrap().weight(ws[5]),
            Node::aggregate("I", 3, None).unwrap(),
        ];
        let fw = Framework::new(nodes).unwrap();
        let total: f64 = ["a", "b", "c", "d"].iter().map(|c| fw.effective_weight(c).unwrap()).sum();
        prop_assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn winsorisation_stays_within_the_original_range(x in positive_column(5..40), winmax in 1usize..8) {
        let rows = RowLabel::numbered(x.len());
        let mut out = vec![0.0; x.len()];
        let w = Winsorise::new(winmax, 2.0, 3.5, Fallback::None).unwrap();
        let report = w.treat(&x, &IndicatorContext::new("x", &rows), &mut out).unwrap();
        let (lo, hi) = thb_scoring::stats::min_max(&x).unwrap();
        for (o, v) in out.iter().zip(&x) {
            prop_assert_eq!(o.is_nan(), v.is_nan());
            prop_assert!(o.is_nan() || (*o >= lo && *o <= hi));
        }
        if let Some(win) = report.winsorisation {
            prop_assert!(win.passed || win.nwin >= winmax || win.nwin == 0);
        }
    }
}
