//! Monte Carlo uncertainty analysis, the design of `../shared/bench/peer_bench.py` task (d):
//! 10,000 runs; each draws weights w_j ~ U(0.75 w0_j, 1.25 w0_j) (renormalised), a
//! normalisation in {min-max, z-score} and an aggregation in {arithmetic, geometric}; every
//! unit's rank is recorded and per unit the median and the 5-95 % rank band are computed.
//!
//! As in the numpy baseline, both normalisations are computed once, geometric aggregation
//! works on logs of positive inputs (min-max mapped to [1, 100], z-scores shifted by
//! 1 - min), and the geometric score is kept as `sum w log x` (monotone in the geometric
//! mean, so the ranks are the same). The runner hands the model a batch's runs grouped by
//! (normalisation, aggregation) pair (`run_class`); up to 4,096 units the model writes 32 runs
//! at a time straight into the ranking's lanes (`evaluate_lanes`, a product of four units by 32
//! runs in vector registers), above that one matrix product per pair and batch (up to 1024
//! runs) straight into the runs' rows. Score bands are off: the baseline computes rank
//! statistics only. In `--test` mode the two paths are checked to give the same results.
//!
//! `mc_uncertainty_R10000/thb_pipeline` runs the same design through the scoring pipeline
//! (`PipelineModel`, what `thb uncertainty --config examples/configs/ua_peer_design.json`
//! runs): min-max [1, 100] and z-scores (mean 100, sd 5) so that geometric means apply, the
//! pipeline's means run by run (no matrix product), score bands included.
//!
//! `saltelli_asem_p00` is a Saltelli analysis with N = 1024 and 5 factors (weights, normalise,
//! aggregate, impute, treat: `examples/configs/sa_asem_p00.json`) on the ASEM P00 pipeline:
//! 7,168 runs, from building the model (every treated and normalised matrix) to the indices
//! with 1,000 bootstrap resamples.
//!
//! `cargo bench -p thb-benches --bench sensitivity -- --test` runs every size once with 100
//! runs instead of 10,000 (Saltelli: N = 16), to stay quick.

#![allow(clippy::print_stderr)] // a bench says when it skips

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nalgebra::{DMatrix, DMatrixViewMut};
use thb_benches::{PeerData, shared_dir};
use thb_model::io::{read_idata, read_idata_str, read_imeta, read_imeta_str};
use thb_model::{Location, Period};
use thb_scoring::IndexSpec;
use thb_scoring::stats::{SdKind, mean, min_max, sd};
use thb_sensitivity::config::AnalysisConfig;
use thb_sensitivity::engine::{IndexModel, LANES, RunFailure};
use thb_sensitivity::pipeline_model::PipelineModel;
use thb_sensitivity::run::{Choice, RunSpec, WeightDraw};
use thb_sensitivity::sensitivity::{SensitivityOptions, sensitivity};
use thb_sensitivity::uncertainty::{UncertaintyOptions, uncertainty};

/// Most runs per batch. A matrix product repacks the n x m matrix, which costs about as much
/// as multiplying it by 80 weight vectors: batches of up to 1024 runs (about 256 per
/// (normalisation, aggregation) group) amortise it, within 64 MB of scores per thread.
const MAX_RUNS_PER_BATCH: usize = 1024;

/// The four (normalisation, aggregation) score matrices, n x m, computed once.
struct McIndex {
    /// `[min-max arithmetic, min-max geometric-log, z arithmetic, z geometric-log]`.
    matrices: [DMatrix<f64>; 4],
    /// The same, row by row (unit-major), for the lanes' product.
    rows: [Vec<f64>; 4],
    w0: Vec<f64>,
    /// The draw standing in for a failed run's (its column is not used).
    nominal: WeightDraw,
    /// Whether the runner takes the scores in lanes (else by rows, from matrix products).
    lanes: bool,
}

