//! The ranks of one run, the engine's innermost step (it runs once per run, so it is built for
//! speed): 1 = the highest score, tied scores share the best rank of their group (R's
//! `ties.method = "min"`, the same as `thb_scoring::rank::published`), a missing score (`NaN`)
//! has rank 0.
//!
//! A Min rank is a function of the values alone, 1 + #{units with a higher score}, so only the
//! order of the values matters, not how ties are ordered. Two sorts give that order:
//!
//! * up to [`NETWORK_MAX`] (4,096) units, 32 runs at a time through a bitonic sorting network
//!   whose 32 lanes are 32 runs (no data-dependent branch; compiled for the processor's vector
//!   instructions through `pulp`). Each score becomes a `u32` key: its position between the
//!   run's highest and lowest score (a monotone map, 32 − log2(n) bits) above the unit's
//!   number;
//! * otherwise, run by run, a radix sort: each present score gets an integer key of B bits
//!   (B = log2 of the unit count + 8), its position between the highest and the lowest score
//!   (a monotone map, so keys never contradict the values); the (key, unit) pairs are
//!   radix-sorted one digit (up to 12 bits) at a time.
//!
//! Either way, runs of equal keys (ties, or values closer than the key's resolution) are then
//! put in order by their exact values.

use crate::engine::RunFailure;

/// Reusable buffers: ranking a run allocates nothing once they have grown.
#[derive(Debug, Default)]
pub(crate) struct RunRanker {
    /// `key << 32 | unit` of every present score, sorted in place.
    pairs: Vec<u64>,
    swap: Vec<u64>,
    /// One histogram per digit.
    counts: Vec<u32>,
}

impl RunRanker {
    /// Checks one run's scores and writes their ranks.
    ///
    /// # Errors
    /// [`RunFailure`] when a score is infinite or no unit has a score.
    pub(crate) fn rank(&mut self, scores: &[f64], ranks: &mut [u32]) -> Result<(), RunFailure> {
        let (present, lo, hi) = scan(scores)?;
        let digits = Digits::for_units(present);
        self.keys(scores, lo, hi, digits);
        self.radix_sort(digits);
        if present < scores.len() {
            ranks.fill(0); // missing scores keep rank 0
        }
        rank_sorted(&mut self.pairs, |pair| pair >> 32, unit_of, scores, ranks);
        Ok(())
    }

    /// The (key, unit) pairs of the present scores, the highest score with key 0, and the
    /// histogram of each digit.
    fn keys(&mut self, scores: &[f64], lo: f64, hi: f64, digits: Digits) {
        let top = ((1u64 << digits.bits()) - 1) as f64;
        let scale = key_scale(lo, hi, top);
        let buckets = 1usize << digits.width;
        self.counts.clear();
        self.counts.resize(digits.passes * buckets, 0);
        self.pairs.clear();
        self.pairs.resize(scores.len(), 0);
        let mut present = 0;
        for (unit, &v) in scores.iter().enumerate() {
            let key = u64::from(key_value(v, hi, scale, top));
            // a missing score's pair is overwritten by the next one (no branch in the loop)
            self.pairs[present] = key << 32 | unit as u64;
            present += usize::from(!v.is_nan());
        }
        self.pairs.truncate(present);
        // one tight counting loop per digit
        for (d, count) in self.counts.chunks_exact_mut(buckets).enumerate() {
            for &pair in &self.pairs {
                count[digits.of(pair, d)] += 1;
            }
        }
    }

    /// Stable LSD radix sort of the pairs by their key digits, from the histograms `keys`
    /// counted (units stay ascending within a key).
    fn radix_sort(&mut self, digits: Digits) {
        let n = self.pairs.len();
        let buckets = 1usize << digits.width;
        self.swap.resize(n, 0);
        let (mut src, mut dst) = (&mut self.pairs, &mut self.swap);
        for (d, count) in self.counts.chunks_exact_mut(buckets).enumerate() {
            if count.iter().any(|&c| c as usize == n) {
                continue; // one bucket holds everything: the pass would not move anything
            }
            // counts become each bucket's next free slot
            let mut total = 0;
            for c in count.iter_mut() {
                let here = *c;
                *c = total;
                total += here;
            }
            let out = &mut dst[..n];
            for &pair in src.iter() {
                let slot = &mut count[digits.of(pair, d)];
                out[*slot as usize] = pair;
                *slot += 1;
            }
            std::mem::swap(&mut src, &mut dst);
        }
        if !std::ptr::eq(src, &self.pairs) {
            std::mem::swap(&mut self.pairs, &mut self.swap);
        }
    }
}

/// How a key is cut into radix digits.
#[derive(Debug, Clone, Copy)]
struct Digits {
    passes: usize,
    width: u32,
}

impl Digits {
    /// log2(n) + 8 key bits, at most 32 (so that a key is shared by about n/256 pairs of
    /// scores, put in order afterwards), in digits of at most 12 bits (a 4,096-counter
    /// histogram stays in the L1 cache).
    fn for_units(present: usize) -> Self {
        let bits = (usize::BITS - present.leading_zeros() + 8).clamp(8, 32);
        let passes = bits.div_ceil(12);
        Self {
            passes: passes as usize,
            width: bits.div_ceil(passes),
        }
    }

