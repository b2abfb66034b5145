//! The 3P Anti-trafficking Policy Index panel (Cho, Dreher & Neumayer), tidy version
//! `cho_3p_index/cho_3p_index_tidy_2000_2013.csv`: one row per country-year.
//!
//! Mapping (units: `iso3`, named by `country`; periods: `year`):
//!
//! | source column | indicator | values |
//! |---|---|---|
//! | `prosecution` | `P3_PROS` | 1-5 |
//! | `protection` | `P3_PROT` | 1-5 |
//! | `prevention` | `P3_PREV` | 1-5 |
//! | `p3_total` | `P3_TOTAL` | 3-15 as published: the sum of the *available* sub-scores |
//! | `tip_tier_code` (+ `tip_tier_label`, checked) | `TIP_TIER` | 1 Tier 1, 2 Tier 2, 3 Tier 2 Watch List (source 2.5), 4 Tier 3 (source 3); source 555 (not in report) = not available, 666 (special case) = not applicable |
//! | `criminalization_level` | `CRIM_LEVEL` | 0 none, 1 partial, 2 full |
//!
//! An empty cell stays missing. Haiti 2009 has `prevention` empty but `p3_total` = 4: the
//! adapter keeps `P3_PREV` missing and the published total as it is; never a 0.
//! `cow_num` and `cow_abb` (Correlates of War codes, not ISO) are not used.
//!
//! [`framework`] describes these columns: the three sub-scores are scored children of the
//! root `P3`; total, tier and criminalisation are context indicators.

use std::path::Path;

use rust_decimal::Decimal;

use super::bounded;
use crate::dataset::Dataset;
use crate::error::{Location, Result};
use crate::framework::{Direction, Framework, Goalposts, Node};
use crate::id::{Code, Period};
use crate::io::csv_util::{CsvRows, cell, read_dataset_file};
use crate::io::panel::{OnDuplicate, PanelBuilder, Place};
use crate::observation::{ObsStatus, Observation, parse_decimal};
use crate::validate::{Issue, IssueKind, IssueList};

/// The citation of the 3P data (also the `source` of the sub-scores in [`framework`]).
///
/// ```
/// assert!(thb_model::io::adapters::cho_3p::CITATION.starts_with("Cho"));
/// ```
pub const CITATION: &str = "Cho, S.-Y., Dreher, A., Neumayer, E. (2014), Determinants of Anti-Trafficking Policies: Evidence from a New Index, Scandinavian Journal of Economics 116(2); merged panel by J. G. Kelley (2017), Scorecard Diplomacy";

/// Indicator codes, in column order: prosecution, protection, prevention, total, TIP tier,
/// criminalisation.
///
/// ```
/// use thb_model::io::adapters::cho_3p;
/// assert_eq!(cho_3p::CODES[2], "P3_PREV");
/// ```
pub const CODES: [&str; 6] = [
    "P3_PROS",
    "P3_PROT",
    "P3_PREV",
    "P3_TOTAL",
    "TIP_TIER",
    "CRIM_LEVEL",
];

/// The root of [`framework`].
///
/// ```
/// assert_eq!(thb_model::io::adapters::cho_3p::framework()?.root().code.as_str(), thb_model::io::adapters::cho_3p::ROOT);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const ROOT: &str = "P3";

/// (source column, lowest, highest) of the numeric columns, in the order of [`CODES`]
/// (the tier at position 4 is recoded separately).
const NUMERIC: [(&str, i64, i64); 6] = [
    ("prosecution", 1, 5),
    ("protection", 1, 5),
    ("prevention", 1, 5),
    ("p3_total", 3, 15),
    ("tip_tier_code", 1, 4),
    ("criminalization_level", 0, 2),
];

/// The framework of the adapted columns: `P3` = prosecution + protection + prevention (equal
/// weights, goalposts 1 and 5); total, TIP tier (higher is worse) and criminalisation as
/// context indicators.
///
/// ```
/// let fw = thb_model::io::adapters::cho_3p::framework()?;
/// assert_eq!(fw.root().code.as_str(), "P3");
/// assert_eq!(fw.children("P3").len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// None in practice (the framework is fixed); the `Result` is that of [`Framework::new`].
pub fn framework() -> Result<Framework> {
    let score = |code: &str, name: &str| -> Result<Node> {
        Ok(Node::indicator(code, ROOT)?
            .name(name)
            .unit("score 1-5")
            .source(CITATION)
            .goalposts(Goalposts::new(1.0, 5.0)?))
    };
    Framework::new(vec![
        score(CODES[0], "3P prosecution")?,
        score(CODES[1], "3P protection")?,
        score(CODES[2], "3P prevention")?,
        Node::context(CODES[3], None)?
            .name("3P total as published (sum of available sub-scores)")
            .unit("score 3-15")
            .source(CITATION),
        Node::context(CODES[4], None)?
            .name("US TIP report tier (1 Tier 1, 2 Tier 2, 3 Watch List, 4 Tier 3)")
            .direction(Direction::Negative)
            .unit("tier")
            .source("US Department of State, Trafficking in Persons Report, via Kelley (2017)"),
        Node::context(CODES[5], None)?
            .name("Criminalisation of trafficking (0 none, 1 partial, 2 full)")
            .unit("level 0-2")
            .source("Kelley (2017)"),
        Node::aggregate(ROOT, 2, None)?.name("3P anti-trafficking policy index"),
    ])
}

