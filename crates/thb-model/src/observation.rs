//! Observations: an exact decimal value or the reason there is none, plus Eurostat flags.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// The state of one cell of the panel.
///
/// ```
/// use thb_model::ObsStatus;
/// use rust_decimal::Decimal;
/// let censored = ObsStatus::Censored { lo: Decimal::ONE, hi: Decimal::from(4) };
/// assert!(censored.value().is_none());
/// assert!(!censored.is_value());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum ObsStatus {
    /// An exact value.
    Value(Decimal),
    /// No value (Eurostat `:`, COINr `NA`, an empty cell, or no row at all).
    #[default]
    NotAvailable,
    /// Withheld for confidentiality (Eurostat `c`).
    Confidential,
    /// A count known only to lie in `[lo, hi]` (UNODC `<5` is `[1, 4]`).
    Censored {
        /// Lowest possible value.
        lo: Decimal,
        /// Highest possible value.
        hi: Decimal,
    },
    /// The concept does not apply (Eurostat `z`).
    NotApplicable,
}

impl ObsStatus {
    /// The exact value, if there is one.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Self::Value(v) => Some(*v),
            _ => None,
        }
    }

    /// `true` when the cell holds an exact value.
    pub fn is_value(&self) -> bool {
        matches!(self, Self::Value(_))
    }
}

/// A Eurostat observation flag that qualifies a value (the status-like flags `:`, `c` and `z`
/// become an [`ObsStatus`] instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Flag {
    /// `b` break in time series.
    Break,
    /// `d` definition differs.
    DefinitionDiffers,
    /// `e` estimated.
    Estimated,
    /// `f` forecast.
    Forecast,
    /// `n` not significant.
    NotSignificant,
    /// `p` provisional.
    Provisional,
    /// `r` revised.
    Revised,
    /// `s` Eurostat estimate.
    EurostatEstimate,
    /// `u` low reliability.
    LowReliability,
}

impl Flag {
    /// Every flag, in letter order.
    pub const ALL: [Flag; 9] = [
        Flag::Break,
        Flag::DefinitionDiffers,
        Flag::Estimated,
        Flag::Forecast,
        Flag::NotSignificant,
        Flag::Provisional,
        Flag::Revised,
        Flag::EurostatEstimate,
        Flag::LowReliability,
    ];

    /// The Eurostat letter.
    pub fn letter(self) -> char {
        match self {
            Self::Break => 'b',
            Self::DefinitionDiffers => 'd',
            Self::Estimated => 'e',
            Self::Forecast => 'f',
            Self::NotSignificant => 'n',
            Self::Provisional => 'p',
            Self::Revised => 'r',
            Self::EurostatEstimate => 's',
            Self::LowReliability => 'u',
        }
    }

    /// The flag for a letter.
    pub fn from_letter(c: char) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.letter() == c)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of [`Flag`]s, written as their letters (`"ep"`).
///
/// ```
/// use thb_model::{Flag, Flags};
/// let f: Flags = "pe".parse()?;
/// assert!(f.contains(Flag::Estimated));
/// assert_eq!(f.to_string(), "ep");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Flags(u16);

impl Flags {
    /// No flag.
    pub const NONE: Flags = Flags(0);

    /// `true` when `flag` is set.
    pub fn contains(self, flag: Flag) -> bool {
        self.0 & flag.bit() != 0
    }

    /// Sets `flag`.
    pub fn insert(&mut self, flag: Flag) {
        self.0 |= flag.bit();
    }

    /// `true` when no flag is set.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The flags that are set.
    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

impl FromStr for Flags {
    type Err = crate::ModelError;
    fn from_str(s: &str) -> crate::Result<Self> {
        let mut flags = Flags::NONE;
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            let f = Flag::from_letter(c).ok_or_else(|| crate::ModelError::InvalidCode {
                what: "flag",
                code: s.to_owned(),
                reason: "flags are Eurostat letters b d e f n p r s u (`:`, `c`, `z` are statuses)",
            })?;
            flags.insert(f);
        }
        Ok(flags)
    }
}

impl TryFrom<String> for Flags {
    type Error = crate::ModelError;
    fn try_from(s: String) -> crate::Result<Self> {
        s.parse()
    }
}

