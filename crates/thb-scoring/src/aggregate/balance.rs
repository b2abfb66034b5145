//! Partially and non-compensatory aggregators that penalise unbalanced profiles or measure
//! distance to an ideal: Mazziotta-Pareto (MPI, AMPI), the Mean-Min function and the Wroclaw
//! taxonomy.

use std::fmt;

use super::{Aggregate, AggregateContext, Children, Scratch, check_shapes};
use crate::error::{Result, ScoringError};
use crate::params::{finite, invalid, validated_serde};
use crate::stats::{self, SdKind};

/// The sign of the Mazziotta-Pareto penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Penalty {
    /// `M - S·cv`: unbalanced profiles score lower (MPI⁻, for "higher is better" data, which
    /// is what aggregators receive; Compind `penalty = "POS"` polarity). The default.
    #[default]
    Negative,
    /// `M + S·cv` (MPI⁺, for "higher is worse" phenomena).
    Positive,
}

impl Penalty {
    fn sign(self) -> f64 {
        match self {
            Self::Negative => -1.0,
            Self::Positive => 1.0,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Self::Negative => "negative",
            Self::Positive => "positive",
        }
    }
}

fn sd_name(kind: SdKind) -> &'static str {
    match kind {
        SdKind::Sample => "sample",
        SdKind::Population => "population",
    }
}

/// Writes `offset + (v - center) * scale` of every child column into `s.a` (column-major) with
/// `s.idx = 0..k`; `params` gives `(offset, center, scale)` for child `k` and its column.
fn linear_columns(
    x: &Children<'_>,
    s: &mut Scratch,
    mut params: impl FnMut(usize, &[f64]) -> Result<(f64, f64, f64)>,
) -> Result<()> {
    s.a.clear();
    s.idx.clear();
    for k in 0..x.len() {
        let col = x.column(k);
        let (offset, center, scale) = params(k, col)?;
        s.a.extend(col.iter().map(|v| offset + (v - center) * scale));
        s.idx.push(k);
    }
    Ok(())
}

/// Weighted mean, SD and minimum of the present `(value, weight)` pairs. The sample SD uses
/// reliability weights (`Σw(v-M)² / (W - Σw²/W)`), which is the usual n-1 SD for equal
/// weights; a single value has SD 0.
fn row_moments(pairs: &[(f64, f64)], kind: SdKind) -> Option<(f64, f64, f64)> {
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    if pairs.is_empty() || total <= 0.0 {
        return None;
    }
    let mean = pairs.iter().map(|(v, w)| v * w).sum::<f64>() / total;
    let min = pairs.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let ss: f64 = pairs.iter().map(|(v, w)| w * (v - mean) * (v - mean)).sum();
    let divisor = match kind {
        SdKind::Population => total,
        SdKind::Sample => total - pairs.iter().map(|p| p.1 * p.1).sum::<f64>() / total,
    };
    let sd = if pairs.len() < 2 || divisor <= 0.0 {
        0.0
    } else {
        (ss / divisor).sqrt()
    };
    Some((mean, sd, min))
}

/// For every row, the moments of the present values of the (transformed) columns in `s.a`,
/// passed to `f(row, mean, sd, min)`.
fn each_row(
    x: &Children<'_>,
    w: &[f64],
    s: &mut Scratch,
    kind: SdKind,
    out: &mut [f64],
    mut f: impl FnMut(usize, f64, f64, f64) -> Result<f64>,
) -> Result<()> {
    let Scratch { a, pairs, idx, .. } = s;
    let z = Children::new(a, x.nrows(), idx)?;
    for (i, o) in out.iter_mut().enumerate() {
        pairs.clear();
        pairs.extend(z.present(i, w));
        *o = match row_moments(pairs, kind) {
            Some((m, sd, min)) => f(i, m, sd, min)?,
            None => f64::NAN,
        };
    }
    Ok(())
}

/// `M ± S·cv` with `cv = S / M`; `M` must not be 0.
fn penalised(
    method: &'static str,
    ctx: &AggregateContext<'_>,
    row: usize,
    m: f64,
    sd: f64,
    penalty: Penalty,
) -> Result<f64> {
    if sd == 0.0 {
        return Ok(m);
    }
    if m == 0.0 {
        return Err(ScoringError::NotApplicable {
            method,
            node: ctx.node.to_owned(),
            unit: Some(ctx.unit(row).to_owned()),
            reason: "the mean of the children is 0, so the coefficient of variation is undefined"
                .to_owned(),
        });
    }
    Ok(m + penalty.sign() * sd * (sd / m))
}

/// `(offset, center, scale)` of the standardisation `100 + 10 (x - mean) / sd`.
fn standardisation(
    method: &'static str,
    ctx: &AggregateContext<'_>,
    k: usize,
    col: &[f64],
    kind: SdKind,
) -> Result<(f64, f64, f64)> {
    let mean = stats::mean(col).unwrap_or(0.0);
    match stats::sd(col, kind) {
        Some(sd) if sd > 0.0 => Ok((100.0, mean, 10.0 / sd)),
        _ if stats::count(col) == 0 => Ok((100.0, 0.0, 0.0)),
        _ => Err(ScoringError::ConstantColumn {
            method,
            node: ctx.child(k),
            value: mean,
        }),
    }
}

