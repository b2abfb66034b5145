//! Panel (time-series) imputation, COINr `impute_panel`: a unit's missing value in one period
//! comes from its own values in other periods.

use std::fmt;

use thb_model::Matrix;

use super::{Impute, ImputeContext};
use crate::error::{Result, ScoringError};

/// How a gap in a unit's time series is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PanelMethod {
    /// Carry the latest earlier value forward (nothing before the first observation).
    #[default]
    Latest,
    /// Step function: the latest earlier value; before the first observation, the first one
    /// (R `approx(method = "constant", rule = 2)`).
    Constant,
    /// Linear interpolation between the neighbouring observations (by period position), flat
    /// beyond the first and last (R `approx(rule = 2)`).
    Linear,
    /// Linear, falling back to constant when the unit has a single observation (COINr issue
    /// #63). With flat extrapolation this equals [`PanelMethod::Linear`].
    LinearConstant,
}

impl PanelMethod {
    fn name(self) -> &'static str {
        match self {
            Self::Latest => "latest",
            Self::Constant => "constant",
            Self::Linear => "linear",
            Self::LinearConstant => "linear_constant",
        }
    }
}

/// Panel imputation. `max_gap`: a cell is filled only when every observation it is taken from
/// is at most `max_gap` periods away (`None` = no limit). Needs at least two periods.
///
/// ```
/// use thb_scoring::{impute::{ImputeContext, Panel, PanelMethod}, Impute};
/// use thb_model::{Framework, Matrix, Node, Period, Unit};
/// let fw = Framework::new(vec![Node::indicator("x", "I")?, Node::aggregate("I", 2, None)?])?;
/// let units = vec![Unit::new("A")?];
/// let periods = [Period::Year(2020), Period::Year(2021), Period::Year(2022)];
/// // one unit, three periods stacked: 1, NA, 3
/// let data = Matrix::from_columns(3, vec![vec![1.0, f64::NAN, 3.0]])?;
/// let ctx = ImputeContext::new(fw.indicators(), &units, &periods);
/// let mut out = vec![0.0; 3];
/// Panel::new(PanelMethod::Linear, None).impute(&data, 0, &ctx, &mut out)?;
/// assert_eq!(out, [1.0, 2.0, 3.0]);
/// Panel::new(PanelMethod::Latest, None).impute(&data, 0, &ctx, &mut out)?;
/// assert_eq!(out, [1.0, 1.0, 3.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields, default))]
pub struct Panel {
    method: PanelMethod,
    max_gap: Option<usize>,
}

impl Panel {
    /// Panel imputation by `method`, filling gaps of at most `max_gap` periods.
    pub fn new(method: PanelMethod, max_gap: Option<usize>) -> Self {
        Self { method, max_gap }
    }
    /// The method.
    pub fn method(&self) -> PanelMethod {
        self.method
    }
    /// The largest gap filled.
    pub fn max_gap(&self) -> Option<usize> {
        self.max_gap
    }

    /// The value for period `p` of a series `s` (one entry per period), or `None`.
    fn fill(&self, s: &[f64], p: usize) -> Option<f64> {
        let prev = (0..p).rev().find(|&k| !s[k].is_nan());
        let next = (p + 1..s.len()).find(|&k| !s[k].is_nan());
        let near = |k: usize| self.max_gap.is_none_or(|g| k.abs_diff(p) <= g);
        match (self.method, prev, next) {
            (PanelMethod::Latest, Some(a), _) if near(a) => Some(s[a]),
            (PanelMethod::Latest, _, _) => None,
            (PanelMethod::Constant, Some(a), _) if near(a) => Some(s[a]),
            (PanelMethod::Constant, None, Some(b)) if near(b) => Some(s[b]),
            (PanelMethod::Constant, _, _) => None,
            (_, Some(a), Some(b)) if near(a) && near(b) => {
                let t = (p - a) as f64 / (b - a) as f64;
                Some(s[a] + t * (s[b] - s[a]))
            }
            (_, Some(a), None) if near(a) => Some(s[a]),
            (_, None, Some(b)) if near(b) => Some(s[b]),
            _ => None,
        }
    }
}

impl Impute for Panel {
    fn impute(
        &self,
        data: &Matrix,
        j: usize,
        ctx: &ImputeContext<'_>,
        out: &mut [f64],
    ) -> Result<()> {
        ctx.check(data, j, out)?;
        let np = ctx.periods.len();
        if np < 2 {
            return Err(ScoringError::TooFewValues {
                method: "panel imputation",
                node: ctx.code(j).to_owned(),
                needed: 2,
                found: np,
            });
        }
        let nu = ctx.units.len();
        let col = data.column(j);
        out.copy_from_slice(col);
        let mut series = vec![f64::NAN; np];
        for u in 0..nu {
            for (p, s) in series.iter_mut().enumerate() {
                *s = col[p * nu + u];
            }
            for p in 0..np {
                if series[p].is_nan()
                    && let Some(v) = self.fill(&series, p)
                {
                    out[p * nu + u] = v;
                }
            }
        }
        Ok(())
    }
    fn name(&self) -> &'static str {
        "panel"
    }
    fn uses_other_periods(&self) -> bool {
        true
    }
}

impl fmt::Display for Panel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max_gap {
            Some(g) => write!(f, "panel(method = {}, max_gap = {g})", self.method.name()),
            None => write!(f, "panel(method = {})", self.method.name()),
        }
    }
}
