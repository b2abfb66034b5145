//! Build the reference THB INDEX from a long CSV and from a Eurostat SDMX-CSV file.
//!
//! The data are the built-in ILLUSTRATIVE (synthetic) EU-27 panel, written out in both layouts
//! and read back, so that the walkthrough runs anywhere; with real files only the reading lines
//! are needed. Run with `cargo run -p thb-examples --example from_long_csv_and_sdmx`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // examples talk to the person running them

use std::fmt::Write as _;

use thb_index::model::io::{
    DimensionMap, MappingRule, read_long_csv, read_sdmx_csv, write_long_csv,
};
use thb_index::{Dataset, Pipeline, reference};

/// The top three units of the reference index on `data`.
fn top_three(data: &Dataset) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let framework = reference::framework()?;
    let result = Pipeline::new(&framework, data, &reference::spec()?)?.run_latest()?;
    let mut ranked: Vec<(u32, String)> = result
        .kept_units()
        .zip(result.ranks())
        .filter_map(|(u, r)| r.map(|r| (r, u.code.to_string())))
        .collect();
    ranked.sort();
    Ok(ranked
        .into_iter()
        .take(3)
        .map(|(r, u)| format!("{r}. {u}"))
        .collect())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("thb-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let panel = reference::illustrative_dataset();

    // 1. Long CSV: `unit,indicator,period,value,flag` (flags such as `p` provisional are kept).
    let long = dir.join("thb_long.csv");
    write_long_csv(&panel, std::fs::File::create(&long)?)?;
    let from_long = read_long_csv(&long)?;
    println!(
        "long CSV   {:>5} observations -> {:?}",
        from_long.observations().count(),
        top_three(&from_long)?
    );

    // 2. SDMX-CSV as Eurostat publishes it: dimension columns, geo, TIME_PERIOD, OBS_VALUE,
    //    OBS_FLAG; a mapping says which dimension values make which indicator.
    let mut sdmx = String::from("DATAFLOW,freq,indic_thb,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n");
    for (unit, code, period, obs) in panel.observations() {
        writeln!(
            sdmx,
            "ILLUSTRATIVE:THB(1.0),A,{code},{},{period},{},{}",
            unit.code,
            obs.value_text(),
            obs.flag_text()
        )?;
    }
    let sdmx_path = dir.join("thb_sdmx.csv");
    std::fs::write(&sdmx_path, sdmx)?;
    let rules = panel
        .columns()
        .iter()
        .map(|c| MappingRule::new(c.as_str(), &[("indic_thb", c.as_str()), ("freq", "A")]))
        .collect::<Result<Vec<_>, _>>()?;
    let from_sdmx = read_sdmx_csv(&sdmx_path, &DimensionMap::new(rules)?)?;
    println!(
        "SDMX-CSV   {:>5} observations -> {:?}",
        from_sdmx.observations().count(),
        top_three(&from_sdmx)?
    );

    assert_eq!(
        top_three(&from_long)?,
        top_three(&from_sdmx)?,
        "both layouts carry the same data"
    );
    std::fs::remove_dir_all(&dir)?;
    println!("(ILLUSTRATIVE synthetic data: not real data about any country)");
    Ok(())
}
