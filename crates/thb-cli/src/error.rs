//! The errors of the `thb` binary and their exit codes.

use std::path::PathBuf;

use thb_index::model::ModelError;
use thb_index::monitor::MonitorError;
use thb_index::scoring::ScoringError;
use thb_index::sensitivity::SensitivityError;

/// Everything that makes `thb` stop.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line is inconsistent (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Input could not be read or is invalid (exit 1).
    #[error("{0}")]
    Model(#[from] ModelError),
    /// A scoring method cannot apply (exit 1).
    #[error("{0}")]
    Scoring(#[from] ScoringError),
    /// A monitoring metric cannot be computed (exit 1).
    #[error("{0}")]
    Monitor(#[from] MonitorError),
    /// An uncertainty or sensitivity analysis cannot be set up or run (exit 1).
    #[error("{0}")]
    Analysis(#[from] SensitivityError),
    /// Validation found problems; they were printed (exit 1).
    #[error("{0} problem(s) found")]
    Problems(usize),
    /// Writing the output failed (exit 1).
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Any other invalid input (exit 1).
    #[error("{0}")]
    Invalid(String),
}

impl CliError {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            _ => 1,
        }
    }

    /// What the user can do next, when there is something useful to say.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Self::Usage(_) => {
                Some("run `thb --help` or `thb <command> --help` for the options and examples")
            }
            Self::Problems(_) => {
                Some("fix the problems listed above, then run `thb validate` again")
            }
            Self::Model(ModelError::Io { .. }) => {
                Some("check the path; paths are relative to the current directory")
            }
            _ => None,
        }
    }
}

impl From<thb_index::Error> for CliError {
    fn from(e: thb_index::Error) -> Self {
        match e {
            thb_index::Error::Model(e) => Self::Model(e),
            thb_index::Error::Scoring(e) => Self::Scoring(e),
            thb_index::Error::Monitor(e) => Self::Monitor(e),
            other => Self::Invalid(other.to_string()),
        }
    }
}

/// `Result` with [`CliError`].
pub type Result<T, E = CliError> = core::result::Result<T, E>;
