//! UK National Referral Mechanism statistics (Home Office, Open Government Licence v3.0),
//! `uk_nrm/*.csv`. Attribute as: "Contains public sector information licensed under the Open
//! Government Licence v3.0 (Home Office, NRM statistics)".
//!
//! **Quarterly series** ([`read_series`]): one unit, `GBR` (United Kingdom); periods are
//! quarters (`2014-Q1`). Rows whose `Quarter` is `Total` are annual sums of the quarters and are
//! skipped. Age groups are separate indicators; `AGE` below is `ADULT` (Adult (18 or over)),
//! `CHILD` (Child (17 or under)) or `AGE_UNKNOWN` (Age not specified or unknown).
//!
//! | file | source columns | indicator |
//! |---|---|---|
//! | `nrm_referrals_longitudinal.csv` | `NRM referrals` by `Age at exploitation` and `Location of exploitation` | `NRM_REF_<AGE>` (location Total), `NRM_REF_<AGE>_<LOC>` with `LOC` = `OVERSEAS`, `UK`, `UK_AND_OVERSEAS`, `LOCATION_UNKNOWN` |
//! | `nrm_reasonable_grounds.csv` | `<age> - Negative/Positive reasonable grounds`, `<age> - Total`, `Total` | `NRM_RG_<AGE>_NEG`, `NRM_RG_<AGE>_POS`, `NRM_RG_<AGE>`, `NRM_RG` |
//! | `nrm_conclusive_grounds.csv` | the same for conclusive grounds | `NRM_CG_<AGE>_NEG`, `NRM_CG_<AGE>_POS`, `NRM_CG_<AGE>`, `NRM_CG` |
//! | `nrm_duty_to_notify_longitudinal.csv` | `Total` | `NRM_DTN` |
//!
//! **NGO first-responder cube** ([`read_ngo_cube`], `nrm_referrals_ngo_2023_q4.csv`, one
//! quarter, no period column): units are the first responders (code: the name in upper case,
//! other characters as `_`, e.g. `BARNARDO_S`; name kept; group `first_responder_type`). Only
//! the rows with `Nationality` = `Total` are read; indicator
//! `NRM_NGO.<EXPLOITATION>.<AGE>.<GENDER>`, e.g. `NRM_NGO.SEXUAL_LABOUR.CHILD.FEMALE`, with
//! `TOTAL` for the margins.
//!
//! Counts are published unsuppressed (zeros included); a cell that is not a whole number >= 0
//! is an error.

use std::collections::HashMap;
use std::path::Path;

use super::{count, slug};
use crate::dataset::{Dataset, Unit};
use crate::error::{Location, Result};
use crate::id::Period;
use crate::io::csv_util::{CsvRows, cell, read_dataset_file, read_text};
use crate::io::panel::{OnDuplicate, PanelBuilder, Place};
use crate::validate::{Issue, IssueKind, IssueList};

/// The unit of the quarterly series.
///
/// ```
/// assert_eq!(thb_model::io::adapters::uk_nrm::UNIT, "GBR");
/// ```
pub const UNIT: &str = "GBR";

/// The files [`read_series`] reads from the `uk_nrm` folder.
///
/// ```
/// assert_eq!(thb_model::io::adapters::uk_nrm::SERIES_FILES.len(), 4);
/// ```
pub const SERIES_FILES: [&str; 4] = [
    "nrm_referrals_longitudinal.csv",
    "nrm_reasonable_grounds.csv",
    "nrm_conclusive_grounds.csv",
    "nrm_duty_to_notify_longitudinal.csv",
];

/// Age groups: (source label, code part).
///
/// ```
/// assert!(thb_model::io::adapters::uk_nrm::AGES.contains(&("Child (17 or under)", "CHILD")));
/// ```
pub const AGES: [(&str, &str); 4] = [
    ("Adult (18 or over)", "ADULT"),
    ("Child (17 or under)", "CHILD"),
    ("Age not specified or unknown", "AGE_UNKNOWN"),
    ("Not specified or unknown", "AGE_UNKNOWN"),
];

