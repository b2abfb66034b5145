//! `thb weights`: weights derived from the data (interfaces §3.5).

use std::path::Path;
use std::process::ExitCode;

use thb_index::model::{Direction, Matrix, NodeKind};
use thb_index::scoring::mcda::DecisionMatrix;
use thb_index::scoring::weighting::{Weigh, Weighting};
use thb_index::{Pipeline, Stage};

use crate::cli::WeightsArgs;
use crate::error::{CliError, Result};
use crate::input;
use crate::output::{Cell, Table, emit};

/// Derives weights within every parent at `--level` and prints `code,weight`.
pub fn run(args: &WeightsArgs) -> Result<ExitCode> {
    let common = &args.common;
    let inputs = input::load(common)?;
    let spec = input::spec(common, &inputs)?;
    let period = input::period(common, &inputs.dataset)?;
    let fw = &inputs.framework;
    if args.level == 0 || args.level >= fw.levels() {
        return Err(CliError::Usage(format!(
            "--level {}: weights exist for levels 1 to {} (the root has none)",
            args.level,
            fw.levels() - 1
        )));
    }
    let (method, pairwise_codes) = method(args)?;
    let result = Pipeline::new(fw, &inputs.dataset, &spec)?.run(period)?;
    // Indicators as they stand after treatment; aggregates as scored.
    let (data, codes) = if args.level == 1 {
        (result.stage(Stage::Treated), result.indicator_codes())
    } else {
        (result.scores(), result.codes())
    };
    let stage = if args.level == 1 {
        Stage::Treated
    } else {
        Stage::Aggregated
    };
    let unit_codes: Vec<&str> = result
        .stage_units(stage)
        .iter()
        .map(|&u| result.units()[u].code.as_str())
        .collect();
    let mut table = Table::new(["code", "weight"]);
    let mut dropped = Vec::new();
    for family in &fw.families()[args.level as usize - 1] {
        let children: Vec<&thb_index::Node> =
            family.children.iter().map(|&c| &fw.nodes()[c]).collect();
        let names: Vec<&str> = children.iter().map(|n| n.code.as_str()).collect();
        if let Some(codes) = &pairwise_codes
            && codes.iter().map(String::as_str).ne(names.iter().copied())
        {
            continue; // AHP judgements are about one family only
        }
        let cols: Vec<usize> = names
            .iter()
            .map(|n| {
                codes
                    .iter()
                    .position(|c| c == n)
                    .ok_or_else(|| CliError::Invalid(format!("no column for `{n}`")))
            })
            .collect::<Result<_>>()?;
        // Complete rows only: the methods compare units on every child.
        let rows: Vec<usize> = (0..data.nrows())
            .filter(|&i| cols.iter().all(|&j| data.get(i, j).is_some()))
            .collect();
        if rows.len() < data.nrows() {
            dropped.push(format!(
                "{} ({} of {} units)",
                fw.nodes()[family.parent].code,
                data.nrows() - rows.len(),
                data.nrows()
            ));
        }
        let m = Matrix::from_columns(
            rows.len(),
            cols.iter()
                .map(|&j| rows.iter().map(|&i| data.column(j)[i]).collect())
                .collect(),
        )?;
        let dirs: Vec<Direction> = children
            .iter()
            .map(|n| {
                if n.kind == NodeKind::Indicator {
                    n.direction
                } else {
                    Direction::Positive
                }
            })
            .collect();
        let dm = DecisionMatrix::new(&m, &dirs)?
            .with_labels(rows.iter().map(|&i| unit_codes[i]), names.iter().copied())?;
        let w = method.weigh(&dm).map_err(|e| {
            CliError::Invalid(format!(
                "weights of the children of `{}`: {e}",
                fw.nodes()[family.parent].code
            ))
        })?;
        for (name, w) in names.iter().zip(w) {
            table.push(vec![Cell::text(*name), Cell::Number(w)]);
        }
    }
    if table.rows.is_empty() {
        return Err(CliError::Invalid(
            "the pairwise matrix's codes are not the children of any aggregate at this level"
                .to_owned(),
        ));
    }
    if !dropped.is_empty() && !common.quiet {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "thb: units with a missing child were left out: {}",
                dropped.join(", ")
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

/// The method from `--method` (a name or JSON) and, for AHP, the judgements of `--pairwise`.
fn method(args: &WeightsArgs) -> Result<(Weighting, Option<Vec<String>>)> {
    let text = args.method.trim();
    if text == "ahp" {
        let path = args
            .pairwise
            .as_deref()
            .ok_or_else(|| CliError::Usage("--method ahp needs --pairwise FILE".to_owned()))?;
        let (codes, matrix) = read_pairwise(path)?;
        let json = serde_json::json!({ "ahp": { "pairwise": matrix } });
        let w: Weighting = serde_json::from_value(json)
            .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))?;
        return Ok((w, Some(codes)));
    }
    let json = if text.starts_with('{') {
        text.to_owned()
    } else {
        serde_json::Value::String(text.to_owned()).to_string()
    };
    let w: Weighting =
        serde_json::from_str(&json).map_err(|e| CliError::Usage(format!("--method: {e}")))?;
    Ok((w, None))
}

/// A pairwise comparison CSV: header `code,A,B,...` (or `A,B,...`), one row per code.
fn read_pairwise(path: &Path) -> Result<(Vec<String>, Vec<Vec<f64>>)> {
    let bad = |m: String| CliError::Invalid(format!("{}: {m}", path.display()));
    let mut r = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for (line, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| bad(e.to_string()))?;
        let cells: Vec<&str> = rec.iter().map(str::trim).collect();
        let numbers = if cells.len() == header.len()
            && cells.first().is_some_and(|c| c.parse::<f64>().is_err())
        {
            &cells[1..]
        } else {
            &cells[..]
        };
        let row = numbers
            .iter()
            .map(|c| {
                c.parse::<f64>()
                    .map_err(|_| bad(format!("line {}: `{c}` is not a number", line + 2)))
            })
            .collect::<Result<Vec<f64>>>()?;
        rows.push(row);
    }
    let codes = if header.len() == rows.len() + 1 {
        header[1..].to_vec()
    } else {
        header
    };
    if codes.len() != rows.len() || rows.iter().any(|r| r.len() != codes.len()) {
        return Err(bad(format!(
            "expected a square {0} x {0} matrix of the codes in the header",
            codes.len()
        )));
    }
    Ok((codes, rows))
}
