//! Multi-criteria decision analysis (MCDA) scoring methods on a decision matrix.
//!
//! A [`DecisionMatrix`] holds the alternatives (rows, the units) and criteria (columns, the
//! indicators) with each criterion's direction ([`Direction::Positive`] = benefit,
//! [`Direction::Negative`] = cost). A method implements [`Evaluate`]; [`McdaMethod`] is the
//! registry of every method, usable from a spec (`"topsis"`, `{"vikor": {"v": 0.5}}`).
//!
//! Conventions (`mcda-methods.md` §3): weights are rescaled to sum 1; missing values are an
//! error (no method here has a rule for them); a constant criterion is an error wherever a
//! formula divides by its range or spread, unless the method offers [`OnConstant::Fill`];
//! no `NaN` ever leaves a method. Inside the index pipeline every column is already oriented
//! "higher is better" ([`DecisionMatrix::oriented`]), so no cost column is flipped twice.
//!
//! ```
//! use thb_model::{Direction, Matrix};
//! use thb_scoring::mcda::{DecisionMatrix, Evaluate, McdaMethod, Topsis};
//! use thb_scoring::rank::Ties;
//! let x = Matrix::from_rows(&[vec![2.1, 3.2], vec![0.8, 6.5], vec![3.5, 2.1]])?;
//! let dm = DecisionMatrix::new(&x, &[Direction::Positive, Direction::Negative])?;
//! let method = McdaMethod::Topsis(Topsis::default()); // the spec's "topsis"
//! let ev = method.evaluate(&dm, &[0.5, 0.5])?;
//! assert_eq!(ev.ranks(Ties::Min), [2.0, 3.0, 1.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod aras;
mod cocoso;
mod codas;
mod copras;
mod edas;
mod mabac;
mod marcos;
mod moora;
mod normalise;
mod promethee;
pub(crate) mod registry;
mod spotis;
mod topsis;
mod vikor;
mod waspas;
mod wpm;
mod wsm;

pub use aras::Aras;
pub use cocoso::Cocoso;
pub use codas::Codas;
pub use copras::Copras;
pub use edas::Edas;
pub use mabac::Mabac;
pub use marcos::Marcos;
pub use moora::{Moora, Multimoora};
pub(crate) use normalise::{ColumnMap, non_negative, positive, range};
pub use normalise::{McdaNormalisation, MinMaxOptions, OnConstant, ZScoreOptions};
pub use promethee::{Preference, PrometheeII};
pub use spotis::Spotis;
pub use thb_model::Direction;
pub use topsis::{Distance, Topsis};
pub use vikor::{Vikor, VikorResult};
pub use waspas::Waspas;
pub use wpm::Wpm;
pub use wsm::Wsm;

use thb_model::Matrix;

use crate::rank::{Order, Ties, rank};
use crate::{Result, ScoringError};

/// A complete decision matrix with its criterion directions and optional labels for errors.
///
/// ```
/// use thb_model::{Direction, Matrix};
/// use thb_scoring::mcda::DecisionMatrix;
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 4.0]])?;
/// let dm = DecisionMatrix::new(&x, &[Direction::Positive, Direction::Negative])?
///     .with_labels(["AUT", "BEL"], ["prosecutions", "prevalence"])?;
/// assert_eq!(dm.nrows(), 2);
/// assert_eq!(dm.criterion(1), "prevalence");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionMatrix<'a> {
    x: &'a Matrix,
    types: Vec<Direction>,
    units: Option<Vec<String>>,
    criteria: Option<Vec<String>>,
}

impl<'a> DecisionMatrix<'a> {
    /// A decision matrix: rows are alternatives, columns criteria of the given directions.
    ///
    /// # Errors
    /// [`crate::ScoringError::Shape`] when `types` does not have one entry per column or the matrix is
    /// empty; [`crate::ScoringError::NotApplicable`] naming unit and criterion for a missing cell.
    pub fn new(x: &'a Matrix, types: &[Direction]) -> Result<Self> {
        if types.len() != x.ncols() {
            return Err(ScoringError::Shape(format!(
                "decision matrix has {} criteria but {} directions",
                x.ncols(),
                types.len()
            )));
        }
        if x.nrows() == 0 || x.ncols() == 0 {
            return Err(ScoringError::Shape(
                "decision matrix has no alternatives or no criteria".to_owned(),
            ));
        }
        let dm = Self {
            x,
            types: types.to_vec(),
            units: None,
            criteria: None,
        };
        for j in 0..x.ncols() {
            if let Some(i) = x.column(j).iter().position(|v| v.is_nan()) {
                return Err(dm.not_applicable("decision matrix", j, Some(i), "missing value"));
            }
        }
        Ok(dm)
    }