struct Scratch {
    /// One weight vector per run of the batch.
    weights: DMatrix<f64>,
    /// The weights of a product in lanes: weight j of lane l at `j * LANES + l`.
    lane_weights: Vec<f64>,
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
        let matrices = [
            build(&minmax),
            build(&mm_log),
            build(&zscore),
            build(&z_log),
        ];
        let rows = matrices
            .each_ref()
            .map(|x| x.transpose().as_slice().to_vec());
        Self {
            matrices,
            rows,
            nominal: WeightDraw::nominal(w0.len()),
            w0,
            lanes: true,
        }
    }

    /// The weight draw of a run and its matrix.
    fn choices<'r>(&self, run: &'r RunSpec) -> Result<(&'r WeightDraw, usize), RunFailure> {
        match run.choices() {
            [
                Choice::Weights(draw),
                Choice::Alternative { index: norm },
                Choice::Alternative { index: agg },
            ] => Ok((draw, 2 * norm + agg)),
            _ => Err(RunFailure::new("expected weights, normalise, aggregate")),
        }
    }

    /// Multiplies the weight multipliers in `w` by the nominal weights and renormalises them.
    fn normalise(&self, w: &mut [f64]) {
        let mut total = 0.0;
        for (wj, w0) in w.iter_mut().zip(&self.w0) {
            *wj *= w0;
            total += *wj;
        }
        for wj in w.iter_mut() {
            *wj /= total;
        }
    }

    /// The weights of each run into column r of `s.weights` (drawn together: `fill_many`), its
    /// matrix into `kinds[r]` (left as it is for a failed run).
    fn prepare_all(
        &self,
        runs: &[RunSpec],
        s: &mut Scratch,
        kinds: &mut [usize],
        outcomes: &mut [Result<(), RunFailure>],
    ) {
        let m = self.w0.len();
        let draws = runs
            .iter()
            .zip(kinds.iter_mut())
            .zip(outcomes.iter_mut())
            .map(|((run, kind), outcome)| match self.choices(run) {
                Ok((draw, k)) => {
                    *kind = k;
                    draw
                }
                Err(f) => {
                    *outcome = Err(f);
                    &self.nominal
                }
            });
        let weights = &mut s.weights.as_mut_slice()[..runs.len() * m];
        if let Err(e) = WeightDraw::fill_many(draws, weights) {
            let failure = RunFailure::new(e.to_string());
            outcomes.fill(Err(failure));
            return;
        }
        for w in weights.chunks_exact_mut(m) {
            self.normalise(w);
        }
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
        let m = self.w0.len();
        let b = self.batch_size();
        Scratch {
            weights: DMatrix::zeros(m, b),
            lane_weights: vec![0.0; m * LANES],
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
        let (draw, k) = self.choices(run)?;
        draw.fill(w.as_mut_slice())
            .map_err(|e| RunFailure::new(e.to_string()))?;
        self.normalise(w.as_mut_slice());
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
        self.prepare_all(runs, s, &mut kinds, outcomes);
        // The runner groups the runs by matrix (`run_class`): one product per group, straight
        // into the group's rows of scores.
        let mut start = 0;
        while start < runs.len() {
            let k = kinds[start];
            let g = kinds[start..].iter().take_while(|&&kind| kind == k).count();
            if let Some(matrix) = self.matrices.get(k) {
                let mut out =
                    DMatrixViewMut::from_slice(&mut scores[start * n..(start + g) * n], n, g);
                out.gemm(1.0, matrix, &s.weights.columns(start, g), 0.0);
            }
            start += g;
        }
    }

    fn scores_in_lanes(&self) -> bool {
        self.lanes
    }

    fn evaluate_lanes(
        &self,
        runs: &[RunSpec],
        s: &mut Scratch,
        values: &mut [f64],
        outcomes: &mut [Result<(), RunFailure>],
    ) {
        let m = self.w0.len();
        let mut kinds = [usize::MAX; LANES];
        self.prepare_all(runs, s, &mut kinds, outcomes);
        // One product per matrix among the lanes (the runs come grouped by matrix, so most
        // chunks need one), the other lanes' weights set to 0.
        let mut written = false;
        for (k, rows) in self.rows.iter().enumerate() {
            if !kinds.contains(&k) {
                continue;
            }
            for (j, lanes) in s.lane_weights.chunks_exact_mut(LANES).enumerate() {
                for (l, w) in lanes.iter_mut().enumerate() {
                    *w = if kinds[l] == k {
                        s.weights[(j, l)]
                    } else {
                        0.0
                    };
                }
            }
            pulp::Arch::new().dispatch(LaneProduct {
                rows,
                m,
                weights: &s.lane_weights,
                values: &mut *values,
                add: written,
            });
            written = true;
        }
    }

    fn run_class(&self, run: &RunSpec) -> usize {
        match run.choices() {
            [
                _,
                Choice::Alternative { index: norm },
                Choice::Alternative { index: agg },
            ] => 2 * norm + agg,
            _ => 0,
        }
    }
}

/// `values[u * LANES + l] (+)= sum_j rows[u * m + j] * weights[j * LANES + l]`: the scores of
/// 32 runs, four units at a time (16 vector accumulators), compiled for the processor's
/// vector instructions.
struct LaneProduct<'a> {
    rows: &'a [f64],
    m: usize,
    weights: &'a [f64],
    values: &'a mut [f64],
    add: bool,
}

