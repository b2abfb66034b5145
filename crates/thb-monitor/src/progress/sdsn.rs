//! SDSN Sustainable Development Report style distance to target: 0-100 scores between bounds,
//! dashboard colours and trend arrows.
//!
//! Sources: SDR methods annex (<https://dashboards.sdgindex.org/chapters/methodology>, 2023-2025;
//! 2021 archive) and Lafortune et al. (2018), *SDG Index and Dashboards — Detailed
//! Methodological paper* (`monitoring-methods.md` §3).
//!
//! Confirmed: scores 0-100 are the "percentage towards optimal performance"; four colours
//! green/yellow/orange/red; trend labels "on track or maintaining SDG achievement",
//! "moderately improving", "stagnating", "decreasing", "trend information unavailable".
//!
//! *(From recall — verify against the methods annex before relying on the numbers:)* the
//! normalisation `100 (x - lower) / (upper - lower)` censored to [0, 100]; the upper bound being
//! a target or technical optimum, else the mean of the top 5 performers, the lower bound the
//! 2.5th percentile; the goal colour from the two worst indicator ratings; the trend arrow
//! comparing the recent annual change of the score with the linear change needed to reach the
//! green threshold by the target year, with "stagnating" below 50 % of it. Every one of these
//! numbers is a parameter here, never a fixed default.

use thb_model::{Direction, Period};
use thb_scoring::stats;

use crate::error::{MonitorError, Result};

/// The two bounds of an SDSN score: the value scoring 0 (`worst`) and the value scoring 100
/// (`best`). For a "lower is better" indicator `best < worst`.
///
/// ```
/// use thb_monitor::progress::SdsnBounds;
/// let b = SdsnBounds::new(40.0, 0.0)?; // a rate where 0 is optimal, 40 the worst
/// assert_eq!(b.score(10.0), Some(75.0));
/// assert_eq!(b.score(55.0), Some(0.0));
/// assert_eq!(b.score(f64::NAN), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SdsnBounds {
    worst: f64,
    best: f64,
}

impl SdsnBounds {
    /// Bounds with `worst != best`, both finite.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] when they are equal or not finite.
    pub fn new(worst: f64, best: f64) -> Result<Self> {
        if !(worst.is_finite() && best.is_finite()) || best - worst == 0.0 {
            return Err(MonitorError::parameter(
                "sdsn bounds",
                format!("worst {worst}, best {best}"),
                "bounds must be finite and different",
            ));
        }
        Ok(Self { worst, best })
    }

    /// Bounds from a cross-section (*from recall — verify*): `worst` is the `worst_quantile`
    /// quantile of the values on the bad side (e.g. 0.025: the 2.5th percentile for "higher is
    /// better", the 97.5th for "lower is better"); `best` is the given optimum or target, else
    /// the mean of the `top_n` best values.
    ///
    /// ```
    /// use thb_model::Direction;
    /// use thb_monitor::progress::SdsnBounds;
    /// let x: Vec<f64> = (1..=41).map(f64::from).collect();
    /// let b = SdsnBounds::from_distribution(&x, Direction::Positive, 0.025, None, 5)?;
    /// assert_eq!(b.worst(), 2.0);  // R type-7 quantile at 2.5 %
    /// assert_eq!(b.best(), 39.0);  // mean of 37..=41
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] for a quantile outside [0, 1], `top_n = 0`, too few
    /// values or equal bounds.
    pub fn from_distribution(
        values: &[f64],
        direction: Direction,
        worst_quantile: f64,
        optimum: Option<f64>,
        top_n: usize,
    ) -> Result<Self> {
        if !(0.0..=1.0).contains(&worst_quantile) || top_n == 0 {
            return Err(MonitorError::parameter(
                "worst_quantile / top_n",
                format!("{worst_quantile} / {top_n}"),
                "need a quantile in [0, 1] and top_n >= 1",
            ));
        }
        let p = match direction {
            Direction::Positive => worst_quantile,
            Direction::Negative => 1.0 - worst_quantile,
        };
        let sorted = stats::sorted(values);
        let too_few = || {
            MonitorError::parameter(
                "values",
                sorted.len(),
                "too few non-missing values for bounds",
            )
        };
        let worst = stats::quantile_sorted(&sorted, p).ok_or_else(too_few)?;
        let best = match optimum {
            Some(b) => b,
            None => {
                if sorted.len() < top_n {
                    return Err(too_few());
                }
                let top = match direction {
                    Direction::Positive => &sorted[sorted.len() - top_n..],
                    Direction::Negative => &sorted[..top_n],
                };
                stats::mean(top).ok_or_else(too_few)?
            }
        };
        Self::new(worst, best)
    }

    /// The value scoring 0.
    pub fn worst(&self) -> f64 {
        self.worst
    }
    /// The value scoring 100.
    pub fn best(&self) -> f64 {
        self.best
    }

    /// The 0-100 score `100 (x - worst) / (best - worst)`, censored to [0, 100]. `100 - score`
    /// is the distance to the optimum. `None` for a non-finite (missing) `x`.
    pub fn score(&self, x: f64) -> Option<f64> {
        x.is_finite()
            .then(|| (100.0 * (x - self.worst) / (self.best - self.worst)).clamp(0.0, 100.0))
    }
}

