//! The normalisations that MCDA methods apply to a decision matrix, each with its cost-direction
//! form stated (`mcda-methods.md` D15). These are the MCDA library conventions (pymcdm, pyrepo);
//! the index pipeline has its own normalisation stage.
//!
//! | method | benefit | cost |
//! |---|---|---|
//! | `min_max` | (x − min)/(max − min) | (max − x)/(max − min) |
//! | `vector` | x/‖x‖₂ | 1 − x/‖x‖₂ |
//! | `sum` | x/Σx | (1/x)/Σ(1/x) |
//! | `max` | x/max | 1 − x/max |
//! | `linear` | x/max | min/x |
//! | `z_score` | (x − mean)/sd | (mean − x)/sd |
//! | `identity` | x | x (direction ignored: for already oriented data) |

use thb_model::Direction;

use super::DecisionMatrix;
use crate::stats::{self, SdKind};
use crate::{Result, ScoringError};

/// What a normalisation does with a constant column, where its formula divides by zero
/// (`mcda-methods.md` D3).
///
/// ```
/// use thb_scoring::mcda::OnConstant;
/// assert_eq!(OnConstant::default(), OnConstant::Error);
/// let pymcdm_like = OnConstant::Fill(1.0);
/// # let _ = pymcdm_like;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum OnConstant {
    /// A typed error [`crate::ScoringError::ConstantColumn`] naming the indicator (the default).
    #[default]
    Error,
    /// Every unit gets this value (min-max: pymcdm and pyrepo use 1, scikit-criteria 0; the
    /// midpoint 0.5 is neutral).
    Fill(f64),
}

/// Options of the min-max normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct MinMaxOptions {
    /// Policy for a constant column.
    pub on_constant: OnConstant,
}

/// Options of the z-score normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct ZScoreOptions {
    /// Divisor of the standard deviation: sample (n − 1, the default, D5) or population
    /// (n, scikit-criteria).
    pub sd: SdKind,
    /// Policy for a constant column.
    pub on_constant: OnConstant,
}

/// A column normalisation of a decision matrix; every normalised column is "higher is better".
///
/// Spec names: `"min_max"` (alias `"minmax"`), `"vector"`, `"sum"`, `"max"`, `"linear"`,
/// `"z_score"` (alias `"zscore"`), `"identity"`.
///
/// ```
/// use thb_model::{Direction, Matrix};
/// use thb_scoring::mcda::{DecisionMatrix, McdaNormalisation};
/// let x = Matrix::from_rows(&[vec![1.0, 4.0], vec![3.0, 2.0]])?;
/// let dm = DecisionMatrix::new(&x, &[Direction::Positive, Direction::Negative])?;
/// let n = McdaNormalisation::min_max().normalise(&dm)?;
/// assert_eq!(n.column(0), &[0.0, 1.0]);
/// assert_eq!(n.column(1), &[0.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum McdaNormalisation {
    /// Min-max to [0, 1].
    MinMax(MinMaxOptions),
    /// Division by the Euclidean norm (Hwang & Yoon 1981).
    Vector,
    /// Division by the column sum; needs x ≥ 0 (benefit) or x > 0 (cost).
    Sum,
    /// Division by the column maximum, which must be positive.
    Max,
    /// Linear ratio: x/max for benefit, min/x for cost (needs x > 0).
    Linear,
    /// Standard score.
    ZScore(ZScoreOptions),
    /// No change (the data are already normalised and oriented).
    Identity,
}

super::registry::method_registry!(
    McdaNormalisation, "normalisation",
    plain {
        Vector => "vector",
        Sum => "sum",
        Max => "max",
        Linear => "linear",
        Identity => "identity" | "none",
    }
    defaulted {
        MinMax => "min_max" | "minmax",
        ZScore => "z_score" | "zscore",
    }
    required {}
);

