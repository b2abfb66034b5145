//! Normalisations that shift and scale the oriented column: min-max, z-score, distance to the
//! maximum, to a target, to a reference unit, goalposts and fixed scaling.

use std::fmt;

use thb_model::{Direction, UnitCode};

use super::{Normalise, check_len, orient, spread};
use crate::context::IndicatorContext;
use crate::error::{Result, ScoringError};
use crate::params::{finite, invalid, validated_serde};
use crate::stats::{self, SdKind};

/// Applies `f` to every present value of `y` in place.
fn map_present(y: &mut [f64], f: impl Fn(f64) -> f64) {
    for v in y.iter_mut().filter(|v| !v.is_nan()) {
        *v = f(*v);
    }
}

/// Flips a pair of posts given on the original scale to the oriented scale.
fn orient_posts(lower: f64, upper: f64, direction: Direction) -> (f64, f64) {
    match direction {
        Direction::Positive => (lower, upper),
        Direction::Negative => (-upper, -lower),
    }
}

/// Min-max: `(x - min) / (max - min) * (high - low) + low` on the oriented column.
///
/// ```
/// use thb_scoring::{normalise::MinMax, IndicatorContext, Normalise, RowLabel};
/// use thb_model::Direction;
/// let rows = RowLabel::numbered(3);
/// let ctx = IndicatorContext::new("x", &rows).direction(Direction::Negative);
/// assert_eq!(MinMax::new(0.0, 1.0)?.normalised(&[1.0, 2.0, 3.0], &ctx)?, [1.0, 0.5, 0.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct MinMax {
    low: f64,
    high: f64,
}
validated_serde!(MinMax);

impl MinMax {
    /// Min-max onto `[low, high]`.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] unless both are finite and `low < high`.
    pub fn new(low: f64, high: f64) -> Result<Self> {
        let m = Self { low, high };
        m.check()?;
        Ok(m)
    }
    fn check(&self) -> Result<()> {
        finite("min_max low", self.low)?;
        finite("min_max high", self.high)?;
        if self.low < self.high {
            Ok(())
        } else {
            Err(invalid(format!(
                "min_max needs low < high, got [{}, {}]",
                self.low, self.high
            )))
        }
    }
    /// The lower end of the output range.
    pub fn low(&self) -> f64 {
        self.low
    }
    /// The upper end of the output range.
    pub fn high(&self) -> f64 {
        self.high
    }
}

impl Default for MinMax {
    /// [0, 100], COINr's default.
    fn default() -> Self {
        Self {
            low: 0.0,
            high: 100.0,
        }
    }
}

impl Normalise for MinMax {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        orient(x, ctx.direction, out)?;
        if let Some((lo, hi)) = spread("min_max", ctx, out)? {
            let width = self.high - self.low;
            map_present(out, |v| (v - lo) / (hi - lo) * width + self.low);
        }
        Ok(())
    }
}

impl fmt::Display for MinMax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "min_max(low = {}, high = {})", self.low, self.high)
    }
}

/// Z-score: `(x - mean) / sd * sd' + mean'` with the sample SD (n - 1), on the oriented column.
///
/// ```
/// use thb_scoring::{normalise::ZScore, IndicatorContext, Normalise, RowLabel};
/// let rows = RowLabel::numbered(3);
/// let z = ZScore::new(0.0, 1.0)?.normalised(&[1.0, 2.0, 3.0], &IndicatorContext::new("x", &rows))?;
/// assert_eq!(z, [-1.0, 0.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct ZScore {
    mean: f64,
    sd: f64,
}
validated_serde!(ZScore);

impl ZScore {
    /// Z-scores rescaled to the given mean and standard deviation.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] unless both are finite and `sd > 0`.
    pub fn new(mean: f64, sd: f64) -> Result<Self> {
        let z = Self { mean, sd };
        z.check()?;
        Ok(z)
    }
    fn check(&self) -> Result<()> {
        finite("z_score mean", self.mean)?;
        finite("z_score sd", self.sd)?;
        if self.sd > 0.0 {
            Ok(())
        } else {
            Err(invalid(format!("z_score needs sd > 0, got {}", self.sd)))
        }
    }
}

