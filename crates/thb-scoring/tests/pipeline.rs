//! Pipeline behaviour on small inline data: bad input gives typed errors naming node and unit,
//! panels, overrides, thresholds, per-level methods.
// float_cmp: the compared values are exact (divisions by 1, means of equal values, min-max of small integers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::float_cmp)]

use thb_model::io::{read_idata_str, read_imeta_str};
use thb_model::{Dataset, Framework, Location, Period};
use thb_scoring::{IndexSpec, Pipeline, ScoringError, Stage};

const META: &str = "iCode,Level,Parent,Type,Weight,Direction,Target,Denominator\n\
    a,1,P,Indicator,1,1,10,Pop\n\
    b,1,P,Indicator,1,-1,NA,NA\n\
    c,1,Q,Indicator,1,1,NA,NA\n\
    P,2,I,Aggregate,1,NA,NA,NA\n\
    Q,2,I,Aggregate,1,NA,NA,NA\n\
    I,3,NA,Aggregate,1,NA,NA,NA\n\
    Region_group,NA,NA,Group,NA,NA,NA,NA\n\
    Pop,NA,NA,Denominator,NA,NA,NA,NA\n";

const DATA: &str = "uCode,Region_group,Time,Pop,a,b,c\n\
    AUT,EU,2020,1,1,5,3\n\
    BEL,EU,2020,2,2,4,NA\n\
    CHE,NA,2020,4,3,3,1\n\
    AUT,EU,2021,1,2,5,4\n\
    BEL,EU,2021,2,NA,2,2\n\
    CHE,NA,2021,4,6,1,1\n";

fn setup() -> (Framework, Dataset) {
    let fw = read_imeta_str(META, Location::memory()).unwrap();
    let ds = read_idata_str(DATA, Location::memory(), &fw, Period::Year(2000)).unwrap();
    (fw, ds)
}

fn run(spec: &str, period: i32) -> Result<thb_scoring::IndexResult, ScoringError> {
    let (fw, ds) = setup();
    Pipeline::new(&fw, &ds, &IndexSpec::from_json(spec)?)?.run(Period::Year(period))
}

#[test]
fn defaults_min_max_and_arithmetic_with_missing_children() {
    let r = run("{}", 2020).unwrap();
    // a: 1,2,3 -> 0,50,100; b (dir -1): 5,4,3 -> 0,50,100; c: 3,NA,1 -> 100,NA,0
    let n = r.stage(Stage::Normalised);
    assert_eq!(n.column(0), &[0.0, 50.0, 100.0]);
    assert_eq!(n.column(1), &[0.0, 50.0, 100.0]);
    assert!(n.column(2)[1].is_nan());
    // BEL: Q missing, so I = P
    assert_eq!(r.score("I").unwrap(), &[50.0, 50.0, 50.0]);
    assert_eq!(r.ranks(), &[Some(1), Some(1), Some(1)]);
    assert_eq!(r.codes(), &["a", "b", "c", "P", "Q", "I"]);
}

