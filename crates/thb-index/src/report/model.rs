//! The report's content: every section as plain data, assembled once from the inputs and then
//! rendered as HTML or Markdown.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use thb_model::{
    Dataset, Direction, Framework, Location, ModelError, NodeKind, ObsStatus, Period, Role,
};
use thb_monitor::coverage::{CoverageRow, ImputedCells, coverage};
use thb_monitor::progress::{ProgressCategory, ProgressRow, ProgressSummary, summarise};
use thb_scoring::rank::{Order, Ties, rank};
use thb_scoring::{IndexResult, IndexSpec, Provenance, Stage};

use super::analysis::{SensitivityRow, UncertaintyRow};
use crate::Result;

/// Strengths and weaknesses listed per unit.
const PROFILE_INDICATORS: usize = 3;
/// Decimals of scores when neither the node nor the caller says otherwise.
const DEFAULT_DECIMALS: u32 = 1;

/// A node or unit: code and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The code.
    pub code: String,
    /// The display name (the code when there is none).
    pub name: String,
}

impl Label {
    fn new(code: &str, name: &str) -> Self {
        Self {
            code: code.to_owned(),
            name: name.to_owned(),
        }
    }

    /// `Name (CODE)`, or the code alone when the name is the code.
    ///
    /// ```
    /// use thb_index::report::Label;
    /// let l = Label { code: "AT".into(), name: "Austria".into() };
    /// assert_eq!(l.display(), "Austria (AT)");
    /// ```
    pub fn display(&self) -> String {
        if self.name == self.code {
            self.code.clone()
        } else {
            format!("{} ({})", self.name, self.code)
        }
    }
}

/// A framework node as the report shows it (depth first from the root; context indicators
/// without a parent come last, at depth 1).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NodeInfo {
    /// Code and name.
    pub label: Label,
    /// Indicator or aggregate.
    pub kind: NodeKind,
    /// Scored or context.
    pub role: Role,
    /// Depth below the root (0 = root).
    pub depth: usize,
    /// The parent's code.
    pub parent: Option<String>,
    /// Direction (indicators).
    pub direction: Direction,
    /// Unit of measure.
    pub unit: Option<String>,
    /// Source and citation.
    pub source: Option<String>,
    /// Weight among its siblings, normalised to sum 1 (0 for context indicators).
    pub weight: f64,
    /// Effective weight in the index.
    pub effective_weight: f64,
    /// The normalisation (indicators) or aggregation (aggregates) method applied.
    pub method: Option<String>,
}

/// A unit's line of the ranking.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RankingRow {
    /// The unit.
    pub unit: Label,
    /// Its rank (1 = best), `None` when the index could not be computed.
    pub rank: Option<u32>,
    /// Its index score.
    pub score: Option<f64>,
    /// Its score on each of [`Report::aggregates`].
    pub aggregates: Vec<Option<f64>>,
}

/// Where a unit stands on one node.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Standing {
    /// The node.
    pub node: Label,
    /// The raw value as published (with its unit of measure and flags); empty for aggregates.
    pub value: String,
    /// The score (normalised value for an indicator).
    pub score: Option<f64>,
    /// The unit's rank on the node among the units with a score (1 = best, ties `min`).
    pub rank: Option<u32>,
    /// Number of units with a score.
    pub of: usize,
    /// The value was imputed.
    pub imputed: bool,
}

/// Why an indicator has no reported value for a unit.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum GapKind {
    /// Not available.
    Missing,
    /// Withheld for confidentiality.
    Confidential,
    /// Does not apply.
    NotApplicable,
    /// A censored count (e.g. `<5`), missing for scoring unless the spec says otherwise.
    Censored {
        /// The published text.
        text: String,
    },
    /// Missing in the data and filled in by imputation.
    Imputed {
        /// The imputed value.
        value: f64,
        /// The imputation method.
        method: &'static str,
    },
}

impl GapKind {
    /// A short description; an imputed value is shown with `decimals + 2` decimals.
    ///
    /// ```
    /// use thb_index::report::GapKind;
    /// let g = GapKind::Imputed { value: 2.0, method: "column_mean" };
    /// assert_eq!(g.describe(1), "imputed: 2.000 (column_mean)");
    /// assert_eq!(GapKind::Missing.describe(1), "missing");
    /// ```
    pub fn describe(&self, decimals: u32) -> String {
        match self {
            Self::Missing => "missing".to_owned(),
            Self::Confidential => "confidential".to_owned(),
            Self::NotApplicable => "not applicable".to_owned(),
            Self::Censored { text } => format!("censored ({text}), treated as missing"),
            Self::Imputed { value, method } => {
                format!("imputed: {} ({method})", num(*value, decimals + 2))
            }
        }
    }
}

