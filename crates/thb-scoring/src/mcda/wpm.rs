//! Weighted product model (WPM).

use super::registry::validated_params;
use super::spec_error;
use super::{Better, DecisionMatrix, Evaluate, Evaluation, McdaNormalisation};
use crate::Result;

/// Weighted product model: P_i = Π_j r_ij^w_j on the normalised matrix r (Bridgman 1922,
/// *Dimensional analysis*; Miller & Starr 1969, *Executive decisions and operations research*).
/// Higher is better.
///
/// Convention (`mcda-methods.md` D7): the product score is returned (scikit-criteria's
/// Σ w·log10 r is 10-log of it); every normalised value must be > 0, otherwise a typed error
/// names the unit and criterion. `offset` (default 0) is added to every normalised value
/// first, the explicit way to make zeros positive (e.g. min-max with offset 1). The
/// normalisation is explicit, like WSM's. Spec: `{"wpm": {"normalisation": "sum"}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, McdaNormalisation, Wpm};
/// let x = Matrix::from_rows(&[vec![4.0, 1.0], vec![1.0, 4.0]])?;
/// let ev = Wpm::new(McdaNormalisation::Identity, 0.0)?.evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert_eq!(ev.scores(), &[2.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "WpmParams", into = "WpmParams"))]
pub struct Wpm(WpmParams);

/// The spec form of [`Wpm`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct WpmParams {
    /// The normalisation.
    pub normalisation: McdaNormalisation,
    /// Added to every normalised value (≥ 0).
    #[cfg_attr(feature = "serde", serde(default))]
    pub offset: f64,
}

impl WpmParams {
    fn check(&self) -> Result<()> {
        if self.offset.is_finite() && self.offset >= 0.0 {
            Ok(())
        } else {
            spec_error(format!(
                "wpm: offset must be a finite value >= 0, got {}",
                self.offset
            ))
        }
    }
}

validated_params!(Wpm, WpmParams);

impl Wpm {
    /// A WPM with the given normalisation and offset.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] when `offset` is negative or not finite.
    pub fn new(normalisation: McdaNormalisation, offset: f64) -> Result<Self> {
        Self::try_from(WpmParams {
            normalisation,
            offset,
        })
    }

    /// Σ_j w_j·ln(r_ij + offset) per row: the log of the product, checked for r + offset > 0.
    pub(crate) fn log_scores(
        &self,
        dm: &DecisionMatrix<'_>,
        w: &[f64],
        method: &'static str,
    ) -> Result<Vec<f64>> {
        let mut s = vec![0.0; dm.nrows()];
        for (j, &wj) in w.iter().enumerate() {
            let m = self.0.normalisation.column_map(dm, j, method)?;
            for (i, (acc, &v)) in s.iter_mut().zip(dm.column(j)).enumerate() {
                let r = m.apply(v) + self.0.offset;
                if r <= 0.0 {
                    return Err(dm.not_applicable(
                        method,
                        j,
                        Some(i),
                        &format!("a product needs normalised values > 0, got {r}"),
                    ));
                }
                *acc += wj * r.ln();
            }
        }
        Ok(s)
    }
}

impl Evaluate for Wpm {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        let w = dm.weights("wpm", weights)?;
        let s = self.log_scores(dm, &w, "wpm")?;
        Evaluation::new(
            "wpm",
            dm,
            s.into_iter().map(f64::exp).collect(),
            Better::Higher,
        )
    }
}
