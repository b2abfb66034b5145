//! `compare_rankings`: the pairwise table of `thb compare` (`interfaces.md` §3.5).
// ok: documented exact values (weight 0, fills, ranks) are asserted exactly
#![allow(clippy::float_cmp)]
#![allow(clippy::unwrap_used)]

use thb_scoring::ScoringError;
use thb_scoring::compare::{compare_rankings, top_k_overlap};

const NAN: f64 = f64::NAN;

#[test]
fn pairs_in_argument_order_with_missing_units_left_out() {
    let a = [10.0, 9.0, 8.0, 7.0, NAN];
    let b = [7.0, 9.0, 8.0, NAN, 1.0];
    let c = [10.0, 9.0, 8.0, 7.0, 6.0];
    let t = compare_rankings(&[("a", &a[..]), ("b", &b[..]), ("c", &c[..])]).unwrap();
    let labels: Vec<(&str, &str)> = t
        .pairs
        .iter()
        .map(|p| (p.a.as_str(), p.b.as_str()))
        .collect();
    assert_eq!(labels, [("a", "b"), ("a", "c"), ("b", "c")]);
    // a vs b: units 4 and 5 missing under one of them; among the other three
    // a ranks (1, 2, 3), b ranks (3, 1, 2): shifts 2, 1, 1
    let ab = &t.pairs[0];
    assert_eq!((ab.units, ab.left_out), (3, 2));
    assert_eq!(ab.max_abs_shift, Some(2.0));
    assert!((ab.mean_abs_shift.unwrap() - 4.0 / 3.0).abs() < 1e-15);
    // Spearman of (1,2,3) vs (3,1,2) = −0.5; Kendall τ-b = −1/3
    assert!((ab.spearman.unwrap() + 0.5).abs() < 1e-12);
    assert!((ab.kendall_tau_b.unwrap() + 1.0 / 3.0).abs() < 1e-12);
    // a vs c: identical over the four common units
    let ac = &t.pairs[1];
    assert_eq!((ac.units, ac.left_out), (4, 1));
    assert_eq!(ac.max_abs_shift, Some(0.0));
    assert!((ac.spearman.unwrap() - 1.0).abs() < 1e-12);
    // the unit that moves most is unit 0 (2 places between a and b)
    assert_eq!(t.movers[0].unit, 0);
    assert_eq!(t.movers[0].max_abs_shift, 2.0);
    assert_eq!(t.movers[0].between, ("a".to_owned(), "b".to_owned()));
    assert_eq!(t.movers.len(), 5);
}

#[test]
fn undefined_measures_are_empty_not_nan() {
    let flat = [1.0, 1.0, 1.0];
    let other = [3.0, 2.0, 1.0];
    let t = compare_rankings(&[("flat", &flat[..]), ("other", &other[..])]).unwrap();
    assert_eq!(t.pairs[0].spearman, None);
    assert_eq!(t.pairs[0].kendall_tau_b, None);
    assert_eq!(t.pairs[0].max_abs_shift, Some(2.0)); // ranks (1,1,1) vs (1,2,3)
    let csv = t.to_csv();
    assert_eq!(csv.lines().nth(1), Some("flat,other,,,1,2"));
    assert!(!csv.contains("NaN"));
}

#[test]
fn lengths_must_match() {
    let err = compare_rankings(&[("a", &[1.0, 2.0][..]), ("b", &[1.0][..])]).unwrap_err();
    assert!(matches!(err, ScoringError::Shape(_)));
}

#[test]
fn top_k_with_ties_at_the_cut() {
    // ranks 1, 2, 2, 4: the top 2 of the first ranking holds three units
    let a = [1.0, 2.0, 2.0, 4.0];
    let b = [1.0, 2.0, 3.0, 4.0];
    assert_eq!(top_k_overlap(&a, &b, 2), Some(2.0 / 3.0));
    assert_eq!(top_k_overlap(&a, &b, 0), None);
}
