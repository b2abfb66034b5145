//! THB INDEX scoring: the pipeline that turns raw indicator data into scores and ranks
//! (denominate, impute, screen, treat, normalise, aggregate, rank), the weighting and MCDA
//! methods, rank comparison and the analysis tables.
//!
//! Kernels work on `f64` slices and [`thb_model::Matrix`] columns in which `NaN` marks a
//! missing value; they never let a `NaN` escape as a result. A method that cannot apply (a
//! constant column under min-max, a geometric mean of a value <= 0, ...) is a typed
//! [`ScoringError`] naming the node and the unit.
//!
//! You usually want the facade crate `thb-index`, which re-exports this crate as
//! `thb_index::scoring`.
//!
//! # Quick start
//!
//! ```
//! use thb_scoring::{IndexSpec, Pipeline, Stage};
//! use thb_model::io::{read_idata_str, read_imeta_str};
//! use thb_model::{Location, Period};
//! let fw = read_imeta_str(
//!     "iCode,Level,Parent,Type,Weight,Direction\nsafety,1,Index,Indicator,1,1\nrisk,1,Index,Indicator,1,-1\nIndex,2,,Aggregate,1,1\n",
//!     Location::memory(),
//! )?;
//! let ds = read_idata_str("uCode,safety,risk\nAUT,80,3\nBEL,60,1\nCHE,90,NA\n", Location::memory(), &fw, Period::Year(2024))?;
//! let spec = IndexSpec::from_json(r#"{"impute": "column_mean", "normalise": {"min_max": {"low": 0, "high": 100}}}"#)?;
//! let result = Pipeline::new(&fw, &ds, &spec)?.run(Period::Year(2024))?;
//! assert_eq!(result.ranks(), &[Some(3), Some(2), Some(1)]);
//! assert_eq!(result.stage(Stage::Normalised).get(1, 1), Some(100.0)); // risk 1 is the best
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The pipeline spec, one example per method family
//!
//! The JSON spec of `interfaces.md` §2 ([`IndexSpec`]); every field is optional. Each string
//! below is a complete, valid spec (checked by this example):
//!
//! ```
//! use thb_scoring::IndexSpec;
//! let examples = [
//!     // imputation: column, group, within-parent (row-wise), panel
//!     r#"{"impute": "column_median"}"#,
//!     r#"{"impute": {"group_mean": {"group": "EurAsia_group"}}}"#,
//!     r#"{"impute": {"within_parent": {}}}"#,
//!     r#"{"impute": {"panel": {"method": "linear_constant", "max_gap": 2}}}"#,
//!     // denomination and screening
//!     r#"{"denominate": true, "screen": {"min_availability": 0.9, "min_nonzero": 0.05}}"#,
//!     // outlier treatment: winsorisation with a log fallback, or a transform
//!     r#"{"treat": {"winsorise": {"winmax": 5, "skew": 2.0, "kurtosis": 3.5, "fallback": "log_ct"}}}"#,
//!     r#"{"treat": {"box_cox": {"lambda": 0.5}}}"#,
//!     // normalisation: scaling, standardising, ranking, distances, ratios
//!     r#"{"normalise": {"min_max": {"low": 1, "high": 100}}}"#,
//!     r#"{"normalise": {"z_score": {"mean": 100, "sd": 10}}}"#,
//!     r#"{"normalise": {"percentile_rank": {"ties": "average"}}}"#,
//!     r#"{"normalise": {"distance_to_target": {"cap": true}}}"#,
//!     r#"{"normalise": {"goalposts": {"lower": 1, "upper": 5, "scale": 100, "truncate": true}}}"#,
//!     r#"{"normalise": {"distance_to_reference": {"unit": "DEU", "cap": false}}}"#,
//!     r#"{"normalise": {"vector": {}}, "normalise_across_periods": true}"#,
//!     // aggregation: one method for all levels, or one per level
//!     r#"{"aggregate": "geometric", "normalise": {"min_max": {"low": 1, "high": 100}}}"#,
//!     r#"{"aggregate": ["arithmetic", {"power_mean": {"p": 0.5}}, "copeland"]}"#,
//!     r#"{"aggregate": {"mazziotta_pareto": {"penalty": "negative", "sd": "population"}}}"#,
//!     r#"{"aggregate": {"mean_min": {"alpha": 0.5, "beta": 1.0}}, "min_child_availability": 0.66}"#,
//!     r#"{"aggregate": {"owa": {"weights": [0.4, 0.3, 0.2, 0.1]}}}"#,
//!     // weights and per-indicator methods
//!     r#"{"weights": {"Conn": 2, "LPI": 0.5},
//!         "overrides": {"CPI": {"normalise": {"goalposts": {"lower": 0, "upper": 100}}, "treat": "none"}}}"#,
//! ];
//! for text in examples {
//!     IndexSpec::from_json(text)?;
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Extending
//!
//! Each stage has a small trait ([`Impute`], [`Treat`], [`Normalise`], [`Aggregate`]) beside the
//! closed `#[non_exhaustive]` registry enum that a JSON spec names ([`Imputation`],
//! [`Treatment`], [`Normalisation`], [`Aggregation`]). [`Pipeline`] is generic over the traits
//! with the enums as defaults, so a researcher's method plugs in without touching the enums.
//!
//! # Re-running (sensitivity analysis)
//!
//! See the [`pipeline`] module: the stages are separate functions over [`StageData`], and
//! [`aggregate::aggregate_into`] is an allocation-light hot path taking weights as a slice.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod aggregate;
pub mod analysis;
pub mod compare;
mod context;
pub mod denominate;
mod error;
pub mod impute;
pub mod mcda;
pub mod normalise;
mod params;
pub mod pipeline;
pub mod rank;
pub mod screen;
pub mod spec;
pub mod stats;
pub mod treat;
pub mod weighting;

pub use aggregate::{Aggregate, Aggregation};
pub use context::{IndicatorContext, RowLabel};
pub use error::{Result, ScoringError};
pub use impute::{Imputation, Impute};
pub use normalise::{Normalisation, Normalise};
pub use pipeline::{Denomination, IndexResult, MethodUse, Pipeline, Provenance, Stage, StageData};
pub use spec::IndexSpec;
pub use treat::{Treat, Treatment};
