//! Test support: the shared-data locator and a small composite-index model.
#![allow(dead_code, clippy::print_stderr, clippy::unwrap_used)]

use thb_model::Matrix;
use thb_scoring::stats::{SdKind, mean, min_max, sd};
use thb_sensitivity::engine::{IndexModel, RunFailure};
use thb_sensitivity::run::{Choice, RunSpec};

#[path = "../../../thb-model/tests/common/shared_data.rs"]
mod shared_data;
#[allow(unused_imports)] // each test file uses a part
pub use shared_data::shared as shared_dir;

/// Runs `f` on a rayon pool of `threads` threads.
pub fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// Ishigami function with a = 7, b = 0.1 on u in [0, 1]^3 (x = -pi + 2 pi u).
pub fn ishigami(u: &[f64]) -> f64 {
    use std::f64::consts::PI;
    let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

/// A weighted-mean index over a small matrix, with the factors
/// `weights` (level 1), `normalise` [min_max, z_score], `aggregate` [arithmetic, geometric]
/// and `exclude_one` (level 1), in that order (a fourth factor of another kind is ignored). Normalised matrices are computed once.
/// The geometric mean of a value <= 0 (any z-score below 0) fails the run.
pub struct ToyIndex {
    /// Normalised matrices: [min-max in [1, 100], z-scores].
    normalised: [Matrix; 2],
    base_weights: Vec<f64>,
}

pub const TOY_CONFIG: &str = r#"{"runs": 300, "seed": 11, "sampling": "random", "factors": [
    {"weights": {"level": 1, "noise": 0.25}},
    {"normalise": ["min_max", "z_score"]},
    {"aggregate": ["arithmetic", "geometric"]},
    {"exclude_one": {"level": 1}}]}"#;

impl ToyIndex {
    /// `units` x `indicators` pseudo data (a fixed formula).
    pub fn new(units: usize, indicators: usize) -> Self {
        let columns: Vec<Vec<f64>> = (0..indicators)
            .map(|j| {
                (0..units)
                    .map(|i| (((i * 37 + j * 11) % 101) as f64 + 1.0) * (1.0 + j as f64 * 0.1))
                    .collect()
            })
            .collect();
        let minmax = columns
            .iter()
            .map(|c| {
                let (lo, hi) = min_max(c).unwrap();
                c.iter()
                    .map(|v| 1.0 + 99.0 * (v - lo) / (hi - lo))
                    .collect()
            })
            .collect();
        let z = columns
            .iter()
            .map(|c| {
                let (m, s) = (mean(c).unwrap(), sd(c, SdKind::Sample).unwrap());
                c.iter().map(|v| (v - m) / s).collect()
            })
            .collect();
        Self {
            normalised: [
                Matrix::from_columns(units, minmax).unwrap(),
                Matrix::from_columns(units, z).unwrap(),
            ],
            base_weights: (0..indicators).map(|j| 1.0 + (j % 3) as f64).collect(),
        }
    }

    pub fn indicators(&self) -> usize {
        self.base_weights.len()
    }
}

impl IndexModel for ToyIndex {
    type Scratch = Vec<f64>;

    fn units(&self) -> usize {
        self.normalised[0].nrows()
    }

    fn level_len(&self, level: u32) -> Option<usize> {
        (level == 1).then_some(self.indicators())
    }

    fn scratch(&self) -> Vec<f64> {
        vec![0.0; self.indicators()]
    }

    fn evaluate(
        &self,
        run: &RunSpec,
        w: &mut Vec<f64>,
        scores: &mut [f64],
    ) -> Result<(), RunFailure> {
        let [
            Choice::Weights(draw),
            Choice::Alternative { index: norm },
            Choice::Alternative { index: agg },
            fourth,
        ] = run.choices()
        else {
            return Err(RunFailure::new("unexpected factors"));
        };
        // The fourth factor excludes an indicator; any other fourth factor is ignored.
        let node = match fourth {
            Choice::Exclude { node } => node.as_ref(),
            _ => None,
        };
        draw.fill(w).map_err(|e| RunFailure::new(e.to_string()))?;
        for (wj, b) in w.iter_mut().zip(&self.base_weights) {
            *wj *= b;
        }
        if let Some(j) = node {
            w[*j] = 0.0;
        }
        let total: f64 = w.iter().sum();
        let m = &self.normalised[*norm];
        scores.fill(0.0);
        for (j, &wj) in w.iter().enumerate() {
            let col = m.column(j);
            if *agg == 0 {
                for (s, x) in scores.iter_mut().zip(col) {
                    *s += wj / total * x;
                }
            } else {
                if let Some(i) = col.iter().position(|&x| x <= 0.0 && wj > 0.0) {
                    return Err(RunFailure::new(format!(
                        "geometric mean of a value <= 0 in aggregate `Index` (indicator #{j}, unit #{i})"
                    )));
                }
                for (s, x) in scores.iter_mut().zip(col) {
                    if wj > 0.0 {
                        *s += wj / total * x.ln();
                    }
                }
            }
        }
        if *agg == 1 {
            for s in scores.iter_mut() {
                *s = s.exp();
            }
        }
        Ok(())
    }
}
