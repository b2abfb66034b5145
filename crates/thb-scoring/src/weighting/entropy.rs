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
        // columns are independent: large matrices use every core (contiguous groups of columns,
        // one vectorised dispatch per group), with the same result whatever the thread count
        let ncols = dm.ncols();
        let group = |columns: std::ops::Range<usize>| {
            pulp::Arch::new().dispatch(ColumnSums { dm, columns })
        };
        let sums: Vec<(f64, f64, f64)> = if dm.nrows() * ncols >= PARALLEL_CELLS {
            let size = ncols.div_ceil(2 * rayon::current_num_threads()).max(1);
            let groups: Vec<Vec<(f64, f64, f64)>> = (0..ncols.div_ceil(size))
                .into_par_iter()
                .map(|g| group(g * size..((g + 1) * size).min(ncols)))
                .collect();
            groups.concat()
        } else {
            group(0..ncols)
        };
        let column = |(j, &(x_ln_x, total, min)): (usize, &(f64, f64, f64))| -> Result<f64> {
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
        sums.iter().enumerate().map(column).collect()
    }
}

/// Matrices with at least this many cells are weighed in parallel over columns.
const PARALLEL_CELLS: usize = 1 << 13;

/// [`sums`] compiled for the widest vector instructions the processor has (AVX2 or AVX-512,
/// detected at run time by `pulp`, which holds the one `unsafe` call this needs).
struct ColumnSums<'a> {
    dm: &'a DecisionMatrix<'a>,
    columns: std::ops::Range<usize>,
}

impl pulp::WithSimd for ColumnSums<'_> {
    type Output = Vec<(f64, f64, f64)>;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) -> Self::Output {
        // a plain loop, not a closure: a closure would be compiled without the target features
        let mut logs = [0.0; BLOCK];
        let mut out = Vec::with_capacity(self.columns.len());
        for j in self.columns {
            out.push(sums(self.dm.column(j), &mut logs));
        }
        out
    }
}

/// Values per block of [`sums`].
const BLOCK: usize = 256;

/// Σ x·ln x (0·ln 0 = 0), Σ x and a lower bound of min x that is the minimum when it is
/// negative (0 otherwise), of a column, in blocks that stay in the L1 cache.
/// The logarithm is [`TableLn`]'s; the sums run in eight fixed lanes, so the result is the
/// same bits whichever instructions the processor has. A column holding subnormal values
/// (below `f64::MIN_POSITIVE`, where that logarithm does not apply) is summed again with
/// `f64::ln`.
#[inline(always)]
fn sums(col: &[f64], logs: &mut [f64; BLOCK]) -> (f64, f64, f64) {
    // Simple loops per block, each of which the compiler vectorises on its own: the logarithms
    // (a map), then the sums in L independent lanes.
    const L: usize = 8;
    let table = TableLn::table();
    let (mut h, mut s) = ([0.0; L], [0.0; L]);
    // the smallest non-zero value: below f64::MIN_POSITIVE means a negative or subnormal one
    let mut lo = [f64::INFINITY; L];
    for block in col.chunks(BLOCK) {
        let logs = &mut logs[..block.len()];
        for (l, &v) in logs.iter_mut().zip(block) {
            *l = table.ln(v);
        }
        let (lanes, rest) = block.as_chunks::<L>();
        let (log_lanes, log_rest) = logs.as_chunks::<L>();
        for (c, l) in lanes.iter().zip(log_lanes) {
            for k in 0..L {
                h[k] += c[k] * l[k];
                s[k] += c[k];
            }
        }
        for c in lanes {
            for k in 0..L {
                let v = if c[k] == 0.0 { f64::INFINITY } else { c[k] };
                lo[k] = if v < lo[k] { v } else { lo[k] };
            }
        }
        for (&v, &l) in rest.iter().zip(log_rest) {
            h[0] += v * l;
            s[0] += v;
            if v != 0.0 {
                lo[0] = lo[0].min(v);
            }
        }
    }
    let add = |a: [f64; L]| a.iter().sum::<f64>();
    if lo.iter().any(|&v| v < f64::MIN_POSITIVE) {
        // negative (the caller reports it) or subnormal values: the plain definition
        let exact = col
            .iter()
            .map(|&v| if v > 0.0 { v * v.ln() } else { 0.0 })
            .sum();
        let min = col.iter().copied().fold(f64::INFINITY, f64::min);
        return (exact, add(s), min);
    }
    // no negative value: the minimum only matters through its sign
    (add(h), add(s), 0.0)
}

/// ln x for normal positive x (finite for x = 0, so that 0·ln 0 = 0) without a division or a library call, so
/// that a loop over it pipelines (libm's `log` is an opaque call).
///
/// x = 2^k·m with m in [1, 2); c is the centre of the 1/256-wide interval holding m (its top
/// eight mantissa bits and a one bit), so m − c is exact and r = (m − c)/c, |r| ≤ 2⁻⁹, comes
/// from a table of 1/c; ln x = k·ln 2 + ln c + ln(1 + r) with ln c from the table (computed
/// once with `f64::ln`) and ln(1 + r) by its Taylor series to r⁵ (remainder below 2⁻⁵⁶).
/// The absolute error of ln x is within two units in the last place of max(|ln x|, 1)
/// (tested against `f64::ln`): the relative error of x·ln x is unbounded only near x = 1,
/// where x·ln x itself vanishes, so sums of x·ln x are as accurate as with `f64::ln`.
struct TableLn {
    /// `(1/c, ln c)` for each of the 256 intervals.
    entries: [(f64, f64); 256],
}

