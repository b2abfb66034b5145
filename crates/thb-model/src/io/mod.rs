//! Readers and writers: COINr iMeta/iData CSV, long CSV, SDMX-CSV, native JSON, and adapters
//! for the public THB data sets.
//!
//! Every reader reports every problem it finds (not only the first, up to
//! [`MAX_REPORTED_ISSUES`](crate::MAX_REPORTED_ISSUES) listed one by one), each with file,
//! line, column, unit and indicator where they apply. None panics on any input.
//!
//! | format | framework | dataset | writer |
//! |---|---|---|---|
//! | COINr iMeta / iData CSV ([`coinr`]) | [`read_imeta`] | [`read_idata`] | — |
//! | long CSV ([`long_csv`]) | — | [`read_long_csv`] | [`write_long_csv`] |
//! | SDMX-CSV ([`sdmx`]) with a [`DimensionMap`] | — | [`read_sdmx_csv`] | — |
//! | native JSON (`json`, feature `serde`; forms and examples in the `json` module) | `read_framework_json` | `read_dataset_json` | `write_framework_json`, `write_dataset_json` |
//! | public data layouts ([`adapters`]) | [`adapters::cho_3p::framework`] | one reader per source | — |
//!
//! [`read_framework`] and [`read_dataset`] tell the format from the file (or take it from
//! the caller, as the CLI's `--framework-format` / `--data-format` do).

pub mod adapters;
pub mod coinr;
mod csv_util;
#[cfg(feature = "serde")]
pub mod json;
pub mod long_csv;
mod mapping;
mod panel;
pub mod sdmx;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

pub use coinr::{read_idata, read_idata_str, read_imeta, read_imeta_str};
#[cfg(feature = "serde")]
pub use json::{
    read_dataset_json, read_dataset_json_str, read_framework_json, read_framework_json_str,
    write_dataset_json, write_framework_json,
};
pub use long_csv::{read_long_csv, read_long_csv_str, write_long_csv};
pub use mapping::{DimensionMap, MappingRule};
pub use sdmx::{read_sdmx_csv, read_sdmx_csv_str};

use crate::dataset::Dataset;
use crate::error::{Location, ModelError, Result};
use crate::framework::Framework;
use crate::id::Period;

/// Turns a failure while writing output into [`ModelError::Io`].
pub(crate) fn write_error(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ModelError {
    ModelError::Io {
        path: "<output>".into(),
        source: std::io::Error::other(e),
    }
}

/// The file formats a framework can be read from.
///
/// ```
/// use thb_model::io::FrameworkFormat;
/// assert_eq!("imeta".parse::<FrameworkFormat>()?, FrameworkFormat::IMeta);
/// assert_eq!(FrameworkFormat::Json.to_string(), "json");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FrameworkFormat {
    /// COINr iMeta CSV (`iCode`, `Level`, `Parent`, `Type`, ...).
    IMeta,
    /// The native JSON form (`"schema": 1`).
    Json,
}

impl FrameworkFormat {
    /// Every format, with the name [`FromStr`] accepts.
    ///
    /// ```
    /// use thb_model::io::FrameworkFormat;
    /// let names: Vec<&str> = FrameworkFormat::ALL.iter().map(|f| f.name()).collect();
    /// assert_eq!(names, ["imeta", "json"]);
    /// ```
    pub const ALL: [FrameworkFormat; 2] = [Self::IMeta, Self::Json];

    /// The name used on the command line.
    ///
    /// ```
    /// assert_eq!(thb_model::io::FrameworkFormat::IMeta.name(), "imeta");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::IMeta => "imeta",
            Self::Json => "json",
        }
    }
}

impl fmt::Display for FrameworkFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FrameworkFormat {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "imeta" | "coinr" | "csv" => Ok(Self::IMeta),
            "json" => Ok(Self::Json),
            _ => Err(ModelError::Unknown {
                what: "framework format (imeta, json)",
                code: s.to_owned(),
            }),
        }
    }
}

/// The file formats a dataset can be read from.
///
/// ```
/// use thb_model::io::DataFormat;
/// assert_eq!("long".parse::<DataFormat>()?, DataFormat::Long);
/// assert_eq!("glotip".parse::<DataFormat>()?, DataFormat::Glotip);
/// assert_eq!(DataFormat::IData.to_string(), "idata");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataFormat {
    /// COINr iData CSV (`uCode`, `uName`, `Time`, groups, one column per indicator).
    IData,
    /// Long CSV (`unit,indicator,period,value,flag`).
    Long,
    /// SDMX-CSV with a dimension-to-indicator mapping. `"sdmx"` parses to the series-key map;
    /// a front end with a mapping file builds `DataFormat::Sdmx(DimensionMap::read_json(file)?)`.
    Sdmx(DimensionMap),
    /// The native JSON form (`"schema": 1`).
    Json,
    /// The 3P anti-trafficking policy index panel ([`adapters::cho_3p`]).
    Cho3p,
    /// The US TIP report tier table ([`adapters::us_tip`]).
    UsTip,
    /// The UNODC GLOTIP export, with the default mapping ([`adapters::glotip`]). Cells the
    /// export repeats are left missing; [`adapters::glotip::read`] also lists them.
    Glotip,
    /// A UK NRM longitudinal series ([`adapters::uk_nrm`]).
    UkNrm,
}

