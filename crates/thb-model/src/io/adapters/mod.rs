//! Adapters for the public THB data sets in `../shared/data` (see its `PROVENANCE.md`), one
//! module per source. Each turns the source's own layout into a [`Dataset`](crate::Dataset)
//! through a small documented mapping, keeps missing values missing (never 0) and censored
//! counts censored, and reports every problem with file, line, column, unit and indicator.
//!
//! | module | file | units x periods | indicators |
//! |---|---|---|---|
//! | [`cho_3p`] | `cho_3p_index/cho_3p_index_tidy_2000_2013.csv` | 189 countries (ISO3) x 2000-2013 | 3P sub-scores and total, TIP tier, criminalisation |
//! | [`us_tip`] | `us_tip_tiers/map_tiers_1999_2015.csv` | 193 countries (ISO3) x 1999-2015 | TIP tier |
//! | [`glotip`] | `unodc_glotip/data_glotip_2023-05-30_europe.csv` | 45 units x 2003-2021 | counts chosen by a [`DimensionMap`](super::DimensionMap) |
//! | [`uk_nrm`] | `uk_nrm/*.csv` | `GBR` x quarters 2009-Q2 - 2023-Q4; NGOs x 2023-Q4 | referrals, RG/CG decisions, duty to notify, by age group |

pub mod cho_3p;
pub mod glotip;
pub mod uk_nrm;
pub mod us_tip;

use rust_decimal::Decimal;

use crate::observation::{CellError, Observation};

/// An upper-case code made of the letters and digits of `text`, other runs of characters
/// becoming one `_` (`"Barnardo's"` -> `BARNARDO_S`).
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Parses a cell that holds a number in `[lo, hi]` or nothing (not available).
pub(crate) fn bounded(text: &str, lo: i64, hi: i64) -> Result<Observation, String> {
    let obs = Observation::parse(text, "").map_err(CellError::reason)?;
    match obs.value() {
        Some(v) if v < Decimal::from(lo) || v > Decimal::from(hi) => {
            Err(format!("{v} is outside the range {lo} to {hi}"))
        }
        _ => Ok(obs),
    }
}

/// Parses a cell that holds a count (a whole number >= 0, thousands separators allowed), a
/// censored count `<K`, or nothing (not available).
pub(crate) fn count(text: &str) -> Result<Observation, String> {
    let obs = Observation::parse(text, "").map_err(|e| e.reason().to_owned())?;
    match obs.value() {
        Some(v) if v.is_sign_negative() || !v.fract().is_zero() => {
            Err("a count is a whole number >= 0".to_owned())
        }
        _ => Ok(obs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_bounds() {
        assert_eq!(slug("Barnardo's"), "BARNARDO_S");
        assert_eq!(
            slug(" Sexual, Labour & Domestic "),
            "SEXUAL_LABOUR_DOMESTIC"
        );
        assert!(bounded("6", 1, 5).is_err());
        assert!(bounded("", 1, 5).is_ok_and(|o| o.value().is_none()));
        assert!(bounded("x", 1, 5).is_err());
        assert!(count("1.5").is_err());
        assert!(count("-1").is_err());
        assert!(count("<5").is_ok_and(|o| o.value().is_none()));
        assert_eq!(
            count("1,516").ok().and_then(|o| o.value()),
            Some(Decimal::from(1516))
        );
    }
}
