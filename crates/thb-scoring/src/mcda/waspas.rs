//! WASPAS: weighted aggregated sum product assessment.

use super::registry::validated_params;
use super::{Better, DecisionMatrix, Evaluate, Evaluation, McdaNormalisation, unit_interval};
use crate::Result;

/// WASPAS (Zavadskas, Turskis, Antucheviciene & Zakarevicius 2012, *Optimization of weighted
/// aggregated sum product assessment*, Elektronika ir Elektrotechnika 122(6)):
/// Q_i = λ·Σ_j w_j·r_ij + (1 − λ)·Π_j r_ij^w_j. Higher is better.
///
/// Defaults as in the paper, pymcdm and pyrepo: `linear` normalisation (x/max, cost min/x) and
/// λ = 0.5. A normalised value of 0 makes the product part 0 (as in the peers); a negative one
/// is an error. Spec: `"waspas"` or `{"waspas": {"lambda": 0.5, "normalisation": "linear"}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, Waspas};
/// let x = Matrix::from_rows(&[vec![1.0, 4.0], vec![4.0, 4.0]])?;
/// let ev = Waspas::default().evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert_eq!(ev.scores()[1], 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "WaspasParams", into = "WaspasParams")
)]
pub struct Waspas(WaspasParams);

/// The spec form of [`Waspas`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct WaspasParams {
    /// Weight of the sum part, in [0, 1].
    pub lambda: f64,
    /// The normalisation.
    pub normalisation: McdaNormalisation,
}

impl Default for WaspasParams {
    fn default() -> Self {
        Self {
            lambda: 0.5,
            normalisation: McdaNormalisation::Linear,
        }
    }
}

impl WaspasParams {
    fn check(&self) -> Result<()> {
        unit_interval("waspas", "lambda", self.lambda)
    }
}

validated_params!(Waspas, WaspasParams);

impl Waspas {
    /// WASPAS with sum-part weight `lambda` in [0, 1].
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] when `lambda` is outside [0, 1].
    pub fn new(lambda: f64, normalisation: McdaNormalisation) -> Result<Self> {
        Self::try_from(WaspasParams {
            lambda,
            normalisation,
        })
    }
}

impl Evaluate for Waspas {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        let w = dm.weights("waspas", weights)?;
        let (sum, prod) = sum_and_product(dm, &w, self.0.normalisation, "waspas")?;
        let l = self.0.lambda;
        let q = sum
            .iter()
            .zip(&prod)
            .map(|(s, p)| l * s + (1.0 - l) * p)
            .collect();
        Evaluation::new("waspas", dm, q, Better::Higher)
    }
}

/// Σ_j w_j·r_ij and Π_j r_ij^w_j per row (0^w = 0 for w > 0); negative r is an error.
pub(crate) fn sum_and_product(
    dm: &DecisionMatrix<'_>,
    w: &[f64],
    normalisation: McdaNormalisation,
    method: &'static str,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut sum = vec![0.0; dm.nrows()];
    let mut prod = vec![1.0; dm.nrows()];
    for (j, &wj) in w.iter().enumerate() {
        let m = normalisation.column_map(dm, j, method)?;
        for (i, &v) in dm.column(j).iter().enumerate() {
            let r = m.apply(v);
            if r < 0.0 {
                return Err(dm.not_applicable(
                    method,
                    j,
                    Some(i),
                    &format!("a product needs normalised values >= 0, got {r}"),
                ));
            }
            sum[i] += wj * r;
            prod[i] *= r.powf(wj);
        }
    }
    Ok((sum, prod))
}
