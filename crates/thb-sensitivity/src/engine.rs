//! The model interface and the parallel runner.
//!
//! A model is anything that turns a [`RunSpec`] into one root score per unit: the scoring
//! pipeline (through an adapter), or a small closed-form model in tests and benches. The runner
//! evaluates the runs of a design in blocks; within a block, batches of
//! [`IndexModel::batch_size`] runs (boundaries at fixed run numbers) go to rayon's workers,
//! each writing only its own rows of the block's buffers. A batch's runs are handed to the
//! model grouped by [`IndexModel::run_class`] (runs that share work together). Then either
//!
//! * the model writes each run's scores as a row ([`IndexModel::evaluate_batch`]), and the
//!   rows are ranked 32 runs at a time in further tasks; or
//! * when the model scores in lanes ([`IndexModel::scores_in_lanes`]), the analysis needs ranks
//!   only and the units are few enough for the sorting network, the worker has the model write
//!   32 runs at a time straight into the ranking's lanes ([`IndexModel::evaluate_lanes`]) and
//!   ranks them there, while they are in cache. When the analysis needs only how often each
//!   unit had each rank (`Reads::RankCounts`: uncertainty without score bands, up to 255
//!   units), the worker counts them there too, in its own counters, and the blocks keep no
//!   rows at all.
//!
//! Everything computed from a block afterwards is either per run or an exact integer /
//! multiset update, so results are identical whatever the number of threads.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Result, SensitivityError};
pub use crate::ranking::LANES;
use crate::ranking::{BatchRanker, LaneRanks, RunRanker, count_ranks, network_ranks};
use crate::run::{RunPlan, RunSpec};
use crate::sampling::Design;

/// A composite-index model that the analyses run many times.
///
/// `evaluate` writes one root score per unit (`NaN` = the unit has no score in this run) or
/// returns the cause of failure. Implementations do the work that does not depend on a factor
/// once, when the model is built, and keep per-thread buffers in [`IndexModel::Scratch`].
///
/// ```
/// use thb_sensitivity::engine::{IndexModel, RunFailure};
/// use thb_sensitivity::run::{Choice, RunSpec};
///
/// /// Weighted sum of two indicators; one weights factor at level 1.
/// struct TwoIndicators { x: Vec<[f64; 2]> }
///
/// impl IndexModel for TwoIndicators {
///     type Scratch = [f64; 2];
///     fn units(&self) -> usize { self.x.len() }
///     fn level_len(&self, level: u32) -> Option<usize> { (level == 1).then_some(2) }
///     fn scratch(&self) -> [f64; 2] { [0.0; 2] }
///     fn evaluate(&self, run: &RunSpec, w: &mut [f64; 2], scores: &mut [f64]) -> Result<(), RunFailure> {
///         let Some(Choice::Weights(draw)) = run.choices().first() else {
///             return Err(RunFailure::new("expected a weights factor"));
///         };
///         draw.fill(w).map_err(|e| RunFailure::new(e.to_string()))?;
///         for (s, x) in scores.iter_mut().zip(&self.x) {
///             *s = (w[0] * x[0] + w[1] * x[1]) / (w[0] + w[1]);
///         }
///         Ok(())
///     }
/// }
/// ```
pub trait IndexModel: Sync {
    /// Per-thread working memory, created by [`IndexModel::scratch`] and reused across runs.
    type Scratch: Send;

    /// Number of units scored (the length of every score vector).
    fn units(&self) -> usize;

    /// Number of nodes at framework `level` (1 = indicators); `None` when there is no such
    /// level. Sizes the `weights` and `exclude_one` factors.
    fn level_len(&self, level: u32) -> Option<usize>;

    /// Fresh working memory for one thread.
    fn scratch(&self) -> Self::Scratch;

    /// Runs per [`IndexModel::evaluate_batch`] call (default [`BATCH`]). A model that shares
    /// work across the runs of a batch may ask for more; results do not depend on it.
    fn batch_size(&self) -> usize {
        BATCH
    }

    /// Whether [`IndexModel::evaluate_lanes`] is the model's fast path. The runner then uses
    /// it instead of [`IndexModel::evaluate_batch`] whenever an analysis needs ranks only and
    /// the units are few enough for the ranking's lanes (up to 4,096). Default `false`.
    fn scores_in_lanes(&self) -> bool {
        false
    }

