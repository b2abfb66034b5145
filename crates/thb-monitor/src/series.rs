//! A named time series of finite values, by period (years or quarters), used by funnels,
//! child monitoring and alert rules.

use std::collections::BTreeMap;

use thb_model::Period;

use crate::error::{MonitorError, Result};

/// A named series: at most one finite value per period, in period order.
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::series::Series;
/// let s = Series::from_points("child_referrals", [(Period::Year(2022), 10.0), (Period::Year(2021), 8.0)])?;
/// assert_eq!(s.latest(), Some((Period::Year(2022), 10.0)));
/// assert!(Series::from_points("x", [(Period::Year(2022), f64::NAN)]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Series {
    name: String,
    points: BTreeMap<Period, f64>,
}

impl Series {
    /// An empty series.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            points: BTreeMap::new(),
        }
    }

    /// A series from (period, value) points.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] for a non-finite value or a period given twice.
    pub fn from_points(
        name: impl Into<String>,
        points: impl IntoIterator<Item = (Period, f64)>,
    ) -> Result<Self> {
        let mut s = Self::new(name);
        for (p, v) in points {
            s.insert(p, v)?;
        }
        Ok(s)
    }

    /// The exact values of one unit and column of a dataset, over all its periods (cells
    /// without an exact value are left out).
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use thb_model::{Dataset, Observation, Period, Unit};
    /// use thb_monitor::series::Series;
    /// let mut ds = Dataset::new(vec![Unit::new("GBR")?], ["x".parse()?], [Period::Year(2020), Period::Year(2021)])?;
    /// ds.set("GBR", "x", Period::Year(2021), Observation::value_of(Decimal::from(5)))?;
    /// let s = Series::from_dataset(&ds, "GBR", "x")?;
    /// assert_eq!(s.get(Period::Year(2021)), Some(5.0));
    /// assert_eq!(s.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MonitorError::Model`] for an unknown unit or column, or a value with no `f64` form.
    pub fn from_dataset(dataset: &thb_model::Dataset, unit: &str, column: &str) -> Result<Self> {
        let periods = dataset.periods().to_vec();
        let m = dataset.to_panel_matrix(&periods, &[column], thb_model::CensoredPolicy::Missing)?;
        let u = dataset
            .unit_position(unit)
            .ok_or_else(|| thb_model::ModelError::Unknown {
                what: "unit",
                code: unit.to_owned(),
            })?;
        let n = dataset.units().len();
        Self::from_points(
            column,
            periods
                .iter()
                .enumerate()
                .filter_map(|(k, p)| m.get(k * n + u, 0).map(|v| (*p, v))),
        )
    }

    /// Adds a point.
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] for a non-finite value or a period already present.
    pub fn insert(&mut self, period: Period, value: f64) -> Result<()> {
        if !value.is_finite() {
            return Err(MonitorError::parameter(
                "value",
                value,
                format!("series `{}` at {period}: values must be finite", self.name),
            ));
        }
        if self.points.insert(period, value).is_some() {
            return Err(MonitorError::parameter(
                "period",
                period,
                format!("series `{}`: period given twice", self.name),
            ));
        }
        Ok(())
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The value at `period`.
    pub fn get(&self, period: Period) -> Option<f64> {
        self.points.get(&period).copied()
    }
    /// The points, in period order.
    pub fn iter(&self) -> impl Iterator<Item = (Period, f64)> + '_ {
        self.points.iter().map(|(p, v)| (*p, *v))
    }
    /// The latest point.
    pub fn latest(&self) -> Option<(Period, f64)> {
        self.points.iter().next_back().map(|(p, v)| (*p, *v))
    }
    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }
    /// `true` without points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Yearly totals of a quarterly series: the sum of the four quarters of each year that has
    /// all four (incomplete years are left out); yearly points are kept as they are.
    ///
    /// ```
    /// use thb_model::Period;
    /// use thb_monitor::series::Series;
    /// let q = |y, q| Period::Quarter { year: y, quarter: q };
    /// let s = Series::from_points("r", [(q(2020, 1), 1.0), (q(2020, 2), 2.0), (q(2020, 3), 3.0), (q(2020, 4), 4.0), (q(2021, 1), 9.0)])?;
    /// let y = s.yearly_totals()?;
    /// assert_eq!(y.iter().collect::<Vec<_>>(), vec![(Period::Year(2020), 10.0)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MonitorError::InvalidParameter`] when a year has both a yearly and quarterly values.
    pub fn yearly_totals(&self) -> Result<Series> {
        let mut quarters: BTreeMap<i32, (usize, f64)> = BTreeMap::new();
        let mut out = Series::new(self.name.clone());
        for (p, v) in self.iter() {
            match p {
                Period::Year(_) => out.insert(p, v)?,
                Period::Quarter { year, .. } => {
                    let e = quarters.entry(year).or_insert((0, 0.0));
                    e.0 += 1;
                    e.1 += v;
                }
            }
        }
        for (year, (n, total)) in quarters {
            if n == 4 {
                out.insert(Period::Year(year), total)?;
            }
        }
        Ok(out)
    }
}

/// The period `lag` steps before `period`: years for a year, quarters for a quarter.
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::series::lag_period;
/// assert_eq!(lag_period(Period::Year(2023), 2), Period::Year(2021));
/// assert_eq!(lag_period(Period::Quarter { year: 2023, quarter: 1 }, 2), Period::Quarter { year: 2022, quarter: 3 });
/// ```
pub fn lag_period(period: Period, lag: u32) -> Period {
    let lag = i64::from(lag);
    match period {
        Period::Year(y) => Period::Year((i64::from(y) - lag) as i32),
        Period::Quarter { year, quarter } => {
            let index = i64::from(year) * 4 + i64::from(quarter) - 1 - lag;
            Period::Quarter {
                year: index.div_euclid(4) as i32,
                quarter: (index.rem_euclid(4) + 1) as u8,
            }
        }
    }
}

/// `numerator / denominator`, `None` when the denominator is 0 (a rate of nothing).
pub(crate) fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}
