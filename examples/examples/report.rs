//! Write the HTML and Markdown reports of the reference THB INDEX on its built-in, ILLUSTRATIVE
//! (synthetic) data, with progress between 2019 and 2023, and print where they are. Open the
//! HTML file in any browser: it needs no network. Run with
//! `cargo run -p thb-examples --example report`.
//!
//! The command line does the same with `thb report --from 2019 --to 2023 --out report.html`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // examples talk to the person running them

use thb_index::model::Period;
use thb_index::monitor::progress::{EurostatThresholds, Targets, assess_dataset};
use thb_index::report::Report;
use thb_index::{Pipeline, reference};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let framework = reference::framework()?;
    let data = reference::illustrative_dataset();
    let spec = reference::spec()?;
    let result = Pipeline::new(&framework, &data, &spec)?.run_latest()?;

    let (from, to) = (Period::Year(2019), Period::Year(2023));
    let progress = assess_dataset(
        &data,
        &framework,
        from,
        to,
        &Targets::new(),
        &EurostatThresholds::default(),
    )?;

    let report = Report::builder(&framework, &data, &spec, &result)
        .input("framework", "thb_index::reference::framework()")
        .input("data", "thb_index::reference::illustrative_dataset()")
        .progress(from, to, progress)
        .build()?;

    let dir = std::env::temp_dir().join("thb-report-example");
    std::fs::create_dir_all(&dir)?;
    let html = dir.join("thb_reference_report.html");
    let markdown = dir.join("thb_reference_report.md");
    std::fs::write(&html, report.to_html())?;
    std::fs::write(&markdown, report.to_markdown())?;

    println!(
        "{} ranked {} units for {} (ILLUSTRATIVE data).",
        report.index.name,
        report.ranking.iter().filter(|r| r.rank.is_some()).count(),
        report.period
    );
    println!("HTML report:     {}", html.display());
    println!("Markdown report: {}", markdown.display());
    Ok(())
}