    /// Evaluates up to [`LANES`] runs (grouped by class, as for
    /// [`IndexModel::evaluate_batch`]) into `values`, lane by lane: the score of unit u in
    /// `runs[l]` at `values[u * LANES + l]`, where the ranking reads them without moving them.
    /// `outcomes` holds one entry per run, and every score of a run left `Ok` must be written
    /// (`NaN` for a unit without score); lanes past `runs.len()` are not read. The default
    /// evaluates run by run with [`IndexModel::evaluate`].
    fn evaluate_lanes(
        &self,
        runs: &[RunSpec],
        scratch: &mut Self::Scratch,
        values: &mut [f64],
        outcomes: &mut [Result<(), RunFailure>],
    ) {
        let mut scores = vec![f64::NAN; self.units()];
        for (l, (run, outcome)) in runs.iter().zip(outcomes).enumerate() {
            scores.fill(f64::NAN);
            *outcome = self.evaluate(run, scratch, &mut scores);
            for (unit, &v) in values.chunks_exact_mut(LANES).zip(&scores) {
                unit[l] = v;
            }
        }
    }

    /// Runs that share work in [`IndexModel::evaluate_batch`] (those with the same
    /// alternatives, say) get the same class: the runner hands a batch's runs over grouped by
    /// class, ascending, in run order within a class. The default puts every run in class 0
    /// (the batch in run order). Results do not depend on it.
    ///
    /// ```
    /// use thb_sensitivity::engine::IndexModel;
    /// use thb_sensitivity::run::{Choice, RunSpec};
    ///
    /// /// The class of a run: which of the model's matrices it multiplies.
    /// fn class_of(run: &RunSpec) -> usize {
    ///     match run.choices() {
    ///         [Choice::Alternative { index }, ..] => *index,
    ///         _ => 0,
    ///     }
    /// }
    /// # let _ = class_of;
    /// ```
    fn run_class(&self, run: &RunSpec) -> usize {
        let _ = run;
        0
    }

    /// Scores every unit for `run` into `scores` (length [`IndexModel::units`]).
    ///
    /// # Errors
    /// A [`RunFailure`] naming the cause (for example "geometric mean of a value <= 0 in
    /// aggregate `P1`"): the run is counted as failed and reported, never dropped silently.
    fn evaluate(
        &self,
        run: &RunSpec,
        scratch: &mut Self::Scratch,
        scores: &mut [f64],
    ) -> Result<(), RunFailure>;

    /// Evaluates several runs at once; `scores` holds `runs.len()` score vectors one after the
    /// other and `outcomes` one entry per run. The default calls [`IndexModel::evaluate`] for
    /// each run, on a score vector set to `NaN` first; override it to share work across runs
    /// (one matrix product for many weight vectors). An override must write every score of
    /// each run it leaves `Ok` (`NaN` for a unit without score): the buffer holds the scores of
    /// earlier runs.
    fn evaluate_batch(
        &self,
        runs: &[RunSpec],
        scratch: &mut Self::Scratch,
        scores: &mut [f64],
        outcomes: &mut [Result<(), RunFailure>],
    ) {
        let n = self.units().max(1);
        for ((run, s), outcome) in runs.iter().zip(scores.chunks_mut(n)).zip(outcomes) {
            s.fill(f64::NAN);
            *outcome = self.evaluate(run, scratch, s);
        }
    }
}

/// Why one run of the model failed.
///
/// ```
/// use thb_sensitivity::engine::RunFailure;
/// let f = RunFailure::new("geometric mean of a value <= 0 in aggregate `P1`");
/// assert_eq!(f.to_string(), "geometric mean of a value <= 0 in aggregate `P1`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunFailure {
    cause: String,
}

impl RunFailure {
    /// A failure with a human-readable cause; runs are grouped by identical causes.
    pub fn new(cause: impl Into<String>) -> Self {
        Self {
            cause: cause.into(),
        }
    }

    /// The cause.
    pub fn cause(&self) -> &str {
        &self.cause
    }
}

impl std::fmt::Display for RunFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.cause)
    }
}

impl std::error::Error for RunFailure {}

/// The failed runs of an analysis, grouped by cause.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FailureReport {
    failed: usize,
    causes: Vec<FailureCause>,
}

