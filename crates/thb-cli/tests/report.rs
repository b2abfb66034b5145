//! End-to-end tests of `thb report`: the built-in reference, the ASEM tables from
//! `../shared/data`, previous analyses passed as CSV, and broken inputs (exit status, message,
//! nothing written).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)] // test support: a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::{asem, shared, stderr, thb};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Nothing in the page can reach the network.
fn assert_offline(html: &str) {
    for forbidden in [
        "<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "http://", "https://",
    ] {
        assert!(!html.contains(forbidden), "found `{forbidden}`");
    }
}

#[test]
fn builtin_reference_report_is_one_offline_html_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.html");
    let o = thb(&["report", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("ILLUSTRATIVE") && stderr(&o).contains("wrote the report"));
    let html = read(&out);
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_offline(&html);
    assert!(html.contains("class=\"banner\"") && html.contains("ILLUSTRATIVE data"));
    for id in [
        "summary",
        "framework",
        "ranking",
        "profiles",
        "coverage",
        "provenance",
    ] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert_eq!(html.matches("<article class=\"card\"").count(), 27);
    assert!(html.contains("built-in reference THB INDEX framework"));
    assert!(html.contains("the reference spec"));
}

#[test]
fn progress_between_two_periods_and_markdown() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.md");
    let o = thb(&[
        "report",
        "--from",
        "2019",
        "--to",
        "2023",
        "--format",
        "markdown",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let md = read(&out);
    assert!(md.starts_with("# THB INDEX"));
    assert!(md.contains("## Progress 2019 to 2023"));
    assert!(md.contains("| unit | name | assessed |"));
    assert!(md.contains("| rank | unit | name | THB |"));
    assert!(!md.contains("<svg"));
}

#[test]
fn asem_report_from_the_coinr_tables() {
    let Some(dir) = shared() else { return };
    let (meta, data) = asem(&dir);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("asem.html");
    let o = thb(&[
        "report",
        "--framework",
        &meta,
        "--data",
        &data,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&out);
    assert_offline(&html);
    assert!(!html.contains("class=\"banner\""), "ASEM data is real data");
    assert!(html.contains("<h1>Sustainable Connectivity</h1>"));
    assert_eq!(html.matches("<article class=\"card\"").count(), 51);
    // ranking: Germany first, as `thb score` says (checked against COINr in tests/cli.rs)
    assert!(html.contains("<td class=\"n\">1</td><td><a href=\"#unit-DEU\">DEU</a></td>"));
    assert!(html.contains("asem_imeta.csv") && html.contains("the default spec"));
    assert!(html.contains("↓ lower is better"));
}

const UNCERTAINTY: &str = "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank,nominal_score,q05_score,q95_score\n\
    FR,1,1,1.2,1,2,88.6,85,90\nES,2,2,2.5,1,4,83.1,80,86\nIE,27,27,26.5,24,27,39,35,42\n";

const SENSITIVITY: &str =
    "factor,s1,s1_low,s1_high,st,st_low,st_high\nweights,0.4,0.3,0.5,0.6,0.5,0.7\n";

#[test]
fn previous_analyses_are_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let ua = tmp.path().join("ua.csv");
    let sa = tmp.path().join("sa.csv");
    std::fs::write(&ua, UNCERTAINTY).unwrap();
    std::fs::write(&sa, SENSITIVITY).unwrap();
    let out = tmp.path().join("report.html");
    let o = thb(&[
        "report",
        "--uncertainty",
        ua.to_str().unwrap(),
        "--sensitivity",
        sa.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&out);
    assert!(html.contains("<section id=\"uncertainty\">"));
    assert!(html.contains("<section id=\"sensitivity\">"));
    assert!(html.contains("ua.csv") && html.contains("sa.csv"));
}

/// Runs a failing report command and checks its exit status, message and that `out` keeps
/// its previous content.
fn assert_fails(args: &[&str], out: &Path, code: i32, message: &str) {
    std::fs::write(out, "previous content").unwrap();
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend(["--out", out.to_str().unwrap()]);
    let o = thb(&all);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    assert_eq!(read(out), "previous content", "{args:?} wrote to --out");
}

#[test]
fn broken_inputs_exit_with_a_message_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.html");
    let bad_ua = tmp.path().join("bad_ua.csv");
    std::fs::write(
        &bad_ua,
        "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank\nFR,1,1,1,1,2\nES,2,two,2,1,3\n",
    )
    .unwrap();
    assert_fails(
        &["--uncertainty", bad_ua.to_str().unwrap()],
        &out,
        1,
        "bad_ua.csv:3",
    );
    let unknown = tmp.path().join("unknown_ua.csv");
    std::fs::write(
        &unknown,
        "unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank\nXX,1,1,1,1,2\n",
    )
    .unwrap();
    assert_fails(
        &["--uncertainty", unknown.to_str().unwrap()],
        &out,
        1,
        "`XX`",
    );
    let short = tmp.path().join("short_sa.csv");
    std::fs::write(&short, "factor,s1\nweights,0.4\n").unwrap();
    assert_fails(
        &["--sensitivity", short.to_str().unwrap()],
        &out,
        1,
        "missing column(s) s1_low",
    );
    let meta = tmp.path().join("meta.csv");
    std::fs::write(
        &meta,
        "iCode,Level,Parent,Type\na,1,P,Indicator\na,1,P,Indicator\nP,2,,Aggregate\n",
    )
    .unwrap();
    let data = tmp.path().join("data.csv");
    std::fs::write(&data, "uCode,a\nAAA,1\n").unwrap();
    assert_fails(
        &[
            "--framework",
            meta.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ],
        &out,
        1,
        "meta.csv",
    );
    let missing = tmp.path().join("no_such_file.csv");
    assert_fails(
        &["--uncertainty", missing.to_str().unwrap()],
        &out,
        1,
        "no_such_file.csv",
    );
    assert_fails(&["--from", "2019", "--to", "2031"], &out, 1, "2031");
    assert_fails(&["--format", "csv"], &out, 2, "html");
    assert_fails(&["--from", "2019"], &out, 2, "--to");
}
