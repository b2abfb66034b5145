//! PCA / factor-analysis weights (OECD/JRC Handbook).

use nalgebra::{DMatrix, SymmetricEigen};

use super::{Weigh, normalised};
use crate::mcda::registry::validated_params;
use crate::mcda::{DecisionMatrix, spec_error};
use crate::stats::{SdKind, mean, sd};
use crate::{Result, ScoringError};

/// PCA / factor-analysis weights after the OECD/JRC *Handbook on constructing composite
/// indicators* (2008, step 6) and Nicoletti, Scarpetta & Boylaud (2000):
///
/// 1. the correlation matrix of the indicators (direction-aware: cost columns negated; sample
///    SD; complete data);
/// 2. its eigen-decomposition (nalgebra `SymmetricEigen`), components by decreasing eigenvalue;
/// 3. retain the leading components with eigenvalue > `min_eigenvalue` (1) that each explain
///    more than `min_share` (10 %) of the variance — at least one — or exactly `factors` when
///    given;
/// 4. loadings l = eigenvector·√eigenvalue, rotated by varimax (Kaiser 1958, normalised, the
///    SVD algorithm of R's `stats::varimax`, to a relative change of 1e-12, not R's 1e-5) when
///    two or more are retained;
/// 5. squared loadings scaled to unity per factor, s_jk = l²_jk/EV_k with EV_k = Σ_j l²_jk;
/// 6. each indicator goes to the factor with its largest s_jk; its weight is
///    s_jk·EV_k/Σ_k EV_k; the weights are rescaled to sum 1.
///
/// This is the Handbook's variant, not COINr's `get_PCA` (unrotated first-component loadings,
/// which may be negative). A constant column is a typed error. Needs 3 units.
/// Spec: `"pca"` or `{"pca": {"min_eigenvalue": 1.0, "min_share": 0.1, "factors": null}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Pca, Weigh};
/// let x = Matrix::from_rows(&[
///     vec![1.0, 2.0, 9.0], vec![2.0, 2.5, 4.0], vec![3.0, 3.9, 7.0], vec![4.0, 4.1, 1.0],
/// ])?;
/// let w = Pca::default().weigh(&DecisionMatrix::oriented(&x)?)?;
/// assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "PcaParams", into = "PcaParams"))]
pub struct Pca(PcaParams);

/// The spec form of [`Pca`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct PcaParams {
    /// Keep components whose eigenvalue exceeds this (Kaiser criterion, 1).
    pub min_eigenvalue: f64,
    /// ... and that each explain more than this share of the variance (0.1).
    pub min_share: f64,
    /// Keep exactly this many components instead.
    pub factors: Option<usize>,
}

impl Default for PcaParams {
    fn default() -> Self {
        Self {
            min_eigenvalue: 1.0,
            min_share: 0.1,
            factors: None,
        }
    }
}

impl PcaParams {
    fn check(&self) -> Result<()> {
        let ok = self.min_eigenvalue.is_finite()
            && self.min_eigenvalue >= 0.0
            && (0.0..1.0).contains(&self.min_share)
            && self.factors != Some(0);
        if ok {
            Ok(())
        } else {
            spec_error(
                "pca: thresholds must be finite and >= 0 (min_share < 1), factors >= 1".to_owned(),
            )
        }
    }
}

validated_params!(Pca, PcaParams);

/// What the PCA weighting found.
#[derive(Debug, Clone, PartialEq)]
pub struct PcaResult {
    /// One weight per indicator, summing to 1.
    pub weights: Vec<f64>,
    /// Every eigenvalue of the correlation matrix, decreasing.
    pub eigenvalues: Vec<f64>,
    /// Number of retained components.
    pub retained: usize,
    /// Share of the total variance explained by the retained components.
    pub explained: f64,
    /// Rotated loadings, one row per indicator, one column per retained component.
    pub loadings: Vec<Vec<f64>>,
    /// The component each indicator is assigned to.
    pub factor_of: Vec<usize>,
}

impl Pca {
    /// PCA weights with the given retention rule.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] for a negative or non-finite threshold, or `factors = Some(0)`.
    pub fn new(min_eigenvalue: f64, min_share: f64, factors: Option<usize>) -> Result<Self> {
        Self::try_from(PcaParams {
            min_eigenvalue,
            min_share,
            factors,
        })
    }

