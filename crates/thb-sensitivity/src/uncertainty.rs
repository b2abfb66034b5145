//! Monte Carlo uncertainty analysis: how far each unit's rank and score move when the factors
//! vary.
//!
//! Memory: a run's ranking is never kept whole. Per unit, ranks are counted in a histogram over
//! 1..=n (ranks are integers, so type-7 quantiles and the mean are exact) or, when the
//! histogram would be larger than the list (more units than runs), kept as a list of `u16`
//! ranks (`u32` beyond 65,535 units): at most `min(4 (n + 1), 2 R)` bytes per unit. The score
//! band needs only the 5 % and 95 % quantiles, so per unit only the `floor(0.05 (R - 1)) + 3`
//! smallest and as many largest scores are kept (exact type-7 quantiles, `f64`), in buffers
//! twice as large so that a new score costs one comparison with the current bound and the
//! buffer is rarely re-selected (about `1.6 R` bytes per unit). For 10,000 runs over 20,000
//! units that is 400 MB of ranks and 320 MB of scores (numpy's vectorised version of the peer
//! benchmark peaks at 1.5 GB for ranks alone).
//! All updates are integer counts or "keep the k smallest" multisets, so the result does not
//! depend on the order or thread of the runs.

use std::cmp::Ordering;
use std::io::Write;
use std::ops::Range;

use rayon::prelude::*;
use thb_scoring::stats::quantile_by;

use crate::config::AnalysisConfig;
use crate::engine::{
    BlockView, FailureReport, IndexModel, Progress, Reads, evaluate_nominal, run_design,
};
use crate::error::{Result, SensitivityError};
use crate::output::{csv_writer, num, write_record};
use crate::run::RunPlan;
use crate::sampling::MonteCarloDesign;

/// Options of an uncertainty analysis.
///
/// ```
/// use thb_sensitivity::uncertainty::UncertaintyOptions;
/// let o = UncertaintyOptions::default().top_k(5).score_bands(false);
/// assert_eq!(o.top_k_value(), 5);
/// ```
#[derive(Clone, Copy)]
pub struct UncertaintyOptions<'a> {
    top_k: usize,
    score_bands: bool,
    progress: Option<Progress<'a>>,
}

impl Default for UncertaintyOptions<'_> {
    fn default() -> Self {
        Self {
            top_k: 10,
            score_bands: true,
            progress: None,
        }
    }
}

impl std::fmt::Debug for UncertaintyOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UncertaintyOptions")
            .field("top_k", &self.top_k)
            .field("score_bands", &self.score_bands)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl<'a> UncertaintyOptions<'a> {
    /// The k of "share of runs in the top k" (default 10).
    pub fn top_k(mut self, k: usize) -> Self {
        self.top_k = k;
        self
    }

    /// The k in use.
    pub fn top_k_value(&self) -> usize {
        self.top_k
    }

    /// Whether to compute the 5-95 % score band (default true; ranks only when false).
    pub fn score_bands(mut self, on: bool) -> Self {
        self.score_bands = on;
        self
    }

    /// A hook called after each block with `(runs done, runs in total)`.
    pub fn progress(mut self, hook: Progress<'a>) -> Self {
        self.progress = Some(hook);
        self
    }
}

/// One unit's results. Quantiles are R type 7 over the runs in which the unit has a rank;
/// `None` where there is none (or score bands were not asked for).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnitUncertainty {
    /// Rank in the nominal run (1 = best, ties min).
    pub nominal_rank: Option<u32>,
    /// Median rank.
    pub median_rank: Option<f64>,
    /// Mean rank.
    pub mean_rank: Option<f64>,
    /// 5 % quantile of the rank.
    pub q05_rank: Option<f64>,
    /// 95 % quantile of the rank.
    pub q95_rank: Option<f64>,
    /// Root score in the nominal run.
    pub nominal_score: Option<f64>,
    /// 5 % quantile of the root score.
    pub q05_score: Option<f64>,
    /// 95 % quantile of the root score.
    pub q95_score: Option<f64>,
    /// Share of the ranked runs in which the unit is in the top k.
    pub top_k_share: Option<f64>,
    /// Number of runs in which the unit has a rank.
    pub ranked_runs: usize,
}

