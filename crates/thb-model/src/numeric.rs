//! The one place where exact decimals become kernel `f64` and back.
//!
//! * **In:** [`Dataset::to_matrix`] turns the observations of one period (or several, stacked)
//!   into a dense column-major [`Matrix`]. A cell without an exact value is *missing*, encoded
//!   as `NaN` inside the matrix ([`Matrix::is_missing`]); no other `NaN` ever enters a matrix,
//!   and a value that cannot be represented is an error naming unit and indicator, never a 0.
//! * **Out:** [`to_decimal`] turns a kernel result into a published `Decimal`, rounding half to
//!   even ([`ROUNDING`]) from the exact binary value when a number of decimals is asked for.
//!   A non-finite kernel result is an error, never a published number.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::dataset::Dataset;
use crate::error::{ModelError, Result};
use crate::id::Period;
use crate::observation::ObsStatus;

/// The rounding rule of every published number: half to even ("banker's rounding"), applied
/// once, to the exact decimal expansion of the computed `f64`.
pub const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointNearestEven;

/// How a censored count (`<5`, i.e. [1, 4]) enters the kernels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CensoredPolicy {
    /// Missing (the default: censored values never become numbers silently).
    #[default]
    Missing,
    /// The lower bound of the interval.
    Lower,
    /// The upper bound of the interval.
    Upper,
    /// The midpoint of the interval.
    Midpoint,
}

/// A dense `f64` matrix, column-major (one contiguous column per indicator), with missing
/// cells encoded as `NaN`.
///
/// ```
/// use thb_model::Matrix;
/// let m = Matrix::from_columns(2, vec![vec![1.0, f64::NAN], vec![3.0, 4.0]])?;
/// assert_eq!(m.get(0, 1), Some(3.0));
/// assert!(m.is_missing(1, 0));
/// assert_eq!(m.column(1), &[3.0, 4.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    nrows: usize,
    ncols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// An `nrows x ncols` matrix with every cell missing.
    pub fn missing(nrows: usize, ncols: usize) -> Self {
        Self {
            nrows,
            ncols,
            data: vec![f64::NAN; nrows * ncols],
        }
    }

    /// A matrix from column-major data.
    ///
    /// # Errors
    /// [`ModelError::Malformed`] when `data.len() != nrows * ncols` or a value is infinite.
    pub fn from_column_major(nrows: usize, ncols: usize, data: Vec<f64>) -> Result<Self> {
        if data.len() != nrows * ncols {
            return Err(malformed(format!(
                "matrix data has {} values, expected {nrows} x {ncols}",
                data.len()
            )));
        }
        if data.iter().any(|v| v.is_infinite()) {
            return Err(malformed("matrix data holds an infinite value".to_owned()));
        }
        Ok(Self { nrows, ncols, data })
    }

    /// A matrix from columns of equal length `nrows`.
    ///
    /// # Errors
    /// [`ModelError::Malformed`] when a column has another length or holds an infinity.
    pub fn from_columns(nrows: usize, columns: Vec<Vec<f64>>) -> Result<Self> {
        let ncols = columns.len();
        if columns.iter().any(|c| c.len() != nrows) {
            return Err(malformed(format!("every column must have {nrows} values")));
        }
        Self::from_column_major(nrows, ncols, columns.into_iter().flatten().collect())
    }

    /// A matrix from rows of equal length.
    ///
    /// # Errors
    /// [`ModelError::Malformed`] when rows differ in length or hold an infinity.
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Self> {
        let nrows = rows.len();
        let ncols = rows.first().map_or(0, Vec::len);
        if rows.iter().any(|r| r.len() != ncols) {
            return Err(malformed(format!("every row must have {ncols} values")));
        }
        let mut data = Vec::with_capacity(nrows * ncols);
        for j in 0..ncols {
            data.extend(rows.iter().map(|r| r[j]));
        }
        Self::from_column_major(nrows, ncols, data)
    }

    /// Number of rows (units).
    pub fn nrows(&self) -> usize {
        self.nrows
    }
    /// Number of columns (indicators).
    pub fn ncols(&self) -> usize {
        self.ncols
    }
    /// Column `j` (`NaN` = missing).
    ///
    /// # Panics
    /// When `j >= ncols()`, like slice indexing.
    pub fn column(&self, j: usize) -> &[f64] {
        &self.data[j * self.nrows..(j + 1) * self.nrows]
    }
    /// Column `j`, mutable.
    ///
    /// # Panics
    /// When `j >= ncols()`, like slice indexing.
    pub fn column_mut(&mut self, j: usize) -> &mut [f64] {
        &mut self.data[j * self.nrows..(j + 1) * self.nrows]
    }
    /// Every column, in order.
    pub fn columns(&self) -> impl ExactSizeIterator<Item = &[f64]> {
        (0..self.ncols).map(move |j| &self.data[j * self.nrows..(j + 1) * self.nrows])
    }
    /// The value at (row, column), or `None` when missing or out of range.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        if i >= self.nrows || j >= self.ncols {
            return None;
        }
        let v = self.data[j * self.nrows + i];
        (!v.is_nan()).then_some(v)
    }
    /// Sets the value at (row, column); `None` marks it missing.
    ///
    /// # Panics
    /// When the position is out of range, like slice indexing.
    pub fn set(&mut self, i: usize, j: usize, value: Option<f64>) {
        self.data[j * self.nrows + i] = value.unwrap_or(f64::NAN);
    }
    /// `true` when the cell is missing.
    pub fn is_missing(&self, i: usize, j: usize) -> bool {
        self.get(i, j).is_none()
    }
    /// The missing-mask: `true` where a cell is missing, column-major like the data.
    pub fn missing_mask(&self) -> Vec<bool> {
        self.data.iter().map(|v| v.is_nan()).collect()
    }
    /// The raw column-major values.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }
    /// The raw column-major values, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.data
    }
    /// Row `i` as a vector.
    pub fn row(&self, i: usize) -> Vec<f64> {
        (0..self.ncols)
            .map(|j| self.data[j * self.nrows + i])
            .collect()
    }
    /// A copy keeping only the rows in `rows` (in that order).
    pub fn select_rows(&self, rows: &[usize]) -> Self {
        let mut data = Vec::with_capacity(rows.len() * self.ncols);
        for j in 0..self.ncols {
            let col = self.column(j);
            data.extend(
                rows.iter()
                    .map(|&i| col.get(i).copied().unwrap_or(f64::NAN)),
            );
        }
        Self {
            nrows: rows.len(),
            ncols: self.ncols,
            data,
        }
    }
}

