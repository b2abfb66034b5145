//! Results frameworks of a measure or programme: levels, indicators with baseline, target and
//! actuals, and the arithmetic of achievement.
//!
//! Sources: Global Affairs Canada, *RBM Tip Sheet 3.2 — Outcomes, indicators, baseline, targets
//! and actual data*; UNDP, *Handbook on Planning, Monitoring and Evaluating for Development
//! Results* §2.4 (`monitoring-methods.md` §6). With baseline `B` at `t_B`, target `T` at `t_T`
//! and actual `A` at `t`:
//!
//! | metric | formula |
//! |---|---|
//! | % of target achieved (level) | `A / T` |
//! | % of planned change achieved | `(A - B) / (T - B)` (undefined when `T = B`) |
//! | variance to target | `A - T` and `(A - T) / T` |
//! | expected value on a linear path | `E(t) = B + (T - B)(t - t_B) / (t_T - t_B)` |
//! | on-track ratio | `(A - B) / (E(t) - B)` |
//! | RAG status | from a ratio with configurable cut-offs; default the Eurostat 95 % / 60 % |
//!
//! Worked GAC example: `B` = 40 % (2010), `T` = 70 % (2015), `A` = 50 % (2013): 33 % of the
//! planned change, `E(2013)` = 58 %, on-track ratio 0.56, 71 % of the target level.

use thb_model::Period;

use crate::error::{MonitorError, Result};
use crate::progress::Point;

/// The level of a results statement (UNDP: impact → outcome → output → activity; GAC's
/// ultimate / intermediate / immediate outcomes map to impact / outcome / outcome).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ResultLevel {
    /// Long-term, higher-level change.
    Impact,
    /// Change in behaviour, practice or conditions.
    Outcome,
    /// Products and services delivered.
    Output,
    /// Work done with inputs.
    Activity,
}

/// An indicator of a results framework, with its baseline, target and actuals over time.
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::progress::Point;
/// use thb_monitor::results::{ResultIndicator, ResultLevel};
/// let ind = ResultIndicator::new("share_identified", ResultLevel::Outcome,
///     Point::new(Period::Year(2010), 40.0), Point::new(Period::Year(2015), 70.0))?
///     .actual(Point::new(Period::Year(2013), 50.0))?;
/// assert_eq!(ind.latest().map(|p| p.value), Some(50.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ResultIndicator {
    /// A short code or name.
    pub code: String,
    /// The level of the statement the indicator measures.
    pub level: ResultLevel,
    /// Unit of measure (GAC: every indicator has one).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub unit_of_measure: Option<String>,
    /// Value at the start.
    pub baseline: Point,
    /// Value expected by a date.
    pub target: Point,
    /// Measured values at reporting times, in period order.
    #[cfg_attr(feature = "serde", serde(default))]
    pub actuals: Vec<Point>,
}

impl ResultIndicator {
    /// An indicator with no actual yet.
    ///
    /// # Errors
    /// [`MonitorError::PeriodOrder`] when the target is not after the baseline;
    /// [`MonitorError::InvalidParameter`] for a non-finite value.
    pub fn new(
        code: impl Into<String>,
        level: ResultLevel,
        baseline: Point,
        target: Point,
    ) -> Result<Self> {
        let ind = Self {
            code: code.into(),
            level,
            unit_of_measure: None,
            baseline,
            target,
            actuals: Vec::new(),
        };
        ind.check()?;
        Ok(ind)
    }

