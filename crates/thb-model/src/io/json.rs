//! The native JSON forms of a [`Framework`] and a [`Dataset`] (`interfaces.md` §1.4).
//!
//! Both carry `"schema": 1` and reject unknown fields. They are read into plain structures and
//! then built through the validating constructors ([`Framework::with_columns`],
//! [`Dataset::new`]), so JSON cannot smuggle in what the constructors refuse. Errors carry the
//! JSON line and column, or the entry (`nodes[3]`, `observations[17]`) they concern.
//!
//! **Framework.** `nodes` lists the tree (fields of [`crate::Node`]; `kind` is `indicator` or
//! `aggregate`, `role` is `scored` (default) or `context`, `direction` is `1` or `-1`,
//! `weight` defaults to 1); `columns` (optional) names the non-tree data columns with their kind
//! (`group`, `denominator`, `other`).
//!
//! ```
//! let json = r#"
//! {
//!   "schema": 1,
//!   "nodes": [
//!     {"code": "PROS", "name": "Prosecution", "kind": "indicator", "level": 1,
//!      "parent": "Index", "weight": 1.0, "direction": 1, "source": "3P index",
//!      "goalposts": {"lower": 1.0, "upper": 5.0}},
//!     {"code": "PROT", "name": "Protection", "kind": "indicator", "level": 1, "parent": "Index"},
//!     {"code": "VIC", "kind": "indicator", "role": "context", "level": 1, "direction": -1},
//!     {"code": "Index", "kind": "aggregate", "level": 2}
//!   ],
//!   "columns": {"Population": "denominator", "Region_group": "group"}
//! }"#;
//! let fw = thb_model::io::json::read_framework_json_str(json, thb_model::Location::memory())?;
//! assert_eq!(fw.root().code.as_str(), "Index");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Dataset** (long form). `units` lists the units with optional `name` and `groups`;
//! `columns` and `periods` (optional: by default the order of first appearance in
//! `observations`) fix the panel; `observations` lists the cells that are not plainly missing.
//! `status` is `{"value": "12.5"}` (decimals are strings, so they stay exact),
//! `"not_available"`, `"confidential"`, `"not_applicable"` or
//! `{"censored": {"lo": "1", "hi": "4"}}`; `flags` holds Eurostat letters (`b d e f n p r s u`).
//! A period is `"2021"` or `"2021-Q3"`.
//!
//! ```
//! use thb_model::{ObsStatus, Period};
//! let json = r#"
//! {
//!   "schema": 1,
//!   "source": "example",
//!   "units": [{"code": "AUT", "name": "Austria", "groups": {"Region_group": "West"}},
//!             {"code": "EL", "name": "Greece"}],
//!   "columns": ["PROS", "PROT", "VIC", "Population"],
//!   "periods": ["2022", "2023"],
//!   "observations": [
//!     {"unit": "AUT", "indicator": "PROS", "period": "2023", "status": {"value": "4"}},
//!     {"unit": "AUT", "indicator": "VIC", "period": "2023", "status": {"censored": {"lo": "1", "hi": "4"}}},
//!     {"unit": "EL", "indicator": "VIC", "period": "2023", "status": {"value": "212"}, "flags": "p"},
//!     {"unit": "EL", "indicator": "PROS", "period": "2022", "status": "confidential"}
//!   ]
//! }"#;
//! let ds = thb_model::io::json::read_dataset_json_str(json, thb_model::Location::memory())?;
//! let cell = ds.get("EL", "PROS", Period::Year(2022)).map(|o| o.status.clone());
//! assert_eq!(cell, Some(ObsStatus::Confidential));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::csv_util::{read_text, strip_bom};
use super::panel::{OnDuplicate, PanelBuilder, Place};
use crate::dataset::{Dataset, Unit};
use crate::error::{Location, ModelError, Result};
use crate::framework::{ColumnKind, Framework, Node};
use crate::id::{Code, Period, UnitCode};
use crate::observation::{Flags, ObsStatus, Observation};
use crate::validate::{Issue, IssueKind, IssueList};

/// Turns a serde_json error into [`ModelError::Json`] at its line and column.
fn json_error(e: &serde_json::Error, origin: &Location, what: &str) -> ModelError {
    let text = e.to_string();
    let message = match text.rsplit_once(" at line ") {
        Some((head, _)) if e.line() > 0 => head.to_owned(),
        _ => text,
    };
    let mut at = origin.clone();
    if e.line() > 0 {
        at = at.line(e.line() as u64).column(e.column().to_string());
    }
    ModelError::Json {
        at,
        message: format!("{what}: {message}"),
    }
}

