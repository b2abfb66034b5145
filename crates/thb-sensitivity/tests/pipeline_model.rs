//! The pipeline adapter against the pipeline itself, on the COINr ASEM data with the P00 spec:
//! every run must be the pipeline run of the spec it describes.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)] // test support

mod common;

use thb_model::io::{read_idata, read_imeta};
use thb_model::{Dataset, Framework, Period};
use thb_scoring::spec::RawIndexSpec;
use thb_scoring::{IndexSpec, Pipeline, Stage};
use thb_sensitivity::config::AnalysisConfig;
use thb_sensitivity::engine::IndexModel;
use thb_sensitivity::pipeline_model::PipelineModel;
use thb_sensitivity::run::{Choice, RunPlan};
use thb_sensitivity::sensitivity::{SensitivityOptions, sensitivity};
use thb_sensitivity::uncertainty::{UncertaintyOptions, uncertainty};

const PERIOD: Period = Period::Year(2018);

/// The alternatives of the P00 methods (first = P00's own).
const P00_FACTORS: &str = r#"{"runs": 64, "seed": 5, "sampling": "sobol", "factors": [
    {"weights": {"level": 1, "noise": 0.25}},
    {"normalise": [{"min_max": {"low": 0, "high": 100}}, {"z_score": {"mean": 100, "sd": 10}}]},
    {"aggregate": ["arithmetic", "geometric"]},
    {"impute": [{"group_mean": {"group": "EurAsia_group"}}, "column_mean"]},
    {"treat": [{"winsorise": {"winmax": 5, "skew": 2.0, "kurtosis": 3.5, "fallback": "log_ct"}}, "none"]},
    {"exclude_one": {"level": 2}}]}"#;

struct Asem {
    fw: Framework,
    ds: Dataset,
    p00: IndexSpec,
}

fn asem() -> Option<Asem> {
    let dir = common::shared_dir()?;
    let fw = read_imeta(dir.join("data/coinr_asem/asem_imeta.csv")).unwrap();
    let ds = read_idata(dir.join("data/coinr_asem/asem_idata.csv"), &fw, PERIOD).unwrap();
    let p00 = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../thb-scoring/tests/data/P00.json"),
    )
    .unwrap();
    Some(Asem {
        fw,
        ds,
        p00: IndexSpec::from_json(&p00).unwrap(),
    })
}

fn config(text: &str) -> AnalysisConfig {
    AnalysisConfig::from_json(text).unwrap()
}

/// The pipeline's root scores for every unit of the data (NaN where screened out), or its
/// error text.
fn pipeline_scores(a: &Asem, spec: &IndexSpec) -> Result<Vec<f64>, String> {
    let result = Pipeline::new(&a.fw, &a.ds, spec)
        .and_then(|p| p.run(PERIOD))
        .map_err(|e| e.to_string())?;
    let mut scores = vec![f64::NAN; a.ds.units().len()];
    for (row, u) in result
        .stage_units(Stage::Aggregated)
        .into_iter()
        .enumerate()
    {
        scores[u] = result.root_scores()[row];
    }
    Ok(scores)
}

fn bits(x: &[f64]) -> Vec<u64> {
    x.iter().map(|v| v.to_bits()).collect()
}

fn with(spec: &IndexSpec, edit: impl FnOnce(&mut RawIndexSpec)) -> IndexSpec {
    let mut raw = RawIndexSpec::from(spec.clone());
    edit(&mut raw);
    IndexSpec::try_from(raw).unwrap()
}

