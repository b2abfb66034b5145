//! Property tests: arbitrary text, arbitrary bytes and mangled versions of valid files never
//! make a reader panic; every failure is a typed error.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers may panic

use std::path::Path;

use proptest::prelude::*;
use thb_model::io::adapters::{cho_3p, glotip, uk_nrm, us_tip};
use thb_model::io::{self, DimensionMap};
use thb_model::{Framework, Location, Period};

fn framework() -> Framework {
    io::read_imeta_str(
        "iCode,Level,Parent,Type\nx,1,Index,Indicator\nIndex,2,,Aggregate\nR_group,NA,NA,Group\n",
        Location::memory(),
    )
    .expect("valid")
}

/// Feeds `text` to every reader; only panics matter here.
fn every_reader(text: &str) {
    let at = || Location::file("fuzz.csv");
    let fw = framework();
    let y = Period::Year(2020);
    let _ = io::read_imeta_str(text, at());
    let _ = io::read_idata_str(text, at(), &fw, y);
    let _ = io::read_long_csv_str(text, at());
    let _ = io::read_sdmx_csv_str(text, at(), &DimensionMap::series_key());
    if let Ok(map) = glotip::default_mapping() {
        let _ = glotip::read_str(text, at(), &map);
        let _ = io::read_sdmx_csv_str(text, at(), &map);
    }
    let _ = cho_3p::read_str(text, at());
    let _ = us_tip::read_str(text, at());
    let _ = uk_nrm::read_str(text, at(), y);
    let _ = uk_nrm::read_series_str(text, at());
    let _ = uk_nrm::read_ngo_cube_str(text, at(), y);
    let _ = io::detect_data_format(Path::new("fuzz.csv"), text);
    let _ = io::detect_framework_format(Path::new("fuzz.csv"), text);
    #[cfg(feature = "serde")]
    {
        let _ = io::read_framework_json_str(text, at());
        let _ = io::read_dataset_json_str(text, at());
        let _ = DimensionMap::from_json_str(text, at());
    }
}

const HEADERS: [&str; 10] = [
    "iCode,iName,Level,Parent,Type,Weight,Direction,Unit,Target,Denominator,goalpost_lower,goalpost_upper,Role,TargetPeriod",
    "uCode,uName,Time,R_group,x",
    "unit,unit_name,indicator,period,value,flag,region",
    "DATAFLOW,freq,unit,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,OBS_STATUS,CONF_STATUS",
    "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source",
    "iso3,cow_num,cow_abb,country,year,prosecution,protection,prevention,p3_total,tip_tier_code,tip_tier_label,criminalization_level",
    "countryname,iso,year,ccode,tier",
    "Year,Quarter,Age at exploitation,Location of exploitation,NRM referrals",
    "Year,Quarter,Adult (18 or over) - Negative reasonable grounds,Adult (18 or over) - Total,Total",
    "First responder type,First responder,Exploitation type,Age at exploitation,Gender,Nationality,People",
];

const JSON: &str = r#"{"schema": 1, "source": "s", "units": [{"code": "AUT", "name": "A", "groups": {"g": "v"}}],
 "columns": ["x"], "periods": ["2020", "2021-Q2"],
 "observations": [{"unit": "AUT", "indicator": "x", "period": "2020", "status": {"censored": {"lo": "1", "hi": "4"}}, "flags": "ep"}],
 "nodes": [{"code": "x", "kind": "indicator", "level": 1, "parent": "I", "goalposts": {"lower": 1, "upper": 5}},
           {"code": "I", "kind": "aggregate", "level": 2}],
 "rules": [{"indicator": "A", "when": {"sex": "F"}}]}"#;

/// Cells that exercise the value parsers: numbers, separators, censoring, flags, periods.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,5}",
        "-?[0-9]{1,3}(,[0-9]{3}){0,3}(\\.[0-9]{0,4})?",
        "<[0-9]{0,3}",
        "[0-9]{4}(-?[Qq][0-9])?",
        "(NaN|inf|-Infinity|NA|:|\\.\\.|1e[0-9]{1,3}|Total|Q[0-9])",
        "[a-z :]{0,3}",
        "[A-Z]{2,3}",
        "\"[^\"]{0,6}\"",
        ".{0,8}",
    ]
}

fn row() -> impl Strategy<Value = String> {
    proptest::collection::vec(cell(), 0..16).prop_map(|cells| cells.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        every_reader(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        every_reader(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn csv_shaped_text_never_panics(
        header in 0..HEADERS.len(),
        rows in proptest::collection::vec(row(), 0..12),
        bom in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        if bom {
            text.push('\u{feff}');
        }
        text.push_str(HEADERS[header]);
        for r in &rows {
            text.push_str(newline);
            text.push_str(r);
        }
        every_reader(&text);
    }

    #[test]
    fn mangled_json_never_panics(cut in 0..JSON.len(), insert in ".{0,6}", skip in 0_usize..4) {
        let mut text = String::new();
        let cut = (0..=cut).rev().find(|&i| JSON.is_char_boundary(i)).unwrap_or(0);
        text.push_str(&JSON[..cut]);
        text.push_str(&insert);
        let rest = (cut + skip).min(JSON.len());
        let rest = (rest..=JSON.len()).find(|&i| JSON.is_char_boundary(i)).unwrap_or(JSON.len());
        text.push_str(&JSON[rest..]);
        every_reader(&text);
    }
}
