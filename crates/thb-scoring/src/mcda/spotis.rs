//! SPOTIS: stable preference ordering towards ideal solution.

use super::registry::validated_params;
use super::{Better, DecisionMatrix, Direction, Evaluate, Evaluation, range, spec_error};
use crate::{Result, ScoringError};

/// SPOTIS (Dezert, Tchamova, Han & Tacnet 2020, *The SPOTIS rank reversal free method for
/// multi-criteria decision-making support*, FUSION 2020): with bounds [lo_j, hi_j] per criterion
/// and the ideal point s*_j = hi_j (benefit) or lo_j (cost),
/// d_i = Σ_j w_j·|x_ij − s*_j|/(hi_j − lo_j). **Lower is better.** Same formula as pymcdm.
///
/// The bounds are part of the problem (they make SPOTIS free of rank reversal); without them
/// the data's column minima and maxima are used (pymcdm's `make_bounds`), which then makes a
/// constant criterion an error. Data outside given bounds is an error.
/// Spec: `"spotis"` or `{"spotis": {"bounds": [[0, 10], [1, 5]]}}`.
///
/// ```
/// use thb_model::{Direction, Matrix};
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, Spotis};
/// let x = Matrix::from_rows(&[vec![10.5, -3.1, 1.7], vec![-4.7, 0.0, 3.4], vec![8.1, 0.3, 1.3], vec![3.2, 7.3, -5.3]])?;
/// let t = [Direction::Positive, Direction::Negative, Direction::Positive];
/// let spotis = Spotis::with_bounds(vec![[-5.0, 12.0], [-6.0, 10.0], [-8.0, 5.0]])?;
/// let ev = spotis.evaluate(&DecisionMatrix::new(&x, &t)?, &[0.2, 0.3, 0.5])?;
/// let want = [0.1989, 0.3705, 0.3063, 0.7491];
/// assert!(ev.scores().iter().zip(want).all(|(g, w)| (g - w).abs() < 5e-5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "SpotisParams", into = "SpotisParams")
)]
pub struct Spotis(SpotisParams);

/// The spec form of [`Spotis`].
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct SpotisParams {
    /// `[lo, hi]` per criterion; `None` = the data's range.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub bounds: Option<Vec<[f64; 2]>>,
}

impl SpotisParams {
    fn check(&self) -> Result<()> {
        let bad = self
            .bounds
            .iter()
            .flatten()
            .position(|[lo, hi]| !(lo.is_finite() && hi.is_finite() && lo < hi));
        match bad {
            Some(k) => spec_error(format!(
                "spotis: bounds of criterion {} must be finite with lo < hi",
                k + 1
            )),
            None => Ok(()),
        }
    }
}

validated_params!(Spotis, SpotisParams);

impl Spotis {
    /// SPOTIS with the data's range as bounds.
    pub fn from_data() -> Self {
        Self::default()
    }

    /// SPOTIS with explicit bounds `[lo, hi]` per criterion.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] when a bound is not finite or lo ≥ hi.
    pub fn with_bounds(bounds: Vec<[f64; 2]>) -> Result<Self> {
        Self::try_from(SpotisParams {
            bounds: Some(bounds),
        })
    }
}

impl Evaluate for Spotis {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "spotis";
        let w = dm.weights(NAME, weights)?;
        if let Some(b) = &self.0.bounds
            && b.len() != dm.ncols()
        {
            return Err(ScoringError::Shape(format!(
                "{NAME}: {} bounds for {} criteria",
                b.len(),
                dm.ncols()
            )));
        }
        let mut d = vec![0.0; dm.nrows()];
        for (j, &wj) in w.iter().enumerate() {
            let (lo, hi) = range(dm, j);
            let [blo, bhi] = match &self.0.bounds {
                Some(b) => b[j],
                None => [lo, hi],
            };
            if bhi <= blo {
                return Err(dm.constant(NAME, j));
            }
            if lo < blo || hi > bhi {
                return Err(dm.not_applicable(NAME, j, None, "data lie outside the bounds"));
            }
            let ideal = match dm.types()[j] {
                Direction::Positive => bhi,
                Direction::Negative => blo,
            };
            for (acc, &x) in d.iter_mut().zip(dm.column(j)) {
                *acc += wj * (x - ideal).abs() / (bhi - blo);
            }
        }
        Evaluation::new(NAME, dm, d, Better::Lower)
    }
}
