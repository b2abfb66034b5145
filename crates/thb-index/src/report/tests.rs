//! Tests of the report: content, escaping, self-containment, both formats.

use thb_model::io::{read_idata_str, read_imeta_str};
use thb_model::{Dataset, Framework, Location, Period};
use thb_monitor::progress::{EurostatThresholds, Targets, assess_dataset};
use thb_scoring::{IndexResult, IndexSpec, Pipeline, Stage};

use super::xml_check::well_formed;
use super::*;
use crate::reference;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

fn builtin() -> TestResult<(Framework, Dataset, IndexSpec, IndexResult)> {
    let (fw, ds, spec) = (
        reference::framework()?,
        reference::illustrative_dataset(),
        reference::spec()?,
    );
    let result = Pipeline::new(&fw, &ds, &spec)?.run_latest()?;
    Ok((fw, ds, spec, result))
}

/// Units named with markup, an indicator with a missing cell and column-mean imputation.
fn hostile() -> TestResult<(Framework, Dataset, IndexSpec, IndexResult)> {
    let fw = read_imeta_str(
        "iCode,iName,Level,Parent,Type,Direction,Unit\n\
         a,Rate <b>&</b> \"quoted\",1,P,Indicator,1,%\n\
         b,Risk | pipe,1,P,Indicator,-1,per 1000\n\
         c,Third,1,Q,Indicator,1,\n\
         P,Pillar 'P',2,Index,Aggregate,,\n\
         Q,Pillar Q,2,Index,Aggregate,,\n\
         Index,The <i>index</i>,3,,Aggregate,,\n",
        Location::memory(),
    )?;
    let ds = read_idata_str(
        "uName,uCode,a,b,c\n\
         \"<script>alert('x')</script>\",AAA,10,3,5\n\
         B&B *bold* [link](x),BBB,20,NA,7\n\
         Plain,CCC,30,1,9\n",
        Location::memory(),
        &fw,
        Period::Year(2024),
    )?;
    let spec = IndexSpec::builder()
        .impute(thb_scoring::Imputation::ColumnMean)
        .build()?;
    let result = Pipeline::new(&fw, &ds, &spec)?.run(Period::Year(2024))?;
    Ok((fw, ds, spec, result))
}

fn report(inputs: &(Framework, Dataset, IndexSpec, IndexResult)) -> TestResult<Report> {
    Ok(Report::builder(&inputs.0, &inputs.1, &inputs.2, &inputs.3).build()?)
}

/// No script, no element or style that could fetch anything; links stay inside the page.
fn assert_self_contained(html: &str) {
    for forbidden in [
        "<script", "<link", "<img", "<iframe", "<object", "<embed", "src=", "url(", "@import",
        "http://", "https://",
    ] {
        assert!(!html.contains(forbidden), "found `{forbidden}`");
    }
    for (i, _) in html.match_indices("href=\"") {
        assert_eq!(&html[i + 6..i + 7], "#", "external link at {i}");
    }
}

/// Every Markdown table line has as many cells as its header.
fn assert_markdown_tables(md: &str) -> usize {
    let cells = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => n += 1,
                _ => escaped = false,
            }
        }
        n
    };
    let mut tables = 0;
    let mut width = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            match width {
                None => {
                    width = Some(n);
                    tables += 1;
                }
                Some(w) => assert_eq!(n, w, "ragged table line: {line}"),
            }
        } else {
            width = None;
        }
    }
    tables
}

