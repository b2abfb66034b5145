//! Outlier treatment: the JRC skew/kurtosis test, the iterative winsorisation loop, log
//! transforms and Box-Cox (`composite-methods.md` §4), with a report of what was done to each
//! indicator and why.
//!
//! ```
//! use thb_scoring::{IndicatorContext, RowLabel, Treat, Treatment};
//! let t: Treatment = serde_json::from_str(
//!     r#"{"winsorise": {"winmax": 5, "skew": 2.0, "kurtosis": 3.5, "fallback": "log_ct"}}"#,
//! )?;
//! let x = [1.2, 0.8, 1.1, 0.9, 1.0, 1.3, 0.7, 1.05, 0.95, 14.0, 1.15, 0.85, 25.0, 1.0, 0.9, 1.1, 0.75, 1.25, 0.99, 1.01];
//! let rows = RowLabel::numbered(x.len());
//! let mut out = vec![0.0; x.len()];
//! let report = t.treat(&x, &IndicatorContext::new("x", &rows), &mut out)?;
//! assert_eq!(report.winsorisation.as_ref().map(|w| w.nwin), Some(2));
//! assert_eq!(out[12], 1.3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use crate::context::{IndicatorContext, RowLabel};
use crate::error::Result;
use crate::stats;

mod log;
mod winsorise;

pub use log::{BoxCox, LogCt, LogCtOrig, LogCtPlus, LogGii};
pub use winsorise::{Fallback, Winsorise};

/// A treatment method: one indicator column in, the treated column out, plus a report.
///
/// ```
/// use thb_scoring::{treat::TreatmentReport, IndicatorContext, Result, RowLabel, Treat};
/// /// Caps every value at 10.
/// struct Cap;
/// impl Treat for Cap {
///     fn treat(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<TreatmentReport> {
///         for (o, v) in out.iter_mut().zip(x) { *o = v.min(10.0); }
///         Ok(TreatmentReport::untouched("cap", ctx.code, x))
///     }
/// }
/// let rows = RowLabel::numbered(2);
/// let mut out = [0.0; 2];
/// Cap.treat(&[5.0, 50.0], &IndicatorContext::new("x", &rows), &mut out)?;
/// assert_eq!(out, [5.0, 10.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Treat {
    /// Treats `x` (one column, `NaN` = missing) into `out` (same length) and reports what it did.
    ///
    /// # Errors
    /// A [`ScoringError`](crate::ScoringError) naming the indicator (and unit) when the method
    /// cannot apply (e.g. a log of a constant column).
    fn treat(
        &self,
        x: &[f64],
        ctx: &IndicatorContext<'_>,
        out: &mut [f64],
    ) -> Result<TreatmentReport>;
}

/// Every built-in treatment, as named in a JSON spec.
///
/// ```
/// use thb_scoring::Treatment;
/// let t: Treatment = serde_json::from_str(r#""log_ct""#)?;
/// assert_eq!(t.name(), "log_ct");
/// assert_eq!(Treatment::default().to_string(), "none");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Treatment {
    /// Leave the data as they are.
    #[default]
    None,
    /// The COINr/COIN Tool winsorisation loop with a log fallback.
    Winsorise(Winsorise),
    /// `ln(x - min + 0.01 (max - min))` (COIN Tool default).
    LogCt,
    /// `log_ct`, mirrored for negative skew.
    LogCtPlus,
    /// `ln(x - min + 1)`.
    LogCtOrig,
    /// `ln((max - 1)(x - min)/(max - min) + 1)` (the GII transform; implemented, unlike COINr).
    LogGii,
    /// Box-Cox with a +1 shift.
    BoxCox(BoxCox),
}

impl Treatment {
    /// The names of every method, as written in a spec.
    pub const NAMES: &'static [&'static str] = &[
        "none",
        "winsorise",
        "log_ct",
        "log_ct_plus",
        "log_ct_orig",
        "log_gii",
        "box_cox",
    ];

    /// The method's name as written in a spec.
    pub fn name(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Winsorise(_) => "winsorise",
            Self::LogCt => "log_ct",
            Self::LogCtPlus => "log_ct_plus",
            Self::LogCtOrig => "log_ct_orig",
            Self::LogGii => "log_gii",
            Self::BoxCox(_) => "box_cox",
        }
    }
}

impl Treat for Treatment {
    fn treat(
        &self,
        x: &[f64],
        ctx: &IndicatorContext<'_>,
        out: &mut [f64],
    ) -> Result<TreatmentReport> {
        match self {
            Self::None => NoTreatment.treat(x, ctx, out),
            Self::Winsorise(w) => w.treat(x, ctx, out),
            Self::LogCt => LogCt.treat(x, ctx, out),
            Self::LogCtPlus => LogCtPlus.treat(x, ctx, out),
            Self::LogCtOrig => LogCtOrig.treat(x, ctx, out),
            Self::LogGii => LogGii.treat(x, ctx, out),
            Self::BoxCox(b) => b.treat(x, ctx, out),
        }
    }
}

