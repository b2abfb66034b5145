//! Dimension-to-indicator mappings: which combination of dimension values (SDMX `sex`, `age`,
//! `leg_stat`...; UNODC `Indicator`, `Dimension`, `Sex`, `Age`...) becomes which indicator code.
//!
//! See [`DimensionMap`] for the matching rules and the JSON form.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
#[cfg(feature = "serde")]
use std::path::Path;

use crate::error::{Location, Result};
use crate::id::Code;
use crate::validate::{Issue, IssueKind, IssueList, finish};

/// One rule of a [`DimensionMap`]: rows whose columns hold all of `when` become observations
/// of `indicator`.
///
/// ```
/// use thb_model::io::MappingRule;
/// let rule = MappingRule::new("VIC_F", &[("sex", "F"), ("leg_stat", "VICT")])?.name("Female victims");
/// assert_eq!(rule.when["sex"], "F");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct MappingRule {
    /// The indicator code the matching rows become.
    pub indicator: Code,
    /// A display name for the indicator (documentation only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub name: Option<String>,
    /// Column name -> the value it must hold.
    pub when: BTreeMap<String, String>,
}

impl MappingRule {
    /// A rule mapping rows with all of `when` (column, value) to `indicator`.
    ///
    /// ```
    /// let rule = thb_model::io::MappingRule::new("VIC_M", &[("sex", "M")])?;
    /// assert_eq!(rule.indicator.as_str(), "VIC_M");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ModelError::InvalidCode`] when `indicator` is not a valid code.
    pub fn new(indicator: &str, when: &[(&str, &str)]) -> Result<Self> {
        Ok(Self {
            indicator: Code::new(indicator)?,
            name: None,
            when: when
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        })
    }

