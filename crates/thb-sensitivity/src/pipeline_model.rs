//! The scoring pipeline as an [`IndexModel`]: what `thb uncertainty` and `thb sensitivity`
//! analyse.
//!
//! A [`PipelineModel`] is built once from a framework, a dataset, the nominal [`IndexSpec`], the
//! period and the [`AnalysisConfig`]. Each factor of the config replaces the spec's choice for
//! its step; the first alternative of a method factor is the nominal one:
//!
//! * `impute`, `treat`, `normalise`: the spec's global method is replaced (per-indicator
//!   `overrides` of the spec stay, as COINr's `indiv_specs` do). Every combination of these
//!   alternatives is run up to normalisation once, when the model is built; a combination that
//!   fails there (a constant column under min-max, ...) makes every run that picks it fail with
//!   that cause;
//! * `aggregate`: one method for every step, or a list with one per step;
//! * `weights`: each scored node of the level has its raw weight multiplied by the run's
//!   multiplier; [`aggregate_into`] renormalises the weights within each family over the
//!   children present, so the multiplied weights are renormalised within siblings;
//! * `exclude_one`: the node's weight is set to 0 (so it is ignored by its parent, and by the
//!   `min_child_availability` rule); an aggregate whose children all have weight 0 gets weight 0
//!   too, up the tree.
//!
//! A run then costs one aggregation over a precomputed normalised matrix, with the weights in
//! the per-thread [`PipelineScratch`]: nothing is allocated per run once the buffers have
//! grown. Arithmetic and geometric means over complete data take a faster path that gives the
//! same bits as [`aggregate_into`] (no copy of the matrix, logarithms taken once per
//! combination); every other run goes through [`aggregate_into`]. A [`ScoringError`](thb_scoring::ScoringError) becomes a
//! [`RunFailure`] with the error's text, so failed runs are reported by cause.
//!
//! Scores are given for every unit of the dataset, in input order; a unit removed by screening
//! has no score (`NaN`).

use thb_model::{Dataset, Framework, Period};
use thb_scoring::aggregate::{AggregateScratch, AggregationPlan, aggregate_into};
use thb_scoring::spec::{Aggregations, RawIndexSpec};
use thb_scoring::{Aggregation, IndexSpec, Pipeline, StageData};

use crate::config::{AnalysisConfig, Factor};
use crate::engine::{IndexModel, RunFailure};
use crate::error::{Result, SensitivityError};
use crate::run::{Choice, RunSpec};

mod means;

use means::{Logs, Mean, MeansScratch, Tree};

/// What one factor of the config does to a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// An `impute`, `treat` or `normalise` factor: alternative `i` adds `i * stride` to the
    /// position of the precomputed normalised data.
    Stage { stride: usize },
    /// The `aggregate` factor.
    Aggregate,
    /// A `weights` factor over `levels[level]`.
    Weights { level: usize },
    /// An `exclude_one` factor over `levels[level]`.
    Exclude { level: usize },
}

/// The scoring pipeline under the factors of an analysis config (see the module docs).
///
/// ```
/// use thb_model::io::{read_idata_str, read_imeta_str};
/// use thb_model::{Location, Period};
/// use thb_scoring::IndexSpec;
/// use thb_sensitivity::config::AnalysisConfig;
/// use thb_sensitivity::pipeline_model::PipelineModel;
/// use thb_sensitivity::uncertainty::{uncertainty, UncertaintyOptions};
/// let fw = read_imeta_str(
///     "iCode,Level,Parent,Type,Weight,Direction\na,1,I,Indicator,1,1\nb,1,I,Indicator,1,1\nc,1,I,Indicator,2,-1\nI,2,,Aggregate,1,1\n",
///     Location::memory(),
/// )?;
/// let ds = read_idata_str(
///     "uCode,a,b,c\nAUT,1,10,5\nBEL,3,30,2\nCHE,2,25,4\nDEU,4,15,1\n",
///     Location::memory(), &fw, Period::Year(2024),
/// )?;
/// let config = AnalysisConfig::from_json(r#"{"runs": 200, "seed": 1, "factors": [
///     {"weights": {"level": 1, "noise": 0.25}},
///     {"normalise": [{"min_max": {"low": 1, "high": 100}}, {"rank": {"ties": "min"}}]},
///     {"exclude_one": {"level": 1}}]}"#)?;
/// let model = PipelineModel::new(&fw, &ds, &IndexSpec::default(), Period::Year(2024), &config)?;
/// let ua = uncertainty(&model, &config, &UncertaintyOptions::default())?;
/// assert_eq!(ua.units().len(), 4);
/// assert!(ua.failures().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PipelineModel {
    units: usize,
    /// Normalised data per (impute, treat, normalise) combination, or why it failed.
    prepared: Vec<std::result::Result<Prepared, String>>,
    /// The aggregation methods per alternative of the `aggregate` factor (one entry: the
    /// spec's methods, when the config does not vary them).
    aggregations: Vec<Vec<Aggregation>>,
    /// Per aggregation alternative, its mean at each step when every step is an arithmetic or
    /// geometric mean (the fast path).
    means: Vec<Option<Vec<Mean>>>,
    /// The aggregation structure, for the fast path.
    tree: Tree,
    plan: AggregationPlan,
    /// Raw nominal weights, one per node (framework order).
    weights: Vec<f64>,
    /// `levels[l - 1]`: positions of the scored nodes at level `l` below the root.
    levels: Vec<Vec<usize>>,
    /// The parent of every node (`None` for the root and context indicators).
    parent: Vec<Option<usize>>,
    slots: Vec<Slot>,
}