#[test]
fn builtin_report_has_every_section_and_the_illustrative_banner() -> TestResult {
    let inputs = builtin()?;
    let r = report(&inputs)?;
    assert!(r.illustrative);
    let html = r.to_html();
    well_formed(&html)?;
    assert_self_contained(&html);
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
    // no analysis given: no such sections
    for id in ["uncertainty", "sensitivity", "progress"] {
        assert!(!html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    // charts: tree, index bars, pillar dots, coverage
    assert_eq!(html.matches("<svg").count(), 4);
    assert!(html.contains("THB score (higher is better)"));
    assert!(html.contains("pillar score (higher is better)"));
    assert!(html.contains("share of indicator cells (%)"));
    // every unit has a profile card, and the ranking links to it
    assert_eq!(html.matches("<article class=\"card\"").count(), 27);
    assert!(html.contains("<a href=\"#unit-FR\">FR</a>") && html.contains("id=\"unit-FR\""));
    // the framework: directions, units of measure, sources
    assert!(html.contains("↓ lower is better") && html.contains("per million"));
    assert!(html.contains("Eurostat crim_thb"));
    // provenance: the spec as JSON and the method of each node
    assert!(html.contains("log_goalposts (6)"));
    if cfg!(feature = "serde") {
        assert!(html.contains("&quot;log_goalposts&quot;"));
    }
    Ok(())
}

#[test]
fn the_banner_is_only_for_illustrative_data() -> TestResult {
    let mut inputs = builtin()?;
    inputs
        .1
        .set_source("Eurostat crim_thb, extracted 2024-05-01");
    let r = report(&inputs)?;
    assert!(!r.illustrative);
    let html = r.to_html();
    assert!(!html.contains("class=\"banner\""));
    assert!(!r.to_markdown().contains("ILLUSTRATIVE data:"));
    assert!(html.contains("Eurostat crim_thb, extracted 2024-05-01"));
    Ok(())
}

#[test]
fn markdown_has_the_same_sections_as_tables() -> TestResult {
    let r = report(&builtin()?)?;
    let md = r.to_markdown();
    assert!(md.starts_with("# THB INDEX (reference framework)"));
    assert!(md.contains("> **⚠ ILLUSTRATIVE data"));
    for title in [
        "## Summary",
        "## Framework",
        "## Ranking and pillar scores",
        "## Country profiles",
        "## Data coverage",
        "## Provenance",
    ] {
        assert!(md.contains(title), "{title}");
    }
    assert!(md.contains("| rank | unit | name | THB | Prevention |"));
    assert!(md.contains("|---:|---|---|---:|"));
    assert!(md.contains("[FR](#unit-FR)"));
    assert!(md.contains("*Chart of"));
    assert!(!md.contains("<svg"));
    // framework (2), ranking, per unit 3 or 4, coverage, provenance (2)
    assert!(assert_markdown_tables(&md) > 27 * 3);
    assert!(md.contains("```\n"));
    Ok(())
}

#[test]
fn text_is_escaped_everywhere() -> TestResult {
    let r = report(&hostile()?)?;
    let html = r.to_html();
    well_formed(&html)?;
    assert_self_contained(&html);
    assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("Rate &lt;b&gt;&amp;&lt;/b&gt; &quot;quoted&quot;"));
    assert!(html.contains("The &lt;i&gt;index&lt;/i&gt;"));
    let md = r.to_markdown();
    assert!(!md.contains("<script>") && !md.contains("<b>"));
    assert!(md.contains("Risk \\| pipe") && md.contains("B&amp;B \\*bold\\* \\[link\\](x)"));
    assert_markdown_tables(&md);
    Ok(())
}

#[test]
fn imputed_and_missing_cells_are_marked() -> TestResult {
    let inputs = hostile()?;
    let r = report(&inputs)?;
    // BBB's `b` was missing and imputed by the column mean (3 + 1) / 2 = 2.
    let bbb = r
        .profiles
        .iter()
        .find(|p| p.unit.code == "BBB")
        .ok_or("no profile of BBB")?;
    assert_eq!(bbb.gaps.len(), 1);
    assert_eq!(bbb.gaps[0].indicator.code, "b");
    match &bbb.gaps[0].kind {
        GapKind::Imputed { value, method } => {
            assert!((value - 2.0).abs() < 1e-12);
            assert_eq!(*method, "column_mean");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        bbb.strengths
            .iter()
            .chain(&bbb.weaknesses)
            .any(|s| s.node.code == "b" && s.imputed)
    );
    let cov = r
        .coverage
        .iter()
        .find(|c| c.unit.as_str() == "BBB")
        .ok_or("no coverage of BBB")?;
    assert_eq!((cov.cells, cov.missing, cov.imputed), (3, 1, 1));
    let html = r.to_html();
    assert!(html.contains("[imputed]") && html.contains("imputed: 2.000 (column_mean)"));
    assert!(html.contains("Imputed cells"));
    assert!(r.to_markdown().contains("**Imputed cells**"));
    Ok(())
}

#[test]
fn profiles_rank_indicators_like_the_published_ranking() -> TestResult {
    let inputs = builtin()?;
    let r = report(&inputs)?;
    let result = &inputs.3;
    let normalised = result.stage(Stage::Normalised);
    let kept = result.stage_units(Stage::Aggregated);
    for p in &r.profiles {
        let row = kept
            .iter()
            .position(|&u| result.units()[u].code.as_str() == p.unit.code)
            .ok_or("not found")?;
        for s in p.strengths.iter().chain(&p.weaknesses) {
            let j = result
                .indicator_codes()
                .iter()
                .position(|c| *c == s.node.code)
                .ok_or("not found")?;
            let col = normalised.column(j);
            let mine = col[row];
            // rank = 1 + number of units with a strictly higher score (ties `min`)
            let better = col.iter().filter(|v| !v.is_nan() && **v > mine).count();
            assert_eq!(
                s.rank,
                Some(better as u32 + 1),
                "{} {}",
                p.unit.code,
                s.node.code
            );
            assert_eq!(s.of, col.iter().filter(|v| !v.is_nan()).count());
        }
        let best = p.strengths.iter().filter_map(|s| s.rank).max();
        let worst = p.weaknesses.iter().filter_map(|s| s.rank).min();
        if let (Some(b), Some(w)) = (best, worst) {
            assert!(b <= w, "{}", p.unit.code);
        }
        // every gap is a scored indicator without an exact value in the data
        for g in &p.gaps {
            let obs = inputs
                .1
                .get(&p.unit.code, &g.indicator.code, result.period());
            assert!(obs.is_none_or(|o| o.value().is_none()));
        }
    }
    // the ranking is ordered by rank
    let ranks: Vec<u32> = r.ranking.iter().filter_map(|x| x.rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(r.ranking[0].rank, Some(1));
    Ok(())
}

#[test]
fn uncertainty_and_sensitivity_sections_from_plain_rows() -> TestResult {
    let inputs = builtin()?;
    let uncertainty = vec![
        UncertaintyRow::new("ES")
            .ranks(Some(2), Some(2.0), Some(2.4), Some(1.0), Some(4.0))
            .scores(Some(83.1), Some(79.0), Some(86.5)),
        UncertaintyRow::new("FR")
            .ranks(Some(1), Some(1.0), Some(1.3), Some(1.0), Some(3.0))
            .scores(Some(88.6), Some(84.0), Some(90.0)),
        UncertaintyRow::new("IE").ranks(Some(27), Some(26.0), Some(25.9), Some(22.0), Some(27.0)),
    ];
    let sensitivity = vec![
        SensitivityRow::new("weights level 1", (0.41, 0.35, 0.47), (0.58, 0.5, 0.66)),
        SensitivityRow::new("aggregate <method>", (0.2, 0.15, 0.26), (0.31, 0.25, 0.37)),
    ];
    let r = Report::builder(&inputs.0, &inputs.1, &inputs.2, &inputs.3)
        .uncertainty(uncertainty)
        .sensitivity(sensitivity)
        .build()?;
    let order: Vec<&str> = r.uncertainty.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(order, ["FR", "ES", "IE"]);
    let html = r.to_html();
    well_formed(&html)?;
    for id in ["uncertainty", "sensitivity"] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert_eq!(html.matches("<svg").count(), 6);
    assert!(html.contains("rank (1 = best; further left is better)"));
    assert!(html.contains("5-95 % of runs"));
    assert!(html.contains("share of output variance (0-1)"));
    assert!(html.contains("aggregate &lt;method&gt;") && html.contains("0.410"));
    // score bands become whiskers on the index chart
    assert!(html.contains("whiskers: 5-95 % score band"));
    let md = r.to_markdown();
    assert!(md.contains("## Rank uncertainty") && md.contains("## Sensitivity analysis"));
    assert!(md.contains("| factor | S1 | S1 5 % | S1 95 % | ST | ST 5 % | ST 95 % |"));
    assert!(md.contains("| weights level 1 | 0.410 | 0.350 | 0.470 | 0.580 | 0.500 | 0.660 |"));
    assert!(
        md.contains("| [IE](#unit-IE) | Ireland | 27 | 26.0 | 25.90 | 22.0 | 27.0 | – | – | – |")
    );
    assert_markdown_tables(&md);
    Ok(())
}

#[test]
fn bad_analysis_rows_are_typed_errors() -> TestResult {
    let inputs = builtin()?;
    let build = |u: Vec<UncertaintyRow>, s: Vec<SensitivityRow>| {
        Report::builder(&inputs.0, &inputs.1, &inputs.2, &inputs.3)
            .uncertainty(u)
            .sensitivity(s)
            .build()
    };
    let e = build(vec![UncertaintyRow::new("XX")], vec![])
        .err()
        .ok_or("expected an error")?;
    assert!(e.to_string().contains("`XX`"), "{e}");
    let twice = vec![UncertaintyRow::new("FR"), UncertaintyRow::new("FR")];
    assert!(build(twice, vec![]).is_err());
    let nan = UncertaintyRow::new("FR").ranks(Some(1), Some(f64::NAN), None, None, None);
    let e = build(vec![nan], vec![]).err().ok_or("expected an error")?;
    assert!(
        e.to_string().contains("median_rank") && e.to_string().contains("FR"),
        "{e}"
    );
    let inf = SensitivityRow::new("w", (0.1, 0.0, f64::INFINITY), (0.2, 0.1, 0.3));
    let e = build(vec![], vec![inf]).err().ok_or("expected an error")?;
    assert!(e.to_string().contains("s1_high"), "{e}");
    Ok(())
}

#[test]
fn progress_section_counts_every_assessed_pair() -> TestResult {
    let inputs = builtin()?;
    let (from, to) = (Period::Year(2019), Period::Year(2023));
    let rows = assess_dataset(
        &inputs.1,
        &inputs.0,
        from,
        to,
        &Targets::new(),
        &EurostatThresholds::default(),
    )?;
    let n = rows.len();
    let r = Report::builder(&inputs.0, &inputs.1, &inputs.2, &inputs.3)
        .progress(from, to, rows)
        .build()?;
    let p = r.progress.as_ref().ok_or("no progress section")?;
    let by_unit: usize = p.by_unit.iter().flat_map(|s| s.counts.values()).sum();
    let by_pillar: usize = p.by_pillar.iter().flat_map(|(_, c)| c.values()).sum();
    assert_eq!(by_unit, n);
    // context indicators without a parent belong to no pillar
    assert!(by_pillar <= n && by_pillar > 0);
    let html = r.to_html();
    well_formed(&html)?;
    assert!(html.contains("<section id=\"progress\">") && html.contains("Progress 2019 to 2023"));
    assert!(html.contains("number of indicators, by progress category"));
    assert!(r.to_markdown().contains("significant progress"));
    Ok(())
}

#[test]
fn rendering_is_deterministic_and_titles_are_settable() -> TestResult {
    let inputs = builtin()?;
    let a = Report::builder(&inputs.0, &inputs.1, &inputs.2, &inputs.3)
        .title("Rapport <2023>")
        .input("data", "built in")
        .decimals(2)
        .build()?;
    let b = Report::builder(&inputs.0, &inputs.1, &inputs.2, &inputs.3)
        .title("Rapport <2023>")
        .input("data", "built in")
        .decimals(2)
        .build()?;
    assert_eq!(a.to_html(), b.to_html());
    assert_eq!(a.to_markdown(), b.to_markdown());
    let html = a.to_html();
    assert!(html.contains("<title>Rapport &lt;2023&gt;</title>"));
    assert!(html.contains("<dt>data</dt><dd>built in</dd>"));
    // two decimals: France's index score 88.613 shows as 88.61
    assert!(html.contains(">88.61<"), "decimals");
    assert_eq!(a.render(ReportFormat::Html), html);
    Ok(())
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync + Unpin>() {}
    check::<Report>();
    check::<ReportBuilder<'static>>();
    check::<UncertaintyRow>();
    check::<SensitivityRow>();
    check::<ReportFormat>();
}
