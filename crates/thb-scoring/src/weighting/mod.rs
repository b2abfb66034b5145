//! Weighting methods: weights from the data (objective), from expert judgements (AHP) or from an
//! optimisation (benefit of the doubt, target correlations).
//!
//! Every method implements [`Weigh`] on a [`DecisionMatrix`] (rows = units, columns =
//! indicators with their directions) and returns one weight per column, each ≥ 0, summing to 1.
//! [`Weighting`] is the registry usable from a spec or `thb weights --method M`
//! (`"entropy"`, `{"critic": {"correlation": "spearman"}}`, ...). Each method applies its own
//! internal normalisation as its paper defines it and honours direction where it has a notion
//! of it (`interfaces.md` §3.5). Degenerate input gets a typed error or a documented value,
//! never `NaN`.
//!
//! ```
//! use thb_model::{Direction, Matrix};
//! use thb_scoring::mcda::DecisionMatrix;
//! use thb_scoring::weighting::{Critic, Weigh, Weighting};
//! let x = Matrix::from_rows(&[vec![2.1, 5.4], vec![0.8, 2.2], vec![3.5, 7.9]])?;
//! let dm = DecisionMatrix::new(&x, &[Direction::Positive, Direction::Positive])?;
//! let methods = [
//!     Weighting::Entropy,
//!     Weighting::Critic(Critic::default()),
//!     Weighting::StandardDeviation,
//!     Weighting::Merec,
//! ];
//! for method in methods {
//!     let w = method.weigh(&dm)?;
//!     assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12 && w.iter().all(|v| *v >= 0.0));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ahp;
mod bod;
mod cilos;
mod critic;
mod cv;
mod entropy;
mod equal;
mod gini;
mod idocriw;
mod merec;
mod optimised;
mod pca;
mod std_dev;
mod variance;

pub use ahp::{Ahp, AhpParams, AhpResult, RandomIndex};
pub use bod::{Bod, BodParams, BodResult};
pub use cilos::Cilos;
pub use critic::{Critic, CriticParams};
pub use cv::CoefficientOfVariation;
pub use entropy::Entropy;
pub use equal::{Equal, Expert, ExpertParams};
pub use gini::Gini;
pub use idocriw::Idocriw;
pub use merec::Merec;
pub use optimised::{Optimised, OptimisedParams, OptimisedResult};
pub use pca::{Pca, PcaParams, PcaResult};
pub use std_dev::StandardDeviation;
pub use variance::Variance;

use crate::mcda::DecisionMatrix;
use crate::mcda::registry::method_registry;
use crate::{Result, ScoringError};

/// A weighting method.
pub trait Weigh {
    /// One weight per column of `dm`, each ≥ 0, summing to 1.
    ///
    /// # Errors
    /// A typed [`ScoringError`] when the method cannot apply to the data (a constant column
    /// where the method divides by its spread, values outside the method's domain, an
    /// infeasible or failed solve, inconsistent judgements, a shape mismatch).
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>>;
}

/// The correlation coefficient a method uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Correlation {
    /// Pearson's r (the default).
    #[default]
    Pearson,
    /// Spearman's ρ (Pearson of average ranks).
    Spearman,
}

impl Correlation {
    /// The coefficient of `x` and `y`; `None` when undefined (a constant vector).
    pub fn of(self, x: &[f64], y: &[f64]) -> Option<f64> {
        match self {
            Self::Pearson => crate::stats::pearson(x, y),
            Self::Spearman => crate::stats::spearman(x, y),
        }
    }
}

