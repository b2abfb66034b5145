//! The UNODC GLOTIP export (`../shared/data/unodc_glotip`, Europe subset, local tests only):
//! a criminal-justice funnel with lags, and safe publication of a table with `<5` cells.
//!
//! Test-only parsing with the csv crate; values go through `Observation::parse` (thousands
//! separators, `<5` kept censored). Expected ratios are the published counts divided by hand.
#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

mod common;

use common::{derivable_cells, shared};
use thb_model::{Observation, Period};
use thb_monitor::disclosure::{Count, CountTable, Margin, Published, SuppressionRule, protect};
use thb_monitor::funnel::Funnel;
use thb_monitor::series::Series;

struct Row {
    iso3: String,
    indicator: String,
    dimension: String,
    category: String,
    sex: String,
    age: String,
    year: i32,
    value: Observation,
}

fn rows() -> Option<Vec<Row>> {
    let dir = shared()?;
    let path = dir.join("data/unodc_glotip/data_glotip_2023-05-30_europe.csv");
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (iso, ind, dim, cat, sex, age, year, val) = (
        col("Iso3_code"),
        col("Indicator"),
        col("Dimension"),
        col("Category"),
        col("Sex"),
        col("Age"),
        col("Year"),
        col("txtVALUE"),
    );
    Some(
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                Row {
                    iso3: rec[iso].to_owned(),
                    indicator: rec[ind].to_owned(),
                    dimension: rec[dim].to_owned(),
                    category: rec[cat].to_owned(),
                    sex: rec[sex].to_owned(),
                    age: rec[age].to_owned(),
                    year: rec[year].parse().unwrap(),
                    value: Observation::parse(&rec[val], "").unwrap(),
                }
            })
            .collect(),
    )
}

fn is_total(r: &Row) -> bool {
    r.dimension == "Total" && r.category == "Total" && r.sex == "Total" && r.age == "Total"
}

/// Exact yearly totals of one indicator for one country (censored years left out).
fn series(rows: &[Row], iso3: &str, indicator: &str, stage: &str) -> Series {
    Series::from_points(
        stage,
        rows.iter()
            .filter(|r| r.iso3 == iso3 && r.indicator == indicator && is_total(r))
            .filter_map(|r| {
                let v = r.value.value()?;
                Some((Period::Year(r.year), v.to_string().parse::<f64>().unwrap()))
            }),
    )
    .unwrap()
}

#[test]
fn criminal_justice_funnel_germany() {
    let Some(rows) = rows() else { return };
    let funnel = Funnel::criminal_justice(
        series(
            &rows,
            "DEU",
            "Persons brought into formal contact",
            "suspected",
        ),
        series(&rows, "DEU", "Persons prosecuted", "prosecuted"),
        series(&rows, "DEU", "Persons convicted", "convicted"),
    )
    .unwrap();
    let rate = |s: &Option<thb_monitor::funnel::Step>| s.as_ref().and_then(|s| s.rate);
    // 2019: 472 brought into formal contact, 81 prosecuted, 65 convicted
    let same = funnel.attrition(0);
    let y2019 = same
        .iter()
        .find(|r| r.period == Period::Year(2019))
        .unwrap();
    assert_eq!(rate(&y2019.steps[0]), Some(81.0 / 472.0));
    assert_eq!(rate(&y2019.steps[1]), Some(65.0 / 81.0));
    assert_eq!(rate(&y2019.overall), Some(65.0 / 472.0));
    // one-year lag: 2019 against 2018 (602 in formal contact, 96 prosecuted)
    let lagged = funnel.attrition(1);
    let y2019 = lagged
        .iter()
        .find(|r| r.period == Period::Year(2019))
        .unwrap();
    assert_eq!(rate(&y2019.steps[0]), Some(81.0 / 602.0));
    assert_eq!(rate(&y2019.steps[1]), Some(65.0 / 96.0));
    assert_eq!(rate(&y2019.overall), Some(65.0 / 602.0));
    // 2003-2009 have convictions but neither suspects nor prosecutions: no rate, no row
    assert!(same.iter().all(|r| r.period != Period::Year(2005)));
}

#[test]
fn child_and_adult_victims_2020_published_safely() {
    let Some(rows) = rows() else { return };
    let mut countries: Vec<String> = Vec::new();
    let mut cells = Vec::new();
    let pick = |iso: &str, age: &str| {
        rows.iter()
            .find(|r| {
                r.iso3 == iso
                    && r.indicator == "Detected trafficking victims"
                    && r.year == 2020
                    && r.dimension == "Total"
                    && r.category == "Total"
                    && r.sex == "Total"
                    && r.age == age
            })
            .map(|r| Count::from_observation(&r.value).unwrap())
    };
    let mut isos: Vec<&str> = rows.iter().map(|r| r.iso3.as_str()).collect();
    isos.sort_unstable();
    isos.dedup();
    for iso in isos {
        if let (Some(c), Some(a)) = (pick(iso, "0 to 17 years"), pick(iso, "18 years or over")) {
            countries.push(iso.to_owned());
            cells.extend([c, a]);
        }
    }
    assert_eq!(countries.len(), 40);
    let table =
        CountTable::new(countries.clone(), vec!["0-17".into(), "18+".into()], cells).unwrap();
    let p = protect(&table, &SuppressionRule::ctdc()).unwrap();
    let row = |iso: &str| countries.iter().position(|c| c == iso).unwrap();
    // Spain: 6 children (below 11) and 263 adults, an exact row total of 269: the 263 must go too
    assert_eq!(
        p.cell(row("ESP"), 0),
        Published::Suppressed { primary: true }
    );
    assert_eq!(
        p.cell(row("ESP"), 1),
        Published::Suppressed { primary: false }
    );
    assert_eq!(p.row_totals[row("ESP")], Margin::Value(269));
    // Austria: `<5` children stay an interval; its total is one too
    assert_eq!(p.cell(row("AUT"), 0), Published::Censored { lo: 1, hi: 4 });
    assert_eq!(
        p.row_totals[row("AUT")],
        Margin::Interval { lo: 125, hi: 128 }
    );
    assert_eq!(derivable_cells(&p), Vec::<usize>::new());
}
