//! Identifiers that parse: node and indicator codes, unit codes and periods.

use std::fmt;
use std::str::FromStr;

use crate::error::{ModelError, Result};

fn check_code(what: &'static str, text: &str) -> Result<()> {
    let invalid = |reason| ModelError::InvalidCode {
        what,
        code: text.to_owned(),
        reason,
    };
    if text.is_empty() {
        return Err(invalid("it is empty"));
    }
    if text.len() > 64 {
        return Err(invalid("it is longer than 64 characters"));
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err(invalid(
            "only ASCII letters, digits, `_`, `.` and `-` are allowed (no spaces)",
        ));
    }
    Ok(())
}

macro_rules! code_newtype {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
        pub struct $name(String);

        impl $name {
            /// Parses and validates a code.
            ///
            /// # Errors
            /// [`ModelError::InvalidCode`] when the text is empty, too long or has a character
            /// other than ASCII letters, digits, `_`, `.` and `-`.
            pub fn new(text: impl Into<String>) -> Result<Self> {
                let text = text.into();
                check_code($what, &text)?;
                Ok(Self(text))
            }

            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = ModelError;
            fn from_str(s: &str) -> Result<Self> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ModelError;
            fn try_from(s: String) -> Result<Self> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

code_newtype!(
    /// The code of a framework node: an indicator, an aggregate (pillar, sub-index, index), a
    /// group column or a denominator column. ASCII letters, digits, `_`, `.`, `-`.
    ///
    /// ```
    /// use thb_model::Code;
    /// let c: Code = "PV01".parse()?;
    /// assert_eq!(c.as_str(), "PV01");
    /// assert!("has space".parse::<Code>().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Code,
    "node"
);

code_newtype!(
    /// The code of a unit (usually a country). Any code of letters, digits, `_`, `.`, `-` is
    /// accepted; [`UnitCode::kind`] tells ISO 3166-1 alpha-2 / alpha-3 codes, Eurostat's own
    /// codes (`EL`, `UK`) and aggregates (`EU27_2020`) apart from free codes.
    ///
    /// ```
    /// use thb_model::{UnitCode, UnitKind};
    /// assert_eq!("DEU".parse::<UnitCode>()?.kind(), UnitKind::Iso3);
    /// assert_eq!("EL".parse::<UnitCode>()?.kind(), UnitKind::Iso2);
    /// assert_eq!("EU27_2020".parse::<UnitCode>()?.kind(), UnitKind::Aggregate);
    /// assert_eq!("UKI-London".parse::<UnitCode>()?.kind(), UnitKind::Custom);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    UnitCode,
    "unit"
);

/// What kind of unit a [`UnitCode`] names, judged from its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnitKind {
    /// Two upper-case letters: ISO 3166-1 alpha-2, including Eurostat's `EL` (Greece) and `UK`.
    Iso2,
    /// Three upper-case letters: ISO 3166-1 alpha-3 (also COW-style alphabetic codes).
    Iso3,
    /// A Eurostat aggregate such as `EU27_2020`, `EU28`, `EA19`, `EFTA`.
    Aggregate,
    /// Any other code (sub-national units, custom groupings).
    Custom,
}

impl UnitCode {
    /// Classifies the code by its form.
    ///
    /// ```
    /// use thb_model::{UnitCode, UnitKind};
    /// assert_eq!(UnitCode::new("EA19")?.kind(), UnitKind::Aggregate);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> UnitKind {
        let s = self.as_str();
        let upper = |s: &str| s.chars().all(|c| c.is_ascii_uppercase());
        match s.len() {
            2 if upper(s) => UnitKind::Iso2,
            3 if upper(s) && s != "EU" => UnitKind::Iso3,
            _ if ["EU", "EA", "EFTA", "EEA"].iter().any(|p| {
                s.starts_with(p) && s[p.len()..].chars().all(|c| c.is_ascii_digit() || c == '_')
            }) =>
            {
                UnitKind::Aggregate
            }
            _ => UnitKind::Custom,
        }
    }
}