/// Every weighting method (the registry used by specs and front ends).
///
/// Names: `equal`, `expert` (needs `weights`), `entropy`, `critic`, `std`
/// (alias `standard_deviation`), `variance`, `cv` (alias `coefficient_of_variation`), `merec`,
/// `gini`, `cilos`, `idocriw`, `pca`, `ahp` (needs `pairwise`), `bod`, `optimised`
/// (alias `optimized`).
///
/// ```
/// use thb_scoring::weighting::Weighting;
/// # #[cfg(feature = "serde")] {
/// let w: Weighting = serde_json::from_str(r#"{"critic": {"correlation": "spearman"}}"#)?;
/// assert_eq!(w.name(), "critic");
/// let a: Weighting = serde_json::from_str(r#"{"ahp": {"pairwise": [[1, 3], [0.3333333333333333, 1]]}}"#)?;
/// assert_eq!(a.name(), "ahp");
/// assert_eq!(serde_json::to_string(&Weighting::Entropy)?, r#""entropy""#);
/// # }
/// assert_eq!(Weighting::Entropy.name(), "entropy");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Weighting {
    /// Equal weights.
    Equal,
    /// Given weights, rescaled to sum 1.
    Expert(Expert),
    /// Shannon entropy.
    Entropy,
    /// CRITIC.
    Critic(Critic),
    /// Standard deviation.
    StandardDeviation,
    /// Variance of the min-max normalised columns.
    Variance,
    /// Coefficient of variation.
    CoefficientOfVariation,
    /// MEREC.
    Merec,
    /// Gini coefficient.
    Gini,
    /// CILOS.
    Cilos,
    /// IDOCRIW (entropy × CILOS).
    Idocriw,
    /// PCA / factor analysis (Handbook).
    Pca(Pca),
    /// AHP from a pairwise comparison matrix.
    Ahp(Ahp),
    /// Benefit of the doubt (DEA).
    Bod(Bod),
    /// Weights whose components' correlations with the index match a target (Becker et al.).
    Optimised(Optimised),
}

method_registry!(
    Weighting, "weighting method",
    plain {
        Equal => "equal",
        Entropy => "entropy",
        StandardDeviation => "std" | "standard_deviation",
        Variance => "variance",
        CoefficientOfVariation => "cv" | "coefficient_of_variation",
        Merec => "merec",
        Gini => "gini",
        Cilos => "cilos",
        Idocriw => "idocriw",
    }
    defaulted {
        Critic => "critic",
        Pca => "pca",
        Bod => "bod",
        Optimised => "optimised" | "optimized",
    }
    required {
        Expert => "expert",
        Ahp => "ahp",
    }
);

impl Weigh for Weighting {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        match self {
            Self::Equal => Equal.weigh(dm),
            Self::Expert(m) => m.weigh(dm),
            Self::Entropy => Entropy.weigh(dm),
            Self::Critic(m) => m.weigh(dm),
            Self::StandardDeviation => StandardDeviation.weigh(dm),
            Self::Variance => Variance.weigh(dm),
            Self::CoefficientOfVariation => CoefficientOfVariation.weigh(dm),
            Self::Merec => Merec.weigh(dm),
            Self::Gini => Gini.weigh(dm),
            Self::Cilos => Cilos.weigh(dm),
            Self::Idocriw => Idocriw.weigh(dm),
            Self::Pca(m) => m.weigh(dm),
            Self::Ahp(m) => m.weigh(dm),
            Self::Bod(m) => m.weigh(dm),
            Self::Optimised(m) => m.weigh(dm),
        }
    }
}

/// Rescales raw importances (finite, ≥ 0, not all 0) to weights summing to 1.
pub(crate) fn normalised(
    method: &'static str,
    dm: &DecisionMatrix<'_>,
    raw: Vec<f64>,
) -> Result<Vec<f64>> {
    if let Some(j) = raw.iter().position(|v| !v.is_finite() || *v < 0.0) {
        return Err(dm.not_applicable(
            method,
            j,
            None,
            &format!("importance {} is not a finite value >= 0", raw[j]),
        ));
    }
    let s: f64 = raw.iter().sum();
    if s <= 0.0 {
        return Err(ScoringError::NotApplicable {
            method,
            node: "every indicator".to_owned(),
            unit: None,
            reason: "no indicator discriminates between the units (every importance is 0)"
                .to_owned(),
        });
    }
    Ok(raw.into_iter().map(|v| v / s).collect())
}
