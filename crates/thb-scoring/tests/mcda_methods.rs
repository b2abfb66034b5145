//! Every MCDA method against the published examples of the peers' documentation (pymcdm 1.4
//! docstrings, rounded there to the digits shown): external values, not computed by thb.
#![cfg(feature = "serde")]
// the registries are named through their serde form
// ok: documented exact values (weight 0, fills, ranks) are asserted exactly
#![allow(clippy::float_cmp)]
#![allow(clippy::unwrap_used)]

use thb_model::{Direction, Matrix};
use thb_scoring::mcda::{
    Aras, Cocoso, Codas, Copras, DecisionMatrix, Edas, Evaluate, Mabac, Marcos, McdaMethod, Moora,
    Vikor, Waspas,
};

fn types(t: &[i8]) -> Vec<Direction> {
    t.iter().map(|&d| Direction::try_from(d).unwrap()).collect()
}

/// Scores of `method` on the example, compared to `want` rounded to `digits` decimals.
fn check(method: &dyn Evaluate, rows: &[Vec<f64>], w: &[f64], t: &[i8], want: &[f64], digits: i32) {
    let x = Matrix::from_rows(rows).unwrap();
    let dm = DecisionMatrix::new(&x, &types(t)).unwrap();
    let got = method.evaluate(&dm, w).unwrap();
    let tol = 0.5 * 10f64.powi(-digits) + 1e-12;
    for (k, (g, e)) in got.scores().iter().zip(want).enumerate() {
        assert!((g - e).abs() <= tol, "[{k}] got {g}, want {e} (±{tol})");
    }
}

#[test]
fn vikor_pymcdm_example() {
    let m = vec![
        vec![78.0, 56.0, 34.0, 6.0],
        vec![4.0, 45.0, 3.0, 97.0],
        vec![18.0, 2.0, 50.0, 63.0],
        vec![9.0, 14.0, 11.0, 92.0],
        vec![85.0, 9.0, 100.0, 29.0],
    ];
    let want = [0.5679, 0.7667, 1.0, 0.7493, 0.0];
    check(&Vikor::default(), &m, &[0.25; 4], &[1, 1, 1, 1], &want, 4);
}

#[test]
fn copras_follows_the_paper_not_pymcdm() {
    // by hand: benefit b = [1, 3], cost c = [1, 4], w = ½ each
    // S⁺ = ½·[1/4, 3/4] = [0.125, 0.375]; S⁻ = ½·[1/5, 4/5] = [0.1, 0.4]
    // Q = S⁺ + ΣS⁻/(S⁻·Σ1/S⁻) = [0.125 + 0.5/1.25, 0.375 + 0.5/5] = [0.525, 0.475]
    let m = vec![vec![1.0, 1.0], vec![3.0, 4.0]];
    check(
        &Copras,
        &m,
        &[0.5, 0.5],
        &[1, -1],
        &[1.0, 0.475 / 0.525],
        12,
    );
    // pymcdm 1.4's docstring example: its values are S⁺ + S⁻ normalised (the cost term
    // added as a benefit), so unit 2 comes first there; the paper's formula puts unit 1 first
    let m = vec![
        vec![1543.0, 2000.0, 39000.0, 15.0, 13.76, 3.86, 5.0, 3.0, 5000.0],
        vec![1496.0, 3600.0, 43000.0, 14.0, 14.0, 2.5, 4.0, 4.0, 4000.0],
        vec![1584.0, 3100.0, 24500.0, 10.0, 13.1, 3.7, 2.0, 2.0, 3500.0],
        vec![1560.0, 2700.0, 36000.0, 12.0, 13.2, 3.2, 3.0, 3.0, 3500.0],
        vec![1572.0, 2500.0, 31500.0, 13.0, 13.3, 3.4, 3.0, 2.0, 3500.0],
        vec![1580.0, 2400.0, 20000.0, 12.0, 12.8, 3.9, 2.0, 2.0, 3000.0],
    ];
    let w = [
        0.2027, 0.1757, 0.1622, 0.1351, 0.1081, 0.0946, 0.0676, 0.0405, 0.0135,
    ];
    let x = Matrix::from_rows(&m).unwrap();
    let dm = DecisionMatrix::new(&x, &types(&[-1, -1, -1, 1, 1, -1, 1, 1, 1])).unwrap();
    let ours = Copras.evaluate(&dm, &w).unwrap();
    let pymcdm = [0.9459, 1.0, 0.8192, 0.8839, 0.8556, 0.7789];
    assert_eq!(ours.scores()[0], 1.0);
    assert!((ours.scores()[1] - pymcdm[1]).abs() > 0.05);
}

