//! UNODC Global Report on Trafficking in Persons country data (GLOTIP export of 30 May 2023),
//! `unodc_glotip/data_glotip_2023-05-30_europe.csv`. The licence of this file is not verified:
//! use it for local tests only (see `PROVENANCE.md`).
//!
//! Layout: `Iso3_code, Country, Region, Subregion, Indicator, Dimension, Category, Sex, Age,
//! Year, Unit of measurement, txtVALUE, Source`, one count per row; the export's metadata lines
//! before the header (if present) are skipped. Units are `Iso3_code` (named by `Country`); a
//! row without a code takes the code of [`UNIT_OVERRIDES`] (`Sark`, which has no ISO code of its
//! own). Periods are `Year`.
//!
//! `txtVALUE` is read with [`Observation::parse`](crate::Observation::parse): `<5` becomes a censored count in [1, 4]
//! (never a number), `1,516` is 1516.
//!
//! A [`DimensionMap`] over the columns `Indicator`, `Dimension`, `Category`, `Sex`, `Age`
//! chooses the series; rows it does not map are skipped. [`default_mapping`] is:
//!
//! | indicator | Indicator | Dimension | Category | Sex | Age |
//! |---|---|---|---|---|---|
//! | `GLOTIP_VIC` | Detected trafficking victims | Total | Total | Total | Total |
//! | `GLOTIP_VIC_F` | Detected trafficking victims | Total | Total | Female | Total |
//! | `GLOTIP_VIC_M` | Detected trafficking victims | Total | Total | Male | Total |
//! | `GLOTIP_VIC_CHILD` | Detected trafficking victims | Total | Total | Total | 0 to 17 years |
//! | `GLOTIP_VIC_ADULT` | Detected trafficking victims | Total | Total | Total | 18 years or over |
//! | `GLOTIP_VIC_GIRLS` | Detected trafficking victims | Total | Total | Female | 0 to 17 years |
//! | `GLOTIP_VIC_BOYS` | Detected trafficking victims | Total | Total | Male | 0 to 17 years |
//! | `GLOTIP_VIC_SEXUAL` | Detected trafficking victims | by form of exploitation | Sexual exploitation | Total | Total |
//! | `GLOTIP_VIC_LABOUR` | Detected trafficking victims | by form of exploitation | Forced labour | Total | Total |
//! | `GLOTIP_VIC_OTHER` | Detected trafficking victims | by form of exploitation | Other forms of exploitation | Total | Total |
//! | `GLOTIP_VIC_NATIONALS` | Detected trafficking victims | by citizenship | Nationals | Total | Total |
//! | `GLOTIP_CONTACT` | Persons brought into formal contact | Total | Total | Total | Total |
//! | `GLOTIP_PROSECUTED` | Persons prosecuted | Total | Total | Total | Total |
//! | `GLOTIP_CONVICTED` | Persons convicted | Total | Total | Total | Total |
//! | `GLOTIP_OFFENCES` | Offences of trafficking in persons | Total | Total | Total | Total |
//!
//! **Repeated keys.** The export repeats some country-series-years with different values (for
//! instance several "Other forms of exploitation" rows per year, whose sub-forms the export
//! does not name). Such a cell is left *missing* (never summed, never guessed) and each one is
//! listed in [`GlotipData::conflicts`] with its lines and values.

use std::path::Path;

use super::super::mapping::{DimensionMap, MappingRule};
use crate::dataset::Dataset;
use crate::error::{Location, ModelError, Result};
use crate::io::csv_util::{CsvRows, cell, read_text, strip_bom};
use crate::io::panel::{BadCell, OnDuplicate, PanelBuilder, Place, RowCells, RowColumns};
use crate::validate::{Issue, IssueKind, IssueList};

/// Where the key cells are reported.
const COLUMNS: RowColumns = RowColumns {
    unit: "Iso3_code",
    name: "Country",
    indicator: "Indicator",
    period: "Year",
};

