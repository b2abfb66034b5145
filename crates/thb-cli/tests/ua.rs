//! End-to-end tests of `thb uncertainty` and `thb sensitivity` (interfaces §3.3): on the COINr
//! ASEM data with the P00 spec and on the built-in reference, with the example configs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)] // test support: a failed unwrap is a failed test

mod common;

use std::path::Path;
use std::process::Output;

use common::{asem, shared, stderr, stdout, thb};
use serde_json::Value;

const UA_HEADER: &str =
    "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank,nominal_score,q05_score,q95_score";
const SA_HEADER: &str = "factor,s1,s1_low,s1_high,st,st_low,st_high";

fn workspace(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

/// `--framework`, `--data`, `--spec` for ASEM with P00.
fn asem_args(dir: &Path) -> Vec<String> {
    let (imeta, idata) = asem(dir);
    vec![
        "--framework".into(),
        imeta,
        "--data".into(),
        idata,
        "--spec".into(),
        workspace("crates/thb-scoring/tests/data/P00.json"),
    ]
}

/// ASEM unit codes in input order, read from the data file.
fn asem_units(dir: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(dir.join("data/coinr_asem/asem_idata.csv")).unwrap();
    let col = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "uCode")
        .unwrap();
    r.records()
        .map(|rec| rec.unwrap()[col].to_owned())
        .collect()
}

/// An example config with fewer runs, written to `tmp`.
fn example_config(tmp: &Path, name: &str, runs: usize) -> String {
    let text = std::fs::read_to_string(workspace(&format!("examples/configs/{name}"))).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["runs"] = runs.into();
    write_json(tmp, name, &v)
}

fn write_json(tmp: &Path, name: &str, v: &Value) -> String {
    let path = tmp.join(name);
    std::fs::write(&path, serde_json::to_string(v).unwrap()).unwrap();
    path.display().to_string()
}

