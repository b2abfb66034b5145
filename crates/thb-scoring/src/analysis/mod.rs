//! The `thb analyse` tables (`interfaces.md` §3.2, `composite-methods.md` §9): indicator
//! statistics, correlations (Pearson, Spearman, Kendall; pairwise complete), collinearity
//! flags, Cronbach's alpha, PCA per aggregate (Handbook and COINr variants) and the
//! remove-one-element what-if.
//!
//! The functions take a matrix with a code per column: a stage's indicator matrix
//! ([`IndexResult::stage`](crate::IndexResult::stage) with
//! [`indicator_codes`](crate::IndexResult::indicator_codes)) or the full score table
//! ([`IndexResult::scores`](crate::IndexResult::scores) with
//! [`codes`](crate::IndexResult::codes)), and use the framework for the tree.

mod correlation;
mod cronbach;
mod describe;
mod pca;
mod whatif;

pub use correlation::{CorrelationRow, CorrelationScope, collinearity_flags, correlations};
pub use cronbach::{CronbachRow, cronbach};
pub use describe::{IndicatorStats, indicator_stats};
pub use pca::{HandbookPca, PcaResult, pca};
pub use whatif::{RemoveOne, remove_one};

use thb_model::Matrix;

use crate::error::{Result, ScoringError};

/// Checks that `codes` names every column of `data`.
fn check_codes(data: &Matrix, codes: &[String]) -> Result<()> {
    if data.ncols() == codes.len() {
        Ok(())
    } else {
        Err(ScoringError::Shape(format!(
            "{} codes for {} columns",
            codes.len(),
            data.ncols()
        )))
    }
}

/// The column of `code`, if present.
fn column<'m>(data: &'m Matrix, codes: &[String], code: &str) -> Option<&'m [f64]> {
    codes.iter().position(|c| c == code).map(|j| data.column(j))
}