/// The children as they are, or standardised to `100 + 10 (x - mean) / sd`, into `s.a`.
fn standardised_columns(
    method: &'static str,
    x: &Children<'_>,
    s: &mut Scratch,
    ctx: &AggregateContext<'_>,
    kind: SdKind,
    standardise: bool,
) -> Result<()> {
    if standardise {
        linear_columns(x, s, |k, col| standardisation(method, ctx, k, col, kind))
    } else {
        linear_columns(x, s, |_, _| Ok((0.0, 0.0, 1.0)))
    }
}

/// Mazziotta-Pareto index (Mazziotta & Pareto 2016): with `standardise`, each child is first
/// standardised to `z = 100 + 10 (x - mean) / sd` over the units; then per unit
/// `MPI = M ± S·cv` with M, S the (weighted) mean and SD of its z and `cv = S/M`. `sd` is the
/// SD convention of both steps: `population` for the original MPI; `sample` with
/// `standardise = false` is Compind's `ci_mpi` on already normalised data.
///
/// ```
/// use thb_scoring::aggregate::MazziottaPareto;
/// let m: MazziottaPareto = serde_json::from_str(r#"{"penalty": "negative"}"#)?;
/// assert_eq!(m.to_string(), "mazziotta_pareto(penalty = negative, sd = population, standardise = true)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields, default))]
pub struct MazziottaPareto {
    /// The sign of the penalty.
    pub penalty: Penalty,
    /// The SD convention.
    pub sd: SdKind,
    /// Standardise each child to 100 ± 10 first.
    pub standardise: bool,
}

impl Default for MazziottaPareto {
    /// The original MPI⁻: negative penalty, population SD, standardised.
    fn default() -> Self {
        Self {
            penalty: Penalty::Negative,
            sd: SdKind::Population,
            standardise: true,
        }
    }
}

impl Aggregate for MazziottaPareto {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        const METHOD: &str = "mazziotta_pareto";
        check_shapes(x, w, out)?;
        let kind = self.sd;
        standardised_columns(METHOD, x, s, ctx, kind, self.standardise)?;
        each_row(x, w, s, kind, out, |i, m, sd, _| {
            penalised(METHOD, ctx, i, m, sd, self.penalty)
        })
    }
    fn name(&self) -> &'static str {
        "mazziotta_pareto"
    }
}

impl fmt::Display for MazziottaPareto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mazziotta_pareto(penalty = {}, sd = {}, standardise = {})",
            self.penalty.name(),
            sd_name(self.sd),
            self.standardise
        )
    }
}

/// Adjusted Mazziotta-Pareto index (Mazziotta & Pareto 2016): each child is rescaled with
/// goalposts around a reference value `Ref` (the column mean, or `reference` when given):
/// `Δ = (max - min)/2`, `r = (x - (Ref - Δ)) / (2Δ) · 60 + 70` (Ref ↦ 100, range about
/// [70, 130]); then `AMPI = M ± S·cv` with the population SD. min, max and the mean are over
/// the units being aggregated (one period).
///
/// ```
/// use thb_scoring::aggregate::Ampi;
/// let a: Ampi = serde_json::from_str(r#"{"reference": 100}"#)?;
/// assert_eq!(a.to_string(), "ampi(penalty = negative, reference = 100)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct Ampi {
    penalty: Penalty,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    reference: Option<f64>,
}
validated_serde!(Ampi);

impl Ampi {
    /// AMPI with the given penalty and reference value (`None` = each column's mean).
    ///
    /// # Errors
    /// [`ScoringError::Spec`] when the reference is not finite.
    pub fn new(penalty: Penalty, reference: Option<f64>) -> Result<Self> {
        let a = Self { penalty, reference };
        a.check()?;
        Ok(a)
    }
    fn check(&self) -> Result<()> {
        self.reference
            .map_or(Ok(()), |r| finite("ampi reference", r))
    }
}

impl Aggregate for Ampi {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        const METHOD: &str = "ampi";
        check_shapes(x, w, out)?;
        linear_columns(x, s, |k, col| {
            let Some((lo, hi)) = stats::min_max(col) else {
                return Ok((70.0, 0.0, 0.0));
            };
            let reference = self.reference.or_else(|| stats::mean(col)).unwrap_or(lo);
            let delta = (hi - lo) / 2.0;
            if delta <= 0.0 {
                return Err(ScoringError::ConstantColumn {
                    method: METHOD,
                    node: ctx.child(k),
                    value: lo,
                });
            }
            Ok((70.0, reference - delta, 30.0 / delta))
        })?;
        each_row(x, w, s, SdKind::Population, out, |i, m, sd, _| {
            penalised(METHOD, ctx, i, m, sd, self.penalty)
        })
    }
    fn name(&self) -> &'static str {
        "ampi"
    }
}

