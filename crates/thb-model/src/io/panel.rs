//! Builds a [`Dataset`] from keyed observation records (long CSV, SDMX-CSV, JSON, adapters).
//!
//! Records are interned (units and columns keep the order they first appear in; periods are
//! sorted), kept compactly, then placed in the dense panel; a unit-column-period key given twice
//! is reported with both places, or (for sources known to repeat keys with different values)
//! set to missing and noted.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::dataset::{Dataset, Unit};
use crate::error::{Location, Result};
use crate::id::{Code, Period, UnitCode};
use crate::observation::{CellError, Observation};
use crate::validate::{Issue, IssueKind, IssueList};

/// How a record is located in its source: a line of a CSV file, or an entry of a JSON list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// `pos` is a 1-based line number.
    Line,
    /// `pos` is the 0-based index in the named JSON array.
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    JsonEntry(&'static str),
}

/// What to do with a unit-column-period key that appears more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnDuplicate {
    /// Every repeat is a problem (the default of every reader).
    Report,
    /// The cell becomes missing and the repeat is noted (never guessed, never summed).
    MarkMissing,
}

#[derive(Debug)]
struct Record {
    unit: u32,
    column: u32,
    period: u32,
    source: u32,
    pos: u64,
    obs: Observation,
}

/// The column names under which a row's unit, unit name, indicator and period are reported.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowColumns {
    pub unit: &'static str,
    pub name: &'static str,
    pub indicator: &'static str,
    pub period: &'static str,
}

/// The key cells of one row: line, unit code and name (empty = not given), indicator code
/// and period text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowCells<'r> {
    pub line: u64,
    pub unit: &'r str,
    pub name: &'r str,
    pub indicator: &'r str,
    pub period: &'r str,
}

/// A value cell that could not be read: why, in which column, and its text.
#[derive(Debug, Clone)]
pub(crate) struct BadCell<'r> {
    pub reason: Cow<'static, str>,
    pub column: &'static str,
    pub text: &'r str,
}

/// Reads a value cell and its flag cell, each given with its column name; a failure names the
/// cell at fault.
pub(crate) fn parse_cell<'r>(
    value: (&'static str, &'r str),
    flag: (&'static str, &'r str),
) -> std::result::Result<Observation, BadCell<'r>> {
    Observation::parse(value.1, flag.1).map_err(|e| {
        let (column, text) = if e == CellError::BadFlag { flag } else { value };
        BadCell {
            reason: e.reason().into(),
            column,
            text,
        }
    })
}

/// Collects observation records and builds the panel.
#[derive(Debug)]
pub(crate) struct PanelBuilder {
    sources: Vec<Location>,
    place: Place,
    units: Vec<Unit>,
    unit_ix: HashMap<UnitCode, u32>,
    columns: Vec<Code>,
    column_ix: HashMap<Code, u32>,
    periods: Vec<Period>,
    period_ix: HashMap<Period, u32>,
    records: Vec<Record>,
    /// 1 + the unit, column and period looked up last (0 = none): rows often repeat them.
    last_unit: u32,
    last_column: u32,
    last_period: u32,
}

impl PanelBuilder {
    /// An empty builder whose records come from `origin`, located as `place`.
    pub fn new(origin: Location, place: Place) -> Self {
        Self {
            sources: vec![origin],
            place,
            units: Vec::new(),
            unit_ix: HashMap::new(),
            columns: Vec::new(),
            column_ix: HashMap::new(),
            periods: Vec::new(),
            period_ix: HashMap::new(),
            records: Vec::new(),
            last_unit: 0,
            last_column: 0,
            last_period: 0,
        }
    }

    /// Further records come from `origin` (for panels read from several files).
    pub fn set_origin(&mut self, origin: Location) {
        self.sources.push(origin);
    }

    /// The location of line `line` of the current source.
    fn here(&self, line: u64) -> Location {
        let origin = self.sources.last().cloned().unwrap_or_default();
        locate(&origin, self.place, line)
    }

