//! Best practice: measures ranked by effectiveness, and countries doing better than their
//! context predicts.
//!
//! Sources: results arithmetic of `monitoring-methods.md` §6 (share of planned change achieved);
//! "best practice relative to capacity" of §9 after the Global Slavery Index 2014 idea of
//! "strong efforts with relatively limited resources": the residual of an OLS regression of a
//! pillar score on context indicators (positive = candidate best practice), or an efficiency
//! frontier; here Free Disposal Hull (Deprins, Simar & Tulkens 1984), output-oriented:
//! `φ_i = max over units j using no more of any input than i of min_r y_rj / y_ri`,
//! efficiency `1 / φ_i` in (0, 1], 1 on the frontier.
//!
//! **Caution.** Identification and referral counts (victims identified, referrals, positive
//! decisions) measure detection *effort*, not prevalence: a high count can mean a country looks
//! harder, not that it has more trafficking. Eurostat warns that differences reflect reporting,
//! transposition and criminal-justice practice. Never read a residual on such counts as lower
//! or higher trafficking. The same text is [`IDENTIFICATION_CAUTION`], for display.

use nalgebra::{DMatrix, DVector};
use thb_model::{Code, Matrix, Period, UnitCode};
use thb_scoring::rank::{Order, Ties, rank};
use thb_scoring::stats;

use crate::error::{MonitorError, Result};
use crate::measures::{Measure, Registry};
use crate::results::{ResultLevel, planned_change_achieved};

/// The caution to show beside any ranking built on identification counts.
pub const IDENTIFICATION_CAUTION: &str = "Identification and referral counts measure detection effort, not prevalence: \
a higher count can mean that a country looks harder, not that it has more trafficking \
(Eurostat: differences reflect reporting, transposition and criminal-justice practice).";

/// A measure's effectiveness.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EffectivenessRow {
    /// The measure.
    pub id: Code,
    /// Mean share of planned change achieved over its results indicators with an actual.
    pub achievement: Option<f64>,
    /// Number of indicators behind `achievement`.
    pub indicators_used: usize,
    /// Budget per unit of delivered output: budget ÷ (A − B) of the first output-level
    /// indicator with a positive delivered change; with its currency.
    pub cost_per_output: Option<(f64, String)>,
    /// Mean of the DAC ratings rescaled to [0, 1], when rated.
    pub dac_mean: Option<f64>,
    /// Rank by achievement (1 = best, ties `min`); `None` without achievement.
    pub rank: Option<usize>,
    /// Why a figure is missing; empty otherwise.
    pub note: String,
}

/// Ranks the measures of a registry by effectiveness: the mean share of planned change
/// achieved `(A − B)/(T − B)` over their results indicators, at the latest actual at or before
/// `at` (or the latest actual). Cost per output and the mean DAC rating are reported beside it.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use thb_model::{Location, Period};
/// use thb_monitor::best_practice::rank_by_effectiveness;
/// use thb_monitor::measures::Registry;
/// let json = r#"{"schema": 1, "measures": [
///  {"id": "A", "name": "a", "actor": "X", "actor_type": "ngo", "countries": ["GRC"], "pillar": "protection",
///   "target_groups": ["uam"], "activities": ["shelter"], "start": "2020", "end": "2022",
///   "budget": {"amount": "50000", "currency": "EUR"},
///   "results": {"statements": [{"level": "output", "statement": "children sheltered", "indicators": [
///     {"code": "sheltered", "level": "output", "baseline": {"period": "2020", "value": 0},
///      "target": {"period": "2022", "value": 100}, "actuals": [{"period": "2021", "value": 80}]}]}]}}]}"#;
/// let reg = Registry::from_json_str(json, Location::memory())?;
/// let rows = rank_by_effectiveness(&reg, None)?;
/// assert_eq!(rows[0].achievement, Some(0.8));
/// assert_eq!(rows[0].cost_per_output, Some((625.0, "EUR".to_owned())));
/// assert_eq!(rows[0].rank, Some(1));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Model`] for a budget with no `f64` form.
pub fn rank_by_effectiveness(
    registry: &Registry,
    at: Option<Period>,
) -> Result<Vec<EffectivenessRow>> {
    let mut rows: Vec<EffectivenessRow> = registry
        .measures
        .iter()
        .map(|m| effectiveness(m, at))
        .collect::<Result<_>>()?;
    let scores: Vec<f64> = rows
        .iter()
        .map(|r| r.achievement.unwrap_or(f64::NAN))
        .collect();
    let ranks = rank(&scores, Ties::Min, Order::Descending);
    for (row, r) in rows.iter_mut().zip(ranks) {
        row.rank = (!r.is_nan()).then_some(r as usize);
    }
    Ok(rows)
}

