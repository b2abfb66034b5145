//! Reports a person reads: one self-contained HTML page with SVG charts, or Markdown.
//!
//! A [`Report`] is assembled from a pipeline run ([`Report::builder`]) and holds every
//! section as plain data:
//!
//! * a summary and, for illustrative data, a banner that says so;
//! * the framework as a tree, with every indicator's direction, unit of measure, weights,
//!   normalisation and source;
//! * the ranking with every pillar and sub-index score, a bar chart of the index scores and a
//!   chart of the pillar scores per unit;
//! * rank uncertainty bands and sensitivity indices, when given ([`UncertaintyRow`],
//!   [`SensitivityRow`], e.g. read from the CSV of `thb uncertainty` and `thb sensitivity`);
//! * progress categories between two periods, when given (the rows of
//!   [`assess_dataset`](thb_monitor::progress::assess_dataset));
//! * a profile per unit: pillar ranks, strengths and weaknesses by indicator rank, and data
//!   gaps (missing, censored and imputed values);
//! * data coverage per unit ([`thb_monitor::coverage`]);
//! * the full provenance: data source and inputs, what each pipeline step did, the method of
//!   every node, imputed cells, screening and treatment reports, and the spec as JSON.
//!
//! [`Report::to_html`] renders one HTML file with inline CSS and inline SVG: no script, no font
//! file, nothing fetched from the network, so it opens offline and can be mailed as it is.
//! [`Report::to_markdown`] renders the same sections as Markdown tables (charts are left out).
//! Rendering is deterministic: the same inputs give the same bytes.
//!
//! ```
//! use thb_index::{reference, report::{Report, SensitivityRow}, Pipeline};
//! let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
//! let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
//! let report = Report::builder(&fw, &ds, &spec, &result)
//!     .input("data", "built-in illustrative dataset")
//!     .sensitivity(vec![SensitivityRow::new("weights", (0.4, 0.3, 0.5), (0.55, 0.45, 0.65))])
//!     .build()?;
//! let html = report.to_html();
//! assert!(html.contains("ILLUSTRATIVE data") && html.contains("<svg"));
//! assert!(!html.contains("<script"));
//! let md = report.to_markdown();
//! assert!(md.contains("| rank | unit | name | THB |"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod analysis;
mod document;
mod html;
mod markdown;
mod model;
mod svg;
#[cfg(test)]
mod xml_check;

pub use analysis::{SensitivityRow, UncertaintyRow};
pub use model::{
    Gap, GapKind, Label, NodeInfo, Profile, ProgressSection, RankingRow, Report, ReportBuilder,
    Standing, Step,
};

/// The output formats of a report.
///
/// ```
/// use thb_index::report::ReportFormat;
/// assert_eq!(ReportFormat::default(), ReportFormat::Html);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ReportFormat {
    /// One self-contained HTML page with SVG charts.
    #[default]
    Html,
    /// Markdown with pipe tables (no charts).
    Markdown,
}

impl Report {
    /// The report as one self-contained HTML page (inline CSS and SVG; no script, font file
    /// or network reference).
    ///
    /// ```
    /// # use thb_index::{reference, report::Report, Pipeline};
    /// # let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
    /// # let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
    /// let html = Report::builder(&fw, &ds, &spec, &result).build()?.to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_html(&self) -> String {
        html::render(&document::document(self))
    }

    /// The report as Markdown: the same sections, tables as pipe tables, charts left out.
    ///
    /// ```
    /// # use thb_index::{reference, report::Report, Pipeline};
    /// # let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
    /// # let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
    /// let md = Report::builder(&fw, &ds, &spec, &result).build()?.to_markdown();
    /// assert!(md.starts_with("# THB INDEX"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        markdown::render(&document::document(self))
    }

    /// The report in `format`.
    ///
    /// ```
    /// # use thb_index::{reference, report::{Report, ReportFormat}, Pipeline};
    /// # let (fw, ds, spec) = (reference::framework()?, reference::illustrative_dataset(), reference::spec()?);
    /// # let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
    /// let report = Report::builder(&fw, &ds, &spec, &result).build()?;
    /// assert_eq!(report.render(ReportFormat::Markdown), report.to_markdown());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self, format: ReportFormat) -> String {
        match format {
            ReportFormat::Html => self.to_html(),
            ReportFormat::Markdown => self.to_markdown(),
        }
    }
}

#[cfg(test)]
mod tests;
