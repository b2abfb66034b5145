//! V00 (one primitive per row) and V01 (Copeland) against COINr. Rows that document a COINr
//! quirk (README "Where thb deliberately differs") assert thb's documented behaviour instead.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::float_cmp
)]

mod common;

use std::collections::BTreeMap;

use common::{Table, close, num, shared};
use thb_model::{Direction, Framework, Matrix, Node, Period, Unit};
use thb_scoring::aggregate::{AggregateContext, Children, PowerMean, Scratch};
use thb_scoring::impute::{ColumnMean, ColumnMedian, Group, ImputeContext};
use thb_scoring::normalise::{
    Borda, DistanceToMax, DistanceToReference, DistanceToTarget, FractionOfMax, GoalpostsNorm,
    MinMax, PercentileRank, Rank, Scaled, ZScore,
};
use thb_scoring::rank::{Order, Ties, rank};
use thb_scoring::treat::{BoxCox, Fallback, LogCt, LogCtOrig, LogCtPlus, Winsorise};
use thb_scoring::{
    Aggregate, Aggregation, Imputation, Impute, IndicatorContext, Normalise, RowLabel,
    ScoringError, Treat,
};

fn vector(text: &str) -> Vec<f64> {
    text.split(';')
        .map(|c| num(c).unwrap_or(f64::NAN))
        .collect()
}