    /// Adds the record of one row: its unit, indicator and period cells and its value (or why
    /// the value could not be read). Every problem goes to `issues` (built only while the list
    /// has room). Returns the unit's position when its code is valid.
    ///
    /// # Errors
    /// Never in practice (more than `u32::MAX` periods).
    pub fn push_row(
        &mut self,
        names: RowColumns,
        row: RowCells<'_>,
        obs: std::result::Result<Observation, BadCell<'_>>,
        issues: &mut IssueList,
    ) -> Result<Option<u32>> {
        let unit = self.named_unit(
            row.line,
            (row.unit, row.name),
            (names.unit, names.name),
            issues,
        );
        let column = self.column(row.indicator);
        let period = row.period.parse::<Period>();
        let (u, c, p, obs) = match (unit, column, period, obs) {
            (Some(u), Ok(c), Ok(p), Ok(obs)) => (u, c, p, obs),
            (unit, column, period, obs) => {
                let problem = |kind, message: String, column: &str| {
                    let issue = Issue::new(kind, message).at(self.here(row.line).column(column));
                    let issue = issue.unit(row.unit);
                    if column == names.indicator {
                        issue
                    } else {
                        issue.indicator(row.indicator)
                    }
                };
                if let Err(e) = column {
                    let message = e.to_string();
                    issues.push_with(|| problem(IssueKind::BadValue, message, names.indicator));
                }
                if let Err(e) = period {
                    issues.push_with(|| problem(IssueKind::BadValue, e.to_string(), names.period));
                }
                if let Err(bad) = obs {
                    issues.push_with(|| {
                        let message = format!("`{}`: {}", bad.text, bad.reason);
                        problem(IssueKind::Number, message, bad.column)
                    });
                }
                return Ok(unit);
            }
        };
        let p = self.period(p)?;
        self.push(u, c, p, row.line, obs);
        Ok(Some(u))
    }

    /// The position of unit `code`, adding it when new.
    ///
    /// # Errors
    /// [`crate::ModelError::InvalidCode`] when the code is malformed.
    pub fn unit(&mut self, code: &str) -> Result<u32> {
        if let Some(i) = self.last_unit.checked_sub(1)
            && self
                .units
                .get(i as usize)
                .is_some_and(|u| u.code.as_str() == code)
        {
            return Ok(i);
        }
        let i = match self.unit_ix.get(code) {
            Some(&i) => i,
            None => self.add_unit(Unit::new(code)?)?,
        };
        self.last_unit = i + 1;
        Ok(i)
    }

    /// Adds a unit (with its name and groups); `None` when it is already there.
    pub fn declare_unit(&mut self, unit: Unit) -> Option<u32> {
        if self.unit_ix.contains_key(&unit.code) {
            return None;
        }
        self.add_unit(unit).ok()
    }

    fn add_unit(&mut self, unit: Unit) -> Result<u32> {
        let i = index(self.units.len())?;
        self.unit_ix.insert(unit.code.clone(), i);
        self.units.push(unit);
        Ok(i)
    }

    /// The position of a unit already added.
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    pub fn find_unit(&self, code: &str) -> Option<u32> {
        self.unit_ix.get(code).copied()
    }

    /// The position of column `code`, adding it when new.
    ///
    /// # Errors
    /// [`crate::ModelError::InvalidCode`] when the code is malformed.
    pub fn column(&mut self, code: &str) -> Result<u32> {
        if let Some(i) = self.last_column.checked_sub(1)
            && self
                .columns
                .get(i as usize)
                .is_some_and(|c| c.as_str() == code)
        {
            return Ok(i);
        }
        let i = match self.column_ix.get(code) {
            Some(&i) => i,
            None => self.declare_column(Code::new(code)?)?,
        };
        self.last_column = i + 1;
        Ok(i)
    }

    /// Adds column `code` (kept in order even if no record names it).
    ///
    /// # Errors
    /// Never in practice (more than `u32::MAX` columns).
    pub fn declare_column(&mut self, code: Code) -> Result<u32> {
        if let Some(&i) = self.column_ix.get(&code) {
            return Ok(i);
        }
        let i = index(self.columns.len())?;
        self.column_ix.insert(code.clone(), i);
        self.columns.push(code);
        Ok(i)
    }

    /// The position of a column already added.
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    pub fn find_column(&self, code: &str) -> Option<u32> {
        self.column_ix.get(code).copied()
    }

    /// The position of `period`, adding it when new.
    ///
    /// # Errors
    /// Never in practice (more than `u32::MAX` periods).
    pub fn period(&mut self, period: Period) -> Result<u32> {
        if let Some(i) = self.last_period.checked_sub(1)
            && self.periods.get(i as usize) == Some(&period)
        {
            return Ok(i);
        }
        let i = match self.period_ix.get(&period) {
            Some(&i) => i,
            None => {
                let i = index(self.periods.len())?;
                self.period_ix.insert(period, i);
                self.periods.push(period);
                i
            }
        };
        self.last_period = i + 1;
        Ok(i)
    }

    /// The position of a period already added.
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    pub fn find_period(&self, period: Period) -> Option<u32> {
        self.period_ix.get(&period).copied()
    }