impl From<Flags> for String {
    fn from(f: Flags) -> String {
        f.to_string()
    }
}

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for flag in self.iter() {
            write!(f, "{}", flag.letter())?;
        }
        Ok(())
    }
}

/// One cell: a status and its qualifying flags.
///
/// ```
/// use thb_model::{Flag, Observation};
/// let o = Observation::parse("<5", "")?;
/// assert!(o.value().is_none());
/// let o = Observation::parse("1,234.5", "p")?;
/// assert_eq!(o.value().map(|v| v.to_string()), Some("1234.5".into()));
/// assert!(o.flags.contains(Flag::Provisional));
/// let o = Observation::parse("", "c")?;
/// assert_eq!(o.status, thb_model::ObsStatus::Confidential);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Observation {
    /// The value or why there is none.
    pub status: ObsStatus,
    /// Qualifying flags.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Flags::is_empty")
    )]
    pub flags: Flags,
}

/// Why a cell's text was rejected by [`Observation::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.reason())]
#[non_exhaustive]
pub enum CellError {
    /// Not a decimal number.
    NotANumber,
    /// `NaN` or an infinity.
    NotFinite,
    /// Outside the range of an exact decimal (about ±7.9e28).
    OutOfRange,
    /// A `<K` censored count with K < 2.
    BadCensoring,
    /// An unknown flag letter.
    BadFlag,
}

impl CellError {
    /// A short explanation.
    pub fn reason(self) -> &'static str {
        match self {
            Self::NotANumber => "not a decimal number",
            Self::NotFinite => "NaN and infinities are not allowed",
            Self::OutOfRange => "outside the range of an exact decimal",
            Self::BadCensoring => "a censored count `<K` needs an integer K >= 2",
            Self::BadFlag => "unknown flag (Eurostat letters : b c d e f n p r s u z)",
        }
    }
}

/// Parses a decimal number written plainly (`-12.5`), with thousands separators (`1,234`), or in
/// scientific notation (`2.5e-05`). `NA`/empty are not numbers here.
///
/// # Errors
/// A [`CellError`] saying why the text is not an exact finite decimal.
pub fn parse_decimal(text: &str) -> Result<Decimal, CellError> {
    let t = text.trim();
    // Fast path for the common plain number (`-12.5`): digits, sign and point only.
    if !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        return exact_decimal(t);
    }
    let unsigned = t.trim_start_matches(['+', '-']);
    if ["nan", "inf", "infinity"]
        .iter()
        .any(|w| unsigned.eq_ignore_ascii_case(w))
    {
        return Err(CellError::NotFinite);
    }
    if t.is_empty() {
        return Err(CellError::NotANumber);
    }
    let plain: std::borrow::Cow<'_, str> = if t.contains(',') {
        // Thousands separators only: groups of three digits after each comma.
        let (int, frac) = t.split_once('.').map_or((t, None), |(a, b)| (a, Some(b)));
        let groups: Vec<&str> = int.trim_start_matches(['+', '-']).split(',').collect();
        if groups.iter().skip(1).any(|g| g.len() != 3)
            || groups[0].is_empty()
            || groups[0].len() > 3
        {
            return Err(CellError::NotANumber);
        }
        let mut s = int.replace(',', "");
        if let Some(f) = frac {
            s.push('.');
            s.push_str(f);
        }
        s.into()
    } else {
        t.into()
    };
    if !plain
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return Err(CellError::NotANumber);
    }
    if plain.contains(['e', 'E']) {
        return Decimal::from_scientific(&plain).map_err(|_| CellError::OutOfRange);
    }
    exact_decimal(&plain)
}

/// Parses digits with an optional sign and point exactly; more than 28 significant digits
/// (R's 17-digit doubles need up to 28 in decimal) are rounded like `Decimal::from_str`.
fn exact_decimal(plain: &str) -> Result<Decimal, CellError> {
    match Decimal::from_str_exact(plain) {
        Ok(d) => Ok(d),
        Err(_) => {
            if plain.chars().filter(|c| c.is_ascii_digit()).count() > 28 {
                Decimal::from_str(plain).map_err(|_| CellError::OutOfRange)
            } else {
                Err(CellError::NotANumber)
            }
        }
    }
}