/// One cause of failure and the runs it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureCause {
    /// What went wrong.
    pub cause: String,
    /// How many runs failed for this cause.
    pub runs: usize,
    /// The first of them (run number), to re-run and inspect.
    pub first_run: usize,
}

impl FailureReport {
    /// Number of failed runs.
    pub fn failed(&self) -> usize {
        self.failed
    }

    /// The causes, sorted by their text.
    pub fn causes(&self) -> &[FailureCause] {
        &self.causes
    }

    /// Whether every run succeeded.
    pub fn is_empty(&self) -> bool {
        self.failed == 0
    }
}

impl std::fmt::Display for FailureReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} failed run(s)", self.failed)?;
        for c in &self.causes {
            write!(
                f,
                "\n  {} run(s), first run {}: {}",
                c.runs, c.first_run, c.cause
            )?;
        }
        Ok(())
    }
}

/// Counts failures by cause, in run order.
#[derive(Debug, Default)]
pub(crate) struct FailureTally {
    failed: usize,
    causes: BTreeMap<String, (usize, usize)>,
}

impl FailureTally {
    pub(crate) fn add(&mut self, run: usize, failure: &RunFailure) {
        self.failed += 1;
        let entry = self.causes.entry(failure.cause.clone()).or_insert((0, run));
        entry.0 += 1;
        entry.1 = entry.1.min(run);
    }

    pub(crate) fn report(self) -> FailureReport {
        FailureReport {
            failed: self.failed,
            causes: self
                .causes
                .into_iter()
                .map(|(cause, (runs, first_run))| FailureCause {
                    cause,
                    runs,
                    first_run,
                })
                .collect(),
        }
    }
}

/// Called after each block of runs with `(runs done, runs in total)`: a progress bar's hook.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Default runs per batch handed to one worker (and to [`IndexModel::evaluate_batch`]).
pub const BATCH: usize = 32;

/// Score cells (runs x units) per block, unless one batch per thread needs more: about 6 MB
/// of block buffers.
const BLOCK_CELLS: usize = 1 << 19;

/// Runs per block when the blocks keep no rows (ranks counted in the workers): one progress
/// report per block.
const ROWLESS_BLOCK_RUNS: usize = 1 << 16;

/// The runs of one block, as the runner hands them to an accumulator. Row `r` of `scores` and
/// `ranks` (each `units` long) belongs to run [`BlockView::run_of`]`(r)`: the runs of a batch
/// are grouped by [`IndexModel::run_class`].
pub(crate) struct BlockView<'a> {
    pub first_run: usize,
    pub runs: usize,
    /// Row r holds run `first_run + slots[r]`.
    pub slots: &'a [u32],
    pub units: usize,
    /// Root scores (`NaN` = missing); empty when the analysis needs no scores and the model
    /// scored in lanes ([`IndexModel::scores_in_lanes`]) or the ranks are counted.
    pub scores: &'a [f64],
    /// Ranks, 1 = best, ties `min`; 0 = no rank (missing score or failed run). Empty when the
    /// runner counts the ranks itself ([`Reads::RankCounts`]).
    pub ranks: &'a [u32],
    /// `failed[r]`: the run of row r failed.
    pub failed: &'a [bool],
}

impl BlockView<'_> {
    /// The run number of row `r`.
    pub(crate) fn run_of(&self, r: usize) -> usize {
        self.first_run + self.slots[r] as usize
    }

    pub(crate) fn scores_of(&self, r: usize) -> &[f64] {
        &self.scores[r * self.units..(r + 1) * self.units]
    }

    pub(crate) fn ranks_of(&self, r: usize) -> &[u32] {
        &self.ranks[r * self.units..(r + 1) * self.units]
    }
}

/// Per-thread state of the runner's evaluation phase.
struct Worker<S> {
    scratch: S,
    /// The specs of a batch, overwritten run by run (at least as many as its runs).
    specs: Vec<RunSpec>,
    /// The design points of a batch.
    points: Vec<f64>,
    /// The class of each run of a batch.
    classes: Vec<usize>,
    /// Lanes of scores and their ranking (when the model scores in lanes).
    values: Vec<f64>,
    ranker: BatchRanker,
}

