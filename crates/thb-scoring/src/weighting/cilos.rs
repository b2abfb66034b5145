//! CILOS weights.

use nalgebra::{DMatrix, DVector};

use super::{Weigh, normalised};
use crate::mcda::{DecisionMatrix, Direction, non_negative, positive, range};
use crate::{Result, ScoringError};

/// CILOS, criterion impact loss (Zavadskas & Podvezko 2016, *Integrated determination of
/// objective criteria weights in MCDM*, International Journal of Information Technology &
/// Decision Making 15(2)):
///
/// 1. cost criteria become benefit ones, x ↦ min/x; every column is divided by its maximum;
/// 2. A is the square matrix whose row k is the unit best on criterion k (first in row order
///    on ties), so a_kk = 1;
/// 3. relative losses p_kj = (a_jj − a_kj)/a_jj; F = P − diag(Σ_k p_kj);
/// 4. the weights q solve F·q = 0 with Σq = 1 (the null space of F; nalgebra LU).
///
/// Same as pymcdm (its sum normalisation and this max normalisation give the same P).
/// Benefit values must be ≥ 0 with a positive maximum, cost values > 0. When one unit is best
/// on every criterion P = 0 and the weights are not determined: a typed error.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Cilos, Weigh};
/// let x = Matrix::from_rows(&[vec![3.0, 1.0], vec![1.0, 3.0]])?;
/// assert_eq!(Cilos.weigh(&DecisionMatrix::oriented(&x)?)?, [0.5, 0.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cilos;

impl Weigh for Cilos {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        const NAME: &str = "cilos";
        let n = dm.ncols();
        // the normalised matrix, column-major
        let mut r: Vec<Vec<f64>> = Vec::with_capacity(n);
        for j in 0..n {
            let (lo, _) = range(dm, j);
            let col: Vec<f64> = match dm.types()[j] {
                Direction::Positive => {
                    non_negative(dm, j, NAME, "cilos")?;
                    dm.column(j).to_vec()
                }
                Direction::Negative => {
                    positive(dm, j, NAME, "cilos (min/x of a cost column)")?;
                    dm.column(j).iter().map(|x| lo / x).collect()
                }
            };
            let max = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if max <= 0.0 {
                return Err(dm.not_applicable(NAME, j, None, "the column maximum is not positive"));
            }
            r.push(col.into_iter().map(|v| v / max).collect());
        }
        // best unit per criterion (first on ties)
        let best: Vec<usize> = r
            .iter()
            .map(|c| (0..c.len()).fold(0, |b, i| if c[i] > c[b] { i } else { b }))
            .collect();
        let a = |k: usize, j: usize| r[j][best[k]];
        let mut f = DMatrix::<f64>::zeros(n, n);
        for j in 0..n {
            let mut col_sum = 0.0;
            for k in 0..n {
                let p = (a(j, j) - a(k, j)) / a(j, j);
                f[(k, j)] = p;
                col_sum += p;
            }
            f[(j, j)] -= col_sum;
        }
        // F's rows sum to the zero row, so one row can carry the normalisation Σq = 1
        f.row_mut(n - 1).fill(1.0);
        let mut rhs = DVector::<f64>::zeros(n);
        rhs[n - 1] = 1.0;
        let q = f.lu().solve(&rhs).ok_or_else(|| ScoringError::Solver {
            method: NAME,
            reason: "the impact-loss matrix is singular: the weights are not determined \
                     (one unit is best on every criterion, or criteria duplicate each other)"
                .to_owned(),
        })?;
        let q: Vec<f64> = q
            .iter()
            .map(|v| if v.abs() < 1e-14 { 0.0 } else { *v })
            .collect();
        normalised(NAME, dm, q)
    }
}
