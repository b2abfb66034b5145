//! `thb sensitivity`: variance-based sensitivity analysis (interfaces §3.3).

use std::process::ExitCode;

use thb_index::sensitivity::charts::sensitivity_svg;
use thb_index::sensitivity::sampling::SaltelliDesign;
use thb_index::sensitivity::sensitivity::{SensitivityOptions, SensitivityOutput, sensitivity};

use crate::cli::SensitivityArgs;
use crate::commands::analysis::{
    Analysis, advance, progress_bar, report_failures, table_from_csv, write_outputs,
};
use crate::error::{CliError, Result};

/// Runs the analysis and writes one row per factor (or, with `--run K`, what run K did).
pub fn run(args: &SensitivityArgs) -> Result<ExitCode> {
    let common = &args.common;
    let a = Analysis::load(common, &args.analysis)?;
    let (output, output_name) = parse_output(&args.output, &a)?;
    let c = &a.config;
    if let Some(k) = args.analysis.run {
        let design = SaltelliDesign::new(c.sampling(), c.seed(), c.runs(), c.factors().len())?;
        return a.print_run(&design, k, common);
    }
    let bar = progress_bar(common);
    let hook = |done: usize, total: usize| advance(bar.as_ref(), done, total);
    let options = SensitivityOptions::default()
        .output(output)
        .bootstrap(args.bootstrap)
        .progress(&hook);
    let result = sensitivity(&a.model, c, &options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let result = result?;
    let runs = result.base() * (c.factors().len() + 2);
    report_failures(result.failures(), runs);
    if !common.quiet {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "thb: {} base rows x {} = {runs} runs; {} rows used; output variance {}",
                result.base(),
                c.factors().len() + 2,
                result.rows_used(),
                result.variance()
            );
        }
    }
    let mut csv = Vec::new();
    result.write_csv(&mut csv)?;
    let table = table_from_csv(&csv)?;
    let chart = args.analysis.chart.as_deref().map(|path| {
        let title = format!("{}: S1 and ST of {output_name}", a.root());
        (path, sensitivity_svg(&result, &title))
    });
    write_outputs(&table, chart, common)
}

/// `rank_shift`, `unit:CODE` or `score:CODE`, and how a chart names it.
fn parse_output(text: &str, a: &Analysis) -> Result<(SensitivityOutput, String)> {
    let unit = |code: &str| {
        a.inputs.dataset.unit_position(code).ok_or_else(|| {
            CliError::Invalid(format!("--output {text}: no unit `{code}` in the data"))
        })
    };
    match text.split_once(':') {
        None if text == "rank_shift" => Ok((
            SensitivityOutput::MeanAbsRankShift,
            "the mean absolute rank shift".to_owned(),
        )),
        Some(("unit", code)) => Ok((
            SensitivityOutput::UnitRank { unit: unit(code)? },
            format!("the rank of {code}"),
        )),
        Some(("score", code)) => Ok((
            SensitivityOutput::UnitScore { unit: unit(code)? },
            format!("the score of {code}"),
        )),
        _ => Err(CliError::Usage(format!(
            "--output {text}: expected rank_shift, unit:CODE or score:CODE"
        ))),
    }
}
