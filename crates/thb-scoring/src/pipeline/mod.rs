//! The pipeline: denominate -> impute -> screen -> treat -> normalise -> aggregate -> rank.
//!
//! [`Pipeline::run`] does everything for one period and returns an [`IndexResult`] with every
//! stage's data, every node's scores, ranks and provenance.
//!
//! ```
//! use thb_scoring::{IndexSpec, Pipeline, Stage};
//! use thb_model::io::{read_idata_str, read_imeta_str};
//! use thb_model::{Location, Period};
//! let fw = read_imeta_str(
//!     "iCode,Level,Parent,Type,Weight,Direction\na,1,Index,Indicator,1,1\nb,1,Index,Indicator,1,-1\nIndex,2,,Aggregate,1,1\n",
//!     Location::memory(),
//! )?;
//! let ds = read_idata_str("uCode,a,b\nAUT,1,10\nBEL,3,30\nCHE,2,NA\n", Location::memory(), &fw, Period::Year(2024))?;
//! let spec = IndexSpec::from_json(r#"{"impute": "column_mean"}"#)?;
//! let result = Pipeline::new(&fw, &ds, &spec)?.run(Period::Year(2024))?;
//! assert_eq!(result.stage(Stage::Imputed).get(2, 1), Some(20.0));
//! assert_eq!(result.root_scores(), &[50.0, 50.0, 50.0]);
//! assert_eq!(result.ranks(), &[Some(1), Some(1), Some(1)]);
//! assert_eq!(result.provenance().imputed.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Re-running many times (sensitivity analysis)
//!
//! The stages are exposed separately so that the steps before the first varied one are
//! computed once: [`Pipeline::prepare`] (the raw matrix, read from the dataset once),
//! [`Pipeline::denominate`], [`Pipeline::impute`], [`Pipeline::screen`], [`Pipeline::treat`],
//! [`Pipeline::normalise`] each take and return [`StageData`]; [`Pipeline::aggregate`] and
//! the free function [`aggregate_into`] aggregate with
//! weights given as a plain slice and reusable scratch buffers.
//!
//! ```
//! use thb_scoring::aggregate::{aggregate_into, AggregateScratch};
//! use thb_scoring::{Aggregation, IndexSpec, Pipeline};
//! use thb_model::io::{read_idata_str, read_imeta_str};
//! use thb_model::{Location, Period};
//! let fw = read_imeta_str(
//!     "iCode,Level,Parent,Type,Weight,Direction\na,1,Index,Indicator,1,1\nb,1,Index,Indicator,1,1\nIndex,2,,Aggregate,1,1\n",
//!     Location::memory(),
//! )?;
//! let ds = read_idata_str("uCode,a,b\nAUT,1,10\nBEL,3,30\nCHE,2,20\n", Location::memory(), &fw, Period::Year(2024))?;
//! let p = Pipeline::new(&fw, &ds, &IndexSpec::default())?;
//! // once
//! let raw = p.prepare(Period::Year(2024))?;
//! let (imputed, _) = p.impute(&p.denominate(&raw)?)?;
//! let (screened, _) = p.screen(&imputed)?;
//! let (treated, _) = p.treat(&screened)?;
//! let normalised = p.normalise(&treated)?;
//! // many times, with noisy weights: no framework rebuild, no allocation per run
//! let mut scratch = AggregateScratch::default();
//! let mut w = p.weights().to_vec();
//! for noise in [0.9, 1.0, 1.1] {
//!     w[0] = noise;
//!     let root = aggregate_into(normalised.matrix(), normalised.labels(), p.plan(), &w, &[Aggregation::Arithmetic], &mut scratch)?;
//!     assert_eq!(root.len(), 3);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use thb_model::{CensoredPolicy, Dataset, Framework, Matrix, Period, Unit};

