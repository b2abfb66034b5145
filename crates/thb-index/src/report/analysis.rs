//! Uncertainty and sensitivity results as plain rows, and readers for the CSV files written by
//! `thb uncertainty` and `thb sensitivity` (`interfaces.md` §3.3), so that a report can show a
//! previous analysis.

use std::io::Read;

use thb_model::{Location, ModelError};

/// One unit's rank band from an uncertainty analysis (a row of the `thb uncertainty` CSV).
///
/// ```
/// use thb_index::report::UncertaintyRow;
/// let row = UncertaintyRow::new("AT").ranks(Some(3), Some(3.0), Some(3.4), Some(2.0), Some(6.0));
/// assert_eq!(row.q95_rank, Some(6.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UncertaintyRow {
    /// The unit code.
    pub unit: String,
    /// Rank in the nominal run (1 = best).
    pub nominal_rank: Option<u32>,
    /// Median rank over the runs.
    pub median_rank: Option<f64>,
    /// Mean rank over the runs.
    pub mean_rank: Option<f64>,
    /// 5 % quantile of the rank.
    pub q05_rank: Option<f64>,
    /// 95 % quantile of the rank.
    pub q95_rank: Option<f64>,
    /// Index score in the nominal run.
    pub nominal_score: Option<f64>,
    /// 5 % quantile of the index score.
    pub q05_score: Option<f64>,
    /// 95 % quantile of the index score.
    pub q95_score: Option<f64>,
}

impl UncertaintyRow {
    /// A row for `unit` with every figure missing.
    pub fn new(unit: impl Into<String>) -> Self {
        Self {
            unit: unit.into(),
            nominal_rank: None,
            median_rank: None,
            mean_rank: None,
            q05_rank: None,
            q95_rank: None,
            nominal_score: None,
            q05_score: None,
            q95_score: None,
        }
    }

    /// The same row with its rank figures: nominal, median, mean, 5 % and 95 % quantiles.
    #[must_use]
    pub fn ranks(
        mut self,
        nominal: Option<u32>,
        median: Option<f64>,
        mean: Option<f64>,
        q05: Option<f64>,
        q95: Option<f64>,
    ) -> Self {
        self.nominal_rank = nominal;
        self.median_rank = median;
        self.mean_rank = mean;
        self.q05_rank = q05;
        self.q95_rank = q95;
        self
    }

    /// The same row with its score figures: nominal, 5 % and 95 % quantiles.
    #[must_use]
    pub fn scores(mut self, nominal: Option<f64>, q05: Option<f64>, q95: Option<f64>) -> Self {
        self.nominal_score = nominal;
        self.q05_score = q05;
        self.q95_score = q95;
        self
    }

