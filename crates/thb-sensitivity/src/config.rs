//! The uncertainty and sensitivity config (`interfaces.md` §3.3).
//!
//! ```json
//! {"runs": 10000, "seed": 42, "sampling": "sobol",
//!  "factors": [{"weights": {"level": 1, "noise": 0.25}},
//!              {"normalise": [{"min_max": {"low": 1, "high": 100}}, {"z_score": {"mean": 100, "sd": 10}}]},
//!              {"aggregate": ["arithmetic", "geometric"]},
//!              {"exclude_one": {"level": 1}}]}
//! ```
//!
//! The alternatives of the method factors (`normalise`, `aggregate`, `impute`, `treat`) are kept
//! as JSON values: this crate does not depend on the scoring pipeline's method enums. The model
//! adapter turns them into its own types once, before the runs, with
//! [`Factor::parse_alternatives`] (for example `factor.parse_alternatives::<Normalisation>()`),
//! and a run then names an alternative by its position ([`crate::run::Choice::Alternative`]).
//! The first alternative of each list is the nominal one.

use serde_json::Value;

use crate::error::{Result, SensitivityError};
use crate::sampling::Sampling;

/// A validated uncertainty / sensitivity analysis config.
///
/// ```
/// use thb_sensitivity::config::AnalysisConfig;
/// # #[cfg(feature = "serde")] {
/// let c = AnalysisConfig::from_json(r#"{"runs": 100, "seed": 42, "sampling": "random",
///   "factors": [{"weights": {"level": 1, "noise": 0.25}}, {"aggregate": ["arithmetic", "geometric"]}]}"#)?;
/// assert_eq!(c.runs(), 100);
/// assert_eq!(c.labels(), ["weights", "aggregate"]);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawAnalysisConfig", into = "RawAnalysisConfig")
)]
pub struct AnalysisConfig {
    runs: usize,
    seed: u64,
    sampling: Sampling,
    factors: Vec<Factor>,
    labels: Vec<String>,
}

/// The config as written, before validation.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct RawAnalysisConfig {
    runs: usize,
    seed: u64,
    #[cfg_attr(feature = "serde", serde(default))]
    sampling: Sampling,
    factors: Vec<Factor>,
}

impl TryFrom<RawAnalysisConfig> for AnalysisConfig {
    type Error = SensitivityError;

    fn try_from(raw: RawAnalysisConfig) -> Result<Self> {
        Self::new(raw.runs, raw.seed, raw.sampling, raw.factors)
    }
}

impl From<AnalysisConfig> for RawAnalysisConfig {
    fn from(c: AnalysisConfig) -> Self {
        Self {
            runs: c.runs,
            seed: c.seed,
            sampling: c.sampling,
            factors: c.factors,
        }
    }
}

impl AnalysisConfig {
    /// A config of `runs` runs (uncertainty analysis) or base samples (sensitivity analysis:
    /// N(d + 2) runs) over `factors`.
    ///
    /// # Errors
    /// [`SensitivityError::Config`] when `runs` is 0, there is no factor, a factor is invalid,
    /// a method factor appears twice, or a level factor appears twice for the same level.
    ///
    /// ```
    /// use thb_sensitivity::config::{AnalysisConfig, Factor, WeightNoise};
    /// use thb_sensitivity::sampling::Sampling;
    /// let w = Factor::Weights(WeightNoise::new(1, 0.25)?);
    /// let c = AnalysisConfig::new(1000, 7, Sampling::Sobol, vec![w.clone()])?;
    /// assert_eq!(c.factors().len(), 1);
    /// assert!(AnalysisConfig::new(1000, 7, Sampling::Sobol, vec![w.clone(), w]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(runs: usize, seed: u64, sampling: Sampling, factors: Vec<Factor>) -> Result<Self> {
        if runs == 0 {
            return Err(SensitivityError::config("`runs` must be at least 1"));
        }
        if factors.is_empty() {
            return Err(SensitivityError::config("`factors` is empty"));
        }
        for (i, f) in factors.iter().enumerate() {
            f.validate().map_err(|m| {
                SensitivityError::config(format!("factor {} ({}): {m}", i + 1, f.kind().name()))
            })?;
            if let Some(j) = factors[..i].iter().position(|g| g.same_slot(f)) {
                return Err(SensitivityError::config(format!(
                    "factors {} and {} vary the same thing ({})",
                    j + 1,
                    i + 1,
                    f.kind().name()
                )));
            }
        }
        let labels = factors
            .iter()
            .map(|f| match f.level() {
                Some(level) if factors.iter().filter(|g| g.kind() == f.kind()).count() > 1 => {
                    format!("{}_level_{level}", f.kind().name())
                }
                _ => f.kind().name().to_owned(),
            })
            .collect();
        Ok(Self {
            runs,
            seed,
            sampling,
            factors,
            labels,
        })
    }

    /// Reads and validates a config from JSON text.
    ///
    /// # Errors
    /// [`SensitivityError::Json`] for malformed JSON or unknown fields (with line and column),
    /// [`SensitivityError::Config`] for invalid values.
    ///
    /// ```
    /// use thb_sensitivity::config::AnalysisConfig;
    /// let err = AnalysisConfig::from_json(r#"{"runs": 0, "seed": 1, "factors": []}"#).unwrap_err();
    /// assert!(err.to_string().contains("runs"));
    /// ```
    #[cfg(feature = "serde")]
    pub fn from_json(text: &str) -> Result<Self> {
        let raw: RawAnalysisConfig =
            serde_json::from_str(text).map_err(|source| SensitivityError::Json {
                line: source.line(),
                column: source.column(),
                source,
            })?;
        Self::try_from(raw)
    }

    /// Runs (uncertainty) or base samples N (sensitivity).
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// The seed of every random draw of the analysis.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// How the unit cube is sampled.
    pub fn sampling(&self) -> Sampling {
        self.sampling
    }

    /// The uncertain inputs, in config order.
    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }

    /// A unique label per factor, in config order (`weights`, `normalise`, ...; a level factor
    /// that appears for several levels is labelled `weights_level_2`).
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
}

