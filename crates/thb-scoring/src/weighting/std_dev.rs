//! Standard-deviation weights.

use super::{Weigh, normalised};
use crate::Result;
use crate::mcda::DecisionMatrix;
use crate::stats::{SdKind, sd};

/// Standard-deviation weights: w_j = σ_j/Σ_k σ_k on the raw columns (Diakoulaki et al. 1995
/// use σ inside CRITIC; as pymcdm `standard_deviation_weights`). The SD divisor cancels
/// (D5). Direction-free. A constant column gets weight 0. Needs 2 units.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{StandardDeviation, Weigh};
/// let x = Matrix::from_rows(&[vec![0.0, 0.0], vec![1.0, 3.0]])?;
/// let w = StandardDeviation.weigh(&DecisionMatrix::oriented(&x)?)?;
/// assert!((w[0] - 0.25).abs() < 1e-15 && (w[1] - 0.75).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StandardDeviation;

impl Weigh for StandardDeviation {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        dm.need_rows("std", 2)?;
        let raw = dm
            .matrix()
            .columns()
            .map(|c| sd(c, SdKind::Sample).unwrap_or(0.0))
            .collect();
        normalised("std", dm, raw)
    }
}