#[test]
fn all_children_missing_gives_a_missing_score_and_no_rank() {
    let r = run(r#"{"aggregate": "arithmetic"}"#, 2020).unwrap();
    assert!(r.score("Q").unwrap()[1].is_nan());
    let r = run(r#"{"min_child_availability": 1.0}"#, 2020).unwrap();
    assert!(r.score("I").unwrap()[1].is_nan());
    assert_eq!(r.ranks()[1], None);
    assert_eq!(r.ranks()[0], Some(1));
}

#[test]
fn constant_column_under_min_max_names_the_indicator() {
    let fw = read_imeta_str(META, Location::memory()).unwrap();
    let ds = read_idata_str(
        "uCode,Pop,a,b,c\nAUT,1,1,2,3\nBEL,1,1,3,4\n",
        Location::memory(),
        &fw,
        Period::Year(2020),
    )
    .unwrap();
    let err = Pipeline::new(&fw, &ds, &IndexSpec::default())
        .unwrap()
        .run(Period::Year(2020))
        .unwrap_err();
    assert!(
        matches!(&err, ScoringError::ConstantColumn { node, .. } if node == "a"),
        "{err}"
    );
}

#[test]
fn geometric_mean_of_zero_names_aggregate_and_unit() {
    let err = run(r#"{"aggregate": "geometric"}"#, 2020).unwrap_err();
    assert!(
        matches!(&err, ScoringError::NonPositive { node, unit, .. } if node == "P" && unit == "AUT"),
        "{err}"
    );
    // on a positive scale it works
    let r = run(
        r#"{"normalise": {"min_max": {"low": 1, "high": 100}}, "aggregate": "geometric"}"#,
        2020,
    )
    .unwrap();
    assert!(r.root_scores().iter().all(|v| *v >= 1.0));
}

#[test]
fn harmonic_mean_of_zero_is_an_error() {
    let err = run(r#"{"aggregate": ["harmonic", "arithmetic"]}"#, 2020).unwrap_err();
    assert!(matches!(err, ScoringError::NonPositive { .. }), "{err}");
}

#[test]
fn target_at_the_worst_value_is_an_error() {
    let fw = read_imeta_str(
        &META.replace("a,1,P,Indicator,1,1,10", "a,1,P,Indicator,1,1,1"),
        Location::memory(),
    )
    .unwrap();
    let ds = read_idata_str(DATA, Location::memory(), &fw, Period::Year(2000)).unwrap();
    let spec =
        IndexSpec::from_json(r#"{"overrides": {"a": {"normalise": {"distance_to_target": {}}}}}"#)
            .unwrap();
    let err = Pipeline::new(&fw, &ds, &spec)
        .unwrap()
        .run(Period::Year(2020))
        .unwrap_err();
    assert!(
        matches!(&err, ScoringError::NotApplicable { node, .. } if node == "a"),
        "{err}"
    );
}

#[test]
fn screening_every_unit_away_is_an_error() {
    let fw = read_imeta_str(META, Location::memory()).unwrap();
    let ds = read_idata_str(
        "uCode,Pop,a,b,c\nAUT,1,1,2,NA\nBEL,1,NA,3,4\n",
        Location::memory(),
        &fw,
        Period::Year(2020),
    )
    .unwrap();
    let spec = IndexSpec::from_json(r#"{"screen": {"min_availability": 0.9}}"#).unwrap();
    let err = Pipeline::new(&fw, &ds, &spec)
        .unwrap()
        .run(Period::Year(2020))
        .unwrap_err();
    assert!(
        matches!(err, ScoringError::NothingLeft { units: 2, .. }),
        "{err}"
    );
    let r = run(r#"{"screen": {"min_availability": 0.9}}"#, 2020).unwrap();
    assert_eq!(r.kept_codes().len(), 2);
    assert_eq!(r.stage(Stage::Imputed).nrows(), 3);
    assert_eq!(r.stage(Stage::Screened).nrows(), 2);
    assert_eq!(
        r.provenance().screened.as_ref().unwrap().removed[0]
            .unit
            .as_str(),
        "BEL"
    );
}

#[test]
fn unknown_node_or_group_column_is_named() {
    let err = run(r#"{"weights": {"Nope": 2}}"#, 2020).unwrap_err();
    assert!(
        matches!(&err, ScoringError::Unknown { code, .. } if code == "Nope"),
        "{err}"
    );
    let err = run(r#"{"impute": {"group_mean": {"group": "Colour"}}}"#, 2020).unwrap_err();
    assert!(
        matches!(&err, ScoringError::Unknown { what: "group column", code } if code == "Colour"),
        "{err}"
    );
    let err = run(r#"{"overrides": {"P": {"treat": "log_ct"}}}"#, 2020).unwrap_err();
    assert!(
        matches!(&err, ScoringError::Unknown { code, .. } if code == "P"),
        "{err}"
    );
    let err = run(
        r#"{"aggregate": ["arithmetic", "arithmetic", "arithmetic"]}"#,
        2020,
    )
    .unwrap_err();
    assert!(err.to_string().contains("2 aggregation steps"), "{err}");
    let err = run(r#"{"normalise": {"goalposts": {}}}"#, 2020).unwrap_err();
    assert!(
        err.to_string().contains("goalposts of `a` needs goalposts"),
        "{err}"
    );
    let err = run(
        r#"{"overrides": {"b": {"normalise": {"distance_to_target": {}}}}}"#,
        2020,
    )
    .unwrap_err();
    assert!(
        matches!(&err, ScoringError::MissingParameter { node, .. } if node == "b"),
        "{err}"
    );
    assert!(
        IndexSpec::from_json(r#"{"normalise": {"goalposts": {"lower": 2, "upper": 2}}}"#).is_err()
    );
    assert!(IndexSpec::from_json(r#"{"schema": 2}"#).is_err());
    assert!(IndexSpec::from_json(r#"{"weights": {"a": -1}}"#).is_err());
}

#[test]
fn denomination_and_group_imputation_record_provenance() {
    let r = run(
        r#"{"denominate": true, "impute": {"group_mean": {"group": "Region_group"}}}"#,
        2021,
    )
    .unwrap();
    // a / Pop: 2/1, NA, 6/4; BEL's a imputed from its group (EU: AUT only) = 2
    let den = r.stage(Stage::Denominated);
    assert_eq!(den.column(0)[0], 2.0);
    assert!(den.column(0)[1].is_nan());
    assert_eq!(r.stage(Stage::Imputed).column(0)[1], 2.0);
    let cells = &r.provenance().imputed;
    assert_eq!(cells.len(), 1);
    assert_eq!(
        (
            cells[0].at.unit.as_str(),
            cells[0].indicator.as_str(),
            cells[0].method
        ),
        ("BEL", "a", "group_mean")
    );
    assert_eq!(r.provenance().denominated.len(), 1);
}

#[test]
fn panel_imputation_and_panel_wide_normalisation() {
    // c is missing for BEL in 2020; linear/latest need 2021's value (flat extrapolation backwards)
    let r = run(r#"{"impute": {"panel": {"method": "linear"}}}"#, 2020).unwrap();
    assert_eq!(r.stage(Stage::Imputed).column(2)[1], 2.0);
    let r = run(r#"{"impute": {"panel": {"method": "latest"}}}"#, 2020).unwrap();
    assert!(r.stage(Stage::Imputed).column(2)[1].is_nan());
    // a in 2021 at BEL is missing: latest carries 2020's value
    let r = run(
        r#"{"impute": {"panel": {"method": "latest", "max_gap": 1}}}"#,
        2021,
    )
    .unwrap();
    assert_eq!(r.stage(Stage::Imputed).column(0)[1], 2.0);
    assert_eq!(r.provenance().imputed[0].at.period, Period::Year(2021));
    // panel-wide min-max: a over both years is 1..6, so 2020's a (1, 2, 3) -> 0, 20, 40
    let r = run(r#"{"normalise_across_periods": true}"#, 2020).unwrap();
    assert_eq!(r.stage(Stage::Normalised).column(0), &[0.0, 20.0, 40.0]);
    let one = read_imeta_str(META, Location::memory()).unwrap();
    let ds = read_idata_str(
        "uCode,Pop,a,b,c\nAUT,1,1,2,3\nBEL,1,2,3,NA\n",
        Location::memory(),
        &one,
        Period::Year(2020),
    )
    .unwrap();
    let spec = IndexSpec::from_json(r#"{"impute": {"panel": {"method": "linear"}}}"#).unwrap();
    let err = Pipeline::new(&one, &ds, &spec)
        .unwrap()
        .run(Period::Year(2020))
        .unwrap_err();
    assert!(
        matches!(
            err,
            ScoringError::TooFewValues {
                needed: 2,
                found: 1,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn overrides_weights_and_per_level_methods() {
    let spec = r#"{
        "overrides": {"a": {"normalise": {"goalposts": {"lower": 0, "upper": 10, "scale": 1}}}},
        "weights": {"b": 3},
        "aggregate": ["arithmetic", {"power_mean": {"p": 2}}]
    }"#;
    let r = run(spec, 2020).unwrap();
    assert_eq!(r.stage(Stage::Normalised).column(0), &[0.1, 0.2, 0.3]);
    // P = (a + 3 b) / 4 for AUT: (0.1 + 0) / 4
    assert!((r.score("P").unwrap()[0] - 0.025).abs() < 1e-12);
    let aggregated: Vec<(&str, &str)> = r
        .provenance()
        .aggregated
        .iter()
        .map(|m| (m.node.as_str(), m.method))
        .collect();
    assert_eq!(
        aggregated,
        [
            ("P", "arithmetic"),
            ("Q", "arithmetic"),
            ("I", "power_mean")
        ]
    );
    assert_eq!(r.provenance().normalised[0].method, "goalposts");
}

#[test]
fn treatment_falls_back_to_log_on_the_original_column() {
    let meta = "iCode,Level,Parent,Type\nx,1,I,Indicator\ny,1,I,Indicator\nI,2,,Aggregate\n";
    let fw = read_imeta_str(meta, Location::memory()).unwrap();
    let mut data = String::from("uCode,x,y\n");
    // x: a heavy tail that 1 winsorised point cannot fix
    let x = [
        1.0, 1.1, 0.9, 1.0, 1.2, 0.8, 1.05, 0.95, 1.0, 1.1, 0.9, 1.0, 1.0, 1.1, 0.9, 1.0, 1.2, 0.8,
        1.05, 0.95, 50.0, 100.0,
    ];
    for (i, v) in x.iter().enumerate() {
        data.push_str(&format!("U{i},{v},{}\n", i + 1));
    }
    let ds = read_idata_str(&data, Location::memory(), &fw, Period::Year(2020)).unwrap();
    let spec = IndexSpec::from_json(r#"{"treat": {"winsorise": {"winmax": 1, "skew": 2.0, "kurtosis": 3.5, "fallback": "log_ct"}}}"#).unwrap();
    let r = Pipeline::new(&fw, &ds, &spec)
        .unwrap()
        .run(Period::Year(2020))
        .unwrap();
    let t = &r.provenance().treated[0];
    let w = t.winsorisation.as_ref().unwrap();
    assert!(!w.passed && !w.kept && w.nwin == 1);
    assert_eq!(t.log.as_ref().unwrap().transform, "log_ct");
    let (lo, hi) = (0.8f64, 100.0f64); // min and max of the original column
    let want = (1.0 - lo + 0.01 * (hi - lo)).ln();
    assert!((r.stage(Stage::Treated).column(0)[0] - want).abs() < 1e-12);
    assert!(r.provenance().treated[1].log.is_none());
}

#[test]
fn public_types_are_send_sync() {
    fn check<T: Send + Sync + Unpin>() {}
    check::<IndexSpec>();
    check::<Pipeline<'static>>();
    check::<thb_scoring::IndexResult>();
    check::<thb_scoring::StageData>();
    check::<thb_scoring::Normalisation>();
    check::<thb_scoring::Aggregation>();
    check::<thb_scoring::Imputation>();
    check::<thb_scoring::Treatment>();
    check::<thb_scoring::aggregate::AggregationPlan>();
    check::<thb_scoring::aggregate::AggregateScratch>();
    check::<ScoringError>();
}

#[test]
fn a_custom_method_cannot_hide_a_value() {
    #[derive(Clone)]
    struct Broken;
    impl thb_scoring::Normalise for Broken {
        fn normalise(
            &self,
            x: &[f64],
            _: &thb_scoring::IndicatorContext<'_>,
            out: &mut [f64],
        ) -> thb_scoring::Result<()> {
            for (o, v) in out.iter_mut().zip(x) {
                *o = v.ln() - 1.0; // ln of a negative number is NaN
            }
            Ok(())
        }
    }
    let (fw, ds) = setup();
    let p = Pipeline::new(&fw, &ds, &IndexSpec::default())
        .unwrap()
        .with_normaliser(Broken);
    assert!(p.run(Period::Year(2020)).is_ok()); // every value is positive
    let fw2 = read_imeta_str(META, Location::memory()).unwrap();
    let ds2 = read_idata_str(
        "uCode,Pop,a,b,c\nAUT,1,-1,2,3\nBEL,1,2,3,4\n",
        Location::memory(),
        &fw2,
        Period::Year(2020),
    )
    .unwrap();
    let p = Pipeline::new(&fw2, &ds2, &IndexSpec::default())
        .unwrap()
        .with_normaliser(Broken);
    let err = p.run(Period::Year(2020)).unwrap_err();
    assert!(
        matches!(&err, ScoringError::NotApplicable { node, unit: Some(u), .. } if node == "a" && u == "AUT"),
        "{err}"
    );
}

/// A bad aggregation method in a spec says what is wrong, not only that nothing matched.
#[test]
fn bad_aggregation_methods_get_precise_messages() {
    let error = |aggregate: &str| {
        IndexSpec::from_json(&format!(r#"{{"aggregate": {aggregate}}}"#))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    let unknown = error(r#""no_such""#);
    assert!(
        unknown.contains("unknown aggregation method `no_such`"),
        "{unknown}"
    );
    assert!(
        unknown.contains("power_mean") && unknown.contains("topsis"),
        "{unknown}"
    );
    let in_list = error(r#"["arithmetic", "nope"]"#);
    assert!(in_list.contains("`nope`"), "{in_list}");
    let p = error(r#"{"power_mean": {"p": 0}}"#);
    assert!(p.contains("power_mean p must not be 0"), "{p}");
    let v = error(r#"{"vikor": {"v": 2}}"#);
    assert!(v.contains("v must be in [0, 1]"), "{v}");
    let d = error(r#"{"topsis": {"distance": "bogus"}}"#);
    assert!(d.contains("`topsis`") && d.contains("bogus"), "{d}");
    let shape = error("3");
    assert!(
        shape.contains("a name or an object with one key"),
        "{shape}"
    );
    // valid forms still parse
    for ok in [
        r#""geometric""#,
        r#"{"power_mean": {"p": 2}}"#,
        r#"["topsis", {"vikor": {"v": 0.5}}]"#,
    ] {
        assert!(
            IndexSpec::from_json(&format!(r#"{{"aggregate": {ok}}}"#)).is_ok(),
            "{ok}"
        );
    }
}