impl Default for ZScore {
    /// Mean 0, SD 1.
    fn default() -> Self {
        Self { mean: 0.0, sd: 1.0 }
    }
}

impl Normalise for ZScore {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        orient(x, ctx.direction, out)?;
        let Some(m) = stats::mean(out) else {
            return Ok(());
        };
        let n = stats::count(out);
        let s = stats::sd(out, SdKind::Sample).ok_or_else(|| ScoringError::TooFewValues {
            method: "z_score",
            node: ctx.code.to_owned(),
            needed: 2,
            found: n,
        })?;
        if s <= 0.0 {
            return Err(ScoringError::ConstantColumn {
                method: "z_score",
                node: ctx.code.to_owned(),
                value: m * ctx.direction.sign(),
            });
        }
        map_present(out, |v| (v - m) / s * self.sd + self.mean);
        Ok(())
    }
}

impl fmt::Display for ZScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "z_score(mean = {}, sd = {})", self.mean, self.sd)
    }
}

/// Distance to the maximum: `1 - (max - x) / (max - min)` on the oriented column (min-max to
/// [0, 1]).
///
/// ```
/// use thb_scoring::{normalise::DistanceToMax, IndicatorContext, Normalise, RowLabel};
/// let rows = RowLabel::numbered(3);
/// let d = DistanceToMax {}.normalised(&[1.0, 2.0, 5.0], &IndicatorContext::new("x", &rows))?;
/// assert_eq!(d, [0.0, 0.25, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct DistanceToMax {}

impl Normalise for DistanceToMax {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        orient(x, ctx.direction, out)?;
        if let Some((lo, hi)) = spread("distance_to_max", ctx, out)? {
            map_present(out, |v| 1.0 - (hi - v) / (hi - lo));
        }
        Ok(())
    }
}

impl fmt::Display for DistanceToMax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("distance_to_max")
    }
}

/// Distance to target: `(x - min) / (target - min)` on the oriented column, capped at 1 when
/// `cap` (reaching the target gives full score). For direction -1 this is
/// `(max - x) / (max - target)` on the original scale.
///
/// The target is the spec's `target` when given, else the indicator's iMeta `Target`. A target
/// at or below the worst value cannot be used (division by zero or reversed scale): typed error.
///
/// ```
/// use thb_scoring::{normalise::DistanceToTarget, IndicatorContext, Normalise, RowLabel};
/// let rows = RowLabel::numbered(3);
/// let ctx = IndicatorContext::new("x", &rows).target(Some(5.0));
/// assert_eq!(DistanceToTarget::new(None, true)?.normalised(&[1.0, 3.0, 7.0], &ctx)?, [0.0, 0.5, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct DistanceToTarget {
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    target: Option<f64>,
    cap: bool,
}
validated_serde!(DistanceToTarget);

impl DistanceToTarget {
    /// Distance to `target` (original scale; `None` = the indicator's iMeta target).
    ///
    /// # Errors
    /// [`ScoringError::Spec`] when the target is not finite.
    pub fn new(target: Option<f64>, cap: bool) -> Result<Self> {
        let d = Self { target, cap };
        d.check()?;
        Ok(d)
    }
    fn check(&self) -> Result<()> {
        self.target
            .map_or(Ok(()), |t| finite("distance_to_target target", t))
    }
    /// The target given in the spec (`None` = the indicator's iMeta target).
    pub fn target(&self) -> Option<f64> {
        self.target
    }
}

impl Default for DistanceToTarget {
    /// The iMeta target, capped.
    fn default() -> Self {
        Self {
            target: None,
            cap: true,
        }
    }
}

impl Normalise for DistanceToTarget {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        const METHOD: &str = "distance_to_target";
        let target = self
            .target
            .or(ctx.target)
            .ok_or_else(|| ScoringError::MissingParameter {
                method: METHOD,
                node: ctx.code.to_owned(),
                parameter: "a target",
            })?;
        orient(x, ctx.direction, out)?;
        let Some((lo, _)) = stats::min_max(out) else {
            return Ok(());
        };
        let t = target * ctx.direction.sign();
        if t <= lo {
            return Err(ScoringError::NotApplicable {
                method: METHOD,
                node: ctx.code.to_owned(),
                unit: None,
                reason: format!(
                    "the target {target} is not better than the worst value {}",
                    lo * ctx.direction.sign()
                ),
            });
        }
        let cap = self.cap;
        map_present(out, |v| {
            let d = (v - lo) / (t - lo);
            if cap { d.min(1.0) } else { d }
        });
        Ok(())
    }
}

