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

pub mod compare;
mod error;
pub mod mcda;
pub mod rank;
pub mod stats;
pub mod weighting;

pub use error::{Result, ScoringError};
