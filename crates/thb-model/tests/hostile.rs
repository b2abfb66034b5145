//! Hostile input for every reader: empty files, wrong headers, ragged rows, byte-order marks,
//! duplicate codes, cycles, NaN/inf, and a million-row long CSV. Each must give a clear error
//! (naming the file and line where it applies) or the right data, and never panic.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers may panic

use std::fmt::Write as _;
use std::path::Path;

use thb_model::io::adapters::{cho_3p, glotip, uk_nrm, us_tip};
use thb_model::io::{self, DimensionMap};
use thb_model::{Dataset, Framework, IssueKind, Location, ModelError, Period};

type Read = fn(&str, Location) -> Result<String, ModelError>;

/// A reader, a valid header, a valid body (rows after the header), the same body with a
/// non-finite value, and whether repeating the body's first row is an error.
struct Case {
    name: &'static str,
    header: &'static str,
    body: &'static str,
    nan_body: &'static str,
    read: Read,
}

fn dataset(ds: Result<Dataset, ModelError>) -> Result<String, ModelError> {
    let mut out = Vec::new();
    io::write_long_csv(&ds?, &mut out)?;
    Ok(String::from_utf8(out).expect("utf-8"))
}

fn framework(fw: Result<Framework, ModelError>) -> Result<String, ModelError> {
    Ok(format!("{:?} {:?}", fw?.nodes(), 0))
}

fn small_framework() -> Framework {
    io::read_imeta_str(
        "iCode,Level,Parent,Type\nx,1,Index,Indicator\nIndex,2,,Aggregate\n",
        Location::memory(),
    )
    .expect("valid")
}

const GLOTIP_HEADER: &str = "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source";
const CHO_HEADER: &str = "iso3,cow_num,cow_abb,country,year,prosecution,protection,prevention,p3_total,tip_tier_code,tip_tier_label,criminalization_level";
const NGO_HEADER: &str = "First responder type,First responder,Exploitation type,Age at exploitation,Gender,Nationality,People";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "imeta",
            header: "iCode,Level,Parent,Type,Weight,Direction,Target",
            body: "x,1,Index,Indicator,1,1,3\nIndex,2,,Aggregate,1,1,NA\n",
            nan_body: "x,1,Index,Indicator,1,1,inf\nIndex,2,,Aggregate,1,1,NA\n",
            read: |t, o| framework(io::read_imeta_str(t, o)),
        },
        Case {
            name: "idata",
            header: "uCode,x",
            body: "AUT,1\n",
            nan_body: "AUT,NaN\n",
            read: |t, o| {
                dataset(io::read_idata_str(
                    t,
                    o,
                    &small_framework(),
                    Period::Year(2020),
                ))
            },
        },
        Case {
            name: "long",
            header: "unit,indicator,period,value,flag",
            body: "AUT,x,2020,1,\n",
            nan_body: "AUT,x,2020,-Infinity,\n",
            read: |t, o| dataset(io::read_long_csv_str(t, o)),
        },
        Case {
            name: "sdmx",
            header: "sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG",
            body: "F,EL,2020,1,p\n",
            nan_body: "F,EL,2020,nan,p\n",
            read: |t, o| dataset(io::read_sdmx_csv_str(t, o, &DimensionMap::series_key())),
        },
        Case {
            name: "cho_3p",
            header: CHO_HEADER,
            body: "HTI,41,HAI,Haiti,2009,2,2,,4,666.0,special_case,0\n",
            nan_body: "HTI,41,HAI,Haiti,2009,2,NaN,,4,666.0,special_case,0\n",
            read: |t, o| dataset(cho_3p::read_str(t, o)),
        },
        Case {
            name: "us_tip",
            header: "countryname,iso,year,ccode,tier",
            body: "Afghanistan,AFG,2002,700,4\n",
            nan_body: "Afghanistan,AFG,2002,700,inf\n",
            read: |t, o| dataset(us_tip::read_str(t, o)),
        },
        Case {
            name: "glotip",
            header: GLOTIP_HEADER,
            body: "ALB,Albania,Europe,S,Persons convicted,Total,Total,Total,Total,2003,Counts,40,GLOTIP\n",
            nan_body: "ALB,Albania,Europe,S,Persons convicted,Total,Total,Total,Total,2003,Counts,NaN,GLOTIP\n",
            read: |t, o| {
                dataset(glotip::read_str(t, o, &glotip::default_mapping()?).map(|d| d.dataset))
            },
        },
        Case {
            name: "uk_nrm series",
            header: "Year,Quarter,Total",
            body: "2016,Q1,108\n",
            nan_body: "2016,Q1,Inf\n",
            read: |t, o| dataset(uk_nrm::read_series_str(t, o)),
        },
        Case {
            name: "uk_nrm cube",
            header: NGO_HEADER,
            body: "NGO,Kalayaan,Labour,Adult (18 or over),Female,Total,3\n",
            nan_body: "NGO,Kalayaan,Labour,Adult (18 or over),Female,Total,NaN\n",
            read: |t, o| dataset(uk_nrm::read_ngo_cube_str(t, o, Period::Year(2023))),
        },
    ]
}

