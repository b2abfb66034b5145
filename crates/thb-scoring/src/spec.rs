//! The pipeline spec (`interfaces.md` §2): how raw data become scores, as validated data.
//!
//! Every field is optional; the defaults are shown below. Methods are serde externally tagged
//! enums: a method without parameters is a string, a method with parameters is an object with
//! one key. Unknown fields are an error, and deserialising validates every value.
//!
//! ```
//! use thb_scoring::IndexSpec;
//! let spec = IndexSpec::from_json(r#"{
//!   "schema": 1,
//!   "denominate": false,
//!   "impute": "none",
//!   "screen": null,
//!   "treat": "none",
//!   "normalise": {"min_max": {"low": 0.0, "high": 100.0}},
//!   "aggregate": "arithmetic",
//!   "min_child_availability": null,
//!   "weights": {},
//!   "overrides": {},
//!   "normalise_across_periods": false
//! }"#)?;
//! assert_eq!(spec, IndexSpec::default());
//! assert!(IndexSpec::from_json(r#"{"normalize": "min_max"}"#).is_err()); // unknown field
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use thb_model::{Framework, NodeKind};

use crate::aggregate::Aggregation;
use crate::error::{Result, ScoringError};
use crate::impute::Imputation;
use crate::normalise::Normalisation;
use crate::params::invalid;
use crate::screen::Screen;
use crate::treat::Treatment;

/// The schema version of a spec.
pub const SPEC_SCHEMA: u32 = 1;

/// Per-indicator methods (COINr `indiv_specs`); `None` = the spec's global method.
///
/// ```
/// use thb_scoring::spec::Override;
/// let o: Override = serde_json::from_str(r#"{"normalise": {"goalposts": {"lower": 1, "upper": 5}}, "treat": "none"}"#)?;
/// assert!(o.impute.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields, default))]
pub struct Override {
    /// Normalisation of this indicator.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub normalise: Option<Normalisation>,
    /// Treatment of this indicator.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub treat: Option<Treatment>,
    /// Imputation of this indicator.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub impute: Option<Imputation>,
}

/// A validated pipeline spec. Build it from JSON ([`IndexSpec::from_json`], serde) or with
/// [`IndexSpec::builder`]; both run the same checks. [`IndexSpec::check`] validates it against
/// a framework.
///
/// ```
/// use thb_scoring::{Aggregation, Imputation, IndexSpec};
/// let spec = IndexSpec::builder()
///     .impute(Imputation::ColumnMean)
///     .aggregate(vec![Aggregation::Arithmetic, Aggregation::Geometric])
///     .weight("Index", 1.0)
///     .build()?;
/// assert_eq!(spec.aggregation_for_step(1), Some(&Aggregation::Geometric));
/// assert!(IndexSpec::builder().min_child_availability(Some(1.5)).build().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawIndexSpec", into = "RawIndexSpec")
)]
pub struct IndexSpec {
    denominate: bool,
    impute: Imputation,
    screen: Option<Screen>,
    treat: Treatment,
    normalise: Normalisation,
    aggregate: Vec<Aggregation>,
    min_child_availability: Option<f64>,
    weights: BTreeMap<String, f64>,
    overrides: BTreeMap<String, Override>,
    normalise_across_periods: bool,
}

impl Default for IndexSpec {
    /// The defaults of `interfaces.md` §2: no denomination, imputation, screening or
    /// treatment; min-max [0, 100]; arithmetic mean at every level; iMeta weights.
    fn default() -> Self {
        Self {
            denominate: false,
            impute: Imputation::None,
            screen: None,
            treat: Treatment::None,
            normalise: Normalisation::default(),
            aggregate: vec![Aggregation::Arithmetic],
            min_child_availability: None,
            weights: BTreeMap::new(),
            overrides: BTreeMap::new(),
            normalise_across_periods: false,
        }
    }
}

