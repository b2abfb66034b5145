//! THB INDEX scoring: the pipeline that turns raw indicator data into scores and ranks
//! (denominate, impute, screen, treat, normalise, aggregate, rank), the weighting and MCDA
//! methods, rank comparison and the analysis tables.
//!
//! Kernels work on `f64` slices and [`thb_model::Matrix`] columns in which `NaN` marks a
//! missing value; they never let a `NaN` escape as a result.
//!
//! You usually want the facade crate `thb-index`, which re-exports this crate as
//! `thb_index::scoring`.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod aggregate;
pub mod analysis;
mod context;
pub mod denominate;
mod error;
pub mod impute;
pub mod normalise;
mod params;
mod pipeline;
pub mod rank;
pub mod screen;
pub mod spec;
pub mod stats;
pub mod treat;

pub use aggregate::{Aggregate, Aggregation};
pub use context::{IndicatorContext, RowLabel};
pub use error::{Result, ScoringError};
pub use impute::{Imputation, Impute};
pub use normalise::{Normalisation, Normalise};
pub use pipeline::{
    Denomination, IndexResult, MethodUse, Pipeline, Provenance, Stage, StageData,
};
pub use spec::IndexSpec;
pub use treat::{Treat, Treatment};
