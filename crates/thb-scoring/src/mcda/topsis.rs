//! TOPSIS: technique for order preference by similarity to the ideal solution.

use super::registry::validated_params;
use super::{Better, DecisionMatrix, Evaluate, Evaluation, McdaNormalisation, spec_error};
use crate::{Result, ScoringError};

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
        let (mut plus, mut minus) = (vec![0.0; n], vec![0.0; n]);
        let mut v = vec![0.0; n];
        let d = self.0.distance;
        for (j, &wj) in w.iter().enumerate() {
            let col = dm.column(j);
            let (map, (lo, hi)) = self.0.normalisation.column_map_with_range(dm, j, NAME)?;
            let map = map.weighted(wj);
            let (worst, best) = map.image(lo, hi);
            map.transform(col, &mut v);
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
        let mut c = minus;
        for (ci, p) in c.iter_mut().zip(&plus) {
            let (dp, dn) = (d.finish(*p), d.finish(*ci));
            *ci = dn / (dp + dn);
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
