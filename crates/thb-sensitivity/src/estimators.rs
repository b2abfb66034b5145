//! Variance-based sensitivity estimators on the outputs of a Saltelli design
//! (`composite-methods.md` §10, as COINr's `SA_estimate`):
//!
//! * V = var(c(y_A, y_B)), the sample variance of the 2N outputs of A and B;
//! * first order S_i = mean(y_B (y_ABi - y_A)) / V (Saltelli et al. 2010);
//! * total order ST_i = Σ (y_A - y_ABi)² / (2 N V) (Jansen 1999);
//! * bootstrap: B resamples of the N rows with replacement (no new model runs), the indices
//!   recomputed on each, and their 5 % and 95 % quantiles (R type 7).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use thb_scoring::stats::{SdKind, quantile, variance};

use crate::error::{Result, SensitivityError};

/// The model outputs of a Saltelli design in COINr's order: y_A (N), y_B (N), then
/// y_AB1 ... y_ABd (N each).
///
/// ```
/// use thb_sensitivity::estimators::SaltelliOutputs;
/// // N = 2 rows, d = 1 factor, y = x1: y_AB1 = y_B.
/// let y = vec![0.1, 0.9, 0.4, 0.6, 0.4, 0.6];
/// let idx = SaltelliOutputs::new(y, 2, 1)?.indices()?;
/// let v = 0.34 / 3.0; // var(0.1, 0.9, 0.4, 0.6)
/// assert!((idx.variance() - v).abs() < 1e-15);
/// assert!((idx.total_order()[0] - (0.09 + 0.09) / (2.0 * 2.0 * v)).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SaltelliOutputs {
    base: usize,
    factors: usize,
    y: Vec<f64>,
}

/// First-order and total-order indices and the output variance they are relative to.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    first_order: Vec<f64>,
    total_order: Vec<f64>,
    variance: f64,
}

impl SobolIndices {
    /// S_i per factor (may be slightly negative from sampling error).
    pub fn first_order(&self) -> &[f64] {
        &self.first_order
    }

    /// ST_i per factor.
    pub fn total_order(&self) -> &[f64] {
        &self.total_order
    }

    /// V = var(c(y_A, y_B)).
    pub fn variance(&self) -> f64 {
        self.variance
    }
}

/// A bootstrap 5-95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// 5 % quantile over the resamples.
    pub low: f64,
    /// 95 % quantile over the resamples.
    pub high: f64,
}

/// Bootstrap intervals of the indices, per factor.
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapIntervals {
    /// Intervals of S_i.
    pub first_order: Vec<Interval>,
    /// Intervals of ST_i.
    pub total_order: Vec<Interval>,
    /// Resamples used (those with a zero output variance are left out).
    pub resamples: usize,
}

impl SaltelliOutputs {
    /// Outputs `y` of a design with `base` rows per block and `factors` factors.
    ///
    /// # Errors
    /// [`SensitivityError::Shape`] unless `y` has `base (factors + 2)` finite values,
    /// `base >= 2` and `factors >= 1`.
    pub fn new(y: Vec<f64>, base: usize, factors: usize) -> Result<Self> {
        if base < 2 || factors == 0 {
            return Err(SensitivityError::shape(format!(
                "a Saltelli design needs N >= 2 and d >= 1, got N = {base}, d = {factors}"
            )));
        }
        if y.len() != base * (factors + 2) {
            return Err(SensitivityError::shape(format!(
                "N = {base}, d = {factors} needs {} outputs, got {}",
                base * (factors + 2),
                y.len()
            )));
        }
        if let Some(i) = y.iter().position(|v| !v.is_finite()) {
            return Err(SensitivityError::shape(format!(
                "output of run {i} is not finite ({})",
                y[i]
            )));
        }
        Ok(Self { base, factors, y })
    }