impl DataFormat {
    /// The names [`FromStr`] accepts.
    ///
    /// ```
    /// use thb_model::io::DataFormat;
    /// for name in DataFormat::NAMES {
    ///     assert_eq!(name.parse::<DataFormat>()?.name(), name);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const NAMES: [&'static str; 8] = [
        "idata", "long", "sdmx", "json", "cho_3p", "us_tip", "glotip", "uk_nrm",
    ];

    /// The name used on the command line.
    ///
    /// ```
    /// assert_eq!(thb_model::io::DataFormat::Long.name(), "long");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Self::IData => "idata",
            Self::Long => "long",
            Self::Sdmx(_) => "sdmx",
            Self::Json => "json",
            Self::Cho3p => "cho_3p",
            Self::UsTip => "us_tip",
            Self::Glotip => "glotip",
            Self::UkNrm => "uk_nrm",
        }
    }
}

impl fmt::Display for DataFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DataFormat {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "idata" | "coinr" => Self::IData,
            "long" | "csv" => Self::Long,
            "sdmx" | "sdmx-csv" => Self::Sdmx(DimensionMap::series_key()),
            "json" => Self::Json,
            "cho_3p" | "3p" => Self::Cho3p,
            "us_tip" | "tip" => Self::UsTip,
            "glotip" | "unodc" => Self::Glotip,
            "uk_nrm" | "nrm" => Self::UkNrm,
            _ => {
                return Err(ModelError::Unknown {
                    what: "data format (idata, long, sdmx, json, cho_3p, us_tip, glotip, uk_nrm)",
                    code: s.to_owned(),
                });
            }
        })
    }
}

fn looks_like_json(path: &Path, text: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || csv_util::strip_bom(text).trim_start().starts_with('{')
}

fn has(header: &[String], names: &[&str]) -> bool {
    names.iter().all(|n| header.iter().any(|h| h == n))
}

/// Tells the framework format from the file name and text: JSON (`.json` or text starting
/// with `{`) or an iMeta CSV (a header with `iCode`).
///
/// ```
/// use std::path::Path;
/// use thb_model::io::{detect_framework_format, FrameworkFormat};
/// let f = detect_framework_format(Path::new("m.csv"), "iCode,Level,Parent,Type\n")?;
/// assert_eq!(f, FrameworkFormat::IMeta);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Malformed`] naming the header when the format cannot be told.
pub fn detect_framework_format(path: &Path, text: &str) -> Result<FrameworkFormat> {
    if looks_like_json(path, text) {
        return Ok(FrameworkFormat::Json);
    }
    let header = csv_util::header_of(text).unwrap_or_default();
    if has(&header, &["iCode"]) {
        return Ok(FrameworkFormat::IMeta);
    }
    Err(undetected(
        path,
        &header,
        "an iMeta CSV (`iCode`, ...) or JSON",
        "--framework-format",
    ))
}

/// Tells the data format from the file name and text: JSON (`.json` or text starting with
/// `{`); iData (`uCode`); long CSV (`unit`, `indicator`, `period`, `value`); SDMX-CSV (`geo`,
/// `TIME_PERIOD`, `OBS_VALUE`; indicator codes from the series key); or one of the adapted
/// public layouts (GLOTIP, 3P, US TIP, UK NRM).
///
/// ```
/// use std::path::Path;
/// use thb_model::io::{detect_data_format, DataFormat};
/// let f = detect_data_format(Path::new("d.csv"), "unit,indicator,period,value,flag\n")?;
/// assert_eq!(f, DataFormat::Long);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Malformed`] naming the header when the format cannot be told.
pub fn detect_data_format(path: &Path, text: &str) -> Result<DataFormat> {
    if looks_like_json(path, text) {
        return Ok(DataFormat::Json);
    }
    if adapters::glotip::header_line(text).is_some() {
        return Ok(DataFormat::Glotip);
    }
    let header = csv_util::header_of(text).unwrap_or_default();
    let format = if has(&header, &["uCode"]) {
        DataFormat::IData
    } else if has(&header, &["unit", "indicator", "period", "value"]) {
        DataFormat::Long
    } else if has(&header, &["geo", "TIME_PERIOD", "OBS_VALUE"]) {
        DataFormat::Sdmx(DimensionMap::series_key())
    } else if has(&header, &["iso3", "cow_num", "p3_total"]) {
        DataFormat::Cho3p
    } else if has(&header, &["countryname", "iso", "year", "ccode", "tier"]) {
        DataFormat::UsTip
    } else if has(&header, &["Year", "Quarter"]) || has(&header, &["First responder", "People"]) {
        DataFormat::UkNrm
    } else {
        return Err(undetected(
            path,
            &header,
            "iData (`uCode`), long CSV (`unit,indicator,period,value`), SDMX-CSV (`geo,TIME_PERIOD,OBS_VALUE`) or JSON",
            "--data-format",
        ));
    };
    Ok(format)
}

