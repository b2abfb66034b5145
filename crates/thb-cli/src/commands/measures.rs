//! `thb measures`: counter-trafficking measures — validation, effectiveness, overlap and
//! duplication.

use std::path::Path;
use std::process::ExitCode;

use thb_index::model::Location;
use thb_index::monitor::best_practice::{IDENTIFICATION_CAUTION, rank_by_effectiveness};
use thb_index::monitor::measures::Registry;
use thb_index::monitor::overlap::{OverlapThresholds, analyse};

use crate::cli::{MeasuresAction, MeasuresArgs, OverlapTable};
use crate::error::Result;
use crate::output::{Cell, Table, emit};

fn read_registry(path: &Path) -> Result<Registry> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    Ok(if is_csv {
        Registry::read_csv(path)?
    } else {
        Registry::read_json(path)?
    })
}

/// Runs one `thb measures` action.
pub fn run(args: &MeasuresArgs) -> Result<ExitCode> {
    let registry = read_registry(&args.registry)?;
    let problems = registry.validate_with(|_| Location::file(&args.registry));
    if !problems.is_empty() {
        return Err(thb_index::model::ModelError::Invalid { issues: problems }.into());
    }
    if registry.illustrative {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("thb: this registry is ILLUSTRATIVE (made-up measures), not real data");
        }
    }
    let table = match args.action {
        MeasuresAction::Validate => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "thb: {} measures, no problem found",
                    registry.measures.len()
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        MeasuresAction::Evaluate => evaluate(&registry)?,
        MeasuresAction::Overlap => overlap(&registry, args.table)?,
    };
    emit(&table, args.format, args.out.as_deref(), args.decimals)?;
    Ok(ExitCode::SUCCESS)
}

fn evaluate(registry: &Registry) -> Result<Table> {
    let rows = rank_by_effectiveness(registry, None)?;
    let mut t = Table::new([
        "measure",
        "rank",
        "achievement",
        "indicators_used",
        "cost_per_output",
        "currency",
        "dac_mean",
        "note",
    ]);
    for r in rows {
        t.push(vec![
            Cell::text(r.id.as_str()),
            r.rank.map_or(Cell::Empty, |k| Cell::Int(k as i64)),
            Cell::num(r.achievement),
            Cell::Int(r.indicators_used as i64),
            Cell::num(r.cost_per_output.as_ref().map(|c| c.0)),
            r.cost_per_output.map_or(Cell::Empty, |c| Cell::Text(c.1)),
            Cell::num(r.dac_mean),
            Cell::text(r.note),
        ]);
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!("thb: note: {IDENTIFICATION_CAUTION}");
    }
    Ok(t)
}

fn overlap(registry: &Registry, which: OverlapTable) -> Result<Table> {
    let report = analyse(registry, &OverlapThresholds::default())?;
    Ok(match which {
        OverlapTable::Pairs => {
            let mut t = Table::new([
                "a",
                "b",
                "relation",
                "goals",
                "activities",
                "target_groups",
                "geography",
                "time",
                "reasons",
            ]);
            for p in &report.pairs {
                let s = &p.similarity;
                t.push(vec![
                    Cell::text(p.a.as_str()),
                    Cell::text(p.b.as_str()),
                    Cell::text(format!("{:?}", p.relation).to_lowercase()),
                    Cell::Number(s.goals),
                    Cell::Number(s.activities),
                    Cell::Number(s.target_groups),
                    Cell::Number(s.geography),
                    Cell::Number(s.time),
                    Cell::text(p.reasons.join("; ")),
                ]);
            }
            t
        }
        OverlapTable::Clusters => {
            let mut t = Table::new(["cluster", "size", "measures"]);
            for (k, c) in report.clusters.iter().enumerate() {
                let ids: Vec<&str> = c.iter().map(|m| m.as_str()).collect();
                t.push(vec![
                    Cell::Int(k as i64 + 1),
                    Cell::Int(c.len() as i64),
                    Cell::text(ids.join(" ")),
                ]);
            }
            t
        }
        OverlapTable::Needs => {
            let mut t = Table::new([
                "pillar",
                "target_group",
                "country",
                "measures",
                "share_basis",
                "hhi",
                "fragmented",
                "reason",
            ]);
            for n in &report.needs {
                let ids: Vec<&str> = n.measures.iter().map(|m| m.as_str()).collect();
                t.push(vec![
                    Cell::text(n.pillar.as_str()),
                    Cell::text(n.target_group.as_str()),
                    Cell::text(n.country.as_str()),
                    Cell::text(ids.join(" ")),
                    Cell::text(n.share_basis.clone()),
                    Cell::Number(n.hhi),
                    Cell::text(n.fragmented.to_string()),
                    Cell::text(n.reason.clone()),
                ]);
            }
            t
        }
    })
}
