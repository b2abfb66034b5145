//! End-to-end tests of the `thb` binary: real files from `../shared/data`, broken inputs, exit
//! codes, and that nothing is written to `--out` on failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)] // test support: a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::{asem, shared, stderr, stdout, thb};

#[test]
fn validate_builtin_reference_says_so_and_succeeds() {
    let o = thb(&["validate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("ILLUSTRATIVE"), "{}", stderr(&o));
}

#[test]
fn validate_real_asem_tables() {
    let Some(dir) = shared() else { return };
    let (meta, data) = asem(&dir);
    let o = thb(&["validate", "--framework", &meta, "--data", &data]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn validate_lists_every_problem_and_exits_1_writing_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let meta = tmp.path().join("meta.csv");
    std::fs::write(
        &meta,
        "iCode,Level,Parent,Type\na,1,P,Indicator\na,1,P,Indicator\nP,2,Q,Aggregate\n",
    )
    .unwrap();
    let out = tmp.path().join("problems.csv");
    let o = thb(&[
        "validate",
        "--framework",
        meta.to_str().unwrap(),
        "--data",
        meta.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("meta.csv,3,iCode,,a,node `a` is defined twice"),
        "{text}"
    );
    assert!(text.contains("parent `Q` is not a node"), "{text}");
    assert!(stderr(&o).contains("problem(s) found"));
    assert!(!out.exists());
}

#[test]
fn coverage_gaps_of_a_real_panel_are_warnings() {
    let Some(dir) = shared() else { return };
    let p3 = dir.join("data/cho_3p_index/cho_3p_index_tidy_2000_2013.csv");
    let o = thb(&[
        "validate",
        "--data",
        p3.to_str().unwrap(),
        "--data-format",
        "cho_3p",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .lines()
            .skip(1)
            .all(|l| l.starts_with("warning,coverage,"))
    );
    assert!(stderr(&o).contains("warning(s)"));
}

#[test]
fn usage_errors_exit_2() {
    let o = thb(&["validate", "--framework", "x.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--framework needs --data"));
    assert_eq!(thb(&["no-such-command"]).status.code(), Some(2));
}

#[test]
fn missing_file_exits_1_naming_it() {
    let o = thb(&[
        "validate",
        "--framework",
        "/nonexistent/meta.csv",
        "--data",
        "/nonexistent/data.csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/nonexistent/meta.csv"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn progress_on_builtin_data_has_the_interface_columns() {
    let o = thb(&[
        "progress", "--from", "2019", "--to", "2023", "--format", "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "unit,indicator,base_period,base,latest_period,latest,cagr,target,target_period,required_cagr,ratio,category,note"
        )
    );
    let first = lines.next().unwrap_or_default();
    assert!(first.starts_with("AT,PV01,2019,"), "{first}");
}

#[test]
fn progress_usage_errors() {
    let o = thb(&["progress", "--from", "2023", "--to", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let Some(dir) = shared() else { return };
    let (meta, data) = asem(&dir);
    // iMeta Target without --target-period is a usage error.
    let o = thb(&[
        "progress",
        "--framework",
        &meta,
        "--data",
        &data,
        "--from",
        "2017",
        "--to",
        "2018",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--target-period"), "{}", stderr(&o));
}

#[test]
fn measures_overlap_finds_the_planted_duplicates() {
    let registry = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data/measures_illustrative.json");
    let registry = registry.to_str().unwrap();
    let o = thb(&[
        "measures",
        "overlap",
        "--registry",
        registry,
        "--table",
        "clusters",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "cluster,size,measures\n1,2,M05 M17\n2,3,M09 M21 M28\n3,2,M13 M30\n"
    );
    assert!(stderr(&o).contains("ILLUSTRATIVE"));
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, "{\"schema\": 1, \"measures\": [{\"id\": \"A\"}]}").unwrap();
    let out = tmp.path().join("out.csv");
    let o = thb(&[
        "measures",
        "overlap",
        "--registry",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.json"), "{}", stderr(&o));
    assert!(!out.exists());
}

/// Compares a CSV written by thb with a COINr expected file (rows matched by unit code).
fn assert_matches_coinr(got: &str, expected: &Path, key: &str) {
    let mut exp = csv::Reader::from_path(expected).unwrap();
    let exp_header: Vec<String> = exp.headers().unwrap().iter().map(str::to_owned).collect();
    let mut got = csv::Reader::from_reader(got.as_bytes());
    let got_header: Vec<String> = got.headers().unwrap().iter().map(str::to_owned).collect();
    let got_rows: Vec<Vec<String>> = got
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let mut checked = 0;
    for rec in exp.records() {
        let rec = rec.unwrap();
        let unit = &rec[0];
        let row = got_rows
            .iter()
            .find(|r| r[0] == unit)
            .unwrap_or_else(|| panic!("unit {unit} missing"));
        for (k, name) in exp_header.iter().enumerate().skip(1) {
            let j = got_header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("column {name} missing"));
            let (e, g) = (&rec[k], &row[j]);
            if e == "NA" {
                assert_eq!(g, "", "{unit} {name}");
            } else {
                let (e, g): (f64, f64) = (e.parse().unwrap(), g.parse().unwrap());
                assert!(
                    (g - e).abs() <= 1e-9 + 1e-9 * e.abs(),
                    "{unit} {name}: {g} vs {e}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "{key}: nothing compared");
}

#[test]
fn score_reproduces_coinr_p00_aggregated_table() {
    let Some(dir) = shared() else { return };
    let (meta, data) = asem(&dir);
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../thb-scoring/tests/data/P00.json");
    let o = thb(&[
        "score",
        "--framework",
        &meta,
        "--data",
        &data,
        "--spec",
        spec.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("unit,LPI,"), "{}", &text[..50]);
    assert!(text.lines().next().unwrap().ends_with(",Index,rank"));
    let p00 = dir.join("conformance/coinr_asem/P00_example_coin");
    assert_matches_coinr(&text, &p00.join("aggregated.csv"), "aggregated");
    // ranks: results.csv holds uCode, Index, Rank
    let mut res = csv::Reader::from_path(p00.join("results.csv")).unwrap();
    for rec in res.records() {
        let rec = rec.unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{},", &rec[0])))
            .unwrap();
        assert!(line.ends_with(&format!(",{}", &rec[2])), "{line}");
    }
    // --stage normalised gives COINr's normalised table
    let o = thb(&[
        "score",
        "--framework",
        &meta,
        "--data",
        &data,
        "--spec",
        spec.to_str().unwrap(),
        "--stage",
        "normalised",
    ]);
    assert_matches_coinr(&stdout(&o), &p00.join("normalised.csv"), "normalised");
}

#[test]
fn score_builtin_reference_and_decimals() {
    let o = thb(&["score", "--format", "csv", "--decimals", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("unit,PV01,") && header.ends_with(",Children,THB,rank"),
        "{header}"
    );
    assert_eq!(text.lines().count(), 28);
    let first = text.lines().nth(1).unwrap();
    let last_number = first.split(',').rev().nth(1).unwrap();
    assert!(
        last_number.split('.').nth(1).is_some_and(|d| d.len() == 2),
        "{first}"
    );
    let o = thb(&["score", "--format", "json", "--period", "2019"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(27));
}

#[test]
fn score_method_that_cannot_apply_exits_1_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("geo.json");
    // Geometric mean over goalposts [0, 100] meets zeros: a typed error naming aggregate and unit.
    std::fs::write(
        &spec,
        r#"{"normalise": {"goalposts": {}}, "aggregate": "geometric"}"#,
    )
    .unwrap();
    let out = tmp.path().join("scores.csv");
    let o = thb(&[
        "score",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("geometric"), "{}", stderr(&o));
    assert!(!out.exists());
    std::fs::write(&spec, r#"{"aggregate": "no_such_method"}"#).unwrap();
    let o = thb(&["score", "--spec", spec.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("geo.json"), "{}", stderr(&o));
}

#[test]
fn analyse_tables_have_the_interface_columns() {
    let Some(dir) = shared() else { return };
    let (meta, data) = asem(&dir);
    let o = thb(&[
        "analyse",
        "--framework",
        &meta,
        "--data",
        &data,
        "--table",
        "stats",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(
        text.lines().next(),
        Some("indicator,n,missing,min,max,mean,median,sd,skew,kurtosis")
    );
    assert_eq!(text.lines().count(), 50);
    assert!(text.lines().nth(1).unwrap().starts_with("LPI,51,0,"));
    let o = thb(&[
        "analyse",
        "--framework",
        &meta,
        "--data",
        &data,
        "--table",
        "cronbach",
        "--format",
        "csv",
    ]);
    assert_eq!(stdout(&o).lines().next(), Some("aggregate,alpha"));
    let o = thb(&[
        "analyse",
        "--framework",
        &meta,
        "--data",
        &data,
        "--table",
        "correlations",
        "--format",
        "csv",
    ]);
    assert_eq!(
        stdout(&o).lines().next(),
        Some("a,b,pearson,spearman,kendall")
    );
    assert_eq!(stdout(&o).lines().count(), 1 + 49 * 48 / 2);
}

#[test]
fn weights_sum_to_one_within_each_parent() {
    let Some(dir) = shared() else { return };
    let (meta, data) = asem(&dir);
    for method in [
        "equal",
        "variance",
        "critic",
        "std",
        "gini",
        r#"{"critic": {"correlation": "spearman"}}"#,
    ] {
        let o = thb(&[
            "weights",
            "--framework",
            &meta,
            "--data",
            &data,
            "--method",
            method,
            "--format",
            "csv",
        ]);
        assert!(o.status.success(), "{method}: {}", stderr(&o));
        let text = stdout(&o);
        assert_eq!(text.lines().next(), Some("code,weight"));
        let weights: Vec<(String, f64)> = text
            .lines()
            .skip(1)
            .map(|l| {
                let (c, w) = l.split_once(',').unwrap();
                (c.to_owned(), w.parse().unwrap())
            })
            .collect();
        assert_eq!(weights.len(), 49, "{method}");
        assert!(weights.iter().all(|(_, w)| *w >= 0.0));
        // the eight ASEM pillars: each family's weights sum to 1
        let parents: std::collections::BTreeMap<String, String> = csv::Reader::from_path(&meta)
            .unwrap()
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_owned(), r[3].to_owned())
            })
            .collect();
        let parent = |code: &str| parents[code].clone();
        let mut sums = std::collections::BTreeMap::new();
        for (c, w) in &weights {
            *sums.entry(parent(c)).or_insert(0.0) += w;
        }
        assert_eq!(sums.len(), 8);
        assert!(
            sums.values().all(|s| (s - 1.0).abs() < 1e-9),
            "{method}: {sums:?}"
        );
    }
    // Entropy needs values >= 0: ASEM's GDP growth has negative ones (a typed error, exit 1).
    let o = thb(&[
        "weights",
        "--framework",
        &meta,
        "--data",
        &data,
        "--method",
        "entropy",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("GDPGrow") && stderr(&o).contains("unit `"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("row "), "{}", stderr(&o));
    let o = thb(&[
        "weights",
        "--framework",
        &meta,
        "--data",
        &data,
        "--method",
        "nonsense",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = thb(&[
        "weights",
        "--framework",
        &meta,
        "--data",
        &data,
        "--method",
        "ahp",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn ahp_weights_from_a_pairwise_file() {
    let tmp = tempfile::tempdir().unwrap();
    let pw = tmp.path().join("pillars.csv");
    std::fs::write(&pw, "code,Prevention,Protection,Prosecution,Partnership,Children\nPrevention,1,1,1,1,1\nProtection,1,1,1,1,1\nProsecution,1,1,1,1,1\nPartnership,1,1,1,1,1\nChildren,1,1,1,1,1\n").unwrap();
    let o = thb(&[
        "weights",
        "--method",
        "ahp",
        "--pairwise",
        pw.to_str().unwrap(),
        "--level",
        "2",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 6);
    assert!(
        stdout(&o).lines().skip(1).all(|l| l.ends_with(",0.2")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn compare_prints_one_row_per_pair_in_argument_order() {
    let tmp = tempfile::tempdir().unwrap();
    let mut specs = Vec::new();
    for (name, json) in [
        (
            "arith",
            r#"{"normalise": {"goalposts": {}}, "min_child_availability": 0.6667}"#,
        ),
        (
            "median",
            r#"{"normalise": {"goalposts": {}}, "aggregate": "median", "min_child_availability": 0.6667}"#,
        ),
        (
            "rank",
            r#"{"normalise": {"rank": {}}, "min_child_availability": 0.6667}"#,
        ),
    ] {
        let p = tmp.path().join(format!("{name}.json"));
        std::fs::write(&p, json).unwrap();
        specs.push(p.to_str().unwrap().to_owned());
    }
    let mut args = vec!["compare", "--format", "csv"];
    for s in &specs {
        args.extend(["--spec", s.as_str()]);
    }
    let o = thb(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "a,b,spearman,kendall_tau_b,mean_abs_shift,max_abs_shift"
    );
    assert!(
        lines[1].starts_with("arith,median,")
            && lines[2].starts_with("arith,rank,")
            && lines[3].starts_with("median,rank,")
    );
    let o = thb(&["compare", "--spec", &specs[0]]);
    assert_eq!(o.status.code(), Some(2));
}
