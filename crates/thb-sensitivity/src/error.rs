//! The error type of `thb-sensitivity`.

/// Everything that can go wrong while setting up or running an uncertainty or sensitivity
/// analysis. A run of the model that fails is not an error: it is counted in a
/// [`FailureReport`](crate::engine::FailureReport).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SensitivityError {
    /// The analysis config is invalid (a field out of range, an empty list of alternatives, ...).
    #[error("invalid config: {message}")]
    Config {
        /// What is wrong, naming the field or factor.
        message: String,
    },
    /// The config could not be read as JSON.
    #[cfg(feature = "serde")]
    #[error("config is not valid JSON at line {line}, column {column}: {source}")]
    Json {
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based).
        column: usize,
        /// The parser's message.
        source: serde_json::Error,
    },
    /// A factor names a framework level the model does not have.
    #[error("factor `{factor}`: the model has no level {level}")]
    UnknownLevel {
        /// The factor's label.
        factor: String,
        /// The level asked for.
        level: u32,
    },
    /// An alternative of a factor cannot be converted to the pipeline's method type.
    #[error("factor `{factor}`, alternative {index}: {message}")]
    Alternative {
        /// The factor's label.
        factor: String,
        /// Position of the alternative in the factor's list (0-based).
        index: usize,
        /// Why it was rejected.
        message: String,
    },
    /// The scoring pipeline cannot be set up with some alternative of the config (the spec
    /// does not fit the framework or the data).
    #[error("pipeline with {what}: {source}")]
    Pipeline {
        /// Which alternatives (1-based positions in their factors' lists).
        what: String,
        /// The pipeline's error.
        source: thb_scoring::ScoringError,
    },
    /// A sampling design cannot be built with these sizes.
    #[error("design: {message}")]
    Design {
        /// What is wrong.
        message: String,
    },
    /// Inputs of the wrong shape (lengths that do not match).
    #[error("{message}")]
    Shape {
        /// What does not match.
        message: String,
    },
    /// The nominal run (every factor at its nominal value) failed, so nothing can be compared
    /// with it.
    #[error("the nominal run failed: {cause}")]
    NominalFailed {
        /// Why the model failed.
        cause: String,
    },
    /// Too few usable model outputs to estimate anything (all runs failed, zero variance, ...).
    #[error("cannot estimate {what}: {reason}")]
    Degenerate {
        /// The quantity asked for.
        what: &'static str,
        /// Why it cannot be estimated.
        reason: String,
    },
    /// Writing an output failed.
    #[error("cannot write {what}: {source}")]
    Io {
        /// What was being written.
        what: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// `Result` with [`SensitivityError`] as the default error.
pub type Result<T, E = SensitivityError> = core::result::Result<T, E>;

impl SensitivityError {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::Config {
            message: message.into(),
        }
    }

    pub(crate) fn shape(message: impl Into<String>) -> Self {
        Self::Shape {
            message: message.into(),
        }
    }
}
