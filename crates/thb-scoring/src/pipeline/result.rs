//! The result of a pipeline run: every stage's data, the scores of every node, ranks and the
//! provenance of what each stage did.

use std::sync::Arc;

use thb_model::{Matrix, Period, Unit, UnitCode};

use super::Stage;
use crate::error::{Result, ScoringError};
use crate::impute::ImputedCell;
use crate::rank::{Order, Ties, rank};
use crate::screen::ScreenReport;
use crate::treat::TreatmentReport;

/// An indicator divided by a denominator.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Denomination {
    /// The indicator.
    pub indicator: String,
    /// The denominator column.
    pub denominator: String,
}

/// The method a node was normalised or aggregated with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MethodUse {
    /// The indicator or aggregate.
    pub node: String,
    /// The method's name.
    pub method: &'static str,
}

/// What every stage did, so that front ends can explain a score.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Provenance {
    /// Indicators divided by a denominator.
    pub denominated: Vec<Denomination>,
    /// Every imputed cell, with its value and method.
    pub imputed: Vec<ImputedCell>,
    /// The screening report (units removed and why), when screening ran.
    pub screened: Option<ScreenReport>,
    /// One treatment report per indicator: moments, winsorised points, log transforms.
    pub treated: Vec<TreatmentReport>,
    /// The normalisation of each indicator.
    pub normalised: Vec<MethodUse>,
    /// The aggregation of each aggregate.
    pub aggregated: Vec<MethodUse>,
}

/// The result of [`Pipeline::run`](crate::Pipeline::run).
///
/// Stage matrices hold the scored period only. Rows of `raw`, `denominated` and `imputed` are
/// every unit of the dataset in input order; from `screened` on they are the units kept by
/// screening ([`IndexResult::stage_units`]). Columns are the framework's indicators, except for
/// `aggregated`, which has a column per node (indicators, then aggregates level by level, the
/// root last).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexResult {
    pub(super) period: Period,
    pub(super) units: Vec<Unit>,
    pub(super) kept: Vec<usize>,
    pub(super) codes: Vec<String>,
    pub(super) n_indicators: usize,
    pub(super) root: usize,
    pub(super) stages: Vec<Arc<Matrix>>,
    pub(super) ranks: Vec<Option<u32>>,
    pub(super) provenance: Provenance,
}

impl IndexResult {
    /// The period scored.
    pub fn period(&self) -> Period {
        self.period
    }
    /// Every unit of the dataset, in input order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }
    /// The units kept by screening (the rows of the later stages), in input order.
    pub fn kept_units(&self) -> impl Iterator<Item = &Unit> {
        self.kept.iter().map(|&u| &self.units[u])
    }
    /// The units of the rows of `stage`, as positions in [`IndexResult::units`].
    pub fn stage_units(&self, stage: Stage) -> Vec<usize> {
        if stage < Stage::Screened {
            (0..self.units.len()).collect()
        } else {
            self.kept.clone()
        }
    }
    /// The node codes: indicators, then aggregates level by level, the root last.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }
    /// The indicator codes (the columns of every stage before `aggregated`).
    pub fn indicator_codes(&self) -> &[String] {
        &self.codes[..self.n_indicators]
    }
    /// The data as they stand after `stage`.
    pub fn stage(&self, stage: Stage) -> &Matrix {
        &self.stages[stage as usize]
    }
    /// Every node's score for the kept units (`stage(Stage::Aggregated)`).
    pub fn scores(&self) -> &Matrix {
        self.stage(Stage::Aggregated)
    }
    /// The scores of node `code` for the kept units.
    pub fn score(&self, code: &str) -> Option<&[f64]> {
        let j = self.codes.iter().position(|c| c == code)?;
        Some(self.scores().column(j))
    }
    /// The root's (index) scores for the kept units.
    pub fn root_scores(&self) -> &[f64] {
        self.scores().column(self.root)
    }
    /// The rank of every kept unit by the root score: 1 = best, ties `min`, `None` when the
    /// score is missing.
    pub fn ranks(&self) -> &[Option<u32>] {
        &self.ranks
    }
    /// Ranks of the kept units by node `code` with a tie rule (1 = best; `NaN` = missing).
    pub fn node_ranks(&self, code: &str, ties: Ties) -> Option<Vec<f64>> {
        self.score(code).map(|s| rank(s, ties, Order::Descending))
    }
    /// Ranks by node `code` within each group of the unit group column `group` (1 = best in
    /// the group; `NaN` for a missing score or a unit outside every group).
    ///
    /// # Errors
    /// [`ScoringError::Unknown`] when no kept unit has the group column or no node has `code`.
    pub fn group_ranks(&self, code: &str, group: &str, ties: Ties) -> Result<Vec<f64>> {
        let scores = self.score(code).ok_or_else(|| ScoringError::Unknown {
            what: "node",
            code: code.to_owned(),
        })?;
        let groups: Vec<Option<&String>> = self.kept_units().map(|u| u.groups.get(group)).collect();
        if groups.iter().all(Option::is_none) {
            return Err(ScoringError::Unknown {
                what: "group column",
                code: group.to_owned(),
            });
        }
        let mut out = vec![f64::NAN; scores.len()];
        let mut values: Vec<&String> = groups.iter().flatten().copied().collect();
        values.sort();
        values.dedup();
        for value in values {
            let members: Vec<usize> = (0..scores.len())
                .filter(|&i| groups[i] == Some(value))
                .collect();
            let sub: Vec<f64> = members.iter().map(|&i| scores[i]).collect();
            for (&i, r) in members.iter().zip(rank(&sub, ties, Order::Descending)) {
                out[i] = r;
            }
        }
        Ok(out)
    }
    /// The kept unit codes, in row order of the later stages.
    pub fn kept_codes(&self) -> Vec<&UnitCode> {
        self.kept_units().map(|u| &u.code).collect()
    }
    /// What every stage did.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }
}
