//! Monte Carlo uncertainty analysis, the design of `../shared/bench/peer_bench.py` task (d):
//! 10,000 runs; each draws weights w_j ~ U(0.75 w0_j, 1.25 w0_j) (renormalised), a
//! normalisation in {min-max, z-score} and an aggregation in {arithmetic, geometric}; every
//! unit's rank is recorded and per unit the median and the 5-95 % rank band are computed.
//!
//! As in the numpy baseline, both normalisations are computed once, geometric aggregation
//! works on logs of positive inputs (min-max mapped to [1, 100], z-scores shifted by
//! 1 - min), and the geometric score is kept as `sum w log x` (monotone in the geometric
//! mean, so the ranks are the same). The engine's batch hook turns the runs of a batch (up to
//! 1024) into one matrix product per (normalisation, aggregation) pair. Score bands are off:
//! the baseline computes rank statistics only.
//!
//! `cargo bench -p thb-benches --bench sensitivity -- --test` runs every size once with 100
//! runs instead of 10,000, to stay quick.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nalgebra::{DMatrix, DMatrixViewMut};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use thb_scoring::stats::{SdKind, mean, min_max, sd};
use thb_sensitivity::config::AnalysisConfig;
use thb_sensitivity::engine::{IndexModel, RunFailure};
use thb_sensitivity::run::{Choice, RunSpec};
use thb_sensitivity::uncertainty::{UncertaintyOptions, uncertainty};

