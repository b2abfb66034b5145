//! Normalisation: bring every indicator to a common, oriented scale.
//!
//! Direction is applied first: each kernel multiplies the column by the indicator's direction
//! (+1 / -1) and normalises the result, so every normalised column is "higher is better".
//! Targets and goalposts flip with the data (a target `t` becomes `-t`; goalposts `(l, u)`
//! become `(-u, -l)`), unlike COINr's literal-goalposts quirk (Q2). The ratio methods
//! ([`FractionOfMax`], [`Sum`]) are not equivariant under negation and use an explicit
//! reciprocal formula for direction -1 instead (see their docs).
//!
//! Missing values (`NaN`) stay missing. A column with no value at all normalises to a column
//! with no value; a method that cannot apply (zero range, no target, ...) is a typed error
//! naming the indicator.
//!
//! ```
//! use thb_scoring::{IndicatorContext, Normalise, Normalisation, RowLabel};
//! use thb_scoring::normalise::MinMax;
//! let rows = RowLabel::numbered(3);
//! let n = Normalisation::MinMax(MinMax::new(0.0, 100.0)?);
//! let out = n.normalised(&[1.0, 3.0, f64::NAN], &IndicatorContext::new("x", &rows))?;
//! assert_eq!(out[..2], [0.0, 100.0]);
//! assert!(out[2].is_nan());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use thb_model::Direction;

use crate::context::IndicatorContext;
use crate::error::{Result, ScoringError};

mod rank_based;
mod ratio;
mod scale;

pub use rank_based::{Borda, PercentileRank, Rank};
pub use ratio::{FractionOfMax, Sum, Vector};
pub use scale::{
    DistanceToMax, DistanceToReference, DistanceToTarget, GoalpostsNorm, LogGoalposts, MinMax,
    Scaled, ZScore,
};

/// A normalisation method: one indicator column in, one normalised column out.
///
/// Implement it to plug a new method into [`Pipeline`](crate::Pipeline) without touching
/// [`Normalisation`].
///
/// ```
/// use thb_scoring::{IndicatorContext, Normalise, Result, RowLabel};
/// /// Divides by 10, ignoring direction.
/// struct Tenth;
/// impl Normalise for Tenth {
///     fn normalise(&self, x: &[f64], _ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
///         for (o, v) in out.iter_mut().zip(x) { *o = v / 10.0; }
///         Ok(())
///     }
/// }
/// let rows = RowLabel::numbered(2);
/// assert_eq!(Tenth.normalised(&[10.0, 20.0], &IndicatorContext::new("x", &rows))?, [1.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Normalise {
    /// Normalises `x` (one column on its original scale, `NaN` = missing) into `out`, which has
    /// the same length. Must not allocate per cell.
    ///
    /// # Errors
    /// A [`ScoringError`] naming the indicator (and unit) when the method cannot apply.
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()>;

    /// Like [`Normalise::normalise`], returning a new vector.
    ///
    /// # Errors
    /// As [`Normalise::normalise`].
    fn normalised(&self, x: &[f64], ctx: &IndicatorContext<'_>) -> Result<Vec<f64>> {
        let mut out = vec![f64::NAN; x.len()];
        self.normalise(x, ctx, &mut out)?;
        Ok(out)
    }

    /// The method's name, for provenance records.
    fn name(&self) -> &'static str {
        "custom"
    }
}

/// Every built-in normalisation (`interfaces.md` §2), as named in a JSON spec.
///
/// ```
/// use thb_scoring::Normalisation;
/// let n: Normalisation = serde_json::from_str(r#"{"z_score": {"mean": 100, "sd": 10}}"#)?;
/// assert_eq!(n.name(), "z_score");
/// assert_eq!(n.to_string(), "z_score(mean = 100, sd = 10)");
/// assert!(serde_json::from_str::<Normalisation>(r#"{"min_max": {"low": 5, "high": 5}}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Normalisation {
    /// Min-max to `[low, high]` (COINr `n_minmax`).
    MinMax(MinMax),
    /// Z-score with sample SD (COINr `n_zscore`).
    ZScore(ZScore),
    /// Rank, 1 = lowest (COINr `n_rank`).
    Rank(Rank),
    /// Borda count: rank - 1 (COINr `n_borda`).
    Borda(Borda),
    /// Percentile rank in [0, 1] (COINr `n_prank`).
    PercentileRank(PercentileRank),
    /// Distance to target (COINr `n_dist2targ`).
    DistanceToTarget(DistanceToTarget),
    /// Goalposts (COINr `n_goalposts`).
    Goalposts(GoalpostsNorm),
    /// Goalposts on the `ln(1 + x)` scale (THB INDEX `LOGMM`).
    LogGoalposts(LogGoalposts),
    /// Distance to the maximum (COINr `n_dist2max`).
    DistanceToMax(DistanceToMax),
    /// Fraction of the maximum (COINr `n_fracmax`, direction -1 redefined).
    FractionOfMax(FractionOfMax),
    /// Distance to a reference unit (COINr `n_dist2ref`).
    DistanceToReference(DistanceToReference),
    /// Linear scaling between two fixed values (COINr `n_scaled`).
    Scaled(Scaled),
    /// Division by the Euclidean norm of the column.
    Vector(Vector),
    /// Division by the column sum.
    Sum(Sum),
}