fn effectiveness(m: &Measure, at: Option<Period>) -> Result<EffectivenessRow> {
    let mut shares = Vec::new();
    let mut cost = None;
    let mut notes = Vec::new();
    if let Some(results) = &m.results {
        for ind in results.indicators() {
            let actual = match at {
                Some(p) => ind.actual_at(p),
                None => ind.latest(),
            };
            let Some(actual) = actual else { continue };
            if let Ok(s) =
                planned_change_achieved(ind.baseline.value, ind.target.value, actual.value)
            {
                shares.push(s);
            }
            let delivered = actual.value - ind.baseline.value;
            if cost.is_none()
                && ind.level == ResultLevel::Output
                && delivered > 0.0
                && let Some(b) = &m.budget
            {
                let amount = thb_model::numeric::to_f64(b.amount, "", m.id.as_str())?;
                cost = Some((amount / delivered, b.currency.clone()));
            }
        }
    } else {
        notes.push("no results framework");
    }
    let achievement = stats::mean(&shares);
    if achievement.is_none() && m.results.is_some() {
        notes.push("no indicator with an actual value and a target different from its baseline");
    }
    if cost.is_none() && m.budget.is_none() {
        notes.push("no budget");
    }
    let dac: Vec<f64> = m.evaluation.iter().map(|r| r.normalised()).collect();
    Ok(EffectivenessRow {
        id: m.id.clone(),
        achievement,
        indicators_used: shares.len(),
        cost_per_output: cost,
        dac_mean: stats::mean(&dac),
        rank: None,
        note: notes.join("; "),
    })
}

/// One unit of a context regression.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ResidualRow {
    /// The unit.
    pub unit: UnitCode,
    /// The score predicted from the context, when the unit has every value.
    pub fitted: Option<f64>,
    /// Score minus prediction.
    pub residual: Option<f64>,
    /// Residual divided by the residual standard error.
    pub standardised: Option<f64>,
    /// Positive residual: a candidate best practice (doing more than its context predicts).
    pub candidate: bool,
}

/// The fit of [`context_residuals`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ContextFit {
    /// Intercept, then one coefficient per context column.
    pub coefficients: Vec<f64>,
    /// Coefficient of determination.
    pub r_squared: f64,
    /// Residual standard error `sqrt(SSR / (n − k − 1))`.
    pub residual_se: f64,
    /// Number of units used.
    pub n: usize,
    /// One row per unit, in input order.
    pub rows: Vec<ResidualRow>,
}

