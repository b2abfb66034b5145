//! The Eurostat SDG progress method for one (unit, indicator) pair.
//!
//! Sources: Eurostat, *Sustainable development in the European Union — monitoring report*
//! (introduction page "SDG - Introduction"); Statistics Canada's method in `open-sdg`
//! `docs/progress-methodology.md`; `monitoring-methods.md` §1; `interfaces.md` §3.4.
//!
//! * With a target: `required_cagr = (target / x0)^(1 / (T - Y0)) - 1`,
//!   `ratio = cagr / required_cagr`; `target_achieved` when the latest value meets the target
//!   (by direction), else `significant_progress` (ratio >= 0.95), `moderate_progress`
//!   (0.6 <= ratio < 0.95), `insufficient_progress` (0 <= ratio < 0.6), `moving_away`
//!   (ratio < 0). These thresholds are confirmed in the Statistics Canada text.
//! * Without a target, on the growth oriented by direction `g`: `significant_progress`
//!   (g > 1 %), `moderate_progress` (0 <= g <= 1 %), `moderate_movement_away` (-1 % <= g < 0),
//!   `significant_movement_away` (g < -1 %). *(From recall — verify against the Eurostat edition
//!   used: later editions merge the two "movement away" classes.)* The values are the defaults
//!   of `interfaces.md` §3.4 and are parameters.

use thb_model::{Direction, Period};

use crate::error::{MonitorError, Result};
use crate::growth::{Unassessable, cagr, oriented_growth};

/// A progress category (the `category` column of `thb progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ProgressCategory {
    /// The latest value already meets the target.
    TargetAchieved,
    /// Targeted: ratio >= 0.95; untargeted: oriented growth > 1 %.
    SignificantProgress,
    /// Targeted: 0.6 <= ratio < 0.95; untargeted: 0 <= oriented growth <= 1 %.
    ModerateProgress,
    /// Targeted: 0 <= ratio < 0.6.
    InsufficientProgress,
    /// Targeted: ratio < 0 (or the base met the target and the latest value no longer does).
    MovingAway,
    /// Untargeted: -1 % <= oriented growth < 0.
    ModerateMovementAway,
    /// Untargeted: oriented growth < -1 %.
    SignificantMovementAway,
    /// No rate can be computed; the reason is in the note.
    NotAssessable,
}

impl ProgressCategory {
    /// Every category, in this order.
    pub const ALL: [ProgressCategory; 8] = [
        Self::TargetAchieved,
        Self::SignificantProgress,
        Self::ModerateProgress,
        Self::InsufficientProgress,
        Self::MovingAway,
        Self::ModerateMovementAway,
        Self::SignificantMovementAway,
        Self::NotAssessable,
    ];

    /// The name written in the CSV.
    ///
    /// ```
    /// use thb_monitor::progress::ProgressCategory;
    /// assert_eq!(ProgressCategory::MovingAway.as_str(), "moving_away");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TargetAchieved => "target_achieved",
            Self::SignificantProgress => "significant_progress",
            Self::ModerateProgress => "moderate_progress",
            Self::InsufficientProgress => "insufficient_progress",
            Self::MovingAway => "moving_away",
            Self::ModerateMovementAway => "moderate_movement_away",
            Self::SignificantMovementAway => "significant_movement_away",
            Self::NotAssessable => "not_assessable",
        }
    }
}

impl std::fmt::Display for ProgressCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The thresholds of the Eurostat method; [`Default`] gives the values of `interfaces.md` §3.4.
///
/// ```
/// use thb_monitor::progress::EurostatThresholds;
/// let t = EurostatThresholds::default();
/// assert_eq!(t.ratio_significant(), 0.95);
/// assert!(EurostatThresholds::new(0.5, 0.6, 0.01, -0.01).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawThresholds", into = "RawThresholds")
)]
pub struct EurostatThresholds {
    ratio_significant: f64,
    ratio_moderate: f64,
    growth_significant: f64,
    growth_significant_away: f64,
}

