//! The long CSV: one observation per row (`interfaces.md` §1.2).
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `unit` | yes | unit code (`AUT`, `EL`, `EU27_2020`, ...) |
//! | `indicator` | yes | indicator (or denominator) code |
//! | `period` | yes | `2021` or `2021-Q3` |
//! | `value` | yes | decimal number (thousands separators allowed); empty, `NA` or `:` = not available; `<K` = censored count in [1, K-1] |
//! | `flag` | no | Eurostat flags: `:` not available, `c` confidential, `z` not applicable, and the qualifying letters `b d e f n p r s u` |
//! | `unit_name` | no | the unit's display name (empty = not given) |
//! | any other | no | a group membership of the unit: the column name is the group, the cell its value (empty = none) |
//!
//! Cells are trimmed. A unit's name and groups may repeat on each of its rows but must agree.
//! Units and indicators keep the order they first appear in; periods are sorted. A
//! unit-indicator-period given twice is an error naming both lines. Whether an indicator is
//! known to the framework is checked by [`Dataset::validate`].
//!
//! ```csv
//! unit,unit_name,indicator,period,value,flag,region_group
//! AUT,Austria,VIC_REG,2022,"1,234",p,West
//! AUT,Austria,CONV,2022,<5,,West
//! EL,Greece,VIC_REG,2022,,c,South
//! ```

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use rust_decimal::Decimal;

use super::csv_util::{CsvRows, cell, read_dataset_file};
use super::panel::{OnDuplicate, PanelBuilder, Place, RowCells, RowColumns, parse_cell};
use super::write_error;
use crate::dataset::Dataset;
use crate::error::{Location, Result};
use crate::observation::{ObsStatus, Observation};
use crate::validate::{Issue, IssueKind, IssueList, finish};

/// Where the key cells are reported.
const COLUMNS: RowColumns = RowColumns {
    unit: "unit",
    name: "unit_name",
    indicator: "indicator",
    period: "period",
};

/// The columns with a fixed meaning; any other column is a group column.
const RESERVED: [&str; 6] = ["unit", "unit_name", "indicator", "period", "value", "flag"];

/// Reads a long CSV file into a [`Dataset`].
///
/// ```no_run
/// let ds = thb_model::io::read_long_csv("data/long.csv")?;
/// println!("{} units", ds.units().len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Io`] when the file cannot be read; otherwise as [`read_long_csv_str`].
pub fn read_long_csv(path: impl AsRef<Path>) -> Result<Dataset> {
    read_dataset_file(path.as_ref(), read_long_csv_str)
}

/// Reads long CSV text; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::read_long_csv_str, Location, ObsStatus, Period};
/// let text = "unit,indicator,period,value,flag\nAUT,x,2021,\"1,250\",p\nEL,x,2021,<5,\nEU27_2020,x,2021,,c\n";
/// let ds = read_long_csv_str(text, Location::memory())?;
/// assert_eq!(ds.units().len(), 3);
/// let el = ds.get("EL", "x", Period::Year(2021)).map(|o| o.status.clone());
/// assert!(matches!(el, Some(ObsStatus::Censored { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Malformed`] for an empty text; [`crate::ModelError::Invalid`] listing every problem
/// (missing required column, ragged row, bad unit/indicator code, bad period, a value that is
/// not a finite decimal, an unknown flag, disagreeing unit names or groups, a repeated
/// unit-indicator-period), each with line, column, unit and indicator.
pub fn read_long_csv_str(text: &str, origin: Location) -> Result<Dataset> {
    let mut csv = CsvRows::open(text, origin.clone(), 0)?;
    let [u_col, i_col, p_col, v_col] = csv.require(
        ["unit", "indicator", "period", "value"],
        "the long CSV (header unit,indicator,period,value[,flag])",
    )?;
    let mut issues = IssueList::default();
    let f_col = csv.col("flag");
    let name_col = csv.col("unit_name");
    let groups: Vec<(usize, String)> = csv
        .header()
        .iter()
        .enumerate()
        .filter(|(_, h)| !RESERVED.contains(&h.as_str()))
        .map(|(i, h)| (i, h.clone()))
        .collect();
    let at = |line: u64, column: &str| origin.clone().line(line).column(column);
    let mut panel = PanelBuilder::new(origin.clone(), Place::Line);
    while let Some((line, row)) = csv.next_row() {
        let (value, flag) = (cell(row, v_col), f_col.map_or("", |f| cell(row, f)));
        let obs = parse_cell(("value", value), ("flag", flag));
        let cells = RowCells {
            line,
            unit: cell(row, u_col),
            name: name_col.map_or("", |c| cell(row, c)),
            indicator: cell(row, i_col),
            period: cell(row, p_col),
        };
        let Some(u) = panel.push_row(COLUMNS, cells, obs, &mut issues)? else {
            continue;
        };
        let labels = groups.iter().map(|(c, g)| (g.as_str(), cell(row, *c)));
        for (column, text) in labels.filter(|(_, t)| !t.is_empty()) {
            if let Err(message) = panel.label(u, column, text) {
                issues.push_with(|| {
                    Issue::new(IssueKind::BadValue, message)
                        .at(at(line, column))
                        .unit(cells.unit)
                });
            }
        }
    }
    issues.merge(csv.into_issues());
    Ok(panel.finish(OnDuplicate::Report, issues)?.0)
}

