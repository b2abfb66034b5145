//! `thb uncertainty`: Monte Carlo uncertainty analysis (interfaces §3.3).

use std::process::ExitCode;

use thb_index::sensitivity::charts::rank_band_svg;
use thb_index::sensitivity::sampling::MonteCarloDesign;
use thb_index::sensitivity::uncertainty::{UncertaintyOptions, uncertainty};

use crate::cli::UncertaintyArgs;
use crate::commands::analysis::{
    Analysis, advance, progress_bar, report_failures, table_from_csv, write_outputs,
};
use crate::error::{CliError, Result};

/// Runs the analysis and writes one row per unit (or, with `--run K`, what run K did).
pub fn run(args: &UncertaintyArgs) -> Result<ExitCode> {
    let common = &args.common;
    let a = Analysis::load(common, &args.analysis)?;
    let c = &a.config;
    if let Some(k) = args.analysis.run {
        let design = MonteCarloDesign::new(c.sampling(), c.seed(), c.runs(), c.factors().len())?;
        return a.print_run(&design, k, common);
    }
    let bar = progress_bar(common);
    let hook = |done: usize, total: usize| advance(bar.as_ref(), done, total);
    let result = uncertainty(&a.model, c, &UncertaintyOptions::default().progress(&hook));
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let result = result?;
    report_failures(result.failures(), result.runs());
    if result.successful_runs() == 0 {
        return Err(CliError::Invalid(format!(
            "every one of the {} runs failed (causes above)",
            result.runs()
        )));
    }
    let mut csv = Vec::new();
    result.write_csv(&a.units, &mut csv)?;
    let table = table_from_csv(&csv)?;
    let chart = match &args.analysis.chart {
        Some(path) => {
            let title = format!(
                "{}: rank bands (5-95 %) over {} runs, units by nominal rank",
                a.root(),
                result.successful_runs()
            );
            Some((path.as_path(), rank_band_svg(&result, &a.units, &title)?))
        }
        None => None,
    };
    write_outputs(&table, chart, common)
}
