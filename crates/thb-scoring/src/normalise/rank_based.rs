//! Normalisations by rank: rank, Borda count and percentile rank, all ascending (1 = lowest
//! after the direction flip, so the best unit gets the highest value).

use std::fmt;

use thb_model::Direction;

use super::{Normalise, check_len};
use crate::context::IndicatorContext;
use crate::error::{Result, ScoringError};
use crate::rank::{Order, Ties, rank_into};

/// Ranks the oriented column ascending into `out` (in place).
/// Ranking `x * direction` ascending is ranking `x` descending when the direction is -1.
fn ascending_ranks(
    x: &[f64],
    ctx: &IndicatorContext<'_>,
    ties: Ties,
    out: &mut [f64],
) -> Result<()> {
    check_len(x, out)?;
    let order = match ctx.direction {
        Direction::Positive => Order::Ascending,
        Direction::Negative => Order::Descending,
    };
    let mut idx = Vec::with_capacity(x.len());
    rank_into(x, ties, order, &mut idx, out);
    Ok(())
}

macro_rules! rank_method {
    ($(#[$doc:meta])* $name:ident, $tag:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(deny_unknown_fields, default))]
        pub struct $name {
            /// How tied values share ranks (default `min`, as COINr).
            pub ties: Ties,
        }

        impl $name {
            /// The method with the given tie rule.
            pub fn new(ties: Ties) -> Self {
                Self { ties }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($tag, "(ties = {})"), self.ties.name())
            }
        }
    };
}

rank_method!(
    /// Rank: R `rank(x, ties)` of the oriented column, 1 = lowest (COINr `n_rank`).
    ///
    /// ```
    /// use thb_scoring::{normalise::Rank, rank::Ties, IndicatorContext, Normalise, RowLabel};
    /// let rows = RowLabel::numbered(4);
    /// let r = Rank::new(Ties::Min).normalised(&[5.0, 3.0, 5.0, 1.0], &IndicatorContext::new("x", &rows))?;
    /// assert_eq!(r, [3.0, 2.0, 3.0, 1.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Rank,
    "rank"
);
rank_method!(
    /// Borda count: rank - 1 (COINr `n_borda`).
    ///
    /// ```
    /// use thb_scoring::{normalise::Borda, rank::Ties, IndicatorContext, Normalise, RowLabel};
    /// let rows = RowLabel::numbered(3);
    /// let b = Borda::new(Ties::Average).normalised(&[5.0, 5.0, 1.0], &IndicatorContext::new("x", &rows))?;
    /// assert_eq!(b, [1.5, 1.5, 0.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Borda,
    "borda"
);
rank_method!(
    /// Percentile rank: `(rank - 1) / (n - 1)` in [0, 1], n = number of available values
    /// (COINr `n_prank`). Needs 2 values.
    ///
    /// ```
    /// use thb_scoring::{normalise::PercentileRank, IndicatorContext, Normalise, RowLabel};
    /// let rows = RowLabel::numbered(3);
    /// let p = PercentileRank::default().normalised(&[5.0, 3.0, 1.0], &IndicatorContext::new("x", &rows))?;
    /// assert_eq!(p, [1.0, 0.5, 0.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    PercentileRank,
    "percentile_rank"
);

impl Normalise for Rank {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        ascending_ranks(x, ctx, self.ties, out)
    }
}

impl Normalise for Borda {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        ascending_ranks(x, ctx, self.ties, out)?;
        for v in out.iter_mut() {
            *v -= 1.0;
        }
        Ok(())
    }
}

impl Normalise for PercentileRank {
    fn normalise(&self, x: &[f64], ctx: &IndicatorContext<'_>, out: &mut [f64]) -> Result<()> {
        let n = crate::stats::count(x);
        if n == 0 {
            return ascending_ranks(x, ctx, self.ties, out);
        }
        if n < 2 {
            return Err(ScoringError::TooFewValues {
                method: "percentile_rank",
                node: ctx.code.to_owned(),
                needed: 2,
                found: n,
            });
        }
        ascending_ranks(x, ctx, self.ties, out)?;
        let d = (n - 1) as f64;
        for v in out.iter_mut() {
            *v = (*v - 1.0) / d;
        }
        Ok(())
    }
}
