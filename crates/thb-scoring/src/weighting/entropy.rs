//! Shannon entropy weights.

use rayon::prelude::*;

use super::{Weigh, normalised};
use crate::Result;
use crate::mcda::DecisionMatrix;

/// Entropy weights (Shannon 1948; Zeleny 1982, *Multiple criteria decision making*; Hwang &
/// Yoon 1981): p_ij = x_ij/Σ_i x_ij, E_j = −(1/ln m)·Σ_i p_ij·ln p_ij, d_j = 1 − E_j,
/// w_j = d_j/Σ_k d_k (m = number of units).
///
/// Conventions (`mcda-methods.md` D2, `interfaces.md`): **direction-free** (no peer applies
/// direction); **0·ln 0 = 0** (scikit-criteria, pyrepo; pymcdm refuses zeros); a negative value
/// is a typed error; a constant column, including an all-zero one, has d_j = 0 and so weight 0;
/// d_j is clamped at 0 where rounding gives E_j slightly above 1. Needs 2 units.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::DecisionMatrix;
/// use thb_scoring::weighting::{Entropy, Weigh};
/// let x = Matrix::from_rows(&[vec![1.0, 0.0], vec![1.0, 5.0]])?;
/// assert_eq!(Entropy.weigh(&DecisionMatrix::oriented(&x)?)?, [0.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entropy;

impl Entropy {
    /// The degree of diversification d_j = 1 − E_j of every column (≥ 0).
    ///
    /// # Errors
    /// As [`Weigh::weigh`].
    pub fn diversification(dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        const NAME: &str = "entropy";
        dm.need_rows(NAME, 2)?;
        let log_m = (dm.nrows() as f64).ln();
        let column = |j: usize| -> Result<f64> {
            let (x_ln_x, total, min) = sums(dm.column(j));
            if min < 0.0 {
                crate::mcda::non_negative(dm, j, NAME, "entropy")?;
            }
            if total <= 0.0 {
                return Ok(0.0); // all zeros: constant
            }
            // Σ p·ln p = Σ x·ln x / S − ln S with p = x/S (0·ln 0 = 0)
            let h = x_ln_x / total - total.ln();
            Ok((1.0 + h / log_m).max(0.0))
        };
        // columns are independent: large matrices use every core, with the same result
        // (and the same first error) whatever the number of threads
        let per_column: Vec<Result<f64>> = if dm.nrows() * dm.ncols() >= PARALLEL_CELLS {
            (0..dm.ncols()).into_par_iter().map(column).collect()
        } else {
            (0..dm.ncols()).map(column).collect()
        };
        per_column.into_iter().collect()
    }
}

/// Matrices with at least this many cells are weighed in parallel over columns.
const PARALLEL_CELLS: usize = 1 << 17;

/// Σ x·ln x (0·ln 0 = 0), Σ x and min x of a column in one pass, in blocks of eight so that
/// the logarithms vectorise.
fn sums(col: &[f64]) -> (f64, f64, f64) {
    const L: usize = 8;
    let (mut h, mut s, mut lo) = ([0.0; L], [0.0; L], [f64::INFINITY; L]);
    let chunks = col.chunks_exact(L);
    let rest = chunks.remainder();
    for c in chunks {
        let mut logs = [0.0; L];
        for (l, v) in logs.iter_mut().zip(c) {
            // x = 0 gives 0·ln(tiny) = 0
            *l = ln(v.max(f64::MIN_POSITIVE));
        }
        for k in 0..L {
            h[k] += c[k] * logs[k];
            s[k] += c[k];
            lo[k] = if c[k] < lo[k] { c[k] } else { lo[k] };
        }
    }
    for &v in rest {
        h[0] += v * ln(v.max(f64::MIN_POSITIVE));
        s[0] += v;
        lo[0] = lo[0].min(v);
    }
    let add = |a: [f64; L]| a.iter().sum::<f64>();
    (
        add(h),
        add(s),
        lo.iter().copied().fold(f64::INFINITY, f64::min),
    )
}

/// Natural logarithm of a positive normal `x`, branch-free so that loops over it vectorise:
/// the algorithm of fdlibm's `e_log.c` (Sun Microsystems 1993; also musl's `log`), error
/// below 1 ulp (libm's `log` is not inlined, so loops over it cannot vectorise).
/// x = 2^k·m with m in [√2/2, √2), f = m − 1, s = f/(2 + f),
/// ln x = k·ln 2 + f − s·(f − R(s²)) in the rearranged form below; constants as fdlibm's bit
/// patterns. Callers clamp x to `f64::MIN_POSITIVE`, so a zero contributes 0·ln(tiny) = 0.
#[inline]
fn ln(x: f64) -> f64 {
    const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
    const LG1: f64 = f64::from_bits(0x3FE5_5555_5555_5593);
    const LG2: f64 = f64::from_bits(0x3FD9_9999_9997_FA04);
    const LG3: f64 = f64::from_bits(0x3FD2_4924_9422_9359);
    const LG4: f64 = f64::from_bits(0x3FCC_71C5_1D8E_78AF);
    const LG5: f64 = f64::from_bits(0x3FC7_4664_96CB_03DE);
    const LG6: f64 = f64::from_bits(0x3FC3_9A09_D078_C69F);
    const LG7: f64 = f64::from_bits(0x3FC2_F112_DF3E_5244);
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let bits = x.to_bits();
    // mantissa in [1, 2) and the unbiased exponent, as an exact f64
    let m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    let k = f64::from_bits((bits >> 52) | 0x4330_0000_0000_0000) - (TWO_52 + 1023.0);
    let high = m > std::f64::consts::SQRT_2;
    let m = if high { 0.5 * m } else { m };
    let k = if high { k + 1.0 } else { k };
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    let hfsq = 0.5 * f * f;
    k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
}

impl Weigh for Entropy {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        normalised("entropy", dm, Self::diversification(dm)?)
    }
}

#[cfg(test)]
mod tests {
    use super::ln;

    #[test]
    fn fast_log_is_within_one_ulp_of_std() {
        let mut x = f64::MIN_POSITIVE;
        let mut worst = 0.0_f64;
        while x < 1e300 {
            for v in [
                x,
                x * 1.000_000_1,
                x * std::f64::consts::SQRT_2,
                x * f64::from_bits(std::f64::consts::SQRT_2.to_bits() - 1),
            ] {
                let (a, b) = (v.ln(), ln(v));
                let ulp = (a.abs() * f64::EPSILON).max(f64::MIN_POSITIVE);
                worst = worst.max((a - b).abs() / ulp);
            }
            x *= 1.37;
        }
        assert!(worst <= 1.0, "{worst} ulp");
        assert!(ln(1.0).abs() < f64::MIN_POSITIVE);
        assert!(ln(0.0).is_finite() && (0.0 * ln(0.0)).abs() < f64::MIN_POSITIVE);
    }
}
