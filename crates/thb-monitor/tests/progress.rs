//! `thb progress` (interfaces.md §3.4) on hand-computed cases: targeted and untargeted, both
//! directions, zero base, mixed signs and a target of the opposite sign -> not_assessable,
//! targets from a CSV with a unit row overriding the general row, row order, CSV output.
//!
//! Expected rates were computed by hand with the closed formulas (checked in Python):
//! CAGR = (x1/x0)^(1/5) - 1, required = (T/x0)^(1/(T_year - 2015)) - 1.
#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use approx::assert_relative_eq;
use proptest::prelude::*;
use rust_decimal::Decimal;
use thb_model::{Dataset, Direction, Framework, Location, Node, Observation, Period, Unit};
use thb_monitor::progress::{
    EurostatThresholds, PROGRESS_CSV_HEADER, Point, ProgressCategory, ProgressRow, Targets, assess,
    assess_dataset, summarise, write_progress_csv,
};

const Y0: Period = Period::Year(2015);
const Y1: Period = Period::Year(2020);
const REL: f64 = 1e-12;

fn framework() -> Framework {
    Framework::new(vec![
        Node::indicator("x", "P").unwrap(),
        Node::indicator("y", "P")
            .unwrap()
            .direction(Direction::Negative),
        Node::indicator("z", "Q").unwrap(),
        Node::indicator("v", "Q")
            .unwrap()
            .direction(Direction::Negative),
        Node::aggregate("P", 2, Some("Index")).unwrap(),
        Node::aggregate("Q", 2, Some("Index")).unwrap(),
        Node::aggregate("Index", 3, None).unwrap(),
    ])
    .unwrap()
}

fn dataset() -> Dataset {
    // units in input order BEL, AUT, CZE; columns in another order than the framework
    let mut ds = Dataset::new(
        vec![
            Unit::new("BEL").unwrap(),
            Unit::new("AUT").unwrap(),
            Unit::new("CZE").unwrap(),
        ],
        ["v", "z", "y", "x"].map(|c| c.parse().unwrap()),
        [Y0, Y1],
    )
    .unwrap();
    let mut set = |u: &str, i: &str, a: &str, b: &str| {
        ds.set(u, i, Y0, Observation::parse(a, "").unwrap())
            .unwrap();
        ds.set(u, i, Y1, Observation::parse(b, "").unwrap())
            .unwrap();
    };
    set("BEL", "x", "50", "60");
    set("BEL", "y", "100", "90");
    set("BEL", "z", "0", "5");
    set("AUT", "x", "50", "85");
    set("AUT", "y", "100", "96");
    set("AUT", "z", "-2", "3");
    set("CZE", "x", "40", "");
    set("CZE", "y", "200", "210");
    set("CZE", "z", "100", "99");
    set("CZE", "v", "5", "4");
    set("BEL", "v", "<5", "3"); // censored base: no row
    ds
}

fn targets() -> Targets {
    let csv = "indicator,target,target_period,unit\n\
               x,80,2030,\n\
               y,50,2030,\n\
               y,95,2025,AUT\n\
               v,-10,2030,CZE\n";
    Targets::from_csv_str(csv, Location::memory()).unwrap()
}

fn rows() -> Vec<ProgressRow> {
    assess_dataset(
        &dataset(),
        &framework(),
        Y0,
        Y1,
        &targets(),
        &EurostatThresholds::default(),
    )
    .unwrap()
}

#[test]
fn order_and_categories() {
    let rows = rows();
    let got: Vec<(&str, &str, ProgressCategory)> = rows
        .iter()
        .map(|r| (r.unit.as_str(), r.indicator.as_str(), r.category))
        .collect();
    use ProgressCategory::*;
    assert_eq!(
        got,
        [
            ("BEL", "x", SignificantProgress),
            ("BEL", "y", InsufficientProgress),
            ("BEL", "z", NotAssessable),
            ("AUT", "x", TargetAchieved),
            ("AUT", "y", SignificantProgress),
            ("AUT", "z", NotAssessable),
            ("CZE", "y", MovingAway),
            ("CZE", "z", ModerateMovementAway),
            ("CZE", "v", NotAssessable),
        ]
    );
    let note = |u: &str, i: &str| {
        rows.iter()
            .find(|r| r.unit.as_str() == u && r.indicator.as_str() == i)
            .map(|r| r.note.as_str())
            .unwrap()
    };
    assert_eq!(note("BEL", "z"), "zero base value");
    assert_eq!(
        note("AUT", "z"),
        "base and latest values have opposite signs"
    );
    assert_eq!(
        note("CZE", "v"),
        "target has the opposite sign to the base value"
    );
    assert_eq!(note("BEL", "x"), "");
}

