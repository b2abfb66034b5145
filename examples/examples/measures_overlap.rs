//! Counter-trafficking measures: which ones duplicate each other, and which work best.
//!
//! Uses the ILLUSTRATIVE registry `examples/data/measures_illustrative.json` (33 made-up measures
//! with planted duplicates). Run with `cargo run -p thb-examples --example measures_overlap`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // examples talk to the person running them

use std::path::Path;

use thb_index::monitor::best_practice::rank_by_effectiveness;
use thb_index::monitor::measures::Registry;
use thb_index::monitor::overlap::{OverlapThresholds, analyse};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/measures_illustrative.json");
    let registry = Registry::read_json(&path)?;
    println!(
        "{} measures (illustrative: {})",
        registry.measures.len(),
        registry.illustrative
    );

    let report = analyse(&registry, &OverlapThresholds::default())?;
    println!("\nDuplicated measures (GAO: same activities, beneficiaries, goals, place and time):");
    for cluster in &report.clusters {
        let ids: Vec<&str> = cluster.iter().map(|c| c.as_str()).collect();
        println!("  {}", ids.join(" = "));
    }
    for pair in report.duplications() {
        println!("  {} / {}: {}", pair.a, pair.b, pair.reasons.join("; "));
    }

    println!("\nMost effective measures (share of planned change achieved):");
    let mut rows = rank_by_effectiveness(&registry, None)?;
    rows.retain(|r| r.rank.is_some());
    rows.sort_by_key(|r| r.rank);
    for r in rows.iter().take(5) {
        println!(
            "  {} {:<5} achievement {:>5.1}%",
            r.rank.unwrap_or_default(),
            r.id.as_str(),
            100.0 * r.achievement.unwrap_or_default()
        );
    }
    Ok(())
}
