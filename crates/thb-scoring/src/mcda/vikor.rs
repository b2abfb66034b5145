//! VIKOR: multi-criteria compromise ranking.

use super::registry::validated_params;
use super::{
    Better, DecisionMatrix, Direction, Evaluate, Evaluation, OnConstant, range, spec_error,
    unit_interval,
};
use crate::Result;

/// VIKOR (Opricovic 1998, *Multicriteria optimization of civil engineering systems*; Opricovic &
/// Tzeng 2004, *Compromise solution by MCDM methods*, EJOR 156(2)), on the raw values:
///
/// d_ij = (f_j* − f_ij)/(f_j* − f_j⁻) with f* the best and f⁻ the worst value of criterion j;
/// S_i = Σ_j w_j·d_ij, R_i = max_j w_j·d_ij,
/// Q_i = v·(S_i − S*)/(S⁻ − S*) + (1 − v)·(R_i − R*)/(R⁻ − R*). **Lower Q is better.**
///
/// Conventions (`mcda-methods.md` D3, D6): v = 0.5 by default; a constant criterion is an error
/// (as pymcdm) unless `on_constant` is `{"fill": t}`, which sets its d_ij = t (`{"fill": 0}`
/// = pyrepo and scikit-criteria: the criterion contributes 0). When every alternative has the
/// same S (or R) that term of Q is 0. [`Evaluate`] returns Q; [`Vikor::solve`] also returns S,
/// R and the compromise set, never collapsing ranks. Spec: `"vikor"` or `{"vikor": {"v": 0.5}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Vikor};
/// let x = Matrix::from_rows(&[vec![1.0, 3.0], vec![3.0, 1.0], vec![3.0, 3.0]])?;
/// let r = Vikor::default().solve(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert_eq!(r.q, [1.0, 1.0, 0.0]);
/// assert_eq!(r.compromise, [2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "VikorParams", into = "VikorParams")
)]
pub struct Vikor(VikorParams);

/// The spec form of [`Vikor`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct VikorParams {
    /// Weight of the group utility S against the individual regret R, in [0, 1].
    pub v: f64,
    /// Policy for a constant criterion.
    pub on_constant: OnConstant,
}

impl Default for VikorParams {
    fn default() -> Self {
        Self {
            v: 0.5,
            on_constant: OnConstant::Error,
        }
    }
}

impl VikorParams {
    fn check(&self) -> Result<()> {
        unit_interval("vikor", "v", self.v)?;
        match self.on_constant {
            OnConstant::Fill(t) if !t.is_finite() => {
                spec_error("vikor: the fill value must be finite".to_owned())
            }
            _ => Ok(()),
        }
    }
}

validated_params!(Vikor, VikorParams);

/// Everything VIKOR computes.
#[derive(Debug, Clone, PartialEq)]
pub struct VikorResult {
    /// Group utility S_i (lower is better).
    pub s: Vec<f64>,
    /// Individual regret R_i (lower is better).
    pub r: Vec<f64>,
    /// Compromise index Q_i (lower is better).
    pub q: Vec<f64>,
    /// Acceptable advantage: Q(a″) − Q(a′) ≥ 1/(m − 1) for the two best alternatives by Q.
    pub acceptable_advantage: bool,
    /// Acceptable stability: the best by Q is also best by S or by R.
    pub acceptable_stability: bool,
    /// The compromise solutions (row indices, best Q first): {a′} when both conditions hold;
    /// {a′, a″} when only stability fails; otherwise every alternative whose Q is within
    /// 1/(m − 1) of Q(a′).
    pub compromise: Vec<usize>,
}

impl Vikor {
    /// VIKOR with strategy weight `v` in [0, 1].
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] when `v` is outside [0, 1] or a fill value is not finite.
    pub fn new(v: f64, on_constant: OnConstant) -> Result<Self> {
        Self::try_from(VikorParams { v, on_constant })
    }

    /// S, R, Q and the compromise set.
    ///
    /// # Errors
    /// As [`Evaluate::evaluate`].
    pub fn solve(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<VikorResult> {
        const NAME: &str = "vikor";
        let w = dm.weights(NAME, weights)?;
        let m = dm.nrows();
        let (mut s, mut r) = (vec![0.0_f64; m], vec![0.0_f64; m]);
        for (j, &wj) in w.iter().enumerate() {
            let (lo, hi) = range(dm, j);
            let (best, worst) = match dm.types()[j] {
                Direction::Positive => (hi, lo),
                Direction::Negative => (lo, hi),
            };
            for (i, &f) in dm.column(j).iter().enumerate() {
                let d = if hi > lo {
                    (best - f) / (best - worst)
                } else {
                    match self.0.on_constant {
                        OnConstant::Error => return Err(dm.constant(NAME, j)),
                        OnConstant::Fill(t) => t,
                    }
                };
                s[i] += wj * d;
                r[i] = r[i].max(wj * d);
            }
        }
        let q = compromise_index(&s, &r, self.0.v);
        let order = order_by(&q);
        let dq = if m > 1 { 1.0 / (m - 1) as f64 } else { 0.0 };
        let best = order[0];
        let acceptable_advantage = m < 2 || q[order[1]] - q[best] >= dq;
        let is_min = |x: &[f64]| x.iter().all(|v| x[best] <= *v);
        let acceptable_stability = is_min(&s) || is_min(&r);
        let compromise = if acceptable_advantage && acceptable_stability {
            vec![best]
        } else if acceptable_advantage {
            order[..2].to_vec()
        } else {
            order
                .iter()
                .copied()
                .take_while(|&k| q[k] - q[best] < dq)
                .collect()
        };
        Ok(VikorResult {
            s,
            r,
            q,
            acceptable_advantage,
            acceptable_stability,
            compromise,
        })
    }
}

/// Q from S and R; a term whose spread is 0 is 0.
fn compromise_index(s: &[f64], r: &[f64], v: f64) -> Vec<f64> {
    let scaled = |x: &[f64]| -> Vec<f64> {
        let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        x.iter()
            .map(|v| if hi > lo { (v - lo) / (hi - lo) } else { 0.0 })
            .collect()
    };
    let (ss, rr) = (scaled(s), scaled(r));
    ss.iter()
        .zip(&rr)
        .map(|(a, b)| v * a + (1.0 - v) * b)
        .collect()
}

/// Row indices by ascending value, ties in row order.
fn order_by(x: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    idx
}

impl Evaluate for Vikor {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        let r = self.solve(dm, weights)?;
        Evaluation::new("vikor", dm, r.q, Better::Lower)
    }
}