/// One uncertain input of the analysis.
///
/// Serialised externally tagged: `{"weights": {"level": 1, "noise": 0.25}}`,
/// `{"aggregate": ["arithmetic", "geometric"]}`, `{"exclude_one": {"level": 1}}`.
///
/// ```
/// use thb_sensitivity::config::{Factor, FactorKind};
/// # #[cfg(feature = "serde")] {
/// let f: Factor = serde_json::from_str(r#"{"treat": [{"winsorise": {"winmax": 5}}, "none"]}"#)?;
/// assert_eq!(f.kind(), FactorKind::Treat);
/// assert_eq!(f.alternatives().map(<[_]>::len), Some(2));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Factor {
    /// Multiplies each weight at a level by U(1 - noise, 1 + noise); weights are renormalised
    /// within siblings by the model.
    Weights(WeightNoise),
    /// Alternative normalisations (the pipeline's normalisation specs, as JSON).
    Normalise(Vec<Value>),
    /// Alternative aggregations.
    Aggregate(Vec<Value>),
    /// Alternative imputations.
    Impute(Vec<Value>),
    /// Leaves out one node of a level, or none.
    ExcludeOne(ExcludeOne),
    /// Alternative outlier treatments.
    Treat(Vec<Value>),
}

/// What a factor varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FactorKind {
    /// [`Factor::Weights`].
    Weights,
    /// [`Factor::Normalise`].
    Normalise,
    /// [`Factor::Aggregate`].
    Aggregate,
    /// [`Factor::Impute`].
    Impute,
    /// [`Factor::ExcludeOne`].
    ExcludeOne,
    /// [`Factor::Treat`].
    Treat,
}

impl FactorKind {
    /// The name as written in a config.
    pub fn name(self) -> &'static str {
        match self {
            Self::Weights => "weights",
            Self::Normalise => "normalise",
            Self::Aggregate => "aggregate",
            Self::Impute => "impute",
            Self::ExcludeOne => "exclude_one",
            Self::Treat => "treat",
        }
    }
}

impl Factor {
    /// What the factor varies.
    pub fn kind(&self) -> FactorKind {
        match self {
            Self::Weights(_) => FactorKind::Weights,
            Self::Normalise(_) => FactorKind::Normalise,
            Self::Aggregate(_) => FactorKind::Aggregate,
            Self::Impute(_) => FactorKind::Impute,
            Self::ExcludeOne(_) => FactorKind::ExcludeOne,
            Self::Treat(_) => FactorKind::Treat,
        }
    }

    /// The framework level of a `weights` or `exclude_one` factor.
    pub fn level(&self) -> Option<u32> {
        match self {
            Self::Weights(w) => Some(w.level),
            Self::ExcludeOne(e) => Some(e.level),
            _ => None,
        }
    }

