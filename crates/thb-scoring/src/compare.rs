//! Rank comparison: how much two rankings (or two score vectors) agree.
//!
//! Conventions (`mcda-methods.md` D10–D13): Spearman = Pearson correlation of average ranks
//! (tie-corrected); Kendall τ-b by default, τ-a and Goodman–Kruskal γ available; weighted
//! Spearman r_w after Pinto da Costa & Soares (2005); the WS coefficient after Sałabun &
//! Urbaniak (2020), whose first argument is the reference. Every function works on the units
//! present in both inputs (`NaN` = missing is left out) and returns `None` when the measure is
//! undefined, never `NaN`.
//!
//! Functions documented as taking *rankings* expect 1 = best (ties may be fractional, e.g.
//! average ranks); the correlations accept rankings or scores alike, as long as both inputs are
//! of the same kind.
//!
//! ```
//! use thb_scoring::compare::{compare_rankings, spearman, ws_coefficient};
//! let a = [1.0, 2.0, 3.0, 4.0, 5.0];
//! let b = [1.0, 2.5, 2.5, 5.0, 4.0];
//! assert!((spearman(&a, &b).unwrap_or(0.0) - 0.872081599272381).abs() < 1e-12);
//! assert!((ws_coefficient(&a, &b).unwrap_or(0.0) - 0.8984375).abs() < 1e-12);
//! let table = compare_rankings(&[("minmax", &[0.9, 0.5, 0.1][..]), ("zscore", &[0.8, 0.1, 0.3][..])])?;
//! assert_eq!(table.pairs[0].max_abs_shift, Some(1.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::rank::{Order, Ties, rank};
use crate::stats;
use crate::{Result, ScoringError};

pub use crate::stats::KendallKind;

/// The pairs present in both `x` and `y`.
fn complete(x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    x.iter()
        .zip(y)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(a, b)| (*a, *b))
        .unzip()
}

/// Spearman's ρ: the Pearson correlation of average ranks (tie-corrected, = scipy `spearmanr`,
/// pymcdm `rs`). `None` with fewer than 2 units or a constant input.
///
/// ```
/// use thb_scoring::compare::spearman;
/// let rho = spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap_or(0.0);
/// assert!((rho + 1.0).abs() < 1e-12);
/// ```
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    stats::spearman(x, y)
}

/// Kendall's τ, variant `kind` (τ-b corrects for ties, = scipy and pandas; τ-a = pymcdm
/// `kendall_tau`, pyrepo `kendall`).
///
/// ```
/// use thb_scoring::compare::{kendall, KendallKind};
/// let (a, b) = ([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.5, 2.5, 5.0, 4.0]);
/// assert!((kendall(&a, &b, KendallKind::A).unwrap_or(0.0) - 0.7).abs() < 1e-12);
/// ```
pub fn kendall(x: &[f64], y: &[f64], kind: KendallKind) -> Option<f64> {
    stats::kendall(x, y, kind)
}

/// Goodman–Kruskal γ = (C − D)/(C + D) over concordant and discordant pairs (pairs tied in
/// either input are ignored). `None` when every pair is tied.
///
/// ```
/// use thb_scoring::compare::goodman_kruskal_gamma;
/// let (a, b) = ([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.5, 2.5, 5.0, 4.0]);
/// assert!((goodman_kruskal_gamma(&a, &b).unwrap_or(0.0) - 7.0 / 9.0).abs() < 1e-12);
/// ```
pub fn goodman_kruskal_gamma(x: &[f64], y: &[f64]) -> Option<f64> {
    let (a, b) = complete(x, y);
    let n = a.len();
    let n0 = (n * n.saturating_sub(1) / 2) as f64;
    // C − D from τ-a; C + D = n0 − (pairs tied in a) − (tied in b) + (tied in both)
    let c_minus_d = (stats::kendall(&a, &b, KendallKind::A)? * n0).round();
    let joint: Vec<(f64, f64)> = a.iter().copied().zip(b.iter().copied()).collect();
    let c_plus_d = n0 - tied_pairs(&a) - tied_pairs(&b) + tied_pairs(&joint);
    (c_plus_d > 0.0).then(|| (c_minus_d / c_plus_d).clamp(-1.0, 1.0))
}

/// Number of tied pairs, Σ t(t − 1)/2 over groups of equal values.
fn tied_pairs<T: PartialOrd + Copy>(v: &[T]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|p, q| p.partial_cmp(q).unwrap_or(std::cmp::Ordering::Equal));
    let mut total = 0.0;
    let mut start = 0;
    for end in 1..=s.len() {
        if end == s.len() || s[end] != s[start] {
            let t = (end - start) as f64;
            total += t * (t - 1.0) / 2.0;
            start = end;
        }
    }
    total
}

