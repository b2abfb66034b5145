//! Targets for `thb progress`: from the framework (iMeta `Target`, `TargetPeriod`) or from a
//! targets table CSV `indicator,target,target_period[,unit]` (`interfaces.md` §3.4).

use std::collections::BTreeMap;
use std::path::Path;

use thb_model::{Code, Framework, Issue, IssueKind, Location, Period, UnitCode};

use super::eurostat::Target;
use crate::error::{MonitorError, Result};
use crate::table::{CsvTable, read_file};

/// Targets per indicator, optionally overridden per unit.
///
/// ```
/// use thb_model::{Location, Period};
/// use thb_monitor::progress::Targets;
/// let csv = "indicator,target,target_period,unit\nPT03,0.9,2030,\nPT03,0.95,2028,GBR\n";
/// let t = Targets::from_csv_str(csv, Location::memory())?;
/// assert_eq!(t.get("FRA", "PT03").map(|t| t.value()), Some(0.9));
/// assert_eq!(t.get("GBR", "PT03").map(|t| t.period()), Some(Period::Year(2028)));
/// assert!(t.get("GBR", "PT01").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    general: BTreeMap<Code, Target>,
    per_unit: BTreeMap<UnitCode, BTreeMap<Code, Target>>,
}

impl Targets {
    /// No targets.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the target of `indicator`, for every unit (`unit = None`) or for one unit.
    pub fn insert(&mut self, indicator: Code, unit: Option<UnitCode>, target: Target) {
        match unit {
            Some(u) => {
                self.per_unit
                    .entry(u)
                    .or_default()
                    .insert(indicator, target);
            }
            None => {
                self.general.insert(indicator, target);
            }
        }
    }

    /// The target of `indicator` for `unit`: the unit's own row if any, else the general row.
    pub fn get(&self, unit: &str, indicator: &str) -> Option<Target> {
        self.per_unit
            .get(unit)
            .and_then(|targets| targets.get(indicator))
            .or_else(|| self.general.get(indicator))
            .copied()
    }

    /// `true` when there is no target at all.
    pub fn is_empty(&self) -> bool {
        self.general.is_empty() && self.per_unit.is_empty()
    }

    /// Every (unit or `None`, indicator) that has a target.
    pub fn keys(&self) -> impl Iterator<Item = (Option<&UnitCode>, &Code)> {
        self.general.keys().map(|i| (None, i)).chain(
            self.per_unit
                .iter()
                .flat_map(|(u, t)| t.keys().map(move |i| (Some(u), i))),
        )
    }

    /// The targets of the framework's indicators (`Node::target`), each due by its own
    /// `target_period` or else by `default_period`.
    ///
    /// ```
    /// use thb_model::{Framework, Node, Period};
    /// use thb_monitor::progress::Targets;
    /// let fw = Framework::new(vec![
    ///     Node::indicator("a", "I")?.target(10.0, None),
    ///     Node::aggregate("I", 2, None)?,
    /// ])?;
    /// assert!(Targets::from_framework(&fw, None).is_err());
    /// let t = Targets::from_framework(&fw, Some(Period::Year(2030)))?;
    /// assert_eq!(t.get("X", "a").map(|t| t.value()), Some(10.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MonitorError::TargetWithoutPeriod`] for a target with no period from either source.
    pub fn from_framework(framework: &Framework, default_period: Option<Period>) -> Result<Self> {
        let mut out = Self::new();
        for node in framework.indicators() {
            let Some(value) = node.target else { continue };
            let period = node.target_period.or(default_period).ok_or_else(|| {
                MonitorError::TargetWithoutPeriod {
                    indicator: node.code.to_string(),
                }
            })?;
            out.insert(node.code.clone(), None, Target::new(value, period)?);
        }
        Ok(out)
    }

