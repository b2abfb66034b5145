//! THB INDEX monitoring and evaluation.
//!
//! | module | what |
//! |---|---|
//! | [`progress`] | progress towards targets: the Eurostat SDG method behind `thb progress` (rows and CSV of `interfaces.md` §3.4, targets from the framework or a targets table, goal summaries), the UNSD progress chart, SDSN distance to target (scores, dashboard colours, trend arrows), the OECD standardised distance |
//! | [`growth`] | the compound annual growth rate, oriented growth, percentage change |
//! | [`trend`] | the index over time: score and rank change, rank changes against uncertainty bands, volatility, OLS slope with its standard error |
//! | [`results`] | results frameworks (impact → activity), % of planned change, linear path, on-track ratio, RAG status |
//! | [`measures`] | the counter-trafficking measures registry (4P pillar, target groups, activities, budget, results, OECD DAC ratings) with JSON and CSV readers |
//! | [`overlap`] | GAO fragmentation / overlap / duplication, Jaccard similarity per dimension, duplicate clusters, HHI per need |
//! | [`best_practice`] | measures ranked by effectiveness and cost per output; countries above what their context predicts (OLS residuals, FDH frontier) |
//! | [`funnel`] | criminal-justice and identification funnels with attrition rates and lags |
//! | [`children`] | child and UAM shares and rates, alert rules with explanations |
//! | [`coverage`] | data coverage and quality per unit and period, timeliness |
//! | [`disclosure`] | safe publication of counts: primary (k) and secondary suppression |
//! | [`series`] | a named time series by period (years or quarters) |
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
