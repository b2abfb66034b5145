//! Collect-all validation: every problem found, each with its location, unit and indicator.

use std::fmt;

use crate::error::Location;

/// The category of a validation problem, for front ends that group or filter problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum IssueKind {
    /// A code appears twice where it must be unique.
    Duplicate,
    /// A reference (parent, denominator, indicator column, group) names nothing known.
    UnknownReference,
    /// The framework tree is broken: no root, several roots, a cycle, a skipped level.
    Structure,
    /// A weight is negative, not finite, or all siblings weigh 0.
    Weight,
    /// A field has a value outside what it allows (direction, level, type, goalposts, ...).
    BadValue,
    /// A number could not be read or is not finite.
    Number,
    /// The file's layout is wrong (header, ragged row, empty file).
    Layout,
    /// Data coverage: a unit or an indicator has no value at all.
    Coverage,
}

/// One problem found by a reader or by validation.
///
/// ```
/// use thb_model::{Issue, IssueKind, Location};
/// let issue = Issue::new(IssueKind::Duplicate, "unit `AUT` appears twice in period 2018")
///     .at(Location::file("data.csv").line(7))
///     .unit("AUT");
/// assert_eq!(issue.to_string(), "data.csv:7: unit `AUT`: unit `AUT` appears twice in period 2018");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Issue {
    /// The category.
    pub kind: IssueKind,
    /// Where it was found.
    pub at: Location,
    /// The unit concerned, if any.
    pub unit: Option<String>,
    /// The indicator or node concerned, if any.
    pub indicator: Option<String>,
    /// A sentence saying what is wrong.
    pub message: String,
}

impl Issue {
    /// A problem with no location yet.
    pub fn new(kind: IssueKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            at: Location::default(),
            unit: None,
            indicator: None,
            message: message.into(),
        }
    }

    /// The same problem at `at`.
    #[must_use]
    pub fn at(mut self, at: Location) -> Self {
        self.at = at;
        self
    }

    /// The same problem, concerning `unit`.
    #[must_use]
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    /// The same problem, concerning indicator or node `indicator`.
    #[must_use]
    pub fn indicator(mut self, indicator: impl Into<String>) -> Self {
        self.indicator = Some(indicator.into());
        self
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.at.is_unknown() {
            write!(f, "{}: ", self.at)?;
        }
        if let Some(unit) = &self.unit {
            write!(f, "unit `{unit}`: ")?;
        }
        if let Some(ind) = &self.indicator
            && !self.message.contains(&format!("`{ind}`"))
        {
            write!(f, "indicator `{ind}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Renders a list of issues, one per line (used by [`ModelError::Invalid`](crate::ModelError)).
pub(crate) fn render_issues(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("  - {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Turns a list of issues into `Ok(value)` when empty, `Err(ModelError::Invalid)` otherwise.
pub(crate) fn finish<T>(value: T, issues: Vec<Issue>) -> crate::Result<T> {
    if issues.is_empty() {
        Ok(value)
    } else {
        Err(crate::ModelError::Invalid { issues })
    }
}
