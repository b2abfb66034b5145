//! Data coverage and quality per unit and period, reported beside every score.
//!
//! Sources (`monitoring-methods.md` §9 "Data quality and coverage"; `thb-domain.md` §1.8, §2):
//! per unit-period (and per pillar, by choosing its indicators), the share of indicator cells
//! that are missing, censored (UNODC `<5`), imputed, or flagged (Eurostat `b`, `e`, `p`, `s`,
//! `u`, ...); timeliness as the latest period with a value. Two rules of thumb are given as
//! named constants: the THB INDEX computes a pillar only when at least 2/3 of its indicators are
//! present ([`PILLAR_MIN_PRESENT`]); the SDSN publishes no overall score when more than 20 % of
//! a country's indicators are missing ([`SDSN_MAX_MISSING`], confirmed in the SDR methods).

use std::collections::{HashMap, HashSet};

use thb_model::{Code, Dataset, Flag, Framework, NodeKind, ObsStatus, Period, UnitCode};

use crate::error::{MonitorError, Result};

/// The THB INDEX design rule: a pillar is computed only with at least 2/3 of its indicators.
pub const PILLAR_MIN_PRESENT: f64 = 2.0 / 3.0;

/// The SDSN rule: no overall score with more than 20 % of the indicators missing.
pub const SDSN_MAX_MISSING: f64 = 0.2;

/// Cells that were imputed (filled in by an imputation step), as (unit, indicator, period).
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::coverage::ImputedCells;
/// let mut m = ImputedCells::new();
/// m.insert("AUT".parse()?, "x".parse()?, Period::Year(2020));
/// assert!(m.contains("AUT", "x", Period::Year(2020)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImputedCells {
    cells: HashMap<Period, HashMap<UnitCode, HashSet<Code>>>,
}

impl ImputedCells {
    /// No imputed cell.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks a cell as imputed.
    pub fn insert(&mut self, unit: UnitCode, indicator: Code, period: Period) {
        self.cells
            .entry(period)
            .or_default()
            .entry(unit)
            .or_default()
            .insert(indicator);
    }

    /// The cells of one period from a column-major mask (`true` = imputed) laid out like
    /// `Dataset::to_matrix(period, columns, ..)`: rows are the dataset's units.
    ///
    /// # Errors
    /// [`MonitorError::Shape`] when the mask does not have units × columns entries;
    /// [`MonitorError::Model`] for a column that is not a valid code.
    pub fn from_mask(
        dataset: &Dataset,
        period: Period,
        columns: &[&str],
        mask: &[bool],
    ) -> Result<Self> {
        let n = dataset.units().len();
        if mask.len() != n * columns.len() {
            return Err(MonitorError::shape(format!(
                "mask has {} entries, expected {n} units x {} columns",
                mask.len(),
                columns.len()
            )));
        }
        let mut out = Self::new();
        for (j, col) in columns.iter().enumerate() {
            let code: Code = col.parse()?;
            for (i, unit) in dataset.units().iter().enumerate() {
                if mask[j * n + i] {
                    out.insert(unit.code.clone(), code.clone(), period);
                }
            }
        }
        Ok(out)
    }

    /// `true` when the cell is marked imputed.
    pub fn contains(&self, unit: &str, indicator: &str, period: Period) -> bool {
        self.cells
            .get(&period)
            .and_then(|units| units.get(unit))
            .is_some_and(|codes| codes.contains(indicator))
    }
}

/// Coverage and quality of one unit in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CoverageRow {
    /// The unit.
    pub unit: UnitCode,
    /// The period.
    pub period: Period,
    /// Indicator cells that apply (all minus `not applicable`).
    pub cells: usize,
    /// Not available or confidential.
    pub missing: usize,
    /// Censored counts (`<5`).
    pub censored: usize,
    /// Marked imputed.
    pub imputed: usize,
    /// Carrying any flag.
    pub flagged: usize,
    /// Flagged estimated (`e`, or Eurostat estimate `s`).
    pub estimated: usize,
    /// Flagged provisional (`p`).
    pub provisional: usize,
    /// Flagged break in series (`b`).
    pub break_in_series: usize,
}