/// The baseline's data: lognormal(1, 0.5) + 0.01, every 4th indicator a cost criterion,
/// base weights U(0.5, 1.5) normalised.
fn make_data(n: usize, m: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(12345);
    let mut normal = move || {
        // Box-Muller.
        let (u1, u2): (f64, f64) = (1.0 - rng.random::<f64>(), rng.random());
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    };
    let columns: Vec<Vec<f64>> = (0..m)
        .map(|j| {
            let sign = if j % 4 == 3 { -1.0 } else { 1.0 };
            (0..n)
                .map(|_| sign * ((1.0 + 0.5 * normal()).exp() + 0.01))
                .collect()
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(54321);
    let w: Vec<f64> = (0..m).map(|_| rng.random_range(0.5..1.5)).collect();
    let total: f64 = w.iter().sum();
    (columns, w.iter().map(|v| v / total).collect())
}

/// Most runs per batch. A matrix product repacks the n x m matrix, which costs about as much
/// as multiplying it by 80 weight vectors: batches of up to 1024 runs (about 256 per
/// (normalisation, aggregation) group) amortise it, within 64 MB of scores per thread.
const MAX_RUNS_PER_BATCH: usize = 1024;

/// The four (normalisation, aggregation) score matrices, n x m, computed once.
struct McIndex {
    /// `[min-max arithmetic, min-max geometric-log, z arithmetic, z geometric-log]`.
    matrices: [DMatrix<f64>; 4],
    w0: Vec<f64>,
}

struct Scratch {
    multipliers: Vec<f64>,
    /// One weight vector per run of the batch.
    weights: DMatrix<f64>,
    /// The weight vectors of one (normalisation, aggregation) group.
    gathered: DMatrix<f64>,
    /// Their scores, one column per run.
    scores: DMatrix<f64>,
    members: Vec<usize>,
}

impl McIndex {
    fn new(columns: &[Vec<f64>], w0: Vec<f64>) -> Self {
        let n = columns[0].len();
        let build = |f: &dyn Fn(&[f64]) -> Vec<f64>| {
            DMatrix::from_iterator(n, columns.len(), columns.iter().flat_map(|c| f(c)))
        };
        let minmax = |c: &[f64]| {
            let (lo, hi) = min_max(c).unwrap_or((0.0, 1.0));
            c.iter().map(|v| (v - lo) / (hi - lo)).collect::<Vec<_>>()
        };
        let zscore = |c: &[f64]| {
            let (mu, s) = (mean(c).unwrap_or(0.0), sd(c, SdKind::Sample).unwrap_or(1.0));
            c.iter().map(|v| (v - mu) / s).collect::<Vec<_>>()
        };
        let mm_log = |c: &[f64]| minmax(c).iter().map(|v| (1.0 + 99.0 * v).ln()).collect();
        let z_log = |c: &[f64]| {
            let z = zscore(c);
            let lo = min_max(&z).map_or(0.0, |(lo, _)| lo);
            z.iter().map(|v| (v - lo + 1.0).ln()).collect()
        };
        Self {
            matrices: [
                build(&minmax),
                build(&mm_log),
                build(&zscore),
                build(&z_log),
            ],
            w0,
        }
    }

    /// The matrix of a run and its normalised weights written into `w`.
    fn prepare(
        &self,
        run: &RunSpec,
        multipliers: &mut [f64],
        w: &mut [f64],
    ) -> Result<usize, RunFailure> {
        let [
            Choice::Weights(draw),
            Choice::Alternative { index: norm },
            Choice::Alternative { index: agg },
        ] = run.choices()
        else {
            return Err(RunFailure::new("expected weights, normalise, aggregate"));
        };
        draw.fill(multipliers)
            .map_err(|e| RunFailure::new(e.to_string()))?;
        let mut total = 0.0;
        for ((wj, m), w0) in w.iter_mut().zip(multipliers.iter()).zip(&self.w0) {
            *wj = m * w0;
            total += *wj;
        }
        for wj in w.iter_mut() {
            *wj /= total;
        }
        Ok(2 * norm + agg)
    }
}

impl IndexModel for McIndex {
    type Scratch = Scratch;

    fn units(&self) -> usize {
        self.matrices[0].nrows()
    }

    fn level_len(&self, level: u32) -> Option<usize> {
        (level == 1).then_some(self.w0.len())
    }

    fn batch_size(&self) -> usize {
        ((1 << 23) / self.units()).clamp(32, MAX_RUNS_PER_BATCH)
    }

    fn scratch(&self) -> Scratch {
        let (n, m) = self.matrices[0].shape();
        let b = self.batch_size();
        Scratch {
            multipliers: vec![0.0; m],
            weights: DMatrix::zeros(m, b),
            gathered: DMatrix::zeros(m, b),
            scores: DMatrix::zeros(n, b),
            members: Vec::with_capacity(b),
        }
    }

    fn evaluate(
        &self,
        run: &RunSpec,
        s: &mut Scratch,
        scores: &mut [f64],
    ) -> Result<(), RunFailure> {
        let n = self.units();
        let mut w = s.weights.column_mut(0);
        let k = self.prepare(run, &mut s.multipliers, w.as_mut_slice())?;
        let mut out = DMatrixViewMut::from_slice(scores, n, 1);
        out.gemm(1.0, &self.matrices[k], &s.weights.columns(0, 1), 0.0);
        Ok(())
    }

    fn evaluate_batch(
        &self,
        runs: &[RunSpec],
        s: &mut Scratch,
        scores: &mut [f64],
        outcomes: &mut [Result<(), RunFailure>],
    ) {
        let n = self.units();
        let mut kinds = [usize::MAX; MAX_RUNS_PER_BATCH];
        for (r, run) in runs.iter().enumerate() {
            let mut w = s.weights.column_mut(r);
            match self.prepare(run, &mut s.multipliers, w.as_mut_slice()) {
                Ok(k) => kinds[r] = k,
                Err(f) => outcomes[r] = Err(f),
            }
        }
        for (k, matrix) in self.matrices.iter().enumerate() {
            s.members.clear();
            s.members.extend((0..runs.len()).filter(|&r| kinds[r] == k));
            let g = s.members.len();
            if g == 0 {
                continue;
            }
            // Gather the group's weight vectors, multiply once, scatter the score columns.
            for (c, &r) in s.members.iter().enumerate() {
                s.gathered.column_mut(c).copy_from(&s.weights.column(r));
            }
            s.scores
                .columns_mut(0, g)
                .gemm(1.0, matrix, &s.gathered.columns(0, g), 0.0);
            for (c, &r) in s.members.iter().enumerate() {
                scores[r * n..(r + 1) * n].copy_from_slice(s.scores.column(c).as_slice());
            }
        }
    }
}

fn config(runs: usize) -> AnalysisConfig {
    AnalysisConfig::from_json(&format!(
        r#"{{"runs": {runs}, "seed": 7, "sampling": "random", "factors": [
            {{"weights": {{"level": 1, "noise": 0.25}}}},
            {{"normalise": ["min_max", "z_score"]}},
            {{"aggregate": ["arithmetic", "geometric"]}}]}}"#
    ))
    .unwrap_or_else(|e| panic!("the bench config is invalid: {e}"))
}

fn mc_uncertainty(c: &mut Criterion) {
    let quick = std::env::args().any(|a| a == "--test");
    let runs = if quick { 100 } else { 10_000 };
    let cfg = config(runs);
    let options = UncertaintyOptions::default().score_bands(false);
    let mut group = c.benchmark_group("mc_uncertainty_R10000");
    for (n, m) in [(200, 50), (2000, 100), (20000, 200)] {
        let (columns, w0) = make_data(n, m);
        let model = McIndex::new(&columns, w0);
        if n * m > 10_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(if n * m > 1_000_000 { 40 } else { 10 }));
        }
        group.bench_with_input(
            BenchmarkId::new("thb", format!("{n}x{m}")),
            &model,
            |b, model| {
                b.iter(|| {
                    uncertainty(black_box(model), &cfg, &options).unwrap_or_else(|e| panic!("{e}"))
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, mc_uncertainty);
criterion_main!(benches);
