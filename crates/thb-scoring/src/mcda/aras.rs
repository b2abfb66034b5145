//! ARAS: additive ratio assessment.

use super::{
    Better, DecisionMatrix, Direction, Evaluate, Evaluation, non_negative, positive, range,
};
use crate::Result;

/// ARAS (Zavadskas & Turskis 2010, *A new additive ratio assessment (ARAS) method in
/// multicriteria decision-making*, Technological and Economic Development of Economy 16(2)):
/// the matrix is extended with the optimal row x₀ (column maximum for benefit, minimum for
/// cost) and sum-normalised over the m + 1 rows (benefit x/Σx, cost (1/x)/Σ(1/x));
/// S_i = Σ_j w_j·r_ij and the score is the utility degree K_i = S_i/S₀ in (0, 1]. Higher is
/// better. Same formulas as pymcdm.
///
/// Benefit values must be ≥ 0 (with a positive column sum) and cost values > 0.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{Aras, DecisionMatrix, Evaluate};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![2.0, 4.0]])?;
/// let ev = Aras.evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert_eq!(ev.scores()[1], 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Aras;

impl Evaluate for Aras {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "aras";
        let w = dm.weights(NAME, weights)?;
        let mut s = vec![0.0; dm.nrows()];
        let mut s0 = 0.0;
        for (j, &wj) in w.iter().enumerate() {
            let col = dm.column(j);
            let (lo, hi) = range(dm, j);
            match dm.types()[j] {
                Direction::Positive => {
                    non_negative(dm, j, NAME, "sum normalisation")?;
                    let total = col.iter().sum::<f64>() + hi;
                    if total <= 0.0 {
                        return Err(dm.constant(NAME, j));
                    }
                    s0 += wj * hi / total;
                    for (acc, &x) in s.iter_mut().zip(col) {
                        *acc += wj * x / total;
                    }
                }
                Direction::Negative => {
                    positive(dm, j, NAME, "sum normalisation of a cost column")?;
                    let total = col.iter().map(|x| 1.0 / x).sum::<f64>() + 1.0 / lo;
                    s0 += wj * (1.0 / lo) / total;
                    for (acc, &x) in s.iter_mut().zip(col) {
                        *acc += wj * (1.0 / x) / total;
                    }
                }
            }
        }
        s.iter_mut().for_each(|v| *v /= s0);
        Evaluation::new(NAME, dm, s, Better::Higher)
    }
}
