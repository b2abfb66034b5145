//! `thb score`: the index, every node's score and the rank (interfaces §3.1).

use std::io::IsTerminal;
use std::process::ExitCode;

use thb_index::{Framework, IndexResult, Stage};

use crate::cli::{Format, ScoreArgs};
use crate::error::Result;
use crate::input;
use crate::output::{Cell, Table, emit, resolve_format};

/// Scores and writes the chosen stage.
pub fn run(args: &ScoreArgs) -> Result<ExitCode> {
    let (inputs, result) = input::score(&args.common)?;
    let stage = input::stage(args.stage);
    let format = resolve_format(args.common.format, args.common.out.as_deref());
    let table = if stage == Stage::Aggregated && format == Format::Table {
        ranked_summary(&inputs.framework, &result)
    } else {
        stage_table(&result, stage)
    };
    emit(
        &table,
        Some(format),
        args.common.out.as_deref(),
        args.common.decimals,
    )?;
    if inputs.builtin && !args.common.quiet && std::io::stderr().is_terminal() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "thb: scores of the reference THB INDEX on ILLUSTRATIVE synthetic data, period {}",
                result.period()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The MUST table: one row per unit in input order, one column per node (or per indicator
/// before aggregation), then the rank.
fn stage_table(result: &IndexResult, stage: Stage) -> Table {
    let aggregated = stage == Stage::Aggregated;
    let codes = if aggregated {
        result.codes()
    } else {
        result.indicator_codes()
    };
    let mut columns = vec!["unit".to_owned()];
    columns.extend(codes.iter().cloned());
    if aggregated {
        columns.push("rank".to_owned());
    }
    let mut table = Table::new(columns);
    let data = result.stage(stage);
    for (row, &u) in result.stage_units(stage).iter().enumerate() {
        let mut cells = vec![Cell::text(result.units()[u].code.as_str())];
        cells.extend((0..codes.len()).map(|j| Cell::num(data.get(row, j))));
        if aggregated {
            cells.push(result.ranks()[row].map_or(Cell::Empty, |r| Cell::Int(i64::from(r))));
        }
        table.push(cells);
    }
    table
}

/// What a person reads on a terminal: units by rank, with the index and the pillar scores.
fn ranked_summary(framework: &Framework, result: &IndexResult) -> Table {
    let root = framework.root();
    let pillars: Vec<&str> = framework
        .children(root.code.as_str())
        .iter()
        .map(|n| n.code.as_str())
        .filter(|c| !c.is_empty())
        .collect();
    let mut columns = vec![
        "rank".to_owned(),
        "unit".to_owned(),
        "name".to_owned(),
        root.code.to_string(),
    ];
    columns.extend(pillars.iter().map(|p| (*p).to_owned()));
    let mut table = Table::new(columns);
    let mut order: Vec<usize> = (0..result.ranks().len()).collect();
    order.sort_by_key(|&i| (result.ranks()[i].unwrap_or(u32::MAX), i));
    let kept: Vec<usize> = result.stage_units(Stage::Aggregated);
    for i in order {
        let unit = &result.units()[kept[i]];
        let mut cells = vec![
            result.ranks()[i].map_or(Cell::Empty, |r| Cell::Int(i64::from(r))),
            Cell::text(unit.code.as_str()),
            Cell::text(unit.label()),
            Cell::num(result.root_scores().get(i).copied().filter(|v| !v.is_nan())),
        ];
        for p in &pillars {
            cells.push(Cell::num(
                result
                    .score(p)
                    .and_then(|s| s.get(i).copied())
                    .filter(|v| !v.is_nan()),
            ));
        }
        table.push(cells);
    }
    table
}