#[test]
fn edas_pymcdm_example() {
    let m = vec![
        vec![3873.0, 39.55, 0.27, 0.87, 150.0, 0.07, 12.0, 2130.0],
        vec![5067.0, 67.26, 0.23, 0.23, 40.0, 0.02, 21.0, 2200.0],
        vec![2213.0, 24.69, 0.08, 0.17, 200.0, 0.04, 35.0, 570.0],
        vec![6243.0, 132.0, 0.07, 0.25, 100.0, 0.04, 16.0, 100.0],
        vec![8312.0, 460.47, 0.05, 0.21, 25.0, 0.1, 25.0, 200.0],
    ];
    let w = [0.131, 0.113, 0.126, 0.125, 0.126, 0.129, 0.132, 0.117];
    let t = [-1, -1, -1, 1, 1, -1, 1, 1];
    check(&Edas, &m, &w, &t, &[0.841, 0.632, 0.883, 0.457, 0.104], 3);
}

#[test]
fn mabac_pymcdm_example() {
    let m = vec![
        vec![22600.0, 3800.0, 2.0, 5.0, 1.06, 3.00, 3.5, 2.8, 24.5, 6.5],
        vec![19500.0, 4200.0, 3.0, 2.0, 0.95, 3.00, 3.4, 2.2, 24.0, 7.0],
        vec![21700.0, 4000.0, 1.0, 3.0, 1.25, 3.20, 3.3, 2.5, 24.5, 7.3],
        vec![20600.0, 3800.0, 2.0, 5.0, 1.05, 3.25, 3.2, 2.0, 22.5, 11.0],
        vec![22500.0, 3800.0, 4.0, 3.0, 1.35, 3.20, 3.7, 2.1, 23.0, 6.3],
        vec![23250.0, 4210.0, 3.0, 5.0, 1.45, 3.60, 3.5, 2.8, 23.5, 7.0],
        vec![20300.0, 3850.0, 2.0, 5.0, 0.90, 3.25, 3.0, 2.6, 21.5, 6.0],
    ];
    let w = [
        0.146, 0.144, 0.119, 0.121, 0.115, 0.101, 0.088, 0.068, 0.050, 0.048,
    ];
    let t = [-1, 1, 1, 1, -1, -1, 1, 1, 1, 1];
    let want = [0.0826, 0.2183, -0.0488, 0.0246, -0.0704, 0.0465, 0.0464];
    check(&Mabac, &m, &w, &t, &want, 4);
}

#[test]
fn aras_pymcdm_example() {
    let m = vec![
        vec![4.64, 3.00, 3.00, 3.00, 2.88, 3.63],
        vec![4.00, 4.00, 4.64, 3.56, 3.63, 5.00],
        vec![3.30, 4.31, 3.30, 4.00, 3.30, 4.00],
        vec![2.62, 5.00, 4.22, 4.31, 5.00, 5.00],
    ];
    let w = [0.28, 0.25, 0.19, 0.15, 0.08, 0.04];
    check(&Aras, &m, &w, &[1; 6], &[0.74, 0.86, 0.78, 0.86], 2);
}

#[test]
fn cocoso_pymcdm_example() {
    let m = vec![
        vec![60.0, 0.4, 2540.0, 500.0, 990.0],
        vec![6.35, 0.15, 1016.0, 3000.0, 1041.0],
        vec![6.8, 0.1, 1727.2, 1500.0, 1676.0],
        vec![10.0, 0.2, 1000.0, 2000.0, 965.0],
        vec![2.5, 0.1, 560.0, 500.0, 915.0],
        vec![4.5, 0.08, 1016.0, 350.0, 508.0],
        vec![3.0, 0.1, 1778.0, 1000.0, 920.0],
    ];
    let w = [0.036, 0.192, 0.326, 0.326, 0.12];
    let want = [2.041, 2.788, 2.882, 2.416, 1.299, 1.443, 2.519];
    check(&Cocoso::default(), &m, &w, &[1, -1, 1, 1, 1], &want, 3);
}

#[test]
fn codas_pymcdm_example() {
    let m = vec![
        vec![45.0, 3600.0, 45.0, 0.9],
        vec![25.0, 3800.0, 60.0, 0.8],
        vec![23.0, 3100.0, 35.0, 0.9],
        vec![14.0, 3400.0, 50.0, 0.7],
        vec![15.0, 3300.0, 40.0, 0.8],
        vec![28.0, 3000.0, 30.0, 0.6],
    ];
    let w = [0.2857, 0.3036, 0.2321, 0.1786];
    let want = [1.3914, 0.3411, -0.2170, -0.5381, -0.7292, -0.2481];
    check(&Codas::default(), &m, &w, &[1, -1, 1, 1], &want, 4);
}

#[test]
fn marcos_pymcdm_example() {
    let m = vec![
        vec![660.0, 1000.0, 1600.0, 18.0, 1200.0],
        vec![800.0, 1000.0, 1600.0, 24.0, 900.0],
        vec![980.0, 1000.0, 2500.0, 24.0, 900.0],
        vec![920.0, 1500.0, 1600.0, 24.0, 900.0],
        vec![1380.0, 1500.0, 1500.0, 24.0, 1150.0],
        vec![1230.0, 1000.0, 1600.0, 24.0, 1150.0],
        vec![680.0, 1500.0, 1600.0, 18.0, 1100.0],
        vec![960.0, 2000.0, 1600.0, 12.0, 1150.0],
    ];
    let w = [0.1061, 0.3476, 0.3330, 0.1185, 0.0949];
    let want = [
        0.5649, 0.5543, 0.6410, 0.6174, 0.6016, 0.5453, 0.6282, 0.6543,
    ];
    check(&Marcos, &m, &w, &[-1, 1, 1, 1, 1], &want, 4);
}