#[test]
fn hand_computed_rates() {
    let rows = rows();
    let row = |u: &str, i: &str| {
        rows.iter()
            .find(|r| r.unit.as_str() == u && r.indicator.as_str() == i)
            .unwrap()
    };
    let r = row("BEL", "x");
    assert_relative_eq!(
        r.cagr.unwrap(),
        0.037_137_289_336_648_17,
        max_relative = REL
    );
    assert_relative_eq!(
        r.required_cagr.unwrap(),
        0.031_829_639_349_793_88,
        max_relative = REL
    );
    assert_relative_eq!(
        r.ratio.unwrap(),
        1.166_751_810_428_183_8,
        max_relative = REL
    );
    assert_eq!(
        (r.target, r.target_period),
        (Some(80.0), Some(Period::Year(2030)))
    );
    let r = row("BEL", "y");
    assert_relative_eq!(
        r.ratio.unwrap(),
        0.461_744_425_060_148_73,
        max_relative = REL
    );
    // AUT's own target row overrides the general one: 95 by 2025
    let r = row("AUT", "y");
    assert_eq!(
        (r.target, r.target_period),
        (Some(95.0), Some(Period::Year(2025)))
    );
    assert_relative_eq!(
        r.required_cagr.unwrap(),
        -0.005_116_196_891_823_743,
        max_relative = REL
    );
    assert_relative_eq!(
        r.ratio.unwrap(),
        1.589_297_849_429_563_8,
        max_relative = REL
    );
    let r = row("CZE", "y");
    assert_relative_eq!(
        r.ratio.unwrap(),
        -0.111_079_226_332_201_33,
        max_relative = REL
    );
    let r = row("CZE", "z");
    assert_relative_eq!(
        r.cagr.unwrap(),
        -0.002_008_048_338_574_153,
        max_relative = REL
    );
    assert_eq!((r.target, r.required_cagr, r.ratio), (None, None, None));
    let r = row("BEL", "z");
    assert_eq!((r.cagr, r.ratio), (None, None));
}

#[test]
fn csv_output() {
    let mut out = Vec::new();
    write_progress_csv(&rows(), &mut out, Some(4)).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], PROGRESS_CSV_HEADER.join(","));
    assert_eq!(
        lines[1],
        "BEL,x,2015,50,2020,60,0.0371,80,2030,0.0318,1.1668,significant_progress,"
    );
    assert_eq!(
        lines[3],
        "BEL,z,2015,0,2020,5,,,,,,not_assessable,zero base value"
    );
    assert_eq!(lines.len(), 10);
}

#[test]
fn goal_summary_per_unit_and_pillar() {
    let s = summarise(&rows(), &framework());
    let bel: Vec<_> = s.iter().filter(|s| s.unit.as_str() == "BEL").collect();
    assert_eq!(bel.len(), 3); // all, P, Q
    assert_eq!(bel[0].assessed(), 2);
    assert_eq!(
        bel[0].share(ProgressCategory::SignificantProgress),
        Some(0.5)
    );
    assert_eq!(
        bel[0].share(ProgressCategory::NotAssessable),
        Some(1.0 / 3.0)
    );
    assert_eq!(bel[2].pillar.as_ref().map(|p| p.as_str()), Some("Q"));
    assert_eq!(bel[2].assessed(), 0);
    assert_eq!(bel[2].share(ProgressCategory::SignificantProgress), None);
}

