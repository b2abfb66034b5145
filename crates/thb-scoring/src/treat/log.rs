//! Log transforms and Box-Cox (`composite-methods.md` §4). min and max are over the
//! non-missing values; missing stays missing.

use std::fmt;

use super::{LogReport, Moments, Treat, TreatmentReport};
use crate::context::IndicatorContext;
use crate::error::{Result, ScoringError};
use crate::normalise::check_len;
use crate::params::{finite, validated_serde};
use crate::stats;

/// min and max of `x`, or an error when the column is constant. `None` when it has no value.
fn range(
    method: &'static str,
    x: &[f64],
    ctx: &IndicatorContext<'_>,
) -> Result<Option<(f64, f64)>> {
    match stats::min_max(x) {
        Some((lo, hi)) if hi <= lo => Err(ScoringError::ConstantColumn {
            method,
            node: ctx.code.to_owned(),
            value: lo,
        }),
        other => Ok(other),
    }
}

/// Writes `f(v)` for every present value, failing on a non-finite result (log of <= 0).
fn apply(
    method: &'static str,
    x: &[f64],
    ctx: &IndicatorContext<'_>,
    out: &mut [f64],
    f: impl Fn(f64) -> f64,
) -> Result<()> {
    check_len(x, out)?;
    for (i, (o, &v)) in out.iter_mut().zip(x).enumerate() {
        if v.is_nan() {
            *o = f64::NAN;
            continue;
        }
        let r = f(v);
        if !r.is_finite() {
            return Err(ScoringError::NonPositive {
                method,
                node: ctx.code.to_owned(),
                unit: ctx.unit(i).to_owned(),
                value: v,
            });
        }
        *o = r;
    }
    Ok(())
}

/// `ln(x - min + 0.01 (max - min))` into `out`.
pub(super) fn log_ct(x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
    let Some((lo, hi)) = range("log_ct", x, ctx)? else {
        return apply("log_ct", x, ctx, out, |v| v);
    };
    let a = 0.01 * (hi - lo);
    apply("log_ct", x, ctx, out, |v| (v - lo + a).ln())
}

/// A report for a transform applied on request.
fn requested(
    transform: &'static str,
    x: &[f64],
    ctx: &IndicatorContext<'_>,
    out: &[f64],
) -> TreatmentReport {
    let mut r = TreatmentReport::untouched(transform, ctx.code, x);
    r.log = Some(LogReport {
        transform,
        reason: "requested by the spec".to_owned(),
    });
    r.after = Moments::of(out);
    r
}

