//! Readers never panic on arbitrary text, and every problem they report carries its line;
//! well-formed tables read back what was written. Public types are Send + Sync.
#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use proptest::prelude::*;
use thb_model::{Location, Period};
use thb_monitor::MonitorError;
use thb_monitor::measures::Registry;
use thb_monitor::progress::Targets;

fn csvish() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just("indicator,target,target_period,unit\n".to_owned()),
        Just("indicator,target,target_period\n".to_owned()),
        Just("id,name,actor,actor_type,countries,pillar,target_groups,activities,start,end,budget,currency\n".to_owned()),
        "[a-z_,]{0,40}\n",
    ];
    (header, "[A-Za-z0-9_ ,;.<\"\\-\n]{0,300}").prop_map(|(h, body)| h + &body)
}

fn every_issue_has_a_line(result: Result<impl Sized, MonitorError>) -> Result<(), TestCaseError> {
    match result {
        Ok(_) => {}
        Err(MonitorError::Invalid { issues }) => {
            prop_assert!(!issues.is_empty());
            for i in &issues {
                prop_assert!(i.at.line.is_some(), "issue without a line: {}", i);
            }
        }
        Err(MonitorError::Json { at, .. }) => prop_assert!(at.line.is_some()),
        Err(other) => prop_assert!(false, "unexpected error kind: {}", other),
    }
    Ok(())
}

proptest! {
    #[test]
    fn targets_reader_never_panics(text in csvish()) {
        every_issue_has_a_line(Targets::from_csv_str(&text, Location::file("t.csv")))?;
    }

    #[test]
    fn measures_csv_reader_never_panics(text in csvish()) {
        every_issue_has_a_line(Registry::from_csv_str(&text, Location::file("m.csv")))?;
    }

    #[cfg(feature = "serde")]
    #[test]
    fn measures_json_reader_never_panics(text in "[\\[\\]{}\":,a-z0-9 \n]{0,200}") {
        match Registry::from_json_str(&text, Location::file("m.json")) {
            Ok(_) => {}
            Err(MonitorError::Json { at, .. }) => prop_assert!(at.line.is_some()),
            Err(MonitorError::Invalid { .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error kind: {}", other),
        }
    }

    #[test]
    fn targets_read_back(rows in proptest::collection::btree_map(
        ("[A-Z]{2}[0-9]{2}", proptest::option::of("[A-Z]{3}")),
        (-1.0e6f64..1.0e6, 2000i32..2100),
        1..20,
    )) {
        let mut text = "indicator,target,target_period,unit\n".to_owned();
        for ((ind, unit), (v, y)) in &rows {
            text.push_str(&format!("{ind},{v},{y},{}\n", unit.as_deref().unwrap_or("")));
        }
        let t = Targets::from_csv_str(&text, Location::memory()).unwrap();
        for ((ind, unit), (v, y)) in &rows {
            let got = t.get(unit.as_deref().unwrap_or("ZZZZ"), ind);
            // a general row is found for any unit; a unit row only for its unit
            if unit.is_some() || !rows.contains_key(&(ind.clone(), Some("ZZZZ".into()))) {
                let got = match unit {
                    Some(u) => t.get(u, ind),
                    None => got,
                }.unwrap();
                // Values pass Decimal -> f64 in thb_model::numeric::to_f64, which is
                // correctly rounded: the read-back is exact.
                prop_assert_eq!(got.value().to_bits(), v.to_bits(), "{} read back as {}", v, got.value());
                prop_assert_eq!(got.period(), Period::Year(*y));
            }
        }
    }
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync + Unpin>() {}
    check::<MonitorError>();
    check::<Targets>();
    check::<Registry>();
    check::<thb_monitor::progress::ProgressRow>();
    check::<thb_monitor::progress::EurostatThresholds>();
    check::<thb_monitor::overlap::OverlapReport>();
    check::<thb_monitor::disclosure::ProtectedTable>();
    check::<thb_monitor::funnel::Funnel>();
    check::<thb_monitor::children::AlertRule>();
    check::<thb_monitor::coverage::CoverageRow>();
    check::<thb_monitor::results::ResultsFramework>();
    check::<thb_monitor::series::Series>();
    check::<thb_monitor::trend::UnitChange>();
    check::<thb_monitor::best_practice::ContextFit>();
}