/// Locations of exploitation: (source label, code part; empty for the total).
///
/// ```
/// assert!(thb_model::io::adapters::uk_nrm::LOCATIONS.contains(&("UK and Overseas", "UK_AND_OVERSEAS")));
/// ```
pub const LOCATIONS: [(&str, &str); 5] = [
    ("Total", ""),
    ("Overseas", "OVERSEAS"),
    ("UK", "UK"),
    ("UK and Overseas", "UK_AND_OVERSEAS"),
    ("Not specified or unknown", "LOCATION_UNKNOWN"),
];

const REFERRALS: &str = "NRM referrals";

fn lookup<'a>(table: &[(&str, &'a str)], label: &str) -> Option<&'a str> {
    table.iter().find(|(l, _)| *l == label).map(|(_, c)| *c)
}

/// Reads the four quarterly series of [`SERIES_FILES`] from the `uk_nrm` folder into one panel.
///
/// ```no_run
/// let ds = thb_model::io::adapters::uk_nrm::read_series("../shared/data/uk_nrm")?;
/// assert_eq!(ds.units()[0].code.as_str(), "GBR");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Io`] when a file cannot be read; otherwise every problem of every file at
/// once, as [`read_series_str`].
pub fn read_series(dir: impl AsRef<Path>) -> Result<Dataset> {
    let dir = dir.as_ref();
    let mut panel = series_panel(Location::file(dir.join(SERIES_FILES[0])))?;
    let mut issues = IssueList::default();
    for file in SERIES_FILES {
        let path = dir.join(file);
        let origin = Location::file(&path);
        panel.set_origin(origin.clone());
        add_series(&mut panel, &read_text(&path)?, origin, &mut issues)?;
    }
    let (mut ds, _) = panel.finish(OnDuplicate::Report, issues)?;
    ds.set_source(dir.display().to_string());
    Ok(ds)
}

/// Reads one quarterly series file (any of the layouts of [`SERIES_FILES`]).
///
/// ```
/// use thb_model::{io::adapters::uk_nrm, Location, Period};
/// let text = "Year,Quarter,Total\n2016,Total,762\n2016,Q1,108\n";
/// let ds = uk_nrm::read_series_str(text, Location::memory())?;
/// assert_eq!(ds.periods(), [Period::Quarter { year: 2016, quarter: 1 }]);
/// assert_eq!(ds.get("GBR", "NRM_DTN", ds.periods()[0]).and_then(|o| o.value()), Some(108.into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Malformed`] for an empty text; [`crate::ModelError::Invalid`] listing every problem:
/// an unknown layout or column, a ragged row, a bad year or quarter, a cell that is not a
/// count, a quarter given twice; each with line and column.
pub fn read_series_str(text: &str, origin: Location) -> Result<Dataset> {
    let mut panel = series_panel(origin.clone())?;
    let mut issues = IssueList::default();
    add_series(&mut panel, text, origin, &mut issues)?;
    Ok(panel.finish(OnDuplicate::Report, issues)?.0)
}

fn series_panel(origin: Location) -> Result<PanelBuilder> {
    let mut panel = PanelBuilder::new(origin, Place::Line);
    panel.declare_unit(Unit::new(UNIT)?.name("United Kingdom"));
    Ok(panel)
}

/// How the value columns of a series file become indicators.
enum Layout {
    /// `Age at exploitation`, `Location of exploitation`, `NRM referrals` columns.
    Referrals {
        age: usize,
        location: usize,
        value: usize,
    },
    /// One indicator per column: (column, code, column name).
    Wide(Vec<(usize, String, String)>),
}

