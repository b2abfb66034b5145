//! THB INDEX monitoring and evaluation.
//!
//! * [`progress`]: progress towards targets (Eurostat SDG method behind `thb progress`, UNSD
//!   progress chart, SDSN distance to target, OECD standardised distance) and goal summaries;
//! * [`growth`]: the compound annual growth rate and its relatives;
//!
//! Every metric is a documented function naming the source of its formula
//! (`../shared/reference/monitoring-methods.md`). Thresholds set by organisations are
//! parameters with the cited values as defaults or named presets; a threshold marked
//! *(from recall — verify)* has not been checked against a retrieved text.
//!
//! Kernels compute in `f64`; values enter through `thb_model::Dataset::to_matrix` and leave
//! through `thb_model::numeric::to_decimal`. No `NaN` leaves this crate: a metric that cannot
//! apply is a typed [`MonitorError`] or an explicit "not assessable" result with its reason.
//!
//! You usually want the facade crate `thb-index`, which re-exports this crate as
//! `thb_index::monitor`.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod best_practice;
pub mod children;
pub mod coverage;
pub mod disclosure;
mod error;
pub mod funnel;
pub mod growth;
pub mod measures;
pub mod overlap;
pub mod progress;
pub mod results;
pub mod series;
mod table;
pub mod trend;

pub use error::{MonitorError, Result};
