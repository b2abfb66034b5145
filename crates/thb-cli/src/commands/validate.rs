//! `thb validate`: every problem in framework, data and spec, at once.

use std::process::ExitCode;

use thb_index::model::{Issue, ModelError};

use crate::cli::Common;
use crate::error::{CliError, Result};
use crate::input;
use crate::output::{Cell, Table, emit};

/// Checks everything it can and prints one row per problem.
pub fn run(common: &Common) -> Result<ExitCode> {
    let issues: Vec<Issue> = match input::load(common) {
        Ok(inputs) => inputs.dataset.validate(&inputs.framework),
        Err(CliError::Model(ModelError::Invalid { issues })) => issues,
        Err(e) => return Err(e),
    };
    let mut table = Table::new([
        "severity",
        "kind",
        "file",
        "line",
        "column",
        "unit",
        "indicator",
        "message",
    ]);
    for i in &issues {
        table.push(vec![
            Cell::text(if i.is_warning() { "warning" } else { "error" }),
            Cell::text(format!("{:?}", i.kind).to_lowercase()),
            i.at.file
                .as_ref()
                .map_or(Cell::Empty, |f| Cell::text(f.display().to_string())),
            i.at.line.map_or(Cell::Empty, |l| Cell::Int(l as i64)),
            i.at.column.clone().map_or(Cell::Empty, Cell::Text),
            i.unit.clone().map_or(Cell::Empty, Cell::Text),
            i.indicator.clone().map_or(Cell::Empty, Cell::Text),
            Cell::text(i.message.clone()),
        ]);
    }
    if issues.is_empty() {
        if !common.quiet {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("thb: framework and data are valid");
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    emit(&table, common.format, common.out.as_deref(), None)?;
    let errors = issues.iter().filter(|i| !i.is_warning()).count();
    if errors == 0 {
        if !common.quiet {
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "thb: valid, with {} warning(s) about data coverage",
                    issues.len()
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    Err(CliError::Problems(errors))
}
