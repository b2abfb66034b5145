//! Principal component analysis of each aggregate's children: COINr's PC1 variant and the
//! OECD/JRC Handbook (Nicoletti et al. 2000) variant.
//!
//! Both work on the complete rows (every child present) of the children, centred and scaled
//! (sample SD), i.e. on their correlation matrix.
//!
//! * **COINr** (`get_PCA`): the weights are the raw loadings of the first component. They can be
//!   negative and their sign is arbitrary (quirk Q7); here the sign is fixed so that the
//!   loadings sum to a non-negative number.
//! * **Handbook**: keep the components with eigenvalue > 1 that each explain more than 10 % of
//!   the variance (at least the first), rotate their loadings (`v·sqrt(λ)`) with varimax (R's
//!   `varimax`, Kaiser normalisation, eps 1e-5), square them, assign each child to the factor
//!   where its squared loading is largest, weight it by that squared loading over the total
//!   explained variance (= its share within the factor times the factor's share of explained
//!   variance), and renormalise to sum 1. Whether the kept factors explain more than 60 % of the
//!   variance is reported, not enforced.

use nalgebra::{DMatrix, SymmetricEigen};
use thb_model::{Framework, Matrix};

use super::{check_codes, column};
use crate::error::{Result, ScoringError};
use crate::stats::{self, SdKind};

/// The Handbook variant's factors and weights.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HandbookPca {
    /// Number of factors kept.
    pub retained: usize,
    /// Share of the variance the kept factors explain.
    pub cumulative_share: f64,
    /// Whether that share exceeds 60 %.
    pub meets_60_percent: bool,
    /// Rotated loadings, one row per child, one value per kept factor.
    pub loadings: Vec<Vec<f64>>,
    /// The factor (0-based) each child is assigned to.
    pub factor: Vec<usize>,
    /// The weights, one per child, summing to 1.
    pub weights: Vec<f64>,
}

/// The PCA of one aggregate's children.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PcaResult {
    /// The aggregate.
    pub aggregate: String,
    /// Its children (the variables), in framework order.
    pub children: Vec<String>,
    /// Number of complete rows used.
    pub n_complete: usize,
    /// Eigenvalues of the correlation matrix, descending.
    pub eigenvalues: Vec<f64>,
    /// Share of variance of each component.
    pub variance_shares: Vec<f64>,
    /// COINr's weights: the first component's loadings (sign fixed, see the module docs).
    pub pc1_loadings: Vec<f64>,
    /// The Handbook variant.
    pub handbook: HandbookPca,
}

