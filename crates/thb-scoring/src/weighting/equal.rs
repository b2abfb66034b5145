//! Equal and expert (given) weights.

use super::{Weigh, normalised};
use crate::mcda::registry::validated_params;
use crate::mcda::{DecisionMatrix, spec_error};
use crate::{Result, ScoringError};

/// Equal weights 1/n (the default of composite indicators and of every peer).
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Equal, Weigh};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0, 3.0, 4.0]])?;
/// assert_eq!(Equal.weigh(&DecisionMatrix::oriented(&x)?)?, [0.25; 4]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Equal;

impl Weigh for Equal {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        Ok(vec![1.0 / dm.ncols() as f64; dm.ncols()])
    }
}

/// Expert weights: given importances (≥ 0, not all 0), rescaled to sum 1 (budget allocation,
/// public opinion, or a framework's own weights). Spec: `{"expert": {"weights": [3, 2, 3, 2]}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Expert, Weigh};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0]])?;
/// assert_eq!(Expert::new(vec![3.0, 1.0])?.weigh(&DecisionMatrix::oriented(&x)?)?, [0.75, 0.25]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "ExpertParams", into = "ExpertParams")
)]
pub struct Expert(ExpertParams);

/// The spec form of [`Expert`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ExpertParams {
    /// One importance per indicator.
    pub weights: Vec<f64>,
}

impl ExpertParams {
    fn check(&self) -> Result<()> {
        let w = &self.weights;
        if w.is_empty()
            || w.iter().any(|v| !v.is_finite() || *v < 0.0)
            || w.iter().sum::<f64>() <= 0.0
        {
            return spec_error("expert weights must be finite, >= 0 and not all 0".to_owned());
        }
        Ok(())
    }
}

validated_params!(Expert, ExpertParams);

impl Expert {
    /// Expert weights from importances.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] for an empty list, a negative or non-finite value, or all zeros.
    pub fn new(weights: Vec<f64>) -> Result<Self> {
        Self::try_from(ExpertParams { weights })
    }
}

impl Weigh for Expert {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        if self.0.weights.len() != dm.ncols() {
            return Err(ScoringError::Shape(format!(
                "expert: {} weights for {} indicators",
                self.0.weights.len(),
                dm.ncols()
            )));
        }
        normalised("expert", dm, self.0.weights.clone())
    }
}
