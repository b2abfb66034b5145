//! Shared fixtures for the criterion benchmarks of the THB INDEX workspace.
//!
//! The benchmarks live in `benches/benches/`; run them with `cargo bench -p thb-benches`.

use std::fmt::Write as _;
use std::path::PathBuf;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The project's shared data folder (`$THB_SHARED_DIR`, else `../shared` beside the
/// workspace), when it holds the COINr ASEM data.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("THB_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    dir.join("data/coinr_asem").is_dir().then_some(dir)
}

/// The data of `../shared/bench/peer_bench.py`: lognormal(1, 0.5) + 0.01, every 4th indicator
/// a cost criterion, base weights U(0.5, 1.5) normalised. Drawn with ChaCha8 (the numpy
/// draws are not reproduced, the distribution is).
#[derive(Debug, Clone, PartialEq)]
pub struct PeerData {
    /// One column per indicator, as measured (all values > 0).
    pub columns: Vec<Vec<f64>>,
    /// Base weights, summing to 1.
    pub weights: Vec<f64>,
}

impl PeerData {
    /// `n` units x `m` indicators.
    pub fn new(n: usize, m: usize) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(12345);
        let mut normal = move || {
            // Box-Muller.
            let (u1, u2): (f64, f64) = (1.0 - rng.random::<f64>(), rng.random());
            (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
        };
        let columns = (0..m)
            .map(|_| {
                (0..n)
                    .map(|_| (1.0 + 0.5 * normal()).exp() + 0.01)
                    .collect()
            })
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(54321);
        let w: Vec<f64> = (0..m).map(|_| rng.random_range(0.5..1.5)).collect();
        let total: f64 = w.iter().sum();
        Self {
            columns,
            weights: w.iter().map(|v| v / total).collect(),
        }
    }

    /// +1 for a benefit indicator, -1 for a cost one (every 4th).
    pub fn direction(j: usize) -> f64 {
        if j % 4 == 3 { -1.0 } else { 1.0 }
    }

    /// The columns multiplied by their direction (higher is better everywhere).
    pub fn oriented(&self) -> Vec<Vec<f64>> {
        self.columns
            .iter()
            .enumerate()
            .map(|(j, c)| c.iter().map(|v| Self::direction(j) * v).collect())
            .collect()
    }

    /// The framework as a COINr iMeta table: indicators `I1`.. under the root `Index`.
    pub fn imeta_csv(&self) -> String {
        let mut s = String::from("iCode,Level,Parent,Type,Weight,Direction\n");
        for (j, w) in self.weights.iter().enumerate() {
            let _ = writeln!(s, "I{},1,Index,Indicator,{w},{}", j + 1, Self::direction(j));
        }
        s.push_str("Index,2,,Aggregate,1,1\n");
        s
    }

    /// The data as a COINr iData table: units `U1`.., year 2024.
    pub fn idata_csv(&self) -> String {
        let mut s = String::from("uCode,Time");
        for j in 0..self.columns.len() {
            let _ = write!(s, ",I{}", j + 1);
        }
        s.push('\n');
        let n = self.columns.first().map_or(0, Vec::len);
        for i in 0..n {
            let _ = write!(s, "U{},2024", i + 1);
            for c in &self.columns {
                let _ = write!(s, ",{}", c[i]);
            }
            s.push('\n');
        }
        s
    }
}