    fn bits(self) -> u32 {
        (self.passes as u32 * self.width).min(32)
    }

    fn of(self, pair: u64, d: usize) -> usize {
        ((pair >> (32 + self.width * d as u32)) & ((1 << self.width) - 1)) as usize
    }
}

/// Padded unit counts up to this go through the sorting network.
pub(crate) const NETWORK_MAX: usize = 4096;

/// Runs ranked together by the sorting network, one per lane (also the runs per ranking task
/// of the runner, and per [`crate::engine::IndexModel::evaluate_lanes`] call).
///
/// ```
/// use thb_sensitivity::engine::LANES;
/// // unit u of lane l in the buffer `evaluate_lanes` writes
/// let at = |u: usize, l: usize| u * LANES + l;
/// assert_eq!(at(1, 0), 32);
/// ```
pub const LANES: usize = 32;

/// The key of padding, after every real key; shifted right by the index bits, the value bits
/// of a missing score's key (above every present score's).
const ABSENT: u32 = u32::MAX;

/// Ranks runs thirty-two at a time through the network (the radix sort run by run above
/// [`NETWORK_MAX`] units). The runs come as rows of scores ([`BatchRanker::rank_batch`]) or
/// already in lanes ([`BatchRanker::rank_lanes`]).
#[derive(Debug, Default)]
pub(crate) struct BatchRanker {
    /// Rows of scores moved into lanes: unit u of lane l at `u * LANES + l`.
    values: Vec<f64>,
    /// Keys, position-major: position p of lane l at `p * LANES + l`, from the first 64-byte
    /// boundary (see [`aligned`]).
    lanes: Vec<u32>,
    /// The ranks of each lane, `n` per lane (rows of scores ranked in lanes).
    ranked: Vec<u32>,
    /// Why a lane's run failed its check.
    failures: Vec<Option<RunFailure>>,
    /// One group of keys to put in exact order.
    group: Vec<u32>,
    /// One lane's ranks, on their way to counts.
    row: Vec<u32>,
    /// Sorted positions where some lane's key has the value bits of the one before, with
    /// those lanes as bits.
    tied: Vec<(usize, u32)>,
    /// The rows of a batch to rank.
    todo: Vec<usize>,
    single: RunRanker,
}

impl BatchRanker {
    /// Checks and ranks every run of a batch whose outcome is `Ok`: `scores` and `ranks` hold
    /// `outcomes.len()` runs of `n` units each. A run that fails the check gets its
    /// [`RunFailure`] in `outcomes`; its ranks are left as they were.
    pub(crate) fn rank_batch(
        &mut self,
        n: usize,
        scores: &[f64],
        ranks: &mut [u32],
        outcomes: &mut [Result<(), RunFailure>],
    ) {
        if !network_ranks(n) {
            // run by run: the radix ranking checks the scores itself
            for (k, outcome) in outcomes.iter_mut().enumerate() {
                if outcome.is_ok() {
                    let run = k * n..(k + 1) * n;
                    *outcome = self.single.rank(&scores[run.clone()], &mut ranks[run]);
                }
            }
            return;
        }
        self.todo.clear();
        self.todo
            .extend((0..outcomes.len()).filter(|&k| outcomes[k].is_ok()));
        let todo = std::mem::take(&mut self.todo);
        let mut values = std::mem::take(&mut self.values);
        let mut ranked = std::mem::take(&mut self.ranked);
        values.resize(n * LANES, 0.0);
        for chunk in todo.chunks(LANES) {
            for (l, &k) in chunk.iter().enumerate() {
                for (unit, &v) in values.chunks_exact_mut(LANES).zip(&scores[k * n..]) {
                    unit[l] = v;
                }
            }
            ranked.resize(chunk.len() * n, 0);
            self.rank_lanes(n, &values, chunk.len(), LaneRanks::Rows(&mut ranked));
            for (l, &k) in chunk.iter().enumerate() {
                match self.failure(l) {
                    Some(failure) => outcomes[k] = Err(failure),
                    None => ranks[k * n..(k + 1) * n].copy_from_slice(&ranked[l * n..(l + 1) * n]),
                }
            }
        }
        self.values = values;
        self.ranked = ranked;
        self.todo = todo;
    }