/// A scored indicator without a reported value for a unit.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Gap {
    /// The indicator.
    pub indicator: Label,
    /// Why.
    pub kind: GapKind,
}

/// A unit's profile: scores, its best and worst indicators by rank, and its data gaps.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Profile {
    /// The unit.
    pub unit: Label,
    /// Its index rank.
    pub rank: Option<u32>,
    /// Number of ranked units.
    pub ranked: usize,
    /// Its index score.
    pub score: Option<f64>,
    /// Its standing on each of [`Report::aggregates`].
    pub aggregates: Vec<Standing>,
    /// Its best scored indicators by rank, best first.
    pub strengths: Vec<Standing>,
    /// Its worst scored indicators by rank, worst first.
    pub weaknesses: Vec<Standing>,
    /// Scored indicators without a reported value (missing, censored, imputed).
    pub gaps: Vec<Gap>,
}

/// Progress categories between two periods (Eurostat SDG method, `thb progress`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ProgressSection {
    /// The base period.
    pub from: Period,
    /// The latest period.
    pub to: Period,
    /// Every assessed (unit, indicator) pair.
    pub rows: Vec<ProgressRow>,
    /// Category counts per unit over all its indicators, in unit order.
    pub by_unit: Vec<ProgressSummary>,
    /// Category counts per pillar (the indicators' parent) over all units.
    pub by_pillar: Vec<(Label, BTreeMap<ProgressCategory, usize>)>,
}

/// One pipeline step as the provenance section tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Step {
    /// The step.
    pub stage: Stage,
    /// The method(s) named in the spec.
    pub method: String,
    /// What it did.
    pub summary: String,
}

/// A report on an index: every section as data, ready to render with
/// [`Report::to_html`](super::Report::to_html) or [`Report::to_markdown`](super::Report::to_markdown).
/// Build it with [`Report::builder`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// The title.
    pub title: String,
    /// The period scored.
    pub period: Period,
    /// The dataset's source statement.
    pub source: Option<String>,
    /// The data are ILLUSTRATIVE (synthetic): the report says so in a banner.
    pub illustrative: bool,
    /// The input files or other inputs, as (what, where).
    pub inputs: Vec<(String, String)>,
    /// The software that produced the report.
    pub software: String,
    /// Decimals of the scores shown.
    pub decimals: u32,
    /// The framework, depth first.
    pub framework: Vec<NodeInfo>,
    /// The index (root).
    pub index: Label,
    /// Every aggregate below the root: the highest level first, framework order within a level.
    pub aggregates: Vec<Label>,
    /// The pillars charted side by side (the aggregates of indicators when there are at most
    /// eight, else the root's children), as positions in [`Report::aggregates`].
    pub pillars: Vec<usize>,
    /// The ranking, best first; units without an index score last.
    pub ranking: Vec<RankingRow>,
    /// One profile per ranked or scored unit, in ranking order.
    pub profiles: Vec<Profile>,
    /// Data coverage per unit at the period scored, over every indicator.
    pub coverage: Vec<CoverageRow>,
    /// Names of every unit of the data, in input order.
    pub units: Vec<Label>,
    /// Progress between two periods, when asked for.
    pub progress: Option<ProgressSection>,
    /// Rank bands from an uncertainty analysis, by nominal rank (empty when not given).
    pub uncertainty: Vec<UncertaintyRow>,
    /// Sensitivity indices per factor (empty when not given).
    pub sensitivity: Vec<SensitivityRow>,
    /// The pipeline spec as JSON.
    pub spec_json: String,
    /// What each pipeline step did.
    pub steps: Vec<Step>,
    /// The pipeline's full provenance (imputed cells, screening, treatment, methods).
    pub provenance: Provenance,
}

