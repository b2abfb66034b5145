//! The index over time: score and rank change per unit, rank changes against uncertainty bands,
//! year-on-year volatility and the OLS trend slope with its standard error.
//!
//! Sources: `monitoring-methods.md` §5 (absolute change `Δ = I_t − I_t0`; rank changes with the
//! caution that 2-3 places are within noise, JRC audit of the SDG Index, Papadimitriou et al.
//! 2019) and §3; ranks are 1 = best with ties `min` (`interfaces.md` §2), computed with
//! `thb_scoring::rank`. The slope and its standard error are ordinary least squares:
//! `b = Sxy / Sxx`, `se(b) = sqrt(SSR / (n - 2) / Sxx)`.

use thb_model::UnitCode;
use thb_scoring::rank::{Order, Ties, rank};
use thb_scoring::stats::{self, SdKind};

use crate::error::{MonitorError, Result};

/// A rank uncertainty band of one unit: the 5 % and 95 % quantiles of its rank over Monte
/// Carlo runs (the `q05_rank`, `q95_rank` columns of `thb uncertainty`).
///
/// ```
/// use thb_monitor::trend::RankBand;
/// let b = RankBand::new(3.0, 7.0)?;
/// assert!(b.contains(5.0));
/// assert!(RankBand::new(7.0, 3.0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RankBand {
    q05: f64,
    q95: f64,
}

impl RankBand {
    /// A band with `1 <= q05 <= q95`, both finite.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] otherwise.
    pub fn new(q05: f64, q95: f64) -> Result<Self> {
        if !(q05.is_finite() && q95.is_finite() && q05 >= 1.0 && q05 <= q95) {
            return Err(MonitorError::parameter(
                "rank band",
                format!("[{q05}, {q95}]"),
                "need finite 1 <= q05 <= q95",
            ));
        }
        Ok(Self { q05, q95 })
    }
    /// The lower quantile.
    pub fn q05(&self) -> f64 {
        self.q05
    }
    /// The upper quantile.
    pub fn q95(&self) -> f64 {
        self.q95
    }
    /// `true` when `rank` lies in the band.
    pub fn contains(&self, rank: f64) -> bool {
        (self.q05..=self.q95).contains(&rank)
    }
    fn overlaps(&self, other: &RankBand) -> bool {
        self.q05 <= other.q95 && other.q05 <= self.q95
    }
}

/// The change of one unit between two periods.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UnitChange {
    /// The unit.
    pub unit: UnitCode,
    /// Score in the earlier period.
    pub score_from: Option<f64>,
    /// Score in the later period.
    pub score_to: Option<f64>,
    /// `score_to - score_from`.
    pub change: Option<f64>,
    /// Rank in the earlier period (1 = best, ties `min`).
    pub rank_from: Option<usize>,
    /// Rank in the later period.
    pub rank_to: Option<usize>,
    /// `rank_from - rank_to`: positive when the unit moved up.
    pub rank_change: Option<i64>,
    /// Whether the rank change is larger than the uncertainty: `None` without bands or ranks.
    pub beyond_band: Option<bool>,
}

/// Uncertainty bands of every unit, for the earlier and/or the later period.
#[derive(Debug, Clone, Copy, Default)]
pub struct Bands<'a> {
    /// Bands of the earlier period, one per unit.
    pub from: Option<&'a [RankBand]>,
    /// Bands of the later period, one per unit.
    pub to: Option<&'a [RankBand]>,
}