macro_rules! log_method {
    ($(#[$doc:meta])* $name:ident, $tag:literal, $body:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name;

        impl Treat for $name {
            fn treat(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<TreatmentReport> {
                let f: fn(&[f64], &IndicatorContext<'_>, &mut [f64]) -> Result<()> = $body;
                f(x, ctx, out)?;
                Ok(requested($tag, x, ctx, out))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($tag)
            }
        }
    };
}

log_method!(
    /// `ln(x - min + 0.01 (max - min))`, the COIN Tool's log (needs a non-constant column).
    ///
    /// ```
    /// use thb_scoring::{treat::LogCt, IndicatorContext, RowLabel, Treat};
    /// let rows = RowLabel::numbered(2);
    /// let mut out = [0.0; 2];
    /// LogCt.treat(&[0.0, 100.0], &IndicatorContext::new("x", &rows), &mut out)?;
    /// assert_eq!(out, [0.0, 101f64.ln()]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    LogCt,
    "log_ct",
    log_ct
);

log_method!(
    /// `log_ct` when the skew is >= 0; for negative skew its mirror image
    /// `-ln(max + a - x)`, `a = 0.01 (max - min)`.
    ///
    /// ```
    /// use thb_scoring::{treat::LogCtPlus, IndicatorContext, RowLabel, Treat};
    /// let rows = RowLabel::numbered(3);
    /// let mut out = [0.0; 3];
    /// LogCtPlus.treat(&[-100.0, -1.0, 0.0], &IndicatorContext::new("x", &rows), &mut out)?;
    /// assert_eq!(out[2], -(1f64.ln()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    LogCtPlus,
    "log_ct_plus",
    |x, ctx, out| {
        if stats::skewness(x).unwrap_or(0.0) >= 0.0 {
            return log_ct(x, ctx, out);
        }
        let Some((lo, hi)) = range("log_ct_plus", x, ctx)? else {
            return apply("log_ct_plus", x, ctx, out, |v| v);
        };
        let a = 0.01 * (hi - lo);
        apply("log_ct_plus", x, ctx, out, |v| -(hi + a - v).ln())
    }
);

log_method!(
    /// `ln(x - min + 1)`.
    ///
    /// ```
    /// use thb_scoring::{treat::LogCtOrig, IndicatorContext, RowLabel, Treat};
    /// let rows = RowLabel::numbered(2);
    /// let mut out = [0.0; 2];
    /// LogCtOrig.treat(&[0.7, 1.7], &IndicatorContext::new("x", &rows), &mut out)?;
    /// assert_eq!(out, [0.0, 2f64.ln()]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    LogCtOrig,
    "log_ct_orig",
    |x, ctx, out| {
        let lo = stats::min_max(x).map_or(0.0, |r| r.0);
        apply("log_ct_orig", x, ctx, out, |v| (v - lo + 1.0).ln())
    }
);

log_method!(
    /// `ln((max - 1)(x - min)/(max - min) + 1)`, the Gender Inequality Index transform. COINr's
    /// `log_GII` computes it but returns x unchanged (quirk Q5); this one returns the transform.
    /// Needs a non-constant column and a positive argument (max > 0).
    ///
    /// ```
    /// use thb_scoring::{treat::LogGii, IndicatorContext, RowLabel, Treat};
    /// let rows = RowLabel::numbered(2);
    /// let mut out = [0.0; 2];
    /// LogGii.treat(&[0.0, 10.0], &IndicatorContext::new("x", &rows), &mut out)?;
    /// assert_eq!(out, [0.0, 10f64.ln()]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    LogGii,
    "log_gii",
    |x, ctx, out| {
        let Some((lo, hi)) = range("log_gii", x, ctx)? else {
            return apply("log_gii", x, ctx, out, |v| v);
        };
        apply("log_gii", x, ctx, out, |v| {
            ((hi - 1.0) * (v - lo) / (hi - lo) + 1.0).ln()
        })
    }
);

/// Box-Cox with a +1 shift: `y = x - min + 1`, then `(y^λ - 1)/λ` (`ln y` when λ = 0).
///
/// ```
/// use thb_scoring::{treat::BoxCox, IndicatorContext, RowLabel, Treat};
/// let rows = RowLabel::numbered(2);
/// let mut out = [0.0; 2];
/// BoxCox::new(0.5)?.treat(&[0.0, 3.0], &IndicatorContext::new("x", &rows), &mut out)?;
/// assert_eq!(out, [0.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct BoxCox {
    lambda: f64,
}
validated_serde!(BoxCox);

impl BoxCox {
    /// Box-Cox with parameter `lambda`.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] when `lambda` is not finite.
    pub fn new(lambda: f64) -> Result<Self> {
        let b = Self { lambda };
        b.check()?;
        Ok(b)
    }
    fn check(&self) -> Result<()> {
        finite("box_cox lambda", self.lambda)
    }
}

impl Default for BoxCox {
    /// λ = 0.5.
    fn default() -> Self {
        Self { lambda: 0.5 }
    }
}

impl Treat for BoxCox {
    fn treat(
        &self,
        x: &[f64],
        ctx: &IndicatorContext<'_>,
        out: &mut [f64],
    ) -> Result<TreatmentReport> {
        let lo = stats::min_max(x).map_or(0.0, |r| r.0);
        let l = self.lambda;
        apply("box_cox", x, ctx, out, |v| {
            let y = v - lo + 1.0;
            if l == 0.0 {
                y.ln()
            } else {
                (y.powf(l) - 1.0) / l
            }
        })?;
        Ok(requested("box_cox", x, ctx, out))
    }
}

impl fmt::Display for BoxCox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "box_cox(lambda = {})", self.lambda)
    }
}
