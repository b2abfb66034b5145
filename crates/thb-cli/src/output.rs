//! Tables and how they are written: aligned text, CSV, JSON or Markdown.
//!
//! A command builds a [`Table`]; [`emit`] renders it completely in memory first and only then
//! writes it, so that nothing reaches `--out` when anything failed.

use std::io::{IsTerminal, Write};
use std::path::Path;

use thb_index::model::numeric::to_decimal;

use crate::cli::Format;
use crate::error::{CliError, Result};

/// One cell of an output table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A computed number (written in the shortest form that round-trips, or rounded with
    /// `--decimals`).
    Number(f64),
    /// A whole number (ranks, counts).
    Int(i64),
    /// Missing: an empty cell.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    /// A number, or empty when `None`.
    pub fn num(x: Option<f64>) -> Self {
        x.map_or(Self::Empty, Self::Number)
    }
}

/// A table with a header.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows of cells, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        Self {
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// Renders numbers for one output.
#[derive(Debug, Clone, Copy)]
pub struct Numbers {
    /// `--decimals`.
    pub decimals: Option<u32>,
}

impl Numbers {
    fn render(self, cell: &Cell, column: &str) -> Result<String> {
        Ok(match cell {
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Empty => String::new(),
            Cell::Number(x) => match self.decimals {
                // `to_decimal` rounds half-to-even from the exact value: the one rounding rule.
                Some(dp) => {
                    let mut d = to_decimal(*x, self.decimals, "", column)
                        .map_err(|e| CliError::Invalid(format!("column `{column}`: {e}")))?;
                    d.rescale(dp); // fixed decimals: 91 shows as 91.00 with --decimals 2
                    d.to_string()
                }
                None if x.is_finite() => format!("{x}"),
                None => {
                    return Err(CliError::Invalid(format!(
                        "column `{column}`: non-finite value {x}"
                    )));
                }
            },
        })
    }
}

/// The format to use: the one asked for, else a table on a terminal and CSV otherwise.
pub fn resolve_format(asked: Option<Format>, out: Option<&Path>) -> Format {
    asked.unwrap_or_else(|| {
        if out.is_none() && std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Csv
        }
    })
}

/// Renders a table in a format.
pub fn render(table: &Table, format: Format, numbers: Numbers) -> Result<String> {
    if format == Format::Html {
        return Err(CliError::Usage(
            "--format html is for `thb report`; use table, csv, json or markdown".to_owned(),
        ));
    }
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&table.columns)
                .map(|(c, name)| numbers.render(c, name))
                .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<_>>()?;
    Ok(match format {
        Format::Csv => render_csv(&table.columns, &cells)?,
        Format::Json => render_json(table, &cells)?,
        Format::Markdown => render_markdown(table, &cells),
        Format::Table | Format::Html => render_aligned(table, &cells),
    })
}