use crate::aggregate::{Aggregate, AggregateScratch, Aggregation, AggregationPlan, aggregate_into};
use crate::context::IndicatorContext;
use crate::error::{Result, ScoringError};
use crate::impute::{Imputation, Impute, ImputeContext, ImputedCell};
use crate::normalise::{Normalisation, Normalise};
use crate::rank::published;
use crate::screen::ScreenReport;
use crate::spec::IndexSpec;
use crate::treat::{Treat, Treatment, TreatmentReport};

mod data;
mod result;

pub use data::StageData;
pub use result::{Denomination, IndexResult, MethodUse, Provenance};

/// A point of the pipeline whose data can be inspected (`thb score --stage`).
///
/// ```
/// use thb_scoring::Stage;
/// assert_eq!("normalised".parse::<Stage>()?, Stage::Normalised);
/// assert_eq!(Stage::Treated.to_string(), "treated");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Stage {
    /// The data as read.
    Raw,
    /// After denomination.
    Denominated,
    /// After imputation.
    Imputed,
    /// After screening (removed units are absent from here on).
    Screened,
    /// After outlier treatment.
    Treated,
    /// After normalisation.
    Normalised,
    /// Every node's score.
    Aggregated,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 7] = [
        Stage::Raw,
        Stage::Denominated,
        Stage::Imputed,
        Stage::Screened,
        Stage::Treated,
        Stage::Normalised,
        Stage::Aggregated,
    ];
    /// The stage's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Raw => "raw",
            Self::Denominated => "denominated",
            Self::Imputed => "imputed",
            Self::Screened => "screened",
            Self::Treated => "treated",
            Self::Normalised => "normalised",
            Self::Aggregated => "aggregated",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Stage {
    type Err = ScoringError;
    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|st| st.name() == s)
            .ok_or_else(|| ScoringError::Unknown {
                what: "stage",
                code: s.to_owned(),
            })
    }
}

/// A pipeline over a framework and a dataset, configured by an [`IndexSpec`].
///
/// Generic over the stage traits, with the built-in method registries as defaults: a
/// researcher's `impl Normalise for MyMethod` plugs in with [`Pipeline::with_normaliser`]
/// without touching [`Normalisation`].
///
/// ```
/// use thb_scoring::{IndicatorContext, IndexSpec, Normalise, Pipeline, Result};
/// use thb_model::io::{read_idata_str, read_imeta_str};
/// use thb_model::{Location, Period};
/// #[derive(Clone)]
/// struct Raw; // no normalisation at all
/// impl Normalise for Raw {
///     fn normalise(&self, x: &[f64], _: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
///         out.copy_from_slice(x);
///         Ok(())
///     }
/// }
/// let fw = read_imeta_str("iCode,Level,Parent,Type\na,1,I,Indicator\nb,1,I,Indicator\nI,2,,Aggregate\n", Location::memory())?;
/// let ds = read_idata_str("uCode,a,b\nAUT,1,3\nBEL,5,7\n", Location::memory(), &fw, Period::Year(2024))?;
/// let p = Pipeline::new(&fw, &ds, &IndexSpec::default())?.with_normaliser(Raw);
/// assert_eq!(p.run(Period::Year(2024))?.root_scores(), &[2.0, 6.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Pipeline<'a, N = Normalisation, A = Aggregation, I = Imputation, T = Treatment> {
    framework: Cow<'a, Framework>,
    dataset: &'a Dataset,
    spec: IndexSpec,
    normalisers: Vec<N>,
    treatments: Vec<T>,
    imputations: Vec<I>,
    aggregations: Vec<A>,
    plan: AggregationPlan,
    weights: Vec<f64>,
}

