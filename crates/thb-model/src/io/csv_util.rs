//! A small, strict CSV table reader shared by the CSV formats.
//!
//! [`CsvRows`] streams the rows of a table (one reused record, so a million-row file needs no
//! million allocations); [`parse_table`] collects them for the small COINr tables.

use std::collections::HashSet;
use std::path::Path;

use crate::error::{Location, ModelError, Result};
use crate::validate::{Issue, IssueKind, IssueList};

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

/// Reads the dataset file at `path` with `read` (text, origin) and notes the file as its source.
pub(crate) fn read_dataset_file(
    path: &Path,
    read: impl FnOnce(&str, Location) -> Result<crate::Dataset>,
) -> Result<crate::Dataset> {
    let mut ds = read(&read_text(path)?, Location::file(path))?;
    ds.set_source(path.display().to_string());
    Ok(ds)
}

/// The text without a leading UTF-8 byte-order mark.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A streaming reader over the rows of a CSV table.
///
/// The header names are trimmed; rows are handed out as a reused [`csv::StringRecord`] whose
/// cells callers read through [`CsvRows::cell`] (trimmed). Blank lines are skipped; ragged
/// rows, empty or duplicate header names and unreadable records are collected as layout
/// problems, returned by [`CsvRows::into_issues`].
pub(crate) struct CsvRows<'a> {
    text: &'a str,
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
    header: Vec<String>,
    header_line: u64,
    origin: Location,
    line_offset: u64,
    issues: IssueList,
}

impl<'a> CsvRows<'a> {
    /// Opens `text` (a leading byte-order mark is ignored) and reads its header row.
    /// `line_offset` is added to every line number (for text that starts inside a file).
    ///
    /// # Errors
    /// [`ModelError::Malformed`] when the text holds no header row.
    pub fn open(text: &'a str, origin: Location, line_offset: u64) -> Result<Self> {
        let text = strip_bom(text);
        if text.trim().is_empty() {
            return Err(ModelError::Malformed {
                at: origin,
                message: "the file is empty: expected a header row".to_owned(),
            });
        }
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Self {
            text,
            reader,
            record: csv::StringRecord::new(),
            header: Vec::new(),
            header_line: 1 + line_offset,
            origin,
            line_offset,
            issues: IssueList::default(),
        };
        rows.read_header();
        Ok(rows)
    }

    fn read_header(&mut self) {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(true) if is_blank(&self.record) => continue,
                Ok(true) => break,
                Ok(false) => return,
                Err(e) => {
                    let at = self.line_at(e.position().map(csv::Position::line));
                    self.issues
                        .push(Issue::new(IssueKind::Layout, format!("unreadable CSV: {e}")).at(at));
                    return;
                }
            }
        }
        let line = self.current_line();
        self.header_line = line;
        let fields: Vec<String> = self.record.iter().map(|f| f.trim().to_owned()).collect();
        let mut seen = HashSet::new();
        for (i, h) in fields.iter().enumerate() {
            if h.is_empty() {
                self.issues.push(
                    Issue::new(
                        IssueKind::Layout,
                        format!("header column {} has no name", i + 1),
                    )
                    .at(self.origin.clone().line(line)),
                );
            } else if !seen.insert(h.as_str()) {
                self.issues.push(
                    Issue::new(
                        IssueKind::Duplicate,
                        format!("header names column `{h}` twice"),
                    )
                    .at(self.origin.clone().line(line).column(h.clone())),
                );
            }
        }
        self.header = fields;
    }

    fn line_at(&self, line: Option<u64>) -> Location {
        let mut at = self.origin.clone();
        at.line = line.map(|l| l + self.line_offset);
        at
    }

    /// The line the current record starts on. The CSV reader places a record after blank
    /// lines at the first blank line, so the line breaks before its first byte are counted.
    fn current_line(&self) -> u64 {
        let Some(pos) = self.record.position() else {
            return 0;
        };
        let start = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
        let blank = self
            .text
            .as_bytes()
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .filter(|b| **b == b'\n')
            .count();
        pos.line() + blank as u64 + self.line_offset
    }

    /// The trimmed header names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Position of a column by exact name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// Positions of the `names` columns, which `what` (e.g. "the long CSV") needs.
    ///
    /// # Errors
    /// [`ModelError::Invalid`] naming every missing column.
    pub fn require<const N: usize>(&self, names: [&str; N], what: &str) -> Result<[usize; N]> {
        let mut positions = [0; N];
        let mut issues = Vec::new();
        for (slot, name) in positions.iter_mut().zip(names) {
            match self.col(name) {
                Some(i) => *slot = i,
                None => issues.push(
                    Issue::new(IssueKind::Layout, format!("{what} needs a `{name}` column"))
                        .at(self.header_at().column(name)),
                ),
            }
        }
        crate::validate::finish(positions, issues)
    }

    /// Where the table comes from.
    pub fn origin(&self) -> &Location {
        &self.origin
    }

    /// Location of the header row.
    pub fn header_at(&self) -> Location {
        self.origin.clone().line(self.header_line)
    }

    /// The next well-formed row and its line number; blank lines are skipped, ragged rows
    /// recorded as problems and skipped.
    pub fn next_row(&mut self) -> Option<(u64, &csv::StringRecord)> {
        let mut failures = 0;
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) if is_blank(&self.record) => {}
                Ok(true) if self.record.len() != self.header.len() => {
                    let line = self.current_line();
                    let message = format!(
                        "row has {} fields but the header has {}",
                        self.record.len(),
                        self.header.len()
                    );
                    self.issues.push(
                        Issue::new(IssueKind::Layout, message).at(self.origin.clone().line(line)),
                    );
                }
                Ok(true) => return Some((self.current_line(), &self.record)),
                Err(e) => {
                    let at = self.line_at(e.position().map(csv::Position::line));
                    self.issues
                        .push(Issue::new(IssueKind::Layout, format!("unreadable CSV: {e}")).at(at));
                    failures += 1;
                    if failures > 100 {
                        return None; // the reader is stuck on the same broken input
                    }
                }
            }
        }
    }

    /// The layout problems found so far.
    pub fn into_issues(self) -> IssueList {
        self.issues
    }
}