/// Parses versioned JSON: checks `"schema": 1` first (so a newer file gets a clear message),
/// then the strict form.
pub(crate) fn from_json<T: DeserializeOwned>(
    text: &str,
    origin: &Location,
    what: &str,
) -> Result<T> {
    #[derive(Deserialize)]
    struct Version {
        schema: Option<serde_json::Value>,
    }
    let text = strip_bom(text);
    let version: Version = serde_json::from_str(text).map_err(|e| json_error(&e, origin, what))?;
    match version.schema {
        Some(serde_json::Value::Number(n))
            if n.as_u64() == Some(u64::from(crate::SCHEMA_VERSION)) => {}
        other => {
            let found = other.map_or_else(
                || "no `schema` field".to_owned(),
                |v| format!("`\"schema\": {v}`"),
            );
            return Err(ModelError::Json {
                at: origin.clone().column("schema"),
                message: format!(
                    "{what}: {found}; this version reads `\"schema\": {}`",
                    crate::SCHEMA_VERSION
                ),
            });
        }
    }
    serde_json::from_str(text).map_err(|e| json_error(&e, origin, what))
}

/// Puts the file of `origin` into the locations of a validation error's problems.
pub(crate) fn locate_invalid(e: ModelError, origin: &Location) -> ModelError {
    match e {
        ModelError::Invalid { mut issues } => {
            for issue in &mut issues {
                if issue.at.file.is_none() {
                    issue.at.file.clone_from(&origin.file);
                }
            }
            ModelError::Invalid { issues }
        }
        other => other,
    }
}

fn write_json(value: &impl Serialize, out: impl Write) -> Result<()> {
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, value).map_err(super::write_error)?;
    out.write_all(b"\n").map_err(super::write_error)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworkIn {
    #[allow(dead_code)] // checked by `from_json` before
    schema: u32,
    nodes: Vec<Node>,
    #[serde(default)]
    columns: BTreeMap<Code, ColumnKind>,
}

#[derive(Serialize)]
struct FrameworkOut<'a> {
    schema: u32,
    nodes: &'a [Node],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    columns: &'a BTreeMap<Code, ColumnKind>,
}

/// Reads a framework from a JSON file.
///
/// ```no_run
/// let fw = thb_model::io::read_framework_json("framework.json")?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Io`] when the file cannot be read; otherwise as [`read_framework_json_str`].
pub fn read_framework_json(path: impl AsRef<Path>) -> Result<Framework> {
    let path = path.as_ref();
    read_framework_json_str(&read_text(path)?, Location::file(path))
}

/// Reads a framework from JSON text; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::read_framework_json_str, Location};
/// let json = r#"{"schema": 1, "nodes": [
///   {"code": "x", "kind": "indicator", "level": 1, "parent": "Index"},
///   {"code": "Index", "kind": "aggregate", "level": 2}]}"#;
/// let fw = read_framework_json_str(json, Location::memory())?;
/// assert_eq!(fw.root().code.as_str(), "Index");
/// let typo = json.replace("\"level\": 2", "\"levle\": 2");
/// assert!(read_framework_json_str(&typo, Location::memory()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Json`] (with line and column) for text that is not JSON of this form,
/// including unknown fields and a `schema` other than 1; [`ModelError::Invalid`] listing every
/// rule of [`Framework::with_columns`] the nodes break, each naming its entry (`nodes[3]`).
pub fn read_framework_json_str(text: &str, origin: Location) -> Result<Framework> {
    let raw: FrameworkIn = from_json(text, &origin, "framework")?;
    let locations: Vec<Location> = (0..raw.nodes.len())
        .map(|i| origin.clone().column(format!("nodes[{i}]")))
        .collect();
    Framework::with_columns(raw.nodes, raw.columns, &locations)
}

