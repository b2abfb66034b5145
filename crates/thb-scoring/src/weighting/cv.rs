//! Coefficient-of-variation weights.

use super::{Weigh, normalised};
use crate::Result;
use crate::mcda::DecisionMatrix;
use crate::stats::{SdKind, mean, sd};

/// Coefficient-of-variation weights: v_j = σ_j/mean_j, w_j = v_j/Σ_k v_k on the raw columns (as
/// pyrepo `coeff_var_weighting`, which first sum-normalises; the ratio is scale-free so the
/// result is the same). Direction-free. Every column mean must be > 0 (the ratio has no
/// meaning otherwise); a constant column gets weight 0. Needs 2 units.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{CoefficientOfVariation, Weigh};
/// let x = Matrix::from_rows(&[vec![1.0, 10.0], vec![3.0, 30.0]])?;
/// assert_eq!(CoefficientOfVariation.weigh(&DecisionMatrix::oriented(&x)?)?, [0.5, 0.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CoefficientOfVariation;

impl Weigh for CoefficientOfVariation {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        const NAME: &str = "cv";
        dm.need_rows(NAME, 2)?;
        let raw = (0..dm.ncols())
            .map(|j| {
                let c = dm.column(j);
                let m = mean(c).unwrap_or(0.0);
                if m <= 0.0 {
                    return Err(dm.not_applicable(NAME, j, None, "the column mean must be > 0"));
                }
                Ok(sd(c, SdKind::Sample).unwrap_or(0.0) / m)
            })
            .collect::<Result<Vec<_>>>()?;
        normalised(NAME, dm, raw)
    }
}
