//! SDMX-CSV as downloaded from Eurostat (`interfaces.md` §1.3).
//!
//! | column | meaning |
//! |---|---|
//! | `geo` (required) | the unit: `AT`, `EL` (Greece), `UK`, aggregates such as `EU27_2020` are kept as they are; `EL:Greece` (labels form) gives code and name |
//! | `TIME_PERIOD` (required) | `2021` or `2021-Q3` |
//! | `OBS_VALUE` (required) | the value; empty = not available; `<K` = censored |
//! | `OBS_FLAG`, `OBS_STATUS` (optional) | Eurostat flags (`:` `c` `z` and `b d e f n p r s u`) |
//! | `CONF_STATUS` (optional) | `F` (free) or empty: no effect; any other code: confidential |
//! | `DATAFLOW`, `STRUCTURE`, `STRUCTURE_ID`, `STRUCTURE_NAME`, `ACTION`, `LAST UPDATE`, `freq` | ignored |
//! | any other column | a dimension (`unit`, `sex`, `age`, `leg_stat`, `citizen`, ...) |
//!
//! A [`DimensionMap`] turns dimension values into indicator codes (rows that match no rule are
//! skipped); with [`DimensionMap::series_key`] the code is the dimension values joined by `.`,
//! in column order.

use std::path::Path;

use super::csv_util::{CsvRows, cell, read_dataset_file};
use super::mapping::DimensionMap;
use super::panel::{OnDuplicate, PanelBuilder, Place, RowCells, RowColumns, parse_cell};
use crate::dataset::Dataset;
use crate::error::{Location, ModelError, Result};
use crate::validate::IssueList;

/// Columns that are neither dimensions nor observation fields.
const IGNORED: [&str; 7] = [
    "DATAFLOW",
    "STRUCTURE",
    "STRUCTURE_ID",
    "STRUCTURE_NAME",
    "ACTION",
    "LAST UPDATE",
    "freq",
];
const OBSERVATION: [&str; 6] = [
    "geo",
    "TIME_PERIOD",
    "OBS_VALUE",
    "OBS_FLAG",
    "OBS_STATUS",
    "CONF_STATUS",
];

/// Where the key cells are reported (a series key that is not a valid code is reported at the
/// value it names).
const COLUMNS: RowColumns = RowColumns {
    unit: "geo",
    name: "geo",
    indicator: "OBS_VALUE",
    period: "TIME_PERIOD",
};

/// The code part of a cell in SDMX-CSV's labels form (`EL:Greece` -> `EL`).
fn code_part(text: &str) -> &str {
    text.split_once(':').map_or(text, |(code, _)| code.trim())
}

/// Reads an SDMX-CSV file with a dimension-to-indicator mapping.
///
/// ```no_run
/// use thb_model::io::{read_sdmx_csv, DimensionMap, MappingRule};
/// let map = DimensionMap::new(vec![MappingRule::new("VIC_F", &[("sex", "F"), ("leg_stat", "VICT")])?])?;
/// let ds = read_sdmx_csv("crim_thb_vctz.csv", &map)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Io`] when the file cannot be read; otherwise as [`read_sdmx_csv_str`].
pub fn read_sdmx_csv(path: impl AsRef<Path>, mapping: &DimensionMap) -> Result<Dataset> {
    read_dataset_file(path.as_ref(), |text, origin| {
        read_sdmx_csv_str(text, origin, mapping)
    })
}