    /// Checks and ranks the first `lanes` lanes of `values`, `n` units each (unit u of lane l
    /// at `u * LANES + l`; 2 <= `n` <= [`NETWORK_MAX`], see [`network_ranks`]), into `out`. A
    /// lane that fails its check is left out ([`BatchRanker::failure`] has the cause).
    pub(crate) fn rank_lanes(
        &mut self,
        n: usize,
        values: &[f64],
        lanes: usize,
        out: LaneRanks<'_>,
    ) {
        let padded = n.next_power_of_two();
        let bounds = pulp::Arch::new().dispatch(LaneScan(&values[..n * LANES]));
        self.failures.clear();
        self.failures
            .extend((0..lanes).map(|l| bounds.check(l, n, values)));
        // A key is the score's position between the run's highest and lowest score (0 = the
        // highest) in the high bits, the unit's number in the low bits.
        let index_bits = usize::BITS - (n - 1).leading_zeros();
        let index_mask = (1u32 << index_bits) - 1;
        let top = ((1u64 << (32 - index_bits)) - 2) as f64; // below a missing score's bits
        let keys = aligned(&mut self.lanes, padded * LANES);
        // the padding must be ABSENT (lanes past `lanes` are sorted but never read)
        keys[n * LANES..].fill(ABSENT);
        pulp::Arch::new().dispatch(LaneKeys {
            values: &values[..n * LANES],
            bounds: &bounds,
            top,
            index_bits,
            keys: &mut keys[..n * LANES],
        });
        pulp::Arch::new().dispatch(Network(keys));
        // Positions whose key shares the value bits of the one before (rare), all lanes at
        // once; their groups are put in exact order after the ranks by position.
        self.tied.clear();
        pulp::Arch::new().dispatch(Ties {
            lanes: &keys[..n * LANES],
            index_bits,
            tied: &mut self.tied,
        });
        let tied_lanes = self.tied.iter().fold(0, |all, &(_, l)| all | l);
        let sorted = SortedLanes {
            keys: &keys[..n * LANES],
            index_mask,
            values,
            tied: &self.tied,
        };
        let ok = (0..lanes).filter(|&l| self.failures[l].is_none());
        match out {
            LaneRanks::Rows(rows) => {
                for l in ok {
                    let present = n - bounds.missing[l] as usize;
                    sorted.ranks(l, present, &mut self.group, &mut rows[l * n..(l + 1) * n]);
                }
            }
            LaneRanks::Counts { counts, skip } => {
                let counted = ok.fold(0u32, |mask, l| mask | 1 << l) & !skip;
                // Lanes without ties: rank = position + 1 (0 past the present scores), counted
                // sixteen positions at a time, lane by lane, so that their keys and counters
                // stay in the L1 cache.
                let direct = counted & !tied_lanes;
                for (b, block) in sorted.keys.chunks(POSITIONS_PER_PASS * LANES).enumerate() {
                    for l in (0..lanes).filter(|&l| direct & 1 << l != 0) {
                        let present = n - bounds.missing[l] as usize;
                        for (i, position) in block.chunks_exact(LANES).enumerate() {
                            let p = b * POSITIONS_PER_PASS + i;
                            let rank = if p < present { p + 1 } else { 0 };
                            counts[rank * n + (position[l] & index_mask) as usize] += 1;
                        }
                    }
                }
                for l in (0..lanes).filter(|&l| (counted & !direct) & 1 << l != 0) {
                    let present = n - bounds.missing[l] as usize;
                    self.row.resize(n, 0);
                    sorted.ranks(l, present, &mut self.group, &mut self.row);
                    count_ranks(counts, &self.row);
                }
            }
        }
    }

    /// Why lane `l` failed its check in the last [`BatchRanker::rank_lanes`], if it did.
    pub(crate) fn failure(&mut self, l: usize) -> Option<RunFailure> {
        self.failures.get_mut(l).and_then(Option::take)
    }
}

/// Sorted positions whose ranks are counted together, lane by lane.
const POSITIONS_PER_PASS: usize = 16;

/// Where [`BatchRanker::rank_lanes`] puts the ranks.
pub(crate) enum LaneRanks<'a> {
    /// Lane l's ranks into `rows[l * n..(l + 1) * n]`.
    Rows(&'a mut [u32]),
    /// Added to rank counts, `counts[rank * n + u]` (rank 0: a missing score), leaving out the
    /// lanes whose bit is set in `skip` (runs that failed before their ranking).
    Counts { counts: &'a mut [u32], skip: u32 },
}

/// The keys of 32 runs in sorted order (position p of lane l at `p * LANES + l`) and where
/// they tie.
struct SortedLanes<'a> {
    keys: &'a [u32],
    index_mask: u32,
    values: &'a [f64],
    tied: &'a [(usize, u32)],
}

impl SortedLanes<'_> {
    /// Lane l's ranks into `ranks` (the first `present` positions hold its present scores);
    /// `group` is working memory.
    fn ranks(&self, l: usize, present: usize, group: &mut Vec<u32>, ranks: &mut [u32]) {
        let n = ranks.len();
        if present < n {
            ranks.fill(0); // missing scores keep rank 0
        }
        let index_mask = self.index_mask;
        for (p, position) in self.keys.chunks_exact(LANES).take(present).enumerate() {
            ranks[(position[l] & index_mask) as usize] = p as u32 + 1;
        }
        let mut t = 0;
        let lane_tied = |&(_, lanes): &(usize, u32)| lanes & 1 << l != 0;
        while let Some(next) = self.tied[t..].iter().position(lane_tied) {
            // positions start..=end share their value bits
            t += next;
            let start = self.tied[t].0 - 1;
            let mut end = start + 1;
            t += 1;
            while self
                .tied
                .get(t)
                .is_some_and(|tie| tie.0 == end + 1 && lane_tied(tie))
            {
                end += 1;
                t += 1;
            }
            group.clear();
            group.extend(
                self.keys[start * LANES..(end + 1) * LANES]
                    .chunks_exact(LANES)
                    .map(|position| position[l]),
            );
            rank_group(
                group,
                start,
                |key| (key & index_mask) as usize,
                |unit| self.values[unit * LANES + l],
                ranks,
            );
        }
    }
}