impl CoverageRow {
    fn share(&self, n: usize) -> Option<f64> {
        (self.cells > 0).then(|| n as f64 / self.cells as f64)
    }
    /// Share of cells missing.
    pub fn missing_share(&self) -> Option<f64> {
        self.share(self.missing)
    }
    /// Share of cells censored.
    pub fn censored_share(&self) -> Option<f64> {
        self.share(self.censored)
    }
    /// Share of cells imputed.
    pub fn imputed_share(&self) -> Option<f64> {
        self.share(self.imputed)
    }
    /// Share of cells flagged.
    pub fn flagged_share(&self) -> Option<f64> {
        self.share(self.flagged)
    }
    /// Share of cells with an exact value.
    pub fn present_share(&self) -> Option<f64> {
        self.share(self.cells - self.missing - self.censored)
    }
}

/// Coverage of `indicators` per unit (input order) and period (sorted), with an optional set of
/// imputed cells.
///
/// ```
/// use rust_decimal::Decimal;
/// use thb_model::{Dataset, Observation, Period, Unit};
/// use thb_monitor::coverage::coverage;
/// let p = Period::Year(2021);
/// let mut ds = Dataset::new(vec![Unit::new("AUT")?], ["a".parse()?, "b".parse()?, "c".parse()?], [p])?;
/// ds.set("AUT", "a", p, Observation::parse("12", "p")?)?;
/// ds.set("AUT", "b", p, Observation::parse("<5", "")?)?;
/// let rows = coverage(&ds, &["a", "b", "c"], None)?;
/// assert_eq!((rows[0].missing, rows[0].censored, rows[0].provisional), (1, 1, 1));
/// assert_eq!(rows[0].present_share(), Some(1.0 / 3.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Model`] for an indicator that is not a column of the dataset.
pub fn coverage(
    dataset: &Dataset,
    indicators: &[&str],
    imputed: Option<&ImputedCells>,
) -> Result<Vec<CoverageRow>> {
    let cols = columns(dataset, indicators)?;
    let mut rows = Vec::new();
    for (ui, unit) in dataset.units().iter().enumerate() {
        for (pi, &period) in dataset.periods().iter().enumerate() {
            let mut row = CoverageRow {
                unit: unit.code.clone(),
                period,
                cells: 0,
                missing: 0,
                censored: 0,
                imputed: 0,
                flagged: 0,
                estimated: 0,
                provisional: 0,
                break_in_series: 0,
            };
            for (&c, name) in cols.iter().zip(indicators) {
                let obs = dataset.at(ui, c, pi);
                match obs.status {
                    ObsStatus::NotApplicable => continue,
                    ObsStatus::NotAvailable | ObsStatus::Confidential => row.missing += 1,
                    ObsStatus::Censored { .. } => row.censored += 1,
                    ObsStatus::Value(_) => {}
                }
                row.cells += 1;
                let f = obs.flags;
                row.flagged += usize::from(!f.is_empty());
                row.estimated +=
                    usize::from(f.contains(Flag::Estimated) || f.contains(Flag::EurostatEstimate));
                row.provisional += usize::from(f.contains(Flag::Provisional));
                row.break_in_series += usize::from(f.contains(Flag::Break));
                row.imputed += usize::from(
                    imputed.is_some_and(|m| m.contains(unit.code.as_str(), name, period)),
                );
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

fn columns(dataset: &Dataset, indicators: &[&str]) -> Result<Vec<usize>> {
    indicators
        .iter()
        .map(|c| {
            dataset.column_position(c).ok_or_else(|| {
                MonitorError::from(thb_model::ModelError::Unknown {
                    what: "column",
                    code: (*c).to_owned(),
                })
            })
        })
        .collect()
}

/// The indicators below `node` (its descendants at level 1, scored and context), in framework
/// order; use it to report coverage per pillar.
///
/// ```
/// use thb_model::{Framework, Node};
/// use thb_monitor::coverage::indicators_under;
/// let fw = Framework::new(vec![
///     Node::indicator("a", "P")?, Node::indicator("b", "Q")?,
///     Node::aggregate("P", 2, Some("I"))?, Node::aggregate("Q", 2, Some("I"))?, Node::aggregate("I", 3, None)?,
/// ])?;
/// assert_eq!(indicators_under(&fw, "P"), vec!["a"]);
/// assert_eq!(indicators_under(&fw, "I"), vec!["a", "b"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn indicators_under<'a>(framework: &'a Framework, node: &str) -> Vec<&'a str> {
    framework
        .indicators()
        .iter()
        .filter(|n| n.kind == NodeKind::Indicator)
        .filter(|n| {
            let mut parent = n.parent.as_ref();
            while let Some(p) = parent {
                if p.as_str() == node {
                    return true;
                }
                parent = framework.node(p.as_str()).and_then(|x| x.parent.as_ref());
            }
            false
        })
        .map(|n| n.code.as_str())
        .collect()
}

/// How recent a unit's data are.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Timeliness {
    /// The unit.
    pub unit: UnitCode,
    /// The latest period with an exact value for any of the indicators.
    pub latest: Option<Period>,
    /// How many of the panel's periods come after `latest` (0 = up to date).
    pub periods_behind: Option<usize>,
    /// The latest period with a value, per indicator (in the order given).
    pub by_indicator: Vec<(Code, Option<Period>)>,
}

/// Timeliness per unit (input order) over `indicators`.
///
/// ```
/// use rust_decimal::Decimal;
/// use thb_model::{Dataset, Observation, Period, Unit};
/// use thb_monitor::coverage::timeliness;
/// let (p0, p1) = (Period::Year(2020), Period::Year(2021));
/// let mut ds = Dataset::new(vec![Unit::new("AUT")?], ["a".parse()?], [p0, p1])?;
/// ds.set("AUT", "a", p0, Observation::value_of(Decimal::ONE))?;
/// let t = timeliness(&ds, &["a"])?;
/// assert_eq!((t[0].latest, t[0].periods_behind), (Some(p0), Some(1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Model`] for an indicator that is not a column of the dataset.
pub fn timeliness(dataset: &Dataset, indicators: &[&str]) -> Result<Vec<Timeliness>> {
    let cols = columns(dataset, indicators)?;
    let periods = dataset.periods();
    Ok(dataset
        .units()
        .iter()
        .enumerate()
        .map(|(ui, unit)| {
            let latest_of = |c: usize| {
                (0..periods.len())
                    .rev()
                    .find(|&pi| dataset.at(ui, c, pi).status.is_value())
            };
            let by_indicator: Vec<(Code, Option<Period>)> = cols
                .iter()
                .map(|&c| {
                    (
                        dataset.columns()[c].clone(),
                        latest_of(c).map(|pi| periods[pi]),
                    )
                })
                .collect();
            let latest = cols.iter().filter_map(|&c| latest_of(c)).max();
            Timeliness {
                unit: unit.code.clone(),
                latest: latest.map(|pi| periods[pi]),
                periods_behind: latest.map(|pi| periods.len() - 1 - pi),
                by_indicator,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use thb_model::{Observation, Unit};

    #[test]
    fn imputed_mask_and_not_applicable() {
        let p = Period::Year(2021);
        let mut ds = Dataset::new(
            vec![Unit::new("A").unwrap(), Unit::new("B").unwrap()],
            ["x".parse().unwrap(), "y".parse().unwrap()],
            [p],
        )
        .unwrap();
        ds.set("A", "x", p, Observation::parse("", "z").unwrap())
            .unwrap();
        ds.set("A", "y", p, Observation::parse("3", "be").unwrap())
            .unwrap();
        ds.set("B", "x", p, Observation::parse("", "c").unwrap())
            .unwrap();
        // column-major: x for A, B; then y for A, B
        let mask =
            ImputedCells::from_mask(&ds, p, &["x", "y"], &[false, true, false, false]).unwrap();
        let rows = coverage(&ds, &["x", "y"], Some(&mask)).unwrap();
        assert_eq!(rows[0].cells, 1);
        assert_eq!(
            (rows[0].flagged, rows[0].estimated, rows[0].break_in_series),
            (1, 1, 1)
        );
        assert_eq!((rows[1].missing, rows[1].imputed), (2, 1));
        assert_eq!(rows[1].missing_share(), Some(1.0));
        assert!(coverage(&ds, &["nope"], None).is_err());
        assert!(ImputedCells::from_mask(&ds, p, &["x"], &[true]).is_err());
    }
}
