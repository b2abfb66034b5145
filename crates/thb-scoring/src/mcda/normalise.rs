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
    /// A typed error [`ScoringError::ConstantIndicator`] naming the indicator (the default).
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
/// normalise on the fly without allocating a normalised matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnMap {
    /// (v − origin)/denom, or (origin − v)/denom when `flip`.
    Shift { origin: f64, denom: f64, flip: bool },
    /// (numer/v)/denom.
    Inverse { numer: f64, denom: f64 },
    /// Every value becomes this constant.
    Constant(f64),
}

impl ColumnMap {
    /// The normalised value of `v`.
    #[inline]
    pub(crate) fn apply(self, v: f64) -> f64 {
        match self {
            Self::Shift {
                origin,
                denom,
                flip: false,
            } => (v - origin) / denom,
            Self::Shift {
                origin,
                denom,
                flip: true,
            } => (origin - v) / denom,
            Self::Inverse { numer, denom } => numer / v / denom,
            Self::Constant(c) => c,
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
    /// assert_eq!(McdaNormalisation::Vector.normalise(&dm)?.column(0), &[0.6, 0.8]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ScoringError::ConstantIndicator`] for a constant column where the formula divides by
    /// its range or spread (unless [`OnConstant::Fill`]); [`ScoringError::NotApplicable`] for
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
            for v in out.column_mut(j) {
                *v = map.apply(*v);
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
        self.column_map_as(dm, j, dm.types()[j], method)
    }

    /// The map of column `j` as if its direction were `dir` (methods such as COPRAS and MOORA
    /// normalise direction-blind and treat cost criteria afterwards).
    pub(crate) fn column_map_as(
        &self,
        dm: &DecisionMatrix<'_>,
        j: usize,
        dir: Direction,
        method: &'static str,
    ) -> Result<ColumnMap> {
        let x = dm.column(j);
        let cost = dir == Direction::Negative;
        let constant = |policy: OnConstant| match policy {
            OnConstant::Error => Err(dm.constant(method, j)),
            OnConstant::Fill(v) => Ok(ColumnMap::Constant(v)),
        };
        match *self {
            Self::MinMax(o) => {
                let (lo, hi) = range(dm, j, method)?;
                if hi <= lo {
                    return constant(o.on_constant);
                }
                let origin = if cost { hi } else { lo };
                Ok(ColumnMap::Shift {
                    origin,
                    denom: hi - lo,
                    flip: cost,
                })
            }
            Self::Vector => {
                let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
                if norm <= 0.0 {
                    return Err(dm.constant(method, j));
                }
                Ok(if cost {
                    ColumnMap::Shift {
                        origin: norm,
                        denom: norm,
                        flip: true,
                    }
                } else {
                    ColumnMap::Shift {
                        origin: 0.0,
                        denom: norm,
                        flip: false,
                    }
                })
            }
            Self::Sum => {
                if cost {
                    positive(dm, j, method, "sum normalisation of a cost column")?;
                    let s: f64 = x.iter().map(|v| 1.0 / v).sum();
                    Ok(ColumnMap::Inverse {
                        numer: 1.0,
                        denom: s,
                    })
                } else {
                    non_negative(dm, j, method, "sum normalisation")?;
                    let s: f64 = x.iter().sum();
                    if s <= 0.0 {
                        return Err(dm.constant(method, j));
                    }
                    Ok(ColumnMap::Shift {
                        origin: 0.0,
                        denom: s,
                        flip: false,
                    })
                }
            }
            Self::Max => {
                let max = positive_max(dm, j, method)?;
                Ok(ColumnMap::Shift {
                    origin: if cost { max } else { 0.0 },
                    denom: max,
                    flip: cost,
                })
            }
            Self::Linear => {
                if cost {
                    positive(
                        dm,
                        j,
                        method,
                        "linear normalisation of a cost column (min/x)",
                    )?;
                    let (lo, _) = range(dm, j, method)?;
                    Ok(ColumnMap::Inverse {
                        numer: lo,
                        denom: 1.0,
                    })
                } else {
                    let max = positive_max(dm, j, method)?;
                    Ok(ColumnMap::Shift {
                        origin: 0.0,
                        denom: max,
                        flip: false,
                    })
                }
            }
            Self::ZScore(o) => {
                let mean = stats::mean(x).ok_or_else(|| too_few(dm, j, method))?;
                let sd = stats::sd(x, o.sd).ok_or_else(|| too_few(dm, j, method))?;
                if sd <= 0.0 {
                    return constant(o.on_constant);
                }
                Ok(ColumnMap::Shift {
                    origin: mean,
                    denom: sd,
                    flip: cost,
                })
            }
            Self::Identity => Ok(ColumnMap::Shift {
                origin: 0.0,
                denom: 1.0,
                flip: false,
            }),
        }
    }
}

/// Minimum and maximum of column `j`.
pub(crate) fn range(dm: &DecisionMatrix<'_>, j: usize, method: &'static str) -> Result<(f64, f64)> {
    stats::min_max(dm.column(j)).ok_or_else(|| too_few(dm, j, method))
}

fn too_few(dm: &DecisionMatrix<'_>, j: usize, method: &'static str) -> ScoringError {
    dm.not_applicable(method, j, None, "too few alternatives")
}

fn positive_max(dm: &DecisionMatrix<'_>, j: usize, method: &'static str) -> Result<f64> {
    let (_, max) = range(dm, j, method)?;
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