/// Builds a [`Report`] from the inputs of a pipeline run and its result.
///
/// ```
/// use thb_index::{reference, Pipeline};
/// use thb_index::report::{Report, SensitivityRow, UncertaintyRow};
/// let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
/// let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
/// let report = Report::builder(&fw, &ds, &spec, &result)
///     .title("THB INDEX 2023 (illustrative)")
///     .input("data", "thb_index::reference::illustrative_dataset()")
///     .decimals(2)
///     .uncertainty(vec![UncertaintyRow::new("FR").ranks(Some(1), Some(1.0), Some(1.2), Some(1.0), Some(2.0))])
///     .sensitivity(vec![SensitivityRow::new("weights", (0.4, 0.3, 0.5), (0.6, 0.5, 0.7))])
///     .build()?;
/// assert_eq!(report.uncertainty.len(), 1);
/// assert_eq!(report.inputs[0].0, "data");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ReportBuilder<'a> {
    framework: &'a Framework,
    dataset: &'a Dataset,
    spec: &'a IndexSpec,
    result: &'a IndexResult,
    title: Option<String>,
    inputs: Vec<(String, String)>,
    decimals: Option<u32>,
    progress: Option<(Period, Period, Vec<ProgressRow>)>,
    uncertainty: Vec<UncertaintyRow>,
    sensitivity: Vec<SensitivityRow>,
}

impl Report {
    /// Starts a report on `result`, the run of `spec` on `framework` and `dataset`.
    ///
    /// ```
    /// use thb_index::{reference, report::Report, Pipeline};
    /// let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
    /// let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
    /// let report = Report::builder(&fw, &ds, &spec, &result).title("THB INDEX 2023").build()?;
    /// assert!(report.illustrative);
    /// assert_eq!(report.ranking[0].rank, Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder<'a>(
        framework: &'a Framework,
        dataset: &'a Dataset,
        spec: &'a IndexSpec,
        result: &'a IndexResult,
    ) -> ReportBuilder<'a> {
        ReportBuilder {
            framework,
            dataset,
            spec,
            result,
            title: None,
            inputs: Vec::new(),
            decimals: None,
            progress: None,
            uncertainty: Vec::new(),
            sensitivity: Vec::new(),
        }
    }

    /// The display name of unit `code` (the code when unknown).
    ///
    /// ```
    /// # use thb_index::{reference, report::Report, Pipeline};
    /// # let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
    /// # let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
    /// let report = Report::builder(&fw, &ds, &spec, &result).build()?;
    /// assert_eq!(report.unit_name("EL"), "Greece");
    /// assert_eq!(report.unit_name("XX"), "XX");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit_name<'s>(&'s self, code: &'s str) -> &'s str {
        self.units
            .iter()
            .find(|u| u.code == code)
            .map_or(code, |u| u.name.as_str())
    }
}

impl<'a> ReportBuilder<'a> {
    /// The title (default: the index's name).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Records an input (e.g. `("framework", "asem_imeta.csv")`) in the provenance.
    pub fn input(mut self, what: impl Into<String>, location: impl Into<String>) -> Self {
        self.inputs.push((what.into(), location.into()));
        self
    }

    /// Decimals of the scores shown (default: 1, or a node's own `decimals`).
    pub fn decimals(mut self, decimals: u32) -> Self {
        self.decimals = Some(decimals);
        self
    }