    /// Reads a targets table CSV file.
    ///
    /// # Errors
    /// As [`Targets::from_csv_str`], plus [`MonitorError::Io`].
    pub fn read_csv(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        Self::from_csv_str(&read_file(path)?, Location::file(path))
    }

    /// Reads a targets table from CSV text: columns `indicator`, `target`, `target_period` and
    /// optionally `unit` (empty = every unit). `origin` names the source in messages.
    ///
    /// # Errors
    /// [`MonitorError::Invalid`] listing every problem with its line: missing or unknown
    /// columns, bad codes, numbers or periods, a (unit, indicator) given twice.
    pub fn from_csv_str(text: &str, origin: Location) -> Result<Self> {
        let table = CsvTable::parse(text, origin)?;
        let mut issues = table.check_columns(&["indicator", "target", "target_period"], &["unit"]);
        if !issues.is_empty() {
            return Err(MonitorError::Invalid { issues });
        }
        let mut out = Self::new();
        let mut seen = BTreeMap::new();
        for row in table.rows() {
            let indicator = row.parse::<Code>("indicator", &mut issues);
            let unit = row.optional("unit").and_then(|u| {
                u.parse::<UnitCode>()
                    .map_err(|e| issues.push(row.issue("unit", e.to_string())))
                    .ok()
            });
            let value = row.decimal("target", &mut issues);
            let period = row.parse::<Period>("target_period", &mut issues);
            let (Some(indicator), Some(value), Some(period)) = (indicator, value, period) else {
                continue;
            };
            let key = (unit.clone(), indicator.clone());
            if let Some(first) = seen.insert(key, row.line()) {
                issues.push(row.issue(
                    "indicator",
                    format!(
                        "target given twice for this indicator and unit (first at line {first})"
                    ),
                ));
                continue;
            }
            match Target::new(value, period) {
                Ok(t) => out.insert(indicator, unit, t),
                Err(e) => issues.push(row.issue("target", e.to_string())),
            }
        }
        if issues.is_empty() {
            Ok(out)
        } else {
            Err(MonitorError::Invalid { issues })
        }
    }

    /// Problems with targets that name an indicator not in the framework or a unit not in
    /// `units` (a typo would otherwise silently drop a target).
    pub(crate) fn unknown_references(
        &self,
        framework: &Framework,
        units: &[&UnitCode],
    ) -> Vec<Issue> {
        let mut issues = Vec::new();
        for (unit, indicator) in self.keys() {
            let known = framework
                .node(indicator.as_str())
                .is_some_and(|n| n.kind == thb_model::NodeKind::Indicator);
            if !known {
                issues.push(
                    Issue::new(
                        IssueKind::UnknownReference,
                        format!(
                            "target for `{indicator}`, which is not an indicator of the framework"
                        ),
                    )
                    .indicator(indicator.as_str()),
                );
            }
            if let Some(u) = unit
                && !units.contains(&u)
            {
                issues.push(
                    Issue::new(
                        IssueKind::UnknownReference,
                        "target for a unit that is not in the data",
                    )
                    .unit(u.as_str())
                    .indicator(indicator.as_str()),
                );
            }
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_with_its_line() {
        let csv = "indicator,target,target_period,unit,extra\n";
        let Err(MonitorError::Invalid { issues }) = Targets::from_csv_str(csv, Location::memory())
        else {
            panic!("expected invalid")
        };
        assert_eq!(issues.len(), 1, "{issues:?}");
        let csv = "indicator,target,target_period\nPT03,abc,2030\nbad code,1,2030\nPT01,1,20x\nPT02,1,2030\nPT02,2,2031\n";
        let Err(MonitorError::Invalid { issues }) =
            Targets::from_csv_str(csv, Location::file("t.csv"))
        else {
            panic!("expected invalid")
        };
        let lines: Vec<u64> = issues.iter().filter_map(|i| i.at.line).collect();
        assert_eq!(lines, [2, 3, 4, 6]);
        assert!(issues[0].to_string().starts_with("t.csv:2"));
    }
}