/// Score and rank change per unit between two periods. `from` and `to` are score columns
/// aligned with `units` (`NaN` = missing), e.g. two columns of a units × periods
/// `thb_model::Matrix`. Ranks are computed within each period among the units with a score.
///
/// A rank change is *beyond the band* when: with bands for both periods, the two bands do not
/// overlap; with a band for one period only, the other period's rank lies outside it.
///
/// ```
/// use thb_monitor::trend::{score_changes, Bands, RankBand};
/// let units = ["A".parse()?, "B".parse()?, "C".parse()?];
/// let bands = [RankBand::new(1.0, 2.0)?, RankBand::new(1.0, 3.0)?, RankBand::new(2.0, 3.0)?];
/// let c = score_changes(&units, &[50.0, 60.0, 70.0], &[80.0, 65.0, 60.0], Bands { from: None, to: Some(&bands) })?;
/// assert_eq!(c[0].change, Some(30.0));
/// assert_eq!((c[0].rank_from, c[0].rank_to, c[0].rank_change), (Some(3), Some(1), Some(2)));
/// assert_eq!(c[0].beyond_band, Some(true));  // rank 3 before lies outside [1, 2]
/// assert_eq!(c[1].beyond_band, Some(false));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Shape`] when the lengths of `units`, `from`, `to` and the bands differ;
/// [`MonitorError::InvalidParameter`] for an infinite score.
pub fn score_changes(
    units: &[UnitCode],
    from: &[f64],
    to: &[f64],
    bands: Bands<'_>,
) -> Result<Vec<UnitChange>> {
    let n = units.len();
    let lengths = [
        Some(from.len()),
        Some(to.len()),
        bands.from.map(<[RankBand]>::len),
        bands.to.map(<[RankBand]>::len),
    ];
    if lengths.iter().flatten().any(|&l| l != n) {
        return Err(MonitorError::shape(format!(
            "{n} units but score/band lengths {lengths:?}"
        )));
    }
    if from.iter().chain(to).any(|v| v.is_infinite()) {
        return Err(MonitorError::parameter(
            "score",
            "inf",
            "scores must be finite (NaN = missing)",
        ));
    }
    let r0 = rank(from, Ties::Min, Order::Descending);
    let r1 = rank(to, Ties::Min, Order::Descending);
    let present = |v: f64| (!v.is_nan()).then_some(v);
    Ok((0..n)
        .map(|i| {
            let (rf, rt) = (present(r0[i]), present(r1[i]));
            let beyond = match (rf, rt, bands.from, bands.to) {
                (Some(_), Some(_), Some(bf), Some(bt)) => Some(!bf[i].overlaps(&bt[i])),
                (Some(a), Some(_), None, Some(bt)) => Some(!bt[i].contains(a)),
                (Some(_), Some(b), Some(bf), None) => Some(!bf[i].contains(b)),
                _ => None,
            };
            UnitChange {
                unit: units[i].clone(),
                score_from: present(from[i]),
                score_to: present(to[i]),
                change: present(from[i]).zip(present(to[i])).map(|(a, b)| b - a),
                rank_from: rf.map(|r| r as usize),
                rank_to: rt.map(|r| r as usize),
                rank_change: rf.zip(rt).map(|(a, b)| a as i64 - b as i64),
                beyond_band: beyond,
            }
        })
        .collect())
}

/// Year-on-year volatility of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Volatility {
    /// Number of period-to-period changes used.
    pub changes: usize,
    /// Mean absolute change.
    pub mean_abs_change: f64,
    /// Sample standard deviation of the changes (`None` with fewer than 2 changes).
    pub sd_change: Option<f64>,
}

/// Volatility of a series of consecutive periods (`NaN` = missing): the changes
/// `y_t - y_(t-1)` between neighbours that are both present, their mean absolute value and
/// their sample standard deviation (`thb_scoring::stats::sd`). `None` when no change exists.
///
/// ```
/// use thb_monitor::trend::volatility;
/// let v = volatility(&[10.0, 12.0, 11.0, f64::NAN, 15.0]).unwrap_or_else(|| unreachable!());
/// assert_eq!(v.changes, 2);          // 10->12, 12->11 (the gap breaks the rest)
/// assert_eq!(v.mean_abs_change, 1.5);
/// assert!((v.sd_change.unwrap_or_default() - 4.5f64.sqrt()).abs() < 1e-12);
/// ```
pub fn volatility(series: &[f64]) -> Option<Volatility> {
    let changes: Vec<f64> = series
        .windows(2)
        .filter(|w| !w[0].is_nan() && !w[1].is_nan())
        .map(|w| w[1] - w[0])
        .collect();
    if changes.is_empty() {
        return None;
    }
    let abs: Vec<f64> = changes.iter().map(|c| c.abs()).collect();
    Some(Volatility {
        changes: changes.len(),
        mean_abs_change: stats::mean(&abs)?,
        sd_change: stats::sd(&changes, SdKind::Sample),
    })
}

/// An OLS straight-line fit `y = intercept + slope · t`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TrendFit {
    /// Number of points used.
    pub n: usize,
    /// Slope per unit of time (per year when times are years).
    pub slope: f64,
    /// Standard error of the slope, `sqrt(SSR / (n - 2) / Sxx)`.
    pub slope_se: f64,
    /// Intercept at time 0.
    pub intercept: f64,
}

