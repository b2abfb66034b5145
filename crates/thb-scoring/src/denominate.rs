//! Denomination: divide an indicator by a size column (population, GDP, area) named in iMeta.

use crate::context::IndicatorContext;
use crate::error::{Result, ScoringError};
use crate::normalise::check_len;

/// Divides `x` by `denominator` in place. A missing value or denominator gives a missing
/// result; a zero denominator under a present value is an error naming indicator and unit.
///
/// ```
/// use thb_scoring::{denominate::denominate, IndicatorContext, RowLabel};
/// let rows = RowLabel::numbered(3);
/// let mut x = [10.0, f64::NAN, 6.0];
/// denominate(&mut x, &[2.0, 5.0, f64::NAN], &IndicatorContext::new("Flights", &rows))?;
/// assert_eq!(x[0], 5.0);
/// assert!(x[1].is_nan() && x[2].is_nan());
/// assert!(denominate(&mut [1.0, 1.0, 1.0], &[1.0, 0.0, 1.0], &IndicatorContext::new("Flights", &rows)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ScoringError::NotApplicable`] for a zero denominator; [`ScoringError::Shape`] when the
/// lengths differ.
pub fn denominate(x: &mut [f64], denominator: &[f64], ctx: &IndicatorContext<'_>) -> Result<()> {
    check_len(denominator, x)?;
    for (i, (v, d)) in x.iter_mut().zip(denominator).enumerate() {
        if v.is_nan() {
            continue;
        }
        if *d == 0.0 {
            return Err(ScoringError::NotApplicable {
                method: "denominate",
                node: ctx.code.to_owned(),
                unit: Some(ctx.unit(i).to_owned()),
                reason: "the denominator is 0".to_owned(),
            });
        }
        *v /= d;
    }
    Ok(())
}
