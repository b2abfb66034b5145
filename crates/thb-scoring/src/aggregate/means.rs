//! Compensatory means: arithmetic, geometric, harmonic, power mean, weighted median and the
//! ordered weighted average.

use std::fmt;

use super::{Aggregate, AggregateContext, Children, Scratch, check_shapes};
use crate::error::{Result, ScoringError};
use crate::params::{finite, invalid, validated_serde};

/// Accumulates `Σ w·f(v)` into `scratch.a` and `Σ w` into `scratch.b`, column by column, over
/// the present children with a positive weight; `valid` vets each value first.
fn fold_columns(
    x: &Children<'_>,
    w: &[f64],
    s: &mut Scratch,
    mut valid: impl FnMut(usize, f64) -> Result<()>,
    f: impl Fn(f64) -> f64,
) -> Result<()> {
    let (num, den) = s.two(x.nrows(), 0.0);
    for (k, &wk) in w.iter().enumerate() {
        if wk <= 0.0 {
            continue;
        }
        for (i, &v) in x.column(k).iter().enumerate() {
            if v.is_nan() {
                continue;
            }
            valid(i, v)?;
            num[i] += wk * f(v);
            den[i] += wk;
        }
    }
    Ok(())
}

/// Writes `g(Σ w·f(v), Σ w)` for every row with a usable child, `NaN` otherwise.
fn finish(s: &Scratch, out: &mut [f64], g: impl Fn(f64, f64) -> f64) {
    for ((o, &num), &den) in out.iter_mut().zip(&s.a).zip(&s.b) {
        *o = if den > 0.0 { g(num, den) } else { f64::NAN };
    }
}

/// A check that every value is > 0, failing with an error naming the aggregate and the unit.
fn positive<'c>(
    method: &'static str,
    ctx: &'c AggregateContext<'_>,
) -> impl FnMut(usize, f64) -> Result<()> + 'c {
    move |i, v| {
        if v > 0.0 {
            Ok(())
        } else {
            Err(non_positive(method, ctx, i, v))
        }
    }
}

/// An error for a value <= 0 met by a method that needs positive values.
fn non_positive(
    method: &'static str,
    ctx: &AggregateContext<'_>,
    row: usize,
    value: f64,
) -> ScoringError {
    ScoringError::NonPositive {
        method,
        node: ctx.node.to_owned(),
        unit: ctx.unit(row).to_owned(),
        value,
    }
}

/// Weighted arithmetic mean `Σw·x / Σw` over the present children.
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Arithmetic, Children, Scratch};
/// use thb_scoring::{Aggregate, RowLabel};
/// let rows = RowLabel::numbered(1);
/// let mut out = [0.0];
/// Arithmetic.aggregate(&Children::new(&[1.0, 4.0], 1, &[0, 1])?, &[3.0, 1.0], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert_eq!(out, [1.75]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Arithmetic;

impl Aggregate for Arithmetic {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        _ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        fold_columns(x, w, s, |_, _| Ok(()), |v| v)?;
        finish(s, out, |num, den| num / den);
        Ok(())
    }
    fn name(&self) -> &'static str {
        "arithmetic"
    }
}

/// Weighted geometric mean `exp(Σw·ln x / Σw)`; any present value <= 0 is an error naming the
/// aggregate and the unit (normalise to a positive scale such as min-max [1, 100]).
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Children, Geometric, Scratch};
/// use thb_scoring::{Aggregate, RowLabel};
/// let rows = RowLabel::numbered(1);
/// let mut out = [0.0];
/// let ctx = AggregateContext::new("P", &rows);
/// Geometric.aggregate(&Children::new(&[1.0, 4.0], 1, &[0, 1])?, &[1.0, 1.0], &ctx, &mut out, &mut Scratch::default())?;
/// assert!((out[0] - 2.0).abs() < 1e-12);
/// assert!(Geometric.aggregate(&Children::new(&[0.0, 4.0], 1, &[0, 1])?, &[1.0, 1.0], &ctx, &mut out, &mut Scratch::default()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Geometric;