    /// Adds a record found at position `pos` of the current source.
    pub fn push(&mut self, unit: u32, column: u32, period: u32, pos: u64, obs: Observation) {
        let source = u32::try_from(self.sources.len() - 1).unwrap_or(u32::MAX);
        self.records.push(Record {
            unit,
            column,
            period,
            source,
            pos,
            obs,
        });
    }

    /// Sets the name (`column == "unit_name"` or `"name"`) or group `column` of unit `u`; an
    /// error message when an earlier record said something else.
    pub fn label(&mut self, u: u32, column: &str, text: &str) -> std::result::Result<(), String> {
        let Some(unit) = self.units.get_mut(u as usize) else {
            return Ok(());
        };
        if matches!(column, "unit_name" | "name") {
            return agree(&mut unit.name, text, "unit name");
        }
        let mut current = unit.groups.get(column).cloned();
        agree(&mut current, text, &format!("group `{column}`"))?;
        if let Some(value) = current {
            unit.groups.insert(column.to_owned(), value);
        }
        Ok(())
    }

    /// The position of the unit whose code and name a row gives in columns `columns`
    /// (code, name); a bad code or a name that changes is recorded in `issues`.
    pub fn named_unit(
        &mut self,
        line: u64,
        (code, name): (&str, &str),
        columns: (&'static str, &'static str),
        issues: &mut IssueList,
    ) -> Option<u32> {
        let unit = match self.unit(code) {
            Ok(u) => u,
            Err(e) => {
                let at = self.here(line).column(columns.0);
                issues.push_with(|| Issue::new(IssueKind::BadValue, e.to_string()).at(at));
                return None;
            }
        };
        if !name.is_empty()
            && let Err(message) = self.label(unit, "name", name)
        {
            let at = self.here(line).column(columns.1);
            issues.push_with(|| Issue::new(IssueKind::BadValue, message).at(at).unit(code));
        }
        Some(unit)
    }

    /// Builds the panel once every record is in. Repeated keys are handled as `on_duplicate`
    /// says; returns the dataset and the notes about cells left missing.
    ///
    /// # Errors
    /// [`crate::ModelError::Invalid`] with every problem of `issues` plus the repeated keys, or
    /// when the panel is too large to hold.
    pub fn finish(
        self,
        on_duplicate: OnDuplicate,
        mut issues: IssueList,
    ) -> Result<(Dataset, Vec<Issue>)> {
        let mut notes = Vec::new();
        let Self {
            sources,
            place,
            units,
            columns,
            periods,
            mut records,
            ..
        } = self;
        // Periods are sorted in the panel: map insertion positions to sorted positions.
        let mut order: Vec<u32> = (0..index(periods.len())?).collect();
        order.sort_by_key(|&i| periods[i as usize]);
        let mut sorted_pos = vec![0_u32; periods.len()];
        for (new, &old) in order.iter().enumerate() {
            sorted_pos[old as usize] = index(new)?;
        }
        let (nu, nc) = (units.len() as u64, columns.len() as u64);
        let mut ds = Dataset::new(units, columns, order.iter().map(|&i| periods[i as usize]))?;
        for r in &mut records {
            r.period = sorted_pos[r.period as usize];
        }
        let key = |r: &Record| {
            let key = (u64::from(r.period) * nu + u64::from(r.unit)) * nc + u64::from(r.column);
            usize::try_from(key).unwrap_or(usize::MAX)
        };
        // The first record of every cell; records of a cell given again are set apart.
        let mut first = vec![u32::MAX; ds.units().len() * ds.columns().len() * ds.periods().len()];
        let mut repeated: Vec<(usize, u32)> = Vec::new();
        let mut seen_again = HashSet::new();
        for (i, r) in records.iter().enumerate() {
            let (k, i) = (key(r), index(i)?);
            match first.get(k).copied() {
                Some(u32::MAX) => first[k] = i,
                Some(f) => {
                    if seen_again.insert(k) {
                        repeated.push((k, f));
                    }
                    repeated.push((k, i));
                }
                None => {} // ok: unreachable, keys of interned positions are below the panel size
            }
        }
        for &(k, _) in &repeated {
            first[k] = u32::MAX;
        }
        for (i, r) in records.iter_mut().enumerate() {
            if first.get(key(r)).is_some_and(|&f| f as usize == i) {
                let obs = std::mem::take(&mut r.obs);
                ds.set_at(r.unit as usize, r.column as usize, r.period as usize, obs)?;
            }
        }
        repeated.sort_unstable();
        let at = |r: &Record| locate(&sources[r.source as usize], place, r.pos);
        for group in repeated.chunk_by(|a, b| a.0 == b.0) {
            let head = &records[group[0].1 as usize];
            let (unit, column, period) = (
                ds.units()[head.unit as usize].code.as_str(),
                ds.columns()[head.column as usize].as_str(),
                ds.periods()[head.period as usize],
            );
            let place_of = |k: usize| at(&records[group[k].1 as usize]);
            match on_duplicate {
                OnDuplicate::Report => {
                    for k in 1..group.len() {
                        issues.push_with(|| {
                            let message = format!(
                                "period {period}: this unit-indicator-period is given again (first at {})",
                                place_of(0)
                            );
                            Issue::new(IssueKind::Duplicate, message)
                                .at(place_of(k))
                                .unit(unit)
                                .indicator(column)
                        });
                    }
                }
                OnDuplicate::MarkMissing => {
                    let values: Vec<String> = group
                        .iter()
                        .map(|&(_, i)| {
                            let obs = &records[i as usize].obs;
                            let v = obs.value_text();
                            if v.is_empty() {
                                format!("{:?}", obs.status)
                            } else {
                                v
                            }
                        })
                        .collect();
                    let places: Vec<String> =
                        (0..group.len()).map(|k| place_of(k).to_string()).collect();
                    let message = format!(
                        "period {period}: the source gives {} values ({}) at {}; the cell is left missing",
                        group.len(),
                        values.join(", "),
                        places.join("; ")
                    );
                    notes.push(
                        Issue::new(IssueKind::Duplicate, message)
                            .at(place_of(0))
                            .unit(unit)
                            .indicator(column),
                    );
                }
            }
        }
        issues.finish((ds, notes))
    }
}

