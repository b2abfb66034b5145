//! Loading the framework and the data named on the command line, or the built-in reference.

use thb_index::model::io::{read_idata, read_imeta};
use thb_index::model::{Dataset, Framework, Period};
use thb_index::reference;

use crate::cli::{Common, DataFormat, FrameworkFormat};
use crate::error::{CliError, Result};

/// Framework and data ready for a command.
#[derive(Debug)]
pub struct Inputs {
    /// The framework.
    pub framework: Framework,
    /// The data.
    pub dataset: Dataset,
    /// `true` when the built-in reference framework and illustrative data are used.
    pub builtin: bool,
}

/// The period a table without a `Time` column is filed under: `--period` if given, else
/// "undated" (year 0).
fn undated(common: &Common) -> Result<Period> {
    match &common.period {
        Some(p) => parse_period(p),
        None => Ok(Period::Year(0)),
    }
}

/// Parses `--period`.
pub fn parse_period(text: &str) -> Result<Period> {
    text.parse::<Period>()
        .map_err(|e| CliError::Usage(format!("--period: {e}")))
}

/// Loads framework and data (or the built-in reference, announced on stderr).
pub fn load(common: &Common) -> Result<Inputs> {
    match (&common.framework, &common.data) {
        (None, None) => {
            if !common.quiet {
                #[allow(clippy::print_stderr)] // the CLI tells the user what it runs on
                {
                    eprintln!(
                        "thb: no --framework/--data given: using the built-in reference THB INDEX framework \
                         and its ILLUSTRATIVE synthetic dataset (EU-27, 2019-2023; not real data)"
                    );
                }
            }
            Ok(Inputs {
                framework: reference::framework()?,
                dataset: reference::illustrative_dataset(),
                builtin: true,
            })
        }
        (Some(fw_path), Some(data_path)) => {
            let framework = match common.framework_format {
                None | Some(FrameworkFormat::Imeta) => read_imeta(fw_path)?,
                Some(other) => {
                    return Err(CliError::Usage(format!(
                        "--framework-format {other:?} is not supported by this build"
                    )));
                }
            };
            let dataset = match common.data_format {
                None | Some(DataFormat::Idata) => {
                    read_idata(data_path, &framework, undated(common)?)?
                }
                Some(other) => {
                    return Err(CliError::Usage(format!(
                        "--data-format {other:?} is not supported by this build"
                    )));
                }
            };
            Ok(Inputs {
                framework,
                dataset,
                builtin: false,
            })
        }
        (Some(_), None) => Err(CliError::Usage(
            "--framework needs --data as well".to_owned(),
        )),
        (None, Some(_)) => Err(CliError::Usage(
            "--data needs --framework as well".to_owned(),
        )),
    }
}

/// The period to use: `--period` if given (it must exist in the data), else the latest.
pub fn period(common: &Common, dataset: &Dataset) -> Result<Period> {
    match &common.period {
        Some(text) => {
            let p = parse_period(text)?;
            if dataset.period_position(p).is_none() {
                return Err(CliError::Invalid(format!(
                    "period {p} is not in the data (periods: {})",
                    dataset
                        .periods()
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            Ok(p)
        }
        None => dataset
            .latest_period()
            .ok_or_else(|| CliError::Invalid("the data has no period at all".to_owned())),
    }
}
