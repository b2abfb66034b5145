//! A small, strict CSV table reader shared by the CSV formats.

use std::path::Path;

use crate::error::{Location, ModelError, Result};
use crate::validate::{Issue, IssueKind};

/// A CSV table: header and rows with their 1-based line numbers (the header is line 1).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
    pub origin: Location,
}

impl Table {
    /// Position of a column by exact name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// Location of a cell.
    pub fn at(&self, line: u64, column: &str) -> Location {
        self.origin.clone().line(line).column(column)
    }
}

/// Reads a whole file as text.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Parses CSV text into a table. Strips a UTF-8 byte-order mark and surrounding spaces in
/// header names; reports empty input, empty or duplicate header names and ragged rows (all of
/// them) as one error.
pub(crate) fn parse_table(text: &str, origin: Location) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ModelError::Malformed {
            at: origin,
            message: "the file is empty: expected a header row".to_owned(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut issues = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                let mut at = origin.clone();
                at.line = line;
                issues.push(Issue::new(IssueKind::Layout, format!("unreadable CSV: {e}")).at(at));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let fields: Vec<String> = record.iter().map(|f| f.trim().to_owned()).collect();
        match &header {
            None => {
                let mut seen = std::collections::HashSet::new();
                for (i, h) in fields.iter().enumerate() {
                    if h.is_empty() {
                        issues.push(
                            Issue::new(
                                IssueKind::Layout,
                                format!("header column {} has no name", i + 1),
                            )
                            .at(origin.clone().line(line)),
                        );
                    } else if !seen.insert(h.clone()) {
                        issues.push(
                            Issue::new(
                                IssueKind::Duplicate,
                                format!("header names column `{h}` twice"),
                            )
                            .at(origin.clone().line(line).column(h.clone())),
                        );
                    }
                }
                header = Some(fields);
            }
            Some(h) => {
                if fields.len() == 1 && fields[0].is_empty() {
                    continue; // blank line
                }
                if fields.len() != h.len() {
                    issues.push(
                        Issue::new(
                            IssueKind::Layout,
                            format!(
                                "row has {} fields but the header has {}",
                                fields.len(),
                                h.len()
                            ),
                        )
                        .at(origin.clone().line(line)),
                    );
                    continue;
                }
                rows.push((line, fields));
            }
        }
    }
    if !issues.is_empty() {
        return Err(ModelError::Invalid { issues });
    }
    Ok(Table {
        header: header.unwrap_or_default(),
        rows,
        origin,
    })
}

/// `true` for the texts that mean "missing" in COINr-style tables.
pub(crate) fn is_na(s: &str) -> bool {
    s.is_empty() || s == "NA"
}