/// Regresses a pillar score on context indicators by OLS (with an intercept) and returns each
/// unit's residual: positive means the unit does more than its context predicts. Units with a
/// missing (`NaN`) value are left out of the fit and get no residual.
///
/// ```
/// use thb_model::Matrix;
/// use thb_monitor::best_practice::context_residuals;
/// let units = ["A".parse()?, "B".parse()?, "C".parse()?, "D".parse()?];
/// let gdp = Matrix::from_columns(4, vec![vec![1.0, 2.0, 3.0, 4.0]])?;
/// let fit = context_residuals(&units, &[1.0, 3.0, 2.0, 4.0], &gdp)?;
/// assert!((fit.coefficients[1] - 0.8).abs() < 1e-9);   // slope
/// assert!((fit.rows[1].residual.unwrap_or_default() - 0.9).abs() < 1e-9);
/// assert!(fit.rows[1].candidate && !fit.rows[2].candidate);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Shape`] when lengths differ; [`MonitorError::Undefined`] with fewer complete
/// units than coefficients + 1 or collinear context columns.
pub fn context_residuals(
    units: &[UnitCode],
    score: &[f64],
    context: &Matrix,
) -> Result<ContextFit> {
    let n_all = units.len();
    if score.len() != n_all || context.nrows() != n_all {
        return Err(MonitorError::shape(format!(
            "{n_all} units, {} scores, {} context rows",
            score.len(),
            context.nrows()
        )));
    }
    if score.iter().any(|v| v.is_infinite()) {
        return Err(MonitorError::parameter(
            "score",
            "inf",
            "scores must be finite (NaN = missing)",
        ));
    }
    let k = context.ncols();
    let complete: Vec<usize> = (0..n_all)
        .filter(|&i| !score[i].is_nan() && (0..k).all(|j| !context.is_missing(i, j)))
        .collect();
    let n = complete.len();
    let undefined = |reason: String| MonitorError::undefined("context regression", None, reason);
    if n < k + 2 {
        return Err(undefined(format!(
            "{n} complete units for {} coefficients: need at least {}",
            k + 1,
            k + 2
        )));
    }
    let design = |rows: &[usize]| {
        DMatrix::from_fn(rows.len(), k + 1, |r, c| {
            if c == 0 {
                1.0
            } else {
                context.column(c - 1)[rows[r]]
            }
        })
    };
    let x = design(&complete);
    let y = DVector::from_iterator(n, complete.iter().map(|&i| score[i]));
    let svd = x.clone().svd(true, true);
    let tol = 1e-10 * svd.singular_values.max().max(1.0);
    if svd.rank(tol) < k + 1 {
        return Err(undefined(
            "the context columns are collinear (or constant)".into(),
        ));
    }
    let beta = svd
        .solve(&y, tol)
        .map_err(|e| undefined(format!("least squares failed: {e}")))?;
    let fitted = &x * &beta;
    let resid = &y - &fitted;
    let ssr = resid.norm_squared();
    let ys: Vec<f64> = y.iter().copied().collect();
    let my = stats::mean(&ys).unwrap_or_default();
    let sst: f64 = ys.iter().map(|v| (v - my).powi(2)).sum();
    let residual_se = (ssr / (n - k - 1) as f64).sqrt();
    let mut rows: Vec<ResidualRow> = units
        .iter()
        .map(|u| ResidualRow {
            unit: u.clone(),
            fitted: None,
            residual: None,
            standardised: None,
            candidate: false,
        })
        .collect();
    for (r, &i) in complete.iter().enumerate() {
        let e = resid[r];
        rows[i].fitted = Some(fitted[r]);
        rows[i].residual = Some(e);
        rows[i].standardised = (residual_se > 0.0).then(|| e / residual_se);
        rows[i].candidate = e > 0.0;
    }
    Ok(ContextFit {
        coefficients: beta.iter().copied().collect(),
        r_squared: if sst > 0.0 { 1.0 - ssr / sst } else { 1.0 },
        residual_se,
        n,
        rows,
    })
}

/// One unit's Free Disposal Hull efficiency.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FdhRow {
    /// The unit.
    pub unit: UnitCode,
    /// Output-oriented efficiency in (0, 1]; 1 on the frontier. `None` with a missing value.
    pub efficiency: Option<f64>,
    /// The unit that dominates it most (itself when on the frontier).
    pub peer: Option<UnitCode>,
}