impl<'a> Pipeline<'a> {
    /// A pipeline with the spec's methods. Checks the spec against the framework
    /// ([`IndexSpec::check`]) and the dataset (every indicator, denominator, group column and
    /// reference unit the spec needs exists).
    ///
    /// # Errors
    /// The first problem found, as a typed [`ScoringError`] naming the node, column or unit.
    pub fn new(framework: &'a Framework, dataset: &'a Dataset, spec: &IndexSpec) -> Result<Self> {
        spec.check(framework)?;
        let framework = if spec.weights().is_empty() {
            Cow::Borrowed(framework)
        } else {
            Cow::Owned(framework.with_weights(spec.weights())?)
        };
        check_dataset(&framework, dataset, spec)?;
        let indicators = framework.indicators();
        let code = |n: &thb_model::Node| n.code.as_str().to_owned();
        let normalisers = indicators
            .iter()
            .map(|n| spec.normalise_for(&code(n)).clone())
            .collect();
        let treatments = indicators
            .iter()
            .map(|n| spec.treat_for(&code(n)).clone())
            .collect();
        let imputations = indicators
            .iter()
            .map(|n| spec.impute_for(&code(n)).clone())
            .collect();
        let plan = AggregationPlan::new(&framework)
            .with_min_child_availability(spec.min_child_availability())?;
        let weights = plan.weights(&framework);
        Ok(Self {
            framework,
            dataset,
            spec: spec.clone(),
            normalisers,
            treatments,
            imputations,
            aggregations: spec.aggregate().to_vec(),
            plan,
            weights,
        })
    }
}

/// Every column the spec needs must exist in the dataset.
fn check_dataset(framework: &Framework, dataset: &Dataset, spec: &IndexSpec) -> Result<()> {
    for node in framework.indicators() {
        let code = node.code.as_str();
        if dataset.column_position(code).is_none() {
            return Err(ScoringError::Unknown {
                what: "indicator column",
                code: code.to_owned(),
            });
        }
        if spec.denominate()
            && let Some(d) = &node.denominator
            && dataset.column_position(d.as_str()).is_none()
        {
            return Err(ScoringError::Unknown {
                what: "denominator column",
                code: d.as_str().to_owned(),
            });
        }
        if let Some(g) = spec.impute_for(code).group()
            && !dataset.units().iter().any(|u| u.groups.contains_key(g))
        {
            return Err(ScoringError::Unknown {
                what: "group column",
                code: g.to_owned(),
            });
        }
        if let Normalisation::DistanceToReference(d) = spec.normalise_for(code)
            && dataset.unit_position(d.unit().as_str()).is_none()
        {
            return Err(ScoringError::Unknown {
                what: "reference unit",
                code: d.unit().as_str().to_owned(),
            });
        }
    }
    Ok(())
}

