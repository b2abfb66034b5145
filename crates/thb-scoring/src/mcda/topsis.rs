//! TOPSIS: technique for order preference by similarity to the ideal solution.

use super::registry::validated_params;
use super::{Better, DecisionMatrix, Evaluate, Evaluation, McdaNormalisation, spec_error};
use crate::{Result, ScoringError};
use rayon::prelude::*;

/// Matrices with at least this many cells are evaluated in parallel over rows.
const PARALLEL_CELLS: usize = 1 << 17;

/// Rows per parallel task (their sums stay in the L1 cache).
const ROWS_PER_TASK: usize = 1024;

/// A distance between a weighted normalised row and the ideal or anti-ideal point.
///
/// Spec: `"euclidean"`, `"manhattan"`, `"chebyshev"`, `{"minkowski": {"p": 3}}`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Distance {
    /// √Σd² (the default, Hwang & Yoon).
    #[default]
    Euclidean,
    /// Σ|d|.
    Manhattan,
    /// max|d|.
    Chebyshev,
    /// (Σ|d|^p)^(1/p), p ≥ 1.
    Minkowski {
        /// The order p ≥ 1.
        p: f64,
    },
}

impl Distance {
    /// Adds one coordinate difference to an accumulator.
    #[inline]
    fn add(self, acc: f64, d: f64) -> f64 {
        match self {
            Self::Euclidean => acc + d * d,
            Self::Manhattan => acc + d.abs(),
            Self::Chebyshev => acc.max(d.abs()),
            Self::Minkowski { p } => acc + d.abs().powf(p),
        }
    }
    /// The distance from the accumulator.
    #[inline]
    fn finish(self, acc: f64) -> f64 {
        match self {
            Self::Euclidean => acc.sqrt(),
            Self::Manhattan | Self::Chebyshev => acc,
            Self::Minkowski { p } => acc.powf(1.0 / p),
        }
    }
}

/// TOPSIS (Hwang & Yoon 1981, *Multiple attribute decision making*, Springer):
/// v_ij = w_j·r_ij; A⁺ = column maxima and A⁻ = column minima of v (every normalised column
/// is higher-is-better); D_i^± = distance(v_i, A^±); C_i = D_i⁻/(D_i⁺ + D_i⁻). Higher is better.
///
/// Convention (`mcda-methods.md` D1): **vector normalisation by default** (textbook;
/// pymcdm/pyrepo default to min-max, available as `{"topsis": {"normalisation": "min_max"}}`);
/// Euclidean distance by default. When every weighted criterion is constant (D⁺ + D⁻ = 0 for
/// every unit) the closeness is undefined: a typed error.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, Topsis};
/// let x = Matrix::from_rows(&[vec![1.0, 1.0], vec![2.0, 2.0], vec![3.0, 3.0]])?;
/// let ev = Topsis::default().evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert_eq!(ev.scores(), &[0.0, 0.5, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "TopsisParams", into = "TopsisParams")
)]
pub struct Topsis(TopsisParams);

/// The spec form of [`Topsis`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct TopsisParams {
    /// The normalisation (default `vector`).
    pub normalisation: McdaNormalisation,
    /// The distance (default Euclidean).
    pub distance: Distance,
}

impl Default for TopsisParams {
    fn default() -> Self {
        Self {
            normalisation: McdaNormalisation::Vector,
            distance: Distance::Euclidean,
        }
    }
}

impl TopsisParams {
    fn check(&self) -> Result<()> {
        match self.distance {
            Distance::Minkowski { p } if !(p.is_finite() && p >= 1.0) => spec_error(format!(
                "topsis: the Minkowski order must be finite and >= 1, got {p}"
            )),
            _ => Ok(()),
        }
    }
}

validated_params!(Topsis, TopsisParams);

impl Topsis {
    /// TOPSIS with the given normalisation and distance.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] for a Minkowski order below 1 or not finite.
    pub fn new(normalisation: McdaNormalisation, distance: Distance) -> Result<Self> {
        Self::try_from(TopsisParams {
            normalisation,
            distance,
        })
    }
}

impl Evaluate for Topsis {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "topsis";
        let w = dm.weights(NAME, weights)?;
        let n = dm.nrows();
        // each column's weighted map and its images of the best and worst values
        let maps = w
            .iter()
            .enumerate()
            .map(|(j, &wj)| {
                let (map, (lo, hi)) = self.0.normalisation.column_map_with_range(dm, j, NAME)?;
                let map = map.weighted(wj);
                let (worst, best) = map.image(lo, hi);
                Ok((map, worst, best))
            })
            .collect::<Result<Vec<_>>>()?;
        let d = self.0.distance;
        // rows are independent: large matrices split them between threads (each row's sums run
        // over the columns in the same order, so the result does not depend on the split)
        let closeness = |first: usize, c: &mut [f64]| {
            let rows = c.len();
            let (mut plus, mut minus, mut v) = (vec![0.0; rows], vec![0.0; rows], vec![0.0; rows]);
            for (j, &(map, worst, best)) in maps.iter().enumerate() {
                map.transform(&dm.column(j)[first..first + rows], &mut v);
                if matches!(d, Distance::Euclidean) {
                    // the common case, written out so that it vectorises
                    for ((p, m), &x) in plus.iter_mut().zip(minus.iter_mut()).zip(&v) {
                        *p += (x - best) * (x - best);
                        *m += (x - worst) * (x - worst);
                    }
                } else {
                    for ((p, m), &x) in plus.iter_mut().zip(minus.iter_mut()).zip(&v) {
                        *p = d.add(*p, x - best);
                        *m = d.add(*m, x - worst);
                    }
                }
            }
            for ((ci, p), m) in c.iter_mut().zip(&plus).zip(&minus) {
                let (dp, dn) = (d.finish(*p), d.finish(*m));
                *ci = dn / (dp + dn);
            }
        };
        let mut c = vec![0.0; n];
        if n * maps.len() >= PARALLEL_CELLS {
            c.par_chunks_mut(ROWS_PER_TASK)
                .enumerate()
                .for_each(|(t, chunk)| closeness(t * ROWS_PER_TASK, chunk));
        } else {
            closeness(0, &mut c);
        }
        if c.iter().all(|v| v.is_nan()) {
            return Err(ScoringError::NotApplicable {
                method: NAME,
                node: "every criterion".to_owned(),
                unit: None,
                reason:
                    "every weighted criterion is constant, so the ideal and anti-ideal coincide"
                        .to_owned(),
            });
        }
        Evaluation::new(NAME, dm, c, Better::Higher)
    }
}
