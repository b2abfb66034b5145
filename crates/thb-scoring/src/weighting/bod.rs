//! Benefit-of-the-doubt (DEA) weights and scores.

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use thb_model::Matrix;

use super::{Weigh, normalised};
use crate::mcda::registry::validated_params;
use crate::mcda::{DecisionMatrix, McdaNormalisation, spec_error};
use crate::{Result, ScoringError};

/// Benefit of the doubt (Melyn & Moesen 1991; Cherchye, Moesen, Rogge & Van Puyenbroeck 2007,
/// *An introduction to "benefit of the doubt" composite indicators*, Social Indicators
/// Research 82): for every unit c one linear programme (microlp),
///
/// max CI_c = Σ_j w_j·y_cj  s.t.  Σ_j w_j·y_kj ≤ 1 for every unit k,  w ≥ 0,
///
/// optionally with share ("pie") bounds lower ≤ w_j·y_cj/CI_c ≤ upper for every j (as
/// Compind's `ci_bod_constr`, written linearly). CI_c ∈ [0, 1] is the unit's BoD score.
///
/// Conventions: y is the decision matrix after `normalisation` (default direction-aware
/// `min_max`, so cost indicators are reflected; `identity` for data that are already
/// normalised and oriented); y must be ≥ 0. Columns are rescaled by their maximum before
/// solving (CI is scale-free) to keep the LP well conditioned; scores are exact to the
/// solver's feasibility tolerance 1e-7 and clamped to [0, 1]. The single weight vector that
/// [`Weigh`] returns is the **mean over units of each unit's optimal weights rescaled to sum
/// 1** (units with CI = 0 left out); [`Bod::solve`] returns every unit's weights and scores.
/// LP optima need not be unique; the solver is deterministic. Spec: `"bod"` or
/// `{"bod": {"lower_share": 0.05, "upper_share": 0.5, "normalisation": "identity"}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, McdaNormalisation};
/// use thb_scoring::weighting::Bod;
/// let y = Matrix::from_rows(&[vec![1.0, 0.2], vec![0.2, 1.0], vec![0.5, 0.5]])?;
/// let bod = Bod::new(0.0, 1.0, McdaNormalisation::Identity)?;
/// let r = bod.solve(&DecisionMatrix::oriented(&y)?)?;
/// assert!((r.scores[0] - 1.0).abs() < 1e-6 && (r.scores[2] - 5.0 / 6.0).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "BodParams", into = "BodParams"))]
pub struct Bod(BodParams);

/// The spec form of [`Bod`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct BodParams {
    /// Lower bound of every indicator's share w_j·y_cj/CI_c (0 = none).
    pub lower_share: f64,
    /// Upper bound of every indicator's share (1 = none).
    pub upper_share: f64,
    /// The normalisation applied first.
    pub normalisation: McdaNormalisation,
}

impl Default for BodParams {
    fn default() -> Self {
        Self {
            lower_share: 0.0,
            upper_share: 1.0,
            normalisation: McdaNormalisation::min_max(),
        }
    }
}

impl BodParams {
    fn check(&self) -> Result<()> {
        let (lo, hi) = (self.lower_share, self.upper_share);
        if 0.0 <= lo && lo <= hi && hi <= 1.0 {
            Ok(())
        } else {
            spec_error(format!(
                "bod: need 0 <= lower_share <= upper_share <= 1, got {lo} and {hi}"
            ))
        }
    }
}

validated_params!(Bod, BodParams);

/// Benefit-of-the-doubt results.
#[derive(Debug, Clone, PartialEq)]
pub struct BodResult {
    /// CI_c in [0, 1], one per unit.
    pub scores: Vec<f64>,
    /// Each unit's optimal weights (rows = units, columns = indicators), applying to the
    /// normalised data.
    pub unit_weights: Matrix,
    /// The mean of the units' weights rescaled to sum 1 (what [`Weigh`] returns).
    pub weights: Vec<f64>,
}

impl Bod {
    /// BoD with share bounds `lower_share ≤ w_j·y_cj/CI_c ≤ upper_share`.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] unless 0 ≤ lower ≤ upper ≤ 1.
    pub fn new(
        lower_share: f64,
        upper_share: f64,
        normalisation: McdaNormalisation,
    ) -> Result<Self> {
        Self::try_from(BodParams {
            lower_share,
            upper_share,
            normalisation,
        })
    }