fn undetected(path: &Path, header: &[String], expected: &str, option: &str) -> ModelError {
    let shown: Vec<&str> = header.iter().take(8).map(String::as_str).collect();
    ModelError::Malformed {
        at: Location::file(path).line(1),
        message: format!(
            "cannot tell the format from the header `{}`{}: expected {expected} (or name it with {option})",
            shown.join(","),
            if header.len() > 8 { ",..." } else { "" }
        ),
    }
}

/// Reads a framework, detecting the format unless `format` is given.
///
/// ```no_run
/// use thb_model::io::{read_framework, FrameworkFormat};
/// let fw = read_framework("framework.json", None)?;
/// let fw = read_framework("asem_imeta.csv", Some(FrameworkFormat::IMeta))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Io`] when the file cannot be read; [`ModelError::Malformed`] when the format
/// cannot be told; otherwise the errors of the format's reader.
pub fn read_framework(
    path: impl AsRef<Path>,
    format: Option<FrameworkFormat>,
) -> Result<Framework> {
    let path = path.as_ref();
    let text = csv_util::read_text(path)?;
    let format = match format {
        Some(f) => f,
        None => detect_framework_format(path, &text)?,
    };
    let origin = Location::file(path);
    match format {
        FrameworkFormat::IMeta => read_imeta_str(&text, origin),
        FrameworkFormat::Json => framework_from_json(&text, origin),
    }
}

#[cfg(feature = "serde")]
fn framework_from_json(text: &str, origin: Location) -> Result<Framework> {
    read_framework_json_str(text, origin)
}

#[cfg(not(feature = "serde"))]
fn framework_from_json(_text: &str, origin: Location) -> Result<Framework> {
    Err(no_serde(origin))
}

#[cfg(feature = "serde")]
fn dataset_from_json(text: &str, origin: Location) -> Result<Dataset> {
    read_dataset_json_str(text, origin)
}

#[cfg(not(feature = "serde"))]
fn dataset_from_json(_text: &str, origin: Location) -> Result<Dataset> {
    Err(no_serde(origin))
}

#[cfg(not(feature = "serde"))]
fn no_serde(at: Location) -> ModelError {
    ModelError::Malformed {
        at,
        message: "JSON needs thb-model's `serde` feature, which this build lacks".to_owned(),
    }
}

/// Reads a dataset, detecting the format unless `format` is given. `framework` tells iData
/// which columns are groups; `default_period` is the period of iData rows without a `Time`
/// column. Checking the data against the framework (unknown indicators, coverage) is
/// [`Dataset::validate`]'s job.
///
/// ```no_run
/// use thb_model::{io::{read_dataset, read_framework}, Period};
/// let fw = read_framework("asem_imeta.csv", None)?;
/// let ds = read_dataset("asem_idata.csv", &fw, None, Period::Year(2018))?;
/// let problems = ds.validate(&fw);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelError::Io`] when the file cannot be read; [`ModelError::Malformed`] when the format
/// cannot be told; otherwise the errors of the format's reader.
pub fn read_dataset(
    path: impl AsRef<Path>,
    framework: &Framework,
    format: Option<DataFormat>,
    default_period: Period,
) -> Result<Dataset> {
    let path = path.as_ref();
    let text = csv_util::read_text(path)?;
    let format = match format {
        Some(f) => f,
        None => detect_data_format(path, &text)?,
    };
    let origin = Location::file(path);
    let mut ds = match format {
        DataFormat::IData => read_idata_str(&text, origin, framework, default_period)?,
        DataFormat::Long => read_long_csv_str(&text, origin)?,
        DataFormat::Sdmx(map) => read_sdmx_csv_str(&text, origin, &map)?,
        DataFormat::Json => dataset_from_json(&text, origin)?,
        DataFormat::Cho3p => adapters::cho_3p::read_str(&text, origin)?,
        DataFormat::UsTip => adapters::us_tip::read_str(&text, origin)?,
        DataFormat::Glotip => {
            adapters::glotip::read_str(&text, origin, &adapters::glotip::default_mapping()?)?
                .dataset
        }
        DataFormat::UkNrm => adapters::uk_nrm::read_str(&text, origin, default_period)?,
    };
    if ds.source().is_none() {
        ds.set_source(path.display().to_string());
    }
    Ok(ds)
}
