//! Copeland / Condorcet outranking aggregation (Munda & Nardo 2009; COINr `a_copeland`).

use super::{Aggregate, AggregateContext, Children, Scratch, check_shapes};
use crate::error::Result;

/// Relative tolerance when comparing a pairwise weight with one half.
const TIE_TOLERANCE: f64 = 1e-12;

/// Copeland score. For units i and j, `e_ij` = the normalised weight of the children where i
/// beats j plus half the weight of those where they tie (children missing for either unit are
/// left out). i scores +1 against j when `e_ij > 1/2`, -1 when `e_ij < 1/2`, 0 when equal; the
/// comparison is `2 W(i>j) + W(i=j)` against `W(all)` with relative tolerance 1e-12, so sums of
/// weights such as 1/6 never break a tie by rounding. Scores lie in [-(n-1), n-1]; a unit with
/// no child is missing and is not compared. O(n² k).
///
/// ```
/// use thb_scoring::aggregate::{AggregateContext, Children, Copeland, Scratch};
/// use thb_scoring::{Aggregate, RowLabel};
/// // 4 units x 3 indicators (column-major), weights 1, 1, 2
/// let data = [1.0, 2.0, 3.0, 3.0, 4.0, 1.0, 2.0, 2.0, 2.0, 2.0, 9.0, 1.0];
/// let rows = RowLabel::numbered(4);
/// let mut out = [0.0; 4];
/// Copeland.aggregate(&Children::new(&data, 4, &[0, 1, 2])?, &[1.0, 1.0, 2.0], &AggregateContext::new("P", &rows), &mut out, &mut Scratch::default())?;
/// assert_eq!(out, [0.0, -1.0, 3.0, -2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Copeland;

impl Aggregate for Copeland {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        _ctx: &AggregateContext<'_>,
        out: &mut [f64],
        _s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        let n = x.nrows();
        for (i, o) in out.iter_mut().enumerate() {
            *o = if x.present(i, w).next().is_some() {
                0.0
            } else {
                f64::NAN
            };
        }
        for i in 0..n {
            if out[i].is_nan() {
                continue;
            }
            for j in i + 1..n {
                if out[j].is_nan() {
                    continue;
                }
                let (mut wins, mut ties, mut all) = (0.0, 0.0, 0.0);
                for (k, &wk) in w.iter().enumerate() {
                    let (a, b) = (x.value(i, k), x.value(j, k));
                    if wk <= 0.0 || a.is_nan() || b.is_nan() {
                        continue;
                    }
                    all += wk;
                    if a > b {
                        wins += wk;
                    } else if a >= b {
                        ties += wk;
                    }
                }
                let d = 2.0 * wins + ties - all;
                if all <= 0.0 || d.abs() <= TIE_TOLERANCE * all {
                    continue;
                }
                let s = d.signum();
                out[i] += s;
                out[j] -= s;
            }
        }
        Ok(())
    }
    fn name(&self) -> &'static str {
        "copeland"
    }
}
