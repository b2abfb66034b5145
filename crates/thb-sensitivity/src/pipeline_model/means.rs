//! The arithmetic and geometric means of [`aggregate_into`](thb_scoring::aggregate::aggregate_into)
//! for complete data, without its per-run costs: no copy of the normalised matrix, no check
//! per cell for missing values, and the logarithms of the normalised values taken once.
//!
//! Every score is computed with the same operations in the same order as `aggregate_into`
//! (`num += w * v` over the children with a positive weight, in order; `den += w`; then
//! `num / den`, or `exp(num / den)` for the geometric mean), so the results are the same bits.
//! Whenever a run needs anything else (a value <= 0 under a geometric mean, which is an error
//! there, or an aggregate without a positively weighted child but with a weight itself), the
//! fast path declines and the run goes through `aggregate_into`.

use thb_model::Matrix;
use thb_scoring::Aggregation;

/// The means the fast path computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mean {
    Arithmetic,
    Geometric,
}

impl Mean {
    /// The mean of every step for one aggregation alternative (one method for all steps or one
    /// per step), or `None` when some step uses another method.
    pub(super) fn per_step(methods: &[Aggregation], steps: usize) -> Option<Vec<Mean>> {
        (0..steps)
            .map(
                |s| match methods.get(if methods.len() == 1 { 0 } else { s })? {
                    Aggregation::Arithmetic => Some(Mean::Arithmetic),
                    Aggregation::Geometric => Some(Mean::Geometric),
                    _ => None,
                },
            )
            .collect()
    }
}

/// The natural logarithms of a complete normalised matrix (column-major), for geometric
/// means; a column with a value <= 0 has none.
#[derive(Debug, Clone)]
pub(super) struct Logs {
    nrows: usize,
    columns: Vec<Option<Vec<f64>>>,
}

impl Logs {
    pub(super) fn new(x: &Matrix) -> Self {
        let columns = (0..x.ncols())
            .map(|j| {
                let c = x.column(j);
                c.iter()
                    .all(|&v| v > 0.0)
                    .then(|| c.iter().map(|v| v.ln()).collect())
            })
            .collect();
        Self {
            nrows: x.nrows(),
            columns,
        }
    }

    fn column(&self, j: usize) -> Option<&[f64]> {
        self.columns.get(j)?.as_deref()
    }
}

/// The aggregation structure: the parents of each step (node positions, level 1 -> 2 first)
/// and every node's scored children.
#[derive(Debug, Clone)]
pub(super) struct Tree {
    pub(super) steps: Vec<Vec<usize>>,
    pub(super) children: Vec<Vec<usize>>,
    pub(super) n_indicators: usize,
    pub(super) root: usize,
}

/// Rows per chunk: each chunk of a child column is read once for all the runs of a batch
/// (the running sums of a chunk for 32 runs, 32 KB, stay in the L1 cache).
const CHUNK: usize = 128;

/// Reusable buffers: per run, the aggregates' scores (column-major, one column per aggregate
/// node); the running sums of one chunk of one family per run; each run's weight total.
#[derive(Debug, Clone, Default)]
pub(super) struct MeansScratch {
    tables: Vec<f64>,
    num: Vec<f64>,
    den: Vec<f64>,
    declined: Vec<bool>,
}

impl MeansScratch {
    /// Run `r`'s root scores after [`root_scores`] (`n` units).
    pub(super) fn root(&self, tree: &Tree, r: usize, n: usize) -> &[f64] {
        let aggregates = tree.children.len() - tree.n_indicators;
        &self.tables[(r * aggregates + tree.root - tree.n_indicators) * n..][..n]
    }

    /// Whether run `r` was declined by the last [`root_scores`].
    pub(super) fn declined(&self, r: usize) -> bool {
        self.declined.get(r).copied().unwrap_or(true)
    }
}

/// `num[i] += w * col[i]` for every row.
#[inline(always)]
fn accumulate(num: &mut [f64], w: f64, col: &[f64]) {
    for (acc, &v) in num.iter_mut().zip(col) {
        *acc += w * v;
    }
}

/// Computes the root's scores of complete data `x` (rows = units, columns = indicators) for
/// `runs` runs at once, with one mean per step: `weights` holds each run's raw weights (one
/// per node) one run after the other. Read the results with [`MeansScratch::root`]; a run
/// for which the fast path does not apply (see the module docs) is marked
/// [`MeansScratch::declined`].
pub(super) fn root_scores(
    tree: &Tree,
    x: &Matrix,
    logs: Option<&Logs>,
    means: &[Mean],
    weights: &[f64],
    runs: usize,
    s: &mut MeansScratch,
) {
    pulp::Arch::new().dispatch(RootScores {
        tree,
        x,
        logs,
        means,
        weights,
        runs,
        s,
    });
}