    /// Adds the progress section: the rows of
    /// [`assess_dataset`](thb_monitor::progress::assess_dataset) between `from` and `to`.
    ///
    /// ```
    /// use thb_index::monitor::progress::{assess_dataset, EurostatThresholds, Targets};
    /// use thb_index::{reference, report::Report, Period, Pipeline};
    /// let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
    /// let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
    /// let (from, to) = (Period::Year(2019), Period::Year(2023));
    /// let rows = assess_dataset(&ds, &fw, from, to, &Targets::new(), &EurostatThresholds::default())?;
    /// let report = Report::builder(&fw, &ds, &spec, &result).progress(from, to, rows).build()?;
    /// assert!(report.to_html().contains("Progress 2019 to 2023"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress(mut self, from: Period, to: Period, rows: Vec<ProgressRow>) -> Self {
        self.progress = Some((from, to, rows));
        self
    }

    /// Adds rank bands from an uncertainty analysis (one row per unit; any order).
    pub fn uncertainty(mut self, rows: Vec<UncertaintyRow>) -> Self {
        self.uncertainty = rows;
        self
    }

    /// Adds sensitivity indices (one row per factor).
    pub fn sensitivity(mut self, rows: Vec<SensitivityRow>) -> Self {
        self.sensitivity = rows;
        self
    }

    /// Assembles the report.
    ///
    /// ```
    /// use thb_index::{reference, report::{Report, UncertaintyRow}, Pipeline};
    /// let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
    /// let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
    /// let unknown = vec![UncertaintyRow::new("XX")];
    /// assert!(Report::builder(&fw, &ds, &spec, &result).uncertainty(unknown).build().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ModelError::Unknown`](thb_model::ModelError::Unknown) when an uncertainty row names a
    /// unit that is not in the data (or names one twice);
    /// [`ModelError::InvalidNumber`](thb_model::ModelError::InvalidNumber) for a non-finite
    /// number in an uncertainty or sensitivity row; a monitoring error if coverage cannot be
    /// computed (an indicator that is not a column of the data).
    pub fn build(self) -> Result<Report> {
        let (fw, ds, result) = (self.framework, self.dataset, self.result);
        let weighted: Cow<'_, Framework> = if self.spec.weights().is_empty() {
            Cow::Borrowed(fw)
        } else {
            Cow::Owned(fw.with_weights(self.spec.weights())?)
        };
        let decimals = self.decimals.unwrap_or(DEFAULT_DECIMALS);
        let root = fw.root();
        let aggregates = aggregates_below_root(fw);
        let ranking = ranking(result, &aggregates);
        let source = ds.source().map(str::to_owned);
        let uncertainty = checked_uncertainty(self.uncertainty, ds)?;
        check_sensitivity(&self.sensitivity)?;
        let coverage = unit_coverage(fw, ds, result)?;
        let progress = self
            .progress
            .map(|(from, to, rows)| progress_section(fw, from, to, rows));
        Ok(Report {
            title: self.title.unwrap_or_else(|| root.label().to_owned()),
            period: result.period(),
            illustrative: source
                .as_deref()
                .is_some_and(|s| s.contains("ILLUSTRATIVE")),
            source,
            inputs: self.inputs,
            software: format!("thb-index {}", env!("CARGO_PKG_VERSION")),
            decimals,
            framework: framework_nodes(&weighted, result.provenance()),
            index: Label::new(root.code.as_str(), root.label()),
            pillars: chart_pillars(fw, &aggregates),
            profiles: profiles(fw, ds, result, &aggregates, &ranking),
            aggregates,
            ranking,
            coverage,
            units: ds
                .units()
                .iter()
                .map(|u| Label::new(u.code.as_str(), u.label()))
                .collect(),
            progress,
            uncertainty,
            sensitivity: self.sensitivity,
            spec_json: spec_json(self.spec)?,
            steps: steps(self.spec, result),
            provenance: result.provenance().clone(),
        })
    }
}

#[cfg(feature = "serde")]
fn spec_json(spec: &IndexSpec) -> Result<String> {
    Ok(spec.to_json()?)
}

#[cfg(not(feature = "serde"))]
fn spec_json(spec: &IndexSpec) -> Result<String> {
    Ok(format!("{spec:#?}"))
}

/// A number rounded half to even to `decimals` places through the workspace's one rounding
/// rule ([`thb_model::numeric::to_decimal`]); a magnitude beyond the decimal range is shown in
/// scientific notation.
pub(crate) fn num(x: f64, decimals: u32) -> String {
    match thb_model::numeric::to_decimal(x, Some(decimals), "", "") {
        Ok(mut d) => {
            d.rescale(decimals);
            d.to_string()
        }
        Err(_) => format!("{x:e}"),
    }
}

/// [`num`] or an en dash for a missing number.
pub(crate) fn opt(x: Option<f64>, decimals: u32) -> String {
    x.map_or_else(|| "–".to_owned(), |v| num(v, decimals))
}

/// A share in [0, 1] as a whole percentage.
pub(crate) fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| format!("{} %", num(s * 100.0, 0)))
}

/// A weight in [0, 1] as a percentage with at most one decimal (12.5 %, 20 %).
pub(crate) fn weight_pct(w: f64) -> String {
    let text = num(w * 100.0, 1);
    format!("{} %", text.strip_suffix(".0").unwrap_or(&text))
}