impl<'a, N, A, I, T> Pipeline<'a, N, A, I, T> {
    /// The framework (with the spec's weights applied).
    pub fn framework(&self) -> &Framework {
        &self.framework
    }
    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        self.dataset
    }
    /// The spec.
    pub fn spec(&self) -> &IndexSpec {
        &self.spec
    }
    /// The aggregation plan.
    pub fn plan(&self) -> &AggregationPlan {
        &self.plan
    }
    /// The aggregation methods: one for every step, or one per step.
    pub fn aggregations(&self) -> &[A] {
        &self.aggregations
    }
    /// The raw weights, one per node (framework order), as [`aggregate_into`] takes them.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
    /// The effective weight of every node in the index (normalised within each parent and
    /// multiplied down the tree), in framework order.
    pub fn effective_weights(&self) -> Vec<(String, f64)> {
        self.framework
            .nodes()
            .iter()
            .map(|n| {
                let code = n.code.as_str();
                (
                    code.to_owned(),
                    self.framework.effective_weight(code).unwrap_or(0.0),
                )
            })
            .collect()
    }

    /// The same pipeline normalising every indicator with `n`.
    pub fn with_normaliser<N2: Clone>(self, n: N2) -> Pipeline<'a, N2, A, I, T> {
        let k = self.normalisers.len();
        self.with_normalisers_unchecked(vec![n; k])
    }
    /// The same pipeline with one normaliser per indicator (framework order).
    ///
    /// # Errors
    /// [`ScoringError::Shape`] when there is not one per indicator.
    pub fn with_normalisers<N2>(self, n: Vec<N2>) -> Result<Pipeline<'a, N2, A, I, T>> {
        check_count("normalisers", n.len(), self.normalisers.len())?;
        Ok(self.with_normalisers_unchecked(n))
    }
    fn with_normalisers_unchecked<N2>(self, normalisers: Vec<N2>) -> Pipeline<'a, N2, A, I, T> {
        Pipeline {
            framework: self.framework,
            dataset: self.dataset,
            spec: self.spec,
            normalisers,
            treatments: self.treatments,
            imputations: self.imputations,
            aggregations: self.aggregations,
            plan: self.plan,
            weights: self.weights,
        }
    }
    /// The same pipeline treating every indicator with `t`.
    pub fn with_treatment<T2: Clone>(self, t: T2) -> Pipeline<'a, N, A, I, T2> {
        Pipeline {
            treatments: vec![t; self.treatments.len()],
            framework: self.framework,
            dataset: self.dataset,
            spec: self.spec,
            normalisers: self.normalisers,
            imputations: self.imputations,
            aggregations: self.aggregations,
            plan: self.plan,
            weights: self.weights,
        }
    }
    /// The same pipeline imputing every indicator with `i`.
    pub fn with_imputation<I2: Clone>(self, i: I2) -> Pipeline<'a, N, A, I2, T> {
        Pipeline {
            imputations: vec![i; self.imputations.len()],
            framework: self.framework,
            dataset: self.dataset,
            spec: self.spec,
            normalisers: self.normalisers,
            treatments: self.treatments,
            aggregations: self.aggregations,
            plan: self.plan,
            weights: self.weights,
        }
    }
    /// The same pipeline aggregating with `a`: one method for every step, or one per step.
    ///
    /// # Errors
    /// [`ScoringError::Shape`] when there is neither one method nor one per step.
    pub fn with_aggregations<A2>(self, a: Vec<A2>) -> Result<Pipeline<'a, N, A2, I, T>> {
        if a.len() != 1 {
            check_count("aggregation methods", a.len(), self.plan.steps())?;
        }
        Ok(Pipeline {
            aggregations: a,
            framework: self.framework,
            dataset: self.dataset,
            spec: self.spec,
            normalisers: self.normalisers,
            treatments: self.treatments,
            imputations: self.imputations,
            plan: self.plan,
            weights: self.weights,
        })
    }
}

/// A treatment or normalisation must keep every present value present and finite (a custom
/// method returning `NaN` or an infinity would otherwise hide a value silently).
fn no_value_lost(
    method: &'static str,
    ctx: &IndicatorContext<'_>,
    before: &[f64],
    after: &[f64],
) -> Result<()> {
    match before
        .iter()
        .zip(after)
        .position(|(b, a)| !b.is_nan() && !a.is_finite())
    {
        None => Ok(()),
        Some(i) => Err(ScoringError::NotApplicable {
            method,
            node: ctx.code.to_owned(),
            unit: Some(ctx.unit(i).to_owned()),
            reason: format!("the method turned {} into {}", before[i], after[i]),
        }),
    }
}

fn check_count(what: &str, got: usize, want: usize) -> Result<()> {
    if got == want {
        Ok(())
    } else {
        Err(ScoringError::Shape(format!(
            "{got} {what} given, {want} expected"
        )))
    }
}

impl<'a, N: Normalise, A: Aggregate, I: Impute, T: Treat> Pipeline<'a, N, A, I, T> {
    fn indicator_codes(&self) -> Vec<&str> {
        self.framework
            .indicators()
            .iter()
            .map(|n| n.code.as_str())
            .collect()
    }

    fn context<'c>(&'c self, j: usize, data: &'c StageData) -> IndicatorContext<'c> {
        let node = &self.framework.indicators()[j];
        IndicatorContext {
            code: node.code.as_str(),
            direction: node.direction,
            target: node.target,
            goalposts: node.goalposts.as_ref(),
            rows: data.labels(),
            focus: data.focus_rows(),
        }
    }

