//! AHP weights from a pairwise comparison matrix.

use super::Weigh;
use crate::mcda::registry::validated_params;
use crate::mcda::{DecisionMatrix, spec_error};
use crate::{Result, ScoringError};

/// The random-index table of the consistency ratio (`mcda-methods.md` D16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RandomIndex {
    /// Saaty (1980), *The analytic hierarchy process*, McGraw-Hill (n ≤ 15; the default):
    /// 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59.
    #[default]
    Saaty,
    /// Donegan & Dodd (1991), *A note on Saaty's random indexes*, Mathematical and Computer
    /// Modelling 15(10) (n ≤ 20; AHPy's default, values as transcribed in AHPy 2.1).
    DoneganDodd,
    /// Tummala & Ling (1998), *A note on the computation of the mean random consistency index
    /// of the AHP*, Theory and Decision 44(3) (n ≤ 15; pymcdm's table).
    TummalaLing,
}

impl RandomIndex {
    /// The table's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Saaty => "saaty",
            Self::DoneganDodd => "donegan_dodd",
            Self::TummalaLing => "tummala_ling",
        }
    }

    /// RI(n), or `None` when the table does not reach n.
    ///
    /// ```
    /// use thb_scoring::weighting::RandomIndex;
    /// assert_eq!(RandomIndex::Saaty.value(3), Some(0.58));
    /// assert_eq!(RandomIndex::TummalaLing.value(4), Some(0.8921));
    /// assert_eq!(RandomIndex::Saaty.value(16), None);
    /// ```
    pub fn value(self, n: usize) -> Option<f64> {
        const SAATY: [f64; 15] = [
            0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
        ];
        const DONEGAN_DODD: [f64; 20] = [
            0.0, 0.0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213,
            1.4497, 1.4643, 1.4822, 1.4969, 1.5078, 1.5153, 1.5262, 1.5313, 1.5371,
        ];
        const TUMMALA_LING: [f64; 15] = [
            0.0, 0.0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882, 1.5117,
            1.5356, 1.5571, 1.5714, 1.5831,
        ];
        let table: &[f64] = match self {
            Self::Saaty => &SAATY,
            Self::DoneganDodd => &DONEGAN_DODD,
            Self::TummalaLing => &TUMMALA_LING,
        };
        n.checked_sub(1).and_then(|k| table.get(k).copied())
    }
}

/// AHP priority weights (Saaty 1980): the principal right eigenvector w of a positive
/// reciprocal pairwise comparison matrix A (a_ij = importance of i over j, a_ji = 1/a_ij),
/// normalised to sum 1, with λmax, CI = (λmax − n)/(n − 1) and CR = CI/RI(n).
///
/// Conventions (`mcda-methods.md` D16): the eigenvector by power iteration to 1e-15 (no
/// rounding, unlike AHPy's 4 decimals); the random-index table is a parameter (Saaty by
/// default) and is reported with the CR; CR > 0.1 is a typed error
/// [`crate::ScoringError::InconsistentComparisons`] unless `allow_inconsistent`. n ≤ 2 is always
/// consistent (CR = 0). Reciprocity is checked to a relative 1e-2 so that 0.333 passes for 1/3.
/// The data matrix is not used, only its number of columns.
/// Spec: `{"ahp": {"pairwise": [[1, 3], [0.333, 1]], "random_index": "saaty"}}`.
///
/// ```
/// use thb_scoring::weighting::{Ahp, RandomIndex};
/// let a = vec![vec![1.0, 3.0, 5.0], vec![1.0 / 3.0, 1.0, 3.0], vec![0.2, 1.0 / 3.0, 1.0]];
/// let r = Ahp::new(a, RandomIndex::Saaty, false)?.solve()?;
/// assert!((r.weights[0] - 0.6370).abs() < 1e-4 && r.consistency_ratio < 0.1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "AhpParams", into = "AhpParams"))]
pub struct Ahp(AhpParams);

/// The spec form of [`Ahp`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct AhpParams {
    /// The n × n pairwise comparison matrix, rows in indicator order.
    pub pairwise: Vec<Vec<f64>>,
    /// The random-index table.
    #[cfg_attr(feature = "serde", serde(default))]
    pub random_index: RandomIndex,
    /// Accept CR > 0.1.
    #[cfg_attr(feature = "serde", serde(default))]
    pub allow_inconsistent: bool,
}