/// OLS trend of `values` on `times` (e.g. `Period::as_years`), skipping pairs with a missing
/// (`NaN`) value.
///
/// ```
/// use thb_monitor::trend::ols_trend;
/// let fit = ols_trend(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0])?;
/// assert!((fit.slope - 0.8).abs() < 1e-12);
/// // residuals -0.3, 0.9, -0.9, 0.3: SSR = 1.8, se = sqrt(1.8 / 2 / 5)
/// assert!((fit.slope_se - 0.18f64.sqrt()).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Shape`] when the lengths differ; [`MonitorError::Undefined`] with fewer than
/// 3 points or when all times are equal; [`MonitorError::InvalidParameter`] for an infinite
/// input.
pub fn ols_trend(times: &[f64], values: &[f64]) -> Result<TrendFit> {
    if times.len() != values.len() {
        return Err(MonitorError::shape(format!(
            "{} times but {} values",
            times.len(),
            values.len()
        )));
    }
    if times.iter().chain(values).any(|v| v.is_infinite()) || times.iter().any(|t| t.is_nan()) {
        return Err(MonitorError::parameter(
            "times/values",
            "non-finite",
            "times must be finite and values finite or NaN (missing)",
        ));
    }
    let (t, y): (Vec<f64>, Vec<f64>) = times
        .iter()
        .zip(values)
        .filter(|(_, v)| !v.is_nan())
        .map(|(a, b)| (*a, *b))
        .unzip();
    let n = t.len();
    let undefined = |reason: &str| MonitorError::undefined("OLS trend", None, reason);
    if n < 3 {
        return Err(undefined(
            "a slope with a standard error needs at least 3 points",
        ));
    }
    let (mt, my) = (
        stats::mean(&t).ok_or_else(|| undefined("no point"))?,
        stats::mean(&y).ok_or_else(|| undefined("no point"))?,
    );
    let sxx: f64 = t.iter().map(|a| (a - mt) * (a - mt)).sum();
    if sxx <= 0.0 {
        return Err(undefined("all points are at the same time"));
    }
    let sxy: f64 = t.iter().zip(&y).map(|(a, b)| (a - mt) * (b - my)).sum();
    let slope = sxy / sxx;
    let intercept = my - slope * mt;
    let ssr: f64 = t
        .iter()
        .zip(&y)
        .map(|(a, b)| (b - intercept - slope * a).powi(2))
        .sum();
    Ok(TrendFit {
        n,
        slope,
        slope_se: (ssr / (n - 2) as f64 / sxx).sqrt(),
        intercept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_in_both_periods() {
        let units: Vec<UnitCode> = ["A", "B"].iter().map(|u| u.parse().unwrap()).collect();
        let b0 = [
            RankBand::new(1.0, 1.0).unwrap(),
            RankBand::new(2.0, 2.0).unwrap(),
        ];
        let b1 = [
            RankBand::new(1.0, 2.0).unwrap(),
            RankBand::new(1.0, 2.0).unwrap(),
        ];
        let c = score_changes(
            &units,
            &[2.0, 1.0],
            &[1.0, 2.0],
            Bands {
                from: Some(&b0),
                to: Some(&b1),
            },
        )
        .unwrap();
        assert_eq!(c[0].rank_change, Some(-1));
        assert_eq!(c[0].beyond_band, Some(false));
        let c = score_changes(&units, &[2.0, f64::NAN], &[1.0, 2.0], Bands::default()).unwrap();
        assert_eq!(c[1].rank_from, None);
        assert_eq!(c[1].change, None);
        assert_eq!(c[1].beyond_band, None);
        assert!(score_changes(&units, &[1.0], &[1.0, 2.0], Bands::default()).is_err());
    }

    #[test]
    fn trend_needs_three_points() {
        assert!(ols_trend(&[1.0, 2.0], &[1.0, 2.0]).is_err());
        assert!(ols_trend(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_err());
        let fit = ols_trend(
            &[2015.0, 2016.0, 2017.0, 2018.0],
            &[1.0, f64::NAN, 5.0, 7.0],
        )
        .unwrap();
        assert_eq!(fit.n, 3);
        assert!(fit.slope.is_finite() && fit.slope_se.is_finite());
        assert_eq!(volatility(&[1.0, f64::NAN, 2.0]), None);
    }
}
