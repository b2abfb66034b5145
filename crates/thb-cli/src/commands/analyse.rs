//! `thb analyse`: indicator statistics, correlations, Cronbach's alpha, PCA and the remove-one
//! what-if (interfaces §3.2).

use std::process::ExitCode;

use thb_index::model::NodeKind;
use thb_index::scoring::analysis::{
    CorrelationScope, collinearity_flags, correlations, cronbach, indicator_stats, pca, remove_one,
};
use thb_index::{Pipeline, Stage};

use crate::cli::{AnalyseArgs, AnalyseTable, PairsArg};
use crate::error::Result;
use crate::input;
use crate::output::{Cell, Table, emit};

/// The |r| above which two indicators are flagged as collinear (COINr `get_corr_flags`).
const COLLINEARITY_THRESHOLD: f64 = 0.9;

/// Computes one analysis table.
pub fn run(args: &AnalyseArgs) -> Result<ExitCode> {
    let common = &args.common;
    let inputs = input::load(common)?;
    let spec = input::spec(common, &inputs)?;
    let period = input::period(common, &inputs.dataset)?;
    let pipeline = Pipeline::new(&inputs.framework, &inputs.dataset, &spec)?;
    let fw = &inputs.framework;
    let table = if args.table == AnalyseTable::Whatif {
        whatif(&pipeline, period, args.level)?
    } else {
        let result = pipeline.run(period)?;
        let default = if args.table == AnalyseTable::Stats {
            Stage::Raw
        } else {
            Stage::Normalised
        };
        let stage = args.stage.map_or(default, input::stage);
        let data = result.stage(stage);
        let codes: Vec<String> = if stage == Stage::Aggregated {
            result.codes().to_vec()
        } else {
            result.indicator_codes().to_vec()
        };
        match args.table {
            AnalyseTable::Stats => stats(data, &codes)?,
            AnalyseTable::Cronbach => {
                let mut t = Table::new(["aggregate", "alpha"]);
                for row in cronbach(data, &codes, fw)? {
                    t.push(vec![Cell::text(row.aggregate), Cell::num(row.alpha)]);
                }
                t
            }
            AnalyseTable::Correlations | AnalyseTable::Collinearity => {
                let scope = match args.pairs {
                    PairsArg::All => CorrelationScope::All,
                    PairsArg::WithinParent => CorrelationScope::WithinParent,
                    PairsArg::WithParent => CorrelationScope::WithParent,
                };
                let mut rows = correlations(data, &codes, fw, scope)?;
                if args.table == AnalyseTable::Collinearity {
                    rows = collinearity_flags(&rows, COLLINEARITY_THRESHOLD);
                }
                let mut t = Table::new(["a", "b", "pearson", "spearman", "kendall"]);
                for r in rows {
                    t.push(vec![
                        Cell::text(r.a),
                        Cell::text(r.b),
                        Cell::num(r.pearson),
                        Cell::num(r.spearman),
                        Cell::num(r.kendall),
                    ]);
                }
                t
            }
            AnalyseTable::Pca => {
                let mut t = Table::new([
                    "aggregate",
                    "indicator",
                    "pc1_loading",
                    "handbook_weight",
                    "pc1_variance_share",
                    "complete_rows",
                ]);
                for node in fw
                    .nodes()
                    .iter()
                    .filter(|n| n.kind == NodeKind::Aggregate && n.level == 2)
                {
                    let p = pca(data, &codes, fw, node.code.as_str())?;
                    for (k, child) in p.children.iter().enumerate() {
                        t.push(vec![
                            Cell::text(p.aggregate.clone()),
                            Cell::text(child.clone()),
                            Cell::num(p.pc1_loadings.get(k).copied()),
                            Cell::num(p.handbook.weights.get(k).copied()),
                            Cell::num(p.variance_shares.first().copied()),
                            Cell::Int(p.n_complete as i64),
                        ]);
                    }
                }
                t
            }
            AnalyseTable::Whatif => Table::default(), // handled above
        }
    };
    emit(
        &table,
        common.format,
        common.out.as_deref(),
        common.decimals,
    )?;
    Ok(ExitCode::SUCCESS)
}

fn stats(data: &thb_index::Matrix, codes: &[String]) -> Result<Table> {
    let mut t = Table::new([
        "indicator",
        "n",
        "missing",
        "min",
        "max",
        "mean",
        "median",
        "sd",
        "skew",
        "kurtosis",
    ]);
    for s in indicator_stats(data, codes)? {
        t.push(vec![
            Cell::text(s.indicator),
            Cell::Int(s.n as i64),
            Cell::Int(s.missing as i64),
            Cell::num(s.min),
            Cell::num(s.max),
            Cell::num(s.mean),
            Cell::num(s.median),
            Cell::num(s.sd),
            Cell::num(s.skew),
            Cell::num(s.kurtosis),
        ]);
    }
    Ok(t)
}

fn whatif(pipeline: &Pipeline<'_>, period: thb_index::Period, level: u32) -> Result<Table> {
    let normalised = pipeline.normalised_for(period)?;
    let (_, rows) = remove_one(pipeline, &normalised, level)?;
    let mut t = Table::new(["element", "mean_abs_shift", "max_abs_shift"]);
    for r in rows {
        let max = r.shifts.iter().flatten().max().map(|m| i64::from(*m));
        t.push(vec![
            Cell::text(r.element),
            Cell::num(r.mean_abs_shift),
            max.map_or(Cell::Empty, Cell::Int),
        ]);
    }
    Ok(t)
}