impl Observation {
    /// An exact value with no flags.
    pub fn value_of(v: Decimal) -> Self {
        Self {
            status: ObsStatus::Value(v),
            flags: Flags::NONE,
        }
    }

    /// A missing value.
    pub fn missing() -> Self {
        Self::default()
    }

    /// The exact value, if any.
    pub fn value(&self) -> Option<Decimal> {
        self.status.value()
    }

    /// Reads a cell and its flag column. The value may be empty/`NA`/`:` (not available), `<K`
    /// (censored count in [1, K-1]) or a number; the flag holds Eurostat letters, where `:`
    /// means not available, `c` confidential and `z` not applicable.
    ///
    /// # Errors
    /// A [`CellError`] when the value is not a finite decimal or a flag letter is unknown.
    pub fn parse(value: &str, flag: &str) -> Result<Self, CellError> {
        let v = value.trim();
        let mut flags = Flags::NONE;
        let mut status_flag = None;
        for c in flag.chars().filter(|c| !c.is_whitespace()) {
            match c {
                ':' => status_flag = status_flag.or(Some(ObsStatus::NotAvailable)),
                'c' => status_flag = Some(ObsStatus::Confidential),
                'z' => status_flag = Some(ObsStatus::NotApplicable),
                other => flags.insert(Flag::from_letter(other).ok_or(CellError::BadFlag)?),
            }
        }
        let status = if v.is_empty() || v == "NA" || v == ":" || v == ".." {
            status_flag.unwrap_or(ObsStatus::NotAvailable)
        } else if let Some(k) = v.strip_prefix('<') {
            let k = parse_decimal(k).map_err(|_| CellError::BadCensoring)?;
            if k.fract() != Decimal::ZERO || k < Decimal::TWO {
                return Err(CellError::BadCensoring);
            }
            ObsStatus::Censored {
                lo: Decimal::ONE,
                hi: k - Decimal::ONE,
            }
        } else {
            match status_flag {
                // A value with `c` or `z` is still withheld / not applicable.
                Some(s @ (ObsStatus::Confidential | ObsStatus::NotApplicable)) => s,
                _ => ObsStatus::Value(parse_decimal(v)?),
            }
        };
        Ok(Self { status, flags })
    }

    /// The cell as text (the inverse of [`Observation::parse`] for the value column):
    /// the number, `<K` for a censored count starting at 1, empty otherwise.
    pub fn value_text(&self) -> String {
        match &self.status {
            ObsStatus::Value(v) => v.normalize().to_string(),
            ObsStatus::Censored { lo, hi } if *lo == Decimal::ONE => {
                format!("<{}", hi + Decimal::ONE)
            }
            _ => String::new(),
        }
    }

    /// The flag column text (the inverse of [`Observation::parse`] for the flag column).
    pub fn flag_text(&self) -> String {
        let status = match self.status {
            ObsStatus::Confidential => "c",
            ObsStatus::NotApplicable => "z",
            _ => "",
        };
        format!("{status}{}", self.flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(
            parse_decimal("1,234,567.5").ok(),
            Decimal::from_str("1234567.5").ok()
        );
        assert_eq!(
            parse_decimal("2.5988683252457222e-05")
                .map(|d| d.to_string())
                .ok(),
            Some("0.000025988683252457222".into())
        );
        assert_eq!(parse_decimal("NaN"), Err(CellError::NotFinite));
        assert_eq!(parse_decimal("-inf"), Err(CellError::NotFinite));
        assert_eq!(parse_decimal("12,34"), Err(CellError::NotANumber));
        assert_eq!(parse_decimal("abc"), Err(CellError::NotANumber));
        assert_eq!(parse_decimal("1e99"), Err(CellError::OutOfRange));
        assert!(parse_decimal("3.7933849999999998").is_ok());
    }

    #[test]
    fn censored_and_flags_round_trip() {
        for (v, f) in [("<5", ""), ("12.5", "ep"), ("", "c"), ("", "z"), ("", "")] {
            let o = Observation::parse(v, f).unwrap();
            let back = Observation::parse(&o.value_text(), &o.flag_text()).unwrap();
            assert_eq!(o, back, "{v} {f}");
        }
        assert_eq!(Observation::parse("<1", ""), Err(CellError::BadCensoring));
        assert_eq!(Observation::parse("1", "x"), Err(CellError::BadFlag));
    }
}