impl Normalisation {
    /// The names of every method, as written in a spec.
    pub const NAMES: &'static [&'static str] = &[
        "min_max",
        "z_score",
        "rank",
        "borda",
        "percentile_rank",
        "distance_to_target",
        "goalposts",
        "log_goalposts",
        "distance_to_max",
        "fraction_of_max",
        "distance_to_reference",
        "scaled",
        "vector",
        "sum",
    ];

    /// The method's name as written in a spec.
    pub fn name(&self) -> &'static str {
        match self {
            Self::MinMax(_) => "min_max",
            Self::ZScore(_) => "z_score",
            Self::Rank(_) => "rank",
            Self::Borda(_) => "borda",
            Self::PercentileRank(_) => "percentile_rank",
            Self::DistanceToTarget(_) => "distance_to_target",
            Self::Goalposts(_) => "goalposts",
            Self::LogGoalposts(_) => "log_goalposts",
            Self::DistanceToMax(_) => "distance_to_max",
            Self::FractionOfMax(_) => "fraction_of_max",
            Self::DistanceToReference(_) => "distance_to_reference",
            Self::Scaled(_) => "scaled",
            Self::Vector(_) => "vector",
            Self::Sum(_) => "sum",
        }
    }

    fn method(&self) -> &dyn NormaliseDisplay {
        match self {
            Self::MinMax(m) => m,
            Self::ZScore(m) => m,
            Self::Rank(m) => m,
            Self::Borda(m) => m,
            Self::PercentileRank(m) => m,
            Self::DistanceToTarget(m) => m,
            Self::Goalposts(m) => m,
            Self::LogGoalposts(m) => m,
            Self::DistanceToMax(m) => m,
            Self::FractionOfMax(m) => m,
            Self::DistanceToReference(m) => m,
            Self::Scaled(m) => m,
            Self::Vector(m) => m,
            Self::Sum(m) => m,
        }
    }
}

/// Object-safe union of the two traits every built-in method implements (dispatch only).
trait NormaliseDisplay: Normalise + fmt::Display {}
impl<T: Normalise + fmt::Display> NormaliseDisplay for T {}

impl Default for Normalisation {
    /// Min-max to [0, 100].
    fn default() -> Self {
        Self::MinMax(MinMax::default())
    }
}

impl Normalise for Normalisation {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        self.method().normalise(x, ctx, out)
    }
    fn name(&self) -> &'static str {
        Normalisation::name(self)
    }
}

impl fmt::Display for Normalisation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.method(), f)
    }
}

/// Checks that `out` has the length of `x`.
pub(crate) fn check_len(x: &[f64], out: &[f64]) -> Result<()> {
    if x.len() == out.len() {
        Ok(())
    } else {
        Err(ScoringError::Shape(format!(
            "output has {} rows, input {}",
            out.len(),
            x.len()
        )))
    }
}

/// Writes `x * direction` into `out` (the oriented column, higher is better).
pub(crate) fn orient(x: &[f64], direction: Direction, out: &mut [f64]) -> Result<()> {
    check_len(x, out)?;
    let s = direction.sign();
    for (o, v) in out.iter_mut().zip(x) {
        *o = v * s;
    }
    Ok(())
}

/// Minimum and maximum of an oriented column: `None` when it has no value, an error naming
/// the indicator when every value is the same.
pub(crate) fn spread(
    method: &'static str,
    ctx: &IndicatorContext<'_>,
    y: &[f64],
) -> Result<Option<(f64, f64)>> {
    match crate::stats::min_max(y) {
        None => Ok(None),
        Some((lo, hi)) if hi <= lo => Err(ScoringError::ConstantColumn {
            method,
            node: ctx.code.to_owned(),
            value: lo * ctx.direction.sign(),
        }),
        Some(range) => Ok(Some(range)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::RowLabel;

    #[test]
    fn names_match_serde_tags() {
        let all = [
            r#"{"min_max":{}}"#,
            r#"{"z_score":{}}"#,
            r#"{"rank":{}}"#,
            r#"{"borda":{}}"#,
            r#"{"percentile_rank":{}}"#,
            r#"{"distance_to_target":{}}"#,
            r#"{"goalposts":{}}"#,
            r#"{"log_goalposts":{}}"#,
            r#"{"distance_to_max":{}}"#,
            r#"{"fraction_of_max":{}}"#,
            r#"{"distance_to_reference":{"unit":"AUT"}}"#,
            r#"{"scaled":{}}"#,
            r#"{"vector":{}}"#,
            r#"{"sum":{}}"#,
        ];
        assert_eq!(all.len(), Normalisation::NAMES.len());
        for (json, name) in all.iter().zip(Normalisation::NAMES) {
            let n: Normalisation = serde_json::from_str(json).unwrap();
            assert_eq!(n.name(), *name);
            let back: Normalisation =
                serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
            assert_eq!(back, n);
        }
        assert!(serde_json::from_str::<Normalisation>(r#"{"min_max":{"lo":1}}"#).is_err());
    }

    #[test]
    fn constant_column_is_an_error_naming_the_indicator() {
        let rows = RowLabel::numbered(4);
        let ctx = IndicatorContext::new("Tariff", &rows);
        let err = Normalisation::default()
            .normalised(&[2.0, 2.0, f64::NAN, 2.0], &ctx)
            .unwrap_err();
        assert!(matches!(err, ScoringError::ConstantColumn { ref node, .. } if node == "Tariff"));
        assert!(err.to_string().contains("Tariff"));
    }
}
