//! What a column kernel knows about the column it works on: the indicator's code, direction,
//! target and goalposts, and a label (unit, period) for every row, so that errors and
//! provenance records name the unit.

use std::ops::Range;

use thb_model::{Direction, Goalposts, Period, UnitCode};

/// The unit and period of one row of a working matrix.
///
/// ```
/// use thb_scoring::RowLabel;
/// use thb_model::Period;
/// let rows = RowLabel::for_units(&["AUT", "BEL"], Period::Year(2020))?;
/// assert_eq!(rows[1].unit.as_str(), "BEL");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RowLabel {
    /// The unit.
    pub unit: UnitCode,
    /// The period.
    pub period: Period,
}

impl RowLabel {
    /// Labels for `units`, all in `period`.
    ///
    /// # Errors
    /// [`thb_model::ModelError::InvalidCode`] (wrapped) when a unit code is malformed.
    pub fn for_units(units: &[&str], period: Period) -> crate::Result<Vec<RowLabel>> {
        units
            .iter()
            .map(|u| {
                Ok(RowLabel {
                    unit: UnitCode::new(*u)?,
                    period,
                })
            })
            .collect()
    }

    /// Labels `r1`, `r2`, ... in the year 2000, for kernels used outside a pipeline.
    ///
    /// ```
    /// use thb_scoring::RowLabel;
    /// assert_eq!(RowLabel::numbered(3)[2].unit.as_str(), "r3");
    /// ```
    pub fn numbered(n: usize) -> Vec<RowLabel> {
        (1..=n)
            .filter_map(|i| UnitCode::new(format!("r{i}")).ok())
            .map(|unit| RowLabel {
                unit,
                period: Period::Year(2000),
            })
            .collect()
    }
}

/// The context of one indicator column handed to a [`Normalise`](crate::Normalise) or
/// [`Treat`](crate::Treat) kernel.
///
/// Targets and goalposts are given on the indicator's original scale; kernels that orient the
/// data (multiply by the direction) flip them consistently.
///
/// ```
/// use thb_scoring::{IndicatorContext, RowLabel};
/// use thb_model::Direction;
/// let rows = RowLabel::numbered(4);
/// let ctx = IndicatorContext::new("CO2", &rows).direction(Direction::Negative).target(Some(1.5));
/// assert_eq!(ctx.unit(0), "r1");
/// ```
#[derive(Debug, Clone)]
pub struct IndicatorContext<'a> {
    /// The indicator's code (named in errors).
    pub code: &'a str,
    /// Higher is better (+1) or worse (-1).
    pub direction: Direction,
    /// Target value on the original scale (iMeta `Target`).
    pub target: Option<f64>,
    /// Goalposts on the original scale (iMeta `goalpost_*`).
    pub goalposts: Option<&'a Goalposts>,
    /// A label for every row of the column.
    pub rows: &'a [RowLabel],
    /// The rows of the period being scored (a reference unit is looked up there). Equal to
    /// every row unless the column stacks several periods.
    pub focus: Range<usize>,
}

impl<'a> IndicatorContext<'a> {
    /// A context with direction +1, no target, no goalposts, every row in focus.
    pub fn new(code: &'a str, rows: &'a [RowLabel]) -> Self {
        Self {
            code,
            direction: Direction::Positive,
            target: None,
            goalposts: None,
            rows,
            focus: 0..rows.len(),
        }
    }
    /// Sets the direction.
    #[must_use]
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }
    /// Sets the target.
    #[must_use]
    pub fn target(mut self, target: Option<f64>) -> Self {
        self.target = target;
        self
    }
    /// Sets the goalposts.
    #[must_use]
    pub fn goalposts(mut self, goalposts: Option<&'a Goalposts>) -> Self {
        self.goalposts = goalposts;
        self
    }
    /// Sets the rows of the period being scored.
    #[must_use]
    pub fn focus(mut self, focus: Range<usize>) -> Self {
        self.focus = focus;
        self
    }
    /// The unit code of `row` (empty when out of range).
    pub fn unit(&self, row: usize) -> &str {
        self.rows.get(row).map_or("", |r| r.unit.as_str())
    }
    /// The row of `unit` within the focus rows.
    pub fn row_of(&self, unit: &str) -> Option<usize> {
        self.focus
            .clone()
            .find(|&i| self.rows.get(i).is_some_and(|r| r.unit.as_str() == unit))
    }
}