impl fmt::Display for DistanceToTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.target {
            Some(t) => write!(f, "distance_to_target(target = {t}, cap = {})", self.cap),
            None => write!(f, "distance_to_target(cap = {})", self.cap),
        }
    }
}

/// Goalposts: `(x - lower) / (upper - lower)`, truncated to [0, 1] when `truncate`, times
/// `scale`; for direction -1 the posts flip, giving `(upper - x) / (upper - lower)`.
///
/// Posts come from the spec when given, else from the indicator's iMeta goalposts. `scale` and
/// `truncate`: the spec's when given, else iMeta's, else 100 and `true`.
///
/// ```
/// use thb_scoring::{normalise::GoalpostsNorm, IndicatorContext, Normalise, RowLabel};
/// let rows = RowLabel::numbered(3);
/// let g = GoalpostsNorm::new(Some((2.0, 6.0)), Some(1.0), None)?;
/// assert_eq!(g.normalised(&[1.0, 3.0, 7.0], &IndicatorContext::new("x", &rows))?, [0.0, 0.25, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct GoalpostsNorm {
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    lower: Option<f64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    upper: Option<f64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    scale: Option<f64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    truncate: Option<bool>,
}
validated_serde!(GoalpostsNorm);

impl GoalpostsNorm {
    /// Goalposts `(lower, upper)` on the original scale (`None` = iMeta's), with optional scale
    /// and truncation overriding iMeta's.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] when a value is not finite, `lower >= upper`, or the scale is 0.
    pub fn new(
        posts: Option<(f64, f64)>,
        scale: Option<f64>,
        truncate: Option<bool>,
    ) -> Result<Self> {
        let g = Self {
            lower: posts.map(|p| p.0),
            upper: posts.map(|p| p.1),
            scale,
            truncate,
        };
        g.check()?;
        Ok(g)
    }
    fn check(&self) -> Result<()> {
        match (self.lower, self.upper) {
            (None, None) => {}
            (Some(l), Some(u)) => {
                finite("goalposts lower", l)?;
                finite("goalposts upper", u)?;
                if l >= u {
                    return Err(invalid(format!(
                        "goalposts need lower < upper, got [{l}, {u}]"
                    )));
                }
            }
            _ => {
                return Err(invalid(
                    "goalposts: give both `lower` and `upper`, or neither",
                ));
            }
        }
        if let Some(s) = self.scale {
            finite("goalposts scale", s)?;
            if s == 0.0 {
                return Err(invalid("goalposts scale must not be 0"));
            }
        }
        Ok(())
    }
    /// `true` when the spec gives the posts (else the indicator's iMeta goalposts are used).
    pub fn has_posts(&self) -> bool {
        self.lower.is_some()
    }
}

impl GoalpostsNorm {
    /// The posts (spec first, else iMeta), scale and truncation for an indicator.
    fn resolve(
        &self,
        method: &'static str,
        ctx: &IndicatorContext<'_>,
    ) -> Result<(f64, f64, f64, bool)> {
        let meta = ctx.goalposts;
        let (lower, upper) = match (self.lower, self.upper, meta) {
            (Some(l), Some(u), _) => (l, u),
            (_, _, Some(g)) => (g.lower(), g.upper()),
            _ => {
                return Err(ScoringError::MissingParameter {
                    method,
                    node: ctx.code.to_owned(),
                    parameter: "goalposts",
                });
            }
        };
        if lower >= upper {
            return Err(ScoringError::NotApplicable {
                method,
                node: ctx.code.to_owned(),
                unit: None,
                reason: format!("the goalposts [{lower}, {upper}] need lower < upper"),
            });
        }
        let scale = self.scale.or(meta.and_then(|g| g.scale)).unwrap_or(100.0);
        let truncate = self
            .truncate
            .or(meta.and_then(|g| g.truncate))
            .unwrap_or(true);
        Ok((lower, upper, scale, truncate))
    }
}

