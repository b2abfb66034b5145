//! COINr-compatible tables: iMeta (the framework) and iData (the data), as CSV.
//!
//! Columns follow `interfaces.md` §1.1. In addition to COINr's columns, iMeta may carry
//! `Role` (`scored` or `context`), `Source` and `TargetPeriod`; context indicators are
//! normalised and reported but never aggregated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::csv_util::{Table, is_na, parse_table, read_text};
use crate::dataset::{Dataset, Unit};
use crate::error::{Location, ModelError, Result};
use crate::framework::{ColumnKind, Direction, Framework, Goalposts, Node, NodeKind, Role};
use crate::id::{Code, Period};
use crate::observation::Observation;
use crate::validate::{Issue, IssueKind, finish};

/// Reads an iMeta CSV file into a validated [`Framework`].
///
/// # Errors
/// [`ModelError::Io`] when the file cannot be read; [`ModelError::Invalid`] listing every
/// problem (bad header, unknown `Type`, bad numbers, duplicate codes, broken tree), each with
/// file, line and column.
pub fn read_imeta(path: impl AsRef<Path>) -> Result<Framework> {
    let path = path.as_ref();
    read_imeta_str(&read_text(path)?, Location::file(path))
}

/// Reads iMeta CSV text; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::read_imeta_str, Location};
/// let csv = "iCode,Level,Parent,Type,Weight,Direction\nx,1,Index,Indicator,1,-1\nIndex,2,,Aggregate,1,1\n";
/// let fw = read_imeta_str(csv, Location::memory())?;
/// assert_eq!(fw.root().code.as_str(), "Index");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`read_imeta`].
pub fn read_imeta_str(text: &str, origin: Location) -> Result<Framework> {
    let table = parse_table(text, origin)?;
    let mut issues = Vec::new();
    for required in ["iCode", "Type"] {
        if table.col(required).is_none() {
            issues.push(
                Issue::new(
                    IssueKind::Layout,
                    format!("iMeta needs a `{required}` column"),
                )
                .at(table.origin.clone().line(1)),
            );
        }
    }
    if !issues.is_empty() {
        return Err(ModelError::Invalid { issues });
    }
    let mut nodes = Vec::new();
    let mut locations = Vec::new();
    let mut columns = BTreeMap::new();
    for (line, row) in &table.rows {
        let cell = |name: &str| {
            table
                .col(name)
                .map(|i| row[i].as_str())
                .filter(|s| !is_na(s))
        };
        let at = |name: &str| table.at(*line, name);
        let code_text = cell("iCode").unwrap_or_default();
        let code = match Code::new(code_text) {
            Ok(c) => c,
            Err(e) => {
                issues.push(Issue::new(IssueKind::BadValue, e.to_string()).at(at("iCode")));
                continue;
            }
        };
        let kind = match cell("Type") {
            Some("Indicator") => NodeKind::Indicator,
            Some("Aggregate") => NodeKind::Aggregate,
            Some(other) => {
                let kind = match other {
                    "Group" => ColumnKind::Group,
                    "Denominator" => ColumnKind::Denominator,
                    "Other" => ColumnKind::Other,
                    _ => {
                        issues.push(
                            Issue::new(
                                IssueKind::BadValue,
                                format!("unknown Type `{other}` (Indicator, Aggregate, Group, Denominator, Other)"),
                            )
                            .at(at("Type"))
                            .indicator(code.as_str()),
                        );
                        continue;
                    }
                };
                if columns.insert(code.clone(), kind).is_some() {
                    issues.push(
                        Issue::new(
                            IssueKind::Duplicate,
                            format!("column `{code}` is declared twice"),
                        )
                        .at(at("iCode"))
                        .indicator(code.as_str()),
                    );
                }
                continue;
            }
            None => {
                issues.push(
                    Issue::new(IssueKind::BadValue, "Type is empty")
                        .at(at("Type"))
                        .indicator(code.as_str()),
                );
                continue;
            }
        };
        let mut number = |name: &str| -> Option<f64> {
            let text = cell(name)?;
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => Some(v),
                _ => {
                    issues.push(
                        Issue::new(
                            IssueKind::Number,
                            format!("`{text}` is not a finite number"),
                        )
                        .at(at(name))
                        .indicator(code.as_str()),
                    );
                    None
                }
            }
        };
        let level = number("Level");
        let weight = number("Weight");
        let direction = number("Direction");
        let target = number("Target");
        let gp_lower = number("goalpost_lower");
        let gp_upper = number("goalpost_upper");
        let gp_scale = number("goalpost_scale");
        let level = match level {
            Some(l) if l >= 1.0 && l.fract() == 0.0 && l < 100.0 => l as u32,
            Some(l) => {
                issues.push(
                    Issue::new(
                        IssueKind::BadValue,
                        format!("Level {l} is not a whole number from 1"),
                    )
                    .at(at("Level"))
                    .indicator(code.as_str()),
                );
                continue;
            }
            None => {
                issues.push(
                    Issue::new(IssueKind::BadValue, "Level is required")
                        .at(at("Level"))
                        .indicator(code.as_str()),
                );
                continue;
            }
        };
        let direction = match (kind, direction) {
            (NodeKind::Aggregate, _) | (_, None) => Direction::Positive,
            (_, Some(d)) if (d - 1.0).abs() < f64::EPSILON => Direction::Positive,
            (_, Some(d)) if (d + 1.0).abs() < f64::EPSILON => Direction::Negative,
            (_, Some(d)) => {
                issues.push(
                    Issue::new(
                        IssueKind::BadValue,
                        format!("Direction {d} must be 1 or -1"),
                    )
                    .at(at("Direction"))
                    .indicator(code.as_str()),
                );
                Direction::Positive
            }
        };
        let role = match cell("Role") {
            None | Some("scored") => Role::Scored,
            Some("context") => Role::Context,
            Some(other) => {
                issues.push(
                    Issue::new(
                        IssueKind::BadValue,
                        format!("Role `{other}` must be `scored` or `context`"),
                    )
                    .at(at("Role"))
                    .indicator(code.as_str()),
                );
                Role::Scored
            }
        };
        let parent = match cell("Parent").map(Code::new).transpose() {
            Ok(p) => p,
            Err(e) => {
                issues.push(
                    Issue::new(IssueKind::BadValue, e.to_string())
                        .at(at("Parent"))
                        .indicator(code.as_str()),
                );
                None
            }
        };
        let denominator = match cell("Denominator").map(Code::new).transpose() {
            Ok(p) => p,
            Err(e) => {
                issues.push(
                    Issue::new(IssueKind::BadValue, e.to_string())
                        .at(at("Denominator"))
                        .indicator(code.as_str()),
                );
                None
            }
        };
        let target_period = match cell("TargetPeriod").map(str::parse::<Period>).transpose() {
            Ok(p) => p,
            Err(e) => {
                issues.push(
                    Issue::new(IssueKind::BadValue, e.to_string())
                        .at(at("TargetPeriod"))
                        .indicator(code.as_str()),
                );
                None
            }
        };
        let goalposts = match (gp_lower, gp_upper) {
            (Some(l), Some(u)) => match Goalposts::new(l, u) {
                Ok(mut g) => {
                    g.scale = gp_scale;
                    g.truncate =
                        cell("goalpost_trunc2posts").map(|t| t.eq_ignore_ascii_case("TRUE"));
                    Some(g)
                }
                Err(e) => {
                    issues.push(
                        Issue::new(IssueKind::BadValue, e.to_string())
                            .at(at("goalpost_lower"))
                            .indicator(code.as_str()),
                    );
                    None
                }
            },
            (None, None) => None,
            _ => {
                issues.push(
                    Issue::new(
                        IssueKind::BadValue,
                        "goalpost_lower and goalpost_upper go together",
                    )
                    .at(at("goalpost_lower"))
                    .indicator(code.as_str()),
                );
                None
            }
        };
        nodes.push(Node {
            code: code.clone(),
            name: cell("iName").map(str::to_owned),
            kind,
            role,
            level,
            parent,
            weight: weight.unwrap_or(1.0),
            direction,
            unit: cell("Unit").map(str::to_owned),
            source: cell("Source").map(str::to_owned),
            target,
            target_period,
            goalposts,
            decimals: None,
            denominator,
        });
        locations.push(table.at(*line, "iCode"));
    }
    if !issues.is_empty() {
        return Err(ModelError::Invalid { issues });
    }
    if nodes.is_empty() {
        return Err(ModelError::Malformed {
            at: table.origin,
            message: "iMeta has no Indicator or Aggregate row".to_owned(),
        });
    }
    Framework::with_columns(nodes, columns, &locations)
}