/// The result of an uncertainty analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintyResult {
    units: Vec<UnitUncertainty>,
    runs: usize,
    top_k: usize,
    failures: FailureReport,
}

impl UncertaintyResult {
    #[cfg(test)]
    pub(crate) fn from_parts(
        units: Vec<UnitUncertainty>,
        runs: usize,
        top_k: usize,
        failures: FailureReport,
    ) -> Self {
        Self {
            units,
            runs,
            top_k,
            failures,
        }
    }

    #[cfg(test)]
    pub(crate) fn units_mut(&mut self) -> &mut [UnitUncertainty] {
        &mut self.units
    }

    /// Per unit, in the model's unit order.
    pub fn units(&self) -> &[UnitUncertainty] {
        &self.units
    }

    /// Runs attempted.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// Runs that succeeded.
    pub fn successful_runs(&self) -> usize {
        self.runs - self.failures.failed()
    }

    /// The k of [`UnitUncertainty::top_k_share`].
    pub fn top_k(&self) -> usize {
        self.top_k
    }

    /// The failed runs, by cause.
    pub fn failures(&self) -> &FailureReport {
        &self.failures
    }

    /// Writes the `thb uncertainty` CSV (`interfaces.md` §3.3):
    /// `unit,nominal_rank,median_rank,mean_rank,q05_rank,q95_rank,nominal_score,q05_score,q95_score`,
    /// one row per unit in input order, numbers in shortest round-trip form, missing = empty.
    ///
    /// # Errors
    /// [`SensitivityError::Shape`] when `unit_labels` does not have one label per unit;
    /// [`SensitivityError::Io`] when writing fails.
    pub fn write_csv<W: Write>(&self, unit_labels: &[impl AsRef<str>], out: W) -> Result<()> {
        if unit_labels.len() != self.units.len() {
            return Err(SensitivityError::shape(format!(
                "{} unit labels for {} units",
                unit_labels.len(),
                self.units.len()
            )));
        }
        let mut w = csv_writer(out);
        write_record(
            &mut w,
            [
                "unit",
                "nominal_rank",
                "median_rank",
                "mean_rank",
                "q05_rank",
                "q95_rank",
                "nominal_score",
                "q05_score",
                "q95_score",
            ]
            .map(str::to_owned),
        )?;
        for (label, u) in unit_labels.iter().zip(&self.units) {
            write_record(
                &mut w,
                [
                    label.as_ref().to_owned(),
                    u.nominal_rank.map(|r| r.to_string()).unwrap_or_default(),
                    num(u.median_rank),
                    num(u.mean_rank),
                    num(u.q05_rank),
                    num(u.q95_rank),
                    num(u.nominal_score),
                    num(u.q05_score),
                    num(u.q95_score),
                ],
            )?;
        }
        w.flush().map_err(|source| SensitivityError::Io {
            what: "the uncertainty table",
            source,
        })
    }
}