/// Weighted Spearman r_w (Pinto da Costa & Soares 2005, *A weighted rank measure of
/// correlation*, Australian & New Zealand Journal of Statistics 47(4)) of two **rankings**:
/// 1 − 6·Σ(R_x − R_y)²·((n − R_x + 1) + (n − R_y + 1)) / (n⁴ + n³ − n² − n). Differences near
/// the top weigh more. `None` with fewer than 2 units.
///
/// ```
/// use thb_scoring::compare::weighted_spearman;
/// let (a, b) = ([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.5, 2.5, 5.0, 4.0]);
/// assert!((weighted_spearman(&a, &b).unwrap_or(0.0) - 0.9208333333333334).abs() < 1e-12);
/// ```
pub fn weighted_spearman(rx: &[f64], ry: &[f64]) -> Option<f64> {
    let (a, b) = complete(rx, ry);
    let n = a.len() as f64;
    if a.len() < 2 {
        return None;
    }
    let s: f64 = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (x - y).powi(2) * ((n - x + 1.0) + (n - y + 1.0)))
        .sum();
    Some(1.0 - 6.0 * s / (n.powi(4) + n.powi(3) - n * n - n))
}

/// The WS similarity coefficient (Sałabun & Urbaniak 2020, *A new coefficient of rankings
/// similarity in decision-making problems*, ICCS 2020) of two **rankings**, the first being
/// the reference: 1 − Σ_i 2^(−R_xi)·|R_xi − R_yi|/max(|R_xi − 1|, |R_xi − n|). Asymmetric.
/// `None` with fewer than 2 units.
///
/// ```
/// use thb_scoring::compare::ws_coefficient;
/// let (a, b) = ([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.5, 2.5, 5.0, 4.0]);
/// assert!((ws_coefficient(&b, &a).unwrap_or(0.0) - 0.9006434885480119).abs() < 1e-12);
/// ```
pub fn ws_coefficient(reference: &[f64], other: &[f64]) -> Option<f64> {
    let (x, y) = complete(reference, other);
    let n = x.len() as f64;
    if x.len() < 2 {
        return None;
    }
    let s: f64 = x
        .iter()
        .zip(&y)
        .map(|(rx, ry)| 2f64.powf(-rx) * (rx - ry).abs() / (rx - 1.0).abs().max((rx - n).abs()))
        .sum();
    Some(1.0 - s)
}

/// Mean and maximum absolute rank shift between two rankings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankShift {
    /// (1/n)·Σ|R_x − R_y|.
    pub mean: f64,
    /// max|R_x − R_y|.
    pub max: f64,
}

/// Mean and maximum absolute rank shift between two **rankings** (`None` when no unit is in
/// both).
///
/// ```
/// use thb_scoring::compare::rank_shift;
/// let s = rank_shift(&[1.0, 2.0, 3.0], &[2.0, 1.0, 3.0]);
/// assert_eq!(s.map(|s| (s.mean, s.max)), Some((2.0 / 3.0, 1.0)));
/// ```
pub fn rank_shift(rx: &[f64], ry: &[f64]) -> Option<RankShift> {
    let (a, b) = complete(rx, ry);
    if a.is_empty() {
        return None;
    }
    let (sum, max) = a.iter().zip(&b).fold((0.0, 0.0_f64), |(s, m), (x, y)| {
        let d = (x - y).abs();
        (s + d, m.max(d))
    });
    Some(RankShift {
        mean: sum / a.len() as f64,
        max,
    })
}

/// Overlap of the top k of two **rankings**: |A ∩ B|/max(|A|, |B|) with A = {units ranked ≤ k}
/// (ties at rank k are all in; without ties this is |A ∩ B|/k). `None` when both sets are
/// empty.
///
/// ```
/// use thb_scoring::compare::top_k_overlap;
/// assert_eq!(top_k_overlap(&[1.0, 2.0, 3.0, 4.0], &[2.0, 3.0, 1.0, 4.0], 2), Some(0.5));
/// ```
pub fn top_k_overlap(rx: &[f64], ry: &[f64], k: usize) -> Option<f64> {
    let k = k as f64;
    let (a, b) = complete(rx, ry);
    let in_a = a.iter().filter(|r| **r <= k).count();
    let in_b = b.iter().filter(|r| **r <= k).count();
    let both = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| **x <= k && **y <= k)
        .count();
    let denom = in_a.max(in_b);
    (denom > 0).then(|| both as f64 / denom as f64)
}

/// Agreement of one pair of rankings (a row of `thb compare`, `interfaces.md` §3.5).
#[derive(Debug, Clone, PartialEq)]
pub struct PairComparison {
    /// Label of the earlier ranking.
    pub a: String,
    /// Label of the later ranking.
    pub b: String,
    /// Units scored under both.
    pub units: usize,
    /// Units left out because their score is missing under either.
    pub left_out: usize,
    /// Spearman's ρ of the scores (Pearson of average ranks).
    pub spearman: Option<f64>,
    /// Kendall's τ-b of the scores.
    pub kendall_tau_b: Option<f64>,
    /// Mean absolute shift of the published ranks (ties `min`, among the common units).
    pub mean_abs_shift: Option<f64>,
    /// Maximum absolute shift of the published ranks.
    pub max_abs_shift: Option<f64>,
}

