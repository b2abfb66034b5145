//! COPRAS: complex proportional assessment.

use super::{Better, DecisionMatrix, Direction, Evaluate, Evaluation, McdaNormalisation};
use crate::Result;

/// COPRAS (Zavadskas, Kaklauskas & Šarka 1994, *The new method of multicriteria complex
/// proportional assessment of projects*, Technological and Economic Development of Economy
/// 1(3); Zavadskas et al. 2007): on the direction-blind sum-normalised matrix
/// d_ij = x_ij/Σ_i x_ij, S⁺_i = Σ_{benefit j} w_j·d_ij and S⁻_i = Σ_{cost j} w_j·d_ij;
/// Q_i = S⁺_i + Σ_k S⁻_k / (S⁻_i·Σ_k 1/S⁻_k); the score is the utility degree Q_i/max Q in
/// (0, 1]. Higher is better.
///
/// Conventions: without cost criteria Q_i = S⁺_i (pymcdm refuses). pymcdm's code reduces the
/// second term to S⁻_i (an operator slip); thb follows the paper. Values must be ≥ 0, and every
/// unit needs S⁻_i > 0 when there are cost criteria.
///
/// ```
/// use thb_model::{Direction, Matrix};
/// use thb_scoring::mcda::{Copras, DecisionMatrix, Evaluate};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![2.0, 2.0]])?;
/// let dm = DecisionMatrix::new(&x, &[Direction::Positive, Direction::Negative])?;
/// let ev = Copras.evaluate(&dm, &[0.5, 0.5])?;
/// assert_eq!(ev.scores()[1], 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Copras;

impl Evaluate for Copras {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "copras";
        let w = dm.weights(NAME, weights)?;
        let m = dm.nrows();
        let (mut plus, mut minus) = (vec![0.0; m], vec![0.0; m]);
        let mut any_cost = false;
        for (j, &wj) in w.iter().enumerate() {
            let map = McdaNormalisation::Sum
                .column_map_as(dm, j, Direction::Positive, NAME)?
                .0;
            let acc = match dm.types()[j] {
                Direction::Positive => &mut plus,
                Direction::Negative => {
                    any_cost = true;
                    &mut minus
                }
            };
            for (a, &v) in acc.iter_mut().zip(dm.column(j)) {
                *a += wj * map.apply(v);
            }
        }
        let mut q = plus;
        if any_cost {
            if let Some(i) = minus.iter().position(|v| *v <= 0.0) {
                return Err(dm.not_applicable(
                    NAME,
                    0,
                    Some(i),
                    "the weighted sum of cost criteria is 0",
                ));
            }
            let total: f64 = minus.iter().sum();
            let inv: f64 = minus.iter().map(|v| 1.0 / v).sum();
            for (qi, s) in q.iter_mut().zip(&minus) {
                *qi += total / (s * inv);
            }
        }
        let max = q.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        q.iter_mut().for_each(|v| *v /= max);
        Evaluation::new(NAME, dm, q, Better::Higher)
    }
}
