//! The adapters and readers on the real public files of `../shared/data` (and the synthetic
//! SDMX fixture). Expected counts come from `PROVENANCE.md` and from reading the raw files
//! independently (plain `csv` records), never from the code under test.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers may panic

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use thb_model::io::adapters::{cho_3p, glotip, uk_nrm, us_tip};
use thb_model::io::{self, DataFormat};
use thb_model::{Dataset, IssueKind, ObsStatus, Observation, Period, parse_decimal};

fn value(ds: &Dataset, unit: &str, column: &str, period: Period) -> Option<Decimal> {
    ds.get(unit, column, period).and_then(Observation::value)
}

fn count_status(ds: &Dataset, column: &str, pred: impl Fn(&ObsStatus) -> bool) -> usize {
    let c = ds.column_position(column).expect("column");
    (0..ds.units().len())
        .flat_map(|u| (0..ds.periods().len()).map(move |p| (u, p)))
        .filter(|&(u, p)| pred(&ds.at(u, c, p).status))
        .count()
}

#[test]
fn cho_3p_panel() {
    let Some(path) = common::data_file("cho_3p_index/cho_3p_index_tidy_2000_2013.csv") else {
        return;
    };
    let ds = cho_3p::read(&path).unwrap();
    let raw = common::raw_rows(&path);
    // PROVENANCE.md: 189 countries, 2000-2013, 2,124 non-missing p3_total.
    assert_eq!(ds.units().len(), 189);
    let years: Vec<Period> = (2000..=2013).map(Period::Year).collect();
    assert_eq!(ds.periods(), years);
    assert_eq!(count_status(&ds, "P3_TOTAL", ObsStatus::is_value), 2124);
    let units: BTreeSet<&str> = raw.iter().map(|r| r["iso3"].as_str()).collect();
    assert_eq!(units.len(), ds.units().len());
    // Every cell agrees with the raw file: empty stays missing, numbers are exact.
    let pairs = [
        ("prosecution", "P3_PROS"),
        ("protection", "P3_PROT"),
        ("prevention", "P3_PREV"),
        ("p3_total", "P3_TOTAL"),
        ("criminalization_level", "CRIM_LEVEL"),
    ];
    for r in &raw {
        let period: Period = r["year"].parse().unwrap();
        for (source, code) in pairs {
            let got = value(&ds, &r["iso3"], code, period);
            let want = (!r[source].is_empty()).then(|| parse_decimal(&r[source]).unwrap());
            assert_eq!(got, want, "{} {} {code}", r["iso3"], r["year"]);
        }
    }
    // Haiti 2009: prevention missing (never 0), total 4 as published.
    let y2009 = Period::Year(2009);
    let prev = ds.get("HTI", "P3_PREV", y2009).unwrap();
    assert_eq!(prev.status, ObsStatus::NotAvailable);
    assert_eq!(value(&ds, "HTI", "P3_TOTAL", y2009), Some(Decimal::from(4)));
    assert_eq!(value(&ds, "HTI", "P3_PROS", y2009), Some(Decimal::TWO));
    assert_eq!(
        ds.units()[ds.unit_position("HTI").unwrap()].name.as_deref(),
        Some("Haiti")
    );
    // Tiers: recoded counts equal the raw code counts (PROVENANCE counts 555 as 686, 666 as 58).
    let raw_count = |code: &str| raw.iter().filter(|r| r["tip_tier_code"] == code).count();
    let tier = |v: i64| count_status(&ds, "TIP_TIER", |s| s.value() == Some(Decimal::from(v)));
    assert_eq!(tier(1), raw_count("1.0"));
    assert_eq!(tier(2), raw_count("2.0"));
    assert_eq!(tier(3), raw_count("2.5"));
    assert_eq!(tier(4), raw_count("3.0"));
    assert_eq!(raw_count("666.0"), 58);
    assert_eq!(
        count_status(&ds, "TIP_TIER", |s| *s == ObsStatus::NotApplicable),
        58
    );
    // Checked against its framework, only coverage gaps remain (country-years with no score).
    let fw = cho_3p::framework().unwrap();
    let issues = ds.validate(&fw);
    assert!(
        issues.iter().all(|i| i.kind == IssueKind::Coverage),
        "{issues:#?}"
    );
    let no_score = raw
        .iter()
        .filter(|r| {
            ["prosecution", "protection", "prevention"]
                .iter()
                .all(|c| r[*c].is_empty())
                && ["p3_total", "tip_tier_code", "criminalization_level"]
                    .iter()
                    .any(|c| !r[*c].is_empty() && r[*c] != "555.0")
        })
        .count();
    let unit_gaps = issues.iter().filter(|i| i.unit.is_some()).count();
    assert_eq!(unit_gaps, no_score);
    // The generic entry point detects the layout.
    let again = io::read_dataset(&path, &fw, None, Period::Year(2000)).unwrap();
    assert_eq!(again, ds);
}