/// Adds one run's ranks (`row[u]`: unit u's rank, 0 = none) to rank counts `counts[rank * n +
/// u]` (n = `row.len()`).
pub(crate) fn count_ranks(counts: &mut [u32], row: &[u32]) {
    let n = row.len();
    for (unit, &rank) in row.iter().enumerate() {
        counts[rank as usize * n + unit] += 1;
    }
}

/// Whether runs of `n` units are ranked by the network, in lanes ([`BatchRanker::rank_lanes`]).
pub(crate) fn network_ranks(n: usize) -> bool {
    (2..=NETWORK_MAX).contains(&n)
}

/// `len` values of `buffer` from a 64-byte boundary, so that no vector load or store of the
/// network straddles two cache lines (the buffer keeps 16 spare values for that).
fn aligned(buffer: &mut Vec<u32>, len: usize) -> &mut [u32] {
    const SPARE: usize = 16;
    buffer.resize(len + SPARE, ABSENT);
    let offset = buffer.as_ptr().align_offset(64).min(SPARE);
    &mut buffer[offset..offset + len]
}

/// Notes in `tied` the sorted positions where some lane's key has the value bits of the one
/// before, with those lanes as bits; missing scores (the highest value bits) are never tied.
struct Ties<'a> {
    lanes: &'a [u32],
    index_bits: u32,
    tied: &'a mut Vec<(usize, u32)>,
}

impl pulp::WithSimd for Ties<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        let missing = ABSENT >> self.index_bits;
        let mut previous = [missing; LANES];
        for (p, position) in self.lanes.as_chunks::<LANES>().0.iter().enumerate() {
            let mut ties = 0u32;
            for (l, (&key, before)) in position.iter().zip(&mut previous).enumerate() {
                let value = key >> self.index_bits;
                ties |= u32::from(value == *before && value != missing) << l;
                *before = value;
            }
            if ties != 0 {
                self.tied.push((p, ties));
            }
        }
    }
}

/// Per lane: the lowest and highest score and the number of finite and missing ones.
struct Bounds<const L: usize> {
    lo: [f64; L],
    hi: [f64; L],
    finite: [u32; L],
    missing: [u32; L],
}

impl<const L: usize> Bounds<L> {
    fn new() -> Self {
        Self {
            lo: [f64::INFINITY; L],
            hi: [f64::NEG_INFINITY; L],
            finite: [0; L],
            missing: [0; L],
        }
    }

    /// Counts score `v` in lane `q`.
    #[inline(always)]
    fn add(&mut self, q: usize, v: f64) {
        // comparisons with NaN are false: missing scores change nothing
        self.lo[q] = if v < self.lo[q] { v } else { self.lo[q] };
        self.hi[q] = if v > self.hi[q] { v } else { self.hi[q] };
        self.finite[q] += u32::from(v.is_finite());
        self.missing[q] += u32::from(v.is_nan());
    }
}

/// The bounds of each run in the lanes (one run per lane).
type LaneBounds = Bounds<LANES>;

impl LaneBounds {
    /// [`check_counts`] for lane `l` of `values` (`n` units).
    fn check(&self, l: usize, n: usize, values: &[f64]) -> Option<RunFailure> {
        let (finite, missing) = (self.finite[l] as usize, self.missing[l] as usize);
        check_counts(finite, missing, n, || {
            (0..n).position(|u| values[u * LANES + l].is_infinite())
        })
        .err()
    }
}

/// The bounds of every lane in one pass over the units, compiled for the processor's vector
/// instructions (minimum and maximum are exact in any order).
struct LaneScan<'a>(&'a [f64]);

impl pulp::WithSimd for LaneScan<'_> {
    type Output = LaneBounds;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) -> LaneBounds {
        let mut b = LaneBounds::new();
        for unit in self.0.as_chunks::<LANES>().0 {
            for (l, &v) in unit.iter().enumerate() {
                b.add(l, v);
            }
        }
        b
    }
}

/// The network keys of the lanes' scores (see [`BatchRanker::rank_lanes`]), unit by unit,
/// compiled for the processor's vector instructions.
struct LaneKeys<'a> {
    values: &'a [f64],
    bounds: &'a LaneBounds,
    top: f64,
    index_bits: u32,
    keys: &'a mut [u32],
}

