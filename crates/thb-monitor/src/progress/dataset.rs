//! `thb progress`: every (unit, indicator) pair of a dataset between two periods, as the CSV of
//! `interfaces.md` §3.4.

use std::io::Write;

use thb_model::numeric::to_decimal;
use thb_model::{CensoredPolicy, Code, Dataset, Framework, Period, UnitCode};

use super::eurostat::{EurostatThresholds, Point, ProgressCategory, assess};
use super::targets::Targets;
use crate::error::{MonitorError, Result};

/// The header of the `thb progress` CSV (`interfaces.md` §3.4).
pub const PROGRESS_CSV_HEADER: [&str; 13] = [
    "unit",
    "indicator",
    "base_period",
    "base",
    "latest_period",
    "latest",
    "cagr",
    "target",
    "target_period",
    "required_cagr",
    "ratio",
    "category",
    "note",
];

/// One row of `thb progress`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProgressRow {
    /// The unit.
    pub unit: UnitCode,
    /// The indicator.
    pub indicator: Code,
    /// The base period (`--from`).
    pub base_period: Period,
    /// The value at the base period.
    pub base: f64,
    /// The latest period (`--to`).
    pub latest_period: Period,
    /// The value at the latest period.
    pub latest: f64,
    /// The actual CAGR, when defined.
    pub cagr: Option<f64>,
    /// The target value, when there is one.
    pub target: Option<f64>,
    /// The target period, when there is a target.
    pub target_period: Option<Period>,
    /// The required CAGR, when defined.
    pub required_cagr: Option<f64>,
    /// `cagr / required_cagr`, when defined.
    pub ratio: Option<f64>,
    /// The category.
    pub category: ProgressCategory,
    /// The reason for `not_assessable` (or a remark); empty otherwise.
    pub note: String,
}

/// Assesses every (unit, indicator) pair with exact values at both `from` and `to`, after the
/// Eurostat SDG method ([`assess`]). Indicators are the framework's level-1 nodes that are
/// columns of the dataset; censored counts are missing. Rows are ordered by unit (input order),
/// then indicator (framework order), as `interfaces.md` §3.4 requires.
///
/// ```
/// use rust_decimal::Decimal;
/// use thb_model::{Dataset, Framework, Node, Observation, Period, Unit};
/// use thb_monitor::progress::{assess_dataset, EurostatThresholds, ProgressCategory, Targets};
/// let fw = Framework::new(vec![Node::indicator("x", "I")?, Node::aggregate("I", 2, None)?])?;
/// let (y0, y1) = (Period::Year(2015), Period::Year(2020));
/// let mut ds = Dataset::new(vec![Unit::new("AUT")?], ["x".parse()?], [y0, y1])?;
/// ds.set("AUT", "x", y0, Observation::value_of(Decimal::from(100)))?;
/// ds.set("AUT", "x", y1, Observation::value_of(Decimal::from(120)))?;
/// let rows = assess_dataset(&ds, &fw, y0, y1, &Targets::new(), &EurostatThresholds::default())?;
/// assert_eq!(rows[0].category, ProgressCategory::SignificantProgress);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::PeriodOrder`] when `to` is not after `from`; [`MonitorError::Model`] for a
/// period not in the dataset or a value with no `f64` form; [`MonitorError::Invalid`] when a
/// target names an indicator not in the framework or a unit not in the data.
pub fn assess_dataset(
    dataset: &Dataset,
    framework: &Framework,
    from: Period,
    to: Period,
    targets: &Targets,
    thresholds: &EurostatThresholds,
) -> Result<Vec<ProgressRow>> {
    if from >= to {
        return Err(MonitorError::PeriodOrder { from, to });
    }
    let units: Vec<&UnitCode> = dataset.units().iter().map(|u| &u.code).collect();
    let issues = targets.unknown_references(framework, &units);
    if !issues.is_empty() {
        return Err(MonitorError::Invalid { issues });
    }
    let indicators: Vec<&thb_model::Node> = framework
        .indicators()
        .iter()
        .filter(|n| dataset.column_position(n.code.as_str()).is_some())
        .collect();
    let codes: Vec<&str> = indicators.iter().map(|n| n.code.as_str()).collect();
    let before = dataset.to_matrix(from, &codes, CensoredPolicy::Missing)?;
    let after = dataset.to_matrix(to, &codes, CensoredPolicy::Missing)?;
    let mut rows = Vec::new();
    for (i, unit) in dataset.units().iter().enumerate() {
        for (j, node) in indicators.iter().enumerate() {
            let (Some(x0), Some(x1)) = (before.get(i, j), after.get(i, j)) else {
                continue;
            };
            let target = targets.get(unit.code.as_str(), node.code.as_str());
            let a = assess(
                Point::new(from, x0),
                Point::new(to, x1),
                node.direction,
                target,
                thresholds,
            )?;
            rows.push(ProgressRow {
                unit: unit.code.clone(),
                indicator: node.code.clone(),
                base_period: from,
                base: x0,
                latest_period: to,
                latest: x1,
                cagr: a.cagr,
                target: target.map(|t| t.value()),
                target_period: target.map(|t| t.period()),
                required_cagr: a.required_cagr,
                ratio: a.ratio,
                category: a.category,
                note: a.note,
            });
        }
    }
    Ok(rows)
}

