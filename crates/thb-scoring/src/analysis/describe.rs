//! Indicator statistics (`thb analyse --table stats`).

use thb_model::Matrix;

use super::check_codes;
use crate::error::Result;
use crate::stats::{self, SdKind};

/// One row of the statistics table: `indicator,n,missing,min,max,mean,median,sd,skew,kurtosis`.
/// Values that cannot be computed (too few values, no spread) are `None`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IndicatorStats {
    /// The indicator (or node).
    pub indicator: String,
    /// Number of present values.
    pub n: usize,
    /// Number of missing values.
    pub missing: usize,
    /// Minimum.
    pub min: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
    /// Mean.
    pub mean: Option<f64>,
    /// Median (R type 7).
    pub median: Option<f64>,
    /// Sample standard deviation.
    pub sd: Option<f64>,
    /// Skewness (e1071 type 2).
    pub skew: Option<f64>,
    /// Excess kurtosis (e1071 type 2).
    pub kurtosis: Option<f64>,
}

/// The statistics of every column, in column order.
///
/// ```
/// use thb_scoring::analysis::indicator_stats;
/// use thb_model::Matrix;
/// let m = Matrix::from_columns(4, vec![vec![1.0, 2.0, f64::NAN, 3.0]])?;
/// let s = indicator_stats(&m, &["x".to_owned()])?;
/// assert_eq!((s[0].n, s[0].missing, s[0].median), (3, 1, Some(2.0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ScoringError::Shape`](crate::ScoringError::Shape) when `codes` does not name every column.
pub fn indicator_stats(data: &Matrix, codes: &[String]) -> Result<Vec<IndicatorStats>> {
    check_codes(data, codes)?;
    Ok(data
        .columns()
        .zip(codes)
        .map(|(x, code)| {
            let n = stats::count(x);
            let range = stats::min_max(x);
            IndicatorStats {
                indicator: code.clone(),
                n,
                missing: x.len() - n,
                min: range.map(|r| r.0),
                max: range.map(|r| r.1),
                mean: stats::mean(x),
                median: stats::median(x),
                sd: stats::sd(x, SdKind::Sample),
                skew: stats::skewness(x),
                kurtosis: stats::kurtosis(x),
            }
        })
        .collect())
}