    /// The alternatives of a method factor (`None` for `weights` and `exclude_one`).
    pub fn alternatives(&self) -> Option<&[Value]> {
        match self {
            Self::Normalise(a) | Self::Aggregate(a) | Self::Impute(a) | Self::Treat(a) => Some(a),
            Self::Weights(_) | Self::ExcludeOne(_) => None,
        }
    }

    /// The alternatives converted to the pipeline's method type `T` (what a model adapter does
    /// once, before the runs).
    ///
    /// # Errors
    /// [`SensitivityError::Alternative`] naming the first alternative `T` rejects, or when the
    /// factor has no alternatives (`weights`, `exclude_one`).
    ///
    /// ```
    /// use thb_sensitivity::config::Factor;
    /// #[derive(serde::Deserialize, Debug, PartialEq)]
    /// #[serde(rename_all = "snake_case")]
    /// enum Agg { Arithmetic, Geometric }
    /// let f: Factor = serde_json::from_str(r#"{"aggregate": ["arithmetic", "geometric"]}"#)?;
    /// assert_eq!(f.parse_alternatives::<Agg>()?, [Agg::Arithmetic, Agg::Geometric]);
    /// let bad: Factor = serde_json::from_str(r#"{"aggregate": ["arithmetic", "median"]}"#)?;
    /// assert!(bad.parse_alternatives::<Agg>().unwrap_err().to_string().contains("alternative 1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "serde")]
    pub fn parse_alternatives<T: serde::de::DeserializeOwned>(&self) -> Result<Vec<T>> {
        let alternatives = self
            .alternatives()
            .ok_or_else(|| SensitivityError::Alternative {
                factor: self.kind().name().to_owned(),
                index: 0,
                message: "this factor has no list of alternatives".to_owned(),
            })?;
        alternatives
            .iter()
            .enumerate()
            .map(|(index, v)| {
                T::deserialize(v).map_err(|e| SensitivityError::Alternative {
                    factor: self.kind().name().to_owned(),
                    index,
                    message: e.to_string(),
                })
            })
            .collect()
    }

    fn validate(&self) -> Result<(), String> {
        match self {
            Self::Weights(w) => WeightNoise::new(w.level, w.noise).map(|_| ()),
            Self::ExcludeOne(e) => ExcludeOne::new(e.level).map(|_| ()),
            _ => match self.alternatives() {
                Some([]) => Err(SensitivityError::config(
                    "the list of alternatives is empty",
                )),
                _ => Ok(()),
            },
        }
        .map_err(|e| match e {
            SensitivityError::Config { message } => message,
            other => other.to_string(),
        })
    }

    /// Whether two factors vary the same thing (same kind, and same level for level factors).
    fn same_slot(&self, other: &Factor) -> bool {
        self.kind() == other.kind() && self.level() == other.level()
    }
}

/// Noise on the weights of one framework level.
///
/// ```
/// use thb_sensitivity::config::WeightNoise;
/// let w = WeightNoise::new(1, 0.25)?;
/// assert_eq!((w.level(), w.noise()), (1, 0.25));
/// assert!(WeightNoise::new(1, 1.0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct WeightNoise {
    level: u32,
    noise: f64,
}

impl WeightNoise {
    /// Multipliers U(1 - `noise`, 1 + `noise`) on the weights of `level` (1 = indicators).
    ///
    /// # Errors
    /// [`SensitivityError::Config`] unless `level >= 1` and `0 <= noise < 1` (a multiplier of
    /// 0 or less would remove or invert a weight).
    pub fn new(level: u32, noise: f64) -> Result<Self> {
        if level == 0 {
            return Err(SensitivityError::config("`level` starts at 1"));
        }
        if !(0.0..1.0).contains(&noise) {
            return Err(SensitivityError::config(format!(
                "`noise` must be in [0, 1), got {noise}"
            )));
        }
        Ok(Self { level, noise })
    }

    /// The framework level (1 = indicators).
    pub fn level(&self) -> u32 {
        self.level
    }

    /// Half-width of the multiplier's range.
    pub fn noise(&self) -> f64 {
        self.noise
    }
}

/// Leaves out one node of a level at a time (or none, the nominal).
///
/// ```
/// use thb_sensitivity::config::ExcludeOne;
/// assert_eq!(ExcludeOne::new(2)?.level(), 2);
/// assert!(ExcludeOne::new(0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ExcludeOne {
    level: u32,
}

