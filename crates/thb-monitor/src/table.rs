//! Small shared helpers for the crate's CSV readers: a parsed table whose rows know their line,
//! and cell parsers that collect every problem as an [`Issue`] with file, line and column.

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use thb_model::{Issue, IssueKind, Location, parse_decimal};

use crate::error::{MonitorError, Result};

/// Reads a whole text file.
pub(crate) fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| MonitorError::Io {
        path: path.to_owned(),
        source,
    })
}

/// A CSV table: a header and rows, each row with its 1-based line number (header = line 1).
pub(crate) struct CsvTable {
    origin: Location,
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl CsvTable {
    /// Parses CSV text (comma-separated, header row, optional double quotes, a UTF-8 BOM
    /// allowed). Ragged rows and unreadable records are reported, all of them.
    pub(crate) fn parse(text: &str, origin: Location) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let mut issues = Vec::new();
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_owned()).collect(),
            Err(e) => {
                return Err(MonitorError::Invalid {
                    issues: vec![
                        Issue::new(IssueKind::Layout, format!("unreadable header: {e}"))
                            .at(origin.line(1)),
                    ],
                });
            }
        };
        if header.iter().all(String::is_empty) {
            return Err(MonitorError::Invalid {
                issues: vec![Issue::new(IssueKind::Layout, "the file is empty").at(origin.line(1))],
            });
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map_or(0, csv::Position::line);
                    if r.len() != header.len() {
                        issues.push(
                            Issue::new(
                                IssueKind::Layout,
                                format!("{} fields, the header has {}", r.len(), header.len()),
                            )
                            .at(origin.clone().line(line)),
                        );
                        continue;
                    }
                    rows.push((line, r.iter().map(|s| s.trim().to_owned()).collect()));
                }
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    issues.push(
                        Issue::new(IssueKind::Layout, format!("unreadable record: {e}"))
                            .at(origin.clone().line(line)),
                    );
                }
            }
        }
        if !issues.is_empty() {
            return Err(MonitorError::Invalid { issues });
        }
        Ok(Self {
            origin,
            header,
            rows,
        })
    }

    /// Problems with the header: a required column missing, a column neither required nor
    /// optional, a column given twice.
    pub(crate) fn check_columns(&self, required: &[&str], optional: &[&str]) -> Vec<Issue> {
        let mut issues = Vec::new();
        let at = || self.origin.clone().line(1);
        for r in required {
            if !self.header.iter().any(|h| h == r) {
                issues
                    .push(Issue::new(IssueKind::Layout, format!("missing column `{r}`")).at(at()));
            }
        }
        for (i, h) in self.header.iter().enumerate() {
            if !required.contains(&h.as_str()) && !optional.contains(&h.as_str()) {
                issues.push(
                    Issue::new(
                        IssueKind::Layout,
                        format!(
                            "unknown column `{h}` (expected {})",
                            required
                                .iter()
                                .chain(optional)
                                .copied()
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .at(at()),
                );
            }
            if self.header[..i].contains(h) {
                issues.push(
                    Issue::new(IssueKind::Duplicate, format!("column `{h}` appears twice"))
                        .at(at()),
                );
            }
        }
        issues
    }

    /// The rows, in file order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, cells)| Row {
            table: self,
            line: *line,
            cells,
        })
    }

    /// The location of `line`, `column`.
    pub(crate) fn at(&self, line: u64, column: &str) -> Location {
        self.origin.clone().line(line).column(column)
    }
}

/// One row of a [`CsvTable`].
pub(crate) struct Row<'a> {
    table: &'a CsvTable,
    line: u64,
    cells: &'a [String],
}

impl Row<'_> {
    /// The 1-based line number.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// The non-empty cell of `column` (`NA` counts as empty), if the column exists.
    pub(crate) fn optional(&self, column: &str) -> Option<&str> {
        let i = self.table.header.iter().position(|h| h == column)?;
        let cell = self.cells[i].as_str();
        (!cell.is_empty() && cell != "NA").then_some(cell)
    }

    /// An issue at this row and `column`.
    pub(crate) fn issue(&self, column: &str, message: impl Into<String>) -> Issue {
        Issue::new(IssueKind::BadValue, message).at(self.table.at(self.line, column))
    }

    /// The required cell of `column`; a missing one is reported.
    pub(crate) fn required(&self, column: &str, issues: &mut Vec<Issue>) -> Option<&str> {
        let cell = self.optional(column);
        if cell.is_none() {
            issues.push(self.issue(column, format!("`{column}` is empty")));
        }
        cell
    }

    /// The required cell of `column` parsed with `FromStr`; problems are reported.
    pub(crate) fn parse<T>(&self, column: &str, issues: &mut Vec<Issue>) -> Option<T>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let text = self.required(column, issues)?;
        text.parse::<T>()
            .map_err(|e| issues.push(self.issue(column, format!("`{text}`: {e}"))))
            .ok()
    }

    /// The required cell of `column` as an exact decimal; problems are reported.
    pub(crate) fn exact(&self, column: &str, issues: &mut Vec<Issue>) -> Option<Decimal> {
        let text = self.required(column, issues)?;
        parse_decimal(text)
            .map_err(|e| issues.push(self.issue(column, format!("`{text}`: {e}"))))
            .ok()
    }

    /// The required cell of `column` as a kernel `f64` (read exactly, converted once by
    /// `thb_model::numeric::to_f64`); problems are reported.
    pub(crate) fn decimal(&self, column: &str, issues: &mut Vec<Issue>) -> Option<f64> {
        let d = self.exact(column, issues)?;
        thb_model::numeric::to_f64(d, "", column)
            .map_err(|e| issues.push(self.issue(column, e.to_string())))
            .ok()
    }
}
