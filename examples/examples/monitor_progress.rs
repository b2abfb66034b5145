//! Monitoring the reference THB INDEX over time: index and child/UAM sub-index per year, the
//! biggest movers, and Eurostat SDG progress categories per pillar.
//!
//! Data: the built-in ILLUSTRATIVE (synthetic) EU-27 panel 2019-2023. The reference spec
//! normalises with fixed goalposts, so scores compare across years. Run with
//! `cargo run -p thb-examples --example monitor_progress`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // examples talk to the person running them

use thb_index::monitor::progress::{
    EurostatThresholds, ProgressCategory, Targets, assess_dataset, summarise,
};
use thb_index::monitor::trend::{Bands, ols_trend, score_changes};
use thb_index::{Period, Pipeline, reference};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let framework = reference::framework()?;
    let data = reference::illustrative_dataset();
    let pipeline = Pipeline::new(&framework, &data, &reference::spec()?)?;
    let units: Vec<_> = data.units().iter().map(|u| u.code.clone()).collect();

    // Scores per year, every unit (missing where a unit has no score that year).
    let mut index = Vec::new();
    let mut children = Vec::new();
    for &period in data.periods() {
        let result = pipeline.run(period)?;
        let mut row = vec![f64::NAN; units.len()];
        let mut child = vec![f64::NAN; units.len()];
        for (k, u) in result
            .stage_units(thb_index::Stage::Aggregated)
            .into_iter()
            .enumerate()
        {
            row[u] = result.root_scores()[k];
            child[u] = result.score("Children").map_or(f64::NAN, |s| s[k]);
        }
        index.push(row);
        children.push(child);
    }
    let (first, last) = (0, data.periods().len() - 1);
    let mut changes = score_changes(
        &units,
        &index[first],
        &index[last],
        Bands {
            from: None,
            to: None,
        },
    )?;
    changes.sort_by_key(|c| std::cmp::Reverse(c.rank_change.unwrap_or(i64::MIN)));
    println!(
        "Biggest climbers {} -> {}:",
        data.periods()[first],
        data.periods()[last]
    );
    for c in changes.iter().take(3) {
        println!(
            "  {:<3} rank {:?} -> {:?}, score {:+.1}",
            c.unit,
            c.rank_from,
            c.rank_to,
            c.change.unwrap_or(f64::NAN)
        );
    }

    // The child / UAM sub-index over time: EU mean and its trend.
    let years: Vec<f64> = data.periods().iter().map(|p| p.as_years()).collect();
    let means: Vec<f64> = children
        .iter()
        .map(|c| thb_index::scoring::stats::mean(c).unwrap_or(f64::NAN))
        .collect();
    for (p, m) in data.periods().iter().zip(&means) {
        println!("  Children sub-index {p}: EU mean {m:.1} (units with enough data)");
    }
    let fit = ols_trend(&years, &means)?;
    println!(
        "  trend {:+.2} points per year (s.e. {:.2})",
        fit.slope, fit.slope_se
    );

    // Eurostat progress categories, summarised per pillar over all units.
    let rows = assess_dataset(
        &data,
        &framework,
        Period::Year(2019),
        Period::Year(2023),
        &Targets::new(),
        &EurostatThresholds::default(),
    )?;
    println!(
        "Indicators making significant progress (no targets: growth > 1 % a year), by pillar:"
    );
    for pillar in [
        "Prevention",
        "Protection",
        "Prosecution",
        "Partnership",
        "Children",
    ] {
        let summaries: Vec<_> = summarise(&rows, &framework)
            .into_iter()
            .filter(|s| s.pillar.as_ref().is_some_and(|p| p.as_str() == pillar))
            .collect();
        let assessed: usize = summaries.iter().map(|s| s.assessed()).sum();
        let progress: usize = summaries
            .iter()
            .map(|s| s.count(ProgressCategory::SignificantProgress))
            .sum();
        println!("  {pillar:<12} {progress:>3} of {assessed:>3} unit-indicator pairs");
    }
    println!("(ILLUSTRATIVE synthetic data: not real data about any country)");
    Ok(())
}