impl fmt::Display for Treatment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Winsorise(w) => fmt::Display::fmt(w, f),
            Self::BoxCox(b) => fmt::Display::fmt(b, f),
            other => f.write_str(other.name()),
        }
    }
}

/// No treatment: copies the column.
///
/// ```
/// use thb_scoring::{treat::NoTreatment, IndicatorContext, RowLabel, Treat};
/// let rows = RowLabel::numbered(1);
/// let mut out = [0.0];
/// NoTreatment.treat(&[3.0], &IndicatorContext::new("x", &rows), &mut out)?;
/// assert_eq!(out, [3.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoTreatment;

impl Treat for NoTreatment {
    fn treat(
        &self,
        x: &[f64],
        ctx: &IndicatorContext<'_>,
        out: &mut [f64],
    ) -> Result<TreatmentReport> {
        crate::normalise::check_len(x, out)?;
        out.copy_from_slice(x);
        Ok(TreatmentReport::untouched("none", ctx.code, x))
    }
}

/// Skewness and excess kurtosis (e1071 type 2) of a column; `None` when there are too few
/// values or no spread.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Moments {
    /// Skewness (needs 3 values).
    pub skew: Option<f64>,
    /// Excess kurtosis (needs 4 values).
    pub kurtosis: Option<f64>,
}

impl Moments {
    /// The moments of `x`.
    ///
    /// ```
    /// use thb_scoring::treat::Moments;
    /// let m = Moments::of(&[1.0, 2.0, 3.0, 10.0]);
    /// assert!(m.skew.is_some_and(|s| s > 1.7));
    /// ```
    pub fn of(x: &[f64]) -> Self {
        Self {
            skew: stats::skewness(x),
            kurtosis: stats::kurtosis(x),
        }
    }

    /// The JRC rule: the column passes when `|skew| < skew_max` OR `kurtosis < kurtosis_max`
    /// (both strict). A column whose moments cannot be computed passes (nothing to treat).
    pub fn passes(&self, skew_max: f64, kurtosis_max: f64) -> bool {
        match (self.skew, self.kurtosis) {
            (Some(s), Some(k)) => s.abs() < skew_max || k < kurtosis_max,
            _ => true,
        }
    }
}

/// Which end of the distribution a winsorised point was at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Side {
    /// A high outlier pulled down (COINr `winhi`).
    High,
    /// A low outlier pulled up (COINr `winlo`).
    Low,
}

/// One winsorised point.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TreatedPoint {
    /// Where it is.
    pub at: RowLabel,
    /// Which end it was at.
    pub side: Side,
    /// The value before treatment.
    pub before: f64,
    /// The value the loop gave it.
    pub after: f64,
}

/// What the winsorisation loop did.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WinsorisationReport {
    /// COINr's `nwin`: size of the last high group plus size of the last low group.
    pub nwin: usize,
    /// Moments after the loop.
    pub after: Moments,
    /// Whether the winsorised column passes the test.
    pub passed: bool,
    /// Whether the winsorised values were kept (`false` when the fallback replaced them).
    pub kept: bool,
    /// The points the loop moved.
    pub points: Vec<TreatedPoint>,
}

/// A log (or Box-Cox) transform applied to the whole column, and why.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LogReport {
    /// The transform: `log_ct`, `log_ct_plus`, `log_ct_orig`, `log_gii` or `box_cox`.
    pub transform: &'static str,
    /// Why it was applied.
    pub reason: String,
}

/// What a treatment did to one indicator.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TreatmentReport {
    /// The indicator.
    pub indicator: String,
    /// The treatment method's name.
    pub method: &'static str,
    /// Moments of the untreated column.
    pub before: Moments,
    /// Whether the untreated column passed the skew/kurtosis test (`None` when not tested).
    pub passed_before: Option<bool>,
    /// The winsorisation loop, when it ran.
    pub winsorisation: Option<WinsorisationReport>,
    /// The log transform, when one was applied.
    pub log: Option<LogReport>,
    /// Moments of the treated column.
    pub after: Moments,
}

impl TreatmentReport {
    /// A report for a column left as it is.
    pub fn untouched(method: &'static str, indicator: &str, x: &[f64]) -> Self {
        let m = Moments::of(x);
        Self {
            indicator: indicator.to_owned(),
            method,
            before: m,
            passed_before: None,
            winsorisation: None,
            log: None,
            after: m,
        }
    }

    /// `true` when the treated column differs from the input.
    pub fn changed(&self) -> bool {
        self.log.is_some() || self.winsorisation.as_ref().is_some_and(|w| w.kept)
    }
}