/// Runs the Monte Carlo uncertainty analysis of `config` on `model`: `config.runs()` runs on a
/// [`MonteCarloDesign`], plus the nominal run.
///
/// # Errors
/// Config errors ([`crate::run::RunPlan::new`], [`MonteCarloDesign::new`]);
/// [`SensitivityError::NominalFailed`] when the nominal run fails. Failed runs are not errors:
/// they are in [`UncertaintyResult::failures`].
///
/// ```
/// use thb_sensitivity::config::AnalysisConfig;
/// use thb_sensitivity::engine::{IndexModel, RunFailure};
/// use thb_sensitivity::run::{Choice, RunSpec};
/// use thb_sensitivity::uncertainty::{uncertainty, UncertaintyOptions};
///
/// /// Three units; the factor picks one of two score vectors.
/// struct Toy;
/// impl IndexModel for Toy {
///     type Scratch = ();
///     fn units(&self) -> usize { 3 }
///     fn level_len(&self, _: u32) -> Option<usize> { None }
///     fn scratch(&self) {}
///     fn evaluate(&self, run: &RunSpec, _: &mut (), s: &mut [f64]) -> Result<(), RunFailure> {
///         match run.choices()[0] {
///             Choice::Alternative { index: 0 } => s.copy_from_slice(&[3.0, 2.0, 1.0]),
///             _ => s.copy_from_slice(&[2.0, 3.0, 1.0]),
///         }
///         Ok(())
///     }
/// }
/// # #[cfg(feature = "serde")] {
/// let c = AnalysisConfig::from_json(r#"{"runs": 64, "seed": 1, "factors": [{"aggregate": ["a", "b"]}]}"#)?;
/// let ua = uncertainty(&Toy, &c, &UncertaintyOptions::default())?;
/// assert_eq!(ua.units()[2].median_rank, Some(3.0));
/// assert_eq!(ua.units()[0].mean_rank, Some(1.5)); // 32 runs at rank 1, 32 at rank 2
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn uncertainty<M: IndexModel>(
    model: &M,
    config: &AnalysisConfig,
    options: &UncertaintyOptions<'_>,
) -> Result<UncertaintyResult> {
    let plan = RunPlan::new(config, |level| model.level_len(level))?;
    let design = MonteCarloDesign::new(
        config.sampling(),
        config.seed(),
        config.runs(),
        plan.factors(),
    )?;
    let (nominal_scores, nominal_ranks) = evaluate_nominal(model, &plan)?;
    let n = model.units();
    let runs = config.runs();
    let reads = if options.score_bands {
        Reads::ScoresAndRanks
    } else if n <= COUNTED_UNITS {
        Reads::RankCounts
    } else {
        Reads::Ranks
    };
    let mut tallies: Vec<UnitTally> = match reads {
        Reads::RankCounts => Vec::new(), // the runner counts the ranks
        _ => (0..n)
            .map(|_| UnitTally::new(n, runs, options.score_bands))
            .collect(),
    };
    let (failures, counts) = run_design(model, &plan, &design, reads, options.progress, |block| {
        accumulate(&mut tallies, block);
        Ok(())
    })?;
    if reads == Reads::RankCounts {
        tallies = (0..n)
            .map(|u| {
                UnitTally::from_rank_counts(counts.iter().skip(u).step_by(n).copied().collect())
            })
            .collect();
    }
    let units = tallies
        .into_par_iter()
        .enumerate()
        .map_init(
            || HistogramScratch::new(n),
            |scratch, (i, t)| {
                let mut u = t.finish(scratch, options.top_k);
                u.nominal_rank = (nominal_ranks[i] > 0).then_some(nominal_ranks[i]);
                u.nominal_score = Some(nominal_scores[i]).filter(|s| !s.is_nan());
                u
            },
        )
        .collect();
    Ok(UncertaintyResult {
        units,
        runs,
        top_k: options.top_k,
        failures,
    })
}

/// Most units whose ranks the runner counts itself when the analysis needs no score band
/// ([`Reads::RankCounts`]): per thread, `(n + 1) n` counters (256 KB at most) that stay in
/// the processor's cache while the ranks of 32 runs at a time are added to them.
const COUNTED_UNITS: usize = 255;

/// Most units per parallel task when folding a block into the tallies (fewer when there are
/// fewer than two such tasks per thread, so that the threads share the work evenly).
const UNITS_PER_TASK: usize = 64;

/// Units whose ranks are read together from each run's row (one 64-byte line of `u32`).
const UNITS_PER_LINE: usize = 16;

