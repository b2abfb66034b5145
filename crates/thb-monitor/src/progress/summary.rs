//! Goal-level summary of progress categories: the share of indicators in each category, per
//! unit overall and per pillar (the indicator's parent node).
//!
//! Source: Eurostat's goal-level overview summarises the indicator assessments of a goal
//! (`monitoring-methods.md` §1 "Scores and aggregation"); here the summary is a plain count and
//! share per category, so that no threshold is applied twice.

use std::collections::BTreeMap;

use thb_model::{Code, Framework, UnitCode};

use super::dataset::ProgressRow;
use super::eurostat::ProgressCategory;

/// The category counts of one unit, over all its indicators (`pillar = None`) or one pillar.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProgressSummary {
    /// The unit.
    pub unit: UnitCode,
    /// The pillar (parent node of the indicators), or `None` for all indicators of the unit.
    pub pillar: Option<Code>,
    /// How many indicators fall in each category (categories with none are absent).
    pub counts: BTreeMap<ProgressCategory, usize>,
}

impl ProgressSummary {
    /// Number of indicators that could be assessed (every category but `not_assessable`).
    pub fn assessed(&self) -> usize {
        self.counts
            .iter()
            .filter(|(c, _)| **c != ProgressCategory::NotAssessable)
            .map(|(_, n)| n)
            .sum()
    }

    /// Number of indicators in `category`.
    pub fn count(&self, category: ProgressCategory) -> usize {
        self.counts.get(&category).copied().unwrap_or(0)
    }

    /// Share of the assessed indicators in `category` (`not_assessable` is a share of all
    /// rows). `None` when the denominator is 0.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use thb_monitor::progress::{ProgressCategory, ProgressSummary};
    /// let s = ProgressSummary {
    ///     unit: "AUT".parse()?, pillar: None,
    ///     counts: BTreeMap::from([(ProgressCategory::MovingAway, 1), (ProgressCategory::TargetAchieved, 3)]),
    /// };
    /// assert_eq!(s.share(ProgressCategory::TargetAchieved), Some(0.75));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn share(&self, category: ProgressCategory) -> Option<f64> {
        let total = if category == ProgressCategory::NotAssessable {
            self.counts.values().sum()
        } else {
            self.assessed()
        };
        (total > 0).then(|| self.count(category) as f64 / total as f64)
    }
}

/// Summarises progress rows per unit (in row order): first all the unit's indicators, then each
/// pillar (parent of the indicators, in framework order) that has rows.
///
/// ```
/// use thb_model::{Framework, Node, Period};
/// use thb_monitor::progress::{summarise, ProgressCategory, ProgressRow};
/// let fw = Framework::new(vec![
///     Node::indicator("a", "P")?, Node::indicator("b", "Q")?,
///     Node::aggregate("P", 2, Some("I"))?, Node::aggregate("Q", 2, Some("I"))?,
///     Node::aggregate("I", 3, None)?,
/// ])?;
/// let row = |ind: &str, category| -> Result<ProgressRow, Box<dyn std::error::Error>> {
///     Ok(ProgressRow { unit: "AUT".parse()?, indicator: ind.parse()?, base_period: Period::Year(2015), base: 1.0,
///       latest_period: Period::Year(2020), latest: 2.0, cagr: None, target: None, target_period: None,
///       required_cagr: None, ratio: None, category, note: String::new() })
/// };
/// let rows = [row("a", ProgressCategory::SignificantProgress)?, row("b", ProgressCategory::MovingAway)?];
/// let s = summarise(&rows, &fw);
/// assert_eq!(s.len(), 3);
/// assert_eq!(s[0].share(ProgressCategory::MovingAway), Some(0.5));
/// assert_eq!(s[1].pillar.as_ref().map(|p| p.as_str()), Some("P"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn summarise(rows: &[ProgressRow], framework: &Framework) -> Vec<ProgressSummary> {
    let mut units: Vec<&UnitCode> = Vec::new();
    for r in rows {
        if !units.contains(&&r.unit) {
            units.push(&r.unit);
        }
    }
    let pillars: Vec<&Code> = {
        let mut p: Vec<(usize, &Code)> = framework
            .indicators()
            .iter()
            .filter_map(|n| n.parent.as_ref())
            .filter_map(|p| framework.position(p.as_str()).map(|i| (i, p)))
            .collect();
        p.sort();
        p.dedup();
        p.into_iter().map(|(_, c)| c).collect()
    };
    let parent = |ind: &Code| framework.node(ind.as_str()).and_then(|n| n.parent.as_ref());
    let mut out = Vec::new();
    for unit in units {
        let of_unit: Vec<&ProgressRow> = rows.iter().filter(|r| &r.unit == unit).collect();
        out.push(count(unit, None, of_unit.iter().copied()));
        for pillar in &pillars {
            let mut of_pillar = of_unit
                .iter()
                .copied()
                .filter(|r| parent(&r.indicator) == Some(*pillar))
                .peekable();
            if of_pillar.peek().is_some() {
                out.push(count(unit, Some((*pillar).clone()), of_pillar));
            }
        }
    }
    out
}

fn count<'a>(
    unit: &UnitCode,
    pillar: Option<Code>,
    rows: impl Iterator<Item = &'a ProgressRow>,
) -> ProgressSummary {
    let mut counts = BTreeMap::new();
    for r in rows {
        *counts.entry(r.category).or_insert(0) += 1;
    }
    ProgressSummary {
        unit: unit.clone(),
        pillar,
        counts,
    }
}