    /// Adds an actual value (kept in period order).
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] for a non-finite value or a period given twice.
    pub fn actual(mut self, point: Point) -> Result<Self> {
        self.actuals.push(point);
        self.actuals.sort_by_key(|p| p.period);
        self.check()?;
        Ok(self)
    }

    /// Checks the rules: finite values, target after baseline, one actual per period.
    ///
    /// # Errors
    /// As [`ResultIndicator::new`] and [`ResultIndicator::actual`].
    pub fn check(&self) -> Result<()> {
        let points = [self.baseline, self.target]
            .into_iter()
            .chain(self.actuals.iter().copied());
        for p in points {
            if !p.value.is_finite() {
                return Err(MonitorError::parameter(
                    "value",
                    p.value,
                    format!("indicator `{}`: values must be finite", self.code),
                ));
            }
        }
        if self.target.period <= self.baseline.period {
            return Err(MonitorError::PeriodOrder {
                from: self.baseline.period,
                to: self.target.period,
            });
        }
        let mut periods: Vec<Period> = self.actuals.iter().map(|p| p.period).collect();
        periods.sort();
        if periods.windows(2).any(|w| w[0] == w[1]) {
            return Err(MonitorError::parameter(
                "actuals",
                &self.code,
                "an actual is given twice for the same period",
            ));
        }
        Ok(())
    }

    /// The latest actual, if any.
    pub fn latest(&self) -> Option<Point> {
        self.actuals.iter().max_by_key(|p| p.period).copied()
    }

    /// The latest actual at or before `period`, if any.
    pub fn actual_at(&self, period: Period) -> Option<Point> {
        self.actuals
            .iter()
            .filter(|p| p.period <= period)
            .max_by_key(|p| p.period)
            .copied()
    }

    /// The status of the indicator at its latest actual (see [`IndicatorStatus`]).
    ///
    /// # Errors
    /// [`MonitorError::Undefined`] when there is no actual or the target equals the baseline.
    pub fn status(&self, cutoffs: &RagCutoffs) -> Result<IndicatorStatus> {
        let actual = self.latest().ok_or_else(|| {
            MonitorError::undefined("indicator status", Some(&self.code), "no actual value")
        })?;
        indicator_status(self.baseline, self.target, actual, cutoffs)
    }
}

/// One results statement with its indicators.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ResultStatement {
    /// The level.
    pub level: ResultLevel,
    /// The expected result, in words.
    pub statement: String,
    /// Its indicators (GAC recommends at most 2 per output, 2-3 per outcome).
    #[cfg_attr(feature = "serde", serde(default))]
    pub indicators: Vec<ResultIndicator>,
}

/// A results framework (logic model): statements from impact down to activities.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ResultsFramework {
    /// The statements.
    pub statements: Vec<ResultStatement>,
}

impl ResultsFramework {
    /// Every indicator of the framework at `level`, in order.
    pub fn indicators_at(&self, level: ResultLevel) -> impl Iterator<Item = &ResultIndicator> {
        self.statements
            .iter()
            .flat_map(|s| s.indicators.iter())
            .filter(move |i| i.level == level)
    }

    /// Every indicator, in order.
    pub fn indicators(&self) -> impl Iterator<Item = &ResultIndicator> {
        self.statements.iter().flat_map(|s| s.indicators.iter())
    }
}

/// `(A - B) / (T - B)`: the share of the planned change achieved (1 = all of it). Works for
/// decreasing targets (the signs cancel).
///
/// ```
/// use thb_monitor::results::planned_change_achieved;
/// assert!((planned_change_achieved(40.0, 70.0, 50.0)? - 1.0 / 3.0).abs() < 1e-12);
/// assert_eq!(planned_change_achieved(100.0, 50.0, 75.0)?, 0.5);
/// assert!(planned_change_achieved(5.0, 5.0, 6.0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Undefined`] when `T = B`.
pub fn planned_change_achieved(baseline: f64, target: f64, actual: f64) -> Result<f64> {
    let planned = target - baseline;
    if planned == 0.0 || !planned.is_finite() || !actual.is_finite() {
        return Err(MonitorError::undefined(
            "% of planned change",
            None,
            "the target equals the baseline (or a value is not finite)",
        ));
    }
    Ok((actual - baseline) / planned)
}

/// `A / T`: the share of the target level achieved (meaningful when the baseline is about 0).
///
/// ```
/// use thb_monitor::results::target_level_achieved;
/// assert!((target_level_achieved(70.0, 50.0)? - 5.0 / 7.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Undefined`] when `T = 0`.
pub fn target_level_achieved(target: f64, actual: f64) -> Result<f64> {
    if target == 0.0 || !target.is_finite() || !actual.is_finite() {
        return Err(MonitorError::undefined(
            "% of target achieved",
            None,
            "the target is 0 (or a value is not finite)",
        ));
    }
    Ok(actual / target)
}

/// Variance to target: `A - T` and, when `T != 0`, `(A - T) / T`.
///
/// ```
/// use thb_monitor::results::variance_to_target;
/// assert_eq!(variance_to_target(70.0, 50.0)?, (-20.0, Some(-20.0 / 70.0)));
/// assert_eq!(variance_to_target(0.0, 5.0)?, (5.0, None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::InvalidParameter`] for a non-finite value.
pub fn variance_to_target(target: f64, actual: f64) -> Result<(f64, Option<f64>)> {
    finite("variance to target", &[target, actual])?;
    let diff = actual - target;
    Ok((diff, (target != 0.0).then(|| diff / target)))
}

fn finite(metric: &'static str, values: &[f64]) -> Result<()> {
    match values.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(MonitorError::parameter(
            "value",
            v,
            format!("{metric}: values must be finite"),
        )),
        None => Ok(()),
    }
}