/// Maps an oriented column in place onto `[0, scale]` between oriented posts.
fn apply_posts(out: &mut [f64], (l, u): (f64, f64), scale: f64, truncate: bool) {
    map_present(out, |v| {
        let r = (v - l) / (u - l);
        let r = if truncate { r.clamp(0.0, 1.0) } else { r };
        r * scale
    });
}

impl Normalise for GoalpostsNorm {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        let (lower, upper, scale, truncate) = self.resolve("goalposts", ctx)?;
        orient(x, ctx.direction, out)?;
        apply_posts(
            out,
            orient_posts(lower, upper, ctx.direction),
            scale,
            truncate,
        );
        Ok(())
    }
    fn name(&self) -> &'static str {
        "goalposts"
    }
}

/// Goalposts on the `ln(1 + x)` scale: `(ln(1+x) - ln(1+l)) / (ln(1+u) - ln(1+l))`, oriented by
/// direction, truncated and scaled like [`GoalpostsNorm`] (whose parameters it takes; the posts
/// are given on the original scale). This is the THB INDEX `LOGMM` code for per-capita rates
/// and counts, whose distributions are strongly right-skewed: fixed posts keep scores
/// comparable across years.
///
/// ```
/// use thb_scoring::{normalise::{GoalpostsNorm, LogGoalposts}, IndicatorContext, Normalise, RowLabel};
/// let rows = RowLabel::numbered(3);
/// let n = LogGoalposts::new(GoalpostsNorm::new(Some((0.0, 99.0)), Some(100.0), Some(true))?);
/// let out = n.normalised(&[0.0, 9.0, 99.0], &IndicatorContext::new("PT02", &rows))?;
/// assert!((out[1] - 50.0).abs() < 1e-12); // ln 10 is half of ln 100
/// assert!(n.normalised(&[-1.0], &IndicatorContext::new("PT02", &rows[..1])).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct LogGoalposts(GoalpostsNorm);

impl LogGoalposts {
    /// Log goalposts with the given goalpost parameters.
    pub fn new(posts: GoalpostsNorm) -> Self {
        Self(posts)
    }
}

impl Normalise for LogGoalposts {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        let (lower, upper, scale, truncate) = self.0.resolve("log_goalposts", ctx)?;
        check_len(x, out)?;
        if lower <= -1.0 {
            return Err(ScoringError::NotApplicable {
                method: "log_goalposts",
                node: ctx.code.to_owned(),
                unit: None,
                reason: format!("ln(1 + x) needs a lower goalpost above -1, got {lower}"),
            });
        }
        for (i, (o, v)) in out.iter_mut().zip(x).enumerate() {
            if *v <= -1.0 {
                return Err(ScoringError::NotApplicable {
                    method: "log_goalposts",
                    node: ctx.code.to_owned(),
                    unit: ctx.rows.get(i).map(|r| r.unit.to_string()),
                    reason: format!("ln(1 + x) needs x > -1, got {v}"),
                });
            }
            *o = v.ln_1p() * ctx.direction.sign(); // NaN (missing) stays NaN
        }
        let posts = orient_posts(lower.ln_1p(), upper.ln_1p(), ctx.direction);
        apply_posts(out, posts, scale, truncate);
        Ok(())
    }
    fn name(&self) -> &'static str {
        "log_goalposts"
    }
}

impl fmt::Display for LogGoalposts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "log_{}", self.0)
    }
}

impl fmt::Display for GoalpostsNorm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("goalposts(")?;
        if let (Some(l), Some(u)) = (self.lower, self.upper) {
            write!(f, "lower = {l}, upper = {u}, ")?;
        }
        match self.scale {
            Some(s) => write!(f, "scale = {s}, ")?,
            None => f.write_str("scale = iMeta or 100, ")?,
        }
        match self.truncate {
            Some(t) => write!(f, "truncate = {t})"),
            None => f.write_str("truncate = iMeta or true)"),
        }
    }
}