/// The normalised data of one combination of alternatives.
#[derive(Debug, Clone)]
struct Prepared {
    data: StageData,
    /// No value is missing (the fast path applies).
    complete: bool,
    /// Logarithms of the values, when complete and some alternative takes geometric means.
    logs: Option<Logs>,
}

/// Per-thread working memory of a [`PipelineModel`]: the run's weights and the aggregation
/// buffers, reused across runs.
#[derive(Debug, Clone, Default)]
pub struct PipelineScratch {
    weights: Vec<f64>,
    multipliers: Vec<f64>,
    aggregate: AggregateScratch,
    means: MeansScratch,
}

/// The alternatives of the factor `is_kind` picks in `config`, parsed as `T`, or `nominal`
/// alone.
fn alternatives<T: serde::de::DeserializeOwned + Clone>(
    config: &AnalysisConfig,
    is_kind: impl Fn(&Factor) -> bool,
    nominal: &T,
) -> Result<Vec<T>> {
    match config.factors().iter().find(|f| is_kind(f)) {
        Some(f) => f.parse_alternatives(),
        None => Ok(vec![nominal.clone()]),
    }
}

fn pipeline_error(what: &str, source: thb_scoring::ScoringError) -> SensitivityError {
    SensitivityError::Pipeline {
        what: what.to_owned(),
        source,
    }
}

impl PipelineModel {
    /// The pipeline of `spec` on `dataset` for `period`, under the factors of `config`.
    ///
    /// # Errors
    /// [`SensitivityError::Alternative`] when an alternative is not a valid method (or an
    /// aggregation list does not have one method per step); [`SensitivityError::Pipeline`]
    /// when the spec with some alternative does not fit the framework or the data (an unknown
    /// group column, ...); [`SensitivityError::UnknownLevel`] for a `weights` or
    /// `exclude_one` factor on a level without nodes below the root.
    pub fn new(
        framework: &Framework,
        dataset: &Dataset,
        spec: &IndexSpec,
        period: Period,
        config: &AnalysisConfig,
    ) -> Result<Self> {
        let imputes = alternatives(config, |f| matches!(f, Factor::Impute(_)), spec.impute())?;
        let treats = alternatives(config, |f| matches!(f, Factor::Treat(_)), spec.treat())?;
        let norms = alternatives(
            config,
            |f| matches!(f, Factor::Normalise(_)),
            spec.normalise(),
        )?;
        let variant = |i: usize, t: usize, n: usize| -> Result<Pipeline<'_>> {
            let mut raw = RawIndexSpec::from(spec.clone());
            raw.impute = imputes[i].clone();
            raw.treat = treats[t].clone();
            raw.normalise = norms[n].clone();
            let what = format!("impute {}, treat {}, normalise {}", i + 1, t + 1, n + 1);
            IndexSpec::try_from(raw)
                .and_then(|s| Pipeline::new(framework, dataset, &s))
                .map_err(|e| pipeline_error(&what, e))
        };
        let nominal = variant(0, 0, 0)?;
        let prepared = prepare_all(&variant, period, [imputes.len(), treats.len(), norms.len()])?;

