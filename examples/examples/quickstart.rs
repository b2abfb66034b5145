//! The library in ten lines: read COINr tables, validate, score, print the ranking.
//!
//! Real data: COINr's ASEM example (`../shared/data/coinr_asem`). Run with
//! `cargo run -p thb-examples --example quickstart`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // examples talk to the person running them

use thb_examples::shared_data;
use thb_index::{IndexSpec, Period, Pipeline, model::io};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(shared) = shared_data()? else {
        return Ok(());
    };
    let dir = shared.join("data/coinr_asem");

    let framework = io::read_framework(dir.join("asem_imeta.csv"), None)?;
    let data = io::read_dataset(
        dir.join("asem_idata.csv"),
        &framework,
        None,
        Period::Year(0),
    )?;
    for problem in data.validate(&framework) {
        eprintln!("{problem}"); // every problem at once, with unit and indicator
    }
    let spec = IndexSpec::from_json(
        r#"{"impute": "column_mean", "normalise": {"min_max": {"low": 0, "high": 100}}}"#,
    )?;
    let result = Pipeline::new(&framework, &data, &spec)?.run_latest()?;
    for ((unit, rank), score) in result
        .kept_units()
        .zip(result.ranks())
        .zip(result.root_scores())
        .take(5)
    {
        println!(
            "{:<4} rank {:>2}  index {score:.2}",
            unit.code,
            rank.unwrap_or_default()
        );
    }
    println!("{} cells imputed", result.provenance().imputed.len());
    Ok(())
}
