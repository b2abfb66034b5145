//! THB INDEX uncertainty and variance-based sensitivity analysis.
//!
//! * [`config`]: the analysis config of `interfaces.md` §3.3 (runs, seed, sampling, factors);
//! * [`sampling`]: pseudo-random and scrambled Sobol' designs, Monte Carlo and Saltelli
//!   (N(d + 2) runs, COINr's `SA_sample` layout), each point reproducible from the seed and its
//!   index;
//! * [`run`]: what one run does ([`run::RunSpec`]), from its design point;
//! * [`engine`]: the [`engine::IndexModel`] trait a pipeline implements, the parallel runner
//!   (identical results whatever the thread count) and failure reports;
//! * [`uncertainty`]: rank and score bands per unit (memory-bounded accumulation);
//! * [`estimators`] and [`sensitivity`]: Saltelli 2010 first-order and Jansen 1999 total-order
//!   indices with bootstrap intervals;
//! * [`charts`]: SVG rank-band and S1/ST charts;
//! * `pipeline_model` (feature `serde`): the scoring pipeline as an [`engine::IndexModel`],
//!   with the work that does not depend on a factor done once.
//!
//! You usually want the facade crate `thb-index`, which re-exports this crate as
//! `thb_index::sensitivity`.
//!
//! ```
//! use thb_sensitivity::config::AnalysisConfig;
//! use thb_sensitivity::engine::{IndexModel, RunFailure};
//! use thb_sensitivity::run::{Choice, RunSpec};
//! use thb_sensitivity::uncertainty::{uncertainty, UncertaintyOptions};
//!
//! /// Two units scored by a weighted mean of two indicators.
//! struct Toy;
//! impl IndexModel for Toy {
//!     type Scratch = [f64; 2];
//!     fn units(&self) -> usize { 2 }
//!     fn level_len(&self, level: u32) -> Option<usize> { (level == 1).then_some(2) }
//!     fn scratch(&self) -> [f64; 2] { [0.0; 2] }
//!     fn evaluate(&self, run: &RunSpec, w: &mut [f64; 2], s: &mut [f64]) -> Result<(), RunFailure> {
//!         if let Some(Choice::Weights(draw)) = run.choices().first() {
//!             draw.fill(w).map_err(|e| RunFailure::new(e.to_string()))?;
//!         }
//!         s[0] = (w[0] * 0.9 + w[1] * 0.2) / (w[0] + w[1]);
//!         s[1] = (w[0] * 0.3 + w[1] * 0.7) / (w[0] + w[1]);
//!         Ok(())
//!     }
//! }
//! # #[cfg(feature = "serde")] {
//! let config = AnalysisConfig::from_json(
//!     r#"{"runs": 500, "seed": 42, "sampling": "sobol", "factors": [{"weights": {"level": 1, "noise": 0.25}}]}"#,
//! )?;
//! let ua = uncertainty(&Toy, &config, &UncertaintyOptions::default())?;
//! let mut csv = Vec::new();
//! ua.write_csv(&["A", "B"], &mut csv)?;
//! assert!(String::from_utf8(csv)?.starts_with("unit,nominal_rank,median_rank"));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

mod chacha;
pub mod charts;
pub mod config;
pub mod engine;
mod error;
pub mod estimators;
mod output;
#[cfg(feature = "serde")]
pub mod pipeline_model;
mod ranking;
pub mod run;
pub mod sampling;
pub mod sensitivity;
pub mod uncertainty;

pub use error::{Result, SensitivityError};

#[cfg(test)]
mod auto_traits {
    fn assert_send_sync<T: Send + Sync + Unpin>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<crate::config::AnalysisConfig>();
        assert_send_sync::<crate::config::Factor>();
        assert_send_sync::<crate::run::RunPlan>();
        assert_send_sync::<crate::run::RunSpec>();
        assert_send_sync::<crate::run::WeightDraw>();
        assert_send_sync::<crate::sampling::UnitCube>();
        assert_send_sync::<crate::sampling::MonteCarloDesign>();
        assert_send_sync::<crate::sampling::SaltelliDesign>();
        assert_send_sync::<crate::engine::RunFailure>();
        assert_send_sync::<crate::engine::FailureReport>();
        assert_send_sync::<crate::estimators::SaltelliOutputs>();
        assert_send_sync::<crate::estimators::BootstrapIntervals>();
        assert_send_sync::<crate::uncertainty::UncertaintyResult>();
        assert_send_sync::<crate::uncertainty::UncertaintyOptions<'static>>();
        assert_send_sync::<crate::sensitivity::SensitivityResult>();
        assert_send_sync::<crate::sensitivity::SensitivityOptions<'static>>();
        assert_send_sync::<crate::SensitivityError>();
        #[cfg(feature = "serde")]
        assert_send_sync::<crate::pipeline_model::PipelineModel>();
    }
}
