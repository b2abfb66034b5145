//! # THB INDEX
//!
//! Compute and monitor a THB INDEX: a concise information system, built on a limited set of
//! key indicators, that shows how countries fight trafficking in human beings (THB).
//!
//! You usually want only this crate: it re-exports the data model ([`model`]), the scoring
//! pipeline ([`scoring`]), the uncertainty and sensitivity analysis ([`sensitivity`]) and the
//! monitoring metrics ([`monitor`]), and it holds the reference THB INDEX framework
//! ([`reference`](mod@reference)). Depend on `thb-model` directly if you only need the data types.
//!
//! ## Quick start
//!
//! ```
//! use thb_index::reference;
//!
//! let framework = reference::framework()?;          // the reference THB INDEX
//! let data = reference::illustrative_dataset();     // ILLUSTRATIVE synthetic data
//! let problems = data.validate(&framework);         // every problem, with unit and indicator
//! assert!(problems.is_empty());
//! println!("{} units, {} indicators, periods {:?}",
//!     data.units().len(), framework.indicators().len(), data.periods());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod reference;

/// Background documents rendered into the API documentation.
pub mod _documentation {
    /// The design decisions of the workspace and its deviations from the house style.
    #[doc = include_str!("../DESIGN.md")]
    pub mod design {}
}

#[doc(inline)]
pub use thb_model as model;
#[cfg(feature = "monitor")]
#[doc(inline)]
pub use thb_monitor as monitor;
#[doc(inline)]
pub use thb_scoring as scoring;
#[cfg(feature = "sensitivity")]
#[doc(inline)]
pub use thb_sensitivity as sensitivity;

pub use thb_model::{
    Code, Dataset, Direction, Framework, Issue, Matrix, ModelError, Node, Observation, Period,
    Unit, UnitCode,
};