    /// Keeps the rows whose N(d + 2)... runs all have an output (`None` = failed run).
    /// Returns the outputs of the complete rows and the number of rows left out.
    ///
    /// # Errors
    /// As [`SaltelliOutputs::new`] on the complete rows (fewer than 2 complete rows, a value
    /// that is not finite).
    ///
    /// ```
    /// use thb_sensitivity::estimators::SaltelliOutputs;
    /// let y = [Some(1.0), Some(2.0), None, Some(3.0), Some(4.0), Some(5.0), Some(6.0), Some(7.0), Some(8.0)];
    /// let (out, dropped) = SaltelliOutputs::complete_rows(&y, 3, 1)?;
    /// assert_eq!((out.base(), dropped), (2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn complete_rows(y: &[Option<f64>], base: usize, factors: usize) -> Result<(Self, usize)> {
        if y.len() != base * (factors + 2) {
            return Err(SensitivityError::shape(format!(
                "N = {base}, d = {factors} needs {} outputs, got {}",
                base * (factors + 2),
                y.len()
            )));
        }
        let blocks = factors + 2;
        let keep: Vec<usize> = (0..base)
            .filter(|&row| (0..blocks).all(|b| y[b * base + row].is_some()))
            .collect();
        let values = (0..blocks)
            .flat_map(|b| {
                keep.iter()
                    .map(move |&row| y[b * base + row].unwrap_or(f64::NAN))
            })
            .collect();
        Ok((Self::new(values, keep.len(), factors)?, base - keep.len()))
    }

    /// N.
    pub fn base(&self) -> usize {
        self.base
    }

    /// d.
    pub fn factors(&self) -> usize {
        self.factors
    }

    fn y_a(&self) -> &[f64] {
        &self.y[..self.base]
    }

    fn y_b(&self) -> &[f64] {
        &self.y[self.base..2 * self.base]
    }

    fn y_ab(&self, i: usize) -> &[f64] {
        &self.y[(2 + i) * self.base..(3 + i) * self.base]
    }

    /// The indices on all N rows.
    ///
    /// # Errors
    /// [`SensitivityError::Degenerate`] when the output variance is zero.
    pub fn indices(&self) -> Result<SobolIndices> {
        let rows: Vec<usize> = (0..self.base).collect();
        let mut buf = Vec::with_capacity(2 * self.base);
        self.estimate(&rows, &mut buf)
            .ok_or_else(|| SensitivityError::Degenerate {
                what: "Sobol' indices",
                reason: "the output does not vary over A and B".to_owned(),
            })
    }

    /// The indices on the rows `rows` (a bootstrap resample); `None` when V = 0.
    fn estimate(&self, rows: &[usize], buf: &mut Vec<f64>) -> Option<SobolIndices> {
        let (ya, yb) = (self.y_a(), self.y_b());
        buf.clear();
        buf.extend(rows.iter().map(|&k| ya[k]));
        buf.extend(rows.iter().map(|&k| yb[k]));
        let v = variance(buf, SdKind::Sample)?;
        if v <= 0.0 {
            return None;
        }
        let n = rows.len() as f64;
        let (first_order, total_order) = (0..self.factors)
            .map(|i| {
                let yab = self.y_ab(i);
                let (s, t) = rows.iter().fold((0.0, 0.0), |(s, t), &k| {
                    let d = yab[k] - ya[k];
                    (s + yb[k] * d, t + d * d)
                });
                (s / n / v, t / (2.0 * n * v))
            })
            .unzip();
        Some(SobolIndices {
            first_order,
            total_order,
            variance: v,
        })
    }

    /// Bootstrap 5-95 % intervals from `resamples` resamples of the rows. Resample `b` draws
    /// its rows from ChaCha8 stream `b` of `seed`, so the result does not depend on the number
    /// of threads.
    ///
    /// # Errors
    /// [`SensitivityError::Degenerate`] when `resamples` is 0 or every resample has a zero
    /// output variance.
    ///
    /// ```
    /// use thb_sensitivity::estimators::SaltelliOutputs;
    /// let y: Vec<f64> = (0..40).map(|k| ((k * 7919) % 13) as f64).collect();
    /// let out = SaltelliOutputs::new(y, 10, 2)?;
    /// let ci = out.bootstrap(200, 1)?;
    /// assert_eq!(ci, out.bootstrap(200, 1)?);
    /// assert!(ci.first_order[0].low <= ci.first_order[0].high);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bootstrap(&self, resamples: usize, seed: u64) -> Result<BootstrapIntervals> {
        let estimates: Vec<SobolIndices> = (0..resamples)
            .into_par_iter()
            .map_init(
                || {
                    (
                        Vec::with_capacity(self.base),
                        Vec::with_capacity(2 * self.base),
                    )
                },
                |(rows, buf), b| {
                    let mut rng = ChaCha8Rng::seed_from_u64(seed);
                    rng.set_stream(b as u64);
                    rows.clear();
                    rows.extend((0..self.base).map(|_| rng.random_range(0..self.base)));
                    self.estimate(rows, buf)
                },
            )
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        let degenerate = || SensitivityError::Degenerate {
            what: "bootstrap intervals",
            reason: format!("no resample (of {resamples}) has a varying output"),
        };
        let interval = |pick: &dyn Fn(&SobolIndices) -> f64| -> Result<Interval> {
            let values: Vec<f64> = estimates.iter().map(pick).collect();
            Ok(Interval {
                low: quantile(&values, 0.05).ok_or_else(degenerate)?,
                high: quantile(&values, 0.95).ok_or_else(degenerate)?,
            })
        };
        let mut first_order = Vec::with_capacity(self.factors);
        let mut total_order = Vec::with_capacity(self.factors);
        for i in 0..self.factors {
            first_order.push(interval(&|e| e.first_order[i])?);
            total_order.push(interval(&|e| e.total_order[i])?);
        }
        Ok(BootstrapIntervals {
            first_order,
            total_order,
            resamples: estimates.len(),
        })
    }
}