    /// A decision matrix whose columns are all benefit criteria: the form MCDA aggregators get
    /// inside the index pipeline, where every child is already oriented.
    ///
    /// ```
    /// use thb_model::Matrix;
    /// use thb_scoring::mcda::{DecisionMatrix, Direction};
    /// let x = Matrix::from_rows(&[vec![1.0, 2.0]])?;
    /// assert!(DecisionMatrix::oriented(&x)?.types().iter().all(|d| *d == Direction::Positive));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`DecisionMatrix::new`].
    pub fn oriented(x: &'a Matrix) -> Result<Self> {
        Self::new(x, &vec![Direction::Positive; x.ncols()])
    }

    /// The same matrix and labels with every criterion a benefit criterion (for methods that
    /// normalise direction-blind).
    pub fn as_oriented(&self) -> Self {
        Self {
            types: vec![Direction::Positive; self.ncols()],
            ..self.clone()
        }
    }

    /// Names the units (rows) and criteria (columns) in error messages.
    ///
    /// # Errors
    /// [`crate::ScoringError::Shape`] when the numbers of labels do not match the matrix.
    pub fn with_labels<U, C>(
        mut self,
        units: impl IntoIterator<Item = U>,
        criteria: impl IntoIterator<Item = C>,
    ) -> Result<Self>
    where
        U: Into<String>,
        C: Into<String>,
    {
        let units: Vec<String> = units.into_iter().map(Into::into).collect();
        let criteria: Vec<String> = criteria.into_iter().map(Into::into).collect();
        if units.len() != self.nrows() || criteria.len() != self.ncols() {
            return Err(ScoringError::Shape(format!(
                "{} unit and {} criterion labels for a {} x {} decision matrix",
                units.len(),
                criteria.len(),
                self.nrows(),
                self.ncols()
            )));
        }
        self.units = Some(units);
        self.criteria = Some(criteria);
        Ok(self)
    }

    /// The values.
    pub fn matrix(&self) -> &'a Matrix {
        self.x
    }
    /// Criterion directions.
    pub fn types(&self) -> &[Direction] {
        &self.types
    }
    /// Number of alternatives.
    pub fn nrows(&self) -> usize {
        self.x.nrows()
    }
    /// Number of criteria.
    pub fn ncols(&self) -> usize {
        self.x.ncols()
    }
    /// Column `j` (no missing values).
    ///
    /// # Panics
    /// When `j >= ncols()`, like slice indexing.
    pub fn column(&self, j: usize) -> &'a [f64] {
        self.x.column(j)
    }
    /// The label of criterion `j` (`#1`, `#2`, ... without labels).
    pub fn criterion(&self, j: usize) -> String {
        label(self.criteria.as_deref(), j)
    }
    /// The label of unit `i` (`#1`, `#2`, ... without labels).
    pub fn unit(&self, i: usize) -> String {
        label(self.units.as_deref(), i)
    }

    /// [`crate::ScoringError::NotApplicable`] for criterion `j` (and unit `i`).
    pub(crate) fn not_applicable(
        &self,
        method: &'static str,
        j: usize,
        i: Option<usize>,
        reason: &str,
    ) -> ScoringError {
        ScoringError::NotApplicable {
            method,
            node: self.criterion(j),
            unit: i.map(|i| self.unit(i)),
            reason: reason.to_owned(),
        }
    }

    /// [`crate::ScoringError::ConstantColumn`] for criterion `j`.
    pub(crate) fn constant(&self, method: &'static str, j: usize) -> ScoringError {
        ScoringError::ConstantColumn {
            method,
            node: self.criterion(j),
            value: self.column(j).first().copied().unwrap_or_default(),
        }
    }

    /// Fails unless there are at least `n` alternatives.
    pub(crate) fn need_rows(&self, method: &'static str, n: usize) -> Result<()> {
        if self.nrows() < n {
            return Err(ScoringError::Shape(format!(
                "{method} needs at least {n} alternatives, got {}",
                self.nrows()
            )));
        }
        Ok(())
    }

    /// The weights checked (one per criterion, finite, ≥ 0, not all 0) and rescaled to sum 1.
    pub(crate) fn weights(&self, method: &'static str, w: &[f64]) -> Result<Vec<f64>> {
        if w.len() != self.ncols() {
            return Err(ScoringError::Shape(format!(
                "{method}: {} weights for {} criteria",
                w.len(),
                self.ncols()
            )));
        }
        if let Some(j) = w.iter().position(|v| !v.is_finite() || *v < 0.0) {
            return Err(self.not_applicable(
                method,
                j,
                None,
                &format!("weight {} is not a finite value >= 0", w[j]),
            ));
        }
        let s: f64 = w.iter().sum();
        if s <= 0.0 {
            return Err(ScoringError::Spec {
                message: format!("{method}: the weights are all 0"),
            });
        }
        Ok(w.iter().map(|v| v / s).collect())
    }
}