/// The expected value at `at` on the straight line from the baseline to the target,
/// `E(t) = B + (T - B)(t - t_B) / (t_T - t_B)`.
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::progress::Point;
/// use thb_monitor::results::expected_linear;
/// let e = expected_linear(Point::new(Period::Year(2010), 40.0), Point::new(Period::Year(2015), 70.0), Period::Year(2013))?;
/// assert!((e - 58.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::PeriodOrder`] when the target is not after the baseline;
/// [`MonitorError::InvalidParameter`] for a non-finite value.
pub fn expected_linear(baseline: Point, target: Point, at: Period) -> Result<f64> {
    finite("expected value", &[baseline.value, target.value])?;
    if target.period <= baseline.period {
        return Err(MonitorError::PeriodOrder {
            from: baseline.period,
            to: target.period,
        });
    }
    let share = baseline.period.years_to(at) / baseline.period.years_to(target.period);
    Ok(baseline.value + (target.value - baseline.value) * share)
}

/// The time-adjusted on-track ratio `(A - B) / (E(t) - B)` on a linear path (1 = exactly on
/// the path).
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::progress::Point;
/// use thb_monitor::results::on_track_ratio;
/// let r = on_track_ratio(Point::new(Period::Year(2010), 40.0), Point::new(Period::Year(2015), 70.0),
///     Point::new(Period::Year(2013), 50.0))?;
/// assert!((r - 10.0 / 18.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Undefined`] when no change is expected yet (`E(t) = B`: at the baseline
/// period, or `T = B`); [`MonitorError::PeriodOrder`] as [`expected_linear`].
pub fn on_track_ratio(baseline: Point, target: Point, actual: Point) -> Result<f64> {
    finite("on-track ratio", &[actual.value])?;
    let expected = expected_linear(baseline, target, actual.period)?;
    let due = expected - baseline.value;
    if due == 0.0 {
        return Err(MonitorError::undefined(
            "on-track ratio",
            None,
            "no change is expected yet (actual at the baseline period, or target = baseline)",
        ));
    }
    Ok((actual.value - baseline.value) / due)
}

/// A red / amber / green status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Rag {
    /// Below the amber cut-off.
    Red,
    /// At or above the amber cut-off, below the green one.
    Amber,
    /// At or above the green cut-off.
    Green,
}

/// RAG cut-offs on a ratio; [`Default`] gives the Eurostat thresholds (green >= 0.95,
/// amber >= 0.60, `monitoring-methods.md` §1, §6): a convention, a parameter.
///
/// ```
/// use thb_monitor::results::{Rag, RagCutoffs};
/// let c = RagCutoffs::default();
/// assert_eq!(c.status(0.56), Rag::Red);
/// assert_eq!(c.status(0.8), Rag::Amber);
/// assert_eq!(RagCutoffs::new(0.9, 0.5)?.status(0.56), Rag::Amber);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RagCutoffs {
    green: f64,
    amber: f64,
}

impl Default for RagCutoffs {
    fn default() -> Self {
        Self {
            green: 0.95,
            amber: 0.60,
        }
    }
}

impl RagCutoffs {
    /// Cut-offs with `green > amber`, both finite.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] otherwise.
    pub fn new(green: f64, amber: f64) -> Result<Self> {
        if !(green.is_finite() && amber.is_finite() && green > amber) {
            return Err(MonitorError::parameter(
                "rag cut-offs",
                format!("green {green}, amber {amber}"),
                "need finite green > amber",
            ));
        }
        Ok(Self { green, amber })
    }
    /// The status of `ratio`.
    pub fn status(&self, ratio: f64) -> Rag {
        if ratio >= self.green {
            Rag::Green
        } else if ratio >= self.amber {
            Rag::Amber
        } else {
            Rag::Red
        }
    }
}

/// Where an indicator stands at an actual value.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IndicatorStatus {
    /// The actual used.
    pub actual: Point,
    /// `(A - B) / (T - B)`.
    pub planned_change_achieved: f64,
    /// `E(t)` on the linear path.
    pub expected: f64,
    /// `(A - B) / (E(t) - B)`, undefined at the baseline period.
    pub on_track_ratio: Option<f64>,
    /// `A - T`.
    pub variance: f64,
    /// `(A - T) / T`, undefined for `T = 0`.
    pub relative_variance: Option<f64>,
    /// RAG from the on-track ratio (or from the share of planned change once the target period
    /// is reached or when no change is due yet).
    pub rag: Rag,
}