impl<S> Worker<S> {
    fn new<M: IndexModel<Scratch = S>>(model: &M) -> Self {
        Self {
            scratch: model.scratch(),
            specs: Vec::with_capacity(model.batch_size().max(1)),
            points: Vec::new(),
            classes: Vec::new(),
            values: Vec::new(),
            ranker: BatchRanker::default(),
        }
    }

    /// Evaluates the `outcomes.len()` runs from run `start` into `scores` (one row of
    /// `units` per run), grouped by class: row k holds run `start + slots[k]`, and
    /// `outcomes[k]` is its outcome.
    #[allow(clippy::too_many_arguments)] // ok: the runner's one call, every argument needed
    fn evaluate_batch<M: IndexModel<Scratch = S>>(
        &mut self,
        model: &M,
        plan: &RunPlan,
        design: &dyn Design,
        start: usize,
        scores: &mut [f64],
        slots: &mut [u32],
        outcomes: &mut [Result<(), RunFailure>],
    ) -> Result<()> {
        let count = self.specs_by_class(model, plan, design, start, slots)?;
        outcomes.fill(Ok(()));
        model.evaluate_batch(&self.specs[..count], &mut self.scratch, scores, outcomes);
        Ok(())
    }

    /// As [`Worker::evaluate_batch`], through [`IndexModel::evaluate_lanes`] and the ranking
    /// of each lane, straight into `ranks`' rows (row k: run `start + slots[k]`; zero for a
    /// failed run) or its counts.
    #[allow(clippy::too_many_arguments)] // ok: the runner's one call, every argument needed
    fn evaluate_lanes<M: IndexModel<Scratch = S>>(
        &mut self,
        model: &M,
        plan: &RunPlan,
        design: &dyn Design,
        start: usize,
        mut ranks: RankSink<'_>,
        slots: &mut [u32],
        outcomes: &mut [Result<(), RunFailure>],
    ) -> Result<()> {
        let count = self.specs_by_class(model, plan, design, start, slots)?;
        let n = model.units();
        outcomes.fill(Ok(()));
        self.values.resize(n * LANES, f64::NAN);
        let chunks = self.specs[..count]
            .chunks(LANES)
            .zip(outcomes.chunks_mut(LANES))
            .enumerate();
        for (c, (specs, outcomes)) in chunks {
            model.evaluate_lanes(specs, &mut self.scratch, &mut self.values, outcomes);
            let lanes = specs.len();
            match &mut ranks {
                RankSink::Rows(block) => {
                    let rows = &mut block[c * LANES * n..(c * LANES + lanes) * n];
                    self.ranker
                        .rank_lanes(n, &self.values, lanes, LaneRanks::Rows(rows));
                }
                RankSink::Counts(counts) => {
                    counts.resize((n + 1) * n, 0);
                    // the model's failed runs are not counted
                    let skip = (0..lanes)
                        .filter(|&l| outcomes[l].is_err())
                        .fold(0, |mask, l| mask | 1 << l);
                    let sink = LaneRanks::Counts { counts, skip };
                    self.ranker.rank_lanes(n, &self.values, lanes, sink);
                }
            }
            for (l, outcome) in outcomes.iter_mut().enumerate() {
                if let Some(failure) = self.ranker.failure(l)
                    && outcome.is_ok()
                {
                    *outcome = Err(failure); // the model's own failure comes first
                }
            }
            if let RankSink::Rows(block) = &mut ranks {
                clear_failed(
                    &mut block[c * LANES * n..(c * LANES + lanes) * n],
                    n,
                    outcomes,
                );
            }
        }
        Ok(())
    }

    /// The specs of the `slots.len()` runs from run `start`, grouped by class: spec k is the
    /// spec of run `start + slots[k]`. Returns their count.
    fn specs_by_class<M: IndexModel<Scratch = S>>(
        &mut self,
        model: &M,
        plan: &RunPlan,
        design: &dyn Design,
        start: usize,
        slots: &mut [u32],
    ) -> Result<usize> {
        let count = slots.len();
        if self.specs.len() < count {
            self.specs.resize_with(count, || plan.nominal());
        }
        // ok: f >= 1, a config has a factor and `run_design` checked the design against it
        let f = design.factors();
        self.points.resize(count * f, 0.0);
        design.points(start, &mut self.points)?;
        let runs = self.specs.iter_mut().zip(start..start + count);
        for ((spec, run), point) in runs.zip(self.points.chunks_exact(f)) {
            plan.spec_into(design, run, point, spec)?;
        }
        self.classes.clear();
        self.classes
            .extend(self.specs[..count].iter().map(|spec| model.run_class(spec)));
        if self.classes.windows(2).any(|w| w[1] < w[0]) {
            order_by_class(&self.classes, slots);
            // the specs into slot order: position k takes the spec of run slots[k], which is
            // at position slots[k] or, if that was swapped away earlier, where it went
            for k in 0..count {
                let mut from = slots[k] as usize;
                while from < k {
                    from = slots[from] as usize;
                }
                self.specs.swap(k, from);
            }
        } else {
            for (k, slot) in slots.iter_mut().enumerate() {
                *slot = k as u32; // ok: a batch has fewer than 2^32 runs
            }
        }
        Ok(count)
    }
}