/// The columns a mapping rule may name.
///
/// ```
/// assert_eq!(thb_model::io::adapters::glotip::DIMENSIONS[4], "Age");
/// ```
pub const DIMENSIONS: [&str; 5] = ["Indicator", "Dimension", "Category", "Sex", "Age"];

/// Unit codes for rows without an `Iso3_code`: (Country, code).
///
/// ```
/// assert_eq!(thb_model::io::adapters::glotip::UNIT_OVERRIDES, [("Sark", "Sark")]);
/// ```
pub const UNIT_OVERRIDES: [(&str, &str); 1] = [("Sark", "Sark")];

const VICTIMS: &str = "Detected trafficking victims";
const FORM: &str = "by form of exploitation";
const CHILD: &str = "0 to 17 years";
const T: &str = "Total";

/// The rules of [`default_mapping`]: (indicator, name, values of [`DIMENSIONS`]).
///
/// ```
/// use thb_model::io::adapters::glotip::DEFAULT_RULES;
/// assert_eq!(DEFAULT_RULES[0], ("GLOTIP_VIC", "Detected victims", ["Detected trafficking victims", "Total", "Total", "Total", "Total"]));
/// ```
#[rustfmt::skip]
pub const DEFAULT_RULES: [(&str, &str, [&str; 5]); 15] = [
    ("GLOTIP_VIC", "Detected victims", [VICTIMS, T, T, T, T]),
    ("GLOTIP_VIC_F", "Detected female victims", [VICTIMS, T, T, "Female", T]),
    ("GLOTIP_VIC_M", "Detected male victims", [VICTIMS, T, T, "Male", T]),
    ("GLOTIP_VIC_CHILD", "Detected child victims (0-17)", [VICTIMS, T, T, T, CHILD]),
    ("GLOTIP_VIC_ADULT", "Detected adult victims (18+)", [VICTIMS, T, T, T, "18 years or over"]),
    ("GLOTIP_VIC_GIRLS", "Detected girl victims (0-17)", [VICTIMS, T, T, "Female", CHILD]),
    ("GLOTIP_VIC_BOYS", "Detected boy victims (0-17)", [VICTIMS, T, T, "Male", CHILD]),
    ("GLOTIP_VIC_SEXUAL", "Detected victims of sexual exploitation", [VICTIMS, FORM, "Sexual exploitation", T, T]),
    ("GLOTIP_VIC_LABOUR", "Detected victims of forced labour", [VICTIMS, FORM, "Forced labour", T, T]),
    ("GLOTIP_VIC_OTHER", "Detected victims of other forms of exploitation", [VICTIMS, FORM, "Other forms of exploitation", T, T]),
    ("GLOTIP_VIC_NATIONALS", "Detected victims who are nationals", [VICTIMS, "by citizenship", "Nationals", T, T]),
    ("GLOTIP_CONTACT", "Persons brought into formal contact", ["Persons brought into formal contact", T, T, T, T]),
    ("GLOTIP_PROSECUTED", "Persons prosecuted", ["Persons prosecuted", T, T, T, T]),
    ("GLOTIP_CONVICTED", "Persons convicted", ["Persons convicted", T, T, T, T]),
    ("GLOTIP_OFFENCES", "Offences of trafficking in persons", ["Offences of trafficking in persons", T, T, T, T]),
];

/// The default mapping (the table in the [module docs](self)).
///
/// ```
/// let map = thb_model::io::adapters::glotip::default_mapping()?;
/// assert_eq!(map.rules().len(), 15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// None in practice (the table is fixed and tested); the `Result` is that of
/// [`DimensionMap::new`].
pub fn default_mapping() -> Result<DimensionMap> {
    let rules = DEFAULT_RULES
        .iter()
        .map(|(code, name, values)| {
            let when: Vec<(&str, &str)> = DIMENSIONS
                .iter()
                .copied()
                .zip(values.iter().copied())
                .collect();
            Ok(MappingRule::new(code, &when)?.name(*name))
        })
        .collect::<Result<Vec<_>>>()?;
    DimensionMap::new(rules)
}

