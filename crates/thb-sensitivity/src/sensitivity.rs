//! Variance-based sensitivity analysis: which factor drives the movement of the ranking.
//!
//! A [`SaltelliDesign`] of N base rows (`config.runs()`) and d factors gives N(d + 2) runs.
//! Each run is reduced to one number, the [`SensitivityOutput`]; the indices come from
//! [`crate::estimators`]. A base row any of whose d + 2 runs failed (or has no output, e.g.
//! the chosen unit has no score) is left out of the estimates; the count is reported.

use std::io::Write;

use crate::config::AnalysisConfig;
use crate::engine::{FailureReport, IndexModel, Progress, Reads, evaluate_nominal, run_design};
use crate::error::{Result, SensitivityError};
use crate::estimators::SaltelliOutputs;
use crate::output::{csv_writer, num, write_record};
use crate::run::RunPlan;
use crate::sampling::{Design, SaltelliDesign};

/// The scalar each run is reduced to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SensitivityOutput {
    /// Mean over units of |nominal rank - rank| (COINr's default), over the units ranked in
    /// both runs.
    #[default]
    MeanAbsRankShift,
    /// The rank of one unit (position in the model's unit order).
    UnitRank {
        /// 0-based unit position.
        unit: usize,
    },
    /// The root score of one unit.
    UnitScore {
        /// 0-based unit position.
        unit: usize,
    },
}

impl SensitivityOutput {
    /// The output of one run from its ranks and scores; `None` when it has none.
    fn of_run(self, nominal_ranks: &[u32], ranks: &[u32], scores: &[f64]) -> Option<f64> {
        match self {
            Self::MeanAbsRankShift => {
                let (sum, count) = nominal_ranks
                    .iter()
                    .zip(ranks)
                    .filter(|(a, b)| **a > 0 && **b > 0)
                    .fold((0u64, 0u64), |(s, c), (&a, &b)| {
                        (s + u64::from(a.abs_diff(b)), c + 1)
                    });
                (count > 0).then(|| sum as f64 / count as f64)
            }
            Self::UnitRank { unit } => ranks.get(unit).filter(|&&r| r > 0).map(|&r| f64::from(r)),
            Self::UnitScore { unit } => scores.get(unit).copied().filter(|s| !s.is_nan()),
        }
    }
}

/// Options of a sensitivity analysis.
///
/// ```
/// use thb_sensitivity::sensitivity::{SensitivityOptions, SensitivityOutput};
/// let o = SensitivityOptions::default().output(SensitivityOutput::UnitRank { unit: 3 }).bootstrap(500);
/// assert_eq!(o.bootstrap_value(), 500);
/// ```
#[derive(Clone, Copy)]
pub struct SensitivityOptions<'a> {
    output: SensitivityOutput,
    bootstrap: usize,
    progress: Option<Progress<'a>>,
}

impl Default for SensitivityOptions<'_> {
    fn default() -> Self {
        Self {
            output: SensitivityOutput::default(),
            bootstrap: 1000,
            progress: None,
        }
    }
}

impl std::fmt::Debug for SensitivityOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SensitivityOptions")
            .field("output", &self.output)
            .field("bootstrap", &self.bootstrap)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl<'a> SensitivityOptions<'a> {
    /// The output analysed (default: mean absolute rank shift).
    pub fn output(mut self, output: SensitivityOutput) -> Self {
        self.output = output;
        self
    }

    /// Bootstrap resamples B (default 1000).
    pub fn bootstrap(mut self, resamples: usize) -> Self {
        self.bootstrap = resamples;
        self
    }

    /// The number of bootstrap resamples in use.
    pub fn bootstrap_value(&self) -> usize {
        self.bootstrap
    }

    /// A hook called after each block with `(runs done, runs in total)`.
    pub fn progress(mut self, hook: Progress<'a>) -> Self {
        self.progress = Some(hook);
        self
    }
}

/// The indices of one factor with their bootstrap 5-95 % bounds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FactorSensitivity {
    /// The factor's label (see [`AnalysisConfig::labels`]).
    pub factor: String,
    /// First-order index (Saltelli 2010).
    pub s1: f64,
    /// Its 5 % bootstrap quantile.
    pub s1_low: f64,
    /// Its 95 % bootstrap quantile.
    pub s1_high: f64,
    /// Total-order index (Jansen 1999).
    pub st: f64,
    /// Its 5 % bootstrap quantile.
    pub st_low: f64,
    /// Its 95 % bootstrap quantile.
    pub st_high: f64,
}

/// The result of a sensitivity analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityResult {
    factors: Vec<FactorSensitivity>,
    variance: f64,
    base: usize,
    rows_used: usize,
    failures: FailureReport,
}

impl SensitivityResult {
    #[cfg(test)]
    pub(crate) fn from_factors(factors: Vec<FactorSensitivity>) -> Self {
        Self {
            factors,
            variance: 1.0,
            base: 10,
            rows_used: 10,
            failures: FailureReport::default(),
        }
    }

    /// Per factor, in config order.
    pub fn factors(&self) -> &[FactorSensitivity] {
        &self.factors
    }

    /// Variance of the output over A and B.
    pub fn variance(&self) -> f64 {
        self.variance
    }