    /// The raw data of `period`, read from the dataset (Decimal -> f64 once). Holds every
    /// period when panel imputation or panel-wide normalisation needs them.
    ///
    /// # Errors
    /// [`ScoringError::Unknown`] for a period not in the dataset; a conversion error naming
    /// unit and indicator.
    pub fn prepare(&self, period: Period) -> Result<StageData> {
        let all = self.spec.normalise_across_periods()
            || self.imputations.iter().any(Impute::uses_other_periods);
        let periods: Vec<Period> = if all {
            self.dataset.periods().to_vec()
        } else {
            vec![period]
        };
        let focus =
            periods
                .iter()
                .position(|p| *p == period)
                .ok_or_else(|| ScoringError::Unknown {
                    what: "period",
                    code: period.to_string(),
                })?;
        let matrix = self.dataset.to_panel_matrix(
            &periods,
            &self.indicator_codes(),
            CensoredPolicy::Missing,
        )?;
        let units = (0..self.dataset.units().len()).collect();
        let raw = StageData::new(matrix, units, periods, focus, self.dataset);
        if !self.spec.denominate() {
            return Ok(raw);
        }
        // One column per indicator: its denominator, or 1 when it has none.
        let indicators = self.framework.indicators();
        let names: Vec<&str> = indicators
            .iter()
            .filter_map(|n| n.denominator.as_ref())
            .map(|d| d.as_str())
            .collect();
        let read = self
            .dataset
            .to_panel_matrix(raw.periods(), &names, CensoredPolicy::Missing)?;
        let n = raw.matrix().nrows();
        let mut divisors = Vec::with_capacity(n * indicators.len());
        let mut k = 0;
        for node in indicators {
            if node.denominator.is_some() {
                divisors.extend_from_slice(read.column(k));
                k += 1;
            } else {
                divisors.resize(divisors.len() + n, 1.0);
            }
        }
        Ok(raw.with_divisors(Matrix::from_column_major(n, indicators.len(), divisors)?))
    }

    /// Divides each indicator by its iMeta denominator when the spec says `denominate`.
    ///
    /// # Errors
    /// [`ScoringError::NotApplicable`] for a zero denominator, naming indicator and unit.
    pub fn denominate(&self, raw: &StageData) -> Result<StageData> {
        if !self.spec.denominate() {
            return Ok(raw.clone());
        }
        let divisors = raw.divisors().ok_or_else(|| {
            ScoringError::Shape("denominate needs the raw data from `Pipeline::prepare`".to_owned())
        })?;
        let mut m = raw.matrix().clone();
        for (j, node) in self.framework.indicators().iter().enumerate() {
            if node.denominator.is_some() {
                crate::denominate::denominate(
                    m.column_mut(j),
                    divisors.column(j),
                    &self.context(j, raw),
                )?;
            }
        }
        Ok(raw.with_matrix(m))
    }

    /// Imputes every indicator with its method and records every imputed cell. Keeps only the
    /// scored period afterwards unless normalisation is panel-wide.
    ///
    /// # Errors
    /// The method's error; [`ScoringError::Shape`] when a method changed a present value.
    pub fn impute(&self, data: &StageData) -> Result<(StageData, Vec<ImputedCell>)> {
        let all = self.dataset.units();
        let subset: Vec<Unit>;
        let units = if data.units().iter().enumerate().all(|(i, &u)| i == u)
            && data.units().len() == all.len()
        {
            all
        } else {
            subset = data.units().iter().map(|&u| all[u].clone()).collect();
            &subset
        };
        let ctx = ImputeContext::new(self.framework.indicators(), units, data.periods());
        let input = data.matrix();
        let mut out = input.clone();
        let mut cells = Vec::new();
        for (j, method) in self.imputations.iter().enumerate() {
            if !input.column(j).iter().any(|v| v.is_nan()) {
                continue; // nothing to impute; `out` already holds the column
            }
            method.impute(input, j, &ctx, out.column_mut(j))?;
            for (r, (&before, &after)) in input.column(j).iter().zip(out.column(j)).enumerate() {
                if before.is_nan() && !after.is_nan() {
                    cells.push(ImputedCell {
                        at: data.labels()[r].clone(),
                        indicator: ctx.code(j).to_owned(),
                        value: after,
                        method: method.name(),
                    });
                } else if !before.is_nan() && before.to_bits() != after.to_bits() {
                    return Err(ScoringError::Shape(format!(
                        "imputation `{}` changed the present value of `{}` for unit `{}`",
                        method.name(),
                        ctx.code(j),
                        data.labels()[r].unit
                    )));
                }
            }
        }
        let imputed = data.with_matrix(out);
        let imputed = if self.spec.normalise_across_periods() {
            imputed
        } else {
            imputed.focus_only()
        };
        Ok((imputed, cells))
    }