fn render_csv(columns: &[String], cells: &[Vec<String>]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| CliError::Invalid(format!("cannot render CSV: {e}"));
    w.write_record(columns).map_err(csv_err)?;
    for row in cells {
        w.write_record(row).map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CliError::Invalid(format!("cannot render CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| CliError::Invalid(format!("cannot render CSV: {e}")))
}

fn render_json(table: &Table, cells: &[Vec<String>]) -> Result<String> {
    let rows: Vec<serde_json::Value> = table
        .rows
        .iter()
        .zip(cells)
        .map(|(row, text)| {
            let obj: serde_json::Map<String, serde_json::Value> = table
                .columns
                .iter()
                .zip(row.iter().zip(text))
                .map(|(name, (cell, t))| {
                    let v = match cell {
                        Cell::Empty => serde_json::Value::Null,
                        Cell::Text(s) => serde_json::Value::String(s.clone()),
                        Cell::Int(i) => serde_json::Value::from(*i),
                        // Numbers keep the rendered (possibly rounded) digits exactly.
                        Cell::Number(_) => t.parse::<serde_json::Number>().map_or_else(
                            |_| serde_json::Value::String(t.clone()),
                            serde_json::Value::Number,
                        ),
                    };
                    (name.clone(), v)
                })
                .collect();
            serde_json::Value::Object(obj)
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows)
        .map_err(|e| CliError::Invalid(format!("cannot render JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

fn render_markdown(table: &Table, cells: &[Vec<String>]) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut s = format!(
        "| {} |\n",
        table
            .columns
            .iter()
            .map(|c| esc(c))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let align: Vec<&str> = (0..table.columns.len())
        .map(|j| {
            if is_numeric_column(table, j) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    s.push_str(&format!("|{}|\n", align.join("|")));
    for row in cells {
        s.push_str(&format!(
            "| {} |\n",
            row.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    s
}

fn is_numeric_column(table: &Table, j: usize) -> bool {
    table
        .rows
        .iter()
        .all(|r| matches!(r.get(j), Some(Cell::Number(_) | Cell::Int(_) | Cell::Empty)))
}

fn render_aligned(table: &Table, cells: &[Vec<String>]) -> String {
    let n = table.columns.len();
    let mut width: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
    for row in cells {
        for (j, c) in row.iter().enumerate().take(n) {
            width[j] = width[j].max(c.chars().count());
        }
    }
    let numeric: Vec<bool> = (0..n).map(|j| is_numeric_column(table, j)).collect();
    let line = |row: &[String]| -> String {
        let parts: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, c)| {
                if numeric[j] {
                    format!("{c:>w$}", w = width[j])
                } else {
                    format!("{c:<w$}", w = width[j])
                }
            })
            .collect();
        parts.join("  ").trim_end().to_owned() + "\n"
    };
    let mut s = line(&table.columns);
    s.push_str(&line(
        &width.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
    ));
    for row in cells {
        s.push_str(&line(row));
    }
    s
}

/// Writes rendered output to `--out` or standard output.
pub fn write(text: &str, out: Option<&Path>) -> Result<()> {
    match out {
        Some(path) => std::fs::write(path, text).map_err(|source| CliError::Write {
            path: path.to_path_buf(),
            source,
        }),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Write {
                    path: "<stdout>".into(),
                    source: e,
                }),
                _ => Ok(()),
            }
        }
    }
}

/// Decimals shown by the aligned table format when `--decimals` is not given.
pub const TABLE_DECIMALS: u32 = 3;

/// Renders and writes a table as the command's output.
pub fn emit(
    table: &Table,
    format: Option<Format>,
    out: Option<&Path>,
    decimals: Option<u32>,
) -> Result<()> {
    write(&render_output(table, format, out, decimals)?, out)
}

/// Renders a table as [`emit`] would write it.
pub fn render_output(
    table: &Table,
    format: Option<Format>,
    out: Option<&Path>,
    decimals: Option<u32>,
) -> Result<String> {
    let format = resolve_format(format, out);
    // People read the aligned table: without --decimals it shows 3 decimals.
    let decimals = decimals.or((format == Format::Table).then_some(TABLE_DECIMALS));
    render(table, format, Numbers { decimals })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(["unit", "score", "rank"]);
        t.push(vec![Cell::text("AT"), Cell::Number(0.125), Cell::Int(1)]);
        t.push(vec![Cell::text("B|E"), Cell::Empty, Cell::Empty]);
        t
    }

    #[test]
    fn formats() {
        let t = sample();
        let n = Numbers { decimals: None };
        assert_eq!(
            render(&t, Format::Csv, n).unwrap(),
            "unit,score,rank\nAT,0.125,1\nB|E,,\n"
        );
        let r = render(&t, Format::Csv, Numbers { decimals: Some(2) }).unwrap();
        assert!(r.contains("AT,0.12,1"), "{r}");
        let j = render(&t, Format::Json, n).unwrap();
        assert!(
            j.contains("\"score\": 0.125") && j.contains("\"score\": null"),
            "{j}"
        );
        let m = render(&t, Format::Markdown, n).unwrap();
        assert!(m.contains("B\\|E") && m.contains("---:"), "{m}");
        assert!(render(&t, Format::Table, n).unwrap().lines().count() == 4);
    }
}