#[test]
fn moora_pymcdm_example() {
    let m = vec![
        vec![1.5, 3.0, 5.0, 3.3],
        vec![2.0, 7.0, 5.0, 3.35],
        vec![3.0, 1.0, 5.0, 3.07],
        vec![2.2, 4.0, 5.0, 3.5],
        vec![2.0, 5.0, 3.0, 3.09],
        vec![3.2, 2.0, 3.0, 3.48],
        vec![2.775, 3.0, 5.0, 3.27],
    ];
    let want = [0.1801, 0.2345, 0.0625, 0.1757, 0.1683, 0.0742, 0.1197];
    check(&Moora, &m, &[0.3, 0.2, 0.1, 0.4], &[-1, 1, 1, 1], &want, 4);
}

#[test]
fn waspas_by_hand() {
    // x/max normalisation (all benefit): r = [[1, 0.5], [0.5, 1]]; w = [0.5, 0.5]
    // sum part 0.75 each, product part √0.5 each; λ = 0.5
    let m = vec![vec![2.0, 1.0], vec![1.0, 2.0]];
    let want = 0.5 * 0.75 + 0.5 * 0.5f64.sqrt();
    check(
        &Waspas::default(),
        &m,
        &[0.5, 0.5],
        &[1, 1],
        &[want, want],
        12,
    );
}

#[test]
fn every_registry_method_scores_case_like_data() {
    let m = vec![
        vec![2.1, 5.4, 0.9, 3.2],
        vec![0.8, 2.2, 0.3, 6.5],
        vec![3.5, 7.9, 1.6, 2.1],
        vec![1.2, 4.0, 0.5, 4.8],
        vec![2.9, 3.1, 1.1, 5.0],
        vec![0.5, 6.3, 0.2, 2.7],
    ];
    let x = Matrix::from_rows(&m).unwrap();
    let dm = DecisionMatrix::new(&x, &types(&[1, 1, 1, -1])).unwrap();
    for name in McdaMethod::NAMES {
        let json = match *name {
            "wsm" => format!(r#"{{"{name}": {{"normalisation": "max"}}}}"#),
            "wpm" => format!(r#"{{"{name}": {{"normalisation": "sum"}}}}"#),
            _ => format!(r#""{name}""#),
        };
        let method: McdaMethod = serde_json::from_str(&json).unwrap();
        let ev = method.evaluate(&dm, &[0.3, 0.2, 0.3, 0.2]).unwrap();
        assert_eq!(ev.scores().len(), 6, "{name}");
        assert!(ev.scores().iter().all(|v| v.is_finite()), "{name}");
        // unit CCC is best on every criterion: every method ranks it first
        assert_eq!(ev.ranks(thb_scoring::rank::Ties::Min)[2], 1.0, "{name}");
    }
}

#[test]
fn public_types_are_send_sync_unpin() {
    fn check<T: Send + Sync + Unpin>() {}
    use thb_scoring::compare::{Mover, PairComparison, RankComparison, RankShift};
    use thb_scoring::mcda::*;
    use thb_scoring::weighting::*;
    check::<DecisionMatrix<'static>>();
    check::<Evaluation>();
    check::<McdaMethod>();
    check::<McdaNormalisation>();
    check::<VikorResult>();
    check::<Weighting>();
    check::<AhpResult>();
    check::<BodResult>();
    check::<PcaResult>();
    check::<OptimisedResult>();
    check::<RankComparison>();
    check::<PairComparison>();
    check::<Mover>();
    check::<RankShift>();
}

/// Kernels that split large matrices between threads give the same bits with 1 and 4 threads.
#[test]
fn parallel_kernels_do_not_depend_on_the_thread_count() {
    use thb_scoring::mcda::{Evaluate, Topsis};
    use thb_scoring::weighting::{Entropy, Weigh};
    let (n, m) = (3000, 60); // above the parallel thresholds
    let values: Vec<f64> = (0..n * m)
        .map(|i| 1.0 + ((i as f64) * 0.618_033_988_7).fract() * 9.0)
        .collect();
    let x = thb_model::Matrix::from_column_major(n, m, values).unwrap();
    let dm = thb_scoring::mcda::DecisionMatrix::oriented(&x).unwrap();
    let w = vec![1.0 / m as f64; m];
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let scores = Topsis::default()
                .evaluate(&dm, &w)
                .unwrap()
                .scores()
                .to_vec();
            let weights = Entropy.weigh(&dm).unwrap();
            (scores, weights)
        })
    };
    let (one, four) = (run(1), run(4));
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&one.0), bits(&four.0));
    assert_eq!(bits(&one.1), bits(&four.1));
}
