//! One error type for everything the facade re-exports.

/// Any error of the THB INDEX crates, so that an application can use `?` throughout.
///
/// ```
/// fn run() -> Result<(), thb_index::Error> {
///     let fw = thb_index::reference::framework()?;
///     let spec = thb_index::reference::spec()?;
///     spec.check(&fw)?;
///     Ok(())
/// }
/// run()?;
/// # Ok::<(), thb_index::Error>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// From the data model: reading, validation, conversion.
    #[error(transparent)]
    Model(#[from] thb_model::ModelError),
    /// From scoring: a spec or a method that cannot apply.
    #[error(transparent)]
    Scoring(#[from] thb_scoring::ScoringError),
    /// From the uncertainty and sensitivity analysis.
    #[cfg(feature = "sensitivity")]
    #[error(transparent)]
    Sensitivity(#[from] thb_sensitivity::SensitivityError),
    /// From the monitoring metrics.
    #[cfg(feature = "monitor")]
    #[error(transparent)]
    Monitor(#[from] thb_monitor::MonitorError),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