/// [`root_scores`] compiled for the widest vector instructions the processor has (`pulp`
/// holds the `unsafe` feature detection); the sums run in the same order on every processor.
struct RootScores<'a> {
    tree: &'a Tree,
    x: &'a Matrix,
    logs: Option<&'a Logs>,
    means: &'a [Mean],
    weights: &'a [f64],
    runs: usize,
    s: &'a mut MeansScratch,
}

impl pulp::WithSimd for RootScores<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        root_scores_kernel(self);
    }
}

#[inline(always)]
fn root_scores_kernel(job: RootScores<'_>) {
    let RootScores {
        tree,
        x,
        logs,
        means,
        weights,
        runs,
        s,
    } = job;
    let n = x.nrows();
    let nodes = tree.children.len();
    let first_aggregate = tree.n_indicators;
    let aggregates = nodes - first_aggregate;
    let logs = logs.filter(|l| l.nrows == n);
    let MeansScratch {
        tables,
        num,
        den,
        declined,
    } = s;
    if tables.len() != runs * n * aggregates {
        tables.clear();
        tables.resize(runs * n * aggregates, f64::NAN);
    }
    let column = |r: usize, node: usize| (r * aggregates + node - first_aggregate) * n;
    declined.clear();
    declined.resize(runs, false);
    den.clear();
    den.resize(runs, 0.0);
    num.clear();
    num.resize(runs * CHUNK, 0.0);
    let w = |r: usize, node: usize| weights[r * nodes + node];
    for (parents, &mean) in tree.steps.iter().zip(means) {
        for &p in parents {
            let children = &tree.children[p];
            for (r, d) in den.iter_mut().enumerate() {
                *d = 0.0;
                for &c in children {
                    if w(r, c) > 0.0 {
                        *d += w(r, c);
                    }
                }
            }
            for start in (0..n).step_by(CHUNK) {
                let len = CHUNK.min(n - start);
                num.fill(0.0);
                for &c in children {
                    let shared = if c >= first_aggregate {
                        None
                    } else {
                        match mean {
                            Mean::Arithmetic => Some(x.column(c)),
                            Mean::Geometric => logs.and_then(|l| l.column(c)),
                        }
                    };
                    for r in 0..runs {
                        let wc = w(r, c);
                        if wc <= 0.0 || declined[r] {
                            continue;
                        }
                        let acc = &mut num[r * CHUNK..][..len];
                        if c < first_aggregate {
                            match shared {
                                Some(col) => accumulate(acc, wc, &col[start..start + len]),
                                None => declined[r] = true, // a value <= 0, geometric mean
                            }
                            continue;
                        }
                        let col = &tables[column(r, c) + start..][..len];
                        match mean {
                            Mean::Arithmetic => accumulate(acc, wc, col),
                            Mean::Geometric => {
                                for (a, &v) in acc.iter_mut().zip(col) {
                                    if v <= 0.0 || v.is_nan() {
                                        declined[r] = true;
                                        break;
                                    }
                                    *a += wc * v.ln();
                                }
                            }
                        }
                    }
                }
                for r in 0..runs {
                    let out = &mut tables[column(r, p) + start..][..len];
                    let d = den[r];
                    if declined[r] {
                        continue;
                    }
                    if d <= 0.0 {
                        // No positively weighted child: missing, which only an aggregate
                        // without weight may be.
                        declined[r] = w(r, p) > 0.0;
                        out.fill(f64::NAN);
                        continue;
                    }
                    for (o, &sum) in out.iter_mut().zip(&num[r * CHUNK..][..len]) {
                        *o = match mean {
                            Mean::Arithmetic => sum / d,
                            Mean::Geometric => (sum / d).exp(),
                        };
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use thb_model::io::read_imeta_str;
    use thb_model::{Framework, Location};
    use thb_scoring::RowLabel;
    use thb_scoring::aggregate::{AggregateScratch, AggregationPlan, aggregate_into};

    fn framework() -> Framework {
        read_imeta_str(
            "iCode,Level,Parent,Type,Weight\n\
             a,1,P1,Indicator,1\nb,1,P1,Indicator,2\nc,1,P2,Indicator,1\nd,1,P2,Indicator,1\n\
             e,1,P2,Indicator,3\nf,1,P3,Indicator,1\nP1,2,S1,Aggregate,1\nP2,2,S1,Aggregate,2\n\
             P3,2,S2,Aggregate,1\nS1,3,I,Aggregate,1\nS2,3,I,Aggregate,1\nI,4,,Aggregate,1\n",
            Location::memory(),
        )
        .unwrap()
    }

    fn tree(fw: &Framework) -> Tree {
        let mut children = vec![Vec::new(); fw.nodes().len()];
        let steps = fw
            .families()
            .iter()
            .map(|step| {
                step.iter()
                    .map(|f| {
                        children[f.parent].clone_from(&f.children);
                        f.parent
                    })
                    .collect()
            })
            .collect();
        Tree {
            steps,
            children,
            n_indicators: fw.indicators().len(),
            root: fw.root_position(),
        }
    }

    #[test]
    fn the_same_bits_as_aggregate_into() {
        let fw = framework();
        let tree = tree(&fw);
        let plan = AggregationPlan::new(&fw);
        let base = plan.weights(&fw);
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let n = 37;
        let x = Matrix::from_columns(
            n,
            (0..6)
                .map(|_| (0..n).map(|_| rng.random_range(0.5..100.0)).collect())
                .collect(),
        )
        .unwrap();
        let logs = Logs::new(&x);
        let rows = RowLabel::numbered(n);
        let (mut fast, mut exact) = (MeansScratch::default(), AggregateScratch::default());
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let per_step = [
            vec![Aggregation::Arithmetic],
            vec![Aggregation::Geometric],
            vec![
                Aggregation::Geometric,
                Aggregation::Arithmetic,
                Aggregation::Geometric,
            ],
        ];
        for methods in &per_step {
            let means = Mean::per_step(methods, plan.steps()).unwrap();
            // 50 runs one at a time, then as one batch: the same bits as aggregate_into.
            let mut batch = Vec::new();
            let mut expected = Vec::new();
            for run in 0..50 {
                let mut w: Vec<f64> = base
                    .iter()
                    .map(|b| b * rng.random_range(0.75..1.25))
                    .collect();
                if run % 5 == 0 {
                    w[run % 5] = 0.0; // an excluded indicator (not f, an only child)
                }
                let want = aggregate_into(&x, &rows, &plan, &w, methods, &mut exact).unwrap();
                root_scores(&tree, &x, Some(&logs), &means, &w, 1, &mut fast);
                assert!(!fast.declined(0));
                assert_eq!(
                    bits(fast.root(&tree, 0, n)),
                    bits(want),
                    "{methods:?}, run {run}"
                );
                expected.push(bits(want));
                batch.extend(w);
            }
            root_scores(&tree, &x, Some(&logs), &means, &batch, 50, &mut fast);
            for (r, want) in expected.iter().enumerate() {
                assert!(!fast.declined(r));
                assert_eq!(
                    &bits(fast.root(&tree, r, n)),
                    want,
                    "{methods:?}, batch run {r}"
                );
            }
        }
    }

    #[test]
    fn declines_what_it_does_not_compute() {
        let fw = framework();
        let tree = tree(&fw);
        let plan = AggregationPlan::new(&fw);
        let w = plan.weights(&fw);
        let mut cols: Vec<Vec<f64>> = (0..6).map(|j| vec![1.0 + j as f64, 2.0, 3.0]).collect();
        cols[2][1] = 0.0;
        let x = Matrix::from_columns(3, cols).unwrap();
        let logs = Logs::new(&x);
        let mut s = MeansScratch::default();
        let geometric = [Mean::Geometric; 3];
        let arithmetic = [Mean::Arithmetic; 3];
        // f is P3's only child: weight 0 leaves P3 without a child but with a weight
        let mut w0 = w.clone();
        w0[5] = 0.0;
        let two = [w.clone(), w0].concat();
        // a zero under a geometric mean: aggregate_into reports it, the fast path declines
        root_scores(&tree, &x, Some(&logs), &geometric, &two, 2, &mut s);
        assert!(s.declined(0) && s.declined(1));
        root_scores(&tree, &x, None, &arithmetic, &two, 2, &mut s);
        assert!(!s.declined(0) && s.declined(1));
        root_scores(&tree, &x, None, &geometric, &w, 1, &mut s);
        assert!(s.declined(0));
        assert_eq!(
            Mean::per_step(&[Aggregation::Arithmetic, Aggregation::Median], 2),
            None
        );
    }
}
