//! The reference THB INDEX: its framework (embedded) and a seeded, clearly labelled
//! illustrative dataset for it.
//!
//! The framework follows the indicator catalogue of the project (`thb-domain.md` §3): the 4P
//! pillars Prevention, Protection, Prosecution and Partnership, a child / unaccompanied-minors
//! (UAM) sub-index, and context indicators (prevalence estimates, vulnerability, victim profile,
//! the US TIP tier) that are reported beside the score and never aggregated into it. Every
//! indicator cites its source and carries goalposts on its original scale.
//!
//! ```
//! let fw = thb_index::reference::framework()?;
//! assert_eq!(fw.root().code.as_str(), "THB");
//! assert_eq!(fw.children("THB").len(), 5);
//! let data = thb_index::reference::illustrative_dataset();
//! assert!(data.source().is_some_and(|s| s.contains("ILLUSTRATIVE")));
//! assert!(data.validate(&fw).is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod illustrative;

use std::collections::BTreeMap;

pub use illustrative::{
    ILLUSTRATIVE_LABEL, ILLUSTRATIVE_SEED, illustrative_dataset, illustrative_dataset_with_seed,
};
use thb_model::{Framework, ModelError, Node};
use thb_scoring::normalise::{GoalpostsNorm, LogGoalposts};
use thb_scoring::spec::Override;
use thb_scoring::{Aggregation, IndexSpec, Normalisation, ScoringError};

/// The reference framework as embedded JSON (schema 1), for front ends that show it.
pub const FRAMEWORK_JSON: &str = include_str!("framework.json");

/// How each reference indicator is normalised (the catalogue's normalisation codes):
/// `ORD5` 1-5 scores, `PCT` percentages, `BIN` 0/1, `RATIO` bounded ratios, `LEVEL2` 0/1/2
/// levels, `TIER` TIP tiers 1-4, all through fixed goalposts; `LOGMM` per-capita rates and
/// counts, through goalposts on the `ln(1 + x)` scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[non_exhaustive]
pub enum NormalisationCode {
    /// A 1-5 ordinal policy score: (x - 1) / 4 x 100.
    #[serde(rename = "ORD5")]
    Ord5,
    /// A percentage already on 0-100 (flipped for direction -1).
    #[serde(rename = "PCT")]
    Pct,
    /// A 0/1 indicator: 0 or 100.
    #[serde(rename = "BIN")]
    Bin,
    /// A bounded ratio: min(x, 1) x 100.
    #[serde(rename = "RATIO")]
    Ratio,
    /// A 0/1/2 level: x / 2 x 100.
    #[serde(rename = "LEVEL2")]
    Level2,
    /// A US TIP tier 1-4 (direction -1): (4 - x) / 3 x 100.
    #[serde(rename = "TIER")]
    Tier,
    /// A per-capita rate or count: ln(1 + x) between fixed goalposts.
    #[serde(rename = "LOGMM")]
    LogMinMax,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceFile {
    schema: u32,
    #[allow(dead_code)]
    // read for completeness of the schema; shown by front ends via FRAMEWORK_JSON
    name: String,
    #[allow(dead_code)]
    version: String,
    #[allow(dead_code)]
    description: String,
    normalisation_codes: BTreeMap<String, NormalisationCode>,
    nodes: Vec<Node>,
}

fn parse() -> Result<ReferenceFile, ModelError> {
    let file: ReferenceFile =
        serde_json::from_str(FRAMEWORK_JSON).map_err(|e| ModelError::Json {
            at: thb_model::Location::file("thb-index/src/reference/framework.json")
                .line(e.line() as u64)
                .column(e.column().to_string()),
            message: e.to_string(),
        })?;
    if file.schema != thb_model::SCHEMA_VERSION {
        return Err(ModelError::Malformed {
            at: thb_model::Location::file("thb-index/src/reference/framework.json"),
            message: format!("schema {} is not supported", file.schema),
        });
    }
    Ok(file)
}

/// The reference THB INDEX framework, validated.
///
/// # Errors
/// Never in a released crate (the embedded framework is tested); a [`ModelError`] if the
/// embedded JSON were broken.
pub fn framework() -> Result<Framework, ModelError> {
    Framework::new(parse()?.nodes)
}

/// The normalisation code of every reference indicator.
///
/// # Errors
/// As [`framework`].
pub fn normalisation_codes() -> Result<BTreeMap<String, NormalisationCode>, ModelError> {
    Ok(parse()?.normalisation_codes)
}

/// Share of a pillar's indicators (and of the index's pillars) that must be present for it to
/// be computed (the reference framework's coverage rule, `thb-domain.md` §2).
pub const COVERAGE_RULE: f64 = 2.0 / 3.0;

/// The reference pipeline spec: no imputation or treatment; every indicator normalised onto
/// 0-100 with its fixed goalposts (`LOGMM` indicators on the `ln(1 + x)` scale), direction
/// applied; arithmetic means at every level; a pillar (and the index) only when at least 2/3 of
/// its children are present.
///
/// ```
/// let spec = thb_index::reference::spec()?;
/// let fw = thb_index::reference::framework()?;
/// spec.check(&fw)?;
/// assert_eq!(spec.normalise_for("PT02").name(), "log_goalposts");
/// assert_eq!(spec.normalise_for("PV01").name(), "goalposts");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Never in a released crate (tested); a [`ScoringError`] if the embedded framework were broken.
pub fn spec() -> Result<IndexSpec, ScoringError> {
    let mut builder = IndexSpec::builder()
        .normalise(Normalisation::Goalposts(GoalpostsNorm::default()))
        .aggregate(vec![Aggregation::Arithmetic])
        .min_child_availability(Some(COVERAGE_RULE));
    for (code, norm) in normalisation_codes()? {
        if norm == NormalisationCode::LogMinMax {
            let o = Override {
                normalise: Some(Normalisation::LogGoalposts(LogGoalposts::default())),
                ..Override::default()
            };
            builder = builder.override_indicator(code, o);
        }
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use thb_model::Role;

    #[test]
    fn catalogue_shape() {
        let fw = framework().unwrap();
        let ind = fw.indicators();
        assert_eq!(ind.len(), 33);
        assert_eq!(ind.iter().filter(|n| n.role == Role::Context).count(), 7);
        assert!(
            ind.iter()
                .all(|n| n.source.is_some() && n.goalposts.is_some())
        );
        let codes = normalisation_codes().unwrap();
        assert!(ind.iter().all(|n| codes.contains_key(n.code.as_str())));
        for p in [
            "Prevention",
            "Protection",
            "Prosecution",
            "Partnership",
            "Children",
        ] {
            let w = fw.effective_weight(p).unwrap();
            assert!((w - 0.2).abs() < 1e-12, "{p}: {w}");
        }
    }
}
