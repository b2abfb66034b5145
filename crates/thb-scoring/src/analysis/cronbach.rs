//! Cronbach's alpha of each aggregate over its children.

use thb_model::{Framework, Matrix, NodeKind};

use super::{check_codes, column};
use crate::error::Result;
use crate::stats;

/// One row of the Cronbach table: `aggregate,alpha`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CronbachRow {
    /// The aggregate.
    pub aggregate: String,
    /// Number of children.
    pub k: usize,
    /// Cronbach's alpha; `None` with fewer than 2 children or an undefined covariance.
    pub alpha: Option<f64>,
}

/// Cronbach's alpha `k/(k-1) (1 - Σ var_i / Σ_ij cov_ij)` of every aggregate whose children
/// are all columns of `data`, with pairwise-complete sample covariances (COINr
/// `get_cronbach`). Aggregates in framework order.
///
/// ```
/// use thb_scoring::analysis::cronbach;
/// use thb_model::{Framework, Matrix, Node};
/// let fw = Framework::new(vec![Node::indicator("a", "P")?, Node::indicator("b", "P")?, Node::aggregate("P", 2, None)?])?;
/// let m = Matrix::from_columns(3, vec![vec![1.0, 2.0, 3.0], vec![2.0, 4.0, 6.0]])?;
/// let rows = cronbach(&m, &["a".to_owned(), "b".to_owned()], &fw)?;
/// assert!((rows[0].alpha.unwrap_or_default() - 8.0 / 9.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ScoringError::Shape`](crate::ScoringError::Shape) when `codes` does not name every column.
pub fn cronbach(
    data: &Matrix,
    codes: &[String],
    framework: &Framework,
) -> Result<Vec<CronbachRow>> {
    check_codes(data, codes)?;
    let mut rows = Vec::new();
    for node in framework
        .nodes()
        .iter()
        .filter(|n| n.kind == NodeKind::Aggregate)
    {
        let children: Option<Vec<&[f64]>> = framework
            .children(node.code.as_str())
            .iter()
            .map(|c| column(data, codes, c.code.as_str()))
            .collect();
        let Some(cols) = children else { continue };
        rows.push(CronbachRow {
            aggregate: node.code.as_str().to_owned(),
            k: cols.len(),
            alpha: alpha(&cols),
        });
    }
    Ok(rows)
}

fn alpha(cols: &[&[f64]]) -> Option<f64> {
    let k = cols.len();
    if k < 2 {
        return None;
    }
    let (mut diag, mut total) = (0.0, 0.0);
    for (i, a) in cols.iter().enumerate() {
        for (j, b) in cols.iter().enumerate() {
            let c = stats::covariance(a, b)?;
            total += c;
            if i == j {
                diag += c;
            }
        }
    }
    if total <= 0.0 {
        return None;
    }
    let k = k as f64;
    Some(k / (k - 1.0) * (1.0 - diag / total))
}
