//! The winsorisation loop of COINr / the COIN Tool (`composite-methods.md` §4).

use std::fmt;

use super::{LogReport, Moments, Side, Treat, TreatedPoint, TreatmentReport, WinsorisationReport};
use crate::context::IndicatorContext;
use crate::error::Result;
use crate::normalise::check_len;
use crate::params::{finite, invalid, validated_serde};
use crate::stats;

/// What to do when the column still fails the test after `winmax` winsorised points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Fallback {
    /// Discard the winsorisation and apply `log_ct` to the original column (COINr default).
    #[default]
    LogCt,
    /// Keep the winsorised column as it stands (and report that it still fails).
    None,
}

/// Iterative winsorisation (COINr `winsorise` + `Treat` defaults).
///
/// 1. If `|skew| < skew OR kurtosis < kurtosis` the column is left unchanged.
/// 2. Otherwise, while it fails and `nwin < winmax`: if the current skew is >= 0, every
///    position holding the maximum (ties move together) takes the largest other value;
///    else every position holding the minimum takes the smallest other value. `nwin` = size of
///    the last high group + size of the last low group (one step may push it past `winmax`).
/// 3. If the column then passes, the winsorised values are kept; otherwise the fallback applies
///    (`log_ct` on the original column, or keep the winsorised one).
///
/// ```
/// use thb_scoring::treat::{Fallback, Winsorise};
/// let w = Winsorise::new(5, 2.0, 3.5, Fallback::LogCt)?;
/// assert_eq!(w.winmax(), 5);
/// assert!(Winsorise::new(5, -1.0, 3.5, Fallback::None).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct Winsorise {
    winmax: usize,
    skew: f64,
    kurtosis: f64,
    fallback: Fallback,
}
validated_serde!(Winsorise);

impl Winsorise {
    /// The loop with at most `winmax` points, thresholds `skew` (absolute skewness) and
    /// `kurtosis` (excess kurtosis), and a fallback.
    ///
    /// # Errors
    /// [`ScoringError::Spec`](crate::ScoringError::Spec) when a threshold is not finite or the
    /// skew threshold is not > 0.
    pub fn new(winmax: usize, skew: f64, kurtosis: f64, fallback: Fallback) -> Result<Self> {
        let w = Self {
            winmax,
            skew,
            kurtosis,
            fallback,
        };
        w.check()?;
        Ok(w)
    }
    fn check(&self) -> Result<()> {
        finite("winsorise skew", self.skew)?;
        finite("winsorise kurtosis", self.kurtosis)?;
        if self.skew > 0.0 {
            Ok(())
        } else {
            Err(invalid(format!(
                "winsorise skew threshold must be > 0, got {}",
                self.skew
            )))
        }
    }
    /// The maximum number of winsorised points.
    pub fn winmax(&self) -> usize {
        self.winmax
    }
    /// The fallback.
    pub fn fallback(&self) -> Fallback {
        self.fallback
    }
}

impl Default for Winsorise {
    /// winmax 5, skew 2, kurtosis 3.5, fallback `log_ct` (COINr's defaults).
    fn default() -> Self {
        Self {
            winmax: 5,
            skew: 2.0,
            kurtosis: 3.5,
            fallback: Fallback::LogCt,
        }
    }
}

/// Moves every position holding the extreme value at `side` to the next value inward.
/// Returns the size of the moved group (0 when every value is equal).
fn winsorise_step(y: &mut [f64], side: Side, moved: &mut [Option<Side>]) -> usize {
    let Some((lo, hi)) = stats::min_max(y) else {
        return 0;
    };
    let is_extreme = |v: f64| match side {
        Side::High => v >= hi,
        Side::Low => v <= lo,
    };
    let inner = stats::present(y)
        .filter(|&v| !is_extreme(v))
        .fold(None, |acc: Option<f64>, v| {
            Some(match (acc, side) {
                (None, _) => v,
                (Some(a), Side::High) => a.max(v),
                (Some(a), Side::Low) => a.min(v),
            })
        });
    let Some(inner) = inner else { return 0 };
    let mut n = 0;
    for (v, m) in y.iter_mut().zip(moved.iter_mut()) {
        if !v.is_nan() && is_extreme(*v) {
            *v = inner;
            *m = Some(side);
            n += 1;
        }
    }
    n
}

impl Treat for Winsorise {
    fn treat(
        &self,
        x: &[f64],
        ctx: &IndicatorContext<'_>,
        out: &mut [f64],
    ) -> Result<TreatmentReport> {
        check_len(x, out)?;
        if ctx.rows.len() != x.len() {
            return Err(crate::ScoringError::Shape(format!(
                "`{}`: {} row labels for {} values",
                ctx.code,
                ctx.rows.len(),
                x.len()
            )));
        }
        out.copy_from_slice(x);
        let mut report = TreatmentReport::untouched("winsorise", ctx.code, x);
        let passed = report.before.passes(self.skew, self.kurtosis);
        report.passed_before = Some(passed);
        if passed {
            return Ok(report);
        }
        let mut moved = vec![None; x.len()];
        let (mut last_high, mut last_low, mut nwin) = (0, 0, 0);
        let mut after = report.before;
        while nwin < self.winmax && !after.passes(self.skew, self.kurtosis) {
            let side = if after.skew.unwrap_or(0.0) >= 0.0 {
                Side::High
            } else {
                Side::Low
            };
            let n = winsorise_step(out, side, &mut moved);
            if n == 0 {
                break;
            }
            match side {
                Side::High => last_high = n,
                Side::Low => last_low = n,
            }
            nwin = last_high + last_low;
            after = Moments::of(out);
        }
        let passed = after.passes(self.skew, self.kurtosis);
        let points = moved
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                Some(TreatedPoint {
                    at: ctx.rows.get(i)?.clone(),
                    side: (*m)?,
                    before: x[i],
                    after: out[i],
                })
            })
            .collect();
        let kept = passed || self.fallback == Fallback::None;
        report.winsorisation = Some(WinsorisationReport {
            nwin,
            after,
            passed,
            kept,
            points,
        });
        if !kept {
            super::log::log_ct(x, ctx, out)?;
            report.log = Some(LogReport {
                transform: "log_ct",
                reason: format!(
                    "still fails the skew/kurtosis test after winsorising {nwin} point(s); \
                     log_ct applied to the original values"
                ),
            });
        }
        report.after = Moments::of(out);
        Ok(report)
    }
}

impl fmt::Display for Winsorise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fallback = match self.fallback {
            Fallback::LogCt => "log_ct",
            Fallback::None => "none",
        };
        write!(
            f,
            "winsorise(winmax = {}, skew = {}, kurtosis = {}, fallback = {fallback})",
            self.winmax, self.skew, self.kurtosis
        )
    }
}