/// A time period: a year, or a quarter of a year (for quarterly series such as the UK NRM).
///
/// Periods order chronologically; a year sorts before its quarters. Parsed from `2021`,
/// `2021-Q3`, `2021Q3` or `2021 Q3`.
///
/// ```
/// use thb_model::Period;
/// let y: Period = "2021".parse()?;
/// let q: Period = "2021-Q3".parse()?;
/// assert_eq!(y, Period::Year(2021));
/// assert_eq!(q, Period::Quarter { year: 2021, quarter: 3 });
/// assert!(y < q);
/// assert_eq!(q.to_string(), "2021-Q3");
/// assert_eq!(y.years_to(Period::Year(2024)), 3.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// A quarter (1 to 4) of a calendar year.
    Quarter {
        /// The year.
        year: i32,
        /// The quarter, 1 to 4.
        quarter: u8,
    },
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Period {
    fn sort_key(self) -> (i32, u8) {
        match self {
            Self::Year(y) => (y, 0),
            Self::Quarter { year, quarter } => (year, quarter),
        }
    }

    /// The year the period falls in.
    pub fn year(self) -> i32 {
        match self {
            Self::Year(y) | Self::Quarter { year: y, .. } => y,
        }
    }

    /// The period as a fractional year: `2021` is 2021.0, `2021-Q3` is 2021.5.
    pub fn as_years(self) -> f64 {
        match self {
            Self::Year(y) => f64::from(y),
            Self::Quarter { year, quarter } => f64::from(year) + f64::from(quarter - 1) / 4.0,
        }
    }

    /// Years from `self` to `later` (negative when `later` is earlier).
    pub fn years_to(self, later: Period) -> f64 {
        later.as_years() - self.as_years()
    }
}

impl FromStr for Period {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || ModelError::InvalidPeriod { text: s.to_owned() };
        let t = s.trim();
        let t = t.strip_suffix(".0").unwrap_or(t);
        if let Ok(y) = t.parse::<i32>() {
            if (1000..=9999).contains(&y) {
                return Ok(Self::Year(y));
            }
            return Err(bad());
        }
        let upper = t.to_ascii_uppercase();
        let (year, quarter) = upper.split_once('Q').ok_or_else(bad)?;
        let year = year.trim_end_matches(['-', ' ', '_']);
        let year: i32 = year.parse().map_err(|_| bad())?;
        let quarter: u8 = quarter.trim().parse().map_err(|_| bad())?;
        if !(1000..=9999).contains(&year) || !(1..=4).contains(&quarter) {
            return Err(bad());
        }
        Ok(Self::Quarter { year, quarter })
    }
}

impl TryFrom<String> for Period {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y}"),
            Self::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_reject_spaces_and_empty() {
        assert!(Code::new("").is_err());
        assert!(Code::new("a b").is_err());
        assert!(Code::new("é").is_err());
        assert!(Code::new("Conn.2-x_y").is_ok());
    }

    #[test]
    fn unit_kinds() {
        assert_eq!(
            UnitCode::new("EU27_2020").map(|u| u.kind()).ok(),
            Some(UnitKind::Aggregate)
        );
        assert_eq!(
            UnitCode::new("EU").map(|u| u.kind()).ok(),
            Some(UnitKind::Iso2)
        );
        assert_eq!(
            UnitCode::new("abc").map(|u| u.kind()).ok(),
            Some(UnitKind::Custom)
        );
    }

    #[test]
    fn periods_parse_and_order() {
        for (s, p) in [
            ("2020", Period::Year(2020)),
            ("2020.0", Period::Year(2020)),
            (
                "2020Q1",
                Period::Quarter {
                    year: 2020,
                    quarter: 1,
                },
            ),
            (
                "2020 Q4",
                Period::Quarter {
                    year: 2020,
                    quarter: 4,
                },
            ),
            (
                "2020-q2",
                Period::Quarter {
                    year: 2020,
                    quarter: 2,
                },
            ),
        ] {
            assert_eq!(s.parse::<Period>().ok(), Some(p), "{s}");
        }
        for s in ["", "20", "2020-Q5", "Q1", "year", "2020-Q0"] {
            assert!(s.parse::<Period>().is_err(), "{s}");
        }
        assert!(
            Period::Year(2020)
                < Period::Quarter {
                    year: 2020,
                    quarter: 1
                }
        );
        assert!(
            Period::Quarter {
                year: 2020,
                quarter: 4
            } < Period::Year(2021)
        );
    }
}