/// Reads an iData CSV file against a framework (which says which columns are groups).
///
/// Group columns are those declared `Group` in iMeta or whose name ends in `_group`; `uCode`,
/// `uName` and `Time` are reserved; every other column is numeric. Without a `Time` column
/// every row is in period `default_period`.
///
/// # Errors
/// [`ModelError::Io`] when the file cannot be read; [`ModelError::Invalid`] listing every
/// problem (duplicate unit-period rows, unparsable numbers, NaN/inf, bad unit codes), each with
/// file, line, column and unit.
pub fn read_idata(
    path: impl AsRef<Path>,
    framework: &Framework,
    default_period: Period,
) -> Result<Dataset> {
    let path = path.as_ref();
    let mut ds = read_idata_str(
        &read_text(path)?,
        Location::file(path),
        framework,
        default_period,
    )?;
    ds.set_source(path.display().to_string());
    Ok(ds)
}

/// Reads iData CSV text; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::{read_imeta_str, read_idata_str}, Location, Period};
/// let fw = read_imeta_str("iCode,Level,Parent,Type\nx,1,Index,Indicator\nIndex,2,,Aggregate\n", Location::memory())?;
/// let ds = read_idata_str("uCode,x\nAUT,1.5\nBEL,NA\n", Location::memory(), &fw, Period::Year(2024))?;
/// assert_eq!(ds.units().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`read_idata`].
pub fn read_idata_str(
    text: &str,
    origin: Location,
    framework: &Framework,
    default_period: Period,
) -> Result<Dataset> {
    let table = parse_table(text, origin)?;
    idata_from_table(&table, framework, default_period)
}

