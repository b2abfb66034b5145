//! MABAC: multi-attributive border approximation area comparison.

use super::{Better, DecisionMatrix, Evaluate, Evaluation, McdaNormalisation};
use crate::Result;

/// MABAC (Pamučar & Ćirović 2015, *The selection of transport and handling resources in
/// logistics centers using MABAC*, Expert Systems with Applications 42(6)): on the
/// direction-aware min-max matrix r, v_ij = w_j·(r_ij + 1); the border approximation area
/// g_j = (Π_i v_ij)^(1/m) (computed as exp of the mean log, so it does not underflow);
/// score S_i = Σ_j (v_ij − g_j). Higher is better. Same formulas as pymcdm.
///
/// A constant criterion is an error (min-max, `mcda-methods.md` D3).
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, Mabac};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 1.0], vec![2.0, 3.0]])?;
/// let ev = Mabac.evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert!(ev.scores()[2] > ev.scores()[0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mabac;

impl Evaluate for Mabac {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "mabac";
        let w = dm.weights(NAME, weights)?;
        let m = dm.nrows() as f64;
        let mut s = vec![0.0; dm.nrows()];
        for (j, &wj) in w.iter().enumerate() {
            let map = McdaNormalisation::min_max().column_map(dm, j, NAME)?;
            if wj <= 0.0 {
                continue; // v = 0 everywhere and g = 0: no contribution
            }
            let col = dm.column(j);
            let log_g = col
                .iter()
                .map(|&x| (wj * (map.apply(x) + 1.0)).ln())
                .sum::<f64>()
                / m;
            let g = log_g.exp();
            for (acc, &x) in s.iter_mut().zip(col) {
                *acc += wj * (map.apply(x) + 1.0) - g;
            }
        }
        Evaluation::new(NAME, dm, s, Better::Higher)
    }
}
