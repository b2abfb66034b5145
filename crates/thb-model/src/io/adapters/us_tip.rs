//! US Trafficking in Persons (TIP) report tier placements,
//! `us_tip_tiers/map_tiers_1999_2015.csv` (columns `countryname, iso, year, ccode, tier`).
//!
//! Mapping (units: `iso` (ISO3), named by `countryname`; periods: `year`):
//!
//! | source column | indicator | values |
//! |---|---|---|
//! | `tier` | `TIP_TIER` | 1 Tier 1, 2 Tier 2, 3 Tier 2 Watch List, 4 Tier 3 (the source's own ordinal coding, also used by [`super::cho_3p`]); `NA` = not ranked or not in the report: not available |
//!
//! Higher is worse. `ccode` (Correlates of War number) is not used. [`framework`] describes
//! the column as the one scored indicator of a root `TIP`.

use std::path::Path;

use super::bounded;
use crate::dataset::Dataset;
use crate::error::{Location, Result};
use crate::framework::{Direction, Framework, Goalposts, Node};
use crate::id::Code;
use crate::io::csv_util::{CsvRows, cell, read_dataset_file};
use crate::io::panel::{BadCell, OnDuplicate, PanelBuilder, Place, RowCells, RowColumns};
use crate::validate::IssueList;

/// Where the key cells are reported.
const COLUMNS: RowColumns = RowColumns {
    unit: "iso",
    name: "countryname",
    indicator: "tier",
    period: "year",
};

/// The indicator code of the tier.
///
/// ```
/// assert_eq!(thb_model::io::adapters::us_tip::TIER, "TIP_TIER");
/// ```
pub const TIER: &str = "TIP_TIER";

/// The root of [`framework`].
///
/// ```
/// assert_eq!(thb_model::io::adapters::us_tip::ROOT, "TIP");
/// ```
pub const ROOT: &str = "TIP";

/// The framework of the adapted column: `TIP_TIER` (higher is worse, goalposts 1 and 4) as
/// the one scored child of the root `TIP`.
///
/// ```
/// use thb_model::{io::adapters::us_tip, Direction};
/// let fw = us_tip::framework()?;
/// assert_eq!(fw.node(us_tip::TIER).map(|n| n.direction), Some(Direction::Negative));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// None in practice (the framework is fixed); the `Result` is that of [`Framework::new`].
pub fn framework() -> Result<Framework> {
    Framework::new(vec![
        Node::indicator(TIER, ROOT)?
            .name("US TIP report tier (1 Tier 1, 2 Tier 2, 3 Watch List, 4 Tier 3)")
            .direction(Direction::Negative)
            .unit("tier")
            .goalposts(Goalposts::new(1.0, 4.0)?)
            .source("US Department of State, Trafficking in Persons Report, via Heiss & Kelley"),
        Node::aggregate(ROOT, 2, None)?.name("US TIP tier placement"),
    ])
}

/// Reads the tier table file.
///
/// ```no_run
/// let ds = thb_model::io::adapters::us_tip::read("../shared/data/us_tip_tiers/map_tiers_1999_2015.csv")?;
/// assert_eq!(ds.units().len(), 193);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Io`] when the file cannot be read; otherwise as [`read_str`].
pub fn read(path: impl AsRef<Path>) -> Result<Dataset> {
    read_dataset_file(path.as_ref(), read_str)
}

/// Reads the tier table from text; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::adapters::us_tip, Location, Period};
/// let text = "countryname,iso,year,ccode,tier\nAfghanistan,AFG,2001,700,NA\nAfghanistan,AFG,2002,700,4\n";
/// let ds = us_tip::read_str(text, Location::memory())?;
/// assert_eq!(ds.get("AFG", "TIP_TIER", Period::Year(2002)).and_then(|o| o.value()), Some(4.into()));
/// assert!(ds.get("AFG", "TIP_TIER", Period::Year(2001)).is_some_and(|o| o.value().is_none()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Malformed`] for an empty text; [`crate::ModelError::Invalid`] listing
/// every problem: a missing column, a ragged row, a bad ISO3 code or year, a tier other than
/// 1-4 or `NA`, a country name that changes, a country-year given twice; each with line,
/// column and unit.
pub fn read_str(text: &str, origin: Location) -> Result<Dataset> {
    let mut csv = CsvRows::open(text, origin.clone(), 0)?;
    let [name, iso, year, tier] =
        csv.require(["countryname", "iso", "year", "tier"], "the TIP tier table")?;
    let mut issues = IssueList::default();
    let mut panel = PanelBuilder::new(origin.clone(), Place::Line);
    panel.declare_column(Code::new(TIER)?)?;
    while let Some((line, row)) = csv.next_row() {
        let text = cell(row, tier);
        let obs = bounded(text, 1, 4)
            .and_then(|o| match o.value() {
                Some(v) if !v.fract().is_zero() => Err("a tier is a whole number 1-4".to_owned()),
                _ => Ok(o),
            })
            .map_err(|reason| BadCell {
                reason: reason.into(),
                column: "tier",
                text,
            });
        let cells = RowCells {
            line,
            unit: cell(row, iso),
            name: cell(row, name),
            indicator: TIER,
            period: cell(row, year),
        };
        panel.push_row(COLUMNS, cells, obs, &mut issues)?;
    }
    issues.merge(csv.into_issues());
    Ok(panel.finish(OnDuplicate::Report, issues)?.0)
}