impl pulp::WithSimd for LaneProduct<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        let LaneProduct {
            rows,
            m,
            weights,
            values,
            add,
        } = self;
        let weights = weights.as_chunks::<LANES>().0;
        let store = |out: &mut [f64], acc: &[f64; LANES]| {
            for (o, a) in out.iter_mut().zip(acc) {
                *o = if add { *o + a } else { *a };
            }
        };
        let quads = rows.chunks_exact(4 * m);
        let rest = quads.remainder();
        let mut outs = values.chunks_exact_mut(4 * LANES);
        for (units, out) in quads.zip(&mut outs) {
            let (u0, u) = units.split_at(m);
            let (u1, u) = u.split_at(m);
            let (u2, u3) = u.split_at(m);
            let [mut a0, mut a1, mut a2, mut a3] = [[0.0; LANES]; 4];
            for ((((w, &x0), &x1), &x2), &x3) in weights.iter().zip(u0).zip(u1).zip(u2).zip(u3) {
                for l in 0..LANES {
                    a0[l] = x0.mul_add(w[l], a0[l]);
                    a1[l] = x1.mul_add(w[l], a1[l]);
                    a2[l] = x2.mul_add(w[l], a2[l]);
                    a3[l] = x3.mul_add(w[l], a3[l]);
                }
            }
            for (o, a) in out.chunks_exact_mut(LANES).zip([a0, a1, a2, a3].iter()) {
                store(o, a);
            }
        }
        for (last, out) in rest
            .chunks_exact(m)
            .zip(outs.into_remainder().chunks_exact_mut(LANES))
        {
            let mut a0 = [0.0; LANES];
            for (w, &x0) in weights.iter().zip(last) {
                for l in 0..LANES {
                    a0[l] = x0.mul_add(w[l], a0[l]);
                }
            }
            store(out, &a0);
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

/// An example config of `examples/configs/` with `runs` runs (base rows).
fn example_config(name: &str, runs: usize) -> AnalysisConfig {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/configs")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let c = AnalysisConfig::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    AnalysisConfig::new(runs, c.seed(), c.sampling(), c.factors().to_vec())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn quick() -> bool {
    std::env::args().any(|a| a == "--test")
}

fn mc_uncertainty(c: &mut Criterion) {
    let runs = if quick() { 100 } else { 10_000 };
    let cfg = config(runs);
    let options = UncertaintyOptions::default().score_bands(false);
    let mut group = c.benchmark_group("mc_uncertainty_R10000");
    for (n, m) in [(200, 50), (2000, 100), (20000, 200)] {
        let data = PeerData::new(n, m);
        let mut model = McIndex::new(&data.oriented(), data.weights.clone());
        if quick() {
            // the two paths of the model agree
            let run = |model: &McIndex| {
                let ua = uncertainty(model, &cfg, &options).unwrap_or_else(|e| panic!("{e}"));
                let mut csv = Vec::new();
                let labels: Vec<String> = (0..n).map(|i| i.to_string()).collect();
                ua.write_csv(&labels, &mut csv)
                    .unwrap_or_else(|e| panic!("{e}"));
                csv
            };
            let in_lanes = run(&model);
            model.lanes = false;
            assert!(in_lanes == run(&model), "{n}x{m}: lanes and rows differ");
            model.lanes = true;
        }
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
    // The same design through the scoring pipeline (what `thb uncertainty` runs).
    let cfg = example_config("ua_peer_design.json", runs);
    for (n, m) in [(200, 50), (2000, 100)] {
        let data = PeerData::new(n, m);
        let fw =
            read_imeta_str(&data.imeta_csv(), Location::memory()).unwrap_or_else(|e| panic!("{e}"));
        let ds = read_idata_str(
            &data.idata_csv(),
            Location::memory(),
            &fw,
            Period::Year(2024),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let model = PipelineModel::new(&fw, &ds, &IndexSpec::default(), Period::Year(2024), &cfg)
            .unwrap_or_else(|e| panic!("{e}"));
        group.bench_with_input(
            BenchmarkId::new("thb_pipeline", format!("{n}x{m}")),
            &model,
            |b, model| {
                b.iter(|| {
                    let ua = uncertainty(black_box(model), &cfg, &UncertaintyOptions::default())
                        .unwrap_or_else(|e| panic!("{e}"));
                    assert!(ua.failures().is_empty(), "{}", ua.failures());
                    ua
                })
            },
        );
    }
    group.finish();
}

/// Saltelli N = 1024 (16 in test mode), 5 factors, ASEM with the P00 spec: 7,168 pipeline runs.
fn saltelli_asem_p00(c: &mut Criterion) {
    let Some(dir) = shared_dir() else {
        eprintln!("skipping saltelli_asem_p00: ../shared not found; set THB_SHARED_DIR");
        return;
    };
    let data = dir.join("data/coinr_asem");
    let period = Period::Year(2018);
    let fw = read_imeta(data.join("asem_imeta.csv")).unwrap_or_else(|e| panic!("{e}"));
    let ds = read_idata(data.join("asem_idata.csv"), &fw, period).unwrap_or_else(|e| panic!("{e}"));
    let p00 =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/thb-scoring/tests/data/P00.json");
    let spec = std::fs::read_to_string(&p00)
        .map_err(|e| e.to_string())
        .and_then(|t| IndexSpec::from_json(&t).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("{}: {e}", p00.display()));
    let base = if quick() { 16 } else { 1024 };
    let cfg = example_config("sa_asem_p00.json", base);
    let mut group = c.benchmark_group("saltelli_asem_p00");
    group.sample_size(10);
    group.bench_function(format!("N{base}_d5_runs{}", base * 7), |b| {
        b.iter(|| {
            let model =
                PipelineModel::new(&fw, &ds, &spec, period, &cfg).unwrap_or_else(|e| panic!("{e}"));
            let sa = sensitivity(&model, &cfg, &SensitivityOptions::default())
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(sa.failures().is_empty(), "{}", sa.failures());
            sa
        })
    });
    group.finish();
}

criterion_group!(benches, mc_uncertainty, saltelli_asem_p00);
criterion_main!(benches);
