//! Growth measures shared by progress assessment, trends and results frameworks.
//!
//! Source: the compound annual growth rate of the Eurostat SDG progress method
//! (`monitoring-methods.md` §1; Statistics Canada / `open-sdg` `docs/progress-methodology.md`):
//!
//! ```text
//! CAGR = (y_t / y_t0)^(1 / (t - t0)) - 1
//! ```
//!
//! A rate needs a non-zero base and two values of the same sign; anything else is
//! [`Unassessable`], never a `NaN`.

use thb_model::Direction;

/// Why a growth rate cannot be computed. The reason text is what `thb progress` writes in its
/// `note` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Unassessable {
    /// The base value is 0: no ratio to it exists.
    ZeroBase,
    /// The base and the later value have opposite signs.
    MixedSigns,
    /// The target has the opposite sign to the base value.
    TargetOppositeSign,
    /// The target period is not after the base period.
    TargetPeriodNotAfterBase,
    /// The target is so close to the base value that the required rate is 0.
    TargetEqualsBase,
    /// The time span is not positive.
    NoTimeSpan,
    /// A value is not finite.
    NotFinite,
    /// The rate overflows (a huge ratio over a short span).
    Overflow,
}

impl Unassessable {
    /// A short explanation, as written in the `note` column.
    ///
    /// ```
    /// use thb_monitor::growth::Unassessable;
    /// assert_eq!(Unassessable::ZeroBase.reason(), "zero base value");
    /// ```
    pub fn reason(self) -> &'static str {
        match self {
            Self::ZeroBase => "zero base value",
            Self::MixedSigns => "base and latest values have opposite signs",
            Self::TargetOppositeSign => "target has the opposite sign to the base value",
            Self::TargetPeriodNotAfterBase => "target period is not after the base period",
            Self::TargetEqualsBase => "target equals the base value, so no rate is required",
            Self::NoTimeSpan => "the time span is not positive",
            Self::NotFinite => "a value is not finite",
            Self::Overflow => "the growth rate overflows",
        }
    }
}

impl std::fmt::Display for Unassessable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for Unassessable {}

/// Compound annual growth rate from `y0` to `y1` over `years`:
/// `(y1 / y0)^(1 / years) - 1` (Eurostat SDG method, `monitoring-methods.md` §1).
///
/// Negative values are allowed when both share a sign; the rate then describes the magnitude
/// (see [`oriented_growth`]). `y1 = 0` gives `-1` (a fall to zero).
///
/// ```
/// use thb_monitor::growth::{cagr, Unassessable};
/// let g = cagr(100.0, 121.0, 2.0)?;
/// assert!((g - 0.1).abs() < 1e-12);
/// assert_eq!(cagr(0.0, 5.0, 2.0), Err(Unassessable::ZeroBase));
/// assert_eq!(cagr(-1.0, 5.0, 2.0), Err(Unassessable::MixedSigns));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Unassessable`] for a zero base, values of opposite signs, a span `<= 0`, a non-finite
/// input or an overflowing rate.
pub fn cagr(y0: f64, y1: f64, years: f64) -> Result<f64, Unassessable> {
    if !(y0.is_finite() && y1.is_finite() && years.is_finite()) {
        return Err(Unassessable::NotFinite);
    }
    if years <= 0.0 {
        return Err(Unassessable::NoTimeSpan);
    }
    if y0 == 0.0 {
        return Err(Unassessable::ZeroBase);
    }
    if y1 != 0.0 && y0.is_sign_negative() != y1.is_sign_negative() {
        return Err(Unassessable::MixedSigns);
    }
    let g = (y1 / y0).powf(1.0 / years) - 1.0;
    if g.is_finite() {
        Ok(g)
    } else {
        Err(Unassessable::Overflow)
    }
}

/// The growth rate judged in the indicator's direction: `d · sign(y0) · rate`, positive when
/// the value moves the desired way. `sign(y0)` matters for negative series, where a positive
/// rate (growing magnitude) means a falling value.
///
/// ```
/// use thb_model::Direction;
/// use thb_monitor::growth::oriented_growth;
/// assert_eq!(oriented_growth(0.02, 10.0, Direction::Negative), -0.02);
/// assert_eq!(oriented_growth(0.02, -10.0, Direction::Negative), 0.02);
/// ```
pub fn oriented_growth(rate: f64, y0: f64, direction: Direction) -> f64 {
    let base_sign = if y0.is_sign_negative() { -1.0 } else { 1.0 };
    direction.sign() * base_sign * rate
}

/// Percentage change `(y1 - y0) / y0` as a fraction (COINr `get_trends(f_trend = "prc_change")`,
/// `monitoring-methods.md` §5).
///
/// ```
/// use thb_monitor::growth::percent_change;
/// assert_eq!(percent_change(80.0, 100.0)?, 0.25);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Unassessable::ZeroBase`] for `y0 = 0`; [`Unassessable::NotFinite`] for a non-finite input.
pub fn percent_change(y0: f64, y1: f64) -> Result<f64, Unassessable> {
    if !(y0.is_finite() && y1.is_finite()) {
        return Err(Unassessable::NotFinite);
    }
    if y0 == 0.0 {
        return Err(Unassessable::ZeroBase);
    }
    Ok((y1 - y0) / y0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn cagr_by_hand() {
        // 50 -> 40 over 4 years: 0.8^(1/4) - 1
        assert_relative_eq!(
            cagr(50.0, 40.0, 4.0).unwrap(),
            0.8f64.powf(0.25) - 1.0,
            max_relative = 1e-12
        );
        // negative series: -2 -> -4 over 1 year: magnitude doubles
        assert_relative_eq!(cagr(-2.0, -4.0, 1.0).unwrap(), 1.0);
        assert_relative_eq!(cagr(5.0, 0.0, 2.0).unwrap(), -1.0);
        assert_relative_eq!(cagr(-5.0, 0.0, 2.0).unwrap(), -1.0);
        assert_eq!(cagr(1.0, 2.0, 0.0), Err(Unassessable::NoTimeSpan));
        assert_eq!(cagr(f64::NAN, 2.0, 1.0), Err(Unassessable::NotFinite));
        assert_eq!(cagr(1e-300, 1e300, 0.25), Err(Unassessable::Overflow));
    }

    #[test]
    fn orientation() {
        // -2 -> -4 grows in magnitude: the value falls, progress for a direction -1 indicator.
        let g = cagr(-2.0, -4.0, 1.0).unwrap();
        assert!(oriented_growth(g, -2.0, Direction::Negative) > 0.0);
        assert!(oriented_growth(g, -2.0, Direction::Positive) < 0.0);
    }
}
