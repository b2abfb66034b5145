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
    /// `true` for problems that do not stop scoring (coverage gaps: a unit or an indicator
    /// with no value in a period). Front ends show them; `thb validate` exits 0 when every
    /// problem is a warning.
    pub fn is_warning(&self) -> bool {
        self.kind == IssueKind::Coverage
    }

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

/// The most problems a reader lists one by one; beyond it, one summary problem says how many
/// more there were (a file with a million bad rows must not need a million messages).
///
/// ```
/// assert_eq!(thb_model::MAX_REPORTED_ISSUES, 1000);
/// ```
pub const MAX_REPORTED_ISSUES: usize = 1000;

/// Collects problems up to [`MAX_REPORTED_ISSUES`], then only counts them.
#[derive(Debug, Default)]
pub(crate) struct IssueList {
    issues: Vec<Issue>,
    more: usize,
}

impl IssueList {
    /// Records a problem (or only counts it once the list is full).
    pub(crate) fn push(&mut self, issue: Issue) {
        if self.issues.len() < MAX_REPORTED_ISSUES {
            self.issues.push(issue);
        } else {
            self.more += 1;
        }
    }

    /// Records the problem `make` builds, building it only while the list has room.
    pub(crate) fn push_with(&mut self, make: impl FnOnce() -> Issue) {
        if self.issues.len() < MAX_REPORTED_ISSUES {
            self.issues.push(make());
        } else {
            self.more += 1;
        }
    }

    /// Records every problem of `issues`.
    pub(crate) fn extend(&mut self, issues: impl IntoIterator<Item = Issue>) {
        for issue in issues {
            self.push(issue);
        }
    }

    /// Adds the problems (and the count of unlisted ones) of `other`.
    pub(crate) fn merge(&mut self, other: IssueList) {
        self.more += other.more;
        self.extend(other.issues);
    }

    /// The problems, with a final summary when some were only counted.
    pub(crate) fn into_vec(mut self) -> Vec<Issue> {
        if self.more > 0 {
            let at = self.issues.last().map(|i| i.at.clone()).unwrap_or_default();
            let mut at = at;
            at.line = None;
            at.column = None;
            self.issues.push(
                Issue::new(
                    IssueKind::Layout,
                    format!(
                        "{} more problem(s) not listed (only the first {MAX_REPORTED_ISSUES} are)",
                        self.more
                    ),
                )
                .at(at),
            );
        }
        self.issues
    }

    /// `Ok(value)` when nothing was recorded, else [`ModelError::Invalid`](crate::ModelError).
    pub(crate) fn finish<T>(self, value: T) -> crate::Result<T> {
        finish(value, self.into_vec())
    }
}
