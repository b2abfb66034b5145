//! The allocation-light aggregation hot path: a plan compiled once from the framework, weights
//! as a plain slice, reusable scratch buffers.

use thb_model::{Framework, Matrix};

use super::{Aggregate, AggregateContext, Children, Scratch};
use crate::context::RowLabel;
use crate::error::{Result, ScoringError};

/// One aggregation step's family: a parent and its scored children (node positions).
#[derive(Debug, Clone, PartialEq)]
struct PlanFamily {
    parent: usize,
    children: Vec<usize>,
    child_codes: Vec<String>,
}

/// The aggregation structure of a framework, compiled once: for each step (level 1 -> 2
/// first), each parent with its children, as positions in [`Framework::nodes`]. Weights are not
/// part of the plan; they are passed to [`aggregate_into`] as a slice, one raw weight per node.
///
/// ```
/// use thb_scoring::aggregate::AggregationPlan;
/// use thb_model::{Framework, Node};
/// let fw = Framework::new(vec![
///     Node::indicator("a", "P")?, Node::indicator("b", "P")?.weight(3.0), Node::aggregate("P", 2, None)?,
/// ])?;
/// let plan = AggregationPlan::new(&fw);
/// assert_eq!(plan.steps(), 1);
/// assert_eq!(plan.weights(&fw), vec![1.0, 3.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AggregationPlan {
    steps: Vec<Vec<PlanFamily>>,
    codes: Vec<String>,
    n_indicators: usize,
    root: usize,
    min_child_availability: Option<f64>,
}

impl AggregationPlan {
    /// The plan of `framework`, with no child-availability threshold.
    pub fn new(framework: &Framework) -> Self {
        let codes: Vec<String> = framework
            .nodes()
            .iter()
            .map(|n| n.code.as_str().to_owned())
            .collect();
        let steps = framework
            .families()
            .iter()
            .map(|step| {
                step.iter()
                    .map(|f| PlanFamily {
                        parent: f.parent,
                        children: f.children.clone(),
                        child_codes: f.children.iter().map(|&c| codes[c].clone()).collect(),
                    })
                    .collect()
            })
            .collect();
        Self {
            steps,
            codes,
            n_indicators: framework.indicators().len(),
            root: framework.root_position(),
            min_child_availability: None,
        }
    }

    /// Sets the child-availability threshold (COINr `dat_thresh`): an aggregate is missing when
    /// the share of its (positively weighted) children that are present is below `share`.
    ///
    /// # Errors
    /// [`ScoringError::Spec`] when the share is outside [0, 1].
    pub fn with_min_child_availability(mut self, share: Option<f64>) -> Result<Self> {
        if let Some(s) = share
            && !(0.0..=1.0).contains(&s)
        {
            return Err(ScoringError::Spec {
                message: format!("min_child_availability must be in [0, 1], got {s}"),
            });
        }
        self.min_child_availability = share;
        Ok(self)
    }

    /// The framework's raw weights, one per node (what [`aggregate_into`] expects).
    pub fn weights(&self, framework: &Framework) -> Vec<f64> {
        framework.nodes().iter().map(|n| n.weight).collect()
    }

    /// Number of aggregation steps.
    pub fn steps(&self) -> usize {
        self.steps.len()
    }
    /// Number of nodes (columns of the score table).
    pub fn n_nodes(&self) -> usize {
        self.codes.len()
    }
    /// Number of indicator columns (the normalised matrix's width).
    pub fn n_indicators(&self) -> usize {
        self.n_indicators
    }
    /// Position of the root.
    pub fn root(&self) -> usize {
        self.root
    }
    /// The node codes, in framework order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }
    /// The codes of the parents aggregated at `step`.
    pub fn parents_at(&self, step: usize) -> impl Iterator<Item = &str> {
        self.steps
            .get(step)
            .into_iter()
            .flatten()
            .map(|f| self.codes[f.parent].as_str())
    }
}

/// Buffers reused by [`aggregate_into`] across runs: the score table (every node, column-major)
/// and the method scratch.
///
/// ```
/// use thb_scoring::aggregate::AggregateScratch;
/// let scratch = AggregateScratch::default();
/// assert!(scratch.scores().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct AggregateScratch {
    scores: Vec<f64>,
    nrows: usize,
    out: Vec<f64>,
    weights: Vec<f64>,
    method: Scratch,
}

impl AggregateScratch {
    /// The score table of the last run: every node's column (framework order), column-major.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }
    /// Column `node` of the last run's score table.
    pub fn column(&self, node: usize) -> &[f64] {
        let n = self.nrows;
        self.scores.get(node * n..(node + 1) * n).unwrap_or(&[])
    }
    /// The last run's score table as a matrix, consuming the buffers.
    ///
    /// # Errors
    /// [`ScoringError::Model`] when the table is inconsistent (never after a successful run).
    pub fn into_matrix(self) -> Result<Matrix> {
        let ncols = self.scores.len().checked_div(self.nrows).unwrap_or(0);
        Ok(Matrix::from_column_major(self.nrows, ncols, self.scores)?)
    }
    /// The last run's score table as a matrix (rows = units, columns = every node).
    ///
    /// # Errors
    /// [`ScoringError::Model`] when the table is inconsistent (never after a successful run).
    pub fn to_matrix(&self) -> Result<Matrix> {
        let ncols = self.scores.len().checked_div(self.nrows).unwrap_or(0);
        Ok(Matrix::from_column_major(
            self.nrows,
            ncols,
            self.scores.clone(),
        )?)
    }
}