fn present(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

fn aggregates_below_root(fw: &Framework) -> Vec<Label> {
    (2..fw.levels())
        .rev()
        .flat_map(|level| fw.aggregates_at(level))
        .map(|n| Label::new(n.code.as_str(), n.label()))
        .collect()
}

fn chart_pillars(fw: &Framework, aggregates: &[Label]) -> Vec<usize> {
    let at_level = |pred: &dyn Fn(&thb_model::Node) -> bool| -> Vec<usize> {
        aggregates
            .iter()
            .enumerate()
            .filter(|(_, a)| fw.node(&a.code).is_some_and(pred))
            .map(|(i, _)| i)
            .collect()
    };
    let lowest = at_level(&|n| n.level == 2);
    if lowest.len() <= 8 {
        return lowest;
    }
    let root = fw.root().code.as_str();
    let top = at_level(&|n| n.parent.as_ref().is_some_and(|p| p.as_str() == root));
    top.into_iter().take(8).collect()
}

fn ranking(result: &IndexResult, aggregates: &[Label]) -> Vec<RankingRow> {
    let kept = result.stage_units(Stage::Aggregated);
    let columns: Vec<Option<&[f64]>> = aggregates.iter().map(|a| result.score(&a.code)).collect();
    let mut rows: Vec<(usize, RankingRow)> = kept
        .iter()
        .enumerate()
        .map(|(i, &u)| {
            let unit = &result.units()[u];
            let row = RankingRow {
                unit: Label::new(unit.code.as_str(), unit.label()),
                rank: result.ranks()[i],
                score: present(result.root_scores()[i]),
                aggregates: columns
                    .iter()
                    .map(|c| c.and_then(|c| present(c[i])))
                    .collect(),
            };
            (i, row)
        })
        .collect();
    rows.sort_by_key(|(i, r)| (r.rank.unwrap_or(u32::MAX), *i));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Children of `code` (scored and context), in framework order.
fn all_children<'f>(fw: &'f Framework, code: &str) -> Vec<&'f thb_model::Node> {
    fw.nodes()
        .iter()
        .filter(|n| n.parent.as_ref().is_some_and(|p| p.as_str() == code))
        .collect()
}

fn framework_nodes(fw: &Framework, provenance: &Provenance) -> Vec<NodeInfo> {
    let methods: BTreeMap<&str, &str> = provenance
        .normalised
        .iter()
        .chain(&provenance.aggregated)
        .map(|m| (m.node.as_str(), m.method))
        .collect();
    let info = |n: &thb_model::Node, depth: usize| {
        let sibling_weight = n
            .parent
            .as_ref()
            .filter(|_| n.is_scored())
            .map(|p| {
                let total: f64 = fw.children(p.as_str()).iter().map(|c| c.weight).sum();
                if total > 0.0 { n.weight / total } else { 0.0 }
            })
            .unwrap_or(if n.parent.is_none() && n.is_scored() {
                1.0
            } else {
                0.0
            });
        NodeInfo {
            label: Label::new(n.code.as_str(), n.label()),
            kind: n.kind,
            role: n.role,
            depth,
            parent: n.parent.as_ref().map(|p| p.as_str().to_owned()),
            direction: n.direction,
            unit: n.unit.clone(),
            source: n.source.clone(),
            weight: sibling_weight,
            effective_weight: fw.effective_weight(n.code.as_str()).unwrap_or(0.0),
            method: methods.get(n.code.as_str()).map(|m| (*m).to_owned()),
        }
    };
    let mut out = Vec::new();
    let mut stack = vec![(fw.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        out.push(info(node, depth));
        for child in all_children(fw, node.code.as_str()).into_iter().rev() {
            stack.push((child, depth + 1));
        }
    }
    out.extend(
        fw.indicators()
            .iter()
            .filter(|n| n.parent.is_none())
            .map(|n| info(n, 1)),
    );
    out
}

fn imputed_cells(result: &IndexResult) -> HashSet<(&str, &str)> {
    result
        .provenance()
        .imputed
        .iter()
        .filter(|c| c.at.period == result.period())
        .map(|c| (c.at.unit.as_str(), c.indicator.as_str()))
        .collect()
}

/// A node's scores for the kept units, with their ranks (1 = best, ties `min`).
struct Ranked<'r> {
    node: Label,
    scores: &'r [f64],
    ranks: Vec<f64>,
    of: usize,
}

impl<'r> Ranked<'r> {
    fn new(node: Label, scores: &'r [f64]) -> Self {
        Self {
            node,
            ranks: rank(scores, Ties::Min, Order::Descending),
            of: scores.iter().filter(|v| !v.is_nan()).count(),
            scores,
        }
    }