fn at() -> Location {
    Location::file("hostile.csv")
}

fn issues(result: Result<String, ModelError>, case: &str) -> Vec<thb_model::Issue> {
    match result {
        Err(ModelError::Invalid { issues }) => issues,
        other => panic!("{case}: expected a list of problems, got {other:?}"),
    }
}

#[test]
fn valid_input_reads() {
    for c in cases() {
        let text = format!("{}\n{}", c.header, c.body);
        assert!(
            (c.read)(&text, at()).is_ok(),
            "{}: {:?}",
            c.name,
            (c.read)(&text, at())
        );
    }
}

#[test]
fn empty_files_are_clear_errors() {
    for c in cases() {
        for text in ["", "\n\n", "   \n", "\u{feff}"] {
            let err = (c.read)(text, at()).expect_err(c.name);
            let message = err.to_string();
            assert!(
                message.contains("hostile.csv")
                    && (message.contains("empty") || message.contains("header")),
                "{}: {message}",
                c.name
            );
        }
    }
}

#[test]
fn wrong_headers_name_the_missing_column() {
    for c in cases() {
        let err = (c.read)("foo,bar\n1,2\n", at()).expect_err(c.name);
        let message = err.to_string();
        assert!(
            message.contains("needs a `") || message.contains("header"),
            "{}: {message}",
            c.name
        );
        assert!(message.contains("hostile.csv"), "{}: {message}", c.name);
    }
}

/// More fields than any header above.
const RAGGED: &str = "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p";

#[test]
fn ragged_rows_are_reported_with_their_line() {
    for c in cases() {
        let body_lines = c.body.lines().count() as u64;
        let text = format!("{}\n{}{RAGGED}\n", c.header, c.body);
        let found = issues((c.read)(&text, at()), c.name);
        let ragged: Vec<_> = found
            .iter()
            .filter(|i| i.message.contains("fields but the header"))
            .collect();
        assert_eq!(ragged.len(), 1, "{}: {found:#?}", c.name);
        assert_eq!(ragged[0].at.line, Some(body_lines + 2), "{}", c.name);
    }
}

#[test]
fn byte_order_marks_are_ignored() {
    for c in cases() {
        let text = format!("{}\n{}", c.header, c.body);
        let plain = (c.read)(&text, at()).expect(c.name);
        let bom = (c.read)(&format!("\u{feff}{text}"), at()).expect(c.name);
        assert_eq!(plain, bom, "{}", c.name);
    }
}

#[test]
fn non_finite_values_are_errors_naming_line_and_column() {
    for c in cases() {
        let text = format!("{}\n{}", c.header, c.nan_body);
        let found = issues((c.read)(&text, at()), c.name);
        assert!(
            found.iter().any(|i| i.at.line == Some(2)
                && i.at.column.is_some()
                && (i.message.to_lowercase().contains("nan")
                    || i.message.to_lowercase().contains("inf"))),
            "{}: {found:#?}",
            c.name
        );
    }
}

#[test]
fn repeated_rows_are_errors_except_glotip_conflicts() {
    for c in cases() {
        let first = c.body.lines().next().unwrap_or("");
        let text = format!("{}\n{}{first}\n", c.header, c.body);
        if c.name == "glotip" {
            let data = glotip::read_str(&text, at(), &glotip::default_mapping().unwrap()).unwrap();
            assert_eq!(data.conflicts.len(), 1);
            continue;
        }
        let found = issues((c.read)(&text, at()), c.name);
        assert!(
            found.iter().any(|i| i.kind == IssueKind::Duplicate),
            "{}: {found:#?}",
            c.name
        );
    }
}

#[test]
fn indicators_unknown_to_the_framework_are_reported_by_validation() {
    let text = "unit,indicator,period,value\nAUT,x,2020,1\nAUT,zzz,2020,2\n";
    let ds = io::read_long_csv_str(text, at()).expect("valid file");
    let found = ds.validate(&small_framework());
    assert!(
        found.iter().any(|i| i.kind == IssueKind::UnknownReference
            && i.indicator.as_deref() == Some("zzz")),
        "{found:#?}"
    );
}

#[test]
fn duplicate_header_names_are_errors() {
    let text = "unit,indicator,period,value,value\nAUT,x,2020,1,2\n";
    let found = issues(dataset(io::read_long_csv_str(text, at())), "long");
    assert!(found.iter().any(|i| i.kind == IssueKind::Duplicate));
}

#[test]
fn imeta_cycles_and_duplicates() {
    let cycle = "iCode,Level,Parent,Type\na,1,P,Indicator\nP,2,Q,Aggregate\nQ,3,P,Aggregate\n";
    let err = io::read_imeta_str(cycle, at()).expect_err("cycle");
    assert!(err.to_string().contains("root"), "{err}");
    let self_loop = "iCode,Level,Parent,Type\na,1,P,Indicator\nP,2,P,Aggregate\n";
    assert!(io::read_imeta_str(self_loop, at()).is_err());
    let dup = "iCode,Level,Parent,Type\na,1,P,Indicator\na,1,P,Indicator\nP,2,,Aggregate\n";
    let found = issues(framework(io::read_imeta_str(dup, at())), "imeta");
    assert!(
        found
            .iter()
            .any(|i| i.kind == IssueKind::Duplicate && i.at.line == Some(3)),
        "{found:#?}"
    );
}