fn params(text: &str) -> BTreeMap<String, String> {
    text.split(';')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn numbers(text: &str) -> Vec<f64> {
    text.split(',').map(|v| v.parse().unwrap()).collect()
}

fn ties(p: &BTreeMap<String, String>) -> Ties {
    match p["ties.method"].as_str() {
        "min" => Ties::Min,
        "max" => Ties::Max,
        "average" => Ties::Average,
        "first" => Ties::First,
        other => panic!("ties {other}"),
    }
}

fn direction(p: &BTreeMap<String, String>) -> Direction {
    match p.get("direction").map(String::as_str) {
        Some("-1") => Direction::Negative,
        _ => Direction::Positive,
    }
}

fn truthy(p: &BTreeMap<String, String>, key: &str) -> bool {
    p[key] == "TRUE"
}

/// What a row computes: a vector, or a typed error (quirk rows).
fn evaluate(func: &str, p: &BTreeMap<String, String>, x: &[f64]) -> Result<Vec<f64>, ScoringError> {
    let rows = RowLabel::numbered(x.len());
    let ctx = IndicatorContext::new("x", &rows).direction(direction(p));
    let norm = |n: &dyn Normalise| n.normalised(x, &ctx);
    let treat = |t: &dyn Treat| {
        let mut out = vec![0.0; x.len()];
        t.treat(x, &ctx, &mut out).map(|_| out)
    };
    let aggregate = |a: &dyn Aggregate| {
        let w = numbers(&p["w"]);
        let idx: Vec<usize> = (0..x.len()).collect();
        let one = RowLabel::numbered(1);
        let mut out = [0.0];
        a.aggregate(
            &Children::new(x, 1, &idx)?,
            &w,
            &AggregateContext::new("P", &one),
            &mut out,
            &mut Scratch::default(),
        )
        .map(|()| out.to_vec())
    };
    let impute = |i: &dyn Impute, units: Vec<Unit>| {
        let fw = Framework::new(vec![
            Node::indicator("x", "I")?,
            Node::aggregate("I", 2, None)?,
        ])?;
        let data = Matrix::from_columns(x.len(), vec![x.to_vec()])?;
        let mut out = vec![0.0; x.len()];
        i.impute(
            &data,
            0,
            &ImputeContext::new(fw.indicators(), &units, &[Period::Year(2020)]),
            &mut out,
        )
        .map(|()| out)
    };
    let units = |n: usize| {
        (1..=n)
            .map(|i| Unit::new(&format!("u{i}")).unwrap())
            .collect::<Vec<_>>()
    };
    match func {
        "n_minmax" => {
            let lu = numbers(&p["l_u"]);
            norm(&MinMax::new(lu[0], lu[1])?)
        }
        "n_zscore" => {
            let m = numbers(&p["m_sd"]);
            norm(&ZScore::new(m[0], m[1])?)
        }
        "n_rank" => norm(&Rank::new(ties(p))),
        "n_borda" => norm(&Borda::new(ties(p))),
        "n_prank" => norm(&PercentileRank::new(ties(p))),
        "n_fracmax" => norm(&FractionOfMax {}),
        "n_dist2max" => norm(&DistanceToMax {}),
        "n_dist2ref" => {
            let unit = format!("r{}", p["iref"]).parse().unwrap();
            norm(&DistanceToReference::new(unit, truthy(p, "cap_max")))
        }
        "n_dist2targ" => {
            let t: f64 = p["targ"].parse().unwrap();
            norm(&DistanceToTarget::new(Some(t), truthy(p, "cap_max"))?)
        }
        "n_goalposts" => {
            let g = numbers(&p["gposts"]);
            norm(&GoalpostsNorm::new(
                Some((g[0], g[1])),
                Some(g[2]),
                Some(truthy(p, "trunc2posts")),
            )?)
        }
        "n_scaled" => {
            let lu = numbers(&p["npara"]);
            norm(&Scaled::new(
                lu[0],
                lu[1],
                p["scale_factor"].parse().unwrap(),
            )?)
        }
        // the same primitives called through Normalise(), with a direction
        "Normalise.numeric" => evaluate(&p["f_n"], p, x),
        "a_amean" => aggregate(&Aggregation::Arithmetic),
        "a_gmean" => aggregate(&Aggregation::Geometric),
        "a_hmean" => aggregate(&Aggregation::Harmonic),
        "a_genmean" => aggregate(&PowerMean::new(p["p"].parse().unwrap())?),
        "skew" => Ok(vec![thb_scoring::stats::skewness(x).unwrap()]),
        "kurt" => Ok(vec![thb_scoring::stats::kurtosis(x).unwrap()]),
        "winsorise" => treat(&Winsorise::new(
            p["winmax"].parse().unwrap(),
            p["skew_thresh"].parse().unwrap(),
            p["kurt_thresh"].parse().unwrap(),
            Fallback::None,
        )?),
        "log_CT" => treat(&LogCt),
        "log_CT_orig" => treat(&LogCtOrig),
        "log_CT_plus" => treat(&LogCtPlus),
        "boxcox" => treat(&BoxCox::new(p["lambda"].parse().unwrap())?),
        "i_mean" => impute(&ColumnMean, units(x.len())),
        "i_median" => impute(&ColumnMedian, units(x.len())),
        "i_mean_grp" => {
            let groups: Vec<&str> = p["f"].split(',').collect();
            let us = units(x.len())
                .into_iter()
                .zip(groups)
                .map(|(u, g)| u.group("g", g))
                .collect();
            impute(&Imputation::GroupMean(Group::new("g")?), us)
        }
        "rank_desc_min" => Ok(rank(x, Ties::Min, Order::Descending)),
        other => panic!("no evaluator for {other}"),
    }
}

/// The quirk rows of the README: thb's behaviour instead of COINr's.
fn quirk(
    id: &str,
    x: &[f64],
    p: &BTreeMap<String, String>,
    got: &Result<Vec<f64>, ScoringError>,
) -> bool {
    match id {
        // zero range under min-max: a typed error naming the indicator (COINr: NaN + warning)
        "V003" => {
            assert!(
                matches!(got, Err(ScoringError::ConstantColumn { node, .. }) if node == "x"),
                "{got:?}"
            );
            true
        }
        // fraction of max, direction -1: thb uses min/x, which needs x > 0 (COINr: NaN/Inf)
        "V019" => {
            assert!(
                matches!(got, Err(ScoringError::NonPositive { unit, .. }) if unit == "r1"),
                "{got:?}"
            );
            true
        }
        // power mean with a missing child: dropped and weights renormalised (COINr: NA)
        "V042" => {
            let w = numbers(&p["w"]);
            let q: f64 = p["p"].parse().unwrap();
            let (num, den) = x
                .iter()
                .zip(&w)
                .filter(|(v, _)| !v.is_nan())
                .fold((0.0, 0.0), |(n, d), (v, w)| (n + w * v.powf(q), d + w));
            let want = (num / den).powf(1.0 / q);
            let got = got.as_ref().unwrap()[0];
            assert!((got - want).abs() <= 1e-12 * want, "{got} vs {want}");
            true
        }
        _ => false,
    }
}

#[test]
fn v00_every_function_case() {
    let Some(dir) = shared() else { return };
    let table = Table::read(&dir.join("conformance/coinr_asem/V00_function_cases.csv"));
    let mut checked = 0;
    for row in &table.rows {
        let (id, func, p, input, expected, note) = (
            &row[0],
            &row[1],
            params(&row[2]),
            vector(&row[3]),
            &row[4],
            &row[5],
        );
        let got = evaluate(func, &p, &input);
        if quirk(id, &input, &p, &got) {
            checked += 1;
            continue;
        }
        let got = got.unwrap_or_else(|e| panic!("{id} {func}: {e}"));
        let want: Vec<Option<f64>> = expected.split(';').map(num).collect();
        assert_eq!(got.len(), want.len(), "{id}");
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(
                close(*g, *w),
                "{id} {func} [{k}]: got {g}, expected {w:?} ({note})"
            );
        }
        if func == "winsorise" {
            let nwin: usize = note
                .trim_start_matches("nwin=")
                .split(';')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let rows = RowLabel::numbered(input.len());
            let w = Winsorise::new(p["winmax"].parse().unwrap(), 2.0, 3.5, Fallback::None).unwrap();
            let mut out = vec![0.0; input.len()];
            let report = w
                .treat(&input, &IndicatorContext::new("x", &rows), &mut out)
                .unwrap();
            assert_eq!(report.winsorisation.unwrap().nwin, nwin, "{id}");
        }
        checked += 1;
    }
    assert_eq!(checked, 57, "every V00 row is checked");
}

