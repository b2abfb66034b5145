//! The UN Statistics Division Progress Chart variant, as adapted by EUSTAT.
//!
//! Source: EUSTAT, `EUSTAT-DES/site` `_pages/en/metodologia.md`, citing the UNSD *Progress Chart
//! Technical Note 2023/2024* (`monitoring-methods.md` §2). With baseline `b`, latest `t`,
//! target value `v_T` due in year `T` and the actual CAGR from `b` to `t`:
//!
//! * with a target: project `v̂_T = v_t (1 + CAGR)^(T - t)` and score the share of the required
//!   change achieved, `P = (v̂_T - v_b) / (v_T - v_b)`: `P >= 0.95` target met or on track;
//!   `0.10 <= P < 0.95` fair progress, acceleration needed; `P < 0.10` stagnation or regression;
//! * without a target, on the CAGR oriented by the desired direction: `>= 2 %` → 3;
//!   `0.5 % <= g < 2 %` → 2; `< 0.5 %` → 1;
//! * a latest value that already meets the target is achieved, whatever the trend.
//!
//! *(From recall — verify:)* UNSD itself uses five levels; only the EUSTAT three-level scale
//! above, which was read in full, is implemented.

use thb_model::Direction;

use super::eurostat::{Point, Target, check_pair};
use crate::error::{MonitorError, Result};
use crate::growth::{Unassessable, cagr, oriented_growth};

/// The cut-offs of the UNSD progress chart; [`Default`] gives the EUSTAT values.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct UnsdThresholds {
    /// Share `P` at or above which the target is met or on track (0.95).
    pub on_track: f64,
    /// Share `P` at or above which progress is fair (0.10).
    pub fair: f64,
    /// Oriented CAGR at or above which untargeted progress scores 3 (0.02).
    pub growth_high: f64,
    /// Oriented CAGR at or above which untargeted progress scores 2 (0.005).
    pub growth_mid: f64,
}

impl Default for UnsdThresholds {
    fn default() -> Self {
        Self {
            on_track: 0.95,
            fair: 0.10,
            growth_high: 0.02,
            growth_mid: 0.005,
        }
    }
}

impl UnsdThresholds {
    fn check(&self) -> Result<()> {
        let ok = [self.on_track, self.fair, self.growth_high, self.growth_mid]
            .iter()
            .all(|v| v.is_finite())
            && self.on_track > self.fair
            && self.growth_high > self.growth_mid;
        if ok {
            Ok(())
        } else {
            Err(MonitorError::parameter(
                "unsd thresholds",
                format!("{self:?}"),
                "need finite values with on_track > fair and growth_high > growth_mid",
            ))
        }
    }
}

/// A rating on the UNSD progress chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum UnsdRating {
    /// The latest value already meets the target.
    TargetAchieved,
    /// `P >= 0.95`: target met or on track.
    OnTrack,
    /// `0.10 <= P < 0.95`: fair progress, acceleration needed.
    FairProgress,
    /// `P < 0.10`: stagnation or regression.
    StagnationOrRegression,
    /// Untargeted score: 3 (strong), 2 or 1 (weak).
    Score(u8),
    /// No rate can be computed.
    NotAssessable(Unassessable),
}

/// The result of [`unsd_progress`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UnsdAssessment {
    /// The actual CAGR from base to latest, when defined.
    pub cagr: Option<f64>,
    /// The projected value at the target period (targeted only).
    pub projected: Option<f64>,
    /// The share of the required change achieved by the projection, `P` (targeted only).
    pub share: Option<f64>,
    /// The rating.
    pub rating: UnsdRating,
}