/// The status of an indicator at `actual` (see the module table).
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::progress::Point;
/// use thb_monitor::results::{indicator_status, Rag, RagCutoffs};
/// let y = |p, v| Point::new(Period::Year(p), v);
/// let s = indicator_status(y(2010, 40.0), y(2015, 70.0), y(2013, 50.0), &RagCutoffs::default())?;
/// assert!((s.expected - 58.0).abs() < 1e-12);
/// assert_eq!(s.rag, Rag::Red);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Undefined`] when the target equals the baseline;
/// [`MonitorError::PeriodOrder`] when the target is not after the baseline.
pub fn indicator_status(
    baseline: Point,
    target: Point,
    actual: Point,
    cutoffs: &RagCutoffs,
) -> Result<IndicatorStatus> {
    let planned = planned_change_achieved(baseline.value, target.value, actual.value)?;
    let expected = expected_linear(baseline, target, actual.period.min(target.period))?;
    let on_track = if actual.period >= target.period {
        None
    } else {
        on_track_ratio(baseline, target, actual).ok()
    };
    let (variance, relative_variance) = variance_to_target(target.value, actual.value)?;
    Ok(IndicatorStatus {
        actual,
        planned_change_achieved: planned,
        expected,
        on_track_ratio: on_track,
        variance,
        relative_variance,
        rag: cutoffs.status(on_track.unwrap_or(planned)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn y(p: i32, v: f64) -> Point {
        Point::new(Period::Year(p), v)
    }

    /// The GAC RBM Tip Sheet 3.2 worked example (`monitoring-methods.md` §6).
    #[test]
    fn gac_worked_example() {
        let (b, t, a) = (y(2010, 40.0), y(2015, 70.0), y(2013, 50.0));
        let planned = planned_change_achieved(b.value, t.value, a.value).unwrap();
        assert_relative_eq!((planned * 100.0).round(), 33.0);
        let e = expected_linear(b, t, a.period).unwrap();
        assert_relative_eq!(e, 58.0, max_relative = 1e-12);
        let r = on_track_ratio(b, t, a).unwrap();
        assert_relative_eq!((r * 100.0).round() / 100.0, 0.56);
        let level = target_level_achieved(t.value, a.value).unwrap();
        assert_relative_eq!((level * 100.0).round(), 71.0);
        let s = indicator_status(b, t, a, &RagCutoffs::default()).unwrap();
        assert_relative_eq!(s.on_track_ratio.unwrap(), 10.0 / 18.0, max_relative = 1e-12);
        assert_relative_eq!(s.variance, -20.0);
    }

    #[test]
    fn decreasing_targets_and_quarters() {
        // referral waiting time 200 days -> 100 days; 150 days halfway: on the path
        let b = Point::new(
            Period::Quarter {
                year: 2020,
                quarter: 1,
            },
            200.0,
        );
        let t = Point::new(
            Period::Quarter {
                year: 2022,
                quarter: 1,
            },
            100.0,
        );
        let a = Point::new(
            Period::Quarter {
                year: 2021,
                quarter: 1,
            },
            150.0,
        );
        assert_relative_eq!(on_track_ratio(b, t, a).unwrap(), 1.0);
        let s = indicator_status(b, t, a, &RagCutoffs::default()).unwrap();
        assert_eq!(s.rag, Rag::Green);
        // after the target date the ratio is the share of planned change
        let late = Point::new(
            Period::Quarter {
                year: 2023,
                quarter: 1,
            },
            120.0,
        );
        let s = indicator_status(b, t, late, &RagCutoffs::default()).unwrap();
        assert_eq!(s.on_track_ratio, None);
        assert_relative_eq!(s.planned_change_achieved, 0.8);
        assert_eq!(s.rag, Rag::Amber);
        assert!(on_track_ratio(b, t, Point::new(b.period, 190.0)).is_err());
    }

    #[test]
    fn indicator_rules() {
        assert!(
            ResultIndicator::new("x", ResultLevel::Output, y(2015, 1.0), y(2015, 2.0)).is_err()
        );
        let ind = ResultIndicator::new("x", ResultLevel::Output, y(2015, 1.0), y(2020, 2.0))
            .unwrap()
            .actual(y(2017, 1.5))
            .unwrap();
        assert!(ind.clone().actual(y(2017, 1.6)).is_err());
        assert!(ind.clone().actual(y(2018, f64::NAN)).is_err());
        assert_eq!(ind.actual_at(Period::Year(2016)), None);
        assert_eq!(ind.status(&RagCutoffs::default()).unwrap().rag, Rag::Green);
    }
}