#[test]
fn v01_copeland_small() {
    let Some(dir) = shared() else { return };
    let base = dir.join("conformance/coinr_asem");
    let input = Table::read(&base.join("V01_copeland_small_input.csv"));
    let scores = Table::read(&base.join("V01_copeland_small_scores_w112.csv"));
    let outrank = Table::read(&base.join("V01_copeland_small_outrank_w112.csv"));
    let n = input.rows.len();
    let k = input.header.len();
    // column-major data
    let data: Vec<f64> = (0..k)
        .flat_map(|c| input.rows.iter().map(move |r| r[c].parse::<f64>().unwrap()))
        .collect();
    let w = [1.0, 1.0, 2.0];
    let rows = RowLabel::numbered(n);
    let idx: Vec<usize> = (0..k).collect();
    let mut out = vec![0.0; n];
    Aggregation::Copeland
        .aggregate(
            &Children::new(&data, n, &idx).unwrap(),
            &w,
            &AggregateContext::new("P", &rows),
            &mut out,
            &mut Scratch::default(),
        )
        .unwrap();
    let want: Vec<f64> = scores.rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(out, want);
    // The published outranking matrix agrees with the pairwise rule the score is built on.
    let total: f64 = w.iter().sum();
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let e: f64 = (0..k)
                .map(|c| {
                    let (a, b) = (data[c * n + i], data[c * n + j]);
                    if a > b {
                        w[c]
                    } else if a == b {
                        w[c] / 2.0
                    } else {
                        0.0
                    }
                })
                .sum::<f64>()
                / total;
            assert!(close(e, num(&outrank.rows[i][j])), "e[{i}][{j}] = {e}");
        }
    }
}