/// A dashboard colour, from worst to best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DashboardColour {
    /// Major challenges remain.
    Red,
    /// Significant challenges remain.
    Orange,
    /// Challenges remain.
    Yellow,
    /// SDG achieved.
    Green,
}

impl DashboardColour {
    fn level(self) -> u8 {
        self as u8
    }
    fn from_level(l: u8) -> Self {
        match l {
            0 => Self::Red,
            1 => Self::Orange,
            2 => Self::Yellow,
            _ => Self::Green,
        }
    }
}

/// Indicator-specific colour thresholds on the indicator's own scale: at or beyond `green` is
/// green, beyond `yellow` yellow, beyond `orange` orange, else red ("beyond" in the
/// indicator's direction).
///
/// ```
/// use thb_model::Direction;
/// use thb_monitor::progress::{DashboardColour, DashboardThresholds};
/// let t = DashboardThresholds::new(Direction::Negative, 5.0, 10.0, 20.0)?;
/// assert_eq!(t.colour(4.0), Some(DashboardColour::Green));
/// assert_eq!(t.colour(15.0), Some(DashboardColour::Orange));
/// assert_eq!(t.colour(25.0), Some(DashboardColour::Red));
/// assert_eq!(t.colour(f64::NAN), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DashboardThresholds {
    direction: Direction,
    green: f64,
    yellow: f64,
    orange: f64,
}

impl DashboardThresholds {
    /// Thresholds ordered in the indicator's direction (`green > yellow > orange` for "higher is
    /// better", the reverse for "lower is better").
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] when they are not finite or not strictly ordered.
    pub fn new(direction: Direction, green: f64, yellow: f64, orange: f64) -> Result<Self> {
        let d = direction.sign();
        let ordered = d * green > d * yellow && d * yellow > d * orange;
        if ![green, yellow, orange].iter().all(|v| v.is_finite()) || !ordered {
            return Err(MonitorError::parameter(
                "dashboard thresholds",
                format!("{green}, {yellow}, {orange}"),
                "need finite thresholds strictly ordered in the indicator's direction",
            ));
        }
        Ok(Self {
            direction,
            green,
            yellow,
            orange,
        })
    }

    /// The colour of value `x`; `None` for a non-finite (missing) `x`.
    pub fn colour(&self, x: f64) -> Option<DashboardColour> {
        if !x.is_finite() {
            return None;
        }
        let d = self.direction.sign();
        Some(if d * x >= d * self.green {
            DashboardColour::Green
        } else if d * x >= d * self.yellow {
            DashboardColour::Yellow
        } else if d * x >= d * self.orange {
            DashboardColour::Orange
        } else {
            DashboardColour::Red
        })
    }

    /// The green threshold (the value to reach).
    pub fn green(&self) -> f64 {
        self.green
    }
}

/// The goal colour from its indicators' colours (*from recall — verify*): the average of the
/// two worst ratings, rounded down, but red only when both are red and green only when both
/// are green. A goal with one indicator takes its colour. `None` for no indicator.
///
/// ```
/// use thb_monitor::progress::{goal_colour, DashboardColour::*};
/// assert_eq!(goal_colour(&[Green, Red, Orange]), Some(Orange));
/// assert_eq!(goal_colour(&[Green, Yellow, Green]), Some(Yellow));
/// assert_eq!(goal_colour(&[Red, Red, Green]), Some(Red));
/// ```
pub fn goal_colour(colours: &[DashboardColour]) -> Option<DashboardColour> {
    let mut sorted = colours.to_vec();
    sorted.sort();
    let a = *sorted.first()?;
    let b = *sorted.get(1).unwrap_or(&a);
    let avg = (a.level() + b.level()) / 2;
    let level = match (a, b) {
        (DashboardColour::Red, DashboardColour::Red) => 0,
        (DashboardColour::Green, DashboardColour::Green) => 3,
        _ => avg.clamp(1, 2),
    };
    Some(DashboardColour::from_level(level))
}

/// An SDSN trend arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TrendArrow {
    /// On track: the score improves at least at the required rate.
    OnTrack,
    /// Maintaining achievement: green at the base and still green.
    MaintainingAchievement,
    /// Moderately improving: at least `stagnation_share` of the required rate.
    ModeratelyImproving,
    /// Stagnating: improving by less than `stagnation_share` of the required rate.
    Stagnating,
    /// Decreasing: the score falls.
    Decreasing,
    /// Trend information unavailable.
    Unavailable,
}