#[test]
fn framework_targets_and_reference_errors() {
    let fw = Framework::new(vec![
        Node::indicator("x", "I")
            .unwrap()
            .target(80.0, Some(Period::Year(2030))),
        Node::indicator("y", "I").unwrap().target(50.0, None),
        Node::aggregate("I", 2, None).unwrap(),
    ])
    .unwrap();
    assert!(Targets::from_framework(&fw, None).is_err());
    let t = Targets::from_framework(&fw, Some(Period::Year(2028))).unwrap();
    assert_eq!(
        t.get("A", "x").map(|t| t.period()),
        Some(Period::Year(2030))
    );
    assert_eq!(
        t.get("A", "y").map(|t| t.period()),
        Some(Period::Year(2028))
    );
    // a target for an unknown indicator or unit is an error, not a silent no-op
    let bad = Targets::from_csv_str(
        "indicator,target,target_period,unit\nq,1,2030,\nx,1,2030,FRA\n",
        Location::memory(),
    )
    .unwrap();
    let err = assess_dataset(
        &dataset(),
        &framework(),
        Y0,
        Y1,
        &bad,
        &EurostatThresholds::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, thb_monitor::MonitorError::Invalid { ref issues } if issues.len() == 2),
        "{err}"
    );
    assert!(
        assess_dataset(
            &dataset(),
            &framework(),
            Y1,
            Y0,
            &targets(),
            &EurostatThresholds::default()
        )
        .is_err()
    );
    assert!(
        assess_dataset(
            &dataset(),
            &framework(),
            Y0,
            Period::Year(2021),
            &targets(),
            &EurostatThresholds::default()
        )
        .is_err()
    );
}

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![0.01f64..1000.0, -1000.0f64..-0.01]
}

proptest! {
    /// Untargeted categories are antitone in direction: reversing the direction mirrors
    /// progress into movement away (strictly, away from the 0 and ±1 % boundaries).
    #[test]
    fn direction_mirrors_untargeted_categories(x0 in value(), x1 in value()) {
        let th = EurostatThresholds::default();
        let (b, l) = (Point::new(Y0, x0), Point::new(Y1, x1));
        let up = assess(b, l, Direction::Positive, None, &th).unwrap();
        let down = assess(b, l, Direction::Negative, None, &th).unwrap();
        use ProgressCategory::*;
        match up.cagr {
            None => prop_assert_eq!((up.category, down.category), (NotAssessable, NotAssessable)),
            Some(g) if g.abs() > 1e-9 && (g.abs() - 0.01).abs() > 1e-9 => {
                let mirrored = match up.category {
                    SignificantProgress => SignificantMovementAway,
                    ModerateProgress => ModerateMovementAway,
                    ModerateMovementAway => ModerateProgress,
                    SignificantMovementAway => SignificantProgress,
                    other => other,
                };
                prop_assert_eq!(down.category, mirrored);
            }
            Some(_) => {}
        }
    }

    /// Scaling base, latest and target by the same positive factor changes nothing.
    #[test]
    fn scale_invariance(x0 in value(), x1 in value(), t in value(), k in 0.1f64..100.0, neg in any::<bool>()) {
        let th = EurostatThresholds::default();
        let d = if neg { Direction::Negative } else { Direction::Positive };
        let target = |s: f64| Some(thb_monitor::progress::Target::new(t * s, Period::Year(2030)).unwrap());
        let a = assess(Point::new(Y0, x0), Point::new(Y1, x1), d, target(1.0), &th).unwrap();
        let b = assess(Point::new(Y0, x0 * k), Point::new(Y1, x1 * k), d, target(k), &th).unwrap();
        let near_edge = a.ratio.is_some_and(|r| [0.0, 0.6, 0.95].iter().any(|e| (r - e).abs() < 1e-9));
        if !near_edge {
            prop_assert_eq!(a.category, b.category);
        }
    }
}

#[test]
fn decimal_values_enter_exactly_once() {
    // a value with many digits goes through Dataset::to_matrix, never a silent 0
    let mut ds = Dataset::new(
        vec![Unit::new("AUT").unwrap()],
        ["x".parse().unwrap()],
        [Y0, Y1],
    )
    .unwrap();
    ds.set(
        "AUT",
        "x",
        Y0,
        Observation::value_of(Decimal::new(123_456_789, 7)),
    )
    .unwrap();
    ds.set(
        "AUT",
        "x",
        Y1,
        Observation::value_of(Decimal::new(246_913_578, 7)),
    )
    .unwrap();
    let fw = Framework::new(vec![
        Node::indicator("x", "I").unwrap(),
        Node::aggregate("I", 2, None).unwrap(),
    ])
    .unwrap();
    let rows = assess_dataset(
        &ds,
        &fw,
        Y0,
        Y1,
        &Targets::new(),
        &EurostatThresholds::default(),
    )
    .unwrap();
    assert_relative_eq!(rows[0].base, 12.345_678_9, max_relative = REL);
    assert_relative_eq!(
        rows[0].cagr.unwrap(),
        2f64.powf(0.2) - 1.0,
        max_relative = 1e-9
    );
}