fn layout(csv: &CsvRows<'_>) -> std::result::Result<Layout, Vec<Issue>> {
    let header = csv.header();
    if let (Some(age), Some(location), Some(value)) = (
        csv.col("Age at exploitation"),
        csv.col("Location of exploitation"),
        csv.col(REFERRALS),
    ) {
        return Ok(Layout::Referrals {
            age,
            location,
            value,
        });
    }
    let (base, decision) = if header.iter().any(|h| h.contains("reasonable grounds")) {
        ("NRM_RG", "reasonable grounds")
    } else if header.iter().any(|h| h.contains("conclusive grounds")) {
        ("NRM_CG", "conclusive grounds")
    } else {
        ("NRM_DTN", "")
    };
    let mut columns = Vec::new();
    let mut issues = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if h == "Year" || h == "Quarter" {
            continue;
        }
        let code = if h == "Total" {
            Some(base.to_owned())
        } else {
            h.split_once(" - ").and_then(|(age, what)| {
                let age = lookup(&AGES, age)?;
                match what {
                    "Total" => Some(format!("{base}_{age}")),
                    _ if what == format!("Negative {decision}") => {
                        Some(format!("{base}_{age}_NEG"))
                    }
                    _ if what == format!("Positive {decision}") => {
                        Some(format!("{base}_{age}_POS"))
                    }
                    _ => None,
                }
            })
        };
        match code {
            Some(code) if !decision.is_empty() || h == "Total" => {
                columns.push((i, code, h.clone()));
            }
            _ => issues.push(
                Issue::new(
                    IssueKind::Layout,
                    format!("column `{h}` is not part of a known NRM layout"),
                )
                .at(csv.header_at().column(h.clone())),
            ),
        }
    }
    if issues.is_empty() {
        Ok(Layout::Wide(columns))
    } else {
        Err(issues)
    }
}

fn add_series(
    panel: &mut PanelBuilder,
    text: &str,
    origin: Location,
    issues: &mut IssueList,
) -> Result<()> {
    let mut csv = CsvRows::open(text, origin.clone(), 0)?;
    let [year, quarter] = csv.require(["Year", "Quarter"], "an NRM series")?;
    let layout = match layout(&csv) {
        Ok(l) => l,
        Err(problems) => {
            issues.extend(problems);
            return Ok(());
        }
    };
    let at = |line: u64, column: &str| origin.clone().line(line).column(column);
    let unit = panel.unit(UNIT)?;
    let mut columns: HashMap<String, u32> = HashMap::new();
    let mut column_of = |panel: &mut PanelBuilder, code: &str| -> Result<u32> {
        if let Some(&c) = columns.get(code) {
            return Ok(c);
        }
        let c = panel.column(code)?;
        columns.insert(code.to_owned(), c);
        Ok(c)
    };
    while let Some((line, row)) = csv.next_row() {
        let q = cell(row, quarter);
        if q == "Total" {
            continue; // annual sums of the quarters
        }
        let period = match format!("{}-{q}", cell(row, year)).parse::<Period>() {
            Ok(p @ Period::Quarter { .. }) if q.starts_with('Q') => panel.period(p)?,
            _ => {
                issues.push(
                    Issue::new(
                        IssueKind::BadValue,
                        format!(
                            "`{} {q}` is not a year and a quarter Q1-Q4 (or Total)",
                            cell(row, year)
                        ),
                    )
                    .at(at(line, "Quarter"))
                    .unit(UNIT),
                );
                continue;
            }
        };
        let cells: Vec<(usize, String, String)> = match &layout {
            Layout::Wide(columns) => columns.clone(),
            Layout::Referrals {
                age,
                location,
                value,
            } => {
                let (a, l) = (cell(row, *age), cell(row, *location));
                match (lookup(&AGES, a), lookup(&LOCATIONS, l)) {
                    (Some(a), Some("")) => vec![(*value, format!("NRM_REF_{a}"), REFERRALS.into())],
                    (Some(a), Some(l)) => {
                        vec![(*value, format!("NRM_REF_{a}_{l}"), REFERRALS.into())]
                    }
                    _ => {
                        issues.push(
                            Issue::new(
                                IssueKind::BadValue,
                                format!("unknown age group `{a}` or location `{l}`"),
                            )
                            .at(at(line, "Age at exploitation"))
                            .unit(UNIT),
                        );
                        continue;
                    }
                }
            }
        };
        for (i, code, name) in cells {
            let column = column_of(panel, &code)?;
            match count(cell(row, i)) {
                Ok(obs) => panel.push(unit, column, period, line, obs),
                Err(message) => {
                    issues.push(
                        Issue::new(IssueKind::Number, format!("`{}`: {message}", cell(row, i)))
                            .at(at(line, &name))
                            .unit(UNIT)
                            .indicator(code),
                    );
                }
            }
        }
    }
    issues.merge(csv.into_issues());
    Ok(())
}

