//! MCDA kernels at the sizes of the Python peer baseline (`mcda-methods.md` §5,
//! `../shared/bench/peer_bench.py`): entropy weights, TOPSIS (vector normalisation) and
//! WSM (min-max) + ranking, on 30x10, 200x50, 2000x100 and 20000x200 decision matrices.
//!
//! Data as the baseline's: X = lognormal(μ = 1, σ = 0.5) + 0.01, every 4th indicator a cost
//! criterion, weights U(0.5, 1.5) normalised; here from a seeded ChaCha8 generator (the
//! numbers differ from numpy's, the distribution does not).
//!
//! Run: `cargo bench -p thb-benches --bench mcda`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use thb_model::{Direction, Matrix};
use thb_scoring::mcda::{DecisionMatrix, Evaluate, McdaNormalisation, Topsis, Wsm};
use thb_scoring::rank::Ties;
use thb_scoring::weighting::{Entropy, Weigh};

const SIZES: [(usize, usize); 4] = [(30, 10), (200, 50), (2000, 100), (20000, 200)];

struct Data {
    x: Matrix,
    types: Vec<Direction>,
    weights: Vec<f64>,
}

fn data(n: usize, m: usize) -> Data {
    let mut rng = ChaCha8Rng::seed_from_u64(12345);
    // Box–Muller normal, then lognormal(1, 0.5) + 0.01, column-major
    let values: Vec<f64> = (0..n * m)
        .map(|_| {
            let (u1, u2): (f64, f64) = (1.0 - rng.random::<f64>(), rng.random::<f64>());
            let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            (1.0 + 0.5 * z).exp() + 0.01
        })
        .collect();
    let types = (0..m)
        .map(|j| {
            if j % 4 == 3 {
                Direction::Negative
            } else {
                Direction::Positive
            }
        })
        .collect();
    let raw: Vec<f64> = (0..m).map(|_| rng.random_range(0.5..1.5)).collect();
    let total: f64 = raw.iter().sum();
    Data {
        x: Matrix::from_column_major(n, m, values).unwrap_or_else(|_| Matrix::missing(0, 0)),
        types,
        weights: raw.iter().map(|w| w / total).collect(),
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("mcda");
    for (n, m) in SIZES {
        let d = data(n, m);
        let Ok(dm) = DecisionMatrix::new(&d.x, &d.types) else {
            continue;
        };
        let id = format!("{n}x{m}");
        if n * m >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("entropy_weights", &id), |b| {
            b.iter(|| Entropy.weigh(black_box(&dm)))
        });
        let topsis = Topsis::default();
        group.bench_function(BenchmarkId::new("topsis_vector", &id), |b| {
            b.iter(|| topsis.evaluate(black_box(&dm), black_box(&d.weights)))
        });
        let wsm = Wsm::new(McdaNormalisation::min_max());
        group.bench_function(BenchmarkId::new("wsm_minmax_rank", &id), |b| {
            b.iter(|| {
                wsm.evaluate(black_box(&dm), black_box(&d.weights))
                    .map(|ev| ev.ranks(Ties::Min))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
