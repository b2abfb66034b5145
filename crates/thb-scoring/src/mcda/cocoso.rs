//! CoCoSo: combined compromise solution.

use super::registry::validated_params;
use super::{
    Better, DecisionMatrix, Evaluate, Evaluation, McdaNormalisation, unit_interval, weighted_sum,
};
use crate::{Result, ScoringError};

/// CoCoSo (Yazdani, Zaraté, Zavadskas & Turskis 2019, *A combined compromise solution (CoCoSo)
/// method for multi-criteria decision-making problems*, Management Decision 57(9)): on the
/// direction-aware min-max matrix r, S_i = Σ_j w_j·r_ij and P_i = Σ_j r_ij^w_j;
/// k_a = (P_i + S_i)/Σ_k (P_k + S_k), k_b = S_i/min S + P_i/min P,
/// k_c = (λS_i + (1 − λ)P_i)/(λ·max S + (1 − λ)·max P);
/// score k_i = (k_a·k_b·k_c)^(1/3) + (k_a + k_b + k_c)/3. Higher is better. λ = 0.5 by default.
/// Same formulas as pymcdm.
///
/// The paper's P_i is a sum of powers (Σ r^w), not a product; kept. An alternative that is
/// worst on every criterion has S = P = 0 and makes k_b undefined: a typed error. A constant
/// criterion is an error (min-max). Spec: `"cocoso"` or `{"cocoso": {"lambda": 0.5}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{Cocoso, DecisionMatrix, Evaluate};
/// let x = Matrix::from_rows(&[vec![1.0, 3.0], vec![3.0, 1.0], vec![2.0, 2.5]])?;
/// let ev = Cocoso::default().evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert_eq!(ev.scores().len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "CocosoParams", into = "CocosoParams")
)]
pub struct Cocoso(CocosoParams);

/// The spec form of [`Cocoso`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct CocosoParams {
    /// Balance λ in [0, 1].
    pub lambda: f64,
}

impl Default for CocosoParams {
    fn default() -> Self {
        Self { lambda: 0.5 }
    }
}

impl CocosoParams {
    fn check(&self) -> Result<()> {
        unit_interval("cocoso", "lambda", self.lambda)
    }
}

validated_params!(Cocoso, CocosoParams);

impl Cocoso {
    /// CoCoSo with balance `lambda` in [0, 1].
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] when `lambda` is outside [0, 1].
    pub fn new(lambda: f64) -> Result<Self> {
        Self::try_from(CocosoParams { lambda })
    }
}

impl Evaluate for Cocoso {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "cocoso";
        let w = dm.weights(NAME, weights)?;
        let n = dm.nrows();
        let s = weighted_sum(dm, &w, |j| {
            McdaNormalisation::min_max().column_map(dm, j, NAME)
        })?;
        let mut p = vec![0.0; n];
        for (j, &wj) in w.iter().enumerate() {
            let map = McdaNormalisation::min_max().column_map(dm, j, NAME)?;
            for (acc, &x) in p.iter_mut().zip(dm.column(j)) {
                *acc += map.apply(x).powf(wj);
            }
        }
        let min = |x: &[f64]| x.iter().copied().fold(f64::INFINITY, f64::min);
        let max = |x: &[f64]| x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (min_s, min_p, max_s, max_p) = (min(&s), min(&p), max(&s), max(&p));
        if min_s <= 0.0 || min_p <= 0.0 {
            let i = s.iter().position(|v| *v <= 0.0).unwrap_or(0);
            return Err(ScoringError::NotApplicable {
                method: NAME,
                node: "S and P".to_owned(),
                unit: Some(dm.unit(i)),
                reason: "an alternative worst on every criterion makes k_b = S/min S undefined"
                    .to_owned(),
            });
        }
        let total: f64 = s.iter().zip(&p).map(|(a, b)| a + b).sum();
        let l = self.0.lambda;
        let k = s
            .iter()
            .zip(&p)
            .map(|(&si, &pi)| {
                let ka = (pi + si) / total;
                let kb = si / min_s + pi / min_p;
                let kc = (l * si + (1.0 - l) * pi) / (l * max_s + (1.0 - l) * max_p);
                (ka * kb * kc).cbrt() + (ka + kb + kc) / 3.0
            })
            .collect();
        Evaluation::new(NAME, dm, k, Better::Higher)
    }
}
