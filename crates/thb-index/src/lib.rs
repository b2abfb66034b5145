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
//! Load a framework and data, validate them, score them:
//!
//! ```
//! use thb_index::{model::io, reference, IndexSpec, Pipeline};
//!
//! let framework = io::read_imeta_str("iCode,Level,Parent,Type,Direction\nvictims_identified,1,Index,Indicator,1\n\
//!     convictions,1,Index,Indicator,1\nIndex,2,,Aggregate,\n", thb_index::model::Location::memory())?;
//! let data = io::read_long_csv_str("unit,indicator,period,value,flag\nAT,victims_identified,2023,43,\n\
//!     AT,convictions,2023,<5,\nBE,victims_identified,2023,31,p\nBE,convictions,2023,12,\n\
//!     DE,victims_identified,2023,20,\nDE,convictions,2023,30,\n", thb_index::model::Location::memory())?;
//! assert!(data.validate(&framework).iter().all(|issue| issue.is_warning()));
//! let result = Pipeline::new(&framework, &data, &IndexSpec::default())?.run_latest()?;
//! // Min-max to 0-100, arithmetic mean; AT's censored `<5` count stays missing, never a number.
//! assert_eq!(result.ranks(), &[Some(1), Some(3), Some(2)]);
//!
//! // The reference THB INDEX on its built-in, ILLUSTRATIVE (synthetic) data:
//! let (fw, ds) = (reference::framework()?, reference::illustrative_dataset());
//! let scores = Pipeline::new(&fw, &ds, &reference::spec()?)?.run_latest()?;
//! assert_eq!(scores.root_scores().len(), 27);
//! # Ok::<(), thb_index::Error>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
pub mod reference;
#[cfg(feature = "monitor")]
pub mod report;

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

pub use error::{Error, Result};
pub use thb_model::{
    Code, Dataset, Direction, Framework, Issue, Matrix, ModelError, Node, Observation, Period,
    Unit, UnitCode,
};
pub use thb_scoring::{Aggregation, IndexResult, IndexSpec, Normalisation, Pipeline, Stage};

/// The traits a researcher implements to plug a new method into the pipeline.
pub mod prelude {
    #[doc(no_inline)]
    pub use thb_scoring::{Aggregate, Impute, Normalise, Treat};
}