impl pulp::WithSimd for LaneKeys<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        let LaneKeys {
            values,
            bounds,
            top,
            index_bits,
            keys,
        } = self;
        let mut scale = [0.0; LANES];
        for (s, (&lo, &hi)) in scale.iter_mut().zip(bounds.lo.iter().zip(&bounds.hi)) {
            *s = key_scale(lo, hi, top);
        }
        let missing = ABSENT >> index_bits;
        let units = values.as_chunks::<LANES>().0;
        let positions = keys.as_chunks_mut::<LANES>().0;
        for (u, (unit, position)) in units.iter().zip(positions).enumerate() {
            for l in 0..LANES {
                let v = unit[l];
                let value = key_value(v, bounds.hi[l], scale[l], top);
                // a missing score sorts after every present one (`key_value` is at most `top`)
                let value = if v.is_nan() { missing } else { value };
                position[l] = value << index_bits | u as u32;
            }
        }
    }
}

/// The sorting network over 32 lanes, compiled for the widest vector instructions the
/// processor has (`pulp` holds the one `unsafe` feature detection this needs).
struct Network<'a>(&'a mut [u32]);

impl pulp::WithSimd for Network<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        bitonic_sort(self.0);
    }
}

/// Positions per cache block: steps whose pairs lie within a block run block by block, while
/// it is in the L1 cache (256 positions of 32 lanes: 32 KB).
const BLOCK_POSITIONS: usize = 256;

/// Batcher's bitonic sort (1968) of every lane, ascending. `v` holds `len` positions of
/// [`LANES`] lanes each, position-major; `len` is a power of two. The compare-exchange steps
/// are done up to three at a time (see [`merge_steps`]), and ordered so that all those within
/// a block of [`BLOCK_POSITIONS`] are done while it is in cache.
#[inline(always)]
fn bitonic_sort(v: &mut [u32]) {
    let len = v.len() / LANES;
    let block = BLOCK_POSITIONS.min(len);
    // the merges of up to `block` positions, block by block
    for (b, chunk) in v.chunks_exact_mut(block * LANES).enumerate() {
        let mut k = 2;
        while k <= block {
            merge_steps(chunk, b * block, k, k / 2, 1);
            k *= 2;
        }
    }
    let mut k = 2 * block;
    while k <= len {
        merge_steps(v, 0, k, k / 2, block);
        for (b, chunk) in v.chunks_exact_mut(block * LANES).enumerate() {
            merge_steps(chunk, b * block, k, block / 2, 1);
        }
        k *= 2;
    }
}

/// Steps j = `high`, `high`/2, ..., `low` of merge k on the positions of `v`, the first being
/// `start`. In step j, position i is compare-exchanged with i + j (for i with bit j clear),
/// ascending where bit k of the position is clear. Up to three consecutive steps are done in
/// one pass: their 8 positions are loaded into registers once, instead of once per step.
#[inline(always)]
fn merge_steps(v: &mut [u32], start: usize, k: usize, high: usize, low: usize) {
    let mut j = high;
    while j >= low.max(1) {
        let steps = (j / low).trailing_zeros() + 1; // j and low are powers of two
        match steps {
            1 => pass::<2>(v, start, k, j),
            2 => pass::<4>(v, start, k, j / 2),
            _ => pass::<8>(v, start, k, j / 4),
        }
        j >>= steps.min(3);
    }
}

/// The steps `stride` · P/2, ..., `stride` of merge k, on groups of `P` positions
/// `base + i · stride` (`base` with those bits clear). The direction is the same for the
/// whole group: its positions differ only in bits below k.
#[inline(always)]
fn pass<const P: usize>(v: &mut [u32], start: usize, k: usize, stride: usize) {
    let span = stride * P;
    for (s, chunk) in v.chunks_exact_mut(span * LANES).enumerate() {
        let ascending = (start + s * span) & k == 0;
        for offset in 0..stride {
            if ascending {
                group::<P, true>(chunk, offset, stride);
            } else {
                group::<P, false>(chunk, offset, stride);
            }
        }
    }
}

/// One group of [`pass`]: loaded, compare-exchanged in registers, stored. (Written out, so
/// that the positions stay in vector registers.)
#[inline(always)]
fn group<const P: usize, const ASCENDING: bool>(chunk: &mut [u32], offset: usize, stride: usize) {
    let at = |i: usize| (offset + i * stride) * LANES;
    let mut x = [[0u32; LANES]; P];
    for (i, lanes) in x.iter_mut().enumerate() {
        lanes.copy_from_slice(&chunk[at(i)..at(i) + LANES]);
    }
    let ce = compare_exchange::<ASCENDING>;
    match P {
        2 => {
            let [a0, a1] = [x[0], x[1]];
            let (a0, a1) = ce(a0, a1);
            x[0] = a0;
            x[1] = a1;
        }
        4 => {
            let [a0, a1, a2, a3] = [x[0], x[1], x[2], x[3]];
            let ((a0, a2), (a1, a3)) = (ce(a0, a2), ce(a1, a3));
            let ((a0, a1), (a2, a3)) = (ce(a0, a1), ce(a2, a3));
            x[..4].copy_from_slice(&[a0, a1, a2, a3]);
        }
        _ => {
            // P = 8: `merge_steps` passes groups of 2, 4 or 8 positions only
            let [a0, a1, a2, a3, a4, a5, a6, a7] = [x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]];
            let ((a0, a4), (a1, a5), (a2, a6), (a3, a7)) =
                (ce(a0, a4), ce(a1, a5), ce(a2, a6), ce(a3, a7));
            let ((a0, a2), (a1, a3), (a4, a6), (a5, a7)) =
                (ce(a0, a2), ce(a1, a3), ce(a4, a6), ce(a5, a7));
            let ((a0, a1), (a2, a3), (a4, a5), (a6, a7)) =
                (ce(a0, a1), ce(a2, a3), ce(a4, a5), ce(a6, a7));
            x[..8].copy_from_slice(&[a0, a1, a2, a3, a4, a5, a6, a7]);
        }
    }
    for (i, lanes) in x.iter().enumerate() {
        chunk[at(i)..at(i) + LANES].copy_from_slice(lanes);
    }
}