        let plan = nominal.plan().clone();
        let aggregations = match config
            .factors()
            .iter()
            .find(|f| matches!(f, Factor::Aggregate(_)))
        {
            Some(f) => f
                .parse_alternatives::<Aggregations>()?
                .into_iter()
                .enumerate()
                .map(|(index, a)| per_step_methods(a, index, plan.steps()))
                .collect::<Result<_>>()?,
            None => vec![nominal.aggregations().to_vec()],
        };

        let fw = nominal.framework();
        let nodes = fw.nodes();
        let root_level = fw.root().level;
        let levels: Vec<Vec<usize>> = (1..root_level)
            .map(|l| {
                (0..nodes.len())
                    .filter(|&p| nodes[p].level == l && nodes[p].is_scored())
                    .collect()
            })
            .collect();
        let mut parent = vec![None; nodes.len()];
        let mut children = vec![Vec::new(); nodes.len()];
        let steps = fw
            .families()
            .iter()
            .map(|step| {
                step.iter()
                    .map(|family| {
                        for &c in &family.children {
                            parent[c] = Some(family.parent);
                        }
                        children[family.parent].clone_from(&family.children);
                        family.parent
                    })
                    .collect()
            })
            .collect();
        let tree = Tree {
            steps,
            children,
            n_indicators: fw.indicators().len(),
            root: fw.root_position(),
        };
        let means: Vec<Option<Vec<Mean>>> = aggregations
            .iter()
            .map(|a| Mean::per_step(a, plan.steps()))
            .collect();
        let geometric = means
            .iter()
            .flatten()
            .flatten()
            .any(|m| *m == Mean::Geometric);
        let prepared = prepared
            .into_iter()
            .map(|p| {
                p.map(|data| {
                    let complete = !data.matrix().as_slice().iter().any(|v| v.is_nan());
                    let logs = (complete && geometric).then(|| Logs::new(data.matrix()));
                    Prepared {
                        data,
                        complete,
                        logs,
                    }
                })
            })
            .collect();

        let strides = [treats.len() * norms.len(), norms.len(), 1];
        let slots = config
            .factors()
            .iter()
            .zip(config.labels())
            .map(|(f, label)| {
                let level = |l: u32| match levels.get(l as usize - 1) {
                    Some(nodes) if !nodes.is_empty() => Ok(l as usize - 1),
                    _ => Err(SensitivityError::UnknownLevel {
                        factor: label.clone(),
                        level: l,
                    }),
                };
                Ok(match f {
                    Factor::Impute(_) => Slot::Stage { stride: strides[0] },
                    Factor::Treat(_) => Slot::Stage { stride: strides[1] },
                    Factor::Normalise(_) => Slot::Stage { stride: strides[2] },
                    Factor::Aggregate(_) => Slot::Aggregate,
                    Factor::Weights(w) => Slot::Weights {
                        level: level(w.level())?,
                    },
                    Factor::ExcludeOne(e) => Slot::Exclude {
                        level: level(e.level())?,
                    },
                })
            })
            .collect::<Result<_>>()?;

        Ok(Self {
            units: dataset.units().len(),
            prepared,
            aggregations,
            weights: nominal.weights().to_vec(),
            plan,
            levels,
            parent,
            means,
            tree,
            slots,
        })
    }

    /// The code of the `k`-th scored node (0-based, framework order) at `level`, as the
    /// `weights` and `exclude_one` factors number them.
    ///
    /// ```
    /// # use thb_model::io::{read_idata_str, read_imeta_str};
    /// # use thb_model::{Location, Period};
    /// # use thb_scoring::IndexSpec;
    /// # use thb_sensitivity::config::AnalysisConfig;
    /// # use thb_sensitivity::pipeline_model::PipelineModel;
    /// # let fw = read_imeta_str("iCode,Level,Parent,Type\na,1,I,Indicator\nb,1,I,Indicator\nI,2,,Aggregate\n", Location::memory())?;
    /// # let ds = read_idata_str("uCode,a,b\nAUT,1,3\nBEL,5,7\n", Location::memory(), &fw, Period::Year(2024))?;
    /// # let config = AnalysisConfig::from_json(r#"{"runs": 10, "seed": 1, "factors": [{"exclude_one": {"level": 1}}]}"#)?;
    /// let model = PipelineModel::new(&fw, &ds, &IndexSpec::default(), Period::Year(2024), &config)?;
    /// assert_eq!(model.node_code(1, 1), Some("b"));
    /// assert_eq!(model.node_code(2, 0), None); // the root is not varied
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn node_code(&self, level: u32, k: usize) -> Option<&str> {
        let position = *self.levels.get((level as usize).checked_sub(1)?)?.get(k)?;
        self.plan.codes().get(position).map(String::as_str)
    }

    /// Sets the weight of node `p` to 0 and, while every sibling has weight 0 too, its
    /// parent's (so an emptied aggregate is ignored rather than counted as missing).
    fn exclude(&self, mut p: usize, weights: &mut [f64]) {
        loop {
            weights[p] = 0.0;
            match self.parent[p] {
                Some(up) if self.tree.children[up].iter().all(|&c| weights[c] <= 0.0) => p = up,
                _ => return,
            }
        }
    }
}

