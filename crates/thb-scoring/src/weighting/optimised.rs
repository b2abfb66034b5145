//! Weights optimised so that each component's correlation with the index matches a target.

use super::{Correlation, Weigh};
use crate::mcda::registry::validated_params;
use crate::mcda::{DecisionMatrix, McdaNormalisation, spec_error};
use crate::{Result, ScoringError};

/// Optimised weights (Paruolo, Saisana & Saltelli 2013, *Ratings and rankings: voodoo or
/// science?*, JRSS A 176(3); Becker, Saisana, Paruolo & Vandecasteele 2017, *Weights and
/// importance in composite indicators: closing the gap*, Ecological Indicators 80; COINr
/// `get_opt_weights(optype = "balance")`): the weights w of the arithmetic index
/// y = Σ_j w_j·x_j are chosen so that the correlations r_j = corr(x_j, y) are in the
/// proportions of the target importances t:
///
/// minimise Σ_j (t_j/Σt − r_j/Σr)².
///
/// Conventions: x is the direction-aware min-max normalised matrix (a constant column is an
/// error); Pearson correlation by default (COINr), Spearman optional; target = equal importance
/// by default. COINr minimises the log of the mean of the same squares (same optimum).
/// Optimiser: Nelder–Mead (standard coefficients 1, 2, ½, ½) over θ with w = θ²/Σθ², which
/// keeps w ≥ 0 and Σw = 1; start θ = √(t/Σt), initial steps 5 % (0.00025 for a zero
/// component, as scipy); stops when the simplex's objective values differ by less than 1e-15
/// and the vertices lie within 1e-9 of the best one,
/// or after `max_evaluations` (default 20 000), which is then a typed error. Deterministic
/// for the same input; the optimum need not be unique (several weight vectors can reach the
/// target, or none, when the best is on the boundary w_j = 0), so reordering the units can
/// lead the simplex to another optimum.
/// Spec: `"optimised"` or `{"optimised": {"target": [1, 1, 2], "correlation": "pearson"}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::Optimised;
/// let x = Matrix::from_rows(&[
///     vec![1.0, 2.0, 1.5], vec![2.0, 6.0, 4.0], vec![3.0, 1.0, 2.0],
///     vec![4.0, 5.0, 6.0], vec![5.0, 3.0, 1.0], vec![6.0, 4.0, 3.0],
/// ])?;
/// let r = Optimised::default().solve(&DecisionMatrix::oriented(&x)?)?;
/// let s: f64 = r.correlations.iter().sum();
/// assert!(r.correlations.iter().all(|c| (c / s - 1.0 / 3.0).abs() < 1e-6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "OptimisedParams", into = "OptimisedParams")
)]
pub struct Optimised(OptimisedParams);

/// The spec form of [`Optimised`].
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct OptimisedParams {
    /// Target importances (≥ 0, not all 0), one per indicator; `None` = equal.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub target: Option<Vec<f64>>,
    /// The correlation.
    pub correlation: Correlation,
    /// Budget of objective evaluations (default 20 000).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_evaluations: Option<usize>,
}

impl OptimisedParams {
    fn check(&self) -> Result<()> {
        if let Some(t) = &self.target
            && (t.is_empty()
                || t.iter().any(|v| !v.is_finite() || *v < 0.0)
                || t.iter().sum::<f64>() <= 0.0)
        {
            return spec_error(
                "optimised: target importances must be finite, >= 0 and not all 0".to_owned(),
            );
        }
        if self.max_evaluations == Some(0) {
            return spec_error("optimised: max_evaluations must be positive".to_owned());
        }
        Ok(())
    }
}

validated_params!(Optimised, OptimisedParams);

/// The optimised weights and what they achieve.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimisedResult {
    /// The weights (≥ 0, sum 1).
    pub weights: Vec<f64>,
    /// corr(x_j, index) at the optimum.
    pub correlations: Vec<f64>,
    /// The objective Σ_j (t_j/Σt − r_j/Σr)² at the optimum.
    pub objective: f64,
    /// Objective evaluations used.
    pub evaluations: usize,
}

const DEFAULT_EVALUATIONS: usize = 20_000;

