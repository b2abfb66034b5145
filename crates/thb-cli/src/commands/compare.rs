//! `thb compare`: agreement between the rankings of several specs (interfaces §3.5).

use std::process::ExitCode;

use thb_index::Pipeline;
use thb_index::scoring::compare::compare_rankings;

use crate::cli::CompareArgs;
use crate::error::{CliError, Result};
use crate::input;
use crate::output::{Cell, Table, emit};

/// Runs every spec on the same data and compares the root rankings pairwise.
pub fn run(args: &CompareArgs) -> Result<ExitCode> {
    let common = &args.common;
    if common.spec.len() < 2 {
        return Err(CliError::Usage(
            "give at least two --spec files to compare".to_owned(),
        ));
    }
    let inputs = input::load(common)?;
    let period = input::period(common, &inputs.dataset)?;
    let units = inputs.dataset.units();
    let mut labels = Vec::new();
    let mut scores = Vec::new();
    for path in &common.spec {
        let spec = input::read_spec(path, &inputs)?;
        let result = Pipeline::new(&inputs.framework, &inputs.dataset, &spec)?
            .run(period)
            .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))?;
        // Every unit of the data, missing where this spec screened it out or has no score.
        let mut s = vec![f64::NAN; units.len()];
        for (row, u) in result
            .stage_units(thb_index::Stage::Aggregated)
            .into_iter()
            .enumerate()
        {
            s[u] = result.root_scores()[row];
        }
        labels.push(path.file_stem().map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        ));
        scores.push(s);
    }
    let rankings: Vec<(&str, &[f64])> = labels
        .iter()
        .map(String::as_str)
        .zip(scores.iter().map(Vec::as_slice))
        .collect();
    let cmp = compare_rankings(&rankings)?;
    let table = if args.movers {
        let mut t = Table::new(["unit", "max_abs_shift", "a", "b"]);
        for m in cmp.movers.iter().take(20) {
            t.push(vec![
                Cell::text(units[m.unit].code.as_str()),
                Cell::Number(m.max_abs_shift),
                Cell::text(m.between.0.clone()),
                Cell::text(m.between.1.clone()),
            ]);
        }
        t
    } else {
        let mut t = Table::new([
            "a",
            "b",
            "spearman",
            "kendall_tau_b",
            "mean_abs_shift",
            "max_abs_shift",
        ]);
        for p in &cmp.pairs {
            t.push(vec![
                Cell::text(p.a.clone()),
                Cell::text(p.b.clone()),
                Cell::num(p.spearman),
                Cell::num(p.kendall_tau_b),
                Cell::num(p.mean_abs_shift),
                Cell::num(p.max_abs_shift),
            ]);
        }
        t
    };
    if !common.quiet {
        #[allow(clippy::print_stderr)]
        for p in cmp.pairs.iter().filter(|p| p.left_out > 0) {
            eprintln!(
                "thb: {} / {}: {} unit(s) without a score under either spec were left out",
                p.a, p.b, p.left_out
            );
        }
    }
    emit(
        &table,
        common.format,
        common.out.as_deref(),
        common.decimals,
    )?;
    Ok(ExitCode::SUCCESS)
}