    /// Sets the display name.
    ///
    /// ```
    /// let rule = thb_model::io::MappingRule::new("VIC_M", &[("sex", "M")])?.name("Male victims");
    /// assert_eq!(rule.name.as_deref(), Some("Male victims"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// A validated set of [`MappingRule`]s: which combination of dimension values becomes which
/// indicator code.
///
/// A row becomes an observation of a rule's `indicator` when each column the rule names holds
/// the given value (compared after trimming; for SDMX-CSV with labels, `F:Females` compares as
/// `F`). Rows that match no rule are skipped; a row matching two rules is an error naming both.
/// With no rules at all ([`DimensionMap::series_key`]) the indicator code is the row's series
/// key: its dimension values joined by `.` (e.g. `NR.F.VICT`).
///
/// JSON form (`"schema": 1`; unknown fields are errors), read with
/// `DimensionMap::from_json_str` or `DimensionMap::read_json` (feature `serde`):
///
/// ```json
/// {
///   "schema": 1,
///   "rules": [
///     {"indicator": "VIC_F", "name": "Registered female victims",
///      "when": {"leg_stat": "VICT", "sex": "F", "unit": "NR"}},
///     {"indicator": "VIC_M", "when": {"leg_stat": "VICT", "sex": "M", "unit": "NR"}}
///   ]
/// }
/// ```
///
/// ```
/// use thb_model::io::{DimensionMap, MappingRule};
/// let map = DimensionMap::new(vec![
///     MappingRule::new("VIC_F", &[("sex", "F")])?,
///     MappingRule::new("VIC_M", &[("sex", "M")])?,
/// ])?;
/// assert_eq!(map.rules().len(), 2);
/// assert!(DimensionMap::new(vec![
///     MappingRule::new("A", &[("sex", "F")])?,
///     MappingRule::new("B", &[("sex", "F")])?,
/// ]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawDimensionMap", into = "RawDimensionMap")
)]
pub struct DimensionMap {
    rules: Vec<MappingRule>,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimensionMap {
    schema: u32,
    rules: Vec<MappingRule>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawDimensionMap> for DimensionMap {
    type Error = crate::ModelError;
    fn try_from(raw: RawDimensionMap) -> Result<Self> {
        Self::new(raw.rules)
    }
}

#[cfg(feature = "serde")]
impl From<DimensionMap> for RawDimensionMap {
    fn from(map: DimensionMap) -> Self {
        Self {
            schema: crate::SCHEMA_VERSION,
            rules: map.rules,
        }
    }
}

impl DimensionMap {
    /// Validates the rules: column names not empty, no two rules with the same conditions, and
    /// no rule without conditions unless it is the only one.
    ///
    /// ```
    /// use thb_model::io::{DimensionMap, MappingRule};
    /// let map = DimensionMap::new(vec![MappingRule::new("VIC_F", &[("sex", "F")])?])?;
    /// assert!(!map.is_series_key());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ModelError::Invalid`] listing every problem.
    pub fn new(rules: Vec<MappingRule>) -> Result<Self> {
        let mut issues = Vec::new();
        let mut seen: BTreeMap<&BTreeMap<String, String>, &Code> = BTreeMap::new();
        for (i, rule) in rules.iter().enumerate() {
            let at = Location::memory().column(format!("rules[{i}]"));
            if rule.when.keys().any(|k| k.trim().is_empty()) {
                issues.push(
                    Issue::new(IssueKind::BadValue, "a condition names an empty column")
                        .at(at.clone())
                        .indicator(rule.indicator.as_str()),
                );
            }
            if rule.when.is_empty() && rules.len() > 1 {
                issues.push(
                    Issue::new(
                        IssueKind::BadValue,
                        "a rule without conditions matches every row, so it cannot share the map with other rules",
                    )
                    .at(at.clone())
                    .indicator(rule.indicator.as_str()),
                );
            }
            if let Some(first) = seen.insert(&rule.when, &rule.indicator) {
                issues.push(
                    Issue::new(
                        IssueKind::Duplicate,
                        format!("the same conditions already map to `{first}`"),
                    )
                    .at(at)
                    .indicator(rule.indicator.as_str()),
                );
            }
        }
        finish(Self { rules }, issues)
    }

    /// The map with no rules: every row's indicator code is its series key (its dimension
    /// values joined by `.`).
    ///
    /// ```
    /// assert!(thb_model::io::DimensionMap::series_key().is_series_key());
    /// ```
    pub fn series_key() -> Self {
        Self::default()
    }

    /// `true` for the map with no rules (indicator code = series key).
    ///
    /// ```
    /// assert!(thb_model::io::DimensionMap::default().is_series_key());
    /// ```
    pub fn is_series_key(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules, in the given order.
    ///
    /// ```
    /// use thb_model::io::{DimensionMap, MappingRule};
    /// let map = DimensionMap::new(vec![MappingRule::new("VIC_F", &[("sex", "F")])?])?;
    /// assert_eq!(map.rules()[0].when["sex"], "F");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rules(&self) -> &[MappingRule] {
        &self.rules
    }

    /// Reads the JSON form from text; `origin` names the source in messages.
    ///
    /// ```
    /// use thb_model::{io::DimensionMap, Location};
    /// let map = DimensionMap::from_json_str(
    ///     r#"{"schema": 1, "rules": [{"indicator": "VIC_F", "when": {"sex": "F"}}]}"#,
    ///     Location::memory(),
    /// )?;
    /// assert_eq!(map.rules()[0].indicator.as_str(), "VIC_F");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ModelError::Json`] with line and column when the text is not valid JSON of
    /// this form (unknown fields included, or a `schema` other than 1);
    /// [`crate::ModelError::Invalid`] when the rules break a rule of [`DimensionMap::new`].
    #[cfg(feature = "serde")]
    pub fn from_json_str(text: &str, origin: Location) -> Result<Self> {
        let raw: RawDimensionMap = super::json::from_json(text, &origin, "dimension map")?;
        Self::new(raw.rules).map_err(|e| super::json::locate_invalid(e, &origin))
    }

    /// Reads the JSON form from a file.
    ///
    /// ```no_run
    /// let map = thb_model::io::DimensionMap::read_json("mapping.json")?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ModelError::Io`] when the file cannot be read; otherwise as
    /// [`DimensionMap::from_json_str`].
    #[cfg(feature = "serde")]
    pub fn read_json(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        Self::from_json_str(&super::csv_util::read_text(path)?, Location::file(path))
    }

    /// The JSON form (pretty-printed).
    ///
    /// ```
    /// use thb_model::{io::{DimensionMap, MappingRule}, Location};
    /// let map = DimensionMap::new(vec![MappingRule::new("VIC_F", &[("sex", "F")])?])?;
    /// let json = map.to_json()?;
    /// assert_eq!(DimensionMap::from_json_str(&json, Location::memory())?, map);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ModelError::Json`] if serialisation fails (it does not for valid maps).
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| crate::ModelError::Json {
            at: Location::memory(),
            message: e.to_string(),
        })
    }

    /// Resolves the rules against a header. `dimensions` are the columns that make the series
    /// key when there are no rules.
    pub(crate) fn compile(
        &self,
        header: &[String],
        dimensions: Vec<usize>,
        at: &Location,
    ) -> std::result::Result<Compiled, Vec<Issue>> {
        if self.rules.is_empty() {
            return Ok(Compiled::SeriesKey(dimensions));
        }
        let mut issues = Vec::new();
        let mut missing = BTreeSet::new();
        let mut rules = Vec::with_capacity(self.rules.len());
        for rule in &self.rules {
            let mut conditions = Vec::with_capacity(rule.when.len());
            for (column, value) in &rule.when {
                match header.iter().position(|h| h == column) {
                    Some(i) => conditions.push((i, value.trim().to_owned())),
                    None => {
                        missing.insert(column.as_str());
                    }
                }
            }
            rules.push((rule.indicator.clone(), conditions));
        }
        for column in missing {
            issues.push(
                Issue::new(
                    IssueKind::Layout,
                    format!("the mapping names column `{column}`, which the file does not have"),
                )
                .at(at.clone()),
            );
        }
        if issues.is_empty() {
            Ok(Compiled::Rules(rules))
        } else {
            Err(issues)
        }
    }
}

