//! IDOCRIW weights.

use super::{Cilos, Entropy, Weigh, normalised};
use crate::Result;
use crate::mcda::DecisionMatrix;

/// IDOCRIW, integrated determination of objective criteria weights (Zavadskas & Podvezko 2016,
/// same paper as CILOS): ω_j = q_j·W_j/Σ_k q_k·W_k with W the [`Entropy`] weights (on the raw,
/// direction-free data) and q the [`Cilos`] weights. Same as pymcdm.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Idocriw, Weigh};
/// let x = Matrix::from_rows(&[vec![3.0, 1.0], vec![1.0, 3.0]])?;
/// assert_eq!(Idocriw.weigh(&DecisionMatrix::oriented(&x)?)?, [0.5, 0.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Idocriw;

impl Weigh for Idocriw {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        let w = Entropy.weigh(dm)?;
        let q = Cilos.weigh(dm)?;
        normalised(
            "idocriw",
            dm,
            w.iter().zip(&q).map(|(a, b)| a * b).collect(),
        )
    }
}