/// The smaller of `low[l]` and `high[l]` first (in the first array when `ASCENDING`), lane
/// by lane.
#[inline(always)]
fn compare_exchange<const ASCENDING: bool>(
    low: [u32; LANES],
    high: [u32; LANES],
) -> ([u32; LANES], [u32; LANES]) {
    let (mut small, mut large) = ([0; LANES], [0; LANES]);
    for l in 0..LANES {
        small[l] = low[l].min(high[l]);
        large[l] = low[l].max(high[l]);
    }
    if ASCENDING {
        (small, large)
    } else {
        (large, small)
    }
}

/// The factor of a key `(0.5 hi − 0.5 v) · scale`, capped at `top`: monotone in v, 0 for the
/// highest score, `top` for the lowest (halving both keeps hi − lo finite for any range). When
/// the range is so small that the factor overflows (a subnormal range), every key is `top`
/// (for v = hi, 0 · ∞ is NaN, which `min(top)` turns into `top`): one group of equal keys,
/// which the ranking puts in exact order.
fn key_scale(lo: f64, hi: f64, top: f64) -> f64 {
    let half_range = 0.5 * hi - 0.5 * lo;
    if half_range > 0.0 {
        top / half_range
    } else {
        0.0
    }
}

/// The value part of a key, `(0.5 hi − 0.5 v) · scale` capped at `top` (see [`key_scale`]),
/// rounded to the nearest integer. A missing score gets `top`; callers replace its key.
#[inline(always)]
fn key_value(v: f64, hi: f64, scale: f64, top: f64) -> u32 {
    let x = ((0.5 * hi - 0.5 * v) * scale).min(top);
    // x is in [0, top] with top < 2^32 (`min` turns NaN into `top`): adding 2^52 puts the
    // rounded integer in the low bits of the mantissa. Rounding is monotone, and unlike the
    // saturating `as` cast this compiles to vector instructions. ok: the low 32 bits hold it.
    ((x + TWO_POW_52).to_bits() & 0xFFFF_FFFF) as u32
}

/// 2^52: adding it to an x in [0, 2^52) leaves round(x) in the mantissa's low bits.
const TWO_POW_52: f64 = 4_503_599_627_370_496.0;

/// Writes the ranks of the units in `sorted`, which is in the order of their keys (higher
/// scores first; a key is monotone in the score, so equal scores have equal keys). A run of
/// equal keys (ties, or values closer than the key's resolution) is put in exact order, and
/// equal values in it share the first rank of their group.
fn rank_sorted<T: Copy, K: PartialEq>(
    sorted: &mut [T],
    key: impl Fn(T) -> K,
    unit: impl Fn(T) -> usize,
    scores: &[f64],
    ranks: &mut [u32],
) {
    let mut start = 0;
    while start < sorted.len() {
        let first = key(sorted[start]);
        let mut end = start + 1;
        while end < sorted.len() && key(sorted[end]) == first {
            end += 1;
        }
        if end - start == 1 {
            ranks[unit(sorted[start])] = start as u32 + 1;
        } else {
            rank_group(&mut sorted[start..end], start, &unit, |u| scores[u], ranks);
        }
        start = end;
    }
}

/// Writes the ranks of `group`, the units at sorted positions `start..` that share a key: in
/// exact order of their scores (highest first), equal scores sharing the first rank.
fn rank_group<T: Copy>(
    group: &mut [T],
    start: usize,
    unit: impl Fn(T) -> usize,
    score: impl Fn(usize) -> f64,
    ranks: &mut [u32],
) {
    // `+ 0.0` makes −0 equal to +0 for total_cmp; no NaN has a key.
    group.sort_by(|&a, &b| (score(unit(b)) + 0.0).total_cmp(&(score(unit(a)) + 0.0)));
    let (mut rank, mut previous) = (0, f64::NAN);
    for (q, &item) in group.iter().enumerate() {
        let v = score(unit(item));
        #[allow(clippy::float_cmp)] // ok: exact ties share a rank
        if v != previous {
            rank = (start + q) as u32 + 1;
            previous = v;
        }
        ranks[unit(item)] = rank;
    }
}