#[cfg(feature = "serde")]
#[test]
fn json_hostile_input() {
    let read_fw = |t: &str| io::read_framework_json_str(t, Location::file("h.json"));
    let read_ds = |t: &str| io::read_dataset_json_str(t, Location::file("h.json"));
    for text in [
        "",
        "   ",
        "\u{feff}",
        "null",
        "[]",
        "{",
        "{\"schema\": 1",
        "\"schema\"",
    ] {
        let err = read_fw(text).expect_err(text).to_string();
        assert!(err.contains("h.json"), "{err}");
        assert!(read_ds(text).is_err());
        assert!(DimensionMap::from_json_str(text, Location::memory()).is_err());
    }
    let bom = "\u{feff}{\"schema\": 1, \"units\": []}";
    assert!(read_ds(bom).is_ok());
    // duplicates, cycles and non-finite values
    let dup = r#"{"schema": 1, "units": [{"code": "A"}, {"code": "A"}]}"#;
    assert!(matches!(read_ds(dup), Err(ModelError::Invalid { .. })));
    let cycle = r#"{"schema": 1, "nodes": [
        {"code": "a", "kind": "indicator", "level": 1, "parent": "P"},
        {"code": "P", "kind": "aggregate", "level": 2, "parent": "Q"},
        {"code": "Q", "kind": "aggregate", "level": 3, "parent": "P"}]}"#;
    assert!(matches!(read_fw(cycle), Err(ModelError::Invalid { .. })));
    for bad in ["NaN", "inf", "1e400", "x"] {
        let text = format!(
            r#"{{"schema": 1, "units": [{{"code": "A"}}], "observations": [
            {{"unit": "A", "indicator": "x", "period": "2020", "status": {{"value": "{bad}"}}}}]}}"#
        );
        let err = read_ds(&text).expect_err(bad);
        assert!(
            matches!(err, ModelError::Json { ref at, .. } if at.line == Some(2)),
            "{err}"
        );
    }
    let weight = r#"{"schema": 1, "nodes": [{"code": "a", "kind": "indicator", "level": 1, "parent": "P", "weight": 1e999},
        {"code": "P", "kind": "aggregate", "level": 2}]}"#;
    assert!(read_fw(weight).is_err());
}

#[test]
fn undetectable_formats_name_the_header() {
    let err = io::detect_data_format(Path::new("x.csv"), "foo,bar\n").expect_err("unknown");
    assert!(err.to_string().contains("foo,bar"), "{err}");
    assert!(io::detect_framework_format(Path::new("x.csv"), "").is_err());
    assert!(
        io::read_dataset(
            "/nonexistent/file.csv",
            &small_framework(),
            None,
            Period::Year(2020)
        )
        .is_err()
    );
}

/// `units` x 100 indicators x 10 years of long CSV rows.
fn long_rows(units: usize) -> String {
    let mut text = String::with_capacity(units * 30_000);
    text.push_str("unit,indicator,period,value,flag\n");
    for u in 0..units {
        for i in 0..100 {
            for y in 0..10 {
                let _ = writeln!(text, "U{u},I{i},{},{}.5,", 2010 + y, u + i + y);
            }
        }
    }
    text
}

#[test]
fn a_million_row_long_csv() {
    let text = long_rows(1000);
    let ds = io::read_long_csv_str(&text, at()).expect("valid");
    assert_eq!(
        (ds.units().len(), ds.columns().len(), ds.periods().len()),
        (1000, 100, 10)
    );
    assert_eq!(ds.observations().count(), 1_000_000);
    let v = ds
        .get("U999", "I99", Period::Year(2019))
        .and_then(|o| o.value());
    assert_eq!(v.map(|d| d.to_string()), Some("1107.5".into()));
}

#[test]
fn many_bad_rows_give_a_capped_counted_list() {
    let broken = long_rows(20).replace(".5,", ".5x,");
    let found = issues(dataset(io::read_long_csv_str(&broken, at())), "long");
    assert_eq!(found.len(), thb_model::MAX_REPORTED_ISSUES + 1);
    assert_eq!(found[0].at.line, Some(2));
    let last = &found[found.len() - 1].message;
    let more = 20_000 - thb_model::MAX_REPORTED_ISSUES;
    assert!(last.contains(&format!("{more} more")), "{last}");
}

#[test]
fn a_panel_too_large_to_hold_is_an_error_not_an_allocation() {
    let mut text = String::from("unit,indicator,period,value\n");
    for k in 0..20_000 {
        let _ = writeln!(text, "U{k},I{k},2020,1");
    }
    let found = issues(dataset(io::read_long_csv_str(&text, at())), "long");
    assert!(found[0].message.contains("cells"), "{found:#?}");
}