fn accumulate(tallies: &mut [UnitTally], block: &BlockView<'_>) {
    let ok_runs: Vec<usize> = (0..block.runs).filter(|&r| !block.failed[r]).collect();
    let threads = rayon::current_num_threads().max(1);
    let per_task = UNITS_PER_TASK
        .min(tallies.len().div_ceil(2 * threads))
        .max(1);
    tallies.par_chunks_mut(per_task).enumerate().for_each_init(
        || (Vec::new(), Vec::new()),
        |(ranks, scores), (c, chunk)| {
            let first = c * per_task;
            let width = chunk.len();
            let mut histograms: Vec<&mut [u32]> = chunk
                .iter_mut()
                .filter_map(UnitTally::rank_histogram)
                .collect();
            if histograms.len() == width {
                // Histograms: each run's row adds one count per unit, no transposition.
                for row in rank_rows(block, &ok_runs, first..first + width) {
                    for (h, &rank) in histograms.iter_mut().zip(row) {
                        h[rank as usize] += 1;
                    }
                }
                return;
            }
            drop(histograms);
            if !chunk.first().is_some_and(UnitTally::has_score_bands) {
                // Rank lists: each run's row appends one rank per ranked unit.
                for row in rank_rows(block, &ok_runs, first..first + width) {
                    for (t, &rank) in chunk.iter_mut().zip(row) {
                        if rank > 0 {
                            t.add_rank(rank);
                        }
                    }
                }
                return;
            }
            // Score bands: transpose 16 units at a time (each run's row is read once), then
            // feed each unit its runs from a contiguous buffer.
            for (l, line) in chunk.chunks_mut(UNITS_PER_LINE).enumerate() {
                let first = first + l * UNITS_PER_LINE;
                let width = line.len();
                transpose(ranks, &ok_runs, width, |r| {
                    &block.ranks_of(r)[first..first + width]
                });
                transpose(scores, &ok_runs, width, |r| {
                    &block.scores_of(r)[first..first + width]
                });
                for (k, t) in line.iter_mut().enumerate() {
                    let runs = k * ok_runs.len()..(k + 1) * ok_runs.len();
                    for (&rank, &score) in ranks[runs.clone()].iter().zip(&scores[runs]) {
                        if rank > 0 {
                            t.add_rank(rank);
                            t.add_score(score);
                        }
                    }
                }
            }
        },
    );
}

/// The ranks of `units` in the rows of `runs`. The rows lie a row of ranks apart, too far for
/// the processor to foresee the next: it is asked for the row of a run a few runs ahead.
fn rank_rows<'a>(
    block: &'a BlockView<'a>,
    runs: &'a [usize],
    units: Range<usize>,
) -> impl Iterator<Item = &'a [u32]> + 'a {
    let prefetch = Prefetch::new();
    runs.iter().enumerate().map(move |(i, &r)| {
        if let Some(&ahead) = runs.get(i + PREFETCH_RUNS) {
            prefetch.fetch(&block.ranks_of(ahead)[units.clone()]);
        }
        &block.ranks_of(r)[units.clone()]
    })
}

/// How many runs ahead [`rank_rows`] asks for a run's row of ranks.
const PREFETCH_RUNS: usize = 8;

/// Asks the processor to bring memory into its caches ahead of use: a hint, which changes no
/// result (and does nothing on processors without the instruction).
#[derive(Clone, Copy)]
struct Prefetch {
    #[cfg(target_arch = "x86_64")]
    sse: Option<pulp::core_arch::x86::Sse>,
}

impl Prefetch {
    fn new() -> Self {
        Self {
            #[cfg(target_arch = "x86_64")]
            sse: pulp::core_arch::x86::Sse::try_new(),
        }
    }