/// Classes below this are ordered by counting.
const COUNTED_CLASSES: usize = 64;

/// Writes into `slots` the positions `0..classes.len()` ordered by class, then position: by
/// counting when the classes are few (no comparison, no allocation), else by sorting.
fn order_by_class(classes: &[usize], slots: &mut [u32]) {
    if classes.iter().all(|&c| c < COUNTED_CLASSES) {
        let mut next = [0u32; COUNTED_CLASSES];
        for &c in classes {
            next[c] += 1;
        }
        let mut start = 0;
        for n in &mut next {
            (*n, start) = (start, start + *n);
        }
        for (k, &c) in classes.iter().enumerate() {
            slots[next[c] as usize] = k as u32; // ok: a batch has fewer than 2^32 runs
            next[c] += 1;
        }
    } else {
        for (k, slot) in slots.iter_mut().enumerate() {
            *slot = k as u32;
        }
        slots.sort_unstable_by_key(|&k| (classes[k as usize], k));
    }
}

/// A pool of per-thread state, reused across blocks: made once per thread, not per task.
struct Pool<T>(Mutex<Vec<T>>);

impl<T> Pool<T> {
    fn new() -> Self {
        Self(Mutex::new(Vec::new()))
    }

    /// Runs `task` with a pooled value (or a fresh one from `make`), then returns it to the
    /// pool.
    fn with<R>(&self, make: impl FnOnce() -> T, task: impl FnOnce(&mut T) -> R) -> R {
        // a poisoned pool (a panic elsewhere) only means a fresh value
        let pooled = self.0.lock().ok().and_then(|mut pool| pool.pop());
        let mut value = pooled.unwrap_or_else(make);
        let result = task(&mut value);
        if let Ok(mut pool) = self.0.lock() {
            pool.push(value);
        }
        result
    }
}

impl Pool<RankCounts> {
    /// The element-wise sum of the pooled counts (`len` counters).
    fn sum(self, len: usize) -> RankCounts {
        let parts = self
            .0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut total = vec![0; len];
        for part in parts {
            for (t, c) in total.iter_mut().zip(part) {
                *t += c;
            }
        }
        total
    }
}

/// Runs `task(start, rows, slots, outcomes)` on each batch of a block in parallel: the batch's
/// first run (from the block's), its rows of `buffer` (`per_run` values a run), slots and
/// outcomes. The task numbers the slots from the batch's first run; they are then made
/// relative to the block.
fn by_batches<T: Send>(
    buffer: &mut [T],
    per_run: usize,
    batch: usize,
    slots: &mut [u32],
    outcomes: &mut [Result<(), RunFailure>],
    task: impl Fn(usize, &mut [T], &mut [u32], &mut [Result<(), RunFailure>]) -> Result<()> + Sync,
) -> Result<()> {
    buffer
        .par_chunks_mut(batch * per_run)
        .zip(slots.par_chunks_mut(batch))
        .zip(outcomes.par_chunks_mut(batch))
        .enumerate()
        .try_for_each(|(b, ((rows, slots), outcomes))| {
            let start = b * batch;
            task(start, rows, slots, outcomes)?;
            for slot in slots {
                *slot += start as u32; // ok: a block has fewer than 2^32 runs
            }
            Ok(())
        })
}

/// Zeroes the ranks of the failed runs (rows of `n` in `ranks`, one per outcome): a failed run
/// has no rank.
fn clear_failed(ranks: &mut [u32], n: usize, outcomes: &[Result<(), RunFailure>]) {
    for (row, outcome) in ranks.chunks_mut(n).zip(outcomes) {
        if outcome.is_err() {
            row.fill(0);
        }
    }
}