/// A [`DimensionMap`] resolved against a file's header.
#[derive(Debug)]
pub(crate) enum Compiled {
    /// (indicator, [(column, value)]) per rule.
    Rules(Vec<(Code, Vec<(usize, String)>)>),
    /// The columns whose values make the series key.
    SeriesKey(Vec<usize>),
}

/// What a row maps to.
#[derive(Debug, PartialEq, Eq)]
enum Resolved<'a> {
    /// No rule matches: the row is not part of the mapped data.
    Skip,
    /// The indicator code.
    Indicator(Cow<'a, str>),
    /// Several rules match (their indicator codes).
    Ambiguous(Vec<&'a str>),
}

impl Compiled {
    /// The indicator code of a row, `None` when no rule maps it. A row several rules match is
    /// a problem recorded in `issues` at `at()`, and gets `None` too.
    pub(crate) fn indicator<'a, 'r>(
        &'a self,
        cell: impl Fn(usize) -> &'r str,
        issues: &mut IssueList,
        at: impl FnOnce() -> Location,
    ) -> Option<Cow<'a, str>> {
        match self.resolve(cell) {
            Resolved::Skip => None,
            Resolved::Indicator(code) => Some(code),
            Resolved::Ambiguous(codes) => {
                issues.push_with(|| {
                    let message = format!(
                        "the row matches several mapping rules: {}",
                        codes.join(", ")
                    );
                    Issue::new(IssueKind::Duplicate, message).at(at())
                });
                None
            }
        }
    }

    /// The indicator of a row; `cell(i)` gives the (trimmed, code-only) value of column `i`.
    fn resolve<'a, 'r>(&'a self, cell: impl Fn(usize) -> &'r str) -> Resolved<'a> {
        match self {
            Self::SeriesKey(columns) => {
                let parts: Vec<&str> = columns.iter().map(|&c| cell(c)).collect();
                Resolved::Indicator(Cow::Owned(parts.join(".")))
            }
            Self::Rules(rules) => {
                let mut hits = rules
                    .iter()
                    .filter(|(_, conditions)| conditions.iter().all(|(c, v)| cell(*c) == v))
                    .map(|(code, _)| code.as_str());
                match (hits.next(), hits.next()) {
                    (None, _) => Resolved::Skip,
                    (Some(one), None) => Resolved::Indicator(Cow::Borrowed(one)),
                    (Some(a), Some(b)) => {
                        let mut all = vec![a, b];
                        all.extend(hits);
                        Resolved::Ambiguous(all)
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_rules_and_series_keys() {
        let map = DimensionMap::new(vec![
            MappingRule::new("F", &[("sex", "F")]).unwrap(),
            MappingRule::new("F_CHILD", &[("sex", "F"), ("age", "Y_LT18")]).unwrap(),
        ])
        .unwrap();
        let header: Vec<String> = ["geo", "sex", "age"].map(String::from).to_vec();
        let compiled = map
            .compile(&header, vec![1, 2], &Location::memory())
            .unwrap();
        let row = ["AT", "F", "TOTAL"];
        assert_eq!(
            compiled.resolve(|i| row[i]),
            Resolved::Indicator(Cow::Borrowed("F"))
        );
        let row = ["AT", "F", "Y_LT18"];
        assert_eq!(
            compiled.resolve(|i| row[i]),
            Resolved::Ambiguous(vec!["F", "F_CHILD"])
        );
        let row = ["AT", "M", "Y_LT18"];
        assert_eq!(compiled.resolve(|i| row[i]), Resolved::Skip);
        let key = DimensionMap::series_key()
            .compile(&header, vec![1, 2], &Location::memory())
            .unwrap();
        assert_eq!(
            key.resolve(|i| row[i]),
            Resolved::Indicator(Cow::Owned("M.Y_LT18".into()))
        );
        let missing = ["geo"].map(String::from).to_vec();
        assert_eq!(
            map.compile(&missing, vec![], &Location::memory())
                .unwrap_err()
                .len(),
            2
        );
    }

    #[test]
    fn catch_all_rule_must_be_alone() {
        let rules = vec![
            MappingRule::new("ALL", &[]).unwrap(),
            MappingRule::new("F", &[("sex", "F")]).unwrap(),
        ];
        assert!(DimensionMap::new(rules).is_err());
        assert!(DimensionMap::new(vec![MappingRule::new("ALL", &[]).unwrap()]).is_ok());
    }
}