    /// Fetches the cache lines of `data`.
    #[inline(always)]
    fn fetch(self, data: &[u32]) {
        #[cfg(target_arch = "x86_64")]
        if let Some(sse) = self.sse {
            for line in data.chunks(16) {
                sse._mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(line.as_ptr().cast());
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = data;
    }
}

/// `out[k * runs.len() + i] = row(runs[i])[k]` for k < width.
fn transpose<'a, T: Copy + Default + 'a>(
    out: &mut Vec<T>,
    runs: &[usize],
    width: usize,
    row: impl Fn(usize) -> &'a [T],
) {
    out.clear();
    out.resize(width * runs.len(), T::default());
    for (i, &r) in runs.iter().enumerate() {
        for (k, &v) in row(r).iter().enumerate() {
            out[k * runs.len() + i] = v;
        }
    }
}

/// The `keep` smallest (or largest) values of a stream, exactly, without a heap: a value
/// that does not beat the current bound is skipped; the others are buffered, and when the
/// buffer is full the `keep` best are selected and the bound tightened to the worst of them.
/// Amortised O(1) per value, and the kept values do not depend on the order they came in.
struct Extremes {
    keep: usize,
    largest: bool,
    capacity: usize,
    values: Vec<f64>,
    /// The worst value kept after the last selection (infinite before it).
    bound: f64,
}

impl Extremes {
    fn new(keep: usize, largest: bool) -> Self {
        // Twice `keep`: after the first selection a value is kept with probability about
        // keep / (runs seen), so selections (each linear in the buffer) become rare.
        let capacity = 2 * keep + 1;
        Self {
            keep,
            largest,
            capacity,
            values: Vec::with_capacity(capacity),
            bound: if largest {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            },
        }
    }

    /// Best first (scores are never NaN here).
    fn order(largest: bool) -> impl Fn(&f64, &f64) -> Ordering {
        move |a, b| {
            if largest {
                b.total_cmp(a)
            } else {
                a.total_cmp(b)
            }
        }
    }

    fn add(&mut self, v: f64) {
        let beats = if self.largest {
            v > self.bound
        } else {
            v < self.bound
        };
        if beats {
            self.values.push(v);
            if self.values.len() >= self.capacity {
                self.select();
            }
        }
    }

    /// Keeps the `keep` best values (the first `keep` after a partial sort).
    fn select(&mut self) {
        if self.values.len() > self.keep {
            let order = Self::order(self.largest);
            self.values.select_nth_unstable_by(self.keep - 1, order);
            self.values.truncate(self.keep);
            self.bound = self.values[self.keep - 1];
        }
    }

    /// The kept values, best first.
    fn into_sorted(mut self) -> Vec<f64> {
        self.select();
        self.values.sort_unstable_by(Self::order(self.largest));
        self.values
    }
}

/// The ranks one unit took.
enum RankTally {
    /// `counts[r]` = runs at rank r (index 0 unused).
    Histogram(Vec<u32>),
    /// Every rank, as `u16` (fewer than 65,536 units).
    Short(Vec<u16>),
    /// Every rank.
    Long(Vec<u32>),
}

/// Everything kept about one unit across runs.
struct UnitTally {
    ranks: RankTally,
    /// With score bands: the `keep` smallest scores and the `keep` largest.
    low: Option<Extremes>,
    high: Option<Extremes>,
}

impl UnitTally {
    fn new(units: usize, runs: usize, score_bands: bool) -> Self {
        let list_bytes = if units <= usize::from(u16::MAX) { 2 } else { 4 } * runs;
        let ranks = if 4 * (units + 1) <= list_bytes {
            RankTally::Histogram(vec![0; units + 1])
        } else if units <= usize::from(u16::MAX) {
            RankTally::Short(Vec::with_capacity(runs))
        } else {
            RankTally::Long(Vec::with_capacity(runs))
        };
        // Type-7 quantiles at 5 % and 95 % of c <= runs values read the order statistics
        // floor(0.05 (c - 1)) + 1 from either end, at most.
        let keep = (runs.saturating_sub(1)) / 20 + 3;
        Self {
            ranks,
            low: score_bands.then(|| Extremes::new(keep, false)),
            high: score_bands.then(|| Extremes::new(keep, true)),
        }
    }

    /// A tally of ranks only, from the counts of each rank (index 0: no rank).
    fn from_rank_counts(counts: Vec<u32>) -> Self {
        Self {
            ranks: RankTally::Histogram(counts),
            low: None,
            high: None,
        }
    }

    fn has_score_bands(&self) -> bool {
        self.low.is_some()
    }

    /// The rank histogram when ranks only go into it (with no score band): then a rank costs
    /// one count, and rank 0 (no rank) lands in the unused counter 0.
    fn rank_histogram(&mut self) -> Option<&mut [u32]> {
        match &mut self.ranks {
            RankTally::Histogram(h) if self.low.is_none() => Some(h),
            _ => None,
        }
    }

    fn add_rank(&mut self, rank: u32) {
        match &mut self.ranks {
            RankTally::Histogram(h) => h[rank as usize] += 1,
            // ok: the Short form is chosen only when every rank fits in u16.
            RankTally::Short(v) => v.push(rank as u16),
            RankTally::Long(v) => v.push(rank),
        }
    }

    fn add_score(&mut self, score: f64) {
        if let Some(low) = &mut self.low {
            low.add(score);
        }
        if let Some(high) = &mut self.high {
            high.add(score);
        }
    }

    /// The unit's statistics; `scratch` holds a histogram of n + 1 counters and its block sums.
    fn finish(mut self, scratch: &mut HistogramScratch, top_k: usize) -> UnitUncertainty {
        let HistogramScratch {
            counts: hist,
            blocks,
        } = scratch;
        let counts: &[u32] = match &mut self.ranks {
            RankTally::Histogram(h) => {
                h[0] = 0; // runs in which the unit had no rank (counted by `accumulate`)
                h
            }
            RankTally::Short(v) => fill_histogram(hist, v.iter().map(|&r| usize::from(r))),
            RankTally::Long(v) => fill_histogram(hist, v.iter().map(|&r| r as usize)),
        };
        let ranks = RankHistogram::new(counts, blocks);
        let c = ranks.len();
        let in_top: usize = counts.iter().take(top_k + 1).map(|&k| k as usize).sum();
        let rank_q = |p| quantile_by(c, p, |k| ranks.kth(k) as f64);
        let (q05_score, q95_score) = match (self.low, self.high) {
            (Some(low), Some(high)) => {
                let low = low.into_sorted(); // low[k] = k-th smallest
                let high = high.into_sorted(); // largest first
                (
                    quantile_by(c, 0.05, |k| low[k]),
                    quantile_by(c, 0.95, |k| high[c - 1 - k]),
                )
            }
            _ => (None, None),
        };
        UnitUncertainty {
            nominal_rank: None,
            median_rank: rank_q(0.5),
            mean_rank: (c > 0).then(|| ranks.sum() as f64 / c as f64),
            q05_rank: rank_q(0.05),
            q95_rank: rank_q(0.95),
            nominal_score: None,
            q05_score,
            q95_score,
            top_k_share: (c > 0).then(|| in_top as f64 / c as f64),
            ranked_runs: c,
        }
    }
}

/// Per-thread buffers for [`UnitTally::finish`].
struct HistogramScratch {
    counts: Vec<u32>,
    blocks: Vec<usize>,
}

impl HistogramScratch {
    fn new(units: usize) -> Self {
        Self {
            counts: vec![0; units + 1],
            blocks: Vec::with_capacity(units / BLOCK + 1),
        }
    }
}

fn fill_histogram(hist: &mut [u32], ranks: impl Iterator<Item = usize>) -> &[u32] {
    hist.fill(0);
    for r in ranks {
        hist[r] += 1;
    }
    hist
}

/// Counters per block of the two-level histogram index.
const BLOCK: usize = 256;

/// A histogram of ranks (`counts[r]` = runs at rank r) with cumulative block sums, so that the
/// k-th smallest rank is found in O(n / 256 + 256).
struct RankHistogram<'a> {
    counts: &'a [u32],
    /// Cumulative count up to the end of each block.
    cumulative: &'a [usize],
    sum: u64,
}

impl<'a> RankHistogram<'a> {
    fn new(counts: &'a [u32], cumulative: &'a mut Vec<usize>) -> Self {
        cumulative.clear();
        let (mut total, mut sum) = (0usize, 0u64);
        for (b, block) in counts.chunks(BLOCK).enumerate() {
            for (off, &k) in block.iter().enumerate() {
                total += k as usize;
                sum += ((b * BLOCK + off) as u64) * u64::from(k);
            }
            cumulative.push(total);
        }
        Self {
            counts,
            cumulative,
            sum,
        }
    }