/// Writes a framework as pretty-printed JSON; [`read_framework_json_str`] reads it back equal.
///
/// ```
/// use thb_model::{io::{read_framework_json_str, write_framework_json}, Framework, Location, Node};
/// let fw = Framework::new(vec![Node::indicator("x", "Index")?, Node::aggregate("Index", 2, None)?])?;
/// let mut out = Vec::new();
/// write_framework_json(&fw, &mut out)?;
/// assert_eq!(read_framework_json_str(std::str::from_utf8(&out)?, Location::memory())?, fw);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Io`] when writing fails.
pub fn write_framework_json(framework: &Framework, out: impl Write) -> Result<()> {
    write_json(
        &FrameworkOut {
            schema: crate::SCHEMA_VERSION,
            nodes: framework.nodes(),
            columns: framework.columns(),
        },
        out,
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetIn {
    #[allow(dead_code)] // checked by `from_json` before
    schema: u32,
    #[serde(default)]
    source: Option<String>,
    units: Vec<Unit>,
    #[serde(default)]
    columns: Option<Vec<Code>>,
    #[serde(default)]
    periods: Option<Vec<Period>>,
    #[serde(default)]
    observations: Vec<ObservationIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObservationIn {
    unit: UnitCode,
    indicator: Code,
    period: Period,
    status: ObsStatus,
    #[serde(default)]
    flags: Flags,
}

#[derive(Serialize)]
struct DatasetOut<'a> {
    schema: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    units: &'a [Unit],
    columns: &'a [Code],
    periods: &'a [Period],
    observations: Vec<ObservationOut<'a>>,
}

#[derive(Serialize)]
struct ObservationOut<'a> {
    unit: &'a UnitCode,
    indicator: &'a Code,
    period: Period,
    status: &'a ObsStatus,
    #[serde(skip_serializing_if = "Flags::is_empty")]
    flags: Flags,
}

/// Reads a dataset from a JSON file.
///
/// ```no_run
/// let ds = thb_model::io::read_dataset_json("data.json")?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Io`] when the file cannot be read; otherwise as [`read_dataset_json_str`].
pub fn read_dataset_json(path: impl AsRef<Path>) -> Result<Dataset> {
    let path = path.as_ref();
    read_dataset_json_str(&read_text(path)?, Location::file(path))
}

/// Reads a dataset from JSON text; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::read_dataset_json_str, Location, Period};
/// let json = r#"{"schema": 1, "units": [{"code": "AUT", "name": "Austria"}],
///   "observations": [{"unit": "AUT", "indicator": "x", "period": "2021", "status": {"value": "2.5"}, "flags": "p"}]}"#;
/// let ds = read_dataset_json_str(json, Location::memory())?;
/// assert_eq!(ds.get("AUT", "x", Period::Year(2021)).and_then(|o| o.value()).map(|v| v.to_string()), Some("2.5".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Json`] (with line and column) for text that is not JSON of this form
/// (unknown fields, a number where a decimal string is expected, a bad code or period, a
/// `schema` other than 1); [`ModelError::Invalid`] listing every problem with the content: a
/// unit, column or period listed twice, an observation naming a unit (or, when they are listed,
/// a column or period) that is not listed, a censored interval with `lo > hi`, a
/// unit-indicator-period given twice. Each names its entry (`observations[17]`).
pub fn read_dataset_json_str(text: &str, origin: Location) -> Result<Dataset> {
    let raw: DatasetIn = from_json(text, &origin, "dataset")?;
    let entry = |list: &str, i: usize| origin.clone().column(format!("{list}[{i}]"));
    let mut issues = IssueList::default();
    let mut panel = PanelBuilder::new(origin.clone(), Place::JsonEntry("observations"));
    for (i, unit) in raw.units.into_iter().enumerate() {
        let code = unit.code.to_string();
        if panel.declare_unit(unit).is_none() {
            issues.push(
                Issue::new(IssueKind::Duplicate, "unit is listed twice")
                    .at(entry("units", i))
                    .unit(code),
            );
        }
    }
    let closed_columns = raw.columns.is_some();
    for (i, code) in raw.columns.into_iter().flatten().enumerate() {
        if panel.find_column(code.as_str()).is_some() {
            issues.push(
                Issue::new(IssueKind::Duplicate, "column is listed twice")
                    .at(entry("columns", i))
                    .indicator(code.as_str()),
            );
        }
        panel.declare_column(code)?;
    }
    let closed_periods = raw.periods.is_some();
    for (i, period) in raw.periods.into_iter().flatten().enumerate() {
        if panel.find_period(period).is_some() {
            issues.push(
                Issue::new(
                    IssueKind::Duplicate,
                    format!("period {period} is listed twice"),
                )
                .at(entry("periods", i)),
            );
        }
        panel.period(period)?;
    }
    for (i, o) in raw.observations.into_iter().enumerate() {
        let problem = |message: String| {
            Issue::new(IssueKind::UnknownReference, message)
                .at(entry("observations", i))
                .unit(o.unit.as_str())
                .indicator(o.indicator.as_str())
        };
        let unit = panel.find_unit(o.unit.as_str());
        if unit.is_none() {
            issues.push(problem("the unit is not listed in `units`".to_owned()));
        }
        let column = match panel.find_column(o.indicator.as_str()) {
            None if closed_columns => {
                issues.push(problem(
                    "the indicator is not listed in `columns`".to_owned(),
                ));
                None
            }
            None => Some(panel.declare_column(o.indicator.clone())?),
            found => found,
        };
        let period = match panel.find_period(o.period) {
            None if closed_periods => {
                issues.push(problem(format!(
                    "period {} is not listed in `periods`",
                    o.period
                )));
                None
            }
            None => Some(panel.period(o.period)?),
            found => found,
        };
        if let ObsStatus::Censored { lo, hi } = &o.status
            && lo > hi
        {
            let message = format!("the censored interval [{lo}, {hi}] has lo > hi");
            issues.push(problem(message));
            continue;
        }
        if let (Some(u), Some(c), Some(p)) = (unit, column, period) {
            let obs = Observation {
                status: o.status,
                flags: o.flags,
            };
            panel.push(u, c, p, i as u64, obs);
        }
    }
    let (mut ds, _) = panel.finish(OnDuplicate::Report, issues)?;
    if let Some(source) = raw.source {
        ds.set_source(source);
    }
    Ok(ds)
}

/// Writes a dataset as pretty-printed JSON (every cell that is not plainly missing, plus the
/// full lists of units, columns and periods); [`read_dataset_json_str`] reads it back equal.
///
/// ```
/// use thb_model::{io::{read_dataset_json_str, write_dataset_json}, Dataset, Location, Observation, Period, Unit};
/// let mut ds = Dataset::new(vec![Unit::new("EL")?.name("Greece")], ["x".parse()?], [Period::Year(2020)])?;
/// ds.set("EL", "x", Period::Year(2020), Observation::parse("<5", "e")?)?;
/// let mut out = Vec::new();
/// write_dataset_json(&ds, &mut out)?;
/// assert_eq!(read_dataset_json_str(std::str::from_utf8(&out)?, Location::memory())?, ds);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Io`] when writing fails.
pub fn write_dataset_json(dataset: &Dataset, out: impl Write) -> Result<()> {
    let observations = dataset
        .observations()
        .map(|(unit, indicator, period, obs)| ObservationOut {
            unit: &unit.code,
            indicator,
            period,
            status: &obs.status,
            flags: obs.flags,
        })
        .collect();
    write_json(
        &DatasetOut {
            schema: crate::SCHEMA_VERSION,
            source: dataset.source(),
            units: dataset.units(),
            columns: dataset.columns(),
            periods: dataset.periods(),
            observations,
        },
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_checked_first() {
        for (text, needle) in [
            (r#"{"nodes": []}"#, "no `schema` field"),
            (r#"{"schema": 2, "nodes": [], "new": 1}"#, "\"schema\": 2"),
            (r#"{"schema": "1", "nodes": []}"#, "\"schema\": \"1\""),
        ] {
            let err = read_framework_json_str(text, Location::file("f.json")).unwrap_err();
            assert!(err.to_string().contains(needle), "{err}");
        }
    }

    #[test]
    fn errors_carry_line_and_column() {
        let text = "{\"schema\": 1,\n \"nodes\": [\n  {\"code\": \"x\", \"kind\": \"indicator\", \"level\": 1, \"wieght\": 2}\n ]}";
        let Err(ModelError::Json { at, message }) =
            read_framework_json_str(text, Location::file("f.json"))
        else {
            panic!("expected a JSON error")
        };
        assert_eq!(at.line, Some(3));
        assert!(at.column.is_some());
        assert!(message.contains("wieght"), "{message}");
    }

    #[test]
    fn goalposts_and_censoring_are_validated() {
        let text = r#"{"schema": 1, "nodes": [
            {"code": "x", "kind": "indicator", "level": 1, "parent": "I", "goalposts": {"lower": 5, "upper": 1}},
            {"code": "I", "kind": "aggregate", "level": 2}]}"#;
        assert!(read_framework_json_str(text, Location::memory()).is_err());
        let text = r#"{"schema": 1, "units": [{"code": "A"}], "observations": [
            {"unit": "A", "indicator": "x", "period": "2020", "status": {"censored": {"lo": "4", "hi": "1"}}},
            {"unit": "B", "indicator": "x", "period": "2020", "status": "confidential"}]}"#;
        let Err(ModelError::Invalid { issues }) = read_dataset_json_str(text, Location::memory())
        else {
            panic!("expected problems")
        };
        assert_eq!(issues.len(), 2, "{issues:#?}");
        assert_eq!(issues[1].at.column.as_deref(), Some("observations[1]"));
        let text = r#"{"schema": 1, "units": [{"code": "A"}], "observations": [
            {"unit": "A", "indicator": "x", "period": "2020", "status": {"censored": {"lo": "1", "hi": "4", "mid": "2"}}}]}"#;
        assert!(read_dataset_json_str(text, Location::memory()).is_err());
        let text = r#"{"schema": 1, "units": [{"code": "A"}], "observations": [
            {"unit": "A", "indicator": "x", "period": "2020", "status": {"value": 1.5}}]}"#;
        assert!(read_dataset_json_str(text, Location::memory()).is_err());
    }
}