/// The trend arrow of an indicator (*from recall — verify*): the average annual change of the
/// score from `base` to `latest`, compared with the linear annual change needed to go from the
/// base score to `green_score` by `target_period`. `stagnation_share` (0.5 in the recalled
/// method) separates "stagnating" from "moderately improving". Missing scores give
/// [`TrendArrow::Unavailable`].
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::progress::{sdsn_trend, TrendArrow};
/// // score 40 in 2015 -> 55 in 2020 (+3/yr); green at 80 by 2030 needs +40/15 = 2.67/yr
/// let arrow = sdsn_trend((Period::Year(2015), Some(40.0)), (Period::Year(2020), Some(55.0)),
///     80.0, Period::Year(2030), 0.5)?;
/// assert_eq!(arrow, TrendArrow::OnTrack);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::PeriodOrder`] when `latest` is not after `base` or `target_period` not after
/// `base`; [`MonitorError::InvalidParameter`] for a `stagnation_share` outside (0, 1).
pub fn sdsn_trend(
    base: (Period, Option<f64>),
    latest: (Period, Option<f64>),
    green_score: f64,
    target_period: Period,
    stagnation_share: f64,
) -> Result<TrendArrow> {
    if !(stagnation_share > 0.0 && stagnation_share < 1.0) {
        return Err(MonitorError::parameter(
            "stagnation_share",
            stagnation_share,
            "must lie in (0, 1)",
        ));
    }
    for later in [latest.0, target_period] {
        if later <= base.0 {
            return Err(MonitorError::PeriodOrder {
                from: base.0,
                to: later,
            });
        }
    }
    let (Some(s0), Some(s1)) = (base.1, latest.1) else {
        return Ok(TrendArrow::Unavailable);
    };
    if !(s0.is_finite() && s1.is_finite() && green_score.is_finite()) {
        return Ok(TrendArrow::Unavailable);
    }
    if s0 >= green_score {
        return Ok(if s1 >= green_score {
            TrendArrow::MaintainingAchievement
        } else {
            TrendArrow::Decreasing
        });
    }
    let change = (s1 - s0) / base.0.years_to(latest.0);
    let required = (green_score - s0) / base.0.years_to(target_period);
    Ok(if change < 0.0 {
        TrendArrow::Decreasing
    } else if change >= required {
        TrendArrow::OnTrack
    } else if change >= stagnation_share * required {
        TrendArrow::ModeratelyImproving
    } else {
        TrendArrow::Stagnating
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_arrows() {
        let b = SdsnBounds::new(0.0, 50.0).unwrap();
        assert_eq!(b.score(25.0), Some(50.0));
        assert_eq!(b.score(-3.0), Some(0.0));
        assert!(SdsnBounds::new(1.0, 1.0).is_err());
        let y = Period::Year;
        // +1/yr against a required 2.67/yr: 37 % of it -> stagnating
        let arrow = sdsn_trend(
            (y(2015), Some(40.0)),
            (y(2020), Some(45.0)),
            80.0,
            y(2030),
            0.5,
        );
        assert_eq!(arrow.unwrap(), TrendArrow::Stagnating);
        let arrow = sdsn_trend(
            (y(2015), Some(40.0)),
            (y(2020), Some(48.0)),
            80.0,
            y(2030),
            0.5,
        );
        assert_eq!(arrow.unwrap(), TrendArrow::ModeratelyImproving);
        let arrow = sdsn_trend(
            (y(2015), Some(40.0)),
            (y(2020), Some(39.0)),
            80.0,
            y(2030),
            0.5,
        );
        assert_eq!(arrow.unwrap(), TrendArrow::Decreasing);
        let arrow = sdsn_trend(
            (y(2015), Some(85.0)),
            (y(2020), Some(82.0)),
            80.0,
            y(2030),
            0.5,
        );
        assert_eq!(arrow.unwrap(), TrendArrow::MaintainingAchievement);
        let arrow = sdsn_trend((y(2015), None), (y(2020), Some(82.0)), 80.0, y(2030), 0.5);
        assert_eq!(arrow.unwrap(), TrendArrow::Unavailable);
        assert!(
            sdsn_trend(
                (y(2015), Some(1.0)),
                (y(2015), Some(2.0)),
                80.0,
                y(2030),
                0.5
            )
            .is_err()
        );
    }

    #[test]
    fn goal_colours() {
        use DashboardColour::*;
        assert_eq!(goal_colour(&[]), None);
        assert_eq!(goal_colour(&[Yellow]), Some(Yellow));
        assert_eq!(goal_colour(&[Red, Orange]), Some(Orange));
        assert_eq!(goal_colour(&[Green, Green]), Some(Green));
        assert_eq!(goal_colour(&[Red, Green]), Some(Orange));
    }
}
