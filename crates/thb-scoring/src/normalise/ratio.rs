//! Ratio normalisations: fraction of the maximum, division by the column's Euclidean norm or
//! by its sum.
//!
//! Ratios are not equivariant under the direction flip (`x / max` of `-x` is meaningless,
//! COINr quirk Q1), so for a direction -1 indicator [`FractionOfMax`] and [`Sum`] use the
//! reciprocal on the original scale (`min / x` and `(1/x) / Σ(1/x)`), which needs every value
//! to be > 0. [`Vector`] is equivariant and simply divides the oriented column.

use std::fmt;

use thb_model::Direction;

use super::{Normalise, check_len, orient};
use crate::context::IndicatorContext;
use crate::error::{Result, ScoringError};
use crate::stats;

/// Errors naming the first unit whose value is <= 0.
fn require_positive(method: &'static str, x: &[f64], ctx: &IndicatorContext<'_>) -> Result<()> {
    match x.iter().position(|v| *v <= 0.0) {
        None => Ok(()),
        Some(i) => Err(ScoringError::NonPositive {
            method,
            node: ctx.code.to_owned(),
            unit: ctx.unit(i).to_owned(),
            value: x[i],
        }),
    }
}

/// Fraction of the maximum: `x / max` for direction +1 (needs max > 0); `min / x` for
/// direction -1 (the best value as a fraction of this one; needs every value > 0). Both give 1
/// to the best unit and shrink towards 0 as units get worse.
///
/// ```
/// use thb_scoring::{normalise::FractionOfMax, IndicatorContext, Normalise, RowLabel};
/// use thb_model::Direction;
/// let rows = RowLabel::numbered(3);
/// let up = IndicatorContext::new("x", &rows);
/// assert_eq!(FractionOfMax {}.normalised(&[1.0, 2.0, 4.0], &up)?, [0.25, 0.5, 1.0]);
/// let down = up.clone().direction(Direction::Negative);
/// assert_eq!(FractionOfMax {}.normalised(&[1.0, 2.0, 4.0], &down)?, [1.0, 0.5, 0.25]);
/// assert!(FractionOfMax {}.normalised(&[0.0, 2.0, 4.0], &down).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct FractionOfMax {}

impl Normalise for FractionOfMax {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        const METHOD: &str = "fraction_of_max";
        check_len(x, out)?;
        let Some((lo, hi)) = stats::min_max(x) else {
            out.fill(f64::NAN);
            return Ok(());
        };
        match ctx.direction {
            Direction::Positive => {
                if hi <= 0.0 {
                    return Err(ScoringError::NotApplicable {
                        method: METHOD,
                        node: ctx.code.to_owned(),
                        unit: None,
                        reason: format!("the maximum {hi} is not > 0"),
                    });
                }
                for (o, v) in out.iter_mut().zip(x) {
                    *o = v / hi;
                }
            }
            Direction::Negative => {
                require_positive(METHOD, x, ctx)?;
                for (o, v) in out.iter_mut().zip(x) {
                    *o = lo / v;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Display for FractionOfMax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("fraction_of_max")
    }
}

/// Vector normalisation: the oriented column divided by its Euclidean norm `sqrt(Σx²)`
/// (TOPSIS-style). Needs a non-zero value.
///
/// ```
/// use thb_scoring::{normalise::Vector, IndicatorContext, Normalise, RowLabel};
/// let rows = RowLabel::numbered(2);
/// assert_eq!(Vector {}.normalised(&[3.0, 4.0], &IndicatorContext::new("x", &rows))?, [0.6, 0.8]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Vector {}

impl Normalise for Vector {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        orient(x, ctx.direction, out)?;
        if stats::count(out) == 0 {
            return Ok(());
        }
        let norm = stats::present(out).map(|v| v * v).sum::<f64>().sqrt();
        if norm <= 0.0 {
            return Err(ScoringError::ConstantColumn {
                method: "vector",
                node: ctx.code.to_owned(),
                value: 0.0,
            });
        }
        for v in out.iter_mut() {
            *v /= norm;
        }
        Ok(())
    }
}

impl fmt::Display for Vector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("vector")
    }
}

/// Sum normalisation: `x / Σx` for direction +1 (needs Σx > 0); `(1/x) / Σ(1/x)` for
/// direction -1 (needs every value > 0). Each column sums to 1.
///
/// ```
/// use thb_scoring::{normalise::Sum, IndicatorContext, Normalise, RowLabel};
/// use thb_model::Direction;
/// let rows = RowLabel::numbered(2);
/// let ctx = IndicatorContext::new("x", &rows);
/// assert_eq!(Sum {}.normalised(&[1.0, 3.0], &ctx)?, [0.25, 0.75]);
/// assert_eq!(Sum {}.normalised(&[1.0, 3.0], &ctx.clone().direction(Direction::Negative))?, [0.75, 0.25]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Sum {}

impl Normalise for Sum {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        const METHOD: &str = "sum";
        check_len(x, out)?;
        if stats::count(x) == 0 {
            out.fill(f64::NAN);
            return Ok(());
        }
        if ctx.direction == Direction::Negative {
            require_positive(METHOD, x, ctx)?;
        }
        let value = |v: f64| match ctx.direction {
            Direction::Positive => v,
            Direction::Negative => 1.0 / v,
        };
        let total: f64 = stats::present(x).map(value).sum();
        if total <= 0.0 {
            return Err(ScoringError::NotApplicable {
                method: METHOD,
                node: ctx.code.to_owned(),
                unit: None,
                reason: format!("the column sums to {total}, not > 0"),
            });
        }
        for (o, v) in out.iter_mut().zip(x) {
            *o = value(*v) / total;
        }
        Ok(())
    }
}

impl fmt::Display for Sum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sum")
    }
}