/// A unit whose rank moves most between two of the compared rankings.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    /// Row index of the unit.
    pub unit: usize,
    /// Its largest absolute rank shift over every pair.
    pub max_abs_shift: f64,
    /// The pair (labels) where that shift occurs (first such pair).
    pub between: (String, String),
}

/// The pairwise agreement table of several rankings and the units that move most.
#[derive(Debug, Clone, PartialEq)]
pub struct RankComparison {
    /// One row per pair, in argument order (a earlier than b).
    pub pairs: Vec<PairComparison>,
    /// Units by decreasing largest rank shift (ties by row order); units with a shift of 0
    /// are included, units never compared are not.
    pub movers: Vec<Mover>,
}

impl RankComparison {
    /// The CSV of `thb compare`: `a,b,spearman,kendall_tau_b,mean_abs_shift,max_abs_shift`,
    /// undefined values as empty cells, numbers in their shortest round-trip form.
    ///
    /// ```
    /// use thb_scoring::compare::compare_rankings;
    /// let t = compare_rankings(&[("x", &[3.0, 2.0, 1.0][..]), ("y", &[3.0, 1.0, 2.0][..])])?;
    /// let csv = t.to_csv();
    /// assert!(csv.starts_with("a,b,spearman,kendall_tau_b,mean_abs_shift,max_abs_shift\nx,y,"));
    /// assert!(csv.ends_with(",0.3333333333333333,0.6666666666666666,1\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_csv(&self) -> String {
        let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let mut out = String::from("a,b,spearman,kendall_tau_b,mean_abs_shift,max_abs_shift\n");
        for p in &self.pairs {
            out.push_str(&format!(
                "{},{},{},{},{},{}\n",
                p.a,
                p.b,
                cell(p.spearman),
                cell(p.kendall_tau_b),
                cell(p.mean_abs_shift),
                cell(p.max_abs_shift)
            ));
        }
        out
    }
}

/// Compares several score vectors (higher is better, `NaN` = missing) over the same units:
/// for every pair in argument order, Spearman and Kendall τ-b of the scores and the mean and
/// maximum absolute shift of the published ranks (ties `min`), over the units scored under
/// both (ranks are recomputed among them); plus the units whose rank moves most. Use
/// [`crate::mcda::Evaluation::oriented_scores`] for methods where lower is better.
///
/// # Errors
/// [`crate::ScoringError::Shape`] when the score vectors differ in length.
pub fn compare_rankings(rankings: &[(&str, &[f64])]) -> Result<RankComparison> {
    let n = rankings.first().map_or(0, |(_, s)| s.len());
    if let Some((label, s)) = rankings.iter().find(|(_, s)| s.len() != n) {
        return Err(ScoringError::Shape(format!(
            "ranking `{label}` has {} units, expected {n}",
            s.len()
        )));
    }
    let mut pairs = Vec::new();
    let mut moves: Vec<Option<(f64, usize)>> = vec![None; n];
    for (ia, (la, sa)) in rankings.iter().enumerate() {
        for (lb, sb) in &rankings[ia + 1..] {
            let common: Vec<usize> = (0..n)
                .filter(|&i| !sa[i].is_nan() && !sb[i].is_nan())
                .collect();
            let pick = |s: &[f64]| common.iter().map(|&i| s[i]).collect::<Vec<f64>>();
            let (xa, xb) = (pick(sa), pick(sb));
            let ra = rank(&xa, Ties::Min, Order::Descending);
            let rb = rank(&xb, Ties::Min, Order::Descending);
            let shift = rank_shift(&ra, &rb);
            for (k, &i) in common.iter().enumerate() {
                let d = (ra[k] - rb[k]).abs();
                if moves[i].is_none_or(|(m, _)| d > m) {
                    moves[i] = Some((d, pairs.len()));
                }
            }
            pairs.push(PairComparison {
                a: (*la).to_owned(),
                b: (*lb).to_owned(),
                units: common.len(),
                left_out: n - common.len(),
                spearman: spearman(&xa, &xb),
                kendall_tau_b: kendall(&xa, &xb, KendallKind::B),
                mean_abs_shift: shift.map(|s| s.mean),
                max_abs_shift: shift.map(|s| s.max),
            });
        }
    }
    let mut movers: Vec<Mover> = moves
        .iter()
        .enumerate()
        .filter_map(|(unit, m)| {
            m.map(|(d, p)| Mover {
                unit,
                max_abs_shift: d,
                between: (pairs[p].a.clone(), pairs[p].b.clone()),
            })
        })
        .collect();
    movers.sort_by(|x, y| y.max_abs_shift.total_cmp(&x.max_abs_shift));
    Ok(RankComparison { pairs, movers })
}