/// What an analysis reads of the runs, which decides what the runner keeps of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reads {
    /// Every run's scores and ranks.
    ScoresAndRanks,
    /// Every run's ranks (the blocks' scores may be empty: see [`IndexModel::scores_in_lanes`]).
    Ranks,
    /// How often each unit had each rank, no more. The runner adds each batch's ranks to
    /// per-thread counts while they are in cache and returns the sum ([`RankCounts`]); the
    /// blocks it hands over have no scores and no ranks. For few units: the counts grow as
    /// the square of the unit count.
    RankCounts,
}

/// `counts[r * n + u]`: the number of successful runs in which unit u had rank r (r = 0: no
/// rank, its score was missing). Sums of integers, so the same whatever the threads.
pub(crate) type RankCounts = Vec<u32>;

/// Where a batch's ranks go.
enum RankSink<'a> {
    /// The batch's rows of the block.
    Rows(&'a mut [u32]),
    /// Added to counts ([`Reads::RankCounts`]).
    Counts(&'a mut RankCounts),
}

/// Adds the ranks of the successful runs (rows of `n`, one per outcome) to `counts`
/// ([`RankCounts`], grown to `n + 1` ranks of `n` counters).
fn add_rank_counts(
    counts: &mut RankCounts,
    n: usize,
    ranks: &[u32],
    outcomes: &[Result<(), RunFailure>],
) {
    counts.resize((n + 1) * n, 0);
    for (row, outcome) in ranks.chunks_exact(n).zip(outcomes) {
        if outcome.is_ok() {
            count_ranks(counts, row);
        }
    }
}

/// The nominal run's scores and ranks.
pub(crate) fn evaluate_nominal<M: IndexModel>(
    model: &M,
    plan: &RunPlan,
) -> Result<(Vec<f64>, Vec<u32>)> {
    let n = model.units();
    let mut scores = vec![f64::NAN; n];
    let mut scratch = model.scratch();
    model
        .evaluate(&plan.nominal(), &mut scratch, &mut scores)
        .map_err(|f| SensitivityError::NominalFailed { cause: f.cause })?;
    let mut ranks = vec![0; n];
    RunRanker::default()
        .rank(&scores, &mut ranks)
        .map_err(|f| SensitivityError::NominalFailed { cause: f.cause })?;
    Ok((scores, ranks))
}

/// Evaluates every run of `design` and hands each block to `sink`, in run order, with what
/// `reads` asks for (see [`Reads`]); returns the failures and the rank counts (all zero unless
/// `reads` is [`Reads::RankCounts`]).
pub(crate) fn run_design<M: IndexModel>(
    model: &M,
    plan: &RunPlan,
    design: &dyn Design,
    reads: Reads,
    progress: Option<Progress<'_>>,
    mut sink: impl FnMut(&BlockView<'_>) -> Result<()>,
) -> Result<(FailureReport, RankCounts)> {
    let n = model.units();
    if n == 0 {
        return Err(SensitivityError::shape("the model scores no unit"));
    }
    if design.factors() != plan.factors() {
        return Err(SensitivityError::shape(format!(
            "the design has {} factors, the plan {}",
            design.factors(),
            plan.factors()
        )));
    }
    let total = design.runs();
    let batch = model.batch_size().max(1);
    // A whole number of batches per thread keeps every thread equally busy. The block size
    // changes no result: batches start at multiples of `batch` whatever it is.
    let per_thread = rayon::current_num_threads().max(1) * batch;
    let in_lanes = model.scores_in_lanes() && reads != Reads::ScoresAndRanks && network_ranks(n);
    let counted = reads == Reads::RankCounts;
    // Rows kept per block bound the blocks; without rows (ranks counted in the workers) a
    // block is as large as the progress reports allow.
    let cells = if in_lanes && counted {
        ROWLESS_BLOCK_RUNS * n
    } else {
        BLOCK_CELLS
    };
    let block_runs = (cells / n).max(per_thread).div_ceil(per_thread) * per_thread;
    let block_runs = block_runs.min(total.div_ceil(batch) * batch);
    // rows the blocks keep: none of scores in lanes, none of ranks when they are counted
    let score_rows = if in_lanes { 0 } else { block_runs };
    let rank_rows = if in_lanes && counted { 0 } else { block_runs };
    let mut scores = vec![f64::NAN; score_rows * n];
    let mut ranks = vec![0u32; rank_rows * n];
    let mut outcomes: Vec<Result<(), RunFailure>> = vec![Ok(()); block_runs];
    let mut slots = vec![0u32; block_runs];
    let mut tally = FailureTally::default();
    let workers = Pool::new();
    let rankers = Pool::new();
    let counts: Pool<RankCounts> = Pool::new();

    let mut first = 0;
    while first < total {
        let len = block_runs.min(total - first);
        let (slots, outcomes) = (&mut slots[..len], &mut outcomes[..len]);
        if in_lanes && counted {
            // Evaluation, ranking and counting lanes by lanes, by batches (rows of nothing:
            // the ranks stay in the worker).
            by_batches(
                &mut vec![(); len],
                1,
                batch,
                slots,
                outcomes,
                |start, _, s, o| {
                    counts.with(Vec::new, |c| {
                        workers.with(
                            || Worker::new(model),
                            |w| {
                                let sink = RankSink::Counts(c);
                                w.evaluate_lanes(model, plan, design, first + start, sink, s, o)
                            },
                        )
                    })
                },
            )?;
        } else if in_lanes {
            // Evaluation and ranking lanes by lanes, by batches.
            by_batches(
                &mut ranks[..len * n],
                n,
                batch,
                slots,
                outcomes,
                |start, r, s, o| {
                    workers.with(
                        || Worker::new(model),
                        |w| {
                            let sink = RankSink::Rows(r);
                            w.evaluate_lanes(model, plan, design, first + start, sink, s, o)
                        },
                    )
                },
            )?;
        } else {
            // Evaluation by batches (the model shares work across a batch's runs), then
            // ranking in smaller tasks, so that the threads finish the block together.
            by_batches(
                &mut scores[..len * n],
                n,
                batch,
                slots,
                outcomes,
                |start, x, s, o| {
                    workers.with(
                        || Worker::new(model),
                        |w| w.evaluate_batch(model, plan, design, first + start, x, s, o),
                    )
                },
            )?;
            scores[..len * n]
                .par_chunks(LANES * n)
                .zip(ranks[..len * n].par_chunks_mut(LANES * n))
                .zip(outcomes.par_chunks_mut(LANES))
                .for_each(|((s, r), out)| {
                    rankers.with(BatchRanker::default, |ranker| {
                        ranker.rank_batch(n, s, r, out);
                    });
                    clear_failed(r, n, out);
                    if counted {
                        counts.with(Vec::new, |c| add_rank_counts(c, n, r, out));
                    }
                });
        }
        let failed: Vec<bool> = outcomes.iter().map(Result::is_err).collect();
        for (&slot, outcome) in slots.iter().zip(outcomes.iter()) {
            if let Err(f) = outcome {
                tally.add(first + slot as usize, f);
            }
        }
        let kept = |rows: usize| if counted { 0 } else { rows.min(len) * n };
        sink(&BlockView {
            first_run: first,
            runs: len,
            slots,
            units: n,
            scores: &scores[..kept(score_rows)],
            ranks: &ranks[..kept(rank_rows)],
            failed: &failed,
        })?;
        first += len;
        if let Some(p) = progress {
            p(first, total);
        }
    }
    Ok((tally.report(), counts.sum((n + 1) * n)))
}

#[cfg(test)]
mod tests {
    use super::{COUNTED_CLASSES, order_by_class};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn classes_ordered_as_a_stable_sort(
            classes in prop::collection::vec(0..3 * COUNTED_CLASSES / 2, 0..300),
            few in any::<bool>(),
        ) {
            // with `few`, every class is counted; otherwise some may be past the counting
            let classes: Vec<usize> = classes
                .into_iter()
                .map(|c| if few { c % COUNTED_CLASSES } else { c })
                .collect();
            let mut slots = vec![u32::MAX; classes.len()];
            order_by_class(&classes, &mut slots);
            let mut want: Vec<u32> = (0..classes.len() as u32).collect();
            want.sort_by_key(|&k| classes[k as usize]);
            prop_assert_eq!(slots, want);
        }
    }
}