#[test]
fn us_tip_tiers() {
    let Some(path) = common::data_file("us_tip_tiers/map_tiers_1999_2015.csv") else {
        return;
    };
    let ds = us_tip::read(&path).unwrap();
    let raw = common::raw_rows(&path);
    // PROVENANCE.md: 193 countries, 1999-2015; Tier 1 387, Tier 2 1113, Watch List 494,
    // Tier 3 257, NA 957.
    assert_eq!(ds.units().len(), 193);
    assert_eq!(ds.periods().len(), 17);
    assert_eq!(ds.periods()[0], Period::Year(1999));
    let tier = |v: i64| count_status(&ds, us_tip::TIER, |s| s.value() == Some(Decimal::from(v)));
    assert_eq!([tier(1), tier(2), tier(3), tier(4)], [387, 1113, 494, 257]);
    let absent_rows = 193 * 17 - raw.len();
    assert_eq!(
        count_status(&ds, us_tip::TIER, |s| !s.is_value()),
        957 + absent_rows
    );
    let fw = us_tip::framework().unwrap();
    let issues = ds.validate(&fw);
    assert!(
        issues.iter().all(|i| i.kind == IssueKind::Coverage),
        "{issues:#?}"
    );
    let again = io::read_dataset(&path, &fw, None, Period::Year(2000)).unwrap();
    assert_eq!(again, ds);
}

#[test]
fn unodc_glotip_export() {
    let Some(path) = common::data_file("unodc_glotip/data_glotip_2023-05-30_europe.csv") else {
        return;
    };
    let map = glotip::default_mapping().unwrap();
    let data = glotip::read(&path, &map).unwrap();
    let ds = &data.dataset;
    let raw = common::raw_rows(&path);
    assert_eq!(raw.len(), 18_415); // PROVENANCE.md
    // Independent expectation: the raw rows each rule selects, grouped by unit and year.
    let unit_of = |r: &HashMap<String, String>| {
        if r["Iso3_code"].is_empty() {
            r["Country"].clone()
        } else {
            r["Iso3_code"].clone()
        }
    };
    let mut cells: BTreeMap<(String, &str, String), Vec<&str>> = BTreeMap::new();
    for r in &raw {
        for (code, _, values) in &glotip::DEFAULT_RULES {
            if glotip::DIMENSIONS
                .iter()
                .zip(values)
                .all(|(d, v)| r[*d] == *v)
            {
                cells
                    .entry((unit_of(r), *code, r["Year"].clone()))
                    .or_default()
                    .push(r["txtVALUE"].as_str());
            }
        }
    }
    let units: BTreeSet<&str> = cells.keys().map(|(u, _, _)| u.as_str()).collect();
    let years: BTreeSet<&str> = cells.keys().map(|(_, _, y)| y.as_str()).collect();
    let codes: BTreeSet<&str> = cells.keys().map(|(_, c, _)| *c).collect();
    assert_eq!(ds.units().len(), units.len());
    assert_eq!(ds.periods().len(), years.len());
    assert_eq!(ds.columns().len(), codes.len());
    assert!(units.contains("Sark"));
    let conflicts = cells.values().filter(|v| v.len() > 1).count();
    assert!(conflicts > 0);
    assert_eq!(data.conflicts.len(), conflicts);
    let singles: Vec<(&(String, &str, String), &str)> = cells
        .iter()
        .filter(|(_, v)| v.len() == 1)
        .map(|(k, v)| (k, v[0]))
        .collect();
    let mut censored = 0;
    let mut with_commas = 0;
    for ((unit, code, year), text) in &singles {
        let obs = ds.get(unit, code, year.parse().unwrap()).unwrap();
        if *text == "<5" {
            censored += 1;
            assert_eq!(
                obs.status,
                ObsStatus::Censored {
                    lo: Decimal::ONE,
                    hi: Decimal::from(4)
                }
            );
        } else {
            with_commas += usize::from(text.contains(','));
            let want: Decimal = text.replace(',', "").parse().unwrap();
            assert_eq!(obs.value(), Some(want), "{unit} {code} {year}");
        }
    }
    assert!(censored > 0 && with_commas > 0, "{censored} {with_commas}");
    assert_eq!(
        ds.observations()
            .filter(|(_, _, _, o)| o.status.is_value())
            .count(),
        singles.len() - censored
    );
    for (unit, code, year) in cells.iter().filter(|(_, v)| v.len() > 1).map(|(k, _)| k) {
        let obs = ds.get(unit, code, year.parse().unwrap()).unwrap();
        assert_eq!(*obs, Observation::missing(), "{unit} {code} {year}");
    }
    // Detected by the generic entry point.
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        io::detect_data_format(&path, &text).unwrap(),
        DataFormat::Glotip
    );
}

