//! Criterion benchmarks of the scoring pipeline: one full COINr P00 run on the ASEM data
//! (51 units x 49 indicators, every step), and the normalise / aggregate kernels on synthetic
//! seeded data at 200x50, 2000x100 and 20000x200.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use thb_model::io::{read_idata, read_imeta};
use thb_model::{Framework, Matrix, Node, Period};
use thb_scoring::aggregate::{AggregateScratch, AggregationPlan, aggregate_into};
use thb_scoring::normalise::{MinMax, ZScore};
use thb_scoring::{
    Aggregation, IndexSpec, IndicatorContext, Normalisation, Normalise, Pipeline, RowLabel,
};

const SIZES: [(usize, usize); 3] = [(200, 50), (2000, 100), (20000, 200)];

const P00: &str = r#"{
  "denominate": true,
  "impute": {"group_mean": {"group": "EurAsia_group"}},
  "screen": {"min_availability": 0.9},
  "treat": {"winsorise": {"winmax": 5, "skew": 2.0, "kurtosis": 3.5, "fallback": "log_ct"}},
  "normalise": {"min_max": {"low": 0, "high": 100}},
  "aggregate": "arithmetic"
}"#;

fn p00(c: &mut Criterion) {
    let Some(dir) = thb_benches::shared_dir() else {
        eprintln!("skipping the P00 bench: ../shared not found; set THB_SHARED_DIR");
        return;
    };
    let fw = read_imeta(dir.join("data/coinr_asem/asem_imeta.csv")).unwrap();
    let ds = read_idata(
        dir.join("data/coinr_asem/asem_idata.csv"),
        &fw,
        Period::Year(2018),
    )
    .unwrap();
    let spec = IndexSpec::from_json(P00).unwrap();
    let pipeline = Pipeline::new(&fw, &ds, &spec).unwrap();
    let raw = pipeline.prepare(Period::Year(2018)).unwrap();
    let mut g = c.benchmark_group("pipeline");
    g.bench_function("p00_asem_51x49", |b| {
        b.iter(|| pipeline.run_prepared(black_box(&raw)).unwrap())
    });
    g.bench_function("p00_asem_51x49_from_dataset", |b| {
        b.iter(|| pipeline.run(black_box(Period::Year(2018))).unwrap())
    });
    g.finish();
}

/// Seeded synthetic data (SplitMix64), some cells missing.
fn synthetic(n: usize, m: usize, seed: u64) -> Matrix {
    let mut s = seed;
    let mut next = move || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    };
    let data = (0..n * m)
        .map(|_| {
            let u = next();
            if u < 0.02 {
                f64::NAN
            } else {
                1.0 + 99.0 * next()
            }
        })
        .collect();
    Matrix::from_column_major(n, m, data).unwrap()
}

/// Indicators in pillars of 10, pillars under one root.
fn framework(m: usize) -> Framework {
    let pillars = m.div_ceil(10);
    let mut nodes: Vec<Node> = (0..m)
        .map(|j| Node::indicator(&format!("x{j}"), &format!("P{}", j / 10)).unwrap())
        .collect();
    nodes
        .extend((0..pillars).map(|p| Node::aggregate(&format!("P{p}"), 2, Some("Index")).unwrap()));
    nodes.push(Node::aggregate("Index", 3, None).unwrap());
    Framework::new(nodes).unwrap()
}

fn normalise(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalise");
    g.sample_size(20);
    let methods = [
        (
            "min_max",
            Normalisation::MinMax(MinMax::new(0.0, 100.0).unwrap()),
        ),
        (
            "z_score",
            Normalisation::ZScore(ZScore::new(0.0, 1.0).unwrap()),
        ),
    ];
    for (n, m) in SIZES {
        let data = synthetic(n, m, 42);
        let rows = RowLabel::numbered(n);
        let mut out = vec![0.0; n];
        for (name, method) in &methods {
            g.bench_with_input(
                BenchmarkId::new(*name, format!("{n}x{m}")),
                &data,
                |b, data| {
                    b.iter(|| {
                        for j in 0..m {
                            let ctx = IndicatorContext::new("x", &rows);
                            method
                                .normalise(black_box(data.column(j)), &ctx, &mut out)
                                .unwrap();
                        }
                    })
                },
            );
        }
    }
    g.finish();
}

fn aggregate(c: &mut Criterion) {
    let mut g = c.benchmark_group("aggregate");
    g.sample_size(20);
    for (n, m) in SIZES {
        let data = synthetic(n, m, 7);
        let fw = framework(m);
        let plan = AggregationPlan::new(&fw);
        let weights = plan.weights(&fw);
        let rows = RowLabel::numbered(n);
        let mut scratch = AggregateScratch::default();
        for (name, method) in [
            ("arithmetic", Aggregation::Arithmetic),
            ("geometric", Aggregation::Geometric),
        ] {
            g.bench_with_input(
                BenchmarkId::new(name, format!("{n}x{m}")),
                &data,
                |b, data| {
                    b.iter(|| {
                        aggregate_into(
                            black_box(data),
                            &rows,
                            &plan,
                            &weights,
                            std::slice::from_ref(&method),
                            &mut scratch,
                        )
                        .map(<[f64]>::len)
                        .unwrap()
                    })
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, p00, normalise, aggregate);
criterion_main!(benches);
