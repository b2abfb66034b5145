//! The error type of `thb-scoring`.

use thb_model::ModelError;

/// Everything that can go wrong while scoring. Variants name the node (indicator or
/// aggregate) and the unit where they apply.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScoringError {
    /// The data model reported a problem (reading, validation, conversion).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A pipeline spec or method parameter is invalid.
    #[error("invalid spec: {message}")]
    Spec {
        /// What is wrong.
        message: String,
    },
    /// A method cannot apply to the data: a constant column under min-max, a geometric mean of
    /// a value <= 0, all children missing where a value is required, ...
    #[error("{method} cannot be applied to `{node}`{}: {reason}", unit.as_ref().map(|u| format!(" for unit `{u}`")).unwrap_or_default())]
    NotApplicable {
        /// The method's name.
        method: &'static str,
        /// The indicator or aggregate.
        node: String,
        /// The unit, when one unit is the cause.
        unit: Option<String>,
        /// Why.
        reason: String,
    },
    /// A spec names a node, group column or unit that does not exist.
    #[error("unknown {what} `{code}`")]
    Unknown {
        /// "node", "group column", "unit", ...
        what: &'static str,
        /// The name given.
        code: String,
    },
    /// Input of the wrong shape (lengths that do not match, an empty matrix).
    #[error("{0}")]
    Shape(String),
    /// A column has a single distinct value, so a method that divides by its range or spread
    /// cannot apply (min-max, z-score, distance to max, ...).
    #[error(
        "{method} cannot be applied to `{node}`: every available value is {value} (zero range)"
    )]
    ConstantColumn {
        /// The method's name.
        method: &'static str,
        /// The indicator or aggregate.
        node: String,
        /// The single value.
        value: f64,
    },
    /// A method that needs strictly positive values met a value <= 0 (geometric or harmonic
    /// mean, logarithms, ratio normalisations of a direction -1 indicator, ...).
    #[error("{method} of `{node}` needs values > 0, but unit `{unit}` has {value}")]
    NonPositive {
        /// The method's name.
        method: &'static str,
        /// The indicator or aggregate.
        node: String,
        /// The unit holding the value.
        unit: String,
        /// The offending value.
        value: f64,
    },
    /// A method needs a parameter that neither the spec nor the framework gives (a target, goalposts).
    #[error(
        "{method} of `{node}` needs {parameter}, which neither the spec nor the framework gives"
    )]
    MissingParameter {
        /// The method's name.
        method: &'static str,
        /// The indicator.
        node: String,
        /// What is missing: "a target", "goalposts", ...
        parameter: &'static str,
    },
    /// Too few non-missing values for a method (a percentile rank of one value, panel
    /// imputation with one period, ...).
    #[error("{method} of `{node}` needs at least {needed} values, but only {found} are available")]
    TooFewValues {
        /// The method's name.
        method: &'static str,
        /// The indicator or aggregate.
        node: String,
        /// How many are needed.
        needed: usize,
        /// How many there are.
        found: usize,
    },
    /// Screening removed every unit.
    #[error("screening removed every unit ({units} units, none meets {rule})")]
    NothingLeft {
        /// How many units were screened.
        units: usize,
        /// The rule no unit met, e.g. "data availability >= 0.9".
        rule: String,
    },
    /// An AHP pairwise comparison matrix is more inconsistent than allowed.
    #[error(
        "pairwise comparisons are inconsistent: consistency ratio {ratio:.4} exceeds {threshold} (random index {random_index})"
    )]
    InconsistentComparisons {
        /// The consistency ratio CI / RI.
        ratio: f64,
        /// The largest accepted ratio (0.1, Saaty).
        threshold: f64,
        /// The random-index table used.
        random_index: &'static str,
    },
    /// A numerical solver (LP, iterative eigenvector, optimiser) failed to give an answer.
    #[error("{method}: {reason}")]
    Solver {
        /// The method's name.
        method: &'static str,
        /// What went wrong.
        reason: String,
    },
}

/// `Result` with [`ScoringError`] as the default error.
pub type Result<T, E = ScoringError> = core::result::Result<T, E>;