/// The unchecked form of [`EurostatThresholds`] (serde goes through [`EurostatThresholds::new`]).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RawThresholds {
    /// Ratio at or above which targeted progress is significant (0.95).
    pub ratio_significant: f64,
    /// Ratio at or above which targeted progress is moderate (0.6).
    pub ratio_moderate: f64,
    /// Oriented growth above which untargeted progress is significant (0.01).
    pub growth_significant: f64,
    /// Oriented growth below which movement away is significant (-0.01).
    pub growth_significant_away: f64,
}

impl TryFrom<RawThresholds> for EurostatThresholds {
    type Error = MonitorError;
    fn try_from(r: RawThresholds) -> Result<Self> {
        Self::new(
            r.ratio_significant,
            r.ratio_moderate,
            r.growth_significant,
            r.growth_significant_away,
        )
    }
}

impl From<EurostatThresholds> for RawThresholds {
    fn from(t: EurostatThresholds) -> Self {
        Self {
            ratio_significant: t.ratio_significant,
            ratio_moderate: t.ratio_moderate,
            growth_significant: t.growth_significant,
            growth_significant_away: t.growth_significant_away,
        }
    }
}

impl Default for EurostatThresholds {
    fn default() -> Self {
        Self {
            ratio_significant: 0.95,
            ratio_moderate: 0.6,
            growth_significant: 0.01,
            growth_significant_away: -0.01,
        }
    }
}

impl EurostatThresholds {
    /// Thresholds with `ratio_significant > ratio_moderate > 0` and
    /// `growth_significant >= 0 >= growth_significant_away`, all finite.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] when the order is broken or a value is not finite.
    pub fn new(
        ratio_significant: f64,
        ratio_moderate: f64,
        growth_significant: f64,
        growth_significant_away: f64,
    ) -> Result<Self> {
        let all = [
            ratio_significant,
            ratio_moderate,
            growth_significant,
            growth_significant_away,
        ];
        if all.iter().any(|v| !v.is_finite()) {
            return Err(MonitorError::parameter(
                "thresholds",
                format!("{all:?}"),
                "thresholds must be finite",
            ));
        }
        if !(ratio_significant > ratio_moderate && ratio_moderate > 0.0) {
            return Err(MonitorError::parameter(
                "ratio thresholds",
                format!("{ratio_significant}, {ratio_moderate}"),
                "need ratio_significant > ratio_moderate > 0",
            ));
        }
        if !(growth_significant >= 0.0 && growth_significant_away <= 0.0) {
            return Err(MonitorError::parameter(
                "growth thresholds",
                format!("{growth_significant}, {growth_significant_away}"),
                "need growth_significant >= 0 >= growth_significant_away",
            ));
        }
        Ok(Self {
            ratio_significant,
            ratio_moderate,
            growth_significant,
            growth_significant_away,
        })
    }

    /// Ratio at or above which targeted progress is significant.
    pub fn ratio_significant(&self) -> f64 {
        self.ratio_significant
    }
    /// Ratio at or above which targeted progress is moderate.
    pub fn ratio_moderate(&self) -> f64 {
        self.ratio_moderate
    }
    /// Oriented growth above which untargeted progress is significant.
    pub fn growth_significant(&self) -> f64 {
        self.growth_significant
    }
    /// Oriented growth below which movement away is significant.
    pub fn growth_significant_away(&self) -> f64 {
        self.growth_significant_away
    }

    /// The category of a targeted ratio.
    pub fn categorise_ratio(&self, ratio: f64) -> ProgressCategory {
        if ratio >= self.ratio_significant {
            ProgressCategory::SignificantProgress
        } else if ratio >= self.ratio_moderate {
            ProgressCategory::ModerateProgress
        } else if ratio >= 0.0 {
            ProgressCategory::InsufficientProgress
        } else {
            ProgressCategory::MovingAway
        }
    }

    /// The category of an untargeted, direction-oriented growth rate.
    pub fn categorise_growth(&self, oriented: f64) -> ProgressCategory {
        if oriented > self.growth_significant {
            ProgressCategory::SignificantProgress
        } else if oriented >= 0.0 {
            ProgressCategory::ModerateProgress
        } else if oriented >= self.growth_significant_away {
            ProgressCategory::ModerateMovementAway
        } else {
            ProgressCategory::SignificantMovementAway
        }
    }
}