fn malformed(message: String) -> ModelError {
    ModelError::Malformed {
        at: crate::Location::memory(),
        message,
    }
}

/// Converts one exact value to `f64`.
///
/// # Errors
/// [`ModelError::NotRepresentable`] naming unit and indicator when the value has no finite
/// `f64` form.
pub fn to_f64(value: Decimal, unit: &str, indicator: &str) -> Result<f64> {
    // Through the decimal text: Rust's float parsing is correctly rounded, which
    // `Decimal::to_f64` is not (it can be one ulp off).
    value
        .to_string()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| ModelError::NotRepresentable {
            unit: unit.to_owned(),
            indicator: indicator.to_owned(),
            value: value.to_string(),
            target: "f64",
        })
}

/// Converts a kernel result to a published decimal. With `decimals = Some(n)` the exact binary
/// value is rounded half to even to `n` places ([`ROUNDING`]); with `None` the shortest decimal
/// that round-trips the `f64` is kept.
///
/// ```
/// use thb_model::numeric::to_decimal;
/// assert_eq!(to_decimal(0.125, Some(2), "AUT", "x")?.to_string(), "0.12");
/// assert_eq!(to_decimal(0.1, None, "AUT", "x")?.to_string(), "0.1");
/// assert!(to_decimal(f64::NAN, None, "AUT", "x").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::NotRepresentable`] for `NaN`, infinities and magnitudes beyond a decimal's
/// range.
pub fn to_decimal(x: f64, decimals: Option<u32>, unit: &str, indicator: &str) -> Result<Decimal> {
    let err = || ModelError::NotRepresentable {
        unit: unit.to_owned(),
        indicator: indicator.to_owned(),
        value: x.to_string(),
        target: "a decimal",
    };
    if !x.is_finite() {
        return Err(err());
    }
    match decimals {
        Some(dp) => Decimal::from_f64_retain(x)
            .map(|d| d.round_dp_with_strategy(dp, ROUNDING))
            .ok_or_else(err),
        None => {
            // The shortest text that round-trips the f64, parsed exactly.
            let text = format!("{x}");
            crate::observation::parse_decimal(&text).map_err(|_| err())
        }
    }
}

