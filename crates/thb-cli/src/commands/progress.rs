//! `thb progress`: progress towards targets between two periods (interfaces §3.4).

use std::process::ExitCode;

use thb_index::monitor::MonitorError;
use thb_index::monitor::progress::{
    EurostatThresholds, PROGRESS_CSV_HEADER, ProgressCategory, ProgressRow, Targets,
    assess_dataset, summarise,
};

use crate::cli::ProgressArgs;
use crate::error::{CliError, Result};
use crate::input::{self, Inputs, parse_period};
use crate::output::{Cell, Table, emit};

/// Assesses every (unit, indicator) pair with values at both periods.
pub fn run(args: &ProgressArgs) -> Result<ExitCode> {
    let from = period_arg("--from", &args.from)?;
    let to = period_arg("--to", &args.to)?;
    let inputs = input::load(&args.common)?;
    let periods = Periods {
        from,
        to,
        targets: args.targets.as_deref(),
        target_period: args.target_period.as_deref(),
    };
    let rows = assess(&inputs, &periods)?;
    let table = if args.summary {
        summary_table(&rows, &inputs.framework)
    } else {
        rows_table(&rows)
    };
    emit(
        &table,
        args.common.format,
        args.common.out.as_deref(),
        args.common.decimals,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A period given as option `flag`.
pub(super) fn period_arg(flag: &str, text: &str) -> Result<thb_index::Period> {
    parse_period(text).map_err(|_| CliError::Usage(format!("{flag}: `{text}` is not a period")))
}

/// The periods and targets of a progress assessment, as given on the command line.
pub(super) struct Periods<'a> {
    /// `--from`.
    pub from: thb_index::Period,
    /// `--to`.
    pub to: thb_index::Period,
    /// `--targets`.
    pub targets: Option<&'a std::path::Path>,
    /// `--target-period`.
    pub target_period: Option<&'a str>,
}

/// Every (unit, indicator) pair assessed between the periods, towards the targets of
/// `--targets FILE`, else the framework's iMeta `Target` values due by `--target-period`.
pub(super) fn assess(inputs: &Inputs, periods: &Periods<'_>) -> Result<Vec<ProgressRow>> {
    let target_period = periods.target_period.map(parse_period).transpose()?;
    let targets = match periods.targets {
        Some(path) => Targets::read_csv(path)?,
        None => Targets::from_framework(&inputs.framework, target_period).map_err(|e| match e {
            MonitorError::TargetWithoutPeriod { indicator } => CliError::Usage(format!(
                "indicator `{indicator}` has an iMeta Target but no target period: give --target-period T (or --targets FILE)"
            )),
            other => other.into(),
        })?,
    };
    Ok(assess_dataset(
        &inputs.dataset,
        &inputs.framework,
        periods.from,
        periods.to,
        &targets,
        &EurostatThresholds::default(),
    )?)
}

fn rows_table(rows: &[ProgressRow]) -> Table {
    let mut t = Table::new(PROGRESS_CSV_HEADER);
    for r in rows {
        t.push(vec![
            Cell::text(r.unit.as_str()),
            Cell::text(r.indicator.as_str()),
            Cell::text(r.base_period.to_string()),
            Cell::Number(r.base),
            Cell::text(r.latest_period.to_string()),
            Cell::Number(r.latest),
            Cell::num(r.cagr),
            Cell::num(r.target),
            r.target_period
                .map_or(Cell::Empty, |p| Cell::text(p.to_string())),
            Cell::num(r.required_cagr),
            Cell::num(r.ratio),
            Cell::text(r.category.as_str()),
            Cell::text(r.note.clone()),
        ]);
    }
    t
}

fn summary_table(rows: &[ProgressRow], framework: &thb_index::Framework) -> Table {
    const CATEGORIES: [ProgressCategory; 8] = ProgressCategory::ALL;
    let mut columns = vec![
        "unit".to_owned(),
        "pillar".to_owned(),
        "assessed".to_owned(),
    ];
    columns.extend(CATEGORIES.iter().map(|c| format!("share_{}", c.as_str())));
    let mut t = Table::new(columns);
    for s in summarise(rows, framework) {
        let mut row = vec![
            Cell::text(s.unit.as_str()),
            s.pillar
                .as_ref()
                .map_or(Cell::text("all"), |p| Cell::text(p.as_str())),
            Cell::Int(s.assessed() as i64),
        ];
        row.extend(CATEGORIES.iter().map(|c| Cell::num(s.share(*c))));
        t.push(row);
    }
    t
}