/// Reads SDMX-CSV text; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::{read_sdmx_csv_str, DimensionMap, MappingRule}, Location, Period};
/// let text = "DATAFLOW,freq,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n\
///     ESTAT:X,A,F,EL,2022,12,p\nESTAT:X,A,M,EL,2022,7,\nESTAT:X,A,F,EU27_2020,2022,900,e\n";
/// let map = DimensionMap::new(vec![MappingRule::new("VIC_F", &[("sex", "F")])?])?;
/// let ds = read_sdmx_csv_str(text, Location::memory(), &map)?;
/// assert_eq!(ds.units().len(), 2); // EL and EU27_2020; the male row maps to nothing
/// assert!(ds.get("EL", "VIC_F", Period::Year(2022)).is_some_and(|o| o.value().is_some()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Malformed`] for an empty text; [`crate::ModelError::Invalid`] listing
/// every problem: a missing `geo`/`TIME_PERIOD`/`OBS_VALUE` column or mapped dimension column,
/// a ragged row, a bad unit code or period, a value that is not a finite decimal, an unknown
/// flag, a row matching two rules, a series key that is not a valid code, a
/// unit-indicator-period given twice; each with line, column, unit and indicator.
pub fn read_sdmx_csv_str(text: &str, origin: Location, mapping: &DimensionMap) -> Result<Dataset> {
    let mut csv = CsvRows::open(text, origin.clone(), 0)?;
    let [geo, time, value] = csv.require(["geo", "TIME_PERIOD", "OBS_VALUE"], "SDMX-CSV")?;
    let dimensions: Vec<usize> = csv
        .header()
        .iter()
        .enumerate()
        .filter(|(_, h)| !IGNORED.contains(&h.as_str()) && !OBSERVATION.contains(&h.as_str()))
        .map(|(i, _)| i)
        .collect();
    let compiled = mapping
        .compile(csv.header(), dimensions, &csv.header_at())
        .map_err(|issues| ModelError::Invalid { issues })?;
    let mut issues = IssueList::default();
    let flag_cols: Vec<usize> = ["OBS_FLAG", "OBS_STATUS"]
        .iter()
        .filter_map(|c| csv.col(c))
        .collect();
    let conf = csv.col("CONF_STATUS");
    let at = |line: u64, column: &str| origin.clone().line(line).column(column);
    let mut panel = PanelBuilder::new(origin.clone(), Place::Line);
    let mut flags = String::new();
    while let Some((line, row)) = csv.next_row() {
        let place = || at(line, "OBS_VALUE");
        let Some(indicator) = compiled.indicator(|i| code_part(cell(row, i)), &mut issues, place)
        else {
            continue;
        };
        let geo_cell = cell(row, geo);
        flags.clear();
        for &c in &flag_cols {
            flags.push_str(cell(row, c));
        }
        if conf.is_some_and(|c| !matches!(cell(row, c), "" | "F")) {
            flags.push('c');
        }
        let obs = parse_cell(("OBS_VALUE", cell(row, value)), ("OBS_FLAG", &flags));
        let cells = RowCells {
            line,
            unit: code_part(geo_cell),
            name: geo_cell.split_once(':').map_or("", |(_, name)| name.trim()),
            indicator: &indicator,
            period: cell(row, time),
        };
        panel.push_row(COLUMNS, cells, obs, &mut issues)?;
    }
    issues.merge(csv.into_issues());
    Ok(panel.finish(OnDuplicate::Report, issues)?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_keys_labels_and_confidentiality() {
        let text = "freq,unit,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n\
            A,NR,F,EL:Greece,2021,10,,F\n\
            A,NR,M,EL:Greece,2021,4,,C\n\
            A,NR,M,UK:United Kingdom,2021-Q2,,:,\n";
        let ds = read_sdmx_csv_str(text, Location::memory(), &DimensionMap::series_key()).unwrap();
        assert_eq!(
            ds.columns().iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["NR.F", "NR.M"]
        );
        assert_eq!(ds.units()[0].name.as_deref(), Some("Greece"));
        let el = ds.get("EL", "NR.M", crate::Period::Year(2021)).unwrap();
        assert_eq!(el.status, crate::ObsStatus::Confidential);
        assert!(ds.periods().contains(&crate::Period::Year(2021)));
    }

    #[test]
    fn collects_problems() {
        let text = "sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n\
            F,AT,2021,1,\n\
            F,AT,2021,2,\n\
            F,A T,2021,1,\n\
            F,AT,2021-M1,1,\n\
            F,AT,2020,inf,\n\
            F,AT,2019,1,x\n";
        let Err(ModelError::Invalid { issues }) =
            read_sdmx_csv_str(text, Location::file("s.csv"), &DimensionMap::series_key())
        else {
            panic!("expected problems")
        };
        let mut lines: Vec<u64> = issues.iter().filter_map(|i| i.at.line).collect();
        lines.sort_unstable();
        assert_eq!(lines, [3, 4, 5, 6, 7], "{issues:#?}");
        let missing = read_sdmx_csv_str(
            "a,b\n1,2\n",
            Location::memory(),
            &DimensionMap::series_key(),
        );
        assert!(matches!(missing, Err(ModelError::Invalid { issues }) if issues.len() == 3));
    }
}