fn idata_from_table(
    table: &Table,
    framework: &Framework,
    default_period: Period,
) -> Result<Dataset> {
    let mut issues = Vec::new();
    let Some(ucode) = table.col("uCode") else {
        return Err(ModelError::Invalid {
            issues: vec![
                Issue::new(IssueKind::Layout, "iData needs a `uCode` column")
                    .at(table.origin.clone().line(1)),
            ],
        });
    };
    let uname = table.col("uName");
    let time = table.col("Time");
    let is_group =
        |h: &str| h.ends_with("_group") || framework.columns().get(h) == Some(&ColumnKind::Group);
    let mut groups = Vec::new();
    let mut numeric = Vec::new();
    for (i, h) in table.header.iter().enumerate() {
        if Some(i) == Some(ucode) || Some(i) == uname || Some(i) == time {
            continue;
        }
        if is_group(h) {
            groups.push(i);
            continue;
        }
        match Code::new(h.as_str()) {
            Ok(c) => numeric.push((i, c)),
            Err(e) => issues.push(
                Issue::new(IssueKind::Layout, e.to_string()).at(table
                    .origin
                    .clone()
                    .line(1)
                    .column(h.clone())),
            ),
        }
    }
    // First pass: units (input order) and periods.
    let mut units: Vec<Unit> = Vec::new();
    let mut periods = BTreeSet::new();
    let mut keyed = Vec::with_capacity(table.rows.len());
    let mut seen = std::collections::HashMap::new();
    for (line, row) in &table.rows {
        let code = row[ucode].as_str();
        let period = match time.map(|t| row[t].as_str()) {
            None => default_period,
            Some(t) if is_na(t) => {
                issues.push(
                    Issue::new(IssueKind::BadValue, "Time is empty")
                        .at(table.at(*line, "Time"))
                        .unit(code),
                );
                continue;
            }
            Some(t) => match t.parse::<Period>() {
                Ok(p) => p,
                Err(e) => {
                    issues.push(
                        Issue::new(IssueKind::BadValue, e.to_string())
                            .at(table.at(*line, "Time"))
                            .unit(code),
                    );
                    continue;
                }
            },
        };
        let unit = match Unit::new(code) {
            Ok(u) => u,
            Err(e) => {
                issues.push(
                    Issue::new(IssueKind::BadValue, e.to_string()).at(table.at(*line, "uCode")),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert((code.to_owned(), period), *line) {
            issues.push(
                Issue::new(
                    IssueKind::Duplicate,
                    format!("unit appears twice in period {period} (first at line {first})"),
                )
                .at(table.at(*line, "uCode"))
                .unit(code),
            );
            continue;
        }
        if !units.iter().any(|u| u.code == unit.code) {
            let mut unit = unit;
            if let Some(n) = uname.map(|i| row[i].as_str()).filter(|s| !is_na(s)) {
                unit.name = Some(n.to_owned());
            }
            for &g in &groups {
                if !is_na(&row[g]) {
                    unit.groups.insert(table.header[g].clone(), row[g].clone());
                }
            }
            units.push(unit);
        }
        periods.insert(period);
        keyed.push((*line, row, code.to_owned(), period));
    }
    if !issues.is_empty() {
        return Err(ModelError::Invalid { issues });
    }
    let mut ds = Dataset::new(units, numeric.iter().map(|(_, c)| c.clone()), periods)?;
    for (line, row, code, period) in keyed {
        let u = ds.unit_position(&code).unwrap_or_default(); // ok: every keyed unit was added above
        let p = ds.period_position(period).unwrap_or_default(); // ok: every keyed period was added above
        for (k, (i, col)) in numeric.iter().enumerate() {
            match Observation::parse(&row[*i], "") {
                Ok(obs) => {
                    ds.set_at(u, k, p, obs)?;
                }
                Err(e) => issues.push(
                    Issue::new(IssueKind::Number, format!("`{}`: {}", row[*i], e.reason()))
                        .at(table.at(line, col.as_str()))
                        .unit(code.as_str())
                        .indicator(col.as_str()),
                ),
            }
        }
    }
    finish(ds, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: &str = "iCode,iName,Level,Parent,Type,Weight,Direction,Denominator\n\
        a,A,1,P,Indicator,1,1,Pop\n\
        b,B,1,P,Indicator,2,-1,NA\n\
        P,Pillar,2,Index,Aggregate,1,NA,NA\n\
        Index,Index,3,NA,Aggregate,1,NA,NA\n\
        Region_group,Region,NA,NA,Group,NA,NA,NA\n\
        Pop,Population,NA,NA,Denominator,NA,NA,NA\n";

    #[test]
    fn reads_meta_and_data() {
        let fw = read_imeta_str(META, Location::file("meta.csv")).unwrap();
        assert_eq!(fw.nodes().len(), 4);
        assert_eq!(fw.node("b").unwrap().direction, Direction::Negative);
        assert_eq!(fw.groups().count(), 1);
        let data = "uCode,uName,Region_group,Time,Pop,a,b\nAUT,Austria,EU,2020,9,1,2\nAUT,Austria,EU,2021,9,<5,3\nBEL,Belgium,EU,2021,11,3,4\n";
        let ds = read_idata_str(data, Location::file("data.csv"), &fw, Period::Year(2000)).unwrap();
        assert_eq!(ds.periods(), &[Period::Year(2020), Period::Year(2021)]);
        assert_eq!(ds.units()[1].groups["Region_group"], "EU");
        assert!(ds.validate(&fw).is_empty(), "{:?}", ds.validate(&fw));
    }

    #[test]
    fn collects_every_problem_with_locations() {
        let data = "uCode,a,b\nAUT,1,x\nAUT,NaN,2\nB C,1,1\n";
        let fw = read_imeta_str(META, Location::memory()).unwrap();
        let Err(ModelError::Invalid { issues }) =
            read_idata_str(data, Location::file("d.csv"), &fw, Period::Year(2020))
        else {
            panic!("expected problems");
        };
        let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("d.csv:3") && t.contains("AUT")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("d.csv:4")), "{text:?}");
    }

    #[test]
    fn bad_meta_reports_all_rows() {
        let meta = "iCode,Level,Parent,Type,Weight,Direction\na,1,P,Indicator,-1,2\nb,x,P,Indicator,1,1\nP,2,,Aggregate,1,1\nc,1,P,Weird,1,1\n";
        let Err(ModelError::Invalid { issues }) = read_imeta_str(meta, Location::file("m.csv"))
        else {
            panic!("expected problems");
        };
        assert!(issues.len() >= 3, "{issues:?}");
    }
}
