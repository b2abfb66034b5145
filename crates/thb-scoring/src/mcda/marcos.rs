//! MARCOS: measurement of alternatives and ranking according to compromise solution.

use super::{Better, DecisionMatrix, Direction, Evaluate, Evaluation, positive, range};
use crate::Result;

/// MARCOS (Stević, Pamučar, Puška & Chatterjee 2020, *Sustainable supplier selection in
/// healthcare industries using a new MCDM method*, Computers & Industrial Engineering 140):
/// the matrix is extended with the anti-ideal AAI (worst per criterion) and ideal AI (best);
/// r_ij = x_ij/x_ai (benefit) or x_ai/x_ij (cost); S_i = Σ_j w_j·r_ij;
/// K⁻_i = S_i/S_aai, K⁺_i = S_i/S_ai; f(K⁻) = K⁺/(K⁺ + K⁻), f(K⁺) = K⁻/(K⁺ + K⁻);
/// score f(K_i) = (K⁺ + K⁻)/(1 + (1 − f(K⁺))/f(K⁺) + (1 − f(K⁻))/f(K⁻)). Higher is better.
/// Same formulas as pymcdm. Values must be > 0.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, Marcos};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 1.0], vec![2.0, 3.0]])?;
/// let ev = Marcos.evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert!(ev.scores()[2] > ev.scores()[0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Marcos;

impl Evaluate for Marcos {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "marcos";
        let w = dm.weights(NAME, weights)?;
        let mut s = vec![0.0; dm.nrows()];
        let (mut s_ai, mut s_aai) = (0.0, 0.0);
        for (j, &wj) in w.iter().enumerate() {
            positive(dm, j, NAME, "marcos")?;
            let (lo, hi) = range(dm, j);
            let col = dm.column(j);
            let (ai, aai) = match dm.types()[j] {
                Direction::Positive => (hi, lo),
                Direction::Negative => (lo, hi),
            };
            let r = |x: f64| match dm.types()[j] {
                Direction::Positive => x / ai,
                Direction::Negative => ai / x,
            };
            s_ai += wj * r(ai);
            s_aai += wj * r(aai);
            for (acc, &x) in s.iter_mut().zip(col) {
                *acc += wj * r(x);
            }
        }
        let f = s
            .iter()
            .map(|&si| {
                let (k_neg, k_pos) = (si / s_aai, si / s_ai);
                let f_pos = k_neg / (k_pos + k_neg);
                let f_neg = k_pos / (k_pos + k_neg);
                (k_pos + k_neg) / (1.0 + (1.0 - f_pos) / f_pos + (1.0 - f_neg) / f_neg)
            })
            .collect();
        Evaluation::new(NAME, dm, f, Better::Higher)
    }
}