/// The methods of one alternative of the `aggregate` factor: one for every step or one per
/// step.
fn per_step_methods(a: Aggregations, index: usize, steps: usize) -> Result<Vec<Aggregation>> {
    match a {
        Aggregations::One(m) => Ok(vec![m]),
        Aggregations::PerStep(v) if v.len() == steps || v.len() == 1 => Ok(v),
        Aggregations::PerStep(v) => Err(SensitivityError::Alternative {
            factor: "aggregate".to_owned(),
            index,
            message: format!(
                "{} methods listed, but the framework has {steps} aggregation steps",
                v.len()
            ),
        }),
    }
}

/// Runs every (impute, treat, normalise) combination up to normalisation, sharing the stages
/// before the one that differs: `counts` alternatives of each. Position
/// `(i * counts[1] + t) * counts[2] + n`.
fn prepare_all<'p>(
    variant: &impl Fn(usize, usize, usize) -> Result<Pipeline<'p>>,
    period: Period,
    counts: [usize; 3],
) -> Result<Vec<std::result::Result<StageData, String>>> {
    let text = |e: thb_scoring::ScoringError| e.to_string();
    let mut prepared = Vec::with_capacity(counts.iter().product());
    for i in 0..counts[0] {
        let p = variant(i, 0, 0)?;
        let screened = p
            .prepare(period)
            .and_then(|raw| p.denominate(&raw))
            .and_then(|d| p.impute(&d))
            .and_then(|(imputed, _)| p.screen(&imputed))
            .map(|(screened, _)| screened)
            .map_err(text);
        for t in 0..counts[1] {
            let p = variant(i, t, 0)?;
            let treated = screened
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|s| p.treat(s).map(|(treated, _)| treated).map_err(text));
            for n in 0..counts[2] {
                let p = variant(i, t, n)?;
                prepared.push(
                    treated
                        .as_ref()
                        .map_err(Clone::clone)
                        .and_then(|t| p.normalise(t).map_err(text)),
                );
            }
        }
    }
    Ok(prepared)
}

impl IndexModel for PipelineModel {
    type Scratch = PipelineScratch;

    fn units(&self) -> usize {
        self.units
    }

    fn level_len(&self, level: u32) -> Option<usize> {
        let nodes = self.levels.get((level as usize).checked_sub(1)?)?;
        (!nodes.is_empty()).then_some(nodes.len())
    }

    fn scratch(&self) -> PipelineScratch {
        PipelineScratch {
            weights: self.weights.clone(),
            multipliers: vec![1.0; self.levels.iter().map(Vec::len).max().unwrap_or(0)],
            aggregate: AggregateScratch::default(),
            means: MeansScratch::default(),
        }
    }