    /// Number of ranks counted.
    fn len(&self) -> usize {
        self.cumulative.last().copied().unwrap_or(0)
    }

    /// Sum of the ranks counted.
    fn sum(&self) -> u64 {
        self.sum
    }

    /// The k-th smallest rank (0-based k < len).
    fn kth(&self, k: usize) -> usize {
        let b = self.cumulative.partition_point(|&cum| cum <= k);
        let mut seen = if b == 0 { 0 } else { self.cumulative[b - 1] };
        for (off, &n) in self.counts[b * BLOCK..].iter().enumerate() {
            seen += n as usize;
            if seen > k {
                return b * BLOCK + off;
            }
        }
        self.counts.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use thb_scoring::stats::quantile;

    #[test]
    fn extremes_keep_exactly_the_k_best_whatever_the_order() {
        use rand::{Rng, SeedableRng, seq::SliceRandom};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for (len, keep) in [(0, 3), (2, 3), (10, 3), (1000, 3), (1000, 53), (5000, 253)] {
            // values with many repeats
            let mut v: Vec<f64> = (0..len)
                .map(|_| f64::from(rng.random_range(-50..50)) / 4.0)
                .collect();
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            for largest in [false, true] {
                let want: Vec<f64> = if largest {
                    sorted.iter().rev().take(keep).copied().collect()
                } else {
                    sorted.iter().take(keep).copied().collect()
                };
                for _ in 0..3 {
                    v.shuffle(&mut rng);
                    let mut e = Extremes::new(keep, largest);
                    v.iter().for_each(|&x| e.add(x));
                    assert_eq!(e.into_sorted(), want, "{len} values, keep {keep}");
                }
            }
        }
    }

    #[test]
    fn tally_forms_agree_with_the_plain_quantiles() {
        // 37 ranks of a 9-unit analysis, through each storage form.
        let ranks: Vec<u32> = (0..37).map(|k| (k * 5 % 9) + 1).collect();
        let scores: Vec<f64> = (0..37).map(|k| f64::from((k * 7) % 11) - 3.5).collect();
        let as_f64: Vec<f64> = ranks.iter().map(|&r| f64::from(r)).collect();
        for form in 0..3 {
            let mut t = UnitTally::new(9, 37, true);
            t.ranks = match form {
                0 => RankTally::Histogram(vec![0; 10]),
                1 => RankTally::Short(Vec::new()),
                _ => RankTally::Long(Vec::new()),
            };
            for (&r, &s) in ranks.iter().zip(&scores) {
                t.add_rank(r);
                t.add_score(s);
            }
            let u = t.finish(&mut HistogramScratch::new(9), 3);
            for (got, p) in [(u.q05_rank, 0.05), (u.median_rank, 0.5), (u.q95_rank, 0.95)] {
                assert_eq!(got, quantile(&as_f64, p), "form {form}, p {p}");
            }
            assert_eq!(u.q05_score, quantile(&scores, 0.05));
            assert_eq!(u.q95_score, quantile(&scores, 0.95));
            let top = ranks.iter().filter(|&&r| r <= 3).count() as f64 / 37.0;
            assert_eq!(u.top_k_share, Some(top));
            assert_eq!(u.ranked_runs, 37);
        }
    }

    #[test]
    fn kth_rank_crosses_histogram_blocks() {
        // Ranks 1..=1000 once each, and rank 700 three more times.
        let mut counts = vec![1u32; 1001];
        counts[0] = 0;
        counts[700] += 3;
        let mut cumulative = Vec::new();
        let h = RankHistogram::new(&counts, &mut cumulative);
        assert_eq!(h.len(), 1003);
        assert_eq!(h.sum(), 500_500 + 2100);
        assert_eq!(h.kth(0), 1);
        assert_eq!(h.kth(255), 256);
        assert_eq!(h.kth(699), 700);
        assert_eq!(h.kth(702), 700);
        assert_eq!(h.kth(703), 701);
        assert_eq!(h.kth(1002), 1000);
    }

    #[test]
    fn storage_form_follows_memory() {
        assert!(matches!(
            UnitTally::new(200, 10_000, false).ranks,
            RankTally::Histogram(_)
        ));
        assert!(matches!(
            UnitTally::new(20_000, 10_000, false).ranks,
            RankTally::Short(_)
        ));
        assert!(matches!(
            UnitTally::new(70_000, 10_000, false).ranks,
            RankTally::Long(_)
        ));
    }
}
