//! The dataset: a panel of unit x column x period observations.

use std::collections::{BTreeMap, HashMap};

use crate::error::{ModelError, Result};
use crate::framework::{ColumnKind, Framework};
use crate::id::{Code, Period, UnitCode};
use crate::observation::{ObsStatus, Observation};
use crate::validate::{Issue, IssueKind, finish};

/// A unit (usually a country) with its display name and group memberships.
///
/// ```
/// use thb_model::Unit;
/// let u = Unit::new("AUT")?.name("Austria").group("EurAsia_group", "Europe");
/// assert_eq!(u.groups["EurAsia_group"], "Europe");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Unit {
    /// The unit code.
    pub code: UnitCode,
    /// Display name.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub name: Option<String>,
    /// Group memberships: group column -> group value.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "BTreeMap::is_empty")
    )]
    pub groups: BTreeMap<String, String>,
}

impl Unit {
    /// A unit with no name and no groups.
    ///
    /// # Errors
    /// [`ModelError::InvalidCode`] when the code is malformed.
    pub fn new(code: &str) -> Result<Self> {
        Ok(Self {
            code: UnitCode::new(code)?,
            name: None,
            groups: BTreeMap::new(),
        })
    }
    /// Sets the name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
    /// Adds a group membership.
    #[must_use]
    pub fn group(mut self, group: impl Into<String>, value: impl Into<String>) -> Self {
        self.groups.insert(group.into(), value.into());
        self
    }
    /// The display name, or the code.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(self.code.as_str())
    }
}

/// A panel of observations: units x columns (indicators and denominators) x periods, stored
/// densely. Cells never set are [`ObsStatus::NotAvailable`].
///
/// ```
/// use thb_model::{Dataset, Observation, Period, Unit};
/// use rust_decimal::Decimal;
/// let mut ds = Dataset::new(vec![Unit::new("AUT")?, Unit::new("BEL")?], ["x".parse()?], [Period::Year(2020)])?;
/// ds.set("BEL", "x", Period::Year(2020), Observation::value_of(Decimal::from(7)))?;
/// assert_eq!(ds.get("BEL", "x", Period::Year(2020)).and_then(|o| o.value()), Some(Decimal::from(7)));
/// assert!(ds.get("AUT", "x", Period::Year(2020)).is_some_and(|o| o.value().is_none()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    units: Vec<Unit>,
    unit_index: HashMap<UnitCode, usize>,
    columns: Vec<Code>,
    column_index: HashMap<Code, usize>,
    periods: Vec<Period>,
    cells: Vec<Observation>,
    source: Option<String>,
}

impl Default for Dataset {
    /// A panel with no unit, column or period.
    fn default() -> Self {
        Self {
            units: Vec::new(),
            unit_index: HashMap::new(),
            columns: Vec::new(),
            column_index: HashMap::new(),
            periods: Vec::new(),
            cells: Vec::new(),
            source: None,
        }
    }
}

impl Dataset {
    /// The largest panel (units x columns x periods) a dataset may hold: 20 million cells,
    /// about 800 MB. A reader meeting more (for instance a hostile long CSV naming a new unit
    /// and a new indicator on every row) reports an error instead of exhausting memory.
    ///
    /// ```
    /// use thb_model::{Dataset, Period, Unit};
    /// let units = (0..5000).map(|i| Unit::new(&format!("U{i}"))).collect::<Result<Vec<_>, _>>()?;
    /// let columns = (0..5000).map(|i| format!("c{i}").parse()).collect::<Result<Vec<_>, _>>()?;
    /// assert!(Dataset::new(units, columns, [Period::Year(2020)]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const MAX_CELLS: usize = 20_000_000;