    /// Where kept unit `i` stands.
    fn standing(&self, i: usize, value: String, imputed: bool) -> Standing {
        Standing {
            node: self.node.clone(),
            value,
            score: self.scores.get(i).copied().and_then(present),
            rank: self
                .ranks
                .get(i)
                .copied()
                .and_then(present)
                .map(|r| r as u32),
            of: self.of,
            imputed,
        }
    }
}

/// What every profile is computed from.
struct Profiler<'a> {
    ds: &'a Dataset,
    result: &'a IndexResult,
    /// Scored indicators with their normalised scores.
    indicators: Vec<(&'a thb_model::Node, Ranked<'a>)>,
    aggregates: Vec<Ranked<'a>>,
    imputed: HashSet<(&'a str, &'a str)>,
    ranked: usize,
}

impl<'a> Profiler<'a> {
    fn new(
        fw: &'a Framework,
        ds: &'a Dataset,
        result: &'a IndexResult,
        aggregates: &[Label],
    ) -> Self {
        let normalised = result.stage(Stage::Normalised);
        let indicators = result
            .indicator_codes()
            .iter()
            .enumerate()
            .filter_map(|(j, c)| fw.node(c).filter(|n| n.is_scored()).map(|n| (j, n)))
            .map(|(j, n)| {
                let label = Label::new(n.code.as_str(), n.label());
                (n, Ranked::new(label, normalised.column(j)))
            })
            .collect();
        let aggregates = aggregates
            .iter()
            .map(|a| Ranked::new(a.clone(), result.score(&a.code).unwrap_or_default()))
            .collect();
        Self {
            ds,
            result,
            indicators,
            aggregates,
            imputed: imputed_cells(result),
            ranked: result.ranks().iter().flatten().count(),
        }
    }

    /// The profile of the unit of ranking row `r`, kept row `i`.
    fn profile(&self, r: &RankingRow, i: usize) -> Profile {
        let unit = r.unit.code.as_str();
        let mut standings: Vec<Standing> = Vec::new();
        let mut gaps = Vec::new();
        for (node, ranked) in &self.indicators {
            let code = node.code.as_str();
            let obs = self.ds.get(unit, code, self.result.period());
            let imputed = self.imputed.contains(&(unit, code));
            if let Some(kind) = gap_of(obs.map(|o| &o.status), imputed, self.result, unit, code) {
                gaps.push(Gap {
                    indicator: ranked.node.clone(),
                    kind,
                });
            }
            let value = obs.map_or_else(String::new, |o| raw_text(o, node));
            let standing = ranked.standing(i, value, imputed);
            if standing.score.is_some() {
                standings.push(standing);
            }
        }
        standings.sort_by_key(|s| s.rank.unwrap_or(u32::MAX));
        let strengths: Vec<Standing> = standings.iter().take(PROFILE_INDICATORS).cloned().collect();
        let weaknesses: Vec<Standing> = standings
            .iter()
            .rev()
            .take(PROFILE_INDICATORS.min(standings.len() - strengths.len()))
            .cloned()
            .collect();
        Profile {
            unit: r.unit.clone(),
            rank: r.rank,
            ranked: self.ranked,
            score: r.score,
            aggregates: self
                .aggregates
                .iter()
                .map(|a| a.standing(i, String::new(), false))
                .collect(),
            strengths,
            weaknesses,
            gaps,
        }
    }
}

fn profiles(
    fw: &Framework,
    ds: &Dataset,
    result: &IndexResult,
    aggregates: &[Label],
    ranking: &[RankingRow],
) -> Vec<Profile> {
    let profiler = Profiler::new(fw, ds, result, aggregates);
    let kept = result.stage_units(Stage::Aggregated);
    ranking
        .iter()
        .filter_map(|r| {
            let i = kept
                .iter()
                .position(|&u| result.units()[u].code.as_str() == r.unit.code)?;
            Some(profiler.profile(r, i))
        })
        .collect()
}