#[test]
fn the_nominal_run_is_the_pipeline_run_of_the_spec() {
    let Some(a) = asem() else { return };
    // P00; and P00 without imputation, screening units out (screening follows imputation):
    // their scores go back to input order.
    let strict = with(&a.p00, |raw| {
        raw.impute = thb_scoring::Imputation::None;
        raw.screen = serde_json::from_str(r#"{"min_availability": 0.95}"#).unwrap();
    });
    let no_impute_factor = P00_FACTORS.replace(
        r#"{"impute": [{"group_mean": {"group": "EurAsia_group"}}, "column_mean"]},"#,
        "",
    );
    for (spec, factors, screened_out) in [
        (&a.p00, P00_FACTORS, false),
        (&strict, no_impute_factor.as_str(), true),
    ] {
        let c = config(factors);
        let model = PipelineModel::new(&a.fw, &a.ds, spec, PERIOD, &c).unwrap();
        let plan = RunPlan::new(&c, |l| model.level_len(l)).unwrap();
        let mut scores = vec![0.0; model.units()];
        model
            .evaluate(&plan.nominal(), &mut model.scratch(), &mut scores)
            .unwrap();
        let expected = pipeline_scores(&a, spec).unwrap();
        assert_eq!(bits(&scores), bits(&expected));
        assert_eq!(expected.iter().any(|s| s.is_nan()), screened_out);
    }
}

#[test]
fn every_alternative_combination_is_the_pipeline_of_that_spec() {
    let Some(a) = asem() else { return };
    let c = config(
        r#"{"runs": 10, "seed": 5, "factors": [
        {"normalise": [{"min_max": {"low": 0, "high": 100}}, {"z_score": {"mean": 100, "sd": 10}}]},
        {"aggregate": ["arithmetic", "geometric"]},
        {"impute": [{"group_mean": {"group": "EurAsia_group"}}, "column_mean"]},
        {"treat": [{"winsorise": {"winmax": 5, "skew": 2.0, "kurtosis": 3.5, "fallback": "log_ct"}}, "none"]}]}"#,
    );
    let model = PipelineModel::new(&a.fw, &a.ds, &a.p00, PERIOD, &c).unwrap();
    let plan = RunPlan::new(&c, |l| model.level_len(l)).unwrap();
    let mut scratch = model.scratch();
    let (mut ok, mut failed) = (0, 0);
    for combo in 0..16_usize {
        let pick = |bit: usize| usize::from(combo & (1 << bit) != 0);
        let point: Vec<f64> = (0..4).map(|b| 0.25 + 0.5 * pick(b) as f64).collect();
        let run = plan.spec(combo, None, &point).unwrap();
        for (b, choice) in run.choices().iter().enumerate() {
            assert_eq!(*choice, Choice::Alternative { index: pick(b) });
        }
        let alt = |f: usize| c.factors()[f].alternatives().unwrap()[pick(f)].clone();
        let spec = with(&a.p00, |raw| {
            raw.normalise = serde_json::from_value(alt(0)).unwrap();
            raw.aggregate = serde_json::from_value(alt(1)).unwrap();
            raw.impute = serde_json::from_value(alt(2)).unwrap();
            raw.treat = serde_json::from_value(alt(3)).unwrap();
        });
        let mut scores = vec![0.0; model.units()];
        match (
            model.evaluate(&run, &mut scratch, &mut scores),
            pipeline_scores(&a, &spec),
        ) {
            (Ok(()), Ok(expected)) => {
                assert_eq!(bits(&scores), bits(&expected), "combination {combo}");
                ok += 1;
            }
            (Err(f), Err(e)) => {
                assert_eq!(f.cause(), e, "combination {combo}");
                failed += 1;
            }
            (got, expected) => {
                panic!("combination {combo}: {got:?} but the pipeline: {expected:?}")
            }
        }
    }
    // geometric means of min-max [0, 100] meet the zeros: those combinations fail.
    assert_eq!((ok, failed), (12, 4));
}

#[test]
fn excluding_a_node_is_a_rerun_with_its_weight_at_zero() {
    let Some(a) = asem() else { return };
    for level in [1_u32, 2, 3] {
        let c = config(&format!(
            r#"{{"runs": 10, "seed": 1, "factors": [{{"exclude_one": {{"level": {level}}}}}]}}"#
        ));
        let model = PipelineModel::new(&a.fw, &a.ds, &a.p00, PERIOD, &c).unwrap();
        let plan = RunPlan::new(&c, |l| model.level_len(l)).unwrap();
        let nodes: Vec<&str> =
            a.fw.nodes()
                .iter()
                .filter(|n| n.level == level && n.is_scored())
                .map(|n| n.code.as_str())
                .collect();
        let m = nodes.len();
        assert_eq!(model.level_len(level), Some(m));
        let mut compared = 0;
        for (k, code) in nodes.iter().enumerate() {
            assert_eq!(model.node_code(level, k), Some(*code));
            let u = (k as f64 + 1.5) / (m as f64 + 1.0);
            let run = plan.spec(k, None, &[u]).unwrap();
            assert_eq!(run.choices()[0], Choice::Exclude { node: Some(k) });
            let spec = with(&a.p00, |raw| {
                raw.weights.insert((*code).to_owned(), 0.0);
            });
            if spec.check(&a.fw).is_err() {
                continue; // an only child cannot have weight 0 in a framework
            }
            let mut scores = vec![0.0; model.units()];
            model
                .evaluate(&run, &mut model.scratch(), &mut scores)
                .unwrap();
            assert_eq!(
                bits(&scores),
                bits(&pipeline_scores(&a, &spec).unwrap()),
                "{code}"
            );
            compared += 1;
        }
        assert!(compared >= 2, "level {level}: {compared} nodes compared");
    }
}

