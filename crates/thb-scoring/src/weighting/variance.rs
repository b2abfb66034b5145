//! Variance weights.

use super::{Weigh, normalised};
use crate::Result;
use crate::mcda::{DecisionMatrix, range};
use crate::stats::{SdKind, variance};

/// Variance weights: w_j = Var(r_j)/Σ_k Var(r_k) on the min-max normalised columns r (as pymcdm
/// `variance_weights` and pyrepo `stat_var_weighting`); Var(r_j) = Var(x_j)/(max − min)². The
/// divisor cancels (D5). Direction-free. A constant column has variance 0 under any
/// normalisation and gets weight 0. Needs 2 units.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Variance, Weigh};
/// let x = Matrix::from_rows(&[vec![0.0, 0.0], vec![1.0, 30.0]])?;
/// assert_eq!(Variance.weigh(&DecisionMatrix::oriented(&x)?)?, [0.5, 0.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Variance;

impl Weigh for Variance {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        const NAME: &str = "variance";
        dm.need_rows(NAME, 2)?;
        let raw = (0..dm.ncols())
            .map(|j| {
                let (lo, hi) = range(dm, j);
                let v = variance(dm.column(j), SdKind::Sample).unwrap_or(0.0);
                Ok(if hi > lo {
                    v / ((hi - lo) * (hi - lo))
                } else {
                    0.0
                })
            })
            .collect::<Result<Vec<_>>>()?;
        normalised(NAME, dm, raw)
    }
}