fn unit_of(pair: u64) -> usize {
    (pair & 0xFFFF_FFFF) as usize
}

/// The number of present scores and the lowest and highest, in one pass, after the checks
/// every run's scores pass before ranking: none infinite, at least one present.
fn scan(scores: &[f64]) -> Result<(usize, f64, f64), RunFailure> {
    let (finite, missing, lo, hi) = pulp::Arch::new().dispatch(Scan(scores));
    check_counts(finite, missing, scores.len(), || {
        scores.iter().position(|s| s.is_infinite())
    })?;
    Ok((finite, lo, hi))
}

/// The checks every run's scores pass before ranking, from the counts of its `n` scores: none
/// infinite, at least one present. `infinite` finds the unit to name (only on failure).
fn check_counts(
    finite: usize,
    missing: usize,
    n: usize,
    infinite: impl FnOnce() -> Option<usize>,
) -> Result<(), RunFailure> {
    if finite + missing < n {
        let i = infinite().unwrap_or(0);
        return Err(RunFailure::new(format!(
            "the model returned an infinite score for unit #{i}"
        )));
    }
    if finite == 0 {
        return Err(RunFailure::new("no unit has a score"));
    }
    Ok(())
}

/// [`scan`]'s pass, compiled for the processor's vector instructions.
struct Scan<'a>(&'a [f64]);