#[test]
fn uk_nrm_series() {
    let Some(dir) = common::data_file("uk_nrm") else {
        return;
    };
    let ds = uk_nrm::read_series(&dir).unwrap();
    assert_eq!(ds.units().len(), 1);
    assert_eq!(ds.units()[0].code.as_str(), uk_nrm::UNIT);
    // PROVENANCE.md: 2009 Q2 - 2023 Q4, quarters as periods.
    assert_eq!(
        ds.periods().first(),
        Some(&Period::Quarter {
            year: 2009,
            quarter: 2
        })
    );
    assert_eq!(
        ds.periods().last(),
        Some(&Period::Quarter {
            year: 2023,
            quarter: 4
        })
    );
    assert!(
        ds.periods()
            .iter()
            .all(|p| matches!(p, Period::Quarter { .. }))
    );
    let mut quarters = BTreeSet::new();
    let mut columns = 0;
    for file in uk_nrm::SERIES_FILES {
        let raw = common::raw_rows(&dir.join(file));
        for r in raw.iter().filter(|r| r["Quarter"] != "Total") {
            quarters.insert(format!("{}-{}", r["Year"], r["Quarter"]));
        }
        columns += raw[0].len() - 2;
        // Sums of the quarters equal the file's annual Total rows (wide files).
        if raw[0].contains_key("NRM referrals") {
            continue;
        }
        for total in raw.iter().filter(|r| r["Quarter"] == "Total") {
            let year: i32 = total["Year"].parse().unwrap();
            let rg = file.contains("reasonable");
            let base = if rg {
                "NRM_RG"
            } else if file.contains("conclusive") {
                "NRM_CG"
            } else {
                "NRM_DTN"
            };
            let sum: Decimal = (1..=4)
                .filter_map(|q| value(&ds, "GBR", base, Period::Quarter { year, quarter: q }))
                .sum();
            assert_eq!(
                sum,
                total["Total"].parse::<Decimal>().unwrap(),
                "{file} {year}"
            );
        }
    }
    assert_eq!(ds.periods().len(), quarters.len());
    // Referrals: 3 age groups x 5 locations are 15 codes from 3 source columns.
    assert_eq!(ds.columns().len(), columns - 3 + 15);
    let child_total = "NRM_REF_CHILD";
    let raw = common::raw_rows(&dir.join(uk_nrm::SERIES_FILES[0]));
    for r in raw.iter().filter(|r| {
        r["Age at exploitation"] == "Child (17 or under)"
            && r["Location of exploitation"] == "Total"
    }) {
        let p: Period = format!("{}-{}", r["Year"], r["Quarter"]).parse().unwrap();
        assert_eq!(
            value(&ds, "GBR", child_total, p),
            Some(r["NRM referrals"].parse().unwrap())
        );
    }
}

