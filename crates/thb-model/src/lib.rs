//! The THB INDEX data model: identifiers, the indicator framework, panels of observations,
//! readers and writers, collect-all validation, and the single Decimal <-> f64 boundary.
//!
//! You usually want the facade crate `thb-index`, which re-exports this crate as
//! `thb_index::model`; depend on `thb-model` directly if you only need the data types.
//!
//! ```
//! use thb_model::{Dataset, Framework, Node, Observation, Period, Unit};
//! let fw = Framework::new(vec![
//!     Node::indicator("x", "Index")?,
//!     Node::indicator("y", "Index")?,
//!     Node::aggregate("Index", 2, None)?,
//! ])?;
//! let mut ds = Dataset::new(vec![Unit::new("AUT")?], ["x".parse()?, "y".parse()?], [Period::Year(2020)])?;
//! ds.set("AUT", "x", Period::Year(2020), Observation::parse("1.5", "")?)?;
//! ds.set("AUT", "y", Period::Year(2020), Observation::parse("2", "e")?)?;
//! assert!(ds.validate(&fw).is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # File formats
//!
//! [`io`] reads and writes (every reader lists every problem with file, line, column, unit and
//! indicator, and never panics):
//!
//! | format | read | write |
//! |---|---|---|
//! | COINr iMeta / iData CSV | [`io::read_imeta`], [`io::read_idata`] | — |
//! | long CSV `unit,indicator,period,value,flag` (+ `unit_name`, group columns) | [`io::read_long_csv`] | [`io::write_long_csv`] |
//! | SDMX-CSV (Eurostat) with a [`io::DimensionMap`] | [`io::read_sdmx_csv`] | — |
//! | native JSON, `"schema": 1` (feature `serde`) | `io::read_framework_json`, `io::read_dataset_json` | `io::write_framework_json`, `io::write_dataset_json` |
//! | the public THB data (3P index, US TIP tiers, UNODC GLOTIP, UK NRM) | [`io::adapters`] | — |
//!
//! [`io::read_framework`] and [`io::read_dataset`] detect the format from the file.
//!
//! ## Native JSON
//!
//! A framework lists its `nodes` (and optionally the non-tree data `columns`); a dataset lists
//! its `units`, `columns`, `periods` and the `observations` that are not plainly missing.
//! Decimals are JSON strings, so they stay exact; unknown fields are errors; what is read goes
//! through the validating constructors. The module `io::json` documents every field.
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use thb_model::{io, Location};
//! let framework = r#"{
//!   "schema": 1,
//!   "nodes": [
//!     {"code": "PROS", "name": "Prosecution", "kind": "indicator", "level": 1, "parent": "Index"},
//!     {"code": "VIC", "name": "Detected victims", "kind": "indicator", "role": "context",
//!      "level": 1, "direction": -1, "source": "UNODC GLOTIP"},
//!     {"code": "Index", "kind": "aggregate", "level": 2}
//!   ]
//! }"#;
//! let dataset = r#"{
//!   "schema": 1,
//!   "units": [{"code": "EL", "name": "Greece", "groups": {"Region_group": "South"}}],
//!   "columns": ["PROS", "VIC"],
//!   "periods": ["2023"],
//!   "observations": [
//!     {"unit": "EL", "indicator": "PROS", "period": "2023", "status": {"value": "3.5"}, "flags": "p"},
//!     {"unit": "EL", "indicator": "VIC", "period": "2023", "status": {"censored": {"lo": "1", "hi": "4"}}}
//!   ]
//! }"#;
//! let fw = io::read_framework_json_str(framework, Location::memory())?;
//! let ds = io::read_dataset_json_str(dataset, Location::memory())?;
//! assert!(ds.validate(&fw).is_empty());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

mod dataset;
mod error;
mod framework;
mod id;
pub mod io;
pub mod numeric;
mod observation;
mod validate;

pub use dataset::{Dataset, Unit};
pub use error::{Location, ModelError, Result};
pub use framework::{ColumnKind, Direction, Family, Framework, Goalposts, Node, NodeKind, Role};
pub use id::{Code, Period, UnitCode, UnitKind};
pub use numeric::{CensoredPolicy, Matrix};
pub use observation::{CellError, Flag, Flags, ObsStatus, Observation, parse_decimal};
pub use validate::{Issue, IssueKind, MAX_REPORTED_ISSUES};

/// The version of the native JSON schema written and accepted by this crate.
pub const SCHEMA_VERSION: u32 = 1;