/// Sets `slot` to `text` when empty; an error message when it holds something else.
fn agree(slot: &mut Option<String>, text: &str, what: &str) -> std::result::Result<(), String> {
    match slot {
        Some(old) if old != text => Err(format!(
            "{what} is `{text}` here but `{old}` on an earlier row"
        )),
        Some(_) => Ok(()),
        None => {
            *slot = Some(text.to_owned());
            Ok(())
        }
    }
}

fn locate(origin: &Location, place: Place, pos: u64) -> Location {
    match place {
        Place::Line => origin.clone().line(pos),
        Place::JsonEntry(list) => origin.clone().column(format!("{list}[{pos}]")),
    }
}

fn index(i: usize) -> Result<u32> {
    u32::try_from(i).map_err(|_| crate::ModelError::Malformed {
        at: Location::memory(),
        message: "more than 4 billion distinct units, columns or periods".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(v: &str) -> Observation {
        Observation::parse(v, "").unwrap()
    }

    #[test]
    fn orders_and_reports_duplicates() {
        let mut b = PanelBuilder::new(Location::file("x.csv"), Place::Line);
        let (u, c) = (b.unit("BEL").unwrap(), b.column("x").unwrap());
        let p21 = b.period(Period::Year(2021)).unwrap();
        let p20 = b.period(Period::Year(2020)).unwrap();
        b.push(u, c, p21, 2, obs("1"));
        b.push(u, c, p20, 3, obs("2"));
        b.push(u, c, p21, 4, obs("3"));
        let Err(crate::ModelError::Invalid { issues }) =
            b.finish(OnDuplicate::Report, IssueList::default())
        else {
            panic!("expected a duplicate")
        };
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].at.line, Some(4));
        assert!(
            issues[0].message.contains("x.csv:2"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn marks_conflicts_missing() {
        let mut b = PanelBuilder::new(Location::file("x.csv"), Place::Line);
        let (u, c) = (b.unit("BEL").unwrap(), b.column("x").unwrap());
        let p = b.period(Period::Year(2021)).unwrap();
        let p0 = b.period(Period::Year(2020)).unwrap();
        b.push(u, c, p, 2, obs("1"));
        b.push(u, c, p, 3, obs("<5"));
        b.push(u, c, p0, 4, obs("7"));
        let (ds, notes) = b
            .finish(OnDuplicate::MarkMissing, IssueList::default())
            .unwrap();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.contains("1, <5"), "{}", notes[0].message);
        assert_eq!(ds.periods(), [Period::Year(2020), Period::Year(2021)]);
        assert!(
            ds.get("BEL", "x", Period::Year(2021))
                .unwrap()
                .value()
                .is_none()
        );
        assert_eq!(ds.get("BEL", "x", Period::Year(2020)).unwrap(), &obs("7"));
    }
}