    pub(crate) fn numbers(&self) -> [(&'static str, Option<f64>); 7] {
        [
            ("median_rank", self.median_rank),
            ("mean_rank", self.mean_rank),
            ("q05_rank", self.q05_rank),
            ("q95_rank", self.q95_rank),
            ("nominal_score", self.nominal_score),
            ("q05_score", self.q05_score),
            ("q95_score", self.q95_score),
        ]
    }

    /// Reads the CSV of `thb uncertainty`: a header with at least `unit`, `nominal_rank`,
    /// `median_rank`, `mean_rank`, `q05_rank`, `q95_rank` (the score columns `nominal_score`,
    /// `q05_score`, `q95_score` and any other column are optional); an empty cell is missing.
    ///
    /// ```
    /// use thb_index::report::UncertaintyRow;
    /// let csv = "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank,nominal_score,q05_score,q95_score\n\
    ///            AT,1,1,1.4,1,3,71.5,66,74.25\nBE,,,,,,,,\n";
    /// let rows = UncertaintyRow::read_csv(csv.as_bytes(), "ua.csv")?;
    /// assert_eq!(rows[0].q95_rank, Some(3.0));
    /// assert_eq!(rows[1].median_rank, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ModelError::Malformed`] naming the file and line for a missing column or a ragged row;
    /// [`ModelError::InvalidNumber`] naming file, line, unit and column for a cell that is not a
    /// finite number (or not a whole rank for `nominal_rank`).
    pub fn read_csv(reader: impl Read, name: &str) -> Result<Vec<Self>, ModelError> {
        let mut table = Table::read(reader, name, &UNCERTAINTY_REQUIRED)?;
        let mut rows = Vec::new();
        while let Some(rec) = table.next_record()? {
            let unit = rec.text("unit")?.to_owned();
            let num = |c: &str| rec.number(c, &unit);
            rows.push(Self {
                nominal_rank: rec.rank("nominal_rank", &unit)?,
                median_rank: num("median_rank")?,
                mean_rank: num("mean_rank")?,
                q05_rank: num("q05_rank")?,
                q95_rank: num("q95_rank")?,
                nominal_score: num("nominal_score")?,
                q05_score: num("q05_score")?,
                q95_score: num("q95_score")?,
                unit,
            });
        }
        Ok(rows)
    }
}

const UNCERTAINTY_REQUIRED: [&str; 6] = [
    "unit",
    "nominal_rank",
    "median_rank",
    "mean_rank",
    "q05_rank",
    "q95_rank",
];

/// One factor's sensitivity indices (a row of the `thb sensitivity` CSV): first-order `s1`
/// (Saltelli 2010) and total-order `st` (Jansen 1999), with bootstrap 5-95 % bounds.
///
/// ```
/// use thb_index::report::SensitivityRow;
/// let row = SensitivityRow::new("weights", (0.42, 0.35, 0.5), (0.6, 0.52, 0.7));
/// assert_eq!(row.st, 0.6);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SensitivityRow {
    /// The factor's label.
    pub factor: String,
    /// First-order index.
    pub s1: f64,
    /// Its 5 % bootstrap bound.
    pub s1_low: f64,
    /// Its 95 % bootstrap bound.
    pub s1_high: f64,
    /// Total-order index.
    pub st: f64,
    /// Its 5 % bootstrap bound.
    pub st_low: f64,
    /// Its 95 % bootstrap bound.
    pub st_high: f64,
}

impl SensitivityRow {
    /// A row from `(s1, s1_low, s1_high)` and `(st, st_low, st_high)`.
    pub fn new(factor: impl Into<String>, s1: (f64, f64, f64), st: (f64, f64, f64)) -> Self {
        Self {
            factor: factor.into(),
            s1: s1.0,
            s1_low: s1.1,
            s1_high: s1.2,
            st: st.0,
            st_low: st.1,
            st_high: st.2,
        }
    }

    pub(crate) fn numbers(&self) -> [(&'static str, f64); 6] {
        [
            ("s1", self.s1),
            ("s1_low", self.s1_low),
            ("s1_high", self.s1_high),
            ("st", self.st),
            ("st_low", self.st_low),
            ("st_high", self.st_high),
        ]
    }

    /// Reads the CSV of `thb sensitivity`: `factor,s1,s1_low,s1_high,st,st_low,st_high` (other
    /// columns are ignored); every number is required.
    ///
    /// ```
    /// use thb_index::report::SensitivityRow;
    /// let csv = "factor,s1,s1_low,s1_high,st,st_low,st_high\nweights,0.4,0.3,0.5,0.6,0.5,0.7\n";
    /// let rows = SensitivityRow::read_csv(csv.as_bytes(), "sa.csv")?;
    /// assert_eq!(rows[0].factor, "weights");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`UncertaintyRow::read_csv`]; an empty number cell is an error here.
    pub fn read_csv(reader: impl Read, name: &str) -> Result<Vec<Self>, ModelError> {
        let mut table = Table::read(reader, name, &SENSITIVITY_COLUMNS)?;
        let mut rows = Vec::new();
        while let Some(rec) = table.next_record()? {
            let factor = rec.text("factor")?.to_owned();
            let num = |c: &str| rec.required(c, &factor);
            rows.push(Self {
                s1: num("s1")?,
                s1_low: num("s1_low")?,
                s1_high: num("s1_high")?,
                st: num("st")?,
                st_low: num("st_low")?,
                st_high: num("st_high")?,
                factor,
            });
        }
        Ok(rows)
    }
}

const SENSITIVITY_COLUMNS: [&str; 7] = [
    "factor", "s1", "s1_low", "s1_high", "st", "st_low", "st_high",
];

/// A CSV table read by header names.
struct Table<R> {
    reader: csv::Reader<R>,
    header: Vec<String>,
    name: String,
    record: csv::StringRecord,
}

impl<R: Read> Table<R> {
    fn read(reader: R, name: &str, required: &[&str]) -> Result<Self, ModelError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let at = Location::file(name).line(1);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| malformed(at.clone(), &e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_owned())
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .filter(|c| !header.iter().any(|h| h == *c))
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(ModelError::Malformed {
                at,
                message: format!("missing column(s) {}", missing.join(", ")),
            });
        }
        Ok(Self {
            reader,
            header,
            name: name.to_owned(),
            record: csv::StringRecord::new(),
        })
    }

    fn next_record(&mut self) -> Result<Option<Record<'_>>, ModelError> {
        let line = self.reader.position().line();
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| malformed(Location::file(&self.name).line(line), &e))?;
        Ok(more.then(|| Record {
            header: &self.header,
            record: &self.record,
            at: Location::file(&self.name).line(self.record.position().map_or(line, |p| p.line())),
        }))
    }
}