impl AhpParams {
    fn check(&self) -> Result<()> {
        let a = &self.pairwise;
        let n = a.len();
        if n == 0 || a.iter().any(|r| r.len() != n) {
            return spec_error("ahp: the pairwise matrix must be square and non-empty".to_owned());
        }
        for (i, row) in a.iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                if !(x.is_finite() && x > 0.0) {
                    return spec_error(format!(
                        "ahp: a[{}][{}] = {x} must be finite and > 0",
                        i + 1,
                        j + 1
                    ));
                }
                let back = a[j][i];
                if (x * back - 1.0).abs() > 1e-2 {
                    return spec_error(format!(
                        "ahp: a[{}][{}] = {x} and a[{}][{}] = {back} are not reciprocal",
                        i + 1,
                        j + 1,
                        j + 1,
                        i + 1
                    ));
                }
            }
        }
        if self.random_index.value(n).is_none() {
            return spec_error(format!(
                "ahp: the {} random index has no value for n = {n}",
                self.random_index.name()
            ));
        }
        Ok(())
    }
}

validated_params!(Ahp, AhpParams);

/// AHP weights with their consistency.
#[derive(Debug, Clone, PartialEq)]
pub struct AhpResult {
    /// The priority vector (sums to 1).
    pub weights: Vec<f64>,
    /// The principal eigenvalue λmax.
    pub lambda_max: f64,
    /// CI = (λmax − n)/(n − 1) (0 for n ≤ 2).
    pub consistency_index: f64,
    /// CR = CI/RI(n) (0 for n ≤ 2).
    pub consistency_ratio: f64,
    /// The random-index table used.
    pub random_index: RandomIndex,
}

/// The largest consistency ratio accepted without `allow_inconsistent` (Saaty).
pub const MAX_CONSISTENCY_RATIO: f64 = 0.1;

impl Ahp {
    /// AHP from a pairwise comparison matrix.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] when the matrix is not square, has a value that is not finite
    /// and positive, or a pair that is not reciprocal (which includes a diagonal other than 1);
    /// or when the random-index table does not reach n.
    pub fn new(
        pairwise: Vec<Vec<f64>>,
        random_index: RandomIndex,
        allow_inconsistent: bool,
    ) -> Result<Self> {
        Self::try_from(AhpParams {
            pairwise,
            random_index,
            allow_inconsistent,
        })
    }

    /// The number of compared items.
    pub fn len(&self) -> usize {
        self.0.pairwise.len()
    }

    /// `true` when there are no items (never, for a validated matrix).
    pub fn is_empty(&self) -> bool {
        self.0.pairwise.is_empty()
    }

    /// The priority vector, λmax, CI and CR.
    ///
    /// # Errors
    /// [`crate::ScoringError::InconsistentComparisons`] when CR > 0.1 and inconsistency is not
    /// allowed; [`crate::ScoringError::Solver`] if the power iteration does not converge.
    pub fn solve(&self) -> Result<AhpResult> {
        let a = &self.0.pairwise;
        let n = a.len();
        let mut w = vec![1.0 / n as f64; n];
        let mut next = vec![0.0; n];
        let mut converged = false;
        for _ in 0..10_000 {
            for (i, v) in next.iter_mut().enumerate() {
                *v = a[i].iter().zip(&w).map(|(x, y)| x * y).sum();
            }
            let s: f64 = next.iter().sum();
            next.iter_mut().for_each(|v| *v /= s);
            let change = w
                .iter()
                .zip(&next)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0, f64::max);
            std::mem::swap(&mut w, &mut next);
            if change < 1e-15 {
                converged = true;
                break;
            }
        }
        if !converged {
            return Err(ScoringError::Solver {
                method: "ahp",
                reason: "the power iteration did not converge in 10000 steps".to_owned(),
            });
        }
        // with Σw = 1, λmax = Σ_i (A·w)_i
        let lambda_max: f64 = (0..n)
            .map(|i| a[i].iter().zip(&w).map(|(x, y)| x * y).sum::<f64>())
            .sum();
        let (ci, cr) = if n <= 2 {
            (0.0, 0.0)
        } else {
            let ci = ((lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0);
            let ri = self.0.random_index.value(n).unwrap_or(f64::INFINITY);
            (ci, ci / ri)
        };
        if cr > MAX_CONSISTENCY_RATIO && !self.0.allow_inconsistent {
            return Err(ScoringError::InconsistentComparisons {
                ratio: cr,
                threshold: MAX_CONSISTENCY_RATIO,
                random_index: self.0.random_index.name(),
            });
        }
        Ok(AhpResult {
            weights: w,
            lambda_max,
            consistency_index: ci,
            consistency_ratio: cr,
            random_index: self.0.random_index,
        })
    }
}

impl Weigh for Ahp {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        if self.len() != dm.ncols() {
            return Err(ScoringError::Shape(format!(
                "ahp: a {n} x {n} pairwise matrix for {} indicators",
                dm.ncols(),
                n = self.len()
            )));
        }
        Ok(self.solve()?.weights)
    }
}