/// A quantitative target: a value to reach by a period.
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::progress::Target;
/// let t = Target::new(0.9, Period::Year(2030))?;
/// assert_eq!(t.value(), 0.9);
/// assert!(Target::new(f64::NAN, Period::Year(2030)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Target {
    value: f64,
    period: Period,
}

impl Target {
    /// A finite target value and its period.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] for a non-finite value.
    pub fn new(value: f64, period: Period) -> Result<Self> {
        if !value.is_finite() {
            return Err(MonitorError::parameter(
                "target",
                value,
                "a target must be finite",
            ));
        }
        Ok(Self { value, period })
    }
    /// The target value.
    pub fn value(&self) -> f64 {
        self.value
    }
    /// The period by which it should be met.
    pub fn period(&self) -> Period {
        self.period
    }
}

/// A value observed in a period.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Point {
    /// The period.
    pub period: Period,
    /// The value.
    pub value: f64,
}

impl Point {
    /// A point.
    pub fn new(period: Period, value: f64) -> Self {
        Self { period, value }
    }
}

/// The result of [`assess`]: the raw rates, the ratio, the category and a note.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Assessment {
    /// Actual CAGR from base to latest, when defined.
    pub cagr: Option<f64>,
    /// Required CAGR from base to target, when a target is given and the rate is defined.
    pub required_cagr: Option<f64>,
    /// `cagr / required_cagr`, when both are defined and the required rate is not 0.
    pub ratio: Option<f64>,
    /// The category.
    pub category: ProgressCategory,
    /// Why the pair is not assessable, or a remark on an unusual case; empty otherwise.
    pub note: String,
}

/// Assesses the progress of one series from `base` to `latest`, with or without a target
/// (Eurostat SDG method; see the module documentation for the formulas and sources).
///
/// `target_achieved` is decided first and needs only the latest value. Otherwise values of
/// mixed sign, a zero base, or a target of the opposite sign give `not_assessable` with the
/// reason in the note. When the base value already met the target and the latest value no
/// longer does, the category is `moving_away` (Statistics Canada's direction sign `d` for the
/// case where the direction to the target differs from the desired direction); the `ratio`
/// keeps the raw `cagr / required_cagr`.
///
/// ```
/// use thb_model::{Direction, Period};
/// use thb_monitor::progress::{assess, EurostatThresholds, Point, ProgressCategory, Target};
/// let base = Point::new(Period::Year(2015), 50.0);
/// let latest = Point::new(Period::Year(2020), 60.0);
/// let target = Target::new(80.0, Period::Year(2030))?;
/// let a = assess(base, latest, Direction::Positive, Some(target), &EurostatThresholds::default())?;
/// // cagr = 1.2^(1/5) - 1 = 3.71 %, required = 1.6^(1/15) - 1 = 3.18 %, ratio 1.17
/// assert_eq!(a.category, ProgressCategory::SignificantProgress);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::PeriodOrder`] when `latest` is not after `base`;
/// [`MonitorError::InvalidParameter`] when a value is not finite.
pub fn assess(
    base: Point,
    latest: Point,
    direction: Direction,
    target: Option<Target>,
    thresholds: &EurostatThresholds,
) -> Result<Assessment> {
    check_pair(base, latest)?;
    let (x0, x1) = (base.value, latest.value);
    let growth = cagr(x0, x1, base.period.years_to(latest.period));
    let not_assessable =
        |cagr: Option<f64>, required_cagr: Option<f64>, why: Unassessable| Assessment {
            cagr,
            required_cagr,
            ratio: None,
            category: ProgressCategory::NotAssessable,
            note: why.reason().to_owned(),
        };
    let Some(target) = target else {
        return Ok(match growth {
            Ok(g) => Assessment {
                cagr: Some(g),
                required_cagr: None,
                ratio: None,
                category: thresholds.categorise_growth(oriented_growth(g, x0, direction)),
                note: String::new(),
            },
            Err(why) => not_assessable(None, None, why),
        });
    };
    let t = target.value;
    let required = required_cagr(x0, base.period, target);
    let ratio = match (growth, required) {
        (Ok(g), Ok(r)) if r != 0.0 => Some(g / r),
        _ => None,
    };
    let achieved = direction.sign() * (x1 - t) >= 0.0;
    if achieved {
        return Ok(Assessment {
            cagr: growth.ok(),
            required_cagr: required.ok(),
            ratio,
            category: ProgressCategory::TargetAchieved,
            note: String::new(),
        });
    }
    let g = match growth {
        Ok(g) => g,
        Err(why) => return Ok(not_assessable(None, required.ok(), why)),
    };
    let r = match required {
        Ok(r) => r,
        Err(why) => return Ok(not_assessable(Some(g), None, why)),
    };
    if direction.sign() * (t - x0) <= 0.0 {
        return Ok(Assessment {
            cagr: Some(g),
            required_cagr: Some(r),
            ratio,
            category: ProgressCategory::MovingAway,
            note: "the base value already met the target; the latest value no longer does"
                .to_owned(),
        });
    }
    Ok(match ratio {
        Some(q) => Assessment {
            cagr: Some(g),
            required_cagr: Some(r),
            ratio: Some(q),
            category: thresholds.categorise_ratio(q),
            note: String::new(),
        },
        None => not_assessable(Some(g), Some(r), Unassessable::TargetEqualsBase),
    })
}

