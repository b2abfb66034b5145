//! Correlations between indicators and aggregates, and collinearity flags.

use thb_model::{Framework, Matrix};

use super::{check_codes, column};
use crate::error::Result;
use crate::stats::{self, KendallKind};

/// Which pairs to correlate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CorrelationScope {
    /// Every pair of columns (column order).
    #[default]
    All,
    /// Pairs of siblings (same parent): within-pillar correlations.
    WithinParent,
    /// Each column with its parent (when the parent is a column too).
    WithParent,
}

/// One row of the correlation table: `a,b,pearson,spearman,kendall` (pairwise complete;
/// Spearman on average ranks; Kendall tau-b). `None` when undefined (a constant column, fewer
/// than 2 pairs).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CorrelationRow {
    /// The first code.
    pub a: String,
    /// The second code.
    pub b: String,
    /// Pearson's r.
    pub pearson: Option<f64>,
    /// Spearman's rho.
    pub spearman: Option<f64>,
    /// Kendall's tau-b.
    pub kendall: Option<f64>,
}

/// Correlations of the pairs in `scope` among the columns of `data` (named by `codes`).
///
/// ```
/// use thb_scoring::analysis::{correlations, CorrelationScope};
/// use thb_model::{Framework, Matrix, Node};
/// let fw = Framework::new(vec![Node::indicator("a", "P")?, Node::indicator("b", "P")?, Node::aggregate("P", 2, None)?])?;
/// let m = Matrix::from_columns(3, vec![vec![1.0, 2.0, 3.0], vec![3.0, 2.0, 1.0], vec![2.0, 2.0, 2.5]])?;
/// let codes = ["a", "b", "P"].map(String::from);
/// let rows = correlations(&m, &codes, &fw, CorrelationScope::WithinParent)?;
/// assert_eq!(rows.len(), 1);
/// assert!((rows[0].pearson.unwrap_or_default() + 1.0).abs() < 1e-12);
/// assert_eq!(correlations(&m, &codes, &fw, CorrelationScope::WithParent)?.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ScoringError::Shape`](crate::ScoringError::Shape) when `codes` does not name every column.
pub fn correlations(
    data: &Matrix,
    codes: &[String],
    framework: &Framework,
    scope: CorrelationScope,
) -> Result<Vec<CorrelationRow>> {
    check_codes(data, codes)?;
    let parent = |code: &str| {
        framework
            .node(code)
            .and_then(|n| n.parent.as_ref())
            .map(|p| p.as_str().to_owned())
    };
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (i, a) in codes.iter().enumerate() {
        match scope {
            CorrelationScope::All => {
                pairs.extend(codes[i + 1..].iter().map(|b| (a.as_str(), b.clone())))
            }
            CorrelationScope::WithinParent => pairs.extend(
                codes[i + 1..]
                    .iter()
                    .filter(|b| parent(a).is_some() && parent(a) == parent(b))
                    .map(|b| (a.as_str(), b.clone())),
            ),
            CorrelationScope::WithParent => pairs.extend(
                parent(a)
                    .filter(|p| codes.contains(p))
                    .map(|p| (a.as_str(), p)),
            ),
        }
    }
    Ok(pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let (x, y) = (column(data, codes, a)?, column(data, codes, &b)?);
            Some(CorrelationRow {
                a: a.to_owned(),
                b,
                pearson: stats::pearson(x, y),
                spearman: stats::spearman(x, y),
                kendall: stats::kendall(x, y, KendallKind::B),
            })
        })
        .collect())
}

/// The rows whose Pearson correlation exceeds `threshold` in absolute value (COINr
/// `get_corr_flags`, default threshold 0.9): candidates for collinearity or redundancy.
///
/// ```
/// use thb_scoring::analysis::{collinearity_flags, CorrelationRow};
/// let row = |r| CorrelationRow { a: "a".into(), b: "b".into(), pearson: Some(r), spearman: None, kendall: None };
/// assert_eq!(collinearity_flags(&[row(0.95), row(-0.5), row(-0.92)], 0.9).len(), 2);
/// ```
pub fn collinearity_flags(rows: &[CorrelationRow], threshold: f64) -> Vec<CorrelationRow> {
    rows.iter()
        .filter(|r| r.pearson.is_some_and(|p| p.abs() > threshold))
        .cloned()
        .collect()
}
