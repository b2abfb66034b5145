//! Aggregation: children -> parent, level by level (`composite-methods.md` §7).
//!
//! Every aggregator receives oriented values (after normalisation every child is "higher is
//! better"), the children's raw weights (>= 0; a child with weight 0 is ignored), and writes one
//! value per unit. Missing children are dropped and the weights of the others renormalised;
//! a unit with no child left is missing. The child-availability threshold
//! (`min_child_availability`) is applied by [`aggregate_into`] for every method.
//!
//! The hot path for re-runs is [`aggregate_into`] with an [`AggregationPlan`] built once and a
//! reusable [`AggregateScratch`]: weights are a plain slice, nothing is allocated per cell.
//!
//! ```
//! use thb_scoring::aggregate::{Children, AggregateContext, Scratch};
//! use thb_scoring::{Aggregate, Aggregation, RowLabel};
//! // one unit, four children, weights 1, 2, 1, 0.5, one child missing
//! let data = [40.0, 60.0, f64::NAN, 80.0];
//! let x = Children::new(&data, 1, &[0, 1, 2, 3])?;
//! let rows = RowLabel::numbered(1);
//! let mut out = [0.0];
//! Aggregation::Arithmetic.aggregate(&x, &[1.0, 2.0, 1.0, 0.5], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
//! assert!((out[0] - 57.142857142857139).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use crate::context::RowLabel;
use crate::error::{Result, ScoringError};

mod balance;
mod mcda;
mod means;
mod outranking;
mod plan;

pub use balance::{Ampi, MazziottaPareto, MeanMin, Penalty, Wroclaw};
pub use means::{Arithmetic, Geometric, Harmonic, Median, Owa, PowerMean};
pub use outranking::Copeland;
pub use plan::{AggregateScratch, AggregationPlan, aggregate_into};

/// The children of one aggregate: columns `idx` of a column-major table with `nrows` rows.
///
/// ```
/// use thb_scoring::aggregate::Children;
/// let table = [1.0, 2.0, /* col 1 */ 3.0, 4.0, /* col 2 */ 5.0, 6.0];
/// let x = Children::new(&table, 2, &[2, 0])?;
/// assert_eq!(x.column(0), &[5.0, 6.0]);
/// assert_eq!(x.value(1, 1), 2.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Children<'a> {
    data: &'a [f64],
    nrows: usize,
    idx: &'a [usize],
}

impl<'a> Children<'a> {
    /// Columns `idx` of the column-major `data` with `nrows` rows.
    ///
    /// # Errors
    /// [`ScoringError::Shape`] when a column is out of range.
    pub fn new(data: &'a [f64], nrows: usize, idx: &'a [usize]) -> Result<Self> {
        if idx.iter().any(|&c| (c + 1) * nrows > data.len()) {
            return Err(ScoringError::Shape(format!(
                "a child column is outside the {}-value table",
                data.len()
            )));
        }
        Ok(Self { data, nrows, idx })
    }
    /// Number of children.
    pub fn len(&self) -> usize {
        self.idx.len()
    }
    /// `true` when there is no child.
    pub fn is_empty(&self) -> bool {
        self.idx.is_empty()
    }
    /// Number of units (rows).
    pub fn nrows(&self) -> usize {
        self.nrows
    }
    /// Child `k`'s column.
    pub fn column(&self, k: usize) -> &'a [f64] {
        let c = self.idx[k];
        &self.data[c * self.nrows..(c + 1) * self.nrows]
    }
    /// Child `k`'s value for unit `row` (`NaN` = missing).
    pub fn value(&self, row: usize, k: usize) -> f64 {
        self.data[self.idx[k] * self.nrows + row]
    }
    /// The present children of `row` with a positive weight, as `(value, weight)`.
    pub fn present<'w>(
        &self,
        row: usize,
        weights: &'w [f64],
    ) -> impl Iterator<Item = (f64, f64)> + 'w
    where
        'a: 'w,
    {
        let this = *self;
        (0..self.idx.len())
            .map(move |k| (this.value(row, k), weights[k]))
            .filter(|(v, w)| !v.is_nan() && *w > 0.0)
    }
}

/// What an aggregator knows besides the values: the aggregate's code, its children's codes and
/// a label per row, for error messages.
#[derive(Debug, Clone, Copy)]
pub struct AggregateContext<'a> {
    /// The aggregate being computed.
    pub node: &'a str,
    /// The children's codes (may be empty outside a pipeline).
    pub children: &'a [String],
    /// A label per row.
    pub rows: &'a [RowLabel],
}

impl<'a> AggregateContext<'a> {
    /// A context for aggregate `node` over `rows`, children unnamed.
    pub fn new(node: &'a str, rows: &'a [RowLabel]) -> Self {
        Self {
            node,
            children: &[],
            rows,
        }
    }
    /// The unit code of `row`.
    pub fn unit(&self, row: usize) -> &str {
        self.rows.get(row).map_or("", |r| r.unit.as_str())
    }
    /// The code of child `k` (or `#k` when unnamed).
    pub fn child(&self, k: usize) -> String {
        self.children
            .get(k)
            .cloned()
            .unwrap_or_else(|| format!("#{}", k + 1))
    }
}