/// A GLOTIP dataset and the cells left missing because the export gives them more than once.
///
/// ```
/// use thb_model::{io::adapters::glotip, Location};
/// let row = "ALB,Albania,E,S,Persons convicted,Total,Total,Total,Total,2003,Counts,40,GLOTIP\n";
/// let text = format!("Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source\n{row}{row}");
/// let data = glotip::read_str(&text, Location::memory(), &glotip::default_mapping()?)?;
/// assert_eq!(data.conflicts.len(), 1); // the same cell twice: left missing, and listed
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GlotipData {
    /// The mapped counts.
    pub dataset: Dataset,
    /// One note per cell the export repeats with different rows (lines and values named).
    pub conflicts: Vec<Issue>,
}

/// Reads the GLOTIP export file with a mapping.
///
/// ```no_run
/// use thb_model::io::adapters::glotip;
/// let data = glotip::read("../shared/data/unodc_glotip/data_glotip_2023-05-30_europe.csv", &glotip::default_mapping()?)?;
/// println!("{} cells left missing", data.conflicts.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Io`] when the file cannot be read; otherwise as [`read_str`].
pub fn read(path: impl AsRef<Path>, mapping: &DimensionMap) -> Result<GlotipData> {
    let path = path.as_ref();
    let mut data = read_str(&read_text(path)?, Location::file(path), mapping)?;
    data.dataset.set_source(path.display().to_string());
    Ok(data)
}

/// The byte offset and line number (0-based) of the `Iso3_code,...` header line, looked for
/// in the first five lines.
pub(crate) fn header_line(text: &str) -> Option<(usize, u64)> {
    let text = strip_bom(text);
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').take(5).enumerate() {
        if line.trim_start().starts_with("Iso3_code,") {
            return Some((offset, n as u64));
        }
        offset += line.len();
    }
    None
}