    /// Screens units by the scored period's data (when the spec screens), removing them from
    /// every period.
    ///
    /// # Errors
    /// [`ScoringError::NothingLeft`] when every unit would be removed.
    pub fn screen(&self, data: &StageData) -> Result<(StageData, Option<ScreenReport>)> {
        let Some(screen) = self.spec.screen() else {
            return Ok((data.clone(), None));
        };
        let focus = data.focus_only();
        let report = screen.screen(focus.matrix(), focus.labels())?;
        let kept = report.kept();
        let out = if kept.len() == data.units().len() {
            data.clone()
        } else {
            data.select_units(&kept)
        };
        Ok((out, Some(report)))
    }

    /// Treats every indicator with its method (over every period held).
    ///
    /// # Errors
    /// The method's error, naming indicator and unit.
    pub fn treat(&self, data: &StageData) -> Result<(StageData, Vec<TreatmentReport>)> {
        let input = data.matrix();
        let mut out = input.clone();
        let mut reports = Vec::with_capacity(self.treatments.len());
        for (j, method) in self.treatments.iter().enumerate() {
            let ctx = self.context(j, data);
            let report = method.treat(input.column(j), &ctx, out.column_mut(j))?;
            no_value_lost(report.method, &ctx, input.column(j), out.column(j))?;
            reports.push(report);
        }
        Ok((data.with_matrix(out), reports))
    }

    /// Normalises every indicator with its method (parameters over every period held, so
    /// panel-wide when the spec says so) and returns the scored period.
    ///
    /// # Errors
    /// The method's error, naming the indicator.
    pub fn normalise(&self, data: &StageData) -> Result<StageData> {
        let input = data.matrix();
        let mut out = input.clone();
        for (j, method) in self.normalisers.iter().enumerate() {
            let ctx = self.context(j, data);
            method.normalise(input.column(j), &ctx, out.column_mut(j))?;
            no_value_lost(method.name(), &ctx, input.column(j), out.column(j))?;
        }
        Ok(data.with_matrix(out).focus_only())
    }

