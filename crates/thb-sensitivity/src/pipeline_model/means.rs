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

/// Reusable buffers: the aggregates' scores (column-major, one column per aggregate node) and
/// the running sums of one family.
#[derive(Debug, Clone, Default)]
pub(super) struct MeansScratch {
    table: Vec<f64>,
    num: Vec<f64>,
}

/// `num[i] += w * f(col[i])` for every row.
fn accumulate(num: &mut [f64], w: f64, col: &[f64]) {
    for (acc, &v) in num.iter_mut().zip(col) {
        *acc += w * v;
    }
}

/// The root's scores of complete data `x` (rows = units, columns = indicators) with raw
/// `weights` (one per node) and one mean per step; `None` when the fast path does not apply
/// to this run (see the module docs).
pub(super) fn root_scores<'s>(
    tree: &Tree,
    x: &Matrix,
    logs: Option<&Logs>,
    means: &[Mean],
    weights: &[f64],
    s: &'s mut MeansScratch,
) -> Option<&'s [f64]> {
    let n = x.nrows();
    let first_aggregate = tree.n_indicators;
    let aggregates = tree.children.len() - first_aggregate;
    if s.table.len() != n * aggregates {
        s.table.clear();
        s.table.resize(n * aggregates, f64::NAN);
    }
    let MeansScratch { table, num } = s;
    for (parents, &mean) in tree.steps.iter().zip(means) {
        for &p in parents {
            num.clear();
            num.resize(n, 0.0);
            let mut den = 0.0;
            for &c in &tree.children[p] {
                let w = weights[c];
                if w <= 0.0 {
                    continue;
                }
                den += w;
                if c < first_aggregate {
                    let col = match mean {
                        Mean::Arithmetic => x.column(c),
                        Mean::Geometric => logs.filter(|l| l.nrows == n)?.column(c)?,
                    };
                    accumulate(num, w, col);
                } else {
                    let col = &table[(c - first_aggregate) * n..][..n];
                    match mean {
                        Mean::Arithmetic => accumulate(num, w, col),
                        Mean::Geometric => {
                            for (acc, &v) in num.iter_mut().zip(col) {
                                if v <= 0.0 || v.is_nan() {
                                    return None;
                                }
                                *acc += w * v.ln();
                            }
                        }
                    }
                }
            }
            let out = &mut table[(p - first_aggregate) * n..][..n];
            if den > 0.0 {
                for (o, &sum) in out.iter_mut().zip(num.iter()) {
                    *o = match mean {
                        Mean::Arithmetic => sum / den,
                        Mean::Geometric => (sum / den).exp(),
                    };
                }
            } else if weights[p] > 0.0 {
                return None;
            } else {
                out.fill(f64::NAN);
            }
        }
    }
    Some(&table[(tree.root - first_aggregate) * n..][..n])
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
            for run in 0..50 {
                let mut w: Vec<f64> = base
                    .iter()
                    .map(|b| b * rng.random_range(0.75..1.25))
                    .collect();
                if run % 5 == 0 {
                    w[run % 5] = 0.0; // an excluded indicator (not f, an only child)
                }
                let got = root_scores(&tree, &x, Some(&logs), &means, &w, &mut fast)
                    .unwrap()
                    .to_vec();
                let want = aggregate_into(&x, &rows, &plan, &w, methods, &mut exact).unwrap();
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got), bits(want), "{methods:?}, run {run}");
            }
        }
    }

    #[test]
    fn declines_what_it_does_not_compute() {
        let fw = framework();
        let tree = tree(&fw);
        let plan = AggregationPlan::new(&fw);
        let w = plan.weights(&fw);
        let n = 3;
        let mut cols: Vec<Vec<f64>> = (0..6).map(|j| vec![1.0 + j as f64, 2.0, 3.0]).collect();
        cols[2][1] = 0.0;
        let x = Matrix::from_columns(n, cols).unwrap();
        let logs = Logs::new(&x);
        let mut s = MeansScratch::default();
        let geometric = [Mean::Geometric; 3];
        // a zero under a geometric mean: aggregate_into reports it, the fast path declines
        assert!(root_scores(&tree, &x, Some(&logs), &geometric, &w, &mut s).is_none());
        assert!(root_scores(&tree, &x, None, &geometric, &w, &mut s).is_none());
        let arithmetic = [Mean::Arithmetic; 3];
        assert!(root_scores(&tree, &x, None, &arithmetic, &w, &mut s).is_some());
        // f is P3's only child: weight 0 leaves P3 without a child but with a weight
        let mut w0 = w.clone();
        w0[5] = 0.0;
        assert!(root_scores(&tree, &x, None, &arithmetic, &w0, &mut s).is_none());
        assert_eq!(
            Mean::per_step(&[Aggregation::Arithmetic, Aggregation::Median], 2),
            None
        );
    }
}