/// How one column maps to its normalised values, computed once per column so that kernels
/// normalise without allocating a normalised matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnMap {
    /// (v − origin)·scale; a negative scale reflects a cost column.
    Affine { origin: f64, scale: f64 },
    /// (numer/v)·scale.
    Inverse { numer: f64, scale: f64 },
    /// Every value becomes this constant.
    Constant(f64),
}

impl ColumnMap {
    /// (v − origin)/denom, reflected when `cost`.
    fn shift(origin: f64, denom: f64, cost: bool) -> Self {
        let scale = 1.0 / denom;
        Self::Affine {
            origin,
            scale: if cost { -scale } else { scale },
        }
    }

    /// The normalised value of `v`.
    #[inline]
    pub(crate) fn apply(self, v: f64) -> f64 {
        match self {
            Self::Affine { origin, scale } => (v - origin) * scale,
            Self::Inverse { numer, scale } => numer / v * scale,
            Self::Constant(c) => c,
        }
    }

    /// The same map with its output multiplied by `w`.
    pub(crate) fn weighted(self, w: f64) -> Self {
        match self {
            Self::Affine { origin, scale } => Self::Affine {
                origin,
                scale: scale * w,
            },
            Self::Inverse { numer, scale } => Self::Inverse {
                numer,
                scale: scale * w,
            },
            Self::Constant(c) => Self::Constant(c * w),
        }
    }

    /// The smallest and largest normalised value of a column whose raw values span
    /// [lo, hi] (every map is monotone, in floating point too).
    pub(crate) fn image(self, lo: f64, hi: f64) -> (f64, f64) {
        let (a, b) = (self.apply(lo), self.apply(hi));
        (a.min(b), a.max(b))
    }

    /// Writes the normalised column into `out` (one loop per map kind, so each vectorises).
    pub(crate) fn transform(self, col: &[f64], out: &mut [f64]) {
        match self {
            Self::Affine { origin, scale } => {
                for (o, &v) in out.iter_mut().zip(col) {
                    *o = (v - origin) * scale;
                }
            }
            Self::Inverse { numer, scale } => {
                for (o, &v) in out.iter_mut().zip(col) {
                    *o = numer / v * scale;
                }
            }
            Self::Constant(c) => out.iter_mut().for_each(|o| *o = c),
        }
    }
}

/// Minimum, maximum, sum and sum of squares of a complete column in one pass, in four lanes
/// so that the compiler vectorises it (the kernels' fused replacement for separate passes of
/// [`stats::min_max`] and friends, which also skip missing values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ColumnStats {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) sum: f64,
    pub(crate) sum_sq: f64,
}

impl ColumnStats {
    pub(crate) fn of(col: &[f64]) -> Self {
        let (mut lo, mut hi) = ([f64::INFINITY; 4], [f64::NEG_INFINITY; 4]);
        let (mut s, mut q) = ([0.0; 4], [0.0; 4]);
        let chunks = col.chunks_exact(4);
        let rest = chunks.remainder();
        for c in chunks {
            for k in 0..4 {
                let v = c[k];
                lo[k] = if v < lo[k] { v } else { lo[k] };
                hi[k] = if v > hi[k] { v } else { hi[k] };
                s[k] += v;
                q[k] += v * v;
            }
        }
        for &v in rest {
            lo[0] = lo[0].min(v);
            hi[0] = hi[0].max(v);
            s[0] += v;
            q[0] += v * v;
        }
        Self {
            lo: lo.iter().copied().fold(f64::INFINITY, f64::min),
            hi: hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            sum: (s[0] + s[1]) + (s[2] + s[3]),
            sum_sq: (q[0] + q[1]) + (q[2] + q[3]),
        }
    }
}

impl McdaNormalisation {
    /// Min-max with the default options (constant column = error).
    pub fn min_max() -> Self {
        Self::MinMax(MinMaxOptions::default())
    }

    /// Z-score with the default options (sample SD, constant column = error).
    pub fn z_score() -> Self {
        Self::ZScore(ZScoreOptions::default())
    }

