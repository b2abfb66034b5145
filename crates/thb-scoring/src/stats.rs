//! Descriptive statistics over `f64` slices where `NaN` marks a missing value.
//!
//! Every function skips missing values and returns `None` when too few values remain, so no
//! `NaN` ever leaves this module. Conventions (`composite-methods.md` §4, §9, §11): sample
//! standard deviation (n - 1) unless [`SdKind::Population`] is asked for; skewness and excess
//! kurtosis are the e1071 type 2 estimators; quantiles are R's type 7.

/// Which divisor a variance uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SdKind {
    /// Divide by n - 1 (the default everywhere).
    #[default]
    Sample,
    /// Divide by n (original MPI, AMPI, scikit-criteria z-scores).
    Population,
}

/// The non-missing values of `x`.
pub fn present(x: &[f64]) -> impl Iterator<Item = f64> + '_ {
    x.iter().copied().filter(|v| !v.is_nan())
}

/// Number of non-missing values.
pub fn count(x: &[f64]) -> usize {
    present(x).count()
}

/// Mean of the non-missing values.
///
/// ```
/// use thb_scoring::stats::mean;
/// assert_eq!(mean(&[1.0, f64::NAN, 3.0]), Some(2.0));
/// assert_eq!(mean(&[f64::NAN]), None);
/// ```
pub fn mean(x: &[f64]) -> Option<f64> {
    let (s, n) = present(x).fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| s / n as f64)
}

/// Variance of the non-missing values (`None` with fewer than 2 for [`SdKind::Sample`]).
pub fn variance(x: &[f64], kind: SdKind) -> Option<f64> {
    let m = mean(x)?;
    let n = count(x);
    let ss: f64 = present(x).map(|v| (v - m) * (v - m)).sum();
    match kind {
        SdKind::Sample if n >= 2 => Some(ss / (n - 1) as f64),
        SdKind::Population if n >= 1 => Some(ss / n as f64),
        _ => None,
    }
}

/// Standard deviation of the non-missing values.
///
/// ```
/// use thb_scoring::stats::{sd, SdKind};
/// assert_eq!(sd(&[1.0, 3.0], SdKind::Sample), Some(2f64.sqrt()));
/// assert_eq!(sd(&[1.0, 3.0], SdKind::Population), Some(1.0));
/// ```
pub fn sd(x: &[f64], kind: SdKind) -> Option<f64> {
    variance(x, kind).map(f64::sqrt)
}

/// Minimum and maximum of the non-missing values.
pub fn min_max(x: &[f64]) -> Option<(f64, f64)> {
    present(x).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// The non-missing values, sorted ascending.
pub fn sorted(x: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = present(x).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Quantile `p` in [0, 1] of the non-missing values, R type 7 (numpy's default).
///
/// ```
/// use thb_scoring::stats::quantile;
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.05), Some(1.15));
/// ```
pub fn quantile(x: &[f64], p: f64) -> Option<f64> {
    quantile_sorted(&sorted(x), p)
}

/// Quantile of already sorted, non-missing values (R type 7).
pub fn quantile_sorted(s: &[f64], p: f64) -> Option<f64> {
    quantile_by(s.len(), p, |k| s[k])
}

/// Quantile `p` (R type 7) of `len` values known through `kth(k)`, the k-th smallest (0-based).
///
/// For data kept in another form than a sorted slice (a histogram, the few smallest values):
/// only `kth(lo)` and `kth(lo + 1)` around position `(len - 1) p` are asked for.
///
/// ```
/// use thb_scoring::stats::quantile_by;
/// let sorted = [1.0, 2.0, 3.0, 4.0];
/// assert_eq!(quantile_by(4, 0.05, |k| sorted[k]), Some(1.15));
/// assert_eq!(quantile_by(0, 0.5, |k| sorted[k]), None);
/// ```
pub fn quantile_by(len: usize, p: f64, mut kth: impl FnMut(usize) -> f64) -> Option<f64> {
    if len == 0 || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (len - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(len - 1);
    let (x_lo, x_hi) = (kth(lo), kth(hi));
    Some(x_lo + (h - lo as f64) * (x_hi - x_lo))
}

/// Median of the non-missing values.
pub fn median(x: &[f64]) -> Option<f64> {
    quantile(x, 0.5)
}

/// Skewness, e1071 type 2 (the sample skewness G1); needs 3 values and a non-zero spread.
///
/// g1 = sqrt(n) Σd³ / (Σd²)^1.5, skew = g1 sqrt(n(n-1)) / (n-2).
pub fn skewness(x: &[f64]) -> Option<f64> {
    let n = count(x);
    let m = mean(x)?;
    if n < 3 {
        return None;
    }
    let (s2, s3) = present(x).fold((0.0, 0.0), |(s2, s3), v| {
        let d = v - m;
        (s2 + d * d, s3 + d * d * d)
    });
    if s2 <= 0.0 {
        return None;
    }
    let nf = n as f64;
    let g1 = nf.sqrt() * s3 / s2.powf(1.5);
    Some(g1 * (nf * (nf - 1.0)).sqrt() / (nf - 2.0))
}

/// Excess kurtosis, e1071 type 2 (G2); needs 4 values and a non-zero spread.
///
/// r = n Σd⁴ / (Σd²)², kurt = ((n+1)(r-3) + 6)(n-1) / ((n-2)(n-3)).
pub fn kurtosis(x: &[f64]) -> Option<f64> {
    let n = count(x);
    let m = mean(x)?;
    if n < 4 {
        return None;
    }
    let (s2, s4) = present(x).fold((0.0, 0.0), |(s2, s4), v| {
        let d2 = (v - m) * (v - m);
        (s2 + d2, s4 + d2 * d2)
    });
    if s2 <= 0.0 {
        return None;
    }
    let nf = n as f64;
    let r = nf * s4 / (s2 * s2);
    Some(((nf + 1.0) * (r - 3.0) + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0)))
}

/// Pearson correlation over the pairs where both values are present (pairwise complete).
/// `None` with fewer than 2 pairs or a zero spread.
///
/// ```
/// use thb_scoring::stats::pearson;
/// let r = pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 7.0]).unwrap_or_default();
/// assert!((r - 0.9933992677987828).abs() < 1e-12);
/// ```
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(a, b)| (*a, *b))
        .collect();
    if pairs.len() < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (a, b)| (sx + a, sy + b));
    let (mx, my) = (mx / n, my / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in &pairs {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Sample covariance (n - 1) over the pairs where both values are present (pairwise
/// complete). `None` with fewer than 2 pairs.
///
/// ```
/// use thb_scoring::stats::covariance;
/// assert_eq!(covariance(&[1.0, 2.0, 3.0, f64::NAN], &[2.0, 4.0, 6.0, 1.0]), Some(2.0));
/// ```
pub fn covariance(x: &[f64], y: &[f64]) -> Option<f64> {
    let pairs = || x.iter().zip(y).filter(|(a, b)| !a.is_nan() && !b.is_nan());
    let n = pairs().count();
    if n < 2 {
        return None;
    }
    let (sx, sy) = pairs().fold((0.0, 0.0), |(sx, sy), (a, b)| (sx + a, sy + b));
    let (mx, my) = (sx / n as f64, sy / n as f64);
    let sxy: f64 = pairs().map(|(a, b)| (a - mx) * (b - my)).sum();
    Some(sxy / (n - 1) as f64)
}

/// Spearman correlation (pairwise complete; average ranks, so tie-corrected).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let (a, b): (Vec<f64>, Vec<f64>) = x
        .iter()
        .zip(y)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(a, b)| (*a, *b))
        .unzip();
    let ra = crate::rank::rank(
        &a,
        crate::rank::Ties::Average,
        crate::rank::Order::Ascending,
    );
    let rb = crate::rank::rank(
        &b,
        crate::rank::Ties::Average,
        crate::rank::Order::Ascending,
    );
    pearson(&ra, &rb)
}

/// Which Kendall coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum KendallKind {
    /// tau-a: (concordant - discordant) / (n(n-1)/2), ignores ties.
    A,
    /// tau-b: corrected for ties in either variable (R `cor(method = "kendall")`, scipy default).
    #[default]
    B,
}

