//! OECD *Measuring Distance to the SDG Targets*: standardised distance still to travel.
//!
//! Sources: OECD (2017, 2019, 2022 Annex A) *Measuring distance to the SDG targets*; OECD (2020)
//! *How to measure distance to SDG targets anywhere* (`monitoring-methods.md` §4).
//!
//! Confirmed: starting positions are the distance still to travel to a 2030 end value; where no
//! international end value exists, the current range of performance is the rating scale;
//! results are aggregated by goal.
//!
//! *(From recall — verify:)* the distance in standard deviations of the cross-country
//! distribution, `D = (target - current) / σ`, oriented so that 0 means the target is reached
//! (achieved targets are set to 0); without an international target, the level of the top
//! 10 % of countries. The share (10 %) and the standard-deviation kind are parameters; a goal's
//! distance is the unweighted mean of its indicators' distances (`thb_scoring::stats::mean`).

use thb_model::Direction;
use thb_scoring::stats::{self, SdKind};

use crate::error::{MonitorError, Result};

/// The standardised distance to target `max(0, d·(target - current)) / sigma`: 0 when the
/// target is reached, otherwise the distance still to travel in units of `sigma`.
///
/// ```
/// use thb_model::Direction;
/// use thb_monitor::progress::oecd_distance;
/// assert_eq!(oecd_distance(60.0, 80.0, Direction::Positive, 10.0)?, 2.0);
/// assert_eq!(oecd_distance(90.0, 80.0, Direction::Positive, 10.0)?, 0.0);
/// assert_eq!(oecd_distance(12.0, 4.0, Direction::Negative, 4.0)?, 2.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::InvalidParameter`] for a non-finite value or `sigma <= 0`.
pub fn oecd_distance(current: f64, target: f64, direction: Direction, sigma: f64) -> Result<f64> {
    if !(current.is_finite() && target.is_finite()) {
        return Err(MonitorError::parameter(
            "value",
            format!("{current}, {target}"),
            "current value and target must be finite",
        ));
    }
    if !(sigma.is_finite() && sigma > 0.0) {
        return Err(MonitorError::parameter(
            "sigma",
            sigma,
            "the standard deviation must be finite and > 0",
        ));
    }
    Ok((direction.sign() * (target - current)).max(0.0) / sigma)
}

/// The standardised distances of a cross-section (`NaN` = missing gives `None`), with `sigma`
/// the standard deviation of the non-missing values.
///
/// ```
/// use thb_model::Direction;
/// use thb_scoring::stats::SdKind;
/// use thb_monitor::progress::oecd_distances;
/// let d = oecd_distances(&[2.0, 4.0, f64::NAN, 6.0], 6.0, Direction::Positive, SdKind::Sample)?;
/// assert_eq!(d, vec![Some(2.0), Some(1.0), None, Some(0.0)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Undefined`] when the standard deviation is undefined or 0;
/// [`MonitorError::InvalidParameter`] for a non-finite target.
pub fn oecd_distances(
    values: &[f64],
    target: f64,
    direction: Direction,
    sd_kind: SdKind,
) -> Result<Vec<Option<f64>>> {
    let sigma = stats::sd(values, sd_kind)
        .filter(|s| *s > 0.0)
        .ok_or_else(|| {
            MonitorError::undefined(
                "OECD standardised distance",
                None,
                "the cross-section has no spread (fewer than 2 values or all equal)",
            )
        })?;
    values
        .iter()
        .map(|&v| {
            if v.is_nan() {
                Ok(None)
            } else {
                oecd_distance(v, target, direction, sigma).map(Some)
            }
        })
        .collect()
}

/// The end value used when no international target exists (*from recall — verify*): the level
/// of the top `top_share` of units (R type-7 quantile at `1 - top_share`, or at `top_share`
/// for "lower is better").
///
/// ```
/// use thb_model::Direction;
/// use thb_monitor::progress::top_share_target;
/// let x: Vec<f64> = (0..=10).map(f64::from).collect();
/// assert_eq!(top_share_target(&x, Direction::Positive, 0.1)?, 9.0);
/// assert_eq!(top_share_target(&x, Direction::Negative, 0.1)?, 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::InvalidParameter`] for a share outside (0, 1) or an infinite value;
/// [`MonitorError::Undefined`] when no value is present.
pub fn top_share_target(values: &[f64], direction: Direction, top_share: f64) -> Result<f64> {
    if !(top_share > 0.0 && top_share < 1.0) {
        return Err(MonitorError::parameter(
            "top_share",
            top_share,
            "must lie in (0, 1)",
        ));
    }
    if let Some(v) = values.iter().find(|v| v.is_infinite()) {
        return Err(MonitorError::parameter(
            "value",
            v,
            "values must be finite (NaN = missing)",
        ));
    }
    let p = match direction {
        Direction::Positive => 1.0 - top_share,
        Direction::Negative => top_share,
    };
    stats::quantile(values, p)
        .ok_or_else(|| MonitorError::undefined("top-share target", None, "no value is present"))
}