/// Checks that `latest` comes after `base` and both values are finite.
pub(crate) fn check_pair(base: Point, latest: Point) -> Result<()> {
    if base.period >= latest.period {
        return Err(MonitorError::PeriodOrder {
            from: base.period,
            to: latest.period,
        });
    }
    for v in [base.value, latest.value] {
        if !v.is_finite() {
            return Err(MonitorError::parameter("value", v, "values must be finite"));
        }
    }
    Ok(())
}

/// The CAGR needed to go from `x0` at `base` to the target by its period:
/// `(target / x0)^(1 / (T - Y0)) - 1`.
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::progress::{required_cagr, Target};
/// let r = required_cagr(50.0, Period::Year(2015), Target::new(100.0, Period::Year(2025))?)?;
/// assert!((r - (2f64.powf(0.1) - 1.0)).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Unassessable::TargetPeriodNotAfterBase`], [`Unassessable::ZeroBase`],
/// [`Unassessable::TargetOppositeSign`].
pub fn required_cagr(x0: f64, base: Period, target: Target) -> Result<f64, Unassessable> {
    if target.period <= base {
        return Err(Unassessable::TargetPeriodNotAfterBase);
    }
    cagr(x0, target.value, base.years_to(target.period)).map_err(|e| match e {
        Unassessable::MixedSigns => Unassessable::TargetOppositeSign,
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn y(p: i32, v: f64) -> Point {
        Point::new(Period::Year(p), v)
    }
    fn run(b: Point, l: Point, d: Direction, t: Option<(f64, i32)>) -> Assessment {
        let t = t.map(|(v, p)| Target::new(v, Period::Year(p)).unwrap());
        assess(b, l, d, t, &EurostatThresholds::default()).unwrap()
    }

    #[test]
    fn targeted_hand_cases() {
        // 50 -> 60 in 5 years, target 80 by 2030 (15 years from base)
        let a = run(
            y(2015, 50.0),
            y(2020, 60.0),
            Direction::Positive,
            Some((80.0, 2030)),
        );
        let g = 1.2f64.powf(0.2) - 1.0;
        let r = 1.6f64.powf(1.0 / 15.0) - 1.0;
        assert_relative_eq!(a.cagr.unwrap(), g, max_relative = 1e-12);
        assert_relative_eq!(a.required_cagr.unwrap(), r, max_relative = 1e-12);
        assert_relative_eq!(a.ratio.unwrap(), g / r, max_relative = 1e-12);
        assert_eq!(a.category, ProgressCategory::SignificantProgress);
        // direction -1: 100 -> 90 over 5 years, target 50 by 2030: ratio = 0.3 -> insufficient
        let a = run(
            y(2015, 100.0),
            y(2020, 90.0),
            Direction::Negative,
            Some((50.0, 2030)),
        );
        let q = (0.9f64.powf(0.2) - 1.0) / (0.5f64.powf(1.0 / 15.0) - 1.0);
        assert_relative_eq!(a.ratio.unwrap(), q, max_relative = 1e-12);
        assert!(q > 0.0 && q < 0.6);
        assert_eq!(a.category, ProgressCategory::InsufficientProgress);
        // direction -1, value rising: moving away
        let a = run(
            y(2015, 100.0),
            y(2020, 110.0),
            Direction::Negative,
            Some((50.0, 2030)),
        );
        assert_eq!(a.category, ProgressCategory::MovingAway);
        assert!(a.ratio.unwrap() < 0.0);
    }

    #[test]
    fn achieved_first_even_with_zero_base() {
        let a = run(
            y(2015, 0.0),
            y(2020, 5.0),
            Direction::Positive,
            Some((3.0, 2030)),
        );
        assert_eq!(a.category, ProgressCategory::TargetAchieved);
        assert_eq!(a.cagr, None);
        let a = run(
            y(2015, 0.0),
            y(2020, 2.0),
            Direction::Positive,
            Some((3.0, 2030)),
        );
        assert_eq!(a.category, ProgressCategory::NotAssessable);
        assert_eq!(a.note, "zero base value");
    }

    #[test]
    fn not_assessable_cases() {
        let a = run(y(2015, -1.0), y(2020, 2.0), Direction::Positive, None);
        assert_eq!(a.category, ProgressCategory::NotAssessable);
        assert_eq!(a.note, Unassessable::MixedSigns.reason());
        let a = run(
            y(2015, 2.0),
            y(2020, 3.0),
            Direction::Positive,
            Some((-1.0, 2030)),
        );
        // target -1 is met by the latest value 3 for direction + ...
        assert_eq!(a.category, ProgressCategory::TargetAchieved);
        let a = run(
            y(2015, 2.0),
            y(2020, 3.0),
            Direction::Negative,
            Some((-1.0, 2030)),
        );
        assert_eq!(a.category, ProgressCategory::NotAssessable);
        assert_eq!(a.note, Unassessable::TargetOppositeSign.reason());
        assert!(a.cagr.is_some());
    }

    #[test]
    fn untargeted_both_directions() {
        // +2 %/yr: 100 -> 104.04 over 2 years
        let a = run(y(2018, 100.0), y(2020, 104.04), Direction::Positive, None);
        assert_relative_eq!(a.cagr.unwrap(), 0.02, max_relative = 1e-9);
        assert_eq!(a.category, ProgressCategory::SignificantProgress);
        let a = run(y(2018, 100.0), y(2020, 104.04), Direction::Negative, None);
        assert_eq!(a.category, ProgressCategory::SignificantMovementAway);
        // -0.5 %/yr for a direction -1 indicator: moderate progress
        let a = run(y(2019, 200.0), y(2020, 199.0), Direction::Negative, None);
        assert_eq!(a.category, ProgressCategory::ModerateProgress);
        let a = run(y(2019, 200.0), y(2020, 199.0), Direction::Positive, None);
        assert_eq!(a.category, ProgressCategory::ModerateMovementAway);
    }

    #[test]
    fn base_already_met_target() {
        // direction +, target 8 below base 10; latest 6 < 8: deterioration
        let a = run(
            y(2015, 10.0),
            y(2020, 6.0),
            Direction::Positive,
            Some((8.0, 2030)),
        );
        assert_eq!(a.category, ProgressCategory::MovingAway);
        assert!(a.ratio.unwrap() > 0.0);
    }

    #[test]
    fn period_order_is_an_error() {
        assert!(
            assess(
                y(2020, 1.0),
                y(2020, 2.0),
                Direction::Positive,
                None,
                &EurostatThresholds::default()
            )
            .is_err()
        );
    }
}