fn gap_of(
    status: Option<&ObsStatus>,
    imputed: bool,
    result: &IndexResult,
    unit: &str,
    code: &str,
) -> Option<GapKind> {
    if imputed {
        let cell = result.provenance().imputed.iter().find(|c| {
            c.at.period == result.period() && c.at.unit.as_str() == unit && c.indicator == code
        })?;
        return Some(GapKind::Imputed {
            value: cell.value,
            method: cell.method,
        });
    }
    match status {
        None | Some(ObsStatus::NotAvailable) => Some(GapKind::Missing),
        Some(ObsStatus::Confidential) => Some(GapKind::Confidential),
        Some(ObsStatus::NotApplicable) => Some(GapKind::NotApplicable),
        Some(ObsStatus::Censored { .. }) => Some(GapKind::Censored {
            text: status
                .map(|s| {
                    thb_model::Observation {
                        status: s.clone(),
                        flags: thb_model::Flags::default(),
                    }
                    .value_text()
                })
                .unwrap_or_default(),
        }),
        Some(ObsStatus::Value(_)) => None,
    }
}

/// Decimals of raw values shown when the framework does not set an indicator's `decimals`.
const RAW_DECIMALS: u32 = 3;

/// The published value (rounded half to even to the indicator's `decimals`, else to
/// [`RAW_DECIMALS`]) with its unit of measure and flags: `43 (per million) [p]`.
fn raw_text(obs: &thb_model::Observation, node: &thb_model::Node) -> String {
    let unit = node.unit.as_deref();
    let mut s = match obs.value() {
        Some(v) => v
            .round_dp_with_strategy(
                node.decimals.unwrap_or(RAW_DECIMALS),
                thb_model::numeric::ROUNDING,
            )
            .normalize()
            .to_string(),
        None => obs.value_text(),
    };
    if s.is_empty() {
        return s;
    }
    match unit {
        Some("%") => s.push_str(" %"),
        Some(u) => s.push_str(&format!(" ({u})")),
        None => {}
    }
    if !obs.flags.is_empty() {
        s.push_str(&format!(" [{}]", obs.flags));
    }
    s
}

fn unit_coverage(fw: &Framework, ds: &Dataset, result: &IndexResult) -> Result<Vec<CoverageRow>> {
    let indicators: Vec<&str> = fw.indicators().iter().map(|n| n.code.as_str()).collect();
    let mut imputed = ImputedCells::new();
    for cell in &result.provenance().imputed {
        imputed.insert(
            cell.at.unit.clone(),
            cell.indicator.parse()?,
            cell.at.period,
        );
    }
    let mut rows = coverage(ds, &indicators, Some(&imputed))?;
    rows.retain(|r| r.period == result.period());
    Ok(rows)
}

fn progress_section(
    fw: &Framework,
    from: Period,
    to: Period,
    rows: Vec<ProgressRow>,
) -> ProgressSection {
    let summaries = summarise(&rows, fw);
    let by_unit = summaries
        .iter()
        .filter(|s| s.pillar.is_none())
        .cloned()
        .collect();
    let mut by_pillar: Vec<(Label, BTreeMap<ProgressCategory, usize>)> = Vec::new();
    for s in summaries.iter() {
        let Some(p) = &s.pillar else { continue };
        let pos = match by_pillar.iter().position(|(l, _)| l.code == p.as_str()) {
            Some(pos) => pos,
            None => {
                let name = fw.node(p.as_str()).map_or(p.as_str(), |n| n.label());
                by_pillar.push((Label::new(p.as_str(), name), BTreeMap::new()));
                by_pillar.len() - 1
            }
        };
        for (c, n) in &s.counts {
            *by_pillar[pos].1.entry(*c).or_default() += n;
        }
    }
    by_pillar.sort_by_key(|(l, _)| fw.position(&l.code));
    ProgressSection {
        from,
        to,
        rows,
        by_unit,
        by_pillar,
    }
}

fn not_finite(what: &str, unit: &str, column: &str, value: f64) -> crate::Error {
    ModelError::InvalidNumber {
        at: Location::memory().column(what),
        unit: unit.to_owned(),
        indicator: column.to_owned(),
        text: value.to_string(),
        reason: "not a finite number",
    }
    .into()
}

