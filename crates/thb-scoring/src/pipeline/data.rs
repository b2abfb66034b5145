//! The data flowing between stages: a working matrix with a label per row.

use std::ops::Range;
use std::sync::Arc;

use thb_model::{Dataset, Matrix, Period};

use crate::context::RowLabel;

/// The data as they stand after one stage: a working matrix whose columns are the framework's
/// indicators (in order) and whose rows are blocks of units, one block per period
/// (row = `p * units().len() + u`), with a label per row. `focus` is the block of the period
/// being scored; most pipelines hold that block only.
///
/// Stage functions of [`Pipeline`](crate::Pipeline) take and return `StageData`, so a caller
/// re-running the pipeline many times can keep the leading stages and re-run only the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct StageData {
    matrix: Arc<Matrix>,
    units: Vec<usize>,
    periods: Vec<Period>,
    focus: usize,
    labels: Arc<[RowLabel]>,
    divisors: Option<Arc<Matrix>>,
}

impl StageData {
    /// Wraps a working matrix; `units` are positions in `dataset.units()`.
    pub(crate) fn new(
        matrix: Matrix,
        units: Vec<usize>,
        periods: Vec<Period>,
        focus: usize,
        dataset: &Dataset,
    ) -> Self {
        let labels = periods
            .iter()
            .flat_map(|&period| {
                units.iter().map(move |&u| RowLabel {
                    unit: dataset.units()[u].code.clone(),
                    period,
                })
            })
            .collect();
        Self {
            matrix: Arc::new(matrix),
            units,
            periods,
            focus,
            labels,
            divisors: None,
        }
    }

    /// Attaches the denominators of the raw data (one column per indicator).
    pub(crate) fn with_divisors(mut self, divisors: Matrix) -> Self {
        self.divisors = Some(Arc::new(divisors));
        self
    }

    /// The denominators read with the raw data, when the spec denominates.
    pub(crate) fn divisors(&self) -> Option<&Matrix> {
        self.divisors.as_deref()
    }

    /// The working matrix.
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }
    /// A label (unit, period) per row.
    pub fn labels(&self) -> &[RowLabel] {
        &self.labels
    }
    /// The units of a block, as positions in the dataset's units.
    pub fn units(&self) -> &[usize] {
        &self.units
    }
    /// The periods, one block each.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }
    /// The period being scored.
    pub fn period(&self) -> Period {
        self.periods[self.focus]
    }
    /// The rows of the period being scored.
    pub fn focus_rows(&self) -> Range<usize> {
        let n = self.units.len();
        self.focus * n..(self.focus + 1) * n
    }

    /// The same rows with another matrix of the same shape.
    pub(crate) fn with_matrix(&self, matrix: Matrix) -> Self {
        Self {
            matrix: Arc::new(matrix),
            units: self.units.clone(),
            periods: self.periods.clone(),
            focus: self.focus,
            labels: Arc::clone(&self.labels),
            divisors: None,
        }
    }

    /// Only the block of the period being scored.
    pub fn focus_only(&self) -> Self {
        if self.periods.len() == 1 {
            return self.clone();
        }
        self.focus_block()
    }

    /// The matrix of the period being scored (shared, not copied, when it is the whole matrix).
    pub fn focus_matrix(&self) -> Arc<Matrix> {
        if self.periods.len() == 1 {
            return Arc::clone(&self.matrix);
        }
        let rows: Vec<usize> = self.focus_rows().collect();
        Arc::new(self.matrix.select_rows(&rows))
    }

    fn focus_block(&self) -> Self {
        Self {
            matrix: self.focus_matrix(),
            units: self.units.clone(),
            periods: vec![self.period()],
            focus: 0,
            labels: self.labels[self.focus_rows()].into(),
            divisors: None,
        }
    }

    /// Only the units at positions `keep` of a block, in every block.
    pub(crate) fn select_units(&self, keep: &[usize]) -> Self {
        let n = self.units.len();
        let rows: Vec<usize> = (0..self.periods.len())
            .flat_map(|p| keep.iter().map(move |&k| p * n + k))
            .collect();
        Self {
            matrix: Arc::new(self.matrix.select_rows(&rows)),
            units: keep.iter().map(|&k| self.units[k]).collect(),
            periods: self.periods.clone(),
            focus: self.focus,
            labels: rows.iter().map(|&r| self.labels[r].clone()).collect(),
            divisors: None,
        }
    }
}