/// Reads the tidy 3P panel file.
///
/// ```no_run
/// let ds = thb_model::io::adapters::cho_3p::read("../shared/data/cho_3p_index/cho_3p_index_tidy_2000_2013.csv")?;
/// assert_eq!(ds.units().len(), 189);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Io`] when the file cannot be read; otherwise as [`read_str`].
pub fn read(path: impl AsRef<Path>) -> Result<Dataset> {
    read_dataset_file(path.as_ref(), read_str)
}

/// Reads the tidy 3P panel from text; `origin` names the source in messages.
///
/// ```
/// use thb_model::{io::adapters::cho_3p, Location, ObsStatus, Period};
/// let text = "iso3,cow_num,cow_abb,country,year,prosecution,protection,prevention,p3_total,tip_tier_code,tip_tier_label,criminalization_level\n\
///     HTI,41,HAI,Haiti,2009,2,2,,4,666.0,special_case,0\n";
/// let ds = cho_3p::read_str(text, Location::memory())?;
/// let prev = ds.get("HTI", "P3_PREV", Period::Year(2009)).map(|o| o.status.clone());
/// assert_eq!(prev, Some(ObsStatus::NotAvailable)); // missing, never 0
/// let tier = ds.get("HTI", "TIP_TIER", Period::Year(2009)).map(|o| o.status.clone());
/// assert_eq!(tier, Some(ObsStatus::NotApplicable));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::ModelError::Malformed`] for an empty text; [`crate::ModelError::Invalid`] listing
/// every problem: a missing column, a ragged row, a bad ISO3 code or year, a value that is not
/// a number in its range, an unknown tier code or a tier label that does not match its code, a
/// country name that changes, a country-year given twice; each with line, column, unit and
/// indicator.
pub fn read_str(text: &str, origin: Location) -> Result<Dataset> {
    let mut csv = CsvRows::open(text, origin.clone(), 0)?;
    let [iso, country, year, label] = csv.require(
        ["iso3", "country", "year", "tip_tier_label"],
        "the 3P tidy panel",
    )?;
    let numeric = csv.require(NUMERIC.map(|(c, _, _)| c), "the 3P tidy panel")?;
    let at = |line: u64, column: &str| origin.clone().line(line).column(column);
    let mut issues = IssueList::default();
    let mut panel = PanelBuilder::new(origin.clone(), Place::Line);
    for code in CODES {
        panel.declare_column(Code::new(code)?)?;
    }
    while let Some((line, row)) = csv.next_row() {
        let unit_text = cell(row, iso);
        let names = (unit_text, cell(row, country));
        let Some(unit) = panel.named_unit(line, names, ("iso3", "country"), &mut issues) else {
            continue;
        };
        let period = match cell(row, year).parse::<Period>() {
            Ok(p) => panel.period(p)?,
            Err(e) => {
                issues.push(
                    Issue::new(IssueKind::BadValue, e.to_string())
                        .at(at(line, "year"))
                        .unit(unit_text),
                );
                continue;
            }
        };
        for (k, (&col, (name, lo, hi))) in numeric.iter().zip(NUMERIC).enumerate() {
            let text = cell(row, col);
            let obs = if name == "tip_tier_code" {
                tier(text, cell(row, label))
            } else {
                bounded(text, lo, hi)
            };
            match obs {
                Ok(obs) => panel.push(unit, k as u32, period, line, obs),
                Err(message) => issues.push(
                    Issue::new(IssueKind::Number, format!("`{text}`: {message}"))
                        .at(at(line, name))
                        .unit(unit_text)
                        .indicator(CODES[k]),
                ),
            }
        }
    }
    issues.merge(csv.into_issues());
    Ok(panel.finish(OnDuplicate::Report, issues)?.0)
}

/// Recodes a `tip_tier_code` (1, 2, 2.5, 3, 555, 666, empty) to the ordinal 1-4 scale and
/// checks its `tip_tier_label`.
fn tier(code: &str, label: &str) -> std::result::Result<Observation, String> {
    let value = |v: i64| ObsStatus::Value(Decimal::from(v));
    let (status, expected) = if code.is_empty() {
        (ObsStatus::NotAvailable, "")
    } else {
        let d = parse_decimal(code).map_err(|e| e.reason().to_owned())?;
        let half_steps = d * Decimal::TWO;
        match half_steps.normalize().to_string().as_str() {
            "2" => (value(1), "Tier 1"),
            "4" => (value(2), "Tier 2"),
            "5" => (value(3), "Tier 2 Watch List"),
            "6" => (value(4), "Tier 3"),
            "1110" => (ObsStatus::NotAvailable, "not_in_report"),
            "1332" => (ObsStatus::NotApplicable, "special_case"),
            _ => {
                return Err(
                    "not a tier code (1, 2, 2.5, 3, 555 not in report, 666 special case)"
                        .to_owned(),
                );
            }
        }
    };
    if label != expected {
        return Err(format!(
            "the label `{label}` does not go with this code (expected `{expected}`)"
        ));
    }
    Ok(Observation {
        status,
        flags: crate::Flags::NONE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_recode_and_labels_are_checked() {
        let v = |c, l| tier(c, l).map(|o| o.status);
        assert_eq!(
            v("2.5", "Tier 2 Watch List"),
            Ok(ObsStatus::Value(Decimal::from(3)))
        );
        assert_eq!(v("3.0", "Tier 3"), Ok(ObsStatus::Value(Decimal::from(4))));
        assert_eq!(v("555.0", "not_in_report"), Ok(ObsStatus::NotAvailable));
        assert_eq!(v("", ""), Ok(ObsStatus::NotAvailable));
        assert!(v("2.0", "Tier 3").is_err());
        assert!(v("7", "Tier 7").is_err());
    }
}
