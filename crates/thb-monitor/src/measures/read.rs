//! Readers for measures registries: JSON (the full model) and CSV (one row per measure, the
//! flat fields). Every problem is reported with its file and line.

use std::collections::BTreeSet;
use std::path::Path;

use thb_model::{Code, Issue, Location, UnitCode};

use super::model::{ActorType, Budget, Measure, Pillar, Registry, Tag};
use crate::error::{MonitorError, Result};
use crate::table::{CsvTable, Row, read_file};

/// Columns of the measures CSV that must be present.
pub const MEASURES_CSV_REQUIRED: [&str; 10] = [
    "id",
    "name",
    "actor",
    "actor_type",
    "countries",
    "pillar",
    "target_groups",
    "activities",
    "start",
    "end",
];

/// Columns of the measures CSV that may be present.
pub const MEASURES_CSV_OPTIONAL: [&str; 6] = [
    "funder",
    "goals",
    "budget",
    "currency",
    "description",
    "illustrative",
];

impl Registry {
    /// Reads a registry from JSON text (`{"schema": 1, "illustrative": ..., "description": ...,
    /// "measures": [...]}`; unknown fields are an error; budget amounts are strings).
    ///
    /// ```
    /// use thb_model::Location;
    /// use thb_monitor::measures::Registry;
    /// let json = r#"{"schema": 1, "measures": [{
    ///   "id": "M01", "name": "Shelter", "actor": "NGO A", "actor_type": "ngo",
    ///   "countries": ["GRC"], "pillar": "protection", "target_groups": ["uam"],
    ///   "activities": ["shelter"], "start": "2020", "end": "2022",
    ///   "budget": {"amount": "120000", "currency": "EUR"}
    /// }]}"#;
    /// let reg = Registry::from_json_str(json, Location::memory())?;
    /// assert_eq!(reg.measures[0].target_groups.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MonitorError::Json`] with line and column for malformed JSON or a schema mismatch;
    /// [`MonitorError::Invalid`] listing every rule broken (duplicate ids, a period ending
    /// before it starts, a rating outside its scale, ...), each at the line of the measure's
    /// `id`.
    #[cfg(feature = "serde")]
    pub fn from_json_str(text: &str, origin: Location) -> Result<Self> {
        let reg: Registry = serde_json::from_str(text).map_err(|e| MonitorError::Json {
            at: origin.clone().line(e.line() as u64),
            message: e.to_string(),
        })?;
        let issues = reg.validate_with(|i| {
            let at = origin.clone();
            match line_of_id(text, reg.measures[i].id.as_str()) {
                Some(line) => at.line(line),
                None => at.column(format!("measures[{i}]")),
            }
        });
        finish(reg, issues)
    }

    /// Reads a registry from a JSON file.
    ///
    /// # Errors
    /// As [`Registry::from_json_str`], plus [`MonitorError::Io`].
    #[cfg(feature = "serde")]
    pub fn read_json(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        Self::from_json_str(&read_file(path)?, Location::file(path))
    }

    /// Reads a registry from CSV text, one measure per row. Columns:
    /// [`MEASURES_CSV_REQUIRED`] and optionally [`MEASURES_CSV_OPTIONAL`]; list cells
    /// (`countries`, `goals`, `target_groups`, `activities`) separate items with `;`;
    /// `budget` needs `currency`; `illustrative` is `true`/`false`. Results frameworks and DAC
    /// ratings need the JSON form.
    ///
    /// ```
    /// use thb_model::Location;
    /// use thb_monitor::measures::{Pillar, Registry};
    /// let csv = "id,name,actor,actor_type,countries,pillar,target_groups,activities,start,end,budget,currency\n\
    ///            M01,Shelter,NGO A,ngo,GRC;ITA,protection,uam;children,shelter,2020,2022,120000,EUR\n";
    /// let reg = Registry::from_csv_str(csv, Location::memory())?;
    /// assert_eq!(reg.measures[0].pillar, Pillar::Protection);
    /// assert_eq!(reg.measures[0].countries.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MonitorError::Invalid`] listing every problem with its line and column.
    pub fn from_csv_str(text: &str, origin: Location) -> Result<Self> {
        let table = CsvTable::parse(text, origin.clone())?;
        let mut issues = table.check_columns(&MEASURES_CSV_REQUIRED, &MEASURES_CSV_OPTIONAL);
        if !issues.is_empty() {
            return Err(MonitorError::Invalid { issues });
        }
        let mut measures = Vec::new();
        let mut lines = Vec::new();
        for row in table.rows() {
            if let Some(m) = measure_from_row(&row, &mut issues) {
                measures.push(m);
                lines.push(row.line());
            }
        }
        let reg = Registry::new(measures);
        issues.extend(reg.validate_with(|i| origin.clone().line(lines[i])));
        finish(reg, issues)
    }

    /// Reads a registry from a CSV file.
    ///
    /// # Errors
    /// As [`Registry::from_csv_str`], plus [`MonitorError::Io`].
    pub fn read_csv(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        Self::from_csv_str(&read_file(path)?, Location::file(path))
    }
}

fn finish(reg: Registry, issues: Vec<Issue>) -> Result<Registry> {
    if issues.is_empty() {
        Ok(reg)
    } else {
        Err(MonitorError::Invalid { issues })
    }
}