/// `thb COMMAND <inputs> REST...` with `command_and_rest = [COMMAND, REST...]`.
fn run(inputs: Vec<String>, command_and_rest: &[&str]) -> Output {
    let (command, rest) = command_and_rest.split_first().unwrap();
    let mut args = vec![(*command).to_owned()];
    args.extend(inputs);
    args.extend(rest.iter().map(|s| (*s).to_owned()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    thb(&refs)
}

/// Rows of a CSV text (header first).
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn num(cell: &str) -> f64 {
    cell.parse()
        .unwrap_or_else(|_| panic!("`{cell}` is not a number"))
}

/// Checks the uncertainty table against the unit list and the ranks of `thb score`.
fn check_uncertainty_table(text: &str, units: &[String], score_csv: &str) {
    let rows = rows(text);
    assert_eq!(rows[0].join(","), UA_HEADER);
    let got: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, units, "one row per unit, in input order");
    // nominal rank = the rank of `thb score` (last column), unit by unit
    let score_rows = self::rows(score_csv);
    let rank_of = |u: &str| {
        score_rows[1..]
            .iter()
            .find(|r| r[0] == u)
            .map(|r| r.last().unwrap().clone())
            .unwrap_or_default()
    };
    for r in &rows[1..] {
        assert_eq!(r[1], rank_of(&r[0]), "{}: nominal rank", r[0]);
        if r[1].is_empty() {
            continue;
        }
        let [med, mean, q05, q95] = [2, 3, 4, 5].map(|j| num(&r[j]));
        let last = units.len() as f64;
        assert!(
            1.0 <= q05 && q05 <= med && med <= q95 && q95 <= last,
            "{r:?}"
        );
        assert!((1.0..=last).contains(&mean), "{r:?}");
        let [s05, s95] = [7, 8].map(|j| num(&r[j]));
        assert!(s05 <= s95, "{r:?}");
    }
}

#[test]
fn uncertainty_on_asem_p00() {
    let Some(dir) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let config = example_config(tmp.path(), "ua_asem_p00.json", 500);
    let out = tmp.path().join("ua.csv");
    let chart = tmp.path().join("bands.svg");
    let o = run(
        asem_args(&dir),
        &[
            "uncertainty",
            "--config",
            &config,
            "--out",
            out.to_str().unwrap(),
            "--chart",
            chart.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "the table went to --out");
    let score = run(asem_args(&dir), &["score", "--format", "csv"]);
    let units = asem_units(&dir);
    check_uncertainty_table(
        &std::fs::read_to_string(&out).unwrap(),
        &units,
        &stdout(&score),
    );
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(units.iter().all(|u| svg.contains(&format!(">{u}<"))));
}

#[test]
fn uncertainty_and_sensitivity_on_the_reference() {
    let tmp = tempfile::tempdir().unwrap();
    let config = example_config(tmp.path(), "ua_reference.json", 300);
    let o = thb(&["uncertainty", "--config", &config, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("built-in reference"), "{}", stderr(&o));
    let score = thb(&["score", "--format", "csv"]);
    let units: Vec<String> = rows(&stdout(&score))[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(units.len(), 27);
    check_uncertainty_table(&stdout(&o), &units, &stdout(&score));

    let config = example_config(tmp.path(), "sa_reference.json", 64);
    let chart = tmp.path().join("s.svg");
    let o = thb(&[
        "sensitivity",
        "--config",
        &config,
        "--bootstrap",
        "100",
        "--format",
        "csv",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = rows(&stdout(&o));
    assert_eq!(rows[0].join(","), SA_HEADER);
    let factors: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        factors,
        [
            "weights_level_1",
            "weights_level_2",
            "aggregate",
            "impute",
            "exclude_one"
        ]
    );
    for r in &rows[1..] {
        let [s1, s1_lo, s1_hi, st, st_lo, st_hi] = [1, 2, 3, 4, 5, 6].map(|j| num(&r[j]));
        assert!(s1_lo <= s1_hi && st_lo <= st && st <= st_hi, "{r:?}");
        assert!(s1.is_finite() && st >= 0.0, "{r:?}");
    }
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.contains("exclude_one") && svg.contains("mean absolute rank shift"));
}

#[test]
fn sensitivity_on_asem_p00_one_row_per_factor() {
    let Some(dir) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let config = example_config(tmp.path(), "sa_asem_p00.json", 128);
    for output in ["rank_shift", "unit:DEU", "score:CHN"] {
        let o = run(
            asem_args(&dir),
            &[
                "sensitivity",
                "--config",
                &config,
                "--output",
                output,
                "--bootstrap",
                "200",
            ],
        );
        assert!(o.status.success(), "{output}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("128 base rows x 7 = 896 runs"),
            "{}",
            stderr(&o)
        );
        let rows = rows(&stdout(&o));
        assert_eq!(rows[0].join(","), SA_HEADER);
        let factors: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            factors,
            ["weights", "normalise", "aggregate", "impute", "treat"]
        );
        let total: f64 = rows[1..].iter().map(|r| num(&r[4])).sum();
        assert!(total > 0.0, "{output}: some factor matters");
    }
    let o = run(
        asem_args(&dir),
        &["sensitivity", "--config", &config, "--output", "unit:XXX"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no unit `XXX`"), "{}", stderr(&o));
    let o = run(
        asem_args(&dir),
        &["sensitivity", "--config", &config, "--output", "median"],
    );
    assert_eq!(o.status.code(), Some(2));
}

/// Geometric means of z-scores (values < 0) make the runs that pick them fail.
fn failing_config(tmp: &Path, runs: usize) -> String {
    let v = serde_json::json!({
        "runs": runs, "seed": 3, "sampling": "random",
        "factors": [
            {"weights": {"level": 1, "noise": 0.2}},
            {"normalise": [{"min_max": {"low": 1, "high": 100}}, {"z_score": {"mean": 0, "sd": 1}}]},
            {"aggregate": ["arithmetic", "geometric"]}
        ]
    });
    write_json(tmp, "failing.json", &v)
}

/// `thb: N of R runs failed` on stderr: N.
fn failed_runs(err: &str) -> usize {
    let line = err
        .lines()
        .find(|l| l.contains(" runs failed"))
        .unwrap_or_else(|| panic!("no failure report in: {err}"));
    line.trim_start_matches("thb: ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_failing_factor_is_reported_not_hidden() {
    let Some(dir) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let config = failing_config(tmp.path(), 400);
    let o = run(asem_args(&dir), &["uncertainty", "--config", &config]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let failed = failed_runs(&err);
    assert!((60..140).contains(&failed), "about one run in four: {err}");
    assert!(err.contains("of 400 runs failed"), "{err}");
    assert!(err.contains("geometric mean of `"), "{err}");
    assert!(err.contains("needs values > 0"), "{err}");
    // The first failed run, re-run on its own, fails with the cause and writes nothing.
    let first: String = err
        .lines()
        .find_map(|l| l.split("first run ").nth(1))
        .and_then(|rest| rest.split(':').next())
        .unwrap()
        .to_owned();
    let out = tmp.path().join("run.csv");
    let o = run(
        asem_args(&dir),
        &[
            "uncertainty",
            "--config",
            &config,
            "--run",
            &first,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("z_score") && err.contains("\"geometric\""),
        "{err}"
    );
    assert!(err.contains(&format!("run {first} failed")), "{err}");
    assert!(!out.exists(), "nothing written to --out on failure");

    // Sensitivity: the base rows with a failed run are left out, and the failures reported.
    let config = failing_config(tmp.path(), 64);
    let o = run(
        asem_args(&dir),
        &["sensitivity", "--config", &config, "--bootstrap", "50"],
    );
    let err = stderr(&o);
    assert!(
        err.contains("of 320 runs failed") && err.contains("geometric mean"),
        "{err}"
    );
}

#[test]
fn run_k_is_the_pipeline_run_of_the_spec_it_describes() {
    let Some(dir) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let z = serde_json::json!({"z_score": {"mean": 100, "sd": 10}});
    let config = write_json(
        tmp.path(),
        "methods.json",
        &serde_json::json!({
            "runs": 40, "seed": 8,
            "factors": [
                {"normalise": [{"min_max": {"low": 0, "high": 100}}, z]},
                {"aggregate": ["arithmetic", "geometric"]},
                {"impute": [{"group_mean": {"group": "EurAsia_group"}}, "column_mean"]}
            ]
        }),
    );
    let p00: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace("crates/thb-scoring/tests/data/P00.json")).unwrap(),
    )
    .unwrap();
    let run_k = |k: &str| {
        run(
            asem_args(&dir),
            &[
                "uncertainty",
                "--config",
                &config,
                "--run",
                k,
                "--format",
                "csv",
            ],
        )
    };
    let (mut checked, mut failed) = (0, 0);
    for k in 0..40 {
        let k = k.to_string();
        let o = run_k(&k);
        let err = stderr(&o);
        let line = err
            .lines()
            .find(|l| l.contains(&format!("run {k}:")))
            .unwrap_or_else(|| panic!("no description: {err}"));
        let mut spec = p00.clone();
        if line.contains("z_score") {
            spec["normalise"] = z.clone();
        }
        if line.contains("\"geometric\"") {
            spec["aggregate"] = "geometric".into();
        }
        if line.contains("\"column_mean\"") {
            spec["impute"] = "column_mean".into();
        }
        let spec_path = write_json(tmp.path(), "spec.json", &spec);
        let mut args = asem_args(&dir);
        args[5] = spec_path;
        let score = run(args, &["score", "--format", "csv"]);
        if !o.status.success() {
            // geometric means of min-max [0, 100] meet its zeros: the pipeline fails alike.
            assert_eq!((o.status.code(), score.status.code()), (Some(1), Some(1)));
            let cause = stderr(&score).replace("thb: error: ", "");
            assert!(err.contains(cause.trim_end()), "{err}\n{cause}");
            failed += 1;
            continue;
        }
        assert!(score.status.success(), "{}", stderr(&score));
        let expected: Vec<(String, String, String)> = rows(&stdout(&score))[1..]
            .iter()
            .map(|r| {
                let n = r.len();
                (r[0].clone(), r[n - 2].clone(), r[n - 1].clone())
            })
            .collect();
        let got: Vec<(String, String, String)> = rows(&stdout(&o))[1..]
            .iter()
            .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
            .collect();
        assert_eq!(got, expected, "{line}");
        assert_eq!(rows(&stdout(&o))[0].join(","), "unit,score,rank");
        checked += 1;
        // The same run again: the same bytes.
        let again = run_k(&k);
        assert_eq!(again.stdout, o.stdout);
    }
    assert!(
        checked >= 10 && failed >= 3,
        "{checked} runs compared, {failed} failed"
    );
    let o = run(
        asem_args(&dir),
        &["uncertainty", "--config", &config, "--run", "40"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn run_k_of_a_sensitivity_design_names_its_block_and_nodes() {
    let tmp = tempfile::tempdir().unwrap();
    let config = example_config(tmp.path(), "sa_reference.json", 16);
    // Run 16 is the first of block B (the 16 base rows of A come first).
    let o = thb(&[
        "sensitivity",
        "--config",
        &config,
        "--run",
        "16",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("run 16 (block B)"), "{err}");
    assert!(
        err.contains("Prevention x "),
        "weights are named by node: {err}"
    );
    assert_eq!(rows(&stdout(&o)).len(), 28);
}

#[test]
fn invalid_configs_exit_1_naming_the_file_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ua.csv");
    for (name, text, needle) in [
        (
            "zero.json",
            r#"{"runs": 0, "seed": 1, "factors": [{"aggregate": ["arithmetic"]}]}"#,
            "runs",
        ),
        (
            "bad_method.json",
            r#"{"runs": 5, "seed": 1, "factors": [{"aggregate": ["arithmetic", "averagish"]}]}"#,
            "alternative 1",
        ),
        (
            "bad_level.json",
            r#"{"runs": 5, "seed": 1, "factors": [{"exclude_one": {"level": 3}}]}"#,
            "level 3",
        ),
        ("not_json.json", "{runs: 5", "line 1"),
    ] {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        let o = thb(&[
            "uncertainty",
            "--config",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(name) && err.contains(needle), "{name}: {err}");
        assert!(!out.exists(), "{name}: nothing written to --out");
    }
    let o = thb(&["uncertainty", "--config", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/file.json"));
}
