//! The error type of `thb-model` and the source location attached to problems.

use std::fmt;
use std::path::PathBuf;

/// Where in an input a problem was found: file, line (1-based, the header is line 1) and column.
///
/// Every field is optional because data can also be built in memory.
///
/// ```
/// use thb_model::Location;
/// let at = Location::file("data.csv").line(3).column("value");
/// assert_eq!(at.to_string(), "data.csv:3 (column `value`)");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Location {
    /// The file, when the data came from one.
    pub file: Option<PathBuf>,
    /// The 1-based line number (the header is line 1).
    pub line: Option<u64>,
    /// The column or field name.
    pub column: Option<String>,
}

impl Location {
    /// A location in `file`, with no line yet.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            file: Some(file.into()),
            ..Self::default()
        }
    }

    /// A location with no file (data built in memory).
    pub fn memory() -> Self {
        Self::default()
    }

    /// The same location at `line`.
    #[must_use]
    pub fn line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// The same location at `column`.
    #[must_use]
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// `true` when nothing is known about the location.
    pub fn is_unknown(&self) -> bool {
        self.file.is_none() && self.line.is_none() && self.column.is_none()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            wrote = true;
        }
        if let Some(line) = self.line {
            if wrote {
                write!(f, ":{line}")?;
            } else {
                write!(f, "line {line}")?;
            }
            wrote = true;
        }
        if let Some(column) = &self.column {
            if wrote {
                write!(f, " ")?;
            }
            write!(f, "(column `{column}`)")?;
            wrote = true;
        }
        if !wrote {
            write!(f, "<memory>")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in `thb-model`.
///
/// Variants name the file, line, unit and indicator where they apply. Collect-all validation
/// returns [`ModelError::Invalid`] holding every [`Issue`](crate::Issue) found.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A code (indicator, node, unit or group) does not have the allowed form.
    #[error("invalid {what} code `{code}`: {reason}")]
    InvalidCode {
        /// What kind of code: "node", "unit", ...
        what: &'static str,
        /// The offending text.
        code: String,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// A period could not be parsed.
    #[error("invalid period `{text}`: expected a year such as 2021 or a quarter such as 2021-Q3")]
    InvalidPeriod {
        /// The offending text.
        text: String,
    },
    /// A number could not be parsed or is not finite.
    #[error("{at}: unit `{unit}`, indicator `{indicator}`: {reason} (`{text}`)")]
    InvalidNumber {
        /// Where.
        at: Location,
        /// The unit of the cell, if known.
        unit: String,
        /// The indicator of the cell, if known.
        indicator: String,
        /// The offending text.
        text: String,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// A value cannot be represented in the target type (Decimal <-> f64).
    #[error(
        "unit `{unit}`, indicator `{indicator}`: value {value} cannot be represented as {target}"
    )]
    NotRepresentable {
        /// The unit of the cell.
        unit: String,
        /// The indicator of the cell.
        indicator: String,
        /// The value, as text.
        value: String,
        /// The type it could not become.
        target: &'static str,
    },
    /// Input that is not well-formed (empty file, bad header, ragged row, ...).
    #[error("{at}: {message}")]
    Malformed {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// Validation found one or more problems; all of them are listed.
    #[error("{} problem(s) found:\n{}", issues.len(), crate::validate::render_issues(issues))]
    Invalid {
        /// Every problem found.
        issues: Vec<crate::Issue>,
    },
    /// Reading a file failed.
    #[error("cannot read `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A JSON document could not be parsed or did not match the schema.
    #[error("{at}: {message}")]
    Json {
        /// Where (file, line and column of the JSON text).
        at: Location,
        /// What serde_json said.
        message: String,
    },
    /// A lookup named something that does not exist.
    #[error("unknown {what} `{code}`")]
    Unknown {
        /// What kind of thing: "indicator", "unit", "period", "group column", ...
        what: &'static str,
        /// The name that was looked up.
        code: String,
    },
}

/// `Result` with [`ModelError`] as the default error.
pub type Result<T, E = ModelError> = core::result::Result<T, E>;
