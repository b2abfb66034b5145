//! The balance-penalising and distance aggregators against independent computations of their
//! published formulas (a plain Python transcription of `composite-methods.md` §7, equal
//! weights), on the V01 4 x 3 example.
#![allow(clippy::unwrap_used)]

use thb_scoring::aggregate::{AggregateContext, Ampi, Children, MeanMin, Scratch};
use thb_scoring::{Aggregate, Aggregation, RowLabel};

/// 4 units x 3 children, column-major.
const DATA: [f64; 12] = [1.0, 2.0, 3.0, 3.0, 4.0, 1.0, 2.0, 2.0, 2.0, 2.0, 9.0, 1.0];

fn run(a: &dyn Aggregate) -> Vec<f64> {
    let rows = RowLabel::numbered(4);
    let mut out = vec![0.0; 4];
    a.aggregate(
        &Children::new(&DATA, 4, &[0, 1, 2]).unwrap(),
        &[1.0; 3],
        &AggregateContext::new("P", &rows),
        &mut out,
        &mut Scratch::default(),
    )
    .unwrap();
    out
}

fn assert_close(got: &[f64], want: &[f64]) {
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= 1e-9 + 1e-9 * w.abs(),
            "{got:?} vs {want:?}"
        );
    }
}

#[test]
fn mazziotta_pareto_original() {
    let want = [
        97.070_008_358_071_6,
        93.466_799_850_476_68,
        107.386_154_213_177_99,
        99.153_476_274_942_7,
    ];
    assert_close(
        &run(&Aggregation::MazziottaPareto(Default::default())),
        &want,
    );
}

#[test]
fn adjusted_mazziotta_pareto() {
    let want = [
        86.002_547_307_132_46,
        84.754_065_040_650_42,
        116.566_492_450_638_79,
        96.630_055_788_005_58,
    ];
    assert_close(&run(&Ampi::default()), &want);
}

#[test]
fn mean_min_function() {
    let want = [
        93.416_977_253_044_14,
        92.709_786_142_614_72,
        102.932_623_754_723_05,
        96.927_614_357_252_61,
    ];
    assert_close(&run(&MeanMin::new(0.5, 1.0, true).unwrap()), &want);
}

#[test]
fn wroclaw_taxonomy() {
    let want = [
        0.397_949_547_034_456_06,
        0.364_784_687_713_596_73,
        0.834_604_020_510_178_5,
        0.318_054_906_510_973_46,
    ];
    assert_close(&run(&Aggregation::Wroclaw), &want);
}
