//! PROMETHEE II: net outranking flows.

use super::registry::validated_params;
use super::{Better, DecisionMatrix, Evaluate, Evaluation, spec_error};
use crate::{Result, ScoringError};

/// A PROMETHEE preference function P(d) of the difference d between two alternatives on one
/// criterion (Brans & Vincke 1985, *A preference ranking organisation method*, Management
/// Science 31(6), the six generalised criteria). Thresholds are in the criterion's units.
///
/// Spec: `"usual"`, `{"u_shape": {"q": 1}}`, `{"v_shape": {"p": 2}}`,
/// `{"level": {"q": 1, "p": 2}}`, `{"linear": {"q": 1, "p": 2}}`, `{"gaussian": {"s": 1.5}}`.
///
/// ```
/// use thb_scoring::mcda::Preference;
/// let p = Preference::Linear { q: 1.0, p: 3.0 };
/// assert_eq!(p.degree(2.0), 0.5);
/// assert_eq!(Preference::Usual.degree(-1.0), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
pub enum Preference {
    /// Type I: P = 1 if d > 0.
    #[default]
    Usual,
    /// Type II: P = 1 if d > q.
    UShape {
        /// Indifference threshold q ≥ 0.
        q: f64,
    },
    /// Type III: P = d/p for 0 < d ≤ p, 1 above.
    VShape {
        /// Preference threshold p > 0.
        p: f64,
    },
    /// Type IV: P = ½ for q < d ≤ p, 1 above.
    Level {
        /// Indifference threshold q ≥ 0.
        q: f64,
        /// Preference threshold p ≥ q.
        p: f64,
    },
    /// Type V (V-shape with indifference): P = (d − q)/(p − q) for q < d ≤ p, 1 above.
    Linear {
        /// Indifference threshold q ≥ 0.
        q: f64,
        /// Preference threshold p > q.
        p: f64,
    },
    /// Type VI: P = 1 − exp(−d²/(2s²)) for d > 0.
    Gaussian {
        /// Inflection point s > 0.
        s: f64,
    },
}

impl Preference {
    /// The preference degree P(d) in [0, 1] (0 for d ≤ 0).
    pub fn degree(self, d: f64) -> f64 {
        if d <= 0.0 {
            return 0.0;
        }
        match self {
            Self::Usual => 1.0,
            Self::UShape { q } => f64::from(u8::from(d > q)),
            Self::VShape { p } => (d / p).min(1.0),
            Self::Level { q, p } => {
                if d > p {
                    1.0
                } else if d > q {
                    0.5
                } else {
                    0.0
                }
            }
            Self::Linear { q, p } => {
                if d > p {
                    1.0
                } else if d > q {
                    (d - q) / (p - q)
                } else {
                    0.0
                }
            }
            Self::Gaussian { s } => 1.0 - (-(d * d) / (2.0 * s * s)).exp(),
        }
    }

    fn check(&self) -> Result<()> {
        let ok = match *self {
            Self::Usual => true,
            Self::UShape { q } => q.is_finite() && q >= 0.0,
            Self::VShape { p } => p.is_finite() && p > 0.0,
            Self::Level { q, p } => q.is_finite() && p.is_finite() && q >= 0.0 && p >= q,
            Self::Linear { q, p } => q.is_finite() && p.is_finite() && q >= 0.0 && p > q,
            Self::Gaussian { s } => s.is_finite() && s > 0.0,
        };
        if ok {
            Ok(())
        } else {
            spec_error(format!("promethee_ii: invalid thresholds in {self:?}"))
        }
    }
}