/// Kendall's tau (pairwise complete), O(n²). `None` with fewer than 2 pairs or, for tau-b,
/// when one variable is constant.
///
/// ```
/// use thb_scoring::stats::{kendall, KendallKind};
/// assert_eq!(kendall(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0], KendallKind::B), Some(-1.0));
/// ```
pub fn kendall(x: &[f64], y: &[f64], kind: KendallKind) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(a, b)| (*a, *b))
        .collect();
    let n = pairs.len();
    if n < 2 {
        return None;
    }
    let (mut conc, mut disc, mut tie_x, mut tie_y) = (0i64, 0i64, 0i64, 0i64);
    for i in 0..n {
        for j in (i + 1)..n {
            let dx = pairs[i].0 - pairs[j].0;
            let dy = pairs[i].1 - pairs[j].1;
            let (zx, zy) = (dx == 0.0, dy == 0.0);
            match (zx, zy) {
                (true, true) => {
                    tie_x += 1;
                    tie_y += 1;
                }
                (true, false) => tie_x += 1,
                (false, true) => tie_y += 1,
                (false, false) => {
                    if (dx > 0.0) == (dy > 0.0) {
                        conc += 1;
                    } else {
                        disc += 1;
                    }
                }
            }
        }
    }
    let n0 = (n * (n - 1) / 2) as f64;
    let s = (conc - disc) as f64;
    match kind {
        KendallKind::A => Some(s / n0),
        KendallKind::B => {
            let d = ((n0 - tie_x as f64) * (n0 - tie_y as f64)).sqrt();
            (d > 0.0).then(|| (s / d).clamp(-1.0, 1.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn moments_match_e1071_type2() {
        // R: the type 2 formulas evaluated independently in Python
        let x = [1.0, 2.0, 3.0, 10.0];
        assert_relative_eq!(
            skewness(&x).unwrap(),
            1.763_632_614_803_888,
            max_relative = 1e-12
        );
        assert_relative_eq!(kurtosis(&x).unwrap(), 3.228, max_relative = 1e-12);
        assert!(skewness(&[1.0, 1.0, 1.0]).is_none());
    }

    #[test]
    fn missing_is_skipped_never_nan() {
        let x = [f64::NAN, 2.0, f64::NAN];
        assert_eq!(mean(&x), Some(2.0));
        assert_eq!(sd(&x, SdKind::Sample), None);
        assert_eq!(min_max(&[f64::NAN]), None);
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), None);
    }

    #[test]
    fn kendall_tau_b_with_ties() {
        // scipy.stats.kendalltau([1,2,2,3],[1,2,3,3]) = 0.8
        assert_relative_eq!(
            kendall(&[1.0, 2.0, 2.0, 3.0], &[1.0, 2.0, 3.0, 3.0], KendallKind::B).unwrap(),
            0.8,
            max_relative = 1e-12
        );
        assert_relative_eq!(
            kendall(&[1.0, 2.0, 2.0, 3.0], &[1.0, 2.0, 3.0, 3.0], KendallKind::A).unwrap(),
            4.0 / 6.0,
            max_relative = 1e-12
        );
    }
}
