//! Score the same data with a dozen aggregation methods and see how much the rankings agree.
//!
//! Real data: the ASEM example of COINr (51 countries, 49 indicators) and the 3P
//! Anti-trafficking Policy Index panel (Cho, Dreher & Neumayer; 2013), read from `../shared/data`.
//! Every method runs on the same imputed, min-max [1, 100] normalised data; the index level is
//! aggregated with each method in turn. Run with
//! `cargo run -p thb-examples --example compare_methods`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // examples talk to the person running them

use thb_examples::shared_data;
use thb_index::model::io::{adapters, read_idata, read_imeta};
use thb_index::model::{Dataset, Framework, Period};
use thb_index::scoring::compare::compare_rankings;
use thb_index::{IndexSpec, Pipeline};

/// The top-level aggregations compared (names as in a spec's `aggregate`).
const METHODS: [(&str, &str); 12] = [
    ("arithmetic", r#""arithmetic""#),
    ("geometric", r#""geometric""#),
    ("harmonic", r#""harmonic""#),
    ("median", r#""median""#),
    ("copeland", r#""copeland""#),
    ("mpi", r#"{"mazziotta_pareto": {"penalty": "negative"}}"#),
    ("mean_min", r#"{"mean_min": {"alpha": 0.5, "beta": 1.0}}"#),
    ("wroclaw", r#""wroclaw""#),
    ("topsis", r#""topsis""#),
    ("vikor", r#"{"vikor": {"v": 0.5}}"#),
    ("promethee", r#""promethee_ii""#),
    ("codas", r#""codas""#),
];

/// A method's label and the root score of every unit.
type Scores = Vec<(&'static str, Vec<f64>)>;

/// Root scores of every unit under each method (arithmetic below the top level).
fn score_all(
    fw: &Framework,
    ds: &Dataset,
    period: Period,
) -> Result<Scores, Box<dyn std::error::Error>> {
    let steps = fw.levels() as usize - 1;
    let mut out = Vec::new();
    for (label, top) in METHODS {
        let lower = vec![r#""arithmetic""#; steps - 1];
        let aggregate = format!(
            "[{}]",
            lower
                .into_iter()
                .chain([top])
                .collect::<Vec<_>>()
                .join(", ")
        );
        let spec = IndexSpec::from_json(&format!(
            r#"{{"impute": "column_mean", "normalise": {{"min_max": {{"low": 1, "high": 100}}}}, "aggregate": {aggregate}}}"#
        ))?;
        let result = Pipeline::new(fw, ds, &spec)?.run(period)?;
        out.push((label, result.root_scores().to_vec()));
    }
    Ok(out)
}

fn report(title: &str, scores: &[(&str, Vec<f64>)]) -> Result<(), Box<dyn std::error::Error>> {
    let rankings: Vec<(&str, &[f64])> = scores.iter().map(|(l, s)| (*l, s.as_slice())).collect();
    let cmp = compare_rankings(&rankings)?;
    println!(
        "\n{title}: Spearman rank correlation with the arithmetic mean, and the mean |rank shift|"
    );
    for p in cmp.pairs.iter().filter(|p| p.a == "arithmetic") {
        println!(
            "  {:<11} rho {:>6.3}   tau-b {:>6.3}   mean shift {:>5.2}   max shift {:>3.0}",
            p.b,
            p.spearman.unwrap_or(f64::NAN),
            p.kendall_tau_b.unwrap_or(f64::NAN),
            p.mean_abs_shift.unwrap_or(f64::NAN),
            p.max_abs_shift.unwrap_or(f64::NAN)
        );
    }
    let rhos: Vec<f64> = cmp.pairs.iter().filter_map(|p| p.spearman).collect();
    let min = rhos.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "  lowest agreement between any two of the {} methods: rho = {min:.3}",
        scores.len()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(shared) = shared_data()? else {
        return Ok(());
    };

    let fw = read_imeta(shared.join("data/coinr_asem/asem_imeta.csv"))?;
    let ds = read_idata(
        shared.join("data/coinr_asem/asem_idata.csv"),
        &fw,
        Period::Year(2018),
    )?;
    report(
        "ASEM (51 countries, 49 indicators)",
        &score_all(&fw, &ds, Period::Year(2018))?,
    )?;

    let fw = adapters::cho_3p::framework()?;
    let ds =
        adapters::cho_3p::read(shared.join("data/cho_3p_index/cho_3p_index_tidy_2000_2013.csv"))?;
    let year = Period::Year(2013);
    let ds = ds.select_periods(&[year])?;
    report(
        "3P Anti-trafficking Policy Index, 2013",
        &score_all(&fw, &ds, year)?,
    )?;
    Ok(())
}