/// Writes a dataset as long CSV: header `unit[,unit_name],indicator,period,value,flag[,groups...]`.
///
/// `unit_name` is written when some unit has a name, and one column per group any unit
/// belongs to (sorted). Every cell of the first unit is written (so that the column order and
/// every period survive), then every non-missing cell of the other units (a unit with none gets
/// one empty row). Reading the output back with [`read_long_csv_str`] gives an equal dataset
/// (only the provenance note of [`Dataset::source`] is not written).
///
/// ```
/// use thb_model::{io::{read_long_csv_str, write_long_csv}, Dataset, Location, Observation, Period, Unit};
/// let mut ds = Dataset::new(vec![Unit::new("AUT")?.name("Austria")], ["x".parse()?], [Period::Year(2020)])?;
/// ds.set("AUT", "x", Period::Year(2020), Observation::parse("<5", "")?)?;
/// let mut out = Vec::new();
/// write_long_csv(&ds, &mut out)?;
/// let text = String::from_utf8(out)?;
/// assert_eq!(text, "unit,unit_name,indicator,period,value,flag\nAUT,Austria,x,2020,<5,\n");
/// assert_eq!(read_long_csv_str(&text, Location::memory())?, ds);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Invalid`] listing every cell the format cannot hold (a censored interval
/// other than `[1, K-1]`) and every group name that cannot be a column (empty, padded with
/// spaces, or a reserved name); nothing is written then. [`crate::ModelError::Io`] when writing fails.
pub fn write_long_csv(dataset: &Dataset, out: impl Write) -> Result<()> {
    let groups: BTreeSet<&str> = dataset
        .units()
        .iter()
        .flat_map(|u| u.groups.keys().map(String::as_str))
        .collect();
    check_writable(dataset, &groups)?;
    let with_names = dataset.units().iter().any(|u| u.name.is_some());
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["unit"];
    if with_names {
        header.push("unit_name");
    }
    header.extend(["indicator", "period", "value", "flag"]);
    header.extend(groups.iter().copied());
    w.write_record(&header).map_err(write_error)?;
    let (nc, np) = (dataset.columns().len(), dataset.periods().len());
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for (u, unit) in dataset.units().iter().enumerate() {
        let all = (0..nc).flat_map(|c| (0..np).map(move |p| (c, p)));
        let mut cells: Vec<(usize, usize)> = if u == 0 {
            all.collect()
        } else {
            all.filter(|&(c, p)| *dataset.at(u, c, p) != Observation::missing())
                .collect()
        };
        if cells.is_empty() && nc > 0 && np > 0 {
            cells.push((0, 0)); // one empty row keeps the unit
        }
        for (c, p) in cells {
            let obs = dataset.at(u, c, p);
            record.clear();
            record.push(unit.code.to_string());
            if with_names {
                record.push(unit.name.clone().unwrap_or_default());
            }
            record.push(dataset.columns()[c].to_string());
            record.push(dataset.periods()[p].to_string());
            record.push(obs.value_text());
            record.push(obs.flag_text());
            for g in &groups {
                record.push(unit.groups.get(*g).cloned().unwrap_or_default());
            }
            w.write_record(&record).map_err(write_error)?;
        }
    }
    w.flush().map_err(write_error)
}