#[test]
fn uk_nrm_ngo_cube() {
    let Some(path) = common::data_file("uk_nrm/nrm_referrals_ngo_2023_q4.csv") else {
        return;
    };
    let q4 = Period::Quarter {
        year: 2023,
        quarter: 4,
    };
    let ds = uk_nrm::read_ngo_cube(&path, q4).unwrap();
    let raw = common::raw_rows(&path);
    assert_eq!(raw.len(), 9_550); // PROVENANCE.md
    let totals: Vec<_> = raw.iter().filter(|r| r["Nationality"] == "Total").collect();
    let responders: BTreeSet<&str> = raw.iter().map(|r| r["First responder"].as_str()).collect();
    assert_eq!(ds.units().len(), responders.len());
    assert_eq!(ds.observations().count(), totals.len());
    let sum: Decimal = ds.observations().filter_map(|(_, _, _, o)| o.value()).sum();
    let want: Decimal = totals
        .iter()
        .map(|r| r["People"].parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(sum, want);
    let fw = cho_3p::framework().unwrap();
    let again = io::read_dataset(&path, &fw, None, q4).unwrap();
    assert_eq!(again, ds);
}

#[cfg(feature = "serde")]
#[test]
fn synthetic_sdmx_with_mapping() {
    let map = io::DimensionMap::read_json(common::fixture("sdmx_synthetic_mapping.json")).unwrap();
    let ds = io::read_sdmx_csv(common::fixture("sdmx_synthetic.csv"), &map).unwrap();
    let units: Vec<&str> = ds.units().iter().map(|u| u.code.as_str()).collect();
    assert_eq!(units, ["EL", "UK", "EU27_2020"]);
    let columns: Vec<&str> = ds.columns().iter().map(|c| c.as_str()).collect();
    assert_eq!(columns, ["VIC_F", "VIC_M", "VIC_T"]);
    assert_eq!(ds.periods(), [Period::Year(2021), Period::Year(2022)]);
    let (y21, y22) = (Period::Year(2021), Period::Year(2022));
    assert_eq!(value(&ds, "EL", "VIC_F", y21), Some(Decimal::from(11)));
    assert!(matches!(
        ds.get("EL", "VIC_M", y21).unwrap().status,
        ObsStatus::Censored { .. }
    ));
    let el22 = ds.get("EL", "VIC_T", y22).unwrap();
    assert_eq!(el22.flag_text(), "p");
    assert_eq!(
        ds.get("EL", "VIC_M", y22).unwrap().status,
        ObsStatus::NotAvailable
    );
    assert_eq!(
        ds.get("EU27_2020", "VIC_F", y22).unwrap().status,
        ObsStatus::Confidential
    );
    assert_eq!(
        value(&ds, "EU27_2020", "VIC_T", y21),
        Some(Decimal::from(1500))
    );
    // The percentage rows (unit PC) are not mapped: no 78.6 anywhere.
    assert!(
        ds.observations()
            .all(|(_, _, _, o)| o.value() != Some("78.6".parse().unwrap()))
    );
    // Without a mapping the series key names the indicators.
    let keyed = io::read_sdmx_csv(
        common::fixture("sdmx_synthetic.csv"),
        &io::DimensionMap::series_key(),
    )
    .unwrap();
    let columns: Vec<&str> = keyed.columns().iter().map(|c| c.as_str()).collect();
    assert_eq!(
        columns,
        ["NR.F.VICT", "NR.M.VICT", "NR.T.VICT", "PC.F.VICT"]
    );
}

#[test]
fn asem_through_detection_and_round_trips() {
    let Some(dir) = common::shared() else {
        return;
    };
    let asem = dir.join("data/coinr_asem");
    let fw = io::read_framework(asem.join("asem_imeta.csv"), None).unwrap();
    let ds = io::read_dataset(asem.join("asem_idata.csv"), &fw, None, Period::Year(2018)).unwrap();
    assert_eq!(ds.units().len(), 51);
    assert!(ds.validate(&fw).is_empty());
    let mut long = Vec::new();
    io::write_long_csv(&ds, &mut long).unwrap();
    let mut back = io::read_long_csv_str(
        std::str::from_utf8(&long).unwrap(),
        thb_model::Location::memory(),
    )
    .unwrap();
    back.set_source(ds.source().unwrap());
    assert_eq!(back, ds);
    #[cfg(feature = "serde")]
    {
        let mut json = Vec::new();
        io::write_framework_json(&fw, &mut json).unwrap();
        let text = std::str::from_utf8(&json).unwrap();
        assert_eq!(
            io::read_framework_json_str(text, thb_model::Location::memory()).unwrap(),
            fw
        );
        let mut json = Vec::new();
        io::write_dataset_json(&ds, &mut json).unwrap();
        let text = std::str::from_utf8(&json).unwrap();
        assert_eq!(
            io::read_dataset_json_str(text, thb_model::Location::memory()).unwrap(),
            ds
        );
    }
}