/// Writes progress rows as the `thb progress` CSV (`interfaces.md` §3.4). Numbers are written
/// in the shortest form that round-trips the `f64`, or rounded half to even to `decimals`
/// places (through `thb_model::numeric::to_decimal`); a missing value is an empty cell.
///
/// ```
/// use thb_model::Period;
/// use thb_monitor::progress::{write_progress_csv, ProgressCategory, ProgressRow};
/// let row = ProgressRow {
///     unit: "AUT".parse()?, indicator: "x".parse()?,
///     base_period: Period::Year(2015), base: 0.0, latest_period: Period::Year(2020), latest: 2.0,
///     cagr: None, target: None, target_period: None, required_cagr: None, ratio: None,
///     category: ProgressCategory::NotAssessable, note: "zero base value".into(),
/// };
/// let mut out = Vec::new();
/// write_progress_csv(&[row], &mut out, None)?;
/// let text = String::from_utf8(out)?;
/// assert_eq!(text.lines().nth(1), Some("AUT,x,2015,0,2020,2,,,,,,not_assessable,zero base value"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Write`] when writing fails; [`MonitorError::Model`] for a number with no
/// decimal form.
pub fn write_progress_csv<W: Write>(
    rows: &[ProgressRow],
    out: W,
    decimals: Option<u32>,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let write_err = |e: csv::Error| MonitorError::Write {
        message: e.to_string(),
    };
    w.write_record(PROGRESS_CSV_HEADER).map_err(write_err)?;
    for r in rows {
        let (u, i) = (r.unit.as_str(), r.indicator.as_str());
        let num = |x: Option<f64>| -> Result<String> {
            x.map_or(Ok(String::new()), |v| {
                Ok(to_decimal(v, decimals, u, i)?.to_string())
            })
        };
        let record = [
            u.to_owned(),
            i.to_owned(),
            r.base_period.to_string(),
            num(Some(r.base))?,
            r.latest_period.to_string(),
            num(Some(r.latest))?,
            num(r.cagr)?,
            num(r.target)?,
            r.target_period.map(|p| p.to_string()).unwrap_or_default(),
            num(r.required_cagr)?,
            num(r.ratio)?,
            r.category.as_str().to_owned(),
            r.note.clone(),
        ];
        w.write_record(&record).map_err(write_err)?;
    }
    w.flush().map_err(|e| MonitorError::Write {
        message: e.to_string(),
    })?;
    Ok(())
}
