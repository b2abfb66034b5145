//! Imputation of missing values (`composite-methods.md` §3): column and group means and
//! medians, within-parent (row-wise) imputation and panel (time-series) imputation.
//!
//! Imputation works on a working matrix whose columns are the framework's indicators (in
//! order) and whose rows are blocks of units, one block per period (row = `p * n_units + u`).
//! A method reads only the input matrix, so the result never depends on the order in which
//! columns are imputed.
//!
//! ```
//! use thb_scoring::{impute::ImputeContext, Impute, Imputation};
//! use thb_model::{Framework, Matrix, Node, Period, Unit};
//! let fw = Framework::new(vec![Node::indicator("x", "I")?, Node::aggregate("I", 2, None)?])?;
//! let units = vec![Unit::new("A")?, Unit::new("B")?, Unit::new("C")?];
//! let data = Matrix::from_columns(3, vec![vec![1.0, f64::NAN, 3.0]])?;
//! let ctx = ImputeContext::new(fw.indicators(), &units, &[Period::Year(2020)]);
//! let mut out = data.column(0).to_vec();
//! Imputation::ColumnMean.impute(&data, 0, &ctx, &mut out)?;
//! assert_eq!(out, [1.0, 2.0, 3.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::ops::Range;

use thb_model::{Matrix, Node, Period, Unit};

use crate::context::RowLabel;
use crate::error::{Result, ScoringError};

mod column;
mod panel;
mod row;

pub use column::{ColumnMean, ColumnMedian, Group};
pub use panel::{Panel, PanelMethod};
pub use row::WithinParent;

/// What an imputation method knows: the indicators (one per matrix column), the units of a
/// block and the periods (one block each).
#[derive(Debug, Clone, Copy)]
pub struct ImputeContext<'a> {
    /// The indicators, one per matrix column (code, direction, parent).
    pub indicators: &'a [Node],
    /// The units of one block, with their groups.
    pub units: &'a [Unit],
    /// The periods, one block of rows each, in order.
    pub periods: &'a [Period],
}

impl<'a> ImputeContext<'a> {
    /// A context for a matrix of `periods.len()` blocks of `units.len()` rows.
    pub fn new(indicators: &'a [Node], units: &'a [Unit], periods: &'a [Period]) -> Self {
        Self {
            indicators,
            units,
            periods,
        }
    }

    /// The rows of block `p`.
    pub fn block(&self, p: usize) -> Range<usize> {
        p * self.units.len()..(p + 1) * self.units.len()
    }

    /// The label of `row`.
    pub fn label(&self, row: usize) -> Option<RowLabel> {
        let n = self.units.len().max(1);
        Some(RowLabel {
            unit: self.units.get(row % n)?.code.clone(),
            period: *self.periods.get(row / n)?,
        })
    }

    /// The code of indicator `j`.
    pub fn code(&self, j: usize) -> &str {
        self.indicators.get(j).map_or("", |n| n.code.as_str())
    }

    /// Checks that `data` and `out` fit this context.
    pub(crate) fn check(&self, data: &Matrix, j: usize, out: &[f64]) -> Result<()> {
        let rows = self.units.len() * self.periods.len();
        if data.nrows() != rows
            || out.len() != rows
            || data.ncols() != self.indicators.len()
            || j >= data.ncols()
        {
            return Err(ScoringError::Shape(format!(
                "imputation: a {}x{} matrix (column {j}, output {}) does not fit {} units x {} periods and {} indicators",
                data.nrows(),
                data.ncols(),
                out.len(),
                self.units.len(),
                self.periods.len(),
                self.indicators.len()
            )));
        }
        Ok(())
    }
}

/// An imputation method for one column of the working matrix.
///
/// ```
/// use thb_scoring::{impute::ImputeContext, Impute, Result};
/// use thb_model::Matrix;
/// /// Replaces a missing value by 0.
/// struct Zero;
/// impl Impute for Zero {
///     fn impute(&self, data: &Matrix, j: usize, _ctx: &ImputeContext<'_>, out: &mut [f64]) -> Result<()> {
///         for (o, v) in out.iter_mut().zip(data.column(j)) { *o = if v.is_nan() { 0.0 } else { *v }; }
///         Ok(())
///     }
/// }
/// ```
pub trait Impute {
    /// Writes column `j` of `data` into `out` with missing cells imputed where the method
    /// can. Cells it cannot impute stay missing (`NaN`); present cells are never changed.
    ///
    /// # Errors
    /// A [`ScoringError`] when the shapes do not fit or the method cannot apply.
    fn impute(
        &self,
        data: &Matrix,
        j: usize,
        ctx: &ImputeContext<'_>,
        out: &mut [f64],
    ) -> Result<()>;

