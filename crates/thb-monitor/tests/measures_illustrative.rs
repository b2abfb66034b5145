//! The illustrative measures registry `examples/data/measures_illustrative.json`: it loads,
//! is labelled illustrative everywhere, and the overlap analysis finds exactly the duplicates
//! planted in it (listed in its description), no more.
#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test
#![cfg(feature = "serde")]

use std::path::PathBuf;

use thb_monitor::best_practice::rank_by_effectiveness;
use thb_monitor::measures::{Pillar, Registry};
use thb_monitor::overlap::{OverlapThresholds, Relation, analyse};

fn registry() -> Registry {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data/measures_illustrative.json");
    Registry::read_json(&path).unwrap()
}

/// The planted duplicate pairs, as the registry's description states them.
const PLANTED: [(&str, &str); 5] = [
    ("M05", "M17"),
    ("M09", "M21"),
    ("M09", "M28"),
    ("M13", "M30"),
    ("M21", "M28"),
];

#[test]
fn labelled_illustrative_everywhere() {
    let reg = registry();
    assert!(reg.measures.len() >= 30);
    assert!(reg.illustrative);
    let description = reg.description.as_deref().unwrap_or_default();
    assert!(description.starts_with("ILLUSTRATIVE DATA"));
    for m in &reg.measures {
        assert!(m.illustrative, "{}", m.id);
        assert!(
            m.description
                .as_deref()
                .is_some_and(|d| d.starts_with("Illustrative:")),
            "{}",
            m.id
        );
        assert!(m.actor.contains("(fictional)"), "{}", m.id);
    }
    for (a, b) in PLANTED {
        assert!(description.contains(a) && description.contains(b));
    }
}

#[test]
fn finds_exactly_the_planted_duplicates() {
    let reg = registry();
    let report = analyse(&reg, &OverlapThresholds::default()).unwrap();
    let found: Vec<(&str, &str)> = report
        .duplications()
        .map(|p| (p.a.as_str(), p.b.as_str()))
        .collect();
    let mut found = found;
    found.sort();
    assert_eq!(found, PLANTED);
    let clusters: Vec<Vec<&str>> = report
        .clusters
        .iter()
        .map(|c| c.iter().map(|id| id.as_str()).collect())
        .collect();
    assert_eq!(
        clusters,
        vec![
            vec!["M05", "M17"],
            vec!["M09", "M21", "M28"],
            vec!["M13", "M30"]
        ]
    );
    for p in report.duplications() {
        // goals, activities, target groups similar; places shared; periods overlap
        assert!(p.reasons.len() >= 5, "{:?}", p.reasons);
    }
    // the planted near misses are overlaps or nothing, never duplicates
    let relation = |a: &str, b: &str| {
        report
            .pairs
            .iter()
            .find(|p| p.a.as_str() == a && p.b.as_str() == b)
            .map(|p| p.relation)
    };
    assert_eq!(relation("M05", "M06"), Some(Relation::Overlap));
    assert_eq!(relation("M15", "M21"), Some(Relation::Overlap));
    assert_eq!(relation("M05", "M31"), None);
    assert_eq!(relation("M17", "M31"), None);
}

#[test]
fn fragmentation_of_child_protection_in_greece() {
    let reg = registry();
    let report = analyse(&reg, &OverlapThresholds::default()).unwrap();
    let need = report
        .needs
        .iter()
        .find(|n| {
            n.pillar == Pillar::Protection
                && n.target_group.as_str() == "uam"
                && n.country.as_str() == "GRC"
        })
        .unwrap();
    let ids: Vec<&str> = need.measures.iter().map(|m| m.as_str()).collect();
    assert_eq!(ids, ["M05", "M06", "M17", "M31"]);
    assert!(need.fragmented);
    assert_eq!(need.share_basis, "budget (EUR)");
    // budgets 900,000 + 120,000 + 1,200,000 + 80,000 = 2,300,000 EUR, four actors
    let hhi =
        (9.0f64.powi(2) + 1.2f64.powi(2) + 12.0f64.powi(2) + 0.8f64.powi(2)) / 23.0f64.powi(2);
    assert!((need.hhi - hhi).abs() < 1e-12, "{} vs {hhi}", need.hhi);
}

#[test]
fn effectiveness_ranking() {
    let reg = registry();
    let rows = rank_by_effectiveness(&reg, None).unwrap();
    let row = |id: &str| rows.iter().find(|r| r.id.as_str() == id).unwrap();
    // M02: 290 of 300 inspectors trained by 2023, budget 220,000 EUR
    assert!((row("M02").achievement.unwrap() - 290.0 / 300.0).abs() < 1e-12);
    assert_eq!(row("M02").rank, Some(1));
    let (cost, currency) = row("M02").cost_per_output.clone().unwrap();
    assert!((cost - 220_000.0 / 290.0).abs() < 1e-9);
    assert_eq!(currency, "EUR");
    // M11: share reintegrated 20 % -> 44 % of a planned 60 %: (44 - 20) / (60 - 20)
    assert!((row("M11").achievement.unwrap() - 0.6).abs() < 1e-12);
    assert_eq!(row("M11").cost_per_output, None); // an outcome indicator, not an output
    assert_eq!(row("M01").rank, None);
    assert_eq!(row("M01").note, "no results framework");
    assert!((row("M02").dac_mean.unwrap() - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
}