fn malformed(at: Location, e: &csv::Error) -> ModelError {
    ModelError::Malformed {
        at,
        message: e.to_string(),
    }
}

struct Record<'a> {
    header: &'a [String],
    record: &'a csv::StringRecord,
    at: Location,
}

impl Record<'_> {
    /// The cell of `column`, `None` when the column is absent or the cell is empty.
    fn cell(&self, column: &str) -> Option<&str> {
        let j = self.header.iter().position(|h| h == column)?;
        self.record.get(j).filter(|s| !s.is_empty())
    }

    fn text(&self, column: &str) -> Result<&str, ModelError> {
        self.cell(column).ok_or_else(|| ModelError::Malformed {
            at: self.at.clone().column(column),
            message: "empty cell".to_owned(),
        })
    }

    fn invalid(&self, column: &str, unit: &str, text: &str, reason: &'static str) -> ModelError {
        ModelError::InvalidNumber {
            at: self.at.clone().column(column),
            unit: unit.to_owned(),
            indicator: column.to_owned(),
            text: text.to_owned(),
            reason,
        }
    }

    fn number(&self, column: &str, unit: &str) -> Result<Option<f64>, ModelError> {
        self.cell(column)
            .map(|t| match t.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(self.invalid(column, unit, t, "not a finite number")),
            })
            .transpose()
    }

    fn required(&self, column: &str, unit: &str) -> Result<f64, ModelError> {
        self.number(column, unit)?
            .ok_or_else(|| self.invalid(column, unit, "", "a number is required"))
    }

    fn rank(&self, column: &str, unit: &str) -> Result<Option<u32>, ModelError> {
        self.cell(column)
            .map(|t| {
                t.parse::<u32>()
                    .ok()
                    .filter(|r| *r >= 1)
                    .ok_or_else(|| self.invalid(column, unit, t, "not a rank (1, 2, ...)"))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncertainty_errors_name_file_line_unit_and_column() {
        let csv = "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank\nAT,1,1,1,1,2\nBE,2,x,2,1,3\n";
        let e = UncertaintyRow::read_csv(csv.as_bytes(), "ua.csv")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("ua.csv:3") && e.contains("BE") && e.contains("median_rank"),
            "{e}"
        );
        let e = UncertaintyRow::read_csv("unit,nominal_rank\nAT,1\n".as_bytes(), "ua.csv")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("median_rank, mean_rank, q05_rank, q95_rank"),
            "{e}"
        );
        let e = UncertaintyRow::read_csv(
            "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank\nAT,0,1,1,1,NaN\n"
                .as_bytes(),
            "ua.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("nominal_rank"), "{e}");
        let ragged = "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank\nAT,1,1\n";
        assert!(UncertaintyRow::read_csv(ragged.as_bytes(), "ua.csv").is_err());
    }

    #[test]
    fn sensitivity_needs_every_number() {
        let csv = "factor,s1,s1_low,s1_high,st,st_low,st_high\nw,0.1,,0.2,0.3,0.2,0.4\n";
        let e = SensitivityRow::read_csv(csv.as_bytes(), "sa.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("s1_low") && e.contains("sa.csv:2"), "{e}");
        let csv = "factor,s1,s1_low,s1_high,st,st_low,st_high\nw,0.1,0,0.2,inf,0.2,0.4\n";
        assert!(SensitivityRow::read_csv(csv.as_bytes(), "sa.csv").is_err());
    }
}
