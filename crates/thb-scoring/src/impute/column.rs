//! Column and group imputation: the mean or median of the indicator's values in the period,
//! over all units or over the unit's group.

use super::{Impute, ImputeContext};
use crate::error::Result;
use crate::params::{invalid, validated_serde};
use crate::stats;
use thb_model::Matrix;

/// Fills the missing cells of each period block with `stat` of the block's values.
fn impute_blocks(
    data: &Matrix,
    j: usize,
    ctx: &ImputeContext<'_>,
    out: &mut [f64],
    stat: fn(&[f64]) -> Option<f64>,
) -> Result<()> {
    ctx.check(data, j, out)?;
    let col = data.column(j);
    out.copy_from_slice(col);
    for p in 0..ctx.periods.len() {
        let rows = ctx.block(p);
        if let Some(fill) = stat(&col[rows.clone()]) {
            for v in out[rows].iter_mut().filter(|v| v.is_nan()) {
                *v = fill;
            }
        }
    }
    Ok(())
}

/// Column mean (COINr `i_mean`).
///
/// ```
/// use thb_scoring::{impute::{ColumnMean, ImputeContext}, Impute};
/// use thb_model::{Framework, Matrix, Node, Period, Unit};
/// let fw = Framework::new(vec![Node::indicator("x", "I")?, Node::aggregate("I", 2, None)?])?;
/// let units = vec![Unit::new("A")?, Unit::new("B")?, Unit::new("C")?];
/// let data = Matrix::from_columns(3, vec![vec![1.0, f64::NAN, 5.0]])?;
/// let mut out = vec![0.0; 3];
/// ColumnMean.impute(&data, 0, &ImputeContext::new(fw.indicators(), &units, &[Period::Year(2020)]), &mut out)?;
/// assert_eq!(out, [1.0, 3.0, 5.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ColumnMean;

impl Impute for ColumnMean {
    fn impute(
        &self,
        data: &Matrix,
        j: usize,
        ctx: &ImputeContext<'_>,
        out: &mut [f64],
    ) -> Result<()> {
        impute_blocks(data, j, ctx, out, stats::mean)
    }
    fn name(&self) -> &'static str {
        "column_mean"
    }
}

/// Column median (COINr `i_median`).
///
/// ```
/// use thb_scoring::{impute::{ColumnMedian, ImputeContext}, Impute};
/// use thb_model::{Framework, Matrix, Node, Period, Unit};
/// let fw = Framework::new(vec![Node::indicator("x", "I")?, Node::aggregate("I", 2, None)?])?;
/// let units = vec![Unit::new("A")?, Unit::new("B")?, Unit::new("C")?, Unit::new("D")?];
/// let data = Matrix::from_columns(4, vec![vec![1.0, f64::NAN, 2.0, 9.0]])?;
/// let mut out = vec![0.0; 4];
/// ColumnMedian.impute(&data, 0, &ImputeContext::new(fw.indicators(), &units, &[Period::Year(2020)]), &mut out)?;
/// assert_eq!(out[1], 2.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ColumnMedian;

impl Impute for ColumnMedian {
    fn impute(
        &self,
        data: &Matrix,
        j: usize,
        ctx: &ImputeContext<'_>,
        out: &mut [f64],
    ) -> Result<()> {
        impute_blocks(data, j, ctx, out, stats::median)
    }
    fn name(&self) -> &'static str {
        "column_median"
    }
}

/// The parameter of group imputation: the unit group column (COINr `use_group`). Units without
/// a value in that column keep their missing cells; a group with no data stays missing.
///
/// ```
/// use thb_scoring::impute::Group;
/// assert_eq!(Group::new("EurAsia_group")?.group(), "EurAsia_group");
/// assert!(Group::new("").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
pub struct Group {
    group: String,
}
validated_serde!(Group);

impl Group {
    /// Group imputation by the column `group`.
    ///
    /// # Errors
    /// [`ScoringError::Spec`](crate::ScoringError::Spec) when the name is empty.
    pub fn new(group: impl Into<String>) -> Result<Self> {
        let g = Self {
            group: group.into(),
        };
        g.check()?;
        Ok(g)
    }
    fn check(&self) -> Result<()> {
        if self.group.trim().is_empty() {
            Err(invalid("group imputation needs a group column name"))
        } else {
            Ok(())
        }
    }
    /// The group column.
    pub fn group(&self) -> &str {
        &self.group
    }

    /// Fills each missing cell with `stat` of the values of the unit's group in its period.
    pub(super) fn impute_with(
        &self,
        data: &Matrix,
        j: usize,
        ctx: &ImputeContext<'_>,
        out: &mut [f64],
        stat: fn(&[f64]) -> Option<f64>,
    ) -> Result<()> {
        ctx.check(data, j, out)?;
        let col = data.column(j);
        out.copy_from_slice(col);
        // each unit's group as a small index, so that groups are compared as numbers
        let mut names: Vec<&String> = Vec::new();
        let group_of: Vec<Option<usize>> = ctx
            .units
            .iter()
            .map(|u| {
                let g = u.groups.get(&self.group)?;
                Some(names.iter().position(|n| *n == g).unwrap_or_else(|| {
                    names.push(g);
                    names.len() - 1
                }))
            })
            .collect();
        let mut members = Vec::with_capacity(ctx.units.len());
        for p in 0..ctx.periods.len() {
            let rows = ctx.block(p);
            let block = &col[rows.clone()];
            for g in 0..names.len() {
                let missing = |u: usize| group_of[u] == Some(g) && block[u].is_nan();
                if !(0..block.len()).any(missing) {
                    continue;
                }
                members.clear();
                members.extend(
                    (0..block.len())
                        .filter(|&u| group_of[u] == Some(g))
                        .map(|u| block[u]),
                );
                let Some(fill) = stat(&members) else { continue };
                for u in (0..block.len()).filter(|&u| missing(u)) {
                    out[rows.start + u] = fill;
                }
            }
        }
        Ok(())
    }
}