    /// The method's name, for provenance records.
    fn name(&self) -> &'static str {
        "custom"
    }

    /// `true` when the method reads other periods (the pipeline then keeps every period of
    /// the dataset in the working matrix).
    fn uses_other_periods(&self) -> bool {
        false
    }
}

/// Every built-in imputation, as named in a JSON spec.
///
/// ```
/// use thb_scoring::Imputation;
/// let i: Imputation = serde_json::from_str(r#"{"group_mean": {"group": "EurAsia_group"}}"#)?;
/// assert_eq!(i.name(), "group_mean");
/// assert_eq!(i.to_string(), "group_mean(group = EurAsia_group)");
/// let p: Imputation = serde_json::from_str(r#"{"panel": {"method": "linear", "max_gap": 2}}"#)?;
/// assert_eq!(p.name(), "panel");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Imputation {
    /// No imputation: aggregation later drops missing children.
    #[default]
    None,
    /// Mean of the indicator's values in the period.
    ColumnMean,
    /// Median of the indicator's values in the period.
    ColumnMedian,
    /// Mean of the indicator's values in the unit's group.
    GroupMean(Group),
    /// Median of the indicator's values in the unit's group.
    GroupMedian(Group),
    /// From the unit's other indicators in the same parent (COINr `impute_by = "row"`).
    WithinParent(WithinParent),
    /// From the unit's own values in other periods.
    Panel(Panel),
}

impl Imputation {
    /// The names of every method, as written in a spec.
    pub const NAMES: &'static [&'static str] = &[
        "none",
        "column_mean",
        "column_median",
        "group_mean",
        "group_median",
        "within_parent",
        "panel",
    ];

    /// The method's name as written in a spec.
    pub fn name(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::ColumnMean => "column_mean",
            Self::ColumnMedian => "column_median",
            Self::GroupMean(_) => "group_mean",
            Self::GroupMedian(_) => "group_median",
            Self::WithinParent(_) => "within_parent",
            Self::Panel(_) => "panel",
        }
    }

    /// The group column a group method uses.
    pub fn group(&self) -> Option<&str> {
        match self {
            Self::GroupMean(g) | Self::GroupMedian(g) => Some(g.group()),
            _ => None,
        }
    }
}

impl Impute for Imputation {
    fn impute(
        &self,
        data: &Matrix,
        j: usize,
        ctx: &ImputeContext<'_>,
        out: &mut [f64],
    ) -> Result<()> {
        match self {
            Self::None => {
                ctx.check(data, j, out)?;
                out.copy_from_slice(data.column(j));
                Ok(())
            }
            Self::ColumnMean => ColumnMean.impute(data, j, ctx, out),
            Self::ColumnMedian => ColumnMedian.impute(data, j, ctx, out),
            Self::GroupMean(g) => g.impute_with(data, j, ctx, out, crate::stats::mean),
            Self::GroupMedian(g) => g.impute_with(data, j, ctx, out, crate::stats::median),
            Self::WithinParent(w) => w.impute(data, j, ctx, out),
            Self::Panel(p) => p.impute(data, j, ctx, out),
        }
    }

    fn name(&self) -> &'static str {
        Imputation::name(self)
    }

    fn uses_other_periods(&self) -> bool {
        matches!(self, Self::Panel(_))
    }
}

impl fmt::Display for Imputation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::GroupMean(g) | Self::GroupMedian(g) => {
                write!(f, "{}(group = {})", self.name(), g.group())
            }
            Self::Panel(p) => fmt::Display::fmt(p, f),
            other => f.write_str(other.name()),
        }
    }
}

/// One imputed cell, for provenance.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ImputedCell {
    /// Unit and period.
    pub at: RowLabel,
    /// The indicator.
    pub indicator: String,
    /// The imputed value.
    pub value: f64,
    /// The method's name.
    pub method: &'static str,
}