    /// The normalised decision matrix (a copy; every column higher-is-better).
    ///
    /// ```
    /// use thb_model::{Direction, Matrix};
    /// use thb_scoring::mcda::{DecisionMatrix, McdaNormalisation};
    /// let x = Matrix::from_rows(&[vec![3.0], vec![4.0]])?;
    /// let dm = DecisionMatrix::new(&x, &[Direction::Positive])?;
    /// let v = McdaNormalisation::Vector.normalise(&dm)?;
    /// assert!((v.column(0)[0] - 0.6).abs() < 1e-15 && (v.column(0)[1] - 0.8).abs() < 1e-15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ScoringError::ConstantColumn`] for a constant column where the formula divides by
    /// its range or spread (unless [`OnConstant::Fill`]); [`crate::ScoringError::NotApplicable`] for
    /// values outside the method's domain (a negative value under `sum`, a value ≤ 0 in a cost
    /// column under `sum` or `linear`, a maximum ≤ 0 under `max` or `linear`).
    pub fn normalise(&self, dm: &DecisionMatrix<'_>) -> Result<thb_model::Matrix> {
        self.normalised_matrix(dm, self.name())
    }

    /// [`McdaNormalisation::normalise`] with errors reported under `method`'s name.
    pub(crate) fn normalised_matrix(
        &self,
        dm: &DecisionMatrix<'_>,
        method: &'static str,
    ) -> Result<thb_model::Matrix> {
        let mut out = dm.matrix().clone();
        for j in 0..dm.ncols() {
            let map = self.column_map(dm, j, method)?;
            let col = out.column_mut(j);
            map.transform(dm.column(j), col);
            if let Some(i) = col.iter().position(|v| !v.is_finite()) {
                // only reachable with magnitudes near f64::MAX (an overflowing norm or sum)
                return Err(dm.not_applicable(method, j, Some(i), "values too large to normalise"));
            }
        }
        Ok(out)
    }

    /// The map of column `j` in its direction; errors are reported under `method`'s name.
    pub(crate) fn column_map(
        &self,
        dm: &DecisionMatrix<'_>,
        j: usize,
        method: &'static str,
    ) -> Result<ColumnMap> {
        Ok(self.column_map_as(dm, j, dm.types()[j], method)?.0)
    }

    /// The map of column `j` and the column's raw minimum and maximum.
    pub(crate) fn column_map_with_range(
        &self,
        dm: &DecisionMatrix<'_>,
        j: usize,
        method: &'static str,
    ) -> Result<(ColumnMap, (f64, f64))> {
        let (map, st) = self.column_map_as(dm, j, dm.types()[j], method)?;
        Ok((map, (st.lo, st.hi)))
    }

    /// The map of column `j` as if its direction were `dir` (methods such as COPRAS and MOORA
    /// normalise direction-blind and treat cost criteria afterwards).
    pub(crate) fn column_map_as(
        &self,
        dm: &DecisionMatrix<'_>,
        j: usize,
        dir: Direction,
        method: &'static str,
    ) -> Result<(ColumnMap, ColumnStats)> {
        let x = dm.column(j);
        let cost = dir == Direction::Negative;
        let st = ColumnStats::of(x);
        let map = self.map_of(dm, j, x, cost, &st, method)?;
        Ok((map, st))
    }

