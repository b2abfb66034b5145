//! The error type of `thb-monitor`.

use std::path::PathBuf;

use thb_model::{Issue, Location, ModelError, Period};

/// Everything that can go wrong while monitoring. Variants name the file, line, unit,
/// indicator or measure where they apply.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MonitorError {
    /// The data model reported a problem (lookup, validation, Decimal <-> f64 conversion).
    #[error(transparent)]
    Model {
        /// The cause.
        #[from]
        source: ModelError,
    },
    /// A parameter (threshold, cut-off, bound, lag) is outside what the method allows.
    #[error("invalid parameter `{name}` = {value}: {reason}")]
    InvalidParameter {
        /// The parameter's name.
        name: &'static str,
        /// Its value, as text.
        value: String,
        /// Why it is rejected.
        reason: String,
    },
    /// A comparison needs the later period after the earlier one.
    #[error("period {to} must come after period {from}")]
    PeriodOrder {
        /// The earlier period.
        from: Period,
        /// The later period.
        to: Period,
    },
    /// An indicator has a target but no period by which it should be met.
    #[error(
        "indicator `{indicator}` has a target but no target period (give one, e.g. `--target-period`)"
    )]
    TargetWithoutPeriod {
        /// The indicator.
        indicator: String,
    },
    /// A metric is undefined for these inputs (division by zero, too few points, ...).
    #[error("{metric} is undefined{}{}: {reason}", subject(.unit.as_deref(), "unit"), subject(.item.as_deref(), "for"))]
    Undefined {
        /// The metric's name.
        metric: &'static str,
        /// The unit concerned, if any.
        unit: Option<String>,
        /// The indicator, measure or series concerned, if any.
        item: Option<String>,
        /// Why.
        reason: String,
    },
    /// Inputs of the wrong shape (lengths that do not match, an empty table).
    #[error("{message}")]
    Shape {
        /// What is wrong.
        message: String,
    },
    /// A reader or a validation found problems; all of them are listed.
    #[error("{} problem(s) found:\n{}", issues.len(), render(issues))]
    Invalid {
        /// Every problem found, each with its location.
        issues: Vec<Issue>,
    },
    /// Reading or writing a file failed.
    #[error("cannot access `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Writing CSV output failed.
    #[error("cannot write CSV: {message}")]
    Write {
        /// What the writer said.
        message: String,
    },
    /// A JSON document could not be parsed or did not match the schema.
    #[error("{at}: {message}")]
    Json {
        /// Where (file, line and column of the JSON text).
        at: Location,
        /// What serde_json said.
        message: String,
    },
    /// Secondary suppression cannot protect a cell because its margin always reveals it
    /// (a table with a single row or column).
    #[error(
        "cell ({row}, {column}) cannot be protected: a published margin reveals it whatever else is suppressed"
    )]
    Unprotectable {
        /// The row label.
        row: String,
        /// The column label.
        column: String,
    },
}

fn subject(name: Option<&str>, what: &str) -> String {
    name.map(|n| format!(" {what} `{n}`")).unwrap_or_default()
}

fn render(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("  - {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl MonitorError {
    /// An [`MonitorError::InvalidParameter`].
    pub(crate) fn parameter(
        name: &'static str,
        value: impl ToString,
        reason: impl Into<String>,
    ) -> Self {
        Self::InvalidParameter {
            name,
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// An [`MonitorError::Undefined`] about `item`.
    pub(crate) fn undefined(
        metric: &'static str,
        item: Option<&str>,
        reason: impl Into<String>,
    ) -> Self {
        Self::Undefined {
            metric,
            unit: None,
            item: item.map(str::to_owned),
            reason: reason.into(),
        }
    }

    /// A [`MonitorError::Shape`].
    pub(crate) fn shape(message: impl Into<String>) -> Self {
        Self::Shape {
            message: message.into(),
        }
    }
}

/// `Result` with [`MonitorError`] as the default error.
pub type Result<T, E = MonitorError> = core::result::Result<T, E>;