/// Reusable buffers for aggregators, so that repeated runs allocate nothing. The contents have
/// no meaning between calls.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// A buffer of numbers.
    pub a: Vec<f64>,
    /// Another buffer of numbers.
    pub b: Vec<f64>,
    /// A buffer of `(value, weight)` pairs.
    pub pairs: Vec<(f64, f64)>,
    /// A buffer of positions.
    pub idx: Vec<usize>,
}

impl Scratch {
    /// `a` and `b` resized to `n` and filled with `fill`.
    pub fn two(&mut self, n: usize, fill: f64) -> (&mut [f64], &mut [f64]) {
        self.a.clear();
        self.a.resize(n, fill);
        self.b.clear();
        self.b.resize(n, fill);
        (&mut self.a, &mut self.b)
    }
}

/// An aggregation method: the children of one aggregate in, one value per unit out.
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Children, Scratch};
/// use thb_scoring::{Aggregate, Result, RowLabel};
/// /// The best child.
/// struct Best;
/// impl Aggregate for Best {
///     fn aggregate(&self, x: &Children<'_>, w: &[f64], _ctx: &AggregateContext<'_>, out: &mut [f64], _s: &mut Scratch) -> Result<()> {
///         for (i, o) in out.iter_mut().enumerate() {
///             *o = x.present(i, w).map(|(v, _)| v).fold(f64::NAN, f64::max);
///         }
///         Ok(())
///     }
/// }
/// let data = [1.0, 5.0];
/// let rows = RowLabel::numbered(1);
/// let mut out = [0.0];
/// Best.aggregate(&Children::new(&data, 1, &[0, 1])?, &[1.0, 1.0], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert_eq!(out, [5.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Aggregate {
    /// Aggregates the children `x` with raw weights `weights` (one per child, >= 0) into `out`
    /// (one value per unit; `NaN` when the unit has no usable child).
    ///
    /// # Errors
    /// A [`ScoringError`] naming the aggregate and the unit when the method cannot apply
    /// (e.g. a geometric mean of a value <= 0).
    fn aggregate(
        &self,
        x: &Children<'_>,
        weights: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        scratch: &mut Scratch,
    ) -> Result<()>;

    /// The method's name, for provenance records.
    fn name(&self) -> &'static str {
        "custom"
    }
}

/// Every built-in aggregation, as named in a JSON spec, including every multi-criteria method
/// (TOPSIS, VIKOR, PROMETHEE II, ...) through [`Aggregation::Mcda`].
///
/// ```
/// use thb_scoring::Aggregation;
/// let a: Vec<Aggregation> = serde_json::from_str(r#"["arithmetic", {"power_mean": {"p": 2.0}}, "copeland"]"#)?;
/// assert_eq!(a[1].name(), "power_mean");
/// assert_eq!(a[1].to_string(), "power_mean(p = 2)");
/// assert!(serde_json::from_str::<Aggregation>(r#"{"power_mean": {"p": 0}}"#).is_err());
/// let mcda: Vec<Aggregation> = serde_json::from_str(r#"["topsis", {"vikor": {"v": 0.5}}]"#)?;
/// assert_eq!((mcda[0].name(), mcda[1].name()), ("topsis", "vikor"));
/// assert!(serde_json::from_str::<Aggregation>(r#""no_such_method""#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Aggregation {
    /// Weighted arithmetic mean (COINr `a_amean`).
    #[default]
    Arithmetic,
    /// Weighted geometric mean (COINr `a_gmean`); values must be > 0.
    Geometric,
    /// Weighted harmonic mean (COINr `a_hmean`); values must be > 0.
    Harmonic,
    /// Weighted power mean (COINr `a_genmean`), missing children dropped.
    PowerMean(PowerMean),
    /// Weighted median.
    Median,
    /// Copeland / Condorcet outranking score (COINr `a_copeland`).
    Copeland,
    /// Mazziotta-Pareto index.
    MazziottaPareto(MazziottaPareto),
    /// Adjusted Mazziotta-Pareto index.
    Ampi(Ampi),
    /// Mean-Min function (Tarabusi & Guarini).
    MeanMin(MeanMin),
    /// Wroclaw taxonomy (Hellwig's development measure).
    Wroclaw,
    /// Ordered weighted average.
    Owa(Owa),
    /// A multi-criteria method over the children (`"topsis"`, `{"vikor": {"v": 0.5}}`, ...;
    /// see [`crate::mcda`] and the rules in this module's `mcda` section).
    #[cfg_attr(feature = "serde", serde(untagged))]
    Mcda(crate::mcda::McdaMethod),
}