    /// An empty panel (every cell not available) over the given units, columns and periods.
    /// Periods are sorted.
    ///
    /// # Errors
    /// [`ModelError::Invalid`] when a unit, column or period is listed twice, or the panel
    /// would have more than [`Dataset::MAX_CELLS`] cells.
    pub fn new(
        units: Vec<Unit>,
        columns: impl IntoIterator<Item = Code>,
        periods: impl IntoIterator<Item = Period>,
    ) -> Result<Self> {
        let columns: Vec<Code> = columns.into_iter().collect();
        let mut periods: Vec<Period> = periods.into_iter().collect();
        periods.sort();
        let mut issues = Vec::new();
        let mut unit_index = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            if unit_index.insert(u.code.clone(), i).is_some() {
                issues.push(
                    Issue::new(IssueKind::Duplicate, "unit is listed twice").unit(u.code.as_str()),
                );
            }
        }
        let mut column_index = HashMap::new();
        for (i, c) in columns.iter().enumerate() {
            if column_index.insert(c.clone(), i).is_some() {
                issues.push(
                    Issue::new(IssueKind::Duplicate, "column is listed twice")
                        .indicator(c.as_str()),
                );
            }
        }
        if periods.windows(2).any(|w| w[0] == w[1]) {
            issues.push(Issue::new(IssueKind::Duplicate, "a period is listed twice"));
        }
        let n = units
            .len()
            .checked_mul(columns.len())
            .and_then(|n| n.checked_mul(periods.len()))
            .filter(|&n| n <= Self::MAX_CELLS);
        let Some(n) = n else {
            issues.push(Issue::new(
                IssueKind::Layout,
                format!(
                    "the panel of {} units x {} columns x {} periods has more than {} cells",
                    units.len(),
                    columns.len(),
                    periods.len(),
                    Self::MAX_CELLS
                ),
            ));
            return Err(ModelError::Invalid { issues });
        };
        finish(
            Self {
                units,
                unit_index,
                columns,
                column_index,
                periods,
                cells: vec![Observation::missing(); n],
                source: None,
            },
            issues,
        )
    }

    fn slot(&self, u: usize, c: usize, p: usize) -> usize {
        (p * self.units.len() + u) * self.columns.len() + c
    }

    /// The units, in input order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }
    /// The data columns (indicators and denominators), in input order.
    pub fn columns(&self) -> &[Code] {
        &self.columns
    }
    /// The periods, sorted.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }
    /// The latest period, if any.
    pub fn latest_period(&self) -> Option<Period> {
        self.periods.last().copied()
    }
    /// Position of a unit.
    pub fn unit_position(&self, code: &str) -> Option<usize> {
        self.unit_index.get(code).copied()
    }
    /// Position of a column.
    pub fn column_position(&self, code: &str) -> Option<usize> {
        self.column_index.get(code).copied()
    }
    /// Position of a period.
    pub fn period_position(&self, period: Period) -> Option<usize> {
        self.periods.binary_search(&period).ok()
    }
    /// Where the data came from (file name or description), for provenance.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
    /// Sets the provenance description.
    pub fn set_source(&mut self, source: impl Into<String>) {
        self.source = Some(source.into());
    }

    /// The observation at (unit, column, period), if all three exist.
    pub fn get(&self, unit: &str, column: &str, period: Period) -> Option<&Observation> {
        let (u, c, p) = (
            self.unit_position(unit)?,
            self.column_position(column)?,
            self.period_position(period)?,
        );
        Some(&self.cells[self.slot(u, c, p)])
    }

    /// The observation at positions (unit, column, period).
    ///
    /// # Panics
    /// Never for positions below `units().len()`, `columns().len()`, `periods().len()`; other
    /// positions panic like slice indexing.
    pub fn at(&self, unit: usize, column: usize, period: usize) -> &Observation {
        &self.cells[self.slot(unit, column, period)]
    }

    /// Sets the observation at (unit, column, period).
    ///
    /// # Errors
    /// [`ModelError::Unknown`] when the unit, column or period is not part of the panel.
    pub fn set(
        &mut self,
        unit: &str,
        column: &str,
        period: Period,
        obs: Observation,
    ) -> Result<()> {
        let u = self
            .unit_position(unit)
            .ok_or_else(|| unknown("unit", unit))?;
        let c = self
            .column_position(column)
            .ok_or_else(|| unknown("column", column))?;
        let p = self
            .period_position(period)
            .ok_or_else(|| unknown("period", &period.to_string()))?;
        let slot = self.slot(u, c, p);
        self.cells[slot] = obs;
        Ok(())
    }

    /// Sets the observation at positions (unit, column, period).
    ///
    /// # Errors
    /// [`ModelError::Unknown`] when a position is out of range.
    pub fn set_at(
        &mut self,
        unit: usize,
        column: usize,
        period: usize,
        obs: Observation,
    ) -> Result<()> {
        if unit >= self.units.len() || column >= self.columns.len() || period >= self.periods.len()
        {
            return Err(unknown(
                "cell position",
                &format!("({unit}, {column}, {period})"),
            ));
        }
        let slot = self.slot(unit, column, period);
        self.cells[slot] = obs;
        Ok(())
    }

    /// Every cell that is set to something other than "not available", as
    /// (unit, column, period, observation), in unit-major order within each period.
    pub fn observations(&self) -> impl Iterator<Item = (&Unit, &Code, Period, &Observation)> {
        let (nu, nc) = (self.units.len(), self.columns.len());
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, o)| **o != Observation::missing())
            .map(move |(i, o)| {
                let c = i % nc;
                let u = (i / nc) % nu;
                let p = i / (nc * nu);
                (&self.units[u], &self.columns[c], self.periods[p], o)
            })
    }

    /// A copy holding only the given periods.
    ///
    /// # Errors
    /// [`ModelError::Unknown`] for a period not in the panel.
    pub fn select_periods(&self, periods: &[Period]) -> Result<Self> {
        self.select(None, None, Some(periods))
    }

    /// A copy holding only the units whose group column `group` equals `value`.
    ///
    /// # Errors
    /// [`ModelError::Unknown`] when no unit has that group column.
    pub fn select_group(&self, group: &str, value: &str) -> Result<Self> {
        if !self.units.iter().any(|u| u.groups.contains_key(group)) {
            return Err(unknown("group column", group));
        }
        let keep: Vec<&str> = self
            .units
            .iter()
            .filter(|u| u.groups.get(group).is_some_and(|v| v == value))
            .map(|u| u.code.as_str())
            .collect();
        self.select(Some(&keep), None, None)
    }

    /// A copy holding only the given columns (indicator subset).
    ///
    /// # Errors
    /// [`ModelError::Unknown`] for a column not in the panel.
    pub fn select_columns(&self, columns: &[&str]) -> Result<Self> {
        self.select(None, Some(columns), None)
    }

    /// A copy restricted to the given units, columns and periods (`None` keeps all).
    ///
    /// # Errors
    /// [`ModelError::Unknown`] for a unit, column or period not in the panel.
    pub fn select(
        &self,
        units: Option<&[&str]>,
        columns: Option<&[&str]>,
        periods: Option<&[Period]>,
    ) -> Result<Self> {
        let us: Vec<usize> = match units {
            None => (0..self.units.len()).collect(),
            Some(list) => list
                .iter()
                .map(|u| self.unit_position(u).ok_or_else(|| unknown("unit", u)))
                .collect::<Result<_>>()?,
        };
        let cs: Vec<usize> = match columns {
            None => (0..self.columns.len()).collect(),
            Some(list) => list
                .iter()
                .map(|c| self.column_position(c).ok_or_else(|| unknown("column", c)))
                .collect::<Result<_>>()?,
        };
        let ps: Vec<usize> = match periods {
            None => (0..self.periods.len()).collect(),
            Some(list) => list
                .iter()
                .map(|p| {
                    self.period_position(*p)
                        .ok_or_else(|| unknown("period", &p.to_string()))
                })
                .collect::<Result<_>>()?,
        };
        let mut out = Self::new(
            us.iter().map(|&u| self.units[u].clone()).collect(),
            cs.iter().map(|&c| self.columns[c].clone()),
            ps.iter().map(|&p| self.periods[p]),
        )?;
        out.source.clone_from(&self.source);
        for (pi, &p) in out.periods.clone().iter().enumerate() {
            let op = self.period_position(p).unwrap_or_default(); // ok: p was taken from self.periods
            for (ui, &u) in us.iter().enumerate() {
                for (ci, &c) in cs.iter().enumerate() {
                    let slot = out.slot(ui, ci, pi);
                    out.cells[slot] = self.cells[self.slot(u, c, op)].clone();
                }
            }
        }
        Ok(out)
    }

    /// Checks the data against a framework and returns every problem found: indicators of the
    /// framework with no column, columns the framework does not know, units with no value for
    /// any scored indicator in a period, indicators with no value in a period, and group
    /// columns the framework declares but no unit carries.
    pub fn validate(&self, framework: &Framework) -> Vec<Issue> {
        let mut issues = Vec::new();
        for node in framework.indicators() {
            if self.column_position(node.code.as_str()).is_none() {
                issues.push(
                    Issue::new(
                        IssueKind::UnknownReference,
                        format!("indicator `{}` has no data column", node.code),
                    )
                    .indicator(node.code.as_str()),
                );
            }
        }
        for col in &self.columns {
            let known =
                framework.node(col.as_str()).is_some() || framework.columns().contains_key(col);
            if !known {
                issues.push(
                    Issue::new(
                        IssueKind::UnknownReference,
                        format!("data column `{col}` is not in the framework"),
                    )
                    .indicator(col.as_str()),
                );
            }
        }
        for (code, kind) in framework.columns() {
            if *kind == ColumnKind::Group
                && !self
                    .units
                    .iter()
                    .any(|u| u.groups.contains_key(code.as_str()))
            {
                issues.push(Issue::new(
                    IssueKind::UnknownReference,
                    format!("group column `{code}` is declared but no unit has it"),
                ));
            }
        }
        let scored: Vec<usize> = framework
            .indicators()
            .iter()
            .filter(|n| n.is_scored())
            .filter_map(|n| self.column_position(n.code.as_str()))
            .collect();
        for (pi, period) in self.periods.iter().enumerate() {
            let has_any_row = |u: usize| {
                (0..self.columns.len()).any(|c| self.at(u, c, pi).status != ObsStatus::NotAvailable)
            };
            for (ui, unit) in self.units.iter().enumerate() {
                if !scored.is_empty()
                    && has_any_row(ui)
                    && scored
                        .iter()
                        .all(|&c| !self.at(ui, c, pi).status.is_value())
                {
                    issues.push(
                        Issue::new(
                            IssueKind::Coverage,
                            format!("has no value for any scored indicator in {period}"),
                        )
                        .unit(unit.code.as_str()),
                    );
                }
            }
            for &c in &scored {
                if (0..self.units.len()).all(|u| !self.at(u, c, pi).status.is_value()) {
                    issues.push(
                        Issue::new(
                            IssueKind::Coverage,
                            format!(
                                "indicator `{}` has no value for any unit in {period}",
                                self.columns[c]
                            ),
                        )
                        .indicator(self.columns[c].as_str()),
                    );
                }
            }
        }
        issues
    }

    /// Like [`Dataset::validate`] but returns the problems as an error.
    ///
    /// # Errors
    /// [`ModelError::Invalid`] with every problem, when there is any.
    pub fn check(&self, framework: &Framework) -> Result<()> {
        finish((), self.validate(framework))
    }
}

fn unknown(what: &'static str, code: &str) -> ModelError {
    ModelError::Unknown {
        what,
        code: code.to_owned(),
    }
}