/// Reads the NGO first-responder cube; `period` is the quarter it covers (the file has no
/// period column; `nrm_referrals_ngo_2023_q4.csv` is 2023-Q4).
///
/// ```no_run
/// use thb_model::{io::adapters::uk_nrm, Period};
/// let ds = uk_nrm::read_ngo_cube("../shared/data/uk_nrm/nrm_referrals_ngo_2023_q4.csv", Period::Quarter { year: 2023, quarter: 4 })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Io`] when the file cannot be read; otherwise as [`read_ngo_cube_str`].
pub fn read_ngo_cube(path: impl AsRef<Path>, period: Period) -> Result<Dataset> {
    read_dataset_file(path.as_ref(), |text, origin| {
        read_ngo_cube_str(text, origin, period)
    })
}

/// Reads the NGO first-responder cube from text.
///
/// ```
/// use thb_model::{io::adapters::uk_nrm, Location, Period};
/// let text = "First responder type,First responder,Exploitation type,Age at exploitation,Gender,Nationality,People\n\
///     NGO and third sector,Barnardo's,Sexual,Child (17 or under),Female,Total,12\n\
///     NGO and third sector,Barnardo's,Sexual,Child (17 or under),Female,Albanian,3\n";
/// let q4 = Period::Quarter { year: 2023, quarter: 4 };
/// let ds = uk_nrm::read_ngo_cube_str(text, Location::memory(), q4)?;
/// assert_eq!(ds.get("BARNARDO_S", "NRM_NGO.SEXUAL.CHILD.FEMALE", q4).and_then(|o| o.value()), Some(12.into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Malformed`] for an empty text; [`crate::ModelError::Invalid`] listing every problem:
/// a missing column, a ragged row, an unknown age group, a cell that is not a count, a
/// responder-series given twice; each with line, column, unit and indicator.
pub fn read_ngo_cube_str(text: &str, origin: Location, period: Period) -> Result<Dataset> {
    let mut csv = CsvRows::open(text, origin.clone(), 0)?;
    let [
        kind,
        responder,
        exploitation,
        age,
        gender,
        nationality,
        people,
    ] = csv.require(
        [
            "First responder type",
            "First responder",
            "Exploitation type",
            "Age at exploitation",
            "Gender",
            "Nationality",
            "People",
        ],
        "the NRM first-responder cube",
    )?;
    let at = |line: u64, column: &str| origin.clone().line(line).column(column);
    let mut issues = IssueList::default();
    let mut panel = PanelBuilder::new(origin.clone(), Place::Line);
    let p = panel.period(period)?;
    while let Some((line, row)) = csv.next_row() {
        if cell(row, nationality) != "Total" {
            continue;
        }
        let name = cell(row, responder);
        let code = slug(name);
        let age_text = cell(row, age);
        let age_code = if age_text == "Total" {
            Some("TOTAL")
        } else {
            lookup(&AGES, age_text)
        };
        let Some(age_code) = age_code else {
            issues.push(
                Issue::new(
                    IssueKind::BadValue,
                    format!("unknown age group `{age_text}`"),
                )
                .at(at(line, "Age at exploitation"))
                .unit(code),
            );
            continue;
        };
        let indicator = format!(
            "NRM_NGO.{}.{age_code}.{}",
            slug(cell(row, exploitation)),
            slug(cell(row, gender))
        );
        let problem = |kind, message: String, column: &str| {
            Issue::new(kind, message)
                .at(at(line, column))
                .unit(code.as_str())
                .indicator(indicator.as_str())
        };
        let (unit, column) = match (panel.unit(&code), panel.column(&indicator)) {
            (Ok(u), Ok(c)) => (u, c),
            (u, c) => {
                for e in [u.err(), c.err()].into_iter().flatten() {
                    issues.push(problem(
                        IssueKind::BadValue,
                        e.to_string(),
                        "First responder",
                    ));
                }
                continue;
            }
        };
        for (column_name, text) in [("name", name), ("first_responder_type", cell(row, kind))] {
            if let Err(message) = panel.label(unit, column_name, text) {
                issues.push(problem(IssueKind::BadValue, message, "First responder"));
            }
        }
        match count(cell(row, people)) {
            Ok(obs) => panel.push(unit, column, p, line, obs),
            Err(message) => {
                let message = format!("`{}`: {message}", cell(row, people));
                issues.push(problem(IssueKind::Number, message, "People"));
            }
        }
    }
    issues.merge(csv.into_issues());
    Ok(panel.finish(OnDuplicate::Report, issues)?.0)
}

