//! Unit screening by data availability and non-zero share (COINr `Screen`).
//!
//! For each unit over the indicator columns: `data_availability = 1 - n_missing / n` and
//! `nonzero_share = 1 - n_zero / (n - n_missing)`. A unit is removed when its availability is
//! below `min_availability` or its non-zero share below `min_nonzero` (both strict).

use std::fmt;

use thb_model::Matrix;

use crate::context::RowLabel;
use crate::error::{Result, ScoringError};
use crate::params::{invalid, validated_serde};

/// Screening thresholds (`{"min_availability": 0.9, "min_nonzero": null}`).
///
/// ```
/// use thb_scoring::screen::Screen;
/// use thb_scoring::RowLabel;
/// use thb_model::{Matrix, Period};
/// let rows = RowLabel::for_units(&["AUT", "BEL"], Period::Year(2020))?;
/// let data = Matrix::from_rows(&[vec![1.0, 2.0], vec![f64::NAN, 0.0]])?;
/// let report = Screen::new(Some(0.9), None)?.screen(&data, &rows)?;
/// assert_eq!(report.removed.len(), 1);
/// assert_eq!(report.kept(), vec![0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct Screen {
    min_availability: Option<f64>,
    min_nonzero: Option<f64>,
}
validated_serde!(Screen);

/// The screening figures of one unit.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnitScreen {
    /// The unit (and period).
    pub at: RowLabel,
    /// Number of missing indicator values.
    pub n_missing: usize,
    /// Number of zero values.
    pub n_zero: usize,
    /// `1 - n_missing / n`.
    pub data_availability: f64,
    /// `1 - n_zero / (n - n_missing)` (0 when the unit has no value).
    pub nonzero_share: f64,
    /// Availability below the threshold.
    pub low_data: bool,
    /// Non-zero share below the threshold.
    pub low_nonzero: bool,
    /// Kept.
    pub included: bool,
}

/// What screening found and did.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScreenReport {
    /// One entry per unit, in row order.
    pub units: Vec<UnitScreen>,
    /// The units removed.
    pub removed: Vec<RowLabel>,
}

impl ScreenReport {
    /// The positions of the kept rows.
    pub fn kept(&self) -> Vec<usize> {
        self.units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.included)
            .map(|(i, _)| i)
            .collect()
    }
}

impl Screen {
    /// Screening with the given thresholds (shares in [0, 1]; `None` = not applied).
    ///
    /// # Errors
    /// [`ScoringError::Spec`] when a threshold is outside [0, 1].
    pub fn new(min_availability: Option<f64>, min_nonzero: Option<f64>) -> Result<Self> {
        let s = Self {
            min_availability,
            min_nonzero,
        };
        s.check()?;
        Ok(s)
    }
    fn check(&self) -> Result<()> {
        for (name, v) in [
            ("min_availability", self.min_availability),
            ("min_nonzero", self.min_nonzero),
        ] {
            if let Some(v) = v
                && !(0.0..=1.0).contains(&v)
            {
                return Err(invalid(format!("screen {name} must be in [0, 1], got {v}")));
            }
        }
        Ok(())
    }
    /// The availability threshold.
    pub fn min_availability(&self) -> Option<f64> {
        self.min_availability
    }
    /// The non-zero threshold.
    pub fn min_nonzero(&self) -> Option<f64> {
        self.min_nonzero
    }

    /// Screens the rows of `data` (rows = units, columns = indicators).
    ///
    /// # Errors
    /// [`ScoringError::Shape`] when `rows` does not label every row;
    /// [`ScoringError::NothingLeft`] when every unit is removed.
    pub fn screen(&self, data: &Matrix, rows: &[RowLabel]) -> Result<ScreenReport> {
        if rows.len() != data.nrows() {
            return Err(ScoringError::Shape(format!(
                "screening: {} row labels for {} rows",
                rows.len(),
                data.nrows()
            )));
        }
        let n = data.ncols();
        let mut report = ScreenReport::default();
        for (i, at) in rows.iter().enumerate() {
            let (mut n_missing, mut n_zero) = (0, 0);
            for col in data.columns() {
                let v = col[i];
                if v.is_nan() {
                    n_missing += 1;
                } else if v == 0.0 {
                    n_zero += 1;
                }
            }
            let data_availability = if n == 0 {
                0.0
            } else {
                1.0 - n_missing as f64 / n as f64
            };
            let present = n - n_missing;
            let nonzero_share = if present == 0 {
                0.0
            } else {
                1.0 - n_zero as f64 / present as f64
            };
            let low_data = self.min_availability.is_some_and(|t| data_availability < t);
            let low_nonzero = self.min_nonzero.is_some_and(|t| nonzero_share < t);
            let included = !(low_data || low_nonzero);
            if !included {
                report.removed.push(at.clone());
            }
            report.units.push(UnitScreen {
                at: at.clone(),
                n_missing,
                n_zero,
                data_availability,
                nonzero_share,
                low_data,
                low_nonzero,
                included,
            });
        }
        if !rows.is_empty() && report.removed.len() == rows.len() {
            return Err(ScoringError::NothingLeft {
                units: rows.len(),
                rule: self.to_string(),
            });
        }
        Ok(report)
    }
}

impl fmt::Display for Screen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(a) = self.min_availability {
            parts.push(format!("data availability >= {a}"));
        }
        if let Some(z) = self.min_nonzero {
            parts.push(format!("non-zero share >= {z}"));
        }
        if parts.is_empty() {
            f.write_str("no screening rule")
        } else {
            f.write_str(&parts.join(" and "))
        }
    }
}