    /// The full analysis: eigenvalues, retained components, rotated loadings and weights.
    ///
    /// # Errors
    /// As [`Weigh::weigh`].
    pub fn analyse(&self, dm: &DecisionMatrix<'_>) -> Result<PcaResult> {
        const NAME: &str = "pca";
        dm.need_rows(NAME, 3)?;
        let (m, n) = (dm.nrows(), dm.ncols());
        // standardised, oriented columns
        let mut z = DMatrix::<f64>::zeros(m, n);
        for j in 0..n {
            let col = dm.column(j);
            let mu = mean(col).unwrap_or(0.0);
            let s = sd(col, SdKind::Sample).unwrap_or(0.0);
            if s <= 0.0 {
                return Err(dm.constant(NAME, j));
            }
            let sign = dm.types()[j].sign();
            for (i, &x) in col.iter().enumerate() {
                z[(i, j)] = sign * (x - mu) / s;
            }
        }
        let corr = (z.transpose() * &z) / (m as f64 - 1.0);
        let eigen = SymmetricEigen::new(corr);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| eigen.eigenvalues[b].total_cmp(&eigen.eigenvalues[a]));
        let eigenvalues: Vec<f64> = order
            .iter()
            .map(|&k| eigen.eigenvalues[k].max(0.0))
            .collect();
        let total: f64 = eigenvalues.iter().sum();
        let p = &self.0;
        let k = match p.factors {
            Some(f) => f.min(n),
            None => eigenvalues
                .iter()
                .take_while(|&&l| l > p.min_eigenvalue && l / total > p.min_share)
                .count()
                .max(1),
        };
        let mut loadings = DMatrix::<f64>::zeros(n, k);
        for (c, &src) in order.iter().take(k).enumerate() {
            let root = eigenvalues[c].sqrt();
            for j in 0..n {
                loadings[(j, c)] = eigen.eigenvectors[(j, src)] * root;
            }
        }
        let rotated = if k >= 2 {
            varimax(&loadings)?
        } else {
            loadings
        };
        let sq = rotated.map(|v| v * v);
        let ev: Vec<f64> = (0..k).map(|c| sq.column(c).sum()).collect();
        let ev_total: f64 = ev.iter().sum();
        let mut factor_of = vec![0; n];
        let mut raw = vec![0.0; n];
        for j in 0..n {
            let scaled = |c: usize| if ev[c] > 0.0 { sq[(j, c)] / ev[c] } else { 0.0 };
            let best = (0..k).fold(0, |b, c| if scaled(c) > scaled(b) { c } else { b });
            factor_of[j] = best;
            raw[j] = scaled(best) * ev[best] / ev_total;
        }
        let weights = normalised(NAME, dm, raw)?;
        Ok(PcaResult {
            weights,
            explained: eigenvalues[..k].iter().sum::<f64>() / total,
            eigenvalues,
            retained: k,
            loadings: (0..n)
                .map(|j| rotated.row(j).iter().copied().collect())
                .collect(),
            factor_of,
        })
    }
}

/// Kaiser's normalised varimax rotation, the SVD iteration of R's `stats::varimax`.
fn varimax(x: &DMatrix<f64>) -> Result<DMatrix<f64>> {
    let (p, k) = x.shape();
    let sc: Vec<f64> = (0..p)
        .map(|j| {
            let s = x.row(j).norm();
            if s > 0.0 { s } else { 1.0 }
        })
        .collect();
    let mut xn = x.clone();
    for (j, s) in sc.iter().enumerate() {
        xn.row_mut(j).scale_mut(1.0 / s);
    }
    let mut t = DMatrix::<f64>::identity(k, k);
    let mut d = 0.0;
    for _ in 0..1000 {
        let z = &xn * &t;
        let col_sq: Vec<f64> = (0..k).map(|c| z.column(c).norm_squared()).collect();
        let target = DMatrix::from_fn(p, k, |i, c| {
            let v = z[(i, c)];
            v * v * v - v * col_sq[c] / p as f64
        });
        let b = xn.transpose() * target;
        let svd = b.svd(true, true);
        let (Some(u), Some(vt)) = (svd.u, svd.v_t) else {
            return Err(ScoringError::Solver {
                method: "pca",
                reason: "varimax: the singular value decomposition failed".to_owned(),
            });
        };
        t = u * vt;
        let d_past = d;
        d = svd.singular_values.sum();
        if d < d_past * (1.0 + 1e-12) {
            break;
        }
    }
    let mut z = &xn * &t;
    for (j, s) in sc.iter().enumerate() {
        z.row_mut(j).scale_mut(*s);
    }
    Ok(z)
}

impl Weigh for Pca {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        Ok(self.analyse(dm)?.weights)
    }
}