/// PROMETHEE II (Brans & Vincke 1985; Brans, Vincke & Mareschal 1986, EJOR 24(2)):
/// π(a, b) = Σ_j w_j·P_j(d_j(a, b)) with d_j = f_j(a) − f_j(b) (reversed for a cost criterion);
/// φ⁺(a) = Σ_b π(a, b)/(m − 1), φ⁻(a) = Σ_b π(b, a)/(m − 1); score φ(a) = φ⁺ − φ⁻ in [−1, 1].
/// Higher is better. Same formulas as pymcdm and pyrepo; O(m²·n).
///
/// One preference function for every criterion, or one per criterion (`per_criterion`).
/// Spec: `"promethee_ii"` (usual criterion) or
/// `{"promethee_ii": {"preference": {"linear": {"q": 0.05, "p": 0.2}}}}`.
///
/// ```
/// use thb_model::Matrix;
/// use thb_scoring::mcda::{DecisionMatrix, Evaluate, PrometheeII};
/// let x = Matrix::from_rows(&[vec![4.0, 3.0, 2.0], vec![3.0, 2.0, 4.0], vec![5.0, 1.0, 3.0]])?;
/// let ev = PrometheeII::default().evaluate(&DecisionMatrix::oriented(&x)?, &[0.5, 0.3, 0.2])?;
/// let s = ev.scores();
/// assert!((s[0] - 0.1).abs() < 1e-12 && (s[1] + 0.3).abs() < 1e-12 && (s[2] - 0.2).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "PrometheeParams", into = "PrometheeParams")
)]
pub struct PrometheeII(PrometheeParams);

/// The spec form of [`PrometheeII`].
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct PrometheeParams {
    /// The preference function of every criterion.
    pub preference: Preference,
    /// One preference function per criterion, overriding `preference`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub per_criterion: Option<Vec<Preference>>,
}

impl PrometheeParams {
    fn check(&self) -> Result<()> {
        if self.per_criterion.as_ref().is_some_and(Vec::is_empty) {
            return spec_error("promethee_ii: per_criterion is empty".to_owned());
        }
        let all = std::iter::once(&self.preference).chain(self.per_criterion.iter().flatten());
        all.into_iter().try_for_each(Preference::check)
    }
}

validated_params!(PrometheeII, PrometheeParams);

impl PrometheeII {
    /// PROMETHEE II with one preference function for every criterion.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] for invalid thresholds (negative, p < q, ...).
    pub fn new(preference: Preference) -> Result<Self> {
        Self::try_from(PrometheeParams {
            preference,
            per_criterion: None,
        })
    }

    /// PROMETHEE II with one preference function per criterion.
    ///
    /// # Errors
    /// [`crate::ScoringError::Spec`] for invalid thresholds or an empty list.
    pub fn per_criterion(preferences: Vec<Preference>) -> Result<Self> {
        Self::try_from(PrometheeParams {
            preference: Preference::Usual,
            per_criterion: Some(preferences),
        })
    }

    /// The preference function of criterion `j`.
    pub fn preference(&self, j: usize) -> Preference {
        self.0
            .per_criterion
            .as_ref()
            .and_then(|p| p.get(j).copied())
            .unwrap_or(self.0.preference)
    }
}

impl Evaluate for PrometheeII {
    fn evaluate(&self, dm: &DecisionMatrix<'_>, weights: &[f64]) -> Result<Evaluation> {
        const NAME: &str = "promethee_ii";
        dm.need_rows(NAME, 2)?;
        let w = dm.weights(NAME, weights)?;
        if let Some(per) = &self.0.per_criterion
            && per.len() != dm.ncols()
        {
            return Err(ScoringError::Shape(format!(
                "{NAME}: {} preference functions for {} criteria",
                per.len(),
                dm.ncols()
            )));
        }
        let m = dm.nrows();
        let mut net = vec![0.0; m];
        for (j, &wj) in w.iter().enumerate() {
            let pref = self.preference(j);
            let sign = dm.types()[j].sign();
            let col = dm.column(j);
            for a in 0..m {
                for b in (a + 1)..m {
                    let d = sign * (col[a] - col[b]);
                    // π(a, b) − π(b, a) on this criterion
                    let flow = wj * (pref.degree(d) - pref.degree(-d));
                    net[a] += flow;
                    net[b] -= flow;
                }
            }
        }
        let others = (m - 1) as f64;
        net.iter_mut().for_each(|v| *v /= others);
        Evaluation::new(NAME, dm, net, Better::Higher)
    }
}