/// A [`crate::ScoringError::Spec`] error.
pub(crate) fn spec_error<T>(message: String) -> Result<T> {
    Err(ScoringError::Spec { message })
}

/// Checks that a parameter lies in [0, 1].
pub(crate) fn unit_interval(method: &str, name: &str, v: f64) -> Result<()> {
    if (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        spec_error(format!("{method}: {name} must be in [0, 1], got {v}"))
    }
}

fn label(labels: Option<&[String]>, k: usize) -> String {
    labels
        .and_then(|l| l.get(k).cloned())
        .unwrap_or_else(|| format!("#{}", k + 1))
}

/// Whether a method's higher or lower score is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Better {
    /// The highest score is best (most methods).
    Higher,
    /// The lowest score is best (VIKOR's Q, SPOTIS, MULTIMOORA's rank sum).
    Lower,
}

/// The scores of a method, one per alternative, and which way is better.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{Better, DecisionMatrix, Evaluate, Vikor};
/// use thb_scoring::rank::Ties;
/// let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 1.0], vec![2.0, 3.0]])?;
/// let ev = Vikor::default().evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.5])?;
/// assert_eq!(ev.better(), Better::Lower);
/// assert_eq!(ev.ranks(Ties::Min)[2], 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    scores: Vec<f64>,
    better: Better,
}

impl Evaluation {
    /// Checks that every score is finite (no `NaN` leaves a method).
    pub(crate) fn new(
        method: &'static str,
        dm: &DecisionMatrix<'_>,
        scores: Vec<f64>,
        better: Better,
    ) -> Result<Self> {
        if let Some(i) = scores.iter().position(|v| !v.is_finite()) {
            return Err(ScoringError::NotApplicable {
                method,
                node: "score".to_owned(),
                unit: Some(dm.unit(i)),
                reason: "the score is undefined for this data (a division by zero)".to_owned(),
            });
        }
        Ok(Self { scores, better })
    }

    /// One score per alternative, in row order.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }
    /// Whether higher or lower is better.
    pub fn better(&self) -> Better {
        self.better
    }
    /// The scores.
    pub fn into_scores(self) -> Vec<f64> {
        self.scores
    }
    /// Scores where higher is always better (negated when lower is better), for comparisons.
    pub fn oriented_scores(&self) -> Vec<f64> {
        match self.better {
            Better::Higher => self.scores.clone(),
            Better::Lower => self.scores.iter().map(|v| -v).collect(),
        }
    }
    /// Ranks, 1 = best, with the given tie method.
    pub fn ranks(&self, ties: Ties) -> Vec<f64> {
        let order = match self.better {
            Better::Higher => Order::Descending,
            Better::Lower => Order::Ascending,
        };
        rank(&self.scores, ties, order)
    }
}

/// An MCDA scoring method: scores the alternatives of a decision matrix under weights.
pub trait Evaluate {
    /// Scores every alternative. `weights` (one per criterion, ≥ 0) are rescaled to sum 1.
    ///
    /// # Errors
    /// [`crate::ScoringError::Shape`] for weights of the wrong length or too few alternatives;
    /// [`crate::ScoringError::ConstantColumn`] or [`crate::ScoringError::NotApplicable`] when the method's
    /// formula cannot apply to the data.
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation>;
}

