//! CRITIC weights.

use super::{Correlation, Weigh, normalised};
use crate::Result;
use crate::mcda::{DecisionMatrix, McdaNormalisation};
use crate::stats::{SdKind, sd};

/// CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995, *Determining objective weights in
/// multiple criteria problems: the CRITIC method*, Computers & Operations Research 22(7)):
/// on the min-max normalised matrix r_ij = (x_ij − x_j^worst)/(x_j^best − x_j^worst),
/// C_j = σ_j·Σ_k (1 − ρ_jk), w_j = C_j/Σ_k C_k, with σ the SD of r_j and ρ the correlation
/// between the normalised columns.
///
/// Conventions (`mcda-methods.md` D3, D4): **direction-aware** as the paper (scikit-criteria);
/// `direction_blind: true` min-maxes every column as a benefit column, reproducing pymcdm and
/// pyrepo. Pearson by default, Spearman optional. The SD divisor cancels (D5). A constant
/// column is a typed error [`crate::ScoringError::ConstantColumn`] (its correlations are undefined;
/// every peer returns `NaN` weights). Needs 3 units.
/// Spec: `"critic"` or `{"critic": {"correlation": "spearman", "direction_blind": false}}`.
///
/// ```
/// use thb_model::{Direction, Matrix};
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Critic, Weigh};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0, 0.5], vec![2.0, 1.0, 0.1], vec![3.0, 5.0, 0.3]])?;
/// let dm = DecisionMatrix::new(&x, &[Direction::Positive, Direction::Positive, Direction::Negative])?;
/// let w = Critic::default().weigh(&dm)?;
/// assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Critic {
    /// The correlation between normalised columns.
    pub correlation: Correlation,
    /// Ignore cost directions when normalising (pymcdm/pyrepo behaviour).
    pub direction_blind: bool,
}

/// The spec form of [`Critic`] (every combination is valid, so it is the type itself).
pub type CriticParams = Critic;

impl Weigh for Critic {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        const NAME: &str = "critic";
        dm.need_rows(NAME, 3)?;
        let blind;
        let source = if self.direction_blind {
            blind = dm.as_oriented();
            &blind
        } else {
            dm
        };
        let r = McdaNormalisation::min_max().normalised_matrix(source, NAME)?;
        let n = dm.ncols();
        let mut c = vec![0.0; n];
        for (j, cj) in c.iter_mut().enumerate() {
            let sigma = sd(r.column(j), SdKind::Sample).unwrap_or(0.0);
            let conflict: f64 = (0..n)
                .filter(|&k| k != j)
                .map(|k| {
                    self.correlation
                        .of(r.column(j), r.column(k))
                        .map(|rho| 1.0 - rho)
                        .ok_or_else(|| dm.constant(NAME, k))
                })
                .sum::<Result<f64>>()?;
            *cj = sigma * conflict;
        }
        normalised(NAME, dm, c)
    }
}