impl Aggregate for Geometric {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        fold_columns(x, w, s, positive("geometric mean", ctx), f64::ln)?;
        finish(s, out, |num, den| (num / den).exp());
        Ok(())
    }
    fn name(&self) -> &'static str {
        "geometric"
    }
}

/// Weighted harmonic mean `Σw / Σ(w/x)`; any present value <= 0 is an error naming the
/// aggregate and the unit.
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Children, Harmonic, Scratch};
/// use thb_scoring::{Aggregate, RowLabel};
/// let rows = RowLabel::numbered(1);
/// let mut out = [0.0];
/// Harmonic.aggregate(&Children::new(&[1.0, 3.0], 1, &[0, 1])?, &[1.0, 1.0], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert_eq!(out, [1.5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Harmonic;

impl Aggregate for Harmonic {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        fold_columns(x, w, s, positive("harmonic mean", ctx), f64::recip)?;
        finish(s, out, |num, den| den / num);
        Ok(())
    }
    fn name(&self) -> &'static str {
        "harmonic"
    }
}

/// Weighted power (generalised) mean `(Σw·x^p / Σw)^(1/p)`, p != 0, missing children dropped
/// (COINr's `a_genmean` returns NA instead, quirk Q3). Values must be >= 0, and > 0 when p < 0.
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Children, PowerMean, Scratch};
/// use thb_scoring::{Aggregate, RowLabel};
/// let rows = RowLabel::numbered(1);
/// let mut out = [0.0];
/// PowerMean::new(2.0)?.aggregate(&Children::new(&[3.0, 4.0], 1, &[0, 1])?, &[1.0, 1.0], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert!((out[0] - 12.5f64.sqrt()).abs() < 1e-12);
/// assert!(PowerMean::new(0.0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct PowerMean {
    p: f64,
}
validated_serde!(PowerMean);

impl PowerMean {
    /// The power mean of order `p`.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] when `p` is 0 (use the geometric mean) or not finite.
    pub fn new(p: f64) -> Result<Self> {
        let m = Self { p };
        m.check()?;
        Ok(m)
    }
    fn check(&self) -> Result<()> {
        finite("power_mean p", self.p)?;
        if self.p == 0.0 {
            Err(invalid("power_mean p must not be 0 (use \"geometric\")"))
        } else {
            Ok(())
        }
    }
    /// The order.
    pub fn p(&self) -> f64 {
        self.p
    }
}

impl Default for PowerMean {
    /// p = 2 (quadratic mean).
    fn default() -> Self {
        Self { p: 2.0 }
    }
}

impl Aggregate for PowerMean {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        let p = self.p;
        let valid = |i, v: f64| {
            if v > 0.0 || (v == 0.0 && p > 0.0) {
                Ok(())
            } else {
                Err(non_positive("power mean", ctx, i, v))
            }
        };
        fold_columns(x, w, s, valid, |v| v.powf(p))?;
        finish(s, out, |num, den| (num / den).powf(1.0 / p));
        Ok(())
    }
    fn name(&self) -> &'static str {
        "power_mean"
    }
}

impl fmt::Display for PowerMean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "power_mean(p = {})", self.p)
    }
}

/// Weighted median: the smallest value whose cumulative weight (values sorted ascending)
/// reaches half the total; when it reaches exactly half (relative tolerance 1e-12) the mean of
/// that value and the next. With equal weights this is the ordinary median.
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Children, Median, Scratch};
/// use thb_scoring::{Aggregate, RowLabel};
/// let rows = RowLabel::numbered(1);
/// let mut out = [0.0];
/// let x = Children::new(&[1.0, 2.0, 3.0, 4.0], 1, &[0, 1, 2, 3])?;
/// Median.aggregate(&x, &[1.0; 4], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert_eq!(out, [2.5]);
/// Median.aggregate(&x, &[1.0, 1.0, 1.0, 5.0], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert_eq!(out, [4.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Median;

