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