/// Reads any NRM layout: the NGO cube (header with `First responder`; its quarter is
/// `cube_period`) or one quarterly series.
///
/// ```
/// use thb_model::{io::adapters::uk_nrm, Location, Period};
/// let ds = uk_nrm::read_str("Year,Quarter,Total\n2016,Q1,108\n", Location::memory(), Period::Year(2016))?;
/// assert_eq!(ds.columns()[0].as_str(), "NRM_DTN");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`read_ngo_cube_str`] or [`read_series_str`].
pub fn read_str(text: &str, origin: Location, cube_period: Period) -> Result<Dataset> {
    let header = crate::io::csv_util::header_of(text).unwrap_or_default();
    if header.iter().any(|h| h == "First responder") {
        read_ngo_cube_str(text, origin, cube_period)
    } else {
        read_series_str(text, origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ModelError;

    #[test]
    fn wide_layouts_map_every_column() {
        let text = "Year,Quarter,Adult (18 or over) - Negative reasonable grounds,Adult (18 or over) - Positive reasonable grounds,Adult (18 or over) - Total,Total\n\
            2014,Q1,47,372,419,616\n2014,Total,1,1,1,1\n";
        let ds = read_series_str(text, Location::memory()).unwrap();
        let codes: Vec<&str> = ds.columns().iter().map(|c| c.as_str()).collect();
        assert_eq!(
            codes,
            [
                "NRM_RG_ADULT_NEG",
                "NRM_RG_ADULT_POS",
                "NRM_RG_ADULT",
                "NRM_RG"
            ]
        );
        assert_eq!(ds.periods().len(), 1);
    }

    #[test]
    fn unknown_columns_and_quarters_are_reported() {
        let text = "Year,Quarter,Adult (18 or over) - Maybe,Total\n2014,Q1,1,1\n";
        assert!(read_series_str(text, Location::memory()).is_err());
        let text = "Year,Quarter,Total\n2014,Q5,1\n2014,Q1,x\n2014,Q2,1.5\n";
        let Err(ModelError::Invalid { issues }) = read_series_str(text, Location::file("n.csv"))
        else {
            panic!("expected problems")
        };
        let lines: Vec<Option<u64>> = issues.iter().map(|i| i.at.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4)]);
    }
}
