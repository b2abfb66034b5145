//! Gini-coefficient weights.

use super::{Weigh, normalised};
use crate::Result;
use crate::mcda::DecisionMatrix;
use crate::stats::{mean, sorted};

/// Gini weights: G_j = Σ_i Σ_k |x_ij − x_kj| / (2m²·mean_j) over the m units, w_j = G_j/Σ_k G_k
/// (as pymcdm `gini_weights` and scikit-criteria `GiniWeighter`; Li & Wang 2020, *An
/// approach to weighting based on the Gini coefficient*). Computed from the sorted column as
/// Σ_i (2i − m + 1)·x_(i)·2, O(m log m). Direction-free. Every column mean must be > 0; a
/// constant column gets weight 0.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Gini, Weigh};
/// let x = Matrix::from_rows(&[vec![1.0, 1.0], vec![1.0, 3.0]])?;
/// assert_eq!(Gini.weigh(&DecisionMatrix::oriented(&x)?)?, [0.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gini;

impl Weigh for Gini {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        const NAME: &str = "gini";
        let m = dm.nrows() as f64;
        let raw = (0..dm.ncols())
            .map(|j| {
                let col = dm.column(j);
                let mu = mean(col).unwrap_or(0.0);
                if mu <= 0.0 {
                    return Err(dm.not_applicable(NAME, j, None, "the column mean must be > 0"));
                }
                // Σ_i Σ_k |x_i − x_k| = 2·Σ_i (2i − m + 1)·x_(i), i from 0, ascending order
                let pairs: f64 = sorted(col)
                    .iter()
                    .enumerate()
                    .map(|(i, x)| 2.0 * (2.0 * i as f64 - m + 1.0) * x)
                    .sum();
                Ok((pairs / (2.0 * m * m * mu)).max(0.0))
            })
            .collect::<Result<Vec<_>>>()?;
        normalised(NAME, dm, raw)
    }
}