/// The spec as written, before validation (`deny_unknown_fields`, every field defaulted).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields, default))]
pub struct RawIndexSpec {
    /// Must be 1.
    pub schema: u32,
    /// Divide each indicator by its iMeta denominator.
    pub denominate: bool,
    /// Imputation.
    pub impute: Imputation,
    /// Screening.
    pub screen: Option<Screen>,
    /// Treatment.
    pub treat: Treatment,
    /// Normalisation.
    pub normalise: Normalisation,
    /// One aggregation for every step, or one per step.
    pub aggregate: Aggregations,
    /// Child-availability threshold.
    pub min_child_availability: Option<f64>,
    /// Weight overrides by node code.
    pub weights: BTreeMap<String, f64>,
    /// Per-indicator methods.
    pub overrides: BTreeMap<String, Override>,
    /// Normalise over all periods together.
    pub normalise_across_periods: bool,
}

impl Default for RawIndexSpec {
    fn default() -> Self {
        IndexSpec::default().into()
    }
}

/// The `aggregate` field: one method (a JSON string or object) or a list, one per step.
#[derive(Debug, Clone, PartialEq)]
pub enum Aggregations {
    /// One method for every step.
    One(Aggregation),
    /// One method per step, level 1 -> 2 first.
    PerStep(Vec<Aggregation>),
}

#[cfg(feature = "serde")]
impl serde::Serialize for Aggregations {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        match self {
            Self::One(a) => a.serialize(s),
            Self::PerStep(v) => v.serialize(s),
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Aggregations {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        use serde::de::Error;
        // Buffered (the value is small) so that a bad method gets a precise message.
        let one = |v: &serde_json::Value| Aggregation::from_json_value(v).map_err(D::Error::custom);
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Array(list) => list
                .iter()
                .map(one)
                .collect::<core::result::Result<_, _>>()
                .map(Aggregations::PerStep),
            single => one(&single).map(Aggregations::One),
        }
    }
}

impl From<IndexSpec> for RawIndexSpec {
    fn from(s: IndexSpec) -> Self {
        let aggregate = match <[Aggregation; 1]>::try_from(s.aggregate) {
            Ok([one]) => Aggregations::One(one),
            Err(many) => Aggregations::PerStep(many),
        };
        Self {
            schema: SPEC_SCHEMA,
            denominate: s.denominate,
            impute: s.impute,
            screen: s.screen,
            treat: s.treat,
            normalise: s.normalise,
            aggregate,
            min_child_availability: s.min_child_availability,
            weights: s.weights,
            overrides: s.overrides,
            normalise_across_periods: s.normalise_across_periods,
        }
    }
}

impl TryFrom<RawIndexSpec> for IndexSpec {
    type Error = ScoringError;
    fn try_from(raw: RawIndexSpec) -> Result<Self> {
        if raw.schema != SPEC_SCHEMA {
            return Err(invalid(format!(
                "schema {} is not supported (expected {SPEC_SCHEMA})",
                raw.schema
            )));
        }
        let aggregate = match raw.aggregate {
            Aggregations::One(a) => vec![a],
            Aggregations::PerStep(v) if v.is_empty() => {
                return Err(invalid("aggregate: the list of methods is empty"));
            }
            Aggregations::PerStep(v) => v,
        };
        if let Some(t) = raw.min_child_availability
            && !(0.0..=1.0).contains(&t)
        {
            return Err(invalid(format!(
                "min_child_availability must be in [0, 1], got {t}"
            )));
        }
        if let Some((code, w)) = raw
            .weights
            .iter()
            .find(|(_, w)| !w.is_finite() || **w < 0.0)
        {
            return Err(invalid(format!(
                "weight {w} of `{code}` must be finite and >= 0"
            )));
        }
        Ok(Self {
            denominate: raw.denominate,
            impute: raw.impute,
            screen: raw.screen,
            treat: raw.treat,
            normalise: raw.normalise,
            aggregate,
            min_child_availability: raw.min_child_availability,
            weights: raw.weights,
            overrides: raw.overrides,
            normalise_across_periods: raw.normalise_across_periods,
        })
    }
}

impl IndexSpec {
    /// A builder starting from the defaults.
    pub fn builder() -> IndexSpecBuilder {
        IndexSpecBuilder::default()
    }