impl TableLn {
    fn table() -> &'static TableLn {
        static TABLE: std::sync::LazyLock<TableLn> = std::sync::LazyLock::new(|| {
            let mut entries = [(0.0, 0.0); 256];
            for (i, e) in entries.iter_mut().enumerate() {
                let c = 1.0 + (i as f64 + 0.5) / 256.0;
                *e = (1.0 / c, c.ln());
            }
            TableLn { entries }
        });
        &TABLE
    }

    #[inline(always)]
    fn ln(&self, x: f64) -> f64 {
        const MANTISSA: u64 = 0x000F_FFFF_FFFF_FFFF;
        const ONE: u64 = 0x3FF0_0000_0000_0000;
        const TWO_52: f64 = 4_503_599_627_370_496.0;
        const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
        const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
        let bits = x.to_bits();
        let m = f64::from_bits((bits & MANTISSA) | ONE);
        // the exponent as an exact f64, without an integer conversion
        let k = f64::from_bits((bits >> 52) | 0x4330_0000_0000_0000) - (TWO_52 + 1023.0);
        let i = ((bits >> 44) & 0xFF) as usize;
        let c = f64::from_bits((bits & 0x000F_F000_0000_0000) | ONE | (1 << 43));
        let (inv_c, ln_c) = self.entries[i];
        let r = (m - c) * inv_c;
        let series = r * r * (-0.5 + r * (1.0 / 3.0 + r * (-0.25 + r * 0.2)));
        // ln 2 split as fdlibm's: k·LN2_HI is exact for every exponent
        (k * LN2_HI + ln_c) + (k * LN2_LO + (r + series))
    }
}

impl Weigh for Entropy {
    fn weigh(&self, dm: &DecisionMatrix<'_>) -> Result<Vec<f64>> {
        normalised("entropy", dm, Self::diversification(dm)?)
    }
}

#[cfg(test)]
mod tests {
    use super::TableLn;

    /// Worst |fast − f64::ln| in units of ulp(max(|ln x|, 1)) over normal x across the range,
    /// including interval edges and values next to 1.
    #[test]
    fn table_log_matches_std() {
        let table = TableLn::table();
        let mut worst = 0.0_f64;
        let mut check = |v: f64| {
            let want = v.ln();
            let got = v * table.ln(v) / v;
            let ulp = want.abs().max(1.0) * f64::EPSILON;
            worst = worst.max((want - got).abs() / ulp);
        };
        let mut x = f64::MIN_POSITIVE;
        while x < 1e300 {
            for k in 0..64 {
                check(x * (1.0 + f64::from(k) / 64.0));
            }
            x *= 1.37;
        }
        for k in 0..2000u64 {
            check(f64::from_bits(1.0f64.to_bits() + k));
            check(f64::from_bits(1.0f64.to_bits() - k));
            check(1.0 + (k as f64) / 256.0);
        }
        assert!(worst <= 2.0, "{worst} ulp");
        assert!(table.ln(0.0).is_finite());
    }

    /// The kernel compiled for this processor's vector instructions gives the bits of the
    /// baseline build: results do not depend on the machine.
    #[test]
    fn vectorised_sums_equal_the_baseline_bit_for_bit() {
        let col: Vec<f64> = (0..1003)
            .map(|i| (f64::from(i) * 0.731).sin().abs() * 10f64.powi(i % 7 - 3))
            .chain([0.0, 0.0, 1.0])
            .collect();
        let x = thb_model::Matrix::from_column_major(col.len(), 1, col.clone()).unwrap();
        let dm = crate::mcda::DecisionMatrix::oriented(&x).unwrap();
        let fast = pulp::Arch::new().dispatch(super::ColumnSums {
            dm: &dm,
            columns: 0..1,
        })[0];
        let base = super::sums(&col, &mut [0.0; super::BLOCK]);
        assert_eq!(fast.0.to_bits(), base.0.to_bits());
        assert_eq!(fast.1.to_bits(), base.1.to_bits());
        assert_eq!(fast.2.to_bits(), base.2.to_bits());
    }

    #[test]
    fn subnormal_columns_use_the_exact_logarithm() {
        let col: [f64; 4] = [0.0, 1e-310, 3e-309, 2e-300];
        let want: f64 = col
            .iter()
            .map(|&v| if v > 0.0 { v * v.ln() } else { 0.0 })
            .sum();
        let (got, _, _) = super::sums(&col, &mut [0.0; super::BLOCK]);
        assert!((got - want).abs() <= want.abs() * 1e-15);
    }
}
