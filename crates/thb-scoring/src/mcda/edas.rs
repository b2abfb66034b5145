//! EDAS: evaluation based on distance from average solution.

use super::{Better, DecisionMatrix, Evaluate, Evaluation};
use crate::Result;
use crate::stats;

/// EDAS (Keshavarz Ghorabaee, Zavadskas, Olfat & Turskis 2015, *Multi-criteria inventory
/// classification using a new method of evaluation based on distance from average solution*,
/// Informatica 26(3)): with AV_j the column mean, PDA_ij = max(0, ±(x_ij − AV_j))/AV_j and
/// NDA_ij = max(0, ∓(x_ij − AV_j))/AV_j (sign by direction); SP_i = Σ w_j·PDA_ij,
/// SN_i = Σ w_j·NDA_ij; NSP = SP/max SP, NSN = 1 − SN/max SN; score (NSP + NSN)/2 in [0, 1].
/// Higher is better. Same formulas as pymcdm and pyrepo.
///
/// Every column mean must be > 0; when no alternative departs from the average (every
/// weighted criterion constant) the score is undefined: a typed error.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Edas, Evaluate};
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 2.0], vec![2.0, 5.0]])?;
/// let ev = Edas.evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert!(ev.scores().iter().all(|s| (0.0..=1.0).contains(s)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Edas;

impl Evaluate for Edas {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "edas";
        let w = dm.weights(NAME, weights)?;
        let m = dm.nrows();
        let (mut sp, mut sn) = (vec![0.0; m], vec![0.0; m]);
        for (j, &wj) in w.iter().enumerate() {
            let col = dm.column(j);
            let av = stats::mean(col).unwrap_or(0.0);
            if av <= 0.0 {
                return Err(dm.not_applicable(NAME, j, None, "the column mean must be > 0"));
            }
            let sign = dm.types()[j].sign();
            for ((p, n), &x) in sp.iter_mut().zip(sn.iter_mut()).zip(col) {
                let d = sign * (x - av) / av;
                *p += wj * d.max(0.0);
                *n += wj * (-d).max(0.0);
            }
        }
        let max_p = sp.iter().copied().fold(0.0, f64::max);
        let max_n = sn.iter().copied().fold(0.0, f64::max);
        if max_p <= 0.0 || max_n <= 0.0 {
            return Err(crate::ScoringError::NotApplicable {
                method: NAME,
                node: "every criterion".to_owned(),
                unit: None,
                reason: "no alternative departs from the average solution".to_owned(),
            });
        }
        let s = sp
            .iter()
            .zip(&sn)
            .map(|(p, n)| (p / max_p + (1.0 - n / max_n)) / 2.0)
            .collect();
        Evaluation::new(NAME, dm, s, Better::Higher)
    }
}