#[test]
fn weights_without_noise_keep_the_nominal_ranks() {
    let Some(a) = asem() else { return };
    let c = config(
        r#"{"runs": 40, "seed": 3, "factors": [{"weights": {"level": 1, "noise": 0.0}},
            {"weights": {"level": 2, "noise": 0.0}}]}"#,
    );
    let model = PipelineModel::new(&a.fw, &a.ds, &a.p00, PERIOD, &c).unwrap();
    let ua = uncertainty(&model, &c, &UncertaintyOptions::default()).unwrap();
    assert!(ua.failures().is_empty());
    let result = Pipeline::new(&a.fw, &a.ds, &a.p00)
        .unwrap()
        .run(PERIOD)
        .unwrap();
    let kept = result.stage_units(Stage::Aggregated);
    for (i, u) in ua.units().iter().enumerate() {
        let rank = kept
            .iter()
            .position(|&k| k == i)
            .and_then(|row| result.ranks()[row]);
        assert_eq!(u.nominal_rank, rank, "unit #{i}");
        let r = rank.map(f64::from);
        assert_eq!((u.median_rank, u.q05_rank, u.q95_rank), (r, r, r));
        assert_eq!(u.q05_score, u.q95_score);
        assert_eq!(u.q05_score, u.nominal_score);
    }
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    let Some(a) = asem() else { return };
    let ua_config = config(P00_FACTORS);
    let sa_config = config(&P00_FACTORS.replace("\"runs\": 64", "\"runs\": 16"));
    let model = PipelineModel::new(&a.fw, &a.ds, &a.p00, PERIOD, &ua_config).unwrap();
    let labels: Vec<&str> = a.ds.units().iter().map(|u| u.code.as_str()).collect();
    let run = |threads| {
        common::in_pool(threads, || {
            let ua = uncertainty(&model, &ua_config, &UncertaintyOptions::default()).unwrap();
            let sa = sensitivity(
                &model,
                &sa_config,
                &SensitivityOptions::default().bootstrap(50),
            )
            .unwrap();
            let (mut ua_csv, mut sa_csv) = (Vec::new(), Vec::new());
            ua.write_csv(&labels, &mut ua_csv).unwrap();
            sa.write_csv(&mut sa_csv).unwrap();
            (ua_csv, sa_csv, ua.failures().clone(), sa.failures().clone())
        })
    };
    let one = run(1);
    assert!(one.2.failed() > 0, "the comparison covers failed runs too");
    for threads in [2, 4] {
        assert!(one == run(threads), "{threads} threads differ from 1");
    }
}

#[test]
fn geometric_means_of_z_scores_fail_and_are_reported_by_cause() {
    let Some(a) = asem() else { return };
    let c = config(
        r#"{"runs": 400, "seed": 9, "sampling": "random", "factors": [
        {"normalise": [{"min_max": {"low": 1, "high": 100}}, {"z_score": {"mean": 0, "sd": 1}}]},
        {"aggregate": ["arithmetic", "geometric"]}]}"#,
    );
    let model = PipelineModel::new(&a.fw, &a.ds, &a.p00, PERIOD, &c).unwrap();
    let ua = uncertainty(&model, &c, &UncertaintyOptions::default()).unwrap();
    let report = ua.failures();
    assert_eq!(report.failed() + ua.successful_runs(), 400);
    // One run in four picks (z-score, geometric); each of them fails.
    assert!((60..140).contains(&report.failed()), "{report}");
    assert_eq!(
        report.causes().iter().map(|c| c.runs).sum::<usize>(),
        report.failed()
    );
    for cause in report.causes() {
        assert!(cause.cause.contains("geometric mean"), "{}", cause.cause);
        assert!(cause.cause.contains("needs values > 0"), "{}", cause.cause);
        // The first failed run of this cause does what its description says.
        let plan = RunPlan::new(&c, |l| model.level_len(l)).unwrap();
        let design =
            thb_sensitivity::sampling::MonteCarloDesign::new(c.sampling(), c.seed(), c.runs(), 2)
                .unwrap();
        let run = plan.spec_in(&design, cause.first_run).unwrap();
        assert_eq!(
            run.choices(),
            [
                Choice::Alternative { index: 1 },
                Choice::Alternative { index: 1 }
            ]
        );
    }
}