/// The 1-based line of the first `"id": "<id>"` in a JSON text.
#[cfg(feature = "serde")]
fn line_of_id(text: &str, id: &str) -> Option<u64> {
    let quoted = format!("\"{id}\"");
    text.lines()
        .position(|l| {
            l.split_once("\"id\"").is_some_and(|(_, rest)| {
                rest.trim_start()
                    .trim_start_matches(':')
                    .trim_start()
                    .starts_with(&quoted)
            })
        })
        .map(|i| i as u64 + 1)
}

fn list<T>(row: &Row<'_>, column: &str, required: bool, issues: &mut Vec<Issue>) -> BTreeSet<T>
where
    T: std::str::FromStr + Ord,
    T::Err: std::fmt::Display,
{
    let cell = if required {
        row.required(column, issues)
    } else {
        row.optional(column)
    };
    let mut out = BTreeSet::new();
    for item in cell.unwrap_or_default().split(';').map(str::trim) {
        if item.is_empty() {
            continue;
        }
        match item.parse::<T>() {
            Ok(v) => {
                out.insert(v);
            }
            Err(e) => issues.push(row.issue(column, format!("`{item}`: {e}"))),
        }
    }
    out
}

fn measure_from_row(row: &Row<'_>, issues: &mut Vec<Issue>) -> Option<Measure> {
    let before = issues.len();
    let id = row.parse::<Code>("id", issues);
    let name = row.required("name", issues).map(str::to_owned);
    let actor = row.required("actor", issues).map(str::to_owned);
    let actor_type = row.parse::<ActorType>("actor_type", issues);
    let pillar = row.parse::<Pillar>("pillar", issues);
    let start = row.parse("start", issues);
    let end = row.parse("end", issues);
    let countries = list::<UnitCode>(row, "countries", true, issues);
    let goals = list::<Tag>(row, "goals", false, issues);
    let target_groups = list::<Tag>(row, "target_groups", true, issues);
    let activities = list::<Tag>(row, "activities", true, issues);
    let budget = match (row.optional("budget"), row.optional("currency")) {
        (None, None) => None,
        (Some(_), Some(currency)) => row.exact("budget", issues).map(|amount| Budget {
            amount,
            currency: currency.to_owned(),
        }),
        (Some(_), None) => {
            issues.push(row.issue("currency", "a budget needs a currency"));
            None
        }
        (None, Some(_)) => {
            issues.push(row.issue("budget", "a currency is given without a budget"));
            None
        }
    };
    let illustrative = match row.optional("illustrative") {
        None => false,
        Some(t) => t.parse::<bool>().unwrap_or_else(|_| {
            issues.push(row.issue("illustrative", format!("`{t}`: expected true or false")));
            false
        }),
    };
    if issues.len() > before {
        return None;
    }
    Some(Measure {
        id: id?,
        name: name?,
        illustrative,
        description: row.optional("description").map(str::to_owned),
        actor: actor?,
        actor_type: actor_type?,
        funder: row.optional("funder").map(str::to_owned),
        countries,
        pillar: pillar?,
        goals,
        target_groups,
        activities,
        start: start?,
        end: end?,
        budget,
        results: None,
        evaluation: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reports_every_problem_with_its_line() {
        let csv = "id,name,actor,actor_type,countries,pillar,target_groups,activities,start,end,budget,currency\n\
                   M01,A,X,ngo,GRC,protection,uam,shelter,2020,2022,5,EUR\n\
                   M02,B,X,nope,GRC,protection,uam,shelter,2020,2022,,\n\
                   M03,C,X,ngo,,protection,uam,shelter,2020,2022,7,\n\
                   M04,C,X,ngo,ITA,protection,uam,shelter,2023,2022,,\n\
                   M01,D,X,ngo,ITA,protection,uam,shelter,2020,2022,,\n";
        let Err(MonitorError::Invalid { issues }) =
            Registry::from_csv_str(csv, Location::file("m.csv"))
        else {
            panic!("expected invalid")
        };
        let lines: Vec<u64> = issues.iter().filter_map(|i| i.at.line).collect();
        // unknown actor type (3); empty countries and budget without currency (4);
        // then the rules: M04 ends before it starts (5), M01 used twice (6)
        assert_eq!(lines, [3, 4, 4, 5, 6], "{issues:#?}");
        assert!(issues[0].to_string().starts_with("m.csv:3"));
        assert!(issues[4].message.contains("used twice"));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn json_errors_have_lines() {
        let json = "{\"schema\": 1,\n \"measures\": [],\n \"extra\": 1}";
        let Err(MonitorError::Json { at, .. }) = Registry::from_json_str(json, Location::memory())
        else {
            panic!("unknown field must be an error")
        };
        assert_eq!(at.line, Some(3));
        let json = r#"{"schema": 1, "measures": [
          {"id": "M01", "name": "A", "actor": "X", "actor_type": "ngo", "countries": ["GRC"],
           "pillar": "protection", "target_groups": ["uam"], "activities": ["shelter"],
           "start": "2020", "end": "2019",
           "evaluation": [{"criterion": "relevance", "rating": 7, "scale_max": 6, "evidence": "report"}]}
        ]}"#;
        let Err(MonitorError::Invalid { issues }) =
            Registry::from_json_str(json, Location::memory())
        else {
            panic!("expected invalid")
        };
        assert_eq!(issues.len(), 2);
        assert!(issues.iter().all(|i| i.at.line == Some(2)));
    }
}