impl Aggregate for Median {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        _ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        for (i, o) in out.iter_mut().enumerate() {
            s.pairs.clear();
            s.pairs.extend(x.present(i, w));
            s.pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let total: f64 = s.pairs.iter().map(|p| p.1).sum();
            let (half, tol) = (total / 2.0, 1e-12 * total);
            let mut cum = 0.0;
            *o = f64::NAN;
            for (k, &(v, wk)) in s.pairs.iter().enumerate() {
                cum += wk;
                if cum >= half - tol {
                    *o = match s.pairs.get(k + 1) {
                        Some(&(next, _)) if (cum - half).abs() <= tol => (v + next) / 2.0,
                        _ => v,
                    };
                    break;
                }
            }
        }
        Ok(())
    }
    fn name(&self) -> &'static str {
        "median"
    }
}

/// Ordered weighted average (Yager): `Σ v_k x_(k)` with `x_(k)` the k-th largest child and
/// ordering weights `v` (>= 0, normalised to sum 1). The family's importance weights only
/// decide which children take part (weight > 0). The number of ordering weights must equal the
/// number of children; when children are missing, the first `m` ordering weights are
/// renormalised over the `m` available values.
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Children, Owa, Scratch};
/// use thb_scoring::{Aggregate, RowLabel};
/// let rows = RowLabel::numbered(1);
/// let mut out = [0.0];
/// // all weight on the smallest value: the minimum
/// Owa::new(vec![0.0, 0.0, 1.0])?.aggregate(&Children::new(&[5.0, 1.0, 3.0], 1, &[0, 1, 2])?, &[1.0; 3], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert_eq!(out, [1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self", deny_unknown_fields))]
pub struct Owa {
    weights: Vec<f64>,
}
validated_serde!(Owa);

impl Owa {
    /// OWA with ordering weights `weights` (largest value first).
    ///
    /// # Errors
    /// [`ScoringError::Spec`] when there is no weight, one is negative or not finite, or all
    /// are 0.
    pub fn new(weights: Vec<f64>) -> Result<Self> {
        let o = Self { weights };
        o.check()?;
        Ok(o)
    }
    fn check(&self) -> Result<()> {
        if self.weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(invalid("owa ordering weights must be finite and >= 0"));
        }
        if self.weights.iter().sum::<f64>() <= 0.0 {
            return Err(invalid("owa needs at least one positive ordering weight"));
        }
        Ok(())
    }
    /// The ordering weights as given.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}

impl Aggregate for Owa {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        if self.weights.len() != x.len() {
            return Err(ScoringError::NotApplicable {
                method: "owa",
                node: ctx.node.to_owned(),
                unit: None,
                reason: format!(
                    "{} ordering weights for {} children",
                    self.weights.len(),
                    x.len()
                ),
            });
        }
        for (i, o) in out.iter_mut().enumerate() {
            s.pairs.clear();
            s.pairs.extend(x.present(i, w));
            s.pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
            let m = s.pairs.len();
            let total: f64 = self.weights[..m].iter().sum();
            *o = if m == 0 {
                f64::NAN
            } else if total > 0.0 {
                s.pairs
                    .iter()
                    .zip(&self.weights)
                    .map(|(p, v)| p.0 * v)
                    .sum::<f64>()
                    / total
            } else {
                return Err(ScoringError::NotApplicable {
                    method: "owa",
                    node: ctx.node.to_owned(),
                    unit: Some(ctx.unit(i).to_owned()),
                    reason: format!(
                        "the first {m} ordering weights, for the available children, are all 0"
                    ),
                });
            };
        }
        Ok(())
    }
    fn name(&self) -> &'static str {
        "owa"
    }
}

impl fmt::Display for Owa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "owa(weights = {:?})", self.weights)
    }
}