/// PCA of the children of `aggregate`, which must all be columns of `data`.
///
/// ```
/// use thb_scoring::analysis::pca;
/// use thb_model::{Framework, Matrix, Node};
/// let fw = Framework::new(vec![
///     Node::indicator("a", "P")?, Node::indicator("b", "P")?, Node::indicator("c", "P")?, Node::aggregate("P", 2, None)?,
/// ])?;
/// let m = Matrix::from_columns(5, vec![
///     vec![1.0, 2.0, 3.0, 4.0, 5.0], vec![2.0, 1.0, 4.0, 3.0, 6.0], vec![5.0, 3.0, 4.0, 1.0, 2.0],
/// ])?;
/// let r = pca(&m, &["a", "b", "c"].map(String::from), &fw, "P")?;
/// assert!((r.eigenvalues.iter().sum::<f64>() - 3.0).abs() < 1e-9);
/// assert!((r.handbook.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ScoringError::Unknown`] for an unknown aggregate or a child that is not a column;
/// [`ScoringError::TooFewValues`] with fewer than 3 complete rows or fewer than 2 children;
/// [`ScoringError::ConstantColumn`] for a child with no variance.
pub fn pca(
    data: &Matrix,
    codes: &[String],
    framework: &Framework,
    aggregate: &str,
) -> Result<PcaResult> {
    const METHOD: &str = "pca";
    check_codes(data, codes)?;
    if framework.node(aggregate).is_none() {
        return Err(ScoringError::Unknown {
            what: "aggregate",
            code: aggregate.to_owned(),
        });
    }
    let children: Vec<String> = framework
        .children(aggregate)
        .iter()
        .map(|n| n.code.as_str().to_owned())
        .collect();
    let cols: Vec<&[f64]> = children
        .iter()
        .map(|c| {
            column(data, codes, c).ok_or_else(|| ScoringError::Unknown {
                what: "column",
                code: c.clone(),
            })
        })
        .collect::<Result<_>>()?;
    let k = cols.len();
    let complete: Vec<usize> = (0..data.nrows())
        .filter(|&i| cols.iter().all(|c| !c[i].is_nan()))
        .collect();
    let n = complete.len();
    if k < 2 || n < 3 {
        return Err(ScoringError::TooFewValues {
            method: METHOD,
            node: aggregate.to_owned(),
            needed: if k < 2 { 2 } else { 3 },
            found: if k < 2 { k } else { n },
        });
    }
    let mut z = DMatrix::zeros(n, k);
    for (j, col) in cols.iter().enumerate() {
        let x: Vec<f64> = complete.iter().map(|&i| col[i]).collect();
        let m = stats::mean(&x).unwrap_or(0.0);
        let sd = stats::sd(&x, SdKind::Sample).unwrap_or(0.0);
        if sd <= 0.0 {
            return Err(ScoringError::ConstantColumn {
                method: METHOD,
                node: children[j].clone(),
                value: m,
            });
        }
        for (r, v) in x.iter().enumerate() {
            z[(r, j)] = (v - m) / sd;
        }
    }
    let corr = z.transpose() * &z / (n - 1) as f64;
    let eig = SymmetricEigen::new(corr);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let eigenvalues: Vec<f64> = order.iter().map(|&c| eig.eigenvalues[c].max(0.0)).collect();
    let total: f64 = eigenvalues.iter().sum();
    let variance_shares: Vec<f64> = eigenvalues.iter().map(|l| l / total).collect();
    let vector =
        |c: usize| -> Vec<f64> { (0..k).map(|j| eig.eigenvectors[(j, order[c])]).collect() };
    let mut pc1 = vector(0);
    if pc1.iter().sum::<f64>() < 0.0 {
        pc1.iter_mut().for_each(|v| *v = -*v);
    }
    let retained = eigenvalues
        .iter()
        .zip(&variance_shares)
        .take_while(|(l, s)| **l > 1.0 && **s > 0.1)
        .count()
        .max(1);
    let mut loadings = DMatrix::from_fn(k, retained, |j, c| vector(c)[j] * eigenvalues[c].sqrt());
    if retained > 1 {
        loadings = varimax(&loadings);
    }
    let cumulative_share: f64 = variance_shares[..retained].iter().sum();
    let explained: f64 = loadings.iter().map(|l| l * l).sum();
    let mut factor = Vec::with_capacity(k);
    let mut weights = Vec::with_capacity(k);
    for j in 0..k {
        let (best, sq) = (0..retained)
            .map(|c| (c, loadings[(j, c)] * loadings[(j, c)]))
            .fold(
                (0, f64::NEG_INFINITY),
                |acc, x| if x.1 > acc.1 { x } else { acc },
            );
        factor.push(best);
        weights.push(sq / explained);
    }
    let sum: f64 = weights.iter().sum();
    weights.iter_mut().for_each(|w| *w /= sum);
    Ok(PcaResult {
        aggregate: aggregate.to_owned(),
        children,
        n_complete: n,
        eigenvalues,
        variance_shares,
        pc1_loadings: pc1,
        handbook: HandbookPca {
            retained,
            cumulative_share,
            meets_60_percent: cumulative_share > 0.6,
            loadings: (0..k)
                .map(|j| (0..retained).map(|c| loadings[(j, c)]).collect())
                .collect(),
            factor,
            weights,
        },
    })
}

/// Varimax rotation with Kaiser normalisation (R `stats::varimax`, eps = 1e-5).
fn varimax(x: &DMatrix<f64>) -> DMatrix<f64> {
    let (p, nc) = x.shape();
    let sc: Vec<f64> = (0..p).map(|i| x.row(i).norm()).collect();
    let mut xn = x.clone();
    for (i, s) in sc.iter().enumerate() {
        if *s > 0.0 {
            xn.row_mut(i).unscale_mut(*s);
        }
    }
    let mut tt = DMatrix::<f64>::identity(nc, nc);
    let mut d = 0.0;
    for _ in 0..1000 {
        let z = &xn * &tt;
        let col_sq: Vec<f64> = (0..nc)
            .map(|c| z.column(c).norm_squared() / p as f64)
            .collect();
        let target = DMatrix::from_fn(p, nc, |i, c| z[(i, c)].powi(3) - z[(i, c)] * col_sq[c]);
        let b = xn.transpose() * target;
        let svd = b.svd(true, true);
        let (Some(u), Some(v_t)) = (svd.u, svd.v_t) else {
            break;
        };
        tt = u * v_t;
        let past = d;
        d = svd.singular_values.sum();
        if d < past * (1.0 + 1e-5) {
            break;
        }
    }
    let mut z = &xn * &tt;
    for (i, s) in sc.iter().enumerate() {
        if *s > 0.0 {
            z.row_mut(i).scale_mut(*s);
        }
    }
    z
}
