//! Children in the UK National Referral Mechanism: identification funnel, decision rates, the
//! child share of referrals and the trend of child referrals.
//!
//! Real data: UK Home Office NRM statistics (OGL v3.0), read from `../shared/data/uk_nrm` with
//! the `uk_nrm` adapter. Run with
//! `cargo run -p thb-examples --example monitor_uk_nrm_children`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // examples talk to the person running them

use thb_examples::shared_data;
use thb_index::model::Period;
use thb_index::model::io::adapters::uk_nrm;
use thb_index::monitor::children::{UnknownAge, child_share_series};
use thb_index::monitor::funnel::Decisions;
use thb_index::monitor::series::Series;
use thb_index::monitor::trend::ols_trend;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(shared) = shared_data()? else {
        return Ok(());
    };
    let ds = uk_nrm::read_series(shared.join("data/uk_nrm"))?;
    let series = |code: &str| Series::from_dataset(&ds, uk_nrm::UNIT, code);
    // Referrals are quarterly; decisions are read per quarter too: sum to years.
    let yearly = |code: &str| -> Result<Series, Box<dyn std::error::Error>> {
        Ok(series(code)?.yearly_totals()?)
    };
    let children = Decisions {
        referrals: yearly("NRM_REF_CHILD")?,
        rg_positive: yearly("NRM_RG_CHILD_POS")?,
        rg_total: yearly("NRM_RG_CHILD")?,
        cg_positive: yearly("NRM_CG_CHILD_POS")?,
        cg_total: yearly("NRM_CG_CHILD")?,
    };

    println!(
        "Child referrals -> positive reasonable grounds -> positive conclusive grounds (same year)"
    );
    println!(
        "{:<6} {:>9} {:>9} {:>9} {:>8} {:>8}",
        "year", "referred", "RG+", "CG+", "RG+ rate", "CG+ rate"
    );
    let rates = children.rates();
    for row in children.funnel()?.attrition(0) {
        let count = |s: &Series| {
            s.get(row.period)
                .map_or("-".to_owned(), |v| format!("{v:.0}"))
        };
        let r = rates.iter().find(|r| r.period == row.period);
        let pct = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{:.1}%", 100.0 * v));
        println!(
            "{:<6} {:>9} {:>9} {:>9} {:>8} {:>8}",
            row.period.to_string(),
            count(&children.referrals),
            count(&children.rg_positive),
            count(&children.cg_positive),
            pct(r.and_then(|r| r.positive_rg_rate)),
            pct(r.and_then(|r| r.positive_cg_rate)),
        );
    }

    let adults = yearly("NRM_REF_ADULT")?;
    let unknown = yearly("NRM_REF_AGE_UNKNOWN")?;
    let share = child_share_series(
        &children.referrals,
        &adults,
        Some(&unknown),
        UnknownAge::Exclude,
    )?;
    if let Some((p, s)) = share.latest() {
        println!(
            "\nChildren's share of referrals of known age in {p}: {:.1}%",
            100.0 * s
        );
    }
    let (t, y): (Vec<f64>, Vec<f64>) = children
        .referrals
        .iter()
        .filter(|(p, _)| *p >= Period::Year(2014))
        .map(|(p, v)| (p.as_years(), v))
        .unzip();
    let fit = ols_trend(&t, &y)?;
    println!(
        "Trend of child referrals since 2014: {:+.0} per year (standard error {:.0}).",
        fit.slope, fit.slope_se
    );
    println!("Caution: referral counts measure identification effort, not prevalence.");
    Ok(())
}
