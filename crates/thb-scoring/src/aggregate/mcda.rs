//! Multi-criteria methods (TOPSIS, VIKOR, PROMETHEE II, ...) as the aggregation of an index
//! level.
//!
//! The children arrive oriented ("higher is better" after normalisation), so every column is a
//! benefit criterion and no cost column is flipped a second time (`interfaces.md`, "More
//! conventions"). The methods compare units with each other, so every unit with a score must
//! have every child: a missing child is a typed error naming the aggregate, the child and the
//! unit (impute first, or drop the child). A unit with no child at all stays missing. Methods
//! where lower is better (VIKOR's Q, SPOTIS, MULTIMOORA) give their oriented score (negated), so
//! that a higher aggregate is always better and ranks follow.

use thb_model::{Direction, Matrix};

use super::{Aggregate, AggregateContext, Children, Scratch, check_shapes};
use crate::mcda::{DecisionMatrix, Evaluate, McdaMethod};
use crate::{Result, ScoringError};

impl Aggregate for McdaMethod {
    fn aggregate(
        &self,
        x: &Children<'_>,
        w: &[f64],
        ctx: &AggregateContext<'_>,
        out: &mut [f64],
        _s: &mut Scratch,
    ) -> Result<()> {
        check_shapes(x, w, out)?;
        let scored: Vec<usize> = (0..x.nrows())
            .filter(|&i| x.present(i, w).next().is_some())
            .collect();
        for &i in &scored {
            if let Some(k) = (0..x.len()).find(|&k| w[k] > 0.0 && x.value(i, k).is_nan()) {
                return Err(ScoringError::NotApplicable {
                    method: self.name(),
                    node: ctx.node.to_owned(),
                    unit: Some(ctx.unit(i).to_owned()),
                    reason: format!(
                        "child `{}` is missing; a multi-criteria method compares complete rows (impute first)",
                        ctx.child(k)
                    ),
                });
            }
        }
        let columns: Vec<Vec<f64>> = (0..x.len())
            .map(|k| scored.iter().map(|&i| x.value(i, k)).collect())
            .collect();
        let m = Matrix::from_columns(scored.len(), columns)?;
        let dm = DecisionMatrix::new(&m, &vec![Direction::Positive; x.len()])?;
        let scores = self.evaluate(&dm, w)?.oriented_scores();
        out.fill(f64::NAN);
        for (&i, s) in scored.iter().zip(scores) {
            out[i] = s;
        }
        Ok(())
    }

    fn name(&self) -> &'static str {
        McdaMethod::name(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RowLabel;
    use crate::mcda::Topsis;

    #[test]
    fn topsis_as_an_aggregation_ranks_like_the_standalone_method() {
        let table = [1.0, 5.0, 3.0, /* second child */ 2.0, 4.0, 9.0];
        let x = Children::new(&table, 3, &[0, 1]).unwrap();
        let rows = RowLabel::numbered(3);
        let mut out = [0.0; 3];
        let method = McdaMethod::Topsis(Topsis::default());
        method
            .aggregate(
                &x,
                &[0.5, 0.5],
                &AggregateContext::new("P", &rows),
                &mut out,
                &mut Scratch::default(),
            )
            .unwrap();
        let m = Matrix::from_columns(3, vec![vec![1.0, 5.0, 3.0], vec![2.0, 4.0, 9.0]]).unwrap();
        let dm = DecisionMatrix::new(&m, &[Direction::Positive; 2]).unwrap();
        assert_eq!(
            out.to_vec(),
            method.evaluate(&dm, &[0.5, 0.5]).unwrap().oriented_scores()
        );
    }

    #[test]
    fn a_missing_child_is_an_error_naming_unit_and_child() {
        let table = [1.0, f64::NAN, 3.0, 2.0, 4.0, 9.0];
        let x = Children::new(&table, 3, &[0, 1]).unwrap();
        let rows = RowLabel::for_units(&["AT", "BE", "CY"], thb_model::Period::Year(2020)).unwrap();
        let mut out = [0.0; 3];
        let err = McdaMethod::Topsis(Topsis::default())
            .aggregate(
                &x,
                &[0.5, 0.5],
                &AggregateContext::new("P", &rows),
                &mut out,
                &mut Scratch::default(),
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`P`") && err.contains("`BE`") && err.contains("#1"),
            "{err}"
        );
    }
}