/// Every MCDA scoring method (the registry used by specs and front ends).
///
/// Names: `wsm`, `wpm` (both need `normalisation`), `waspas`, `topsis`, `vikor`,
/// `promethee_ii`, `copras`, `edas`, `mabac`, `aras`, `cocoso`, `codas`, `marcos`, `moora`,
/// `multimoora`, `spotis`.
///
/// ```
/// use thb_scoring::mcda::McdaMethod;
/// # #[cfg(feature = "serde")] {
/// let m: McdaMethod = serde_json::from_str(r#"{"vikor": {"v": 0.3}}"#)?;
/// assert_eq!(m.name(), "vikor");
/// let w: McdaMethod = serde_json::from_str(r#"{"wsm": {"normalisation": "min_max"}}"#)?;
/// assert_eq!(serde_json::to_string(&w)?, r#"{"wsm":{"normalisation":"min_max"}}"#);
/// assert!(serde_json::from_str::<McdaMethod>(r#""wsm""#).is_err());
/// # }
/// assert!(McdaMethod::NAMES.contains(&"promethee_ii"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum McdaMethod {
    /// Weighted sum model.
    Wsm(Wsm),
    /// Weighted product model.
    Wpm(Wpm),
    /// WASPAS.
    Waspas(Waspas),
    /// TOPSIS.
    Topsis(Topsis),
    /// VIKOR (lower Q is better).
    Vikor(Vikor),
    /// PROMETHEE II net flows.
    PrometheeII(PrometheeII),
    /// COPRAS.
    Copras,
    /// EDAS.
    Edas,
    /// MABAC.
    Mabac,
    /// ARAS.
    Aras,
    /// CoCoSo.
    Cocoso(Cocoso),
    /// CODAS.
    Codas(Codas),
    /// MARCOS.
    Marcos,
    /// MOORA ratio system.
    Moora,
    /// MULTIMOORA (lower rank sum is better).
    Multimoora,
    /// SPOTIS (lower is better).
    Spotis(Spotis),
}

registry::method_registry!(
    McdaMethod, "MCDA method",
    plain {
        Copras => "copras",
        Edas => "edas",
        Mabac => "mabac",
        Aras => "aras",
        Marcos => "marcos",
        Moora => "moora",
        Multimoora => "multimoora",
    }
    defaulted {
        Waspas => "waspas",
        Topsis => "topsis",
        Vikor => "vikor",
        PrometheeII => "promethee_ii" | "promethee",
        Cocoso => "cocoso",
        Codas => "codas",
        Spotis => "spotis",
    }
    required {
        Wsm => "wsm" | "saw",
        Wpm => "wpm",
    }
);

impl Evaluate for McdaMethod {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        match self {
            Self::Wsm(m) => m.evaluate(dm, weights),
            Self::Wpm(m) => m.evaluate(dm, weights),
            Self::Waspas(m) => m.evaluate(dm, weights),
            Self::Topsis(m) => m.evaluate(dm, weights),
            Self::Vikor(m) => m.evaluate(dm, weights),
            Self::PrometheeII(m) => m.evaluate(dm, weights),
            Self::Copras => Copras.evaluate(dm, weights),
            Self::Edas => Edas.evaluate(dm, weights),
            Self::Mabac => Mabac.evaluate(dm, weights),
            Self::Aras => Aras.evaluate(dm, weights),
            Self::Cocoso(m) => m.evaluate(dm, weights),
            Self::Codas(m) => m.evaluate(dm, weights),
            Self::Marcos => Marcos.evaluate(dm, weights),
            Self::Moora => Moora.evaluate(dm, weights),
            Self::Multimoora => Multimoora.evaluate(dm, weights),
            Self::Spotis(m) => m.evaluate(dm, weights),
        }
    }
}

/// Σ_j w_j·r_ij per row, where `map(j)` gives the normalisation of column `j`: the weighted-sum
/// kernel shared by WSM, CoCoSo and others. One scratch column, no normalised matrix.
pub(crate) fn weighted_sum(
    dm: &DecisionMatrix<'_>,
    w: &[f64],
    mut map: impl FnMut(usize) -> Result<ColumnMap>,
) -> Result<Vec<f64>> {
    let mut s = vec![0.0; dm.nrows()];
    let mut r = vec![0.0; dm.nrows()];
    for (j, &wj) in w.iter().enumerate() {
        map(j)?.weighted(wj).transform(dm.column(j), &mut r);
        for (acc, v) in s.iter_mut().zip(&r) {
            *acc += v;
        }
    }
    Ok(s)
}