    /// Parses and validates a JSON spec.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] with serde's message (line and column) or the failed rule.
    #[cfg(feature = "serde")]
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| invalid(e.to_string()))
    }

    /// The spec as pretty JSON.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] if serialisation fails (it does not for valid specs).
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| invalid(e.to_string()))
    }

    /// Divide by denominators.
    pub fn denominate(&self) -> bool {
        self.denominate
    }
    /// The global imputation.
    pub fn impute(&self) -> &Imputation {
        &self.impute
    }
    /// Screening, if any.
    pub fn screen(&self) -> Option<&Screen> {
        self.screen.as_ref()
    }
    /// The global treatment.
    pub fn treat(&self) -> &Treatment {
        &self.treat
    }
    /// The global normalisation.
    pub fn normalise(&self) -> &Normalisation {
        &self.normalise
    }
    /// The aggregation methods: one for every step, or one per step.
    pub fn aggregate(&self) -> &[Aggregation] {
        &self.aggregate
    }
    /// The method of aggregation step `step` (0 = level 1 -> 2).
    pub fn aggregation_for_step(&self, step: usize) -> Option<&Aggregation> {
        match self.aggregate.as_slice() {
            [one] => Some(one),
            many => many.get(step),
        }
    }
    /// The child-availability threshold.
    pub fn min_child_availability(&self) -> Option<f64> {
        self.min_child_availability
    }
    /// Weight overrides by node code.
    pub fn weights(&self) -> &BTreeMap<String, f64> {
        &self.weights
    }
    /// Per-indicator overrides.
    pub fn overrides(&self) -> &BTreeMap<String, Override> {
        &self.overrides
    }
    /// Normalise over all periods together.
    pub fn normalise_across_periods(&self) -> bool {
        self.normalise_across_periods
    }
    /// The normalisation of indicator `code` (its override, else the global one).
    pub fn normalise_for(&self, code: &str) -> &Normalisation {
        self.overrides
            .get(code)
            .and_then(|o| o.normalise.as_ref())
            .unwrap_or(&self.normalise)
    }
    /// The treatment of indicator `code`.
    pub fn treat_for(&self, code: &str) -> &Treatment {
        self.overrides
            .get(code)
            .and_then(|o| o.treat.as_ref())
            .unwrap_or(&self.treat)
    }
    /// The imputation of indicator `code`.
    pub fn impute_for(&self, code: &str) -> &Imputation {
        self.overrides
            .get(code)
            .and_then(|o| o.impute.as_ref())
            .unwrap_or(&self.impute)
    }

    /// Checks the spec against a framework: weights and overrides name existing nodes
    /// (overrides: indicators), weights keep every family with a positive weight, group
    /// imputation names a group column, a per-step aggregation list has one method per step,
    /// and every indicator normalised by goalposts or distance to target has its parameter.
    ///
    /// ```
    /// use thb_scoring::IndexSpec;
    /// use thb_model::{Framework, Node};
    /// let fw = Framework::new(vec![Node::indicator("x", "I")?, Node::aggregate("I", 2, None)?])?;
    /// assert!(IndexSpec::default().check(&fw).is_ok());
    /// let bad = IndexSpec::builder().weight("nope", 2.0).build()?;
    /// assert!(bad.check(&fw).unwrap_err().to_string().contains("nope"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ScoringError::Unknown`], [`ScoringError::MissingParameter`] or [`ScoringError::Spec`]
    /// for a single problem; [`ScoringError::Spec`] listing all of them when there are several.
    pub fn check(&self, framework: &Framework) -> Result<()> {
        let mut problems = Vec::new();
        for code in self.weights.keys() {
            if framework.node(code).is_none() {
                problems.push(ScoringError::Unknown {
                    what: "node",
                    code: code.clone(),
                });
            }
        }
        if problems.is_empty()
            && !self.weights.is_empty()
            && let Err(e) = framework.with_weights(&self.weights)
        {
            problems.push(e.into());
        }
        for code in self.overrides.keys() {
            if framework
                .node(code)
                .is_none_or(|n| n.kind != NodeKind::Indicator)
            {
                problems.push(ScoringError::Unknown {
                    what: "indicator",
                    code: code.clone(),
                });
            }
        }
        let is_group =
            |g: &str| g.ends_with("_group") || framework.groups().any(|c| c.as_str() == g);
        let imputations = std::iter::once(&self.impute)
            .chain(self.overrides.values().filter_map(|o| o.impute.as_ref()));
        for group in imputations.filter_map(Imputation::group) {
            if !is_group(group) {
                problems.push(ScoringError::Unknown {
                    what: "group column",
                    code: group.to_owned(),
                });
            }
        }
        let steps = framework.families().len();
        if self.aggregate.len() > 1 && self.aggregate.len() != steps {
            problems.push(invalid(format!(
                "aggregate lists {} methods, but the framework has {steps} aggregation steps",
                self.aggregate.len()
            )));
        }
        for node in framework.indicators() {
            let code = node.code.as_str();
            let missing = match self.normalise_for(code) {
                Normalisation::Goalposts(g) if !g.has_posts() && node.goalposts.is_none() => {
                    Some(("goalposts", "goalposts"))
                }
                Normalisation::DistanceToTarget(d)
                    if d.target().is_none() && node.target.is_none() =>
                {
                    Some(("distance_to_target", "a target"))
                }
                _ => None,
            };
            if let Some((method, parameter)) = missing {
                problems.push(ScoringError::MissingParameter {
                    method,
                    node: code.to_owned(),
                    parameter,
                });
            }
        }
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            n => Err(invalid(format!(
                "{n} problems: {}",
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ))),
        }
    }
}

