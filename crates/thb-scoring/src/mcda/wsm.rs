//! Weighted sum model (WSM, SAW).

use super::{Better, DecisionMatrix, Evaluate, Evaluation, McdaNormalisation, weighted_sum};
use crate::Result;

/// Weighted sum model: S_i = Σ_j w_j·r_ij on the normalised matrix r (Fishburn 1967,
/// *Additive utilities with incomplete product set*, Operations Research 15(3)). Higher is
/// better.
///
/// The normalisation is always explicit (`mcda-methods.md` D8): pymcdm defaults to `sum`,
/// pyrepo's SAW to `linear`, scikit-criteria to none; `min_max` matches all three peers'
/// aligned setting. Spec: `{"wsm": {"normalisation": "min_max"}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, McdaNormalisation, Wsm};
/// let x = Matrix::from_rows(&[vec![0.0, 10.0], vec![5.0, 20.0], vec![10.0, 0.0]])?;
/// let ev = Wsm::new(McdaNormalisation::min_max()).evaluate(&DecisionMatrix::oriented(&x)?, &[1.0, 1.0])?;
/// assert_eq!(ev.scores(), &[0.25, 0.75, 0.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Wsm {
    /// The normalisation applied before weighting.
    pub normalisation: McdaNormalisation,
}

impl Wsm {
    /// A WSM with the given normalisation.
    pub fn new(normalisation: McdaNormalisation) -> Self {
        Self { normalisation }
    }
}

impl Evaluate for Wsm {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        let w = dm.weights("wsm", weights)?;
        let s = weighted_sum(dm, &w, |j| self.normalisation.column_map(dm, j, "wsm"))?;
        Evaluation::new("wsm", dm, s, Better::Higher)
    }
}