impl ExcludeOne {
    /// Exclusion of one node of `level` (1 = indicators).
    ///
    /// # Errors
    /// [`SensitivityError::Config`] when `level` is 0.
    pub fn new(level: u32) -> Result<Self> {
        if level == 0 {
            return Err(SensitivityError::config("`level` starts at 1"));
        }
        Ok(Self { level })
    }

    /// The framework level (1 = indicators).
    pub fn level(&self) -> u32 {
        self.level
    }
}

#[cfg(test)]
#[cfg(feature = "serde")]
mod tests {
    use super::*;

    const SPEC_EXAMPLE: &str = r#"{
      "runs": 10000,
      "seed": 42,
      "sampling": "sobol",
      "factors": [
        {"weights": {"level": 1, "noise": 0.25}},
        {"normalise": [{"min_max": {"low": 1, "high": 100}}, {"z_score": {"mean": 100, "sd": 10}}]},
        {"aggregate": ["arithmetic", "geometric"]},
        {"impute": ["column_mean", "none"]},
        {"exclude_one": {"level": 1}},
        {"treat": [{"winsorise": {"winmax": 5, "skew": 2.0, "kurtosis": 3.5, "fallback": "log_ct"}}, "none"]}
      ]
    }"#;

    #[test]
    fn reads_the_interfaces_example() {
        let c = AnalysisConfig::from_json(SPEC_EXAMPLE).unwrap();
        assert_eq!(
            (c.runs(), c.seed(), c.sampling()),
            (10000, 42, Sampling::Sobol)
        );
        assert_eq!(
            c.labels(),
            [
                "weights",
                "normalise",
                "aggregate",
                "impute",
                "exclude_one",
                "treat"
            ]
        );
        assert_eq!(
            c.factors()[0],
            Factor::Weights(WeightNoise::new(1, 0.25).unwrap())
        );
        assert_eq!(
            c.factors()[4],
            Factor::ExcludeOne(ExcludeOne::new(1).unwrap())
        );
        assert_eq!(
            c.factors()[1].alternatives().unwrap()[1],
            serde_json::json!({"z_score": {"mean": 100, "sd": 10}})
        );
        // Round trip through JSON.
        let again: AnalysisConfig =
            serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c);
    }

    #[test]
    fn sampling_defaults_to_sobol() {
        let c = AnalysisConfig::from_json(
            r#"{"runs": 5, "seed": 1, "factors": [{"aggregate": ["a"]}]}"#,
        )
        .unwrap();
        assert_eq!(c.sampling(), Sampling::Sobol);
    }

    #[test]
    fn rejects_each_invalid_input() {
        let cases = [
            (
                r#"{"runs": 0, "seed": 1, "factors": [{"aggregate": ["a"]}]}"#,
                "runs",
            ),
            (r#"{"runs": 5, "seed": 1, "factors": []}"#, "empty"),
            (
                r#"{"runs": 5, "seed": 1, "factors": [{"aggregate": []}]}"#,
                "empty",
            ),
            (
                r#"{"runs": 5, "seed": 1, "factors": [{"weights": {"level": 1, "noise": 1.5}}]}"#,
                "noise",
            ),
            (
                r#"{"runs": 5, "seed": 1, "factors": [{"weights": {"level": 0, "noise": 0.1}}]}"#,
                "level",
            ),
            (
                r#"{"runs": 5, "seed": 1, "factors": [{"aggregate": ["a"]}, {"aggregate": ["b"]}]}"#,
                "same thing",
            ),
            (
                r#"{"runs": 5, "seed": 1, "factors": [{"reweigh": [1]}]}"#,
                "unknown variant",
            ),
            (
                r#"{"runs": 5, "seed": 1, "rums": 3, "factors": []}"#,
                "unknown field",
            ),
            (
                r#"{"runs": 5, "seed": 1, "sampling": "lhs", "factors": []}"#,
                "unknown variant",
            ),
        ];
        for (text, needle) in cases {
            let err = AnalysisConfig::from_json(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn level_factors_for_two_levels_get_distinct_labels() {
        let c = AnalysisConfig::from_json(
            r#"{"runs": 5, "seed": 1, "factors": [{"weights": {"level": 1, "noise": 0.1}},
                {"weights": {"level": 2, "noise": 0.2}}, {"exclude_one": {"level": 1}}]}"#,
        )
        .unwrap();
        assert_eq!(
            c.labels(),
            ["weights_level_1", "weights_level_2", "exclude_one"]
        );
    }
}
