//! `thb report`: a self-contained HTML report with SVG charts, or Markdown.

use std::path::Path;
use std::process::ExitCode;

use thb_index::model::ModelError;
use thb_index::report::{Report, ReportFormat, SensitivityRow, UncertaintyRow};

use super::progress::{Periods, assess, period_arg};
use crate::cli::{Format, ReportArgs};
use crate::error::{CliError, Result};
use crate::input::{self, Inputs};
use crate::output;

/// Scores, assembles the report in memory, then writes it (nothing is written on failure).
pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let common = &args.common;
    let format = match common.format {
        None | Some(Format::Html) => ReportFormat::Html,
        Some(Format::Markdown) => ReportFormat::Markdown,
        Some(_) => {
            return Err(CliError::Usage(
                "thb report writes --format html (the default) or markdown".to_owned(),
            ));
        }
    };
    let progress_periods = match (&args.from, &args.to) {
        (Some(from), Some(to)) => Some((period_arg("--from", from)?, period_arg("--to", to)?)),
        _ => None,
    };
    let uncertainty = args
        .uncertainty
        .as_deref()
        .map(|p| read_rows(p, UncertaintyRow::read_csv))
        .transpose()?;
    let sensitivity = args
        .sensitivity
        .as_deref()
        .map(|p| read_rows(p, SensitivityRow::read_csv))
        .transpose()?;
    let (inputs, spec, result) = input::score_with_spec(common)?;
    let mut builder = Report::builder(&inputs.framework, &inputs.dataset, &spec, &result);
    for (what, location) in described_inputs(args, &inputs) {
        builder = builder.input(what, location);
    }
    if let Some(title) = &args.title {
        builder = builder.title(title);
    }
    if let Some(decimals) = common.decimals {
        builder = builder.decimals(decimals);
    }
    if let Some((from, to)) = progress_periods {
        let periods = Periods {
            from,
            to,
            targets: args.targets.as_deref(),
            target_period: args.target_period.as_deref(),
        };
        builder = builder.progress(from, to, assess(&inputs, &periods)?);
    }
    if let Some(rows) = uncertainty {
        builder = builder.uncertainty(rows);
    }
    if let Some(rows) = sensitivity {
        builder = builder.sensitivity(rows);
    }
    let text = builder.build()?.render(format);
    output::write(&text, common.out.as_deref())?;
    if let Some(path) = &common.out
        && !common.quiet
    {
        #[allow(clippy::print_stderr)] // the CLI says where the report went
        {
            eprintln!(
                "thb: wrote the report to {} ({} units, period {}); open it in a browser",
                path.display(),
                result.units().len(),
                result.period()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens `path` and reads it with `read`; errors name the file.
fn read_rows<T>(
    path: &Path,
    read: fn(std::fs::File, &str) -> std::result::Result<Vec<T>, ModelError>,
) -> Result<Vec<T>> {
    let file = std::fs::File::open(path).map_err(|source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(read(file, &path.display().to_string())?)
}

/// The inputs, as the provenance section lists them.
fn described_inputs(args: &ReportArgs, inputs: &Inputs) -> Vec<(String, String)> {
    let path = |p: &Option<std::path::PathBuf>, builtin: &str| {
        p.as_ref()
            .map_or_else(|| builtin.to_owned(), |p| p.display().to_string())
    };
    let common = &args.common;
    let mut out = vec![
        (
            "Framework".to_owned(),
            path(&common.framework, "built-in reference THB INDEX framework"),
        ),
        (
            "Data".to_owned(),
            path(&common.data, "built-in ILLUSTRATIVE dataset"),
        ),
        (
            "Spec".to_owned(),
            match (common.spec.first(), inputs.builtin) {
                (Some(p), _) => p.display().to_string(),
                (None, true) => "the reference spec (thb_index::reference::spec)".to_owned(),
                (None, false) => "the default spec (interfaces.md §2)".to_owned(),
            },
        ),
    ];
    for (what, file) in [
        ("Uncertainty analysis", &args.uncertainty),
        ("Sensitivity analysis", &args.sensitivity),
        ("Progress targets", &args.targets),
    ] {
        if let Some(p) = file {
            out.push((what.to_owned(), p.display().to_string()));
        }
    }
    out
}
