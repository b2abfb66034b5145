//! Property tests of safe publication: no published table lets a suppressed cell be derived
//! exactly from the published margins.
//!
//! The check is independent of the implementation's graph argument: the exact row and column
//! totals are linear equations in the unpublished cells; a cell is derivable iff its unit
//! vector lies in the row space of those equations (equal ranks with and without it).
#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

mod common;

use common::{derivable, derivable_cells};
use proptest::prelude::*;
use thb_monitor::disclosure::{Count, CountTable, Margin, Published, SuppressionRule, protect};

fn labels(n: usize, p: &str) -> Vec<String> {
    (0..n).map(|i| format!("{p}{i}")).collect()
}

fn cell() -> impl Strategy<Value = Count> {
    prop_oneof![
        6 => (0u64..4).prop_map(Count::Exact),
        10 => (4u64..40).prop_map(Count::Exact),
        1 => Just(Count::Censored { lo: 1, hi: 4 }),
    ]
}

fn tables() -> impl Strategy<Value = CountTable> {
    (2usize..=5, 2usize..=5).prop_flat_map(|(nr, nc)| {
        proptest::collection::vec(cell(), nr * nc).prop_map(move |cells| {
            CountTable::new(labels(nr, "r"), labels(nc, "c"), cells).unwrap()
        })
    })
}

proptest! {
    #[test]
    fn no_suppressed_cell_is_derivable(t in tables(), k in prop_oneof![Just(5u64), Just(11u64)], zeros in any::<bool>()) {
        let rule = SuppressionRule::new(k, zeros).unwrap();
        let p = protect(&t, &rule).unwrap();
        let (nr, nc) = (t.rows().len(), t.columns().len());
        for r in 0..nr {
            for c in 0..nc {
                match (t.cell(r, c), p.cell(r, c)) {
                    (Count::Exact(v), Published::Suppressed { primary: true }) => {
                        prop_assert!(v < k && (v > 0 || zeros));
                    }
                    (Count::Exact(v), Published::Suppressed { primary: false }) => {
                        prop_assert!(v >= k || (v == 0 && !zeros));
                    }
                    (Count::Exact(v), Published::Value(w)) => {
                        prop_assert_eq!(v, w);
                        prop_assert!(v >= k || (v == 0 && !zeros), "small cell {} published", v);
                    }
                    (Count::Censored { lo, hi }, Published::Censored { lo: l, hi: h }) => {
                        prop_assert_eq!((lo, hi), (l, h));
                    }
                    (input, output) => prop_assert!(false, "{:?} became {:?}", input, output),
                }
            }
        }
        // totals are the true sums (exact when no censored cell is on the line)
        for r in 0..nr {
            let exact: Option<u64> = (0..nc).map(|c| match t.cell(r, c) { Count::Exact(v) => Some(v), _ => None }).sum();
            match (exact, p.row_totals[r]) {
                (Some(s), Margin::Value(m)) => prop_assert_eq!(s, m),
                (None, Margin::Interval { .. }) => {}
                (e, m) => prop_assert!(false, "row {} total {:?} vs {:?}", r, e, m),
            }
        }
        prop_assert_eq!(derivable_cells(&p), Vec::<usize>::new());
        // the familiar necessary rule follows: an exact line never holds exactly one suppressed cell
        for r in 0..nr {
            let n = (0..nc).filter(|&c| matches!(p.cell(r, c), Published::Suppressed { .. })).count();
            if matches!(p.row_totals[r], Margin::Value(_)) {
                prop_assert!(n != 1);
            }
        }
    }
}

/// Two 2×2 blocks of small cells joined by one more small cell: every line holds two or more
/// suppressed cells, yet the joining cell is determined by the totals. The method must break
/// the bridge.
#[test]
fn the_two_per_line_rule_is_not_enough() {
    use Count::Exact;
    let small = |r: usize, c: usize| {
        matches!(
            (r, c),
            (0, 0) | (0, 1) | (1, 0) | (1, 1) | (2, 2) | (2, 3) | (3, 2) | (3, 3) | (0, 2)
        )
    };
    let cells = (0..16)
        .map(|i| {
            Exact(if small(i / 4, i % 4) {
                2
            } else {
                50 + i as u64
            })
        })
        .collect();
    let t = CountTable::new(labels(4, "r"), labels(4, "c"), cells).unwrap();
    let p = protect(&t, &SuppressionRule::default()).unwrap();
    assert_eq!(p.primary(), 9);
    assert!(p.secondary() >= 1);
    assert_eq!(derivable_cells(&p), Vec::<usize>::new());
    // the primaries alone satisfy the two-per-line rule but disclose the joining cell (0, 2)
    let primaries: Vec<usize> = (0..16).filter(|&i| small(i / 4, i % 4)).collect();
    for line in 0..4 {
        assert!(primaries.iter().filter(|&&i| i / 4 == line).count() >= 2);
        assert!(primaries.iter().filter(|&&i| i % 4 == line).count() >= 2);
    }
    assert_eq!(derivable(4, &primaries, &[true; 4], &[true; 4]), vec![2]);
}

/// UNODC-style table (`<5` cells stay intervals) with the CTDC threshold.
#[test]
fn ctdc_threshold_and_censored_inputs() {
    use Count::*;
    let t = CountTable::new(
        labels(3, "r"),
        labels(3, "c"),
        vec![
            Exact(120),
            Exact(7),
            Exact(45),
            Censored { lo: 1, hi: 4 },
            Exact(60),
            Exact(33),
            Exact(14),
            Exact(52),
            Exact(10),
        ],
    )
    .unwrap();
    let p = protect(&t, &SuppressionRule::ctdc()).unwrap();
    assert_eq!(p.cell(0, 1), Published::Suppressed { primary: true });
    assert_eq!(p.cell(2, 2), Published::Suppressed { primary: true });
    assert_eq!(p.cell(1, 0), Published::Censored { lo: 1, hi: 4 });
    assert_eq!(p.row_totals[1], Margin::Interval { lo: 94, hi: 97 });
    assert_eq!(derivable_cells(&p), Vec::<usize>::new());
}