    fn evaluate(
        &self,
        run: &RunSpec,
        s: &mut PipelineScratch,
        scores: &mut [f64],
    ) -> std::result::Result<(), RunFailure> {
        if run.choices().len() != self.slots.len() || scores.len() != self.units {
            return Err(RunFailure::new(format!(
                "a run of {} choices and {} scores for a model of {} factors and {} units",
                run.choices().len(),
                scores.len(),
                self.slots.len(),
                self.units
            )));
        }
        s.weights.copy_from_slice(&self.weights);
        let (mut data, mut methods) = (0, 0);
        for (slot, choice) in self.slots.iter().zip(run.choices()) {
            match (*slot, choice) {
                (Slot::Stage { stride }, Choice::Alternative { index }) => data += index * stride,
                (Slot::Aggregate, Choice::Alternative { index }) => methods = *index,
                (Slot::Weights { level }, Choice::Weights(draw)) => {
                    let nodes = &self.levels[level];
                    let m = &mut s.multipliers[..nodes.len()];
                    draw.fill(m).map_err(|e| RunFailure::new(e.to_string()))?;
                    for (&p, &f) in nodes.iter().zip(m.iter()) {
                        s.weights[p] *= f;
                    }
                }
                (Slot::Exclude { .. }, Choice::Exclude { node: None }) => {}
                (Slot::Exclude { level }, Choice::Exclude { node: Some(k) }) => {
                    let p = *self.levels[level].get(*k).ok_or_else(|| {
                        RunFailure::new(format!("no node #{k} at level {}", level + 1))
                    })?;
                    self.exclude(p, &mut s.weights);
                }
                (slot, choice) => {
                    return Err(RunFailure::new(format!(
                        "choice {choice:?} does not fit factor {slot:?}"
                    )));
                }
            }
        }
        let prepared = self
            .prepared
            .get(data)
            .ok_or_else(|| RunFailure::new(format!("no alternative combination #{data}")))?
            .as_ref()
            .map_err(|cause| RunFailure::new(cause.clone()))?;
        let normalised = &prepared.data;
        let aggregations = self
            .aggregations
            .get(methods)
            .ok_or_else(|| RunFailure::new(format!("no aggregation alternative #{methods}")))?;
        let PipelineScratch {
            weights,
            aggregate,
            means: buffers,
            ..
        } = s;
        let fast = match self.means.get(methods) {
            Some(Some(per_step)) if prepared.complete => means::root_scores(
                &self.tree,
                normalised.matrix(),
                prepared.logs.as_ref(),
                per_step,
                weights,
                buffers,
            ),
            _ => None,
        };
        let root = match fast {
            Some(root) => root,
            None => aggregate_into(
                normalised.matrix(),
                normalised.labels(),
                &self.plan,
                weights,
                aggregations,
                aggregate,
            )
            .map_err(|e| RunFailure::new(e.to_string()))?,
        };
        scores.fill(f64::NAN);
        for (&unit, &score) in normalised.units().iter().zip(root) {
            scores[unit] = score;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::RunPlan;
    use thb_model::Location;
    use thb_model::io::{read_idata_str, read_imeta_str};

    #[test]
    fn excluding_an_only_child_drops_its_parent_instead_of_making_it_missing() {
        // P2 has one child, c. With every child required (min_child_availability 1), a
        // missing P2 would leave every unit without a score; a P2 of weight 0 is ignored.
        let fw = read_imeta_str(
            "iCode,Level,Parent,Type,Weight\na,1,P1,Indicator,1\nb,1,P1,Indicator,3\nc,1,P2,Indicator,1\nP1,2,I,Aggregate,1\nP2,2,I,Aggregate,1\nI,3,,Aggregate,1\n",
            Location::memory(),
        )
        .unwrap();
        let ds = read_idata_str(
            "uCode,a,b,c\nAUT,1,10,5\nBEL,3,30,2\nCHE,2,25,4\n",
            Location::memory(),
            &fw,
            Period::Year(2024),
        )
        .unwrap();
        let spec = IndexSpec::from_json(r#"{"min_child_availability": 1.0}"#).unwrap();
        let c = AnalysisConfig::from_json(
            r#"{"runs": 4, "seed": 1, "factors": [{"exclude_one": {"level": 1}}]}"#,
        )
        .unwrap();
        let model = PipelineModel::new(&fw, &ds, &spec, Period::Year(2024), &c).unwrap();
        let plan = RunPlan::new(&c, |l| model.level_len(l)).unwrap();
        let mut scores = [0.0; 3];
        // bin 3 of 4: leave out node #2, `c`.
        let run = plan.spec(0, None, &[0.8]).unwrap();
        model
            .evaluate(&run, &mut model.scratch(), &mut scores)
            .unwrap();
        // I = P1 = (1 a + 3 b) / 4 with a, b min-max normalised to [0, 100].
        let p1 = [0.0, 100.0, (50.0 + 3.0 * 75.0) / 4.0];
        for (got, want) in scores.iter().zip(p1) {
            assert!((got - want).abs() < 1e-12, "{scores:?}");
        }
    }

    #[test]
    fn per_step_lists_must_fit_the_framework() {
        let two = Aggregations::PerStep(vec![Aggregation::Arithmetic, Aggregation::Geometric]);
        assert_eq!(per_step_methods(two.clone(), 0, 2).unwrap().len(), 2);
        let err = per_step_methods(two, 3, 3).unwrap_err().to_string();
        assert!(
            err.contains("alternative 3") && err.contains("3 aggregation steps"),
            "{err}"
        );
        assert_eq!(
            per_step_methods(Aggregations::One(Aggregation::Median), 0, 4).unwrap(),
            [Aggregation::Median]
        );
    }
}