/// Builds an [`IndexSpec`] with chained setters; [`IndexSpecBuilder::build`] validates.
#[derive(Debug, Clone, Default)]
pub struct IndexSpecBuilder {
    raw: RawIndexSpec,
}

impl IndexSpecBuilder {
    /// Divide each indicator by its denominator.
    #[must_use]
    pub fn denominate(mut self, yes: bool) -> Self {
        self.raw.denominate = yes;
        self
    }
    /// The global imputation.
    #[must_use]
    pub fn impute(mut self, m: Imputation) -> Self {
        self.raw.impute = m;
        self
    }
    /// Screening.
    #[must_use]
    pub fn screen(mut self, s: Option<Screen>) -> Self {
        self.raw.screen = s;
        self
    }
    /// The global treatment.
    #[must_use]
    pub fn treat(mut self, t: Treatment) -> Self {
        self.raw.treat = t;
        self
    }
    /// The global normalisation.
    #[must_use]
    pub fn normalise(mut self, n: Normalisation) -> Self {
        self.raw.normalise = n;
        self
    }
    /// One aggregation for every step (one method) or one per step (several).
    #[must_use]
    pub fn aggregate(mut self, methods: Vec<Aggregation>) -> Self {
        self.raw.aggregate = match <[Aggregation; 1]>::try_from(methods) {
            Ok([one]) => Aggregations::One(one),
            Err(many) => Aggregations::PerStep(many),
        };
        self
    }
    /// The child-availability threshold.
    #[must_use]
    pub fn min_child_availability(mut self, share: Option<f64>) -> Self {
        self.raw.min_child_availability = share;
        self
    }
    /// Overrides the weight of one node.
    #[must_use]
    pub fn weight(mut self, code: impl Into<String>, weight: f64) -> Self {
        self.raw.weights.insert(code.into(), weight);
        self
    }
    /// Per-indicator methods.
    #[must_use]
    pub fn override_indicator(mut self, code: impl Into<String>, o: Override) -> Self {
        self.raw.overrides.insert(code.into(), o);
        self
    }
    /// Normalise over all periods together.
    #[must_use]
    pub fn normalise_across_periods(mut self, yes: bool) -> Self {
        self.raw.normalise_across_periods = yes;
        self
    }
    /// Validates and returns the spec.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] naming the failed rule.
    pub fn build(self) -> Result<IndexSpec> {
        IndexSpec::try_from(self.raw)
    }
}