    /// Scores and weights of every unit.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] when the share bounds cannot hold for this number of indicators
    /// (n·lower > 1 or n·upper < 1); normalisation errors; [`crate::ScoringError::NotApplicable`] for
    /// a negative normalised value; [`crate::ScoringError::Solver`] when an LP fails.
    pub fn solve(&self, dm: &DecisionMatrix<'_>) -> Result<BodResult> {
        const NAME: &str = "bod";
        let p = &self.0;
        let (m, n) = (dm.nrows(), dm.ncols());
        let nf = n as f64;
        if nf * p.lower_share > 1.0 + 1e-12 || nf * p.upper_share < 1.0 - 1e-12 {
            return Err(ScoringError::Spec {
                message: format!(
                    "bod: shares in [{}, {}] cannot sum to 1 over {n} indicators",
                    p.lower_share, p.upper_share
                ),
            });
        }
        let y = p.normalisation.normalised_matrix(dm, NAME)?;
        let mut scale = vec![1.0; n];
        for (j, s) in scale.iter_mut().enumerate() {
            let col = y.column(j);
            if let Some(i) = col.iter().position(|v| *v < 0.0) {
                return Err(dm.not_applicable(
                    NAME,
                    j,
                    Some(i),
                    "BoD needs normalised values >= 0",
                ));
            }
            let max = col.iter().copied().fold(0.0, f64::max);
            if max > 0.0 {
                *s = max;
            }
        }
        let yy = |k: usize, j: usize| y.column(j)[k] / scale[j];
        let bounded = p.lower_share > 0.0 || p.upper_share < 1.0;
        let mut scores = Vec::with_capacity(m);
        let mut unit_weights = Matrix::missing(m, n);
        for c in 0..m {
            let mut lp = Problem::new(OptimizationDirection::Maximize);
            let w: Vec<_> = (0..n)
                .map(|j| lp.add_var(yy(c, j), (0.0, f64::INFINITY)))
                .collect();
            for k in 0..m {
                lp.add_constraint(
                    w.iter().enumerate().map(|(j, &v)| (v, yy(k, j))),
                    ComparisonOp::Le,
                    1.0,
                );
            }
            if bounded {
                for j in 0..n {
                    // w_j·y_cj − share·Σ_k w_k·y_ck  ≥ 0 (lower) and ≤ 0 (upper)
                    let row = |share: f64| {
                        w.iter()
                            .enumerate()
                            .map(move |(k, &v)| {
                                let own = if k == j { yy(c, j) } else { 0.0 };
                                (v, own - share * yy(c, k))
                            })
                            .collect::<Vec<_>>()
                    };
                    if p.lower_share > 0.0 {
                        lp.add_constraint(row(p.lower_share), ComparisonOp::Ge, 0.0);
                    }
                    if p.upper_share < 1.0 {
                        lp.add_constraint(row(p.upper_share), ComparisonOp::Le, 0.0);
                    }
                }
            }
            let solved = lp
                .solve()
                .map_err(|e| solver_error(dm, c, &e.to_string()))?
                .into_solution()
                .map_err(|_| solver_error(dm, c, "the solve was interrupted"))?;
            scores.push(solved.objective().clamp(0.0, 1.0));
            for (j, &v) in w.iter().enumerate() {
                unit_weights.set(c, j, Some(solved.var_value(v).max(0.0) / scale[j]));
            }
        }
        let mut mean = vec![0.0; n];
        let mut counted = 0usize;
        for (c, &score) in scores.iter().enumerate() {
            let row = unit_weights.row(c);
            let s: f64 = row.iter().sum();
            if score > 0.0 && s > 0.0 {
                counted += 1;
                mean.iter_mut().zip(&row).for_each(|(a, v)| *a += v / s);
            }
        }
        if counted == 0 {
            return Err(dm.not_applicable(NAME, 0, None, "every unit scores 0"));
        }
        let weights = normalised(NAME, dm, mean)?;
        Ok(BodResult {
            scores,
            unit_weights,
            weights,
        })
    }
}

fn solver_error(dm: &DecisionMatrix<'_>, c: usize, reason: &str) -> ScoringError {
    ScoringError::Solver {
        method: "bod",
        reason: format!("the LP of unit `{}` failed: {reason}", dm.unit(c)),
    }
}

impl Weigh for Bod {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        Ok(self.solve(dm)?.weights)
    }
}