impl Optimised {
    /// Optimised weights towards `target` importances (`None` = equal).
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] for a target with a negative or non-finite value or all zeros,
    /// or a zero evaluation budget.
    pub fn new(
        target: Option<Vec<f64>>,
        correlation: Correlation,
        max_evaluations: Option<usize>,
    ) -> Result<Self> {
        Self::try_from(OptimisedParams {
            target,
            correlation,
            max_evaluations,
        })
    }

    /// Runs the optimisation.
    ///
    /// # Errors
    /// Shape and normalisation errors; [`crate::ScoringError::Solver`] when the budget runs out
    /// before convergence or a correlation is undefined at the start.
    pub fn solve(&self, dm: &DecisionMatrix<'_>) -> Result<OptimisedResult> {
        const NAME: &str = "optimised";
        dm.need_rows(NAME, 3)?;
        let n = dm.ncols();
        let t = match &self.0.target {
            Some(t) if t.len() != n => {
                return Err(ScoringError::Shape(format!(
                    "{NAME}: {} target importances for {n} indicators",
                    t.len()
                )));
            }
            Some(t) => t.clone(),
            None => vec![1.0; n],
        };
        let t_sum: f64 = t.iter().sum();
        let t_share: Vec<f64> = t.iter().map(|v| v / t_sum).collect();
        let x = McdaNormalisation::min_max().normalised_matrix(dm, NAME)?;
        let mut index = vec![0.0; dm.nrows()];
        let mut evaluate = |theta: &[f64]| -> (f64, Vec<f64>, Vec<f64>) {
            let w = weights_of(theta);
            index.iter_mut().for_each(|v| *v = 0.0);
            for (j, wj) in w.iter().enumerate() {
                for (acc, v) in index.iter_mut().zip(x.column(j)) {
                    *acc += wj * v;
                }
            }
            let r: Vec<f64> = (0..n)
                .map(|j| self.0.correlation.of(x.column(j), &index).unwrap_or(0.0))
                .collect();
            let r_sum: f64 = r.iter().sum();
            let f = if r_sum > 0.0 {
                t_share
                    .iter()
                    .zip(&r)
                    .map(|(a, b)| (a - b / r_sum).powi(2))
                    .sum()
            } else {
                f64::MAX // the index must correlate positively with its components
            };
            (f, w, r)
        };
        let start: Vec<f64> = t_share.iter().map(|v| v.sqrt()).collect();
        let budget = self.0.max_evaluations.unwrap_or(DEFAULT_EVALUATIONS);
        let (theta, evaluations) =
            nelder_mead(|th| evaluate(th).0, &start, budget).ok_or_else(|| {
                ScoringError::Solver {
                    method: NAME,
                    reason: format!("Nelder-Mead did not converge in {budget} evaluations"),
                }
            })?;
        let (objective, weights, correlations) = evaluate(&theta);
        Ok(OptimisedResult {
            weights,
            correlations,
            objective,
            evaluations,
        })
    }
}

/// w = θ²/Σθ² (equal weights if θ = 0).
fn weights_of(theta: &[f64]) -> Vec<f64> {
    let s: f64 = theta.iter().map(|v| v * v).sum();
    if s > 0.0 {
        theta.iter().map(|v| v * v / s).collect()
    } else {
        vec![1.0 / theta.len() as f64; theta.len()]
    }
}

/// Minimises `f` from `x0` by Nelder–Mead; the best point and the evaluations used, or `None`
/// when the budget runs out first.
fn nelder_mead(
    mut f: impl FnMut(&[f64]) -> f64,
    x0: &[f64],
    budget: usize,
) -> Option<(Vec<f64>, usize)> {
    let n = x0.len();
    let mut simplex: Vec<Vec<f64>> = vec![x0.to_vec()];
    for i in 0..n {
        let mut p = x0.to_vec();
        p[i] = if p[i].abs() > 0.0 {
            p[i] * 1.05
        } else {
            0.00025
        };
        simplex.push(p);
    }
    let mut values: Vec<f64> = simplex.iter().map(|p| f(p)).collect();
    let mut evals = n + 1;
    loop {
        let mut order: Vec<usize> = (0..=n).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        simplex = order.iter().map(|&k| simplex[k].clone()).collect();
        values = order.iter().map(|&k| values[k]).collect();
        let spread = simplex[1..]
            .iter()
            .flat_map(|p| p.iter().zip(&simplex[0]).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f64::max);
        if n == 0 || (values[n] - values[0] <= 1e-15 && spread <= 1e-9) {
            return Some((simplex.swap_remove(0), evals));
        }
        if evals >= budget {
            return None;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|d| simplex[..n].iter().map(|p| p[d]).sum::<f64>() / n as f64)
            .collect();
        let towards = |coef: f64| -> Vec<f64> {
            centroid
                .iter()
                .zip(&simplex[n])
                .map(|(c, w)| c + coef * (w - c))
                .collect()
        };
        let reflected = towards(-1.0);
        let fr = f(&reflected);
        evals += 1;
        if fr < values[0] {
            let expanded = towards(-2.0);
            let fe = f(&expanded);
            evals += 1;
            (simplex[n], values[n]) = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < values[n - 1] {
            (simplex[n], values[n]) = (reflected, fr);
        } else {
            let contracted = if fr < values[n] {
                towards(-0.5)
            } else {
                towards(0.5)
            };
            let fc = f(&contracted);
            evals += 1;
            if fc < values[n].min(fr) {
                (simplex[n], values[n]) = (contracted, fc);
            } else {
                for k in 1..=n {
                    let shrunk: Vec<f64> = simplex[0]
                        .iter()
                        .zip(&simplex[k])
                        .map(|(b, p)| b + 0.5 * (p - b))
                        .collect();
                    values[k] = f(&shrunk);
                    simplex[k] = shrunk;
                    evals += 1;
                }
            }
        }
    }
}

impl Weigh for Optimised {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        Ok(self.solve(dm)?.weights)
    }
}