fn check_writable(dataset: &Dataset, groups: &BTreeSet<&str>) -> Result<()> {
    let mut issues = Vec::new();
    for g in groups {
        if g.is_empty() || g.trim() != *g || RESERVED.contains(g) {
            issues.push(Issue::new(
                IssueKind::BadValue,
                format!("group `{g}` cannot be a long CSV column (empty, padded or reserved)"),
            ));
        }
    }
    for (unit, column, period, obs) in dataset.observations() {
        if let ObsStatus::Censored { lo, hi } = &obs.status
            && (*lo != Decimal::ONE || hi.fract() != Decimal::ZERO || *hi < Decimal::ONE)
        {
            issues.push(
                Issue::new(
                    IssueKind::BadValue,
                    format!(
                        "period {period}: the censored interval [{lo}, {hi}] cannot be written as `<K` (only [1, K-1])"
                    ),
                )
                .unit(unit.code.as_str())
                .indicator(column.as_str()),
            );
        }
    }
    finish((), issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ModelError;
    use crate::Period;

    #[test]
    fn reports_every_row_problem_with_place() {
        let text = "unit,indicator,period,value,flag\n\
            AUT,x,2020,1,\n\
            A T,x,2020,1,\n\
            AUT,x y,2020,1,\n\
            AUT,x,20,1,\n\
            AUT,x,2021,NaN,\n\
            AUT,x,2022,1,q\n\
            AUT,x,2020,2,\n";
        let Err(ModelError::Invalid { issues }) = read_long_csv_str(text, Location::file("l.csv"))
        else {
            panic!("expected problems")
        };
        let lines: Vec<Option<u64>> = issues.iter().map(|i| i.at.line).collect();
        assert_eq!(
            lines,
            [Some(3), Some(4), Some(5), Some(6), Some(7), Some(8)],
            "{issues:#?}"
        );
        assert_eq!(issues[3].at.column.as_deref(), Some("value"));
        assert_eq!(issues[4].at.column.as_deref(), Some("flag"));
        assert_eq!(issues[3].unit.as_deref(), Some("AUT"));
        assert_eq!(issues[3].indicator.as_deref(), Some("x"));
        assert!(
            issues[5].message.contains("l.csv:2"),
            "{}",
            issues[5].message
        );
    }

    #[test]
    fn names_and_groups_must_agree() {
        let text = "unit,unit_name,indicator,period,value,region\n\
            AUT,Austria,x,2020,1,W\n\
            AUT,Osterreich,y,2020,1,E\n";
        let Err(ModelError::Invalid { issues }) = read_long_csv_str(text, Location::memory())
        else {
            panic!("expected problems")
        };
        assert_eq!(issues.len(), 2, "{issues:#?}");
    }

    #[test]
    fn writer_rejects_unwritable_censoring() {
        let mut ds = Dataset::new(
            vec![crate::Unit::new("AUT").unwrap()],
            ["x".parse().unwrap()],
            [Period::Year(2020)],
        )
        .unwrap();
        let censored = ObsStatus::Censored {
            lo: Decimal::TWO,
            hi: Decimal::TEN,
        };
        ds.set(
            "AUT",
            "x",
            Period::Year(2020),
            Observation {
                status: censored,
                flags: crate::Flags::NONE,
            },
        )
        .unwrap();
        let mut out = Vec::new();
        assert!(write_long_csv(&ds, &mut out).is_err());
        assert!(out.is_empty());
    }
}