    /// N, the base rows of the design.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Base rows used by the estimates (rows with a failed run are left out).
    pub fn rows_used(&self) -> usize {
        self.rows_used
    }

    /// The failed runs, by cause.
    pub fn failures(&self) -> &FailureReport {
        &self.failures
    }

    /// Writes the `thb sensitivity` CSV (`interfaces.md` §3.3):
    /// `factor,s1,s1_low,s1_high,st,st_low,st_high`, one row per factor in config order,
    /// numbers in shortest round-trip form.
    ///
    /// # Errors
    /// [`SensitivityError::Io`] when writing fails.
    pub fn write_csv<W: Write>(&self, out: W) -> Result<()> {
        let mut w = csv_writer(out);
        write_record(
            &mut w,
            [
                "factor", "s1", "s1_low", "s1_high", "st", "st_low", "st_high",
            ]
            .map(str::to_owned),
        )?;
        for f in &self.factors {
            write_record(
                &mut w,
                [
                    f.factor.clone(),
                    num(Some(f.s1)),
                    num(Some(f.s1_low)),
                    num(Some(f.s1_high)),
                    num(Some(f.st)),
                    num(Some(f.st_low)),
                    num(Some(f.st_high)),
                ],
            )?;
        }
        w.flush().map_err(|source| SensitivityError::Io {
            what: "the sensitivity table",
            source,
        })
    }
}

/// Runs the Saltelli analysis of `config` (N = `config.runs()` base rows) on `model`.
///
/// # Errors
/// Config and design errors; [`SensitivityError::NominalFailed`];
/// [`SensitivityError::Shape`] when the output names a unit the model does not have or fewer
/// than 2 base rows are complete; [`SensitivityError::Degenerate`] when the output does not
/// vary.
///
/// ```
/// use thb_sensitivity::config::AnalysisConfig;
/// use thb_sensitivity::engine::{IndexModel, RunFailure};
/// use thb_sensitivity::run::{Choice, RunSpec};
/// use thb_sensitivity::sensitivity::{sensitivity, SensitivityOptions, SensitivityOutput};
///
/// /// Unit 0's score is the chosen alternative's index; the second factor does nothing.
/// struct Toy;
/// impl IndexModel for Toy {
///     type Scratch = ();
///     fn units(&self) -> usize { 2 }
///     fn level_len(&self, _: u32) -> Option<usize> { None }
///     fn scratch(&self) {}
///     fn evaluate(&self, run: &RunSpec, _: &mut (), s: &mut [f64]) -> Result<(), RunFailure> {
///         let Choice::Alternative { index } = run.choices()[0] else { unreachable!() };
///         s.copy_from_slice(&[index as f64, 0.5]);
///         Ok(())
///     }
/// }
/// # #[cfg(feature = "serde")] {
/// let c = AnalysisConfig::from_json(r#"{"runs": 256, "seed": 3, "factors": [
///     {"aggregate": ["a", "b", "c"]}, {"treat": ["x", "y"]}]}"#)?;
/// let opts = SensitivityOptions::default().output(SensitivityOutput::UnitScore { unit: 0 });
/// let sa = sensitivity(&Toy, &c, &opts)?;
/// assert!((sa.factors()[0].st - 1.0).abs() < 0.1);
/// assert_eq!(sa.factors()[1].st, 0.0);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sensitivity<M: IndexModel>(
    model: &M,
    config: &AnalysisConfig,
    options: &SensitivityOptions<'_>,
) -> Result<SensitivityResult> {
    let plan = RunPlan::new(config, |level| model.level_len(level))?;
    if let SensitivityOutput::UnitRank { unit } | SensitivityOutput::UnitScore { unit } =
        options.output
        && unit >= model.units()
    {
        return Err(SensitivityError::shape(format!(
            "output unit #{unit} outside the model's {} units",
            model.units()
        )));
    }
    let design = SaltelliDesign::new(
        config.sampling(),
        config.seed(),
        config.runs(),
        plan.factors(),
    )?;
    let (_, nominal_ranks) = evaluate_nominal(model, &plan)?;
    let mut y: Vec<Option<f64>> = vec![None; design.runs()];
    let (failures, _) = run_design(
        model,
        &plan,
        &design,
        Reads::ScoresAndRanks,
        options.progress,
        |block| {
            for r in 0..block.runs {
                if !block.failed[r] {
                    y[block.run_of(r)] = options.output.of_run(
                        &nominal_ranks,
                        block.ranks_of(r),
                        block.scores_of(r),
                    );
                }
            }
            Ok(())
        },
    )?;
    let (outputs, dropped) = SaltelliOutputs::complete_rows(&y, design.base(), plan.factors())?;
    let indices = outputs.indices()?;
    let ci = outputs.bootstrap(options.bootstrap, config.seed())?;
    let factors = plan
        .labels()
        .iter()
        .enumerate()
        .map(|(i, label)| FactorSensitivity {
            factor: label.clone(),
            s1: indices.first_order()[i],
            s1_low: ci.first_order[i].low,
            s1_high: ci.first_order[i].high,
            st: indices.total_order()[i],
            st_low: ci.total_order[i].low,
            st_high: ci.total_order[i].high,
        })
        .collect();
    Ok(SensitivityResult {
        factors,
        variance: indices.variance(),
        base: design.base(),
        rows_used: design.base() - dropped,
        failures,
    })
}