impl Dataset {
    /// The kernel matrix of `columns` at `period`: rows are the dataset's units in order.
    /// Cells without an exact value are missing; censored counts follow `censored`.
    ///
    /// # Errors
    /// [`ModelError::Unknown`] for a column or period not in the panel;
    /// [`ModelError::NotRepresentable`] naming unit and indicator for a value with no `f64` form.
    pub fn to_matrix(
        &self,
        period: Period,
        columns: &[&str],
        censored: CensoredPolicy,
    ) -> Result<Matrix> {
        self.to_panel_matrix(&[period], columns, censored)
    }

    /// The kernel matrix of `columns` over several periods stacked: rows are
    /// (period 0, unit 0..n), (period 1, unit 0..n), ... Used for panel-wide normalisation.
    ///
    /// # Errors
    /// As [`Dataset::to_matrix`].
    pub fn to_panel_matrix(
        &self,
        periods: &[Period],
        columns: &[&str],
        censored: CensoredPolicy,
    ) -> Result<Matrix> {
        let nu = self.units().len();
        let cols: Vec<usize> = columns
            .iter()
            .map(|c| {
                self.column_position(c).ok_or_else(|| ModelError::Unknown {
                    what: "column",
                    code: (*c).to_owned(),
                })
            })
            .collect::<Result<_>>()?;
        let ps: Vec<usize> = periods
            .iter()
            .map(|p| {
                self.period_position(*p).ok_or_else(|| ModelError::Unknown {
                    what: "period",
                    code: p.to_string(),
                })
            })
            .collect::<Result<_>>()?;
        let nrows = nu * ps.len();
        let mut data = Vec::with_capacity(nrows * cols.len());
        for &c in &cols {
            for &p in &ps {
                for u in 0..nu {
                    let obs = self.at(u, c, p);
                    let exact = match (&obs.status, censored) {
                        (ObsStatus::Value(v), _) => Some(*v),
                        (ObsStatus::Censored { lo, .. }, CensoredPolicy::Lower) => Some(*lo),
                        (ObsStatus::Censored { hi, .. }, CensoredPolicy::Upper) => Some(*hi),
                        (ObsStatus::Censored { lo, hi }, CensoredPolicy::Midpoint) => {
                            Some((*lo + *hi) / Decimal::TWO)
                        }
                        _ => None,
                    };
                    data.push(match exact {
                        Some(v) => {
                            to_f64(v, self.units()[u].code.as_str(), self.columns()[c].as_str())?
                        }
                        None => f64::NAN,
                    });
                }
            }
        }
        Ok(Matrix {
            nrows,
            ncols: cols.len(),
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_even_on_the_exact_value() {
        // 2.675 is 2.67499999... in binary: rounds down whatever the strategy.
        assert_eq!(
            to_decimal(2.675, Some(2), "u", "i").unwrap().to_string(),
            "2.67"
        );
        assert_eq!(to_decimal(0.5, Some(0), "u", "i").unwrap().to_string(), "0");
        assert_eq!(to_decimal(1.5, Some(0), "u", "i").unwrap().to_string(), "2");
        assert_eq!(
            to_decimal(68.383_724_238_341_71, None, "u", "i")
                .unwrap()
                .to_string(),
            "68.38372423834171"
        );
        assert!(to_decimal(f64::INFINITY, Some(2), "u", "i").is_err());
        assert!(to_decimal(1e300, Some(2), "u", "i").is_err());
    }

    #[test]
    fn decimal_to_f64_is_correctly_rounded() {
        let d: Decimal = "105745.12934774019".parse().unwrap();
        let want: f64 = "105745.12934774019".parse().unwrap();
        assert_eq!(to_f64(d, "u", "i").unwrap().to_bits(), want.to_bits());
    }

    #[test]
    fn matrix_shapes() {
        let m = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]]).unwrap();
        assert_eq!(m.column(1), &[2.0, 4.0, 6.0]);
        assert_eq!(m.row(2), vec![5.0, 6.0]);
        assert_eq!(m.columns().count(), 2);
        assert_eq!(m.select_rows(&[2, 0]).column(0), &[5.0, 1.0]);
        assert!(Matrix::from_rows(&[vec![1.0], vec![1.0, 2.0]]).is_err());
        assert!(Matrix::from_columns(1, vec![vec![f64::INFINITY]]).is_err());
    }
}
