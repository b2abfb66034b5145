//! CODAS: combinative distance-based assessment.

use super::registry::validated_params;
use super::{Better, DecisionMatrix, Evaluate, Evaluation, McdaNormalisation, spec_error};
use crate::Result;

/// CODAS (Keshavarz Ghorabaee, Zavadskas, Turskis & Antucheviciene 2016, *A new combinative
/// distance-based assessment (CODAS) method for multi-criteria decision-making*, Economic
/// Computation and Economic Cybernetics Studies and Research 50(3)): on the linear-normalised
/// matrix (x/max, cost min/x), v_ij = w_j·r_ij; E_i and T_i are the Euclidean and taxicab
/// distances from the negative-ideal point (column minima of v);
/// h_ik = (E_i − E_k) + ψ(E_i − E_k)·(T_i − T_k) with ψ(x) = 1 if |x| ≥ τ, else 0;
/// score H_i = Σ_k h_ik. Higher is better. τ = 0.02 by default (the paper suggests 0.01–0.05).
/// Same formulas as pymcdm. Spec: `"codas"` or `{"codas": {"tau": 0.02}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{Codas, DecisionMatrix, Evaluate};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 1.0], vec![2.0, 3.0]])?;
/// let ev = Codas::default().evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert!(ev.scores().iter().sum::<f64>().abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "CodasParams", into = "CodasParams")
)]
pub struct Codas(CodasParams);

/// The spec form of [`Codas`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct CodasParams {
    /// Threshold τ ≥ 0 of the taxicab term.
    pub tau: f64,
}

impl Default for CodasParams {
    fn default() -> Self {
        Self { tau: 0.02 }
    }
}

impl CodasParams {
    fn check(&self) -> Result<()> {
        if self.tau.is_finite() && self.tau >= 0.0 {
            Ok(())
        } else {
            spec_error(format!(
                "codas: tau must be a finite value >= 0, got {}",
                self.tau
            ))
        }
    }
}

validated_params!(Codas, CodasParams);

impl Codas {
    /// CODAS with threshold `tau` ≥ 0.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] when `tau` is negative or not finite.
    pub fn new(tau: f64) -> Result<Self> {
        Self::try_from(CodasParams { tau })
    }
}

impl Evaluate for Codas {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "codas";
        let w = dm.weights(NAME, weights)?;
        let m = dm.nrows();
        let (mut e, mut t) = (vec![0.0; m], vec![0.0; m]);
        for (j, &wj) in w.iter().enumerate() {
            let map = McdaNormalisation::Linear.column_map(dm, j, NAME)?;
            let col = dm.column(j);
            let nis = col
                .iter()
                .map(|&x| wj * map.apply(x))
                .fold(f64::INFINITY, f64::min);
            for ((ei, ti), &x) in e.iter_mut().zip(t.iter_mut()).zip(col) {
                let d = wj * map.apply(x) - nis;
                *ei += d * d;
                *ti += d.abs();
            }
        }
        e.iter_mut().for_each(|v| *v = v.sqrt());
        let h = (0..m)
            .map(|i| {
                (0..m)
                    .map(|k| {
                        let de = e[i] - e[k];
                        let psi = if de.abs() >= self.0.tau { 1.0 } else { 0.0 };
                        de + psi * (t[i] - t[k])
                    })
                    .sum()
            })
            .collect();
        Evaluation::new(NAME, dm, h, Better::Higher)
    }
}