impl fmt::Display for Ampi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reference {
            Some(r) => write!(
                f,
                "ampi(penalty = {}, reference = {r})",
                self.penalty.name()
            ),
            None => write!(
                f,
                "ampi(penalty = {}, reference = column mean)",
                self.penalty.name()
            ),
        }
    }
}

/// Mean-Min function (Tarabusi & Guarini 2013): with `standardise`, each child becomes
/// `z = 100 + 10 (x - mean)/sd` (sample SD); per unit `MMF = M - α (sqrt((M - min)² + β²) - β)`
/// with M the weighted mean and min the smallest of its z. α ∈ [0, 1] tunes compensability
/// (α = 0: arithmetic mean; α = 1, β = 0: minimum); β >= 0.
///
/// ```
/// use thb_scoring::aggregate::MeanMin;
/// assert!(MeanMin::new(1.5, 1.0, true).is_err());
/// let m = MeanMin::new(0.5, 1.0, true)?;
/// assert_eq!(m.to_string(), "mean_min(alpha = 0.5, beta = 1, standardise = true)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct MeanMin {
    alpha: f64,
    beta: f64,
    standardise: bool,
}
validated_serde!(MeanMin);

impl MeanMin {
    /// The Mean-Min function with compensability `alpha` and smoothing `beta`.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] unless `0 <= alpha <= 1` and `beta >= 0` (finite).
    pub fn new(alpha: f64, beta: f64, standardise: bool) -> Result<Self> {
        let m = Self {
            alpha,
            beta,
            standardise,
        };
        m.check()?;
        Ok(m)
    }
    fn check(&self) -> Result<()> {
        finite("mean_min alpha", self.alpha)?;
        finite("mean_min beta", self.beta)?;
        if !(0.0..=1.0).contains(&self.alpha) || self.beta < 0.0 {
            return Err(invalid(format!(
                "mean_min needs 0 <= alpha <= 1 and beta >= 0, got alpha = {}, beta = {}",
                self.alpha, self.beta
            )));
        }
        Ok(())
    }
}

impl Default for MeanMin {
    /// α = 0.5, β = 1, standardised.
    fn default() -> Self {
        Self {
            alpha: 0.5,
            beta: 1.0,
            standardise: true,
        }
    }
}

impl Aggregate for MeanMin {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        standardised_columns("mean_min", x, s, ctx, SdKind::Sample, self.standardise)?;
        let (a, b) = (self.alpha, self.beta);
        each_row(x, w, s, SdKind::Sample, out, |_, m, _, min| {
            Ok(m - a * (((m - min) * (m - min) + b * b).sqrt() - b))
        })
    }
    fn name(&self) -> &'static str {
        "mean_min"
    }
}

impl fmt::Display for MeanMin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mean_min(alpha = {}, beta = {}, standardise = {})",
            self.alpha, self.beta, self.standardise
        )
    }
}

/// Wroclaw taxonomy / Hellwig's development measure: `d_i` = weighted Euclidean distance of
/// unit i to the ideal unit (each child's maximum), `sqrt(Σw (x - max)² / Σw)` over its present
/// children; `d0 = mean(d) + 2 sd(d)` (sample SD); the score is `1 - d_i / d0`, so that
/// **higher is better** like every other aggregate (Compind's `ci_wroclaw` returns
/// `d_i / d0`, lower is better). Expects normalised input.
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Children, Scratch, Wroclaw};
/// use thb_scoring::{Aggregate, RowLabel};
/// let rows = RowLabel::numbered(3);
/// let mut out = [0.0; 3];
/// Wroclaw.aggregate(&Children::new(&[0.0, 0.5, 1.0], 3, &[0])?, &[1.0], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert!(out[2] == 1.0 && out[1] > out[0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wroclaw;

impl Aggregate for Wroclaw {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        _ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        let (num, den) = s.two(x.nrows(), 0.0);
        for (k, &wk) in w.iter().enumerate() {
            let col = x.column(k);
            let Some((_, ideal)) = stats::min_max(col) else {
                continue;
            };
            if wk <= 0.0 {
                continue;
            }
            for (i, &v) in col.iter().enumerate() {
                if !v.is_nan() {
                    num[i] += wk * (v - ideal) * (v - ideal);
                    den[i] += wk;
                }
            }
        }
        for ((o, &n), &d) in out.iter_mut().zip(num.iter()).zip(den.iter()) {
            *o = if d > 0.0 { (n / d).sqrt() } else { f64::NAN };
        }
        let d0 =
            stats::mean(out).unwrap_or(0.0) + 2.0 * stats::sd(out, SdKind::Sample).unwrap_or(0.0);
        for v in out.iter_mut().filter(|v| !v.is_nan()) {
            *v = if d0 > 0.0 { 1.0 - *v / d0 } else { 1.0 };
        }
        Ok(())
    }
    fn name(&self) -> &'static str {
        "wroclaw"
    }
}