/// Reads GLOTIP export text with a mapping; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::adapters::glotip, Location, ObsStatus, Period};
/// let text = "UNODC unodc_ddds@un.org 30/05/2023\n\n\
///     Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source\n\
///     ALB,Albania,Europe,Southern Europe,Persons convicted,Total,Total,Total,Total,2003,Counts,<5,GLOTIP\n\
///     DEU,Germany,Europe,Western Europe,Persons convicted,Total,Total,Total,Total,2003,Counts,\"1,516\",GLOTIP\n";
/// let data = glotip::read_str(text, Location::memory(), &glotip::default_mapping()?)?;
/// let alb = data.dataset.get("ALB", "GLOTIP_CONVICTED", Period::Year(2003)).map(|o| o.status.clone());
/// assert!(matches!(alb, Some(ObsStatus::Censored { .. })));
/// let deu = data.dataset.get("DEU", "GLOTIP_CONVICTED", Period::Year(2003)).and_then(|o| o.value());
/// assert_eq!(deu, Some(1516.into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Malformed`] when the text has no `Iso3_code` header; [`ModelError::Invalid`]
/// listing every problem: a missing column (also one a rule names), a ragged row, a row matching
/// two rules, a row without a unit code and no override, a bad year, a value that is not a
/// count, a unit of measurement other than `Counts`, a country name that changes; each with
/// line, column, unit and indicator.
pub fn read_str(text: &str, origin: Location, mapping: &DimensionMap) -> Result<GlotipData> {
    let Some((offset, skipped)) = header_line(text) else {
        return Err(ModelError::Malformed {
            at: origin,
            message: "no `Iso3_code,...` header row in the first five lines: not a GLOTIP export"
                .to_owned(),
        });
    };
    let mut csv = CsvRows::open(&strip_bom(text)[offset..], origin.clone(), skipped)?;
    let [iso, country, year, value] = csv.require(
        ["Iso3_code", "Country", "Year", "txtVALUE"],
        "the GLOTIP export",
    )?;
    let measure = csv.col("Unit of measurement");
    let compiled = mapping
        .compile(csv.header(), Vec::new(), &csv.header_at())
        .map_err(|issues| ModelError::Invalid { issues })?;
    let at = |line: u64, column: &str| origin.clone().line(line).column(column);
    let mut issues = IssueList::default();
    let mut panel = PanelBuilder::new(origin.clone(), Place::Line);
    while let Some((line, row)) = csv.next_row() {
        let place = || at(line, "Indicator");
        let Some(indicator) = compiled.indicator(|i| cell(row, i), &mut issues, place) else {
            continue;
        };
        let name = cell(row, country);
        let code = match cell(row, iso) {
            "" => UNIT_OVERRIDES
                .iter()
                .find(|(c, _)| *c == name)
                .map(|(_, code)| *code),
            code => Some(code),
        };
        let problem = |kind, message: String, column: &str| {
            Issue::new(kind, message)
                .at(at(line, column))
                .unit(code.unwrap_or(name))
                .indicator(indicator.as_ref())
        };
        let Some(code) = code else {
            issues.push(problem(
                IssueKind::BadValue,
                format!("no Iso3_code, and `{name}` has no code in UNIT_OVERRIDES"),
                "Iso3_code",
            ));
            continue;
        };
        if let Some(m) = measure.map(|m| cell(row, m)).filter(|m| *m != "Counts") {
            let message = format!("unit of measurement `{m}`: the mapping expects `Counts`");
            issues.push(problem(IssueKind::BadValue, message, "Unit of measurement"));
            continue;
        }
        let obs = super::count(cell(row, value)).map_err(|reason| BadCell {
            reason: reason.into(),
            column: "txtVALUE",
            text: cell(row, value),
        });
        let cells = RowCells {
            line,
            unit: code,
            name,
            indicator: &indicator,
            period: cell(row, year),
        };
        panel.push_row(COLUMNS, cells, obs, &mut issues)?;
    }
    issues.merge(csv.into_issues());
    let (dataset, conflicts) = panel.finish(OnDuplicate::MarkMissing, issues)?;
    Ok(GlotipData { dataset, conflicts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Period;

    const HEADER: &str = "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source\n";

    #[test]
    fn conflicts_become_missing_and_sark_gets_its_code() {
        let text = format!(
            "{HEADER}\
            ALB,Albania,E,S,Detected trafficking victims,by form of exploitation,Other forms of exploitation,Total,Total,2017,Counts,<5,GLOTIP\n\
            ALB,Albania,E,S,Detected trafficking victims,by form of exploitation,Other forms of exploitation,Total,Total,2017,Counts,27,GLOTIP\n\
            ,Sark,E,N,Persons convicted,Total,Total,Total,Total,2019,Counts,0,GLOTIP\n\
            ALB,Albania,E,S,Detected trafficking victims,by citizenship,Romania,Total,Total,2017,Counts,3,GLOTIP\n"
        );
        let data = read_str(&text, Location::file("g.csv"), &default_mapping().unwrap()).unwrap();
        assert_eq!(data.conflicts.len(), 1);
        assert!(
            data.conflicts[0].message.contains("g.csv:2; g.csv:3"),
            "{}",
            data.conflicts[0].message
        );
        let alb = data
            .dataset
            .get("ALB", "GLOTIP_VIC_OTHER", Period::Year(2017))
            .unwrap();
        assert_eq!(*alb, crate::Observation::missing());
        assert_eq!(data.dataset.units()[1].name.as_deref(), Some("Sark"));
        assert_eq!(data.dataset.columns().len(), 2);
    }

    #[test]
    fn unknown_units_and_bad_values_are_reported() {
        let text = format!(
            "{HEADER}\
            ,Atlantis,E,N,Persons convicted,Total,Total,Total,Total,2019,Counts,3,GLOTIP\n\
            ALB,Albania,E,S,Persons convicted,Total,Total,Total,Total,2019,Counts,1.234,GLOTIP\n\
            ALB,Albania,E,S,Persons convicted,Total,Total,Total,Total,2020,Rate,3,GLOTIP\n"
        );
        let Err(ModelError::Invalid { issues }) =
            read_str(&text, Location::file("g.csv"), &default_mapping().unwrap())
        else {
            panic!("expected problems")
        };
        let lines: Vec<Option<u64>> = issues.iter().map(|i| i.at.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4)], "{issues:#?}");
    }
}