/// Aggregates a normalised matrix level by level and returns the root's scores.
///
/// * `normalised`: rows = units, columns = the framework's indicators in order.
/// * `rows`: a label per row (for error messages).
/// * `weights`: one raw weight per node in framework order (see [`AggregationPlan::weights`]);
///   renormalised within each family over the present children, so noisy weights need no
///   framework rebuild.
/// * `methods`: one method for every step, or one per step (level 1 -> 2 first).
///
/// The full score table stays in `scratch` ([`AggregateScratch::scores`]). Nothing is
/// allocated per cell; after the first run with a given size, nothing is allocated at all by
/// the built-in means.
///
/// ```
/// use thb_scoring::aggregate::{aggregate_into, AggregateScratch, AggregationPlan};
/// use thb_scoring::{Aggregation, RowLabel};
/// use thb_model::{Framework, Matrix, Node};
/// let fw = Framework::new(vec![
///     Node::indicator("a", "P")?, Node::indicator("b", "P")?, Node::aggregate("P", 2, None)?,
/// ])?;
/// let plan = AggregationPlan::new(&fw);
/// let normalised = Matrix::from_columns(2, vec![vec![10.0, 20.0], vec![30.0, f64::NAN]])?;
/// let rows = RowLabel::numbered(2);
/// let mut scratch = AggregateScratch::default();
/// let mut w = plan.weights(&fw);
/// let root = aggregate_into(&normalised, &rows, &plan, &w, &[Aggregation::Arithmetic], &mut scratch)?;
/// assert_eq!(root, [20.0, 20.0]);
/// w[1] = 3.0; // re-run with another weight for `b`
/// let root = aggregate_into(&normalised, &rows, &plan, &w, &[Aggregation::Arithmetic], &mut scratch)?;
/// assert_eq!(root, [25.0, 20.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ScoringError::Shape`] when the matrix, labels, weights or methods do not fit the plan;
/// the method's error (naming aggregate and unit) when it cannot apply.
pub fn aggregate_into<'s, A: Aggregate>(
    normalised: &Matrix,
    rows: &[RowLabel],
    plan: &AggregationPlan,
    weights: &[f64],
    methods: &[A],
    scratch: &'s mut AggregateScratch,
) -> Result<&'s [f64]> {
    let n = normalised.nrows();
    let n_nodes = plan.n_nodes();
    let per_step = methods.len() == plan.steps.len();
    if normalised.ncols() != plan.n_indicators
        || rows.len() != n
        || weights.len() != n_nodes
        || !(methods.len() == 1 || per_step)
    {
        return Err(ScoringError::Shape(format!(
            "aggregation: {} x {} matrix, {} row labels, {} weights and {} methods for {} indicators, {} nodes and {} steps",
            n,
            normalised.ncols(),
            rows.len(),
            weights.len(),
            methods.len(),
            plan.n_indicators,
            n_nodes,
            plan.steps.len()
        )));
    }
    if let Some((i, w)) = weights
        .iter()
        .enumerate()
        .find(|(_, w)| !w.is_finite() || **w < 0.0)
    {
        return Err(ScoringError::Spec {
            message: format!("weight {w} of `{}` must be finite and >= 0", plan.codes[i]),
        });
    }
    let AggregateScratch {
        scores,
        nrows,
        out,
        weights: fw,
        method,
    } = scratch;
    *nrows = n;
    scores.clear();
    scores.extend_from_slice(normalised.as_slice());
    scores.resize(n * n_nodes, f64::NAN);
    out.clear();
    out.resize(n, f64::NAN);
    for (s, step) in plan.steps.iter().enumerate() {
        let m = &methods[if per_step { s } else { 0 }];
        for fam in step {
            fw.clear();
            fw.extend(fam.children.iter().map(|&c| weights[c]));
            let x = Children::new(scores, n, &fam.children)?;
            let ctx = AggregateContext {
                node: &plan.codes[fam.parent],
                children: &fam.child_codes,
                rows,
            };
            m.aggregate(&x, fw, &ctx, out, method)?;
            if let Some(t) = plan.min_child_availability {
                apply_threshold(&x, fw, t, out);
            }
            scores[fam.parent * n..(fam.parent + 1) * n].copy_from_slice(out);
        }
    }
    Ok(&scores[plan.root * n..(plan.root + 1) * n])
}

/// Marks missing every unit whose share of present (positively weighted) children is below `t`.
fn apply_threshold(x: &Children<'_>, w: &[f64], t: f64, out: &mut [f64]) {
    let k = w.iter().filter(|w| **w > 0.0).count();
    if k == 0 {
        return;
    }
    for (i, o) in out.iter_mut().enumerate() {
        let present = x.present(i, w).count();
        if (present as f64) / (k as f64) < t {
            *o = f64::NAN;
        }
    }
}