/// Rates progress on the UNSD progress chart (see the module documentation for the formulas).
///
/// ```
/// use thb_model::{Direction, Period};
/// use thb_monitor::progress::{unsd_progress, Point, Target, UnsdRating, UnsdThresholds};
/// // 40 in 2015, 50 in 2020 (CAGR 4.56 %), target 80 in 2030:
/// // projected 50 * 1.25^2 = 78.125, P = (78.125 - 40) / (80 - 40) = 0.953
/// let a = unsd_progress(Point::new(Period::Year(2015), 40.0), Point::new(Period::Year(2020), 50.0),
///     Direction::Positive, Some(Target::new(80.0, Period::Year(2030))?), &UnsdThresholds::default())?;
/// assert!((a.projected.unwrap_or_default() - 78.125).abs() < 1e-9);
/// assert_eq!(a.rating, UnsdRating::OnTrack);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::PeriodOrder`] when `latest` is not after `base`;
/// [`MonitorError::InvalidParameter`] for invalid thresholds or non-finite values.
pub fn unsd_progress(
    base: Point,
    latest: Point,
    direction: Direction,
    target: Option<Target>,
    thresholds: &UnsdThresholds,
) -> Result<UnsdAssessment> {
    thresholds.check()?;
    check_pair(base, latest)?;
    let growth = cagr(
        base.value,
        latest.value,
        base.period.years_to(latest.period),
    );
    let unassessable = |why| UnsdAssessment {
        cagr: None,
        projected: None,
        share: None,
        rating: UnsdRating::NotAssessable(why),
    };
    let Some(target) = target else {
        return Ok(match growth {
            Ok(g) => {
                let o = oriented_growth(g, base.value, direction);
                let score = if o >= thresholds.growth_high {
                    3
                } else if o >= thresholds.growth_mid {
                    2
                } else {
                    1
                };
                UnsdAssessment {
                    cagr: Some(g),
                    projected: None,
                    share: None,
                    rating: UnsdRating::Score(score),
                }
            }
            Err(why) => unassessable(why),
        });
    };
    let achieved = direction.sign() * (latest.value - target.value()) >= 0.0;
    let g = match growth {
        Ok(g) => g,
        Err(_) if achieved => {
            return Ok(UnsdAssessment {
                rating: UnsdRating::TargetAchieved,
                ..unassessable(Unassessable::ZeroBase)
            });
        }
        Err(why) => return Ok(unassessable(why)),
    };
    let projected = latest.value * (1.0 + g).powf(latest.period.years_to(target.period()));
    let change = target.value() - base.value;
    let share = (change != 0.0 && projected.is_finite())
        .then(|| (projected - base.value) / change)
        .filter(|p| p.is_finite());
    let rating = match share {
        _ if achieved => UnsdRating::TargetAchieved,
        None => UnsdRating::NotAssessable(Unassessable::TargetEqualsBase),
        Some(p) if p >= thresholds.on_track => UnsdRating::OnTrack,
        Some(p) if p >= thresholds.fair => UnsdRating::FairProgress,
        Some(_) => UnsdRating::StagnationOrRegression,
    };
    Ok(UnsdAssessment {
        cagr: Some(g),
        projected: projected.is_finite().then_some(projected),
        share,
        rating,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use thb_model::Period;

    fn p(y: i32, v: f64) -> Point {
        Point::new(Period::Year(y), v)
    }

    #[test]
    fn hand_cases() {
        let t = |v| Some(Target::new(v, Period::Year(2030)).unwrap());
        let th = UnsdThresholds::default();
        // falling series with a falling target: 100 -> 81 in 2 years (CAGR -10 %),
        // projected to 2030 (8 more years): 81 * 0.9^8; target 20
        let a = unsd_progress(
            p(2020, 100.0),
            p(2022, 81.0),
            Direction::Negative,
            t(20.0),
            &th,
        )
        .unwrap();
        let proj = 81.0 * 0.9f64.powi(8);
        assert!((a.projected.unwrap() - proj).abs() < 1e-9);
        let share = (proj - 100.0) / (20.0 - 100.0);
        assert!((a.share.unwrap() - share).abs() < 1e-12);
        assert_eq!(a.rating, UnsdRating::FairProgress);
        // stagnation
        let a = unsd_progress(
            p(2020, 100.0),
            p(2022, 100.0),
            Direction::Negative,
            t(20.0),
            &th,
        )
        .unwrap();
        assert_eq!(a.rating, UnsdRating::StagnationOrRegression);
        // achieved regardless of trend, even from a zero base
        let a = unsd_progress(
            p(2020, 0.0),
            p(2022, 30.0),
            Direction::Positive,
            t(20.0),
            &th,
        )
        .unwrap();
        assert_eq!(a.rating, UnsdRating::TargetAchieved);
        // untargeted: -1 %/yr desired decrease -> score 2
        let a = unsd_progress(
            p(2020, 100.0),
            p(2021, 99.0),
            Direction::Negative,
            None,
            &th,
        )
        .unwrap();
        assert_eq!(a.rating, UnsdRating::Score(2));
        let a = unsd_progress(p(2020, -1.0), p(2021, 1.0), Direction::Negative, None, &th).unwrap();
        assert_eq!(
            a.rating,
            UnsdRating::NotAssessable(Unassessable::MixedSigns)
        );
    }
}