/// Distance to a reference unit: `1 - (x_ref - x) / (x_ref - min)` on the oriented column,
/// optionally capped at 1 (units better than the reference get 1).
///
/// The reference is looked up among the rows of the period being scored.
///
/// ```
/// use thb_scoring::{normalise::DistanceToReference, IndicatorContext, Normalise, RowLabel};
/// use thb_model::Period;
/// let rows = RowLabel::for_units(&["AUT", "BEL", "CHE"], Period::Year(2020))?;
/// let d = DistanceToReference::new("AUT".parse()?, false);
/// assert_eq!(d.normalised(&[3.0, 1.0, 7.0], &IndicatorContext::new("x", &rows))?, [1.0, 0.0, 3.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct DistanceToReference {
    unit: UnitCode,
    #[cfg_attr(feature = "serde", serde(default))]
    cap: bool,
}

impl DistanceToReference {
    /// Distance to the unit `unit`, capped at 1 when `cap`.
    pub fn new(unit: UnitCode, cap: bool) -> Self {
        Self { unit, cap }
    }
    /// The reference unit.
    pub fn unit(&self) -> &UnitCode {
        &self.unit
    }
}

impl Normalise for DistanceToReference {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        const METHOD: &str = "distance_to_reference";
        let unit = self.unit.as_str();
        let row = ctx.row_of(unit).ok_or_else(|| ScoringError::Unknown {
            what: "reference unit",
            code: unit.to_owned(),
        })?;
        orient(x, ctx.direction, out)?;
        let r = out[row];
        if r.is_nan() {
            return Err(ScoringError::NotApplicable {
                method: METHOD,
                node: ctx.code.to_owned(),
                unit: Some(unit.to_owned()),
                reason: "the reference unit has no value".to_owned(),
            });
        }
        let Some((lo, _)) = stats::min_max(out) else {
            return Ok(());
        };
        if r <= lo {
            return Err(ScoringError::NotApplicable {
                method: METHOD,
                node: ctx.code.to_owned(),
                unit: Some(unit.to_owned()),
                reason: "the reference unit has the worst value, so distances divide by zero"
                    .to_owned(),
            });
        }
        let cap = self.cap;
        map_present(out, |v| {
            let d = 1.0 - (r - v) / (r - lo);
            if cap { d.min(1.0) } else { d }
        });
        Ok(())
    }
}

impl fmt::Display for DistanceToReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "distance_to_reference(unit = {}, cap = {})",
            self.unit, self.cap
        )
    }
}

/// Fixed linear scaling: `(x - low) / (high - low) * factor`, no truncation (COINr
/// `n_scaled`). `low` and `high` are on the original scale and flip for direction -1, giving
/// `(high - x) / (high - low) * factor`.
///
/// ```
/// use thb_scoring::{normalise::Scaled, IndicatorContext, Normalise, RowLabel};
/// let rows = RowLabel::numbered(2);
/// let s = Scaled::new(1.0, 10.0, 100.0)?;
/// assert_eq!(s.normalised(&[1.0, 10.0], &IndicatorContext::new("x", &rows))?, [0.0, 100.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(remote = "Self", deny_unknown_fields, default)
)]
pub struct Scaled {
    low: f64,
    high: f64,
    factor: f64,
}
validated_serde!(Scaled);

impl Scaled {
    /// Scaling between `low` and `high`, times `factor`.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] unless all are finite, `low < high` and `factor != 0`.
    pub fn new(low: f64, high: f64, factor: f64) -> Result<Self> {
        let s = Self { low, high, factor };
        s.check()?;
        Ok(s)
    }
    fn check(&self) -> Result<()> {
        finite("scaled low", self.low)?;
        finite("scaled high", self.high)?;
        finite("scaled factor", self.factor)?;
        if self.low >= self.high {
            return Err(invalid(format!(
                "scaled needs low < high, got [{}, {}]",
                self.low, self.high
            )));
        }
        if self.factor == 0.0 {
            return Err(invalid("scaled factor must not be 0"));
        }
        Ok(())
    }
}

impl Default for Scaled {
    /// [0, 1] times 100.
    fn default() -> Self {
        Self {
            low: 0.0,
            high: 1.0,
            factor: 100.0,
        }
    }
}

impl Normalise for Scaled {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        let (l, u) = orient_posts(self.low, self.high, ctx.direction);
        orient(x, ctx.direction, out)?;
        map_present(out, |v| (v - l) / (u - l) * self.factor);
        Ok(())
    }
}

impl fmt::Display for Scaled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "scaled(low = {}, high = {}, factor = {})",
            self.low, self.high, self.factor
        )
    }
}
