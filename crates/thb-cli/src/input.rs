//! Loading the framework and the data named on the command line, or the built-in reference.

use thb_index::model::io::{
    DataFormat, DimensionMap, FrameworkFormat, adapters, read_dataset, read_framework,
};
use thb_index::model::{Dataset, Framework, Period};
use thb_index::reference;
use thb_index::{IndexResult, IndexSpec, Pipeline, Stage};

use crate::cli::Common;
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

fn framework_format(common: &Common) -> Result<Option<FrameworkFormat>> {
    common
        .framework_format
        .as_deref()
        .map(|f| {
            f.parse::<FrameworkFormat>()
                .map_err(|e| CliError::Usage(format!("--framework-format: {e}")))
        })
        .transpose()
}

fn data_format(common: &Common) -> Result<Option<DataFormat>> {
    let format = common
        .data_format
        .as_deref()
        .map(|f| {
            f.parse::<DataFormat>()
                .map_err(|e| CliError::Usage(format!("--data-format: {e}")))
        })
        .transpose()?;
    match (&common.mapping, format) {
        (Some(path), None | Some(DataFormat::Sdmx(_))) => {
            Ok(Some(DataFormat::Sdmx(DimensionMap::read_json(path)?)))
        }
        (Some(_), Some(_)) => Err(CliError::Usage(
            "--mapping goes with --data-format sdmx".to_owned(),
        )),
        (None, f) => Ok(f),
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
        (fw_path, Some(data_path)) => {
            let data_format = data_format(common)?;
            let framework = match (fw_path, &data_format) {
                (Some(path), _) => read_framework(path, framework_format(common)?)?,
                (None, Some(DataFormat::Cho3p)) => adapters::cho_3p::framework()?,
                (None, Some(DataFormat::UsTip)) => adapters::us_tip::framework()?,
                (None, _) => {
                    return Err(CliError::Usage(
                        "--data needs --framework as well".to_owned(),
                    ));
                }
            };
            let dataset = read_dataset(data_path, &framework, data_format, undated(common)?)?;
            Ok(Inputs {
                framework,
                dataset,
                builtin: false,
            })
        }
        (Some(_), None) => Err(CliError::Usage(
            "--framework needs --data as well".to_owned(),
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

/// The pipeline spec: `--spec` if given, else the reference spec for the built-in reference
/// framework, else the default spec of interfaces.md §2. Checked against the framework.
pub fn spec(common: &Common, inputs: &Inputs) -> Result<IndexSpec> {
    match common.spec.as_slice() {
        [] => {
            let spec = if inputs.builtin {
                reference::spec()?
            } else {
                IndexSpec::default()
            };
            spec.check(&inputs.framework)
                .map_err(|e| CliError::Invalid(format!("spec: {e}")))?;
            Ok(spec)
        }
        [path] => read_spec(path, inputs),
        _ => Err(CliError::Usage(
            "this command takes one --spec (thb compare takes several)".to_owned(),
        )),
    }
}

/// Reads a spec file and checks it against the framework; errors name the file.
pub fn read_spec(path: &std::path::Path, inputs: &Inputs) -> Result<IndexSpec> {
    let text = std::fs::read_to_string(path).map_err(|source| thb_index::ModelError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let spec = IndexSpec::from_json(&text)
        .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))?;
    spec.check(&inputs.framework)
        .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))?;
    Ok(spec)
}

/// Loads everything and runs the pipeline for the chosen period.
pub fn score(common: &Common) -> Result<(Inputs, IndexResult)> {
    score_with_spec(common).map(|(inputs, _, result)| (inputs, result))
}

/// Like [`score`], also returning the spec that was run.
pub fn score_with_spec(common: &Common) -> Result<(Inputs, IndexSpec, IndexResult)> {
    let inputs = load(common)?;
    let spec = spec(common, &inputs)?;
    let period = period(common, &inputs.dataset)?;
    let result = Pipeline::new(&inputs.framework, &inputs.dataset, &spec)?.run(period)?;
    Ok((inputs, spec, result))
}

/// The CLI name of a stage mapped to the pipeline's.
pub fn stage(arg: crate::cli::StageArg) -> Stage {
    use crate::cli::StageArg as S;
    match arg {
        S::Raw => Stage::Raw,
        S::Denominated => Stage::Denominated,
        S::Imputed => Stage::Imputed,
        S::Screened => Stage::Screened,
        S::Treated => Stage::Treated,
        S::Normalised => Stage::Normalised,
        S::Aggregated => Stage::Aggregated,
    }
}
