//! Within-parent (row-wise) imputation, COINr `Impute(impute_by = "row", normalise_first =
//! TRUE)` with `i_mean`: each indicator of the parent is min-max scaled to [0, 1] with its
//! direction applied, a missing cell takes the mean of the unit's other scaled values in the
//! same parent, and the result is transformed back to the indicator's scale.
//!
//! For the arithmetic mean this equals "aggregate only the available children".

use std::fmt;

use thb_model::Matrix;

use super::{Impute, ImputeContext};
use crate::error::Result;
use crate::stats;

/// Within-parent imputation (no parameters: `{"within_parent": {}}`).
///
/// A unit with no other value in the parent keeps its missing cell. Siblings with a constant
/// column carry no information and are skipped as donors.
///
/// ```
/// use thb_scoring::{impute::{ImputeContext, WithinParent}, Impute};
/// use thb_model::{Framework, Matrix, Node, Period, Unit};
/// let fw = Framework::new(vec![
///     Node::indicator("a", "P")?, Node::indicator("b", "P")?, Node::aggregate("P", 2, None)?,
/// ])?;
/// let units = vec![Unit::new("A")?, Unit::new("B")?, Unit::new("C")?];
/// // b is missing for C; C is at 50 % of a's range, so b is imputed at 50 % of b's range.
/// let data = Matrix::from_columns(3, vec![vec![0.0, 10.0, 5.0], vec![100.0, 300.0, f64::NAN]])?;
/// let mut out = vec![0.0; 3];
/// WithinParent {}.impute(&data, 1, &ImputeContext::new(fw.indicators(), &units, &[Period::Year(2020)]), &mut out)?;
/// assert_eq!(out[2], 200.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct WithinParent {}

/// Oriented min and max of a block of a column (`None` when it has no value).
fn oriented_range(col: &[f64], sign: f64) -> Option<(f64, f64)> {
    stats::min_max(col).map(|(lo, hi)| if sign > 0.0 { (lo, hi) } else { (-hi, -lo) })
}

impl Impute for WithinParent {
    fn impute(
        &self,
        data: &Matrix,
        j: usize,
        ctx: &ImputeContext<'_>,
        out: &mut [f64],
    ) -> Result<()> {
        ctx.check(data, j, out)?;
        let col = data.column(j);
        out.copy_from_slice(col);
        let me = &ctx.indicators[j];
        let siblings: Vec<usize> = ctx
            .indicators
            .iter()
            .enumerate()
            .filter(|(k, n)| *k != j && n.parent.is_some() && n.parent == me.parent)
            .map(|(k, _)| k)
            .collect();
        let sign = me.direction.sign();
        for p in 0..ctx.periods.len() {
            let rows = ctx.block(p);
            let Some((lo, hi)) = oriented_range(&col[rows.clone()], sign) else {
                continue;
            };
            // (column, oriented min, oriented range, sign) of every informative sibling
            let donors: Vec<(&[f64], f64, f64, f64)> = siblings
                .iter()
                .filter_map(|&k| {
                    let s = ctx.indicators[k].direction.sign();
                    let c = &data.column(k)[rows.clone()];
                    let (l, h) = oriented_range(c, s)?;
                    (h > l).then_some((c, l, h - l, s))
                })
                .collect();
            for (u, row) in rows.clone().enumerate() {
                if !col[row].is_nan() {
                    continue;
                }
                let (sum, n) = donors.iter().fold((0.0, 0usize), |(sum, n), (c, l, r, s)| {
                    let v = c[u];
                    if v.is_nan() {
                        (sum, n)
                    } else {
                        (sum + (v * s - l) / r, n + 1)
                    }
                });
                if n > 0 {
                    let m = sum / n as f64;
                    out[row] = (m * (hi - lo) + lo) * sign;
                }
            }
        }
        Ok(())
    }
    fn name(&self) -> &'static str {
        "within_parent"
    }
}

impl fmt::Display for WithinParent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("within_parent")
    }
}