fn checked_uncertainty(mut rows: Vec<UncertaintyRow>, ds: &Dataset) -> Result<Vec<UncertaintyRow>> {
    let mut seen = HashSet::new();
    for row in &rows {
        if ds.unit_position(&row.unit).is_none() || !seen.insert(row.unit.clone()) {
            return Err(ModelError::Unknown {
                what: "unit of an uncertainty row (not in the data, or given twice)",
                code: row.unit.clone(),
            }
            .into());
        }
        for (column, v) in row.numbers() {
            if let Some(v) = v.filter(|v| !v.is_finite()) {
                return Err(not_finite("uncertainty", &row.unit, column, v));
            }
        }
    }
    rows.sort_by(|a, b| {
        let key = |r: &UncertaintyRow| {
            (
                r.nominal_rank.unwrap_or(u32::MAX),
                ds.unit_position(&r.unit),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(rows)
}

fn check_sensitivity(rows: &[SensitivityRow]) -> Result<()> {
    for row in rows {
        for (column, v) in row.numbers() {
            if !v.is_finite() {
                return Err(not_finite("sensitivity", &row.factor, column, v));
            }
        }
    }
    Ok(())
}

/// Groups nodes by method: `goalposts: PV01, PV02; log_goalposts: PT02`.
fn by_method(uses: &[thb_scoring::MethodUse]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for u in uses {
        match groups.iter_mut().find(|(m, _)| *m == u.method) {
            Some((_, nodes)) => nodes.push(&u.node),
            None => groups.push((u.method, vec![&u.node])),
        }
    }
    groups
        .iter()
        .map(|(m, nodes)| format!("{m} ({}): {}", nodes.len(), nodes.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn steps(spec: &IndexSpec, result: &IndexResult) -> Vec<Step> {
    let p = result.provenance();
    let step = |stage, method: String, summary: String| Step {
        stage,
        method,
        summary,
    };
    let denominated = if p.denominated.is_empty() {
        "no indicator was divided by a denominator".to_owned()
    } else {
        let pairs: Vec<String> = p
            .denominated
            .iter()
            .map(|d| format!("{} ÷ {}", d.indicator, d.denominator))
            .collect();
        format!("{} indicator(s) divided: {}", pairs.len(), pairs.join(", "))
    };
    let imputed = match p.imputed.len() {
        0 => "no cell was imputed: missing values stay missing".to_owned(),
        n => format!("{n} cell(s) imputed (listed below)"),
    };
    let screened = match (spec.screen(), &p.screened) {
        (Some(s), Some(report)) => {
            let removed: Vec<&str> = report.removed.iter().map(|r| r.unit.as_str()).collect();
            format!(
                "thresholds: data availability ≥ {}, non-zero share ≥ {}; {}",
                opt(s.min_availability(), 2),
                opt(s.min_nonzero(), 2),
                if removed.is_empty() {
                    "no unit removed".to_owned()
                } else {
                    format!("{} unit(s) removed: {}", removed.len(), removed.join(", "))
                }
            )
        }
        _ => "not applied: every unit is kept".to_owned(),
    };
    let changed: Vec<String> = p
        .treated
        .iter()
        .filter_map(|t| {
            let points = t
                .winsorisation
                .as_ref()
                .filter(|w| w.kept)
                .map_or(0, |w| w.points.len());
            match (&t.log, points) {
                (Some(log), _) => Some(format!("{} ({})", t.indicator, log.transform)),
                (None, n) if n > 0 => Some(format!("{} ({n} point(s) winsorised)", t.indicator)),
                _ => None,
            }
        })
        .collect();
    let treated = if changed.is_empty() {
        "no indicator was changed".to_owned()
    } else {
        format!(
            "{} indicator(s) changed: {}",
            changed.len(),
            changed.join(", ")
        )
    };
    let aggregated = match spec.min_child_availability() {
        Some(share) => format!(
            "{}; an aggregate is computed only when at least {} of its children are present",
            by_method(&p.aggregated),
            pct(Some(share))
        ),
        None => by_method(&p.aggregated),
    };
    let aggregation_names: Vec<&str> = spec.aggregate().iter().map(|a| a.name()).collect();
    vec![
        step(
            Stage::Denominated,
            if spec.denominate() { "on" } else { "off" }.to_owned(),
            denominated,
        ),
        step(Stage::Imputed, spec.impute().name().to_owned(), imputed),
        step(
            Stage::Screened,
            if spec.screen().is_some() { "on" } else { "off" }.to_owned(),
            screened,
        ),
        step(Stage::Treated, spec.treat().name().to_owned(), treated),
        step(
            Stage::Normalised,
            spec.normalise().name().to_owned(),
            by_method(&p.normalised),
        ),
        step(Stage::Aggregated, aggregation_names.join(", "), aggregated),
    ]
}