impl pulp::WithSimd for Scan<'_> {
    type Output = (usize, usize, f64, f64);

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) -> Self::Output {
        // eight independent lanes (minimum and maximum are exact in any order)
        let mut b = Bounds::<8>::new();
        let (chunks, rest) = self.0.as_chunks::<8>();
        for chunk in chunks {
            for (q, &v) in chunk.iter().enumerate() {
                b.add(q, v);
            }
        }
        for (q, &v) in rest.iter().enumerate() {
            b.add(q, v);
        }
        (
            b.finite.iter().sum::<u32>() as usize,
            b.missing.iter().sum::<u32>() as usize,
            b.lo.into_iter().fold(f64::INFINITY, f64::min),
            b.hi.into_iter().fold(f64::NEG_INFINITY, f64::max),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{BatchRanker, RunRanker};
    use crate::engine::RunFailure;
    use proptest::prelude::*;
    use thb_scoring::rank::published;

    fn check(scores: &[f64]) -> Result<(), TestCaseError> {
        let mut ranks = vec![u32::MAX; scores.len()];
        let mut ranker = RunRanker::default();
        let outcome = ranker.rank(scores, &mut ranks);
        if scores.iter().any(|s| s.is_infinite()) || scores.iter().all(|s| s.is_nan()) {
            prop_assert!(outcome.is_err());
            return Ok(());
        }
        prop_assert!(outcome.is_ok());
        let want: Vec<u32> = published(scores)
            .into_iter()
            .map(|r| r.unwrap_or(0))
            .collect();
        prop_assert_eq!(ranks, want);
        Ok(())
    }

    fn score() -> impl Strategy<Value = f64> {
        prop_oneof![
            6 => -1e3..1e3f64,
            2 => (0..4i32).prop_map(f64::from), // ties
            1 => Just(f64::NAN),
            1 => Just(-0.0),
            1 => Just(0.0),
            // neighbours one ulp apart
            2 => (0..3u64).prop_map(|k| f64::from_bits(0.5f64.to_bits() + k)),
            1 => prop_oneof![Just(1e300), Just(-1e300), Just(f64::MAX), Just(f64::MIN)],
            1 => Just(f64::INFINITY),
        ]
    }

    proptest! {
        #[test]
        fn ranks_match_the_published_definition(
            scores in prop::collection::vec(score(), 1..400)
        ) {
            check(&scores)?;
        }

        /// Many values crowding one bucket (one far outlier) go through the comparison sort.
        #[test]
        fn crowded_buckets(base in prop::collection::vec(0.0..1.0f64, 30..300), far in 1e6..1e9f64) {
            let mut scores = base;
            scores.push(far);
            check(&scores)?;
            scores.push(-far);
            check(&scores)?;
        }
    }

    proptest! {
        /// Batches through the network (thirty-two runs at a time, a partial chunk, failing runs
        /// skipped) give the ranks of the definition, run by run.
        #[test]
        fn batches_match_the_definition(
            n in 1usize..300,
            runs in 1usize..80,
            seed in any::<u64>(),
            failed in prop::collection::vec(any::<bool>(), 80),
        ) {
            use rand::{Rng, SeedableRng};
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let scores: Vec<f64> = (0..n * runs)
                .map(|_| match rng.random_range(0..20) {
                    0 => f64::NAN,
                    1 => 0.25, // ties
                    2 => f64::from_bits(0.5f64.to_bits() + rng.random_range(0..3)),
                    3 => -0.0,
                    4 if rng.random_range(0..8) == 0 => f64::MAX, // a huge range
                    5 if rng.random_range(0..8) == 0 => -1e300,
                    _ => rng.random_range(-1.0..1.0),
                })
                .collect();
            let mut outcomes: Vec<Result<(), RunFailure>> = (0..runs)
                .map(|k| if failed[k] { Err(RunFailure::new("model")) } else { Ok(()) })
                .collect();
            let mut ranks = vec![u32::MAX; n * runs];
            BatchRanker::default().rank_batch(n, &scores, &mut ranks, &mut outcomes);
            for k in 0..runs {
                let run = &scores[k * n..(k + 1) * n];
                if failed[k] {
                    prop_assert!(outcomes[k].as_ref().is_err_and(|f| f.cause() == "model"));
                } else if run.iter().all(|s| s.is_nan()) {
                    prop_assert!(outcomes[k].is_err());
                } else {
                    prop_assert!(outcomes[k].is_ok());
                    let want: Vec<u32> = published(run).into_iter().map(|r| r.unwrap_or(0)).collect();
                    prop_assert_eq!(&ranks[k * n..(k + 1) * n], &want[..]);
                }
            }
        }
    }

    /// The network's passes over more than one cache block (merges of 512 to 4,096 positions,
    /// up to three steps per pass across blocks), with ties and a partial chunk of lanes.
    #[test]
    fn network_sizes_up_to_its_limit() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for n in [1000, 2100, super::NETWORK_MAX] {
            let runs = super::LANES + 3;
            let scores: Vec<f64> = (0..n * runs)
                .map(|_| match rng.random_range(0..10) {
                    0 => f64::NAN,
                    1 => 0.25,
                    _ => rng.random_range(-1.0..1.0),
                })
                .collect();
            let mut outcomes = vec![Ok(()); runs];
            let mut ranks = vec![u32::MAX; n * runs];
            BatchRanker::default().rank_batch(n, &scores, &mut ranks, &mut outcomes);
            for k in 0..runs {
                assert!(outcomes[k].is_ok());
                let want: Vec<u32> = published(&scores[k * n..(k + 1) * n])
                    .into_iter()
                    .map(|r| r.unwrap_or(0))
                    .collect();
                assert_eq!(&ranks[k * n..(k + 1) * n], &want[..], "n = {n}, run {k}");
            }
        }
    }

    /// Above the network's limit a batch is ranked run by run, with the same checks.
    #[test]
    fn large_batches_use_the_radix_ranking() {
        let n = super::NETWORK_MAX + 904;
        let mut scores: Vec<f64> = (0..3 * n)
            .map(|i| ((i * 7919) % 1013) as f64 * 0.5)
            .collect();
        scores[n + 17] = f64::INFINITY; // the second run fails its check
        scores[2 * n + 3] = f64::NAN; // the third has a missing score
        let mut outcomes = vec![Ok(()), Ok(()), Ok(())];
        let mut ranks = vec![u32::MAX; 3 * n];
        BatchRanker::default().rank_batch(n, &scores, &mut ranks, &mut outcomes);
        assert!(
            outcomes[1]
                .as_ref()
                .is_err_and(|f| f.cause().contains("unit #17"))
        );
        for k in [0, 2] {
            assert!(outcomes[k].is_ok());
            let want: Vec<u32> = published(&scores[k * n..(k + 1) * n])
                .into_iter()
                .map(|r| r.unwrap_or(0))
                .collect();
            assert_eq!(&ranks[k * n..(k + 1) * n], &want[..]);
        }
    }

    /// A run whose range is subnormal: its key scale overflows, every key is the same and
    /// the whole run is ordered exactly.
    #[test]
    fn subnormal_ranges_are_ranked_exactly() {
        let tiny = f64::from_bits(1); // 5e-324
        let scores = [
            3.0 * tiny,
            tiny,
            2.0 * tiny,
            0.0,
            -0.0,
            3.0 * tiny,
            f64::NAN,
        ];
        let n = scores.len();
        let mut outcomes = vec![Ok(())];
        let mut ranks = vec![u32::MAX; n];
        BatchRanker::default().rank_batch(n, &scores, &mut ranks, &mut outcomes);
        assert!(outcomes[0].is_ok());
        assert_eq!(ranks, [1, 4, 3, 5, 5, 1, 0]);
        let mut single = vec![u32::MAX; n];
        assert!(RunRanker::default().rank(&scores, &mut single).is_ok());
        assert_eq!(single, ranks);
    }

    #[test]
    fn all_equal_and_missing() {
        let mut r = [9; 4];
        let mut ranker = RunRanker::default();
        assert!(ranker.rank(&[2.0, f64::NAN, 2.0, 2.0], &mut r).is_ok());
        assert_eq!(r, [1, 0, 1, 1]);
        assert!(ranker.rank(&[f64::NAN; 4], &mut r).is_err());
        let failure = ranker.rank(&[1.0, f64::INFINITY, 0.0, 2.0], &mut r);
        assert!(failure.is_err_and(|f| f.cause().contains("unit #1")));
    }
}
