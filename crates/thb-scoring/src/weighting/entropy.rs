//! Shannon entropy weights.

use super::{Weigh, normalised};
use crate::Result;
use crate::mcda::DecisionMatrix;

/// Entropy weights (Shannon 1948; Zeleny 1982, *Multiple criteria decision making*; Hwang &
/// Yoon 1981): p_ij = x_ij/Σ_i x_ij, E_j = −(1/ln m)·Σ_i p_ij·ln p_ij, d_j = 1 − E_j,
/// w_j = d_j/Σ_k d_k (m = number of units).
///
/// Conventions (`mcda-methods.md` D2, `interfaces.md`): **direction-free** (no peer applies
/// direction); **0·ln 0 = 0** (scikit-criteria, pyrepo; pymcdm refuses zeros); a negative value
/// is a typed error; a constant column, including an all-zero one, has d_j = 0 and so weight 0;
/// d_j is clamped at 0 where rounding gives E_j slightly above 1. Needs 2 units.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Entropy, Weigh};
/// let x = Matrix::from_rows(&[vec![1.0, 0.0], vec![1.0, 5.0]])?;
/// assert_eq!(Entropy.weigh(&DecisionMatrix::oriented(&x)?)?, [0.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entropy;

impl Entropy {
    /// The degree of diversification d_j = 1 − E_j of every column (≥ 0).
    ///
    /// # Errors
    /// As [`Weigh::weigh`].
    pub fn diversification(dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        const NAME: &str = "entropy";
        dm.need_rows(NAME, 2)?;
        let log_m = (dm.nrows() as f64).ln();
        (0..dm.ncols())
            .map(|j| {
                crate::mcda::non_negative(dm, j, NAME, "entropy")?;
                let col = dm.column(j);
                let total: f64 = col.iter().sum();
                if total <= 0.0 {
                    return Ok(0.0); // all zeros: constant
                }
                let h: f64 = col
                    .iter()
                    .filter(|&&x| x > 0.0)
                    .map(|&x| {
                        let p = x / total;
                        p * p.ln()
                    })
                    .sum();
                Ok((1.0 + h / log_m).max(0.0))
            })
            .collect()
    }
}

impl Weigh for Entropy {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        normalised("entropy", dm, Self::diversification(dm)?)
    }
}
