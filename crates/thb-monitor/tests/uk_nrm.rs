//! The UK National Referral Mechanism child series (`../shared/data/uk_nrm`, Home Office, OGL
//! v3.0): identification funnel, decision rates, child share and trend.
//!
//! The CSVs are read here with a tiny test-only parser (the general adapters live in
//! thb-model). Expected values were computed by hand from the published figures (ratios of the
//! published counts; the OLS slope checked with an independent Python computation).
#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use std::collections::BTreeMap;

mod common;

use common::shared;
use thb_model::Period;
use thb_monitor::children::{UnknownAge, child_share_series};
use thb_monitor::funnel::Decisions;
use thb_monitor::series::Series;
use thb_monitor::trend::ols_trend;

type Rows = Vec<BTreeMap<String, String>>;

fn read(dir: &std::path::Path, file: &str) -> Rows {
    let mut r = csv::Reader::from_path(dir.join("data/uk_nrm").join(file)).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Yearly series of a decisions file (`Quarter == "Total"` rows) for one column.
fn yearly(rows: &Rows, column: &str) -> Series {
    Series::from_points(
        column,
        rows.iter().filter(|r| r["Quarter"] == "Total").map(|r| {
            (
                Period::Year(r["Year"].parse().unwrap()),
                r[column].parse::<f64>().unwrap(),
            )
        }),
    )
    .unwrap()
}

/// Quarterly referrals of an age group, all locations (`Location == "Total"`).
fn referrals(rows: &Rows, age: &str) -> Series {
    Series::from_points(
        age,
        rows.iter()
            .filter(|r| r["Age at exploitation"] == age && r["Location of exploitation"] == "Total")
            .map(|r| {
                let q: u8 = r["Quarter"].trim_start_matches('Q').parse().unwrap();
                (
                    Period::Quarter {
                        year: r["Year"].parse().unwrap(),
                        quarter: q,
                    },
                    r["NRM referrals"].parse::<f64>().unwrap(),
                )
            }),
    )
    .unwrap()
}

const CHILD: &str = "Child (17 or under)";
const ADULT: &str = "Adult (18 or over)";
const UNKNOWN: &str = "Age not specified or unknown";

fn child_decisions(dir: &std::path::Path) -> Decisions {
    let rg = read(dir, "nrm_reasonable_grounds.csv");
    let cg = read(dir, "nrm_conclusive_grounds.csv");
    let refs = read(dir, "nrm_referrals_longitudinal.csv");
    Decisions {
        referrals: referrals(&refs, CHILD).yearly_totals().unwrap(),
        rg_positive: yearly(&rg, &format!("{CHILD} - Positive reasonable grounds")),
        rg_total: yearly(&rg, &format!("{CHILD} - Total")),
        cg_positive: yearly(&cg, &format!("{CHILD} - Positive conclusive grounds")),
        cg_total: yearly(&cg, &format!("{CHILD} - Total")),
    }
}

#[test]
fn child_positive_rg_and_cg_rates_per_year() {
    let Some(dir) = shared() else { return };
    let rates = child_decisions(&dir).rates();
    let years: Vec<i32> = rates.iter().map(|r| r.period.year()).collect();
    assert_eq!(years, (2014..=2023).collect::<Vec<_>>());
    let at = |y| rates.iter().find(|r| r.period == Period::Year(y)).unwrap();
    // 2014: 633 positive of 718 RG decisions; 271 positive of 446 CG decisions
    assert_eq!(at(2014).positive_rg_rate, Some(633.0 / 718.0));
    assert_eq!(at(2014).positive_cg_rate, Some(271.0 / 446.0));
    // 2023: 4,610 of 6,241 (the fall after the 2023 RG threshold change is visible)
    assert_eq!(at(2023).positive_rg_rate, Some(4610.0 / 6241.0));
    assert!(at(2023).positive_rg_rate < at(2022).positive_rg_rate);
}

#[test]
fn child_identification_funnel() {
    let Some(dir) = shared() else { return };
    let d = child_decisions(&dir);
    // 2014 child referrals: the four quarters sum to 672
    assert_eq!(d.referrals.get(Period::Year(2014)), Some(672.0));
    assert_eq!(d.referrals.get(Period::Year(2023)), Some(7432.0));
    let funnel = d.funnel().unwrap();
    let rows = funnel.attrition(0);
    let y2019 = rows
        .iter()
        .find(|r| r.period == Period::Year(2019))
        .unwrap();
    let referral_to_rg = y2019.steps[0].as_ref().unwrap();
    // counts are whole numbers: exact comparison is meant
    assert_eq!(
        (referral_to_rg.from_count, referral_to_rg.to_count),
        (4548.0, 3988.0)
    );
    assert_eq!(referral_to_rg.rate, Some(3988.0 / 4548.0));
    let overall = y2019.overall.as_ref().unwrap();
    assert_eq!(overall.rate, Some(1475.0 / 4548.0));
    // with a one-year lag, 2015's positive RG decisions are compared with 2014's referrals
    let lagged = funnel.attrition(1);
    let y2015 = lagged
        .iter()
        .find(|r| r.period == Period::Year(2015))
        .unwrap();
    let s = y2015.steps[0].as_ref().unwrap();
    assert_eq!(
        (s.from_period, s.from_count, s.to_count),
        (Period::Year(2014), 672.0, 765.0)
    );
}

#[test]
fn child_referrals_trend_and_share() {
    let Some(dir) = shared() else { return };
    let refs = read(&dir, "nrm_referrals_longitudinal.csv");
    let child = referrals(&refs, CHILD).yearly_totals().unwrap();
    let (t, y): (Vec<f64>, Vec<f64>) = child
        .iter()
        .filter(|(p, _)| (2014..=2023).contains(&p.year()))
        .map(|(p, v)| (p.as_years(), v))
        .unzip();
    let fit = ols_trend(&t, &y).unwrap();
    // independent computation (Python, closed-form OLS): slope 811.9394, se 42.3975
    assert!(
        (fit.slope - 811.939_393_939_394).abs() < 1e-6,
        "{}",
        fit.slope
    );
    assert!(
        (fit.slope_se - 42.397_528_818_960_225).abs() < 1e-6,
        "{}",
        fit.slope_se
    );
    let adult = referrals(&refs, ADULT).yearly_totals().unwrap();
    let unknown = referrals(&refs, UNKNOWN).yearly_totals().unwrap();
    let known = child_share_series(&child, &adult, None, UnknownAge::Exclude).unwrap();
    let lower =
        child_share_series(&child, &adult, Some(&unknown), UnknownAge::InDenominator).unwrap();
    // 2023: 7,432 children, 8,622 adults, 950 of unknown age
    assert_eq!(
        known.get(Period::Year(2023)),
        Some(7432.0 / (7432.0 + 8622.0))
    );
    assert_eq!(
        lower.get(Period::Year(2023)),
        Some(7432.0 / (7432.0 + 8622.0 + 950.0))
    );
    // 2009 has only three quarters in the file (from Q2): no yearly total
    assert_eq!(child.get(Period::Year(2009)), None);
}