    fn map_of(
        &self,
        dm: &DecisionMatrix<'_>,
        j: usize,
        x: &[f64],
        cost: bool,
        st: &ColumnStats,
        method: &'static str,
    ) -> Result<ColumnMap> {
        let constant = |policy: OnConstant| match policy {
            OnConstant::Error => Err(dm.constant(method, j)),
            OnConstant::Fill(v) if v.is_finite() => Ok(ColumnMap::Constant(v)),
            OnConstant::Fill(v) => {
                super::spec_error(format!("{method}: fill value {v} is not finite"))
            }
        };
        match *self {
            Self::MinMax(o) => {
                if st.hi <= st.lo {
                    return constant(o.on_constant);
                }
                let origin = if cost { st.hi } else { st.lo };
                Ok(ColumnMap::shift(origin, st.hi - st.lo, cost))
            }
            Self::Vector => {
                let norm = st.sum_sq.sqrt();
                if norm <= 0.0 {
                    return Err(dm.constant(method, j));
                }
                // cost: 1 − x/‖x‖ = (x − ‖x‖)·(−1/‖x‖)
                Ok(ColumnMap::shift(if cost { norm } else { 0.0 }, norm, cost))
            }
            Self::Sum => {
                if cost {
                    positive(dm, j, method, "sum normalisation of a cost column")?;
                    let s: f64 = x.iter().map(|v| 1.0 / v).sum();
                    Ok(ColumnMap::Inverse {
                        numer: 1.0,
                        scale: 1.0 / s,
                    })
                } else {
                    if st.lo < 0.0 {
                        non_negative(dm, j, method, "sum normalisation")?;
                    }
                    if st.sum <= 0.0 {
                        return Err(dm.constant(method, j));
                    }
                    Ok(ColumnMap::shift(0.0, st.sum, false))
                }
            }
            Self::Max => {
                let max = positive_max(dm, j, method, st.hi)?;
                Ok(ColumnMap::shift(if cost { max } else { 0.0 }, max, cost))
            }
            Self::Linear => {
                if cost {
                    positive(
                        dm,
                        j,
                        method,
                        "linear normalisation of a cost column (min/x)",
                    )?;
                    Ok(ColumnMap::Inverse {
                        numer: st.lo,
                        scale: 1.0,
                    })
                } else {
                    let max = positive_max(dm, j, method, st.hi)?;
                    Ok(ColumnMap::shift(0.0, max, false))
                }
            }
            Self::ZScore(o) => {
                let mean = stats::mean(x).ok_or_else(|| too_few(dm, j, method))?;
                let sd = stats::sd(x, o.sd).ok_or_else(|| too_few(dm, j, method))?;
                if sd <= 0.0 {
                    return constant(o.on_constant);
                }
                Ok(ColumnMap::shift(mean, sd, cost))
            }
            Self::Identity => Ok(ColumnMap::shift(0.0, 1.0, false)),
        }
    }
}

/// Minimum and maximum of column `j`.
pub(crate) fn range(dm: &DecisionMatrix<'_>, j: usize) -> (f64, f64) {
    let st = ColumnStats::of(dm.column(j));
    (st.lo, st.hi)
}

fn too_few(dm: &DecisionMatrix<'_>, j: usize, method: &'static str) -> ScoringError {
    dm.not_applicable(method, j, None, "too few alternatives")
}

fn positive_max(dm: &DecisionMatrix<'_>, j: usize, method: &'static str, max: f64) -> Result<f64> {
    if max > 0.0 {
        Ok(max)
    } else {
        Err(dm.not_applicable(method, j, None, "the column maximum is not positive"))
    }
}

/// Every value of column `j` must be > 0.
pub(crate) fn positive(
    dm: &DecisionMatrix<'_>,
    j: usize,
    method: &'static str,
    what: &str,
) -> Result<()> {
    match dm.column(j).iter().position(|&v| v <= 0.0) {
        Some(i) => Err(dm.not_applicable(
            method,
            j,
            Some(i),
            &format!("{what} needs values > 0, got {}", dm.column(j)[i]),
        )),
        None => Ok(()),
    }
}

/// Every value of column `j` must be ≥ 0.
pub(crate) fn non_negative(
    dm: &DecisionMatrix<'_>,
    j: usize,
    method: &'static str,
    what: &str,
) -> Result<()> {
    match dm.column(j).iter().position(|&v| v < 0.0) {
        Some(i) => Err(dm.not_applicable(
            method,
            j,
            Some(i),
            &format!("{what} needs values >= 0, got {}", dm.column(j)[i]),
        )),
        None => Ok(()),
    }
}