    /// Aggregates normalised data level by level with the pipeline's weights and methods;
    /// returns the root's scores (the full table stays in `scratch`).
    ///
    /// # Errors
    /// As [`aggregate_into`].
    pub fn aggregate<'s>(
        &self,
        normalised: &StageData,
        scratch: &'s mut AggregateScratch,
    ) -> Result<&'s [f64]> {
        aggregate_into(
            normalised.matrix(),
            normalised.labels(),
            &self.plan,
            &self.weights,
            &self.aggregations,
            scratch,
        )
    }

    /// Runs the stages up to normalisation for `period`: the data the aggregation, the
    /// remove-one what-if and the sensitivity analysis start from.
    ///
    /// ```
    /// use thb_scoring::{IndexSpec, Pipeline};
    /// use thb_model::{io::{read_idata_str, read_imeta_str}, Location, Period};
    /// let fw = read_imeta_str("iCode,Level,Parent,Type\na,1,I,Indicator\nI,2,,Aggregate\n", Location::memory())?;
    /// let ds = read_idata_str("uCode,a\nAUT,1\nBEL,3\n", Location::memory(), &fw, Period::Year(2024))?;
    /// let p = Pipeline::new(&fw, &ds, &IndexSpec::default())?;
    /// assert_eq!(p.normalised_for(Period::Year(2024))?.matrix().column(0), &[0.0, 100.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The first stage error, naming node and unit.
    pub fn normalised_for(&self, period: Period) -> Result<StageData> {
        let (imputed, _) = self.impute(&self.denominate(&self.prepare(period)?)?)?;
        let (screened, _) = self.screen(&imputed)?;
        let (treated, _) = self.treat(&screened)?;
        self.normalise(&treated)
    }

    /// Runs every stage for `period`.
    ///
    /// # Errors
    /// The first stage error, naming node and unit.
    pub fn run(&self, period: Period) -> Result<IndexResult> {
        self.run_prepared(&self.prepare(period)?)
    }

    /// Runs every stage for the dataset's latest period.
    ///
    /// # Errors
    /// [`ScoringError::Unknown`] when the dataset has no period; otherwise as [`Pipeline::run`].
    pub fn run_latest(&self) -> Result<IndexResult> {
        let period = self
            .dataset
            .latest_period()
            .ok_or_else(|| ScoringError::Unknown {
                what: "period",
                code: "(the dataset has none)".to_owned(),
            })?;
        self.run(period)
    }

    /// Runs every stage after [`Pipeline::prepare`] (so the dataset is read once for many runs).
    ///
    /// # Errors
    /// As [`Pipeline::run`].
    pub fn run_prepared(&self, raw: &StageData) -> Result<IndexResult> {
        let denominated = self.denominate(raw)?;
        let (imputed, imputed_cells) = self.impute(&denominated)?;
        let (screened, screen_report) = self.screen(&imputed)?;
        let (treated, treatment_reports) = self.treat(&screened)?;
        let normalised = self.normalise(&treated)?;
        let mut scratch = AggregateScratch::default();
        let root = self.aggregate(&normalised, &mut scratch)?;
        let ranks = published(root);
        let scores = scratch.into_matrix()?;
        let provenance = self.provenance(imputed_cells, screen_report, treatment_reports);
        let stages: Vec<Arc<Matrix>> = [
            raw,
            &denominated,
            &imputed,
            &screened,
            &treated,
            &normalised,
        ]
        .iter()
        .map(|s| s.focus_matrix())
        .chain([Arc::new(scores)])
        .collect();
        Ok(IndexResult {
            period: raw.period(),
            units: raw
                .units()
                .iter()
                .map(|&u| self.dataset.units()[u].clone())
                .collect(),
            kept: normalised.units().to_vec(),
            codes: self.plan.codes().to_vec(),
            n_indicators: self.plan.n_indicators(),
            root: self.plan.root(),
            stages,
            ranks,
            provenance,
        })
    }

    fn provenance(
        &self,
        imputed: Vec<ImputedCell>,
        screened: Option<ScreenReport>,
        treated: Vec<TreatmentReport>,
    ) -> Provenance {
        let indicators = self.framework.indicators();
        let denominated = if self.spec.denominate() {
            indicators
                .iter()
                .filter_map(|n| {
                    Some(Denomination {
                        indicator: n.code.as_str().to_owned(),
                        denominator: n.denominator.as_ref()?.as_str().to_owned(),
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let normalised = indicators
            .iter()
            .zip(&self.normalisers)
            .map(|(n, m)| MethodUse {
                node: n.code.as_str().to_owned(),
                method: m.name(),
            })
            .collect();
        let aggregated = (0..self.plan.steps())
            .flat_map(|s| {
                let m = &self.aggregations[if self.aggregations.len() == 1 { 0 } else { s }];
                self.plan.parents_at(s).map(move |p| MethodUse {
                    node: p.to_owned(),
                    method: m.name(),
                })
            })
            .collect();
        Provenance {
            denominated,
            imputed,
            screened,
            treated,
            normalised,
            aggregated,
        }
    }
}
