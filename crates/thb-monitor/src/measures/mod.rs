//! Counter-trafficking measures: a registry of interventions with their actor, funder,
//! countries, 4P pillar, target groups, activity types, period, budget, results framework and
//! OECD DAC evaluation ratings per criterion with evidence (`monitoring-methods.md` §7, §9),
//! read from JSON or CSV.

mod model;
mod read;

pub use model::{ActorType, Budget, DacCriterion, DacRating, Measure, Pillar, Registry, Tag};
pub use read::{MEASURES_CSV_OPTIONAL, MEASURES_CSV_REQUIRED};
