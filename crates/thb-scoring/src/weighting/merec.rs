//! MEREC weights.

use super::{Weigh, normalised};
use crate::Result;
use crate::mcda::{DecisionMatrix, Direction, positive, range};

/// MEREC, method based on the removal effects of criteria (Keshavarz-Ghorabaee, Amiri,
/// Zavadskas, Turskis & Antucheviciene 2021, *Determination of objective weights using a new
/// method based on the removal effects of criteria (MEREC)*, Symmetry 13(4)):
/// n_ij = min_k x_kj/x_ij for a benefit criterion, x_ij/max_k x_kj for a cost criterion;
/// S_i = ln(1 + (1/c)·Σ_j |ln n_ij|) and S'_ij = ln(1 + (1/c)·Σ_{k≠j} |ln n_ik|) over the c
/// criteria; E_j = Σ_i |S'_ij − S_i|; w_j = E_j/Σ_k E_k. Direction-aware. Every value must be
/// > 0. Same formulas as pymcdm, pyrepo and scikit-criteria.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Merec, Weigh};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![2.0, 2.0]])?;
/// assert_eq!(Merec.weigh(&DecisionMatrix::oriented(&x)?)?, [1.0, 0.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Merec;

impl Weigh for Merec {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        const NAME: &str = "merec";
        let (m, c) = (dm.nrows(), dm.ncols());
        // |ln n_ij|, column by column
        let mut logs = Vec::with_capacity(c);
        for j in 0..c {
            positive(dm, j, NAME, "merec")?;
            let (lo, hi) = range(dm, j);
            let col: Vec<f64> = dm
                .column(j)
                .iter()
                .map(|&x| match dm.types()[j] {
                    Direction::Positive => (lo / x).ln().abs(),
                    Direction::Negative => (x / hi).ln().abs(),
                })
                .collect();
            logs.push(col);
        }
        let cf = c as f64;
        let total: Vec<f64> = (0..m).map(|i| logs.iter().map(|l| l[i]).sum()).collect();
        let s: Vec<f64> = total.iter().map(|t| (1.0 + t / cf).ln()).collect();
        let e = logs
            .iter()
            .map(|l| {
                (0..m)
                    .map(|i| ((1.0 + (total[i] - l[i]) / cf).ln() - s[i]).abs())
                    .sum()
            })
            .collect();
        normalised(NAME, dm, e)
    }
}