impl Aggregation {
    /// The names of every method, as written in a spec.
    pub const NAMES: &'static [&'static str] = &[
        "arithmetic",
        "geometric",
        "harmonic",
        "power_mean",
        "median",
        "copeland",
        "mazziotta_pareto",
        "ampi",
        "mean_min",
        "wroclaw",
        "owa",
        "topsis, vikor, promethee_ii, ... (every MCDA method name)",
    ];

    /// The method's name as written in a spec.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Arithmetic => "arithmetic",
            Self::Geometric => "geometric",
            Self::Harmonic => "harmonic",
            Self::PowerMean(_) => "power_mean",
            Self::Median => "median",
            Self::Copeland => "copeland",
            Self::MazziottaPareto(_) => "mazziotta_pareto",
            Self::Ampi(_) => "ampi",
            Self::MeanMin(_) => "mean_min",
            Self::Wroclaw => "wroclaw",
            Self::Owa(_) => "owa",
            Self::Mcda(m) => m.name(),
        }
    }
}

#[cfg(feature = "serde")]
impl Aggregation {
    /// One method from its JSON form, with an error that says what is wrong: an unknown name
    /// lists the known ones, bad parameters give the method's own message. (The derived
    /// deserializer can only say that nothing matched, because MCDA methods are an untagged
    /// variant.)
    pub(crate) fn from_json_value(value: &serde_json::Value) -> core::result::Result<Self, String> {
        use serde::Deserialize;
        let generic = match Self::deserialize(value) {
            Ok(method) => return Ok(method),
            Err(e) => e.to_string(),
        };
        let (name, params) = match value {
            serde_json::Value::String(name) => (name.as_str(), None),
            serde_json::Value::Object(m) if m.len() == 1 => match m.iter().next() {
                Some((name, params)) => (name.as_str(), Some(params)),
                None => return Err(generic),
            },
            other => {
                return Err(format!(
                    "an aggregation method is a name or an object with one key, not `{other}`"
                ));
            }
        };
        let own = |e: serde_json::Error| {
            let text = e.to_string();
            let text = text.strip_prefix("invalid spec: ").unwrap_or(&text);
            if text.starts_with(name) {
                text.to_owned()
            } else {
                format!("`{name}`: {text}")
            }
        };
        let specific = match (name, params) {
            ("power_mean", Some(p)) => <PowerMean as Deserialize>::deserialize(p).err().map(own),
            ("mazziotta_pareto", Some(p)) => <MazziottaPareto as Deserialize>::deserialize(p)
                .err()
                .map(own),
            ("ampi", Some(p)) => <Ampi as Deserialize>::deserialize(p).err().map(own),
            ("mean_min", Some(p)) => <MeanMin as Deserialize>::deserialize(p).err().map(own),
            ("owa", Some(p)) => <Owa as Deserialize>::deserialize(p).err().map(own),
            _ if Self::NAMES.contains(&name) => None,
            _ if crate::mcda::McdaMethod::knows(name) => {
                <crate::mcda::McdaMethod as Deserialize>::deserialize(value)
                    .err()
                    .map(own)
            }
            _ => Some(format!(
                "unknown aggregation method `{name}`; expected one of {}, or a multi-criteria \
                 method: {}",
                Self::NAMES[..Self::NAMES.len() - 1].join(", "),
                crate::mcda::McdaMethod::NAMES.join(", ")
            )),
        };
        Err(specific.unwrap_or(generic))
    }
}

impl Aggregate for Aggregation {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        s: &mut Scratch,
    ) -> Result<()> {
        match self {
            Self::Arithmetic => Arithmetic.aggregate(x, w, ctx, out, s),
            Self::Geometric => Geometric.aggregate(x, w, ctx, out, s),
            Self::Harmonic => Harmonic.aggregate(x, w, ctx, out, s),
            Self::PowerMean(m) => m.aggregate(x, w, ctx, out, s),
            Self::Median => Median.aggregate(x, w, ctx, out, s),
            Self::Copeland => Copeland.aggregate(x, w, ctx, out, s),
            Self::MazziottaPareto(m) => m.aggregate(x, w, ctx, out, s),
            Self::Ampi(m) => m.aggregate(x, w, ctx, out, s),
            Self::MeanMin(m) => m.aggregate(x, w, ctx, out, s),
            Self::Wroclaw => Wroclaw.aggregate(x, w, ctx, out, s),
            Self::Owa(m) => m.aggregate(x, w, ctx, out, s),
            Self::Mcda(m) => m.aggregate(x, w, ctx, out, s),
        }
    }

    fn name(&self) -> &'static str {
        Aggregation::name(self)
    }
}

impl fmt::Display for Aggregation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PowerMean(m) => fmt::Display::fmt(m, f),
            Self::MazziottaPareto(m) => fmt::Display::fmt(m, f),
            Self::Ampi(m) => fmt::Display::fmt(m, f),
            Self::MeanMin(m) => fmt::Display::fmt(m, f),
            Self::Owa(m) => fmt::Display::fmt(m, f),
            Self::Mcda(m) => fmt::Display::fmt(m, f),
            other => f.write_str(other.name()),
        }
    }
}

/// Checks that `out` has one value per row and `weights` one per child.
pub(crate) fn check_shapes(x: &Children<'_>, weights: &[f64], out: &[f64]) -> Result<()> {
    if out.len() != x.nrows() || weights.len() != x.len() {
        return Err(ScoringError::Shape(format!(
            "aggregation: {} rows and {} children, but {} outputs and {} weights",
            x.nrows(),
            x.len(),
            out.len(),
            weights.len()
        )));
    }
    Ok(())
}