/// The trimmed cell `i` of a record (empty when absent).
pub(crate) fn cell(record: &csv::StringRecord, i: usize) -> &str {
    let text = record.get(i).unwrap_or_default();
    match (text.as_bytes().first(), text.as_bytes().last()) {
        // Nothing to trim (the common case, checked without walking the text).
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.len() == 1 && record[0].trim().is_empty()
}

/// Parses CSV text into a table. Strips a UTF-8 byte-order mark and surrounding spaces in
/// header names and cells; reports empty input, empty or duplicate header names and ragged
/// rows (all of them) as one error.
pub(crate) fn parse_table(text: &str, origin: Location) -> Result<Table> {
    let mut csv = CsvRows::open(text, origin, 0)?;
    let mut rows = Vec::new();
    while let Some((line, record)) = csv.next_row() {
        rows.push((line, record.iter().map(|f| f.trim().to_owned()).collect()));
    }
    let header = csv.header().to_vec();
    let origin = csv.origin().clone();
    csv.into_issues().finish(Table {
        header,
        rows,
        origin,
    })
}

/// `true` for the texts that mean "missing" in COINr-style tables.
pub(crate) fn is_na(s: &str) -> bool {
    s.is_empty() || s == "NA"
}

/// The header row of CSV text, trimmed, or `None` when the text has none.
pub(crate) fn header_of(text: &str) -> Option<Vec<String>> {
    let text = strip_bom(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).ok()? {
        if !is_blank(&record) {
            return Some(record.iter().map(|f| f.trim().to_owned()).collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_rows_and_collects_layout_problems() {
        let text = "\u{feff}a, b\n1,2\n\n3\n4,5,6\n7,8\n";
        let mut csv = CsvRows::open(text, Location::file("t.csv"), 0).unwrap();
        assert_eq!(csv.header(), ["a", "b"]);
        let mut lines = Vec::new();
        while let Some((line, r)) = csv.next_row() {
            lines.push((line, cell(r, 1).to_owned()));
        }
        assert_eq!(lines, [(2, "2".to_owned()), (6, "8".to_owned())]);
        let issues = csv.into_issues().into_vec();
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0].at.line, Some(4));
        assert_eq!(issues[1].at.line, Some(5));
    }

    #[test]
    fn line_numbers_survive_blank_lines_and_crlf() {
        let text = "\r\na,b\r\n1,2\r\n\r\n\r\n3,4\r\n\"x\ny\",5\r\n6,7";
        let mut csv = CsvRows::open(text, Location::memory(), 10).unwrap();
        assert_eq!(csv.header_at().line, Some(12));
        let mut lines = Vec::new();
        while let Some((line, r)) = csv.next_row() {
            lines.push((line, cell(r, 1).to_owned()));
        }
        let want = [(13, "2"), (16, "4"), (17, "5"), (19, "7")].map(|(l, v)| (l, v.to_owned()));
        assert_eq!(lines, want);
    }

    #[test]
    fn header_problems_and_empty_text() {
        assert!(CsvRows::open(" \n", Location::memory(), 0).is_err());
        let Err(ModelError::Invalid { issues }) = parse_table("a,,a\n1,2,3\n", Location::memory())
        else {
            panic!("expected problems")
        };
        assert_eq!(issues.len(), 2);
        assert_eq!(header_of("\n\nx,y\n"), Some(vec!["x".into(), "y".into()]));
    }
}