/// Output-oriented Free Disposal Hull efficiency (see the module documentation): capacity as
/// inputs (e.g. GDP per capita), pillar scores as outputs. A unit is on the frontier (1) when no
/// unit with no more of any input achieves more of every output.
///
/// ```
/// use thb_model::Matrix;
/// use thb_monitor::best_practice::fdh_efficiency;
/// let units = ["A".parse()?, "B".parse()?, "C".parse()?];
/// let capacity = Matrix::from_columns(3, vec![vec![10.0, 20.0, 30.0]])?;
/// let score = Matrix::from_columns(3, vec![vec![60.0, 50.0, 90.0]])?;
/// let e = fdh_efficiency(&units, &capacity, &score)?;
/// assert_eq!(e[0].efficiency, Some(1.0));
/// assert!((e[1].efficiency.unwrap_or_default() - 50.0 / 60.0).abs() < 1e-12); // A does more with less
/// assert_eq!(e[1].peer.as_ref().map(|u| u.as_str()), Some("A"));
/// assert_eq!(e[2].efficiency, Some(1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`MonitorError::Shape`] when row counts differ or a matrix has no column;
/// [`MonitorError::InvalidParameter`] for an output <= 0 (the ratio needs positive outputs).
pub fn fdh_efficiency(
    units: &[UnitCode],
    inputs: &Matrix,
    outputs: &Matrix,
) -> Result<Vec<FdhRow>> {
    let n = units.len();
    if inputs.nrows() != n || outputs.nrows() != n || inputs.ncols() == 0 || outputs.ncols() == 0 {
        return Err(MonitorError::shape(format!(
            "{n} units, inputs {}x{}, outputs {}x{}",
            inputs.nrows(),
            inputs.ncols(),
            outputs.nrows(),
            outputs.ncols()
        )));
    }
    let complete = |i: usize| {
        (0..inputs.ncols()).all(|j| !inputs.is_missing(i, j))
            && (0..outputs.ncols()).all(|j| !outputs.is_missing(i, j))
    };
    for (i, u) in units.iter().enumerate() {
        if let Some(v) = outputs.row(i).iter().find(|v| !v.is_nan() && **v <= 0.0) {
            return Err(MonitorError::parameter(
                "output",
                v,
                format!("unit `{u}`: FDH output ratios need outputs > 0"),
            ));
        }
    }
    let rows = (0..n)
        .map(|i| {
            if !complete(i) {
                return FdhRow {
                    unit: units[i].clone(),
                    efficiency: None,
                    peer: None,
                };
            }
            let (xi, yi) = (inputs.row(i), outputs.row(i));
            let mut best = (1.0, i);
            for j in (0..n).filter(|&j| j != i && complete(j)) {
                let xj = inputs.row(j);
                if xj.iter().zip(&xi).all(|(a, b)| a <= b) {
                    let phi = outputs
                        .row(j)
                        .iter()
                        .zip(&yi)
                        .map(|(a, b)| a / b)
                        .fold(f64::INFINITY, f64::min);
                    if phi > best.0 {
                        best = (phi, j);
                    }
                }
            }
            FdhRow {
                unit: units[i].clone(),
                efficiency: Some(1.0 / best.0),
                peer: Some(units[best.1].clone()),
            }
        })
        .collect();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_with_two_context_columns_and_missing() {
        let units: Vec<UnitCode> = ["A", "B", "C", "D", "E", "F"]
            .iter()
            .map(|u| u.parse().unwrap())
            .collect();
        // y = 1 + 2 x1 - x2 exactly, plus one unit off the plane and one with a missing value
        let x1 = vec![0.0, 1.0, 2.0, 3.0, 1.0, 2.0];
        let x2 = vec![1.0, 0.0, 2.0, 1.0, f64::NAN, 0.0];
        let y: Vec<f64> = x1.iter().zip(&x2).map(|(a, b)| 1.0 + 2.0 * a - b).collect();
        let ctx = Matrix::from_columns(6, vec![x1, x2]).unwrap();
        let fit = context_residuals(&units, &y, &ctx).unwrap();
        assert_eq!(fit.n, 5);
        assert!((fit.coefficients[0] - 1.0).abs() < 1e-9);
        assert!((fit.coefficients[1] - 2.0).abs() < 1e-9);
        assert!((fit.coefficients[2] + 1.0).abs() < 1e-9);
        assert!(fit.rows[4].residual.is_none());
        assert!(fit.rows[0].residual.unwrap().abs() < 1e-9);
        let collinear = Matrix::from_columns(6, vec![vec![1.0; 6]]).unwrap();
        assert!(context_residuals(&units, &y, &collinear).is_err());
    }

    #[test]
    fn fdh_rejects_non_positive_outputs() {
        let units: Vec<UnitCode> = ["A", "B"].iter().map(|u| u.parse().unwrap()).collect();
        let x = Matrix::from_columns(2, vec![vec![1.0, 2.0]]).unwrap();
        let y = Matrix::from_columns(2, vec![vec![0.0, 2.0]]).unwrap();
        assert!(fdh_efficiency(&units, &x, &y).is_err());
        let y = Matrix::from_columns(2, vec![vec![f64::NAN, 2.0]]).unwrap();
        let e = fdh_efficiency(&units, &x, &y).unwrap();
        assert_eq!(e[0].efficiency, None);
        assert_eq!(e[1].efficiency, Some(1.0));
    }
}
